import { count, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { TicketType, TicketUrgency } from '../../../common/hotline.js';
import { isValidRegionCode } from '../../../common/id-codes.js';
import type { Db, Tx } from '../../db/client.js';
import { toActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { users } from '../../platform/schema.js';
import type { Secrets } from '../../platform/secrets.js';
import { findOrg, listOrgs } from '../orgs/index.js';
import { hashApiKey } from './config.js';
import { defaultLimits } from './rules.js';
import { dispatchRules, hotlineArticleRevisions, hotlineArticles, hotlineCategories, hotlineSettings, open311Keys, tickets, type CategoryAttribute } from './schema.js';
import { callBack, dispatchTicket, fileTicket, fileTicketPublic, mergeTicket, replyTask, returnTicket, type TicketInput } from './service.js';

// The hotline's seed: its categories (always), and with demo data the prefecture's centre, who handles
// each category (by the kind of department, in each county and for the prefecture), knowledge
// articles, an Open311 key for trying clients out, and a few tickets in various states.

export interface HotlineSeed {
  source: string;
  categories: {
    code: string;
    parentCode: string | null;
    name: string;
    nameEn: string;
    keywords: string[];
    /** The kind of department responsible (orgs' `deptKey`): the dispatch rules name it in each county. */
    deptKey: string;
    public: boolean;
    open311Type: 'realtime' | 'batch';
    notice: string;
    noticeEn: string;
    attributes: CategoryAttribute[];
    defaultType: TicketType;
  }[];
  articles: { title: string; category: string | null; keywords: string[]; body: string }[];
}

/** The demo's Open311 API key (documented in the README: for trying a client out against a demo server only). */
export const DEMO_OPEN311_KEY = 'onetrip-demo-open311-key';
/** The demo prefecture's 12345 centre. */
export const DEMO_CENTRE = '652300-government-services';

/**
 * Imports the categories (skipping those there); with `demo`, also the settings naming the centre and
 * the dispatch rules: each category whose department differs from its parent's goes, in each county,
 * to that county's department of the kind, and elsewhere to the prefecture's.
 */
export async function importHotlineSeed(tx: Tx, data: HotlineSeed, options: { demo: boolean }): Promise<{ categories: number; rules: number }> {
  const now = new Date();
  const added = await tx
    .insert(hotlineCategories)
    .values(data.categories.map(({ deptKey: _, ...c }, i) => ({ ...c, sort: i, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ code: hotlineCategories.code });
  if (!options.demo) return { categories: added.length, rules: 0 };
  const centre = await findOrg(tx, DEMO_CENTRE);
  if (!centre) return { categories: added.length, rules: 0 };
  await tx.insert(hotlineSettings).values({ id: 1, centreOrgId: centre.id, limits: defaultLimits(), updatedAt: now }).onConflictDoNothing();
  const prefecture = centre.parentId ? await findOrg(tx, centre.parentId) : undefined;
  if (!prefecture) return { categories: added.length, rules: 0 };
  const counties = (await listOrgs(tx, { parentId: prefecture.id })).filter((o) => o.kind === 'government' && isValidRegionCode(o.code) && o.code !== prefecture.code);
  const parentDept = new Map(data.categories.map((c) => [c.code, c.deptKey]));
  let rules = 0;
  for (const c of data.categories.filter((x) => !x.parentCode || parentDept.get(x.parentCode) !== x.deptKey)) {
    const targets = [{ region: null as string | null, code: `${prefecture.code}-${c.deptKey}` }, ...counties.map((k) => ({ region: k.regionCode, code: `${k.code}-${c.deptKey}` }))];
    for (const t of targets) {
      const org = await findOrg(tx, t.code);
      if (!org) continue;
      const [row] = await tx.insert(dispatchRules).values({ categoryCode: c.code, regionCode: t.region, orgId: org.id, note: '', createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
      if (row) rules++;
    }
  }
  return { categories: added.length, rules };
}

// The hotline signs and encrypts nothing: its demo steps need no master key.
const noSecrets: Secrets = {
  encrypt: () => { throw new Error('the hotline demo encrypts nothing'); },
  decrypt: () => { throw new Error('the hotline demo decrypts nothing'); },
};
const silentLog = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, trace: () => {}, fatal: () => {}, child: () => silentLog, level: 'silent' } as unknown as FastifyBaseLogger;

/** Runs a step as a demo account at a moment of the past (the demo tickets span the last days). */
async function as(db: Db, username: string, at: Date): Promise<Ctx> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) throw new Error(`hotline demo: no account ${username}`);
  return { db, actor: toActor(user), clock: { now: () => at }, log: silentLog, secrets: noSecrets };
}

/**
 * The demo's articles (written by the `hotline` agent), its Open311 key (issued by `admin`) and tickets
 * in various states, made through the service functions as the demo accounts would. Skipped when
 * there are tickets already.
 */
export async function seedHotlineDemo(db: Db, data: HotlineSeed, clock: Clock): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(tickets);
  if ((existing?.n ?? 0) > 0) return 0;
  const agent = (await db.select().from(users).where(eq(users.username, 'hotline')))[0];
  const admin = (await db.select().from(users).where(eq(users.username, 'admin')))[0];
  if (!agent || !admin) return 0;
  const now = clock.now();
  await db.transaction(async (tx) => {
    for (const a of data.articles) {
      const [row] = await tx.insert(hotlineArticles).values({ title: a.title, body: a.body, categoryCode: a.category, keywords: a.keywords, createdBy: agent.id, updatedBy: agent.id, createdAt: now, updatedAt: now }).returning();
      await tx.insert(hotlineArticleRevisions).values({ articleId: row!.id, version: 1, title: row!.title, body: row!.body, categoryCode: row!.categoryCode, keywords: row!.keywords, active: true, editedBy: agent.id, editedAt: now });
    }
    await tx.insert(open311Keys).values({ name: '演示客户端 Demo client', contact: '', keyHash: hashApiKey(DEMO_OPEN311_KEY), prefix: DEMO_OPEN311_KEY.slice(0, 9), createdBy: admin.id, createdAt: now }).onConflictDoNothing();
  });

  const market = await findOrg(db, '652301-market');
  const housing = await findOrg(db, '652301-housing');
  if (!market || !housing) return 0;
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const call = (over: Partial<TicketInput> & Pick<TicketInput, 'type' | 'categoryCode' | 'description'>): TicketInput => ({
    urgency: 'normal' as TicketUrgency, regionCode: '652301', caller: { name: '王先生', phone: '13899127701', consentCallback: true, consentShare: true }, ...over,
  });
  let made = 0;
  const agentAt = (h: number) => as(db, 'hotline', hoursAgo(h));
  const reviewerAt = (h: number) => as(db, 'reviewer.changji.market', hoursAgo(h));

  // Answered on the call from the knowledge base.
  await fileTicket(await agentAt(50), { ...call({ type: 'consultation', categoryCode: '0502', description: '来电咨询办理营业执照需要什么材料、在哪里办。' }), caller: { anonymous: true }, answer: { text: '告知可在新疆政务服务网全程网办或到政务服务中心企业开办专区办理，材料以一次性告知单为准。', sources: [] } });
  made++;
  // A food-safety complaint with the market department, due soon.
  const food = await fileTicket(await agentAt(30), call({ type: 'complaint', categoryCode: '0201', description: '在宁边西路一家快餐店吃饭后腹泻，后厨卫生很差，要求查处。', address: '昌吉市宁边西路88号', townshipCode: '652301001', lat: 44.0118, long: 87.3034 }));
  await dispatchTicket(await agentAt(29), food.id, { version: food.version, leadOrg: market.id });
  made++;
  // Replied by the market department: the centre calls back.
  const price = await fileTicket(await agentAt(75), call({ type: 'complaint', categoryCode: '0202', description: '延安北路农贸市场牛肉摊位未明码标价，称重后收费明显偏高。', address: '昌吉市延安北路农贸市场', townshipCode: '652301002' }));
  let v = await dispatchTicket(await agentAt(74), price.id, { version: price.version, leadOrg: market.id });
  v = await replyTask(await reviewerAt(26), price.id, v.tasks[0]!.id, { version: v.version, text: '经现场核查，该摊位未按规定明码标价，已责令当场改正并予以警告，多收款项已退还消费者。' });
  made++;
  // Returned by the market department as not its business: the centre decides.
  const lamp = await fileTicket(await agentAt(20), call({ type: 'report', categoryCode: '0203', description: '中山路一家健身房收了预付卡费用后关门，老板联系不上，小区门口路灯也坏了好几天。', address: '昌吉市中山路', townshipCode: '652301005' }));
  v = await dispatchTicket(await agentAt(19), lamp.id, { version: lamp.version, leadOrg: market.id });
  await returnTicket(await reviewerAt(5), lamp.id, { version: v.version, reason: '预付卡部分本局已另案受理；路灯维修属住建部门职责，请分拆后改派住建局。' });
  made++;
  // Closed after a satisfied callback.
  const ok = await fileTicket(await agentAt(150), call({ type: 'complaint', categoryCode: '0203', description: '网购的电暖器到货后不能用，商家拒绝退货。' }));
  v = await dispatchTicket(await agentAt(149), ok.id, { version: ok.version, leadOrg: market.id });
  v = await replyTask(await reviewerAt(100), ok.id, v.tasks[0]!.id, { version: v.version, text: '经调解，商家同意退货退款，消费者已收到退款。' });
  await callBack(await agentAt(96), ok.id, { version: v.version, reached: true, satisfied: true, note: '来电人表示满意。' });
  made++;
  // A hot topic: rubbish in one street, three callers within a few days; one is a duplicate.
  const litter: string[] = [];
  for (const [h, text, lat, long] of [[60, '宁边路街道和谐小区门口垃圾桶满了好几天没人清运，味道很大。', 44.0102, 87.3011], [36, '和谐小区北门垃圾堆放，没人清理。', 44.0105, 87.3016], [12, '宁边路和谐小区门口垃圾没人清运，已经好几天了。', 44.0103, 87.3013]] as const) {
    const t = await fileTicket(await agentAt(h), call({ type: 'report', categoryCode: '0101', description: text, address: '昌吉市宁边路街道和谐小区', townshipCode: '652301001', lat, long, caller: { name: '李女士', phone: `1389912${String(7710 + litter.length)}`, consentCallback: true } }));
    litter.push(t.id);
  }
  const main = await dispatchTicket(await agentAt(59), litter[0]!, { version: 1, leadOrg: housing.id, note: '请尽快安排清运。' });
  await mergeTicket(await agentAt(11), litter[2]!, { version: 1, into: main.number });
  made += 3;
  // Received and waiting: an urgent request for help, and one from the web form.
  await fileTicket(await agentAt(1), call({ type: 'helpRequest', urgency: 'urgent', categoryCode: '0702', description: '家中暖气不热，室温只有12度，家里有老人，请尽快协调供热公司。', address: '昌吉市延安北路滨湖小区3号楼', townshipCode: '652301002' }));
  await fileTicketPublic({ ...(await agentAt(3)), actor: null }, { channel: 'web', type: 'suggestion', categoryCode: '0302', description: '建议增开早高峰从城南到政务服务中心的公交班次。', regionCode: '652301', caller: { anonymous: true } });
  made += 2;
  return made;
}
