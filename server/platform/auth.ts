import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Role } from '../../common/enums.js';
import { isValidCreditCode, isValidMobile, isValidResidentId } from '../../common/id-codes.js';
import type { Db, Queryable, Tx } from '../db/client.js';
import { preparedQuery } from '../db/prepared.js';
import type { Actor } from './access.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { Problem } from './errors.js';
import { sessions, users } from './schema.js';

export type UserRow = typeof users.$inferSelect;

// OWASP's argon2id baseline (19 MiB, 2 passes). @node-rs/argon2 hashes on the libuv pool, off the event loop.
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum we cannot import) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Failed sign-ins in a row before the account locks, and for how long. */
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);
/** Whether a password matches a stored hash; a malformed hash counts as no match. */
export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> => verify(passwordHash, password).catch(() => false);

/** At least 10 characters, mixing letters with digits or symbols, and not containing the username. */
export function checkPasswordRules(password: string, username?: string): void {
  const hasLetter = /\p{L}/u.test(password);
  const hasOther = /[^\p{L}]/u.test(password);
  const containsName = !!username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase());
  if (password.length < 10 || password.length > 256 || !hasLetter || !hasOther || containsName) throw new Problem('auth.weak_password');
}

// Verifying against this keeps an unknown username as slow as a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function toActor(u: UserRow): Actor {
  return { id: u.id, username: u.username, displayName: u.displayName, kind: u.kind, roles: u.roles, orgId: u.orgId, scopePath: u.scopePath };
}

/** The actor behind a session token, or null when the token is unknown, expired or the account inactive. */
// Every signed-in request asks: built once, and only what an actor holds (never the password hash).
const actorQuery = preparedQuery('onetrip_actor_for_token', (q) =>
  q
    .select({ id: users.id, username: users.username, displayName: users.displayName, kind: users.kind, roles: users.roles, orgId: users.orgId, scopePath: users.scopePath })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.active, true)))
    .limit(1),
);

export async function actorForToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  const [row] = await actorQuery(db, { tokenHash: hashToken(token), now: now.toISOString() });
  return row ?? null;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Checks a password and opens a new session (a fresh token every time: no session fixation).
 * @throws Problem 'auth.invalid_credentials' for an unknown user or a wrong password.
 * @throws Problem 'auth.locked' after {@link LOCKOUT}.attempts failures in a row, for LOCKOUT.minutes.
 */
export async function login(ctx: Ctx, username: string, password: string, ttlHours: number): Promise<LoginResult> {
  const now = ctx.clock.now();
  const [user] = await ctx.db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  if (!user || !user.active) {
    await verifyPassword(await (dummyHash ??= hashPassword('not-a-real-password-1')), password);
    throw new Problem('auth.invalid_credentials');
  }
  if (user.lockedUntil && user.lockedUntil > now) throw new Problem('auth.locked');
  const ok = await verifyPassword(user.passwordHash, password);

  if (!ok) {
    // The failure is committed before the error is thrown, or the count would roll back with it.
    const locked = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failed: users.failedLogins });
      if ((row?.failed ?? 0) < LOCKOUT.attempts) return false;
      await tx.update(users).set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT.minutes * 60_000) }).where(eq(users.id, user.id));
      await recordAudit(tx, { ...ctx, actor: null }, { action: 'auth.lock', targetType: 'user', targetId: user.id });
      return true;
    });
    throw new Problem(locked ? 'auth.locked' : 'auth.invalid_credentials');
  }

  return ctx.db.transaction(async (tx) => {
    if (user.failedLogins > 0 || user.lockedUntil) await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
    await tx.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt });
    // Expired sessions of this user go as a new one comes, so the table does not grow without bound.
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, now)));
    return { token, expiresAt, actor: toActor(user) };
  });
}

/** Ends a session; unknown tokens are ignored (logging out twice is not an error). */
export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

export interface NewAccount {
  username: string;
  password: string;
  displayName: string;
  kind: UserRow['kind'];
  roles: Role[];
  orgId?: string | null;
  scopePath?: string | null;
  residentId?: string | null;
  creditCode?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * Validates and inserts an account inside the caller's transaction; the caller audits it.
 * @throws Problem for a weak password, an invalid ID number, credit code or phone, or a taken name.
 */
export async function insertAccount(tx: Tx, input: NewAccount): Promise<UserRow> {
  checkPasswordRules(input.password, input.username);
  if (input.residentId && !isValidResidentId(input.residentId)) throw new Problem('account.invalid_resident_id', undefined, [{ field: '/body/residentId', message: 'check character mismatch' }]);
  if (input.creditCode && !isValidCreditCode(input.creditCode)) throw new Problem('account.invalid_credit_code', undefined, [{ field: '/body/creditCode', message: 'check character mismatch' }]);
  if (input.phone && !isValidMobile(input.phone)) throw new Problem('account.invalid_phone', undefined, [{ field: '/body/phone', message: 'not a mainland mobile number' }]);
  const residentId = input.residentId?.toUpperCase() ?? null;
  const creditCode = input.creditCode?.toUpperCase() ?? null;
  const taken = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      or(
        sql`lower(${users.username}) = lower(${input.username})`,
        residentId ? eq(users.residentId, residentId) : undefined,
        creditCode ? eq(users.creditCode, creditCode) : undefined,
      ),
    )
    .limit(1);
  if (taken.length) throw new Problem('account.taken');
  const [row] = await tx
    .insert(users)
    .values({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName,
      kind: input.kind,
      roles: input.roles,
      orgId: input.orgId ?? null,
      scopePath: input.scopePath ?? null,
      residentId,
      creditCode,
      phone: input.phone ?? null,
      email: input.email ?? null,
    })
    .returning();
  return row!;
}

/** Loads one account by id (no scope check: callers decide who may see it). */
// Asked inside most filings and notifications: built once.
const userById = preparedQuery('onetrip_user_by_id', (q) => q.select().from(users).where(eq(users.id, sql.placeholder('id'))).limit(1));

export async function findUser(q: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await userById(q, { id });
  return row;
}
