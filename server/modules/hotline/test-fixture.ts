import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { World } from '../../test/world.js';
import type { OrgRow } from '../orgs/index.js';
import { hashApiKey } from './config.js';
import { defaultLimits } from './rules.js';
import { dispatchRules, hotlineSettings, open311Keys } from './schema.js';
import { importHotlineSeed, type HotlineSeed } from './seed.js';

// What hotline tests (and the cross-cutting ones) set up: the seed's categories, a centre, dispatch
// rules to the test organisations, and an Open311 key.

export const readHotlineSeed = (): HotlineSeed => JSON.parse(readFileSync(new URL('../../seed/data/hotline.json', import.meta.url), 'utf8')) as HotlineSeed;

export const TEST_OPEN311_KEY = 'test-open311-key';

/** Categories, the centre, rules (category → organisation, anywhere or in a region) and an Open311 key issued by `issuer`. */
export async function setupHotline(db: Db, options: { centre: OrgRow; rules: { categoryCode: string; org: OrgRow; regionCode?: string | null }[]; issuer: { id: string } }): Promise<void> {
  const now = new Date();
  await db.transaction((tx) => importHotlineSeed(tx, readHotlineSeed(), { demo: false }));
  await db.insert(hotlineSettings).values({ id: 1, centreOrgId: options.centre.id, limits: defaultLimits(), updatedAt: now }).onConflictDoUpdate({ target: hotlineSettings.id, set: { centreOrgId: options.centre.id } });
  for (const r of options.rules) {
    await db.insert(dispatchRules).values({ categoryCode: r.categoryCode, regionCode: r.regionCode ?? null, orgId: r.org.id, createdAt: now, updatedAt: now }).onConflictDoNothing();
  }
  await db.insert(open311Keys).values({ name: 'test client', keyHash: hashApiKey(TEST_OPEN311_KEY), prefix: TEST_OPEN311_KEY.slice(0, 9), createdBy: options.issuer.id, createdAt: now }).onConflictDoNothing();
}

// ---------------------------------------------------------------- targets for the cross-cutting tests

type Stage = 'received' | 'dispatched' | 'returned' | 'replied' | 'unsatisfied' | 'extension';
export interface TicketRef {
  id: string;
  number: string;
  version: number;
  /** The open task of county A's market department, when there is one. */
  taskId?: string;
}

/**
 * The hotline in the small world of the authorisation matrix and the fuzzer: county A's government
 * runs the 12345 centre, county A's market department handles food safety; tickets in any state made
 * through the API by county A's agent and reviewer, and the other targets (articles, rules, keys, a
 * ticket the public follows). Each `fresh` call makes a new target, so one allowed request does not spoil the next.
 */
export function hotlineFixture(w: World) {
  let ready: Promise<void> | undefined;
  const setup = () => (ready ??= setupHotline(w.t.db, { centre: w.units.A.gov, issuer: w.users['admin@same'], rules: [{ categoryCode: '02', org: w.units.A.market }] }));
  const json = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ({ method, url, ...(payload ? { payload } : {}) });
  const agent = 'hotlineAgent@same' as const;
  const reviewer = 'reviewer@same' as const;
  let n = 0;

  const make = async (stage: Stage): Promise<TicketRef> => {
    await setup();
    let v = await w.must(agent, json('POST', '/api/v1/hotline/tickets', {
      type: 'complaint', urgency: 'normal', categoryCode: '0201', description: `饭店后厨卫生差（${++n}）`, regionCode: w.units.A.gov.regionCode, caller: { name: '王先生', phone: '13812340001', consentCallback: true },
    }), 201);
    const step = async (who: string, path: string, body: object) => (v = await w.must(who as typeof agent, json('POST', `/api/v1/hotline/tickets/${v.id}/${path}`, { version: v.version, ...body })));
    const openTask = () => v.tasks.find((x: { status: string }) => x.status === 'open')?.id as string | undefined;
    if (stage !== 'received') await step(agent, 'dispatch', { leadOrg: w.units.A.market.id });
    if (stage === 'returned') await step(reviewer, 'return', { reason: '不属本单位职责' });
    if (stage === 'extension') await step(reviewer, 'extension', { days: 2, reason: '需送检' });
    if (stage === 'replied' || stage === 'unsatisfied') await step(reviewer, `tasks/${openTask()}/reply`, { text: '已处理' });
    if (stage === 'unsatisfied') await step(agent, 'callback', { reached: true, satisfied: false, note: '不满意' });
    return { id: v.id, number: v.number, version: v.version, taskId: openTask() };
  };
  const shared = new Map<Stage, Promise<TicketRef>>();
  const ticket = (stage: Stage, fresh: boolean): Promise<TicketRef> => {
    if (fresh) return make(stage);
    if (!shared.has(stage)) shared.set(stage, make(stage));
    return shared.get(stage)!;
  };

  let followed: Promise<{ number: string; code: string }> | undefined;
  /** A ticket the public filed, with its follow-up code. */
  const publicTicket = () =>
    (followed ??= (async () => {
      await setup();
      const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/hotline/public/tickets', payload: { channel: 'web', type: 'suggestion', categoryCode: '0302', description: '建议增开公交班次。', regionCode: w.units.A.gov.regionCode, caller: { anonymous: true } }, remoteAddress: '10.66.0.1' });
      const body = res.json();
      return { number: body.number, code: body.followUpCode };
    })());

  const newArticle = async () => {
    await setup();
    const a = await w.must(agent, json('POST', '/api/v1/hotline/articles', { title: `测试文章${++n}`, body: '正文', categoryCode: '0502' }), 201);
    return { id: a.id as string, version: a.version as number };
  };
  let sharedArticle: ReturnType<typeof newArticle> | undefined;
  const article = (fresh: boolean) => (fresh ? newArticle() : (sharedArticle ??= newArticle()));

  /** A category without a rule for county A yet (rules are unique per category and region): a new one each call. */
  const taken = new Set<string>();
  const freeCategory = async (): Promise<string> => {
    await setup();
    const [free] = await rows<{ code: string }>(w.t.db, sql`
      SELECT c.code FROM hotline_categories c
      WHERE NOT EXISTS (SELECT 1 FROM hotline_categories k WHERE k.parent_code = c.code)
        AND NOT EXISTS (SELECT 1 FROM hotline_dispatch_rules r WHERE r.category_code = c.code AND r.region_code = ${w.units.A.gov.regionCode})
        AND NOT (c.code = ANY(${sql.param([...taken, ''])}::text[]))
      ORDER BY c.code LIMIT 1`);
    if (!free) throw new Error('hotline fixture: every category has a rule for county A');
    taken.add(free.code);
    return free.code;
  };
  const newRule = async () => {
    const r = await w.must('admin@parent', json('POST', '/api/v1/hotline/dispatch-rules', { categoryCode: await freeCategory(), regionCode: w.units.A.gov.regionCode, org: w.units.A.market.id }), 201);
    return { id: r.id as string, version: r.version as number };
  };
  let sharedRule: ReturnType<typeof newRule> | undefined;
  const rule = (fresh: boolean) => (fresh ? newRule() : (sharedRule ??= newRule()));

  const newKey = async () => {
    await setup();
    const k = await w.must('admin@parent', json('POST', '/api/v1/hotline/open311-keys', { name: `client ${++n}` }), 201);
    return { id: k.id as string, version: k.version as number };
  };
  let sharedKey: ReturnType<typeof newKey> | undefined;
  const key = (fresh: boolean) => (fresh ? newKey() : (sharedKey ??= newKey()));
  /** The settings as read (to send back changed). */
  const settings = async () => {
    await setup();
    const { centre: _, centreOrgId: __, updatedAt: ___, ...rest } = await w.must('admin@parent', json('GET', '/api/v1/hotline/settings'));
    return rest;
  };

  return { setup, ticket, publicTicket, article, rule, freeCategory, key, settings, apiKey: TEST_OPEN311_KEY };
}
