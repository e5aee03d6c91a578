import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  addDays,
  addWorkingDays,
  countWorkingDays,
  dayInfo,
  dayOfWeek,
  isIsoDate,
  isWorkingDay,
  makeCalendar,
  shanghaiDate,
  type Calendar,
  type CalendarDay,
  type IsoDate,
} from './working-days.js';

/** Every date from `from` to `to` inclusive. */
function range(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function holidays(from: IsoDate, to: IsoDate, name: string, nameEn: string): CalendarDay[] {
  return range(from, to).map((date) => ({ date, workday: false, name, nameEn }));
}

function workdays(dates: IsoDate[], name: string, nameEn: string): CalendarDay[] {
  return dates.map((date) => ({ date, workday: true, name, nameEn }));
}

/** State Council arrangements (国办发明电) for the periods the examples cross. */
const OFFICIAL = makeCalendar([
  // 2019 National Day: Oct 1–7 off; Sun Sep 29 and Sat Oct 12 working.
  ...holidays('2019-10-01', '2019-10-07', '国庆节', 'National Day'),
  ...workdays(['2019-09-29', '2019-10-12'], '国庆节', 'National Day'),
  // 2020 New Year and Spring Festival: Jan 24–30 off, extended to Feb 2 because of COVID-19
  // (国办发明电〔2020〕1号); Sun Jan 19 working, Sat Feb 1 no longer working.
  ...holidays('2020-01-01', '2020-01-01', '元旦', "New Year's Day"),
  ...holidays('2020-01-24', '2020-02-02', '春节', 'Spring Festival'),
  ...workdays(['2020-01-19'], '春节', 'Spring Festival'),
  // 2024 Mid-autumn (Sep 15–17, Sat Sep 14 working) and National Day (Oct 1–7, Sun Sep 29 and Sat Oct 12 working).
  ...holidays('2024-09-15', '2024-09-17', '中秋节', 'Mid-autumn Festival'),
  ...workdays(['2024-09-14'], '中秋节', 'Mid-autumn Festival'),
  ...holidays('2024-10-01', '2024-10-07', '国庆节', 'National Day'),
  ...workdays(['2024-09-29', '2024-10-12'], '国庆节', 'National Day'),
]);

const EMPTY = makeCalendar([]);

describe('dates', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '9999-12-31'])('%s is an ISO date', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '20240101', '2024-01-01T00:00', ' 2024-01-01', ''])(
    '%j is not an ISO date',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
    },
  );

  it('adds calendar days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-10', 0)).toBe('2024-03-10');
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2024-09-29')).toBe(0);
    expect(dayOfWeek('2024-09-27')).toBe(5);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1949-10-01')).toBe(6);
  });

  const utcDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });

  test.prop([utcDate, fc.integer({ min: -40_000, max: 40_000 })])('addDays and dayOfWeek agree with Date UTC arithmetic', (d, n) => {
    const iso = d.toISOString().slice(0, 10);
    const expected = new Date(Date.parse(iso) + n * 86_400_000);
    expect(addDays(iso, n)).toBe(expected.toISOString().slice(0, 10));
    expect(dayOfWeek(iso)).toBe(new Date(Date.parse(iso)).getUTCDay());
    expect(addDays(addDays(iso, n), -n)).toBe(iso);
  });

  test.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })])(
    'isIsoDate agrees with a Date round trip',
    (y, m, d) => {
      const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const parsed = new Date(`${s}T00:00:00Z`);
      const roundTrips = !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === s;
      expect(isIsoDate(s)).toBe(roundTrips);
    },
  );
});

describe('calendar', () => {
  it('uses exceptions, else the Monday–Friday rule', () => {
    expect(dayInfo('2024-10-01', OFFICIAL)).toEqual({ date: '2024-10-01', workday: false, name: '国庆节', nameEn: 'National Day' });
    expect(dayInfo('2024-09-29', OFFICIAL)).toMatchObject({ workday: true, name: '国庆节' });
    expect(dayInfo('2024-09-28', OFFICIAL)).toEqual({ date: '2024-09-28', workday: false });
    expect(dayInfo('2024-09-27', OFFICIAL)).toEqual({ date: '2024-09-27', workday: true });
    expect(isWorkingDay('2020-02-01', OFFICIAL)).toBe(false); // Saturday, formerly 调休, made a holiday by the extension
    expect(isWorkingDay('2020-01-19', OFFICIAL)).toBe(true);
    expect(() => dayInfo('2024-09-31', OFFICIAL)).toThrow(RangeError);
  });

  it('rejects invalid and duplicate dates', () => {
    expect(() => makeCalendar([{ date: '2024-02-30', workday: false }])).toThrow(RangeError);
    expect(() =>
      makeCalendar([
        { date: '2024-10-01', workday: false },
        { date: '2024-10-01', workday: true },
      ]),
    ).toThrow(RangeError);
  });

  it('does not alias the input rows', () => {
    const row: CalendarDay = { date: '2024-10-01', workday: false };
    const cal = makeCalendar([row]);
    row.workday = true;
    expect(isWorkingDay('2024-10-01', cal)).toBe(false);
  });
});

describe('addWorkingDays / countWorkingDays examples', () => {
  it.each([
    // plain weekends
    ['2023-03-03', 0, '2023-03-03', EMPTY],
    ['2023-03-03', 1, '2023-03-06', EMPTY],
    ['2023-03-04', 0, '2023-03-04', EMPTY], // n = 0 returns `from` even on a rest day
    ['2023-03-04', 1, '2023-03-06', EMPTY],
    ['2023-03-05', 5, '2023-03-10', EMPTY],
    ['2023-03-06', 5, '2023-03-13', EMPTY],
    ['2023-03-06', 20, '2023-04-03', EMPTY],
    // 2019 National Day
    ['2019-09-27', 1, '2019-09-29', OFFICIAL],
    ['2019-09-27', 2, '2019-09-30', OFFICIAL],
    ['2019-09-27', 3, '2019-10-08', OFFICIAL],
    ['2019-10-03', 1, '2019-10-08', OFFICIAL],
    ['2019-10-11', 1, '2019-10-12', OFFICIAL],
    ['2019-10-11', 2, '2019-10-14', OFFICIAL],
    // 2020 Spring Festival, extended to Feb 2
    ['2020-01-17', 1, '2020-01-19', OFFICIAL],
    ['2020-01-17', 5, '2020-01-23', OFFICIAL],
    ['2020-01-17', 6, '2020-02-03', OFFICIAL],
    ['2020-01-23', 1, '2020-02-03', OFFICIAL],
    ['2019-12-31', 1, '2020-01-02', OFFICIAL],
    // 2024 Mid-autumn and National Day
    ['2024-09-13', 1, '2024-09-14', OFFICIAL],
    ['2024-09-14', 1, '2024-09-18', OFFICIAL],
    ['2024-09-27', 1, '2024-09-29', OFFICIAL],
    ['2024-09-27', 2, '2024-09-30', OFFICIAL],
    ['2024-09-27', 3, '2024-10-08', OFFICIAL],
    ['2024-09-30', 1, '2024-10-08', OFFICIAL],
    ['2024-09-27', 7, '2024-10-12', OFFICIAL],
    ['2024-09-27', 8, '2024-10-14', OFFICIAL],
    ['2024-09-23', 20, '2024-10-24', OFFICIAL], // Sep 24–27, 29, 30; Oct 8–12, 14–18, 21–24
  ] as const)('%s + %i working days = %s', (from, n, expected, cal) => {
    expect(addWorkingDays(from, n, cal)).toBe(expected);
    expect(countWorkingDays(from, expected, cal)).toBe(n);
  });

  it.each([
    ['2024-09-27', '2024-10-14', 8],
    ['2024-09-30', '2024-10-07', 0],
    ['2024-10-01', '2024-10-31', 19], // 22 Mon–Fri after Oct 1, minus Oct 2–4 and 7, plus Sat Oct 12
    ['2020-01-01', '2020-01-31', 17], // 22 Mon–Fri after Jan 1, minus Jan 24 and 27–31, plus Sun Jan 19
    ['2024-10-14', '2024-09-27', 0],
    ['2024-10-14', '2024-10-14', 0],
  ] as const)('working days in (%s, %s] = %i', (from, to, expected) => {
    expect(countWorkingDays(from, to, OFFICIAL)).toBe(expected);
  });

  it('rejects bad arguments', () => {
    expect(() => addWorkingDays('2024-09-27', -1, OFFICIAL)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-09-27', 1.5, OFFICIAL)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-09-27', Number.NaN, OFFICIAL)).toThrow(RangeError);
    expect(() => addWorkingDays('2024/09/27', 1, OFFICIAL)).toThrow(RangeError);
    expect(() => countWorkingDays('2024-09-27', '2024-02-30', OFFICIAL)).toThrow(RangeError);
  });

  it('is fast for a few hundred working days on a decade of exceptions', () => {
    const days: CalendarDay[] = [];
    for (let year = 2020; year < 2030; year++) days.push(...holidays(`${year}-10-01`, `${year}-10-07`, '国庆节', 'National Day'));
    const cal = makeCalendar(days);
    const started = performance.now();
    for (let i = 0; i < 200; i++) addWorkingDays('2024-01-01', 500, cal);
    expect((performance.now() - started) / 200).toBeLessThan(5);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const BASE = '2024-01-01';

/** Dates in 2024–2025, where the generated calendars put their exceptions. */
function arbitraryDate(): fc.Arbitrary<IsoDate> {
  return fc.integer({ min: 0, max: 730 }).map((offset) => addDays(BASE, offset));
}

/** Random calendars: scattered exceptions plus long holiday runs, around 2024–2025. */
function arbitraryCalendar(): fc.Arbitrary<Calendar> {
  const single = fc.record({ offset: fc.integer({ min: -30, max: 800 }), workday: fc.boolean() }).map((r) => [r]);
  const run = fc
    .record({ offset: fc.integer({ min: -30, max: 800 }), length: fc.integer({ min: 1, max: 40 }) })
    .map(({ offset, length }) => Array.from({ length }, (_, i) => ({ offset: offset + i, workday: false })));
  return fc.array(fc.oneof(single, run), { maxLength: 60 }).map((groups) => {
    const byDate = new Map<IsoDate, CalendarDay>();
    for (const { offset, workday } of groups.flat()) {
      const date = addDays(BASE, offset);
      byDate.set(date, { date, workday, name: workday ? undefined : '假日' });
    }
    return makeCalendar(byDate.values());
  });
}

describe('properties', () => {
  test.prop([arbitraryCalendar(), arbitraryDate(), fc.integer({ min: 0, max: 60 })])(
    'adding n working days lands on a working day with n working days in between',
    (calendar, start, n) => {
      const end = addWorkingDays(start, n, calendar);
      expect(n === 0 || isWorkingDay(end, calendar)).toBe(true);
      expect(countWorkingDays(start, end, calendar)).toBe(n);
    },
  );

  test.prop([arbitraryCalendar(), arbitraryDate(), arbitraryDate(), arbitraryDate()])(
    'countWorkingDays is additive over adjacent intervals',
    (calendar, ...dates) => {
      const [a, b, c] = dates.sort() as [IsoDate, IsoDate, IsoDate];
      expect(countWorkingDays(a, b, calendar) + countWorkingDays(b, c, calendar)).toBe(countWorkingDays(a, c, calendar));
    },
  );

  test.prop([arbitraryCalendar(), arbitraryDate(), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 })])(
    'addWorkingDays is strictly monotonic in n',
    (calendar, start, n, k) => {
      expect(addWorkingDays(start, n + k, calendar) > addWorkingDays(start, n, calendar)).toBe(true);
    },
  );

  test.prop([arbitraryCalendar(), arbitraryDate(), fc.integer({ min: 1, max: 60 })])(
    'the result is the first date reaching n working days',
    (calendar, start, n) => {
      const end = addWorkingDays(start, n, calendar);
      expect(countWorkingDays(start, addDays(end, -1), calendar)).toBe(n - 1);
    },
  );

  test.prop([arbitraryCalendar(), arbitraryDate(), arbitraryDate()])('countWorkingDays is 0 when to <= from', (calendar, a, b) => {
    const [from, to] = a <= b ? [b, a] : [a, b];
    expect(countWorkingDays(from, to, calendar)).toBe(0);
  });
});

describe('shanghaiDate', () => {
  it('uses UTC+8', () => {
    expect(shanghaiDate(new Date('2024-09-30T15:59:59.999Z'))).toBe('2024-09-30');
    expect(shanghaiDate(new Date('2024-09-30T16:00:00Z'))).toBe('2024-10-01');
    expect(shanghaiDate(new Date('2024-10-01T08:00:00+08:00'))).toBe('2024-10-01');
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  test.prop([fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })])(
    'agrees with the Asia/Shanghai time zone since DST ended',
    (instant) => {
      const expected = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
      expect(shanghaiDate(instant)).toBe(expected);
    },
  );
});
