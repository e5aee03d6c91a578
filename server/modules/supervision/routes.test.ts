import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiKeys } from '../../../common/supervision.js';
import { shanghaiDate } from '../../../common/working-days.js';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { runJobOnce } from '../../platform/jobs.js';
import { auditEntries, notifications, users } from '../../platform/schema.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildWorld, type World } from '../../test/world.js';
import { queueTickets } from '../queue/schema.js';
import { monthlyReports, problemReports } from './schema.js';

// Staff on duty, reform problem reports and monthly reports, through the API, in one small world:
// a prefecture with counties A and B, every role placed in A, B and the prefecture.

let t: TestApp;
let w: World;
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
let address = 0;
const fromAddress = () => `10.9.${Math.floor(++address / 250)}.${address % 250}`;

beforeAll(async () => {
  t = await buildTestApp({ now: at('2026-03-02') });
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2019, 2026), 2026));
  w = await buildWorld(t);
  let n = 0;
  for (const u of Object.values(w.users)) await t.db.update(users).set({ phone: `1390000${String(++n).padStart(4, '0')}` }).where(eq(users.id, u.id));
}, 120_000);
afterAll(() => t.close());

const rollup = () => runJobOnce({ database: t.database, clock: t.clock, log: t.app.log }, 'supervision.rollup');

describe('window staff on duty (R1.5)', () => {
  it('a clerk signs in at their window, steps away, is serving while the queue serves at their window, and signs out', async () => {
    const clerk = 'windowClerk@same' as const;
    expect(await w.must(clerk, { method: 'GET', url: '/api/v1/supervision/duty' })).toBeNull();
    const duty = await w.must(clerk, { method: 'POST', url: '/api/v1/supervision/duty/sign-in', payload: { windowId: w.units.A.window.id } });
    expect(duty).toMatchObject({ status: 'onDuty', windowId: w.units.A.window.id, windowNumber: w.units.A.window.number, signedOutAt: null });
    // Signing in again at the same window changes nothing.
    expect((await w.must(clerk, { method: 'POST', url: '/api/v1/supervision/duty/sign-in', payload: { windowId: w.units.A.window.id } })).id).toBe(duty.id);

    t.clock.set(at('2026-03-02', '10:30'));
    const away = await w.must(clerk, { method: 'PUT', url: '/api/v1/supervision/duty/status', payload: { status: 'away', version: duty.version } });
    expect(away).toMatchObject({ status: 'away', declaredStatus: 'away' });
    const stale = await w.send(clerk, { method: 'PUT', url: '/api/v1/supervision/duty/status', payload: { status: 'onDuty', version: duty.version } });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'version_conflict']);
    t.clock.set(at('2026-03-02', '10:45'));
    const back = await w.must(clerk, { method: 'PUT', url: '/api/v1/supervision/duty/status', payload: { status: 'onDuty', version: away.version } });
    expect(back.status).toBe('onDuty');

    const now = t.clock.now();
    await t.db.insert(queueTickets).values({
      siteId: w.units.A.hall.id, siteOrgPath: w.units.A.services.path, day: shanghaiDate(now), category: 'general', number: 'A007', source: 'walkIn', status: 'serving',
      windowId: w.units.A.window.id, windowNumber: w.units.A.window.number, clerkId: w.users[clerk].id, takenAt: now, calledAt: now, servedAt: now,
    });
    expect(await w.must(clerk, { method: 'GET', url: '/api/v1/supervision/duty' })).toMatchObject({ status: 'serving', servingTicket: 'A007', declaredStatus: 'onDuty' });

    const staff = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/staff?org=${w.units.A.gov.id}&role=windowClerk` });
    const me = staff.items.find((s: { id: string }) => s.id === w.users[clerk].id);
    expect(me).toMatchObject({ duty: { status: 'serving' }, awaySeconds: 15 * 60 });
    await t.db.update(queueTickets).set({ status: 'done', finishedAt: now }).where(eq(queueTickets.number, 'A007'));

    t.clock.set(at('2026-03-02', '12:00'));
    expect(await w.must(clerk, { method: 'POST', url: '/api/v1/supervision/duty/sign-out' })).toMatchObject({ status: 'signedOut' });
    const again = await w.send(clerk, { method: 'POST', url: '/api/v1/supervision/duty/sign-out' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'supervision.not_signed_in']);
    const audits = await t.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.actorId, w.users[clerk].id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['supervision.sign-in', 'supervision.duty-status', 'supervision.sign-out']));
    const after = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/staff?org=${w.units.A.gov.id}&role=windowClerk&from=2026-03-02&to=2026-03-02` });
    expect(after.items.find((s: { id: string }) => s.id === w.users[clerk].id)).toMatchObject({ duty: null, dutySeconds: 2 * 3600 });
  });

  it('only at a window they are assigned to', async () => {
    const res = await w.send('windowClerk@same', { method: 'POST', url: '/api/v1/supervision/duty/sign-in', payload: { windowId: w.units.B.window.id } });
    expect([res.statusCode, res.json().code]).toEqual([403, 'supervision.not_assigned']);
    expect((await w.send('reviewer@same', { method: 'POST', url: '/api/v1/supervision/duty/sign-in', payload: { windowId: w.units.A.window.id } })).statusCode).toBe(403);
  });

  it('the staff view counts each person\'s work and ratings from the cases', async () => {
    const evaluation = await w.makeEvaluation(2); // accepted by county A's clerk, decided by its reviewer, rated 2
    expect(evaluation.id).toBeTruthy();
    await rollup();
    const staff = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/staff?org=${w.units.A.gov.id}&from=2026-03-01&to=2026-03-31` });
    const reviewer = staff.items.find((s: { id: string }) => s.id === w.users['reviewer@same'].id);
    expect(reviewer.workload.decided).toBeGreaterThanOrEqual(1);
    expect(reviewer.ratings).toMatchObject({ bad: 1 });
    expect(reviewer.ratings.levels[1]).toBe(1);
    const clerk = staff.items.find((s: { id: string }) => s.id === w.users['windowClerk@same'].id);
    expect(clerk.workload.accepted).toBeGreaterThanOrEqual(1);
    expect((await w.send('supervisor@sibling', { method: 'GET', url: `/api/v1/supervision/staff?org=${w.units.A.gov.id}` })).statusCode).toBe(404);
  });
});

describe('reform problem reports (R7.4)', () => {
  let anonymousId: string;

  it('anyone reports; an item named at a government goes to its department carrying it out, whose head is told', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/supervision/problem-reports', remoteAddress: fromAddress(),
      payload: { kind: 'blockage', description: '窗口要求提供已经共享的营业执照复印件，跑了两趟。', org: w.units.A.gov.code, itemCode: w.countyItem.record.code, contactName: '张三', contactPhone: '13912345678' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    anonymousId = report.id;
    expect(report).toMatchObject({ kind: 'blockage', status: 'open', org: { id: w.units.A.market.id }, namedOrg: { id: w.units.A.gov.id }, dueOn: '2026-03-09', contactName: '张*', contactPhone: '139****5678' });
    expect(report.number).toMatch(/^WT20260302\d{5}$/);
    const told = await t.db.select().from(notifications).where(and(eq(notifications.template, 'supervision.problem_report'), eq(notifications.userId, w.users['departmentHead@same'].id)));
    expect(told[0]!.body).toContain(report.number);
  });

  it('refuses an unknown organisation or item, and more than five a minute from one address', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/supervision/problem-reports', remoteAddress: fromAddress(), payload: { kind: 'difficulty', description: '这是一个足够长的描述。', org: 'nowhere' } });
    expect([bad.statusCode, bad.json().errors[0].field]).toEqual([400, '/body/org']);
    const noItem = await t.app.inject({ method: 'POST', url: '/api/v1/supervision/problem-reports', remoteAddress: fromAddress(), payload: { kind: 'difficulty', description: '这是一个足够长的描述。', org: w.units.A.gov.code, itemCode: 'NO-SUCH' } });
    expect(noItem.statusCode).toBe(400);
    const one = fromAddress();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/supervision/problem-reports', remoteAddress: one, payload: { kind: 'difficulty', description: `第${i}次反映：办事指南写得不清楚。`, org: w.units.A.market.code } })).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('a signed-in reporter sees their own; staff of the subtree see theirs; nobody else', async () => {
    const own = await w.must('owner', { method: 'POST', url: '/api/v1/supervision/problem-reports', remoteAddress: fromAddress(), payload: { kind: 'difficulty', description: '网上申报页面无法上传 PDF。', org: w.units.A.market.id } }, 201);
    expect((await w.must('owner', { method: 'GET', url: '/api/v1/supervision/problem-reports' })).items.map((r: { id: string }) => r.id)).toEqual([own.id]);
    expect((await w.must('owner', { method: 'GET', url: `/api/v1/supervision/problem-reports/${own.id}` })).contactName).toBeNull();
    expect((await w.send('other', { method: 'GET', url: `/api/v1/supervision/problem-reports/${own.id}` })).statusCode).toBe(404);
    const bySupervisor = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/problem-reports?org=${w.units.A.gov.id}` });
    expect(bySupervisor.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([own.id, anonymousId]));
    expect(bySupervisor.items.every((r: { canAnswer: boolean }) => !r.canAnswer)).toBe(true);
    expect((await w.send('supervisor@sibling', { method: 'GET', url: `/api/v1/supervision/problem-reports?org=${w.units.A.gov.id}` })).statusCode).toBe(404);
    expect((await w.send('reviewer@sibling', { method: 'GET', url: `/api/v1/supervision/problem-reports/${own.id}` })).statusCode).toBe(404);
  });

  it('the responsible department answers once; supervisors see it was late', async () => {
    t.clock.set(at('2026-03-10')); // a working day after the due date
    const list = await w.must('reviewer@same', { method: 'GET', url: `/api/v1/supervision/problem-reports?org=${w.units.A.market.id}&overdue=true` });
    const report = list.items.find((r: { id: string }) => r.id === anonymousId);
    expect(report).toMatchObject({ overdue: true, canAnswer: true });
    expect((await w.send('supervisor@same', { method: 'POST', url: `/api/v1/supervision/problem-reports/${anonymousId}/answer`, payload: { answer: '已整改，窗口不再收取复印件。', version: report.version } })).statusCode).toBe(403);
    expect((await w.send('reviewer@sibling', { method: 'POST', url: `/api/v1/supervision/problem-reports/${anonymousId}/answer`, payload: { answer: '已整改，窗口不再收取复印件。', version: report.version } })).statusCode).toBe(404);
    const answered = await w.must('reviewer@same', { method: 'POST', url: `/api/v1/supervision/problem-reports/${anonymousId}/answer`, payload: { answer: '已整改，窗口不再收取复印件。', version: report.version } });
    expect(answered).toMatchObject({ status: 'answered', overdue: true, canAnswer: false });
    const twice = await w.send('reviewer@same', { method: 'POST', url: `/api/v1/supervision/problem-reports/${anonymousId}/answer`, payload: { answer: '再次答复内容。', version: answered.version } });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'supervision.already_answered']);
    expect((await t.db.select().from(problemReports).where(eq(problemReports.id, anonymousId)))[0]!.answeredBy).toBe(w.users['reviewer@same'].id);
  });
});

describe('the monthly information report (R7.3)', () => {
  it('is generated once the month is over, kept, and downloadable as PDF and XLSX', async () => {
    // A late case of March, extended with a reason on the way; and a bad rating.
    t.clock.set(at('2026-03-11'));
    const c = await w.makeCase('review');
    const extended = await w.must('departmentHead@same', { method: 'POST', url: `/api/v1/cases/${c.id}/extend`, payload: { version: c.version, reason: '需要现场核查，负责人批准延期' } });
    t.clock.set(at('2026-03-20'));
    await w.must('reviewer@same', { method: 'POST', url: `/api/v1/cases/${c.id}/decide`, payload: { version: extended.case.version, outcome: 'approve', reasons: '符合法定条件' } });
    await w.makeEvaluation(1);
    t.clock.set(at('2026-04-02'));
    await rollup();

    const first = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.gov.id}&month=2026-03` });
    expect(first.id).toBeTruthy();
    expect(first.content).toMatchObject({ month: '2026-03', from: '2026-03-01', to: '2026-03-31', final: true, org: { id: w.units.A.gov.id } });
    // The case KPIs and the 12345 hotline's.
    expect(first.content.kpis).toHaveLength(kpiKeys.length);
    const t3 = first.content.kpis.find((k: { key: string }) => k.key === 'T3');
    expect(t3.denominator).toBeGreaterThanOrEqual(2);
    expect(t3.definition.name['zh-CN']).toBe('按时办结率');
    const ranking = first.content.rankings.find((r: { key: string }) => r.key === 'T3');
    expect(ranking.rows.map((r: { org: { id: string } }) => r.org.id).sort()).toEqual([w.units.A.gov.id, w.units.B.gov.id].sort());
    const late = first.content.lateCases.find((l: { caseId: string }) => l.caseId === c.id);
    expect(late.reasons.map((r: { action: string; reason: string }) => [r.action, r.reason])).toContainEqual(['extend', '需要现场核查，负责人批准延期']);
    expect(first.content.badRatings.some((b: { level: number }) => b.level === 1)).toBe(true);
    expect(first.content.problemReports.received).toBeGreaterThanOrEqual(1);

    // Kept: the same report again, even though the month's data changes afterwards.
    await w.makeEvaluation(1);
    const again = await w.must('supervisor@parent', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.gov.id}&month=2026-03` });
    expect([again.id, again.content.generatedAt]).toEqual([first.id, first.content.generatedAt]);
    expect(await t.db.select().from(monthlyReports).where(eq(monthlyReports.orgId, w.units.A.gov.id))).toHaveLength(1);

    const pdf = await w.send('supervisor@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly/pdf?org=${w.units.A.gov.id}&month=2026-03` });
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await w.send('supervisor@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly/xlsx?org=${w.units.A.gov.id}&month=2026-03` });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['指标 KPIs', '排名 Rankings', '超期办件 Late cases', '差评整改 Bad ratings', '问题反映 Problem reports']);
    expect(book.getWorksheet('指标 KPIs')!.getRow(4).getCell(2).value).toBe('T3');
    expect(book.getWorksheet('超期办件 Late cases')!.getColumn(8).values.join()).toContain('需要现场核查');

    const kept = await w.must('supervisor@parent', { method: 'GET', url: `/api/v1/supervision/reports?org=${w.units.P.gov.id}` });
    expect(kept.items.map((r: { id: string; month: string }) => [r.id, r.month])).toEqual([[first.id, '2026-03']]);
  });

  it('the month under way is built afresh and not kept; a month not begun is refused; other counties see nothing', async () => {
    const current = await w.must('supervisor@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.gov.id}&month=2026-04` });
    expect([current.id, current.content.final]).toEqual([null, false]);
    const future = await w.send('supervisor@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.gov.id}&month=2026-05` });
    expect([future.statusCode, future.json().code]).toEqual([409, 'supervision.month_not_started']);
    expect((await w.send('supervisor@sibling', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.gov.id}&month=2026-03` })).statusCode).toBe(404);
    expect((await w.send('supervisor@sibling', { method: 'GET', url: `/api/v1/supervision/reports/monthly/pdf?org=${w.units.A.gov.id}&month=2026-03` })).statusCode).toBe(404);
    expect((await w.send('reviewer@same', { method: 'GET', url: `/api/v1/supervision/reports/monthly?org=${w.units.A.market.id}&month=2026-03` })).statusCode).toBe(403);
  });
});
