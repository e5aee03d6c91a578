import { ClockCircleOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseClock as Clock, CaseRecord } from '../../api/cases.js';
import { daysText } from '../../shared/catalog-tags.js';
import { WarningTag, warningTextColor } from '../../shared/case-tags.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { stoppedStatuses } from './case-facts.js';

function Line({ label, children, help }: { label: string; children: ReactNode; help?: string }) {
  return (
    <div className="clock-line">
      <span className="clock-label">
        {label}
        {help && (
          <Tooltip title={help}>
            <InfoCircleOutlined className="clock-help" aria-label={help} />
          </Tooltip>
        )}
      </span>
      <span className="clock-value">{children}</span>
    </div>
  );
}

/** Working days left, or how late, coloured when late. */
function Left({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) return <>—</>;
  return days < 0 ? <Typography.Text type="danger">{t('caseDetail.clock.overdue', { count: -days })}</Typography.Text> : <>{t('caseDetail.clock.daysLeft', { count: days })}</>;
}

/**
 * The case's clock as the server computes it from the events and the calendar: promised and statutory
 * dates, working days used and left, pauses, extension, and the warning.
 */
export function CaseClock({ c, clock }: { c: CaseRecord; clock: Clock }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const date = (d: string) => formatDate(d, locale, false);
  const days = (n: number) => t('caseDetail.clock.days', { count: n });
  const decided = !!clock.decidedOn;
  const stopped = stoppedStatuses.includes(c.status);
  // The clock runs from acceptance to the decision, unless the case ended on the way.
  const running = !!clock.startedOn && !decided && !stopped;

  return (
    <Card
      title={
        <>
          <ClockCircleOutlined /> {t('caseDetail.clock.title')}
        </>
      }
      extra={running ? <WarningTag level={clock.warning} /> : undefined}
      className={`case-clock case-clock-${running ? clock.warning : 'none'}`}
      data-testid="case-clock"
    >
      <div className="clock-limits">{t('caseDetail.clock.limitLine', { promised: daysText(t, c.promisedLimit), statutory: daysText(t, c.statutoryLimit) })}</div>
      {!clock.startedOn ? (
        <>
          <div className="clock-due clock-due-muted">{t('caseDetail.clock.notStarted')}</div>
          {clock.intakeDueOn && !stopped && (
            <Line label={t('caseDetail.clock.intakeDue')} help={t('caseDetail.clock.intakeDueHelp')}>
              {date(clock.intakeDueOn)}
            </Line>
          )}
        </>
      ) : (
        <>
          <div className="clock-due-label">{t('caseDetail.clock.promisedDue')}</div>
          <div className="clock-due" style={{ color: running ? warningTextColor(clock.warning) : undefined }}>
            {clock.promisedDueOn ? formatDate(clock.promisedDueOn, locale) : '—'}
          </div>
          {running && (
            <Line label={t('caseDetail.clock.promisedLeft')}>
              <Left days={clock.promisedLeft} />
            </Line>
          )}
          <Line label={t('caseDetail.clock.statutoryDue')}>{clock.statutoryDueOn ? date(clock.statutoryDueOn) : '—'}</Line>
          {running && (
            <Line label={t('caseDetail.clock.statutoryLeft')}>
              <Left days={clock.statutoryLeft} />
            </Line>
          )}
          <Line label={t('caseDetail.clock.startedOn')}>{date(clock.startedOn)}</Line>
          <Line label={t('caseDetail.clock.used')}>{days(clock.usedDays)}</Line>
          {clock.deemed && (
            <div className="clock-note">
              <Tag color="blue">{t('caseDetail.clock.deemed')}</Tag>
            </div>
          )}
          {clock.extensionDays > 0 && (
            <div className="clock-note">
              <Tag color="gold">{t('caseDetail.clock.extended', { days: days(clock.extensionDays) })}</Tag>
            </div>
          )}
          {clock.paused.length > 0 && (
            <div className="clock-pauses">
              <div className="clock-label">{t('caseDetail.clock.pauses')}</div>
              <ul className="plain-list">
                {clock.paused.map((p, i) => (
                  <li key={i}>
                    {t('caseDetail.clock.pauseLine', {
                      from: date(p.from),
                      to: p.to ? date(p.to) : t('caseDetail.clock.pauseOngoing'),
                      reason: p.reason ? t(`enums.suspendReason.${p.reason}`) : '—',
                      days: days(p.days),
                    })}
                    {!p.to && p.expectedDays !== null && <Typography.Text type="secondary"> ({t('caseDetail.clock.pauseExpected', { days: days(p.expectedDays) })})</Typography.Text>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {decided && (
            <>
              <Line label={t('caseDetail.clock.decidedOn')}>{date(clock.decidedOn!)}</Line>
              <Space size={[6, 6]} wrap className="clock-note">
                {clock.onTime !== null && <Tag color={clock.onTime ? 'success' : 'error'}>{clock.onTime ? t('caseDetail.clock.onTime') : t('caseDetail.clock.late')}</Tag>}
                {clock.certificateDueOn && !c.certificateId && <Tag color="processing">{t('caseDetail.clock.certificateDue', { date: date(clock.certificateDueOn) })}</Tag>}
              </Space>
            </>
          )}
        </>
      )}
      <div className="clock-footnote">{t('caseDetail.clock.note')}</div>
    </Card>
  );
}
