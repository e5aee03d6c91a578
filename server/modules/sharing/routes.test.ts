import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, notifications } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildOrg, buildUser, validCreditCode, validResidentId } from '../../test/factories.js';
import { lookupForCase } from './index.js';
import { dataRecords, sharingCredentials, sharingQueries } from './schema.js';

type User = { id: string };
let t: Awaited<ReturnType<typeof buildTestApp>>;
let prefecture: Awaited<ReturnType<typeof buildOrg>>, police: typeof prefecture, market: typeof prefecture, housing: typeof prefecture, county: typeof prefecture, countyMarket: typeof prefecture;
let policeHead: User, policeReviewer: User, marketHead: User, marketReviewer: User, housingHead: User, countyHead: User, admin: User, supervisor: User, catalogManager: User;
let subject: User & { residentId: string | null }, other: User;
let token: string;
let credentialId: string;

const CODE = 'household-registration';
const fields = [
  { key: 'name', name: '姓名', nameEn: 'Name', type: 'name', sensitive: false },
  { key: 'birthDate', name: '出生日期', nameEn: 'Date of birth', type: 'date', sensitive: false },
  { key: 'address', name: '住址', nameEn: 'Address', type: 'address', sensitive: true },
  { key: 'householdNumber', name: '户号', nameEn: 'Household number', type: 'text', sensitive: true },
];
const resource = (code: string, sharingType: string) => ({
  code, name: '户籍信息', nameEn: code, subjectKinds: ['person'], fields, updateFrequency: 'realTime', sharingType,
  description: '常住人口户籍登记信息。', descriptionEn: 'Registered residents.',
});
const record = { name: '张伟', birthDate: '1990-03-07', address: '昌吉市北京南路56号3栋2单元402室', householdNumber: '652301563' };

const send = (user: User | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.injectAs(user, { method, url, headers, ...(payload ? { payload } : {}) });
const bearer = (value = token) => ({ authorization: `Bearer ${value}` });
const query = (subjectId: string, headers: Record<string, string> = bearer(), code = CODE, purpose = '核验申请人户籍') =>
  t.app.inject({ method: 'GET', url: `/api/v1/sharing/resources/${code}/records/${subjectId}?purpose=${encodeURIComponent(purpose)}`, headers });
// The latest written (ids are UUIDv7, in insertion order; `at` follows the test's clock, which moves).
const lastQuery = async () => (await t.db.select().from(sharingQueries).orderBy(desc(sharingQueries.id)).limit(1))[0]!;

beforeAll(async () => {
  t = await buildTestApp();
  prefecture = await buildOrg(t.db);
  police = await buildOrg(t.db, { parent: prefecture, kind: 'department', deptKey: 'public-security' });
  market = await buildOrg(t.db, { parent: prefecture, kind: 'department', deptKey: 'market' });
  housing = await buildOrg(t.db, { parent: prefecture, kind: 'department', deptKey: 'housing' });
  county = await buildOrg(t.db, { parent: prefecture, level: 'county' });
  countyMarket = await buildOrg(t.db, { parent: county, kind: 'department', deptKey: 'market' });
  policeHead = await buildUser(t.db, { role: 'departmentHead', org: police, phone: '13899120101' });
  policeReviewer = await buildUser(t.db, { role: 'reviewer', org: police });
  marketHead = await buildUser(t.db, { role: 'departmentHead', org: market, phone: '13899120102' });
  marketReviewer = await buildUser(t.db, { role: 'reviewer', org: market });
  housingHead = await buildUser(t.db, { role: 'departmentHead', org: housing });
  countyHead = await buildUser(t.db, { role: 'departmentHead', org: countyMarket });
  admin = await buildUser(t.db, { role: 'admin', org: prefecture });
  supervisor = await buildUser(t.db, { role: 'supervisor', org: prefecture });
  catalogManager = await buildUser(t.db, { role: 'catalogManager', org: prefecture });
  subject = await buildUser(t.db, { role: 'applicant', residentId: validResidentId() });
  other = await buildUser(t.db, { role: 'applicant' });
}, 60_000);
afterAll(() => t.close());

describe('publishing resources and keeping records', () => {
  it('lets the owner\'s head publish, audited; not another department\'s head', async () => {
    expect((await send(marketHead, 'POST', '/api/v1/sharing/resources', { ...resource('x-other', 'conditional'), ownerOrg: police.id })).statusCode).toBe(404);
    expect((await send(policeReviewer, 'POST', '/api/v1/sharing/resources', resource('x-other', 'conditional'))).statusCode).toBe(403);
    const res = await send(policeHead, 'POST', '/api/v1/sharing/resources', resource(CODE, 'conditional'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: CODE, owner: { id: police.id }, sharingType: 'conditional', allowedActions: ['edit', 'records'] });
    const [audit] = await t.db.select().from(auditEntries).where(eq(auditEntries.action, 'sharing.resource-publish'));
    expect(audit).toMatchObject({ actorId: policeHead.id, targetId: res.json().id });
    expect((await send(policeHead, 'POST', '/api/v1/sharing/resources', resource(CODE, 'conditional'))).json().code).toBe('duplicate');
    expect((await send(policeHead, 'POST', '/api/v1/sharing/resources', resource('social-security-status', 'unconditional'))).statusCode).toBe(201);
    expect((await send(policeHead, 'POST', '/api/v1/sharing/resources', resource('household-archive', 'notShared'))).statusCode).toBe(201);
  });

  it('shows the catalog to staff, with each department\'s place, and not to applicants', async () => {
    const list = (await send(catalogManager, 'GET', '/api/v1/sharing/resources?q=household')).json();
    expect(list.items.map((r: { code: string }) => r.code)).toEqual(['household-archive', CODE]);
    expect((await send(subject, 'GET', '/api/v1/sharing/resources')).statusCode).toBe(403);
    expect((await send(marketHead, 'GET', `/api/v1/sharing/resources/${CODE}`)).json()).toMatchObject({ allowedActions: ['apply'], access: { state: 'none' } });
    expect((await send(policeReviewer, 'GET', `/api/v1/sharing/resources/${CODE}`)).json()).toMatchObject({ allowedActions: ['records'], access: { state: 'owner' } });
    expect((await send(marketHead, 'GET', '/api/v1/sharing/resources/social-security-status')).json().access.state).toBe('open');
  });

  it('keeps records: create, replace with the version read, refuse stale versions and bad values', async () => {
    const url = `/api/v1/sharing/resources/${CODE}/records/${subject.residentId}`;
    expect((await send(marketHead, 'PUT', url, { data: record })).statusCode).toBe(403);
    const created = await send(policeReviewer, 'PUT', url, { data: { ...record, address: '旧地址' } });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ version: 1, subjectKind: 'person' });
    expect((await send(policeReviewer, 'PUT', url, { data: record })).json().code).toBe('duplicate');
    expect((await send(policeReviewer, 'PUT', url, { data: record, version: 1 })).json().version).toBe(2);
    expect((await send(policeReviewer, 'PUT', url, { data: record, version: 1 })).json().code).toBe('version_conflict');
    const bad = await send(policeReviewer, 'PUT', url, { data: { birthDate: 'yesterday' }, version: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: '/body/data/birthDate', message: 'must be a date (YYYY-MM-DD)' }]);
    expect((await send(policeReviewer, 'PUT', `/api/v1/sharing/resources/${CODE}/records/${validCreditCode()}`, { data: record })).json().code).toBe('sharing.invalid_subject');
    const listed = (await send(policeReviewer, 'GET', `/api/v1/sharing/resources/${CODE}/records?subject=${subject.residentId}`)).json();
    expect(listed).toMatchObject({ total: 1, items: [{ subjectId: `${subject.residentId!.slice(0, 6)}********${subject.residentId!.slice(-4)}`, version: 2 }] });
  });

  it('keeps numbers, yes/no answers and gaps as sent (no coercion of null to "" or 0 to null)', async () => {
    const typed = [
      { key: 'count', name: '数量', nameEn: 'Count', type: 'number', sensitive: false },
      { key: 'flag', name: '标记', nameEn: 'Flag', type: 'boolean', sensitive: false },
      { key: 'since', name: '日期', nameEn: 'Since', type: 'date', sensitive: false },
      { key: 'note', name: '备注', nameEn: 'Note', type: 'text', sensitive: false },
    ];
    expect((await send(policeHead, 'POST', '/api/v1/sharing/resources', { ...resource('typed-values', 'conditional'), fields: typed })).statusCode).toBe(201);
    const data = { count: 0, flag: false, since: null, note: null };
    const res = await send(policeReviewer, 'PUT', `/api/v1/sharing/resources/typed-values/records/${subject.residentId}`, { data });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual(data);
    expect((await send(policeReviewer, 'PUT', `/api/v1/sharing/resources/typed-values/records/${subject.residentId}`, { data: { count: '0' }, version: 1 })).json().errors).toEqual([{ field: '/body/data/count', message: 'must be a number' }]);
  });

  it('imports a batch all or nothing, with a report of every bad row', async () => {
    const url = `/api/v1/sharing/resources/${CODE}/records/import`;
    const good = [{ subjectId: validResidentId(), data: record }, { subjectId: validResidentId(), data: { name: '阿依努尔' } }];
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(dataRecords))[0]!.n;
    const failed = (await send(policeHead, 'POST', url, { rows: [...good, { subjectId: '123', data: {} }, { subjectId: validResidentId(), data: { salary: 1 } }] })).json();
    expect(failed).toMatchObject({ ok: false, created: 3, errors: [{ row: 2, field: '/body/rows/2/subjectId' }, { row: 3, field: '/body/rows/3/data/salary' }] });
    const dry = (await send(policeHead, 'POST', `${url}?dryRun=true`, { rows: good })).json();
    expect(dry).toMatchObject({ ok: true, dryRun: true, created: 2, updated: 0 });
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(dataRecords))[0]!.n).toBe(before);
    expect((await send(policeHead, 'POST', url, { rows: [...good, { subjectId: subject.residentId!, data: record }] })).json()).toMatchObject({ ok: true, created: 2, updated: 1 });
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(dataRecords))[0]!.n).toBe(before + 2);
  });
});

describe('credentials, applications and queries', () => {
  it('gives a department credentials whose secret is shown once and kept only as a hash', async () => {
    expect((await send(marketReviewer, 'POST', '/api/v1/sharing/credentials', { name: '户籍核验' })).statusCode).toBe(403);
    expect((await send(marketHead, 'POST', '/api/v1/sharing/credentials', { name: '户籍核验', org: police.id })).statusCode).toBe(404);
    const res = await send(marketHead, 'POST', '/api/v1/sharing/credentials', { name: '户籍核验接口' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    token = body.token;
    credentialId = body.credential.id;
    expect(token).toBe(`${body.credential.clientId}.${body.secret}`);
    const [stored] = await t.db.select().from(sharingCredentials).where(eq(sharingCredentials.id, credentialId));
    expect(JSON.stringify(stored)).not.toContain(body.secret);
    expect(stored!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await send(marketHead, 'GET', '/api/v1/sharing/credentials')).json().items.map((c: { id: string }) => c.id)).toEqual([credentialId]);
    expect((await send(policeHead, 'GET', '/api/v1/sharing/credentials')).json().items).toEqual([]);
  });

  it('refuses a department without approval (403) and logs the denial', async () => {
    const res = await query(subject.residentId!);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'sharing.access_denied', detail: expect.stringContaining('no approved application') });
    expect(await lastQuery()).toMatchObject({ consumerOrgId: market.id, credentialId, subjectId: subject.residentId, result: 'denied', denialReason: 'noApplication', purpose: '核验申请人户籍', fields: [], maskedFields: [] });
  });

  it('needs a purpose and valid credentials; a session of staff who do not handle cases is refused', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sharing/resources/${CODE}/records/${subject.residentId}`, headers: bearer() })).statusCode).toBe(400);
    expect((await query(subject.residentId!, bearer(`${token.slice(0, -1)}x`))).json().code).toBe('sharing.invalid_credential');
    expect((await query(subject.residentId!, {})).statusCode).toBe(401);
    const asSupervisor = await t.injectAs(supervisor, { method: 'GET', url: `/api/v1/sharing/resources/${CODE}/records/${subject.residentId}?purpose=x` });
    expect(asSupervisor.statusCode).toBe(403);
    expect(asSupervisor.json().code).toBe('forbidden');
  });

  let applicationId: string;
  it('lets the consumer\'s head apply and the owner\'s head approve fewer fields, both audited and told', async () => {
    expect((await send(marketHead, 'POST', '/api/v1/sharing/applications', { resourceCode: 'social-security-status', purpose: '核验', fields: ['name'], validUntil: '2026-12-31' })).json().code).toBe('sharing.no_approval_needed');
    expect((await send(marketHead, 'POST', '/api/v1/sharing/applications', { resourceCode: 'household-archive', purpose: '核验', fields: ['name'], validUntil: '2026-12-31' })).json().code).toBe('sharing.not_shared');
    expect((await send(policeHead, 'POST', '/api/v1/sharing/applications', { resourceCode: CODE, purpose: '核验', fields: ['name'], validUntil: '2026-12-31' })).json().code).toBe('sharing.own_resource');
    const applied = await send(marketHead, 'POST', '/api/v1/sharing/applications', { resourceCode: CODE, purpose: '食品经营许可核验经营者身份', fields: ['name', 'birthDate', 'address'], validUntil: '2026-06-30' });
    expect(applied.statusCode, applied.body).toBe(201);
    applicationId = applied.json().id;
    expect(applied.json()).toMatchObject({ status: 'pending', consumer: { id: market.id }, owner: { id: police.id }, allowedActions: [] });
    expect((await send(marketHead, 'POST', '/api/v1/sharing/applications', { resourceCode: CODE, purpose: '再次', fields: ['name'], validUntil: '2026-06-30' })).json().code).toBe('sharing.application_open');
    const [told] = await t.db.select().from(notifications).where(eq(notifications.userId, policeHead.id));
    expect(told).toMatchObject({ template: 'sharing.application_submitted', recipient: '13899120101' });

    const incoming = (await send(policeHead, 'GET', '/api/v1/sharing/applications?box=incoming')).json();
    expect(incoming.items).toMatchObject([{ id: applicationId, allowedActions: ['approve', 'refuse'] }]);
    expect((await send(countyHead, 'GET', `/api/v1/sharing/applications/${applicationId}`)).statusCode).toBe(404);
    expect((await send(marketHead, 'POST', `/api/v1/sharing/applications/${applicationId}/approve`, { version: 1, fields: ['name'] })).statusCode).toBe(403);
    expect((await send(policeHead, 'POST', `/api/v1/sharing/applications/${applicationId}/approve`, { version: 1, fields: ['name', 'householdNumber'] })).statusCode).toBe(400);
    const approved = await send(policeHead, 'POST', `/api/v1/sharing/applications/${applicationId}/approve`, { version: 1, fields: ['name', 'address'], note: '住址仅用于核对' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedFields: ['name', 'address'], validUntil: '2026-06-30', decidedBy: { id: policeHead.id }, allowedActions: ['revoke'] });
    const actions = (await t.db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.targetId, applicationId))).map((a) => a.action);
    expect(actions).toEqual(['sharing.application-submit', 'sharing.application-approve']);
    expect((await t.db.select().from(notifications).where(and(eq(notifications.userId, marketHead.id), eq(notifications.template, 'sharing.application_decided')))).length).toBe(1);
    expect((await send(marketHead, 'GET', `/api/v1/sharing/resources/${CODE}`)).json().access).toMatchObject({ state: 'granted', fields: ['name', 'address'], validUntil: '2026-06-30' });
  });

  it('answers an approved query with the approved fields, sensitive ones masked, the rest withheld', async () => {
    const res = await query(subject.residentId!);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ resourceCode: CODE, subjectId: subject.residentId, version: 3, result: 'masked', masked: ['birthDate', 'address', 'householdNumber'] });
    expect(body.fields).toEqual({ name: '张伟', birthDate: null, address: '昌吉市北京南********', householdNumber: null });
    expect(await lastQuery()).toMatchObject({ id: body.logId, result: 'masked', fields: ['name'], maskedFields: ['birthDate', 'address', 'householdNumber'], applicationId, recordVersion: 3 });
  });

  it('lets the consumer\'s staff query in person, logged with their name', async () => {
    const res = await t.injectAs(marketReviewer, { method: 'GET', url: `/api/v1/sharing/resources/${CODE}/records/${subject.residentId}?purpose=${encodeURIComponent('窗口核验')}` });
    expect(res.statusCode).toBe(200);
    expect(await lastQuery()).toMatchObject({ actorId: marketReviewer.id, credentialId: null, consumerOrgId: market.id });
  });

  it('logs a subject without a record and answers 404', async () => {
    const nobody = validResidentId();
    const res = await query(nobody);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('sharing.no_record');
    expect(await lastQuery()).toMatchObject({ subjectId: nobody, result: 'notFound' });
  });

  it('opens an unconditional resource to any credentials without an application', async () => {
    await send(policeHead, 'PUT', `/api/v1/sharing/resources/social-security-status/records/${subject.residentId}`, { data: record });
    const res = await query(subject.residentId!, bearer(), 'social-security-status');
    expect(res.json()).toMatchObject({ result: 'returned', masked: [], fields: record });
  });

  it('shows the owner the queries of its resources, the consumer its own, and nobody else either', async () => {
    const owner = (await send(policeHead, 'GET', '/api/v1/sharing/query-log?side=owner')).json();
    expect(owner.total).toBeGreaterThanOrEqual(5);
    expect(owner.items[0]).toMatchObject({ consumer: { id: market.id }, credential: { id: credentialId, name: '户籍核验接口' }, subjectId: expect.stringContaining('********') });
    const consumer = (await send(marketHead, 'GET', `/api/v1/sharing/query-log?side=consumer&subject=${subject.residentId}&result=denied`)).json();
    expect(consumer.items).toMatchObject([{ result: 'denied', denialReason: 'noApplication' }]);
    expect((await send(marketHead, 'GET', '/api/v1/sharing/query-log?side=owner')).json().total).toBe(0);
    expect((await send(countyHead, 'GET', '/api/v1/sharing/query-log?side=consumer')).json().total).toBe(0);
    expect((await send(marketReviewer, 'GET', '/api/v1/sharing/query-log?side=consumer')).statusCode).toBe(403);
  });

  it('shows the subject every query about them in their access log, and nobody else\'s', async () => {
    const mine = (await send(subject, 'GET', '/api/v1/sharing/my-access-log')).json();
    const byCredential = mine.items.find((e: { purpose: string; result: string }) => e.purpose === '核验申请人户籍' && e.result === 'masked');
    expect(byCredential).toMatchObject({ consumer: { id: market.id, name: market.name }, owner: { id: police.id }, fields: [{ key: 'name', name: '姓名' }], forCase: false });
    expect(byCredential).not.toHaveProperty('credential');
    expect(mine.items.some((e: { result: string }) => e.result === 'denied')).toBe(true);
    expect((await send(other, 'GET', '/api/v1/sharing/my-access-log')).json()).toEqual({ total: 0, items: [] });
    expect((await send(marketHead, 'GET', '/api/v1/sharing/my-access-log')).statusCode).toBe(403);
  });

  it('refuses an expired approval', async () => {
    const saved = t.clock.now();
    t.clock.set('2026-07-01T02:00:00Z');
    try {
      const res = await query(subject.residentId!);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toContain('expired');
      expect(await lastQuery()).toMatchObject({ result: 'denied', denialReason: 'expired' });
    } finally {
      t.clock.set(saved);
    }
  });

  it('refuses once the owner revokes the approval', async () => {
    const current = (await send(marketHead, 'GET', `/api/v1/sharing/applications/${applicationId}`)).json();
    expect((await send(policeHead, 'POST', `/api/v1/sharing/applications/${applicationId}/revoke`, { version: current.version, reason: '用途已结束' })).json().status).toBe('revoked');
    expect((await query(subject.residentId!)).json().detail).toContain('revoked');
  });

  it('answers 401 to revoked credentials', async () => {
    const [row] = await t.db.select({ version: sharingCredentials.version }).from(sharingCredentials).where(eq(sharingCredentials.id, credentialId));
    const revoked = await send(marketHead, 'POST', `/api/v1/sharing/credentials/${credentialId}/revoke`, { version: row!.version });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const res = await query(subject.residentId!, bearer(), 'social-security-status');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('sharing.invalid_credential');
  });

  it('refuses applications the owner turned down, with the reason', async () => {
    const applied = (await send(housingHead, 'POST', '/api/v1/sharing/applications', { resourceCode: CODE, purpose: '公租房资格审核', fields: ['name'], validUntil: '2026-12-31' })).json();
    const refused = await send(admin, 'POST', `/api/v1/sharing/applications/${applied.id}/refuse`, { version: applied.version, reason: '用途与户籍信息无关' });
    expect(refused.json()).toMatchObject({ status: 'refused', answer: '用途与户籍信息无关' });
    expect((await send(admin, 'POST', `/api/v1/sharing/applications/${applied.id}/approve`, { version: refused.json().version, fields: ['name'] })).json().code).toBe('sharing.invalid_transition');
    const res = await t.injectAs(housingHead, { method: 'GET', url: `/api/v1/sharing/resources/${CODE}/records/${subject.residentId}?purpose=x` });
    expect(res.json().detail).toContain('refused');
  });
});

describe('lookupForCase (the contract with the case engine)', () => {
  const caseId = '01900000-0000-7000-8000-000000000001';
  it('reads for a case\'s intake organisation without an application, masked as for any consumer, and logs the case', async () => {
    const found = await t.db.transaction((tx) => lookupForCase(tx, { resourceCode: CODE, subjectId: subject.residentId!, consumerOrgId: housing.id, actorId: null, purpose: '办件 652301202603020001: 户口簿', caseId, now: t.clock.now() }));
    expect(found).toMatchObject({ resourceCode: CODE, resourceName: '户籍信息', ownerOrgId: police.id, subjectId: subject.residentId, version: 3, masked: ['address', 'householdNumber'] });
    expect(found!.fields).toMatchObject({ name: '张伟', birthDate: '1990-03-07' });
    expect(await lastQuery()).toMatchObject({ id: found!.logId, caseId, consumerOrgId: housing.id, result: 'masked' });
    const mine = (await send(subject, 'GET', '/api/v1/sharing/my-access-log?pageSize=100')).json();
    expect(mine.items.filter((e: { forCase: boolean }) => e.forCase)).toMatchObject([{ consumer: { id: housing.id }, purpose: '办件 652301202603020001: 户口簿' }]);
  });

  it('answers null for a subject without a record, and refuses a resource not shared', async () => {
    expect(await t.db.transaction((tx) => lookupForCase(tx, { resourceCode: CODE, subjectId: validResidentId(), consumerOrgId: housing.id, actorId: null, purpose: '办件', caseId }))).toBeNull();
    await expect(t.db.transaction((tx) => lookupForCase(tx, { resourceCode: 'household-archive', subjectId: subject.residentId!, consumerOrgId: housing.id, actorId: null, purpose: '办件', caseId }))).rejects.toMatchObject({ code: 'sharing.access_denied' });
  });

  it('keeps the query log append-only', async () => {
    await expect(t.db.execute(sql`UPDATE sharing_queries SET purpose = 'x'`)).rejects.toThrow();
  });
});
