import { PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/hotline.js';
import { WarningTag } from '../../shared/case-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { DaysLeft } from '../../review/deadline.js';
import { useRegionName } from '../region-select.js';
import { TicketStatusTag, TicketTypeTag, UrgencyTag } from '../ticket-tags.js';

/** The caller as the reader may see them: anonymous, masked, whole (at the callback), or withheld from the handling organisation. */
export function CallerText({ caller }: { caller: TicketView['caller'] }) {
  const { t } = useTranslation();
  if (caller.anonymous) return <Typography.Text type="secondary">{t('hotline.caller.anonymous')}</Typography.Text>;
  if (!caller.name && !caller.phone && !caller.email) return <Typography.Text type="secondary">{t('hotline.caller.withheld')}</Typography.Text>;
  return (
    <Space size={[10, 4]} wrap>
      {caller.name && (
        <span>
          <UserOutlined /> {caller.name}
        </span>
      )}
      {/* A whole number can be dialled from the page; a masked one only read. */}
      {caller.phone &&
        (caller.phone.includes('*') ? (
          <span className="mono" data-testid="caller-phone">
            <PhoneOutlined /> {caller.phone}
          </span>
        ) : (
          <a href={`tel:${caller.phone}`} className="mono" data-testid="caller-phone">
            <PhoneOutlined /> {caller.phone}
          </a>
        ))}
      {caller.email && <span className="mono">{caller.email}</span>}
      {caller.consentCallback && <Tag color="blue">{t('hotline.caller.wantsCallback')}</Tag>}
      {caller.consentShare && <Tag>{t('hotline.caller.shares')}</Tag>}
    </Space>
  );
}

/** What the ticket is about, who called, where, who handles it and by when. */
export function TicketHead({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const regionName = useRegionName();
  const parent = view.category.parentName ? `${pick(view.category.parentName, view.category.parentNameEn)} › ` : '';
  const running = view.status === 'dispatched' && !!view.dueOn;
  const facts = [
    { key: 'received', label: t('hotline.ticket.received'), children: `${formatDateTime(view.receivedAt, locale)} · ${t(`hotline.channel.${view.channel}`)}` },
    { key: 'caller', label: t('hotline.ticket.caller'), children: <CallerText caller={view.caller} /> },
    { key: 'where', label: t('hotline.ticket.where'), children: [regionName(view.regionCode, view.townshipCode), view.address].filter(Boolean).join(' · ') },
    ...(view.leadOrg ? [{ key: 'lead', label: t('hotline.ticket.leadOrg'), children: pick(view.leadOrg.name, view.leadOrg.nameEn) }] : []),
    ...(running
      ? [
          {
            key: 'due',
            label: t('hotline.ticket.dueOn'),
            children: (
              <Space size={8} wrap>
                {formatDate(view.dueOn!, locale)}
                {view.daysLeft !== null && <DaysLeft days={view.daysLeft} level={view.warning} />}
              </Space>
            ),
          },
        ]
      : []),
    ...(view.status === 'received' ? [{ key: 'dispatchDue', label: t('hotline.ticket.dispatchDueOn'), children: formatDate(view.dispatchDueOn, locale) }] : []),
    ...(view.callbackDueOn && view.status === 'replied' ? [{ key: 'callbackDue', label: t('hotline.ticket.callbackDueOn'), children: formatDate(view.callbackDueOn, locale) }] : []),
    ...(view.closedAt ? [{ key: 'closed', label: t('hotline.ticket.closedAt'), children: `${formatDateTime(view.closedAt, locale)}${view.resolution ? ` · ${t(`hotline.resolution.${view.resolution}`)}` : ''}` }] : []),
  ];
  return (
    <Card className="hotline-head" data-testid="ticket-head">
      <div className="hotline-head-number">
        {t('hotline.ticket.number')} <span className="mono" data-testid="ticket-number">{view.number}</span>
      </div>
      <Typography.Title level={2} className="hotline-head-title">
        {parent}
        {pick(view.category.name, view.category.nameEn)}
      </Typography.Title>
      <Space size={[8, 6]} wrap style={{ marginBottom: 12 }} data-testid="ticket-status">
        <TicketStatusTag status={view.status} />
        <TicketTypeTag type={view.type} />
        <UrgencyTag urgency={view.urgency} />
        {running && <WarningTag level={view.warning} />}
        {view.extension?.status === 'pending' && <Tag color="gold">{t('hotline.ticket.extensionPending')}</Tag>}
        {view.reopened && <Tag color="purple">{t('hotline.ticket.reopened')}</Tag>}
        {view.round > 1 && <Tag>{t('hotline.ticket.round', { round: view.round })}</Tag>}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={facts} />
    </Card>
  );
}
