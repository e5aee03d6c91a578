import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, notifications, users } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildOrg, buildTree, buildUser, validCreditCode } from '../../test/factories.js';
import { parseIdentifier, verifySignedDocument } from './rules.js';
import { certificates } from './schema.js';
import { findUsableCertificates, issueCertificate } from './service.js';
import { seedCertificateTypes } from './types.js';

type User = { id: string };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let holder: User & { residentId: string | null };
let company: User & { creditCode: string };
let stranger: User;
let adminA: User, headA: User, reviewerA: User, adminB: User, clerkA: User, catalogP: User, adminCounty: User;

const get = (user: User | null, url: string) => t.injectAs(user, { method: 'GET', url });
const post = (user: User | null, url: string, payload: object = {}) => t.injectAs(user, { method: 'POST', url, payload });
const audits = async (action: string) => (await t.db.select({ n: count() }).from(auditEntries).where(eq(auditEntries.action, action)))[0]!.n;

let serial = 0;
const number = () => `T${process.pid}-${++serial}`;
const idCard = (overrides: object = {}) => ({
  type: 'residentIdCard', number: number(), holder: { kind: 'person', name: '张伟', idNumber: holder.residentId }, issuedOn: '2016-03-10', validUntil: '2036-03-10',
  fields: { gender: '男', ethnicity: '汉', birthDate: '1990-01-01', address: '昌吉市延安北路126号' }, ...overrides,
});
const licence = (overrides: object = {}) => ({
  type: 'businessLicence', number: number(), holder: { kind: 'company', name: '昌吉市天山食品有限公司', idNumber: company.creditCode }, issuedOn: '2021-04-12',
  fields: { entityName: '昌吉市天山食品有限公司', entityType: '有限责任公司', legalRepresentative: '马建军', establishedOn: '2021-04-12', address: '昌吉市宁边西路88号', businessScope: '食品销售' }, ...overrides,
});
async function importOne(row: object, by: User = headA, issuerOrg = tree.a.market.code): Promise<{ id: string; version: number }> {
  const res = await post(by, '/api/v1/certificates/import', { issuerOrg, dryRun: false, certificates: [row] });
  expect(res.statusCode, res.body).toBe(200);
  return { id: res.json().rows[0].id, version: 1 };
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await buildTree(t.db);
  await t.db.transaction((tx) => seedCertificateTypes(tx));
  holder = await buildUser(t.db, { role: 'applicant', phone: '13899120011' });
  const c = await buildUser(t.db, { role: 'applicant', kind: 'company' });
  const creditCode = validCreditCode();
  await t.db.update(users).set({ creditCode }).where(eq(users.id, c.id));
  company = { id: c.id, creditCode };
  stranger = await buildUser(t.db, { role: 'applicant' });
  adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
  headA = await buildUser(t.db, { roles: ['departmentHead', 'reviewer'], org: tree.a.market });
  reviewerA = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
  clerkA = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
  adminB = await buildUser(t.db, { role: 'admin', org: tree.b.gov });
  adminCounty = adminA;
  catalogP = await buildUser(t.db, { role: 'catalogManager', org: tree.prefecture });
});
afterAll(() => t.close());

describe('certificate types', () => {
  it('are public, with their national codes and fields', async () => {
    const res = await get(null, '/api/v1/certificate-types');
    expect(res.statusCode).toBe(200);
    const food = res.json().items.find((x: { key: string }) => x.key === 'foodBusinessLicence');
    expect(food).toMatchObject({ name: '食品经营许可证', deptKey: 'market', validityYears: 5 });
    expect(food.nationalCode).toMatch(/^11100000MB[0-9A-Z]{8}\d{3}$/);
    expect((await get(null, '/api/v1/certificate-types/businessLicence')).json().fields.map((f: { key: string }) => f.key)).toContain('businessScope');
  });

  it('are added and edited by the prefecture\'s catalog managers, versioned and audited', async () => {
    const body = { key: 'fireSafetyCheck', name: '公众聚集场所投入使用、营业前消防安全检查合格证', nameEn: 'Fire safety inspection certificate', deptKey: 'fire', holderKinds: ['company'], validityYears: null, fields: [{ key: 'premises', name: '场所', nameEn: 'Premises', type: 'string', required: true }] };
    expect((await post(adminCounty, '/api/v1/certificate-types', body)).statusCode).toBe(403);
    const created = await post(catalogP, '/api/v1/certificate-types', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().nationalCode).toMatch(/001$/);
    expect((await post(catalogP, '/api/v1/certificate-types', body)).json().code).toBe('duplicate');
    const put = (version: number) => t.injectAs(catalogP, { method: 'PUT', url: '/api/v1/certificate-types/fireSafetyCheck', payload: { ...body, key: undefined, name: '消防安全检查合格证', active: true, version } });
    expect((await put(1)).json()).toMatchObject({ name: '消防安全检查合格证', version: 2, nationalCode: created.json().nationalCode });
    expect((await put(1)).json().code).toBe('version_conflict');
    expect(await audits('certificateType.update')).toBe(1);
    const dup = await post(catalogP, '/api/v1/certificate-types', { ...body, key: 'other', fields: [body.fields[0], body.fields[0]] });
    expect(dup.statusCode).toBe(400);
  });
});

describe('import', () => {
  it('checks a batch row by row in a dry run, and a batch with a bad row imports nothing', async () => {
    const before = (await t.db.select({ n: count() }).from(certificates))[0]!.n;
    const good = idCard();
    const rows = [good, licence({ fields: { entityName: '缺字段' } }), idCard({ holder: { kind: 'person', name: '张伟', idNumber: `${holder.residentId!.slice(0, 17)}${holder.residentId!.endsWith('0') ? '1' : '0'}` } }), idCard({ number: good.number }), idCard({ type: 'noSuchType' })];
    const dry = await post(headA, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: true, certificates: rows });
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.rows.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, false, false]);
    expect(report.rows[1].errors.map((e: { field: string }) => e.field)).toContain('/body/certificates/1/fields/businessScope');
    expect(report.rows[2].errors[0].field).toBe('/body/certificates/2/holder/idNumber');
    expect(report.rows[3].errors[0].message).toMatch(/twice/);
    const real = await post(headA, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: false, certificates: rows });
    expect(real.statusCode).toBe(400);
    expect(real.json().code).toBe('certificate.import_rejected');
    expect((await t.db.select({ n: count() }).from(certificates))[0]!.n).toBe(before);
    expect(await audits('certificate.import')).toBe(0);
  });

  it('signs each imported certificate with the issuer\'s seal under a GB/T 36904-style identifier', async () => {
    const rows = [idCard(), licence()];
    const res = await post(headA, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: false, certificates: rows });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported).toBe(2);
    const [first] = res.json().rows;
    expect(parseIdentifier(first.identifier)).toMatchObject({ number: rows[0]!.number, version: 1 });
    const v = (await get(null, `/api/v1/certificates/${first.id}/verification`)).json();
    expect(v).toMatchObject({ valid: true, status: 'valid', certificate: { typeName: '居民身份证', holderKind: 'person', identifier: first.identifier } });
    expect(v.certificate.holderId).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(v.fields.map((f: { name: string }) => f.name)).toEqual(['性别', '民族', '出生日期', '住址']);
    expect(await audits('certificate.import')).toBe(1);
  });

  it('is for organisations in the importer\'s subtree, by administrators and department heads', async () => {
    expect((await post(adminB, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: true, certificates: [idCard()] })).statusCode).toBe(404);
    expect((await post(reviewerA, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: true, certificates: [idCard()] })).statusCode).toBe(403);
    expect((await post(adminA, '/api/v1/certificates/import', { issuerOrg: tree.a.market.code, dryRun: true, certificates: [idCard()] })).statusCode).toBe(200);
  });
});

describe('the holder', () => {
  it('sees only their own certificates, with the fields and the whole ID number', async () => {
    const mine = await importOne(idCard());
    const list = (await get(holder, '/api/v1/my-certificates')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((c: { holder: { idNumber: string } }) => c.holder.idNumber === holder.residentId)).toBe(true);
    expect((await get(stranger, '/api/v1/my-certificates')).json()).toEqual({ total: 0, items: [] });
    expect((await get(stranger, `/api/v1/certificates/${mine.id}`)).statusCode).toBe(404);
    const detail = (await get(holder, `/api/v1/certificates/${mine.id}`)).json();
    expect(detail.certificate.holder.idNumber).toBe(holder.residentId);
    expect(detail.seal.valid).toBe(true);
    expect(detail.certificate.allowedActions).toEqual([]);
    expect(detail.fields.find((f: { key: string }) => f.key === 'address').value).toBe('昌吉市延安北路126号');
    const pdf = await get(holder, `/api/v1/certificates/${mine.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(stranger, `/api/v1/certificates/${mine.id}/pdf`)).statusCode).toBe(404);
  });

  it('is found by company credit code too', async () => {
    await importOne(licence());
    expect((await get(company, '/api/v1/my-certificates')).json().items[0]).toMatchObject({ type: 'businessLicence', holder: { kind: 'company' } });
  });
});

describe('the library (staff)', () => {
  it('shows staff the certificates issued in their subtree, ID numbers masked, searchable', async () => {
    const c = await importOne(idCard());
    const found = (await get(reviewerA, `/api/v1/certificates?holder=${holder.residentId}`)).json();
    expect(found.items.some((x: { id: string }) => x.id === c.id)).toBe(true);
    expect(found.items[0].holder.idNumber).toContain('****');
    expect((await get(reviewerA, `/api/v1/certificates?q=${encodeURIComponent('T')}&type=residentIdCard&status=valid&issuer=${tree.a.market.code}`)).json().total).toBeGreaterThan(0);
    expect((await get(adminB, '/api/v1/certificates')).json().items.some((x: { id: string }) => x.id === c.id)).toBe(false);
    expect((await get(adminB, `/api/v1/certificates/${c.id}`)).statusCode).toBe(404);
    expect((await get(clerkA, '/api/v1/certificates')).statusCode).toBe(403);
  });
});

describe('status changes', () => {
  it('are for administrators and department heads of the issuer\'s subtree, audited, and tell the holder', async () => {
    const c = await importOne(idCard());
    expect((await post(reviewerA, `/api/v1/certificates/${c.id}/suspend`, { version: 1, reason: '核查中' })).statusCode).toBe(403);
    expect((await post(adminB, `/api/v1/certificates/${c.id}/suspend`, { version: 1, reason: '核查中' })).statusCode).toBe(404);
    expect((await post(headA, `/api/v1/certificates/${c.id}/suspend`, { version: 1 })).statusCode).toBe(400);
    const suspended = await post(headA, `/api/v1/certificates/${c.id}/suspend`, { version: 1, reason: '证件信息核查中' });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json().certificate).toMatchObject({ status: 'suspended', statusReason: '证件信息核查中', version: 2, allowedActions: ['reinstate', 'revoke'] });
    expect((await get(null, `/api/v1/certificates/${c.id}/verification`)).json()).toMatchObject({ valid: false, status: 'suspended', problem: 'suspended' });
    expect((await post(headA, `/api/v1/certificates/${c.id}/reinstate`, { version: 1 })).json().code).toBe('version_conflict');
    expect((await post(adminA, `/api/v1/certificates/${c.id}/reinstate`, { version: 2 })).json().certificate.status).toBe('valid');
    const revoked = await post(adminA, `/api/v1/certificates/${c.id}/revoke`, { version: 3, reason: '以欺骗手段取得' });
    expect(revoked.json().certificate).toMatchObject({ status: 'revoked', allowedActions: [] });
    expect((await post(adminA, `/api/v1/certificates/${c.id}/revoke`, { version: 4, reason: '再次' })).json().code).toBe('certificate.invalid_transition');
    expect(await audits('certificate.suspend')).toBe(1);
    expect(await audits('certificate.revoke')).toBe(1);
    const sent = await t.db.select().from(notifications).where(and(eq(notifications.userId, holder.id), like(notifications.template, 'certificate.%')));
    expect(sent.map((n) => n.template)).toEqual(['certificate.suspended', 'certificate.reinstated', 'certificate.revoked']);
    expect(sent[2]!.body).toContain('以欺骗手段取得');
  });

  it('show on the verification after revocation, and the library stops offering the certificate', async () => {
    const c = await importOne(idCard());
    const now = t.clock.now();
    expect((await findUsableCertificates(t.db, holder.residentId!, 'residentIdCard', now)).map((x) => x.id)).toContain(c.id);
    await post(headA, `/api/v1/certificates/${c.id}/revoke`, { version: 1, reason: '证件作废' });
    const v = (await get(null, `/api/v1/certificates/${c.id}/verification`)).json();
    expect(v).toMatchObject({ valid: false, status: 'revoked', problem: 'revoked', certificate: { statusReason: '证件作废' } });
    expect((await findUsableCertificates(t.db, holder.residentId!, 'residentIdCard', now)).map((x) => x.id)).not.toContain(c.id);
  });
});

describe('share links', () => {
  it('show the certificate to anyone with the link until it expires', async () => {
    const c = await importOne(idCard());
    expect((await post(stranger, `/api/v1/certificates/${c.id}/shares`, { hours: 1 })).statusCode).toBe(404);
    expect((await post(reviewerA, `/api/v1/certificates/${c.id}/shares`, { hours: 1 })).statusCode).toBe(403);
    expect((await post(holder, `/api/v1/certificates/${c.id}/shares`, { hours: 24 * 31 })).statusCode).toBe(400);
    const share = await post(holder, `/api/v1/certificates/${c.id}/shares`, { hours: 1 });
    expect(share.statusCode, share.body).toBe(201);
    const { token } = share.json();
    const seen = await get(null, `/api/v1/shared-certificates?token=${token}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ valid: true, certificate: { id: c.id } });
    t.clock.advance(61 * 60_000);
    try {
      const expired = await get(null, `/api/v1/shared-certificates?token=${token}`);
      expect(expired.statusCode).toBe(404);
      expect(expired.json().code).toBe('certificate.share_unavailable');
      expect((await get(holder, `/api/v1/certificates/${c.id}/shares`)).json().items[0]).toMatchObject({ active: false });
    } finally {
      t.clock.advance(-61 * 60_000);
    }
  });

  it('end when the holder revokes them, and only the hash of the token is kept', async () => {
    const c = await importOne(idCard());
    const share = (await post(holder, `/api/v1/certificates/${c.id}/shares`, { hours: 720 })).json();
    const stored = JSON.stringify(await t.db.select().from(certificates).where(eq(certificates.id, c.id))) + JSON.stringify((await get(holder, `/api/v1/certificates/${c.id}/shares`)).json());
    expect(stored).not.toContain(share.token);
    expect((await post(stranger, `/api/v1/certificates/${c.id}/shares/${share.id}/revoke`)).statusCode).toBe(404);
    const revoked = await post(holder, `/api/v1/certificates/${c.id}/shares/${share.id}/revoke`);
    expect(revoked.json()).toMatchObject({ active: false });
    expect((await get(null, `/api/v1/shared-certificates?token=${share.token}`)).statusCode).toBe(404);
    expect(await audits('certificate.unshare')).toBe(1);
    await post(headA, `/api/v1/certificates/${c.id}/suspend`, { version: 1, reason: '核查' });
    expect((await post(holder, `/api/v1/certificates/${c.id}/shares`, { hours: 1 })).json().code).toBe('certificate.not_shareable');
  });
});

describe('signed documents and seal keys', () => {
  it('verify offline against the JWKS, survive rotation, and fail once the key is revoked', async () => {
    const org = await buildOrg(t.db, { parent: tree.a.gov, kind: 'department', deptKey: 'public-security' });
    const c = await importOne(idCard(), adminA, org.code);
    const signed = (await get(null, `/api/v1/certificates/${c.id}/signed`)).json();
    expect(signed).toMatchObject({ alg: 'EdDSA', payload: { id: c.id } });
    const jwks = async () => (await get(null, '/.well-known/jwks.json')).json();
    expect(verifySignedDocument(signed, await jwks()).verdict).toBe('valid');
    expect(verifySignedDocument({ ...signed, payload: { ...signed.payload, number: 'FORGED' } }, await jwks()).verdict).toBe('tampered');

    const rotated = await post(adminA, `/api/v1/orgs/${org.id}/seal/rotate`);
    expect(rotated.json().keyId).not.toBe(signed.kid);
    expect(verifySignedDocument(signed, await jwks()).verdict).toBe('valid');

    expect((await post(adminB, `/api/v1/seal-keys/${signed.kid}/revoke`, { reason: '私钥泄露' })).statusCode).toBe(404);
    const keys = (await get(adminA, `/api/v1/seal-keys?q=${encodeURIComponent(org.name)}`)).json();
    expect(keys.items.find((k: { kid: string }) => k.kid === signed.kid)).toMatchObject({ certificates: 1, revokedAt: null });
    const revoked = await post(adminA, `/api/v1/seal-keys/${signed.kid}/revoke`, { reason: '私钥泄露' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await jwks()).keys.find((k: { kid: string }) => k.kid === signed.kid).revokedAt).not.toBeNull();
    expect(verifySignedDocument(signed, await jwks()).verdict).toBe('revoked_key');
    expect((await get(null, `/api/v1/certificates/${c.id}/verification`)).json()).toMatchObject({ valid: false, problem: 'revoked_key' });
    expect((await findUsableCertificates(t.db, holder.residentId!, 'residentIdCard', t.clock.now())).map((x) => x.id)).not.toContain(c.id);
    expect((await post(adminA, `/api/v1/seal-keys/${signed.kid}/revoke`, { reason: '再次' })).json().code).toBe('seal.already_revoked');
    expect(await audits('seal.revoke')).toBe(1);
  });
});

describe('for other modules', () => {
  it('findUsableCertificates: the holder\'s valid ones of the type, newest first, with identifier and digest', async () => {
    const older = await importOne(licence({ issuedOn: '2019-01-02' }));
    const newer = await importOne(licence({ issuedOn: '2024-06-01' }));
    const expired = await importOne(licence({ issuedOn: '2010-01-01', validUntil: '2020-01-01' }));
    const usable = await findUsableCertificates(t.db, company.creditCode, 'businessLicence', t.clock.now());
    const ids = usable.map((u) => u.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids).not.toContain(expired.id);
    expect(usable[0]).toMatchObject({ typeCode: 'businessLicence', title: '营业执照', issuerOrgId: tree.a.market.id, version: 1 });
    expect(usable[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(parseIdentifier(usable[0]!.identifier)).not.toBeNull();
  });

  it('issueCertificate: a case of a mapped item issues its certificate type; others an item result', async () => {
    const issue = (type: string, n: string) => t.db.transaction((tx) => issueCertificate(tx, t.app.platform.secrets, {
      number: n, type, title: '食品经营许可（新办）', holder: { kind: 'company', name: '天山', idNumber: company.creditCode }, issuerOrgId: tree.a.market.id, caseId: null, fields: { premises: '昌吉市' }, validUntil: null,
    }, t.clock.now()));
    const food = await issue('item:01047004001', `C${process.pid}-1-Z`);
    expect(food).toMatchObject({ type: 'foodBusinessLicence', title: '食品经营许可证' });
    const other = await issue('item:01032001001', `C${process.pid}-2-Z`);
    expect(other).toMatchObject({ type: 'itemResult', title: '食品经营许可（新办）' });
    expect((await get(null, `/api/v1/certificates/${food.id}/verification`)).json().valid).toBe(true);
  });
});
