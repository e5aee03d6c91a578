import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../modules/cases/schema.js';
import { windowStaff } from '../modules/orgs/schema.js';
import { hashToken, LOCKOUT } from '../platform/auth.js';
import { sessions, users } from '../platform/schema.js';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { buildItem, buildTree, buildUser, itemRecord, TEST_PASSWORD, validCreditCode, validResidentId } from './factories.js';

// Security defaults (issue part 10) that the accounts and app tests do not already cover: headers with
// and without TLS, the session cookie's attributes, CSRF refusals that write nothing, session
// fixation and logout, throttling that a forged X-Forwarded-For cannot dodge, lockout across
// addresses, the password rules on every route that sets a password, and no personal data in logs.

let t: Awaited<ReturnType<typeof buildTestApp>>;
let tls: Awaited<ReturnType<typeof buildTestApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  t = await buildTestApp({ config: { loginAttemptsPerMinute: 1_000 } });
  tls = await buildTestApp({ config: { secureCookies: true } });
  tree = await buildTree(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  await tls.close();
});

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'onetrip_session');
const login = (app: TestApp, username: string, password: string, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...extra });
const sessionCount = async (userId: string) => (await t.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

describe('security headers', () => {
  const checkHeaders = (res: LightMyRequestResponse) => {
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/); // no inline or foreign scripts
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  };

  it('sends a strict CSP with frame-ancestors none and nosniff on answers, refusals and errors alike', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/api/v1/catalog/facets' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }), // 401
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }), // 404
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json' } }), // 400
      await t.injectAs(user, { method: 'GET', url: '/api/v1/auth/me' }),
    ]) checkHeaders(res);
    // Refused by the router before any hook runs (it echoes the path): still framed by nobody, never sniffed.
    for (const url of ['/api/v1/cases/%E0%A4%A<script>', `/api/v1/cases/${'x'.repeat(120)}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends HSTS and upgrade-insecure-requests only behind TLS (ONETRIP_SECURE_COOKIES)', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    const secure = await tls.app.inject({ method: 'GET', url: '/api/health' });
    checkHeaders(secure);
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(secure.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, expiring with the session — and Secure only behind TLS', async () => {
    for (const app of [t, tls]) {
      const user = await buildUser(app.db, { role: 'applicant' });
      const res = await login(app, user.username, TEST_PASSWORD);
      expect(res.statusCode).toBe(200);
      const cookie = sessionCookie(res)!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure ?? false).toBe(app === tls);
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/); // 32 random bytes
      const hours = (new Date(cookie.expires!).getTime() - app.clock.now().getTime()) / 3_600_000;
      expect(hours).toBeCloseTo(app.config.sessionTtlHours, 0);
      // Registering signs in with the same kind of cookie.
      const reg = await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber: validResidentId(), displayName: '申请人', phone: '13999110005', password: 'apply-online-1' }, remoteAddress: `10.1.${app === tls ? 1 : 2}.1` });
      expect(sessionCookie(reg)).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', ...(app === tls ? { secure: true } : {}) });
    }
  });

  it('is never set by a failed sign-in', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const res = await login(t, user.username, 'wrong-password-9');
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('CSRF: state-changing requests with a session cookie must come from the site itself', () => {
  let applicant: Awaited<ReturnType<typeof buildUser>>;
  let item: Awaited<ReturnType<typeof buildItem>>;
  beforeAll(async () => {
    applicant = await buildUser(t.db, { role: 'applicant' });
    item = await buildItem(t.db, { record: itemRecord({ decisionLevel: 'county', windowCategory: 'general' }), implementers: [tree.a.market] });
  });
  const file = (headers: Record<string, string>) =>
    t.injectAs(applicant, {
      method: 'POST', url: '/api/v1/cases', headers: { host: 'onetrip.example', 'idempotency-key': `csrf-${Math.random()}`, ...headers },
      payload: { itemCode: item.record.code, org: tree.a.market.code, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, materials: [], draft: true },
    });
  const casesOfApplicant = async () => (await t.db.select().from(cases).where(eq(cases.applicantId, applicant.id))).length;

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Origin on the same host name but another port', { origin: 'https://onetrip.example:8443' }],
    ['the opaque Origin "null" (sandboxed frames, data: URLs)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site without an Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site with a same-looking Origin', { 'sec-fetch-site': 'cross-site', origin: 'https://onetrip.example' }],
  ])('refuses %s with 403 csrf_rejected, and writes nothing', async (_, headers) => {
    const before = await casesOfApplicant();
    const res = await file(headers);
    expect([res.statusCode, res.json().code]).toEqual([403, 'csrf_rejected']);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await casesOfApplicant()).toBe(before);
  });

  it('accepts the same request from the site itself, from a browser saying same-origin, and from a client sending neither', async () => {
    const sameSite: Record<string, string>[] = [{ origin: 'https://onetrip.example' }, { 'sec-fetch-site': 'same-origin', origin: 'https://onetrip.example' }, {}];
    for (const headers of sameSite) {
      expect((await file(headers)).statusCode).toBe(201);
    }
  });

  it('checks PUT, PATCH and DELETE too, but not reads', async () => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const cross = { origin: 'https://evil.example', host: 'onetrip.example' };
    const put = await t.injectAs(admin, { method: 'PUT', url: '/api/v1/calendar/days/2031-05-06', headers: cross, payload: { workday: false, name: '测试' } });
    const patch = await t.injectAs(admin, { method: 'PATCH', url: `/api/v1/orgs/${tree.a.market.id}`, headers: cross, payload: { version: 1, nameEn: 'Evil' } });
    const del = await t.injectAs(admin, { method: 'DELETE', url: '/api/v1/calendar/days/2031-05-06', headers: cross });
    expect([put, patch, del].map((r) => r.json().code)).toEqual(['csrf_rejected', 'csrf_rejected', 'csrf_rejected']);
    expect((await t.injectAs(admin, { method: 'GET', url: '/api/v1/users', headers: cross })).statusCode).toBe(200);
  });

  it('leaves no way to sign someone in with a cross-site form either: form bodies are refused (no login CSRF)', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const cross = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { ...cross, 'content-type': 'application/x-www-form-urlencoded' }, payload: `username=${user.username}&password=${TEST_PASSWORD}` });
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { ...cross, 'content-type': 'text/plain' }, payload: JSON.stringify({ username: user.username, password: TEST_PASSWORD }) });
    expect(form.statusCode).toBe(415); // urlencoded and multipart are not read here
    expect(text.statusCode).toBe(400); // text/plain arrives as a string, never as credentials
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(text.headers['set-cookie']).toBeUndefined();
  });
});

describe('sessions: fixation, logout, password changes', () => {
  it('never adopts a session token the client brings: signing in issues a fresh one', async () => {
    const victim = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    // An attacker plants a token of their choosing — made up, or one of their own real sessions.
    const attacker = await buildUser(t.db, { role: 'applicant' });
    const planted = 'attacker-chosen-token-0123456789abcdef';
    const own = `${(await t.cookieFor(attacker)).split('=')[1]}`;
    for (const token of [planted, own]) {
      const res = await login(t, victim.username, TEST_PASSWORD, { headers: { cookie: `onetrip_session=${token}` } });
      expect(res.statusCode).toBe(200);
      const issued = sessionCookie(res)!.value;
      expect(issued).not.toBe(token);
      const asPlanted = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `onetrip_session=${token}` } });
      // The planted token is not the victim's session: unknown, or still the attacker's own.
      if (token === planted) expect(asPlanted.statusCode).toBe(401);
      else expect(asPlanted.json().id).toBe(attacker.id);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `onetrip_session=${issued}` } })).json().id).toBe(victim.id);
    }
    // Only hashes are stored: the database cannot hand a token to whoever reads it.
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, victim.id));
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
    expect(stored.some((s) => s.tokenHash === hashToken(planted))).toBe(false);
  });

  it('ends the session on the server at logout: the cookie is cleared and a replayed token is refused', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const res = await login(t, user.username, TEST_PASSWORD);
    const token = sessionCookie(res)!.value;
    const cookie = `onetrip_session=${token}`;
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThanOrEqual(Date.now());
    expect(await t.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token)))).toEqual([]);
    // A copy of the cookie kept elsewhere (another tab, a thief) is dead too, for reading and for writing.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' })).statusCode).toBe(401);
  });

  it('ends every other session when the user changes their own password, keeping the one that changed it', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const first = `onetrip_session=${sessionCookie(await login(t, user.username, TEST_PASSWORD))!.value}`;
    const second = `onetrip_session=${sessionCookie(await login(t, user.username, TEST_PASSWORD))!.value}`;
    expect(await sessionCount(user.id)).toBe(2);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: second }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-passphrase-7' } });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: second } })).statusCode).toBe(200);
    expect((await login(t, user.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(t, user.username, 'a-new-passphrase-7')).statusCode).toBe(200);
  });

  it('refuses a password change with a wrong current password, without ending any session', async () => {
    const user = await buildUser(t.db, { role: 'applicant' });
    const cookie = `onetrip_session=${sessionCookie(await login(t, user.username, TEST_PASSWORD))!.value}`;
    await login(t, user.username, TEST_PASSWORD);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: 'not-my-password-1', newPassword: 'a-new-passphrase-7' } });
    expect([res.statusCode, res.json().code]).toEqual([401, 'auth.invalid_credentials']);
    expect(await sessionCount(user.id)).toBe(2);
  });
});

describe('throttling and lockout', () => {
  it('throttles sign-in per address, and a forged X-Forwarded-For does not buy more attempts (no trusted proxy)', async () => {
    const fresh = await buildTestApp({ config: { loginAttemptsPerMinute: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await login(fresh, 'nobody', 'wrong-password-1', { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': `198.51.100.${i}` } })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      const limited = await login(fresh, 'nobody', 'wrong-password-1', { remoteAddress: '203.0.113.7' });
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json().code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back by the first one's failures.
      expect((await login(fresh, 'nobody', 'wrong-password-1', { remoteAddress: '203.0.113.8' })).statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it('locks an account after repeated failures from many addresses, and only that account', async () => {
    const user = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const neighbour = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const codes: string[] = [];
    for (let i = 0; i < LOCKOUT.attempts; i++) codes.push((await login(t, user.username, `guess-${i}-password`, { remoteAddress: `192.0.2.${i + 1}` })).json().code);
    expect(codes.at(-1)).toBe('auth.locked');
    expect(codes.slice(0, -1).every((c) => c === 'auth.invalid_credentials')).toBe(true);
    const right = await login(t, user.username, TEST_PASSWORD, { remoteAddress: '192.0.2.200' });
    expect([right.statusCode, right.json().code]).toEqual([423, 'auth.locked']);
    expect(right.headers['set-cookie']).toBeUndefined();
    expect((await login(t, neighbour.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('never reveals whether an account exists: unknown names are never locked, and answer like wrong passwords', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < LOCKOUT.attempts + 2; i++) codes.add((await login(t, 'no-such-account', `guess-${i}-password`)).json().code);
    expect([...codes]).toEqual(['auth.invalid_credentials']);
  });

  it('throttles registration per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: '203.0.113.50', payload: { kind: 'person', idNumber: validResidentId(), displayName: '批量', phone: '13999110006', password: 'apply-online-1' } })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('password rules', () => {
  const weak: [string, string][] = [
    ['shorter than 10 characters', 'abc-12345'],
    ['letters only', 'onlyletterstoolong'],
    ['digits only', '12345678901234'],
    ['symbols and digits without a letter', '!!!!----12345'],
    ['containing the user name', 'xXcarol.wangXx-1'],
    ['longer than 256 characters', `a1${'x'.repeat(255)}`],
  ];
  const strong = 'correct-horse-7';

  it.each(weak)('refuses a password %s wherever one is set, and changes nothing', async (_, password) => {
    const admin = await buildUser(t.db, { role: 'admin', org: tree.a.gov });
    const staff = await buildUser(t.db, { role: 'reviewer', org: tree.a.market });
    const usersBefore = (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;
    const hashBefore = (await t.db.select().from(users).where(eq(users.id, staff.id)))[0]!.passwordHash;
    const answers = [
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: '10.7.7.7', payload: { kind: 'person', idNumber: validResidentId(), displayName: '申请人', phone: '13999110007', password, username: 'carol.wang' } }),
      await t.injectAs(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'carol.wang', displayName: '王', password, orgId: tree.a.market.id, roles: ['reviewer'] } }),
      await t.injectAs(admin, { method: 'POST', url: `/api/v1/users/${staff.id}/password`, payload: { password: password.replace('carol.wang', staff.username) } }),
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: await t.cookieFor(staff) }, payload: { currentPassword: TEST_PASSWORD, newPassword: password.replace('carol.wang', staff.username) } }),
    ];
    for (const res of answers) expect([res.statusCode, res.json().code], res.body).toEqual([400, password.length > 256 ? 'validation_failed' : 'auth.weak_password']);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n).toBe(usersBefore);
    expect((await t.db.select().from(users).where(eq(users.id, staff.id)))[0]!.passwordHash).toBe(hashBefore);
  });

  it('takes a strong one, and stores it only as an argon2id hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: '10.7.7.8', payload: { kind: 'person', idNumber: validResidentId(), displayName: '申请人', phone: '13999110008', password: strong, username: 'dora.li' } });
    expect(res.statusCode).toBe(201);
    const [row] = await t.db.select().from(users).where(eq(users.username, 'dora.li'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.passwordHash).not.toContain(strong);
  });
});

describe('personal data in logs', () => {
  it('logs no resident ID, credit code or phone number through a realistic day, an unexpected error included', async () => {
    const app = await buildTestApp();
    try {
      const w = await buildTree(app.db);
      const item = await buildItem(app.db, { record: itemRecord({ decisionLevel: 'county', windowCategory: 'general' }), implementers: [w.a.market], sites: [w.a.hall] });
      const clerk = await buildUser(app.db, { role: 'windowClerk', org: w.a.services });
      await app.db.insert(windowStaff).values({ windowId: w.a.window.id, userId: clerk.id });
      const admin = await buildUser(app.db, { role: 'admin', org: w.a.gov });
      const person = { id: validResidentId(), phone: '13912345671' };
      const company = { id: validCreditCode(), phone: '13912345672' };
      const walkIn = { id: validResidentId(), phone: '13912345673' };
      const staffPhone = '13912345674';
      const broken = { id: validResidentId(), phone: '13912345675' };
      const secrets = [person.id, company.id, walkIn.id, broken.id, person.phone, company.phone, walkIn.phone, staffPhone, broken.phone];

      const ok = (res: LightMyRequestResponse, status = 200) => {
        expect(res.statusCode, res.body).toBe(status);
        return res;
      };
      // Applicants register with their ID numbers (which are also their login names) and phones, and sign in.
      const reg = ok(await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber: person.id, displayName: '艾力', phone: person.phone, password: 'apply-online-1' } }), 201);
      ok(await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'company', idNumber: company.id, displayName: '昌吉市测试商贸有限公司', phone: company.phone, password: 'apply-online-1' } }), 201);
      ok(await login(app, person.id, 'wrong-password-1'), 401);
      const cookie = `onetrip_session=${sessionCookie(ok(await login(app, person.id, 'apply-online-1')))!.value}`;
      ok(await app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }));
      expect(sessionCookie(reg)).toBeDefined();
      // One files online; a clerk files for a walk-in applicant at the window.
      const filed = ok(await app.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie, 'idempotency-key': 'log-test-0001' }, payload: { itemCode: item.record.code, org: w.a.market.code, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, materials: [], draft: true } }), 201);
      ok(await app.injectAs(clerk, { method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': 'log-test-0002' }, payload: { itemCode: item.record.code, org: w.a.market.code, windowId: w.a.window.id, applicant: { kind: 'person', name: '马丽', idNumber: walkIn.id, phone: walkIn.phone }, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, materials: [], draft: true } }), 201);
      ok(await app.app.inject({ method: 'GET', url: `/api/v1/cases/${filed.json().case.id}`, headers: { cookie } }));
      ok(await app.injectAs(clerk, { method: 'GET', url: '/api/v1/cases?box=intake' }));
      // Someone types an ID number or a phone into a search box or a filter.
      ok(await app.injectAs(clerk, { method: 'GET', url: `/api/v1/cases?box=intake&q=${walkIn.id}` }));
      ok(await app.injectAs(admin, { method: 'GET', url: `/api/v1/users?q=${person.phone}` }));
      ok(await app.app.inject({ method: 'GET', url: `/api/v1/catalog/items?q=${company.id}` }));
      ok(await app.app.inject({ method: 'GET', url: `/api/v1/no-such-route?phone=${walkIn.phone}` }), 404);
      // The administrator creates a staff account with a phone, and lists accounts.
      ok(await app.injectAs(admin, { method: 'POST', url: '/api/v1/users', payload: { username: 'new.clerk', displayName: '新同事', password: 'window-clerk-1', orgId: w.a.services.id, roles: ['windowClerk'], phone: staffPhone } }), 201);
      ok(await app.injectAs(admin, { method: 'GET', url: '/api/v1/users' }));
      ok(await app.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie } }));
      // Refusals that echo what was sent: a bad check character, a taken ID number.
      ok(await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber: `${broken.id.slice(0, 17)}${broken.id.endsWith('0') ? '1' : '0'}`, displayName: 'x', phone: broken.phone, password: 'apply-online-1' } }), 400);
      ok(await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber: person.id, displayName: 'x', phone: person.phone, password: 'apply-online-1' } }), 409);
      // An unexpected database error while storing personal data: logged, but without the row or the query's parameters.
      await app.db.execute(sql.raw(`ALTER TABLE users ADD CONSTRAINT log_test_refuses_this_phone CHECK (phone IS DISTINCT FROM '${broken.phone}')`));
      ok(await app.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { kind: 'person', idNumber: broken.id, displayName: '出错', phone: broken.phone, password: 'apply-online-1' } }), 500);

      const log = app.logs.join('');
      expect(log).toContain('unhandled error'); // the error was logged …
      expect(log).toContain('log_test_refuses_this_phone'); // … with what is needed to find it
      expect(log).toMatch(/"url":"\/api\/v1\/users\?q=/); // requests are logged, their query values are not
      expect(secrets.filter((s) => log.includes(s)), 'personal data found in the log').toEqual([]);
      // Nor the password or the session token.
      expect(log).not.toContain('apply-online-1');
      expect(log).not.toContain(cookie.split('=')[1]);
    } finally {
      await app.close();
    }
  });
});
