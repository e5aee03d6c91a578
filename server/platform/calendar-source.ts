/**
 * Seed source for the database working-day calendar: the State Council's annual holiday
 * arrangements (国务院办公厅关于…部分节假日安排的通知) as compiled by the `chinese-days` package.
 *
 * The database, not this package, is authoritative at run time: administrators correct or
 * extend it (e.g. the 2020 Spring Festival extension was announced at a few days' notice).
 */
// A JSON import attribute is required for ESM JSON under Node (and TypeScript's NodeNext);
// tsx and vitest honour it too. The package has no "exports" map, so the subpath resolves.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay } from '../../common/working-days.js';

/** Shape of chinese-days.json: date → 'English Name,中文名,N' (N is the package's internal holiday index). */
interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

const source: ChineseDaysJson = chineseDays;

// The package shortens three names; the notices say 清明节, 端午节, 中秋节.
const officialNames: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** Splits 'English Name,中文名,N' from the right, so an English name containing a comma survives. */
function parseNames(value: string, date: string): { name: string; nameEn: string } {
  const parts = value.split(',');
  if (parts.length < 3) throw new Error(`unexpected chinese-days entry for ${date}: ${JSON.stringify(value)}`);
  const short = parts[parts.length - 2]!.trim();
  const name = officialNames[short] ?? short;
  const nameEn = parts.slice(0, -2).join(',').trim();
  return { name, nameEn };
}

/**
 * Official holidays (workday false) and adjusted working days (调休, workday true, named after the
 * holiday they compensate) whose dates fall in the years fromYear..toYear, sorted by date.
 *
 * Weekend days inside a holiday period are included, since they carry the holiday's name.
 * `inLieuDays` (weekdays off in exchange for 调休) are already among `holidays` and are not repeated.
 */
export function officialCalendarDays(fromYear: number, toYear: number): CalendarDay[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear)) throw new RangeError('years must be integers');
  const inRange = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    return year >= fromYear && year <= toYear;
  };
  const days: CalendarDay[] = [];
  for (const [date, value] of Object.entries(source.holidays)) {
    if (inRange(date)) days.push({ date, workday: false, ...parseNames(value, date) });
  }
  for (const [date, value] of Object.entries(source.workdays)) {
    if (!inRange(date)) continue;
    if (Object.hasOwn(source.holidays, date)) throw new Error(`chinese-days lists ${date} as both holiday and working day`);
    days.push({ date, workday: true, ...parseNames(value, date) });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
