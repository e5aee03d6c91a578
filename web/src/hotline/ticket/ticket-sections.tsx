import { BookOutlined, HistoryOutlined, LinkOutlined, PhoneOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketAction } from '../../../../common/hotline.js';
import type { TicketEvent, TicketTask, TicketView } from '../../api/hotline.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale, type Locale } from '../../shared/i18n/index.js';
import { DaysLeft } from '../../review/deadline.js';
import { FileLinks } from '../attachments.js';
import { ticketPath } from '../ticket-list.js';
import { TicketStatusTag, useActionLabel } from '../ticket-tags.js';

/** What the caller said, with their files, and how it relates to other tickets about the same thing. */
export function TicketDescription({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  const attributes = Object.entries(view.attributes);
  return (
    <Card title={t('hotline.ticket.description')} data-testid="ticket-description">
      {view.mergedIntoTicket && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {t('hotline.ticket.mergedInto')} <Link to={ticketPath(view.mergedIntoTicket.id)} className="mono">{view.mergedIntoTicket.number}</Link> <TicketStatusTag status={view.mergedIntoTicket.status} />
            </>
          }
        />
      )}
      <Typography.Paragraph className="hotline-text">{view.description}</Typography.Paragraph>
      <FileLinks files={view.attachments} />
      {view.mediaUrl && (
        <div>
          <a href={view.mediaUrl} target="_blank" rel="noopener noreferrer">
            <LinkOutlined /> {t('hotline.ticket.media')}
          </a>
        </div>
      )}
      {attributes.length > 0 && (
        <ul className="plain-list hotline-attributes">
          {attributes.map(([k, v]) => (
            <li key={k}>
              <span className="mono">{k}</span>: {Array.isArray(v) ? v.join(', ') : v}
            </li>
          ))}
        </ul>
      )}
      {view.duplicates.length > 0 && (
        <div className="hotline-duplicates" data-testid="ticket-duplicates">
          <Typography.Text type="secondary">{t('hotline.ticket.duplicates', { count: view.duplicates.length })}</Typography.Text>{' '}
          <Space size={[8, 4]} wrap>
            {view.duplicates.map((d) => (
              <Link key={d.id} to={ticketPath(d.id)} className="mono">
                {d.number}
              </Link>
            ))}
          </Space>
        </div>
      )}
    </Card>
  );
}

/** The answer given on the call, and the knowledge it came from. */
export function TicketAnswer({ answer }: { answer: NonNullable<TicketView['answer']> }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Card title={<><BookOutlined /> {t('hotline.ticket.answer')}</>} data-testid="ticket-answer">
      <Typography.Paragraph className="hotline-text">{answer.text}</Typography.Paragraph>
      <Space size={[8, 4]} wrap>
        <Typography.Text type="secondary">{formatDateTime(answer.at, locale)}</Typography.Text>
        {answer.sources.map((s) =>
          s.kind === 'notice' ? (
            <a key={`n-${s.ref}`} href={`/items/${encodeURIComponent(s.ref)}`} target="_blank" rel="noopener">
              <Tag color="blue">{s.title}</Tag>
            </a>
          ) : (
            <Tag key={`a-${s.ref}`} icon={<BookOutlined />}>
              {s.title}
            </Tag>
          ),
        )}
      </Space>
    </Card>
  );
}

const taskStatusColors: Record<TicketTask['status'], string> = { open: 'processing', replied: 'success', returned: 'warning', withdrawn: 'default' };

function TaskEntry({ task }: { task: TicketTask }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  return (
    <li className="hotline-task" data-testid="ticket-task" data-status={task.status}>
      <div className="hotline-task-head">
        <Typography.Text strong>{pick(task.org.name, task.org.nameEn)}</Typography.Text>
        <Tag color={task.role === 'lead' ? 'geekblue' : 'default'}>{t(`hotline.taskRole.${task.role}`)}</Tag>
        <Tag color={taskStatusColors[task.status]}>{t(`hotline.taskStatus.${task.status}`)}</Tag>
      </div>
      <div className="hotline-task-meta">
        {t('hotline.ticket.taskDates', { dispatched: formatDate(task.dispatchedOn, locale, false), due: formatDate(task.dueOn, locale, false), days: task.limitDays })}
        {task.daysLeft !== null && (
          <>
            {' · '}
            <DaysLeft days={task.daysLeft} level={task.warning} />
          </>
        )}
      </div>
      {task.returnReason && (
        <div className="hotline-task-return">
          {t('hotline.ticket.returnReason')}
          {task.returnReason}
        </div>
      )}
      {task.reply && (
        <div className="hotline-task-reply">
          <div className="hotline-text">{task.reply}</div>
          <FileLinks files={task.replyFiles} />
          {task.repliedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('hotline.ticket.repliedAt', { time: formatDateTime(task.repliedAt, locale) })}</Typography.Text>}
        </div>
      )}
    </li>
  );
}

/** Each dispatch round, newest first: the organisations, their limits, replies and returns. */
export function TicketTasks({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  if (!view.tasks.length) return null;
  const rounds = [...new Set(view.tasks.map((x) => x.round))].sort((a, b) => b - a);
  return (
    <Card title={<><TeamOutlined /> {t('hotline.ticket.tasks')}</>} data-testid="ticket-tasks">
      {rounds.map((r) => (
        <section key={r} className="hotline-round">
          {rounds.length > 1 && <div className="hotline-round-title">{t('hotline.ticket.round', { round: r })}</div>}
          <ul className="plain-list">
            {view.tasks
              .filter((x) => x.round === r)
              .map((task) => (
                <TaskEntry key={task.id} task={task} />
              ))}
          </ul>
        </section>
      ))}
      {view.extension && (
        <Alert
          type={view.extension.status === 'refused' ? 'warning' : 'info'}
          style={{ marginTop: 12 }}
          title={t('hotline.ticket.extension', { days: view.extension.days, status: t(`hotline.extensionStatus.${view.extension.status}`) })}
          description={
            <>
              <div>{view.extension.reason}</div>
              {view.extension.note && <Typography.Text type="secondary">{view.extension.note}</Typography.Text>}
            </>
          }
          data-testid="ticket-extension"
        />
      )}
    </Card>
  );
}

/** The centre's calls back to the caller: reached or not, satisfied or not. */
export function TicketCallbacks({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (!view.callbacks.length) return null;
  return (
    <Card title={<><PhoneOutlined /> {t('hotline.ticket.callbacks')}</>} data-testid="ticket-callbacks">
      <ul className="plain-list">
        {view.callbacks.map((c) => (
          <li key={c.id}>
            <Space size={[8, 4]} wrap>
              <Typography.Text type="secondary">{formatDateTime(c.at, locale)}</Typography.Text>
              {c.reached ? <Tag color="blue">{t('hotline.callback.reached')}</Tag> : <Tag>{t('hotline.callback.notReached')}</Tag>}
              {c.satisfied !== null && (c.satisfied ? <Tag color="success">{t('hotline.callback.satisfied')}</Tag> : <Tag color="error">{t('hotline.callback.notSatisfied')}</Tag>)}
              {c.calledOn > c.dueOn && <Tag color="warning">{t('hotline.callback.late')}</Tag>}
            </Space>
            <div className="hotline-text">{c.note}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

const eventColors: Partial<Record<TicketAction, string>> = { returnDispatch: 'orange', requestExtension: 'orange', reopen: 'red', merge: 'gray', close: 'green', answer: 'green' };

const num = (e: TicketEvent, key: string): number | undefined => (typeof e.data?.[key] === 'number' ? (e.data[key] as number) : undefined);
const str = (e: TicketEvent, key: string): string | undefined => (typeof e.data?.[key] === 'string' ? (e.data[key] as string) : undefined);

/** What an event adds to its name: the organisations dispatched to, the extension asked, the callback's outcome. */
function eventDetail(e: TicketEvent, view: TicketView, t: TFunction, locale: Locale, pick: (zh: string, en: string | null | undefined) => string): ReactNode {
  const orgName = (id: string | undefined) => {
    const org = view.tasks.find((x) => x.orgId === id)?.org;
    return org ? pick(org.name, org.nameEn) : undefined;
  };
  switch (e.action) {
    case 'file':
      return str(e, 'channel') ? t(`hotline.channel.${str(e, 'channel') as TicketView['channel']}`) : null;
    case 'dispatch':
    case 'insist':
    case 'reopen': {
      const co = Array.isArray(e.data?.coOrgIds) ? (e.data.coOrgIds as string[]).map(orgName).filter(Boolean) : [];
      const due = str(e, 'dueOn');
      return [orgName(str(e, 'leadOrgId')), co.length ? t('hotline.history.co', { orgs: co.join('、') }) : null, due ? t('hotline.history.due', { date: formatDate(due, locale, false) }) : null].filter(Boolean).join(' · ');
    }
    case 'returnDispatch':
    case 'reply':
      return orgName(str(e, 'orgId')) ?? null;
    case 'requestExtension':
      return num(e, 'days') ? t('hotline.history.days', { count: num(e, 'days') }) : null;
    case 'decideExtension':
      return e.data?.approve === true ? t('hotline.extensionStatus.approved') : e.data?.approve === false ? t('hotline.extensionStatus.refused') : null;
    case 'callback':
      return e.data?.reached === false ? t('hotline.callback.notReached') : e.data?.satisfied === true ? t('hotline.callback.satisfied') : e.data?.satisfied === false ? t('hotline.callback.notSatisfied') : null;
    case 'merge':
      return str(e, 'number') ? <span className="mono">{str(e, 'number')}</span> : null;
    default:
      return null;
  }
}

/** Every step of the ticket, oldest first, with its time in Asia/Shanghai and its note. */
export function TicketHistory({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const actionLabel = useActionLabel();
  return (
    <Card title={<><HistoryOutlined /> {t('hotline.ticket.history')}</>} data-testid="ticket-history">
      {view.events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
      ) : (
        <Timeline
          items={view.events.map((e, i) => {
            const detail = eventDetail(e, view, t, locale, pick);
            return {
              key: e.id,
              color: eventColors[e.action] ?? (i === view.events.length - 1 ? 'blue' : 'green'),
              content: (
                <div className="hotline-event">
                  <Space size={[8, 4]} wrap>
                    <Typography.Text strong>{actionLabel(e.action, e.data?.redispatch === true)}</Typography.Text>
                    {e.fromStatus !== e.toStatus && <TicketStatusTag status={e.toStatus} />}
                  </Space>
                  <div className="hotline-event-time">
                    <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
                  </div>
                  {detail && <div className="hotline-event-detail">{detail}</div>}
                  {e.note && <div className="hotline-text hotline-event-note">{e.note}</div>}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
