import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { maskPhone, maskResidentId } from '../../../common/id-codes.js';
import type { Role } from '../../../common/enums.js';
import { hasRole, inScope, requireActor, requireRole, scopeCondition, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { checkPasswordRules, findUser, hashPassword, insertAccount, login, toActor, verifyPassword, type LoginResult, type UserRow } from '../../platform/auth.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { sessions, users } from '../../platform/schema.js';
import { findOrg, findOrgsByIds, type OrgRow } from '../orgs/index.js';

export interface OrgBrief {
  id: string;
  code: string;
  name: string;
  shortName: string;
  nameEn: string;
  level: OrgRow['level'];
  kind: OrgRow['kind'];
}

const brief = (o: OrgRow): OrgBrief => ({ id: o.id, code: o.code, name: o.name, shortName: o.shortName, nameEn: o.nameEn, level: o.level, kind: o.kind });

export interface Me {
  id: string;
  username: string;
  displayName: string;
  kind: UserRow['kind'];
  roles: Role[];
  org: OrgBrief | null;
  residentId: string | null;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
}

/** The signed-in account with its organisation; its own ID numbers are shown whole. */
export async function getMe(ctx: Ctx): Promise<Me> {
  const actor = requireActor(ctx.actor);
  const user = await findUser(ctx.db, actor.id);
  if (!user) throw new Problem('unauthenticated');
  const org = user.orgId ? await findOrg(ctx.db, user.orgId) : undefined;
  return {
    id: user.id, username: user.username, displayName: user.displayName, kind: user.kind, roles: [...user.roles], org: org ? brief(org) : null,
    residentId: user.residentId, creditCode: user.creditCode, phone: user.phone, email: user.email,
  };
}

export interface Registration {
  kind: 'person' | 'company';
  /** The resident ID (persons) or unified social credit code (companies); it is also the login name unless one is given. */
  idNumber: string;
  displayName: string;
  phone: string;
  password: string;
  username?: string | undefined;
  email?: string | undefined;
}

/**
 * Registers an applicant and signs them in. Check characters of the ID number are verified
 * (GB 11643 / GB 32100).
 * @throws Problem 'account.invalid_resident_id' | 'account.invalid_credit_code' | 'account.invalid_phone' | 'auth.weak_password' | 'account.taken'.
 */
export async function registerApplicant(ctx: Ctx, input: Registration, ttlHours: number): Promise<LoginResult> {
  const username = input.username ?? input.idNumber.toUpperCase();
  await ctx.db.transaction(async (tx) => {
    const user = await insertAccount(tx, {
      username,
      password: input.password,
      displayName: input.displayName,
      kind: input.kind,
      roles: ['applicant'],
      residentId: input.kind === 'person' ? input.idNumber : null,
      creditCode: input.kind === 'company' ? input.idNumber : null,
      phone: input.phone,
      email: input.email ?? null,
    });
    await recordAudit(tx, { ...ctx, actor: toActor(user) }, { action: 'account.register', targetType: 'user', targetId: user.id, after: user });
  });
  return login(ctx, username, input.password, ttlHours);
}

/**
 * Changes the signed-in user's password and ends their other sessions.
 * @throws Problem 'auth.invalid_credentials' when the current password is wrong; 'auth.weak_password'.
 */
export async function changeOwnPassword(ctx: Ctx, current: string, next: string, keepTokenHash: string | undefined): Promise<void> {
  const actor = requireActor(ctx.actor);
  const user = await findUser(ctx.db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, current))) throw new Problem('auth.invalid_credentials');
  checkPasswordRules(next, user.username);
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: ctx.clock.now(), version: sql`${users.version} + 1` }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), keepTokenHash ? sql`${sessions.tokenHash} <> ${keepTokenHash}` : undefined));
    await recordAudit(tx, ctx, { action: 'account.change-password', targetType: 'user', targetId: user.id });
  });
}

// ---------------------------------------------------------------- administration of accounts

export interface UserListItem {
  id: string;
  username: string;
  displayName: string;
  kind: UserRow['kind'];
  roles: Role[];
  orgId: string | null;
  orgName: string | null;
  orgNameEn: string | null;
  /** Masked: lists never show whole ID numbers or phones. */
  residentId: string | null;
  phone: string | null;
  active: boolean;
  locked: boolean;
  version: number;
}

export interface UserFilter {
  orgId?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** Staff accounts within the administrator's subtree, a page at a time, with ID numbers and phones masked. */
export async function listUsers(ctx: Ctx, filter: UserFilter): Promise<{ items: UserListItem[]; total: number }> {
  const actor = requireRole(ctx.actor, 'admin');
  const where: (SQL | undefined)[] = [eq(users.kind, 'staff'), scopeCondition(actor, users.scopePath)];
  if (filter.orgId) where.push(eq(users.orgId, filter.orgId));
  if (filter.role) where.push(sql`${filter.role} = ANY(${users.roles})`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like)));
  }
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(users).where(condition);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(condition)
    .orderBy(asc(users.scopePath), asc(users.username))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const orgNames = await findOrgsByIds(ctx.db, rows.map((r) => r.orgId).filter((x): x is string => !!x));
  const now = ctx.clock.now();
  return {
    total: total?.n ?? 0,
    items: rows.map((u) => ({
      id: u.id, username: u.username, displayName: u.displayName, kind: u.kind, roles: [...u.roles], orgId: u.orgId,
      orgName: u.orgId ? (orgNames.get(u.orgId)?.name ?? null) : null, orgNameEn: u.orgId ? (orgNames.get(u.orgId)?.nameEn ?? null) : null,
      residentId: u.residentId ? maskResidentId(u.residentId) : null, phone: u.phone ? maskPhone(u.phone) : null,
      active: u.active, locked: !!u.lockedUntil && u.lockedUntil > now, version: u.version,
    })),
  };
}

async function orgInScope(ctx: Ctx, actor: Actor, orgId: string): Promise<OrgRow> {
  const org = await findOrg(ctx.db, orgId);
  if (!org || !inScope(actor, org.path)) throw new Problem('not_found', 'no such organisation in your scope');
  return org;
}

function checkGrantable(actor: Actor, roles: Role[]): void {
  // Staff accounts never carry the applicant role, and only administrators hand out administration.
  if (roles.includes('applicant') || (roles.includes('admin') && !hasRole(actor, 'admin'))) throw new Problem('account.role_not_allowed');
}

export interface NewStaff {
  username: string;
  displayName: string;
  password: string;
  orgId: string;
  roles: Role[];
  phone?: string | undefined;
  email?: string | undefined;
}

/** @throws Problem 'not_found' for an organisation outside the subtree; 'account.taken'; 'auth.weak_password'; 'account.role_not_allowed'. */
export async function createStaff(ctx: Ctx, input: NewStaff): Promise<UserListItem> {
  const actor = requireRole(ctx.actor, 'admin');
  const org = await orgInScope(ctx, actor, input.orgId);
  checkGrantable(actor, input.roles);
  const user = await ctx.db.transaction(async (tx) => {
    const row = await insertAccount(tx, { ...input, kind: 'staff', orgId: org.id, scopePath: org.path });
    await recordAudit(tx, ctx, { action: 'account.create', targetType: 'user', targetId: row.id, after: { ...row, passwordHash: undefined } });
    return row;
  });
  return toListItem(user, org);
}

const toListItem = (u: UserRow, org: OrgRow | undefined): UserListItem => ({
  id: u.id, username: u.username, displayName: u.displayName, kind: u.kind, roles: [...u.roles], orgId: u.orgId, orgName: org?.name ?? null, orgNameEn: org?.nameEn ?? null,
  residentId: u.residentId ? maskResidentId(u.residentId) : null, phone: u.phone ? maskPhone(u.phone) : null, active: u.active, locked: false, version: u.version,
});

async function findStaffInScope(ctx: Ctx, actor: Actor, id: string): Promise<UserRow> {
  const user = await findUser(ctx.db, id);
  if (!user || user.kind !== 'staff' || !user.scopePath || !inScope(actor, user.scopePath)) throw new Problem('not_found');
  return user;
}

export interface StaffChange {
  version: number;
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  orgId?: string | undefined;
  active?: boolean | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  unlock?: boolean | undefined;
}

/**
 * Edits a staff account within the subtree; moving it to another organisation moves its scope, and
 * deactivating it ends its sessions.
 * @throws Problem 'not_found' outside the subtree; 'version_conflict'; 'account.role_not_allowed'.
 */
export async function updateStaff(ctx: Ctx, id: string, change: StaffChange): Promise<UserListItem> {
  const actor = requireRole(ctx.actor, 'admin');
  const current = await findStaffInScope(ctx, actor, id);
  const org = await orgInScope(ctx, actor, change.orgId ?? current.orgId!);
  if (change.roles) checkGrantable(actor, change.roles);
  if (change.active === false && current.id === actor.id) throw new Problem('forbidden', 'you cannot deactivate your own account');
  return ctx.db.transaction(async (tx) => {
    const { version, unlock, ...fields } = change;
    const set: Partial<typeof users.$inferInsert> = { updatedAt: ctx.clock.now(), orgId: org.id, scopePath: org.path };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (unlock) Object.assign(set, { lockedUntil: null, failedLogins: 0 });
    const [row] = await tx
      .update(users)
      .set({ ...set, version: sql`${users.version} + 1` })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    if (row.active === false || org.id !== current.orgId || change.roles) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, ctx, { action: 'account.update', targetType: 'user', targetId: id, before: { ...current, passwordHash: undefined }, after: { ...row, passwordHash: undefined } });
    return toListItem(row, org);
  });
}

/** Sets a new password for a staff account (e.g. a forgotten one) and ends its sessions. */
export async function resetStaffPassword(ctx: Ctx, id: string, password: string): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  const user = await findStaffInScope(ctx, actor, id);
  checkPasswordRules(password, user.username);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: ctx.clock.now(), version: sql`${users.version} + 1` }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, ctx, { action: 'account.reset-password', targetType: 'user', targetId: id });
  });
}
