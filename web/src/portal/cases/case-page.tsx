import { FileSearchOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Col, Grid, Result, Row, Skeleton, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { useCase, type CaseView } from '../../api/cases.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { formatDateTime, formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { LoadError } from '../../shared/query-state.js';
import { rateableStatuses, stepKeys, stepTimes, stoppedStatuses, type StepKey } from './case-facts.js';
import { CaseClock } from './case-clock.js';
import { CaseHistory } from './case-history.js';
import { CaseRating } from './case-rating.js';
import { CaseDocuments, CaseMaterials, CaseResult, CaseTrips, CorrectionNotice, RefusalNotice } from './case-sections.js';

/** submitted → accepted → in review → decided → delivered, with the day each was reached and what is awaited now. */
function CaseSteps({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const c = view.case;
  const times = stepTimes(view);
  const firstOpen = stepKeys.findIndex((k) => !times[k]);
  const done = firstOpen === -1;
  const current = done ? stepKeys.length - 1 : firstOpen;
  const stopped = stoppedStatuses.includes(c.status);
  const waiting: Partial<Record<StepKey, string>> = {
    accepted: c.status === 'correction_requested' ? t('caseDetail.steps.waitingCorrection') : t('caseDetail.steps.waitingAcceptance'),
    inReview: t('caseDetail.steps.reviewing'),
    decided: c.status === 'suspended' ? t('caseDetail.steps.paused') : t('caseDetail.steps.reviewing'),
    delivered: t('caseDetail.steps.waitingDelivery'),
  };
  return (
    <Steps
      aria-label={t('caseDetail.steps.label')}
      className="case-steps"
      orientation={narrow ? 'vertical' : 'horizontal'}
      titlePlacement="vertical"
      size="small"
      current={current}
      status={done ? 'finish' : stopped ? 'error' : 'process'}
      items={stepKeys.map((k, i) => {
        const at = times[k];
        let content: string | undefined;
        if (at) content = formatDayOf(at, locale);
        else if (i === current) content = stopped ? t(`enums.caseStatus.${c.status}`) : c.status === 'draft' ? t('enums.caseStatus.draft') : waiting[k];
        return { title: t(`caseDetail.steps.${k}`), content };
      })}
    />
  );
}

function CaseHead({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const c = view.case;
  return (
    <Card className="notice-head case-head">
      <div className="notice-eyebrow">
        {t('cases.caseNumber')} <span className="mono">{c.caseNumber}</span>
      </div>
      <Typography.Title level={1} className="notice-title">
        {pick(c.itemName, c.itemNameEn)}
      </Typography.Title>
      <Space size={[10, 6]} wrap className="notice-subtitle" data-testid="case-status">
        <CaseStatusTag status={c.status} />
        {c.receivedAt && <span>{t('caseDetail.filedOn', { time: formatDateTime(c.receivedAt, locale) })}</span>}
        <span>{t(`enums.filingChannel.${c.channel}`)}</span>
        <span>
          {t('caseDetail.applicant')} {c.applicant.name}
        </span>
        <Link to={`/items/${encodeURIComponent(c.itemCode)}`}>
          <FileSearchOutlined /> {t('caseDetail.viewNotice')}
        </Link>
      </Space>
      <CaseSteps view={view} />
    </Card>
  );
}

function CaseBody({ view }: { view: CaseView }) {
  const c = view.case;
  return (
    <>
      <CaseHead view={view} />
      {c.status === 'correction_requested' && <CorrectionNotice view={view} />}
      {c.status === 'refused' && <RefusalNotice view={view} />}
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {/* A case refused or withdrawn before acceptance never had a clock. */}
            {(view.clock.startedOn || !stoppedStatuses.includes(c.status)) && <CaseClock c={c} clock={view.clock} />}
            {rateableStatuses.includes(c.status) && <CaseRating caseId={c.id} />}
            <CaseDocuments view={view} />
            <CaseTrips view={view} />
          </Space>
        </Col>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <CaseResult view={view} />
            <CaseHistory view={view} />
            <CaseMaterials view={view} />
          </Space>
        </Col>
      </Row>
    </>
  );
}

/** One of the applicant's cases, read-only: the acceptance, correction and decision notices print a QR code to here. */
export default function CasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const view = useCase(id);
  // A malformed id (400) is no more a case than an unknown one, or another applicant's (404).
  const unknown = view.error instanceof ApiProblem && (view.error.status === 404 || view.error.status === 400);
  return (
    <div className="portal-container portal-section notice-page case-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/my/cases">{t('cases.title')}</Link> }, { title: view.data?.case.caseNumber ?? '…' }]}
      />
      {view.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : unknown ? (
        <Card>
          <Result
            status="404"
            title={t('caseDetail.notFound')}
            subTitle={t('caseDetail.notFoundText')}
            extra={
              <LinkButton to="/my/cases" type="primary">
                {t('cases.title')}
              </LinkButton>
            }
          />
        </Card>
      ) : view.isError ? (
        <Card>
          <LoadError error={view.error} onRetry={() => void view.refetch()} />
        </Card>
      ) : (
        <CaseBody view={view.data} />
      )}
    </div>
  );
}
