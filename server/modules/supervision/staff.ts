import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Role } from '../../../common/enums.js';
import type { DutyStatus, SettableDutyStatus } from '../../../common/supervision.js';
import { shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import { rows, type Tx } from '../../db/client.js';
import { requireRole } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem, sqlState } from '../../platform/errors.js';
import { users } from '../../platform/schema.js';
import { findOrgsByIds, findWindowPlace, isAssignedToWindow } from '../orgs/index.js';
import { orgInScope } from './access.js';
import { periodOf } from './kpis.js';
import { contributionsOf, type CaseFacts } from './rules.js';
import { caseFacts, staffDuty, type StaffDutyRow } from './schema.js';

// Window staff on duty (R1.5, the centre-led performance view): clerks sign in at a window, say when
// they are away, and sign out; whether they are serving someone comes from the queue (a ticket being
// served at their window), read with read-only SQL so that the queue needs to know nothing of this.

export interface DutyView {
  id: string;
  userId: string;
  windowId: string;
  windowNumber: string;
  siteId: string;
  status: DutyStatus;
  /** The status set by the clerk (serving is derived), and since when. */
  declaredStatus: SettableDutyStatus;
  statusSince: Date;
  signedInAt: Date;
  signedOutAt: Date | null;
  /** The queue ticket being served at the window now, if any. */
  servingTicket: string | null;
  version: number;
}

async function servingTickets(q: Tx | Ctx['db'], userIds: string[], day: IsoDate): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const found = await rows<{ clerkId: string; number: string }>(q, sql`
    SELECT clerk_id AS "clerkId", number FROM queue_tickets WHERE day = ${day}::date AND status = 'serving' AND clerk_id = ANY(${sql.param(userIds)}::uuid[])`);
  return new Map(found.map((t) => [t.clerkId, t.number]));
}

function dutyView(row: StaffDutyRow, serving: string | null): DutyView {
  const status: DutyStatus = row.signedOutAt ? 'signedOut' : serving ? 'serving' : row.status;
  return {
    id: row.id, userId: row.userId, windowId: row.windowId, windowNumber: row.windowNumber, siteId: row.siteId, status, declaredStatus: row.status,
    statusSince: row.statusSince, signedInAt: row.signedInAt, signedOutAt: row.signedOutAt, servingTicket: serving, version: row.version,
  };
}

async function openDuty(q: Tx | Ctx['db'], userId: string): Promise<StaffDutyRow | undefined> {
  const [row] = await q.select().from(staffDuty).where(and(eq(staffDuty.userId, userId), isNull(staffDuty.signedOutAt))).limit(1);
  return row;
}

/** The clerk's current duty, or null when signed out. */
export async function myDuty(ctx: Ctx): Promise<DutyView | null> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  const row = await openDuty(ctx.db, actor.id);
  if (!row) return null;
  const serving = await servingTickets(ctx.db, [actor.id], shanghaiDate(ctx.clock.now()));
  return dutyView(row, serving.get(actor.id) ?? null);
}

const closeDuty = async (tx: Tx, row: StaffDutyRow, now: Date): Promise<StaffDutyRow> => {
  const away = row.status === 'away' ? Math.round((now.getTime() - row.statusSince.getTime()) / 1000) : 0;
  const [closed] = await tx.update(staffDuty).set({ signedOutAt: now, awaySeconds: row.awaySeconds + away, version: sql`${staffDuty.version} + 1` }).where(eq(staffDuty.id, row.id)).returning();
  return closed!;
};

/**
 * Signs a clerk in at one of their windows, on duty; signing in at another window signs them out of
 * the one before.
 * @throws Problem 'supervision.not_assigned' when the clerk is not assigned to the window; 'not_found' for an unknown window.
 */
export async function signIn(ctx: Ctx, windowId: string): Promise<DutyView> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  const place = await findWindowPlace(ctx.db, windowId);
  if (!place || !place.window.active) throw new Problem('not_found');
  if (!(await isAssignedToWindow(ctx.db, windowId, actor.id))) throw new Problem('supervision.not_assigned');
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const current = await openDuty(tx, actor.id);
      if (current?.windowId === windowId) return dutyView(current, null);
      if (current) await closeDuty(tx, current, now);
      const [row] = await tx
        .insert(staffDuty)
        .values({ userId: actor.id, windowId, windowNumber: place.window.number, siteId: place.site.id, siteOrgPath: place.orgPath, status: 'onDuty', statusSince: now, signedInAt: now })
        .returning();
      await recordAudit(tx, ctx, { action: 'supervision.sign-in', targetType: 'staffDuty', targetId: row!.id, before: current, after: row });
      return dutyView(row!, null);
    });
  } catch (err) {
    // Two sign-ins at once: the one-open-duty index lets one in.
    if (sqlState(err) === '23505') throw new Problem('version_conflict');
    throw err;
  }
}

/** Signs the clerk out. @throws Problem 'supervision.not_signed_in'. */
export async function signOut(ctx: Ctx): Promise<DutyView> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  return ctx.db.transaction(async (tx) => {
    const current = await openDuty(tx, actor.id);
    if (!current) throw new Problem('supervision.not_signed_in');
    const closed = await closeDuty(tx, current, ctx.clock.now());
    await recordAudit(tx, ctx, { action: 'supervision.sign-out', targetType: 'staffDuty', targetId: current.id, before: current, after: closed });
    return dutyView(closed, null);
  });
}

/**
 * The clerk says they are at the window (on duty) or away from it.
 * @throws Problem 'supervision.not_signed_in'; 'version_conflict' on a stale version.
 */
export async function setDutyStatus(ctx: Ctx, input: { status: SettableDutyStatus; version: number }): Promise<DutyView> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  return ctx.db.transaction(async (tx) => {
    const current = await openDuty(tx, actor.id);
    if (!current) throw new Problem('supervision.not_signed_in');
    if (current.version !== input.version) throw new Problem('version_conflict');
    const now = ctx.clock.now();
    const away = current.status === 'away' ? Math.round((now.getTime() - current.statusSince.getTime()) / 1000) : 0;
    const [row] = await tx
      .update(staffDuty)
      .set(current.status === input.status ? { version: sql`${staffDuty.version} + 1` } : { status: input.status, statusSince: now, awaySeconds: current.awaySeconds + away, version: sql`${staffDuty.version} + 1` })
      .where(and(eq(staffDuty.id, current.id), eq(staffDuty.version, input.version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'supervision.duty-status', targetType: 'staffDuty', targetId: row.id, before: current, after: row });
    const serving = await servingTickets(tx, [actor.id], shanghaiDate(now));
    return dutyView(row, serving.get(actor.id) ?? null);
  });
}

// ---------------------------------------------------------------- the staff view

export interface StaffMemberView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  org: { id: string; code: string; name: string; nameEn: string };
  duty: DutyView | null;
  /** In the period: time signed in and time away, in seconds. */
  dutySeconds: number;
  awaySeconds: number;
  workload: {
    /** Cases taken in (filed at their window, or accepted by them). */
    received: number;
    accepted: number;
    decided: number;
    decidedOnTime: number;
    /** Working days from acceptance to decision, on average, of the cases they decided. */
    averageHandlingDays: number | null;
  };
  ratings: { count: number; levels: [number, number, number, number, number]; average: number | null; bad: number };
}

const STAFF_ROLES: Role[] = ['windowClerk', 'reviewer', 'departmentHead'];

/**
 * Front-line staff of an organisation's subtree with their duty now and, over the period, time on
 * duty, workload, handling time and the ratings of the cases they took in or decided.
 * @throws Problem 'forbidden' for roles that do not watch; 'not_found' outside the actor's subtree.
 */
export async function listStaff(ctx: Ctx, filter: { org?: string | undefined; from?: IsoDate | undefined; to?: IsoDate | undefined; role?: Role | undefined; page: number; pageSize: number }): Promise<{ from: IsoDate; to: IsoDate; total: number; items: StaffMemberView[] }> {
  const { from, to } = periodOf(ctx, filter.from, filter.to);
  const { org } = await orgInScope(ctx, filter.org);
  const roleFilter = sql`${users.roles} && ${sql.param(filter.role ? [filter.role] : STAFF_ROLES)}::text[]`;
  const where = and(sql`${users.scopePath} LIKE ${`${org.path}%`}`, eq(users.kind, 'staff'), eq(users.active, true), roleFilter);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  const people = await ctx.db.select().from(users).where(where).orderBy(asc(users.scopePath), asc(users.displayName)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  const ids = people.map((p) => p.id);
  const now = ctx.clock.now();
  const periodStart = new Date(`${from}T00:00:00+08:00`);
  const periodEnd = new Date(Math.min(new Date(`${to}T23:59:59.999+08:00`).getTime(), now.getTime()));
  const duties = ids.length
    ? await ctx.db.select().from(staffDuty).where(and(inArray(staffDuty.userId, ids), lte(staffDuty.signedInAt, periodEnd), or(isNull(staffDuty.signedOutAt), gte(staffDuty.signedOutAt, periodStart)))).orderBy(asc(staffDuty.signedInAt))
    : [];
  const serving = await servingTickets(ctx.db, ids, shanghaiDate(now));
  const facts = ids.length
    ? (await ctx.db.select().from(caseFacts).where(or(
        and(inArray(caseFacts.intakeClerkId, ids), sql`${caseFacts.receivedOn} BETWEEN ${from}::date AND ${to}::date`),
        and(inArray(caseFacts.intakeClerkId, ids), sql`${caseFacts.acceptedOn} BETWEEN ${from}::date AND ${to}::date`),
        and(inArray(caseFacts.deciderId, ids), sql`${caseFacts.decidedOn} BETWEEN ${from}::date AND ${to}::date`),
        and(inArray(caseFacts.deciderId, ids), sql`${caseFacts.ratedOn} BETWEEN ${from}::date AND ${to}::date`),
        and(inArray(caseFacts.intakeClerkId, ids), sql`${caseFacts.ratedOn} BETWEEN ${from}::date AND ${to}::date`),
      ))).map(({ computedAt: _, ...f }) => f)
    : [];
  const orgs = await findOrgsByIds(ctx.db, [...new Set(people.map((p) => p.orgId).filter((o): o is string => !!o))]);
  return {
    from, to,
    total: Number(total?.n ?? 0),
    items: people.map((p) => {
      const mine = duties.filter((d) => d.userId === p.id);
      const open = mine.find((d) => !d.signedOutAt) ?? null;
      let dutySeconds = 0;
      let awaySeconds = 0;
      for (const d of mine) {
        const start = Math.max(d.signedInAt.getTime(), periodStart.getTime());
        const end = Math.min((d.signedOutAt ?? now).getTime(), periodEnd.getTime());
        if (end > start) dutySeconds += Math.round((end - start) / 1000);
        // Away time is counted whole for the duties overlapping the period.
        awaySeconds += d.awaySeconds + (!d.signedOutAt && d.status === 'away' ? Math.round((now.getTime() - d.statusSince.getTime()) / 1000) : 0);
      }
      const o = p.orgId ? orgs.get(p.orgId) : undefined;
      return {
        id: p.id, username: p.username, displayName: p.displayName, roles: [...p.roles],
        org: { id: p.orgId ?? '', code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' },
        duty: open ? dutyView(open, serving.get(p.id) ?? null) : null,
        dutySeconds, awaySeconds,
        ...personWork(facts, p.id, from, to),
      };
    }),
  };
}

/** A person's workload and ratings from the facts, by the same contributions the KPIs sum. */
function personWork(facts: CaseFacts[], personId: string, from: IsoDate, to: IsoDate): Pick<StaffMemberView, 'workload' | 'ratings'> {
  const work = { received: 0, accepted: 0, decided: 0, decidedOnTime: 0, handlingDays: 0 };
  const levels: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const rated = new Set<string>();
  for (const f of facts) {
    for (const c of contributionsOf(f)) {
      if (c.day < from || c.day > to) continue;
      if (c.personId === personId) {
        work.received += c.add.received ?? 0;
        work.accepted += c.add.accepted ?? 0;
        work.decided += c.add.decided ?? 0;
        work.decidedOnTime += c.add.decidedOnTime ?? 0;
        work.handlingDays += c.add.handlingDays ?? 0;
      }
    }
    // The rating of a case counts for whoever took it in and whoever decided it.
    if (f.ratingLevel && f.ratedOn && f.ratedOn >= from && f.ratedOn <= to && (f.intakeClerkId === personId || f.deciderId === personId) && !rated.has(f.caseId)) {
      rated.add(f.caseId);
      levels[f.ratingLevel - 1]!++;
    }
  }
  const count = levels.reduce((a, b) => a + b, 0);
  return {
    workload: { received: work.received, accepted: work.accepted, decided: work.decided, decidedOnTime: work.decidedOnTime, averageHandlingDays: work.decided ? work.handlingDays / work.decided : null },
    ratings: { count, levels, average: count ? levels.reduce((a, n, i) => a + n * (i + 1), 0) / count : null, bad: levels[0] + levels[1] },
  };
}
