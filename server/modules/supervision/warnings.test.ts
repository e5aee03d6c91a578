import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { runJobOnce, type JobRunnerDeps } from '../../platform/jobs.js';
import { auditEntries, notifications, users } from '../../platform/schema.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildWorld, type World } from '../../test/world.js';
import { escalations } from './schema.js';
import { runWarnings } from './warnings.js';

// A case walked through its deadline on the manual clock: yellow the working day before, red after,
// then escalated while it stays red — each step recorded and notified once, whatever runs the job.

let t: TestApp;
let w: World;
let deps: JobRunnerDeps;
const at = (day: string) => `${day}T02:00:00Z`; // 10:00 in Shanghai

beforeAll(async () => {
  t = await buildTestApp({ now: at('2026-03-02') }); // Monday
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2019, 2026), 2026));
  w = await buildWorld(t);
  // Everyone who may be told has a mobile number.
  let n = 0;
  for (const u of Object.values(w.users)) await t.db.update(users).set({ phone: `1380000${String(++n).padStart(4, '0')}` }).where(eq(users.id, u.id));
  deps = { database: t.database, clock: t.clock, log: t.app.log };
}, 120_000);
afterAll(() => t.close());

const sent = async (caseNumberLike: string) =>
  t.db.select({ userId: notifications.userId, template: notifications.template, body: notifications.body }).from(notifications).where(and(like(notifications.template, 'supervision.%'), like(notifications.body, `%${caseNumberLike}%`)));
const warn = () => runJobOnce(deps, 'supervision.warnings');
const caseNumberOf = async (id: string) => (await w.must('supervisor@parent', { method: 'GET', url: `/api/v1/cases/${id}` })).case.caseNumber as string;

describe('a case through yellow, red and escalation', () => {
  let caseId: string;
  let caseNumber: string;

  it('is quiet while there is time (accepted Monday, promised 5 working days: due the next Monday)', async () => {
    caseId = (await w.makeCase('review')).id;
    caseNumber = await caseNumberOf(caseId);
    t.clock.set(at('2026-03-05'));
    expect(await warn()).toBe('skipped');
    expect(await sent(caseNumber)).toEqual([]);
  });

  it('turns yellow with one working day left: the handling department\'s reviewers and head are told, once', async () => {
    t.clock.set(at('2026-03-06'));
    expect(await warn()).toBe('done');
    const told = await sent(caseNumber);
    expect(told.map((n) => n.template)).toEqual(['supervision.yellow', 'supervision.yellow']);
    expect(new Set(told.map((n) => n.userId))).toEqual(new Set([w.users['reviewer@same'].id, w.users['departmentHead@same'].id]));
    expect(told[0]!.body).toContain('2026-03-09');
    expect(await warn()).toBe('skipped');
    expect(await sent(caseNumber)).toHaveLength(2);
  });

  it('turns red when late (Tuesday), and tells no one twice', async () => {
    t.clock.set(at('2026-03-10'));
    expect(await warn()).toBe('done');
    expect(await warn()).toBe('skipped');
    const red = (await sent(caseNumber)).filter((n) => n.template === 'supervision.red');
    expect(new Set(red.map((n) => n.userId))).toEqual(new Set([w.users['reviewer@same'].id, w.users['departmentHead@same'].id]));
  });

  it('two working days late, to the head again; five, to the county\'s supervisors (not the prefecture\'s, not another county\'s)', async () => {
    t.clock.set(at('2026-03-11'));
    expect(await warn()).toBe('done');
    expect((await sent(caseNumber)).filter((n) => n.template === 'supervision.escalated_head').map((n) => n.userId)).toEqual([w.users['departmentHead@same'].id]);
    t.clock.set(at('2026-03-13')); // four working days late
    expect(await warn()).toBe('skipped');
    t.clock.set(at('2026-03-16'));
    expect(await warn()).toBe('done');
    const supervisors = (await sent(caseNumber)).filter((n) => n.template === 'supervision.escalated_supervisor');
    expect(supervisors.map((n) => n.userId)).toEqual([w.users['supervisor@same'].id]);
    expect(supervisors[0]!.body).toContain('逾期5个工作日');
  });

  it('recorded each step once, with who was told, and audited each', async () => {
    const steps = await t.db.select().from(escalations).where(eq(escalations.caseId, caseId)).orderBy(escalations.createdAt);
    expect(steps.map((s) => [s.step, s.dueOn, s.lateDays])).toEqual([['yellow', '2026-03-09', 0], ['red', '2026-03-09', 1], ['head', '2026-03-09', 2], ['supervisor', '2026-03-09', 5]]);
    expect(steps[3]!.recipients).toEqual([w.users['supervisor@same'].id]);
    const audits = await t.db.select({ action: auditEntries.action }).from(auditEntries).where(and(eq(auditEntries.targetType, 'case'), eq(auditEntries.targetId, caseId), inArray(auditEntries.action, ['supervision.warn', 'supervision.escalate'])));
    expect(audits.map((a) => a.action).sort()).toEqual(['supervision.escalate', 'supervision.escalate', 'supervision.warn', 'supervision.warn']);
  });

  it('shows in the live list, red with its furthest step, for those who watch county A', async () => {
    const list = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.gov.id}&level=red` });
    const item = list.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item).toMatchObject({ level: 'red', daysLeft: -5, escalation: 'supervisor', promisedDueOn: '2026-03-09', handlerOrg: { id: w.units.A.market.id } });
    expect(list.counts.red).toBeGreaterThanOrEqual(1);
    expect(list.byHandler[0]).toMatchObject({ orgId: w.units.A.market.id });
    // By person: the reviewer who took the case up handles it.
    const reviewer = w.users['reviewer@same'];
    expect(item.handler).toEqual({ id: reviewer.id, name: expect.any(String) });
    expect(list.byPerson).toContainEqual(expect.objectContaining({ userId: reviewer.id, orgId: w.units.A.market.id, red: expect.any(Number) }));
    const mine = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.gov.id}&handler=${reviewer.id}` });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { handler: { id: string } | null }) => i.handler?.id === reviewer.id)).toBe(true);
    const nobody = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.gov.id}&handler=${w.users['supervisor@same'].id}` });
    expect(nobody.items).toEqual([]);
    const dept = await w.must('reviewer@same', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.market.id}` });
    expect(dept.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    const history = await w.must('supervisor@parent', { method: 'GET', url: `/api/v1/supervision/escalations?caseId=${caseId}` });
    expect(history.items.map((e: { step: string }) => e.step)).toEqual(['supervisor', 'head', 'red', 'yellow']);
  });

  it('hides county A\'s list from county B (404) and from other roles (403)', async () => {
    expect((await w.send('supervisor@sibling', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.gov.id}` })).statusCode).toBe(404);
    expect((await w.send('reviewer@sibling', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.market.id}` })).statusCode).toBe(404);
    expect((await w.send('windowClerk@same', { method: 'GET', url: '/api/v1/supervision/warnings' })).statusCode).toBe(403);
    expect((await w.send('owner', { method: 'GET', url: '/api/v1/supervision/warnings' })).statusCode).toBe(403);
  });

  it('a paused case shows as paused, and nobody is told', async () => {
    const paused = await w.makeCase('suspended');
    const number = await caseNumberOf(paused.id);
    t.clock.set(at('2026-03-30'));
    await warn();
    expect(await sent(number)).toEqual([]);
    const list = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/warnings?org=${w.units.A.gov.id}&level=paused` });
    expect(list.items.map((i: { caseId: string }) => i.caseId)).toContain(paused.id);
    expect(list.items.every((i: { level: string }) => i.level === 'paused')).toBe(true);
  });
});

describe('one job, several processes', () => {
  it('two runs at once tell everyone once: the advisory lock lets one run, and each step\'s row is written once anyway', async () => {
    t.clock.set(at('2026-04-01')); // Wednesday
    const c = await w.makeCase('review');
    const number = await caseNumberOf(c.id);
    t.clock.set(at('2026-04-08')); // due Thursday 9 April (Qingming: 4–6 April off): one working day left
    const results = await Promise.all([warn(), warn()]);
    expect(results.sort()).toEqual(['busy', 'done']);
    // Even without the lock (two processes that both got past it), the unique step row lets one writer tell.
    const both = await Promise.all([runWarnings(t.db, t.clock.now()), runWarnings(t.db, t.clock.now())]);
    expect(both.flat().filter((e) => e.caseId === c.id)).toEqual([]);
    expect((await sent(number)).map((n) => n.template)).toEqual(['supervision.yellow', 'supervision.yellow']);
    expect(await t.db.select().from(escalations).where(eq(escalations.caseId, c.id))).toHaveLength(1);
  });
});
