import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFile } from '../../platform/files.js';
import { pdf, splitReviewWorld } from './test-fixture.js';
import { buildUser } from '../../test/factories.js';

// The back office (issue 6): the review inbox's boxes, counts, search and deadlines; the files of a
// case for preview; and the follow-up of bad ratings as departments and supervisors see it.

type User = { id: string };
type World = Awaited<ReturnType<typeof splitReviewWorld>>;
let t: World['t'];
let tree: World['tree'];
let item: World['item'];
let applicant: User, clerk: User, countyReviewer: User, prefectureReviewer: User, housingReviewer: User, otherCountyReviewer: User;
let prefectureSupervisor: User, countySupervisor: User, otherCountySupervisor: User;
let prefectureMarket: World['prefectureMarket'], housing: World['housing'];
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  ({ t, tree, prefectureMarket, housing, item } = await splitReviewWorld());
  applicant = await buildUser(t.db, { role: 'applicant' });
  clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  countyReviewer = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  otherCountyReviewer = await buildUser(t.db, { role: 'reviewer', org: tree.b.market });
  prefectureReviewer = await buildUser(t.db, { roles: ['reviewer', 'departmentHead'], org: prefectureMarket });
  housingReviewer = await buildUser(t.db, { role: 'reviewer', org: housing });
  prefectureSupervisor = await buildUser(t.db, { role: 'supervisor', org: tree.prefecture });
  countySupervisor = await buildUser(t.db, { role: 'supervisor', org: tree.a.gov });
  otherCountySupervisor = await buildUser(t.db, { role: 'supervisor', org: tree.b.gov });
});
afterAll(() => t.close());

const post = (user: User, url: string, payload: object, headers: Record<string, string> = {}) => t.injectAs(user, { method: 'POST', url, payload, headers });
const get = (user: User, url: string) => t.injectAs(user, { method: 'GET', url });
const form = { premises: '昌吉市宁边西路88号', category: 'catering', area: 120 };
const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

async function fileAndAccept(key: string): Promise<{ id: string; version: number; caseNumber: string }> {
  const upload = (bytes: Buffer, name: string, declaredType: string) => t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([bytes, Buffer.from(key)]), name, declaredType, ownerId: applicant.id }));
  const a = await upload(pdf, '申请书.pdf', 'application/pdf');
  const b = await upload(png, 'licence.png', 'image/png');
  const filed = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, materials: [{ key: 'application-form', fileIds: [a.id] }, { key: 'business-licence', fileIds: [b.id] }] }, { 'idempotency-key': key });
  expect(filed.statusCode, filed.body).toBe(201);
  const c = filed.json().case;
  const accepted = await post(clerk, `/api/v1/cases/${c.id}/accept`, { version: c.version });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { id: c.id, version: accepted.json().case.version, caseNumber: c.caseNumber };
}

describe('the review inbox', () => {
  let c: { id: string; version: number; caseNumber: string };
  const step = async (user: User, path: string, body: object = {}) => {
    const res = await post(user, `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...body });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    c.version = res.json().case.version;
    return res.json();
  };

  it('shows an accepted case to the county reviewer under "to review", with working days left, and counts it', async () => {
    c = await fileAndAccept('review-inbox-1');
    const list = await get(countyReviewer, '/api/v1/cases?box=toReview');
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().items.find((i: { id: string }) => i.id === c.id);
    // Accepted on Monday 2 March with a promised limit of 5: due Monday 9 March, 5 working days left.
    expect(row).toMatchObject({ status: 'accepted', promisedDueOn: '2026-03-09', daysLeft: 5, warning: 'none', taskDueOn: null });
    expect(ids(await get(otherCountyReviewer, '/api/v1/cases?box=toReview'))).not.toContain(c.id);
    const counts = await get(countyReviewer, '/api/v1/cases/inbox');
    expect(counts.json()).toEqual({ toReview: { total: 1, overdue: 0 }, tasks: { total: 0, overdue: 0 }, suspended: { total: 0, overdue: 0 }, toDeliver: { total: 0, overdue: 0 } });
  });

  it('counts days left down and goes red once the promised date has passed', async () => {
    t.clock.set('2026-03-10T02:00:00Z');
    const row = (await get(countyReviewer, '/api/v1/cases?box=toReview')).json().items.find((i: { id: string }) => i.id === c.id);
    expect(row).toMatchObject({ daysLeft: -1, warning: 'red' });
    expect((await get(countyReviewer, '/api/v1/cases/inbox')).json().toReview).toEqual({ total: 1, overdue: 1 });
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it('finds a case by the beginning of its number, its item or its applicant\'s name', async () => {
    const applicantName = (await get(countyReviewer, `/api/v1/cases/${c.id}`)).json().case.applicant.name as string;
    for (const q of [c.caseNumber.slice(0, 12), '食品经营', applicantName.slice(1)]) {
      expect(ids(await get(countyReviewer, `/api/v1/cases?box=toReview&q=${encodeURIComponent(q)}`)), q).toContain(c.id);
    }
    expect(ids(await get(countyReviewer, `/api/v1/cases?box=toReview&q=${encodeURIComponent('无此申请人')}`))).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(ids(await get(countyReviewer, '/api/v1/cases?box=toReview&q=%25'))).toEqual([]);
  });

  it('lists the files of the case with their names and types for those who may see it', async () => {
    const files = await get(countyReviewer, `/api/v1/cases/${c.id}/files`);
    expect(files.statusCode, files.body).toBe(200);
    expect(files.json().map((f: { name: string; mediaType: string }) => [f.name, f.mediaType]).sort()).toEqual([['licence.png', 'image/png'], ['申请书.pdf', 'application/pdf']]);
    expect((await get(otherCountyReviewer, `/api/v1/cases/${c.id}/files`)).statusCode).toBe(404);
    // Each file may be framed by OneTrip's own pages (the preview panel), and runs nothing of its own.
    const file = await get(countyReviewer, `/api/v1/files/${files.json()[0].id}`);
    expect(file.statusCode).toBe(200);
    const csp = String(file.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(file.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('moves the case to the prefecture on forwarding, where a parallel task shows in the asked department\'s box by its due date', async () => {
    await step(countyReviewer, 'start-review');
    await step(countyReviewer, 'forward', { opinion: '材料齐全，建议准予许可' });
    expect(ids(await get(countyReviewer, '/api/v1/cases?box=toReview'))).not.toContain(c.id);
    expect(ids(await get(prefectureReviewer, '/api/v1/cases?box=toReview'))).toContain(c.id);
    await step(prefectureReviewer, 'tasks', { orgIds: [housing.id], question: '经营场所是否符合规划要求？', days: 3 });
    const tasks = await get(housingReviewer, '/api/v1/cases?box=tasks');
    expect(tasks.json().items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ taskDueOn: '2026-03-05', daysLeft: 3 });
    expect((await get(housingReviewer, '/api/v1/cases/inbox')).json().tasks).toEqual({ total: 1, overdue: 0 });
    const view = (await get(housingReviewer, `/api/v1/cases/${c.id}`)).json();
    await post(housingReviewer, `/api/v1/cases/${c.id}/tasks/${view.tasks[0].id}/answer`, { version: c.version, agrees: true, opinion: '符合规划' }).then((r) => {
      expect(r.statusCode, r.body).toBe(200);
      c.version = r.json().case.version;
    });
    expect((await get(housingReviewer, '/api/v1/cases/inbox')).json().tasks.total).toBe(0);
  });

  it('keeps suspended and decided cases in boxes of their own', async () => {
    await step(prefectureReviewer, 'suspend', { reason: 'expertReview', expectedDays: 3, note: '专家评审' });
    expect(ids(await get(prefectureReviewer, '/api/v1/cases?box=suspended'))).toContain(c.id);
    expect(ids(await get(prefectureReviewer, '/api/v1/cases?box=toReview'))).not.toContain(c.id);
    expect((await get(prefectureReviewer, '/api/v1/cases/inbox')).json().suspended.total).toBe(1);
    await step(prefectureReviewer, 'resume');
    await step(prefectureReviewer, 'decide', { outcome: 'approve', reasons: '符合条件' });
    // Art. 44: the certificate is due 10 working days after the approval.
    const decided = (await get(prefectureReviewer, '/api/v1/cases?box=toDeliver')).json().items.find((i: { id: string }) => i.id === c.id);
    expect(decided).toMatchObject({ status: 'decided', daysLeft: 10 });
    await step(prefectureReviewer, 'issue', { validYears: 5 });
    expect((await get(prefectureReviewer, '/api/v1/cases?box=toDeliver')).json().items.find((i: { id: string }) => i.id === c.id).daysLeft).toBeNull();
    await step(prefectureReviewer, 'deliver', { method: 'electronic' });
    expect((await get(prefectureReviewer, '/api/v1/cases/inbox')).json().toDeliver.total).toBe(0);
  });

  it('is for reviewers and department heads only', async () => {
    for (const user of [clerk, countySupervisor]) {
      expect((await get(user, '/api/v1/cases/inbox')).statusCode).toBe(403);
      expect((await get(user, '/api/v1/cases?box=toReview')).statusCode).toBe(403);
    }
    expect((await get(applicant, '/api/v1/cases/inbox')).statusCode).toBe(403);
  });

  it('follows a bad rating up in the handling department, visible read-only to the supervisors above it', async () => {
    const rated = await post(applicant, `/api/v1/cases/${c.id}/evaluations`, { level: 1, comment: '审批太慢', problems: ['slow'], channel: 'online' });
    expect(rated.statusCode, rated.body).toBe(201);
    const e = rated.json();
    // ONETRIP_RECTIFY_DAYS (15) working days from the rating.
    expect(e.followUpDueOn).toBe('2026-03-23');
    const mine = (await get(prefectureReviewer, '/api/v1/evaluations?badOnly=true&open=true')).json().items.find((x: { id: string }) => x.id === e.id);
    expect(mine).toMatchObject({ daysLeft: 15, overdue: false, caseNumber: c.caseNumber });
    const seen = async (user: User) => (await get(user, '/api/v1/evaluations?badOnly=true')).json().items.some((x: { id: string }) => x.id === e.id);
    // The case was handled by the prefecture's department: the prefecture's supervisor sees it, the counties' do not.
    expect(await seen(prefectureSupervisor)).toBe(true);
    expect(await seen(countySupervisor)).toBe(false);
    expect(await seen(otherCountySupervisor)).toBe(false);
    expect((await post(prefectureSupervisor, `/api/v1/evaluations/${e.id}/verify`, { version: e.version, text: '属实', justified: true })).statusCode).toBe(403);

    let version = e.version as number;
    for (const [s, body] of [['verify', { text: '审批超出承诺时限', justified: true }], ['answer', { text: '已向申请人说明原因并致歉' }], ['rectify', { text: '专家评审改为并行安排' }], ['callBack', { text: '电话回访，申请人表示满意', satisfied: true }]] as const) {
      const r = await post(prefectureReviewer, `/api/v1/evaluations/${e.id}/${s}`, { version, ...body });
      expect(r.statusCode, `${s}: ${r.body}`).toBe(200);
      version = r.json().version;
    }
    const done = (await get(prefectureSupervisor, '/api/v1/evaluations?badOnly=true')).json().items.find((x: { id: string }) => x.id === e.id);
    expect(done.followUp).toMatchObject({ verified: { justified: true }, answered: { answer: '已向申请人说明原因并致歉' }, rectified: { measures: '专家评审改为并行安排' }, calledBack: { satisfied: true } });
    expect(done).toMatchObject({ daysLeft: null, overdue: false });
  });
});
