import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWorkingDays, shanghaiDate, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { rows } from '../../db/client.js';
import { loadCalendar } from '../../platform/calendar.js';
import { runJobOnce } from '../../platform/jobs.js';
import { users } from '../../platform/schema.js';
import { seed } from '../../seed/seed.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { queueTickets } from '../queue/schema.js';
import { generateHistory } from './generate.js';
import { COMPANY_ESTABLISHMENT_ITEMS } from './rules.js';

// The KPIs on a generated history, recomputed here from the raw rows — case events, cases, windows,
// ratings, the catalog and queue tickets — in plain JavaScript, independently of the supervision
// module's facts and rollup, and compared number by number (issue 7: "KPIs recomputed independently
// from raw case events for a generated data set and compared number by number").

let t: TestApp;
let calendar: Calendar;
const user = async (username: string) => (await t.db.select().from(users).where(eq(users.username, username)))[0]!;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-02T07:00:00Z' });
  await seed(t.db, { demo: true });
  await generateHistory(t.database, t.clock.now(), { cases: 1500, years: 0.5, seed: 11, chunk: 600 });
  calendar = (await loadCalendar(t.db)).calendar;
}, 180_000);
afterAll(() => t?.close());

// ---------------------------------------------------------------- the independent computation

interface RawCase {
  id: string;
  channel: string;
  windowCategory: string | null;
  intakePath: string;
  decisionPath: string;
  promised: number;
  statutory: number;
  trips: number;
  itemCode: string;
  companyEvents: string[];
}
interface RawEvent { caseId: string; id: number; action: string; at: Date; toStatus: string; data: Record<string, unknown> | null }
interface RawRating { level: number; ratedOn: IsoDate; orgPath: string; dueOn: IsoDate | null; calledBackOn: IsoDate | null }

async function raw() {
  const cases = await rows<RawCase>(t.db, sql`
    SELECT c.id, c.channel, w.category AS "windowCategory", c.intake_org_path AS "intakePath", c.decision_org_path AS "decisionPath", c.promised_limit AS promised,
      c.statutory_limit AS statutory, c.trips, c.item_code AS "itemCode", v.company_events AS "companyEvents"
    FROM cases c LEFT JOIN windows w ON w.id = c.window_id JOIN item_versions v ON v.id = c.item_version_id`);
  const events = await rows<RawEvent>(t.db, sql`SELECT case_id AS "caseId", id::float8 AS id, action, at, to_status AS "toStatus", data FROM case_events ORDER BY id`);
  const ratings = (await rows<{ level: number; ratedAt: Date; orgPath: string; dueOn: string | null; followUp: { calledBack?: { at: string } } | null }>(t.db, sql`
    SELECT level, rated_at AS "ratedAt", org_path AS "orgPath", follow_up_due_on::text AS "dueOn", follow_up AS "followUp" FROM evaluations`))
    .map((r): RawRating => ({ level: r.level, ratedOn: shanghaiDate(new Date(r.ratedAt)), orgPath: r.orgPath, dueOn: r.dueOn, calledBackOn: r.followUp?.calledBack ? shanghaiDate(new Date(r.followUp.calledBack.at)) : null }));
  const byCase = new Map<string, RawEvent[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), { ...e, at: new Date(e.at) }]);
  return { cases, byCase, ratings };
}

/** One case, from its events alone: when it was received, accepted, decided (and how long it took), closed. */
function caseTimeline(c: RawCase, events: RawEvent[]) {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  const day = (e: RawEvent | undefined) => (e ? shanghaiDate(e.at) : null);
  const first = (action: string) => sorted.find((e) => e.action === action);
  const receivedOn = day(sorted.find((e) => (e.action === 'submit' || e.action === 'resubmit') && e.toStatus === 'submitted'));
  const deem = first('deemAccept');
  const acceptedOn = day(first('accept')) ?? ((deem?.data?.acceptedOn as string | undefined) ?? null);
  const decide = first('decide');
  const decidedOn = acceptedOn ? day(decide) : null;
  let paused = 0;
  let pausedFrom: IsoDate | null = null;
  for (const e of sorted) {
    if (e.action === 'suspend') pausedFrom = day(e);
    if (e.action === 'resume' && pausedFrom) {
      paused += countWorkingDays(pausedFrom, day(e)!, calendar);
      pausedFrom = null;
    }
  }
  if (pausedFrom && decidedOn) paused += countWorkingDays(pausedFrom, decidedOn > pausedFrom ? decidedOn : pausedFrom, calendar);
  const used = decidedOn && acceptedOn ? Math.max(0, countWorkingDays(acceptedOn, decidedOn, calendar) - paused) : null;
  const deliver = first('deliver');
  const refusedOn = day(first('refuseIntake'));
  return {
    receivedOn, acceptedOn, decidedOn, used, onTime: used === null ? null : used <= c.promised,
    outcome: (decide?.data?.outcome as string | undefined) ?? null,
    deliveredOn: day(deliver), method: (deliver?.data?.method as string | undefined) ?? null,
    closedOn: day(deliver) ?? refusedOn, refusedOn,
    elapsed: decidedOn && receivedOn ? countWorkingDays(receivedOn, decidedOn, calendar) : null,
    group: COMPANY_ESTABLISHMENT_ITEMS.includes(c.itemCode) ? 'companyEstablishment' : c.companyEvents.includes('investment') || c.companyEvents.includes('construction') ? 'investment' : null,
  };
}

const nearestRank = (values: number[], p: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
};

async function expected(path: string, from: IsoDate, to: IsoDate) {
  const { cases, byCase, ratings } = await raw();
  const inPeriod = (d: IsoDate | null) => !!d && d >= from && d <= to;
  const e = { t1n: 0, t1d: 0, t3n: 0, t3d: 0, t4d: 0, t4n: 0, t4z: 0, t7n: 0, t7d: 0, received: 0, receivedOnline: 0, accepted: 0, refused: 0, handling: 0, t5: [] as number[], t6: [] as number[] };
  for (const c of cases) {
    const tl = caseTimeline(c, byCase.get(c.id) ?? []);
    const intake = c.intakePath.startsWith(path);
    const decision = c.decisionPath.startsWith(path);
    if (intake && inPeriod(tl.receivedOn)) {
      e.received++;
      if (c.channel === 'online' || c.channel === 'mobile') e.receivedOnline++;
      if ((c.channel === 'window' || c.channel === 'agencyPoint') && c.windowCategory) {
        e.t1d++;
        if (c.windowCategory !== 'department') e.t1n++;
      }
    }
    if (intake && inPeriod(tl.acceptedOn)) e.accepted++;
    if (intake && inPeriod(tl.refusedOn)) e.refused++;
    if (decision && inPeriod(tl.decidedOn)) {
      e.t3d++;
      if (tl.onTime) e.t3n++;
      e.handling += tl.used!;
      if (tl.group === 'companyEstablishment') e.t5.push(tl.elapsed!);
      if (tl.group === 'investment') e.t6.push(tl.elapsed!);
    }
    if (intake && inPeriod(tl.closedOn)) {
      e.t4d++;
      if (c.trips <= 1) e.t4n++;
      if (c.trips === 0) e.t4z++;
    }
    if (decision && inPeriod(tl.deliveredOn) && tl.outcome === 'approve') {
      e.t7d++;
      if (tl.method === 'electronic') e.t7n++;
    }
  }
  const levels = [0, 0, 0, 0, 0];
  let due = 0;
  let onTime = 0;
  for (const r of ratings) {
    if (!r.orgPath.startsWith(path)) continue;
    if (inPeriod(r.ratedOn)) levels[r.level - 1]!++;
    if (inPeriod(r.dueOn)) {
      due++;
      if (r.calledBackOn && r.calledBackOn <= r.dueOn!) onTime++;
    }
  }
  return { ...e, levels, due, onTime };
}

/** T2 and T4 (items) from the catalog's own rows: published items implemented in the subtree. */
async function expectedCatalog(path: string) {
  const items = await rows<{ type: string; channels: string[]; batch: number | null }>(t.db, sql`
    SELECT DISTINCT s.id, v.type, v.channels, CASE WHEN b.published_on IS NOT NULL THEN e.batch END AS batch
    FROM service_items s JOIN item_versions v ON v.item_id = s.id AND v.status = 'published'
    LEFT JOIN one_trip_entries e ON e.item_id = s.id LEFT JOIN one_trip_batches b ON b.number = e.batch
    WHERE EXISTS (SELECT 1 FROM implementations i JOIN orgs o ON o.id = i.org_id WHERE i.item_id = s.id AND i.active AND o.path LIKE ${`${path}%`})`);
  const onApplication = items.filter((i) => i.type !== 'other');
  return { onApplication: onApplication.length, online: onApplication.filter((i) => i.channels.includes('online') || i.channels.includes('mobile')).length, listed: items.filter((i) => i.batch !== null).length };
}

type Kpi = { key: string; value: number | null; numerator: number | null; denominator: number | null; details: Record<string, number | null>; definition?: { numerator: Record<string, string> } };

async function kpisAs(username: string, org: string, from: IsoDate, to: IsoDate, by?: string) {
  const res = await t.injectAs(await user(username), { method: 'GET', url: `/api/v1/supervision/kpis?org=${org}&from=${from}&to=${to}${by ? `&by=${by}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { subject: { id: string; code: string }; kpis: Kpi[]; breakdown?: { subject: { id: string; kind: string; code: string }; kpis: Kpi[] }[]; items?: { itemCode: string; decided: number; onTime: number; averageHandlingDays: number | null }[] };
}

const orgPath = async (code: string) => (await rows<{ path: string }>(t.db, sql`SELECT path FROM orgs WHERE code = ${code}`))[0]!.path;

function compare(kpis: Kpi[], e: Awaited<ReturnType<typeof expected>>, catalog: Awaited<ReturnType<typeof expectedCatalog>>) {
  const k = (key: string) => kpis.find((x) => x.key === key)!;
  const ratio = (n: number, d: number) => (d ? n / d : null);
  expect([k('T1').numerator, k('T1').denominator], 'T1').toEqual([e.t1n, e.t1d]);
  const t1 = ratio(e.t1n, e.t1d);
  if (t1 === null) expect(k('T1').value).toBeNull();
  else expect(k('T1').value).toBeCloseTo(t1, 12);
  expect([k('T2').numerator, k('T2').denominator], 'T2').toEqual([catalog.online, catalog.onApplication]);
  expect(k('T2').details.receivedOnline, 'T2 online filings').toBe(e.receivedOnline);
  expect([k('T3').numerator, k('T3').denominator], 'T3').toEqual([e.t3n, e.t3d]);
  expect(k('T4.items').value, 'T4 items').toBe(catalog.listed);
  expect([k('T4.cases').numerator, k('T4.cases').denominator], 'T4 cases').toEqual([e.t4n, e.t4d]);
  expect([k('T4.zeroTrip').numerator, k('T4.zeroTrip').denominator], 'T4 zero trips').toEqual([e.t4z, e.t4d]);
  expect([k('T5').value, k('T5').details.p90, k('T5').denominator], 'T5').toEqual([nearestRank(e.t5, 0.5), nearestRank(e.t5, 0.9), e.t5.length]);
  expect([k('T6').value, k('T6').details.p90, k('T6').denominator], 'T6').toEqual([nearestRank(e.t6, 0.5), nearestRank(e.t6, 0.9), e.t6.length]);
  expect([k('T7').numerator, k('T7').denominator], 'T7').toEqual([e.t7n, e.t7d]);
  expect([1, 2, 3, 4, 5].map((l) => k('T8.satisfaction').details[`rating${l}`]), 'T8 levels').toEqual(e.levels);
  expect([k('T8.followUp').numerator, k('T8.followUp').denominator], 'T8 follow-up').toEqual([e.onTime, e.due]);
  expect([k('volume').value, k('volume').details.accepted, k('volume').details.refused, k('volume').details.decided], 'volume').toEqual([e.received, e.accepted, e.refused, e.t3d]);
  expect([k('handling').numerator, k('handling').denominator], 'handling').toEqual([e.handling, e.t3d]);
}

describe('KPIs against an independent recomputation from the raw rows', () => {
  it('generated a history worth measuring', async () => {
    const [c] = await rows<{ n: number; decided: number; late: number; rated: number; windows: number }>(t.db, sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE decided_at IS NOT NULL)::int AS decided, (SELECT count(*)::int FROM supervision_case_facts WHERE on_time = false) AS late,
        (SELECT count(*)::int FROM evaluations) AS rated, count(*) FILTER (WHERE channel = 'window')::int AS windows FROM cases`);
    expect(c!.n).toBe(1500);
    expect(c!.decided).toBeGreaterThan(800);
    expect(c!.late).toBeGreaterThan(5);
    expect(c!.rated).toBeGreaterThan(300);
    expect(c!.windows).toBeGreaterThan(200);
  });

  it.each([
    ['the prefecture, the whole history', 'supervisor', '652300', '2025-08-01', '2026-03-02'],
    ['the prefecture, one month', 'supervisor', '652300', '2026-01-01', '2026-01-31'],
    ['Changji City, the whole history', 'supervisor.changji', '652301', '2025-08-01', '2026-03-02'],
    ['Changji City\'s market department, a quarter', 'head.changji.market', '652301-market', '2025-12-01', '2026-02-28'],
  ])('%s: every KPI, number by number', async (_, username, code, from, to) => {
    const path = await orgPath(code);
    const got = await kpisAs(username, code, from, to);
    compare(got.kpis, await expected(path, from, to), await expectedCatalog(path));
    // Each value carries its written definition.
    expect(got.kpis.every((k) => k.definition?.numerator['zh-CN'] && k.definition.numerator['en-US'])).toBe(true);
  });

  it('follows new events and ratings through the rollup job (a decision, a delivery, a bad rating)', async () => {
    // A case of Changji City in review with no pause, decided now by a reviewer of its department.
    const [c] = await rows<{ id: string; version: number; handlerOrgId: string; applicantId: string }>(t.db, sql`
      SELECT id, version, handler_org_id AS "handlerOrgId", applicant_id AS "applicantId" FROM cases
      WHERE status = 'in_review' AND handler_org_path LIKE ${`${await orgPath('652301')}%`} ORDER BY id LIMIT 1`);
    const [reviewer] = await t.db.select().from(users).where(sql`${users.orgId} = ${c!.handlerOrgId} AND 'reviewer' = ANY(${users.roles})`).limit(1);
    const decided = await t.injectAs(reviewer!, { method: 'POST', url: `/api/v1/cases/${c!.id}/decide`, payload: { version: c!.version, outcome: 'approve', reasons: '符合法定条件' } });
    expect(decided.statusCode, decided.body).toBe(200);
    const issued = await t.injectAs(reviewer!, { method: 'POST', url: `/api/v1/cases/${c!.id}/issue`, payload: { version: decided.json().case.version } });
    expect(issued.statusCode, issued.body).toBe(200);
    const delivered = await t.injectAs(reviewer!, { method: 'POST', url: `/api/v1/cases/${c!.id}/deliver`, payload: { version: issued.json().case.version, method: 'electronic' } });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const rated = await t.injectAs({ id: c!.applicantId }, { method: 'POST', url: `/api/v1/cases/${c!.id}/evaluations`, payload: { level: 1, channel: 'online', comment: '太慢' } });
    expect(rated.statusCode, rated.body).toBe(201);

    expect(await runJobOnce({ database: t.database, clock: t.clock, log: t.app.log }, 'supervision.rollup')).toBe('done');
    const path = await orgPath('652301');
    const got = await kpisAs('supervisor.changji', '652301', '2026-03-01', '2026-03-31');
    compare(got.kpis, await expected(path, '2026-03-01', '2026-03-31'), await expectedCatalog(path));
    expect(got.kpis.find((k) => k.key === 'T8.satisfaction')!.details.rating1).toBeGreaterThanOrEqual(1);
    // Nothing left to do: a second run finds nothing.
    expect(await runJobOnce({ database: t.database, clock: t.clock, log: t.app.log }, 'supervision.rollup')).toBe('skipped');
  });

  it('average waiting time at windows comes from the queue\'s tickets', async () => {
    const [hall] = await rows<{ id: string; path: string }>(t.db, sql`SELECT s.id, o.path FROM sites s JOIN orgs o ON o.id = s.org_id WHERE s.code = '652302-hall'`);
    const taken = new Date('2026-03-02T02:00:00Z');
    const waits = [120, 300, 600];
    for (const [i, w] of waits.entries()) {
      await t.db.insert(queueTickets).values({ siteId: hall!.id, siteOrgPath: hall!.path, day: '2026-03-02', category: 'general', number: `A90${i}`, source: 'walkIn', status: 'done', takenAt: taken, calledAt: new Date(taken.getTime() + w * 1000) });
    }
    const got = await kpisAs('supervisor.fukang', '652302', '2026-03-01', '2026-03-02');
    expect(got.kpis.find((k) => k.key === 'waiting')).toMatchObject({ value: 340, denominator: 3 });
  });
});

describe('drilling down', () => {
  it('the prefecture\'s children add up to the prefecture', async () => {
    const got = await kpisAs('supervisor', '652300', '2025-08-01', '2026-03-02', 'child');
    const total = (key: string, field: 'numerator' | 'denominator') => got.kpis.find((k) => k.key === key)![field];
    const sum = (key: string, field: 'numerator' | 'denominator') => got.breakdown!.reduce((a, row) => a + (row.kpis.find((k) => k.key === key)![field] ?? 0), 0);
    expect(got.breakdown!.map((r) => r.subject.code)).toEqual(expect.arrayContaining(['652301', '652302', '652300-market']));
    for (const key of ['T1', 'T3', 'T4.cases', 'T7', 'handling']) {
      expect(sum(key, 'numerator'), key).toBe(total(key, 'numerator'));
      expect(sum(key, 'denominator'), key).toBe(total(key, 'denominator'));
    }
  });

  it('a hall\'s department into its windows, a window into its clerks, a department into its staff; items', async () => {
    const windows = await kpisAs('supervisor.changji', '652301-government-services', '2025-08-01', '2026-03-02', 'child');
    expect(windows.breakdown!.every((r) => r.subject.kind === 'window')).toBe(true);
    const busy = [...windows.breakdown!].sort((a, b) => (b.kpis.find((k) => k.key === 'volume')!.value ?? 0) - (a.kpis.find((k) => k.key === 'volume')!.value ?? 0))[0]!;
    const [filed] = await rows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM cases WHERE window_id = ${busy.subject.id}::uuid AND received_at >= '2025-07-31T16:00:00Z'`);
    expect(busy.kpis.find((k) => k.key === 'volume')!.value).toBe(filed!.n);
    const clerks = await kpisAs('supervisor.changji', busy.subject.code, '2025-08-01', '2026-03-02', 'child');
    expect(clerks.subject.id).toBe(busy.subject.id);
    expect(clerks.breakdown!.length).toBeGreaterThan(0);
    expect(clerks.breakdown!.every((r) => r.subject.kind === 'person')).toBe(true);
    expect(clerks.breakdown!.reduce((a, r) => a + (r.kpis.find((k) => k.key === 'volume')!.value ?? 0), 0)).toBe(filed!.n);

    const staff = await kpisAs('head.changji.market', '652301-market', '2025-08-01', '2026-03-02', 'child');
    expect(staff.breakdown!.every((r) => r.subject.kind === 'person')).toBe(true);
    expect(staff.breakdown!.map((r) => r.subject.code)).toEqual(expect.arrayContaining(['reviewer.changji.market', 'head.changji.market']));

    const items = await kpisAs('supervisor.changji', '652301', '2025-08-01', '2026-03-02', 'item');
    const whole = await kpisAs('supervisor.changji', '652301', '2025-08-01', '2026-03-02');
    expect(items.items!.reduce((a, i) => a + i.decided, 0)).toBe(whole.kpis.find((k) => k.key === 'T3')!.denominator);
  });
});

describe('who sees what', () => {
  it('a county\'s supervisor sees their county, not another (404), and not the prefecture', async () => {
    const fukang = await user('supervisor.fukang');
    for (const org of ['652301', '652301-market', '652300']) {
      const res = await t.injectAs(fukang, { method: 'GET', url: `/api/v1/supervision/kpis?org=${org}` });
      expect(res.statusCode, org).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await t.injectAs(fukang, { method: 'GET', url: '/api/v1/supervision/kpis' })).json().subject.code).toBe('652302');
  });

  it('applicants and other roles may not; bad periods are refused', async () => {
    expect((await t.injectAs(await user('zhangwei'), { method: 'GET', url: '/api/v1/supervision/kpis' })).statusCode).toBe(403);
    expect((await t.injectAs(await user('clerk.changji'), { method: 'GET', url: '/api/v1/supervision/kpis' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/supervision/kpis' })).statusCode).toBe(401);
    const sup = await user('supervisor');
    expect((await t.injectAs(sup, { method: 'GET', url: '/api/v1/supervision/kpis?from=2026-03-02&to=2026-03-01' })).json().code).toBe('validation_failed');
    expect((await t.injectAs(sup, { method: 'GET', url: '/api/v1/supervision/kpis?from=2020-01-01&to=2026-03-01' })).json().code).toBe('validation_failed');
  });

  it('the definitions are public', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/supervision/kpi-definitions' });
    expect(res.json().map((d: { key: string }) => d.key)).toContain('T8.followUp');
  });
});
