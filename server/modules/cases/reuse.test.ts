import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFile } from '../../platform/files.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildTree, buildUser, itemRecord } from '../../test/factories.js';
import { proofItems } from '../catalog/schema.js';
import { issueCertificate, seedCertificateTypes } from '../certificates/index.js';
import { certificates } from '../certificates/schema.js';
import { windowStaff } from '../orgs/schema.js';
import { dataRecords, dataResources, sharingQueries } from '../sharing/schema.js';
import { refreshCases } from '../supervision/rollup.js';
import { dailyRollup } from '../supervision/schema.js';
import { caseMaterials, cases } from './schema.js';

// Fewer proofs (R1.3, issue 8 items 3 and 5): a material the government already holds is filled from
// the e-certificate library or the data sharing platform with the applicant's consent, each material
// carries a trust level, and reuse in a later case follows it.

type User = { id: string; residentId: string | null };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let item: Awaited<ReturnType<typeof buildItem>>;
let holder: User, newcomer: User, clerk: User, supervisor: User;
let certificate: typeof certificates.$inferSelect;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const MARRIAGE = `marriage-status-${process.pid}`;
const MANAGER = '食品安全管理人员身份证明及培训考核证明';

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-03-02T02:00:00Z' });
  tree = await buildTree(t.db);
  const base = itemRecord();
  item = await buildItem(t.db, {
    record: itemRecord({
      windowCategory: 'general',
      materials: [
        base.materials[0]!,
        base.materials[1]!, // 营业执照: replaceable by the businessLicence e-certificate
        { key: 'marriage', name: '婚姻状况证明材料（结婚证或户口簿）', nameEn: 'Marital status', kind: 'required', form: 'copy', copies: 1, template: false, replaceableBy: { dataResource: MARRIAGE } },
        { key: 'manager', name: MANAGER, nameEn: 'Food safety manager training record', kind: 'required', form: 'copy', copies: 1, template: false, replaceableBy: null },
        base.materials[2]!,
      ],
    }),
    implementers: [tree.a.market],
    sites: [tree.a.hall],
  });
  holder = await buildUser(t.db, { role: 'applicant', phone: '13899120021' });
  newcomer = await buildUser(t.db, { role: 'applicant' });
  clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  supervisor = await buildUser(t.db, { role: 'supervisor', org: tree.a.gov });
  await t.db.insert(windowStaff).values({ windowId: tree.a.window.id, userId: clerk.id });
  // The manager's training record is a retained proof item that a commitment may stand in for (告知承诺).
  await t.db.insert(proofItems).values({
    code: `ZM-T${process.pid}`, name: MANAGER, nameEn: 'Food safety manager', issuerKind: 'market', legalBasis: [{ law: '《食品经营许可管理办法》', lawEn: 'Measures', article: '第十一条' }],
    status: 'retained', satisfiedBy: { dataResource: null, certificateType: null, commitment: true },
  }).onConflictDoNothing();
  // The library holds the holder's business licence; the civil-affairs register holds their marriage record.
  certificate = await t.db.transaction(async (tx) => {
    await seedCertificateTypes(tx);
    return issueCertificate(tx, t.app.platform.secrets, {
      number: `JY${process.pid}`, type: 'businessLicence', title: '营业执照', holder: { kind: 'person', name: '张伟', idNumber: holder.residentId! },
      issuerOrgId: tree.a.market.id, caseId: null, fields: {}, validUntil: null,
    }, new Date('2026-01-05T02:00:00Z'));
  });
  const civil = await buildOrg(t.db, { parent: tree.a.gov, kind: 'department', deptKey: 'civil-affairs' });
  const now = t.clock.now();
  const [resource] = await t.db.insert(dataResources).values({
    code: MARRIAGE, name: '婚姻登记信息', nameEn: 'Marriage registration', ownerOrgId: civil.id, ownerOrgPath: civil.path, subjectKinds: ['person'],
    fields: [{ key: 'status', name: '婚姻状况', nameEn: 'Status', type: 'text', sensitive: false }, { key: 'spouseName', name: '配偶姓名', nameEn: 'Spouse', type: 'name', sensitive: true }],
    updateFrequency: 'daily', sharingType: 'unconditional', description: '婚姻登记', descriptionEn: 'Marriages', createdAt: now, updatedAt: now,
  }).returning();
  await t.db.insert(dataRecords).values({ resourceId: resource!.id, subjectId: holder.residentId!, data: { status: '已婚', spouseName: '李娜' }, version: 3, createdAt: now, updatedAt: now });
});
afterAll(() => t.close());

let uploads = 0;
const upload = async (owner: User) => (await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([pdf, Buffer.from(`reuse-${++uploads}`)]), name: `scan-${uploads}.pdf`, declaredType: 'application/pdf', ownerId: owner.id }))).id;
const send = (user: User | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => t.injectAs(user, { method, url, headers, ...(payload ? { payload } : {}) });
let keys = 0;
const file = (user: User, body: object) => send(user, 'POST', '/api/v1/cases', { itemCode: item.record.code, org: tree.a.market.code, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, ...body }, { 'idempotency-key': `reuse-test-${++keys}` });
const materialOf = (view: { materials: { materialKey: string }[] }, key: string) => view.materials.find((m) => m.materialKey === key) as unknown as Record<string, unknown> & { replacement: Record<string, unknown> | null };
const queriesOf = async (subjectId: string) => (await t.db.select({ n: count() }).from(sharingQueries).where(eq(sharingQueries.subjectId, subjectId)))[0]!.n;

describe('what the government already holds, before filing', () => {
  it('lists the applicant\'s usable e-certificates per material, and asks the data platform nothing', async () => {
    const res = await send(holder, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ materialKey: 'business-licence', replaceableBy: { certificateType: 'businessLicence' }, held: true, certificates: [expect.objectContaining({ id: certificate.id, identifier: certificate.identifier, issuerOrgName: tree.a.market.name })] }),
      { materialKey: 'marriage', replaceableBy: { dataResource: MARRIAGE }, certificates: [], held: null },
    ]);
    expect(await queriesOf(holder.residentId!)).toBe(0);
    const none = (await send(newcomer, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}`)).json();
    expect(none[0]).toMatchObject({ held: false, certificates: [] });
  });

  it('tells a clerk what is held for the applicant in front of them, by ID number; nobody else', async () => {
    const res = await send(clerk, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}&applicant=${holder.residentId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0].certificates[0].identifier).toBe(certificate.identifier);
    expect((await send(clerk, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}`)).statusCode).toBe(400);
    expect((await send(supervisor, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}&applicant=${holder.residentId}`)).statusCode).toBe(403);
    expect((await send(null, 'GET', `/api/v1/cases/replacements?itemCode=${item.record.code}`)).statusCode).toBe(401);
  });
});

describe('filing with the government\'s copy (使用政府持有的材料)', () => {
  let caseId: string;

  it('fills a material from the certificate library and another from shared data, with consent, verified, level A', async () => {
    const form = await upload(holder);
    const res = await file(holder, {
      materials: [
        { key: 'application-form', fileIds: [form] },
        { key: 'business-licence', fileIds: [], replace: true },
        { key: 'marriage', fileIds: [], replace: true },
        { key: 'manager', fileIds: [], commitment: '本单位承诺已配备经培训考核合格的食品安全管理人员。' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    caseId = view.case.id;
    const now = t.clock.now().toISOString();
    expect(materialOf(view, 'business-licence')).toMatchObject({
      source: 'certificate', trustLevel: 'A', fileIds: [], verifiedAt: now,
      consent: { kind: 'replace', givenBy: holder.id, recordedBy: holder.id, at: now },
      replacement: { kind: 'certificate', certificateId: certificate.id, identifier: certificate.identifier, number: certificate.number, typeCode: 'businessLicence', version: certificate.version, digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(materialOf(view, 'marriage')).toMatchObject({
      source: 'sharedData', trustLevel: 'A', verifiedAt: now, consent: { kind: 'replace', givenBy: holder.id },
      replacement: { kind: 'sharedData', resourceCode: MARRIAGE, version: 3, fields: { status: '已婚', spouseName: '李娜' } },
    });
    expect(materialOf(view, 'manager')).toMatchObject({ source: 'commitment', trustLevel: 'D', consent: { kind: 'commitment', text: '本单位承诺已配备经培训考核合格的食品安全管理人员。' } });
    expect(materialOf(view, 'application-form')).toMatchObject({ source: 'upload', trustLevel: 'C', reusedFrom: null, verifiedAt: null });
    // The data query is logged for the case, on behalf of its intake organisation, with the case as its purpose.
    const [log] = await t.db.select().from(sharingQueries).where(eq(sharingQueries.caseId, caseId));
    expect(log).toMatchObject({ resourceCode: MARRIAGE, consumerOrgId: tree.a.market.id, actorId: holder.id, subjectId: holder.residentId, purpose: `办件 ${view.case.caseNumber}: 婚姻状况证明材料（结婚证或户口簿）`, recordVersion: 3 });
    expect(materialOf(view, 'marriage').replacement!.logId).toBe(log!.id);
    expect(view.events[0].data).toMatchObject({ replaced: ['business-licence', 'marriage'] });
  });

  it('is counted by supervision: the materials replaced, on receipt, for the intake organisation and those above it (T7)', async () => {
    const [facts] = await t.db.transaction((tx) => refreshCases(tx, [caseId], t.clock.now()));
    expect(facts).toMatchObject({ materialsReplaced: 2, receivedOn: '2026-03-02' });
    const [row] = await t.db.select().from(dailyRollup).where(and(eq(dailyRollup.orgId, tree.a.market.id), eq(dailyRollup.day, '2026-03-02')));
    expect(row).toMatchObject({ materialsReplaced: 2, casesWithReplacement: 1 });
    const [prefecture] = await t.db.select().from(dailyRollup).where(and(eq(dailyRollup.orgId, tree.prefecture.id), eq(dailyRollup.day, '2026-03-02')));
    expect(prefecture?.casesWithReplacement).toBeGreaterThanOrEqual(1);
  });

  it('withholds the shared data from those who only supervise the case', async () => {
    const view = (await send(supervisor, 'GET', `/api/v1/cases/${caseId}`)).json();
    expect(materialOf(view, 'marriage').replacement).toMatchObject({ fields: {}, masked: ['status', 'spouseName'] });
    expect((materialOf(view, 'marriage').replacement!.subjectId as string)).toContain('*');
    const own = (await send(holder, 'GET', `/api/v1/cases/${caseId}`)).json();
    expect(materialOf(own, 'marriage').replacement!.fields).toEqual({ status: '已婚', spouseName: '李娜' });
  });

  it('refuses when the government holds nothing usable, naming the material, and writes nothing', async () => {
    const before = (await t.db.select({ n: count() }).from(cases).where(eq(cases.applicantId, newcomer.id)))[0]!.n;
    const res = await file(newcomer, {
      materials: [{ key: 'application-form', fileIds: [await upload(newcomer)] }, { key: 'marriage', fileIds: [], replace: true }, { key: 'business-licence', fileIds: [], replace: true }, { key: 'manager', fileIds: [], commitment: '承诺' }],
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'case.replacement_unavailable', errors: [{ field: '/body/materials/1/replace' }] });
    expect(res.json().detail).toContain('婚姻状况证明材料');
    expect((await t.db.select({ n: count() }).from(cases).where(eq(cases.applicantId, newcomer.id)))[0]!.n).toBe(before);
    // The query rolled back with the filing: no trace of a case that does not exist.
    expect(await queriesOf(newcomer.residentId!)).toBe(0);
  });

  it('refuses the government\'s copy where the catalog offers none, files beside it, and a commitment where no proof item allows one', async () => {
    const res = await file(holder, {
      draft: true,
      materials: [{ key: 'application-form', fileIds: [], replace: true }, { key: 'business-licence', fileIds: [await upload(holder)], replace: true }, { key: 'layout-plan', fileIds: [], commitment: '承诺' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/body/materials/0/replace', '/body/materials/1/fileIds', '/body/materials/2/commitment']);
  });

  it('records the consent a clerk takes at the window as the applicant\'s', async () => {
    const res = await t.injectAs(clerk, {
      method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': `reuse-window-${process.pid}` },
      payload: {
        itemCode: item.record.code, org: tree.a.market.code, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, windowId: tree.a.window.id,
        applicant: { kind: 'person', name: '张伟', idNumber: holder.residentId }, materials: [{ key: 'application-form', fileIds: [] }, { key: 'business-licence', fileIds: [], replace: true }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(materialOf(res.json(), 'business-licence')).toMatchObject({ source: 'certificate', trustLevel: 'A', consent: { givenBy: holder.id, recordedBy: clerk.id } });
    // The paper original seen at the window is level B.
    expect(materialOf(res.json(), 'application-form')).toMatchObject({ source: 'paper', trustLevel: 'B', verifiedAt: t.clock.now().toISOString() });
  });
});

describe('drafts keep the government\'s copy they were filled with', () => {
  it('fills once, keeps it on later saves, and refuses to submit once the certificate is revoked', async () => {
    const created = await file(holder, { draft: true, materials: [{ key: 'marriage', fileIds: [], replace: true }, { key: 'business-licence', fileIds: [], replace: true }] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().case.id as string;
    const logs = await queriesOf(holder.residentId!);
    const materials = [
      { key: 'application-form', fileIds: [await upload(holder)] },
      { key: 'marriage', fileIds: [], replace: true },
      { key: 'business-licence', fileIds: [], replace: true },
      { key: 'manager', fileIds: [], commitment: '承诺已配备食品安全管理人员。' },
    ];
    const saved = await send(holder, 'PUT', `/api/v1/cases/${id}/draft`, { version: created.json().case.version, formData: { premises: '昌吉市北京南路56号', category: 'retail' }, materials });
    expect(saved.statusCode, saved.body).toBe(200);
    // Saving again asked the data platform nothing new.
    expect(await queriesOf(holder.residentId!)).toBe(logs);
    const rows = await t.db.select().from(caseMaterials).where(eq(caseMaterials.caseId, id));
    expect(rows.find((r) => r.materialKey === 'marriage')?.replacement).toMatchObject({ kind: 'sharedData' });

    await t.db.update(certificates).set({ status: 'revoked' }).where(eq(certificates.id, certificate.id));
    try {
      const submitted = await send(holder, 'POST', `/api/v1/cases/${id}/submit`, { version: saved.json().version });
      expect(submitted.statusCode, submitted.body).toBe(409);
      expect(submitted.json().code).toBe('case.replacement_unavailable');
      expect(submitted.json().detail).toContain('营业执照');
      expect((await send(holder, 'GET', `/api/v1/cases/${id}`)).json().case.status).toBe('draft');
    } finally {
      await t.db.update(certificates).set({ status: 'valid' }).where(eq(certificates.id, certificate.id));
    }
    const submitted = await send(holder, 'POST', `/api/v1/cases/${id}/submit`, { version: saved.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().case.status).toBe('submitted');
  });
});

describe('reuse in a later case follows the trust level', () => {
  it('offers B materials as checked and C ones with the original still to check, and files them at those levels', async () => {
    const applicant = await buildUser(t.db, { role: 'applicant' });
    // An earlier case: the form uploaded online (C), the licence seen at the window when it was accepted (B).
    const form = await upload(applicant);
    const licence = await upload(applicant);
    const first = await file(applicant, { materials: [{ key: 'application-form', fileIds: [form] }, { key: 'business-licence', fileIds: [licence] }, { key: 'marriage', fileIds: [await upload(applicant)] }, { key: 'manager', fileIds: [await upload(applicant)] }] });
    expect(first.statusCode, first.body).toBe(201);
    const accepted = await send(clerk, 'POST', `/api/v1/cases/${first.json().case.id}/accept`, { version: first.json().case.version, received: [{ key: 'business-licence', fileIds: [licence] }] });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(materialOf(accepted.json(), 'business-licence')).toMatchObject({ source: 'paper', trustLevel: 'B' });

    const offered = (await send(applicant, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`)).json();
    const candidate = (key: string) => offered.find((o: { materialKey: string }) => o.materialKey === key).candidates[0];
    expect(candidate('business-licence')).toMatchObject({ trustLevel: 'B', reuse: { level: 'B', originalToCheck: false } });
    expect(candidate('application-form')).toMatchObject({ trustLevel: 'C', reuse: { level: 'C', originalToCheck: true } });

    const second = await file(applicant, { draft: true, materials: [{ key: 'application-form', fileIds: [form] }, { key: 'business-licence', fileIds: [licence] }] });
    expect(second.statusCode, second.body).toBe(201);
    const firstNumber = first.json().case.caseNumber;
    expect(materialOf(second.json(), 'business-licence')).toMatchObject({ source: 'upload', trustLevel: 'B', reusedFrom: { caseNumber: firstNumber, trustLevel: 'B' } });
    expect(materialOf(second.json(), 'application-form')).toMatchObject({ source: 'upload', trustLevel: 'C', reusedFrom: { caseNumber: firstNumber, trustLevel: 'C' } });
  });

  it('never offers a commitment (D) nor what the government filled (A): those are given or asked for again', async () => {
    // The holder's first case, with a commitment and two government copies, accepted.
    const [filed] = await t.db.select({ c: cases }).from(caseMaterials).innerJoin(cases, eq(cases.id, caseMaterials.caseId)).where(and(eq(cases.applicantId, holder.id), eq(caseMaterials.trustLevel, 'D'), eq(cases.status, 'submitted'))).limit(1);
    const accepted = await send(clerk, 'POST', `/api/v1/cases/${filed!.c.id}/accept`, { version: filed!.c.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const offered = (await send(holder, 'GET', `/api/v1/cases/reusable-materials?itemCode=${item.record.code}`)).json();
    const keysOffered = offered.filter((o: { candidates: unknown[] }) => o.candidates.length).map((o: { materialKey: string }) => o.materialKey);
    expect(keysOffered).toEqual(['application-form']);
  });
});
