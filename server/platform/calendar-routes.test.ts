import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOfWeek } from '../../common/working-days.js';
import { seed } from '../seed/seed.js';
import { buildTestApp, type TestApp } from '../test/build-test-app.js';
import { buildTree, buildUser } from '../test/factories.js';
import { auditEntries } from './schema.js';
import { NOTICES, OFFICIAL, YEARS, acceptedNames, fullDate, inSeededYears, officialAddWorkdays, officialWorkday } from '../test/state-council-notices.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seed(t.db, { demo: false });
});
afterAll(() => t.close());

const get = (url: string, app: TestApp = t) => app.app.inject({ method: 'GET', url });

describe('the seeded calendar against the State Council notices 2019–2026', () => {
  it('the table is self-consistent: 调休 days fall on weekends, and each year has the expected number of statutory days off', () => {
    for (const [date, day] of OFFICIAL) {
      const dow = dayOfWeek(date);
      if (day.workday) expect([0, 6], `${date} is a 调休 working day, so a weekend`).toContain(dow);
    }
    // Weekdays off = statutory holidays + weekdays swapped against 调休 Saturdays/Sundays, per year.
    const weekdaysOff = (y: number) => [...OFFICIAL].filter(([d, v]) => d.startsWith(`${y}-`) && !v.workday && dayOfWeek(d) % 6 !== 0).length;
    const adjusted = (y: number) => [...OFFICIAL].filter(([d, v]) => d.startsWith(`${y}-`) && v.workday).length;
    // Weekdays off minus weekend days worked = statutory days: 11 until 2024, 13 from 2025 (2024 amendment);
    // 2020 has 2 more from the Spring Festival extension (Fri Jan 31 off, Sat Feb 1 no longer worked).
    const statutory: Record<number, number> = { 2019: 11, 2020: 13, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13 };
    for (const year of YEARS) expect(weekdaysOff(year) - adjusted(year), String(year)).toBe(statutory[year]);
  });

  it('answers every day of 2019–2026 through GET /calendar/days/{date} as the notices say', { timeout: 180_000 }, async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (let date = '2019-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      const res = await get(`/api/v1/calendar/days/${date}`);
      expect(res.statusCode, date).toBe(200);
      const body = res.json();
      expect(body.date).toBe(date);
      const listed = OFFICIAL.get(date);
      if (body.workday !== officialWorkday(date)) wrong.push(`${date}: API ${body.workday}, notice ${officialWorkday(date)}`);
      if (listed && !acceptedNames(listed.holiday).includes(body.name)) wrong.push(`${date}: name ${body.name}, notice ${listed.holiday}`);
      if (listed && !body.nameEn) wrong.push(`${date}: no English name`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(2922);
  });

  it.each(YEARS)('lists exactly the notice days of %i in GET /calendar/years/{year}, with names', async (year) => {
    const res = await get(`/api/v1/calendar/years/${year}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { year: number; published: boolean; days: { date: string; workday: boolean; name?: string; nameEn?: string }[] };
    expect(body.year).toBe(year);
    expect(body.published).toBe(true);
    const dates = body.days.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
    const expected = [...OFFICIAL.keys()].filter((d) => d.startsWith(`${year}-`) && inSeededYears(d)).sort();
    expect(dates).toEqual(expected);
    for (const day of body.days) {
      const official = OFFICIAL.get(day.date)!;
      expect(day.workday, day.date).toBe(official.workday);
      expect(acceptedNames(official.holiday), day.date).toContain(day.name);
      expect(day.nameEn, day.date).toBeTruthy();
    }
  });

  it('includes the known hard cases', async () => {
    // 2020: the extension made Feb 1 (a Saturday first set as a 调休 working day) a day off; Jan 31 (Fri) and Feb 2 too.
    for (const d of ['2020-01-31', '2020-02-01', '2020-02-02']) expect((await get(`/api/v1/calendar/days/${d}`)).json()).toMatchObject({ workday: false, name: '春节' });
    expect((await get('/api/v1/calendar/days/2020-01-19')).json()).toMatchObject({ workday: true, name: '春节' });
    expect((await get('/api/v1/calendar/days/2020-02-03')).json()).toEqual({ date: '2020-02-03', workday: true });
    // 2025: the Spring Festival starts on 除夕 (Jan 28); 2024's 除夕 (Feb 9) was an ordinary working day.
    expect((await get('/api/v1/calendar/days/2025-01-28')).json()).toMatchObject({ workday: false, name: '春节' });
    expect((await get('/api/v1/calendar/days/2024-02-09')).json()).toEqual({ date: '2024-02-09', workday: true });
    // 2025: May 2 is now statutory; only one 调休 day (Apr 27) for a five-day Labour Day.
    expect((await get('/api/v1/calendar/days/2025-04-27')).json()).toMatchObject({ workday: true, name: '劳动节' });
    expect((await get('/api/v1/calendar/days/2025-05-10')).json()).toEqual({ date: '2025-05-10', workday: false });
    // 2026: a nine-day Spring Festival, Saturday Feb 28 worked.
    expect((await get('/api/v1/calendar/days/2026-02-23')).json()).toMatchObject({ workday: false, name: '春节' });
    expect((await get('/api/v1/calendar/days/2026-02-28')).json()).toMatchObject({ workday: true, name: '春节', nameEn: 'Spring Festival' });
  });

  it('answers an unpublished year by the weekday rule', async () => {
    const res = await get('/api/v1/calendar/years/2027');
    expect(res.json()).toEqual({ year: 2027, published: false, days: [] });
    expect((await get('/api/v1/calendar/days/2027-01-01')).json()).toEqual({ date: '2027-01-01', workday: true });
    expect((await get('/api/v1/calendar/days/2027-01-02')).json()).toEqual({ date: '2027-01-02', workday: false });
  });
});

describe('GET /calendar/add-workdays', () => {
  const add = async (from: string, days: number | string) => {
    const res = await get(`/api/v1/calendar/add-workdays?from=${from}&days=${days}`);
    expect(res.statusCode, `${from} + ${days}: ${res.body}`).toBe(200);
    return res.json() as { date: string; provisional: boolean };
  };

  it('does not count the day it starts from', async () => {
    expect(await add('2024-09-27', 1)).toEqual({ date: '2024-09-29', provisional: false }); // Fri → the 调休 Sunday
    expect(await add('2026-03-02', 1)).toEqual({ date: '2026-03-03', provisional: false });
    expect(await add('2026-03-06', 1)).toEqual({ date: '2026-03-09', provisional: false }); // Fri → Mon
  });

  it('skips the whole 2024 National Day holiday and counts its 调休 days', async () => {
    expect(await add('2024-09-27', 3)).toEqual({ date: '2024-10-08', provisional: false });
    expect(await add('2024-09-30', 1)).toEqual({ date: '2024-10-08', provisional: false });
    expect(await add('2024-10-01', 1)).toEqual({ date: '2024-10-08', provisional: false }); // from a holiday
    expect(await add('2024-10-11', 1)).toEqual({ date: '2024-10-12', provisional: false }); // Fri → the 调休 Saturday
  });

  it('counts from the Friday before the 2025 Spring Festival', async () => {
    const from = '2025-01-24';
    expect((await add(from, 1)).date).toBe('2025-01-26'); // 调休 Sunday
    expect((await add(from, 2)).date).toBe('2025-01-27');
    expect((await add(from, 3)).date).toBe('2025-02-05'); // Jan 28 – Feb 4 off
    expect((await add(from, 6)).date).toBe('2025-02-08'); // 调休 Saturday
    expect((await add(from, 7)).date).toBe('2025-02-10');
    expect((await add(from, 20)).date).toBe(officialAddWorkdays(from, 20));
  });

  it('agrees with the notices for limits starting around every holiday of 2019–2026', { timeout: 60_000 }, async () => {
    const wrong: string[] = [];
    for (const year of YEARS) {
      for (const [, off] of NOTICES[year]!) {
        const start = fullDate(year, off.split('..')[0]!);
        if (!inSeededYears(start)) continue;
        for (const from of [addDays(start, -3), addDays(start, -1), start]) {
          for (const n of [1, 3, 5, 20]) {
            const expected = officialAddWorkdays(from, n);
            if (expected > '2026-12-31') continue;
            const { date } = await add(from, n);
            if (date !== expected) wrong.push(`${from} + ${n}: API ${date}, notices ${expected}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('returns `from` itself for days=0, even on a holiday', async () => {
    expect(await add('2025-01-29', 0)).toEqual({ date: '2025-01-29', provisional: false });
    expect(await add('2026-03-07', 0)).toEqual({ date: '2026-03-07', provisional: false });
  });

  it('marks a result beyond the published years as provisional', async () => {
    expect(await add('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    expect(await add('2026-12-30', 2)).toEqual({ date: '2027-01-01', provisional: true }); // 2027's New Year not yet announced
    expect(await add('2026-12-30', 5)).toEqual({ date: '2027-01-06', provisional: true });
    expect(await add('2027-03-01', 0)).toEqual({ date: '2027-03-01', provisional: true });
  });
});

describe('bad input', () => {
  const expectValidationProblem = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, url).toBe(400);
    expect(res.headers['content-type'], url).toContain('application/problem+json');
    expect(res.json(), url).toMatchObject({ status: 400, code: 'validation_failed', message: { 'zh-CN': expect.any(String), 'en-US': expect.any(String) } });
    return res.json();
  };

  it('refuses impossible and malformed dates', async () => {
    const body = await expectValidationProblem('/api/v1/calendar/days/2023-02-30');
    expect(body.errors).toEqual([expect.objectContaining({ field: '/params/date' })]);
    await expectValidationProblem('/api/v1/calendar/days/2023-02-29'); // not a leap year
    await expectValidationProblem('/api/v1/calendar/days/2024-13-01');
    await expectValidationProblem('/api/v1/calendar/days/2024-1-5');
    await expectValidationProblem('/api/v1/calendar/days/tomorrow');
    expect((await get('/api/v1/calendar/days/2024-02-29')).statusCode).toBe(200); // a leap day is fine
    await expectValidationProblem('/api/v1/calendar/add-workdays?from=2023-02-30&days=1');
  });

  it('refuses a negative, non-numeric, fractional or missing day count, and a missing start', async () => {
    for (const query of ['from=2024-09-27&days=-1', 'from=2024-09-27&days=abc', 'from=2024-09-27&days=1.5', 'from=2024-09-27', 'days=1', '']) {
      await expectValidationProblem(`/api/v1/calendar/add-workdays?${query}`);
    }
  });

  it('refuses a year that is not a number or out of range', async () => {
    await expectValidationProblem('/api/v1/calendar/years/abc');
    await expectValidationProblem('/api/v1/calendar/years/1989');
  });
});

describe('administrators editing the calendar', () => {
  // A separate app, so that the edits here do not disturb the comparison above.
  let m: TestApp;
  let admin: { id: string };
  let clerk: { id: string };
  beforeAll(async () => {
    m = await buildTestApp();
    await seed(m.db, { demo: false });
    const tree = await buildTree(m.db);
    admin = await buildUser(m.db, { role: 'admin', org: tree.prefecture });
    clerk = await buildUser(m.db, { roles: ['windowClerk', 'reviewer', 'departmentHead', 'supervisor', 'catalogManager'], org: tree.a.services });
  });
  afterAll(() => m.close());

  const put = (user: { id: string } | null, date: string, payload: object) => m.injectAs(user, { method: 'PUT', url: `/api/v1/calendar/days/${date}`, payload });
  const del = (user: { id: string } | null, date: string) => m.injectAs(user, { method: 'DELETE', url: `/api/v1/calendar/days/${date}` });
  const day = async (date: string) => (await get(`/api/v1/calendar/days/${date}`, m)).json();
  const add = async (from: string, days: number) => (await get(`/api/v1/calendar/add-workdays?from=${from}&days=${days}`, m)).json();

  it('sets a future day, which takes effect at once and is audited', async () => {
    expect(await add('2026-12-23', 1)).toEqual({ date: '2026-12-24', provisional: false });
    const res = await put(admin, '2026-12-24', { workday: false, name: '测试假日', nameEn: 'Test holiday' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ date: '2026-12-24', workday: false, name: '测试假日', nameEn: 'Test holiday' });
    expect(await day('2026-12-24')).toEqual({ date: '2026-12-24', workday: false, name: '测试假日', nameEn: 'Test holiday' });
    expect(await add('2026-12-23', 1)).toEqual({ date: '2026-12-25', provisional: false });
    expect((await get('/api/v1/calendar/years/2026', m)).json().days).toContainEqual({ date: '2026-12-24', workday: false, name: '测试假日', nameEn: 'Test holiday' });

    const audit = await m.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'calendar.set-day'), eq(auditEntries.targetId, '2026-12-24')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, targetType: 'calendarDay', beforeDigest: null, afterDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('turns a weekend into an adjusted working day, and back again', async () => {
    expect(await add('2026-12-25', 1)).toEqual({ date: '2026-12-28', provisional: false });
    expect((await put(admin, '2026-12-26', { workday: true, name: '测试调休' })).statusCode).toBe(200);
    expect(await add('2026-12-25', 1)).toEqual({ date: '2026-12-26', provisional: false });
    expect(await day('2026-12-26')).toEqual({ date: '2026-12-26', workday: true, name: '测试调休' });

    const again = await put(admin, '2026-12-26', { workday: false });
    expect(again.statusCode).toBe(200);
    expect(await day('2026-12-26')).toEqual({ date: '2026-12-26', workday: false });
    expect(await add('2026-12-25', 1)).toEqual({ date: '2026-12-28', provisional: false });
    const audit = await m.db.select().from(auditEntries).where(eq(auditEntries.targetId, '2026-12-26'));
    expect(audit.map((a) => a.action)).toEqual(['calendar.set-day', 'calendar.set-day']);
    expect(audit[1]!.beforeDigest).toMatch(/^[0-9a-f]{64}$/); // the second edit records the day it replaced
  });

  it('may change today but not a day before today (Asia/Shanghai, on the manual clock)', async () => {
    // The clock stands at 2026-03-02 10:00 in Shanghai.
    expect((await put(admin, '2026-03-02', { workday: true })).statusCode).toBe(200);
    const past = await put(admin, '2026-03-01', { workday: true });
    expect(past.statusCode).toBe(409);
    expect(past.headers['content-type']).toContain('application/problem+json');
    expect(past.json().code).toBe('calendar.past_day');
    expect((await put(admin, '2025-10-01', { workday: true })).json().code).toBe('calendar.past_day');
    expect(await day('2026-03-01')).toEqual({ date: '2026-03-01', workday: false });
    expect(await day('2025-10-01')).toMatchObject({ workday: false, name: '国庆节' });

    // 00:30 on Mar 3 in Shanghai is still Mar 2 in UTC: Mar 2 is now the past.
    m.clock.set('2026-03-02T16:30:00Z');
    try {
      const lateAdmin = await buildUser(m.db, { role: 'admin', org: (await buildTree(m.db)).prefecture }); // a session opened at the new time
      expect((await put(lateAdmin, '2026-03-02', { workday: false })).json().code).toBe('calendar.past_day');
      expect((await del(lateAdmin, '2026-03-02')).json().code).toBe('calendar.past_day');
      expect((await put(lateAdmin, '2026-03-03', { workday: true })).statusCode).toBe(200);
    } finally {
      m.clock.set('2026-03-02T02:00:00Z');
    }
  });

  it('refuses non-admin staff (403) and anonymous callers (401), changing nothing', async () => {
    const before = await m.db.select().from(auditEntries);
    const staff = await put(clerk, '2026-11-02', { workday: false, name: '不应生效' });
    expect(staff.statusCode).toBe(403);
    expect(staff.json().code).toBe('forbidden');
    expect((await del(clerk, '2026-10-10')).statusCode).toBe(403);
    const anon = await put(null, '2026-11-02', { workday: false });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('unauthenticated');
    expect((await del(null, '2026-10-10')).statusCode).toBe(401);
    expect(await day('2026-11-02')).toEqual({ date: '2026-11-02', workday: true });
    expect(await day('2026-10-10')).toMatchObject({ workday: true, name: '国庆节' });
    expect(await m.db.select().from(auditEntries)).toHaveLength(before.length);
  });

  it('validates the body and the date of an edit', async () => {
    for (const [date, payload] of [
      ['2026-12-24', {}],
      ['2026-12-24', { workday: 'no' }],
      ['2026-12-24', { workday: false, extra: 1 }],
      ['2026-12-24', { workday: false, name: '' }],
      ['2026-02-30', { workday: false }],
    ] as const) {
      const res = await put(admin, date, payload);
      expect(res.statusCode, `${date} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('DELETE returns a future day to the weekday rule', async () => {
    // Saturday 2026-10-10 is a 调休 working day after National Day.
    expect(await add('2026-10-09', 1)).toEqual({ date: '2026-10-10', provisional: false });
    const res = await del(admin, '2026-10-10');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await day('2026-10-10')).toEqual({ date: '2026-10-10', workday: false });
    expect(await add('2026-10-09', 1)).toEqual({ date: '2026-10-12', provisional: false });
    expect((await get('/api/v1/calendar/years/2026', m)).json().days.map((d: { date: string }) => d.date)).not.toContain('2026-10-10');
    const audit = await m.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'calendar.clear-day'), eq(auditEntries.targetId, '2026-10-10')));
    expect(audit).toHaveLength(1);

    // A weekday holiday cleared becomes a working day; a day with no exception is not found.
    expect((await del(admin, '2026-12-24')).statusCode).toBe(204);
    expect(await day('2026-12-24')).toEqual({ date: '2026-12-24', workday: true });
    const none = await del(admin, '2026-12-24');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('not_found');
    expect((await del(admin, '2026-02-31')).json().code).toBe('validation_failed');
  });

  it('keeps next year provisional while its days are entered, until an administrator publishes it', async () => {
    expect((await put(admin, '2027-01-01', { workday: false, name: '元旦', nameEn: "New Year's Day" })).statusCode).toBe(200);
    expect(await add('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: true });
    expect((await m.injectAs(clerk, { method: 'PUT', url: '/api/v1/calendar/years/2027/published' })).statusCode).toBe(403);
    const skip = await m.injectAs(admin, { method: 'PUT', url: '/api/v1/calendar/years/2028/published' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('calendar.not_next_year');
    const res = await m.injectAs(admin, { method: 'PUT', url: '/api/v1/calendar/years/2027/published' });
    expect(res.json()).toEqual({ year: 2027, published: true });
    expect(await add('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: false });
    expect((await get('/api/v1/calendar/years/2027', m)).json()).toMatchObject({ published: true, days: [{ date: '2027-01-01', workday: false }] });
    const audit = await m.db.select().from(auditEntries).where(eq(auditEntries.action, 'calendar.publish-year'));
    expect(audit.map((a) => a.targetId)).toEqual(['2027']);
  });
});
