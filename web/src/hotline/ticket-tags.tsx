import { ThunderboltOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketAction, TicketStatus, TicketType, TicketUrgency } from '../../../common/hotline.js';

// The tags every hotline page shows the same way: a ticket's status, type and urgency.

const statusColors: Record<TicketStatus, string> = {
  received: 'processing',
  dispatched: 'blue',
  returned: 'warning',
  replied: 'cyan',
  closed: 'success',
  merged: 'default',
};

const typeColors: Record<TicketType, string> = {
  consultation: 'geekblue',
  helpRequest: 'orange',
  complaint: 'red',
  report: 'volcano',
  suggestion: 'green',
  praise: 'gold',
};

export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`hotline.status.${status}`)}
    </Tag>
  );
}

export function TicketTypeTag({ type }: { type: TicketType }) {
  const { t } = useTranslation();
  return (
    <Tag color={typeColors[type]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {t(`hotline.type.${type}`)}
    </Tag>
  );
}

/** Urgent and critical tickets stand out; a normal one shows nothing. */
export function UrgencyTag({ urgency }: { urgency: TicketUrgency }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return (
    <Tag color={urgency === 'critical' ? 'magenta' : 'orange'} icon={<ThunderboltOutlined />} style={{ marginInlineEnd: 0 }}>
      {t(`hotline.urgency.${urgency}`)}
    </Tag>
  );
}

/** The name of a step in the history: "派单", "退单", "回访" … */
export function useActionLabel(): (action: TicketAction, redispatch?: boolean) => string {
  const { t } = useTranslation();
  return (action, redispatch) => (action === 'dispatch' && redispatch ? t('hotline.action.redispatch') : t(`hotline.action.${action}`));
}
