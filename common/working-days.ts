/**
 * Working-day arithmetic for statutory time limits (办理时限), on a calendar of public holidays
 * and adjusted working days (调休) that the State Council publishes each year and that the
 * platform keeps in its database.
 *
 * Dates are plain 'YYYY-MM-DD' strings converted to day numbers with integer arithmetic,
 * so nothing depends on the host time zone or DST. Pure: runs in the browser too.
 */

/** A calendar date 'YYYY-MM-DD' (proleptic Gregorian, years 0000–9999). */
export type IsoDate = string;

/** One day of the official calendar: whether it is a working day and, for holidays and 调休 days, the holiday's name. */
export interface CalendarDay {
  date: IsoDate;
  workday: boolean;
  name?: string;
  nameEn?: string;
}

/** A working-day calendar: the days that differ from the Monday–Friday rule, or that carry a holiday name. */
export interface Calendar {
  readonly exceptions: ReadonlyMap<IsoDate, CalendarDay>;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Builds a calendar from database rows; throws RangeError on an invalid or duplicated date. */
export function makeCalendar(days: Iterable<CalendarDay>): Calendar {
  const exceptions = new Map<IsoDate, CalendarDay>();
  for (const day of days) {
    if (!isIsoDate(day.date)) throw new RangeError(`invalid calendar date ${JSON.stringify(day.date)}`);
    // A date listed twice is a data error (e.g. an arrangement entered twice with different answers).
    if (exceptions.has(day.date)) throw new RangeError(`duplicate calendar date ${day.date}`);
    exceptions.set(day.date, { ...day });
  }
  return { exceptions };
}

/** Whether `s` is a strict 'YYYY-MM-DD' string naming a real calendar date. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid IsoDate (H. Hinnant's days_from_civil algorithm). */
function toDayNumber(date: IsoDate): number {
  const m = isIsoDate(date) ? ISO_DATE.exec(date) : null;
  if (!m) throw new RangeError(`invalid date ${JSON.stringify(date)}`);
  let y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The IsoDate of a day number (inverse of toDayNumber; H. Hinnant's civil_from_days). */
function fromDayNumber(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError('date out of range 0000–9999');
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Adds `n` calendar days (negative allowed) to a date; throws RangeError on bad input. */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** The day of the week of a day number; 1970-01-01 was a Thursday (4). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day of the week of a date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOf(toDayNumber(date));
}

/**
 * Whether a day number is a working day: its exception if any, else Monday–Friday, because
 * Saturday and Sunday are the weekly rest days (国务院关于职工工作时间的规定, Decree No. 174 of 1995, Art. 7).
 */
function isWorkingDayNumber(day: number, cal: Calendar): boolean {
  const exception = cal.exceptions.get(fromDayNumber(day));
  if (exception) return exception.workday;
  const dow = weekdayOf(day);
  return dow !== 0 && dow !== 6;
}

/** The calendar entry for a date: its exception if the calendar has one, else the Monday–Friday rule. */
export function dayInfo(date: IsoDate, cal: Calendar): CalendarDay {
  const day = toDayNumber(date);
  const exception = cal.exceptions.get(date);
  if (exception) return exception;
  const dow = weekdayOf(day);
  return { date, workday: dow !== 0 && dow !== 6 };
}

/** Whether a date is a working day on the calendar. */
export function isWorkingDay(date: IsoDate, cal: Calendar): boolean {
  return isWorkingDayNumber(toDayNumber(date), cal);
}

/**
 * The date `n` working days after `from`: the n-th working day strictly after it.
 *
 * Civil Code Art. 201: a period counted in days starts on the following day, so `from` itself
 * is never counted (even if it is a working day); n = 0 returns `from` unchanged. Art. 203's
 * rule that a period ending on a holiday extends to the next working day is implied, because
 * the result is always a working day.
 */
export function addWorkingDays(from: IsoDate, n: number, cal: Calendar): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer, got ${n}`);
  let day = toDayNumber(from);
  // Terminates: the exception map is finite, so beyond it the Monday–Friday rule always yields working days.
  for (let remaining = n; remaining > 0; ) {
    day += 1;
    if (isWorkingDayNumber(day, cal)) remaining -= 1;
  }
  return fromDayNumber(day);
}

/** The number of working days in the half-open interval (from, to]; 0 when `to` is not after `from`. */
export function countWorkingDays(from: IsoDate, to: IsoDate, cal: Calendar): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  let count = 0;
  for (let day = start + 1; day <= end; day++) if (isWorkingDayNumber(day, cal)) count += 1;
  return count;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The calendar date in Asia/Shanghai of an instant, computed as fixed UTC+8.
 *
 * China Standard Time has had no DST since 1991 (DST was observed 1986–1991), which is
 * irrelevant to instants this platform handles; a fixed offset avoids depending on the host's tz data.
 */
export function shanghaiDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / 86_400_000));
}
