import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCreditCode, isValidResidentId } from '../../common/id-codes.js';
import { roles } from '../../common/enums.js';
import { orgs, type sites, type windows, windowStaff } from '../modules/orgs/schema.js';
import { calendarRevision, users } from '../platform/schema.js';
import { buildTestApp } from '../test/build-test-app.js';
import { DEMO_PASSWORD, demoApplicants, demoStaff } from './demo-accounts.js';
import { CALENDAR_YEARS, isEmpty, readOrgData, seed } from './seed.js';

const data = readOrgData();
const counties = ['652301', '652302', '652323', '652324', '652325', '652327', '652328'];

describe('the Changji seed data (orgs.json)', () => {
  it('has the prefecture, its 7 county-level divisions by GB/T 2260 code, and the 3 parks', () => {
    const byCode = new Map(data.orgs.map((o) => [o.code, o]));
    expect(byCode.get('652300')).toMatchObject({ level: 'prefecture', kind: 'government', parent: null });
    for (const c of counties) expect(byCode.get(c), c).toMatchObject({ level: 'county', kind: 'government', parent: '652300', regionCode: c });
    expect(data.orgs.filter((o) => o.kind === 'park')).toHaveLength(3);
  });

  it.each(counties)('gives county %s at least two townships, two villages and the main departments', (county) => {
    const under = (parents: string[]) => data.orgs.filter((o) => o.parent && parents.includes(o.parent));
    const townships = under([county]).filter((o) => o.level === 'township');
    const villages = under(townships.map((t) => t.code)).filter((o) => o.level === 'village');
    const depts = under([county]).filter((o) => o.kind === 'department').map((o) => o.key);
    expect(townships.length).toBeGreaterThanOrEqual(2);
    expect(villages.length).toBeGreaterThanOrEqual(2);
    expect(depts).toEqual(expect.arrayContaining(['market', 'natural-resources', 'housing', 'hrss', 'civil-affairs', 'public-security', 'tax', 'medical-insurance', 'development-reform', 'government-services']));
  });

  it('gives every county and the prefecture a hall with comprehensive windows of each category', () => {
    for (const code of ['652300', ...counties]) {
      const hall = data.sites.find((s) => s.org === `${code}-government-services` && s.kind === 'hall');
      expect(hall, code).toBeDefined();
      const categories = new Set(data.windows.filter((w) => w.site === hall!.code).map((w) => w.category));
      for (const c of ['investment', 'realEstate', 'companyRegistration', 'socialServices']) expect(categories.has(c as never), `${code} ${c}`).toBe(true);
    }
  });

  it('gives demo accounts for every role, at organisations and windows that exist', () => {
    const orgCodes = new Set(data.orgs.map((o) => o.code));
    const windowCodes = new Set(data.windows.map((w) => w.code));
    for (const s of demoStaff) {
      expect(orgCodes.has(s.org), s.username).toBe(true);
      for (const w of s.windows ?? []) expect(windowCodes.has(w), w).toBe(true);
    }
    const covered = new Set([...demoStaff.flatMap((s) => s.roles), 'applicant']);
    expect([...covered].sort()).toEqual([...roles].sort());
    for (const a of demoApplicants) expect(a.kind === 'person' ? isValidResidentId(a.idNumber) : isValidCreditCode(a.idNumber), a.username).toBe(true);
  });
});

describe('seed', () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('fills an empty database once, and changes nothing the second time', async () => {
    expect(await isEmpty(t.db)).toBe(true);
    const first = await seed(t.db, { demo: true });
    expect(first).toMatchObject({ orgs: data.orgs.length, sites: data.sites.length, windows: data.windows.length, accounts: demoStaff.length + demoApplicants.length });
    expect(first.calendarDays).toBeGreaterThan(200);
    const [rev] = await t.db.select().from(calendarRevision);
    expect(rev!.publishedThrough).toBe(CALENDAR_YEARS.to);
    expect(await isEmpty(t.db)).toBe(false);

    const second = await seed(t.db, { demo: true });
    expect(second).toEqual({ calendarDays: 0, orgs: 0, sites: 0, windows: 0, items: 0, implementations: 0, accounts: 0 });
    const countOf = async (table: typeof orgs | typeof sites | typeof windows | typeof users) => (await t.db.select({ n: count() }).from(table))[0]!.n;
    expect(await countOf(orgs)).toBe(data.orgs.length);
    expect(await countOf(users)).toBe(demoStaff.length + demoApplicants.length);
    expect((await t.db.select().from(windowStaff)).length).toBe(demoStaff.flatMap((s) => s.windows ?? []).length);
  });

  it('lets every demo account sign in with the documented password', async () => {
    for (const username of ['admin', 'clerk.changji', 'supervisor.fukang', 'zhangwei', 'tianshan.food']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
      expect(res.statusCode, username).toBe(200);
    }
    const [admin] = await t.db.select().from(users).where(eq(users.username, 'admin'));
    const [root] = await t.db.select().from(orgs).where(eq(orgs.code, '652300'));
    expect(admin!.scopePath).toBe(root!.path);
  });
});
