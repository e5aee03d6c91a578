import { LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Segmented, Skeleton, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DutyStatus as DutyState } from '../../../common/supervision.js';
import { isProblem } from '../api/client.js';
import { useChangeDuty, useMyDuty } from '../api/supervision.js';
import { formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { useProblemHandler } from '../shared/problem.js';

const dutyColors: Record<DutyState, string> = { onDuty: 'success', serving: 'processing', away: 'warning', signedOut: 'default' };

/** A clerk's duty state as a tag: on duty, serving (with the number), away, signed out. */
export function DutyTag({ status, windowNumber, ticket }: { status: DutyState; windowNumber?: string | null; ticket?: string | null }) {
  const { t } = useTranslation();
  const text = status === 'serving' && ticket ? t('supervision.duty.servingTicket', { ticket }) : t(`supervision.duty.status.${status}`);
  return (
    <Tag color={dutyColors[status]} style={{ marginInlineEnd: 0 }} data-duty={status}>
      {windowNumber && status !== 'signedOut' ? `${windowNumber} · ${text}` : text}
    </Tag>
  );
}

/**
 * The window clerk's sign-in, away and sign-out (R1.5: who is at which window is what the hall's
 * supervisors watch). Signing in here at another window signs out of the one before.
 */
export function DutyStatus({ windowId }: { windowId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const duty = useMyDuty();
  const change = useChangeDuty();
  const onProblem = useProblemHandler();
  // A stale version or a sign-in from another tab: the refreshed duty is what counts, no message needed.
  const onError = (err: unknown) => (isProblem(err, 'version_conflict') ? undefined : onProblem(err));
  if (duty.isPending) return <Skeleton.Button active size="small" style={{ width: 160 }} />;
  if (duty.isError) return <Tag color="default">{t('supervision.duty.unknown')}</Tag>;
  const d = duty.data;
  const signIn = (
    <Button icon={<LoginOutlined />} loading={change.isPending} onClick={() => change.mutate({ action: 'sign-in', windowId }, { onError })} data-testid="duty-sign-in">
      {d ? t('supervision.duty.moveHere') : t('supervision.duty.signIn')}
    </Button>
  );
  if (!d || d.windowId !== windowId) {
    return (
      <Space size={8} wrap data-testid="duty-status">
        {d ? <DutyTag status={d.status} windowNumber={d.windowNumber} ticket={d.servingTicket} /> : <DutyTag status="signedOut" />}
        {signIn}
      </Space>
    );
  }
  return (
    <Space size={8} wrap data-testid="duty-status">
      <Tooltip title={t('supervision.duty.since', { time: formatDateTime(d.signedInAt, locale) })}>
        <span>
          <DutyTag status={d.status} ticket={d.servingTicket} />
        </span>
      </Tooltip>
      <Segmented<'onDuty' | 'away'>
        aria-label={t('supervision.duty.presence')}
        value={d.declaredStatus}
        disabled={change.isPending}
        options={[
          { value: 'onDuty', label: t('supervision.duty.status.onDuty') },
          { value: 'away', label: t('supervision.duty.status.away') },
        ]}
        onChange={(status) => change.mutate({ action: 'status', status, version: d.version }, { onError })}
      />
      <Popconfirm title={t('supervision.duty.signOutConfirm')} onConfirm={() => change.mutate({ action: 'sign-out' }, { onError })} okText={t('supervision.duty.signOut')} cancelText={t('common.cancel')}>
        <Button icon={<LogoutOutlined />} loading={change.isPending} data-testid="duty-sign-out">
          {t('supervision.duty.signOut')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
