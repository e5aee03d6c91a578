import { and, asc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import type { OrgKind, OrgLevel, SiteKind, WindowCategory } from '../../../common/enums.js';
import type { Queryable, Tx } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hasRole, inScope, requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { users } from '../../platform/schema.js';
import { checkNesting, childPath, siteKindFits, windowDepartmentFits } from './rules.js';
import { orgs, sites, windows, windowStaff, type OrgRow, type SiteRow, type WindowRow } from './schema.js';

// ---------------------------------------------------------------- organisations

export interface OrgFilter {
  parentId?: string | undefined;
  /** Only this organisation and everything under it. */
  within?: string | undefined;
  level?: OrgLevel | undefined;
  kind?: OrgKind | undefined;
  q?: string | undefined;
}

/** The organisation tree is public (applicants browse departments); filters narrow it. */
export async function listOrgs(q: Queryable, filter: OrgFilter = {}): Promise<OrgRow[]> {
  const where: (SQL | undefined)[] = [eq(orgs.active, true)];
  if (filter.parentId) where.push(eq(orgs.parentId, filter.parentId));
  if (filter.level) where.push(eq(orgs.level, filter.level));
  if (filter.kind) where.push(eq(orgs.kind, filter.kind));
  if (filter.q) where.push(or(ilike(orgs.name, `%${escapeLike(filter.q)}%`), ilike(orgs.nameEn, `%${escapeLike(filter.q)}%`), eq(orgs.code, filter.q)));
  if (filter.within) {
    const root = await findOrg(q, filter.within);
    if (!root) return [];
    where.push(sql`${orgs.path} LIKE ${`${root.path}%`}`);
  }
  return q.select().from(orgs).where(and(...where)).orderBy(asc(orgs.path));
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One organisation by id or code. */
// Most requests look an organisation up (the actor's, the one applied to): built once.
const orgById = preparedQuery('onetrip_org_by_id', (q) => q.select().from(orgs).where(eq(orgs.id, sql.placeholder('id'))).limit(1));
const orgByCode = preparedQuery('onetrip_org_by_code', (q) => q.select().from(orgs).where(eq(orgs.code, sql.placeholder('code'))).limit(1));

export async function findOrg(q: Queryable, idOrCode: string): Promise<OrgRow | undefined> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  const [row] = isId ? await orgById(q, { id: idOrCode }) : await orgByCode(q, { code: idOrCode });
  return row;
}

/** The path of the government an organisation belongs to: its own for a government or park, its parent's for a department. */
export const governmentPath = (org: Pick<OrgRow, 'kind' | 'path'>): string =>
  org.kind === 'department' ? org.path.slice(0, org.path.lastIndexOf('/', org.path.length - 2) + 1) : org.path;

/**
 * The department of the same kind at another level above an organisation (受审分离: a county
 * department takes a case in, the prefecture's department of the same kind decides it).
 */
// Every filing asks: the government at that level among the ancestors, and its department of the kind, in one query.
const departmentAboveQuery = preparedQuery('onetrip_department_above', (q) => {
  const government = q.select({ id: orgs.id }).from(orgs).where(and(sql`${orgs.id} = any(${sql.placeholder('ancestorIds')}::uuid[])`, ne(orgs.kind, 'department'), eq(orgs.level, sql.placeholder('level')))).limit(1);
  return q.select().from(orgs).where(and(eq(orgs.parentId, sql`(${government})`), eq(orgs.kind, 'department'), eq(orgs.deptKey, sql.placeholder('deptKey')), eq(orgs.active, true))).limit(1);
});

export async function departmentAbove(q: Queryable, from: OrgRow, level: OrgRow['level'], deptKey: string): Promise<OrgRow | undefined> {
  if (from.level === level) return from;
  const [dept] = await departmentAboveQuery(q, { ancestorIds: from.path.split('/').filter(Boolean), level, deptKey });
  return dept;
}

/** Organisations by id, in one query. */
export async function findOrgsByIds(q: Queryable, ids: string[]): Promise<Map<string, OrgRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  return new Map((await q.select().from(orgs).where(inArray(orgs.id, unique))).map((o) => [o.id, o]));
}

/** The organisation if it lies within the actor's subtree; 404 otherwise, so ids outside it stay hidden. */
async function findOrgInScope(q: Queryable, actor: Actor | null, id: string): Promise<OrgRow> {
  const row = await findOrg(q, id);
  if (!row || !inScope(actor, row.path)) throw new Problem('not_found');
  return row;
}

export interface OrgInput {
  code: string;
  parentId: string;
  name: string;
  shortName: string;
  nameEn: string;
  kind: OrgKind;
  level: OrgLevel;
  regionCode?: string | undefined;
  deptKey?: string | undefined;
}

/**
 * Adds an organisation under one the administrator manages.
 * @throws Problem 'not_found' when the parent is outside the actor's subtree; 'org.invalid_parent' when the levels do not nest; 'duplicate' for a taken code.
 */
export async function createOrg(ctx: Ctx, input: OrgInput): Promise<OrgRow> {
  return ctx.db.transaction(async (tx) => {
    const parent = await findOrgInScope(tx, ctx.actor, input.parentId);
    requireRole(ctx.actor, 'admin');
    checkNesting(parent, input);
    if (await findOrg(tx, input.code)) throw new Problem('duplicate', `code ${input.code} is taken`);
    const id = uuidv7();
    const [row] = await tx
      .insert(orgs)
      .values({
        id,
        code: input.code,
        parentId: parent.id,
        path: childPath(parent.path, id),
        name: input.name,
        shortName: input.shortName,
        nameEn: input.nameEn,
        kind: input.kind,
        level: input.level,
        regionCode: input.regionCode ?? parent.regionCode,
        deptKey: input.kind === 'department' ? (input.deptKey ?? null) : null,
      })
      .returning();
    await recordAudit(tx, ctx, { action: 'org.create', targetType: 'org', targetId: id, after: row });
    return row!;
  });
}

export interface OrgChange {
  version: number;
  name?: string | undefined;
  shortName?: string | undefined;
  nameEn?: string | undefined;
  active?: boolean | undefined;
}

/**
 * Renames or (de)activates an organisation; the tree itself is changed by adding organisations.
 * @throws Problem 'not_found' outside the subtree; 'forbidden' without the admin role; 'version_conflict' when someone changed it first; 'org.has_children' when deactivating an organisation that still has active ones or staff under it.
 */
export async function updateOrg(ctx: Ctx, id: string, change: OrgChange): Promise<OrgRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await findOrgInScope(tx, ctx.actor, id);
    requireRole(ctx.actor, 'admin');
    if (change.active === false && current.active) {
      const [busy] = await tx
        .select({ n: sql<number>`1` })
        .from(orgs)
        .where(and(sql`${orgs.path} LIKE ${`${current.path}%`}`, sql`${orgs.id} <> ${current.id}`, eq(orgs.active, true)))
        .union(tx.select({ n: sql<number>`1` }).from(users).where(and(eq(users.orgId, current.id), eq(users.active, true))))
        .limit(1);
      if (busy) throw new Problem('org.has_children');
    }
    const { version, ...fields } = change;
    const [row] = await tx
      .update(orgs)
      .set({ ...definedOnly(fields), version: sql`${orgs.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(orgs.id, current.id), eq(orgs.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'org.update', targetType: 'org', targetId: id, before: current, after: row });
    return row;
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---------------------------------------------------------------- sites and windows

export interface SiteFilter {
  orgId?: string | undefined;
  within?: string | undefined;
  kind?: SiteKind | undefined;
  level?: OrgLevel | undefined;
  q?: string | undefined;
}

export interface SiteSummary extends SiteRow {
  orgCode: string;
  orgName: string;
  orgNameEn: string;
  windowCount: number;
}

/** Sites are public (addresses and hours are what applicants need); filters narrow them. */
export async function listSites(q: Queryable, filter: SiteFilter = {}): Promise<SiteSummary[]> {
  const where: (SQL | undefined)[] = [eq(sites.active, true)];
  if (filter.orgId) where.push(eq(sites.orgId, filter.orgId));
  if (filter.kind) where.push(eq(sites.kind, filter.kind));
  if (filter.level) where.push(eq(sites.level, filter.level));
  if (filter.q) where.push(or(ilike(sites.name, `%${escapeLike(filter.q)}%`), ilike(sites.nameEn, `%${escapeLike(filter.q)}%`), ilike(sites.address, `%${escapeLike(filter.q)}%`)));
  if (filter.within) {
    const root = await findOrg(q, filter.within);
    if (!root) return [];
    where.push(sql`${orgs.path} LIKE ${`${root.path}%`}`);
  }
  const rows = await q
    .select({
      site: sites,
      orgCode: orgs.code,
      orgName: orgs.name,
      orgNameEn: orgs.nameEn,
      windowCount: sql<number>`(SELECT count(*)::int FROM ${windows} WHERE ${windows.siteId} = ${sites.id} AND ${windows.active})`,
    })
    .from(sites)
    .innerJoin(orgs, eq(orgs.id, sites.orgId))
    .where(and(...where))
    .orderBy(asc(orgs.path), asc(sites.code));
  return rows.map((r) => ({ ...r.site, orgCode: r.orgCode, orgName: r.orgName, orgNameEn: r.orgNameEn, windowCount: r.windowCount }));
}

export interface StaffMember {
  id: string;
  displayName: string;
  username: string;
}

export interface WindowDetail extends WindowRow {
  departmentName: string | null;
  departmentNameEn: string | null;
  /** Only for staff who manage the site; applicants see windows without names of people. */
  staff?: StaffMember[];
}

export interface SiteDetail extends SiteSummary {
  windows: WindowDetail[];
  /** Whether the actor may edit this site, its windows and staff (drives the UI's buttons). */
  canManage: boolean;
}

/** A site with its windows; staff assignments only for administrators and staff within its subtree. */
export async function getSite(ctx: Ctx, id: string): Promise<SiteDetail> {
  const [row] = await ctx.db
    .select({ site: sites, org: orgs })
    .from(sites)
    .innerJoin(orgs, eq(orgs.id, sites.orgId))
    .where(eq(sites.id, id))
    .limit(1);
  if (!row) throw new Problem('not_found');
  const seesStaff = ctx.actor?.kind === 'staff' && inScope(ctx.actor, row.org.path);
  const windowRows = await ctx.db
    .select({ window: windows, departmentName: orgs.name, departmentNameEn: orgs.nameEn })
    .from(windows)
    .leftJoin(orgs, eq(orgs.id, windows.departmentId))
    .where(eq(windows.siteId, id))
    .orderBy(asc(windows.number));
  const staffByWindow = new Map<string, StaffMember[]>();
  if (seesStaff && windowRows.length) {
    const staff = await ctx.db
      .select({ windowId: windowStaff.windowId, id: users.id, displayName: users.displayName, username: users.username })
      .from(windowStaff)
      .innerJoin(users, eq(users.id, windowStaff.userId))
      .where(inArray(windowStaff.windowId, windowRows.map((w) => w.window.id)))
      .orderBy(asc(users.displayName));
    for (const { windowId, ...member } of staff) staffByWindow.set(windowId, [...(staffByWindow.get(windowId) ?? []), member]);
  }
  return {
    ...row.site,
    orgCode: row.org.code,
    orgName: row.org.name,
    orgNameEn: row.org.nameEn,
    windowCount: windowRows.filter((w) => w.window.active).length,
    canManage: hasRole(ctx.actor, 'admin') && inScope(ctx.actor, row.org.path),
    windows: windowRows.map((w) => ({
      ...w.window,
      departmentName: w.departmentName,
      departmentNameEn: w.departmentNameEn,
      ...(seesStaff ? { staff: staffByWindow.get(w.window.id) ?? [] } : {}),
    })),
  };
}

/** The site and its organisation when the site lies within the actor's subtree; 404 otherwise. */
async function findSiteInScope(q: Queryable, actor: Actor | null, id: string): Promise<{ site: SiteRow; org: OrgRow }> {
  const [row] = await q.select({ site: sites, org: orgs }).from(sites).innerJoin(orgs, eq(orgs.id, sites.orgId)).where(eq(sites.id, id)).limit(1);
  if (!row || !inScope(actor, row.org.path)) throw new Problem('not_found');
  return row;
}

export interface SiteInput {
  code: string;
  orgId: string;
  kind: SiteKind;
  name: string;
  nameEn: string;
  address: string;
  addressEn?: string | undefined;
  hours: string;
  hoursEn?: string | undefined;
  phone?: string | undefined;
  signage: string;
  zones: string[];
  equipment: string[];
}

/**
 * Opens a hall or agency point for an organisation the administrator manages.
 * @throws Problem 'not_found' outside the subtree; 'validation_failed' when the kind does not fit the level; 'duplicate' for a taken code.
 */
export async function createSite(ctx: Ctx, input: SiteInput): Promise<SiteRow> {
  return ctx.db.transaction(async (tx) => {
    const org = await findOrgInScope(tx, ctx.actor, input.orgId);
    requireRole(ctx.actor, 'admin');
    if (!siteKindFits(input.kind, org.level)) throw new Problem('validation_failed', `a ${input.kind} does not belong at ${org.level} level`, [{ field: '/body/kind', message: 'does not fit the organisation level' }]);
    const [row] = await tx.insert(sites).values({ ...input, orgId: org.id, level: org.level }).returning();
    await recordAudit(tx, ctx, { action: 'site.create', targetType: 'site', targetId: row!.id, after: row });
    return row!;
  });
}

export type SiteChange = Partial<Omit<SiteInput, 'code' | 'orgId' | 'kind'>> & { version: number; active?: boolean | undefined };

/** @throws Problem 'not_found' outside the subtree; 'forbidden' without the admin role; 'version_conflict' on a stale version. */
export async function updateSite(ctx: Ctx, id: string, change: SiteChange): Promise<SiteRow> {
  return ctx.db.transaction(async (tx) => {
    const { site } = await findSiteInScope(tx, ctx.actor, id);
    requireRole(ctx.actor, 'admin');
    const { version, ...fields } = change;
    const [row] = await tx
      .update(sites)
      .set({ ...definedOnly(fields), version: sql`${sites.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(sites.id, id), eq(sites.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'site.update', targetType: 'site', targetId: id, before: site, after: row });
    return row;
  });
}

export interface WindowInput {
  code: string;
  number: string;
  name: string;
  nameEn: string;
  category: WindowCategory;
  departmentId?: string | null | undefined;
}

async function checkWindowDepartment(tx: Tx, org: OrgRow, category: WindowCategory, departmentId: string | null | undefined): Promise<void> {
  if (!windowDepartmentFits(category, departmentId)) {
    throw new Problem('validation_failed', 'a department window names its department; a comprehensive window does not', [{ field: '/body/departmentId', message: 'does not fit the category' }]);
  }
  if (!departmentId) return;
  // The department must belong to the government that runs the site (a county hall hosts county departments).
  const dept = await findOrg(tx, departmentId);
  if (!dept || dept.kind !== 'department' || !dept.path.startsWith(governmentPath(org))) {
    throw new Problem('validation_failed', 'the department does not belong to this site\'s government', [{ field: '/body/departmentId', message: 'not a department of this government' }]);
  }
}

/** @throws Problem 'not_found' outside the subtree; 'forbidden' without the admin role; 'validation_failed' for a department that does not fit. */
export async function createWindow(ctx: Ctx, siteId: string, input: WindowInput): Promise<WindowRow> {
  return ctx.db.transaction(async (tx) => {
    const { site, org } = await findSiteInScope(tx, ctx.actor, siteId);
    requireRole(ctx.actor, 'admin');
    await checkWindowDepartment(tx, org, input.category, input.departmentId);
    const [row] = await tx.insert(windows).values({ ...input, departmentId: input.departmentId ?? null, siteId: site.id }).returning();
    await recordAudit(tx, ctx, { action: 'window.create', targetType: 'window', targetId: row!.id, after: row });
    return row!;
  });
}

export type WindowChange = Partial<Omit<WindowInput, 'code'>> & { version: number; active?: boolean | undefined };

async function findWindowInScope(q: Queryable, actor: Actor | null, id: string): Promise<{ window: WindowRow; org: OrgRow }> {
  const [row] = await q
    .select({ window: windows, org: orgs })
    .from(windows)
    .innerJoin(sites, eq(sites.id, windows.siteId))
    .innerJoin(orgs, eq(orgs.id, sites.orgId))
    .where(eq(windows.id, id))
    .limit(1);
  if (!row || !inScope(actor, row.org.path)) throw new Problem('not_found');
  return row;
}

/** The site a window belongs to (no scope check: windows are public). */
export async function findWindowSite(q: Queryable, windowId: string): Promise<{ windowId: string; siteId: string } | undefined> {
  const [row] = await q.select({ windowId: windows.id, siteId: windows.siteId }).from(windows).where(eq(windows.id, windowId)).limit(1);
  return row;
}

/** @throws Problem 'not_found' outside the subtree; 'forbidden' without the admin role; 'version_conflict' on a stale version. */
export async function updateWindow(ctx: Ctx, id: string, change: WindowChange): Promise<WindowRow> {
  return ctx.db.transaction(async (tx) => {
    const { window, org } = await findWindowInScope(tx, ctx.actor, id);
    requireRole(ctx.actor, 'admin');
    const category = change.category ?? window.category;
    const departmentId = change.departmentId !== undefined ? change.departmentId : window.departmentId;
    await checkWindowDepartment(tx, org, category, departmentId);
    const { version, ...fields } = change;
    const [row] = await tx
      .update(windows)
      .set({ ...definedOnly(fields), departmentId, version: sql`${windows.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(windows.id, id), eq(windows.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'window.update', targetType: 'window', targetId: id, before: window, after: row });
    return row;
  });
}

/**
 * Replaces the staff on duty at a window (R1.5); every one must be active staff within the site's subtree.
 * @throws Problem 'not_found' outside the subtree; 'forbidden' without the admin role; 'validation_failed' naming a user who does not qualify.
 */
export async function assignWindowStaff(ctx: Ctx, windowId: string, userIds: string[]): Promise<StaffMember[]> {
  return ctx.db.transaction(async (tx) => {
    const { org } = await findWindowInScope(tx, ctx.actor, windowId);
    requireRole(ctx.actor, 'admin');
    const unique = [...new Set(userIds)];
    const staff = unique.length
      ? await tx
          .select({ id: users.id, displayName: users.displayName, username: users.username, scopePath: users.scopePath })
          .from(users)
          .where(and(inArray(users.id, unique), eq(users.kind, 'staff'), eq(users.active, true)))
      : [];
    const government = governmentPath(org);
    const fit = staff.filter((s) => s.scopePath?.startsWith(government));
    if (fit.length !== unique.length) {
      const bad = unique.filter((id) => !fit.some((s) => s.id === id));
      throw new Problem('validation_failed', 'only active staff of this government can sit at its windows', bad.map((id) => ({ field: '/body/userIds', message: `user ${id} does not qualify` })));
    }
    const before = await tx.select({ userId: windowStaff.userId }).from(windowStaff).where(eq(windowStaff.windowId, windowId));
    await tx.delete(windowStaff).where(eq(windowStaff.windowId, windowId));
    if (unique.length) await tx.insert(windowStaff).values(unique.map((userId) => ({ windowId, userId, assignedAt: ctx.clock.now() })));
    await recordAudit(tx, ctx, { action: 'window.assign-staff', targetType: 'window', targetId: windowId, before: before.map((b) => b.userId).sort(), after: [...unique].sort() });
    return fit.map(({ scopePath: _, ...s }) => s);
  });
}

// ---------------------------------------------------------------- where staff sit (for the queue)

/** A window with its site, the path of the site's organisation (for scope checks) and its department's name. */
export interface WindowPlace {
  window: WindowRow;
  site: Pick<SiteRow, 'id' | 'code' | 'name' | 'nameEn' | 'kind' | 'orgId' | 'active'>;
  orgPath: string;
  departmentName: string | null;
  departmentNameEn: string | null;
}

const department = alias(orgs, 'department');

function windowPlaces(q: Queryable) {
  return q
    .select({
      window: windows,
      site: { id: sites.id, code: sites.code, name: sites.name, nameEn: sites.nameEn, kind: sites.kind, orgId: sites.orgId, active: sites.active },
      orgPath: orgs.path,
      departmentName: department.name,
      departmentNameEn: department.nameEn,
    })
    .from(windows)
    .innerJoin(sites, eq(sites.id, windows.siteId))
    .innerJoin(orgs, eq(orgs.id, sites.orgId))
    .leftJoin(department, eq(department.id, windows.departmentId));
}

/** One window and where it is (no scope check: callers check `orgPath` against the actor). Usable inside a transaction. */
export async function findWindowPlace(q: Queryable, windowId: string): Promise<WindowPlace | undefined> {
  const [row] = await windowPlaces(q).where(eq(windows.id, windowId)).limit(1);
  return row;
}

/** The active windows a member of staff is assigned to (R1.5), by site and number. */
export async function listStaffWindows(q: Queryable, userId: string): Promise<WindowPlace[]> {
  return windowPlaces(q)
    .innerJoin(windowStaff, and(eq(windowStaff.windowId, windows.id), eq(windowStaff.userId, userId)))
    .where(and(eq(windows.active, true), eq(sites.active, true)))
    .orderBy(asc(sites.code), asc(windows.number));
}

/** Whether a member of staff is assigned to a window. */
export async function isAssignedToWindow(q: Queryable, windowId: string, userId: string): Promise<boolean> {
  const [row] = await q.select({ n: sql<number>`1` }).from(windowStaff).where(and(eq(windowStaff.windowId, windowId), eq(windowStaff.userId, userId))).limit(1);
  return !!row;
}
