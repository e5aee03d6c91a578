import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { windowCategories, type WindowCategory } from '../../../common/enums.js';
import { maskPhone } from '../../../common/id-codes.js';
import type { AppointmentState, TicketAction, TicketStatus } from '../../../common/queue.js';
import { shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Queryable, Tx } from '../../db/client.js';
import { inScope, requireActor, requireRole, scopeCondition } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { Problem, sqlState } from '../../platform/errors.js';
import { enqueueNotification, notifyUser } from '../../platform/notify.js';
import { getPublishedItem } from '../catalog/index.js';
import { findOrg, findWindowPlace, getSite, isAssignedToWindow, type WindowPlace } from '../orgs/index.js';
import {
  allowedTicketActions, appointmentState, bookableDays, BOOKING_CODE_LENGTH, bookingCode, checkInState, checkSlotBookable, estimateWaitMinutes, formatTicketNumber, isCancellable, MAX_OPEN_APPOINTMENTS,
  nextTicketStatus, normaliseCode, normalisePeriods, openingPeriods, peopleAhead, queueOfWindow, slotCapacity, slotInstant, slotsOf, ticketPrefix, windowServes, type Period, type QueueKey,
} from './rules.js';
import { appointments, queueCounters, queueSettings, queueTickets, type AppointmentRow, type QueueSettingsRow, type TicketRow } from './schema.js';

const todayOf = (ctx: Pick<Ctx, 'clock'>): IsoDate => shanghaiDate(ctx.clock.now());

// ---------------------------------------------------------------- a site and its queues

export interface QueueWindow {
  id: string;
  number: string;
  name: string;
  nameEn: string;
}

/** A queue of a site as applicants see it: its letter, its name (a category, or a department's) and the windows that call from it. */
export interface QueueInfo extends QueueKey {
  prefix: string;
  departmentName: string | null;
  departmentNameEn: string | null;
  windows: QueueWindow[];
}

interface SiteContext {
  site: Awaited<ReturnType<typeof getSite>>;
  orgPath: string;
  queues: QueueInfo[];
}

const categoryOrder = (c: WindowCategory): number => ticketPrefix[c].charCodeAt(0);

/**
 * An active site with its queues, one per window category (one per department for department
 * windows) that has an active window. Read before a transaction opens: windows change rarely.
 * @throws Problem 'not_found' for an unknown or closed site.
 */
async function siteContext(ctx: Ctx, siteId: string): Promise<SiteContext> {
  const site = await getSite({ ...ctx, actor: null }, siteId);
  const org = site.active ? await findOrg(ctx.db, site.orgId) : undefined;
  if (!org) throw new Problem('not_found');
  const byKey = new Map<string, QueueInfo>();
  for (const w of site.windows.filter((x) => x.active)) {
    const key = queueOfWindow(w);
    const id = `${key.category}:${key.departmentId ?? ''}`;
    const queue = byKey.get(id) ?? { ...key, prefix: ticketPrefix[key.category], departmentName: key.departmentId ? (w.departmentName ?? null) : null, departmentNameEn: key.departmentId ? (w.departmentNameEn ?? null) : null, windows: [] };
    queue.windows.push({ id: w.id, number: w.number, name: w.name, nameEn: w.nameEn });
    byKey.set(id, queue);
  }
  const queues = [...byKey.values()].sort((a, b) => categoryOrder(a.category) - categoryOrder(b.category) || (a.departmentName ?? '').localeCompare(b.departmentName ?? ''));
  return { site, orgPath: org.path, queues };
}

/** The site's queue for a choice, or 409 when no window serves it. */
function queueFor(context: SiteContext, key: { category: WindowCategory; departmentId?: string | null | undefined }): QueueInfo {
  const wanted: QueueKey = { category: key.category, departmentId: key.category === 'department' ? (key.departmentId ?? null) : null };
  const queue = context.queues.find((q) => windowServes(q, wanted));
  if (!queue) throw new Problem('queue.no_such_queue', `no window of ${key.category} at this site`);
  return queue;
}

const sameQueue = (q: QueueKey): SQL => and(eq(queueTickets.category, q.category), q.departmentId ? eq(queueTickets.departmentId, q.departmentId) : isNull(queueTickets.departmentId))!;

interface QueueToday {
  waiting: number;
  oldestWaitingAt: Date | null;
  averageServiceMs: number | null;
  windowsToday: number;
}

/** Today's facts per queue of a site: who waits, since when, how long a ticket takes, how many windows call. */
async function queuesToday(q: Queryable, siteId: string, day: IsoDate): Promise<Map<string, QueueToday>> {
  const rows = await q
    .select({
      category: queueTickets.category,
      departmentId: queueTickets.departmentId,
      waiting: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'waiting')::int`,
      oldestWaitingAt: sql<string | null>`min(${queueTickets.takenAt}) FILTER (WHERE ${queueTickets.status} = 'waiting')`,
      averageServiceMs: sql<string | null>`avg(extract(epoch FROM ${queueTickets.finishedAt} - ${queueTickets.calledAt}) * 1000) FILTER (WHERE ${queueTickets.status} = 'done')`,
      windowsToday: sql<number>`count(DISTINCT ${queueTickets.windowId})::int`,
    })
    .from(queueTickets)
    .where(and(eq(queueTickets.siteId, siteId), eq(queueTickets.day, day)))
    .groupBy(queueTickets.category, queueTickets.departmentId);
  return new Map(
    rows.map((r) => [
      `${r.category}:${r.departmentId ?? ''}`,
      { waiting: r.waiting, oldestWaitingAt: r.oldestWaitingAt ? new Date(r.oldestWaitingAt) : null, averageServiceMs: r.averageServiceMs === null ? null : Number(r.averageServiceMs), windowsToday: r.windowsToday },
    ]),
  );
}

const queueId = (q: QueueKey): string => `${q.category}:${q.departmentId ?? ''}`;

export interface QueueSummary extends QueueInfo {
  waiting: number;
  /** Seconds the longest-waiting ticket has waited. */
  longestWaitSeconds: number;
  /** For whoever takes a number now. */
  estimatedWaitMinutes: number;
}

function summarise(queues: QueueInfo[], today: Map<string, QueueToday>, now: Date): QueueSummary[] {
  return queues.map((queue) => {
    const facts = today.get(queueId(queue));
    const waiting = facts?.waiting ?? 0;
    return {
      ...queue,
      waiting,
      longestWaitSeconds: facts?.oldestWaitingAt ? Math.max(0, Math.round((now.getTime() - facts.oldestWaitingAt.getTime()) / 1000)) : 0,
      estimatedWaitMinutes: estimateWaitMinutes(waiting, facts?.averageServiceMs ?? null, facts?.windowsToday || queue.windows.length),
    };
  });
}

export interface SiteHeader {
  id: string;
  name: string;
  nameEn: string;
  kind: 'hall' | 'agencyPoint';
  hours: string;
  hoursEn: string;
}

const headerOf = (s: SiteContext['site']): SiteHeader => ({ id: s.id, name: s.name, nameEn: s.nameEn, kind: s.kind, hours: s.hours, hoursEn: s.hoursEn });

// ---------------------------------------------------------------- the kiosk (public)

/** What the kiosk shows: the site's queues with how many wait and how long a new number would wait. */
export async function getKiosk(ctx: Ctx, siteId: string): Promise<{ site: SiteHeader; day: IsoDate; queues: QueueSummary[] }> {
  const context = await siteContext(ctx, siteId);
  const day = todayOf(ctx);
  return { site: headerOf(context.site), day, queues: summarise(context.queues, await queuesToday(ctx.db, siteId, day), ctx.clock.now()) };
}

export interface KioskTicket {
  id: string;
  number: string;
  category: WindowCategory;
  departmentId: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  source: TicketRow['source'];
  status: TicketStatus;
  takenAt: Date;
  slot: string | null;
  /** Waiting tickets called before this one. */
  ahead: number;
  estimatedWaitMinutes: number;
  /** Whether an SMS will say when it is called. */
  smsOnCall: boolean;
  site: SiteHeader;
  windows: QueueWindow[];
}

/** The printed slip's facts: the number, who is ahead, and the estimate from today's served tickets. */
async function kioskTicket(ctx: Ctx, context: SiteContext, queue: QueueInfo, ticket: TicketRow, slot: string | null): Promise<KioskTicket> {
  const waiting = await ctx.db
    .select({ id: queueTickets.id, takenAt: queueTickets.takenAt, slotStartsAt: queueTickets.slotStartsAt })
    .from(queueTickets)
    .where(and(eq(queueTickets.siteId, ticket.siteId), eq(queueTickets.day, ticket.day), eq(queueTickets.status, 'waiting'), sameQueue(queue)));
  const now = ctx.clock.now();
  const ahead = peopleAhead(ticket, waiting, now);
  const facts = (await queuesToday(ctx.db, ticket.siteId, ticket.day)).get(queueId(queue));
  return {
    id: ticket.id, number: ticket.number, category: ticket.category, departmentId: ticket.departmentId, departmentName: queue.departmentName, departmentNameEn: queue.departmentNameEn,
    source: ticket.source, status: ticket.status, takenAt: ticket.takenAt, slot, ahead,
    estimatedWaitMinutes: estimateWaitMinutes(ahead, facts?.averageServiceMs ?? null, facts?.windowsToday || queue.windows.length),
    smsOnCall: !!(ticket.phone || ticket.applicantId), site: headerOf(context.site), windows: queue.windows,
  };
}

/** The day's next number of a letter at a site: one counter row per site, day and letter, bumped atomically. */
async function nextNumber(tx: Tx, siteId: string, day: IsoDate, category: WindowCategory): Promise<string> {
  const [row] = await tx
    .insert(queueCounters)
    .values({ siteId, day, prefix: ticketPrefix[category], last: 1 })
    .onConflictDoUpdate({ target: [queueCounters.siteId, queueCounters.day, queueCounters.prefix], set: { last: sql`${queueCounters.last} + 1` } })
    .returning();
  return formatTicketNumber(category, row!.last);
}

export interface TakeTicketInput {
  category: WindowCategory;
  departmentId?: string | null | undefined;
  /** For an SMS when the number is called. */
  phone?: string | undefined;
}

/**
 * Takes a number at a site's kiosk (no sign-in; the route limits requests per address).
 * @throws Problem 'not_found' for an unknown site; 'queue.no_such_queue' when no window serves the choice; 'queue.already_waiting' for a phone already waiting in that queue.
 */
export async function takeTicket(ctx: Ctx, siteId: string, input: TakeTicketInput): Promise<KioskTicket> {
  const context = await siteContext(ctx, siteId);
  const queue = queueFor(context, input);
  const ticket = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const day = shanghaiDate(now);
    if (input.phone) {
      const [held] = await tx.select({ id: queueTickets.id }).from(queueTickets)
        .where(and(eq(queueTickets.siteId, siteId), eq(queueTickets.day, day), eq(queueTickets.status, 'waiting'), eq(queueTickets.phone, input.phone), sameQueue(queue))).limit(1);
      if (held) throw new Problem('queue.already_waiting');
    }
    const [row] = await tx
      .insert(queueTickets)
      .values({
        siteId, siteOrgPath: context.orgPath, day, category: queue.category, departmentId: queue.departmentId, number: await nextNumber(tx, siteId, day, queue.category),
        source: 'walkIn', phone: input.phone ?? null, status: 'waiting', takenAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, { action: 'queue.take', targetType: 'ticket', targetId: row!.id, after: row });
    return row!;
  });
  return kioskTicket(ctx, context, queue, ticket, null);
}

/**
 * Checks an appointment in at the kiosk with its booking code: a ticket that is called before
 * walk-ins once the appointment's slot has begun.
 * @throws Problem 'queue.code_unknown' for a code of no appointment at this site; 'queue.appointment_closed' when already used or cancelled;
 *   'queue.code_not_today' | 'queue.appointment_expired' outside the day's check-in time; 'queue.no_such_queue' when its windows are gone.
 */
export async function checkInAppointment(ctx: Ctx, siteId: string, typedCode: string): Promise<KioskTicket> {
  const context = await siteContext(ctx, siteId);
  const code = normaliseCode(typedCode);
  const result = await ctx.db.transaction(async (tx) => {
    const [appointment] = await tx.select().from(appointments).where(and(eq(appointments.code, code), eq(appointments.siteId, siteId))).limit(1).for('update');
    if (!appointment) throw new Problem('queue.code_unknown');
    if (appointment.status !== 'booked') throw new Problem('queue.appointment_closed');
    const now = ctx.clock.now();
    const day = shanghaiDate(now);
    checkInState(appointment.startsAt, appointment.day, day, now);
    const queue = queueFor(context, appointment);
    const [ticket] = await tx
      .insert(queueTickets)
      .values({
        siteId, siteOrgPath: context.orgPath, day, category: queue.category, departmentId: queue.departmentId, number: await nextNumber(tx, siteId, day, queue.category),
        source: 'appointment', appointmentId: appointment.id, slotStartsAt: appointment.startsAt, applicantId: appointment.applicantId, status: 'waiting', takenAt: now,
      })
      .returning();
    const [updated] = await tx
      .update(appointments)
      .set({ status: 'checkedIn', checkedInAt: now, ticketId: ticket!.id, version: sql`${appointments.version} + 1` })
      .where(and(eq(appointments.id, appointment.id), eq(appointments.version, appointment.version)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'queue.check-in', targetType: 'appointment', targetId: appointment.id, before: appointment, after: updated });
    return { ticket: ticket!, queue, slot: appointment.slot };
  });
  return kioskTicket(ctx, context, result.queue, result.ticket, result.slot);
}

// ---------------------------------------------------------------- the hall board (public)

export interface BoardCall {
  number: string;
  status: TicketStatus;
  windowNumber: string;
  windowName: string;
  windowNameEn: string;
  category: WindowCategory;
  calledAt: Date;
  recalls: number;
}

/** Calls shown on the board: the latest of today's called or serving tickets. */
const BOARD_CALLS = 12;

/** The hall board: the numbers being called and to which window, and how many wait in each queue. */
export async function getBoard(ctx: Ctx, siteId: string): Promise<{ site: SiteHeader; day: IsoDate; now: Date; calls: BoardCall[]; queues: QueueSummary[] }> {
  const context = await siteContext(ctx, siteId);
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const rows = await ctx.db
    .select()
    .from(queueTickets)
    .where(and(eq(queueTickets.siteId, siteId), eq(queueTickets.day, day), inArray(queueTickets.status, ['called', 'serving'])))
    .orderBy(desc(queueTickets.lastCalledAt))
    .limit(BOARD_CALLS);
  const windowsById = new Map(context.site.windows.map((w) => [w.id, w]));
  const calls = rows.map((t) => {
    const w = t.windowId ? windowsById.get(t.windowId) : undefined;
    return { number: t.number, status: t.status, windowNumber: t.windowNumber ?? w?.number ?? '', windowName: w?.name ?? '', windowNameEn: w?.nameEn ?? '', category: t.category, calledAt: t.lastCalledAt!, recalls: t.recalls };
  });
  return { site: headerOf(context.site), day, now, calls, queues: summarise(context.queues, await queuesToday(ctx.db, siteId, day), now) };
}

// ---------------------------------------------------------------- the clerk's window

export interface TicketView {
  id: string;
  siteId: string;
  day: IsoDate;
  number: string;
  category: WindowCategory;
  departmentId: string | null;
  source: TicketRow['source'];
  status: TicketStatus;
  /** Masked: clerks see that an SMS goes out, not to whom. */
  phone: string | null;
  windowId: string | null;
  windowNumber: string | null;
  recalls: number;
  takenAt: Date;
  calledAt: Date | null;
  servedAt: Date | null;
  finishedAt: Date | null;
  caseNumber: string | null;
  version: number;
  /** Seconds from taking the number to the first call (so far, while it waits). */
  waitedSeconds: number;
  appointment: { code: string; slot: string; itemCode: string | null; itemName: string | null; itemNameEn: string | null } | null;
  allowedActions: TicketAction[];
}

async function ticketViews(q: Queryable, rows: TicketRow[], now: Date): Promise<TicketView[]> {
  const ids = rows.map((r) => r.appointmentId).filter((x): x is string => !!x);
  const booked = ids.length ? await q.select().from(appointments).where(inArray(appointments.id, ids)) : [];
  const byId = new Map(booked.map((a) => [a.id, a]));
  return rows.map((t) => {
    const a = t.appointmentId ? byId.get(t.appointmentId) : undefined;
    return {
      id: t.id, siteId: t.siteId, day: t.day, number: t.number, category: t.category, departmentId: t.departmentId, source: t.source, status: t.status,
      phone: t.phone ? maskPhone(t.phone) : null, windowId: t.windowId, windowNumber: t.windowNumber, recalls: t.recalls,
      takenAt: t.takenAt, calledAt: t.calledAt, servedAt: t.servedAt, finishedAt: t.finishedAt, caseNumber: t.caseNumber, version: t.version,
      waitedSeconds: Math.max(0, Math.round(((t.calledAt ?? now).getTime() - t.takenAt.getTime()) / 1000)),
      appointment: a ? { code: a.code, slot: a.slot, itemCode: a.itemCode, itemName: a.itemName, itemNameEn: a.itemNameEn } : null,
      allowedActions: allowedTicketActions(t.status),
    };
  });
}

const ticketView = async (q: Queryable, row: TicketRow, now: Date): Promise<TicketView> => (await ticketViews(q, [row], now))[0]!;

export interface MyWindow {
  id: string;
  number: string;
  name: string;
  nameEn: string;
  category: WindowCategory;
  departmentId: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  site: { id: string; name: string; nameEn: string; kind: 'hall' | 'agencyPoint' };
}

const myWindowOf = (p: WindowPlace): MyWindow => ({
  id: p.window.id, number: p.window.number, name: p.window.name, nameEn: p.window.nameEn, category: p.window.category, departmentId: p.window.departmentId,
  departmentName: p.departmentName, departmentNameEn: p.departmentNameEn, site: { id: p.site.id, name: p.site.name, nameEn: p.site.nameEn, kind: p.site.kind },
});

/**
 * The window if the actor may work it: a window clerk (403 otherwise), the window within their
 * subtree (404 otherwise, as if it did not exist), and assigned to it (403 'queue.not_at_window').
 */
async function windowOnDuty(q: Queryable, ctx: Ctx, windowId: string): Promise<WindowPlace> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  const place = await findWindowPlace(q, windowId);
  if (!place || !inScope(actor, place.orgPath)) throw new Problem('not_found');
  if (!place.window.active || !place.site.active || !(await isAssignedToWindow(q, windowId, actor.id))) throw new Problem('queue.not_at_window');
  return place;
}

async function activeTicketAt(q: Queryable, windowId: string, day: IsoDate): Promise<TicketRow | undefined> {
  const [row] = await q.select().from(queueTickets).where(and(eq(queueTickets.windowId, windowId), eq(queueTickets.day, day), inArray(queueTickets.status, ['called', 'serving']))).limit(1);
  return row;
}

export interface WindowPanel {
  window: MyWindow;
  /** The ticket called to or served at this window now. */
  current: TicketView | null;
  /** Every queue of the site: waiting, longest wait; the window's own is marked. */
  queues: (QueueSummary & { mine: boolean })[];
  /** Today at this window. */
  servedToday: number;
  noShowsToday: number;
  recent: TicketView[];
}

/** What the clerk's queue panel shows for one of their windows. */
export async function getWindowPanel(ctx: Ctx, windowId: string): Promise<WindowPanel> {
  const place = await windowOnDuty(ctx.db, ctx, windowId);
  const context = await siteContext(ctx, place.site.id);
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const mine = queueOfWindow(place.window);
  const current = await activeTicketAt(ctx.db, windowId, day);
  const recentRows = await ctx.db
    .select()
    .from(queueTickets)
    .where(and(eq(queueTickets.windowId, windowId), eq(queueTickets.day, day), inArray(queueTickets.status, ['done', 'noShow'])))
    .orderBy(desc(queueTickets.finishedAt))
    .limit(5);
  const [counts] = await ctx.db
    .select({ done: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'done')::int`, noShow: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'noShow')::int` })
    .from(queueTickets)
    .where(and(eq(queueTickets.windowId, windowId), eq(queueTickets.day, day)));
  return {
    window: myWindowOf(place),
    current: current ? await ticketView(ctx.db, current, now) : null,
    queues: summarise(context.queues, await queuesToday(ctx.db, place.site.id, day), now).map((q) => ({ ...q, mine: windowServes(q, mine) })),
    servedToday: counts?.done ?? 0,
    noShowsToday: counts?.noShow ?? 0,
    recent: await ticketViews(ctx.db, recentRows, now),
  };
}

async function notifyCalled(tx: Tx, ctx: Ctx, ticket: TicketRow, place: WindowPlace): Promise<void> {
  const params = { number: ticket.number, window: place.window.number, siteName: place.site.name };
  const now = ctx.clock.now();
  if (ticket.applicantId) await notifyUser(tx, { userId: ticket.applicantId, template: 'queue.called', params, now });
  else if (ticket.phone) await enqueueNotification(tx, { userId: null, channel: 'sms', recipient: ticket.phone, template: 'queue.called', params, now });
}

/**
 * Calls the next ticket of the window's queue to the window: due appointments first, then the
 * oldest number. Concurrent calls at other windows skip a ticket another call holds (`FOR UPDATE
 * SKIP LOCKED`), so no two windows ever get the same ticket. Null when nobody is waiting.
 * @throws Problem 'queue.window_busy' while the window still has a called or serving ticket.
 */
export async function callNext(ctx: Ctx, windowId: string): Promise<TicketView | null> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const place = await windowOnDuty(tx, ctx, windowId);
      const now = ctx.clock.now();
      const day = shanghaiDate(now);
      if (await activeTicketAt(tx, windowId, day)) throw new Problem('queue.window_busy');
      const due = sql`${queueTickets.slotStartsAt} <= ${now.toISOString()}::timestamptz`;
      const [next] = await tx
        .select()
        .from(queueTickets)
        .where(and(eq(queueTickets.siteId, place.site.id), eq(queueTickets.day, day), eq(queueTickets.status, 'waiting'), sameQueue(queueOfWindow(place.window))))
        .orderBy(sql`CASE WHEN ${due} THEN 0 ELSE 1 END`, sql`CASE WHEN ${due} THEN ${queueTickets.slotStartsAt} ELSE ${queueTickets.takenAt} END`, asc(queueTickets.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!next) return null;
      const [called] = await tx
        .update(queueTickets)
        .set({ status: nextTicketStatus(next.status, 'call'), windowId, windowNumber: place.window.number, clerkId: ctx.actor!.id, calledAt: now, lastCalledAt: now, version: sql`${queueTickets.version} + 1` })
        .where(and(eq(queueTickets.id, next.id), eq(queueTickets.status, 'waiting')))
        .returning();
      if (!called) throw new Problem('version_conflict');
      await notifyCalled(tx, ctx, called, place);
      await recordAudit(tx, ctx, { action: 'queue.call', targetType: 'ticket', targetId: called.id, before: next, after: called });
      return ticketView(tx, called, now);
    });
  } catch (err) {
    // Two calls at the same window at once: the window's one-active-ticket index lets one in.
    if (sqlState(err) === '23505') throw new Problem('queue.window_busy');
    throw err;
  }
}

export interface TicketActionInput {
  version: number;
  /** Finish: the case filed during the visit. */
  caseNumber?: string | undefined;
}

/**
 * Recalls, marks a no-show, starts serving or finishes the ticket at the clerk's window.
 * @throws Problem 'not_found' outside the clerk's subtree; 'queue.not_at_window' unless they sit at the ticket's window;
 *   'queue.invalid_transition' when the ticket's status does not allow it; 'version_conflict' on a stale version.
 */
export async function actOnTicket(ctx: Ctx, ticketId: string, action: Exclude<TicketAction, 'call'>, input: TicketActionInput): Promise<TicketView> {
  const actor = requireRole(ctx.actor, 'windowClerk');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(queueTickets).where(eq(queueTickets.id, ticketId)).limit(1).for('update');
    if (!current || !inScope(actor, current.siteOrgPath)) throw new Problem('not_found');
    if (!current.windowId || !(await isAssignedToWindow(tx, current.windowId, actor.id))) throw new Problem('queue.not_at_window');
    if (current.version !== input.version) throw new Problem('version_conflict');
    const status = nextTicketStatus(current.status, action);
    const now = ctx.clock.now();
    const set: Partial<typeof queueTickets.$inferInsert> = {
      recall: { lastCalledAt: now, recalls: current.recalls + 1 },
      noShow: { finishedAt: now },
      start: { servedAt: now },
      finish: { finishedAt: now, caseNumber: input.caseNumber ?? null },
    }[action];
    const [row] = await tx
      .update(queueTickets)
      .set({ ...set, status, clerkId: actor.id, version: sql`${queueTickets.version} + 1` })
      .where(and(eq(queueTickets.id, ticketId), eq(queueTickets.version, input.version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: `queue.${action === 'noShow' ? 'no-show' : action}`, targetType: 'ticket', targetId: ticketId, before: current, after: row });
    return ticketView(tx, row, now);
  });
}

// ---------------------------------------------------------------- booking settings

export interface QueueSettingsView {
  siteId: string;
  capacities: Partial<Record<WindowCategory, number>>;
  /** The administrators' periods, or null when read from the site's published hours. */
  periods: Period[] | null;
  /** Today's periods as used (the above, or read from the hours). */
  effectivePeriods: Period[];
  /** Per queue: its windows and the appointments a slot takes now. */
  queues: { category: WindowCategory; departmentId: string | null; departmentName: string | null; departmentNameEn: string | null; windows: number; capacity: number }[];
  version: number;
}

async function settingsOf(q: Queryable, siteId: string): Promise<QueueSettingsRow | undefined> {
  const [row] = await q.select().from(queueSettings).where(eq(queueSettings.siteId, siteId)).limit(1);
  return row;
}

const periodsFor = (settings: QueueSettingsRow | undefined, hours: string, day: IsoDate): Period[] => settings?.periods ?? openingPeriods(hours, day);

/** The site if the actor administers it: administrators only (403), within their subtree (404). */
async function administeredSite(ctx: Ctx, siteId: string): Promise<SiteContext> {
  const actor = requireRole(ctx.actor, 'admin');
  const context = await siteContext(ctx, siteId);
  if (!inScope(actor, context.orgPath)) throw new Problem('not_found');
  return context;
}

function settingsView(context: SiteContext, row: QueueSettingsRow | undefined, day: IsoDate): QueueSettingsView {
  const capacities = row?.capacities ?? {};
  return {
    siteId: context.site.id, capacities, periods: row?.periods ?? null, effectivePeriods: periodsFor(row, context.site.hours, day),
    queues: context.queues.map((q) => ({ category: q.category, departmentId: q.departmentId, departmentName: q.departmentName, departmentNameEn: q.departmentNameEn, windows: q.windows.length, capacity: slotCapacity(capacities, q.category, q.windows.length) })),
    version: row?.version ?? 1,
  };
}

/** A site's booking settings, for its administrators. */
export async function getQueueSettings(ctx: Ctx, siteId: string): Promise<QueueSettingsView> {
  const context = await administeredSite(ctx, siteId);
  return settingsView(context, await settingsOf(ctx.db, siteId), todayOf(ctx));
}

/**
 * Sets a site's appointments per slot (per window category) and, optionally, its opening periods.
 * @throws Problem 'version_conflict' on a stale version; 'validation_failed' for periods that end before they start.
 */
export async function updateQueueSettings(ctx: Ctx, siteId: string, input: { version: number; capacities: Partial<Record<WindowCategory, number>>; periods: Period[] | null }): Promise<QueueSettingsView> {
  const context = await administeredSite(ctx, siteId);
  const periods = input.periods ? normalisePeriods(input.periods) : null;
  if (periods && !slotsOf(periods).length) throw new Problem('validation_failed', 'the periods leave no 30-minute slot', [{ field: '/body/periods', message: 'no slot fits' }]);
  const capacities = Object.fromEntries(windowCategories.filter((c) => input.capacities[c] !== undefined).map((c) => [c, input.capacities[c]!]));
  return ctx.db.transaction(async (tx) => {
    const current = await settingsOf(tx, siteId);
    if ((current?.version ?? 1) !== input.version) throw new Problem('version_conflict');
    const now = ctx.clock.now();
    const values = { capacities, periods, updatedAt: now, updatedBy: ctx.actor!.id };
    const [row] = current
      ? await tx.update(queueSettings).set({ ...values, version: sql`${queueSettings.version} + 1` }).where(and(eq(queueSettings.siteId, siteId), eq(queueSettings.version, input.version))).returning()
      : await tx.insert(queueSettings).values({ siteId, ...values, version: 2 }).onConflictDoNothing().returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'queue.settings', targetType: 'site', targetId: siteId, before: current, after: row });
    return settingsView(context, row, shanghaiDate(now));
  });
}

// ---------------------------------------------------------------- appointments

export interface SlotView {
  slot: string;
  startsAt: Date;
  capacity: number;
  booked: number;
  available: boolean;
}

const ACTIVE_BOOKING = ['booked', 'checkedIn'] as const;

/** Appointments taken per slot of a day in one queue. */
async function bookedPerSlot(q: Queryable, siteId: string, day: IsoDate, queue: QueueKey): Promise<Map<string, number>> {
  const rows = await q
    .select({ slot: appointments.slot, n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(eq(appointments.siteId, siteId), eq(appointments.day, day), eq(appointments.category, queue.category), queue.departmentId ? eq(appointments.departmentId, queue.departmentId) : isNull(appointments.departmentId), inArray(appointments.status, [...ACTIVE_BOOKING])))
    .groupBy(appointments.slot);
  return new Map(rows.map((r) => [r.slot, r.n]));
}

/**
 * The bookable working days from today and one day's slots with what is left in each (public:
 * applicants look before they sign in).
 */
export async function getAvailability(ctx: Ctx, siteId: string, input: { category: WindowCategory; departmentId?: string | undefined; date?: IsoDate | undefined }): Promise<{ site: SiteHeader; queue: QueueInfo; days: IsoDate[]; date: IsoDate; slots: SlotView[] }> {
  const context = await siteContext(ctx, siteId);
  const queue = queueFor(context, input);
  const now = ctx.clock.now();
  const { calendar } = await loadCalendar(ctx.db);
  const days = bookableDays(shanghaiDate(now), calendar);
  const date = input.date ?? days[0]!;
  const settings = await settingsOf(ctx.db, siteId);
  const capacity = slotCapacity(settings?.capacities ?? {}, queue.category, queue.windows.length);
  const booked = days.includes(date) ? await bookedPerSlot(ctx.db, siteId, date, queue) : new Map<string, number>();
  const slots = days.includes(date)
    ? slotsOf(periodsFor(settings, context.site.hours, date)).map((slot) => {
        const startsAt = slotInstant(date, slot);
        const n = booked.get(slot) ?? 0;
        return { slot, startsAt, capacity, booked: n, available: n < capacity && startsAt.getTime() > now.getTime() };
      })
    : [];
  return { site: headerOf(context.site), queue, days, date, slots };
}

export interface AppointmentView {
  id: string;
  code: string;
  siteId: string;
  siteName: string;
  siteNameEn: string;
  category: WindowCategory;
  departmentId: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  itemCode: string | null;
  itemName: string | null;
  itemNameEn: string | null;
  day: IsoDate;
  slot: string;
  startsAt: Date;
  status: AppointmentRow['status'];
  state: AppointmentState;
  cancellable: boolean;
  createdAt: Date;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  version: number;
}

const appointmentView = (a: AppointmentRow, now: Date): AppointmentView => ({
  id: a.id, code: a.code, siteId: a.siteId, siteName: a.siteName, siteNameEn: a.siteNameEn, category: a.category, departmentId: a.departmentId, departmentName: a.departmentName,
  departmentNameEn: a.departmentNameEn, itemCode: a.itemCode, itemName: a.itemName, itemNameEn: a.itemNameEn, day: a.day, slot: a.slot, startsAt: a.startsAt, status: a.status,
  state: appointmentState(a, now), cancellable: isCancellable(a, now), createdAt: a.createdAt, cancelledAt: a.cancelledAt, checkedInAt: a.checkedInAt, version: a.version,
});

/** The zh-CN names of the categories, for the SMS (its text is Chinese). */
const CATEGORY_NAMES: Record<WindowCategory, string> = {
  investment: '投资项目业务', realEstate: '不动产登记业务', companyRegistration: '企业登记业务', socialServices: '社会事务业务', general: '综合业务', department: '部门业务',
};

// One advisory-lock space per purpose (the audit chain uses 7_140_002): bookings of one applicant, and of one slot, queue up here.
const APPLICANT_LOCK = 7_140_010;
const SLOT_LOCK = 7_140_011;

export interface BookInput {
  siteId: string;
  category: WindowCategory;
  departmentId?: string | undefined;
  itemCode?: string | undefined;
  date: IsoDate;
  slot: string;
}

/**
 * Books a 30-minute slot at a site for one queue on a bookable working day; the applicant gets the
 * booking code by SMS. Bookings of one slot are serialised, so a slot never takes more than its capacity.
 * @throws Problem 'queue.slot_unavailable' | 'queue.slot_full' | 'queue.booking_limit' | 'queue.no_such_queue';
 *   'validation_failed' for an item the queue does not handle.
 */
export async function bookAppointment(ctx: Ctx, input: BookInput): Promise<AppointmentView> {
  const actor = requireRole(ctx.actor, 'applicant');
  const context = await siteContext(ctx, input.siteId);
  const queue = queueFor(context, input);
  const item = input.itemCode ? await getPublishedItem(ctx, input.itemCode) : undefined;
  if (item && item.version.windowCategory !== queue.category) {
    throw new Problem('validation_failed', `the item is handled at ${item.version.windowCategory} windows`, [{ field: '/body/itemCode', message: 'not handled by this queue' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const { calendar } = await loadCalendar(tx);
    const settings = await settingsOf(tx, input.siteId);
    const startsAt = checkSlotBookable({ date: input.date, slot: input.slot, now, days: bookableDays(shanghaiDate(now), calendar), slots: slotsOf(periodsFor(settings, context.site.hours, input.date)) });
    // The applicant's bookings, then the slot's, always in this order (no deadlock between two bookings).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${APPLICANT_LOCK}, hashtext(${actor.id}))`);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SLOT_LOCK}, hashtext(${`${input.siteId}|${input.date}|${queueId(queue)}`}))`);
    const booked = (await bookedPerSlot(tx, input.siteId, input.date, queue)).get(input.slot) ?? 0;
    if (booked >= slotCapacity(settings?.capacities ?? {}, queue.category, queue.windows.length)) throw new Problem('queue.slot_full');
    const open = await tx
      .select({ siteId: appointments.siteId, day: appointments.day, category: appointments.category, departmentId: appointments.departmentId })
      .from(appointments)
      .where(and(eq(appointments.applicantId, actor.id), eq(appointments.status, 'booked'), gt(appointments.startsAt, now)));
    const sameDay = open.some((a) => a.siteId === input.siteId && a.day === input.date && windowServes(a, queue));
    if (sameDay || open.length >= MAX_OPEN_APPOINTMENTS) throw new Problem('queue.booking_limit');
    const [row] = await tx
      .insert(appointments)
      .values({
        code: bookingCode(randomBytes(BOOKING_CODE_LENGTH)), siteId: input.siteId, siteOrgPath: context.orgPath, siteName: context.site.name, siteNameEn: context.site.nameEn,
        category: queue.category, departmentId: queue.departmentId, departmentName: queue.departmentName, departmentNameEn: queue.departmentNameEn,
        itemCode: item?.item.code ?? null, itemName: item?.version.name ?? null, itemNameEn: item?.version.nameEn ?? null,
        applicantId: actor.id, day: input.date, slot: input.slot, startsAt, status: 'booked', createdAt: now,
      })
      .returning();
    const queueName = item?.version.name ?? queue.departmentName ?? CATEGORY_NAMES[queue.category];
    await notifyUser(tx, { userId: actor.id, template: 'queue.booked', params: { siteName: context.site.name, date: input.date, slot: input.slot, queueName, code: row!.code }, now });
    await recordAudit(tx, ctx, { action: 'queue.book', targetType: 'appointment', targetId: row!.id, after: row });
    return appointmentView(row!, now);
  });
}

/**
 * Cancels one's own appointment before its slot begins.
 * @throws Problem 'not_found' for someone else's; 'queue.appointment_closed' once checked in, cancelled or begun; 'version_conflict'.
 */
export async function cancelAppointment(ctx: Ctx, id: string, input: { version: number }): Promise<AppointmentView> {
  const actor = requireActor(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(appointments).where(eq(appointments.id, id)).limit(1).for('update');
    if (!current || current.applicantId !== actor.id) throw new Problem('not_found');
    const now = ctx.clock.now();
    if (!isCancellable(current, now)) throw new Problem('queue.appointment_closed');
    const [row] = await tx
      .update(appointments)
      .set({ status: 'cancelled', cancelledAt: now, version: sql`${appointments.version} + 1` })
      .where(and(eq(appointments.id, id), eq(appointments.version, input.version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'queue.cancel', targetType: 'appointment', targetId: id, before: current, after: row });
    return appointmentView(row, now);
  });
}

/** One's own appointments, newest slot first, a page at a time; `upcoming` only those still to come. */
export async function listMyAppointments(ctx: Ctx, filter: { upcoming?: boolean | undefined; page: number; pageSize: number }): Promise<{ total: number; items: AppointmentView[] }> {
  const actor = requireActor(ctx.actor);
  const now = ctx.clock.now();
  const where = and(eq(appointments.applicantId, actor.id), filter.upcoming ? and(eq(appointments.status, 'booked'), gt(appointments.startsAt, new Date(now.getTime() - 60 * 60_000))) : undefined);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(appointments).where(where);
  const rows = await ctx.db
    .select()
    .from(appointments)
    .where(where)
    .orderBy(filter.upcoming ? asc(appointments.startsAt) : desc(appointments.startsAt), desc(appointments.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return { total: total?.n ?? 0, items: rows.map((a) => appointmentView(a, now)) };
}

// ---------------------------------------------------------------- waiting-time statistics

export interface WaitStats {
  taken: number;
  called: number;
  served: number;
  noShows: number;
  /** Never called: still waiting today, or left on an earlier day. */
  uncalled: number;
  averageWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  averageServiceSeconds: number | null;
}

export interface QueueStats {
  from: IsoDate;
  to: IsoDate;
  siteId: string | null;
  overall: WaitStats;
  byCategory: (WaitStats & { category: WindowCategory; departmentId: string | null })[];
  byWindow: (WaitStats & { siteId: string; windowId: string; windowNumber: string | null })[];
}

const waitSeconds = sql`extract(epoch FROM ${queueTickets.calledAt} - ${queueTickets.takenAt})`;
const statColumns = {
  taken: sql<number>`count(*)::int`,
  called: sql<number>`count(${queueTickets.calledAt})::int`,
  served: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'done')::int`,
  noShows: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'noShow')::int`,
  uncalled: sql<number>`count(*) FILTER (WHERE ${queueTickets.status} = 'waiting')::int`,
  averageWaitSeconds: sql<string | null>`avg(${waitSeconds})`,
  p90WaitSeconds: sql<string | null>`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${waitSeconds})`,
  averageServiceSeconds: sql<string | null>`avg(extract(epoch FROM ${queueTickets.finishedAt} - ${queueTickets.servedAt})) FILTER (WHERE ${queueTickets.status} = 'done')`,
};
const seconds = (v: string | null): number | null => (v === null ? null : Math.round(Number(v)));
const toStats = (r: { [K in keyof typeof statColumns]: K extends 'averageWaitSeconds' | 'p90WaitSeconds' | 'averageServiceSeconds' ? string | null : number }): WaitStats => ({
  taken: r.taken, called: r.called, served: r.served, noShows: r.noShows, uncalled: r.uncalled,
  averageWaitSeconds: seconds(r.averageWaitSeconds), p90WaitSeconds: seconds(r.p90WaitSeconds), averageServiceSeconds: seconds(r.averageServiceSeconds),
});

/** Days a statistics request may span. */
export const MAX_STATS_DAYS = 366;

/**
 * Waiting time (from taking a number to its first call: average and 90th percentile) and counts,
 * per window category and per window, over the tickets of the reader's subtree (or one site in it).
 * @throws Problem 'forbidden' for roles that do not watch queues; 'not_found' for a site outside the subtree; 'validation_failed' for a reversed or too long range.
 */
export async function queueStats(ctx: Ctx, filter: { site?: string | undefined; from?: IsoDate | undefined; to?: IsoDate | undefined }): Promise<QueueStats> {
  const actor = requireRole(ctx.actor, 'windowClerk', 'supervisor', 'admin');
  const today = todayOf(ctx);
  const from = filter.from ?? today;
  const to = filter.to ?? (filter.from && filter.from > today ? filter.from : today);
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0 || span >= MAX_STATS_DAYS) throw new Problem('validation_failed', `from must not be after to, and the range at most ${MAX_STATS_DAYS} days`, [{ field: '/querystring/to', message: 'invalid range' }]);
  if (filter.site) {
    const context = await siteContext(ctx, filter.site);
    if (!inScope(actor, context.orgPath)) throw new Problem('not_found');
  }
  const where = and(
    scopeCondition(actor, queueTickets.siteOrgPath),
    filter.site ? eq(queueTickets.siteId, filter.site) : undefined,
    sql`${queueTickets.day} BETWEEN ${from} AND ${to}`,
  );
  const [overall] = await ctx.db.select(statColumns).from(queueTickets).where(where);
  const byCategory = await ctx.db
    .select({ category: queueTickets.category, departmentId: queueTickets.departmentId, ...statColumns })
    .from(queueTickets)
    .where(where)
    .groupBy(queueTickets.category, queueTickets.departmentId)
    .orderBy(queueTickets.category, queueTickets.departmentId);
  const byWindow = await ctx.db
    .select({ siteId: queueTickets.siteId, windowId: sql<string>`${queueTickets.windowId}`, windowNumber: sql<string | null>`max(${queueTickets.windowNumber})`, ...statColumns })
    .from(queueTickets)
    .where(and(where, sql`${queueTickets.windowId} IS NOT NULL`))
    .groupBy(queueTickets.siteId, queueTickets.windowId)
    .orderBy(queueTickets.siteId, sql`max(${queueTickets.windowNumber})`);
  return {
    from, to, siteId: filter.site ?? null,
    overall: toStats(overall!),
    byCategory: byCategory.map(({ category, departmentId, ...r }) => ({ category, departmentId, ...toStats(r) })),
    byWindow: byWindow.map(({ siteId, windowId, windowNumber, ...r }) => ({ siteId, windowId, windowNumber, ...toStats(r) })),
  };
}

