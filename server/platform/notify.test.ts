import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/build-test-app.js';
import { buildOrg, buildUser } from '../test/factories.js';
import { runJobOnce } from './jobs.js';
import { enqueueNotification, MAX_ATTEMPTS, notifySendJob, notifyUser, outboxSender, renderTemplate, retryDelayMs, sendPending, type NotificationSender } from './notify.js';
import { notifications, users } from './schema.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const submitted = (userId: string, caseNumber = '652301-20260302-0001') =>
  ({ userId, channel: 'sms', recipient: '13800138000', template: 'case.submitted', params: { itemName: '食品经营许可证核发', caseNumber }, now: t.clock.now() }) as const;

/** A sender that records what it was asked to send, optionally slowly or failing. */
function recordingSender(options: { delayMs?: number; fail?: (id: string) => boolean } = {}) {
  const sent: string[] = [];
  const sender: NotificationSender = {
    name: 'test',
    async send(n) {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (options.fail?.(n.id)) throw new Error('gateway timeout');
      sent.push(n.id);
      return { providerRef: `test-${n.id}` };
    },
  };
  return { sender, sent };
}

/** Clears the outbox so each test counts only its own rows. */
const emptyOutbox = () => t.db.delete(notifications);

describe('templates', () => {
  it('renders zh-CN text with its parameters', () => {
    expect(renderTemplate('case.submitted', { itemName: '食品经营许可证核发', caseNumber: '652301-20260302-0001' })).toBe('【一次办】您的食品经营许可证核发申请已提交，办件编号652301-20260302-0001。');
    expect(renderTemplate('case.accepted', { itemName: '营业执照', caseNumber: 'N1', dueOn: '2026年3月9日' })).toContain('承诺于2026年3月9日前办结');
  });

  it('fails loudly on a missing or empty parameter and on an unknown template', () => {
    expect(() => renderTemplate('case.submitted', { itemName: '营业执照' })).toThrow(/caseNumber/);
    expect(() => renderTemplate('case.submitted', { itemName: '', caseNumber: 'N1' })).toThrow(/itemName/);
    expect(() => renderTemplate('case.nonexistent', {})).toThrow(/unknown notification template/);
  });
});

describe('the outbox', () => {
  it('writes nothing when the caller\'s transaction rolls back, and the rendered row when it commits', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueNotification(tx, submitted(user.id));
        throw new Error('the case change failed');
      }),
    ).rejects.toThrow('the case change failed');
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);

    await t.db.transaction((tx) => enqueueNotification(tx, submitted(user.id)));
    const [row] = await t.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(row).toMatchObject({ status: 'pending', attempts: 0, template: 'case.submitted', body: expect.stringContaining('办件编号652301-20260302-0001'), createdAt: t.clock.now() });
  });

  it('fails the caller\'s transaction when a parameter is missing', async () => {
    const user = await buildUser(t.db);
    await expect(
      t.db.transaction((tx) => enqueueNotification(tx, { ...submitted(user.id), params: { itemName: '营业执照' } as never })),
    ).rejects.toThrow(/caseNumber/);
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
  });

  it('notifies a user on each channel their account has', async () => {
    const both = await buildUser(t.db, { phone: '13900139000' });
    await t.db.update(users).set({ email: 'zhang@example.cn' }).where(eq(users.id, both.id));
    const neither = await buildUser(t.db);
    const rows = await t.db.transaction((tx) => notifyUser(tx, { userId: both.id, template: 'case.refused', params: { itemName: '营业执照', caseNumber: 'N1', reason: '不属于本机关职权范围' }, now: t.clock.now() }));
    expect(rows.map((r) => [r.channel, r.recipient])).toEqual([['sms', '13900139000'], ['email', 'zhang@example.cn']]);
    expect(await t.db.transaction((tx) => notifyUser(tx, { userId: neither.id, template: 'case.submitted', params: { itemName: 'x', caseNumber: 'N2' }, now: t.clock.now() }))).toEqual([]);
  });
});

describe('sending', () => {
  it('sends a due notification once, with its id as the idempotency key, and marks it sent', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    const row = await t.db.transaction((tx) => enqueueNotification(tx, submitted(user.id)));
    const { sender, sent } = recordingSender();
    expect(await sendPending(t.db, sender, { now: t.clock.now() })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await sendPending(t.db, sender, { now: t.clock.now() })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sent).toEqual([row.id]);
    const [after] = await t.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, providerRef: `test-${row.id}`, sentAt: t.clock.now(), lastError: null });
  });

  it('does not send before a notification is due, and sends at most a batch', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueueNotification(tx, submitted(user.id, `N${i}`));
    });
    const { sender, sent } = recordingSender();
    expect((await sendPending(t.db, sender, { now: new Date(t.clock.now().getTime() - 1000) })).sent).toBe(0);
    expect((await sendPending(t.db, sender, { now: t.clock.now(), batch: 2 })).sent).toBe(2);
    expect((await sendPending(t.db, sender, { now: t.clock.now(), batch: 2 })).sent).toBe(1);
    expect(new Set(sent).size).toBe(3);
  });

  it('never sends one twice when two senders run at once', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    const rows = await t.db.transaction(async (tx) => {
      const out = [];
      for (let i = 0; i < 16; i++) out.push(await enqueueNotification(tx, submitted(user.id, `C${i}`)));
      return out;
    });
    // One shared record of deliveries, as a provider would see them; each send takes a while.
    const { sender, sent } = recordingSender({ delayMs: 15 });
    const [a, b] = await Promise.all([sendPending(t.db, sender, { now: t.clock.now() }), sendPending(t.db, sender, { now: t.clock.now() })]);
    expect(a.sent + b.sent).toBe(16);
    // Both did part of the work: the runs really overlapped (on PGlite their transactions interleave).
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(sent).toHaveLength(16);
    expect(new Set(sent)).toEqual(new Set(rows.map((r) => r.id)));
    const statuses = await t.db.select({ status: notifications.status, attempts: notifications.attempts }).from(notifications).where(inArray(notifications.id, rows.map((r) => r.id)));
    expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('retries a failure with exponential backoff and gives up after 8 attempts', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    const row = await t.db.transaction((tx) => enqueueNotification(tx, submitted(user.id)));
    const { sender } = recordingSender({ fail: () => true });
    let now = t.clock.now();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const report = await sendPending(t.db, sender, { now });
      expect(report).toEqual(attempt < MAX_ATTEMPTS ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 });
      const [r] = await t.db.select().from(notifications).where(eq(notifications.id, row.id));
      expect(r).toMatchObject({ attempts: attempt, status: attempt < MAX_ATTEMPTS ? 'pending' : 'failed', lastError: 'test: gateway timeout' });
      if (attempt < MAX_ATTEMPTS) {
        // Not retried before its time …
        expect((await sendPending(t.db, sender, { now: new Date(r!.nextAttemptAt.getTime() - 1) })).retried).toBe(0);
        delays.push(r!.nextAttemptAt.getTime() - now.getTime());
        now = r!.nextAttemptAt; // … and retried when it comes.
      }
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(delays).toEqual(delays.map((_, i) => retryDelayMs(i + 1)));
    // Given up: never picked again.
    expect(await sendPending(t.db, sender, { now: new Date(now.getTime() + 86_400_000) })).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('sends through the local outbox as the notify.send job', async () => {
    await emptyOutbox();
    const user = await buildUser(t.db);
    const row = await t.db.transaction((tx) => enqueueNotification(tx, submitted(user.id)));
    const deps = { database: t.database, clock: t.clock, log: t.app.log };
    expect(await runJobOnce(deps, 'notify.send')).toBe('done');
    expect(await runJobOnce(deps, 'notify.send', [notifySendJob])).toBe('skipped');
    const [after] = await t.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(after).toMatchObject({ status: 'sent', providerRef: `outbox:${row.id}` });
    expect(outboxSender.name).toBe('outbox');
  });
});

describe('GET /api/v1/notifications', () => {
  it('shows applicants their own, newest first and paginated; administrators those of their subtree\'s staff, masked', async () => {
    await emptyOutbox();
    const me = await buildUser(t.db);
    const org = await buildOrg(t.db);
    const other = await buildUser(t.db, { role: 'reviewer', org: await buildOrg(t.db, { parent: org }) });
    const admin = await buildUser(t.db, { role: 'admin', org });
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      await t.db.transaction((tx) => enqueueNotification(tx, submitted(me.id, `MINE-${i}`)));
    }
    await t.db.transaction((tx) => enqueueNotification(tx, submitted(other.id, 'THEIRS')));

    const page1 = await t.injectAs(me, { method: 'GET', url: '/api/v1/notifications?pageSize=2' });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().total).toBe(3);
    expect(page1.json().items.map((n: { body: string }) => n.body.match(/MINE-\d/)![0])).toEqual(['MINE-2', 'MINE-1']);
    expect(page1.json().items[0]).toMatchObject({ channel: 'sms', recipient: '13800138000', status: 'pending', template: 'case.submitted' });
    const page2 = await t.injectAs(me, { method: 'GET', url: '/api/v1/notifications?pageSize=2&page=2' });
    expect(page2.json().items.map((n: { body: string }) => n.body.match(/MINE-\d/)![0])).toEqual(['MINE-0']);

    const snooping = await t.injectAs(me, { method: 'GET', url: `/api/v1/notifications?userId=${other.id}` });
    expect([snooping.statusCode, snooping.json().code]).toEqual([403, 'forbidden']);

    const all = await t.injectAs(admin, { method: 'GET', url: '/api/v1/notifications' });
    expect(all.json().total).toBe(1); // the staff member's; applicants belong to no administrator's subtree
    const theirs = await t.injectAs(admin, { method: 'GET', url: `/api/v1/notifications?userId=${other.id}` });
    expect(theirs.json().items).toHaveLength(1);
    expect(theirs.json().items[0].recipient).toBe('138****8000');
    const applicants = await t.injectAs(admin, { method: 'GET', url: `/api/v1/notifications?userId=${me.id}` });
    expect([applicants.statusCode, applicants.json().code]).toEqual([404, 'not_found']);
    const elsewhere = await buildUser(t.db, { role: 'admin', org: await buildOrg(t.db) });
    expect((await t.injectAs(elsewhere, { method: 'GET', url: `/api/v1/notifications?userId=${other.id}` })).statusCode).toBe(404);

    expect((await t.injectAs(null, { method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});
