import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, makeCalendar, addWorkingDays, type CalendarDay } from '../../common/working-days.js';
import { officialCalendarDays } from './calendar-source.js';

const ALL = officialCalendarDays(2019, 2026);
const byDate = new Map(ALL.map((d) => [d.date, d]));

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Holidays and adjusted working days of one named holiday period, as dates. */
function period(year: number, name: string): { off: string[]; working: string[] } {
  const days = ALL.filter((d) => d.date.startsWith(`${year}-`) && d.name === name);
  return { off: days.filter((d) => !d.workday).map((d) => d.date), working: days.filter((d) => d.workday).map((d) => d.date) };
}

describe('officialCalendarDays', () => {
  it('matches the 2019 National Day arrangement', () => {
    expect(period(2019, '国庆节')).toEqual({ off: range('2019-10-01', '2019-10-07'), working: ['2019-09-29', '2019-10-12'] });
  });

  it('matches the 2020 Spring Festival arrangement as extended to Feb 2', () => {
    expect(period(2020, '春节')).toEqual({ off: range('2020-01-24', '2020-02-02'), working: ['2020-01-19'] });
    expect(byDate.get('2020-02-01')).toMatchObject({ workday: false }); // was a 调休 Saturday before the extension
  });

  it('matches the 2024 Spring Festival arrangement', () => {
    expect(period(2024, '春节')).toEqual({ off: range('2024-02-10', '2024-02-17'), working: ['2024-02-04', '2024-02-18'] });
  });

  it('matches the 2024 National Day arrangement', () => {
    expect(period(2024, '国庆节')).toEqual({ off: range('2024-10-01', '2024-10-07'), working: ['2024-09-29', '2024-10-12'] });
  });

  it('matches the 2025 Spring Festival arrangement', () => {
    expect(period(2025, '春节')).toEqual({ off: range('2025-01-28', '2025-02-04'), working: ['2025-01-26', '2025-02-08'] });
  });

  it('has the 2026 arrangement', () => {
    expect(ALL.some((d) => d.date.startsWith('2026-') && !d.workday)).toBe(true);
    expect(ALL.some((d) => d.date.startsWith('2026-') && d.workday)).toBe(true);
    expect(byDate.get('2026-10-01')).toMatchObject({ workday: false, name: '国庆节', nameEn: 'National Day' });
  });

  it('carries Chinese and English names', () => {
    expect(byDate.get('2024-09-29')).toEqual({ date: '2024-09-29', workday: true, name: '国庆节', nameEn: 'National Day' });
    expect(byDate.get('2024-01-01')).toEqual({ date: '2024-01-01', workday: false, name: '元旦', nameEn: "New Year's Day" });
  });

  it.each([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])('%i has a plausible number of holidays and 调休 days', (year) => {
    const days = officialCalendarDays(year, year);
    const off = days.filter((d) => !d.workday).length;
    const working = days.filter((d) => d.workday).length;
    expect(off).toBeGreaterThanOrEqual(25);
    expect(off).toBeLessThanOrEqual(40);
    expect(working).toBeGreaterThanOrEqual(3);
    expect(working).toBeLessThanOrEqual(9);
  });

  it('returns valid, unique, sorted dates within the requested years', () => {
    const dates = ALL.map((d) => d.date);
    expect(dates.every(isIsoDate)).toBe(true);
    expect(dates.every((d) => d >= '2019-01-01' && d <= '2026-12-31')).toBe(true);
    expect(dates).toEqual([...new Set(dates)].sort());
    expect(ALL.every((d) => d.name && d.nameEn)).toBe(true);
    expect(officialCalendarDays(2025, 2024)).toEqual([]);
    expect(() => officialCalendarDays(2024.5, 2025)).toThrow(RangeError);
  });

  it('seeds a calendar that the working-day arithmetic accepts', () => {
    const days: CalendarDay[] = officialCalendarDays(2024, 2024);
    const calendar = makeCalendar(days);
    expect(addWorkingDays('2024-09-27', 1, calendar)).toBe('2024-09-29');
    expect(addWorkingDays('2024-09-27', 3, calendar)).toBe('2024-10-08');
  });
});
