import { HistoryOutlined } from '@ant-design/icons';
import { Card, Empty, Space, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../../common/cases.js';
import type { CaseEvent, CaseView } from '../../api/cases.js';
import { bilingualText, caseActionLabel, CaseStatusTag } from '../../shared/case-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale, type Locale } from '../../shared/i18n/index.js';
import { competentOrgName, correctionItems, dataNumber, dataString, dataSuspendReason, specOf } from './case-facts.js';

const eventColors: Partial<Record<CaseAction, string>> = {
  refuseIntake: 'red',
  revoke: 'red',
  terminate: 'red',
  withdraw: 'gray',
  requestCorrection: 'orange',
  suspend: 'orange',
  extend: 'orange',
};

/** What an event adds to its action's name: the correction list, the pause, the outcome, the delivery. */
function eventDetail(e: CaseEvent, view: CaseView, t: TFunction, locale: Locale, pick: (zh: string, en: string | null | undefined) => string): ReactNode {
  const date = (d: string) => formatDate(d, locale, false);
  switch (e.action) {
    case 'requestCorrection': {
      const items = correctionItems(e);
      if (!items.length) return null;
      return (
        <>
          <div className="event-detail-label">{t('caseDetail.timeline.correctionItems')}</div>
          <ol className="event-list">
            {items.map((i, n) => {
              const spec = i.materialKey ? specOf(view, i.materialKey) : undefined;
              return (
                <li key={n}>
                  {i.materialKey && <Typography.Text strong>{t('caseDetail.timeline.itemLabel', { name: spec ? pick(spec.name, spec.nameEn) : i.materialKey })}</Typography.Text>}
                  {i.note}
                </li>
              );
            })}
          </ol>
        </>
      );
    }
    case 'suspend': {
      const reason = dataSuspendReason(e);
      const days = dataNumber(e, 'expectedDays');
      return reason && days !== undefined ? t('caseDetail.timeline.suspendLine', { reason: t(`enums.suspendReason.${reason}`), days: t('caseDetail.clock.days', { count: days }) }) : null;
    }
    case 'accept': {
      const dueOn = dataString(e, 'dueOn');
      return dueOn ? t('caseDetail.timeline.pendingLine', { date: date(dueOn) }) : null;
    }
    case 'extend': {
      const days = dataNumber(e, 'days');
      return days ? t('caseDetail.clock.extended', { days: t('caseDetail.clock.days', { count: days }) }) : null;
    }
    case 'decide': {
      const outcome = dataString(e, 'outcome');
      return outcome === 'approve' || outcome === 'deny' ? t('caseDetail.timeline.outcome', { outcome: t(`enums.outcome.${outcome}`) }) : null;
    }
    case 'chooseDelivery': {
      const method = dataString(e, 'method');
      return method === 'window' || method === 'express' || method === 'electronic' ? t(`enums.deliveryMethod.${method}`) : null;
    }
    case 'deliver': {
      const method = dataString(e, 'method');
      const tracking = dataString(e, 'trackingNumber');
      if (method !== 'window' && method !== 'express' && method !== 'electronic') return null;
      return (
        <>
          {t(`enums.deliveryMethod.${method}`)}
          {tracking && (
            <>
              {' · '}
              {t('caseDetail.delivery.tracking')} <span className="mono">{tracking}</span>
            </>
          )}
        </>
      );
    }
    case 'refuseIntake': {
      const org = competentOrgName(e);
      return org ? t('caseDetail.refused.competent', { org }) : null;
    }
    case 'issue': {
      const number = dataString(e, 'number');
      return number ? <span className="mono">{number}</span> : null;
    }
    default:
      return null;
  }
}

/** Every step of the case, oldest first, with its time in Asia/Shanghai and its reason. */
export function CaseHistory({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const events = view.events;
  return (
    <Card
      title={
        <>
          <HistoryOutlined /> {t('caseDetail.timeline.title')}
        </>
      }
      data-testid="case-history"
    >
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.timeline.none')} />
      ) : (
        <Timeline
          className="case-timeline"
          items={events.map((e, i) => {
            const detail = eventDetail(e, view, t, locale, pick);
            return {
              key: e.id,
              color: eventColors[e.action] ?? (i === events.length - 1 ? 'blue' : 'green'),
              content: (
                <div className="event">
                  <Space size={[8, 4]} wrap>
                    {/* Filing as a draft is the start of an application, not its submission. */}
                    <Typography.Text strong>{e.action === 'submit' && e.toStatus === 'draft' ? t('caseDetail.timeline.draftStarted') : caseActionLabel(t, e.action)}</Typography.Text>
                    {e.fromStatus !== e.toStatus && <CaseStatusTag status={e.toStatus} />}
                  </Space>
                  <div className="event-time">
                    <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
                  </div>
                  {e.reason && <div className="event-reason">{bilingualText(e.reason, locale)}</div>}
                  {detail && <div className="event-detail">{detail}</div>}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
