import { FileSearchOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Grid, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCase, type CaseView } from '../../api/cases.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { formatDateTime, formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { rateableStatuses, stepKeys, stepTimes, stoppedStatuses, type StepKey } from './case-facts.js';
import { CaseClock } from './case-clock.js';
import { CaseHistory } from './case-history.js';
import { CaseColumns, CaseLoad } from './case-layout.js';
import { CaseRating } from './case-rating.js';
import { CaseNextStep } from './case-next-step.js';
import { CaseDocuments, CaseMaterials, CaseResult, CaseTrips, RefusalNotice } from './case-sections.js';
import { CaseDeliveryChoice } from './delivery-choice.js';

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
      // On a phone, a compact row of dots: the call to action below must stay in sight.
      {...(narrow ? { type: 'dot' as const } : {})}
      orientation="horizontal"
      responsive={false}
      titlePlacement="vertical"
      size="small"
      current={current}
      status={done ? 'finish' : stopped ? 'error' : 'process'}
      items={stepKeys.map((k, i) => {
        const at = times[k];
        let content: string | undefined;
        // The dates are in the history below; a phone's row of dots has room only for what is awaited.
        if (at) content = narrow ? undefined : formatDayOf(at, locale);
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
      <CaseNextStep view={view} />
      {c.status === 'refused' && <RefusalNotice view={view} />}
      <CaseColumns
        side={
          <>
            {/* A case refused or withdrawn before acceptance never had a clock; a draft was never received: nothing runs yet. */}
            {c.status !== 'draft' && (view.clock.startedOn || !stoppedStatuses.includes(c.status)) && <CaseClock c={c} clock={view.clock} />}
            <CaseDeliveryChoice view={view} />
            {rateableStatuses.includes(c.status) && <CaseRating caseId={c.id} />}
            <CaseDocuments view={view} />
            <CaseTrips view={view} />
          </>
        }
        main={
          <>
            <CaseResult view={view} />
            <CaseHistory view={view} />
            <CaseMaterials view={view} />
          </>
        }
      />
    </>
  );
}

/** One of the applicant's cases, read-only: the acceptance, correction and decision notices print a QR code to here. */
export default function CasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const view = useCase(id);
  return (
    <div className="portal-container portal-section notice-page case-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/my/cases">{t('cases.title')}</Link> }, { title: view.data?.case.caseNumber ?? '…' }]}
      />
      <CaseLoad view={view} rows={8} notFound={{ title: t('caseDetail.notFound'), text: t('caseDetail.notFoundText'), to: '/my/cases', label: t('cases.title') }}>
        {(data) => <CaseBody view={data} />}
      </CaseLoad>
    </div>
  );
}
