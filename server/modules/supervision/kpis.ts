import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { KpiBreakdown } from '../../../common/supervision.js';
import { addDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import { rows, type Queryable } from '../../db/client.js';
import { inScope, requireRole, type Actor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { users } from '../../platform/schema.js';
import { catalogStats } from '../catalog/index.js';
import { hotlineKpisOf } from '../hotline/index.js';
import { findOrg, findWindowPlace, getSite, listOrgs, listSites, type OrgRow, type WindowPlace } from '../orgs/index.js';
import { queueStats } from '../queue/index.js';
import { narrowedTo, WATCHERS } from './access.js';
import { computeKpis, definitionOf, emptyHistograms, periodError, sumContributions, zeroCounters, type CaseFacts, type Contribution, type Counters, type Histograms, type KpiDefinition, type KpiExtras, type KpiValue } from './rules.js';
import { caseFacts, counterColumnNames, counterKeys } from './schema.js';

// The KPIs of an organisation's subtree over a period (the 12345 hotline's beside them, from the hotline
// module): sums over the organisation's own rows of the daily rollup (one per day its subtree did anything, holding the subtree's totals), so a
// prefecture's two years are a few hundred rows, not millions of cases. Below the organisation tree
// (a hall's windows, a department's or a window's staff) the few cases concerned are summed from
// their facts with the same rules.

export interface Subject {
  kind: 'org' | 'window' | 'person';
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

export interface KpiReport {
  subject: Subject;
  from: IsoDate;
  to: IsoDate;
  kpis: (KpiValue & { definition: KpiDefinition })[];
}

export interface KpiBreakdownRow {
  subject: Subject;
  kpis: KpiValue[];
}

export interface ItemHandlingRow {
  itemCode: string;
  itemName: string;
  itemNameEn: string;
  decided: number;
  onTime: number;
  onTimeRate: number | null;
  averageHandlingDays: number | null;
}

const sumColumns = sql.raw(counterKeys.map((k) => `coalesce(sum(${counterColumnNames[k]}), 0)::float8 AS "${k}"`).join(', '));
const toCounters = (r: Record<string, unknown>): Counters => Object.fromEntries(counterKeys.map((k) => [k, Number(r[k] ?? 0)])) as Counters;

/** The rollup's sums over a period for some organisations' subtrees, by organisation id (each organisation's own rows are its subtree's totals). */
async function rollupSums(q: Queryable, orgIds: string[], from: IsoDate, to: IsoDate): Promise<Map<string, { counters: Counters; histograms: Histograms }>> {
  const where = sql`org_id = ANY(${sql.param(orgIds)}::uuid[]) AND day BETWEEN ${from}::date AND ${to}::date`;
  const [sums, durations] = await Promise.all([
    rows<Record<string, unknown> & { key: string }>(q, sql`SELECT org_id AS key, ${sumColumns} FROM supervision_daily WHERE ${where} GROUP BY org_id`),
    rows<{ key: string; kind: 'companyEstablishment' | 'investment'; days: number; cases: number }>(q, sql`
      SELECT org_id AS key, kind, days, sum(cases)::float8 AS cases FROM supervision_daily_durations WHERE ${where} GROUP BY org_id, kind, days`),
  ]);
  const out = new Map<string, { counters: Counters; histograms: Histograms }>();
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { counters: zeroCounters(), histograms: emptyHistograms() }));
    return e;
  };
  for (const s of sums) entry(s.key).counters = toCounters(s);
  for (const d of durations) if (Number(d.cases) > 0) entry(d.key).histograms[d.kind].set(Number(d.days), Number(d.cases));
  return out;
}

/** The queue module's waiting time for a subtree (or one site), over periods longer than its one-year limit in yearly pieces. */
async function waitingOf(ctx: Ctx, actor: Actor, org: OrgRow, from: IsoDate, to: IsoDate, site?: string): Promise<{ overall: KpiExtras['waiting']; byWindow: Map<string, KpiExtras['waiting']> }> {
  const narrowed = narrowedTo(ctx, actor, org);
  let called = 0;
  let weighted = 0;
  let p90: number | null = null;
  let pieces = 0;
  const byWindow = new Map<string, { called: number; weighted: number; p90: number | null }>();
  for (let start = from; start <= to; start = addDays(start, 366)) {
    const end = addDays(start, 365) < to ? addDays(start, 365) : to;
    const stats = await queueStats(narrowed, { from: start, to: end, site });
    pieces++;
    called += stats.overall.called;
    weighted += (stats.overall.averageWaitSeconds ?? 0) * stats.overall.called;
    p90 = stats.overall.p90WaitSeconds;
    for (const w of stats.byWindow) {
      const acc = byWindow.get(w.windowId) ?? { called: 0, weighted: 0, p90: null };
      acc.called += w.called;
      acc.weighted += (w.averageWaitSeconds ?? 0) * w.called;
      acc.p90 = w.p90WaitSeconds;
      byWindow.set(w.windowId, acc);
    }
  }
  // A 90th percentile cannot be put together from yearly ones: only for periods of a year at most.
  const wait = (c: number, w: number, p: number | null) => ({ averageSeconds: c ? Math.round(w / c) : null, p90Seconds: pieces === 1 ? p : null, called: c });
  return { overall: wait(called, weighted, p90), byWindow: new Map([...byWindow].map(([id, a]) => [id, wait(a.called, a.weighted, a.p90)])) };
}

async function catalogOf(ctx: Ctx, org: OrgRow): Promise<KpiExtras['catalog']> {
  const stats = await catalogStats(ctx, org.id);
  return {
    onApplication: stats.onApplication,
    online: stats.online,
    oneTripListed: stats.oneTripList.at(-1)?.cumulative ?? 0,
    atMostOneTripByProcess: stats.atMostOneTrip,
    zeroTripByProcess: stats.zeroTrip,
  };
}

type Place = { kind: 'org'; org: OrgRow } | { kind: 'window'; place: WindowPlace; org: OrgRow };

/**
 * What `org` names: an organisation (id or code; region codes are the governments' codes), or a
 * window (id or code) to see its staff. 403 for roles that do not watch, 404 outside the actor's subtree.
 */
async function placeInScope(ctx: Ctx, param: string | undefined): Promise<{ actor: Actor; place: Place }> {
  const actor = requireRole(ctx.actor, ...WATCHERS);
  const org = await findOrg(ctx.db, param ?? actor.orgId ?? '');
  if (org) {
    if (!inScope(actor, org.path)) throw new Problem('not_found');
    return { actor, place: { kind: 'org', org } };
  }
  // Window codes are the site's code and the number (652301-hall-B01); ids are UUIDs.
  const [byCode] = param ? await rows<{ id: string }>(ctx.db, sql`SELECT id FROM windows WHERE code = ${param} OR id::text = ${param} LIMIT 1`) : [];
  const place = byCode ? await findWindowPlace(ctx.db, byCode.id) : undefined;
  if (!place || !inScope(actor, place.orgPath)) throw new Problem('not_found');
  const siteOrg = (await findOrg(ctx.db, place.site.orgId))!;
  return { actor, place: { kind: 'window', place, org: siteOrg } };
}

const orgSubject = (o: OrgRow): Subject => ({ kind: 'org', id: o.id, code: o.code, name: o.name, nameEn: o.nameEn });
const windowSubject = (w: WindowPlace['window'], siteName: string, siteNameEn: string): Subject => ({ kind: 'window', id: w.id, code: w.code, name: `${siteName} ${w.number} ${w.name}`, nameEn: `${siteNameEn} ${w.number} ${w.nameEn}` });

/** The facts whose intake-side steps (receipt, acceptance, refusal, completion) may fall in the period, at some windows. */
async function factsAtWindows(q: Queryable, windowIds: string[], from: IsoDate, to: IsoDate): Promise<CaseFacts[]> {
  if (!windowIds.length) return [];
  const inPeriod = (col: SQL) => sql`${col} BETWEEN ${from}::date AND ${to}::date`;
  const found = await q.select().from(caseFacts).where(and(inArray(caseFacts.windowId, windowIds), or(inPeriod(sql`${caseFacts.receivedOn}`), inPeriod(sql`${caseFacts.acceptedOn}`), inPeriod(sql`${caseFacts.refusedOn}`), inPeriod(sql`${caseFacts.closedOn}`))));
  return found.map(({ computedAt: _, ...f }) => f);
}

/** The facts in which these people took a case in or decided it, with a step in the period. */
async function factsOfPeople(q: Queryable, people: string[], from: IsoDate, to: IsoDate): Promise<CaseFacts[]> {
  if (!people.length) return [];
  const inPeriod = (col: SQL) => sql`${col} BETWEEN ${from}::date AND ${to}::date`;
  const found = await q.select().from(caseFacts).where(or(
    and(inArray(caseFacts.intakeClerkId, people), or(inPeriod(sql`${caseFacts.receivedOn}`), inPeriod(sql`${caseFacts.acceptedOn}`), inPeriod(sql`${caseFacts.refusedOn}`), inPeriod(sql`${caseFacts.closedOn}`))),
    and(inArray(caseFacts.deciderId, people), or(inPeriod(sql`${caseFacts.decidedOn}`), inPeriod(sql`${caseFacts.deliveredOn}`), inPeriod(sql`${caseFacts.certificateIssuedOn}`), inPeriod(sql`${caseFacts.ratedOn}`), inPeriod(sql`${caseFacts.followUpDueOn}`))),
  ));
  return found.map(({ computedAt: _, ...f }) => f);
}

async function peopleSubjects(q: Queryable, ids: string[]): Promise<Map<string, Subject>> {
  if (!ids.length) return new Map();
  const found = await q.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(found.map((u) => [u.id, { kind: 'person' as const, id: u.id, code: u.username, name: u.displayName, nameEn: u.displayName }]));
}

function checkPeriod(from: IsoDate, to: IsoDate): void {
  const error = periodError(from, to);
  if (error) throw new Problem('validation_failed', error, [{ field: '/querystring/to', message: error }]);
}

/** The period asked for, or this month up to today. */
export function periodOf(ctx: Ctx, from: IsoDate | undefined, to: IsoDate | undefined): { from: IsoDate; to: IsoDate } {
  const today = shanghaiDate(ctx.clock.now());
  const end = to ?? today;
  const start = from ?? `${end.slice(0, 7)}-01`;
  checkPeriod(start, end);
  return { from: start, to: end };
}

const noExtras: KpiExtras = { catalog: null, waiting: null };

/**
 * The KPIs T1–T8, case volume, waiting time and handling time of an organisation's subtree (or a
 * window) over a period, each with its definition; with `by`, the same per child organisation — or
 * per window of a department's halls, per person of a department without halls or of a window — or
 * the handling time per item.
 * @throws Problem 'forbidden' for roles that do not watch; 'not_found' outside the actor's subtree; 'validation_failed' for a bad period.
 */
export async function getKpis(ctx: Ctx, input: { org?: string | undefined; from?: IsoDate | undefined; to?: IsoDate | undefined; by?: KpiBreakdown | undefined }): Promise<KpiReport & { breakdown?: KpiBreakdownRow[]; items?: ItemHandlingRow[] }> {
  const { from, to } = periodOf(ctx, input.from, input.to);
  const { actor, place } = await placeInScope(ctx, input.org);
  const period = { from, to };
  const withDefinitions = (kpis: KpiValue[]) => kpis.map((k) => ({ ...k, definition: definitionOf(k.key) }));

  if (place.kind === 'window') {
    const { place: wp, org } = place;
    const facts = await factsAtWindows(ctx.db, [wp.window.id], from, to);
    const sums = sumContributions(facts, from, to, (c) => c.windowId).get(wp.window.id) ?? { counters: zeroCounters(), durations: emptyHistograms() };
    const waiting = (await waitingOf(ctx, actor, org, from, to, wp.site.id)).byWindow.get(wp.window.id) ?? null;
    const report: KpiReport & { breakdown?: KpiBreakdownRow[] } = { subject: windowSubject(wp.window, wp.site.name, wp.site.nameEn), from, to, kpis: withDefinitions(computeKpis(sums.counters, sums.durations, { catalog: null, waiting }, period)) };
    if (input.by === 'child') report.breakdown = await byPerson(ctx, facts, from, to, (c) => c.windowId === wp.window.id);
    if (input.by === 'item') throw new Problem('validation_failed', 'by=item is for organisations', [{ field: '/querystring/by', message: 'not for a window' }]);
    return report;
  }

  const { org } = place;
  const [sums, catalog, waiting, breakdown, items, hotline] = await Promise.all([
    rollupSums(ctx.db, [org.id], from, to), catalogOf(ctx, org), waitingOf(ctx, actor, org, from, to),
    input.by === 'child' ? childrenOf(ctx, actor, org, from, to, period) : undefined,
    input.by === 'item' ? itemHandling(ctx.db, org, from, to) : undefined,
    hotlineKpisOf(ctx.db, org.path, period),
  ]);
  const whole = sums.get(org.id);
  const report: KpiReport & { breakdown?: KpiBreakdownRow[]; items?: ItemHandlingRow[] } = {
    subject: orgSubject(org), from, to,
    kpis: withDefinitions([...computeKpis(whole?.counters ?? zeroCounters(), whole?.histograms ?? emptyHistograms(), { catalog, waiting: waiting.overall }, period), ...hotline]),
  };
  if (items) report.items = items;
  if (breakdown) report.breakdown = breakdown;
  return report;
}

async function childrenOf(ctx: Ctx, actor: Actor, org: OrgRow, from: IsoDate, to: IsoDate, period: { from: IsoDate; to: IsoDate }): Promise<KpiBreakdownRow[]> {
  if (org.kind !== 'department') {
    const [subtree, sites] = await Promise.all([listOrgs(ctx.db, { within: org.id }), listSites(ctx.db, { within: org.id })]);
    const children = subtree.filter((o) => o.parentId === org.id);
    const sums = await rollupSums(ctx.db, children.map((c) => c.id), from, to);
    // Only children that run a hall or an agency point have queue tickets to ask the queue about.
    const pathOf = new Map(subtree.map((o) => [o.id, o.path]));
    const sitePaths = sites.map((s) => pathOf.get(s.orgId) ?? '');
    return Promise.all(children.map(async (child) => {
      const s = sums.get(child.id);
      const hasSites = sitePaths.some((p) => p.startsWith(child.path));
      const [catalog, waiting, hotline] = await Promise.all([catalogOf(ctx, child), hasSites ? waitingOf(ctx, actor, child, from, to).then((x) => x.overall) : null, hotlineKpisOf(ctx.db, child.path, period)]);
      return { subject: orgSubject(child), kpis: [...computeKpis(s?.counters ?? zeroCounters(), s?.histograms ?? emptyHistograms(), { catalog, waiting }, period), ...hotline] };
    }));
  }
  // A department that runs halls or agency points: its windows; any other department: its staff.
  const sites = await listSites(ctx.db, { orgId: org.id });
  if (sites.length) {
    const out: KpiBreakdownRow[] = [];
    for (const s of sites) {
      const site = await getSite(ctx, s.id);
      const facts = await factsAtWindows(ctx.db, site.windows.map((w) => w.id), from, to);
      const sums = sumContributions(facts, from, to, (c) => c.windowId);
      const waiting = (await waitingOf(ctx, actor, org, from, to, site.id)).byWindow;
      for (const w of site.windows) {
        const x = sums.get(w.id);
        out.push({ subject: windowSubject(w, site.name, site.nameEn), kpis: computeKpis(x?.counters ?? zeroCounters(), x?.durations ?? emptyHistograms(), { catalog: null, waiting: waiting.get(w.id) ?? null }, period) });
      }
    }
    return out;
  }
  const staff = await ctx.db.select({ id: users.id }).from(users).where(and(eq(users.orgId, org.id), eq(users.kind, 'staff')));
  const facts = await factsOfPeople(ctx.db, staff.map((s) => s.id), from, to);
  // Only what the person did in this department (someone who moved keeps their history where it happened).
  return byPerson(ctx, facts, from, to, (c) => c.orgPath.startsWith(org.path), staff.map((s) => s.id));
}

async function byPerson(ctx: Ctx, facts: CaseFacts[], from: IsoDate, to: IsoDate, keep: (c: Contribution) => boolean, always: string[] = []): Promise<KpiBreakdownRow[]> {
  const sums = sumContributions(facts, from, to, (c) => (c.personId && keep(c) ? c.personId : null));
  const ids = [...new Set([...always, ...sums.keys()])];
  const people = await peopleSubjects(ctx.db, ids);
  return ids
    .filter((id) => people.has(id))
    .map((id) => {
      const s = sums.get(id);
      return { subject: people.get(id)!, kpis: computeKpis(s?.counters ?? zeroCounters(), s?.durations ?? emptyHistograms(), noExtras, { from, to }) };
    })
    .sort((a, b) => a.subject.name.localeCompare(b.subject.name));
}

/** Handling time and timeliness per item decided in a subtree and period, busiest first (at most 200). */
async function itemHandling(q: Queryable, org: OrgRow, from: IsoDate, to: IsoDate): Promise<ItemHandlingRow[]> {
  const found = await rows<{ itemCode: string; itemName: string; itemNameEn: string; decided: number; onTime: number; handling: number }>(q, sql`
    SELECT item_code AS "itemCode", max(item_name) AS "itemName", max(item_name_en) AS "itemNameEn", count(*)::float8 AS decided,
      count(*) FILTER (WHERE on_time)::float8 AS "onTime", coalesce(sum(used_days), 0)::float8 AS handling
    FROM supervision_case_facts
    WHERE decision_org_path LIKE ${`${org.path}%`} AND decided_on BETWEEN ${from}::date AND ${to}::date
    GROUP BY item_code ORDER BY count(*) DESC, item_code LIMIT 200`);
  return found.map((r) => {
    const decided = Number(r.decided);
    return { itemCode: r.itemCode, itemName: r.itemName, itemNameEn: r.itemNameEn, decided, onTime: Number(r.onTime), onTimeRate: decided ? Number(r.onTime) / decided : null, averageHandlingDays: decided ? Number(r.handling) / decided : null };
  });
}

/** An organisation's KPIs for a period without the definitions (the monthly report and rankings use them). */
export async function kpisOfOrg(ctx: Ctx, actor: Actor, org: OrgRow, period: { from: IsoDate; to: IsoDate }): Promise<KpiValue[]> {
  const [sums, catalog, waiting, hotline] = await Promise.all([rollupSums(ctx.db, [org.id], period.from, period.to), catalogOf(ctx, org), waitingOf(ctx, actor, org, period.from, period.to), hotlineKpisOf(ctx.db, org.path, period)]);
  const whole = sums.get(org.id);
  return [...computeKpis(whole?.counters ?? zeroCounters(), whole?.histograms ?? emptyHistograms(), { catalog, waiting: waiting.overall }, period), ...hotline];
}
