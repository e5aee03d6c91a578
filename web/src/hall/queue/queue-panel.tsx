import { BellOutlined, CheckOutlined, CloseCircleOutlined, MessageOutlined, PlayCircleOutlined, SoundOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Input, Skeleton, Space, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketAction } from '../../../../common/queue.js';
import { useCallNext, useTicketStep, useWindowPanel, type Ticket, type TicketStep, type WindowPanel } from '../../api/queue.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { formatWait, queueName, TicketStatusTag } from './queue-format.js';
import './queue.css';

// Function keys, so that they never collide with typing or with the desk's Alt shortcuts; F5 (reload)
// and F6 (address bar) are left to the browser.
const KEYS = { call: 'F1', recall: 'F2', start: 'F3', finish: 'F4', noShow: 'F8' } as const;
type PanelAction = keyof typeof KEYS;

/** Runs the bound action on its function key while mounted; a bound key never reaches the browser (F1 opens help there). */
function useFunctionKeys(bindings: Record<string, (() => void) | null>): void {
  const latest = useRef(bindings);
  useLayoutEffect(() => {
    latest.current = bindings;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.key in latest.current)) return;
      e.preventDefault();
      latest.current[e.key]?.();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

function KeyButton({ keyName, children, ...props }: ButtonProps & { keyName: string }) {
  return (
    <Button size="large" aria-keyshortcuts={keyName} {...props}>
      {children}
      <kbd className="queue-kbd" aria-hidden>
        {keyName}
      </kbd>
    </Button>
  );
}

const CASE_NUMBER = /^\d{19}$/;

function CurrentTicket({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  return (
    <div className="queue-current" data-testid="queue-current">
      <div className="queue-current-number">{ticket.number}</div>
      <Space direction="vertical" size={4}>
        <Space size={6} wrap>
          <TicketStatusTag status={ticket.status} />
          {ticket.source === 'appointment' && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('queue.panel.appointment')}</Tag>}
          {ticket.recalls > 0 && <Tag style={{ marginInlineEnd: 0 }}>{t('queue.panel.recalls', { count: ticket.recalls })}</Tag>}
        </Space>
        <Typography.Text type="secondary">
          {t('queue.panel.taken', { time: formatDateTime(ticket.takenAt, locale) })} · {t('queue.panel.waited', { wait: formatWait(ticket.waitedSeconds, t) })}
        </Typography.Text>
        {ticket.appointment && (
          <Typography.Text>
            {t('queue.panel.booked', { slot: ticket.appointment.slot, code: ticket.appointment.code })}
            {ticket.appointment.itemName && ` · ${pick(ticket.appointment.itemName, ticket.appointment.itemNameEn)}`}
          </Typography.Text>
        )}
        {ticket.phone && (
          <Typography.Text type="secondary">
            <MessageOutlined /> {t('queue.panel.sms', { phone: ticket.phone })}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

function QueuesTable({ queues }: { queues: WindowPanel['queues'] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const columns: TableColumnsType<WindowPanel['queues'][number]> = [
    {
      title: t('queue.panel.queue'),
      key: 'queue',
      render: (_, q) => (
        <Space size={8}>
          <span className={`kiosk-queue-letter kiosk-letter-${q.prefix} queue-letter-small`}>{q.prefix}</span>
          <span>{queueName(q, t, locale)}</span>
          {q.mine && <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('queue.panel.mine')}</Tag>}
        </Space>
      ),
    },
    { title: t('queue.panel.waiting'), dataIndex: 'waiting', align: 'right', width: 90 },
    { title: t('queue.panel.longest'), key: 'longest', align: 'right', width: 120, render: (_, q) => (q.waiting ? formatWait(q.longestWaitSeconds, t) : '—') },
  ];
  return (
    <Table
      size="small"
      rowKey={(q) => `${q.category}:${q.departmentId ?? ''}`}
      columns={columns}
      dataSource={queues}
      pagination={false}
      rowClassName={(q) => (q.mine ? 'queue-row-mine' : '')}
      locale={{ emptyText: t('queue.panel.noQueues') }}
    />
  );
}

/**
 * A window's queue panel (排队叫号): the number at the window, the buttons to call the next, recall,
 * start, finish or mark a no-show — each with its function key — and who waits in the site's queues.
 * The front desk embeds it; `caseNumber` (the case filed during the visit) is offered when finishing.
 */
export function QueuePanel({ windowId, caseNumber, extra }: { windowId: string; caseNumber?: string | undefined; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const panel = useWindowPanel(windowId);
  const callNext = useCallNext();
  const step = useTicketStep();
  const [caseNo, setCaseNo] = useState(caseNumber ?? '');
  useEffect(() => setCaseNo(caseNumber ?? ''), [caseNumber, panel.data?.current?.id]);

  const current = panel.data?.current ?? null;
  const busy = callNext.isPending || step.isPending;
  const caseInvalid = caseNo !== '' && !CASE_NUMBER.test(caseNo);
  const can = (a: TicketAction) => !busy && !!current?.allowedActions.includes(a);
  const enabled: Record<PanelAction, boolean> = { call: !busy && !!panel.data && !current, recall: can('recall'), start: can('start'), finish: can('finish') && !caseInvalid, noShow: can('noShow') };

  const run = (a: PanelAction) => {
    if (!enabled[a]) return;
    if (a === 'call') {
      callNext.mutate(windowId, {
        onSuccess: ({ ticket }) => (ticket ? void message.success(t('queue.panel.calledNow', { number: ticket.number })) : void message.info(t('queue.panel.nobody'))),
        onError: (err) => onProblem(err),
      });
      return;
    }
    const name: TicketStep = a === 'noShow' ? 'no-show' : a;
    step.mutate({ id: current!.id, step: name, version: current!.version, ...(a === 'finish' && caseNo ? { caseNumber: caseNo } : {}) }, { onError: (err) => onProblem(err) });
  };
  useFunctionKeys(Object.fromEntries((Object.keys(KEYS) as PanelAction[]).map((a) => [KEYS[a], enabled[a] ? () => run(a) : null])));

  const w = panel.data?.window;
  return (
    <Card
      className="queue-panel"
      data-testid="queue-panel"
      title={
        <Space size={8} wrap>
          <BellOutlined />
          <span>{t('queue.panel.title')}</span>
          {w && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{w.number} {pick(w.name, w.nameEn)}</Typography.Text>}
        </Space>
      }
      extra={extra}
    >
      {panel.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : !panel.data ? (
        <LoadError error={panel.error} onRetry={() => void panel.refetch()} />
      ) : (
        <Flex vertical gap={16}>
          {current ? (
            <CurrentTicket ticket={current} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} className="queue-idle" description={t('queue.panel.idle', { key: KEYS.call })} />
          )}
          <Flex wrap gap={8} className="queue-buttons">
            <KeyButton keyName={KEYS.call} type="primary" icon={<BellOutlined />} disabled={!enabled.call} loading={callNext.isPending} onClick={() => run('call')}>
              {t('queue.panel.callNext')}
            </KeyButton>
            <KeyButton keyName={KEYS.recall} icon={<SoundOutlined />} disabled={!enabled.recall} onClick={() => run('recall')}>
              {t('queue.panel.recall')}
            </KeyButton>
            <KeyButton keyName={KEYS.start} icon={<PlayCircleOutlined />} disabled={!enabled.start} onClick={() => run('start')}>
              {t('queue.panel.start')}
            </KeyButton>
            <KeyButton keyName={KEYS.finish} icon={<CheckOutlined />} disabled={!enabled.finish} onClick={() => run('finish')}>
              {t('queue.panel.finish')}
            </KeyButton>
            <KeyButton keyName={KEYS.noShow} danger icon={<CloseCircleOutlined />} disabled={!enabled.noShow} onClick={() => run('noShow')}>
              {t('queue.panel.noShow')}
            </KeyButton>
          </Flex>
          {current?.status === 'serving' && (
            <div>
              <Input
                value={caseNo}
                onChange={(e) => setCaseNo(e.target.value.replace(/\s/g, ''))}
                maxLength={19}
                inputMode="numeric"
                status={caseInvalid ? 'error' : undefined}
                addonBefore={t('queue.panel.caseNumber')}
                placeholder={t('queue.panel.caseNumberHint')}
                aria-label={t('queue.panel.caseNumber')}
                style={{ maxWidth: 460 }}
              />
              {caseInvalid && <div className="queue-field-error">{t('queue.panel.caseNumberInvalid')}</div>}
            </div>
          )}
          <QueuesTable queues={panel.data.queues} />
          <Flex wrap gap={8} align="center" className="queue-today">
            <Typography.Text type="secondary">{t('queue.panel.today', { served: panel.data.servedToday, noShows: panel.data.noShowsToday })}</Typography.Text>
            {panel.data.recent.map((r) => (
              <Tag key={r.id} color={r.status === 'done' ? 'success' : 'warning'} style={{ marginInlineEnd: 0 }}>
                {r.number}
              </Tag>
            ))}
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
