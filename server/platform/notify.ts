import { v7 as uuidv7 } from 'uuid';
import { and, asc, count, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import { maskPhone } from '../../common/id-codes.js';
import type { Db, Queryable, Tx } from '../db/client.js';
import { placeholders, preparedQuery } from '../db/prepared.js';
import { hasRole, inScope, requireActor, scopeCondition } from './access.js';
import type { Ctx } from './context.js';
import { Problem } from './errors.js';
import { defineJob } from './jobs.js';
import { notifications, users, type NotificationChannel, type NotificationStatus } from './schema.js';

// ---------------------------------------------------------------- templates

/**
 * Every message OneTrip sends, in zh-CN, with `{param}` placeholders. Adding one is one line here;
 * the placeholders become the required params of {@link enqueueNotification} by type.
 */
export const templates = {
  'case.submitted': '【一次办】您的{itemName}申请已提交，办件编号{caseNumber}。',
  'case.correction_requested': '【一次办】您的{itemName}申请（办件编号{caseNumber}）需补正材料，请登录查看一次性告知书，按要求一次补齐。',
  'case.accepted': '【一次办】您的{itemName}申请（办件编号{caseNumber}）已受理，承诺于{dueOn}前办结。',
  'case.refused': '【一次办】您的{itemName}申请（办件编号{caseNumber}）不予受理，理由：{reason}。',
  'case.decided': '【一次办】您的{itemName}申请（办件编号{caseNumber}）已办结，结果：{result}。',
  'case.certificate_issued': '【一次办】您的{certificateName}已签发（办件编号{caseNumber}），可登录一次办查看和下载电子证照。',
  'case.delivered': '【一次办】您的{itemName}办理结果已送达（办件编号{caseNumber}），送达方式：{deliveryMethod}。',
  'case.pending_due': '【一次办】您的{itemName}申请（办件编号{caseNumber}）为容缺受理，请于{dueOn}前补齐：{materials}。',
  'evaluation.followup': '【一次办】您的{itemName}（办件编号{caseNumber}）已办结，欢迎对本次服务作出评价：{link}',
  'queue.called': '【一次办】请{number}号到{window}号窗口办理（{siteName}）。',
  'queue.booked': '【一次办】您已预约{siteName}{date} {slot}办理{queueName}，预约码{code}。请当天到大厅取号机输入预约码签到取号。',
  'supervision.yellow': '【一次办】黄牌预警：{orgName}办理的{itemName}（办件编号{caseNumber}）将于{dueOn}到期，请抓紧办理。',
  'supervision.red': '【一次办】红牌预警：{orgName}办理的{itemName}（办件编号{caseNumber}）已超过承诺期限（{dueOn}），请立即办理。',
  'supervision.escalated_head': '【一次办】督办提醒：{orgName}办理的{itemName}（办件编号{caseNumber}）已逾期{lateDays}个工作日，请部门负责人督促办结。',
  'supervision.escalated_supervisor': '【一次办】电子监察督办：{orgName}办理的{itemName}（办件编号{caseNumber}）已逾期{lateDays}个工作日，请予督办。',
  'supervision.problem_report': '【一次办】收到改革问题反映{number}（{kind}），涉及{subject}，请于{dueOn}前答复。',
  'sharing.application_submitted': '【一次办】{consumer}申请共享使用{resource}，用途：{purpose}。请登录一次办审批。',
  'sharing.application_decided': '【一次办】{owner}已{result}贵单位使用{resource}的共享申请，详情请登录一次办查看。',
  'certificate.suspended': '【一次办】您的{certificateName}（证照编号{number}）已被{issuer}暂停使用，原因：{reason}。',
  'certificate.reinstated': '【一次办】您的{certificateName}（证照编号{number}）已由{issuer}恢复有效。',
  'certificate.revoked': '【一次办】您的{certificateName}（证照编号{number}）已被{issuer}撤销，原因：{reason}。',
  'hotline.received': '【12345】您反映的问题已登记，工单编号{number}。办理结果将告知您。',
  'hotline.received_code': '【12345】您反映的问题已登记，工单编号{number}，查询码{code}，可凭编号和查询码查询办理进度。',
  'hotline.dispatched': '【12345】{orgName}：收到12345工单{number}（{category}），请于{dueOn}前办理并答复。',
  'hotline.replied': '【12345】您反映的问题（工单{number}）已由{orgName}答复：{reply}',
  'hotline.merged': '【12345】您反映的问题（工单{number}）与工单{mainNumber}为同一事项，已合并办理，结果将一并告知您。',
  'hotline.closed': '【12345】您反映的问题（工单{number}）已办结，感谢您的支持。',
  'hotline.yellow': '【12345】黄牌预警：{orgName}承办的12345工单{number}将于{dueOn}到期，请抓紧办理。',
  'hotline.red': '【12345】红牌预警：{orgName}承办的12345工单{number}已超过办理时限（{dueOn}），请立即办理。',
  'hotline.escalated': '【12345】督办：{orgName}承办的12345工单{number}已逾期{lateDays}个工作日，请予督办。',
} as const satisfies Record<string, string>;

export type TemplateKey = keyof typeof templates;

/** The placeholder names in a template text, e.g. `'itemName' | 'caseNumber'`. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type TemplateParams<K extends TemplateKey> = Record<Placeholders<(typeof templates)[K]>, string | number>;

/**
 * Fills a template's placeholders.
 * @throws Error when the template is unknown or a placeholder has no value (a bug, never a user's mistake).
 */
export function renderTemplate(template: string, params: Record<string, unknown>): string {
  const text = (templates as Record<string, string>)[template];
  if (text === undefined) throw new Error(`unknown notification template "${template}"`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new Error(`notification template "${template}" needs the parameter "${name}"`);
    return String(value);
  });
}

// ---------------------------------------------------------------- the outbox

export type NotificationRow = typeof notifications.$inferSelect;

export interface NotificationInput<K extends TemplateKey> {
  /** Null for a phone number that belongs to no account (typed at a queue kiosk). */
  userId: string | null;
  channel: NotificationChannel;
  /** A mobile number (sms) or an e-mail address. */
  recipient: string;
  template: K;
  params: TemplateParams<K>;
  /** When it is written: pass `ctx.clock.now()` (the outbox is sent by the same clock). */
  now: Date;
}

/**
 * Writes a notification into the outbox inside the caller's transaction: it is sent after the
 * change commits, and vanishes with it when it rolls back. The text is rendered now, so a missing
 * parameter fails the caller's transaction loudly.
 */
// Most state changes enqueue one or two: built once.
const insertNotification = preparedQuery('onetrip_notification_insert', (q) =>
  q.insert(notifications).values(placeholders(['id', 'userId', 'channel', 'recipient', 'template', 'params', 'body', 'createdAt', 'nextAttemptAt'])).returning(),
);

export async function enqueueNotification<K extends TemplateKey>(tx: Tx, input: NotificationInput<K>): Promise<NotificationRow> {
  if (!input.recipient.trim()) throw new Error('a notification needs a recipient');
  const body = renderTemplate(input.template, input.params);
  const [row] = await insertNotification(tx, { id: uuidv7(), userId: input.userId, channel: input.channel, recipient: input.recipient.trim(), template: input.template, params: input.params, body, createdAt: input.now, nextAttemptAt: input.now });
  return row!;
}

/**
 * Notifies a user on every channel their account has (SMS to their phone, e-mail to their address),
 * inside the caller's transaction. Returns what was enqueued: nothing for an account without either.
 * A caller that read the account in the same transaction passes its `contact` to save the lookup.
 */
export async function notifyUser<K extends TemplateKey>(tx: Tx, input: Omit<NotificationInput<K>, 'channel' | 'recipient' | 'userId'> & { userId: string }, contact?: Pick<typeof users.$inferSelect, 'id' | 'phone' | 'email'>): Promise<NotificationRow[]> {
  const [user] = contact?.id === input.userId ? [contact] : await tx.select({ phone: users.phone, email: users.email }).from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) throw new Error(`no user ${input.userId} to notify`);
  const out: NotificationRow[] = [];
  if (user.phone) out.push(await enqueueNotification(tx, { ...input, channel: 'sms', recipient: user.phone }));
  if (user.email) out.push(await enqueueNotification(tx, { ...input, channel: 'email', recipient: user.email }));
  return out;
}

// ---------------------------------------------------------------- sending

/** A way to deliver notifications (an SMS gateway, an SMTP relay, …). */
export interface NotificationSender {
  readonly name: string;
  /**
   * Delivers one message. `id` is the idempotency key: a provider must deliver one id at most once,
   * since a crash between sending and recording it makes the outbox send it again.
   */
  send(n: { id: string; channel: NotificationChannel; recipient: string; body: string }): Promise<{ providerRef: string }>;
}

/** The local sender: nothing leaves the machine; the outbox row itself is the inbox the web app shows. */
export const outboxSender: NotificationSender = {
  name: 'outbox',
  send: async (n) => ({ providerRef: `outbox:${n.id}` }),
};

/** Attempts before a notification is given up as `failed`. */
export const MAX_ATTEMPTS = 8;

/** The wait before retry number `attempts` + 1: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface SendReport {
  sent: number;
  /** Failed this time, to be tried again later. */
  retried: number;
  /** Failed for the last time. */
  failed: number;
}

/** Notifications claimed and recorded per transaction: one commit (one flush to disk) for up to this many. */
const CLAIM = 10;

/**
 * Sends due notifications, up to {@link CLAIM} per transaction: claim the rows (`FOR UPDATE SKIP
 * LOCKED`), send each, record each outcome, commit. Concurrent runs (several processes) claim
 * different rows and never send one twice; a crash before the commit leaves them pending, and the
 * retry carries the same idempotency keys. (One transaction per notification made the outbox cost a
 * commit per message besides the one that wrote it: on the embedded database, a flush to disk each,
 * holding its only session.)
 */
export async function sendPending(db: Db, sender: NotificationSender, options: { now: Date; batch?: number }): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  const { now, batch = 50 } = options;
  for (let done = 0; done < batch; ) {
    const want = Math.min(CLAIM, batch - done);
    const outcomes = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, now)))
        .orderBy(asc(notifications.nextAttemptAt))
        .limit(want)
        .for('update', { skipLocked: true });
      const out: (keyof SendReport)[] = [];
      for (const n of due) {
        const attempts = n.attempts + 1;
        try {
          const { providerRef } = await sender.send({ id: n.id, channel: n.channel, recipient: n.recipient, body: n.body });
          await tx.update(notifications).set({ status: 'sent', attempts, providerRef, sentAt: now, lastError: null }).where(eq(notifications.id, n.id));
          out.push('sent');
        } catch (err) {
          const lastError = `${sender.name}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
          const givenUp = attempts >= MAX_ATTEMPTS;
          await tx
            .update(notifications)
            .set({ status: givenUp ? 'failed' : 'pending', attempts, lastError, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) })
            .where(eq(notifications.id, n.id));
          out.push(givenUp ? 'failed' : 'retried');
        }
      }
      return out;
    });
    for (const o of outcomes) report[o]++;
    done += outcomes.length;
    if (outcomes.length < want) break;
  }
  return report;
}

/** The periodic job that empties the outbox through the local sender. */
export const notifySendJob = defineJob({
  name: 'notify.send',
  everyMs: 5_000,
  run: async ({ db, clock }) => {
    const report = await sendPending(db, outboxSender, { now: clock.now() });
    return report.sent + report.retried + report.failed > 0 ? 'done' : 'skipped';
  },
});

// ---------------------------------------------------------------- reading

export interface NotificationView {
  id: string;
  userId: string;
  channel: NotificationChannel;
  /** Masked unless it is the reader's own. */
  recipient: string;
  template: string;
  body: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

function maskRecipient(channel: NotificationChannel, recipient: string): string {
  if (channel === 'sms') return maskPhone(recipient);
  const [local = '', domain = ''] = recipient.split('@');
  return `${Array.from(local)[0] ?? ''}***@${domain}`;
}

/**
 * Notifications, newest first: a user's own; administrators may read anyone's (or all).
 * @throws Problem 'unauthenticated'; 'forbidden' when a non-administrator asks for someone else's.
 */
export async function listNotifications(ctx: Ctx, filter: { userId?: string | undefined; page: number; pageSize: number }): Promise<{ items: NotificationView[]; total: number }> {
  const actor = requireActor(ctx.actor);
  const admin = hasRole(actor, 'admin');
  if (!filter.userId || filter.userId === actor.id) {
    // An administrator's "all" is the accounts they administer: the staff of their subtree (applicants belong to none).
    const mine = admin && !filter.userId ? inArray(notifications.userId, ctx.db.select({ id: users.id }).from(users).where(scopeCondition(actor, users.scopePath))) : eq(notifications.userId, actor.id);
    return queryNotifications(ctx.db, mine, filter, actor.id);
  }
  if (!admin) throw new Problem('forbidden');
  const [user] = await ctx.db.select({ scopePath: users.scopePath }).from(users).where(eq(users.id, filter.userId));
  if (!user?.scopePath || !inScope(actor, user.scopePath)) throw new Problem('not_found');
  return queryNotifications(ctx.db, eq(notifications.userId, filter.userId), filter, actor.id);
}

async function queryNotifications(q: Queryable, where: SQL | undefined, page: { page: number; pageSize: number }, readerId: string) {
  const [total] = await q.select({ n: count() }).from(notifications).where(where);
  const rows = await q
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return {
    total: total?.n ?? 0,
    // Every row here was selected by its user, so none is a kiosk number's (userId null).
    items: rows.map((n) => ({
      id: n.id, userId: n.userId!, channel: n.channel, recipient: n.userId === readerId ? n.recipient : maskRecipient(n.channel, n.recipient),
      template: n.template, body: n.body, status: n.status, attempts: n.attempts, createdAt: n.createdAt, sentAt: n.sentAt,
    })),
  };
}
