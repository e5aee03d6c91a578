import { ArrowLeftOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { hasRole, useMe } from '../api/auth.js';
import { useCase, type CaseView } from '../api/cases.js';
import { ShortcutButton } from '../shared/shortcuts.js';
import { CaseClock } from '../portal/cases/case-clock.js';
import { CaseHistory } from '../portal/cases/case-history.js';
import { CaseColumns, CaseLoad } from '../portal/cases/case-layout.js';
import { CaseDocuments, CaseResult, CaseTrips } from '../portal/cases/case-sections.js';
import { CaseStatusTag, openCaseStatuses, WarningTag } from '../shared/case-tags.js';
import { formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { ActionPanel } from './action-panel.js';
import { CaseFiles } from './case-files.js';
import { CaseFormData, OrgName } from './form-data.js';
import { OpinionBoard } from './opinions.js';
import './review.css';

/** Who, what, where: the case's number, item, applicant (masked for those not handling it), organisations and status. */
function CaseHead({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const c = view.case;
  const running = !!view.clock.startedOn && openCaseStatuses.includes(c.status);
  return (
    <Card className="review-head" data-testid="review-head">
      <div className="review-head-number">
        {t('review.case.caseNumber')} <span className="mono">{c.caseNumber}</span>
      </div>
      <Typography.Title level={2} className="review-head-title">
        {pick(c.itemName, c.itemNameEn)}
      </Typography.Title>
      <Space size={[8, 6]} wrap style={{ marginBottom: 10 }} data-testid="review-status">
        <CaseStatusTag status={c.status} />
        {running && <WarningTag level={view.clock.warning} />}
        {c.intakeOrgId !== c.decisionOrgId && <Tag color="purple">{t('review.case.split')}</Tag>}
        {c.extended && <Tag color="gold">{t('review.case.extended')}</Tag>}
      </Space>
      <div className="review-head-facts">
        <span>
          {t('review.case.applicant')} <b>{c.applicant.name}</b> <span className="mono">{c.applicant.idNumber}</span>
          {c.applicant.phone && <span className="mono"> · {c.applicant.phone}</span>}
        </span>
        <span>
          {t('review.case.channel')} <b>{t(`enums.filingChannel.${c.channel}`)}</b>
        </span>
        {c.receivedAt && (
          <span>
            {t('review.case.received')} <b>{formatDateTime(c.receivedAt, locale)}</b>
          </span>
        )}
        <span>
          {t('review.case.intakeOrg')} <b><OrgName id={c.intakeOrgId} /></b>
        </span>
        {c.intakeOrgId !== c.decisionOrgId && (
          <span>
            {t('review.case.decisionOrg')} <b><OrgName id={c.decisionOrgId} /></b>
          </span>
        )}
        <span>
          {t('review.case.handlerOrg')} <b><OrgName id={c.handlerOrgId} /></b>
        </span>
      </div>
    </Card>
  );
}

function CaseBody({ view, onReload }: { view: CaseView; onReload: () => void }) {
  const c = view.case;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CaseHead view={view} />
      <CaseColumns
        main={
          <>
            <OpinionBoard view={view} />
            <CaseFormData c={c} />
            <CaseFiles view={view} />
            <CaseHistory view={view} />
          </>
        }
        side={
          <>
            <ActionPanel view={view} onReload={onReload} />
            <CaseClock c={c} clock={view.clock} />
            <CaseResult view={view} />
            <CaseDocuments view={view} />
            <CaseTrips view={view} />
          </>
        }
      />
    </Space>
  );
}

// React Router numbers its history entries: back within the app keeps the inbox's box, search and page.
const canGoBack = () => ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;

/** One case as the back office works it: opinions side by side, form, materials with preview, events, clock, and the actions allowed now. */
export default function ReviewCasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const view = useCase(id);
  const reviewer = hasRole(me, 'reviewer', 'departmentHead');
  const back = reviewer ? '/review' : '/review/ratings';
  return (
    <div className="review-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to={back}>{reviewer ? t('review.nav.inbox') : t('review.nav.ratings')}</Link> }, { title: view.data?.case.caseNumber ?? '…' }]}
      />
      <div style={{ marginBottom: 12 }}>
        <ShortcutButton shortcut="B" icon={<ArrowLeftOutlined />} onClick={() => void (canGoBack() ? navigate(-1) : navigate(back))}>
          {t('review.case.back')}
        </ShortcutButton>
      </div>
      <CaseLoad view={view} rows={10} notFound={{ title: t('review.case.notFound'), text: t('review.case.notFoundText'), to: back, label: reviewer ? t('review.nav.inbox') : t('review.nav.ratings') }}>
        {(data) => <CaseBody view={data} onReload={() => void view.refetch()} />}
      </CaseLoad>
    </div>
  );
}
