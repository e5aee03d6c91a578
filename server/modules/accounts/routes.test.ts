import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../platform/auth.js';
import { auditEntries, sessions, users } from '../../platform/schema.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildTree, buildUser, TEST_PASSWORD, validCreditCode, validResidentId } from '../../test/factories.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  t = await buildTestApp({ config: { loginAttemptsPerMinute: 1000 } });
  tree = await buildTree(t.db);
});
afterAll(() => t.close());

const login = (username: string, password: string, app: TestApp = t) =>
  app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((x) => x.name === 'onetrip_session');
  return c ? `onetrip_session=${c.value}` : '';
};

describe('sign-in and sessions', () => {
  it('signs in with the right password, sets an HTTP-only SameSite cookie and stores only the token hash', async () => {
    const user = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: user.username, roles: ['windowClerk'], org: { id: tree.a.services.id } });
    const cookie = res.cookies.find((c) => c.name === 'onetrip_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toBe(cookie.value);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
  });

  it('gives a new session on every sign-in and ends it on logout', async () => {
    const user = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const first = cookieOf(await login(user.username, TEST_PASSWORD));
    const second = cookieOf(await login(user.username, TEST_PASSWORD));
    expect(first).not.toBe(second);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: second } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const user = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const wrong = await login(user.username, 'not-the-password-9');
    const unknown = await login('nobody-here', 'not-the-password-9');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json().code).toBe('auth.invalid_credentials');
  });

  it(`locks the account after ${LOCKOUT.attempts} failures in a row, even for the right password, until the lock expires`, async () => {
    const user = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    for (let i = 1; i < LOCKOUT.attempts; i++) expect((await login(user.username, 'wrong-password-1')).json().code).toBe('auth.invalid_credentials');
    expect((await login(user.username, 'wrong-password-1')).json().code).toBe('auth.locked');
    const locked = await login(user.username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    const [lockAudit] = await t.db.select().from(auditEntries).where(eq(auditEntries.targetId, user.id));
    expect(lockAudit?.action).toBe('auth.lock');
    t.clock.advance((LOCKOUT.minutes + 1) * 60_000);
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an inactive account and an expired session', async () => {
    const inactive = await buildUser(t.db, { role: 'reviewer', org: tree.a.market, active: false });
    expect((await login(inactive.username, TEST_PASSWORD)).statusCode).toBe(401);
    const user = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const cookie = cookieOf(await login(user.username, TEST_PASSWORD));
    t.clock.advance((t.config.sessionTtlHours + 1) * 3_600_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('throttles sign-in attempts from one address', async () => {
    const fresh = await buildTestApp();
    try {
      const codes = [];
      for (let i = 0; i < 22; i++) codes.push((await login('nobody', 'wrong-password-1', fresh)).statusCode);
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes.at(-1)).toBe(429);
    } finally {
      await fresh.close();
    }
  });
});

describe('applicant registration', () => {
  it('registers a person with a valid resident ID and signs them in', async () => {
    const idNumber = validResidentId();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber, displayName: '艾力', phone: '13999110001', password: 'apply-online-1' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'person', roles: ['applicant'], residentId: idNumber, org: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(res) } })).json().residentId).toBe(idNumber);
  });

  it('registers a company with a valid unified social credit code', async () => {
    const idNumber = validCreditCode();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'company', idNumber, displayName: '昌吉市测试商贸有限公司', phone: '13999110002', password: 'apply-online-1' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().creditCode).toBe(idNumber);
  });

  it.each([
    ['a resident ID with a wrong check character', { kind: 'person', idNumber: '652301199001011231'.slice(0, 17) + 'X' }, 'account.invalid_resident_id'],
    ['a credit code with a wrong check character', { kind: 'company', idNumber: '91652301MA78100000' }, 'account.invalid_credit_code'],
    ['a weak password', { kind: 'person', password: 'short' }, 'auth.weak_password'],
    ['a bad phone number', { kind: 'person', phone: '12345678901' }, 'validation_failed'],
  ])('refuses %s and writes nothing', async (_name, change, code) => {
    const before = (await t.db.select().from(users)).length;
    const payload = { idNumber: validResidentId(), displayName: '测试', phone: '13999110003', password: 'apply-online-1', ...change };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().code).toBe(code);
    expect((await t.db.select().from(users)).length).toBe(before);
  });

  it('refuses a second account for the same resident ID', async () => {
    const idNumber = validResidentId();
    const payload = { kind: 'person', idNumber, displayName: '重复', phone: '13999110004', password: 'apply-online-1' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })).statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...payload, username: 'someone-else' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('account.taken');
  });
});

describe('administration of staff accounts', () => {
  it('lets an admin create staff in their subtree, masked in lists', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const res = await t.injectAs(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'new.clerk.a', displayName: '新窗口人员', password: 'window-clerk-1', orgId: tree.a.services.id, roles: ['windowClerk'], phone: '13899001122' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().phone).toBe('138****1122');
    const list = await t.injectAs(admin, { method: 'GET', url: '/api/v1/users?q=new.clerk' });
    expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(['new.clerk.a']);
    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.targetId, res.json().id));
    expect(audit.map((a) => a.action)).toEqual(['account.create']);
  });

  it('hides other counties from a county admin: their staff are not listed and cannot be edited', async () => {
    const adminA = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const staffB = await buildUser(t.db, { role: 'windowClerk', org: tree.b.services });
    const list = await t.injectAs(adminA, { method: 'GET', url: '/api/v1/users?pageSize=200' });
    expect(list.json().items.some((u: { id: string }) => u.id === staffB.id)).toBe(false);
    const edit = await t.injectAs(adminA, { method: 'PATCH', url: `/api/v1/users/${staffB.id}`, payload: { version: staffB.version, active: false } });
    expect(edit.statusCode).toBe(404);
    const create = await t.injectAs(adminA, { method: 'POST', url: '/api/v1/users', payload: { username: 'sneaky.b', displayName: 'x', password: 'window-clerk-1', orgId: tree.b.services.id, roles: ['windowClerk'] } });
    expect(create.statusCode).toBe(404);
  });

  it('denies the accounts API to non-admins: 403 for staff and applicants, 401 anonymously', async () => {
    const clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    const applicant = await buildUser(t.db, { role: 'applicant' });
    expect((await t.injectAs(clerk, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(403);
    expect((await t.injectAs(applicant, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(403);
    expect((await t.injectAs(null, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
  });

  it('ends the sessions of a deactivated account and refuses a stale version', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    expect((await t.injectAs(clerk, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const off = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/users/${clerk.id}`, payload: { version: clerk.version, active: false } });
    expect(off.statusCode).toBe(200);
    expect((await t.injectAs(clerk, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const stale = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/users/${clerk.id}`, payload: { version: clerk.version, displayName: 'x' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  it('never grants the applicant role to staff', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const res = await t.injectAs(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'mixed.role', displayName: 'x', password: 'window-clerk-1', orgId: tree.a.services.id, roles: ['applicant'] } });
    expect(res.statusCode).toBe(400);
  });

  it('resets a password: the old one stops working and sessions end', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const clerk = await buildUser(t.db, { role: 'windowClerk', org: tree.a.services });
    expect((await t.injectAs(admin, { method: 'POST', url: `/api/v1/users/${clerk.id}/password`, payload: { password: 'brand-new-pass-2' } })).statusCode).toBe(204);
    expect((await login(clerk.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(clerk.username, 'brand-new-pass-2')).statusCode).toBe(200);
  });
});
