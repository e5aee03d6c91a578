import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildTree, buildUser } from '../../test/factories.js';
import { windows } from './schema.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  t = await buildTestApp();
  tree = await buildTree(t.db);
});
afterAll(() => t.close());

describe('public reads', () => {
  it('lists a subtree in path order, parents first', async () => {
    const res = await t.injectAs(null, { method: 'GET', url: `/api/v1/orgs?within=${tree.a.gov.code}` });
    expect(res.statusCode).toBe(200);
    const ids = res.json().map((o: { id: string }) => o.id);
    expect(ids[0]).toBe(tree.a.gov.id);
    expect(ids).toEqual(expect.arrayContaining([tree.a.market.id, tree.a.services.id]));
    expect(ids).not.toContain(tree.b.gov.id);
  });

  it('shows a site with its windows but no staff names to the public', async () => {
    const clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    await t.injectAs(admin, { method: 'PUT', url: `/api/v1/windows/${tree.a.window.id}/staff`, payload: { userIds: [clerk.id] } });
    const pub = await t.injectAs(null, { method: 'GET', url: `/api/v1/sites/${tree.a.hall.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().windows).toHaveLength(1);
    expect(pub.json().windows[0].staff).toBeUndefined();
    expect(pub.json().canManage).toBe(false);
    const own = await t.injectAs(clerk, { method: 'GET', url: `/api/v1/sites/${tree.a.hall.id}` });
    expect(own.json().windows[0].staff.map((s: { id: string }) => s.id)).toEqual([clerk.id]);
    const other = await t.injectAs(await buildUser(t.db, { role: 'windowClerk', org: tree.b.services }), { method: 'GET', url: `/api/v1/sites/${tree.a.hall.id}` });
    expect(other.json().windows[0].staff).toBeUndefined();
  });
});

describe('editing windows is confined to the administrator\'s subtree', () => {
  it('hides another county\'s window from a county clerk (404) and refuses their own county\'s without the admin role (403)', async () => {
    const clerkA = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    const other = await t.injectAs(clerkA, { method: 'PATCH', url: `/api/v1/windows/${tree.b.window.id}`, payload: { version: 1, name: '改名' } });
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const own = await t.injectAs(clerkA, { method: 'PATCH', url: `/api/v1/windows/${tree.a.window.id}`, payload: { version: 1, name: '改名' } });
    expect(own.statusCode).toBe(403);
    const [unchanged] = await t.db.select().from(windows).where(eq(windows.id, tree.b.window.id));
    expect(unchanged!.name).not.toBe('改名');
  });

  it('hides another county\'s window from that county\'s neighbour admin too', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const res = await t.injectAs(adminA, { method: 'PATCH', url: `/api/v1/windows/${tree.b.window.id}`, payload: { version: 1, category: 'investment' } });
    expect(res.statusCode).toBe(404);
  });

  it('lets the county admin and the prefecture admin edit it, audits the change, and 409s the stale edit', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const prefectureAdmin = await buildUser(t.db, { role: 'admin', org: tree.prefecture });
    const [current] = await t.db.select().from(windows).where(eq(windows.id, tree.a.window.id));
    const first = await t.injectAs(adminA, { method: 'PATCH', url: `/api/v1/windows/${tree.a.window.id}`, payload: { version: current!.version, category: 'companyRegistration', name: '企业开办窗口' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ category: 'companyRegistration', version: current!.version + 1 });
    const stale = await t.injectAs(prefectureAdmin, { method: 'PATCH', url: `/api/v1/windows/${tree.a.window.id}`, payload: { version: current!.version, name: '旧版本' } });
    expect(stale.statusCode).toBe(409);
    const second = await t.injectAs(prefectureAdmin, { method: 'PATCH', url: `/api/v1/windows/${tree.a.window.id}`, payload: { version: current!.version + 1, name: '企业开办综合窗口' } });
    expect(second.statusCode).toBe(200);
    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.targetId, tree.a.window.id));
    expect(audit.filter((a) => a.action === 'window.update')).toHaveLength(2);
  });

  it('requires a department window to name a department of the site\'s own government', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const noDept = await t.injectAs(adminA, { method: 'POST', url: `/api/v1/sites/${tree.a.hall.id}/windows`, payload: { code: 'A-DEPT-1', number: 'D01', name: '税务窗口', nameEn: 'Tax', category: 'department' } });
    expect(noDept.statusCode).toBe(400);
    const foreign = await t.injectAs(adminA, { method: 'POST', url: `/api/v1/sites/${tree.a.hall.id}/windows`, payload: { code: 'A-DEPT-2', number: 'D02', name: '市场监管窗口', nameEn: 'Market', category: 'department', departmentId: tree.b.market.id } });
    expect(foreign.statusCode).toBe(400);
    const ok = await t.injectAs(adminA, { method: 'POST', url: `/api/v1/sites/${tree.a.hall.id}/windows`, payload: { code: 'A-DEPT-3', number: 'D03', name: '市场监管窗口', nameEn: 'Market', category: 'department', departmentId: tree.a.market.id } });
    expect(ok.statusCode).toBe(201);
  });

  it('seats only active staff of the site\'s government at a window', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const staffB = await buildUser(t.db, { role: 'windowClerk', org: tree.b.services });
    const res = await t.injectAs(adminA, { method: 'PUT', url: `/api/v1/windows/${tree.a.window.id}/staff`, payload: { userIds: [staffB.id] } });
    expect(res.statusCode).toBe(400);
    const applicant = await buildUser(t.db, { role: 'applicant' });
    expect((await t.injectAs(adminA, { method: 'PUT', url: `/api/v1/windows/${tree.a.window.id}/staff`, payload: { userIds: [applicant.id] } })).statusCode).toBe(400);
  });
});

describe('organisations and sites', () => {
  it('adds a township under a county but refuses one under a prefecture', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const ok = await t.injectAs(adminA, { method: 'POST', url: '/api/v1/orgs', payload: { code: 'A-TOWN-1', parentId: tree.a.gov.id, name: '测试镇人民政府', shortName: '测试镇', nameEn: 'Test Town', kind: 'government', level: 'township' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().path).toBe(`${tree.a.gov.path}${ok.json().id}/`);
    const prefectureAdmin = await buildUser(t.db, { role: 'admin', org: tree.prefecture });
    const bad = await t.injectAs(prefectureAdmin, { method: 'POST', url: '/api/v1/orgs', payload: { code: 'P-TOWN-1', parentId: tree.prefecture.id, name: '错层镇', shortName: '错层', nameEn: 'Wrong', kind: 'government', level: 'township' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('org.invalid_parent');
    const outside = await t.injectAs(adminA, { method: 'POST', url: '/api/v1/orgs', payload: { code: 'B-TOWN-1', parentId: tree.b.gov.id, name: '越权镇', shortName: '越权', nameEn: 'Outside', kind: 'government', level: 'township' } });
    expect(outside.statusCode).toBe(404);
  });

  it('will not deactivate an organisation that still has active ones under it', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.prefecture });
    const res = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/orgs/${tree.b.gov.id}`, payload: { version: tree.b.gov.version, active: false } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('org.has_children');
  });

  it('opens an agency point only below the county and a hall only above it', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const payload = { code: 'A-POINT-1', orgId: tree.a.services.id, kind: 'agencyPoint', name: '错位代办点', nameEn: 'x', address: '路1号', hours: '9-17', signage: 'x', zones: [], equipment: [] };
    const res = await t.injectAs(admin, { method: 'POST', url: '/api/v1/sites', payload });
    expect(res.statusCode).toBe(400);
    const hall = await t.injectAs(admin, { method: 'POST', url: '/api/v1/sites', payload: { ...payload, code: 'A-HALL-2', kind: 'hall', name: '第二大厅', zones: ['综合受理区'], equipment: ['叫号机'] } });
    expect(hall.statusCode).toBe(201);
    expect(hall.json()).toMatchObject({ level: 'county', zones: ['综合受理区'] });
  });

  it('edits a site with the version read, and refuses a stale one', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const site = (await t.injectAs(admin, { method: 'GET', url: `/api/v1/sites/${tree.a.hall.id}` })).json();
    const res = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/sites/${site.id}`, payload: { version: site.version, hours: '周一至周五 10:00-14:00, 15:30-19:30', zones: ['综合受理区', '出件区'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: site.version + 1, zones: ['综合受理区', '出件区'] });
    const stale = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/sites/${site.id}`, payload: { version: site.version, phone: '0994-1234567' } });
    expect(stale.statusCode).toBe(409);
  });
});
