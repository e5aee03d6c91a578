import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFile } from '../../platform/files.js';
import { auditEntries } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildTree, buildUser, itemRecord } from '../../test/factories.js';
import { windowStaff } from '../orgs/schema.js';
import { caseEvents, caseMaterials, shipments } from './schema.js';

// The applicant's own moves besides filing: drafts kept on the server, materials reused from earlier
// cases, and the delivery choice that staff then deliver by.

type User = { id: string };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let item: Awaited<ReturnType<typeof buildItem>>;
let other: Awaited<ReturnType<typeof buildItem>>;
let applicant: User, stranger: User, clerk: User, reviewer: User;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-02T02:00:00Z' });
  tree = await buildTree(t.db);
  item = await buildItem(t.db, { record: itemRecord({ windowCategory: 'general' }), implementers: [tree.a.market], sites: [tree.a.hall] });
  // Another item asking for the same business licence under another key, and for its own application form under the same key.
  const base = itemRecord();
  other = await buildItem(t.db, {
    record: itemRecord({ materials: [{ ...base.materials[1]!, key: 'licence-copy' }, { ...base.materials[0]!, name: '变更申请书' }], formSchema: { ...base.formSchema, required: [] } }),
    implementers: [tree.a.market],
  });
  applicant = await buildUser(t.db, { role: 'applicant', phone: '13899120011' });
  stranger = await buildUser(t.db, { role: 'applicant' });
  clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  reviewer = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  await t.db.insert(windowStaff).values({ windowId: tree.a.window.id, userId: clerk.id });
});
afterAll(() => t.close());

let uploads = 0;
const upload = async (owner: User) => (await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([pdf, Buffer.from(`${++uploads}`)]), name: `scan-${uploads}.pdf`, declaredType: 'application/pdf', ownerId: owner.id }))).id;
const send = (user: User | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => t.injectAs(user, { method, url, headers, ...(payload ? { payload } : {}) });
let keys = 0;
const file = (user: User, body: object, code = item.record.code) => send(user, 'POST', '/api/v1/cases', { itemCode: code, org: tree.a.market.code, ...body }, { 'idempotency-key': `applicant-test-${++keys}` });
const step = async (user: User, id: string, path: string, body: object) => {
  const res = await send(user, 'POST', `/api/v1/cases/${id}/${path}`, body);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res.json();
};
/** A case accepted by the clerk, with both required materials uploaded by its applicant. */
async function acceptedCase(user: User, extra: object = {}) {
  const materials = [{ key: 'application-form', fileIds: [await upload(user)] }, { key: 'business-licence', fileIds: [await upload(user)] }];
  const filed = await file(user, { formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, materials, ...extra });
  expect(filed.statusCode, filed.body).toBe(201);
  const view = await step(clerk, filed.json().case.id, 'accept', { version: filed.json().case.version });
  return { id: view.case.id as string, version: view.case.version as number, materials };
}

describe('drafts', () => {
  let id: string;
  let version: number;

  it('keeps a draft that still lacks required fields, but refuses invalid values in it', async () => {
    const partial = await file(applicant, { formData: { area: 80 }, materials: [], draft: true });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json().case).toMatchObject({ status: 'draft', formData: { area: 80 }, receivedAt: null });
    id = partial.json().case.id;
    version = partial.json().case.version;

    const invalid = await file(applicant, { formData: { area: 0, category: 'bakery' }, materials: [], draft: true });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/body/formData/area', '/body/formData/category']);
  });

  it('saves the form, the materials and the delivery choice in place, one version at a time', async () => {
    const form = await upload(applicant);
    const res = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: { premises: '昌吉市北京南路56号', area: 90 }, materials: [{ key: 'application-form', fileIds: [form] }], deliveryChoice: { method: 'electronic' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, version: version + 1 });
    version = res.json().version;

    // The next save replaces the list: a material taken out is gone.
    const licence = await upload(applicant);
    const again = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: { premises: '昌吉市北京南路56号', category: 'retail' }, materials: [{ key: 'business-licence', fileIds: [licence] }] });
    expect(again.statusCode, again.body).toBe(200);
    version = again.json().version;
    const view = (await send(applicant, 'GET', `/api/v1/cases/${id}`)).json();
    expect(view.case).toMatchObject({ status: 'draft', formData: { premises: '昌吉市北京南路56号', category: 'retail' }, deliveryChoice: { method: 'electronic' } });
    expect(view.materials.map((m: { materialKey: string; fileIds: string[] }) => [m.materialKey, m.fileIds])).toEqual([['business-licence', [licence]]]);
    // Saving is not a step of the case: no event, but audited.
    expect(view.events.map((e: { action: string }) => e.action)).toEqual(['submit']);
    const audits = await t.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'case.save-draft'), eq(auditEntries.targetId, id)));
    expect(audits).toHaveLength(2);
  });

  it('refuses a stale version, invalid values and files that are not the applicant\'s', async () => {
    const stale = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version: version - 1, formData: {}, materials: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const invalid = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: { area: 'big', extra: 1 }, materials: [{ key: 'nothing', fileIds: [await upload(applicant)] }] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/body/formData/area', '/body/formData/extra', '/body/materials/0/key']);
    const foreign = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: {}, materials: [{ key: 'application-form', fileIds: [await upload(stranger)] }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('/body/materials/0/fileIds');
    const express = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: {}, materials: [], deliveryChoice: { method: 'express', recipient: '张伟' } });
    expect(express.statusCode).toBe(400);
    expect(express.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body/deliveryChoice/phone', '/body/deliveryChoice/address']);
    expect((await send(applicant, 'GET', `/api/v1/cases/${id}`)).json().case.version).toBe(version);
  });

  it('is the applicant\'s alone: 404 for another applicant, 403 for staff who may see it', async () => {
    const body = { version, formData: {}, materials: [] };
    expect((await send(stranger, 'PUT', `/api/v1/cases/${id}/draft`, body)).statusCode).toBe(404);
    expect((await send(clerk, 'PUT', `/api/v1/cases/${id}/draft`, body)).statusCode).toBe(403);
    expect((await send(null, 'PUT', `/api/v1/cases/${id}/draft`, body)).statusCode).toBe(401);
  });

  it('is found again by item, submitted with the full checks, and then no longer edited as a draft', async () => {
    const found = (await send(applicant, 'GET', `/api/v1/cases?box=mine&status=draft&itemCode=${item.record.code}`)).json();
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await send(applicant, 'GET', `/api/v1/cases?box=mine&status=draft&itemCode=${other.record.code}`)).json().total).toBe(0);

    const incomplete = await send(applicant, 'POST', `/api/v1/cases/${id}/submit`, { version });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toContain('/body/materials');
    const done = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version, formData: { premises: '昌吉市北京南路56号', category: 'retail' }, materials: [{ key: 'application-form', fileIds: [await upload(applicant)] }, { key: 'business-licence', fileIds: [await upload(applicant)] }] });
    version = done.json().version;
    const submitted = await step(applicant, id, 'submit', { version });
    expect(submitted.case.status).toBe('submitted');
    const late = await send(applicant, 'PUT', `/api/v1/cases/${id}/draft`, { version: submitted.case.version, formData: {}, materials: [] });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('case.invalid_transition');
  });
});

describe('reusable materials', () => {
  it('offers what was accepted on the applicant\'s own cases, by key or by name, and nothing of drafts or of others', async () => {
    const accepted = await acceptedCase(applicant);
    // A draft's files were never checked by anyone: not offered.
    await file(applicant, { formData: {}, materials: [{ key: 'layout-plan', fileIds: [await upload(applicant)] }], draft: true });
    await acceptedCase(stranger);

    const res = await send(applicant, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`);
    expect(res.statusCode, res.body).toBe(200);
    const byKey = Object.fromEntries(res.json().map((m: { materialKey: string; candidates: unknown[] }) => [m.materialKey, m.candidates]));
    expect(Object.keys(byKey)).toEqual(['application-form', 'business-licence', 'layout-plan']);
    expect(byKey['layout-plan']).toEqual([]);
    expect(byKey['business-licence'][0]).toMatchObject({ caseId: accepted.id, materialKey: 'business-licence', materialName: '营业执照', files: [{ id: accepted.materials[1]!.fileIds[0], mediaType: 'application/pdf' }] });
    const offered = res.json().flatMap((m: { candidates: { files: { id: string }[] }[] }) => m.candidates.flatMap((c) => c.files.map((f) => f.id)));
    expect(offered.length).toBeGreaterThan(0);

    // The other item calls the licence `licence-copy`: found by its name. Its `application-form` is another form: not offered.
    const elsewhere = (await send(applicant, 'GET', `/api/v1/cases/reusable-materials?itemCode=${other.record.code}`)).json();
    expect(elsewhere.find((m: { materialKey: string }) => m.materialKey === 'licence-copy').candidates[0].files[0].id).toBe(accepted.materials[1]!.fileIds[0]);
    expect(elsewhere.find((m: { materialKey: string }) => m.materialKey === 'application-form').candidates).toEqual([]);

    // Another applicant sees none of these; staff have no cases of their own to reuse.
    const strangers = (await send(stranger, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`)).json();
    const theirs = strangers.flatMap((m: { candidates: { files: { id: string }[] }[] }) => m.candidates.flatMap((c) => c.files.map((f) => f.id)));
    expect(theirs.some((f: string) => offered.includes(f))).toBe(false);
    expect((await send(clerk, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`)).statusCode).toBe(403);
    expect((await send(applicant, 'GET', '/api/v1/cases/reusable-materials?itemCode=NOPE')).statusCode).toBe(404);
  });

  it('lets the applicant file with files on their own cases, even ones a clerk scanned, and nobody else', async () => {
    const accepted = await acceptedCase(applicant);
    // The clerk scanned a paper original for this applicant: the clerk owns that upload.
    const scanned = await upload(clerk);
    await t.db.update(caseMaterials).set({ fileIds: [scanned] }).where(and(eq(caseMaterials.caseId, accepted.id), eq(caseMaterials.materialKey, 'business-licence')));
    const offer = (await send(applicant, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`)).json();
    const licences = offer.find((m: { materialKey: string }) => m.materialKey === 'business-licence').candidates;
    expect(licences.map((c: { files: { id: string }[] }) => c.files[0]!.id)).toContain(scanned);

    const materials = [{ key: 'application-form', fileIds: [await upload(applicant)] }, { key: 'business-licence', fileIds: [scanned] }];
    const reused = await file(applicant, { formData: { premises: '昌吉市宁边西路88号', category: 'retail' }, materials });
    expect(reused.statusCode, reused.body).toBe(201);
    const taken = await file(stranger, { formData: { premises: '昌吉市宁边西路88号', category: 'retail' }, materials: [{ key: 'application-form', fileIds: [await upload(stranger)] }, { key: 'business-licence', fileIds: [scanned] }] });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0]).toMatchObject({ field: '/body/materials/1/fileIds' });
  });
});

describe('the delivery choice', () => {
  it('is taken when filing, changed until delivery, audited, shown to staff, and delivered by', async () => {
    const c = await acceptedCase(applicant, { deliveryChoice: { method: 'window' } });
    const staffView = (await send(reviewer, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(staffView.case.deliveryChoice).toMatchObject({ method: 'window' });
    expect(staffView.allowedActions).not.toContain('chooseDelivery');
    expect((await send(applicant, 'GET', `/api/v1/cases/${c.id}`)).json().allowedActions).toContain('chooseDelivery');

    const missing = await send(applicant, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: c.version, method: 'express', address: '  ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body/recipient', '/body/phone', '/body/address']);
    const badPhone = await send(applicant, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: c.version, method: 'express', recipient: '张伟', phone: '12345', address: '昌吉市' });
    expect(badPhone.statusCode).toBe(400);

    let view = await step(applicant, c.id, 'delivery-choice', { version: c.version, method: 'express', recipient: '张伟', phone: '13899120011', address: '昌吉市北京南路56号' });
    expect(view.case.deliveryChoice).toMatchObject({ method: 'express', recipient: '张伟', phone: '13899120011', address: '昌吉市北京南路56号' });
    expect(view.events.at(-1)).toMatchObject({ action: 'chooseDelivery', fromStatus: 'accepted', toStatus: 'accepted', data: { method: 'express' } });
    expect(await t.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'case.chooseDelivery'), eq(auditEntries.targetId, c.id)))).toHaveLength(1);
    const stale = await send(applicant, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: c.version, method: 'electronic' });
    expect(stale.statusCode).toBe(409);
    expect((await send(stranger, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: view.case.version, method: 'electronic' })).statusCode).toBe(404);
    expect((await send(clerk, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: view.case.version, method: 'electronic' })).statusCode).toBe(403);

    // Staff deliver without saying how: by express, to the chosen recipient and address.
    view = await step(reviewer, c.id, 'start-review', { version: view.case.version });
    view = await step(reviewer, c.id, 'decide', { version: view.case.version, outcome: 'approve', reasons: '符合法定条件' });
    view = await step(reviewer, c.id, 'issue', { version: view.case.version });
    view = await step(reviewer, c.id, 'deliver', { version: view.case.version });
    expect(view.case.delivery).toMatchObject({ method: 'express', address: '昌吉市北京南路56号' });
    const [shipment] = await t.db.select().from(shipments).where(eq(shipments.trackingNumber, view.case.delivery.trackingNumber));
    expect(shipment).toMatchObject({ recipient: '张伟', phone: '13899120011', address: '昌吉市北京南路56号' });
    expect(view.case.trips).toBe(0);
    const after = await send(applicant, 'POST', `/api/v1/cases/${c.id}/delivery-choice`, { version: view.case.version, method: 'electronic' });
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe('case.invalid_transition');
  });

  it('is overridden by a method staff give, and needed when they give none', async () => {
    const chosen = await acceptedCase(applicant, { deliveryChoice: { method: 'electronic' } });
    let view = await step(reviewer, chosen.id, 'start-review', { version: chosen.version });
    view = await step(reviewer, chosen.id, 'decide', { version: view.case.version, outcome: 'deny', reasons: '不符合条件' });
    view = await step(reviewer, chosen.id, 'deliver', { version: view.case.version, method: 'window' });
    expect(view.case.delivery.method).toBe('window');

    const unchosen = await acceptedCase(applicant);
    view = await step(reviewer, unchosen.id, 'start-review', { version: unchosen.version });
    view = await step(reviewer, unchosen.id, 'decide', { version: view.case.version, outcome: 'deny', reasons: '不符合条件' });
    const none = await send(reviewer, 'POST', `/api/v1/cases/${unchosen.id}/deliver`, { version: view.case.version });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('/body/method');
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, unchosen.id));
    expect(events.some((e) => e.action === 'deliver')).toBe(false);
  });

  it('masks the express phone for staff who only read the case', async () => {
    const c = await acceptedCase(applicant, { deliveryChoice: { method: 'express', recipient: '张伟', phone: '13899120011', address: '昌吉市北京南路56号' } });
    const supervisor = await buildUser(t.db, { role: 'supervisor', org: tree.a.gov });
    const view = (await send(supervisor, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(view.case.deliveryChoice.phone).toBe('138****0011');
    expect((await send(reviewer, 'GET', `/api/v1/cases/${c.id}`)).json().case.deliveryChoice.phone).toBe('13899120011');
  });
});
