import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CaseAction, CaseStatus, WarningLevel } from '../../../common/cases.js';
import type { EscalationStep, ListedWarningLevel } from '../../../common/supervision.js';
import { shanghaiDate, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { rows, type Db, type Queryable, type Tx } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { notifyUser, type TemplateKey } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { computeClock, listWarning, workingDaysLeft, type CaseRow, type ClockEvent } from '../cases/index.js';
import { findOrgsByIds } from '../orgs/index.js';
import { orgInScope } from './access.js';
import { nearestSupervisors, stepRecipients, stepsReached, warningOrder } from './rules.js';
import { escalations, type EscalationRow } from './schema.js';

// Live warnings (yellow, red, paused) and their escalation. The live list is computed when asked from
// the cases' deadlines (kept by the case module from the events) with the case module's own rule
// (`listWarning`); before anyone is told, the job confirms the warning from the events themselves
// (`computeClock`). Cases are read with read-only SQL: the open cases of a whole prefecture at once.

type OpenCase = Pick<CaseRow, 'id' | 'caseNumber' | 'itemCode' | 'itemName' | 'itemNameEn' | 'status' | 'handlerOrgId' | 'handlerOrgPath' | 'promisedDueOn' | 'promisedLimit' | 'statutoryLimit'>;

async function openCases(q: Queryable, scopePath: string, handlerOrgId?: string): Promise<OpenCase[]> {
  const found = await rows<OpenCase>(q, sql`
    SELECT id, case_number AS "caseNumber", item_code AS "itemCode", item_name AS "itemName", item_name_en AS "itemNameEn", status,
      handler_org_id AS "handlerOrgId", handler_org_path AS "handlerOrgPath", promised_due_on::text AS "promisedDueOn", promised_limit AS "promisedLimit", statutory_limit AS "statutoryLimit"
    FROM cases
    WHERE handler_org_path LIKE ${`${scopePath}%`} AND status IN ('accepted', 'in_review', 'suspended') ${handlerOrgId ? sql`AND handler_org_id = ${handlerOrgId}::uuid` : sql``}`);
  return found.map((c) => ({ ...c, promisedLimit: Number(c.promisedLimit), statutoryLimit: Number(c.statutoryLimit) }));
}

/**
 * Who handles each case: the last member of the handling organisation's staff to act on it (the
 * reviewer who took it up, or the clerk who accepted it), from the events — cases name no assignee.
 */
async function handlersOf(q: Queryable, caseIds: string[]): Promise<Map<string, string>> {
  if (!caseIds.length) return new Map();
  const found = await rows<{ caseId: string; actorId: string }>(q, sql`
    SELECT DISTINCT ON (e.case_id) e.case_id AS "caseId", e.actor_id AS "actorId"
    FROM case_events e JOIN cases c ON c.id = e.case_id AND e.actor_org_id = c.handler_org_id
    WHERE e.case_id = ANY(${`{${caseIds.join(',')}}`}::uuid[]) AND e.actor_id IS NOT NULL
    ORDER BY e.case_id, e.id DESC`);
  return new Map(found.map((r) => [r.caseId, r.actorId]));
}

/**
 * The case module's warning rules, remembered per deadline within one request: a prefecture's ten
 * thousand open cases share a few hundred deadlines, and each answer counts working days.
 */
function memoisedRules(calendar: Calendar, now: Date) {
  const warnings = new Map<string, WarningLevel>();
  const left = new Map<string, number>();
  return {
    warning(status: CaseStatus, dueOn: IsoDate | null, limit: number): WarningLevel {
      const key = `${status}|${dueOn}|${limit}`;
      let w = warnings.get(key);
      if (w === undefined) warnings.set(key, (w = listWarning(status, dueOn, limit, calendar, now)));
      return w;
    },
    daysLeft(today: IsoDate, dueOn: IsoDate): number {
      let n = left.get(dueOn);
      if (n === undefined) left.set(dueOn, (n = workingDaysLeft(today, dueOn, calendar)));
      return n;
    },
  };
}

export interface WarningItem {
  caseId: string;
  caseNumber: string;
  itemCode: string;
  itemName: string;
  itemNameEn: string;
  status: CaseStatus;
  level: ListedWarningLevel;
  promisedDueOn: IsoDate | null;
  /** Working days left to the promised deadline (0 on the day; negative: days late); null while paused without one. */
  daysLeft: number | null;
  handlerOrg: { id: string; code: string; name: string; nameEn: string };
  /** Who handles it: the last of the handling organisation's staff to act on it (null before anyone has). */
  handler: { id: string; name: string } | null;
  /** The furthest warning step recorded (and notified) for the current deadline. */
  escalation: EscalationStep | null;
}

export interface WarningCounts {
  yellow: number;
  red: number;
  paused: number;
}

export interface WarningList {
  org: { id: string; code: string; name: string; nameEn: string };
  asOf: IsoDate;
  counts: WarningCounts;
  /** Per handling organisation, most red first (at most 50). */
  byHandler: ({ orgId: string; code: string; name: string; nameEn: string } & WarningCounts)[];
  /** Per member of staff handling cases, most red first (at most 50). */
  byPerson: ({ userId: string; name: string; orgId: string } & WarningCounts)[];
  total: number;
  items: WarningItem[];
}

/**
 * The live warning list of an organisation's subtree (or one handling organisation in it): cases
 * yellow, red or paused now, red first, with counts per level and per handling organisation.
 * @throws Problem 'forbidden' for roles that do not watch; 'not_found' for an organisation outside the actor's subtree.
 */
export async function listWarnings(ctx: Ctx, filter: { org?: string | undefined; level?: ListedWarningLevel | undefined; handlerOrg?: string | undefined; handler?: string | undefined; page: number; pageSize: number }): Promise<WarningList> {
  const { org } = await orgInScope(ctx, filter.org, ['supervisor', 'admin', 'departmentHead', 'reviewer']);
  let handlerOrgId: string | undefined;
  if (filter.handlerOrg) handlerOrgId = (await orgInScope(ctx, filter.handlerOrg, ['supervisor', 'admin', 'departmentHead', 'reviewer'])).org.id;
  const { calendar } = await loadCalendar(ctx.db);
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const rules = memoisedRules(calendar, now);
  const warned = (await openCases(ctx.db, org.path, handlerOrgId))
    .map((c) => ({ c, level: rules.warning(c.status, c.promisedDueOn, c.promisedLimit) }))
    .filter((w): w is { c: OpenCase; level: ListedWarningLevel } => w.level !== 'none')
    .map(({ c, level }) => ({ c, level, caseNumber: c.caseNumber, daysLeft: c.promisedDueOn ? rules.daysLeft(today, c.promisedDueOn) : null }));
  const handlers = await handlersOf(ctx.db, warned.map((w) => w.c.id));
  const counts: WarningCounts = { yellow: 0, red: 0, paused: 0 };
  const perHandler = new Map<string, WarningCounts>();
  const perPerson = new Map<string, WarningCounts & { orgId: string }>();
  for (const w of warned) {
    counts[w.level]++;
    const h = perHandler.get(w.c.handlerOrgId) ?? { yellow: 0, red: 0, paused: 0 };
    h[w.level]++;
    perHandler.set(w.c.handlerOrgId, h);
    const person = handlers.get(w.c.id);
    if (person) {
      const p = perPerson.get(person) ?? { yellow: 0, red: 0, paused: 0, orgId: w.c.handlerOrgId };
      p[w.level]++;
      perPerson.set(person, p);
    }
  }
  const listed = warned.filter((w) => (!filter.level || w.level === filter.level) && (!filter.handler || handlers.get(w.c.id) === filter.handler)).sort(warningOrder);
  const page = listed.slice((filter.page - 1) * filter.pageSize, filter.page * filter.pageSize);
  const mostRed = ([, a]: [string, WarningCounts], [, b]: [string, WarningCounts]) => b.red - a.red || b.yellow - a.yellow || b.paused - a.paused;
  const topHandlers = [...perHandler.entries()].sort(mostRed).slice(0, 50);
  const topPersons = [...perPerson.entries()].sort(mostRed).slice(0, 50);
  const orgs = await findOrgsByIds(ctx.db, [...new Set([...page.map((w) => w.c.handlerOrgId), ...topHandlers.map(([id]) => id)])]);
  const personIds = [...new Set([...topPersons.map(([id]) => id), ...page.flatMap((w) => handlers.get(w.c.id) ?? [])])];
  const names = new Map((personIds.length ? await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, personIds)) : []).map((u) => [u.id, u.name]));
  const recorded = page.length
    ? await ctx.db.select({ caseId: escalations.caseId, step: escalations.step, dueOn: escalations.dueOn }).from(escalations).where(inArray(escalations.caseId, page.map((w) => w.c.id)))
    : [];
  const orgView = (id: string) => {
    const o = orgs.get(id);
    return { id, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' };
  };
  const order: EscalationStep[] = ['yellow', 'red', 'head', 'supervisor'];
  return {
    org: { id: org.id, code: org.code, name: org.name, nameEn: org.nameEn },
    asOf: today,
    counts,
    byHandler: topHandlers.map(([id, c]) => {
      const o = orgView(id);
      return { orgId: id, code: o.code, name: o.name, nameEn: o.nameEn, ...c };
    }),
    byPerson: topPersons.map(([userId, c]) => ({ userId, name: names.get(userId) ?? '', ...c })),
    total: listed.length,
    items: page.map((w) => {
      const steps = recorded.filter((r) => r.caseId === w.c.id && r.dueOn === w.c.promisedDueOn).map((r) => r.step);
      const furthest = order.filter((s) => steps.includes(s)).at(-1) ?? null;
      return {
        caseId: w.c.id, caseNumber: w.c.caseNumber, itemCode: w.c.itemCode, itemName: w.c.itemName, itemNameEn: w.c.itemNameEn, status: w.c.status, level: w.level,
        promisedDueOn: w.c.promisedDueOn, daysLeft: w.daysLeft, handlerOrg: orgView(w.c.handlerOrgId), escalation: furthest,
        handler: handlers.has(w.c.id) ? { id: handlers.get(w.c.id)!, name: names.get(handlers.get(w.c.id)!) ?? '' } : null,
      };
    }),
  };
}

// ---------------------------------------------------------------- the job: tell, then escalate

const templateOf: Record<EscalationStep, TemplateKey> = {
  yellow: 'supervision.yellow',
  red: 'supervision.red',
  head: 'supervision.escalated_head',
  supervisor: 'supervision.escalated_supervisor',
};

async function recipientsOf(tx: Tx, step: EscalationStep, handlerOrgId: string, handlerOrgPath: string): Promise<(typeof users.$inferSelect)[]> {
  const { roles, where } = stepRecipients[step];
  const roleMatch = sql`${users.roles} && ${sql.param([...roles])}::text[]`;
  if (where === 'handler') return tx.select().from(users).where(and(eq(users.orgId, handlerOrgId), eq(users.active, true), roleMatch));
  const supervisors = await tx.select().from(users).where(and(eq(users.active, true), roleMatch, sql`${handlerOrgPath} LIKE ${users.scopePath} || '%'`));
  return nearestSupervisors(supervisors, handlerOrgPath);
}

/**
 * Records one warning step of a case and tells its recipients, once: the step's row is unique per
 * case, step and deadline, so a second run (another process, or a retry) that gets here too inserts
 * nothing and sends nothing.
 */
async function escalate(tx: Tx, now: Date, c: OpenCase & { orgName: string }, step: EscalationStep, dueOn: IsoDate, lateDays: number): Promise<EscalationRow | null> {
  const [row] = await tx
    .insert(escalations)
    .values({ caseId: c.id, caseNumber: c.caseNumber, step, dueOn, lateDays, handlerOrgId: c.handlerOrgId, handlerOrgPath: c.handlerOrgPath, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  const recipients = await recipientsOf(tx, step, c.handlerOrgId, c.handlerOrgPath);
  for (const user of recipients) {
    await notifyUser(tx, { userId: user.id, template: templateOf[step], params: { orgName: c.orgName, itemName: c.itemName, caseNumber: c.caseNumber, dueOn, lateDays } as never, now }, user);
  }
  const [updated] = await tx.update(escalations).set({ recipients: recipients.map((u) => u.id) }).where(eq(escalations.id, row.id)).returning();
  await recordAudit(tx, { actor: null, clock: { now: () => now } }, { action: step === 'yellow' || step === 'red' ? 'supervision.warn' : 'supervision.escalate', targetType: 'case', targetId: c.id, after: updated });
  return updated!;
}

/**
 * The warnings job: every open case's warning from its deadline; for the steps it has reached and
 * that are not yet recorded, the warning is confirmed from its events and recorded, and the
 * recipients are told. Returns the steps recorded.
 */
export async function runWarnings(db: Db, now: Date): Promise<EscalationRow[]> {
  const { calendar } = await loadCalendar(db);
  const today = shanghaiDate(now);
  const rules = memoisedRules(calendar, now);
  const open = await rows<OpenCase & { steps: EscalationStep[] | string | null }>(db, sql`
    SELECT c.id, c.case_number AS "caseNumber", c.item_code AS "itemCode", c.item_name AS "itemName", c.item_name_en AS "itemNameEn", c.status,
      c.handler_org_id AS "handlerOrgId", c.handler_org_path AS "handlerOrgPath", c.promised_due_on::text AS "promisedDueOn", c.promised_limit AS "promisedLimit", c.statutory_limit AS "statutoryLimit",
      (SELECT array_agg(s.step) FROM supervision_escalations s WHERE s.case_id = c.id AND s.due_on = c.promised_due_on) AS steps
    FROM cases c WHERE c.status IN ('accepted', 'in_review')`);
  // Which cases seem to have reached a step not yet recorded (from the cached deadline).
  const due = open
    .map((c) => {
      const level = rules.warning(c.status, c.promisedDueOn, Number(c.promisedLimit));
      const lateDays = c.promisedDueOn && level === 'red' ? -rules.daysLeft(today, c.promisedDueOn) : 0;
      const done = parseSteps(c.steps);
      return { c: { ...c, promisedLimit: Number(c.promisedLimit), statutoryLimit: Number(c.statutoryLimit) }, missing: stepsReached(level, lateDays).filter((s) => !done.includes(s)) };
    })
    .filter((x) => x.missing.length);
  if (!due.length) return [];
  const events = await rows<{ caseId: string; action: CaseAction; at: Date | string; data: ClockEvent['data'] }>(db, sql`
    SELECT case_id AS "caseId", action, at, data FROM case_events WHERE case_id = ANY(${sql.param(due.map((d) => d.c.id))}::uuid[]) ORDER BY id`);
  const orgs = await findOrgsByIds(db, [...new Set(due.map((d) => d.c.handlerOrgId))]);
  const recorded: EscalationRow[] = [];
  for (const { c } of due) {
    // The truth: the clock from the case's own events.
    const clock = computeClock(events.filter((e) => e.caseId === c.id).map((e) => ({ action: e.action, at: new Date(e.at), data: e.data })), { statutory: c.statutoryLimit, promised: c.promisedLimit }, calendar, now);
    if (!clock.promisedDueOn || (clock.warning !== 'yellow' && clock.warning !== 'red')) continue;
    const lateDays = clock.warning === 'red' ? Math.max(0, -(clock.promisedLeft ?? 0)) : 0;
    const steps = stepsReached(clock.warning, lateDays);
    const withName = { ...c, orgName: orgs.get(c.handlerOrgId)?.name ?? '' };
    await db.transaction(async (tx) => {
      for (const step of steps) {
        const row = await escalate(tx, now, withName, step, clock.promisedDueOn!, step === 'yellow' ? 0 : lateDays);
        if (row) recorded.push(row);
      }
    });
  }
  return recorded;
}

/** `array_agg` of an enum-like text column: an array on node-postgres and PGlite alike, or its text form. */
function parseSteps(value: EscalationStep[] | string | null): EscalationStep[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean) as EscalationStep[];
}

export interface EscalationView extends Omit<EscalationRow, 'handlerOrgPath'> {
  handlerOrg: { id: string; code: string; name: string; nameEn: string };
}

/**
 * The warning steps recorded in an organisation's subtree (or for one case), newest first: who was
 * told what, when.
 * @throws Problem 'forbidden' for roles that do not watch; 'not_found' outside the actor's subtree.
 */
export async function listEscalations(ctx: Ctx, filter: { org?: string | undefined; caseId?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: EscalationView[] }> {
  const { org } = await orgInScope(ctx, filter.org, ['supervisor', 'admin', 'departmentHead', 'reviewer']);
  const where = and(sql`${escalations.handlerOrgPath} LIKE ${`${org.path}%`}`, filter.caseId ? eq(escalations.caseId, filter.caseId) : undefined);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(escalations).where(where);
  const found = await ctx.db.select().from(escalations).where(where).orderBy(sql`${escalations.createdAt} DESC`, sql`${escalations.id} DESC`).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  const orgs = await findOrgsByIds(ctx.db, [...new Set(found.map((e) => e.handlerOrgId))]);
  return {
    total: Number(total?.n ?? 0),
    items: found.map(({ handlerOrgPath: _, ...e }) => {
      const o = orgs.get(e.handlerOrgId);
      return { ...e, handlerOrg: { id: e.handlerOrgId, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' } };
    }),
  };
}
