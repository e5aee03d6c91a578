import { asc, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, makeCalendar, shanghaiDate, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildOrg, buildUser } from '../../test/factories.js';
import type { OrgRow } from '../orgs/index.js';
import { ticketEvents, tickets } from './schema.js';
import { setupHotline } from './test-fixture.js';

// The hotline KPIs that electronic supervision shows, recomputed here in plain JavaScript from each
// ticket's history (its events, replayed) and compared number by number, for the prefecture, a
// county, a department and another county: what supervision reads from the tables' kept facts must
// be what the history says.

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let P: OrgRow, centre: OrgRow, A: OrgRow, aMarket: OrgRow, aHousing: OrgRow, B: OrgRow, bMarket: OrgRow;
let agent: User, marketReviewer: User, housingReviewer: User, bReviewer: User, supervisor: User;
let calendar: Calendar;
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

beforeAll(async () => {
  t = await buildTestApp({ now: at('2026-03-02', '09:00') });
  const days = officialCalendarDays(2019, 2026);
  await t.db.transaction((tx) => importCalendarDays(tx, days, 2026));
  calendar = makeCalendar(days);
  P = await buildOrg(t.db, { regionCode: '652300' });
  centre = await buildOrg(t.db, { parent: P, kind: 'department', deptKey: 'government-services' });
  A = await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652301' });
  aMarket = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'market' });
  aHousing = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'housing' });
  B = await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652302' });
  bMarket = await buildOrg(t.db, { parent: B, kind: 'department', deptKey: 'market' });
  agent = await buildUser(t.db, { role: 'hotlineAgent', org: centre });
  marketReviewer = await buildUser(t.db, { roles: ['reviewer', 'departmentHead'], org: aMarket });
  housingReviewer = await buildUser(t.db, { role: 'reviewer', org: aHousing });
  bReviewer = await buildUser(t.db, { role: 'reviewer', org: bMarket });
  supervisor = await buildUser(t.db, { role: 'supervisor', org: P });
  const admin = await buildUser(t.db, { role: 'admin', org: P });
  await setupHotline(t.db, { centre, issuer: admin, rules: [] });
  await history();
}, 180_000);
afterAll(() => t.close());

async function must(user: User | null, options: InjectOptions, status = 200) {
  const res = await t.injectAs(user, options);
  expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBe(status);
  return res.json();
}
const when = (day: string, hhmm = '10:00') => t.clock.set(at(day, hhmm));
const file = (over: object = {}) =>
  must(agent, { method: 'POST', url: '/api/v1/hotline/tickets', payload: { type: 'complaint', urgency: 'normal', categoryCode: '0201', description: '投诉', regionCode: '652301', caller: { name: '王', phone: '13812340000', consentCallback: true }, ...over } }, 201);
const act = (user: User, id: string, path: string, payload: object) => must(user, { method: 'POST', url: `/api/v1/hotline/tickets/${id}/${path}`, payload });
const reply = (user: User, v: { id: string; version: number; tasks: { id: string; status: string; orgId: string }[] }, orgId: string, text = '已处理') =>
  act(user, v.id, `tasks/${v.tasks.find((x) => x.status === 'open' && x.orgId === orgId)!.id}/reply`, { version: v.version, text });

/** A month of tickets: on time and late, returned, joint, extended, reopened, merged, answered on the spot, closed without callback, in two counties. */
async function history() {
  // 1. Dispatched the day it came in, replied on time, called back on time: satisfied.
  when('2026-03-02', '09:00');
  let t1 = await file();
  t1 = await act(agent, t1.id, 'dispatch', { version: t1.version, leadOrg: aMarket.id });
  when('2026-03-04');
  t1 = await reply(marketReviewer, t1, aMarket.id);
  when('2026-03-05');
  await act(agent, t1.id, 'callback', { version: t1.version, reached: true, satisfied: true, note: '满意' });
  // 2. A consultation answered on the call.
  when('2026-03-02', '11:00');
  await file({ type: 'consultation', categoryCode: '0502', caller: { anonymous: true }, answer: { text: '已解答', sources: [] } });
  // 3. Dispatched late, returned, re-dispatched, replied late, called back late and unsatisfied, reopened, replied, not reached, closed.
  when('2026-03-03');
  let t3 = await file({ categoryCode: '0101', type: 'report' });
  when('2026-03-05');
  t3 = await act(agent, t3.id, 'dispatch', { version: t3.version, leadOrg: aHousing.id });
  t3 = await act(housingReviewer, t3.id, 'return', { version: t3.version, reason: '不属本单位' });
  when('2026-03-06');
  t3 = await act(agent, t3.id, 'dispatch', { version: t3.version, leadOrg: aMarket.id });
  when('2026-03-16');
  t3 = await reply(marketReviewer, t3, aMarket.id);
  when('2026-03-18');
  t3 = await act(agent, t3.id, 'callback', { version: t3.version, reached: true, satisfied: false, note: '不满意' });
  t3 = await act(agent, t3.id, 'reopen', { version: t3.version, reason: '重办' });
  when('2026-03-19');
  t3 = await reply(marketReviewer, t3, aMarket.id);
  when('2026-03-20');
  t3 = await act(agent, t3.id, 'callback', { version: t3.version, reached: false, note: '未接通' });
  await act(agent, t3.id, 'close', { version: t3.version, note: '多次联系未接通，办结' });
  // 4. Urgent, joint handling with an approved extension; replied, the callback falls due and is never made.
  when('2026-03-04');
  let t4 = await file({ type: 'helpRequest', urgency: 'urgent' });
  const t4Number = t4.number as string;
  t4 = await act(agent, t4.id, 'dispatch', { version: t4.version, leadOrg: aMarket.id, coOrgs: [aHousing.id] });
  t4 = await act(marketReviewer, t4.id, 'extension', { version: t4.version, days: 2, reason: '需协调' });
  t4 = await act(agent, t4.id, 'extension/decide', { version: t4.version, approve: true });
  when('2026-03-09');
  t4 = await reply(marketReviewer, t4, aMarket.id);
  when('2026-03-10');
  await reply(housingReviewer, t4, aHousing.id);
  // 5. A duplicate, merged into ticket 4 (still open: replied, awaiting its callback).
  when('2026-03-05', '15:00');
  const t5 = await file({ categoryCode: '0101', type: 'report' });
  await act(agent, t5.id, 'merge', { version: t5.version, into: t4Number });
  // 6. From the web, anonymous: recorded and closed by the centre.
  when('2026-03-06', '20:00');
  const web = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/public/tickets', payload: { channel: 'web', type: 'suggestion', categoryCode: '0302', description: '建议', regionCode: '652301', caller: { anonymous: true } }, remoteAddress: '10.77.0.1' });
  const [t6] = (await must(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=centre&q=${web.json().number}` })).items;
  when('2026-03-09');
  await act(agent, t6.id, 'close', { version: t6.version, note: '已转交公交公司参考' });
  // 7. County B: replied the next day, called back satisfied.
  when('2026-03-09', '16:00');
  let t7 = await file({ regionCode: '652302' });
  t7 = await act(agent, t7.id, 'dispatch', { version: t7.version, leadOrg: bMarket.id });
  when('2026-03-10');
  t7 = await reply(bReviewer, t7, bMarket.id);
  when('2026-03-11');
  await act(agent, t7.id, 'callback', { version: t7.version, reached: true, satisfied: true, note: '满意' });
  // 8. April: outside the period.
  when('2026-04-01');
  await file();
  when('2026-04-02');
}

// ---------------------------------------------------------------- the KPIs from the history, in plain JavaScript

interface Task { round: number; orgId: string; role: 'lead' | 'co'; dueOn: IsoDate; repliedOn: IsoDate | null; returned: boolean; withdrawn: boolean }

async function expected(subtreePath: string, from: IsoDate, to: IsoDate) {
  const paths = new Map([P, centre, A, aMarket, aHousing, B, bMarket].map((o) => [o.id, o.path]));
  const inside = (orgId: string) => paths.get(orgId)!.startsWith(subtreePath);
  const inPeriod = (d: IsoDate | null | undefined) => !!d && d >= from && d <= to;
  const all = await t.db.select().from(tickets);
  const out = { received: 0, receivedAtCentre: 0, answeredOnSpot: 0, dispatchedFirst: 0, dispatchedOnTime: 0, tasksReplied: 0, tasksRepliedOnTime: 0, callbacksDue: 0, callbacksOnTime: 0, callbacksRated: 0, callbacksSatisfied: 0 };
  for (const ticket of all) {
    const events = await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(asc(ticketEvents.id));
    const day = (e: { at: Date }) => shanghaiDate(e.at);
    const received = day(events[0]!);
    const centreInside = inside(ticket.centreOrgId);
    const tasks: Task[] = [];
    let round = 0;
    let dueRounds: { round: number; dueOn: IsoDate; leadOrgId: string }[] = [];
    const callbacks: { round: number; on: IsoDate; reached: boolean; satisfied: boolean | null }[] = [];
    let firstDispatch: IsoDate | null = null;
    let merged = false;
    let answered = false;
    for (const e of events) {
      const data = (e.data ?? {}) as Record<string, unknown>;
      if (e.action === 'answer') answered = true;
      if (e.action === 'merge' && e.toStatus === 'merged') merged = true;
      if (e.action === 'dispatch' || e.action === 'insist' || e.action === 'reopen') {
        firstDispatch ??= day(e);
        const last = tasks.filter((x) => x.round === round);
        for (const x of last) if (x.repliedOn === null && !x.returned) x.withdrawn = true;
        round = data.round as number;
        const orgs: { orgId: string; role: 'lead' | 'co' }[] = e.action === 'dispatch'
          ? [{ orgId: data.leadOrgId as string, role: 'lead' }, ...((data.coOrgIds as string[]) ?? []).map((o) => ({ orgId: o, role: 'co' as const }))]
          : last.map((x) => ({ orgId: x.orgId, role: x.role }));
        for (const o of orgs) tasks.push({ round, ...o, dueOn: data.dueOn as IsoDate, repliedOn: null, returned: false, withdrawn: false });
      }
      if (e.action === 'decideExtension' && data.approve) for (const x of tasks.filter((y) => y.round === round && y.repliedOn === null)) x.dueOn = addWorkingDays(x.dueOn, data.days as number, calendar);
      if (e.action === 'returnDispatch') {
        for (const x of tasks.filter((y) => y.round === round && y.repliedOn === null)) {
          if (x.orgId === data.orgId) x.returned = true;
          else x.withdrawn = true;
        }
      }
      if (e.action === 'merge' && e.toStatus === 'merged') for (const x of tasks.filter((y) => y.repliedOn === null && !y.returned)) x.withdrawn = true;
      if (e.action === 'reply') {
        tasks.find((x) => x.round === round && x.orgId === data.orgId && x.repliedOn === null)!.repliedOn = day(e);
        if (e.toStatus === 'replied' && data.callbackDueOn) dueRounds.push({ round, dueOn: data.callbackDueOn as IsoDate, leadOrgId: tasks.find((x) => x.round === round && x.role === 'lead')!.orgId });
      }
      if (e.action === 'callback') callbacks.push({ round: data.round as number, on: day(e), reached: data.reached as boolean, satisfied: data.satisfied as boolean | null });
    }
    // Volume: received in the period, at a centre in the subtree or led at some point by an organisation in it.
    if (inPeriod(received) && (centreInside || tasks.some((x) => x.role === 'lead' && inside(x.orgId)))) out.received++;
    if (inPeriod(received) && centreInside && !merged) {
      out.receivedAtCentre++;
      if (answered) out.answeredOnSpot++;
    }
    if (inPeriod(firstDispatch) && centreInside) {
      out.dispatchedFirst++;
      if (firstDispatch! <= addWorkingDays(received, 1, calendar)) out.dispatchedOnTime++;
    }
    for (const x of tasks.filter((y) => y.repliedOn && inPeriod(y.repliedOn) && inside(y.orgId))) {
      out.tasksReplied++;
      if (x.repliedOn! <= x.dueOn) out.tasksRepliedOnTime++;
    }
    if (centreInside) {
      for (const d of dueRounds.filter((r) => inPeriod(r.dueOn))) {
        out.callbacksDue++;
        if (callbacks.some((c) => c.round === d.round && c.on <= d.dueOn)) out.callbacksOnTime++;
      }
    }
    for (const c of callbacks.filter((x) => inPeriod(x.on) && x.reached && x.satisfied !== null)) {
      const lead = tasks.find((x) => x.round === c.round && x.role === 'lead')!;
      if (!inside(lead.orgId)) continue;
      out.callbacksRated++;
      if (c.satisfied) out.callbacksSatisfied++;
    }
    dueRounds = [];
  }
  return out;
}

type Kpi = { key: string; value: number | null; numerator: number | null; denominator: number | null; details: Record<string, number | null>; definition: { name: Record<string, string> } };
const kpisOf = async (org: OrgRow, from = '2026-03-01', to = '2026-03-31') => (await must(supervisor, { method: 'GET', url: `/api/v1/supervision/kpis?org=${org.id}&from=${from}&to=${to}` })).kpis as Kpi[];

function compare(kpis: Kpi[], e: Awaited<ReturnType<typeof expected>>) {
  const k = (key: string) => kpis.find((x) => x.key === key)!;
  expect(k('hotline.volume').value, 'volume').toBe(e.received);
  expect([k('hotline.onTheSpot').numerator, k('hotline.onTheSpot').denominator], 'on the spot').toEqual([e.answeredOnSpot, e.receivedAtCentre]);
  expect([k('hotline.dispatchedOnTime').numerator, k('hotline.dispatchedOnTime').denominator], 'dispatched on time').toEqual([e.dispatchedOnTime, e.dispatchedFirst]);
  expect([k('hotline.handledOnTime').numerator, k('hotline.handledOnTime').denominator], 'handled on time').toEqual([e.tasksRepliedOnTime, e.tasksReplied]);
  expect([k('hotline.callback').numerator, k('hotline.callback').denominator], 'callback').toEqual([e.callbacksOnTime, e.callbacksDue]);
  expect([k('hotline.satisfaction').numerator, k('hotline.satisfaction').denominator], 'satisfaction').toEqual([e.callbacksSatisfied, e.callbacksRated]);
  for (const key of ['hotline.onTheSpot', 'hotline.dispatchedOnTime', 'hotline.handledOnTime', 'hotline.callback', 'hotline.satisfaction']) {
    const x = k(key);
    expect(x.value, key).toBe(x.denominator ? x.numerator! / x.denominator : null);
  }
}

describe('hotline KPIs in electronic supervision', () => {
  it('match the ticket history for the prefecture, a county, a department and another county', async () => {
    for (const org of [P, A, aMarket, aHousing, B]) compare(await kpisOf(org), await expected(org.path, '2026-03-01', '2026-03-31'));
    // The numbers the scenario was built to give, as a check on the check.
    const whole = await kpisOf(P);
    const k = (key: string) => whole.find((x) => x.key === key)!;
    expect(k('hotline.volume')).toMatchObject({ value: 7, details: { answeredOnSpot: 1, merged: 1, complaint: 2, report: 2, consultation: 1, helpRequest: 1, suggestion: 1 } });
    expect(k('hotline.onTheSpot')).toMatchObject({ numerator: 1, denominator: 6 });
    expect(k('hotline.dispatchedOnTime')).toMatchObject({ numerator: 3, denominator: 4 });
    expect(k('hotline.handledOnTime')).toMatchObject({ numerator: 5, denominator: 6 });
    expect(k('hotline.callback')).toMatchObject({ numerator: 3, denominator: 5 });
    expect(k('hotline.satisfaction')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(k('hotline.satisfaction').definition.name['zh-CN']).toBe('回访满意率');
    // County A handles but does not run the centre: no centre-side measures of its own.
    const county = await kpisOf(A);
    expect(county.find((x) => x.key === 'hotline.onTheSpot')).toMatchObject({ value: null, denominator: 0 });
    expect(county.find((x) => x.key === 'hotline.handledOnTime')).toMatchObject({ numerator: 4, denominator: 5 });
  });

  it('match for another period (the first week), and by child organisation', async () => {
    compare(await kpisOf(P, '2026-03-01', '2026-03-08'), await expected(P.path, '2026-03-01', '2026-03-08'));
    const byChild = await must(supervisor, { method: 'GET', url: `/api/v1/supervision/kpis?org=${P.id}&from=2026-03-01&to=2026-03-31&by=child` });
    const row = byChild.breakdown.find((r: { subject: { id: string } }) => r.subject.id === A.id);
    compare(row.kpis, await expected(A.path, '2026-03-01', '2026-03-31'));
  });

  it('are in the definitions and in the monthly report, ranked among siblings', async () => {
    const defs = await must(null, { method: 'GET', url: '/api/v1/supervision/kpi-definitions' });
    expect(defs.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['hotline.volume', 'hotline.onTheSpot', 'hotline.dispatchedOnTime', 'hotline.handledOnTime', 'hotline.callback', 'hotline.satisfaction']));
    const report = await must(supervisor, { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${A.id}&month=2026-03` });
    const e = await expected(A.path, '2026-03-01', '2026-03-31');
    expect(report.content.kpis.find((k: { key: string }) => k.key === 'hotline.handledOnTime')).toMatchObject({ numerator: e.tasksRepliedOnTime, denominator: e.tasksReplied });
    expect(report.content.rankings.map((r: { key: string }) => r.key)).toContain('hotline.handledOnTime');
    const pdf = await t.injectAs(supervisor, { method: 'GET', url: `/api/v1/supervision/reports/monthly/pdf?org=${A.id}&month=2026-03` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });
});
