import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { CaseAction, CaseStatus } from '../../../common/cases.js';
import type { WindowCategory } from '../../../common/enums.js';
import type { IsoDate } from '../../../common/working-days.js';
import { rows, type Database, type Db, type Queryable, type Tx } from '../../db/client.js';
import { loadCalendar } from '../../platform/calendar.js';
import { JOB_LOCK_SPACE, jobLockKey } from '../../platform/jobs.js';
import { deriveFacts, itemGroupOf, rollupDelta, type CaseFacts, type FactsInput } from './rules.js';
import { caseFacts, counterColumnNames, counterKeys, rollupState } from './schema.js';

// Keeping the KPIs' sources up to date: case facts derived from the cases' events, and the daily
// rollup changed by the difference between a case's old and new facts.
//
// Supervision reads the case module's tables here with plain read-only SQL rather than through its
// service functions: those load one case at a time with the actor's scope, and this job reads
// thousands of cases per batch for everyone (ARCHITECTURE: supervision reads every module).

/** The job's name: its advisory lock also keeps a rebuild from the command line apart from it. */
export const ROLLUP_JOB = 'supervision.rollup';

/**
 * Case events are numbered by a sequence, and a transaction can commit after one holding a higher
 * number has: each run looks this many numbers back behind its watermark, and a slow sweep checks
 * every case in turn, so a late commit is never missed for long.
 */
const LOOKBACK_EVENTS = 50_000;
/** New ratings are found by their UUIDv7 ids, which carry the time they were made: this far back. */
const LOOKBACK_RATINGS_MS = 15 * 60_000;
/** Cases per transaction. */
const BATCH = 1_000;

type CaseRowLite = FactsInput['case'] & { itemVersionId: string };

// A published item version never changes (a trigger refuses it): its company events are read once.
const companyEventsOf = new Map<string, string[]>();
const windowCategoryOf = new Map<string, WindowCategory | null>();

async function loadInputs(q: Queryable, ids: string[]): Promise<FactsInput[]> {
  if (!ids.length) return [];
  const idList = sql`${sql.param(ids)}::uuid[]`;
  const caseRows = await rows<CaseRowLite>(q, sql`
    SELECT id, case_number AS "caseNumber", item_code AS "itemCode", item_name AS "itemName", item_name_en AS "itemNameEn", item_version_id AS "itemVersionId",
      status, channel, intake_org_id AS "intakeOrgId", intake_org_path AS "intakeOrgPath", decision_org_id AS "decisionOrgId", decision_org_path AS "decisionOrgPath",
      window_id AS "windowId", site_id AS "siteId", filed_by AS "filedBy", statutory_limit AS "statutoryLimit", promised_limit AS "promisedLimit", outcome, trips
    FROM cases WHERE id = ANY(${idList})`);
  const events = await rows<{ id: number; caseId: string; action: CaseAction; at: Date | string; actorId: string | null; toStatus: CaseStatus; data: Record<string, unknown> | null }>(q, sql`
    SELECT id::float8 AS id, case_id AS "caseId", action, at, actor_id AS "actorId", to_status AS "toStatus",
      CASE WHEN action IN ('deemAccept', 'suspend', 'extend', 'decide', 'deliver') THEN data END AS data
    FROM case_events WHERE case_id = ANY(${idList})`);
  const ratings = await rows<{ caseId: string; level: number; ratedAt: Date | string; orgId: string; orgPath: string; followUpDueOn: IsoDate | null; calledBackAt: string | null; version: number }>(q, sql`
    SELECT DISTINCT ON (case_id) case_id AS "caseId", level, rated_at AS "ratedAt", org_id AS "orgId", org_path AS "orgPath", follow_up_due_on::text AS "followUpDueOn",
      follow_up->'calledBack'->>'at' AS "calledBackAt", version
    FROM evaluations WHERE case_id = ANY(${idList}) ORDER BY case_id, handling DESC`);
  // R1.3: materials the case module filled from the e-certificate library or shared data.
  const replaced = await rows<{ caseId: string; n: number }>(q, sql`
    SELECT case_id AS "caseId", count(*)::int AS n FROM case_materials WHERE case_id = ANY(${idList}) AND source IN ('certificate', 'sharedData') GROUP BY case_id`);
  const replacedOf = new Map(replaced.map((r) => [r.caseId, Number(r.n)]));
  const unknownVersions = [...new Set(caseRows.map((c) => c.itemVersionId))].filter((v) => !companyEventsOf.has(v));
  if (unknownVersions.length) {
    const found = await rows<{ id: string; companyEvents: string[] }>(q, sql`SELECT id, company_events AS "companyEvents" FROM item_versions WHERE id = ANY(${sql.param(unknownVersions)}::uuid[])`);
    for (const v of found) companyEventsOf.set(v.id, v.companyEvents);
  }
  const unknownWindows = [...new Set(caseRows.map((c) => c.windowId).filter((w): w is string => !!w && !windowCategoryOf.has(w)))];
  if (unknownWindows.length) {
    // A window's category as it is now: windows are rarely re-categorised, and a case's window never changes.
    const found = await rows<{ id: string; category: WindowCategory }>(q, sql`SELECT id, category FROM windows WHERE id = ANY(${sql.param(unknownWindows)}::uuid[])`);
    for (const w of found) windowCategoryOf.set(w.id, w.category);
  }
  const eventsOf = new Map<string, FactsInput['events']>();
  // In no particular order: the facts sort each case's events themselves. Only the clock's and delivery's data is read.
  for (const e of events) {
    const list = eventsOf.get(e.caseId) ?? [];
    list.push({ id: Number(e.id), action: e.action, at: new Date(e.at), actorId: e.actorId, toStatus: e.toStatus, data: e.data });
    eventsOf.set(e.caseId, list);
  }
  const ratingOf = new Map(ratings.map((r) => [r.caseId, r]));
  return caseRows.map((c) => {
    const r = ratingOf.get(c.id);
    return {
      case: { ...c, trips: Number(c.trips), statutoryLimit: Number(c.statutoryLimit), promisedLimit: Number(c.promisedLimit) },
      events: eventsOf.get(c.id) ?? [],
      windowCategory: c.windowId ? (windowCategoryOf.get(c.windowId) ?? null) : null,
      itemGroup: itemGroupOf(c.itemCode, companyEventsOf.get(c.itemVersionId) ?? []),
      evaluation: r ? { level: Number(r.level), ratedAt: new Date(r.ratedAt), orgId: r.orgId, orgPath: r.orgPath, followUpDueOn: r.followUpDueOn, calledBackAt: r.calledBackAt, version: Number(r.version) } : null,
      materialsReplaced: replacedOf.get(c.id) ?? 0,
    };
  });
}

const factColumnEntries = Object.entries(getTableColumns(caseFacts)).map(([key, col]) => [key, col.name] as const);
const factColumns = factColumnEntries.map(([, name]) => name);
const toSnakeRecord = (f: CaseFacts, computedAt: string): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, name] of factColumnEntries) out[name] = key === 'computedAt' ? computedAt : (f as unknown as Record<string, unknown>)[key];
  return out;
};

/**
 * Derives the facts of these cases afresh and moves the rollup by the difference from their old
 * facts, all in the caller's transaction. Returns the facts written.
 */
export async function refreshCases(tx: Tx, ids: string[], now: Date): Promise<CaseFacts[]> {
  if (!ids.length) return [];
  const { calendar } = await loadCalendar(tx);
  const inputs = await loadInputs(tx, ids);
  const after = inputs.map((i) => deriveFacts(i, calendar, now));
  const before = (await tx.select().from(caseFacts).where(sql`${caseFacts.caseId} = ANY(${sql.param(ids)}::uuid[])`)).map(({ computedAt: _, ...f }) => f);
  const { daily, durations } = rollupDelta(before, after);
  if (daily.length) {
    const json = JSON.stringify(daily.map((d) => ({ day: d.day, org_id: d.orgId, ...Object.fromEntries(counterKeys.map((k) => [counterColumnNames[k], d.counters[k]])) })));
    const cols = counterKeys.map((k) => counterColumnNames[k]);
    await tx.execute(sql`
      INSERT INTO supervision_daily (org_id, day, ${sql.raw(cols.join(', '))})
      SELECT org_id, day, ${sql.raw(cols.join(', '))} FROM json_populate_recordset(NULL::supervision_daily, ${json}::json)
      ON CONFLICT (org_id, day) DO UPDATE SET ${sql.raw(cols.map((c) => `${c} = supervision_daily.${c} + excluded.${c}`).join(', '))}`);
  }
  if (durations.length) {
    const json = JSON.stringify(durations.map((d) => ({ day: d.day, org_id: d.orgId, kind: d.kind, days: d.days, cases: d.cases })));
    await tx.execute(sql`
      INSERT INTO supervision_daily_durations (org_id, kind, day, days, cases)
      SELECT org_id, kind, day, days, cases FROM json_populate_recordset(NULL::supervision_daily_durations, ${json}::json)
      ON CONFLICT (org_id, kind, day, days) DO UPDATE SET cases = supervision_daily_durations.cases + excluded.cases`);
  }
  const computedAt = now.toISOString();
  const json = JSON.stringify(after.map((f) => toSnakeRecord(f, computedAt)));
  // Cases seen for the first time (all of a generated history) need no conflict handling.
  const upsert = before.length ? sql.raw(`ON CONFLICT (case_id) DO UPDATE SET ${factColumns.filter((c) => c !== 'case_id').map((c) => `${c} = excluded.${c}`).join(', ')}`) : sql``;
  await tx.execute(sql`
    INSERT INTO supervision_case_facts (${sql.raw(factColumns.join(', '))})
    SELECT ${sql.raw(factColumns.join(', '))} FROM json_populate_recordset(NULL::supervision_case_facts, ${json}::json) ${upsert}`);
  return after;
}

/** The lowest UUIDv7 made at or after `ms` (its first 48 bits are the time in milliseconds). */
function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

async function loadState(q: Queryable): Promise<{ lastEventId: number; sweepCaseId: string | null }> {
  const [state] = await q.select().from(rollupState).where(eq(rollupState.id, 1));
  return state ? { lastEventId: Number(state.lastEventId), sweepCaseId: state.sweepCaseId } : { lastEventId: 0, sweepCaseId: null };
}

async function saveState(q: Queryable, state: { lastEventId: number; sweepCaseId: string | null }, now: Date): Promise<void> {
  await q.insert(rollupState).values({ id: 1, ...state, updatedAt: now }).onConflictDoUpdate({ target: rollupState.id, set: { ...state, updatedAt: now } });
}

export interface RollupReport {
  cases: number;
  /** Whether work is left for the next run (more changed cases than one run takes). */
  more: boolean;
}

/**
 * One run of the rollup job: finds the cases whose facts are stale — new events, a new rating, a
 * bad rating's follow-up moved on, or found by the sweep — and refreshes them, `BATCH` per
 * transaction, at most `maxCases` per run.
 */
export async function runRollup(db: Db, now: Date, options: { maxCases?: number; sweep?: number } = {}): Promise<RollupReport> {
  const maxCases = options.maxCases ?? 20_000;
  const state = await loadState(db);
  const floor = Math.max(0, state.lastEventId - LOOKBACK_EVENTS);
  // Cases with events newer than their facts, oldest change first (so a partial run never skips one).
  const changed = await rows<{ caseId: string; last: number }>(db, sql`
    SELECT e.case_id AS "caseId", e.last::float8 AS last
    FROM (SELECT case_id, max(id) AS last FROM case_events WHERE id > ${floor} GROUP BY case_id) e
    LEFT JOIN supervision_case_facts f ON f.case_id = e.case_id
    WHERE f.case_id IS NULL OR f.last_event_id < e.last
    ORDER BY e.last LIMIT ${maxCases + 1}`);
  const more = changed.length > maxCases;
  const take = changed.slice(0, maxCases);
  const rated = await rows<{ caseId: string }>(db, sql`
    SELECT e.case_id AS "caseId" FROM evaluations e LEFT JOIN supervision_case_facts f ON f.case_id = e.case_id
    WHERE e.id >= ${uuidv7Floor(Date.now() - LOOKBACK_RATINGS_MS)}::uuid AND (f.case_id IS NULL OR f.rating_version IS DISTINCT FROM e.version)`);
  const followedUp = await rows<{ caseId: string }>(db, sql`
    SELECT f.case_id AS "caseId" FROM supervision_case_facts f JOIN evaluations e ON e.case_id = f.case_id
    WHERE f.follow_up_open AND e.version IS DISTINCT FROM f.rating_version`);
  const sweepSize = options.sweep ?? 2_000;
  const sweep = await rows<{ id: string; stale: boolean }>(db, sql`
    SELECT c.id, (f.case_id IS NULL
      OR f.last_event_id < coalesce((SELECT max(e.id) FROM case_events e WHERE e.case_id = c.id), 0)
      OR f.rating_version IS DISTINCT FROM (SELECT v.version FROM evaluations v WHERE v.case_id = c.id ORDER BY v.handling DESC LIMIT 1)) AS stale
    FROM (SELECT id FROM cases WHERE ${state.sweepCaseId ? sql`id > ${state.sweepCaseId}::uuid` : sql`true`} ORDER BY id LIMIT ${sweepSize}) c
    LEFT JOIN supervision_case_facts f ON f.case_id = c.id
    ORDER BY c.id`);
  const ids = [...new Set([...take.map((c) => c.caseId), ...rated.map((r) => r.caseId), ...followedUp.map((r) => r.caseId), ...sweep.filter((s) => s.stale).map((s) => s.id)])];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    await db.transaction((tx) => refreshCases(tx, batch, now));
  }
  const lastEventId = take.length ? Math.max(state.lastEventId, Number(take.at(-1)!.last)) : state.lastEventId;
  await saveState(db, { lastEventId, sweepCaseId: sweep.length < sweepSize ? null : sweep.at(-1)!.id }, now);
  return { cases: ids.length, more };
}

/** Marks every case event so far as rolled up (after facts were derived for all cases another way, e.g. by the generator). */
export async function markRolledUp(db: Db, now: Date): Promise<void> {
  const [max] = await rows<{ id: number | null }>(db, sql`SELECT max(id)::float8 AS id FROM case_events`);
  await saveState(db, { lastEventId: Number(max?.id ?? 0), sweepCaseId: null }, now);
}

/**
 * Runs `fn` holding a periodic job's advisory lock (the lock `runJob` takes), waiting for a run in
 * progress to end first.
 */
export async function withJobLock<T>(database: Database, jobName: string, fn: () => Promise<T>): Promise<T> {
  return database.withConnection(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1, $2)', [JOB_LOCK_SPACE, jobLockKey(jobName)]);
    try {
      return await fn();
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_SPACE, jobLockKey(jobName)]);
    }
  });
}
