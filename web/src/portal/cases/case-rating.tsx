import { LikeOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Radio, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ratingLevels, ratingProblems, type RatingProblem } from '../../../../common/cases.js';
import { useEvaluations, useRateCase, type EvaluationListItem } from '../../api/cases.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';

const isProblemKey = (v: string): v is RatingProblem => (ratingProblems as readonly string[]).includes(v);

/** 1 … 5 → its name; the scale is shown best first, as applicants read it. */
const levelName = (level: number) => ratingLevels[level - 1] ?? 'neutral';
const levelsBestFirst = [5, 4, 3, 2, 1];

interface RatingForm {
  level: number;
  problems?: RatingProblem[];
  comment?: string;
}

function RatedSummary({ rating }: { rating: EvaluationListItem }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const problems = rating.problems.filter(isProblemKey);
  return (
    <div data-testid="case-rated">
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('caseDetail.rating.done', { level: t(`enums.ratingLevel.${levelName(rating.level)}`) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('caseDetail.rating.ratedAt', { time: formatDateTime(rating.ratedAt, locale) })}
      </Typography.Paragraph>
      {problems.length > 0 && <Typography.Paragraph style={{ marginBottom: 8 }}>{problems.map((p) => t(`caseDetail.rating.problemOptions.${p}`)).join(t('catalog.listSeparator'))}</Typography.Paragraph>}
      {rating.comment && <Typography.Paragraph className="rating-comment">{rating.comment}</Typography.Paragraph>}
      {rating.followUpDueOn && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('caseDetail.rating.followUp', { date: formatDate(rating.followUpDueOn, locale, false) })}</Typography.Paragraph>}
    </div>
  );
}

/** 好差评: once the case is handled, the applicant rates it on five levels; a bad rating says what went wrong. */
export function CaseRating({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  // One rating per handling: this case's, if there is one.
  const ratings = useEvaluations({ caseId, page: 1, pageSize: 1 });
  const rate = useRateCase();
  const [form] = Form.useForm<RatingForm>();
  const level = Form.useWatch('level', form);
  const rating = ratings.data?.items.find((r) => r.caseId === caseId);
  // Without the list we cannot tell whether it was rated: the server still refuses a second rating.
  if (ratings.isError) return null;

  return (
    <Card
      title={
        <>
          <LikeOutlined /> {t('caseDetail.rating.title')}
        </>
      }
      className="case-rating"
      id="case-rating"
      data-testid="case-rating"
    >
      {ratings.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : rating ? (
        <RatedSummary rating={rating} />
      ) : (
        <Form<RatingForm>
          form={form}
          layout="vertical"
          disabled={rate.isPending}
          requiredMark={false}
          onFinish={(values) =>
            rate.mutate(
              {
                id: caseId,
                level: values.level,
                channel: 'online',
                ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
                ...(values.level <= 2 && values.problems?.length ? { problems: values.problems } : {}),
              },
              {
                onSuccess: () => void message.success(t('caseDetail.rating.thanks')),
                onError: (err) => onProblem(err, { form }),
              },
            )
          }
        >
          <Typography.Paragraph type="secondary">{t('caseDetail.rating.intro')}</Typography.Paragraph>
          <Form.Item name="level" label={t('caseDetail.rating.level')} rules={[{ required: true, message: t('caseDetail.rating.levelRequired') }]}>
            <Radio.Group
              className="rating-levels"
              optionType="button"
              buttonStyle="solid"
              options={levelsBestFirst.map((n) => ({ value: n, label: t(`enums.ratingLevel.${levelName(n)}`) }))}
            />
          </Form.Item>
          {level !== undefined && level <= 2 && (
            <Form.Item name="problems" label={t('caseDetail.rating.problems')} rules={[{ required: true, type: 'array', min: 1, message: t('caseDetail.rating.problemsRequired') }]}>
              <Checkbox.Group className="rating-problems" options={ratingProblems.map((k) => ({ value: k, label: t(`caseDetail.rating.problemOptions.${k}`) }))} />
            </Form.Item>
          )}
          <Form.Item name="comment" label={t('caseDetail.rating.comment')}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('caseDetail.rating.commentPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={rate.isPending} block>
            {t('caseDetail.rating.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
