import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { MaterialSpec } from '../../../common/catalog.js';
import type { Queryable, Tx } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hasRole, inScope, requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { findOrg, findOrgsByIds, getSite, listOrgs, listSites, type OrgRow } from '../orgs/index.js';
import {
  checkContent, checkProofItems, checkReviewer, declaredFields, diffContent, driftOf, nextVersionStatus, oneTripEligible, proofItemOf,
  type Drift, type FieldChange, type VersionAction, type VersionContent,
} from './rules.js';
import {
  catalogRevision, implementations, itemVersions, oneTripBatches, oneTripEntries, proofItems, serviceItems,
  type ImplementationRow, type ItemVersionRow, type ProofItemRow, type ServiceItemRow,
} from './schema.js';
import { CatalogIndex, type SearchDoc, type SearchQuery, type SearchResult } from './search.js';

// ---------------------------------------------------------------- revision and search index

/** Marks the published catalog as changed, so every process rebuilds its search index. */
export async function bumpCatalogRevision(tx: Tx): Promise<void> {
  await tx
    .insert(catalogRevision)
    .values({ id: 1, revision: randomUUID() })
    .onConflictDoUpdate({ target: catalogRevision.id, set: { revision: sql`excluded.revision` } });
}

let cached: { revision: string; index: CatalogIndex } | undefined;

/** The search index of the published catalog, rebuilt when the revision changed. */
// Every search asks whether the catalog changed: built once.
const revisionQuery = preparedQuery('onetrip_catalog_revision', (q) => q.select().from(catalogRevision).where(eq(catalogRevision.id, sql.placeholder('id'))));

export async function catalogIndex(q: Queryable): Promise<CatalogIndex> {
  const [state] = await revisionQuery(q, { id: 1 });
  const revision = state?.revision ?? 'empty';
  if (cached?.revision === revision) return cached.index;
  const index = new CatalogIndex(await loadSearchDocs(q));
  cached = { revision, index };
  return index;
}

async function loadSearchDocs(q: Queryable): Promise<SearchDoc[]> {
  const rows = await q
    .select({ item: serviceItems, v: itemVersions, batch: oneTripEntries.batch, published: oneTripBatches.publishedOn })
    .from(itemVersions)
    .innerJoin(serviceItems, eq(serviceItems.id, itemVersions.itemId))
    .leftJoin(oneTripEntries, eq(oneTripEntries.itemId, serviceItems.id))
    .leftJoin(oneTripBatches, eq(oneTripBatches.number, oneTripEntries.batch))
    .where(eq(itemVersions.status, 'published'));
  const impl = await q.select({ itemId: implementations.itemId, orgId: implementations.orgId, siteIds: implementations.siteIds }).from(implementations).where(eq(implementations.active, true));
  const orgsOf = new Map<string, string[]>();
  const sitesOf = new Map<string, SearchDoc['atSites']>();
  for (const i of impl) {
    orgsOf.set(i.itemId, [...(orgsOf.get(i.itemId) ?? []), i.orgId]);
    sitesOf.set(i.itemId, [...(sitesOf.get(i.itemId) ?? []), { orgId: i.orgId, siteIds: i.siteIds }]);
  }
  return rows.map(({ item, v, batch, published }) => ({
    itemId: item.id, code: item.code, deptKey: item.deptKey, versionId: v.id, name: v.name, nameEn: v.nameEn, type: v.type,
    applicantKinds: v.applicantKinds as SearchDoc['applicantKinds'], channels: v.channels as SearchDoc['channels'], trips: v.trips,
    oneTripBatch: batch !== null && published ? batch : null, implementedAt: v.implementedAt as SearchDoc['implementedAt'],
    lifeEvents: v.lifeEvents as SearchDoc['lifeEvents'], companyEvents: v.companyEvents as SearchDoc['companyEvents'], keywords: v.keywords,
    statutoryLimit: v.statutoryLimit, promisedLimit: v.promisedLimit, orgIds: orgsOf.get(item.id) ?? [],
    windowCategory: v.windowCategory, atSites: sitesOf.get(item.id) ?? [],
  }));
}

export type SiteImplementer = Pick<OrgRow, 'id' | 'code' | 'name' | 'nameEn' | 'level'>;

/**
 * Searches the published catalog (public). With `site`, only items carried out at that hall or
 * agency point, each with the organisation that carries it out there (what a clerk files against).
 */
export async function searchItems(ctx: Ctx, query: SearchQuery & { org?: string | undefined; site?: string | undefined }): Promise<{ total: number; items: (SearchResult['items'][number] & { implementer?: SiteImplementer })[] }> {
  let orgId: string | undefined;
  if (query.org) {
    const org = await findOrg(ctx.db, query.org);
    if (!org) return { total: 0, items: [] };
    orgId = org.id;
  }
  const siteId = query.site;
  const result = (await catalogIndex(ctx.db)).search({ ...query, orgId, siteId });
  if (!siteId) return result;
  const implementerOf = (d: SearchDoc) => d.atSites.find((a) => a.siteIds.includes(siteId) && (!orgId || a.orgId === orgId))?.orgId;
  const orgs = await findOrgsByIds(ctx.db, result.items.map(implementerOf).filter((id): id is string => !!id));
  return {
    total: result.total,
    items: result.items.map((d) => {
      const org = orgs.get(implementerOf(d) ?? '');
      return org ? { ...d, implementer: { id: org.id, code: org.code, name: org.name, nameEn: org.nameEn, level: org.level } } : d;
    }),
  };
}

// ---------------------------------------------------------------- reading items

async function findItem(q: Queryable, code: string): Promise<ServiceItemRow> {
  const [item] = await q.select().from(serviceItems).where(eq(serviceItems.code, code)).limit(1);
  if (!item) throw new Problem('not_found', `no item ${code}`);
  return item;
}

async function publishedVersion(q: Queryable, itemId: string): Promise<ItemVersionRow | undefined> {
  const [v] = await q.select().from(itemVersions).where(and(eq(itemVersions.itemId, itemId), eq(itemVersions.status, 'published'))).limit(1);
  return v;
}

export interface OneTripStatus {
  batch: number;
  since: string;
}

async function oneTripOf(q: Queryable, itemId: string): Promise<OneTripStatus | null> {
  const [row] = await q
    .select({ batch: oneTripEntries.batch, since: oneTripBatches.publishedOn })
    .from(oneTripEntries)
    .innerJoin(oneTripBatches, eq(oneTripBatches.number, oneTripEntries.batch))
    .where(eq(oneTripEntries.itemId, itemId));
  return row?.since ? { batch: row.batch, since: row.since } : null;
}

export interface ItemView {
  item: ServiceItemRow;
  version: ItemVersionRow;
  oneTrip: OneTripStatus | null;
}

/** The published version of an item, by code (public). */
export async function getPublishedItem(ctx: Ctx, code: string): Promise<ItemView> {
  const item = await findItem(ctx.db, code);
  const version = await publishedVersion(ctx.db, item.id);
  if (!version) throw new Problem('not_found', `item ${code} has no published version`);
  return { item, version, oneTrip: await oneTripOf(ctx.db, item.id) };
}

/** A version by id: published and retired ones are public (cases cite them); drafts only for catalog managers. */
export async function getVersion(ctx: Ctx, versionId: string): Promise<{ item: ServiceItemRow; version: ItemVersionRow }> {
  const [row] = await ctx.db.select({ item: serviceItems, version: itemVersions }).from(itemVersions).innerJoin(serviceItems, eq(serviceItems.id, itemVersions.itemId)).where(eq(itemVersions.id, versionId));
  if (!row) throw new Problem('not_found');
  const open = row.version.status === 'draft' || row.version.status === 'inReview';
  if (open && !hasRole(ctx.actor, 'catalogManager')) throw new Problem('not_found');
  return row;
}

export interface ImplementationContext {
  item: ServiceItemRow;
  version: ItemVersionRow;
  implementation: ImplementationRow;
  org: OrgRow;
}

/**
 * What a new case is filed against: the item's published version as carried out by one organisation.
 * @throws Problem 'not_found' when the item has no published version or the organisation does not carry it out.
 */
// Every filing asks: the item, its published version and the organisation's implementation in one round trip.
const implementationQuery = preparedQuery('onetrip_implementation_for', (q) =>
  q
    .select({ item: serviceItems, version: itemVersions, implementation: implementations })
    .from(serviceItems)
    .innerJoin(itemVersions, and(eq(itemVersions.itemId, serviceItems.id), eq(itemVersions.status, 'published')))
    .innerJoin(implementations, and(eq(implementations.itemId, serviceItems.id), eq(implementations.orgId, sql.placeholder('orgId')), eq(implementations.active, true)))
    .where(eq(serviceItems.code, sql.placeholder('itemCode')))
    .limit(1),
);

export async function implementationFor(q: Queryable, itemCode: string, orgIdOrCode: string): Promise<ImplementationContext> {
  const org = await findOrg(q, orgIdOrCode);
  const [row] = org ? await implementationQuery(q, { orgId: org.id, itemCode }) : [];
  if (!org || !row) {
    await findItem(q, itemCode); // says "no item …" when that is why
    throw new Problem('not_found', `${orgIdOrCode} does not carry out ${itemCode}`);
  }
  return { ...row, org };
}

export interface NoticeSite {
  id: string;
  name: string;
  nameEn: string;
  kind: 'hall' | 'agencyPoint';
  address: string;
  addressEn: string;
  hours: string;
  hoursEn: string;
  phone: string;
  windows: { number: string; name: string; nameEn: string }[];
}

export interface NoticeImplementation {
  org: Pick<OrgRow, 'id' | 'code' | 'name' | 'nameEn' | 'level' | 'regionCode'>;
  promisedLimit: number;
  phone: string;
  hours: string;
  hoursEn: string;
  feeNote: string;
  sites: NoticeSite[];
}

export interface Notice extends ItemView {
  /** The chosen organisation's implementation, or null when none was asked for. */
  implementation: NoticeImplementation | null;
  /** Every organisation that implements the item (to choose where to apply). */
  implementers: Pick<OrgRow, 'id' | 'code' | 'name' | 'nameEn' | 'level'>[];
  /** The materials that are proof items (证明事项), each with how it can be satisfied (R1.3). */
  proofItems: MaterialProofItem[];
}

/**
 * The one-time notice (一次性告知, R1.4): everything an applicant needs for an item, at a chosen
 * organisation when one is given.
 * @throws Problem 'not_found' for an unknown item, or an organisation that does not implement it.
 */
export async function getNotice(ctx: Ctx, code: string, orgIdOrCode?: string): Promise<Notice> {
  const view = await getPublishedItem(ctx, code);
  const impls = await ctx.db.select().from(implementations).where(and(eq(implementations.itemId, view.item.id), eq(implementations.active, true)));
  const orgs = await findOrgsByIds(ctx.db, impls.map((i) => i.orgId));
  const implementers = impls
    .map((i) => orgs.get(i.orgId))
    .filter((o): o is OrgRow => !!o)
    .sort((a, b) => a.path.length - b.path.length || a.code.localeCompare(b.code))
    .map((o) => ({ id: o.id, code: o.code, name: o.name, nameEn: o.nameEn, level: o.level }));
  let implementation: NoticeImplementation | null = null;
  if (orgIdOrCode) {
    const org = await findOrg(ctx.db, orgIdOrCode);
    const impl = org && impls.find((i) => i.orgId === org.id);
    if (!org || !impl) throw new Problem('not_found', `${orgIdOrCode} does not implement ${code}`);
    implementation = { org, promisedLimit: impl.promisedLimit, phone: impl.phone, hours: impl.hours, hoursEn: impl.hoursEn, feeNote: impl.feeNote, sites: await noticeSites(ctx, impl, view.version, org) };
  }
  return { ...view, implementation, implementers, proofItems: await proofItemsOfMaterials(ctx.db, view.version.materials) };
}

async function noticeSites(ctx: Ctx, impl: ImplementationRow, v: ItemVersionRow, org: OrgRow): Promise<NoticeSite[]> {
  if (!impl.siteIds.length) return [];
  const sites = [];
  for (const id of impl.siteIds) {
    const site = await getSite({ ...ctx, actor: null }, id).catch(() => undefined);
    if (!site?.active) continue;
    // Comprehensive windows of the item's category accept it; so does the department's own window.
    const windows = site.windows.filter((w) => w.active && (w.category === v.windowCategory || (w.category === 'department' && w.departmentId === org.id) || (site.kind === 'agencyPoint' && w.category === 'general')));
    sites.push({
      id: site.id, name: site.name, nameEn: site.nameEn, kind: site.kind, address: site.address, addressEn: site.addressEn, hours: site.hours, hoursEn: site.hoursEn, phone: site.phone,
      windows: windows.map((w) => ({ number: w.number, name: w.name, nameEn: w.nameEn })),
    });
  }
  return sites;
}

// ---------------------------------------------------------------- facets, statistics, the one-trip list

export interface CatalogFacets {
  total: number;
  departments: { key: string; count: number }[];
  lifeEvents: { key: string; count: number }[];
  companyEvents: { key: string; count: number }[];
}

const countBy = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

/** How many published items each department, life event and company event has: the browse pages' entry points. */
export async function catalogFacets(ctx: Ctx): Promise<CatalogFacets> {
  const docs = (await catalogIndex(ctx.db)).search({ page: 1, pageSize: 1_000_000 }).items;
  return {
    total: docs.length,
    departments: countBy(docs.map((d) => d.deptKey)),
    lifeEvents: countBy(docs.flatMap((d) => d.lifeEvents)),
    companyEvents: countBy(docs.flatMap((d) => d.companyEvents)),
  };
}

export interface CatalogStats {
  /** The catalog's size (the "count" of seven unified): published items. */
  items: number;
  /** T2: items that take applications (on-application types) and how many of them can be done online. */
  onApplication: number;
  online: number;
  onlineRate: number;
  /** T4: items needing at most one trip, and zero trips, by their process. */
  atMostOneTrip: number;
  zeroTrip: number;
  /** The published "at most one trip" list, per batch, cumulative. */
  oneTripList: { batch: number; title: string; titleEn: string; publishedOn: string | null; items: number; cumulative: number }[];
  /** When asked for an organisation: how many items it implements. */
  implemented?: number;
}

/** T2 and T4 for the whole catalog, or for what one organisation (and its subtree) implements. */
export async function catalogStats(ctx: Ctx, orgIdOrCode?: string): Promise<CatalogStats> {
  let docs = (await catalogIndex(ctx.db)).search({ page: 1, pageSize: 1_000_000 }).items;
  let implemented: number | undefined;
  if (orgIdOrCode) {
    const org = await findOrg(ctx.db, orgIdOrCode);
    if (!org) throw new Problem('not_found');
    const subtree = new Set((await listOrgs(ctx.db, { within: org.id })).map((o) => o.id));
    docs = docs.filter((d) => d.orgIds.some((id) => subtree.has(id)));
    implemented = docs.length;
  }
  // Every type in the catalog is applied for; "other" powers that act ex officio are excluded from T2.
  const onApplication = docs.filter((d) => d.type !== 'other');
  const online = onApplication.filter((d) => d.channels.includes('online') || d.channels.includes('mobile'));
  const batches = await ctx.db.select().from(oneTripBatches).orderBy(asc(oneTripBatches.number));
  let cumulative = 0;
  const oneTripList = batches.map((b) => {
    const n = docs.filter((d) => d.oneTripBatch === b.number).length;
    cumulative += b.publishedOn ? n : 0;
    return { batch: b.number, title: b.title, titleEn: b.titleEn, publishedOn: b.publishedOn, items: n, cumulative };
  });
  return {
    items: docs.length,
    onApplication: onApplication.length,
    online: online.length,
    onlineRate: onApplication.length ? online.length / onApplication.length : 0,
    atMostOneTrip: docs.filter((d) => d.trips <= 1).length,
    zeroTrip: docs.filter((d) => d.trips === 0).length,
    oneTripList,
    ...(implemented === undefined ? {} : { implemented }),
  };
}

export interface OneTripBatchView {
  number: number;
  title: string;
  titleEn: string;
  publishedOn: string | null;
  items: { code: string; name: string; nameEn: string; deptKey: string; trips: number }[];
}

/** The "at most one trip" list by batch (R4.1); unpublished batches only for catalog managers. */
export async function oneTripList(ctx: Ctx): Promise<OneTripBatchView[]> {
  const manager = hasRole(ctx.actor, 'catalogManager');
  const batches = await ctx.db.select().from(oneTripBatches).orderBy(asc(oneTripBatches.number));
  const entries = await ctx.db
    .select({ batch: oneTripEntries.batch, code: serviceItems.code, deptKey: serviceItems.deptKey, name: itemVersions.name, nameEn: itemVersions.nameEn, trips: itemVersions.trips })
    .from(oneTripEntries)
    .innerJoin(serviceItems, eq(serviceItems.id, oneTripEntries.itemId))
    .innerJoin(itemVersions, and(eq(itemVersions.itemId, serviceItems.id), eq(itemVersions.status, 'published')))
    .orderBy(asc(serviceItems.deptKey), asc(serviceItems.code));
  return batches
    .filter((b) => b.publishedOn || manager)
    .map((b) => ({ number: b.number, title: b.title, titleEn: b.titleEn, publishedOn: b.publishedOn, items: entries.filter((e) => e.batch === b.number).map(({ batch: _, ...e }) => e) }));
}

// ---------------------------------------------------------------- catalog management (catalog managers)

/**
 * Catalog managers of the prefecture maintain the catalog: its government or one of its departments
 * (the government-services centre keeps it); others manage implementations only.
 */
export async function requireCatalogManager(ctx: Ctx): Promise<Actor> {
  const a = requireRole(ctx.actor, 'catalogManager');
  const org = a.orgId ? await findOrg(ctx.db, a.orgId) : undefined;
  if (org?.level !== 'prefecture') throw new Problem('forbidden', 'the catalog is kept by the prefecture\'s catalog managers');
  return a;
}

export interface NewItem {
  code: string;
  deptKey: string;
  content: VersionContent;
  changeNote?: string | undefined;
}

/**
 * Creates an item with its first draft.
 * @throws Problem 'duplicate' for a code in use; 'validation_failed' for content that breaks catalog rules.
 */
export async function createItem(ctx: Ctx, input: NewItem): Promise<ItemVersionRow> {
  const actor = await requireCatalogManager(ctx);
  checkContent(input.content);
  return ctx.db.transaction(async (tx) => {
    checkProofItems(input.content.materials, await proofItemsNamedBy(tx, input.content.materials));
    const [exists] = await tx.select({ id: serviceItems.id }).from(serviceItems).where(eq(serviceItems.code, input.code));
    if (exists) throw new Problem('duplicate', `item code ${input.code} is in use`);
    const [item] = await tx.insert(serviceItems).values({ code: input.code, deptKey: input.deptKey }).returning();
    const [v] = await tx.insert(itemVersions).values({ ...input.content, itemId: item!.id, number: 1, status: 'draft', changeNote: input.changeNote ?? '', createdBy: actor.id }).returning();
    await recordAudit(tx, ctx, { action: 'catalog.create-item', targetType: 'itemVersion', targetId: v!.id, after: v });
    return v!;
  });
}

/**
 * Opens a new draft of an item, copied from its latest version.
 * @throws Problem 'catalog.draft_exists' when a draft or review is already open.
 */
export async function createDraft(ctx: Ctx, code: string, changeNote: string): Promise<ItemVersionRow> {
  const actor = await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const item = await findItem(tx, code);
    const [latest] = await tx.select().from(itemVersions).where(eq(itemVersions.itemId, item.id)).orderBy(desc(itemVersions.number)).limit(1);
    if (latest!.status === 'draft' || latest!.status === 'inReview') throw new Problem('catalog.draft_exists');
    const { id: _, number, status: _s, createdBy: _c, submittedBy: _sb, reviewNote: _r, publishedBy: _pb, publishedAt: _pa, retiredAt: _ra, version: _v, createdAt: _ca, updatedAt: _ua, changeNote: _cn, ...content } = latest!;
    const [v] = await tx.insert(itemVersions).values({ ...content, number: number + 1, status: 'draft', changeNote, createdBy: actor.id }).returning();
    await recordAudit(tx, ctx, { action: 'catalog.create-draft', targetType: 'itemVersion', targetId: v!.id, after: v });
    return v!;
  });
}

async function findOpenVersion(tx: Tx, versionId: string): Promise<ItemVersionRow> {
  const [v] = await tx.select().from(itemVersions).where(eq(itemVersions.id, versionId));
  if (!v) throw new Problem('not_found');
  return v;
}

/**
 * Edits a draft; published versions never change.
 * @throws Problem 'catalog.not_draft' for a version that is not a draft; 'version_conflict' for a stale version.
 */
export async function updateDraft(ctx: Ctx, versionId: string, change: Partial<VersionContent> & { version: number; changeNote?: string | undefined }): Promise<ItemVersionRow> {
  await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await findOpenVersion(tx, versionId);
    if (current.status !== 'draft') throw new Problem('catalog.not_draft');
    const { version, ...fields } = change;
    const next = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as ItemVersionRow;
    checkContent(next);
    checkProofItems(next.materials, await proofItemsNamedBy(tx, next.materials));
    const [row] = await tx
      .update(itemVersions)
      .set({ ...fields, version: sql`${itemVersions.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(itemVersions.id, versionId), eq(itemVersions.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'catalog.update-draft', targetType: 'itemVersion', targetId: versionId, before: current, after: row });
    return row;
  });
}

/** Discards a draft (never a published version). */
export async function deleteDraft(ctx: Ctx, versionId: string): Promise<void> {
  await requireCatalogManager(ctx);
  await ctx.db.transaction(async (tx) => {
    const current = await findOpenVersion(tx, versionId);
    if (current.status !== 'draft') throw new Problem('catalog.not_draft');
    await tx.delete(itemVersions).where(eq(itemVersions.id, versionId));
    // An item whose only version was this draft goes with it.
    const [left] = await tx.select({ id: itemVersions.id }).from(itemVersions).where(eq(itemVersions.itemId, current.itemId)).limit(1);
    if (!left) await tx.delete(serviceItems).where(eq(serviceItems.id, current.itemId));
    await recordAudit(tx, ctx, { action: 'catalog.delete-draft', targetType: 'itemVersion', targetId: versionId, before: current });
  });
}

/**
 * Moves a version through review: submit (draft → in review), approve (publishes it and retires the
 * version it supersedes), reject (back to draft, with a note), retire (withdraws the item).
 * @throws Problem 'catalog.invalid_transition'; 'catalog.same_reviewer' when the submitter approves; 'version_conflict'.
 */
export async function transitionVersion(ctx: Ctx, versionId: string, action: VersionAction, input: { version: number; note?: string | undefined }): Promise<ItemVersionRow> {
  const actor = await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await findOpenVersion(tx, versionId);
    const status = nextVersionStatus(current.status, action);
    const now = ctx.clock.now();
    const set: Partial<typeof itemVersions.$inferInsert> = { status, updatedAt: now };
    // A proof item may have been retired since the draft was written: it is never submitted or published asking for one.
    if (action === 'submit' || action === 'approve') checkProofItems(current.materials, await proofItemsNamedBy(tx, current.materials));
    if (action === 'submit') Object.assign(set, { submittedBy: actor.id, reviewNote: null });
    if (action === 'reject') Object.assign(set, { reviewNote: input.note ?? '' });
    if (action === 'approve') {
      checkReviewer(current.submittedBy, actor.id);
      checkContent(current);
      // The version it supersedes retires in the same transaction: never two published at once.
      await tx.update(itemVersions).set({ status: 'retired', retiredAt: now, updatedAt: now }).where(and(eq(itemVersions.itemId, current.itemId), eq(itemVersions.status, 'published')));
      Object.assign(set, { publishedBy: actor.id, publishedAt: now });
    }
    if (action === 'retire') {
      Object.assign(set, { retiredAt: now });
      await tx.delete(oneTripEntries).where(eq(oneTripEntries.itemId, current.itemId));
    }
    const [row] = await tx.update(itemVersions).set(set).where(and(eq(itemVersions.id, versionId), eq(itemVersions.version, input.version))).returning();
    if (!row) throw new Problem('version_conflict');
    if (action === 'approve' || action === 'retire') await bumpCatalogRevision(tx);
    await recordAudit(tx, ctx, { action: `catalog.${action}`, targetType: 'itemVersion', targetId: versionId, before: current, after: row });
    return row;
  });
}

/** Every version of an item, newest first; drafts and reviews only for catalog managers. */
export async function listVersions(ctx: Ctx, code: string): Promise<ItemVersionRow[]> {
  const item = await findItem(ctx.db, code);
  const manager = hasRole(ctx.actor, 'catalogManager');
  const rows = await ctx.db.select().from(itemVersions).where(eq(itemVersions.itemId, item.id)).orderBy(desc(itemVersions.number));
  const visible = rows.filter((v) => manager || v.status === 'published' || v.status === 'retired');
  if (!visible.length) throw new Problem('not_found');
  return visible;
}

/** The fields that changed between two versions of one item. */
export async function diffVersions(ctx: Ctx, fromId: string, toId: string): Promise<{ from: ItemVersionRow; to: ItemVersionRow; changes: FieldChange[] }> {
  const a = await getVersion(ctx, fromId);
  const b = await getVersion(ctx, toId);
  if (a.item.id !== b.item.id) throw new Problem('validation_failed', 'both versions must belong to one item');
  return { from: a.version, to: b.version, changes: diffContent(a.version, b.version) };
}

export interface ManagedItem {
  code: string;
  deptKey: string;
  name: string;
  nameEn: string;
  published: number | null;
  open: { id: string; number: number; status: ItemVersionRow['status'] } | null;
  updatedAt: Date;
}

/** The catalog as its managers see it: every item with its published and open versions. */
export async function listManagedItems(ctx: Ctx, filter: { q?: string | undefined; status?: 'open' | 'inReview' | undefined; dept?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: ManagedItem[] }> {
  requireRole(ctx.actor, 'catalogManager');
  const rows = await ctx.db
    .select({ code: serviceItems.code, deptKey: serviceItems.deptKey, v: { id: itemVersions.id, number: itemVersions.number, status: itemVersions.status, name: itemVersions.name, nameEn: itemVersions.nameEn, updatedAt: itemVersions.updatedAt } })
    .from(serviceItems)
    .innerJoin(itemVersions, eq(itemVersions.itemId, serviceItems.id))
    .where(ne(itemVersions.status, 'retired'))
    .orderBy(asc(serviceItems.code), asc(itemVersions.number));
  const byCode = new Map<string, ManagedItem>();
  for (const r of rows) {
    const m = byCode.get(r.code) ?? { code: r.code, deptKey: r.deptKey, name: r.v.name, nameEn: r.v.nameEn, published: null, open: null, updatedAt: r.v.updatedAt };
    if (r.v.status === 'published') m.published = r.v.number;
    else m.open = { id: r.v.id, number: r.v.number, status: r.v.status };
    m.name = r.v.name;
    m.nameEn = r.v.nameEn;
    if (r.v.updatedAt > m.updatedAt) m.updatedAt = r.v.updatedAt;
    byCode.set(r.code, m);
  }
  const q = filter.q?.toLowerCase();
  const all = [...byCode.values()].filter(
    (m) =>
      (!q || m.code.toLowerCase().includes(q) || m.name.includes(filter.q!) || m.nameEn.toLowerCase().includes(q)) &&
      (!filter.dept || m.deptKey === filter.dept) &&
      (!filter.status || (filter.status === 'open' ? !!m.open : m.open?.status === 'inReview')),
  );
  const start = (filter.page - 1) * filter.pageSize;
  return { total: all.length, items: all.slice(start, start + filter.pageSize) };
}

// ---------------------------------------------------------------- implementations (实施清单)

// Inside a transaction every query goes through `tx`: on the embedded database a second handle would wait for it forever.
async function implementingOrgInScope(q: Queryable, actor: Actor | null, orgIdOrCode: string): Promise<OrgRow> {
  requireRole(actor, 'catalogManager', 'admin');
  const org = await findOrg(q, orgIdOrCode);
  if (!org || !inScope(actor, org.path)) throw new Problem('not_found');
  return org;
}

export interface ImplementationInput {
  itemCode: string;
  orgId: string;
  promisedLimit?: number | undefined;
  siteIds?: string[] | undefined;
  phone?: string | undefined;
  hours?: string | undefined;
  hoursEn?: string | undefined;
  feeNote?: string | undefined;
}

/**
 * An organisation publishes that it carries out an item, with its local details; the shared fields
 * are taken from the catalog, so a new implementation starts without drift.
 * @throws Problem 'catalog.promise_exceeds_law' when the promised limit exceeds the statutory one.
 */
export async function createImplementation(ctx: Ctx, input: ImplementationInput): Promise<ImplementationRow> {
  const org = await implementingOrgInScope(ctx.db, ctx.actor, input.orgId);
  return ctx.db.transaction(async (tx) => {
    const item = await findItem(tx, input.itemCode);
    const v = await publishedVersion(tx, item.id);
    if (!v) throw new Problem('not_found', `item ${input.itemCode} has no published version`);
    const promisedLimit = input.promisedLimit ?? v.promisedLimit;
    if (promisedLimit > v.statutoryLimit) throw new Problem('catalog.promise_exceeds_law');
    const siteIds = input.siteIds ?? [];
    await checkSitesInSubtree(tx, org, siteIds);
    const [row] = await tx
      .insert(implementations)
      .values({ itemId: item.id, orgId: org.id, versionId: v.id, declared: declaredFields(item.code, v), promisedLimit, siteIds, phone: input.phone ?? '', hours: input.hours ?? '', hoursEn: input.hoursEn ?? '', feeNote: input.feeNote ?? '' })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Problem('duplicate', `${org.code} already implements ${item.code}`);
    await bumpCatalogRevision(tx);
    await recordAudit(tx, ctx, { action: 'catalog.create-implementation', targetType: 'implementation', targetId: row.id, after: row });
    return row;
  });
}

async function checkSitesInSubtree(q: Queryable, org: OrgRow, siteIds: string[]): Promise<void> {
  if (!siteIds.length) return;
  // A department's sites are those of its government (the hall it sits in) and everything below.
  const government = org.kind === 'department' && org.parentId ? org.parentId : org.id;
  const allowed = new Set((await listSites(q, { within: government })).map((s) => s.id));
  const bad = siteIds.filter((id) => !allowed.has(id));
  if (bad.length) throw new Problem('validation_failed', 'sites must belong to the organisation\'s government', bad.map((id) => ({ field: '/body/siteIds', message: `site ${id} is outside` })));
}

export type ImplementationChange = Omit<ImplementationInput, 'itemCode' | 'orgId'> & { version: number; active?: boolean | undefined };

/** @throws Problem 'not_found' outside the subtree; 'version_conflict'; 'catalog.promise_exceeds_law'. */
export async function updateImplementation(ctx: Ctx, id: string, change: ImplementationChange): Promise<ImplementationRow> {
  requireRole(ctx.actor, 'catalogManager', 'admin');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(implementations).where(eq(implementations.id, id));
    if (!current) throw new Problem('not_found');
    const org = await implementingOrgInScope(tx, ctx.actor, current.orgId);
    const [v] = await tx.select().from(itemVersions).where(eq(itemVersions.id, current.versionId));
    if (change.promisedLimit !== undefined && change.promisedLimit > v!.statutoryLimit) throw new Problem('catalog.promise_exceeds_law');
    if (change.siteIds) await checkSitesInSubtree(tx, org, change.siteIds);
    const { version, ...fields } = change;
    const [row] = await tx
      .update(implementations)
      .set({ ...Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined)), version: sql`${implementations.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(implementations.id, id), eq(implementations.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await bumpCatalogRevision(tx);
    await recordAudit(tx, ctx, { action: 'catalog.update-implementation', targetType: 'implementation', targetId: id, before: current, after: row });
    return row;
  });
}

export interface ImplementationView extends ImplementationRow {
  itemCode: string;
  itemName: string;
  itemNameEn: string;
  orgCode: string;
  orgName: string;
  orgNameEn: string;
  /** The catalog has published a newer version than the one this implementation is aligned with. */
  behind: boolean;
  drift: Drift[];
}

/** Implementations within an organisation's subtree, with drift from the catalog ("seven unified" check). */
export async function listImplementations(ctx: Ctx, filter: { org: string; driftOnly?: boolean | undefined; page: number; pageSize: number }): Promise<{ total: number; drifting: number; items: ImplementationView[] }> {
  const root = await implementingOrgInScope(ctx.db, ctx.actor, filter.org);
  const subtree = await listOrgs(ctx.db, { within: root.id });
  const orgById = new Map(subtree.map((o) => [o.id, o]));
  if (!orgById.size) return { total: 0, drifting: 0, items: [] };
  const rows = await ctx.db
    .select({ impl: implementations, code: serviceItems.code, current: itemVersions })
    .from(implementations)
    .innerJoin(serviceItems, eq(serviceItems.id, implementations.itemId))
    .innerJoin(itemVersions, and(eq(itemVersions.itemId, serviceItems.id), eq(itemVersions.status, 'published')))
    .where(inArray(implementations.orgId, [...orgById.keys()]))
    .orderBy(asc(serviceItems.code));
  const views = rows.map(({ impl, code, current }) => {
    const org = orgById.get(impl.orgId)!;
    return {
      ...impl, itemCode: code, itemName: current.name, itemNameEn: current.nameEn, orgCode: org.code, orgName: org.name, orgNameEn: org.nameEn,
      behind: impl.versionId !== current.id, drift: driftOf(impl.declared, declaredFields(code, current)),
    };
  });
  const drifting = views.filter((v) => v.behind || v.drift.length);
  const list = filter.driftOnly ? drifting : views;
  const start = (filter.page - 1) * filter.pageSize;
  return { total: list.length, drifting: drifting.length, items: list.slice(start, start + filter.pageSize) };
}

/** Aligns implementations in a subtree with the catalog's current versions (ends drift); returns how many changed. */
export async function syncImplementations(ctx: Ctx, orgIdOrCode: string): Promise<number> {
  const root = await implementingOrgInScope(ctx.db, ctx.actor, orgIdOrCode);
  const subtree = (await listOrgs(ctx.db, { within: root.id })).map((o) => o.id);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ impl: implementations, code: serviceItems.code, current: itemVersions })
      .from(implementations)
      .innerJoin(serviceItems, eq(serviceItems.id, implementations.itemId))
      .innerJoin(itemVersions, and(eq(itemVersions.itemId, serviceItems.id), eq(itemVersions.status, 'published')))
      .where(inArray(implementations.orgId, subtree));
    let changed = 0;
    for (const { impl, code, current } of rows) {
      const declared = declaredFields(code, current);
      if (impl.versionId === current.id && driftOf(impl.declared, declared).length === 0) continue;
      // A promise the new version's law no longer allows falls back to the catalog's promise.
      const promisedLimit = impl.promisedLimit > current.statutoryLimit ? current.promisedLimit : impl.promisedLimit;
      await tx.update(implementations).set({ versionId: current.id, declared, promisedLimit, version: sql`${implementations.version} + 1`, updatedAt: ctx.clock.now() }).where(eq(implementations.id, impl.id));
      await recordAudit(tx, ctx, { action: 'catalog.sync-implementation', targetType: 'implementation', targetId: impl.id, before: impl.declared, after: declared });
      changed++;
    }
    if (changed) await bumpCatalogRevision(tx);
    return changed;
  });
}

// ---------------------------------------------------------------- the one-trip list, managed

/** Opens the next batch of the "at most one trip" list. */
export async function createOneTripBatch(ctx: Ctx, input: { title: string; titleEn: string }): Promise<typeof oneTripBatches.$inferSelect> {
  await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const [last] = await tx.select().from(oneTripBatches).orderBy(desc(oneTripBatches.number)).limit(1);
    if (last && !last.publishedOn) throw new Problem('catalog.batch_open', `batch ${last.number} is not published yet`);
    const [row] = await tx.insert(oneTripBatches).values({ number: (last?.number ?? 0) + 1, ...input }).returning();
    await recordAudit(tx, ctx, { action: 'catalog.create-batch', targetType: 'oneTripBatch', targetId: String(row!.number), after: row });
    return row!;
  });
}

/**
 * Sets the items of an unpublished batch. Each must be published, need at most one trip, and not be
 * on the list already.
 * @throws Problem 'catalog.batch_published'; 'validation_failed' naming each item that does not qualify.
 */
export async function setOneTripEntries(ctx: Ctx, batch: number, codes: string[]): Promise<number> {
  await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const [b] = await tx.select().from(oneTripBatches).where(eq(oneTripBatches.number, batch));
    if (!b) throw new Problem('not_found');
    if (b.publishedOn) throw new Problem('catalog.batch_published');
    const unique = [...new Set(codes)];
    const rows = unique.length
      ? await tx
          .select({ id: serviceItems.id, code: serviceItems.code, trips: itemVersions.trips, listed: oneTripEntries.batch })
          .from(serviceItems)
          .innerJoin(itemVersions, and(eq(itemVersions.itemId, serviceItems.id), eq(itemVersions.status, 'published')))
          .leftJoin(oneTripEntries, eq(oneTripEntries.itemId, serviceItems.id))
          .where(inArray(serviceItems.code, unique))
      : [];
    const errors = unique
      .map((code) => {
        const r = rows.find((x) => x.code === code);
        if (!r) return { field: '/body/codes', message: `${code}: no published item` };
        if (!oneTripEligible(r)) return { field: '/body/codes', message: `${code}: needs ${r.trips} trips` };
        if (r.listed !== null && r.listed !== batch) return { field: '/body/codes', message: `${code}: already in batch ${r.listed}` };
        return null;
      })
      .filter((e): e is { field: string; message: string } => !!e);
    if (errors.length) throw new Problem('validation_failed', 'some items cannot join the list', errors);
    await tx.delete(oneTripEntries).where(eq(oneTripEntries.batch, batch));
    if (rows.length) await tx.insert(oneTripEntries).values(rows.map((r) => ({ batch, itemId: r.id })));
    await recordAudit(tx, ctx, { action: 'catalog.set-batch-items', targetType: 'oneTripBatch', targetId: String(batch), after: unique.sort() });
    return rows.length;
  });
}

/** Publishes a batch: from today its items are on the public "at most one trip" list. */
export async function publishOneTripBatch(ctx: Ctx, batch: number, publishedOn: string): Promise<void> {
  const actor = await requireCatalogManager(ctx);
  await ctx.db.transaction(async (tx) => {
    const [b] = await tx.select().from(oneTripBatches).where(eq(oneTripBatches.number, batch));
    if (!b) throw new Problem('not_found');
    if (b.publishedOn) throw new Problem('catalog.batch_published');
    await tx.update(oneTripBatches).set({ publishedOn, publishedBy: actor.id, version: sql`${oneTripBatches.version} + 1` }).where(eq(oneTripBatches.number, batch));
    await bumpCatalogRevision(tx);
    await recordAudit(tx, ctx, { action: 'catalog.publish-batch', targetType: 'oneTripBatch', targetId: String(batch), after: { publishedOn } });
  });
}

// ---------------------------------------------------------------- proof items asked for by materials (R1.3)

// Every filing asks it: built once.
const proofItemsQuery = preparedQuery('onetrip_proof_items_named', (q) =>
  q.select().from(proofItems).where(or(sql`${proofItems.name} = any(${sql.placeholder('names')}::text[])`, sql`${proofItems.code} = any(${sql.placeholder('codes')}::text[])`)),
);

/** The proof items these materials name by code or are by exact name (only those are read). */
export async function proofItemsNamedBy(q: Queryable, materials: readonly Pick<MaterialSpec, 'name' | 'proofItem'>[]): Promise<ProofItemRow[]> {
  const names = [...new Set(materials.map((m) => m.name.trim()))];
  const codes = [...new Set(materials.flatMap((m) => (m.proofItem ? [m.proofItem] : [])))];
  if (!names.length && !codes.length) return [];
  return proofItemsQuery(q, { names, codes });
}

export interface MaterialProofItem {
  materialKey: string;
  proofItem: ProofItemRow;
}

/** Each material that is a proof item, with that item: what the notice shows and what a commitment (告知承诺) may stand in for. */
export async function proofItemsOfMaterials(q: Queryable, materials: readonly MaterialSpec[]): Promise<MaterialProofItem[]> {
  const items = await proofItemsNamedBy(q, materials);
  return materials.flatMap((m) => {
    const proofItem = proofItemOf(m, items);
    return proofItem ? [{ materialKey: m.key, proofItem }] : [];
  });
}
