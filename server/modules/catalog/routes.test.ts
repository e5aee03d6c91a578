import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../platform/schema.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildSite, buildTree, buildUser, buildWindow, itemRecord } from '../../test/factories.js';
import { implementations, itemVersions } from './schema.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let food: Awaited<ReturnType<typeof buildItem>>;
let manager: { id: string };
let reviewer: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  tree = await buildTree(t.db);
  await buildWindow(t.db, tree.a.hall, { category: 'companyRegistration', number: 'B01', name: '企业开办综合窗口' });
  food = await buildItem(t.db, { implementers: [tree.a.market, tree.b.market], sites: [tree.a.hall], oneTripBatch: 1 });
  await buildItem(t.db, { record: itemRecord({ name: '营业执照变更登记', nameEn: 'Change of business registration', keywords: [], companyEvents: ['change'], trips: 1, channels: ['online', 'window'] }), implementers: [tree.a.market] });
  await buildItem(t.db, { record: itemRecord({ department: 'civil-affairs', name: '结婚登记', nameEn: 'Marriage registration', type: 'confirmation', applicantKinds: ['person'], lifeEvents: ['marriage'], companyEvents: [], keywords: ['领证'], trips: 1, channels: ['window'], pendingAllowed: false, materials: [], windowCategory: 'socialServices' }) });
  manager = await buildUser(t.db, { role: 'catalogManager', org: tree.prefecture });
  reviewer = await buildUser(t.db, { role: 'catalogManager', org: tree.prefecture });
});
afterAll(() => t.close());

const get = (url: string, user: { id: string } | null = null) => t.injectAs(user, { method: 'GET', url });
const codes = (res: { json(): { items: { code: string }[] } }) => res.json().items.map((i) => i.code);

describe('search', () => {
  it('finds an item by a synonym of its name (执照 → 营业执照)', async () => {
    const res = await get(`/api/v1/catalog/items?q=${encodeURIComponent('怎么办执照')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0].name).toBe('营业执照变更登记');
  });

  it('finds an item by segmented words, pinyin initials and English', async () => {
    expect(codes(await get(`/api/v1/catalog/items?q=${encodeURIComponent('开餐馆要办什么许可')}`))).toContain(food.record.code);
    expect(codes(await get('/api/v1/catalog/items?q=spjy'))).toEqual([food.record.code]);
    expect(codes(await get('/api/v1/catalog/items?q=food%20business'))).toEqual([food.record.code]);
    expect((await get(`/api/v1/catalog/items?q=${encodeURIComponent('火箭发射许可')}`)).json().total).toBe(0);
  });

  it('filters by department, life event, one-trip list and implementing organisation', async () => {
    expect((await get('/api/v1/catalog/items?dept=civil-affairs')).json().items.map((i: { name: string }) => i.name)).toEqual(['结婚登记']);
    expect((await get('/api/v1/catalog/items?lifeEvent=marriage')).json().total).toBe(1);
    expect(codes(await get('/api/v1/catalog/items?oneTrip=true'))).toEqual([food.record.code]);
    expect((await get(`/api/v1/catalog/items?org=${tree.b.market.code}`)).json().total).toBe(1);
    const page = await get('/api/v1/catalog/items?pageSize=2&page=2');
    expect(page.json()).toMatchObject({ total: 3 });
    expect(page.json().items).toHaveLength(1);
  });

  it('answers a front desk: the items carried out at its site, of its window category, with whom to file them against', async () => {
    const atHall = (await get(`/api/v1/catalog/items?site=${tree.a.hall.id}&windowCategory=companyRegistration`)).json();
    expect(atHall.items.map((i: { code: string }) => i.code)).toEqual([food.record.code]);
    expect(atHall.items[0]).toMatchObject({ windowCategory: 'companyRegistration', implementer: { id: tree.a.market.id, code: tree.a.market.code, name: tree.a.market.name } });
    // County B's hall is named by no implementation; another category finds nothing at county A's.
    expect((await get(`/api/v1/catalog/items?site=${tree.b.hall.id}`)).json().total).toBe(0);
    expect((await get(`/api/v1/catalog/items?site=${tree.a.hall.id}&windowCategory=socialServices`)).json().total).toBe(0);
    // Without a site, no implementer is named.
    expect((await get(`/api/v1/catalog/items?windowCategory=socialServices`)).json().items).toEqual([expect.not.objectContaining({ implementer: expect.anything() })]);
    expect((await get('/api/v1/catalog/items?site=not-a-uuid')).statusCode).toBe(400);
  });
});

describe('the one-time notice', () => {
  it('tells everything at an implementing organisation: materials, limits, sites and the accepting windows', async () => {
    const res = await get(`/api/v1/catalog/items/${food.record.code}/notice?org=${tree.a.market.code}`);
    expect(res.statusCode).toBe(200);
    const n = res.json();
    expect(n.item).toMatchObject({ name: '食品经营许可证核发', statutoryLimit: 20, promisedLimit: 5, status: 'published' });
    expect(n.item.materials.map((m: { key: string }) => m.key)).toEqual(['application-form', 'business-licence', 'layout-plan']);
    expect(n.oneTrip).toEqual({ batch: 1, since: '2019-06-30' });
    expect(n.implementation.org.code).toBe(tree.a.market.code);
    expect(n.implementation.sites).toHaveLength(1);
    expect(n.implementation.sites[0].windows.map((w: { number: string }) => w.number)).toEqual(['B01']);
    expect(n.implementers.map((o: { code: string }) => o.code).sort()).toEqual([tree.a.market.code, tree.b.market.code].sort());
  });

  it('answers 404 for an organisation that does not implement the item, and for an unknown item', async () => {
    expect((await get(`/api/v1/catalog/items/${food.record.code}/notice?org=${tree.a.services.code}`)).statusCode).toBe(404);
    expect((await get('/api/v1/catalog/items/NOPE-1/notice')).statusCode).toBe(404);
  });

  it('prints the notice and the application form template as PDFs', async () => {
    const pdf = await get(`/api/v1/catalog/items/${food.record.code}/notice.pdf?org=${tree.a.market.code}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('/Subtype /Image'); // the QR code
    const blank = await get(`/api/v1/catalog/items/${food.record.code}/materials/application-form/template.pdf`);
    const example = await get(`/api/v1/catalog/items/${food.record.code}/materials/application-form/example.pdf`);
    expect(blank.statusCode).toBe(200);
    expect(example.statusCode).toBe(200);
    expect(example.rawPayload.equals(blank.rawPayload)).toBe(false);
    expect((await get(`/api/v1/catalog/items/${food.record.code}/materials/business-licence/template.pdf`)).statusCode).toBe(404);
  });

  it('exports the item as schema.org GovernmentService JSON-LD', async () => {
    const res = await get(`/api/v1/catalog/items/${food.record.code}/jsonld?org=${tree.a.market.code}`);
    expect(res.headers['content-type']).toContain('application/ld+json');
    expect(res.json()).toMatchObject({ '@context': 'https://schema.org', '@type': 'GovernmentService', name: '食品经营许可证核发', provider: { '@type': 'GovernmentOrganization', identifier: tree.a.market.code } });
  });
});

describe('versions: draft → review → published, and a published version never changes', () => {
  it('publishes a new version through four-eyes review, retiring the old one, which stays readable', async () => {
    const draft = await t.injectAs(manager, { method: 'POST', url: `/api/v1/catalog/items/${food.record.code}/drafts`, payload: { changeNote: '缩短承诺时限' } });
    expect(draft.statusCode).toBe(201);
    const d = draft.json();
    expect(d).toMatchObject({ number: 2, status: 'draft' });
    expect((await get(`/api/v1/catalog/versions/${d.id}`)).statusCode).toBe(404); // drafts are not public

    const edited = await t.injectAs(manager, { method: 'PATCH', url: `/api/v1/catalog/versions/${d.id}`, payload: { version: d.version, promisedLimit: 3 } });
    expect(edited.statusCode).toBe(200);
    const tooLong = await t.injectAs(manager, { method: 'PATCH', url: `/api/v1/catalog/versions/${d.id}`, payload: { version: edited.json().version, promisedLimit: 30 } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('/body/promisedLimit');

    const submitted = await t.injectAs(manager, { method: 'POST', url: `/api/v1/catalog/versions/${d.id}/submit`, payload: { version: edited.json().version } });
    expect(submitted.json().status).toBe('inReview');
    const self = await t.injectAs(manager, { method: 'POST', url: `/api/v1/catalog/versions/${d.id}/approve`, payload: { version: submitted.json().version } });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('catalog.same_reviewer');
    const approved = await t.injectAs(reviewer, { method: 'POST', url: `/api/v1/catalog/versions/${d.id}/approve`, payload: { version: submitted.json().version } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('published');

    expect((await get(`/api/v1/catalog/items/${food.record.code}`)).json().item).toMatchObject({ number: 2, promisedLimit: 3 });
    const old = await get(`/api/v1/catalog/versions/${food.version.id}`);
    expect(old.json()).toMatchObject({ number: 1, status: 'retired', promisedLimit: 5 });
    const diff = await get(`/api/v1/catalog/diff?from=${food.version.id}&to=${d.id}`);
    expect(diff.json().changes).toEqual([{ field: 'promisedLimit', before: 5, after: 3 }]);
    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.targetId, d.id)).orderBy(auditEntries.seq);
    expect(audit.map((a) => a.action)).toEqual(['catalog.create-draft', 'catalog.update-draft', 'catalog.submit', 'catalog.approve']);
    // The search index follows at once.
    expect((await get('/api/v1/catalog/items?q=spjy')).json().items[0].promisedLimit).toBe(3);
  });

  it('refuses at the database to change a published or retired version', async () => {
    await expect(t.db.execute(sql`UPDATE item_versions SET promised_limit = 1 WHERE id = ${food.version.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM item_versions WHERE id = ${food.version.id}`)).rejects.toThrow();
    const [v1] = await t.db.select().from(itemVersions).where(eq(itemVersions.id, food.version.id));
    expect(v1!.promisedLimit).toBe(5);
  });

  it('keeps the catalog to the prefecture\'s catalog managers', async () => {
    const countyManager = await buildUser(t.db, { role: 'catalogManager', org: tree.a.gov });
    const res = await t.injectAs(countyManager, { method: 'POST', url: `/api/v1/catalog/items/${food.record.code}/drafts`, payload: { changeNote: 'x' } });
    expect(res.statusCode).toBe(403);
    const clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    expect((await t.injectAs(clerk, { method: 'GET', url: '/api/v1/catalog/manage/items' })).statusCode).toBe(403);
  });

  it('lets a catalog manager of a prefecture department (the services centre) keep the catalog', async () => {
    const centre = await buildOrg(t.db, { parent: tree.prefecture, kind: 'department', deptKey: 'government-services' });
    const centreManager = await buildUser(t.db, { role: 'catalogManager', org: centre });
    const res = await t.injectAs(centreManager, { method: 'POST', url: `/api/v1/catalog/items/${food.record.code}/drafts`, payload: { changeNote: 'x' } });
    expect(res.statusCode).toBe(201);
    // A number or boolean example stays one when the draft is saved (no coercion to a string).
    const { id, version, formSchema } = res.json();
    const saved = await t.injectAs(centreManager, { method: 'PATCH', url: `/api/v1/catalog/versions/${id}`, payload: { version, formSchema } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().formSchema.properties.area.examples).toEqual([120]);
    expect(saved.json().formSchema.properties.premises.examples).toEqual(['昌吉市宁边西路88号']);
    expect((await t.injectAs(centreManager, { method: 'DELETE', url: `/api/v1/catalog/versions/${id}` })).statusCode).toBe(204);
  });
});

describe('import and export', () => {
  it('imports good rows as drafts and reports bad rows, which change nothing', async () => {
    const good = itemRecord({ name: '食品小作坊登记', nameEn: 'Registration of small food workshops' });
    const badRule = itemRecord({ promisedLimit: 40 });
    const { name: _, ...badSchema } = itemRecord();
    const before = (await t.db.select().from(itemVersions)).length;
    const dry = await t.injectAs(manager, { method: 'POST', url: '/api/v1/catalog/import?dryRun=true', payload: [good, badRule, badSchema] });
    expect(dry.json().applied).toBe(0);
    expect((await t.db.select().from(itemVersions)).length).toBe(before);

    const res = await t.injectAs(manager, { method: 'POST', url: '/api/v1/catalog/import', payload: [good, badRule, badSchema] });
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows;
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'invalid', 'invalid']);
    expect(rows[1].errors).toEqual([{ field: '/promisedLimit', message: 'must not exceed the statutory limit' }]);
    expect(rows[2].errors[0].field).toBe('/name');
    expect((await t.db.select().from(itemVersions)).length).toBe(before + 1);
    expect((await get(`/api/v1/catalog/items/${badRule.code}`)).statusCode).toBe(404);
  });

  it('round-trips the published catalog through CSV', async () => {
    const csv = await get('/api/v1/catalog/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '');
    expect(lines.split('\n')[0]).toContain('code,department,name,nameEn');
    const changed = lines.replace('结婚登记', '结婚登记（含涉外）');
    const res = await t.injectAs(manager, { method: 'POST', url: '/api/v1/catalog/import', headers: { 'content-type': 'text/csv' }, payload: changed });
    expect(res.statusCode).toBe(200);
    const outcomes = res.json().rows.map((r: { outcome: string }) => r.outcome);
    expect(res.json().rows.filter((r: { outcome: string }) => r.outcome !== 'drafted')).toEqual([]);
    expect(outcomes).toContain('drafted');
    const json = await get('/api/v1/catalog/export');
    expect(json.json().find((r: { name: string }) => r.name === '结婚登记')).toBeDefined(); // drafts are not published
  });
});

describe('implementation lists and "seven unified"', () => {
  it('lets a county admin publish an implementation for its own department only, within the law\'s limit', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const civil = await buildItem(t.db, { record: itemRecord({ department: 'civil-affairs', name: '收养登记', nameEn: 'Adoption registration', pendingAllowed: false, materials: [], statutoryLimit: 30, promisedLimit: 10 }) });
    const own = await t.injectAs(adminA, { method: 'POST', url: '/api/v1/catalog/implementations', payload: { itemCode: civil.record.code, orgId: tree.a.market.id, promisedLimit: 8, siteIds: [tree.a.hall.id] } });
    expect(own.statusCode).toBe(201);
    const other = await t.injectAs(adminA, { method: 'POST', url: '/api/v1/catalog/implementations', payload: { itemCode: civil.record.code, orgId: tree.b.market.id } });
    expect(other.statusCode).toBe(404);
    const tooSlow = await t.injectAs(adminA, { method: 'PATCH', url: `/api/v1/catalog/implementations/${own.json().id}`, payload: { version: own.json().version, promisedLimit: 31 } });
    expect(tooSlow.json().code).toBe('catalog.promise_exceeds_law');
    const foreignSite = await buildSite(t.db, tree.b.services);
    const badSite = await t.injectAs(adminA, { method: 'PATCH', url: `/api/v1/catalog/implementations/${own.json().id}`, payload: { version: own.json().version, siteIds: [foreignSite.id] } });
    expect(badSite.statusCode).toBe(400);
  });

  it('reports drift from the catalog and aligns it on sync', async () => {
    const adminB = await buildUser(t.db, { role: 'admin', org: tree.b.gov });
    const [impl] = await t.db.select().from(implementations).where(eq(implementations.orgId, tree.b.market.id));
    // As if the county had declared its own material list (e.g. from an old spreadsheet).
    await t.db.update(implementations).set({ declared: { ...impl!.declared, materials: ['食品经营许可申请书|required', '房屋租赁合同|required'] } }).where(eq(implementations.id, impl!.id));
    const report = await t.injectAs(adminB, { method: 'GET', url: `/api/v1/catalog/implementations?org=${tree.b.gov.code}&driftOnly=true` });
    expect(report.statusCode).toBe(200);
    const row = report.json().items.find((i: { id: string }) => i.id === impl!.id);
    expect(row.behind).toBe(true); // version 2 was published above
    expect(row.drift.map((d: { field: string }) => d.field)).toEqual(['materials']);
    const sync = await t.injectAs(adminB, { method: 'POST', url: '/api/v1/catalog/implementations/sync', payload: { org: tree.b.gov.code } });
    expect(sync.json().changed).toBeGreaterThanOrEqual(1);
    const after = await t.injectAs(adminB, { method: 'GET', url: `/api/v1/catalog/implementations?org=${tree.b.gov.code}&driftOnly=true` });
    expect(after.json().drifting).toBe(0);
  });
});

describe('the "at most one trip" list and T2/T4 statistics', () => {
  it('publishes a batch of eligible items and refuses items that need more trips', async () => {
    const twoTrips = await buildItem(t.db, { record: itemRecord({ name: '建筑工程施工许可', nameEn: 'Construction permit', trips: 2 }) });
    const oneTrip = await buildItem(t.db, { record: itemRecord({ name: '个体工商户设立登记', nameEn: 'Registration of a sole trader', trips: 1 }) });
    const batch = await t.injectAs(manager, { method: 'POST', url: '/api/v1/catalog/one-trip/batches', payload: { title: '第二批', titleEn: 'Batch 2' } });
    expect(batch.json().number).toBe(2);
    const bad = await t.injectAs(manager, { method: 'PUT', url: '/api/v1/catalog/one-trip/batches/2/items', payload: { codes: [twoTrips.record.code, oneTrip.record.code] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: '/body/codes', message: `${twoTrips.record.code}: needs 2 trips` }]);
    expect((await t.injectAs(manager, { method: 'PUT', url: '/api/v1/catalog/one-trip/batches/2/items', payload: { codes: [oneTrip.record.code] } })).json()).toEqual({ items: 1 });
    expect((await get('/api/v1/catalog/one-trip')).json().map((b: { number: number }) => b.number)).toEqual([1]); // not yet published
    expect((await t.injectAs(manager, { method: 'POST', url: '/api/v1/catalog/one-trip/batches/2/publish', payload: { publishedOn: '2020-06-30' } })).statusCode).toBe(204);
    const list = (await get('/api/v1/catalog/one-trip')).json();
    expect(list.map((b: { number: number; items: unknown[] }) => [b.number, b.items.length])).toEqual([[1, 1], [2, 1]]);
    expect((await t.injectAs(manager, { method: 'PUT', url: '/api/v1/catalog/one-trip/batches/2/items', payload: { codes: [] } })).json().code).toBe('catalog.batch_published');
  });

  it('computes T2 (online share) and T4 (trips) from the published catalog', async () => {
    const stats = (await get('/api/v1/catalog/stats')).json();
    const all = (await get('/api/v1/catalog/items?pageSize=200')).json().items as { type: string; channels: string[]; trips: number; oneTripBatch: number | null }[];
    const onApplication = all.filter((i) => i.type !== 'other');
    expect(stats.items).toBe(all.length);
    expect(stats.online).toBe(onApplication.filter((i) => i.channels.includes('online') || i.channels.includes('mobile')).length);
    expect(stats.onlineRate).toBeCloseTo(stats.online / stats.onApplication);
    expect(stats.zeroTrip).toBe(all.filter((i) => i.trips === 0).length);
    expect(stats.atMostOneTrip).toBe(all.filter((i) => i.trips <= 1).length);
    expect(stats.oneTripList.map((b: { cumulative: number }) => b.cumulative)).toEqual([1, 2]);
    const countyA = (await get(`/api/v1/catalog/stats?org=${tree.a.gov.code}`)).json();
    expect(countyA.implemented).toBeLessThan(stats.items);
  });
});
