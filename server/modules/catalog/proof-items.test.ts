import { and, eq } from 'drizzle-orm';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../platform/schema.js';
import { readProofItemData } from '../../seed/seed.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildTree, buildUser, itemRecord } from '../../test/factories.js';
import { ProofItemSeedSchema } from './contract.js';
import { importProofItemSeed } from './proof-items.js';

// Proof items (证明事项, R1.3): the published list with legal basis and how each can be satisfied,
// kept by the prefecture's catalog managers; a catalog draft may not ask for a retired one.

let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let manager: { id: string };
let countyManager: { id: string };
let asking: Awaited<ReturnType<typeof buildItem>>;
const seed = readProofItemData();

beforeAll(async () => {
  t = await buildTestApp();
  tree = await buildTree(t.db);
  manager = await buildUser(t.db, { role: 'catalogManager', org: tree.prefecture });
  countyManager = await buildUser(t.db, { role: 'catalogManager', org: tree.a.gov });
  await t.db.transaction((tx) => importProofItemSeed(tx, seed));
  // A published item asking for a retained proof item by its exact name, and for another by its code.
  const base = itemRecord();
  asking = await buildItem(t.db, {
    record: itemRecord({
      materials: [
        ...base.materials,
        { key: 'address', name: '住所（经营场所）使用证明', nameEn: 'Use of the address', kind: 'required', form: 'copy', copies: 1, template: false, replaceableBy: { dataResource: 'real-estate-status' } },
        { key: 'record', name: '无犯罪记录材料', nameEn: 'No criminal record', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null, proofItem: 'ZM652300-003' },
      ],
    }),
    implementers: [tree.a.market],
  });
});
afterAll(() => t.close());

const send = (user: { id: string } | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
const content = (overrides: object = {}) => ({
  name: '测试证明', nameEn: 'Test proof', issuerKind: 'community', legalBasis: [{ law: '《测试条例》', lawEn: 'Test regulations', article: '第一条' }],
  satisfiedBy: { dataResource: 'household-registration', certificateType: null, commitment: true }, notes: '', notesEn: '', ...overrides,
});

describe('the seed list', () => {
  it('is well formed, with retained and retired items, unique codes and names', () => {
    const validate = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(validate);
    const check = validate.compile(ProofItemSeedSchema);
    for (const p of seed) expect(check(p), `${p.code}: ${JSON.stringify(check.errors)}`).toBe(true);
    expect(new Set(seed.map((p) => p.code)).size).toBe(seed.length);
    expect(new Set(seed.map((p) => p.name)).size).toBe(seed.length);
    expect(seed.filter((p) => p.status === 'retired').every((p) => p.retiredOn)).toBe(true);
    expect(seed.filter((p) => p.status === 'retained').every((p) => !p.retiredOn)).toBe(true);
    expect(seed.some((p) => p.status === 'retained') && seed.some((p) => p.status === 'retired')).toBe(true);
  });
});

describe('the public list', () => {
  it('lists the retained proof items by default, each with how it is satisfied and how many published items ask for it', async () => {
    const res = await send(null, 'GET', '/api/v1/catalog/proof-items?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const { total, items } = res.json();
    expect(total).toBe(seed.filter((p) => p.status === 'retained').length);
    expect(items.every((p: { status: string }) => p.status === 'retained')).toBe(true);
    expect(items.find((p: { name: string }) => p.name === '住所（经营场所）使用证明')).toMatchObject({ satisfiedBy: { dataResource: 'real-estate-status', commitment: true }, publishedItems: 1 });
    expect(items.find((p: { code: string }) => p.code === 'ZM652300-003')).toMatchObject({ publishedItems: 1 });
    const retired = (await send(null, 'GET', '/api/v1/catalog/proof-items?status=retired&q=亲属')).json();
    expect(retired.items.map((p: { name: string }) => p.name)).toEqual(['亲属关系证明']);
    expect((await send(null, 'GET', '/api/v1/catalog/proof-items?status=all&q=criminal')).json().items.map((p: { code: string }) => p.code)).toEqual(['ZM652300-003']);
  });

  it('shows one proof item with the published items that ask for it', async () => {
    const res = await send(null, 'GET', `/api/v1/catalog/proof-items/${encodeURIComponent('ZM652300-001')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '住所（经营场所）使用证明', publishedItems: 1, askedBy: [{ code: asking.record.code }] });
    expect((await send(null, 'GET', '/api/v1/catalog/proof-items/ZM-NONE')).statusCode).toBe(404);
  });

  it('shows on the one-time notice how each material that is a proof item can be satisfied', async () => {
    const notice = (await send(null, 'GET', `/api/v1/catalog/items/${asking.record.code}/notice`)).json();
    expect(notice.proofItems).toEqual([
      { materialKey: 'address', proofItem: expect.objectContaining({ code: 'ZM652300-001', status: 'retained', satisfiedBy: { dataResource: 'real-estate-status', certificateType: null, commitment: true } }) },
      { materialKey: 'record', proofItem: expect.objectContaining({ code: 'ZM652300-003', satisfiedBy: { dataResource: 'criminal-record', certificateType: null, commitment: false } }) },
    ]);
  });
});

describe('keeping the list', () => {
  it('lets the prefecture\'s catalog managers create, edit and retire, audited, with optimistic locking', async () => {
    const created = await send(manager, 'POST', '/api/v1/catalog/proof-items', { code: 'ZM-T-001', ...content() });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'ZM-T-001', status: 'retained', retiredOn: null, version: 1 });
    expect((await send(manager, 'POST', '/api/v1/catalog/proof-items', { code: 'ZM-T-002', ...content() })).json().code).toBe('duplicate');
    const edited = await send(manager, 'PATCH', '/api/v1/catalog/proof-items/ZM-T-001', { version: 1, nameEn: 'Test proof (edited)' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await send(manager, 'PATCH', '/api/v1/catalog/proof-items/ZM-T-001', { version: 1, notes: '过期版本' })).statusCode).toBe(409);
    const retired = await send(manager, 'POST', '/api/v1/catalog/proof-items/ZM-T-001/retire', { version: 2, notes: '已取消，改为告知承诺。' });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired', retiredOn: '2026-03-02', notes: '已取消，改为告知承诺。', version: 3 });
    expect((await send(manager, 'POST', '/api/v1/catalog/proof-items/ZM-T-001/retire', { version: 3 })).json().code).toBe('catalog.proof_item_retired');
    const audits = await t.db.select({ action: auditEntries.action }).from(auditEntries).where(and(eq(auditEntries.targetType, 'proofItem'), eq(auditEntries.targetId, 'ZM-T-001'))).orderBy(auditEntries.seq);
    expect(audits.map((a) => a.action)).toEqual(['catalog.create-proof-item', 'catalog.update-proof-item', 'catalog.retire-proof-item']);
  });

  it('is kept at the prefecture only', async () => {
    expect((await send(countyManager, 'POST', '/api/v1/catalog/proof-items', { code: 'ZM-T-003', ...content({ name: '县里的证明' }) })).statusCode).toBe(403);
    expect((await send(null, 'POST', '/api/v1/catalog/proof-items', { code: 'ZM-T-003', ...content({ name: '县里的证明' }) })).statusCode).toBe(401);
  });
});

describe('a retired proof item is never asked for again', () => {
  const draftBody = (materials: object[]) => {
    const { code, department, changeNote: _, ...rest } = itemRecord();
    return { code, deptKey: department, content: { ...rest, materials: [...rest.materials, ...materials] } };
  };

  it('refuses a new item whose material is a retired proof item by exact name, naming it', async () => {
    const res = await send(manager, 'POST', '/api/v1/catalog/items', draftBody([{ key: 'relation', name: '亲属关系证明', nameEn: 'Family relationship', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null }]));
    expect(res.statusCode, res.body).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'catalog.retired_proof_item', errors: [{ field: '/body/materials/3/name' }] });
    expect(res.json().detail).toContain('亲属关系证明（ZM652300-101）');
  });

  it('refuses a draft naming a retired proof item by code, or an unknown one; a retained one is fine', async () => {
    const created = await send(manager, 'POST', '/api/v1/catalog/items', draftBody([{ key: 'address', name: '住所（经营场所）使用证明', nameEn: 'Address', kind: 'required', form: 'copy', copies: 1, template: false, replaceableBy: null }]));
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    const withMaterial = (m: object) => send(manager, 'PATCH', `/api/v1/catalog/versions/${draft.id}`, { version: draft.version, materials: [...draft.materials, m] });
    const retired = await withMaterial({ key: 'residence', name: '居住地材料', nameEn: 'Residence', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null, proofItem: 'ZM652300-102' });
    expect(retired.statusCode, retired.body).toBe(409);
    expect(retired.json()).toMatchObject({ code: 'catalog.retired_proof_item', errors: [{ field: '/body/materials/4/proofItem' }] });
    const unknown = await withMaterial({ key: 'residence', name: '居住地材料', nameEn: 'Residence', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null, proofItem: 'ZM-NOPE' });
    expect(unknown.statusCode).toBe(400);
  });

  it('refuses to submit a draft whose proof item was retired after it was written', async () => {
    await send(manager, 'POST', '/api/v1/catalog/proof-items', { code: 'ZM-T-010', ...content({ name: '临时证明' }) });
    const created = await send(manager, 'POST', '/api/v1/catalog/items', draftBody([{ key: 'temp', name: '临时证明', nameEn: 'Temporary proof', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null }]));
    expect(created.statusCode, created.body).toBe(201);
    expect((await send(manager, 'POST', '/api/v1/catalog/proof-items/ZM-T-010/retire', { version: 1 })).statusCode).toBe(200);
    const submitted = await send(manager, 'POST', `/api/v1/catalog/versions/${created.json().id}/submit`, { version: created.json().version });
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json().code).toBe('catalog.retired_proof_item');
  });

  it('reports an imported row asking for a retired proof item as invalid', async () => {
    const { code, department, ...rest } = itemRecord();
    const row = { code, department, ...rest, materials: [...rest.materials, { key: 'alive', name: '生存证明', nameEn: 'Proof of being alive', kind: 'required', form: 'original', copies: 1, template: false, replaceableBy: null }] };
    const res = await send(manager, 'POST', '/api/v1/catalog/import?dryRun=true', [row]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows[0]).toMatchObject({ outcome: 'invalid', errors: [{ field: '/materials/3/name' }] });
  });
});
