import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/demo-accounts.js';
import { readHotlineData, seed } from '../../seed/seed.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { users } from '../../platform/schema.js';
import { DEMO_OPEN311_KEY } from './seed.js';
import { dispatchRules, hotlineCategories, tickets } from './schema.js';

// The demo: Changji's 12345 centre at the prefecture's government-services centre, who handles each
// category in each county, the knowledge base, an Open311 key, and tickets to look at in every state.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seed(t.db, { demo: true, clock: t.clock });
}, 180_000);
afterAll(() => t.close());

const signIn = async (username: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return String(res.headers['set-cookie']).split(';')[0]!;
};

describe('the hotline\'s demo seed', () => {
  it('has a tree of categories, each leaf able to find its department in every county', async () => {
    const data = readHotlineData();
    expect(new Set(data.categories.map((c) => c.code)).size).toBe(data.categories.length);
    for (const c of data.categories.filter((x) => x.parentCode)) expect(data.categories.some((p) => p.code === c.parentCode), c.code).toBe(true);
    expect(await t.db.select().from(hotlineCategories)).toHaveLength(data.categories.length);
    // Food safety in Fukang goes to Fukang's market department.
    const [rule] = await t.db.select().from(dispatchRules).where(eq(dispatchRules.categoryCode, '02'));
    expect(rule).toBeDefined();
    const cookie = await signIn('hotline');
    const suggestion = await t.app.inject({ method: 'GET', url: `/api/v1/hotline/dispatch/suggest?text=${encodeURIComponent('饭店后厨卫生差，吃了拉肚子')}&region=652302`, headers: { cookie } });
    expect(suggestion.json().orgs[0]).toMatchObject({ why: 'rule' });
    expect(suggestion.json().orgNames[suggestion.json().orgs[0].orgId].code).toBe('652302-market');
  });

  it('has tickets in various states, a hot topic, and answers the agent\'s search from the articles and the catalog', async () => {
    const statuses = (await t.db.select({ status: tickets.status }).from(tickets)).map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set(['received', 'dispatched', 'returned', 'replied', 'closed', 'merged']));
    const cookie = await signIn('hotline');
    const hot = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/hot-topics', headers: { cookie } });
    expect(hot.json().topics.length).toBeGreaterThanOrEqual(1);
    const found = await t.app.inject({ method: 'GET', url: `/api/v1/hotline/knowledge?q=${encodeURIComponent('营业执照')}`, headers: { cookie } });
    expect(found.json().articles.length).toBeGreaterThan(0);
    expect(found.json().notices.length).toBeGreaterThan(0);
    // The market department's reviewer has work waiting.
    const reviewer = await signIn('reviewer.changji.market');
    const inbox = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/tickets?box=handling', headers: { cookie: reviewer } });
    expect(inbox.json().total).toBeGreaterThanOrEqual(1);
    expect((await t.db.select().from(users).where(eq(users.username, 'hotline')))[0]).toBeDefined();
  });

  it('lets an Open311 client try the demo key against jurisdiction 652300', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: `api_key=${DEMO_OPEN311_KEY}&jurisdiction_id=652300&service_code=0102&lat=44.01&long=87.30&description=${encodeURIComponent('路灯不亮')}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode, res.body).toBe(200);
    const services = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=652300' });
    expect(services.json().length).toBeGreaterThanOrEqual(20);
  });
});
