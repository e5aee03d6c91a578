import { CheckCircleFilled, EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Grid, Input, Radio, Row, Space, Spin, Steps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ratingLevels, ratingProblems, type RatingProblem } from '../../../common/cases.js';
import { hasRole, useMe } from '../api/auth.js';
import { isProblem } from '../api/client.js';
import type { EvaluationFilter, EvaluationListItem } from '../api/cases.js';
import { useFollowUp, useRatings, type FollowUpStep } from '../api/review.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { ListFooter, useListParams } from '../shared/list-parts.js';
import { PageHeader } from '../shared/page-header.js';
import { useProblemHandler } from '../shared/problem.js';
import { LoadError } from '../shared/query-state.js';
import { DaysLeft } from './deadline.js';
import './review.css';

const PAGE_SIZE = 10;
const followUpSteps: readonly FollowUpStep[] = ['verify', 'answer', 'rectify', 'callBack'];
const recordOf = { verify: 'verified', answer: 'answered', rectify: 'rectified', callBack: 'calledBack' } as const;
const isProblemKey = (v: string): v is RatingProblem => (ratingProblems as readonly string[]).includes(v);

type FollowUp = NonNullable<EvaluationListItem['followUp']>;

/** What was recorded at a step, as the department wrote it. */
function StepRecord({ step, followUp }: { step: FollowUpStep; followUp: FollowUp }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const r = followUp[recordOf[step]];
  if (!r) return null;
  const at = <div className="review-opinion-meta">{formatDateTime(r.at, locale)}</div>;
  switch (step) {
    case 'verify': {
      const v = followUp.verified!;
      return (
        <>
          {at}
          <Tag color={v.justified ? 'error' : 'default'}>{v.justified ? t('review.ratings.justified') : t('review.ratings.unjustified')}</Tag>
          <div className="review-followup-text">{v.finding}</div>
        </>
      );
    }
    case 'answer':
      return (
        <>
          {at}
          <div className="review-followup-text">{followUp.answered!.answer}</div>
        </>
      );
    case 'rectify':
      return (
        <>
          {at}
          <div className="review-followup-text">{followUp.rectified!.measures}</div>
        </>
      );
    case 'callBack': {
      const c = followUp.calledBack!;
      return (
        <>
          {at}
          <Tag color={c.satisfied ? 'success' : 'warning'}>{c.satisfied ? t('review.ratings.satisfied') : t('review.ratings.unsatisfied')}</Tag>
          <div className="review-followup-text">{c.note}</div>
        </>
      );
    }
  }
}

interface StepValues {
  text: string;
  justified?: boolean;
  satisfied?: boolean;
}

/** The form of the next step, in order: verify (justified?), answer the applicant, rectify, call back (satisfied?). */
function NextStepForm({ rating, step }: { rating: EvaluationListItem; step: FollowUpStep }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const followUp = useFollowUp();
  const [form] = Form.useForm<StepValues>();
  const [conflict, setConflict] = useState(false);
  return (
    <Form<StepValues>
      form={form}
      name={`followup-${rating.id}`}
      layout="vertical"
      requiredMark={false}
      disabled={followUp.isPending}
      initialValues={{ justified: true, satisfied: true }}
      data-testid={`followup-form-${step}`}
      onFinish={(v) =>
        followUp.mutate(
          { id: rating.id, step, version: rating.version, text: v.text.trim(), ...(step === 'verify' ? { justified: v.justified } : {}), ...(step === 'callBack' ? { satisfied: v.satisfied } : {}) },
          {
            onSuccess: () => {
              form.resetFields();
              void message.success(t('review.ratings.recorded', { step: t(`review.ratings.steps.${step}`) }));
            },
            onError: (err) => (isProblem(err, 'version_conflict') || isProblem(err, 'case.invalid_transition') ? setConflict(true) : onProblem(err, { form })),
          },
        )
      }
    >
      {conflict && <Alert type="warning" showIcon title={t('review.actions.conflictTitle')} description={t('review.ratings.conflictText')} style={{ marginBottom: 12 }} />}
      {step === 'verify' && (
        <Form.Item name="justified" label={t('review.ratings.justifiedLabel')}>
          <Radio.Group optionType="button" options={[{ value: true, label: t('review.ratings.justified') }, { value: false, label: t('review.ratings.unjustified') }]} />
        </Form.Item>
      )}
      {step === 'callBack' && (
        <Form.Item name="satisfied" label={t('review.ratings.satisfiedLabel')}>
          <Radio.Group optionType="button" options={[{ value: true, label: t('review.ratings.satisfied') }, { value: false, label: t('review.ratings.unsatisfied') }]} />
        </Form.Item>
      )}
      <Form.Item name="text" label={t(`review.ratings.textLabel.${step}`)} rules={[{ required: true, whitespace: true, message: t('review.actions.required') }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t(`review.ratings.textPlaceholder.${step}`)} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={followUp.isPending}>
        {t('review.ratings.record', { step: t(`review.ratings.steps.${step}`) })}
      </Button>
    </Form>
  );
}

/** One bad rating: what the applicant said, the deadline, and the four steps with what each recorded. */
function RatingCard({ rating, canAct }: { rating: EvaluationListItem; canAct: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const followUp: FollowUp = rating.followUp ?? {};
  const done = followUpSteps.filter((s) => followUp[recordOf[s]]).length;
  const next = followUpSteps[done];
  const finished = !next;
  const problems = rating.problems.filter(isProblemKey);
  return (
    <Card
      className="review-rating"
      data-testid="rating-card"
      data-case={rating.caseNumber}
      title={
        <Space size={8} wrap>
          <Link to={`/review/cases/${rating.caseId}`} className="mono">
            {rating.caseNumber}
          </Link>
          <Typography.Text>{rating.itemName}</Typography.Text>
        </Space>
      }
      extra={
        finished ? (
          <Tag color="success" icon={<CheckCircleFilled />}>
            {t('review.ratings.finished')}
          </Tag>
        ) : rating.followUpDueOn ? (
          <Space size={6} data-testid="rating-due">
            <Typography.Text type="secondary">{t('review.ratings.dueOn', { date: formatDate(rating.followUpDueOn, locale, false) })}</Typography.Text>
            {rating.daysLeft !== null && <DaysLeft days={rating.daysLeft} />}
            {rating.overdue && <Tag color="error">{t('review.ratings.late')}</Tag>}
          </Space>
        ) : null
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} md={9}>
          <Space size={6} wrap>
            <Tag color={rating.level === 1 ? 'error' : 'warning'}>{t(`enums.ratingLevel.${ratingLevels[rating.level - 1] ?? 'neutral'}`)}</Tag>
            <Typography.Text type="secondary">{formatDateTime(rating.ratedAt, locale)}</Typography.Text>
          </Space>
          {problems.length > 0 && (
            <div style={{ marginTop: 8 }}>
              {problems.map((p) => (
                <Tag key={p}>{t(`caseDetail.rating.problemOptions.${p}`)}</Tag>
              ))}
            </div>
          )}
          {rating.comment ? <div className="review-rating-comment">{rating.comment}</div> : <Typography.Paragraph type="secondary">{t('review.ratings.noComment')}</Typography.Paragraph>}
        </Col>
        <Col xs={24} md={15}>
          <Steps
            orientation="vertical"
            size="small"
            current={finished ? followUpSteps.length : done}
            status={finished ? 'finish' : rating.overdue ? 'error' : 'process'}
            items={followUpSteps.map((s, i) => ({
              title: t(`review.ratings.steps.${s}`),
              content:
                i < done ? (
                  <StepRecord step={s} followUp={followUp} />
                ) : i === done ? (
                  canAct ? (
                    <NextStepForm rating={rating} step={s} />
                  ) : (
                    <Typography.Text type="secondary">{t('review.ratings.awaiting')}</Typography.Text>
                  )
                ) : undefined,
            }))}
            style={narrow ? undefined : { maxWidth: 640 }}
          />
        </Col>
      </Row>
    </Card>
  );
}

/**
 * Bad ratings (不满意, 非常不满意) of cases handled in the reader's subtree, soonest follow-up deadline
 * first: the department verifies, answers, rectifies and calls back in order; supervisors read along.
 */
export default function RatingsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canAct = hasRole(me, 'reviewer', 'departmentHead');
  const { params, page, update } = useListParams({ tab: 'open' });
  const tab = params.get('tab') === 'all' ? 'all' : 'open';
  const filter: EvaluationFilter = { badOnly: true, ...(tab === 'open' ? { open: true } : {}), page, pageSize: PAGE_SIZE };
  const ratings = useRatings(filter);
  return (
    <div className="review-page">
      <PageHeader title={t('review.ratings.title')} subtitle={t('review.ratings.intro')} />
      {!canAct && <Alert type="info" showIcon icon={<EyeOutlined />} title={t('review.ratings.readOnly')} style={{ marginBottom: 16 }} data-testid="ratings-read-only" />}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k, page: undefined })}
          items={[
            { key: 'open', label: t('review.ratings.tabs.open') },
            { key: 'all', label: t('review.ratings.tabs.all') },
          ]}
        />
        {ratings.isError ? (
          <LoadError error={ratings.error} onRetry={() => void ratings.refetch()} />
        ) : (
          <Spin spinning={ratings.isPending || (ratings.isFetching && ratings.isPlaceholderData)}>
            {ratings.data && ratings.data.items.length === 0 ? (
              <Empty style={{ padding: '40px 0' }} description={t(`review.ratings.none.${tab}`)} />
            ) : ratings.data ? (
              <>
                {ratings.data.items.map((r) => (
                  <RatingCard key={r.id} rating={r} canAct={canAct} />
                ))}
                <ListFooter total={ratings.data.total} page={page} pageSize={PAGE_SIZE} marginTop={0} onPage={(p) => update({ page: p })} />
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
    </div>
  );
}
