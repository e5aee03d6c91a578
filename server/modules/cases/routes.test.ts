import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFile } from '../../platform/files.js';
import { notifications } from '../../platform/schema.js';
import { pdf, splitReviewWorld } from './test-fixture.js';
import { buildUser } from '../../test/factories.js';
import { windowStaff } from '../orgs/schema.js';
import { cases, commitmentBreaches, shipments } from './schema.js';
import { deemOverdueIntakes, enforcePendingCommitments } from './service.js';
import { addDays } from '../../../common/working-days.js';
import { NOTICES, YEARS, fullDate, officialAddWorkdays, officialWorkday } from '../../test/state-council-notices.js';

type User = { id: string };
type World = Awaited<ReturnType<typeof splitReviewWorld>>;
let t: World['t'];
let tree: World['tree'];
let item: World['item'];
let applicant: User, clerk: User, countyReviewer: User, prefectureReviewer: User, prefectureHead: User, housingReviewer: User, otherClerk: User, stranger: User;
let prefectureMarket: World['prefectureMarket'], housing: World['housing'];

beforeAll(async () => {
  ({ t, tree, prefectureMarket, housing, item } = await splitReviewWorld());
  applicant = await buildUser(t.db, { role: 'applicant', phone: '13899120009' });
  stranger = await buildUser(t.db, { role: 'applicant' });
  clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  otherClerk = await buildUser(t.db, { role: 'windowClerk', org: tree.b.services });
  countyReviewer = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  prefectureReviewer = await buildUser(t.db, { role: 'reviewer', org: prefectureMarket });
  prefectureHead = await buildUser(t.db, { roles: ['departmentHead', 'reviewer'], org: prefectureMarket });
  housingReviewer = await buildUser(t.db, { role: 'reviewer', org: housing });
  await t.db.insert(windowStaff).values({ windowId: tree.a.window.id, userId: clerk.id });
});
afterAll(() => t.close());

const upload = async (owner: User, name = 'form.pdf') => (await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([pdf, Buffer.from(name)]), name, declaredType: 'application/pdf', ownerId: owner.id }))).id;
const post = (user: User | null, url: string, payload: object, headers: Record<string, string> = {}) => t.injectAs(user, { method: 'POST', url, payload, headers });
const get = (user: User | null, url: string) => t.injectAs(user, { method: 'GET', url });
const form = { premises: '昌吉市宁边西路88号', category: 'catering', area: 120 };

async function fileOnline(user: User, key: string, extra: object = {}) {
  const materials = [{ key: 'application-form', fileIds: [await upload(user, `${key}-a.pdf`)] }, { key: 'business-licence', fileIds: [await upload(user, `${key}-b.pdf`)] }];
  return post(user, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, materials, ...extra }, { 'idempotency-key': key });
}

describe('the whole journey: online filing to rating, with zero trips', () => {
  let id: string;
  let version: number;
  const step = async (user: User, path: string, body: object = {}) => {
    const res = await post(user, `/api/v1/cases/${id}/${path}`, { version, ...body });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    version = res.json().case.version;
    return res.json();
  };

  it('files online once, whatever the retries', async () => {
    const first = await fileOnline(applicant, 'journey-0001');
    expect(first.statusCode).toBe(201);
    const c = first.json().case;
    expect(c).toMatchObject({ status: 'submitted', channel: 'online', itemVersionId: item.version.id, decisionOrgId: prefectureMarket.id, handlerOrgId: tree.a.market.id, trips: 0 });
    expect(c.caseNumber).toMatch(new RegExp(`^${tree.a.gov.regionCode}20260302\\d{5}$`));
    id = c.id;
    version = c.version;
    const again = await fileOnline(applicant, 'journey-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json().case.id).toBe(id);
    const other = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: { ...form, area: 99 }, materials: [] }, { 'idempotency-key': 'journey-0001' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('case.idempotency_mismatch');
    const [sms] = await t.db.select().from(notifications).where(eq(notifications.userId, applicant.id));
    expect(sms).toMatchObject({ channel: 'sms', recipient: '13899120009', template: 'case.submitted' });
  });

  it('lets the staff handling a case open its files, and nobody else', async () => {
    const view = (await get(clerk, `/api/v1/cases/${id}`)).json();
    const fileId = view.materials[0].fileIds[0];
    expect((await get(clerk, `/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await get(applicant, `/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await get(otherClerk, `/api/v1/files/${fileId}`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/files/${fileId}`)).statusCode).toBe(404);
  });

  it('hides the case from another county\'s clerk and another applicant (404), and lets the clerk see it', async () => {
    expect((await get(otherClerk, `/api/v1/cases/${id}`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/cases/${id}`)).statusCode).toBe(404);
    const mine = await get(clerk, `/api/v1/cases/${id}`);
    expect(mine.json().allowedActions).toEqual(expect.arrayContaining(['accept', 'requestCorrection', 'refuseIntake']));
    expect((await get(clerk, '/api/v1/cases?box=intake')).json().items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('asks once for everything missing (one-time notice), and the applicant corrects online', async () => {
    const view = await step(clerk, 'request-correction', { items: [{ materialKey: 'layout-plan', note: '请补充经营场所平面布局图' }, { note: '申请书第二页缺少签字' }] });
    expect(view.case.status).toBe('correction_requested');
    expect(view.clock.startedOn).toBeNull(); // the clock has not started
    const notice = await get(applicant, `/api/v1/cases/${id}/documents/correction.pdf`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    const corrected = await step(applicant, 'submit', { materials: [{ key: 'layout-plan', fileIds: [await upload(applicant, 'plan.pdf')] }] });
    expect(corrected.case.status).toBe('submitted');
  });

  it('refuses an illegal transition and a stale version with 409', async () => {
    const early = await post(prefectureReviewer, `/api/v1/cases/${id}/decide`, { version, outcome: 'approve', reasons: 'x' });
    expect(early.json().code).toBe('case.invalid_transition'); // the deciding department sees it, but nothing is decided before intake
    const stale = await post(clerk, `/api/v1/cases/${id}/accept`, { version: version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  it('accepts, starting the clock, and prints the acceptance notice', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const view = await step(clerk, 'accept');
    expect(view.case.status).toBe('accepted');
    expect(view.clock).toMatchObject({ startedOn: '2026-03-03', promisedDueOn: '2026-03-10', statutoryDueOn: '2026-03-31', warning: 'none' });
    expect((await get(applicant, `/api/v1/cases/${id}/documents/acceptance.pdf`)).statusCode).toBe(200);
    expect((await post(clerk, `/api/v1/cases/${id}/accept`, { version })).json().code).toBe('case.invalid_transition');
  });

  it('is reviewed by the county and forwarded to the prefecture with all its materials', async () => {
    await step(countyReviewer, 'start-review');
    const view = await step(countyReviewer, 'forward', { opinion: '材料齐全，建议准予许可' });
    expect(view.case.handlerOrgId).toBe(prefectureMarket.id);
    expect(view.materials.map((m: { materialKey: string }) => m.materialKey).sort()).toEqual(['application-form', 'business-licence', 'layout-plan']);
    expect((await get(prefectureReviewer, '/api/v1/cases?box=review')).json().items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('fans out a parallel task, and cannot be decided until it is answered', async () => {
    const view = await step(prefectureReviewer, 'tasks', { orgIds: [housing.id], question: '经营场所是否符合规划和建筑安全要求？', days: 3 });
    expect(view.tasks).toHaveLength(1);
    const blocked = await post(prefectureReviewer, `/api/v1/cases/${id}/decide`, { version, outcome: 'approve', reasons: 'x' });
    expect(blocked.json().code).toBe('case.tasks_open');
    expect((await get(housingReviewer, '/api/v1/cases?box=tasks')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    const answered = await post(housingReviewer, `/api/v1/cases/${id}/tasks/${view.tasks[0].id}/answer`, { version, agrees: true, opinion: '符合要求' });
    expect(answered.statusCode).toBe(200);
    version = answered.json().case.version;
    expect(answered.json().tasks[0].status).toBe('done');
  });

  it('pauses the clock for expert review (Art. 45) and extends once with the head\'s approval', async () => {
    t.clock.set('2026-03-04T02:00:00Z');
    await step(prefectureReviewer, 'suspend', { reason: 'expertReview', expectedDays: 5, note: '组织专家现场评审' });
    t.clock.set('2026-03-11T02:00:00Z');
    const paused = await get(prefectureReviewer, `/api/v1/cases/${id}`);
    expect(paused.json().clock.warning).toBe('paused');
    const resumed = await step(prefectureReviewer, 'resume', { note: '专家评审完成' });
    expect(resumed.clock).toMatchObject({ pausedDays: 5, usedDays: 1, promisedDueOn: '2026-03-17' });
    expect((await post(prefectureReviewer, `/api/v1/cases/${id}/extend`, { version, reason: 'x' })).statusCode).toBe(403);
    const extended = await step(prefectureHead, 'extend', { reason: '需要补充现场核查' });
    expect(extended.clock.extensionDays).toBe(10);
  });

  it('lets exactly one of two reviewers deciding at once win', async () => {
    const [a, b] = await Promise.all([
      post(prefectureReviewer, `/api/v1/cases/${id}/decide`, { version, outcome: 'approve', reasons: '符合《食品经营许可管理办法》规定的条件' }),
      // Both approve: on PostgreSQL either may win the race, and the journey goes on with the approval.
      post(prefectureHead, `/api/v1/cases/${id}/decide`, { version, outcome: 'approve', reasons: '同意准予许可' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a : b;
    version = winner.json().case.version;
    const view = (await get(applicant, `/api/v1/cases/${id}`)).json();
    expect(view.events.filter((e: { action: string }) => e.action === 'decide')).toHaveLength(1);
    if (view.case.outcome !== 'approve') throw new Error('the journey needs the approval to win; rerun');
  });

  it('signs the decision with the organisation\'s seal, and notices any later change', async () => {
    const ok = await get(applicant, `/api/v1/cases/${id}/decision/verification`);
    expect(ok.json()).toMatchObject({ valid: true, problem: null });
    expect((await get(applicant, `/api/v1/cases/${id}/documents/decision.pdf`)).statusCode).toBe(200);
    const [row] = await t.db.select({ decision: cases.decision }).from(cases).where(eq(cases.id, id));
    await t.db.execute(sql`UPDATE cases SET decision = ${JSON.stringify({ ...row!.decision, reasons: '改过的理由' })}::jsonb WHERE id = ${id}`);
    expect((await get(applicant, `/api/v1/cases/${id}/decision/verification`)).json()).toMatchObject({ valid: false, problem: 'tampered' });
    await t.db.execute(sql`UPDATE cases SET decision = ${JSON.stringify(row!.decision)}::jsonb WHERE id = ${id}`);
  });

  it('issues a certificate anyone can verify, and delivers it by express', async () => {
    const issued = await step(prefectureReviewer, 'issue', { validYears: 5 });
    const certId = issued.case.certificateId;
    const check = await get(null, `/api/v1/certificates/${certId}/verification`);
    expect(check.json()).toMatchObject({ valid: true, status: 'valid', certificate: { title: '食品经营许可证核发' } });
    expect(check.json().certificate.holderId).toMatch(/\*{8}/);
    expect((await get(applicant, `/api/v1/cases/${id}/documents/certificate.pdf`)).statusCode).toBe(200);
    const delivered = await step(prefectureReviewer, 'deliver', { method: 'express', address: '昌吉市宁边西路88号 张伟收' });
    expect(delivered.case.delivery).toMatchObject({ method: 'express', courier: 'local', trackingNumber: expect.stringMatching(/^OT\d{16}$/) });
    expect(await t.db.select().from(shipments).where(eq(shipments.caseNumber, delivered.case.caseNumber))).toHaveLength(1);
    expect(delivered.tripFacts).toEqual({ trips: 0, atMostOneTrip: true, zeroTrip: true });
  });

  it('takes one rating from the applicant, and a bad one is followed up', async () => {
    // Only the problems the rating form offers (ratingProblems) are accepted.
    const unknownProblem = await post(applicant, `/api/v1/cases/${id}/evaluations`, { level: 2, problems: ['queue-jumping'], channel: 'online' });
    expect(unknownProblem.statusCode).toBe(400);
    expect(unknownProblem.json().code).toBe('validation_failed');
    const rated = await post(applicant, `/api/v1/cases/${id}/evaluations`, { level: 2, comment: '等待时间长', problems: ['slow'], channel: 'online' });
    expect(rated.statusCode).toBe(201);
    expect(rated.json().followUpDueOn).toBeTruthy();
    expect((await post(applicant, `/api/v1/cases/${id}/evaluations`, { level: 5, channel: 'sms' })).json().code).toBe('case.already_rated');
    const list = await get(prefectureReviewer, '/api/v1/evaluations?badOnly=true&open=true');
    const e = list.json().items.find((x: { caseId: string }) => x.caseId === id);
    expect(e).toBeDefined();
    const outOfOrder = await post(prefectureReviewer, `/api/v1/evaluations/${e.id}/answer`, { version: e.version, text: 'x' });
    expect(outOfOrder.json().code).toBe('case.invalid_transition');
    let v = e.version;
    for (const s of ['verify', 'answer', 'rectify', 'callBack']) {
      const r = await post(prefectureReviewer, `/api/v1/evaluations/${e.id}/${s}`, { version: v, text: `${s} done`, justified: true, satisfied: true });
      expect(r.statusCode, s).toBe(200);
      v = r.json().version;
    }
    expect((await get(prefectureReviewer, '/api/v1/evaluations?badOnly=true&open=true')).json().items.find((x: { caseId: string }) => x.caseId === id)).toBeUndefined();
  });
});

describe('at the window: one trip, acceptance with pending materials, and a broken commitment', () => {
  it('files for an applicant in person (a trip), accepts with pending materials, blocks delivery, and enforces the commitment', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const res = await post(clerk, '/api/v1/cases', {
      itemCode: item.record.code, org: tree.a.market.code, formData: form, windowId: tree.a.window.id,
      applicant: { kind: 'person', name: '马丽', idNumber: '652301198506150025', phone: '13899120010' },
      materials: [{ key: 'application-form', fileIds: [] }, { key: 'business-licence', fileIds: [] }],
    }, { 'idempotency-key': 'window-0001' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json().case;
    expect(c).toMatchObject({ channel: 'window', trips: 1 });
    const wrongPending = await post(clerk, `/api/v1/cases/${c.id}/accept`, { version: c.version, pending: { materialKeys: ['business-licence'], dueOn: '2026-03-20', commitment: '承诺按期补交', onBreach: 'revoke' } });
    expect(wrongPending.json().code).toBe('case.pending_not_secondary');
    const accepted = await post(clerk, `/api/v1/cases/${c.id}/accept`, { version: c.version, pending: { materialKeys: ['layout-plan'], dueOn: '2026-03-06', commitment: '本人承诺于3月6日前补交平面布局图，逾期撤销申请', onBreach: 'revoke' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().materials.find((m: { materialKey: string }) => m.materialKey === 'layout-plan').status).toBe('pending');

    t.clock.set('2026-03-09T02:00:00Z');
    expect(await enforcePendingCommitments(t.db, t.clock.now())).toBe(1);
    const after = await get(clerk, `/api/v1/cases/${c.id}`);
    expect(after.json().case.status).toBe('revoked');
    const applicantId = after.json().case.applicantId;
    expect(await t.db.select().from(commitmentBreaches).where(eq(commitmentBreaches.applicantId, applicantId))).toHaveLength(1);

    // The same applicant cannot use acceptance with pending materials again until an admin clears it.
    const second = await post(clerk, '/api/v1/cases', {
      itemCode: item.record.code, org: tree.a.market.code, formData: form, windowId: tree.a.window.id,
      applicant: { kind: 'person', name: '马丽', idNumber: '652301198506150025' },
      materials: [{ key: 'application-form', fileIds: [] }, { key: 'business-licence', fileIds: [] }],
    }, { 'idempotency-key': 'window-0002' });
    const barred = await post(clerk, `/api/v1/cases/${second.json().case.id}/accept`, { version: second.json().case.version, pending: { materialKeys: ['layout-plan'], dueOn: '2026-03-20', commitment: '承诺', onBreach: 'revoke' } });
    expect(barred.json().code).toBe('case.commitment_barred');
    // Any window may look the applicant up (the bar holds everywhere); listing all breaches is not for clerks.
    expect((await get(otherClerk, `/api/v1/commitment-breaches?applicant=${applicantId}`)).json()).toHaveLength(1);
    expect((await get(clerk, '/api/v1/commitment-breaches')).json().code).toBe('validation_failed');
  });

  it('refuses filing at a window the clerk is not on duty at', async () => {
    const res = await post(otherClerk, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, windowId: tree.a.window.id, applicant: { kind: 'person', name: '王', idNumber: '652301198506150025' }, materials: [] }, { 'idempotency-key': 'window-0003' });
    expect(res.statusCode).toBe(403);
  });
});

describe('Art. 32: no intake decision within 5 working days counts as accepted from receipt', () => {
  it('deems the case accepted from the day of receipt', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const filed = await fileOnline(applicant, 'deemed-0001');
    const id = filed.json().case.id;
    t.clock.set('2026-03-09T02:00:00Z'); // 5 working days later: still within
    expect(await deemOverdueIntakes(t.db, t.clock.now())).toBe(0);
    t.clock.set('2026-03-10T02:00:00Z');
    expect(await deemOverdueIntakes(t.db, t.clock.now())).toBe(1);
    const view = (await get(applicant, `/api/v1/cases/${id}`)).json();
    expect(view.case.status).toBe('accepted');
    expect(view.clock).toMatchObject({ deemed: true, startedOn: '2026-03-02', usedDays: 6 });
  });
});

describe('bad input', () => {
  it('refuses a form that breaks the item\'s schema and writes nothing', async () => {
    const res = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: { category: 'weapons' }, materials: [] }, { 'idempotency-key': 'bad-00001' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/body/formData/premises', '/body/formData/category', '/body/materials']));
    expect((await get(applicant, '/api/v1/cases?box=mine')).json().items.some((i: { caseNumber: string }) => !i.caseNumber)).toBe(false);
  });

  it('refuses someone else\'s file as a material', async () => {
    const foreign = await upload(stranger, 'foreign.pdf');
    const res = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, materials: [{ key: 'application-form', fileIds: [foreign] }, { key: 'business-licence', fileIds: [foreign] }] }, { 'idempotency-key': 'bad-00002' });
    expect(res.statusCode).toBe(400);
  });

  it('needs an idempotency key', async () => {
    const res = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, materials: [] });
    expect(res.statusCode).toBe(400);
  });
});

describe('deadlines against the State Council notices, around every holiday of 2019–2026', () => {
  it('computes the promised and statutory deadlines of cases accepted on the last working day before each holiday', async () => {
    let n = 0;
    for (const year of YEARS) {
      for (const [holiday, off] of NOTICES[year]!) {
        const firstOff = fullDate(year, off.split('..')[0]!);
        let day = addDays(firstOff, -1);
        while (!officialWorkday(day)) day = addDays(day, -1);
        if (day < '2019-01-01') continue; // the calendar starts in 2019
        t.clock.set(`${day}T02:00:00Z`);
        const filed = await fileOnline(applicant, `holiday-${year}-${++n}`);
        const c = filed.json().case;
        const accepted = await post(clerk, `/api/v1/cases/${c.id}/accept`, { version: c.version });
        expect(accepted.statusCode, `${year} ${holiday}`).toBe(200);
        expect(accepted.json().clock, `${year} ${holiday}, accepted ${day}`).toMatchObject({
          startedOn: day,
          promisedDueOn: officialAddWorkdays(day, c.promisedLimit),
          statutoryDueOn: officialAddWorkdays(day, c.statutoryLimit),
        });
      }
    }
    expect(n).toBeGreaterThanOrEqual(50); // every holiday of 2019–2026 (merged ones count once)
  });
});
