import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildSite, buildTree, buildUser, buildWindow, itemRecord, validResidentId } from '../../test/factories.js';
import { windowStaff } from '../orgs/schema.js';

// What the front desk needs of the server (web/src/hall/desk): the windows a clerk sits at, filing at a
// window what the applicant brought (a missing required material goes on the one-time notice), finding
// any case of the desk by number or applicant, and handing the result over without counting a visit twice.

type User = { id: string };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let item: Awaited<ReturnType<typeof buildItem>>;
let clerk: User, pointClerk: User, otherClerk: User, reviewer: User, applicant: User;
let point: Awaited<ReturnType<typeof buildSite>>, pointWindow: Awaited<ReturnType<typeof buildWindow>>;
const form = { premises: '昌吉市宁边西路88号', category: 'catering', area: 120 };

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-02T02:00:00Z' }); // Monday 10:00 in Shanghai
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2026, 2026), 2026));
  tree = await buildTree(t.db);
  // A street of county A with its agency point (代办点), whose general window takes in any item for the county.
  const street = await buildOrg(t.db, { parent: tree.a.gov });
  point = await buildSite(t.db, street);
  pointWindow = await buildWindow(t.db, point, { category: 'general' });
  item = await buildItem(t.db, { record: itemRecord({ decisionLevel: 'county', windowCategory: 'general' }), implementers: [tree.a.market], sites: [tree.a.hall, point] });
  clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  pointClerk = await buildUser(t.db, { role: 'windowClerk', org: street });
  otherClerk = await buildUser(t.db, { role: 'windowClerk', org: tree.b.services });
  reviewer = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  applicant = await buildUser(t.db, { role: 'applicant' });
  await t.db.insert(windowStaff).values([
    { windowId: tree.a.window.id, userId: clerk.id },
    { windowId: pointWindow.id, userId: pointClerk.id },
    { windowId: tree.b.window.id, userId: otherClerk.id },
  ]);
});
afterAll(() => t.close());

const post = (user: User, url: string, payload: object, headers: Record<string, string> = {}) => t.injectAs(user, { method: 'POST', url, payload, headers });
const get = (user: User | null, url: string) => t.injectAs(user, { method: 'GET', url });
let keys = 0;

/** A walk-in filed by a clerk at a window, with the materials the applicant brought (paper: no files). */
async function fileAtWindow(by: User, windowId: string, idNumber: string, materials: string[]) {
  const res = await post(by, '/api/v1/cases', {
    itemCode: item.record.code, org: tree.a.market.code, formData: form, windowId,
    applicant: { kind: 'person', name: '马丽', idNumber, phone: '13899120010' }, materials: materials.map((key) => ({ key, fileIds: [] })),
  }, { 'idempotency-key': `desk-${process.pid}-${++keys}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(user: User, view: { case: { id: string; version: number } }, path: string, body: object = {}) {
  const res = await post(user, `/api/v1/cases/${view.case.id}/${path}`, { version: view.case.version, ...body });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res.json();
}

describe('GET /api/v1/windows/mine', () => {
  it('tells a clerk the windows they sit at, with the site and whether it is an agency point', async () => {
    const mine = await get(clerk, '/api/v1/windows/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual([expect.objectContaining({ id: tree.a.window.id, category: 'general', site: expect.objectContaining({ id: tree.a.hall.id, kind: 'hall' }) })]);
    expect((await get(pointClerk, '/api/v1/windows/mine')).json()).toEqual([expect.objectContaining({ id: pointWindow.id, site: expect.objectContaining({ id: point.id, kind: 'agencyPoint' }) })]);
    expect((await get(reviewer, '/api/v1/windows/mine')).json()).toEqual([]);
    expect((await get(applicant, '/api/v1/windows/mine')).statusCode).toBe(403);
    expect((await get(null, '/api/v1/windows/mine')).statusCode).toBe(401);
  });
});

describe('filing at the window', () => {
  it('files what the applicant brought; a missing required material is asked for by one-time notice, not refused at filing', async () => {
    const filed = await fileAtWindow(clerk, tree.a.window.id, validResidentId(), ['application-form']);
    expect(filed.case).toMatchObject({ status: 'submitted', channel: 'window', trips: 1 });
    const accept = await post(clerk, `/api/v1/cases/${filed.case.id}/accept`, { version: filed.case.version });
    expect(accept.json().code).toBe('case.materials_missing');
    const corrected = await step(clerk, filed, 'request-correction', { items: [{ materialKey: 'business-licence', note: '请携带营业执照副本复印件' }] });
    expect(corrected.case.status).toBe('correction_requested');
    const pdf = await get(clerk, `/api/v1/cases/${filed.case.id}/documents/correction.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });

  it('still insists on every required material when an applicant files online', async () => {
    const res = await post(applicant, '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: form, materials: [] }, { 'idempotency-key': `desk-online-${process.pid}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('/body/materials');
  });

  it('files at an agency point as an agency filing the point\'s clerk keeps handling', async () => {
    const filed = await fileAtWindow(pointClerk, pointWindow.id, validResidentId(), ['application-form', 'business-licence']);
    expect(filed.case).toMatchObject({ channel: 'agencyPoint', siteId: point.id, trips: 1, intakeOrgId: tree.a.market.id });
    expect(filed.allowedActions).toEqual(expect.arrayContaining(['accept', 'requestCorrection', 'refuseIntake']));
    const accepted = await step(pointClerk, filed, 'accept');
    expect(accepted.case.status).toBe('accepted');
  });
});

describe('GET /api/v1/cases?box=desk', () => {
  it('finds any case of the desk by the applicant\'s ID number or the case number, in any state, within the clerk\'s reach only', async () => {
    const idNumber = validResidentId();
    const first = await fileAtWindow(clerk, tree.a.window.id, idNumber, ['application-form', 'business-licence']);
    await step(clerk, first, 'accept');
    const second = await fileAtWindow(clerk, tree.a.window.id, idNumber, ['application-form', 'business-licence']);

    const byId = (await get(clerk, `/api/v1/cases?box=desk&applicant=${idNumber.toLowerCase()}`)).json();
    expect(byId.total).toBe(2);
    expect(byId.items.map((i: { id: string }) => i.id).sort()).toEqual([first.case.id, second.case.id].sort());
    expect(byId.items.find((i: { id: string }) => i.id === first.case.id).status).toBe('accepted');
    // The queue shows only what awaits intake (or the handing over).
    expect((await get(clerk, `/api/v1/cases?box=intake&applicant=${idNumber}`)).json().items.map((i: { id: string }) => i.id)).toEqual([second.case.id]);
    expect((await get(clerk, `/api/v1/cases?box=desk&q=${first.case.caseNumber}`)).json().items.map((i: { id: string }) => i.id)).toEqual([first.case.id]);
    // Another county's clerk finds nothing; the desk box is a clerk's.
    expect((await get(otherClerk, `/api/v1/cases?box=desk&applicant=${idNumber}`)).json().total).toBe(0);
    expect((await get(reviewer, `/api/v1/cases?box=desk&applicant=${idNumber}`)).statusCode).toBe(403);
    expect((await get(clerk, '/api/v1/cases?box=desk&applicant=not-an-id')).statusCode).toBe(400);
  });
});

describe('handing the result over at the window', () => {
  async function decidedAndIssued(idNumber: string) {
    const filed = await fileAtWindow(clerk, tree.a.window.id, idNumber, ['application-form', 'business-licence']);
    let view = await step(clerk, filed, 'accept');
    view = await step(reviewer, view, 'start-review');
    view = await step(reviewer, view, 'decide', { outcome: 'approve', reasons: '符合法定条件' });
    return step(reviewer, view, 'issue');
  }

  it('counts the collection on the day of filing as the same visit: one trip, "at most one trip"', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const issued = await decidedAndIssued(validResidentId());
    const delivered = await step(clerk, issued, 'deliver', { method: 'window', windowId: tree.a.window.id });
    expect(delivered.case.status).toBe('delivered');
    expect(delivered.tripFacts).toEqual({ trips: 1, atMostOneTrip: true, zeroTrip: false });
    expect(delivered.trips).toHaveLength(1);
  });

  it('counts a later visit to collect the result as a trip of its own, at the window that hands it over', async () => {
    t.clock.set('2026-03-04T02:00:00Z');
    const issued = await decidedAndIssued(validResidentId());
    t.clock.set('2026-03-05T02:00:00Z');
    const delivered = await step(clerk, issued, 'deliver', { method: 'window', windowId: tree.a.window.id });
    expect(delivered.tripFacts).toEqual({ trips: 2, atMostOneTrip: false, zeroTrip: false });
    expect(delivered.trips.at(-1)).toMatchObject({ windowId: tree.a.window.id, siteId: tree.a.hall.id });
  });
});
