import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowCategory } from '../../../common/enums.js';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { auditEntries, notifications } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildSite, buildTree, buildUser, buildWindow, itemRecord } from '../../test/factories.js';
import { windowStaff, type OrgRow, type SiteRow, type WindowRow } from '../orgs/schema.js';
import { KIOSK_TICKETS_PER_MINUTE } from './routes.js';
import { appointments, queueTickets } from './schema.js';

type User = { id: string };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let applicant: User, applicant2: User, applicant3: User, supervisorA: User, supervisorB: User, prefectureSupervisor: User, adminA: User, adminB: User, reviewerA: User, clerkB: User;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-02T02:00:00Z' }); // Monday 10:00 in Shanghai
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2019, 2026), 2026));
  tree = await buildTree(t.db);
  applicant = await buildUser(t.db, { role: 'applicant', phone: '13899120011' });
  applicant2 = await buildUser(t.db, { role: 'applicant', phone: '13899120012' });
  applicant3 = await buildUser(t.db, { role: 'applicant' });
  supervisorA = await buildUser(t.db, { role: 'supervisor', org: tree.a.gov });
  supervisorB = await buildUser(t.db, { role: 'supervisor', org: tree.b.gov });
  prefectureSupervisor = await buildUser(t.db, { role: 'supervisor', org: tree.prefecture });
  adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
  adminB = await buildUser(t.db, { role: 'admin', org: tree.b.gov });
  reviewerA = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  clerkB = await buildUser(t.db, { role: 'windowClerk', org: tree.b.services });
  await t.db.insert(windowStaff).values({ windowId: tree.b.window.id, userId: clerkB.id });
});
afterAll(() => t.close());

/** A hall of county A with windows of the given categories, each with a clerk of its own on duty. */
async function hall(categories: WindowCategory[], org: OrgRow = tree.a.services) {
  const site = await buildSite(t.db, org);
  const department = await buildOrg(t.db, { parent: tree.a.gov, kind: 'department', deptKey: 'tax', name: '测试税务局', nameEn: 'Test tax bureau' });
  const windows: WindowRow[] = [];
  const clerks: User[] = [];
  for (const category of categories) {
    const w = await buildWindow(t.db, site, { category, departmentId: category === 'department' ? department.id : null });
    const clerk = await buildUser(t.db, { role: 'windowClerk', org });
    await t.db.insert(windowStaff).values({ windowId: w.id, userId: clerk.id });
    windows.push(w);
    clerks.push(clerk);
  }
  return { site, windows, clerks, department };
}

// Each kiosk request comes from an address of its own unless a test says otherwise (the route limits per address).
const kiosk = (site: SiteRow, body: object, remoteAddress = `10.1.${Math.floor(++address / 250)}.${address % 250}`) =>
  t.app.inject({ method: 'POST', url: `/api/v1/queue/sites/${site.id}/tickets`, payload: body, remoteAddress });
const take = async (site: SiteRow, category: WindowCategory, extra: object = {}) => {
  const res = await kiosk(site, { category, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const post = (user: User | null, url: string, payload: object = {}) => t.injectAs(user, { method: 'POST', url, payload });
const get = (user: User | null, url: string) => t.injectAs(user, { method: 'GET', url });
const callNext = (clerk: User, w: WindowRow) => post(clerk, `/api/v1/queue/windows/${w.id}/call-next`);
const called = async (clerk: User, w: WindowRow) => {
  const res = await callNext(clerk, w);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().ticket;
};
const act = (clerk: User, ticket: { id: string; version: number }, step: string, body: object = {}) => post(clerk, `/api/v1/queue/tickets/${ticket.id}/${step}`, { version: ticket.version, ...body });
const auditOf = (id: string) => t.db.select({ action: auditEntries.action, actorId: auditEntries.actorId }).from(auditEntries).where(eq(auditEntries.targetId, id)).orderBy(auditEntries.seq);

describe('taking a number at the kiosk', () => {
  it('numbers per category with the windows\' letters, and restarts the next day', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { site } = await hall(['general', 'companyRegistration', 'companyRegistration']);
    const other = await hall(['general']);
    expect((await take(site, 'general')).number).toBe('A001');
    expect((await take(site, 'general')).number).toBe('A002');
    expect((await take(site, 'companyRegistration')).number).toBe('B001');
    expect((await take(other.site, 'general')).number).toBe('A001'); // every site counts its own
    const third = await take(site, 'general');
    expect(third).toMatchObject({ number: 'A003', source: 'walkIn', status: 'waiting', ahead: 2, smsOnCall: false });
    expect(third.estimatedWaitMinutes).toBe(16); // nobody served yet today: 8 minutes each, one window
    t.clock.set('2026-03-02T15:59:00Z'); // 23:59
    expect((await take(site, 'general')).number).toBe('A004');
    t.clock.set('2026-03-02T16:00:00Z'); // midnight in Shanghai: a new day
    expect((await take(site, 'general')).number).toBe('A001');
    expect((await take(site, 'companyRegistration')).number).toBe('B001');
    const [row] = await t.db.select().from(queueTickets).where(eq(queueTickets.id, third.id));
    expect(row).toMatchObject({ day: '2026-03-02', takenAt: new Date('2026-03-02T02:00:00Z'), siteOrgPath: tree.a.services.path });
    expect(await auditOf(third.id)).toEqual([{ action: 'queue.take', actorId: null }]);
  });

  it('shows the site\'s queues, one per category and one per department window, with who waits', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const { site, department } = await hall(['general', 'department', 'general']);
    await take(site, 'general');
    const res = await get(null, `/api/v1/queue/sites/${site.id}/kiosk`);
    expect(res.statusCode).toBe(200);
    const { queues, day } = res.json();
    expect(day).toBe('2026-03-03');
    expect(queues.map((q: { prefix: string; waiting: number; windows: unknown[] }) => [q.prefix, q.waiting, q.windows.length])).toEqual([['A', 1, 2], ['F', 0, 1]]);
    expect(queues[1]).toMatchObject({ category: 'department', departmentId: department.id, departmentName: '测试税务局', departmentNameEn: 'Test tax bureau' });
    expect(queues[0].estimatedWaitMinutes).toBe(4); // one ahead, two windows
    expect((await take(site, 'department', { departmentId: department.id })).number).toBe('F001');
  });

  it('refuses a queue no window serves, an unknown site, a bad phone, and a second number for a waiting phone', async () => {
    const { site } = await hall(['general']);
    const expectProblem = async (res: Awaited<ReturnType<typeof kiosk>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    };
    await expectProblem(await kiosk(site, { category: 'investment' }), 409, 'queue.no_such_queue');
    await expectProblem(await kiosk(site, { category: 'department', departmentId: tree.a.market.id }), 409, 'queue.no_such_queue');
    await expectProblem(await kiosk({ ...site, id: '01900000-0000-7000-8000-000000000000' }, { category: 'general' }), 404, 'not_found');
    await expectProblem(await kiosk(site, { category: 'general', phone: '12345' }), 400, 'validation_failed');
    await take(site, 'general', { phone: '13999110001' });
    await expectProblem(await kiosk(site, { category: 'general', phone: '13999110001' }), 409, 'queue.already_waiting');
  });

  it('limits numbers per address and minute, without signing in', async () => {
    const { site } = await hall(['general']);
    const statuses: number[] = [];
    for (let i = 0; i <= KIOSK_TICKETS_PER_MINUTE; i++) statuses.push((await kiosk(site, { category: 'general' }, '10.250.0.1')).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(KIOSK_TICKETS_PER_MINUTE);
    const limited = await kiosk(site, { category: 'general' }, '10.250.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect((await kiosk(site, { category: 'general' }, '10.250.0.2')).statusCode).toBe(201); // another kiosk
  });
});

describe('calling at a window', () => {
  it('calls the oldest number, tells its phone by SMS, and walks it through start and finish, all audited', async () => {
    t.clock.set('2026-03-04T02:00:00Z');
    const { site, windows: [w], clerks: [clerk] } = await hall(['general']);
    const first = await take(site, 'general', { phone: '13999110002' });
    t.clock.advance(60_000);
    await take(site, 'general');
    t.clock.set('2026-03-04T02:10:00Z');
    const ticket = await called(clerk!, w!);
    expect(ticket).toMatchObject({ id: first.id, number: 'A001', status: 'called', windowId: w!.id, windowNumber: w!.number, phone: '139****0002', waitedSeconds: 600, allowedActions: ['recall', 'noShow', 'start'] });
    const [sms] = await t.db.select().from(notifications).where(and(eq(notifications.recipient, '13999110002'), eq(notifications.template, 'queue.called')));
    expect(sms).toMatchObject({ userId: null, channel: 'sms' });
    expect(sms!.body).toContain(`请A001号到${w!.number}号窗口办理`);

    // A window holds one ticket at a time.
    const busy = await callNext(clerk!, w!);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('queue.window_busy');

    t.clock.advance(30_000);
    const recalled = (await act(clerk!, ticket, 'recall')).json();
    expect(recalled).toMatchObject({ recalls: 1, status: 'called' });
    const stale = await act(clerk!, ticket, 'start');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const early = await act(clerk!, recalled, 'finish');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('queue.invalid_transition');
    t.clock.advance(30_000);
    const serving = (await act(clerk!, recalled, 'start')).json();
    expect(serving).toMatchObject({ status: 'serving', allowedActions: ['finish'] });
    t.clock.advance(5 * 60_000);
    const badCase = await act(clerk!, serving, 'finish', { caseNumber: 'not-a-number' });
    expect(badCase.statusCode).toBe(400);
    const done = (await act(clerk!, serving, 'finish', { caseNumber: '6523012026030400001' })).json();
    expect(done).toMatchObject({ status: 'done', caseNumber: '6523012026030400001', allowedActions: [] });
    const [row] = await t.db.select().from(queueTickets).where(eq(queueTickets.id, ticket.id));
    expect(row).toMatchObject({
      takenAt: new Date('2026-03-04T02:00:00Z'), calledAt: new Date('2026-03-04T02:10:00Z'), lastCalledAt: new Date('2026-03-04T02:10:30Z'),
      servedAt: new Date('2026-03-04T02:11:00Z'), finishedAt: new Date('2026-03-04T02:16:00Z'), clerkId: clerk!.id,
    });
    expect((await auditOf(ticket.id)).map((a) => a.action)).toEqual(['queue.take', 'queue.call', 'queue.recall', 'queue.start', 'queue.finish']);

    t.clock.advance(60_000);
    const second = await called(clerk!, w!);
    expect(second.number).toBe('A002');
    const gone = (await act(clerk!, second, 'no-show')).json();
    expect(gone.status).toBe('noShow');
    expect(await called(clerk!, w!)).toBeNull(); // nobody waits

    const panel = (await get(clerk!, `/api/v1/queue/windows/${w!.id}/panel`)).json();
    expect(panel).toMatchObject({ current: null, servedToday: 1, noShowsToday: 1 });
    expect(panel.recent.map((r: { number: string }) => r.number)).toEqual(['A002', 'A001']);
    expect(panel.queues).toEqual([expect.objectContaining({ category: 'general', waiting: 0, mine: true })]);
  });

  it('never gives two windows the same ticket, however the calls race', async () => {
    t.clock.set('2026-03-05T02:00:00Z');
    const { site, windows, clerks } = await hall(['companyRegistration', 'companyRegistration', 'companyRegistration']);
    const taken = [];
    for (let i = 0; i < 9; i++) taken.push((await take(site, 'companyRegistration')).id);
    const seen: string[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(windows.map((w, i) => called(clerks[i]!, w)));
      seen.push(...answers.map((a: { id: string }) => a.id));
      await Promise.all(answers.map((a: { id: string; version: number }, i) => act(clerks[i]!, a, 'no-show')));
    }
    expect(new Set(seen).size).toBe(9);
    expect([...seen].sort()).toEqual([...taken].sort());
    const rows = await t.db.select().from(queueTickets).where(inArray(queueTickets.id, taken));
    expect(rows.every((r) => r.status === 'noShow' && r.windowId)).toBe(true);
  });

  it('two calls at once at the same window: one ticket, the other call told the window is busy', async () => {
    t.clock.set('2026-03-05T03:00:00Z');
    const { site, windows: [w], clerks: [clerk] } = await hall(['general']);
    await take(site, 'general');
    await take(site, 'general');
    const answers = await Promise.all([callNext(clerk!, w!), callNext(clerk!, w!)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('queue.window_busy');
    expect(await t.db.select().from(queueTickets).where(and(eq(queueTickets.siteId, site.id), eq(queueTickets.status, 'called')))).toHaveLength(1);
  });

  it('only a clerk on duty at the window calls there; a clerk of another county does not even see it', async () => {
    t.clock.set('2026-03-05T04:00:00Z');
    const { site, windows: [w], clerks: [clerk] } = await hall(['general']);
    const offDuty = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    await take(site, 'general');
    const expectCode = async (res: Awaited<ReturnType<typeof get>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    };
    await expectCode(await callNext(offDuty, w!), 403, 'queue.not_at_window');
    await expectCode(await get(offDuty, `/api/v1/queue/windows/${w!.id}/panel`), 403, 'queue.not_at_window');
    await expectCode(await callNext(clerkB, w!), 404, 'not_found');
    await expectCode(await get(clerkB, `/api/v1/queue/windows/${w!.id}/panel`), 404, 'not_found');
    await expectCode(await callNext(supervisorA, w!), 403, 'forbidden');
    await expectCode(await post(null, `/api/v1/queue/windows/${w!.id}/call-next`), 401, 'unauthenticated');
    const ticket = await called(clerk!, w!);
    await expectCode(await act(offDuty, ticket, 'start'), 403, 'queue.not_at_window');
    await expectCode(await act(clerkB, ticket, 'start'), 404, 'not_found');
  });

  it('the hall board shows who is called to which window, latest first, to anyone', async () => {
    t.clock.set('2026-03-05T05:00:00Z');
    const { site, windows, clerks } = await hall(['general', 'general']);
    await take(site, 'general');
    await take(site, 'general');
    await take(site, 'general');
    await called(clerks[0]!, windows[0]!);
    t.clock.advance(60_000);
    await called(clerks[1]!, windows[1]!);
    const board = (await get(null, `/api/v1/queue/sites/${site.id}/board`)).json();
    expect(board.calls.map((c: { number: string; windowNumber: string }) => [c.number, c.windowNumber])).toEqual([['A002', windows[1]!.number], ['A001', windows[0]!.number]]);
    expect(board.queues[0]).toMatchObject({ category: 'general', waiting: 1 });
    expect(JSON.stringify(board)).not.toMatch(/phone/);
  });
});

describe('appointments', () => {
  let site: SiteRow, windows: WindowRow[], clerks: User[];
  beforeAll(async () => {
    ({ site, windows, clerks } = await hall(['general']));
  });

  it('offers the bookable working days and the 30-minute slots within the site\'s hours', async () => {
    t.clock.set('2026-03-06T02:10:00Z'); // Friday 10:10
    const res = await get(null, `/api/v1/queue/sites/${site.id}/availability?category=general`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.days.slice(0, 3)).toEqual(['2026-03-06', '2026-03-09', '2026-03-10']); // the weekend is skipped
    expect(body.date).toBe('2026-03-06');
    // The factory's hall opens 9:00-17:00.
    expect(body.slots.map((s: { slot: string }) => s.slot)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    expect(body.slots[2]).toMatchObject({ slot: '10:00', available: false, capacity: 2, booked: 0 }); // already begun
    expect(body.slots[3]).toMatchObject({ slot: '10:30', available: true, startsAt: '2026-03-06T02:30:00.000Z' });
    expect((await get(null, `/api/v1/queue/sites/${site.id}/availability?category=general&date=2026-03-07`)).json().slots).toEqual([]);
  });

  it('books a slot with a code sent by SMS, up to the slot\'s capacity, one per day and queue', async () => {
    t.clock.set('2026-03-06T02:10:00Z');
    const settings = (await get(adminA, `/api/v1/queue/sites/${site.id}/settings`)).json();
    expect(settings).toMatchObject({ capacities: {}, periods: null, version: 1, queues: [{ category: 'general', windows: 1, capacity: 2 }] });
    const saved = await t.injectAs(adminA, { method: 'PUT', url: `/api/v1/queue/sites/${site.id}/settings`, payload: { version: 1, capacities: { general: 1 }, periods: null } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, queues: [{ capacity: 1 }] });
    expect((await t.injectAs(adminA, { method: 'PUT', url: `/api/v1/queue/sites/${site.id}/settings`, payload: { version: 1, capacities: {}, periods: null } })).json().code).toBe('version_conflict');
    expect((await get(adminB, `/api/v1/queue/sites/${site.id}/settings`)).statusCode).toBe(404);
    expect((await get(supervisorA, `/api/v1/queue/sites/${site.id}/settings`)).statusCode).toBe(403);

    const book = (user: User, slot: string, date = '2026-03-09') => post(user, '/api/v1/queue/appointments', { siteId: site.id, category: 'general', date, slot });
    const booked = await book(applicant, '10:30');
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ day: '2026-03-09', slot: '10:30', startsAt: '2026-03-09T02:30:00.000Z', status: 'booked', state: 'upcoming', cancellable: true, siteName: site.name });
    expect(booked.json().code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const [sms] = await t.db.select().from(notifications).where(and(eq(notifications.userId, applicant.id), eq(notifications.template, 'queue.booked')));
    expect(sms!.body).toContain(booked.json().code);

    expect((await book(applicant2, '10:30')).json().code).toBe('queue.slot_full');
    expect((await book(applicant, '11:00')).json().code).toBe('queue.booking_limit'); // the same day and queue
    expect((await book(applicant2, '10:00', '2026-03-06')).json().code).toBe('queue.slot_unavailable'); // begun
    expect((await book(applicant2, '10:30', '2026-03-07')).json().code).toBe('queue.slot_unavailable'); // Saturday
    expect((await book(applicant2, '17:00')).json().code).toBe('queue.slot_unavailable'); // closed
    expect((await post(clerks[0]!, '/api/v1/queue/appointments', { siteId: site.id, category: 'general', date: '2026-03-09', slot: '11:00' })).statusCode).toBe(403);

    // Cancelling frees the slot.
    const other = await book(applicant2, '11:00');
    expect(other.statusCode).toBe(201);
    expect((await post(applicant, `/api/v1/queue/appointments/${other.json().id}/cancel`, { version: 1 })).statusCode).toBe(404); // not theirs
    const cancelled = await post(applicant2, `/api/v1/queue/appointments/${other.json().id}/cancel`, { version: 1 });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', state: 'cancelled', cancellable: false });
    expect((await book(applicant3, '11:00')).statusCode).toBe(201);

    const mine = (await get(applicant, '/api/v1/queue/appointments?upcoming=true')).json();
    expect(mine.items.map((a: { slot: string }) => a.slot)).toEqual(['10:30']);
  });

  it('an item the queue does not handle is refused', async () => {
    const { record } = await buildItem(t.db, { record: itemRecord({ windowCategory: 'realEstate' }), implementers: [tree.a.market] });
    const res = await post(applicant3, '/api/v1/queue/appointments', { siteId: site.id, category: 'general', itemCode: record.code, date: '2026-03-10', slot: '10:30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('/body/itemCode');
  });

  it('checks in at the kiosk with the code; once its slot has begun it is called before the walk-ins', async () => {
    const [appointment] = await t.db.select().from(appointments).where(and(eq(appointments.applicantId, applicant.id), eq(appointments.siteId, site.id)));
    const checkIn = (code: string) => t.app.inject({ method: 'POST', url: `/api/v1/queue/sites/${site.id}/check-in`, payload: { code }, remoteAddress: `10.2.0.${++address % 250}` });

    t.clock.set('2026-03-06T03:00:00Z');
    expect((await checkIn(appointment!.code)).json().code).toBe('queue.code_not_today');
    expect((await checkIn('ZZZZZZZZ')).json().code).toBe('queue.code_unknown');

    t.clock.set('2026-03-09T02:00:00Z'); // Monday 10:00; the slot is at 10:30
    const w1 = await take(site, 'general');
    t.clock.advance(60_000);
    const w2 = await take(site, 'general');
    t.clock.advance(9 * 60_000);
    const res = await checkIn(`${appointment!.code.slice(0, 4).toLowerCase()} ${appointment!.code.slice(4)}`);
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json();
    expect(ticket).toMatchObject({ number: 'A003', source: 'appointment', slot: '10:30', ahead: 2, smsOnCall: true });
    expect((await checkIn(appointment!.code)).json().code).toBe('queue.appointment_closed');
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, appointment!.id));
    expect(row).toMatchObject({ status: 'checkedIn', ticketId: ticket.id });

    // Before its slot, the appointment waits like anyone who came before it.
    t.clock.set('2026-03-09T02:20:00Z');
    const first = await called(clerks[0]!, windows[0]!);
    expect(first.id).toBe(w1.id);
    await act(clerks[0]!, first, 'no-show');
    // 10:30: its slot has begun — ahead of w2, who came earlier.
    t.clock.set('2026-03-09T02:30:00Z');
    const second = await called(clerks[0]!, windows[0]!);
    expect(second).toMatchObject({ id: ticket.id, source: 'appointment', appointment: { code: appointment!.code, slot: '10:30' } });
    const [sms] = await t.db.select().from(notifications).where(and(eq(notifications.userId, applicant.id), eq(notifications.template, 'queue.called')));
    expect(sms!.recipient).toBe('13899120011');
    await act(clerks[0]!, second, 'no-show');
    expect((await called(clerks[0]!, windows[0]!)).id).toBe(w2.id);

    const mine = (await get(applicant, '/api/v1/queue/appointments')).json();
    expect(mine.items[0]).toMatchObject({ id: appointment!.id, state: 'checkedIn', cancellable: false });
  });

  it('a check-in after the slot and its grace gets no priority: take a regular number', async () => {
    t.clock.set('2026-03-09T03:00:00Z');
    const [late] = await t.db.select().from(appointments).where(and(eq(appointments.applicantId, applicant3.id), eq(appointments.siteId, site.id), eq(appointments.status, 'booked')));
    t.clock.set('2026-03-09T04:00:01Z'); // 12:00:01: the 11:00 slot ended at 11:30, the grace at 12:00
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/queue/sites/${site.id}/check-in`, payload: { code: late!.code }, remoteAddress: '10.3.0.1' });
    expect(res.json().code).toBe('queue.appointment_expired');
    expect((await get(applicant3, '/api/v1/queue/appointments')).json().items[0].state).toBe('missed');
  });
});

describe('waiting-time statistics', () => {
  it('averages and the 90th percentile per category and window, scoped to the reader\'s subtree', async () => {
    t.clock.set('2026-03-10T02:00:00Z');
    const { site, windows: [w], clerks: [clerk] } = await hall(['investment']);
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; // minutes
    for (const minutes of waits) {
      t.clock.set('2026-03-10T02:00:00Z');
      await take(site, 'investment');
      t.clock.advance(minutes * 60_000);
      const ticket = await called(clerk!, w!);
      const serving = (await act(clerk!, ticket, 'start')).json();
      t.clock.advance(120_000);
      await act(clerk!, serving, 'finish');
    }
    const stats = async (user: User, query: string) => get(user, `/api/v1/queue/stats?${query}`);
    const res = await stats(clerk!, `site=${site.id}&from=2026-03-10&to=2026-03-10`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Waits of 1..10 minutes: average 5.5 minutes; the 90th percentile (interpolated) 9.1 minutes.
    expect(body.overall).toMatchObject({ taken: 10, called: 10, served: 10, noShows: 0, uncalled: 0, averageWaitSeconds: 330, p90WaitSeconds: 546, averageServiceSeconds: 120 });
    expect(body.byCategory).toEqual([expect.objectContaining({ category: 'investment', departmentId: null, taken: 10, averageWaitSeconds: 330 })]);
    expect(body.byWindow).toEqual([expect.objectContaining({ siteId: site.id, windowId: w!.id, windowNumber: w!.number, served: 10 })]);

    expect((await stats(supervisorA, `site=${site.id}&from=2026-03-10&to=2026-03-10`)).json().overall.taken).toBe(10);
    expect((await stats(prefectureSupervisor, 'from=2026-03-10&to=2026-03-10')).json().overall.taken).toBe(10);
    expect((await stats(supervisorB, `site=${site.id}&from=2026-03-10&to=2026-03-10`)).statusCode).toBe(404);
    expect((await stats(supervisorB, 'from=2026-03-10&to=2026-03-10')).json().overall.taken).toBe(0); // county A's tickets are not theirs
    expect((await stats(reviewerA, 'from=2026-03-10')).statusCode).toBe(403);
    expect((await stats(supervisorA, 'from=2026-03-11&to=2026-03-10')).statusCode).toBe(400);
    expect((await stats(supervisorA, 'from=2025-01-01&to=2026-03-10')).statusCode).toBe(400);
  });
});
