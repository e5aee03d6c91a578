import type { IsoDate } from '../../../common/working-days.js';
import type { Locale } from '../api/client.js';

/** Everything is shown in China Standard Time, wherever the browser is. */
export const TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale}|${key}`;
  let f = cache.get(id);
  if (!f) cache.set(id, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): IsoDate {
  // en-CA formats dates as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar date (no time of day) with its weekday, e.g. 2026年10月1日 星期四 / Thu, 1 Oct 2026. */
export function formatDate(date: IsoDate, locale: Locale, withWeekday = true): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // A plain date is a day, not an instant: format it in UTC so no zone shifts it.
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric', month: locale === 'zh-CN' ? 'long' : 'short', day: 'numeric' };
  if (withWeekday) options.weekday = 'short';
  return formatter(locale, withWeekday ? 'date+wd' : 'date', options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in Asia/Shanghai, e.g. 2026/11/28 07:44. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return formatter(locale, 'datetime', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** The calendar day on which an instant falls in Asia/Shanghai, e.g. 2026年11月28日 / 28 Nov 2026. */
export function formatDayOf(value: string | Date, locale: Locale, withWeekday = false): string {
  return formatDate(todayInShanghai(typeof value === 'string' ? new Date(value) : value), locale, withWeekday);
}
