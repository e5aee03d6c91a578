import { randomUUID } from 'node:crypto';
import { and, asc, between, eq, sql } from 'drizzle-orm';
import { makeCalendar, shanghaiDate, type Calendar, type CalendarDay, type IsoDate } from '../../common/working-days.js';
import type { Queryable, Tx } from '../db/client.js';
import { preparedQuery } from '../db/prepared.js';
import { requireRole } from './access.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { Problem } from './errors.js';
import { calendarDays, calendarRevision } from './schema.js';

export interface LoadedCalendar {
  calendar: Calendar;
  /** The last year whose official arrangements are entered; later dates follow the weekday rule only. */
  publishedThrough: number;
}

// Every change gives the calendar a new random revision, so one cached copy serves any handle
// (database or transaction) and is reloaded as soon as any process changes the calendar.
let cache: { revision: string; loaded: LoadedCalendar } | undefined;

// Asked by every request that shows a deadline: built once.
const revisionQuery = preparedQuery('onetrip_calendar_revision', (q) => q.select().from(calendarRevision).where(eq(calendarRevision.id, sql.placeholder('id'))));

/** The working-day calendar from the database, cached until an admin changes it. */
export async function loadCalendar(q: Queryable): Promise<LoadedCalendar> {
  const [state] = await revisionQuery(q, { id: 1 });
  const revision = state?.revision ?? 'empty';
  if (cache?.revision === revision) return cache.loaded;
  const days = await q.select().from(calendarDays).orderBy(asc(calendarDays.date));
  const loaded: LoadedCalendar = { calendar: makeCalendar(days.map(toCalendarDay)), publishedThrough: state?.publishedThrough ?? 0 };
  cache = { revision, loaded };
  return loaded;
}

function toCalendarDay(row: typeof calendarDays.$inferSelect): CalendarDay {
  const day: CalendarDay = { date: row.date, workday: row.workday };
  if (row.name) day.name = row.name;
  if (row.nameEn) day.nameEn = row.nameEn;
  return day;
}

/** The calendar's exceptions in one year, in date order. */
export async function listCalendarYear(q: Queryable, year: number): Promise<CalendarDay[]> {
  const rows = await q.select().from(calendarDays).where(between(calendarDays.date, `${year}-01-01`, `${year}-12-31`)).orderBy(asc(calendarDays.date));
  return rows.map(toCalendarDay);
}

async function bumpRevision(tx: Tx, publishedThrough?: number): Promise<void> {
  await tx
    .insert(calendarRevision)
    .values({ id: 1, revision: randomUUID(), publishedThrough: publishedThrough ?? 0 })
    .onConflictDoUpdate({
      target: calendarRevision.id,
      set: {
        revision: sql`excluded.revision`,
        ...(publishedThrough === undefined ? {} : { publishedThrough: sql`greatest(${calendarRevision.publishedThrough}, ${publishedThrough})` }),
      },
    });
}

/** Loads official arrangements (seed or yearly import); existing days are replaced. */
export async function importCalendarDays(tx: Tx, days: CalendarDay[], publishedThrough: number): Promise<void> {
  for (let i = 0; i < days.length; i += 500) {
    await tx
      .insert(calendarDays)
      .values(days.slice(i, i + 500).map((d) => ({ date: d.date, workday: d.workday, name: d.name ?? null, nameEn: d.nameEn ?? null })))
      .onConflictDoUpdate({ target: calendarDays.date, set: { workday: sql`excluded.workday`, name: sql`excluded.name`, nameEn: sql`excluded.name_en`, updatedAt: sql`now()` } });
  }
  await bumpRevision(tx, publishedThrough);
}

function requireFutureDay(ctx: Ctx, date: IsoDate): void {
  // Deadlines already running were computed on the old calendar: only days from today on may change.
  if (date < shanghaiDate(ctx.clock.now())) throw new Problem('calendar.past_day');
}

/**
 * Sets one day as a holiday or an adjusted working day (admins, yearly, from the State Council's notice).
 * @throws Problem 'calendar.past_day' for a day before today (Asia/Shanghai).
 */
export async function setCalendarDay(ctx: Ctx, day: CalendarDay): Promise<CalendarDay> {
  requireRole(ctx.actor, 'admin');
  requireFutureDay(ctx, day.date);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, day.date));
    const values = { date: day.date, workday: day.workday, name: day.name ?? null, nameEn: day.nameEn ?? null, updatedAt: ctx.clock.now() };
    await tx.insert(calendarDays).values(values).onConflictDoUpdate({ target: calendarDays.date, set: values });
    await bumpRevision(tx);
    await recordAudit(tx, ctx, { action: 'calendar.set-day', targetType: 'calendarDay', targetId: day.date, before, after: values });
    return day;
  });
}

/**
 * Declares a year's arrangements complete, so deadlines reaching into it are no longer provisional.
 * Years are published in order: the next one after the last published.
 * @throws Problem 'calendar.not_next_year' for any other year.
 */
export async function publishCalendarYear(ctx: Ctx, year: number): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [state] = await tx.select().from(calendarRevision).where(eq(calendarRevision.id, 1)).for('update');
    const last = state?.publishedThrough ?? 0;
    if (year !== last + 1) throw new Problem('calendar.not_next_year', `the next year to publish is ${last + 1}`);
    await bumpRevision(tx, year);
    await recordAudit(tx, ctx, { action: 'calendar.publish-year', targetType: 'calendarYear', targetId: String(year), before: { publishedThrough: last }, after: { publishedThrough: year } });
  });
}

/**
 * Removes a day's exception, so it follows the Monday–Friday rule again.
 * @throws Problem 'calendar.past_day' for a day before today; 'not_found' when the day has no exception.
 */
export async function clearCalendarDay(ctx: Ctx, date: IsoDate): Promise<void> {
  requireRole(ctx.actor, 'admin');
  requireFutureDay(ctx, date);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(calendarDays).where(and(eq(calendarDays.date, date))).returning();
    if (!before) throw new Problem('not_found');
    await bumpRevision(tx);
    await recordAudit(tx, ctx, { action: 'calendar.clear-day', targetType: 'calendarDay', targetId: date, before });
  });
}
