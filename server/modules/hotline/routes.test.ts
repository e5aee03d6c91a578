import { eq, inArray } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, makeCalendar } from '../../../common/working-days.js';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { runJobOnce } from '../../platform/jobs.js';
import { auditEntries, notifications } from '../../platform/schema.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildUser } from '../../test/factories.js';
import { storeFile } from '../../platform/files.js';
import type { OrgRow } from '../orgs/index.js';
import { hotlineEscalations, ticketEvents } from './schema.js';
import { setupHotline } from './test-fixture.js';

// The hotline through its API: a prefecture (652300) whose government-services centre runs 12345,
// counties A (652301) and B (652302) with their departments, and the staff of each.

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let P: OrgRow, centre: OrgRow, A: OrgRow, aMarket: OrgRow, aHousing: OrgRow, B: OrgRow, bMarket: OrgRow;
let agent: User, agent2: User, marketReviewer: User, marketHead: User, housingReviewer: User, bHead: User, supA: User, supP: User, admin: User, applicant: User;
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
let calendar: ReturnType<typeof makeCalendar>;

beforeAll(async () => {
  t = await buildTestApp({ now: at('2026-03-02') });
  const days = officialCalendarDays(2019, 2026);
  await t.db.transaction((tx) => importCalendarDays(tx, days, 2026));
  calendar = makeCalendar(days);
  P = await buildOrg(t.db, { name: '昌吉回族自治州人民政府', shortName: '昌吉州', regionCode: '652300' });
  centre = await buildOrg(t.db, { parent: P, kind: 'department', deptKey: 'government-services', name: '昌吉州政务服务中心', shortName: '州政务服务中心' });
  A = await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652301', name: '昌吉市人民政府', shortName: '昌吉市' });
  aMarket = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'market', name: '昌吉市市场监督管理局', shortName: '昌吉市市场监管局' });
  aHousing = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'housing', name: '昌吉市住房和城乡建设局', shortName: '昌吉市住建局' });
  B = await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652302', name: '阜康市人民政府', shortName: '阜康市' });
  bMarket = await buildOrg(t.db, { parent: B, kind: 'department', deptKey: 'market', name: '阜康市市场监督管理局', shortName: '阜康市市场监管局' });
  agent = await buildUser(t.db, { role: 'hotlineAgent', org: centre });
  agent2 = await buildUser(t.db, { role: 'hotlineAgent', org: centre });
  marketReviewer = await buildUser(t.db, { role: 'reviewer', org: aMarket, phone: '13900000001' });
  marketHead = await buildUser(t.db, { roles: ['departmentHead', 'reviewer'], org: aMarket, phone: '13900000002' });
  housingReviewer = await buildUser(t.db, { role: 'reviewer', org: aHousing });
  bHead = await buildUser(t.db, { roles: ['departmentHead', 'reviewer'], org: bMarket });
  supA = await buildUser(t.db, { role: 'supervisor', org: A, phone: '13900000003' });
  supP = await buildUser(t.db, { role: 'supervisor', org: P });
  admin = await buildUser(t.db, { role: 'admin', org: P });
  applicant = await buildUser(t.db, { role: 'applicant', phone: '13899120009' });
  await setupHotline(t.db, {
    centre, issuer: admin,
    rules: [{ categoryCode: '02', org: aMarket, regionCode: '652301' }, { categoryCode: '01', org: aHousing, regionCode: '652301' }, { categoryCode: '02', org: bMarket, regionCode: '652302' }],
  });
}, 120_000);
afterAll(() => t.close());

const send = (user: User | null, options: InjectOptions) => t.injectAs(user, options);
async function must(user: User | null, options: InjectOptions, status = 200) {
  const res = await send(user, options);
  expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBe(status);
  return res.json();
}
const problem = async (user: User | null, options: InjectOptions) => {
  const res = await send(user, options);
  return [res.statusCode, res.headers['content-type']?.toString().startsWith('application/problem+json') ? res.json().code : res.body];
};
const step = (id: string, path: string, payload: object) => ({ method: 'POST' as const, url: `/api/v1/hotline/tickets/${id}/${path}`, payload });

const complaint = (over: object = {}) => ({
  type: 'complaint', urgency: 'normal', categoryCode: '0201', description: '在宁边西路一家饭店吃饭后腹泻，后厨卫生差，要求查处。', regionCode: '652301', townshipCode: '652301001',
  address: '昌吉市宁边西路88号', caller: { name: '王先生', phone: '13812341234', consentCallback: true }, ...over,
});
const file = (payload: object = complaint(), user: User = agent) => must(user, { method: 'POST', url: '/api/v1/hotline/tickets', payload }, 201);
const smsTo = async (phone: string) => (await t.db.select().from(notifications).where(eq(notifications.recipient, phone))).map((n) => n.template);

describe('a ticket followed from the call to the callback', () => {
  it('filed → dispatched → returned once → re-dispatched → replied → called back unsatisfied → reopened → replied → satisfied → closed', async () => {
    t.clock.set(at('2026-03-02', '09:00'));
    const filed = await file();
    expect(filed).toMatchObject({ status: 'received', channel: 'phone', number: expect.stringMatching(/^12345-20260302-\d{5}$/), allowedActions: ['answer', 'dispatch', 'close', 'merge'] });
    // The agent who took the call sees the number whole; another agent sees it masked.
    expect(filed.caller).toMatchObject({ name: '王先生', phone: '13812341234' });
    expect((await must(agent2, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` })).caller).toMatchObject({ name: '王**', phone: '138****1234' });
    expect(await smsTo('13812341234')).toContain('hotline.received');
    // On the centre's board it waits to be dispatched within a working day (dispatchDays), the day the ticket page shows too.
    const dispatchDueOn = addWorkingDays('2026-03-02', 1, calendar);
    expect(filed.dispatchDueOn).toBe(dispatchDueOn);
    const board = await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=centre&q=${filed.number}` });
    expect(board.items).toEqual([expect.objectContaining({ id: filed.id, status: 'received', dispatchDueOn, dueOn: null })]);

    // The suggestion names the food-safety category and who handles it in county A.
    const suggestion = await must(agent, { method: 'GET', url: `/api/v1/hotline/dispatch/suggest?text=${encodeURIComponent(filed.description)}&region=652301` });
    expect(suggestion.categories[0].code).toBe('0201');
    expect(suggestion.orgs[0]).toMatchObject({ orgId: aMarket.id, why: 'rule' });

    // Dispatched to the wrong organisation: it returns it, with its reason.
    t.clock.set(at('2026-03-02', '10:00'));
    let v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aHousing.id }));
    expect(v).toMatchObject({ status: 'dispatched', round: 1, leadOrg: { id: aHousing.id }, dueOn: addWorkingDays('2026-03-02', 5, calendar), limitDays: 5 });
    expect(v.tasks[0]).toMatchObject({ role: 'lead', status: 'open', dueOn: '2026-03-09', warning: 'none', daysLeft: 5 });
    expect(await problem(marketReviewer, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` })).toEqual([404, 'not_found']);
    const housingView = await must(housingReviewer, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` });
    expect(housingView.allowedActions).toEqual(['reply', 'returnDispatch', 'requestExtension']);
    // The caller did not agree to share their details with the handling organisation.
    expect(housingView.caller).toMatchObject({ name: null, phone: null });
    v = await must(housingReviewer, step(filed.id, 'return', { version: v.version, reason: '食品安全不属于住建部门职责，请改派市场监管局。' }));
    expect(v).toMatchObject({ status: 'returned', returnedBy: [aHousing.id] });
    expect(v.tasks[0]).toMatchObject({ status: 'returned', returnReason: expect.stringContaining('市场监管') });

    // The centre re-dispatches to the responsible one.
    t.clock.set(at('2026-03-02', '11:00'));
    v = await must(agent, step(filed.id, 'dispatch', { version: v.version, leadOrg: aMarket.code }));
    expect(v).toMatchObject({ status: 'dispatched', round: 2, leadOrg: { id: aMarket.id }, firstDispatchedOn: '2026-03-02' });
    expect(await smsTo('13900000001')).toContain('hotline.dispatched');
    const inbox = await must(marketReviewer, { method: 'GET', url: '/api/v1/hotline/tickets?box=handling' });
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(filed.id);
    expect(inbox.items.find((i: { id: string }) => i.id === filed.id)).toMatchObject({ callerPhone: null, task: { role: 'lead', dueOn: '2026-03-09' } });

    // Stale versions lose.
    expect(await problem(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${v.tasks[1].id}/reply`, payload: { version: v.version - 1, text: '已处理' } })).toEqual([409, 'version_conflict']);

    t.clock.set(at('2026-03-04', '15:00'));
    const lead = v.tasks.find((x: { round: number }) => x.round === 2);
    v = await must(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${lead.id}/reply`, payload: { version: v.version, text: '已到现场检查，责令该店停业整顿，并对其立案调查。' } });
    expect(v).toMatchObject({ status: 'replied', callbackDueOn: '2026-03-05' });
    expect(await smsTo('13812341234')).toContain('hotline.replied');
    // At the callback step the centre's agents see the number whole.
    expect((await must(agent2, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` })).caller.phone).toBe('13812341234');

    // Reached, not satisfied: the centre reopens it, once, to the same organisation with a new limit.
    t.clock.set(at('2026-03-05', '10:00'));
    expect(await problem(agent, step(filed.id, 'callback', { version: v.version, reached: true, note: '接通' }))).toEqual([400, 'validation_failed']);
    v = await must(agent, step(filed.id, 'callback', { version: v.version, reached: true, satisfied: false, note: '来电人认为处罚太轻，不满意。' }));
    expect(v).toMatchObject({ status: 'replied', lastCallback: { reached: true, satisfied: false } });
    expect(v.allowedActions).toEqual(['callback', 'reopen', 'close', 'merge']);
    v = await must(agent, step(filed.id, 'reopen', { version: v.version, reason: '来电人不满意，请进一步核查并答复处理结果。' }));
    expect(v).toMatchObject({ status: 'dispatched', round: 3, reopened: true, leadOrg: { id: aMarket.id }, dueOn: addWorkingDays('2026-03-05', 5, calendar) });
    // The market department used no return of its own: it may still return now, but not the housing department's.
    expect((await must(marketReviewer, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` })).allowedActions).toContain('returnDispatch');

    t.clock.set(at('2026-03-06', '16:00'));
    const third = v.tasks.find((x: { round: number }) => x.round === 3);
    v = await must(marketHead, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${third.id}/reply`, payload: { version: v.version, text: '已依法处以罚款，并责令整改到位后方可营业。' } });
    expect(v.status).toBe('replied');
    t.clock.set(at('2026-03-09', '09:30'));
    v = await must(agent, step(filed.id, 'callback', { version: v.version, reached: true, satisfied: true, note: '满意' }));
    expect(v).toMatchObject({ status: 'closed', resolution: 'calledBack', allowedActions: [] });
    expect(await problem(agent, step(filed.id, 'reopen', { version: v.version, reason: '再次' }))).toEqual([409, 'hotline.invalid_transition']);

    const actions = v.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['file', 'dispatch', 'returnDispatch', 'dispatch', 'reply', 'callback', 'reopen', 'reply', 'callback']);
    expect(v.callbacks.map((c: { satisfied: boolean }) => c.satisfied)).toEqual([false, true]);
    const audits = await t.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, filed.id)).orderBy(auditEntries.seq);
    expect(audits.map((a) => a.action)).toEqual(['hotline.file', 'hotline.dispatch', 'hotline.returnDispatch', 'hotline.dispatch', 'hotline.reply', 'hotline.callback', 'hotline.reopen', 'hotline.reply', 'hotline.callback']);
    // The events are append-only.
    await expect(t.db.delete(ticketEvents).where(eq(ticketEvents.ticketId, filed.id))).rejects.toThrow();
  });

  it('refuses a second return by the same organisation after the centre insists; reopening is once', async () => {
    t.clock.set(at('2026-03-10', '09:00'));
    const filed = await file();
    let v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aMarket.id }));
    v = await must(marketReviewer, step(filed.id, 'return', { version: v.version, reason: '地址不在本辖区。' }));
    v = await must(agent, step(filed.id, 'insist', { version: v.version, note: '地址核实在昌吉市辖区内，请予办理。' }));
    expect(v).toMatchObject({ status: 'dispatched', round: 2, leadOrg: { id: aMarket.id } });
    expect(v.allowedActions).not.toContain('returnDispatch');
    expect(await problem(marketReviewer, step(filed.id, 'return', { version: v.version, reason: '再次退回' }))).toEqual([409, 'hotline.return_used']);

    const task = v.tasks.find((x: { status: string }) => x.status === 'open');
    v = await must(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${task.id}/reply`, payload: { version: v.version, text: '已处理。' } });
    v = await must(agent, step(filed.id, 'callback', { version: v.version, reached: true, satisfied: false, note: '不满意' }));
    v = await must(agent, step(filed.id, 'reopen', { version: v.version, reason: '重办' }));
    const again = v.tasks.find((x: { status: string }) => x.status === 'open');
    v = await must(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${again.id}/reply`, payload: { version: v.version, text: '已再次处理。' } });
    v = await must(agent, step(filed.id, 'callback', { version: v.version, reached: true, satisfied: false, note: '仍不满意' }));
    expect(v.allowedActions).not.toContain('reopen');
    expect(await problem(agent, step(filed.id, 'reopen', { version: v.version, reason: '再重办' }))).toEqual([409, 'hotline.reopen_used']);
    v = await must(agent, step(filed.id, 'close', { version: v.version, note: '已两次办理并答复，依规办结。' }));
    expect(v).toMatchObject({ status: 'closed', resolution: 'closedByCentre' });
  });
});

describe('joint handling and extensions', () => {
  it('is replied only when the lead and every co-handling organisation have answered', async () => {
    t.clock.set(at('2026-03-11', '09:00'));
    const filed = await file(complaint({ description: '小区门口饭店油烟扰民，占道经营。' }));
    let v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aMarket.id, coOrgs: [aHousing.id] }));
    expect(v.tasks.map((x: { role: string; status: string }) => `${x.role}:${x.status}`)).toEqual(['lead:open', 'co:open']);
    expect(await problem(agent, step(filed.id, 'dispatch', { version: v.version, leadOrg: aMarket.id }))).toEqual([409, 'hotline.invalid_transition']);
    const [lead, co] = v.tasks;
    // A co-handler may reply to its own task only, and may not return the ticket.
    expect(await problem(housingReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${lead.id}/reply`, payload: { version: v.version, text: 'x' } })).toEqual([403, 'forbidden']);
    expect(await problem(housingReviewer, step(filed.id, 'return', { version: v.version, reason: '不归我们' }))).toEqual([403, 'forbidden']);
    v = await must(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${lead.id}/reply`, payload: { version: v.version, text: '已责令饭店安装油烟净化设施。' } });
    expect(v.status).toBe('dispatched');
    v = await must(housingReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${filed.id}/tasks/${co.id}/reply`, payload: { version: v.version, text: '已清理占道经营。' } });
    expect(v).toMatchObject({ status: 'replied' });
    expect(v.tasks.every((x: { status: string }) => x.status === 'replied')).toBe(true);
  });

  it('grants one extension, on the centre\'s approval, moving every open task\'s deadline', async () => {
    t.clock.set(at('2026-03-12', '09:00'));
    const filed = await file();
    let v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aMarket.id }));
    const due = v.dueOn;
    v = await must(marketHead, step(filed.id, 'extension', { version: v.version, days: 3, reason: '需送检，检测报告需3个工作日。' }));
    expect(v.extension).toMatchObject({ status: 'pending', days: 3 });
    expect(await problem(marketHead, step(filed.id, 'extension', { version: v.version, days: 2, reason: '再延' }))).toEqual([409, 'hotline.extension_used']);
    expect(await problem(marketHead, step(filed.id, 'extension/decide', { version: v.version, approve: true }))).toEqual([403, 'forbidden']);
    const board = await must(agent, { method: 'GET', url: '/api/v1/hotline/tickets?box=centre' });
    expect(board.items.find((i: { id: string }) => i.id === filed.id)).toMatchObject({ extensionPending: true });
    v = await must(agent, step(filed.id, 'extension/decide', { version: v.version, approve: true, note: '同意' }));
    expect(v.extension.status).toBe('approved');
    expect(v.dueOn).toBe(addWorkingDays(due, 3, calendar));
    expect(v.tasks[0]).toMatchObject({ dueOn: v.dueOn, limitDays: 8 });
  });
});

describe('duplicates and hot topics', () => {
  it('merges a duplicate into the main ticket: it follows it, and both callers hear the outcome', async () => {
    t.clock.set(at('2026-03-13', '09:00'));
    const main = await file(complaint({ categoryCode: '0101', type: 'report', description: '和谐小区门口垃圾多日未清运。', caller: { name: '李女士', phone: '13812345001', consentCallback: true } }));
    const dup = await file(complaint({ categoryCode: '0101', type: 'report', description: '和谐小区北门垃圾没人清理。', caller: { name: '赵先生', phone: '13812345002', consentCallback: true } }));
    let m = await must(agent, step(main.id, 'dispatch', { version: main.version, leadOrg: aHousing.id }));
    expect(await problem(agent, step(dup.id, 'merge', { version: dup.version, into: dup.id }))).toEqual([409, 'hotline.bad_merge']);
    const merged = await must(agent, step(dup.id, 'merge', { version: dup.version, into: main.number }));
    expect(merged).toMatchObject({ status: 'merged', mergedInto: main.id, mergedIntoTicket: { number: main.number, status: 'dispatched' }, allowedActions: [] });
    expect(await smsTo('13812345002')).toContain('hotline.merged');
    m = await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets/${main.id}` });
    expect(m.duplicates).toEqual([{ id: dup.id, number: dup.number }]);
    expect(m.events.at(-1)).toMatchObject({ action: 'merge', data: { merged: dup.id } });

    const task = m.tasks[0];
    m = await must(housingReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${main.id}/tasks/${task.id}/reply`, payload: { version: m.version, text: '已安排环卫清运，并增加清运频次。' } });
    expect(await smsTo('13812345001')).toContain('hotline.replied');
    expect(await smsTo('13812345002')).toContain('hotline.replied');
    await must(agent, step(main.id, 'callback', { version: m.version, reached: true, satisfied: true, note: '满意' }));
    expect(await smsTo('13812345002')).toContain('hotline.closed');
    expect(await problem(agent, step(dup.id, 'merge', { version: merged.version, into: main.id }))).toEqual([409, 'hotline.invalid_transition']);
  });

  it('shows three tickets of one category in one street within seven days as a hot topic', async () => {
    t.clock.set(at('2026-03-16', '09:00'));
    for (const d of ['占道经营，夜市摊贩堵路。', '夜市摊贩占道经营。', '夜市摆摊堵塞人行道。']) {
      await file(complaint({ categoryCode: '0101', type: 'report', description: d, townshipCode: '652301005', caller: { anonymous: true } }));
    }
    const hot = await must(agent, { method: 'GET', url: '/api/v1/hotline/hot-topics' });
    const topic = hot.topics.find((x: { townshipCode: string }) => x.townshipCode === '652301005');
    expect(topic).toMatchObject({ categoryCode: '0101', categoryName: '市容环境', kind: 'township' });
    expect(topic.numbers).toHaveLength(3);
    // Supervisors of county A see it too (the tickets are at a centre above them: only those dispatched into county A count).
    expect((await must(supP, { method: 'GET', url: '/api/v1/hotline/hot-topics' })).topics.length).toBeGreaterThan(0);
    expect(await problem(marketReviewer, { method: 'GET', url: '/api/v1/hotline/hot-topics' })).toEqual([403, 'forbidden']);
  });
});

describe('who sees what', () => {
  it('hides a ticket outside the actor\'s reach (404), lets supervisors read their subtree, and refuses what their role may not do', async () => {
    t.clock.set(at('2026-03-17', '09:00'));
    const filed = await file();
    const v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aMarket.id }));
    const url = `/api/v1/hotline/tickets/${filed.id}`;
    expect(await problem(bHead, { method: 'GET', url })).toEqual([404, 'not_found']);
    // Applicants never use the staff's routes.
    expect(await problem(applicant, { method: 'GET', url })).toEqual([403, 'forbidden']);
    expect(await problem(null, { method: 'GET', url })).toEqual([401, 'unauthenticated']);
    const seen = await must(supA, { method: 'GET', url });
    expect(seen).toMatchObject({ allowedActions: [], caller: { phone: '138****1234', name: '王**' } });
    expect(await problem(supA, step(filed.id, 'merge', { version: v.version, into: filed.number }))).toEqual([403, 'forbidden']);
    // The state speaks first when it is the reason: a dispatched ticket cannot be closed by anyone.
    expect(await problem(supA, step(filed.id, 'close', { version: v.version, note: 'x' }))).toEqual([409, 'hotline.invalid_transition']);
    expect(await problem(bHead, step(filed.id, 'return', { version: v.version, reason: 'x' }))).toEqual([404, 'not_found']);
    expect(await problem(marketReviewer, step(filed.id, 'merge', { version: v.version, into: filed.number }))).toEqual([403, 'forbidden']);
    // Lists: B's head sees none of A's; the centre's board is for agents.
    const bList = await must(bHead, { method: 'GET', url: '/api/v1/hotline/tickets?box=handling' });
    expect(bList.items.map((i: { id: string }) => i.id)).not.toContain(filed.id);
    expect(await problem(marketReviewer, { method: 'GET', url: '/api/v1/hotline/tickets?box=centre' })).toEqual([403, 'forbidden']);
    const all = await must(supA, { method: 'GET', url: `/api/v1/hotline/tickets?box=all&q=${filed.number.slice(0, 14)}` });
    expect(all.items.map((i: { id: string }) => i.id)).toContain(filed.id);
  });

  it('refuses filings the centre cannot take: an unknown or grouping category, a region outside it, a callback without a number', async () => {
    expect(await problem(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: complaint({ categoryCode: '02' }) })).toEqual([400, 'hotline.unknown_category']);
    expect(await problem(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: complaint({ regionCode: '110101', townshipCode: undefined }) })).toEqual([400, 'hotline.region_outside']);
    expect(await problem(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: complaint({ caller: { anonymous: true, consentCallback: true } }) })).toEqual([400, 'hotline.callback_needs_contact']);
    expect(await problem(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: complaint({ fileIds: ['a'.repeat(64)] }) })).toEqual([400, 'validation_failed']);
    expect(await problem(marketReviewer, { method: 'POST', url: '/api/v1/hotline/tickets', payload: complaint() })).toEqual([403, 'forbidden']);
  });
});

describe('answering on the spot', () => {
  it('finds articles and catalog notices as you type, and closes a consultation with the answer and its sources', async () => {
    const { record } = await buildItem(t.db, { record: { name: '食品经营许可证核发', keywords: ['餐饮许可'] } });
    const article = await must(agent, { method: 'POST', url: '/api/v1/hotline/articles', payload: { title: '开饭店需要办哪些证', body: '开饭店一般需要营业执照和食品经营许可证，可在政务服务中心一窗办理。', categoryCode: '0502', keywords: ['开饭店', '餐饮'] } }, 201);
    expect(article).toMatchObject({ version: 1, revisions: [{ version: 1 }] });
    const found = await must(agent, { method: 'GET', url: `/api/v1/hotline/knowledge?q=${encodeURIComponent('开饭店 食品经营许可')}` });
    expect(found.articles[0]).toMatchObject({ id: article.id });
    expect(found.notices.map((n: { itemCode: string }) => n.itemCode)).toContain(record.code);

    const edited = await must(agent, { method: 'PATCH', url: `/api/v1/hotline/articles/${article.id}`, payload: { version: 1, body: '开饭店一般需要营业执照和食品经营许可证（可同时申请），可在政务服务中心一窗办理。' } });
    expect(edited).toMatchObject({ version: 2, revisions: [{ version: 2 }, { version: 1 }] });
    expect(await problem(agent, { method: 'PATCH', url: `/api/v1/hotline/articles/${article.id}`, payload: { version: 1, title: 'x' } })).toEqual([409, 'version_conflict']);
    expect(await problem(marketReviewer, { method: 'POST', url: '/api/v1/hotline/articles', payload: { title: 'x', body: 'y' } })).toEqual([403, 'forbidden']);

    const answered = await file({
      type: 'consultation', urgency: 'normal', categoryCode: '0502', description: '想开饭店，问要办什么证。', regionCode: '652301', caller: { anonymous: true },
      answer: { text: '告知需办理营业执照和食品经营许可证，可一窗办理。', sources: [{ kind: 'article', id: article.id }, { kind: 'notice', itemCode: record.code }] },
    });
    expect(answered).toMatchObject({ status: 'closed', resolution: 'answeredOnSpot', answer: { sources: [{ kind: 'article', title: '开饭店需要办哪些证' }, { kind: 'notice', ref: record.code }] } });
    expect(answered.events.map((e: { action: string }) => e.action)).toEqual(['file', 'answer']);
    expect(await problem(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: { ...complaint(), answer: { text: 'x', sources: [{ kind: 'notice', itemCode: 'NOPE' }] } } })).toEqual([400, 'hotline.unknown_source']);
  });
});

describe('the public', () => {
  it('submits online, gets a number and a follow-up code, and follows the ticket with it', async () => {
    t.clock.set(at('2026-03-18', '20:00'));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/public/tickets', payload: { channel: 'web', type: 'suggestion', categoryCode: '0302', description: '建议增开早高峰公交班次。', regionCode: '652301', caller: { name: '周女士', phone: '13812349999' } }, remoteAddress: '10.1.1.1' });
    expect(res.statusCode, res.body).toBe(201);
    const { number, followUpCode } = res.json();
    expect(followUpCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await smsTo('13812349999')).toContain('hotline.received_code');
    const followed = await must(null, { method: 'GET', url: `/api/v1/hotline/public/tickets/${number}?code=${followUpCode.toLowerCase()}` });
    expect(followed).toMatchObject({ number, status: 'received', type: 'suggestion', category: { code: '0302' }, reply: null, timeline: [{ action: 'file' }] });
    expect(JSON.stringify(followed)).not.toContain('13812349999');
    expect(await problem(null, { method: 'GET', url: `/api/v1/hotline/public/tickets/${number}?code=WRONG234` })).toEqual([404, 'not_found']);
    expect(await problem(null, { method: 'GET', url: `/api/v1/hotline/public/tickets/${number}` })).toEqual([404, 'not_found']);

    // A signed-in applicant follows their own without the code.
    const own = await must(applicant, { method: 'POST', url: '/api/v1/hotline/public/tickets', payload: { channel: 'mobile', type: 'complaint', categoryCode: '0203', description: '健身房预付卡退费难。', regionCode: '652301', caller: { name: '申请人', phone: '13899120009', consentCallback: true } } }, 201);
    expect(await must(applicant, { method: 'GET', url: `/api/v1/hotline/public/tickets/${own.number}` })).toMatchObject({ number: own.number });
    const mine = await must(applicant, { method: 'GET', url: '/api/v1/hotline/public/mine' });
    expect(mine.items.map((i: { number: string }) => i.number)).toEqual([own.number]);

    // The public sees the handling organisation's answer once it is given.
    const [ticket] = (await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=centre&q=${own.number}` })).items;
    const v = await must(agent, step(ticket.id, 'dispatch', { version: ticket.version, leadOrg: aMarket.id }));
    await must(marketReviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${ticket.id}/tasks/${v.tasks[0].id}/reply`, payload: { version: v.version, text: '已约谈商家，同意按剩余次数退费。' } });
    expect(await must(applicant, { method: 'GET', url: `/api/v1/hotline/public/tickets/${own.number}` })).toMatchObject({ status: 'replied', handlingOrg: { name: aMarket.name }, reply: { text: '已约谈商家，同意按剩余次数退费。' } });
  });

  it('attaches only files the submitter uploaded', async () => {
    const info = await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.from('%PDF-1.4\nphoto of the stall\n%%EOF\n'), name: 'photo.pdf', declaredType: 'application/pdf', ownerId: applicant.id }));
    const body = { channel: 'web', type: 'report', categoryCode: '0101', description: '人行道被占。', regionCode: '652301', caller: { anonymous: true }, fileIds: [info.id] };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/hotline/public/tickets', payload: body, remoteAddress: '10.1.1.2' })).statusCode).toBe(400);
    const { number } = await must(applicant, { method: 'POST', url: '/api/v1/hotline/public/tickets', payload: body }, 201);
    const [ticket] = (await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=centre&q=${number}` })).items;
    expect((await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets/${ticket.id}` })).attachments).toEqual([expect.objectContaining({ id: info.id, name: 'photo.pdf' })]);
    expect((await send(agent, { method: 'GET', url: `/api/v1/files/${info.id}` })).statusCode).toBe(200);
    expect((await send(bHead, { method: 'GET', url: `/api/v1/files/${info.id}` })).statusCode).toBe(404);
  });
});

describe('warnings and escalation', () => {
  it('tells the handling department when a task turns yellow and red, and escalates it two working days late — once', async () => {
    t.clock.set(at('2026-03-19', '09:00'));
    const filed = await file(complaint({ type: 'helpRequest', urgency: 'urgent' }));
    const v = await must(agent, step(filed.id, 'dispatch', { version: filed.version, leadOrg: aMarket.id }));
    expect(v.tasks[0]).toMatchObject({ limitDays: 2, dueOn: '2026-03-23' });
    const run = () => runJobOnce({ database: t.database, clock: t.clock, log: t.app.log }, 'hotline.warnings');
    const steps = async () => (await t.db.select().from(hotlineEscalations).where(eq(hotlineEscalations.ticketId, filed.id))).map((e) => e.step).sort();

    t.clock.set(at('2026-03-20', '09:00'));
    expect(await run()).toBe('done');
    expect(await steps()).toEqual(['yellow']);
    t.clock.set(at('2026-03-24', '09:00'));
    await run();
    expect(await steps()).toEqual(['red', 'yellow']);
    expect((await must(marketReviewer, { method: 'GET', url: `/api/v1/hotline/tickets/${filed.id}` })).warning).toBe('red');
    t.clock.set(at('2026-03-25', '09:00'));
    await run();
    t.clock.set(at('2026-03-26', '09:00'));
    await run();
    expect(await steps()).toEqual(['escalated', 'red', 'yellow']);
    await run();
    expect(await steps()).toEqual(['escalated', 'red', 'yellow']);
    const told = (await t.db.select().from(notifications).where(inArray(notifications.template, ['hotline.yellow', 'hotline.red', 'hotline.escalated']))).filter((n) => (n.params as { number: string }).number === filed.number);
    expect(told.filter((n) => n.template === 'hotline.escalated').map((n) => n.recipient).sort()).toEqual(['13900000002', '13900000003']);
    expect(told.filter((n) => n.template === 'hotline.yellow').map((n) => n.recipient).sort()).toEqual(['13900000001', '13900000002']);
  });
});

describe('the centre\'s configuration', () => {
  it('lets administrators of the centre change the limits and the dispatch rules, audited; others may not', async () => {
    const settings = await must(agent, { method: 'GET', url: '/api/v1/hotline/settings' });
    expect(settings).toMatchObject({ centre: { id: centre.id }, limits: { complaint: { normal: 5, urgent: 3, critical: 1 } }, callbackDays: 1 });
    const body = { ...settings, limits: { ...settings.limits, complaint: { normal: 4, urgent: 2, critical: 1 } } };
    delete body.centre;
    delete body.centreOrgId;
    delete body.updatedAt;
    expect(await problem(agent, { method: 'PUT', url: '/api/v1/hotline/settings', payload: body })).toEqual([403, 'forbidden']);
    const bad = { ...body, limits: { ...body.limits, report: { normal: 3, urgent: 5, critical: 1 } } };
    expect(await problem(admin, { method: 'PUT', url: '/api/v1/hotline/settings', payload: bad })).toEqual([400, 'validation_failed']);
    const saved = await must(admin, { method: 'PUT', url: '/api/v1/hotline/settings', payload: body });
    expect(saved).toMatchObject({ version: settings.version + 1, limits: { complaint: { normal: 4 } } });
    expect(await problem(admin, { method: 'PUT', url: '/api/v1/hotline/settings', payload: body })).toEqual([409, 'version_conflict']);
    await must(admin, { method: 'PUT', url: '/api/v1/hotline/settings', payload: { ...body, version: saved.version, limits: settings.limits } });

    const rule = await must(admin, { method: 'POST', url: '/api/v1/hotline/dispatch-rules', payload: { categoryCode: '0301', regionCode: '652301', org: aHousing.id, note: '临时' } }, 201);
    expect(rule).toMatchObject({ categoryCode: '0301', org: { id: aHousing.id } });
    expect(await problem(admin, { method: 'POST', url: '/api/v1/hotline/dispatch-rules', payload: { categoryCode: '0301', regionCode: '652301', org: aMarket.id } })).toEqual([409, 'duplicate']);
    expect(await problem(admin, { method: 'POST', url: '/api/v1/hotline/dispatch-rules', payload: { categoryCode: '0301', regionCode: '120101', org: aMarket.id } })).toEqual([400, 'hotline.region_outside']);
    expect(await problem(supP, { method: 'POST', url: '/api/v1/hotline/dispatch-rules', payload: { categoryCode: '0302', regionCode: null, org: aMarket.id } })).toEqual([403, 'forbidden']);
    const changed = await must(admin, { method: 'PATCH', url: `/api/v1/hotline/dispatch-rules/${rule.id}`, payload: { version: rule.version, org: aMarket.id } });
    expect(changed).toMatchObject({ org: { id: aMarket.id }, version: 2 });
    expect((await send(admin, { method: 'DELETE', url: `/api/v1/hotline/dispatch-rules/${rule.id}?version=2` })).statusCode).toBe(204);
    const audits = await t.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, rule.id)).orderBy(auditEntries.seq);
    expect(audits.map((a) => a.action)).toEqual(['hotline.rule-create', 'hotline.rule-update', 'hotline.rule-delete']);
    const listed = await must(marketReviewer, { method: 'GET', url: '/api/v1/hotline/dispatch-rules?category=02' });
    expect(listed.map((r: { org: { id: string } }) => r.org.id).sort()).toEqual([aMarket.id, bMarket.id].sort());
  });

  it('issues Open311 keys shown once and revokes them', async () => {
    const key = await must(admin, { method: 'POST', url: '/api/v1/hotline/open311-keys', payload: { name: '掌上昌吉', contact: 'dev@example.com' } }, 201);
    expect(key.key).toMatch(/^o311_/);
    const listed = await must(admin, { method: 'GET', url: '/api/v1/hotline/open311-keys' });
    expect(listed.find((k: { id: string }) => k.id === key.id)).not.toHaveProperty('key');
    expect(JSON.stringify(listed)).not.toContain(key.key);
    const revoked = await must(admin, { method: 'POST', url: `/api/v1/hotline/open311-keys/${key.id}/revoke`, payload: { version: key.version } });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await problem(agent, { method: 'GET', url: '/api/v1/hotline/open311-keys' })).toEqual([403, 'forbidden']);
  });
});
