import type { WindowCategory } from '../../../common/enums.js';
import { SLOT_MINUTES, type AppointmentState, type AppointmentStatus, type TicketAction, type TicketStatus } from '../../../common/queue.js';
import { addWorkingDays, isWorkingDay, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { Problem } from '../../platform/errors.js';

// ---------------------------------------------------------------- queues and numbers

/**
 * The letter of each window category's numbers, the same letters the seed gives the windows
 * (A01 general … F03 a department's): an applicant holding B017 looks for a B window.
 */
export const ticketPrefix: Record<WindowCategory, string> = {
  general: 'A',
  companyRegistration: 'B',
  investment: 'C',
  realEstate: 'D',
  socialServices: 'E',
  department: 'F',
};

/** A001, B017, F120: the letter and the day's sequence, three digits at least. */
export const formatTicketNumber = (category: WindowCategory, seq: number): string => `${ticketPrefix[category]}${String(seq).padStart(3, '0')}`;

/** A queue of a site: a comprehensive category, or one department's own windows. */
export interface QueueKey {
  category: WindowCategory;
  /** Department windows only. */
  departmentId: string | null;
}

/** Whether a window calls from a queue: a window of the category; for department windows, of the same department. */
export const windowServes = (w: QueueKey, q: QueueKey): boolean => w.category === q.category && (w.category !== 'department' || w.departmentId === q.departmentId);

/** The queue a window calls from. */
export const queueOfWindow = (w: { category: WindowCategory; departmentId: string | null }): QueueKey => ({ category: w.category, departmentId: w.category === 'department' ? w.departmentId : null });

// ---------------------------------------------------------------- a ticket's lifecycle

const NEXT: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  call: { waiting: 'called' },
  recall: { called: 'called' },
  noShow: { called: 'noShow' },
  start: { called: 'serving' },
  finish: { serving: 'done' },
};

/** The status an action leads to, or 409 when the ticket's status does not allow it. */
export function nextTicketStatus(from: TicketStatus, action: TicketAction): TicketStatus {
  const to = NEXT[action][from];
  if (!to) throw new Problem('queue.invalid_transition', `${action} is not allowed when the ticket is ${from}`);
  return to;
}

/** What a clerk may do next to a ticket at their window (the panel's buttons); the service checks again. */
export const allowedTicketActions = (status: TicketStatus): TicketAction[] =>
  (Object.keys(NEXT) as TicketAction[]).filter((a) => a !== 'call' && NEXT[a][status] !== undefined);

// ---------------------------------------------------------------- who is called first

export interface Rankable {
  id: string;
  takenAt: Date;
  slotStartsAt: Date | null;
}

/**
 * Call order within a queue: appointments whose slot has begun first, by slot; then everyone else
 * (walk-ins, and appointments checked in early) by when they took their number. The SQL of
 * "call next" orders by the same key.
 */
export function rankKey(t: Rankable, now: Date): [number, number, string] {
  const due = t.slotStartsAt !== null && t.slotStartsAt.getTime() <= now.getTime();
  return [due ? 0 : 1, due ? t.slotStartsAt!.getTime() : t.takenAt.getTime(), t.id];
}

export function compareRank(a: Rankable, b: Rankable, now: Date): number {
  const [ka, kb] = [rankKey(a, now), rankKey(b, now)];
  return ka[0] - kb[0] || ka[1] - kb[1] || (ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0);
}

/** How many waiting tickets of the same queue are called before this one. */
export const peopleAhead = (ticket: Rankable, waiting: Rankable[], now: Date): number => waiting.filter((w) => w.id !== ticket.id && compareRank(w, ticket, now) < 0).length;

/** Minutes a ticket handled when today has none to learn from. */
export const DEFAULT_SERVICE_MINUTES = 8;

/**
 * Estimated wait in minutes: the people ahead, each taking today's average time from call to finish
 * in this queue, shared among the windows calling from it.
 */
export function estimateWaitMinutes(ahead: number, averageServiceMs: number | null, windows: number): number {
  if (ahead <= 0) return 0;
  const perTicket = averageServiceMs && averageServiceMs > 0 ? averageServiceMs : DEFAULT_SERVICE_MINUTES * 60_000;
  return Math.ceil((ahead * perTicket) / Math.max(1, windows) / 60_000);
}

// ---------------------------------------------------------------- opening hours and slots

export interface Period {
  from: string;
  to: string;
}

/** Xinjiang's usual hall hours in Beijing time, when a site's published hours say nothing readable. */
export const DEFAULT_PERIODS: Period[] = [
  { from: '10:00', to: '14:00' },
  { from: '15:30', to: '19:30' },
];

const TIME_RANGE = /(\d{1,2})[:：](\d{2})\s*[-–—~～至到]\s*(\d{1,2})[:：](\d{2})/g;
const DATE_RANGE = /(\d{1,2})月(\d{1,2})日\s*[-–—~～至到]\s*(次年)?(\d{1,2})月(\d{1,2})日/;
// A part that is about weekends only (周六 11:00-17:00 预约延时服务): appointments are for working days.
const WEEKEND_ONLY = /^\s*(周六|周日|周末|星期六|星期日|星期天|sat|sun)/i;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The opening periods on a working day, read from a site's published hours ("周一至周五 夏季（5月1日—
 * 9月30日）10:00-14:00, 16:00-20:00；冬季（10月1日—次年4月30日）10:00-14:00, 15:30-19:30"): parts
 * limited to a season count only within it, weekend-only parts not at all. Nothing readable: the default.
 */
export function openingPeriods(hours: string, date: IsoDate): Period[] {
  const monthDay = Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
  const found: Period[] = [];
  for (const part of hours.split(/[；;\n]/)) {
    if (WEEKEND_ONLY.test(part)) continue;
    const season = DATE_RANGE.exec(part);
    if (season) {
      const start = Number(season[1]) * 100 + Number(season[2]);
      const end = Number(season[4]) * 100 + Number(season[5]);
      const inSeason = start <= end ? monthDay >= start && monthDay <= end : monthDay >= start || monthDay <= end;
      if (!inSeason) continue;
    }
    for (const m of part.matchAll(TIME_RANGE)) {
      const [from, to] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
      if (from < to && to <= 24 * 60) found.push({ from: hhmm(from), to: hhmm(to) });
    }
  }
  return found.length ? normalisePeriods(found) : DEFAULT_PERIODS;
}

/** Periods sorted, overlaps merged; an empty or inverted period is an error of the caller. */
export function normalisePeriods(periods: Period[]): Period[] {
  const sorted = [...periods].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  const out: Period[] = [];
  for (const p of sorted) {
    if (minutesOf(p.from) >= minutesOf(p.to)) throw new Problem('validation_failed', `the period ${p.from}–${p.to} ends before it starts`, [{ field: '/body/periods', message: 'from must be before to' }]);
    const last = out.at(-1);
    if (last && minutesOf(p.from) <= minutesOf(last.to)) last.to = hhmm(Math.max(minutesOf(last.to), minutesOf(p.to)));
    else out.push({ ...p });
  }
  return out;
}

/** The 30-minute slots that fit wholly within the periods, as HH:MM. */
export function slotsOf(periods: Period[]): string[] {
  const out: string[] = [];
  for (const p of periods) {
    for (let t = minutesOf(p.from); t + SLOT_MINUTES <= minutesOf(p.to); t += SLOT_MINUTES) out.push(hhmm(t));
  }
  return out;
}

/** The instant a slot of a day begins, in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function slotInstant(date: IsoDate, slot: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, 0, minutesOf(slot) - 8 * 60));
}

// ---------------------------------------------------------------- booking

/** Working days ahead (today included) that may be booked. */
export const BOOKING_WORKING_DAYS = 10;
/** Appointments per slot and window serving the queue, unless the site's administrators set the capacity. */
export const DEFAULT_CAPACITY_PER_WINDOW = 2;
/** Open (booked, not yet used) appointments an applicant may hold at once. */
export const MAX_OPEN_APPOINTMENTS = 3;
/** Minutes after its slot ends that an appointment can still be checked in. */
export const CHECK_IN_GRACE_MINUTES = 30;

/** The working days that may be booked, from `today`: today itself when it is one, then the following ones. */
export function bookableDays(today: IsoDate, calendar: Calendar): IsoDate[] {
  const days: IsoDate[] = [];
  let day = isWorkingDay(today, calendar) ? today : addWorkingDays(today, 1, calendar);
  while (days.length < BOOKING_WORKING_DAYS) {
    days.push(day);
    day = addWorkingDays(day, 1, calendar);
  }
  return days;
}

/** Appointments a slot takes for a queue: the administrators' number for the category, or per window. */
export const slotCapacity = (capacities: Partial<Record<WindowCategory, number>>, category: WindowCategory, windows: number): number =>
  capacities[category] ?? Math.max(1, windows) * DEFAULT_CAPACITY_PER_WINDOW;

/**
 * Whether a slot can be booked now: a bookable working day, one of the day's slots, not yet begun.
 * @throws Problem 'queue.slot_unavailable'.
 */
export function checkSlotBookable(input: { date: IsoDate; slot: string; now: Date; days: IsoDate[]; slots: string[] }): Date {
  const startsAt = slotInstant(input.date, input.slot);
  if (!input.days.includes(input.date) || !input.slots.includes(input.slot) || startsAt.getTime() <= input.now.getTime()) {
    throw new Problem('queue.slot_unavailable', `${input.date} ${input.slot}`);
  }
  return startsAt;
}

/** When an appointment can no longer be checked in. */
const checkInClosesAt = (startsAt: Date): number => startsAt.getTime() + (SLOT_MINUTES + CHECK_IN_GRACE_MINUTES) * 60_000;

export type CheckIn = 'early' | 'due';

/**
 * Whether an appointment may check in now: on its day, until {@link CHECK_IN_GRACE_MINUTES} after its slot ends.
 * @throws Problem 'queue.code_not_today' on another day; 'queue.appointment_expired' after the grace.
 */
export function checkInState(startsAt: Date, day: IsoDate, today: IsoDate, now: Date): CheckIn {
  if (day !== today) throw new Problem('queue.code_not_today');
  if (now.getTime() > checkInClosesAt(startsAt)) throw new Problem('queue.appointment_expired');
  return now.getTime() >= startsAt.getTime() ? 'due' : 'early';
}

// Letters and digits nobody mistakes for one another (no I, O, 0, 1): 32 symbols, 5 bits each.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const BOOKING_CODE_LENGTH = 8;

/** A booking code from random bytes (one per character). */
export const bookingCode = (bytes: Uint8Array): string => Array.from(bytes.subarray(0, BOOKING_CODE_LENGTH), (b) => CODE_ALPHABET[b & 31]).join('');

/** A typed code as stored: upper case, without spaces or dashes. */
export const normaliseCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '');

/** How an appointment stands now: a booked one whose check-in time has passed was missed. */
export function appointmentState(a: { status: AppointmentStatus; startsAt: Date }, now: Date): AppointmentState {
  if (a.status !== 'booked') return a.status;
  return now.getTime() > checkInClosesAt(a.startsAt) ? 'missed' : 'upcoming';
}

/** An appointment can be cancelled until its slot begins. */
export const isCancellable = (a: { status: AppointmentStatus; startsAt: Date }, now: Date): boolean => a.status === 'booked' && now.getTime() < a.startsAt.getTime();
