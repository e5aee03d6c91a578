import { useMemo } from 'react';
import { countWorkingDays, makeCalendar, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { useCalendarYear } from '../api/calendar.js';
import { todayInShanghai } from '../shared/format.js';

/**
 * The official working-day calendar of last year, this year and next (public): enough to count the
 * working days of an answer limit the server set, with the same rule (common/working-days.ts).
 */
export function useWorkingCalendar(): Calendar | undefined {
  const year = Number(todayInShanghai().slice(0, 4));
  const last = useCalendarYear(year - 1);
  const now = useCalendarYear(year);
  const next = useCalendarYear(year + 1);
  return useMemo(() => {
    if (!last.data || !now.data || !next.data) return undefined;
    return makeCalendar([...last.data.days, ...now.data.days, ...next.data.days]);
  }, [last.data, now.data, next.data]);
}

/** Working days from `from` to `to` (the first day not counted), negative when `to` is past; undefined until the calendar is loaded. */
export function workingDaysBetween(cal: Calendar | undefined, from: IsoDate, to: IsoDate): number | undefined {
  if (!cal) return undefined;
  return to >= from ? countWorkingDays(from, to, cal) : -countWorkingDays(to, from, cal);
}
