import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { isValidRegionCode } from '../../../common/id-codes.js';
import type { Queryable } from '../../db/client.js';
import { hasRole, inScope, requireActor, requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { findOrg, findOrgsByIds, governmentPath, listOrgs, type OrgRow } from '../orgs/index.js';
import { defaultLimits, limitTableErrors, suggestDispatch, type CategoryNode, type DispatchSuggestion, type SuggestionOrg } from './rules.js';
import { dispatchRules, hotlineCategories, hotlineSettings, open311Keys, type CategoryRow, type DispatchRuleRow, type LimitTable, type Open311KeyRow } from './schema.js';

// The centre's configuration: which organisation is the 12345 centre and its limits, the categories,
// the dispatch rules (category × region → responsible organisation) and the Open311 API keys. Kept
// by the administrators of the centre, every change audited.

export interface HotlineSettings {
  centreOrgId: string | null;
  limits: LimitTable;
  callbackDays: number;
  dispatchDays: number;
  hotTopic: { minTickets: number; days: number; radiusMeters: number };
  version: number;
  updatedAt: Date | null;
}

/** The settings, or the defaults (and no centre) before anyone set them. */
export async function loadSettings(q: Queryable): Promise<HotlineSettings> {
  const [row] = await q.select().from(hotlineSettings).where(eq(hotlineSettings.id, 1));
  if (!row) return { centreOrgId: null, limits: defaultLimits(), callbackDays: 1, dispatchDays: 1, hotTopic: { minTickets: 3, days: 7, radiusMeters: 500 }, version: 0, updatedAt: null };
  return {
    centreOrgId: row.centreOrgId, limits: { ...defaultLimits(), ...row.limits }, callbackDays: row.callbackDays, dispatchDays: row.dispatchDays,
    hotTopic: { minTickets: row.hotTopicMinTickets, days: row.hotTopicDays, radiusMeters: row.hotTopicRadiusMeters }, version: row.version, updatedAt: row.updatedAt,
  };
}

/** The 12345 centre. @throws Problem 'hotline.no_centre' before one is set. */
export async function requireCentre(q: Queryable, settings?: HotlineSettings): Promise<OrgRow> {
  const s = settings ?? (await loadSettings(q));
  const centre = s.centreOrgId ? await findOrg(q, s.centreOrgId) : undefined;
  if (!centre) throw new Problem('hotline.no_centre');
  return centre;
}

/** The area a centre serves: its government's subtree (the prefecture's for a prefecture's centre). */
export const servedPath = (centre: OrgRow): string => governmentPath(centre);

/**
 * Whether a GB/T 2260 code lies in the centre's area: a prefecture's centre (code ending in 00) serves
 * its counties and itself, a county's centre its county.
 */
export function regionServed(centre: OrgRow, regionCode: string): boolean {
  if (!isValidRegionCode(regionCode)) return false;
  const own = centre.regionCode;
  return own.endsWith('00') ? regionCode.startsWith(own.slice(0, 4)) : regionCode === own;
}

/**
 * The administrators who keep the centre's configuration: administrators whose subtree holds the
 * centre. 403 for other roles; 404 for administrators elsewhere (as if it did not exist).
 */
async function requireCentreAdmin(ctx: Ctx, settings?: HotlineSettings): Promise<{ actor: Actor; centre: OrgRow | null }> {
  const actor = requireRole(ctx.actor, 'admin');
  const s = settings ?? (await loadSettings(ctx.db));
  const centre = s.centreOrgId ? (await findOrg(ctx.db, s.centreOrgId)) ?? null : null;
  if (centre && !inScope(actor, centre.path)) throw new Problem('not_found');
  return { actor, centre };
}

export interface SettingsView extends HotlineSettings {
  centre: { id: string; code: string; name: string; nameEn: string; regionCode: string } | null;
}

export async function getSettings(ctx: Ctx): Promise<SettingsView> {
  if (requireActor(ctx.actor).kind !== 'staff') throw new Problem('forbidden');
  const s = await loadSettings(ctx.db);
  const centre = s.centreOrgId ? await findOrg(ctx.db, s.centreOrgId) : undefined;
  return { ...s, centre: centre ? { id: centre.id, code: centre.code, name: centre.name, nameEn: centre.nameEn, regionCode: centre.regionCode } : null };
}

export interface SettingsInput {
  version: number;
  centreOrg?: string | undefined;
  limits: LimitTable;
  callbackDays: number;
  dispatchDays: number;
  hotTopic: { minTickets: number; days: number; radiusMeters: number };
}

/**
 * Changes the settings (administrators of the centre; the first time, any administrator names a
 * centre within their subtree). Time limits apply to tickets dispatched afterwards.
 * @throws Problem 'validation_failed' for a bad limit table; 'version_conflict'; 'not_found' for a centre outside the actor's subtree.
 */
export async function updateSettings(ctx: Ctx, input: SettingsInput): Promise<SettingsView> {
  const current = await loadSettings(ctx.db);
  const { actor, centre } = await requireCentreAdmin(ctx, current);
  const errors = limitTableErrors(input.limits);
  if (errors.length) throw new Problem('validation_failed', 'limits must be whole working days from 1 to 60, urgent no longer than normal, critical no longer than urgent', errors.map((field) => ({ field, message: 'invalid limit' })));
  let centreId = centre?.id ?? null;
  if (input.centreOrg) {
    const next = await findOrg(ctx.db, input.centreOrg);
    if (!next || !inScope(actor, next.path)) throw new Problem('not_found', 'no such organisation in your subtree');
    centreId = next.id;
  }
  if (!centreId) throw new Problem('validation_failed', 'name the 12345 centre', [{ field: '/body/centreOrg', message: 'required the first time' }]);
  // Before the first save the settings are the defaults, at version 0.
  if (input.version !== current.version) throw new Problem('version_conflict');
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const values = {
      centreOrgId: centreId, limits: input.limits, callbackDays: input.callbackDays, dispatchDays: input.dispatchDays, hotTopicMinTickets: input.hotTopic.minTickets,
      hotTopicDays: input.hotTopic.days, hotTopicRadiusMeters: input.hotTopic.radiusMeters, updatedAt: now, updatedBy: actor.id,
    };
    const [row] = current.version === 0
      ? await tx.insert(hotlineSettings).values({ id: 1, ...values }).onConflictDoNothing().returning()
      : await tx.update(hotlineSettings).set({ ...values, version: sql`${hotlineSettings.version} + 1` }).where(and(eq(hotlineSettings.id, 1), eq(hotlineSettings.version, input.version))).returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'hotline.settings-update', targetType: 'hotlineSettings', targetId: '1', before: current, after: row });
  });
  return getSettings(ctx);
}

// ---------------------------------------------------------------- categories

export async function listCategories(q: Queryable, options: { publicOnly?: boolean } = {}): Promise<CategoryRow[]> {
  const where = options.publicOnly ? and(eq(hotlineCategories.active, true), eq(hotlineCategories.public, true)) : eq(hotlineCategories.active, true);
  return q.select().from(hotlineCategories).where(where).orderBy(asc(hotlineCategories.sort), asc(hotlineCategories.code));
}

export const categoryNodes = (rows: CategoryRow[]): CategoryNode[] => rows.map((c) => ({ code: c.code, parentCode: c.parentCode, name: c.name, keywords: c.keywords, active: c.active }));

/** A category tickets may be filed under: active, and a leaf (the tree's inner nodes only group). */
export async function requireLeafCategory(q: Queryable, code: string): Promise<CategoryRow> {
  const [row] = await q.select().from(hotlineCategories).where(and(eq(hotlineCategories.code, code), eq(hotlineCategories.active, true)));
  const [child] = row ? await q.select({ code: hotlineCategories.code }).from(hotlineCategories).where(and(eq(hotlineCategories.parentCode, code), eq(hotlineCategories.active, true))).limit(1) : [];
  if (!row || child) throw new Problem('hotline.unknown_category', `no category ${code} to file under`, [{ field: '/body/categoryCode', message: 'an active category without subcategories' }]);
  return row;
}

// ---------------------------------------------------------------- dispatch rules

export interface DispatchRuleView extends DispatchRuleRow {
  org: { id: string; code: string; name: string; nameEn: string } | null;
  categoryName: string;
  categoryNameEn: string;
}

async function ruleViews(q: Queryable, rows: DispatchRuleRow[]): Promise<DispatchRuleView[]> {
  const [orgs, categories] = await Promise.all([findOrgsByIds(q, rows.map((r) => r.orgId)), q.select().from(hotlineCategories)]);
  const names = new Map(categories.map((c) => [c.code, c]));
  return rows.map((r) => {
    const o = orgs.get(r.orgId);
    return { ...r, org: o ? { id: o.id, code: o.code, name: o.name, nameEn: o.nameEn } : null, categoryName: names.get(r.categoryCode)?.name ?? '', categoryNameEn: names.get(r.categoryCode)?.nameEn ?? '' };
  });
}

/** The dispatch rules (staff: nobody in government needs to guess who is responsible). */
export async function listDispatchRules(ctx: Ctx, filter: { categoryCode?: string | undefined; regionCode?: string | undefined }): Promise<DispatchRuleView[]> {
  if (requireActor(ctx.actor).kind !== 'staff') throw new Problem('forbidden');
  const rows = await ctx.db
    .select()
    .from(dispatchRules)
    .where(and(filter.categoryCode ? eq(dispatchRules.categoryCode, filter.categoryCode) : undefined, filter.regionCode ? eq(dispatchRules.regionCode, filter.regionCode) : undefined))
    .orderBy(asc(dispatchRules.categoryCode), sql`${dispatchRules.regionCode} NULLS FIRST`);
  return ruleViews(ctx.db, rows);
}

export interface DispatchRuleInput {
  categoryCode: string;
  regionCode: string | null;
  org: string;
  note?: string | undefined;
}

/** Checks a rule's parts: a known category, a region the centre serves, an organisation in its area. */
async function checkedRule(ctx: Ctx, centre: OrgRow | null, input: Omit<DispatchRuleInput, 'note'>): Promise<{ orgId: string }> {
  const c = centre ?? (await requireCentre(ctx.db));
  const [category] = await ctx.db.select().from(hotlineCategories).where(eq(hotlineCategories.code, input.categoryCode));
  if (!category) throw new Problem('hotline.unknown_category', undefined, [{ field: '/body/categoryCode', message: 'no such category' }]);
  if (input.regionCode !== null && !regionServed(c, input.regionCode)) throw new Problem('hotline.region_outside', undefined, [{ field: '/body/regionCode', message: 'outside the centre\'s area' }]);
  const org = await findOrg(ctx.db, input.org);
  if (!org || !org.active || !org.path.startsWith(servedPath(c))) throw new Problem('hotline.bad_handling_org', undefined, [{ field: '/body/org', message: 'no such organisation in the centre\'s area' }]);
  return { orgId: org.id };
}

export async function createDispatchRule(ctx: Ctx, input: DispatchRuleInput): Promise<DispatchRuleView> {
  const { centre } = await requireCentreAdmin(ctx);
  const { orgId } = await checkedRule(ctx, centre, input);
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [created] = await tx.insert(dispatchRules).values({ categoryCode: input.categoryCode, regionCode: input.regionCode, orgId, note: input.note ?? '', createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    if (!created) throw new Problem('duplicate', 'there is already a rule for this category and region');
    await recordAudit(tx, ctx, { action: 'hotline.rule-create', targetType: 'dispatchRule', targetId: created.id, after: created });
    return created;
  });
  return (await ruleViews(ctx.db, [row]))[0]!;
}

async function ruleInScope(ctx: Ctx, id: string): Promise<{ centre: OrgRow | null; row: DispatchRuleRow }> {
  const { centre } = await requireCentreAdmin(ctx);
  const [row] = await ctx.db.select().from(dispatchRules).where(eq(dispatchRules.id, id));
  if (!row) throw new Problem('not_found');
  return { centre, row };
}

export async function updateDispatchRule(ctx: Ctx, id: string, change: { version: number; org?: string | undefined; note?: string | undefined }): Promise<DispatchRuleView> {
  const { centre, row: current } = await ruleInScope(ctx, id);
  const orgId = change.org ? (await checkedRule(ctx, centre, { categoryCode: current.categoryCode, regionCode: current.regionCode, org: change.org })).orgId : current.orgId;
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(dispatchRules)
      .set({ orgId, note: change.note ?? current.note, version: sql`${dispatchRules.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(dispatchRules.id, id), eq(dispatchRules.version, change.version)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'hotline.rule-update', targetType: 'dispatchRule', targetId: id, before: current, after: updated });
    return updated;
  });
  return (await ruleViews(ctx.db, [row]))[0]!;
}

export async function deleteDispatchRule(ctx: Ctx, id: string, version: number): Promise<void> {
  const { row: current } = await ruleInScope(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const [gone] = await tx.delete(dispatchRules).where(and(eq(dispatchRules.id, id), eq(dispatchRules.version, version))).returning();
    if (!gone) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'hotline.rule-delete', targetType: 'dispatchRule', targetId: id, before: current });
  });
}

/** Names an organisation goes by in callers' words: its name and short name, and both without the place in front (昌吉市市场监督管理局 → 市场监督管理局). */
export function namesOf(o: Pick<OrgRow, 'name' | 'shortName'>, placeNames: readonly string[]): string[] {
  const out = new Set([o.name, o.shortName]);
  for (const n of [o.name, o.shortName]) for (const p of placeNames) if (n.startsWith(p) && n.length - p.length >= 3) out.add(n.slice(p.length));
  return [...out];
}

/** The suggestion for a ticket's text: the categories it sounds like and who is responsible for them there (agents). */
export async function suggest(ctx: Ctx, input: { text: string; categoryCode?: string | undefined; regionCode?: string | undefined }): Promise<DispatchSuggestion & { orgNames: Record<string, { code: string; name: string; nameEn: string }> }> {
  const actor = requireRole(ctx.actor, 'hotlineAgent');
  const centre = await requireCentre(ctx.db);
  if (!inScope(actor, centre.path)) throw new Problem('forbidden', 'you are not an agent of the 12345 centre');
  const [categories, rules, orgs] = await Promise.all([listCategories(ctx.db), ctx.db.select().from(dispatchRules), listOrgs(ctx.db, { within: servedPath(centre) })]);
  // Places are the governments' names and short names: 昌吉市, 昌吉州 ….
  const places = orgs.filter((o) => o.kind !== 'department').flatMap((o) => [o.name, o.shortName]).filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
  const candidates: SuggestionOrg[] = orgs.filter((o) => o.kind === 'department').map((o) => ({ id: o.id, names: namesOf(o, places).filter((n) => n.length >= 3) }));
  // An organisation named without a place is taken in the ticket's county first: among same-named departments, the one there.
  const inRegion = input.regionCode ? candidates.filter((c) => orgs.find((o) => o.id === c.id)?.regionCode === input.regionCode) : candidates;
  const result = suggestDispatch({ text: input.text, categoryCode: input.categoryCode ?? null, regionCode: input.regionCode ?? null }, { categories: categoryNodes(categories), rules, orgs: inRegion.length ? inRegion : candidates });
  const named = await findOrgsByIds(ctx.db, result.orgs.map((o) => o.orgId));
  return { ...result, orgNames: Object.fromEntries([...named].map(([id, o]) => [id, { code: o.code, name: o.name, nameEn: o.nameEn }])) };
}

// ---------------------------------------------------------------- Open311 API keys

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export type Open311KeyView = Omit<Open311KeyRow, 'keyHash'>;
const keyView = ({ keyHash: _, ...rest }: Open311KeyRow): Open311KeyView => rest;

export async function listOpen311Keys(ctx: Ctx): Promise<Open311KeyView[]> {
  await requireCentreAdmin(ctx);
  return (await ctx.db.select().from(open311Keys).orderBy(desc(open311Keys.createdAt))).map(keyView);
}

/** Issues a key for a client application; the key itself is shown this once (only its hash is kept). */
export async function issueOpen311Key(ctx: Ctx, input: { name: string; contact?: string | undefined }): Promise<Open311KeyView & { key: string }> {
  const { actor } = await requireCentreAdmin(ctx);
  const key = `o311_${randomBytes(24).toString('base64url')}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(open311Keys).values({ name: input.name, contact: input.contact ?? '', keyHash: hashApiKey(key), prefix: key.slice(0, 9), createdBy: actor.id, createdAt: ctx.clock.now() }).returning();
    await recordAudit(tx, ctx, { action: 'hotline.open311-key-issue', targetType: 'open311Key', targetId: created!.id, after: keyView(created!) });
    return created!;
  });
  return { ...keyView(row), key };
}

export async function revokeOpen311Key(ctx: Ctx, id: string, version: number): Promise<Open311KeyView> {
  const { actor } = await requireCentreAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(open311Keys).where(eq(open311Keys.id, id));
    if (!current) throw new Problem('not_found');
    if (current.revokedAt) throw new Problem('hotline.invalid_transition', 'this key is already revoked');
    const [row] = await tx.update(open311Keys).set({ revokedAt: ctx.clock.now(), revokedBy: actor.id, version: sql`${open311Keys.version} + 1` }).where(and(eq(open311Keys.id, id), eq(open311Keys.version, version))).returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'hotline.open311-key-revoke', targetType: 'open311Key', targetId: id, before: keyView(current), after: keyView(row) });
    return keyView(row);
  });
}

/** The active key a client sent, or null. */
export async function activeKey(q: Queryable, key: string | undefined): Promise<Open311KeyRow | null> {
  if (!key) return null;
  const [row] = await q.select().from(open311Keys).where(and(eq(open311Keys.keyHash, hashApiKey(key)), isNull(open311Keys.revokedAt)));
  return row ?? null;
}

/** Whether the actor is an agent of the centre (its subtree holds the centre). */
export const isCentreAgent = (actor: Actor | null, centrePath: string): boolean => hasRole(actor, 'hotlineAgent') && inScope(actor, centrePath);
