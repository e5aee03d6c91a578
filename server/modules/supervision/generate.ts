import { like, sql } from 'drizzle-orm';
import { creditCodeCheckChar, residentIdCheckChar } from '../../../common/id-codes.js';
import { addDays, isWorkingDay, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import { rows, type Connection, type Database, type Db } from '../../db/client.js';
import { loadCalendar } from '../../platform/calendar.js';
import { users } from '../../platform/schema.js';
import { computeClock, type ClockEvent } from '../cases/index.js';
import { departmentAbove, findOrgsByIds, governmentPath, type OrgRow } from '../orgs/index.js';
import { markRolledUp, refreshCases, ROLLUP_JOB, withJobLock } from './rollup.js';

// `onetrip generate`: a realistic, deterministic history of cases for the seeded prefecture — filings
// online and at the halls' windows, intake, correction, refusal, review, forwarding, pauses,
// extensions, decisions (some late), certificates, delivery, trips and ratings with their follow-up —
// written by PostgreSQL itself (INSERT … SELECT over generate_series, in chunks), then the
// supervision facts and rollup derived from the events exactly as the job derives them.
//
// It writes other modules' tables directly (cases, case_events, case_trips, evaluations, users,
// window_staff): a generator stands in for years of use of those modules, and going through their
// services would take days for a million cases. What it writes is what those services write.

export interface GenerateOptions {
  cases: number;
  years: number;
  seed: number;
  /** Cases per chunk (one transaction each). */
  chunk?: number;
  /** Working days to follow up a bad rating (the config's `rectifyDays`). */
  rectifyDays?: number;
  /** Called as the work moves on: the step, and how much of it is done out of how much. */
  progress?: (step: string, done: number, total: number) => void;
}

export interface GenerateReport {
  cases: number;
  events: number;
  trips: number;
  ratings: number;
  staff: number;
  applicants: number;
  from: IsoDate;
  to: IsoDate;
  seconds: number;
}

/** Cases whose facts are derived per transaction. */
const FACTS_BATCH = 5_000;

/** The facts of a chunk's cases, in case-id order (their events lie together), while they are still in the cache. */
async function deriveChunkFacts(db: Db, ids: string[], now: Date): Promise<void> {
  for (let k = 0; k < ids.length; k += FACTS_BATCH) {
    const batch = ids.slice(k, k + FACTS_BATCH);
    await db.transaction((tx) => refreshCases(tx, batch, now));
  }
}

/** How busy each county is, relative to the others (roughly their populations); parks and others 0.6. */
const REGION_WEIGHT: Record<string, number> = { '652300': 1.4, '652301': 3.2, '652302': 1.6, '652323': 1.8, '652324': 1.5, '652325': 1.7, '652327': 1.2, '652328': 0.8 };
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '文', '辉', '玉兰', '海燕', '晓东', '志强', '古丽', '阿依努尔', '买买提', '努尔兰', '热依拉', '建国', '红梅'];
const TRADES = ['商贸', '餐饮', '建材', '农业科技', '物流', '食品', '文化传媒', '建筑工程', '信息技术', '旅游', '汽车服务', '医药'];

/** A deterministic number in [0, 1) from integers (mulberry32 of a mix): the generator's JavaScript side. */
function rnd(...parts: number[]): number {
  let a = 0x9e3779b9;
  for (const p of parts) a = Math.imul(a ^ (p | 0), 0x85ebca6b) + 0x7f4a7c15;
  a = (a + 0x6d2b79f5) | 0;
  let x = Math.imul(a ^ (a >>> 15), 1 | a);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
}
const personName = (n: number) => `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`;
const UNUSABLE_PASSWORD = '!generated: no password signs in';

interface Impl {
  impl: number;
  item_id: string;
  version_id: string;
  impl_id: string;
  item_code: string;
  item_name: string;
  item_name_en: string;
  region_code: string;
  intake_org_id: string;
  intake_org_path: string;
  decision_org_id: string;
  decision_org_path: string;
  statutory: number;
  promised: number;
  has_online: boolean;
  window_ids: string[];
  site_ids: string[];
  site_org_ids: string[];
  clerk_ids: string[];
  reviewer_ids: string[];
  decider_ids: string[];
  company: boolean;
  person: boolean;
  split: boolean;
  late_p: number;
  weight: number;
}

/** Staff who handle the generated cases: two clerks per window used, two reviewers and a head per department. */
async function generatedStaff(db: Db, windows: { id: string; code: string; siteOrg: OrgRow }[], departments: OrgRow[], seed: number): Promise<{ clerks: Map<string, string[]>; reviewers: Map<string, string[]>; count: number }> {
  const prefix = `gen${seed}.`;
  const values: (typeof users.$inferInsert)[] = [];
  let n = 0;
  for (const w of windows) {
    for (const k of [1, 2]) values.push({ username: `${prefix}clerk.${w.code}.${k}`, passwordHash: UNUSABLE_PASSWORD, displayName: personName(seed + n++), kind: 'staff', roles: ['windowClerk'], orgId: w.siteOrg.id, scopePath: w.siteOrg.path, phone: null });
  }
  for (const d of departments) {
    for (const k of [1, 2]) values.push({ username: `${prefix}reviewer.${d.code}.${k}`, passwordHash: UNUSABLE_PASSWORD, displayName: personName(seed + n++), kind: 'staff', roles: ['reviewer'], orgId: d.id, scopePath: d.path, phone: null });
    values.push({ username: `${prefix}head.${d.code}`, passwordHash: UNUSABLE_PASSWORD, displayName: personName(seed + n++), kind: 'staff', roles: ['departmentHead'], orgId: d.id, scopePath: d.path, phone: null });
  }
  for (let i = 0; i < values.length; i += 500) await db.insert(users).values(values.slice(i, i + 500)).onConflictDoNothing();
  const found = await db.select({ id: users.id, username: users.username }).from(users).where(like(users.username, `${prefix}%`));
  const idOf = new Map(found.map((u) => [u.username, u.id]));
  const clerks = new Map(windows.map((w) => [w.id, [1, 2].map((k) => idOf.get(`${prefix}clerk.${w.code}.${k}`)!)]));
  const reviewers = new Map(departments.map((d) => [d.id, [1, 2].map((k) => idOf.get(`${prefix}reviewer.${d.code}.${k}`)!)]));
  await db.execute(sql`INSERT INTO window_staff (window_id, user_id) SELECT w, u FROM unnest(${sql.param([...clerks].flatMap(([w, us]) => us.map(() => w)))}::uuid[], ${sql.param([...clerks].flatMap(([, us]) => us))}::uuid[]) AS t(w, u) ON CONFLICT DO NOTHING`);
  return { clerks, reviewers, count: values.length };
}

/** Applicants: persons with valid resident IDs and companies with valid credit codes. */
async function generatedApplicants(db: Db, persons: number, companies: number, seed: number, say: (done: number, total: number) => void): Promise<{ persons: string[]; companies: string[] }> {
  const regions = ['652301', '652302', '652323', '652324', '652325', '652327', '652328'];
  const prefix = `gen${seed}.`;
  const total = persons + companies;
  const personIds: string[] = [];
  const companyIds: string[] = [];
  let done = 0;
  // Columns as arrays, one statement per 20,000 accounts (a multi-row VALUES of that size costs more to parse than to run).
  for (let start = 0; start < total; start += 20_000) {
    const cols = { username: [] as string[], name: [] as string[], kind: [] as string[], residentId: [] as (string | null)[], creditCode: [] as (string | null)[], phone: [] as string[] };
    for (let n = start; n < Math.min(total, start + 20_000); n++) {
      cols.phone.push(`139${String(10_000_000 + ((n * 7919 + seed) % 89_999_999)).padStart(8, '0')}`);
      if (n < persons) {
        const birth = addDays('1950-01-01', n % 20_000).replaceAll('-', '');
        const first17 = `${regions[n % regions.length]}${birth}${String(Math.floor(n / 20_000) % 1000).padStart(3, '0')}`;
        personIds.push(first17 + residentIdCheckChar(first17));
        cols.username.push(`${prefix}p${n}`); cols.name.push(personName(n * 31 + seed)); cols.kind.push('person'); cols.residentId.push(personIds.at(-1)!); cols.creditCode.push(null);
      } else {
        const c = n - persons;
        const first17 = `91${regions[c % regions.length]}MA${String(c).padStart(7, '0')}`;
        companyIds.push(first17 + creditCodeCheckChar(first17));
        cols.username.push(`${prefix}c${c}`); cols.name.push(`昌吉${personName(c + seed).slice(0, 1)}${TRADES[c % TRADES.length]}有限公司${c}`); cols.kind.push('company'); cols.residentId.push(null); cols.creditCode.push(companyIds.at(-1)!);
      }
    }
    await db.execute(sql`
      INSERT INTO users (id, username, password_hash, display_name, kind, roles, resident_id, credit_code, phone)
      SELECT gen_random_uuid(), u, ${UNUSABLE_PASSWORD}, d, k, ARRAY['applicant'], r, c, p
      FROM unnest(${sql.param(cols.username)}::text[], ${sql.param(cols.name)}::text[], ${sql.param(cols.kind)}::text[], ${sql.param(cols.residentId)}::text[], ${sql.param(cols.creditCode)}::text[], ${sql.param(cols.phone)}::text[]) AS t(u, d, k, r, c, p)
      ON CONFLICT DO NOTHING`);
    done += cols.username.length;
    say(done, total);
  }
  // By ID number, not username: an earlier run (another seed) may have made the same people already.
  // In the order of the numbers generated (account ids are random): the same case gets the same applicant every time.
  const found = await rows<{ id: string; person: boolean }>(db, sql`
    SELECT u.id, true AS person, r.k FROM unnest(${sql.param(personIds)}::text[]) WITH ORDINALITY AS r(n, k) JOIN users u ON u.resident_id = r.n
    UNION ALL SELECT u.id, false, c.k FROM unnest(${sql.param(companyIds)}::text[]) WITH ORDINALITY AS c(n, k) JOIN users u ON u.credit_code = c.n
    ORDER BY person DESC, k`);
  return { persons: found.filter((u) => u.person).map((u) => u.id), companies: found.filter((u) => !u.person).map((u) => u.id) };
}

/** The implementations cases can be filed under, with where (windows) and by whom they are handled. */
async function implementationsToUse(db: Db, seed: number): Promise<{ impls: Omit<Impl, 'clerk_ids' | 'reviewer_ids' | 'decider_ids'>[]; windows: Map<string, { id: string; code: string; siteOrg: OrgRow }>; departments: Map<string, OrgRow> }> {
  const found = await rows<{ implId: string; itemId: string; itemCode: string; deptKey: string; orgId: string; promised: number; versionId: string; name: string; nameEn: string; statutory: number; channels: string[]; decisionLevel: OrgRow['level']; windowCategory: string; applicantKinds: string[] }>(db, sql`
    SELECT i.id AS "implId", s.id AS "itemId", s.code AS "itemCode", s.dept_key AS "deptKey", i.org_id AS "orgId", i.promised_limit AS promised,
      v.id AS "versionId", v.name, v.name_en AS "nameEn", v.statutory_limit AS statutory, v.channels, v.decision_level AS "decisionLevel", v.window_category AS "windowCategory", v.applicant_kinds AS "applicantKinds"
    FROM implementations i JOIN service_items s ON s.id = i.item_id JOIN item_versions v ON v.item_id = s.id AND v.status = 'published'
    WHERE i.active ORDER BY s.code, i.org_id`);
  const orgs = await findOrgsByIds(db, found.map((f) => f.orgId));
  const windowRows = await rows<{ id: string; code: string; category: string; departmentId: string | null; siteId: string; siteOrgId: string }>(db, sql`
    SELECT w.id, w.code, w.category, w.department_id AS "departmentId", s.id AS "siteId", s.org_id AS "siteOrgId"
    FROM windows w JOIN sites s ON s.id = w.site_id WHERE w.active AND s.active AND s.kind = 'hall' ORDER BY w.code`);
  const siteOrgs = await findOrgsByIds(db, windowRows.map((w) => w.siteOrgId));
  const windows = new Map<string, { id: string; code: string; siteOrg: OrgRow }>();
  const departments = new Map<string, OrgRow>();
  const impls: Omit<Impl, 'clerk_ids' | 'reviewer_ids' | 'decider_ids'>[] = [];
  for (const f of found) {
    const org = orgs.get(f.orgId);
    if (!org || !org.active || org.kind !== 'department') continue;
    const decision = await departmentAbove(db, org, f.decisionLevel, f.deptKey);
    if (!decision) continue;
    const gov = governmentPath(org);
    // The windows of the government's halls that take the item in: its comprehensive category, or the department's own window.
    const usable = windowRows.filter((w) => {
      const so = siteOrgs.get(w.siteOrgId);
      return so && governmentPath(so) === gov && (w.category === f.windowCategory || (w.category === 'department' && w.departmentId === org.id));
    });
    const online = f.channels.includes('online') || f.channels.includes('mobile');
    if (!usable.length && !online) continue;
    for (const w of usable) windows.set(w.id, { id: w.id, code: w.code, siteOrg: siteOrgs.get(w.siteOrgId)! });
    departments.set(org.id, org);
    departments.set(decision.id, decision);
    const itemPopularity = 0.15 + 4 * rnd(seed, 11, ...[...f.itemCode].map((ch) => ch.charCodeAt(0))) ** 3;
    const establishment = ['07047001001', '07047003001', '20099001000', '10009008000', '07043001001'].includes(f.itemCode) ? 4 : 1;
    impls.push({
      impl: impls.length + 1, item_id: f.itemId, version_id: f.versionId, impl_id: f.implId, item_code: f.itemCode, item_name: f.name, item_name_en: f.nameEn, region_code: org.regionCode,
      intake_org_id: org.id, intake_org_path: org.path, decision_org_id: decision.id, decision_org_path: decision.path, statutory: Number(f.statutory), promised: Number(f.promised), has_online: online,
      window_ids: usable.map((w) => w.id), site_ids: usable.map((w) => w.siteId), site_org_ids: usable.map((w) => w.siteOrgId),
      company: f.applicantKinds.includes('company'), person: f.applicantKinds.includes('person') || !f.applicantKinds.includes('company'), split: decision.id !== org.id,
      // Some departments are late more often than others: the rankings have something to rank.
      late_p: 0.005 + 0.06 * rnd(seed, 23, ...[...org.code].map((ch) => ch.charCodeAt(0))) ** 2,
      weight: itemPopularity * establishment * (REGION_WEIGHT[org.regionCode] ?? 0.6),
    });
  }
  return { impls, windows, departments };
}

const UUID_AT = (t: string, h: string) => `(lpad(to_hex(floor(extract(epoch FROM ${t}) * 1000)::bigint), 12, '0') || '7' || substr(${h}, 1, 3) || substr('89ab', 1 + (gi % 4)::int, 1) || substr(${h}, 4, 15))::uuid`;

/** Builds the SQL of one chunk of cases: a temporary table with every step's day and time, nulls for steps not (yet) taken. */
function chunkTableSql(p: { seed: number; from: number; to: number; total: number; offset: number; filingDays: number; rectifyDays: number; now: Date; persons: number; companies: number }): string {
  const S = p.seed * 64;
  const r = (k: number) => `pg_temp.rnd(gi, ${S + k})`;
  // CREATE TABLE AS takes no bind parameters: now is a literal; the working days come from the table gen_wd, joined once per step.
  const now = `'${p.now.toISOString()}'::timestamptz`;
  // The time of a step on the working day with index `idx`: 09:00 plus 45 minutes per stage plus up to 35 minutes: steps of one day keep their order.
  const ts = (alias: string, stage: number, k: number) => `${alias}.opens + (${stage * 45} + floor(${r(k)} * 35)::int) * interval '1 minute'`;
  const wd = (alias: string, idx: string) => `LEFT JOIN gen_wd ${alias} ON ${alias}.idx = ${idx}`;
  // Each step's time as planned, then kept only when it is not later than now (steps to come are not written).
  const steps: [string, string, number, number][] = [
    ['t_corr', 'corr_idx', 1, 31], ['t_withdraw', 'withdraw_idx', 1, 31], ['t_refuse', 'refuse_idx', 1, 31], ['t_resub', 'resub_idx', 2, 32], ['t_accept', 'accept_idx', 3, 33],
    ['t_start', 'start_idx', 4, 34], ['t_forward', 'forward_idx', 5, 35], ['t_susp', 'susp_idx', 5, 35], ['t_ext', 'ext_idx', 6, 36], ['t_resume', 'resume_idx', 7, 37],
    ['t_decide', 'decide_idx', 8, 38], ['t_issue', 'issue_idx', 9, 39], ['t_deliver', 'deliver_idx', 10, 40], ['t_rate', 'rate_idx', 11, 41],
    ['t_verify', 'least(rate_idx + 1, coalesce(done_idx, rate_idx + 1))', 6, 42], ['t_answer', 'least(rate_idx + 2, coalesce(done_idx, rate_idx + 2))', 7, 43], ['t_done', 'done_idx', 6, 42],
  ];
  const lateOrRefused = `CASE WHEN late OR flow = 'refused' THEN 3 ELSE 1 END`;
  // Some layers are MATERIALIZED: inlined all the way, every use of a step's day would copy the expressions of all the steps before it, and planning explodes.
  return `
    CREATE TEMP TABLE gen_case ON COMMIT DROP AS
    WITH base AS MATERIALIZED (
      -- Filing days follow the cases' order (a chunk is a stretch of time, so its facts touch few days of the rollup),
      -- more of them later on: the number of filings grows over the years (day ∝ √position).
      SELECT i, ${p.offset} + i AS gi, pk.impl,
        least(${p.filingDays - 1}, floor(${p.filingDays} * sqrt((i - 1 + pg_temp.rnd(${p.offset} + i, ${S + 1})) / ${p.total})))::int AS f_idx
      FROM generate_series(${p.from}, ${p.to}) i
      JOIN gen_pick pk ON pk.b = floor(pg_temp.rnd(${p.offset} + i, ${S}) * 10000)::int
    ), l1 AS (
      SELECT b.i, b.gi, b.f_idx, b.impl, m.window_ids, m.site_ids, m.site_org_ids, m.clerk_ids, m.reviewer_ids, m.decider_ids, m.has_online,
        m.promised, m.split, m.late_p, m.company, m.person,
        cardinality(m.window_ids) > 0 AND (NOT m.has_online OR ${r(2)} < 0.38) AS in_person,
        1 + floor(${r(3)} * greatest(1, cardinality(m.window_ids)))::int AS wk,
        ${r(4)} AS rf, ${r(2)} AS rc
      FROM base b JOIN gen_impl m USING (impl)
    ), l2 AS MATERIALIZED (
      -- From here on only scalars: the implementation's arrays stay behind (each layer copies its rows).
      SELECT i, gi, f_idx, impl, promised, split, company, person, in_person,
        CASE WHEN in_person THEN 'window' WHEN rc < 0.9 THEN 'online' ELSE 'mobile' END AS channel,
        CASE WHEN NOT in_person AND rf < 0.01 THEN 'withdrawn' WHEN rf < 0.04 THEN 'refused' WHEN rf < 0.12 THEN 'corrected'
             WHEN NOT in_person AND rf < 0.13 THEN 'deemed' ELSE 'normal' END AS flow,
        window_ids[wk] AS window_id, site_ids[wk] AS site_id, site_org_ids[wk] AS site_org_id,
        clerk_ids[2 * wk - 1 + floor(${r(5)} * 2)::int] AS window_clerk,
        coalesce(clerk_ids[1 + floor(${r(6)} * cardinality(clerk_ids))::int], reviewer_ids[1]) AS any_clerk,
        reviewer_ids[1 + floor(${r(7)} * 2)::int] AS reviewer,
        decider_ids[1 + floor(${r(8)} * 2)::int] AS decider,
        NOT split AND promised > 0 AND ${r(9)} < 0.03 AS suspended,
        promised > 0 AND ${r(10)} < 0.02 AS extended,
        ${r(11)} < late_p AS late,
        ${r(12)} < 0.05 AS deny
      FROM l1
    ), l3 AS (
      SELECT l2.*,
        CASE WHEN flow = 'withdrawn' THEN f_idx + floor(${r(13)} * 3)::int END AS withdraw_idx,
        CASE WHEN flow = 'refused' THEN f_idx + floor(${r(13)} * 2)::int END AS refuse_idx,
        CASE WHEN flow = 'corrected' THEN f_idx + floor(${r(13)} * 2)::int END AS corr_idx,
        CASE WHEN flow = 'corrected' THEN f_idx + floor(${r(13)} * 2)::int + 1 + floor(${r(14)} * 4)::int END AS resub_idx
      FROM l2
    ), l4 AS MATERIALIZED (
      SELECT l3.*,
        CASE WHEN flow IN ('withdrawn', 'refused') THEN NULL
             WHEN flow = 'deemed' THEN f_idx + 6
             WHEN flow = 'corrected' THEN resub_idx + CASE WHEN in_person THEN 0 ELSE floor(${r(15)} * 2)::int END
             WHEN in_person THEN f_idx ELSE f_idx + floor(${r(15)} * 3)::int END AS accept_idx
      FROM l3
    ), l5 AS MATERIALIZED (
      SELECT l4.*, accept_idx + floor(${r(16)} * 2)::int AS start_idx,
        CASE WHEN late THEN promised + 1 + floor(${r(19)} * 6)::int ELSE floor(${r(19)} * (promised + 1) * 0.9)::int END AS handling
      FROM l4
    ), l6 AS MATERIALIZED (
      SELECT l5.*,
        CASE WHEN split THEN start_idx + 1 + floor(${r(17)} * 3)::int END AS forward_idx,
        CASE WHEN suspended THEN start_idx + 1 END AS susp_idx,
        CASE WHEN suspended THEN start_idx + 3 + floor(${r(18)} * 8)::int END AS resume_idx,
        CASE WHEN extended THEN start_idx + 1 END AS ext_idx
      FROM l5
    ), l7 AS MATERIALIZED (
      SELECT l6.*,
        greatest(accept_idx + handling + coalesce(resume_idx - susp_idx, 0), start_idx, forward_idx, resume_idx, ext_idx) AS decide_idx,
        CASE WHEN in_person THEN (CASE WHEN ${r(21)} < 0.55 THEN 'window' WHEN ${r(21)} < 0.75 THEN 'express' ELSE 'electronic' END)
             ELSE (CASE WHEN ${r(21)} < 0.15 THEN 'window' WHEN ${r(21)} < 0.4 THEN 'express' ELSE 'electronic' END) END AS method
      FROM l6
    ), l8 AS MATERIALIZED (
      SELECT l7.*, CASE WHEN NOT deny AND decide_idx IS NOT NULL THEN decide_idx + CASE WHEN ${r(20)} < 0.7 THEN 0 ELSE 1 END END AS issue_idx FROM l7
    ), l9 AS MATERIALIZED (
      SELECT l8.*, coalesce(issue_idx, decide_idx) + floor(${r(22)} * 3)::int AS deliver_idx FROM l8
    ), l10 AS MATERIALIZED (
      SELECT l9.*,
        CASE WHEN coalesce(deliver_idx, refuse_idx) IS NOT NULL AND ${r(23)} < CASE WHEN flow = 'refused' THEN 0.3 ELSE 0.55 END
             THEN coalesce(deliver_idx, refuse_idx) + floor(${r(24)} * 3)::int END AS rate_idx,
        CASE WHEN ${r(25)} < 0.015 * ${lateOrRefused} THEN 1 WHEN ${r(25)} < 0.04 * ${lateOrRefused} THEN 2
             WHEN ${r(25)} < 0.04 * ${lateOrRefused} + 0.06 THEN 3 WHEN ${r(25)} < 0.04 * ${lateOrRefused} + 0.26 THEN 4 ELSE 5 END AS level
      FROM l9
    ), l11 AS MATERIALIZED (
      SELECT l10.*,
        CASE WHEN rate_idx IS NOT NULL AND level <= 2 THEN rate_idx + ${p.rectifyDays} END AS due_idx,
        CASE WHEN rate_idx IS NOT NULL AND level <= 2 THEN
          CASE WHEN ${r(26)} < 0.85 THEN rate_idx + 1 + floor(${r(27)} * ${Math.max(1, p.rectifyDays - 1)})::int
               WHEN ${r(26)} < 0.95 THEN rate_idx + ${p.rectifyDays} + 1 + floor(${r(27)} * 5)::int END END AS done_idx
      FROM l10
    ), l12 AS MATERIALIZED (
      SELECT l11.*, ${ts('w_submit', 0, 30)} AS t_submit, w_submit.day AS f_day, w_due.day AS due_on,
        ${steps.map(([name, , stage, k]) => `${ts(`w_${name}`, stage, k)} AS planned_${name}`).join(', ')},
        md5(${p.seed} || ':' || gi) AS h
      FROM l11 ${wd('w_submit', 'f_idx')} ${wd('w_due', 'due_idx')}
        ${steps.map(([name, idx]) => wd(`w_${name}`, idx)).join('\n        ')}
    )
    SELECT l12.*, ${steps.map(([name]) => `CASE WHEN planned_${name} <= ${now} THEN planned_${name} END AS ${name}`).join(', ')},
      ${UUID_AT('t_submit', 'h')} AS id,
      CASE WHEN company AND (NOT person OR ${r(50)} < 0.6) AND gc.id IS NOT NULL THEN gc.id ELSE gp.id END AS applicant_id
    FROM l12
    LEFT JOIN gen_company gc ON gc.n = floor(${r(51)} * ${Math.max(1, p.companies)})::int
    LEFT JOIN gen_person gp ON gp.n = floor(${r(51)} * ${Math.max(1, p.persons)})::int`;
}

/** The statements that turn one chunk's table into cases, events, trips and ratings. */
function chunkInsertsSql(seed: number): string[] {
  const status = `CASE WHEN t_deliver IS NOT NULL THEN 'delivered' WHEN t_decide IS NOT NULL THEN 'decided' WHEN t_resume IS NOT NULL THEN 'in_review'
    WHEN t_susp IS NOT NULL THEN 'suspended' WHEN t_start IS NOT NULL THEN 'in_review' WHEN t_accept IS NOT NULL THEN 'accepted' WHEN t_refuse IS NOT NULL THEN 'refused'
    WHEN t_withdraw IS NOT NULL THEN 'withdrawn' WHEN t_resub IS NOT NULL THEN 'submitted' WHEN t_corr IS NOT NULL THEN 'correction_requested' ELSE 'submitted' END`;
  const handlerIsDecision = 't_forward IS NOT NULL';
  const clerkOrg = `CASE WHEN in_person THEN site_org_id ELSE intake_org_id END`;
  const intakeActor = `CASE WHEN in_person THEN window_clerk ELSE any_clerk END`;
  const suspendedAtExt = `(t_susp IS NOT NULL AND ext_idx >= susp_idx AND ext_idx < resume_idx)`;
  // One event per step taken, in the case module's own vocabulary: (time, order, actor, actor's organisation, action, from, to, reason, data).
  const events: string[][] = [
    ['t_submit', `CASE WHEN in_person THEN window_clerk ELSE applicant_id END`, `CASE WHEN in_person THEN site_org_id END`, 'submit', 'NULL', `'submitted'`, 'NULL', `jsonb_build_object('channel', channel, 'itemVersion', 1)`],
    ['t_corr', intakeActor, clerkOrg, 'requestCorrection', `'submitted'`, `'correction_requested'`, 'NULL', `jsonb_build_object('items', jsonb_build_array(jsonb_build_object('note', '材料不全，请补充申请人签字页')))`],
    ['t_withdraw', 'applicant_id', 'NULL', 'withdraw', `'submitted'`, `'withdrawn'`, `'申请人主动撤回'`, 'NULL'],
    ['t_refuse', intakeActor, clerkOrg, 'refuseIntake', `'submitted'`, `'refused'`, `'申请事项不属于本机关职权范围，请向有权机关申请'`, 'NULL'],
    ['t_resub', 'applicant_id', 'NULL', 'resubmit', `'correction_requested'`, `'submitted'`, 'NULL', 'NULL'],
    [`CASE WHEN in_person AND t_resub IS NOT NULL THEN t_resub + interval '5 minutes' END`, 'window_clerk', 'site_org_id', 'recordTrip', `'submitted'`, `'submitted'`, `'现场补正材料 / brought the missing materials in person'`, 'NULL'],
    [`CASE WHEN flow <> 'deemed' THEN t_accept END`, intakeActor, clerkOrg, 'accept', `'submitted'`, `'accepted'`, 'NULL', 'NULL'],
    [`CASE WHEN flow = 'deemed' THEN t_accept END`, 'NULL', 'NULL', 'deemAccept', `'submitted'`, `'accepted'`, `'五个工作日内未作出受理决定，自收到申请材料之日起即为受理（行政许可法第三十二条）'`, `jsonb_build_object('acceptedOn', f_day::text)`],
    ['t_start', 'reviewer', 'intake_org_id', 'startReview', `'accepted'`, `'in_review'`, 'NULL', 'NULL'],
    ['t_forward', 'reviewer', 'intake_org_id', 'forward', `'in_review'`, `'in_review'`, `'初审意见：材料齐全，符合条件，同意上报'`, `jsonb_build_object('from', intake_org_id, 'to', decision_org_id)`],
    ['t_susp', 'decider', 'decision_org_id', 'suspend', `'in_review'`, `'suspended'`, `'需组织专家评审，评审时间不计入办理时限'`, `jsonb_build_object('reason', 'expertReview', 'expectedDays', resume_idx - susp_idx)`],
    ['t_ext', 'decider', 'decision_org_id', 'extend', `CASE WHEN ${suspendedAtExt} THEN 'suspended' ELSE 'in_review' END`, `CASE WHEN ${suspendedAtExt} THEN 'suspended' ELSE 'in_review' END`, `'案情复杂需现场核查，经本机关负责人批准延长十个工作日'`, `jsonb_build_object('days', 10)`],
    ['t_resume', 'decider', 'decision_org_id', 'resume', `'suspended'`, `'in_review'`, `'专家评审完毕'`, 'NULL'],
    ['t_decide', 'decider', 'decision_org_id', 'decide', `'in_review'`, `'decided'`,
      `CASE WHEN deny THEN '申请材料反映的情况不符合法定条件，不予许可' WHEN late THEN '符合法定条件，准予许可（因现场核查安排滞后超出承诺时限）' ELSE '符合法定条件，准予许可' END`,
      `jsonb_build_object('outcome', CASE WHEN deny THEN 'deny' ELSE 'approve' END)`],
    ['t_issue', 'decider', 'decision_org_id', 'issue', `'decided'`, `'decided'`, 'NULL', `jsonb_build_object('number', 'GEN-' || gi)`],
    ['t_deliver', `CASE WHEN method = 'window' THEN coalesce(window_clerk, any_clerk) ELSE decider END`, `CASE WHEN method = 'window' THEN ${clerkOrg} ELSE decision_org_id END`, 'deliver', `'decided'`, `'delivered'`, 'NULL', `jsonb_build_object('method', method, 'deliveredAt', t_deliver)`],
  ];
  return [
    // Case numbers go on from each region's and day's counter; the counters move on after.
    `INSERT INTO cases (id, case_number, item_id, item_version_id, item_code, item_name, item_name_en, implementation_id, region_code, intake_org_id, intake_org_path,
       decision_org_id, decision_org_path, handler_org_id, handler_org_path, applicant_id, applicant, channel, window_id, site_id, filed_by, form_data, status,
       statutory_limit, promised_limit, received_at, accepted_at, accepted_on, extended, outcome, decided_at, decided_by, delivery, trips, version, created_at, updated_at)
     SELECT g.id, m.region_code || to_char(g.f_day, 'YYYYMMDD') || lpad((row_number() OVER (PARTITION BY m.region_code, g.f_day ORDER BY g.t_submit, g.i) + coalesce(c.last, 0))::text, 5, '0'),
       item_id, version_id, item_code, item_name, item_name_en, impl_id, m.region_code, intake_org_id, intake_org_path, decision_org_id, decision_org_path,
       CASE WHEN ${handlerIsDecision} THEN decision_org_id ELSE intake_org_id END, CASE WHEN ${handlerIsDecision} THEN decision_org_path ELSE intake_org_path END,
       g.applicant_id, jsonb_build_object('kind', u.kind, 'name', u.display_name, 'idNumber', coalesce(u.resident_id, u.credit_code), 'phone', u.phone),
       channel, CASE WHEN in_person THEN window_id END, CASE WHEN in_person THEN site_id END, CASE WHEN in_person THEN window_clerk ELSE g.applicant_id END, '{}'::jsonb, ${status},
       m.statutory, g.promised, coalesce(t_resub, t_submit), t_accept, CASE WHEN flow = 'deemed' THEN f_day ELSE (t_accept AT TIME ZONE 'Asia/Shanghai')::date END, t_ext IS NOT NULL,
       CASE WHEN t_decide IS NOT NULL THEN CASE WHEN deny THEN 'deny' ELSE 'approve' END END, t_decide, CASE WHEN t_decide IS NOT NULL THEN decider END,
       CASE WHEN t_deliver IS NOT NULL THEN jsonb_build_object('method', method, 'deliveredAt', t_deliver) END,
       (CASE WHEN in_person THEN 1 ELSE 0 END) + (CASE WHEN in_person AND t_resub IS NOT NULL THEN 1 ELSE 0 END)
         + (CASE WHEN t_deliver IS NOT NULL AND method = 'window' AND (NOT in_person OR deliver_idx <> f_idx) THEN 1 ELSE 0 END),
       1 + (t_corr IS NOT NULL)::int + (t_resub IS NOT NULL)::int + (t_withdraw IS NOT NULL)::int + (t_refuse IS NOT NULL)::int + (t_accept IS NOT NULL)::int + (t_start IS NOT NULL)::int
         + (t_forward IS NOT NULL)::int + (t_susp IS NOT NULL)::int + (t_ext IS NOT NULL)::int + (t_resume IS NOT NULL)::int + (t_decide IS NOT NULL)::int + (t_issue IS NOT NULL)::int
         + (t_deliver IS NOT NULL)::int + (in_person AND t_resub IS NOT NULL)::int,
       t_submit, greatest(t_submit, t_corr, t_resub, t_withdraw, t_refuse, t_accept, t_start, t_forward, t_susp, t_ext, t_resume, t_decide, t_issue, t_deliver)
     FROM gen_case g JOIN gen_impl m USING (impl) JOIN users u ON u.id = g.applicant_id LEFT JOIN case_number_counters c ON c.region_code = m.region_code AND c.day = g.f_day`,
    `INSERT INTO case_number_counters (region_code, day, last) SELECT m.region_code, g.f_day, count(*) FROM gen_case g JOIN gen_impl m USING (impl) GROUP BY m.region_code, g.f_day
     ON CONFLICT (region_code, day) DO UPDATE SET last = case_number_counters.last + excluded.last`,
    // A case's events stored together, in the order they happened (the scan of the chunk and the VALUES list give that order;
    // the facts sort by time anyway).
    `INSERT INTO case_events (case_id, at, actor_id, actor_org_id, action, from_status, to_status, reason, data)
     SELECT g.id, e.at, e.actor, e.actor_org, e.action, e.from_status, e.to_status, e.reason, e.data
     FROM gen_case g JOIN gen_impl m USING (impl) CROSS JOIN LATERAL (VALUES ${events.map((e, k) => `(${e[0]}, ${k}, ${e[1]}::uuid, ${e[2]}::uuid, '${e[3]}', ${e[4]}, ${e[5]}, ${e[6]}, ${e[7]}::jsonb)`).join(',\n       ')})
       AS e(at, ord, actor, actor_org, action, from_status, to_status, reason, data)
     WHERE e.at IS NOT NULL`,
    // Visits (DOMAIN rule 8): filing in person, bringing corrections, collecting the result on another day.
    `INSERT INTO case_trips (id, case_id, at, reason, site_id, window_id, recorded_by)
     SELECT ${UUID_AT('t', `md5(h || k)`)}, id, t, reason, site_id, window_id, clerk FROM (
       SELECT gi, h, id, t_submit AS t, '现场提交申请 / filed in person' AS reason, site_id, window_id, window_clerk AS clerk, 'a' AS k FROM gen_case WHERE in_person
       UNION ALL SELECT gi, h, id, t_resub + interval '5 minutes', '现场补正材料 / brought the missing materials in person', site_id, window_id, window_clerk, 'b' FROM gen_case WHERE in_person AND t_resub IS NOT NULL
       UNION ALL SELECT gi, h, id, t_deliver, '窗口领取结果 / collected the result at the window', site_id, window_id, coalesce(window_clerk, any_clerk), 'c' FROM gen_case
         WHERE t_deliver IS NOT NULL AND method = 'window' AND (NOT in_person OR deliver_idx <> f_idx)
     ) v ORDER BY id`,
    // Ratings (好差评), and the follow-up of bad ones.
    `INSERT INTO evaluations (id, case_id, handling, level, comment, problems, channel, rated_at, org_id, org_path, follow_up, follow_up_due_on, version)
     SELECT ${UUID_AT('t_rate', `md5(h || 'r')`)}, id, 1, level,
       CASE level WHEN 1 THEN '等了很久也没有人说明原因' WHEN 2 THEN '跑了两趟才办完' WHEN 5 THEN '办事效率高，服务热情' ELSE NULL END,
       CASE WHEN level <= 2 THEN CASE WHEN late THEN ARRAY['slow'] ELSE ARRAY['trips'] END ELSE ARRAY[]::text[] END,
       CASE WHEN in_person AND pg_temp.rnd(gi, ${seed * 64 + 52}) < 0.5 THEN 'window' ELSE 'online' END, t_rate,
       CASE WHEN t_refuse IS NOT NULL THEN intake_org_id ELSE decision_org_id END, CASE WHEN t_refuse IS NOT NULL THEN intake_org_path ELSE decision_org_path END,
       CASE WHEN level <= 2 THEN jsonb_strip_nulls(jsonb_build_object(
         'verified', CASE WHEN t_verify IS NOT NULL THEN jsonb_build_object('at', t_verify, 'by', decider, 'finding', '情况属实', 'justified', true) END,
         'answered', CASE WHEN t_answer IS NOT NULL THEN jsonb_build_object('at', t_answer, 'by', decider, 'answer', '已向申请人说明情况并致歉') END,
         'rectified', CASE WHEN t_done IS NOT NULL THEN jsonb_build_object('at', t_done, 'by', decider, 'measures', '优化内部流转，压缩审查时间') END,
         'calledBack', CASE WHEN t_done IS NOT NULL THEN jsonb_build_object('at', t_done, 'by', decider, 'satisfied', true, 'note', '申请人表示满意') END)) END,
       due_on,
       1 + (level <= 2 AND t_verify IS NOT NULL)::int + (level <= 2 AND t_answer IS NOT NULL)::int + 2 * (level <= 2 AND t_done IS NOT NULL)::int
     FROM gen_case JOIN gen_impl USING (impl) WHERE t_rate IS NOT NULL ORDER BY id`,
  ];
}

/**
 * Generates `cases` cases over the last `years` years up to the clock's now, and derives the
 * supervision facts and rollup from their events. Needs the demo organisations and catalog
 * (`onetrip seed`). Deterministic for a seed, a database state and a now: the same cases, numbers,
 * steps, times, trips, ratings and applicants (account ids aside, which are random).
 */
export async function generateHistory(database: Database, now: Date, options: GenerateOptions): Promise<GenerateReport> {
  const started = Date.now();
  const { db } = database;
  const progress = options.progress ?? (() => {});
  const seed = options.seed;
  const rectifyDays = options.rectifyDays ?? 15;
  const { calendar } = await loadCalendar(db);
  const today = shanghaiDate(now);
  const from = addDays(today, -Math.round(options.years * 365));
  // Working days from the first day on; filings on those before today, later steps up to 200 working days on.
  const workdays: IsoDate[] = [];
  for (let d = from; workdays.length < 100_000; d = addDays(d, 1)) {
    if (isWorkingDay(d, calendar)) workdays.push(d);
    if (d > today && workdays.filter((w) => w > today).length >= 200) break;
  }
  const filingDays = workdays.filter((d) => d < today).length;
  if (filingDays < 1) throw new Error('no working day to file on before today');

  progress('organisations, items and windows', 0, 1);
  const { impls, windows, departments } = await implementationsToUse(db, seed);
  if (!impls.length) throw new Error('no published items implemented by departments: seed the demo data first (`onetrip seed`)');
  const staff = await generatedStaff(db, [...windows.values()], [...departments.values()], seed);
  const full: Impl[] = impls.map((m) => ({
    ...m,
    clerk_ids: m.window_ids.flatMap((w) => staff.clerks.get(w) ?? []),
    reviewer_ids: staff.reviewers.get(m.intake_org_id) ?? [],
    decider_ids: staff.reviewers.get(m.decision_org_id) ?? [],
  }));
  // Items are picked by weight through a 10,000-slot table (one join per case).
  const totalWeight = full.reduce((a, m) => a + m.weight, 0);
  const pick: number[] = [];
  let acc = 0;
  for (const m of full) {
    acc += m.weight;
    while (pick.length < Math.round((acc / totalWeight) * 10_000)) pick.push(m.impl);
  }
  while (pick.length < 10_000) pick.push(full.at(-1)!.impl);
  progress('organisations, items and windows', 1, 1);

  const applicants = await generatedApplicants(db, Math.max(100, Math.ceil(options.cases / 15)), Math.max(50, Math.ceil(options.cases / 40)), seed, (done, total) => progress('applicants', done, total));
  const [before] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM cases`);
  const offset = Number(before?.n ?? 0);

  const chunk = options.chunk ?? 50_000;
  await withJobLock(database, ROLLUP_JOB, () =>
    database.withConnection(async (conn: Connection) => {
      await conn.query(`CREATE OR REPLACE FUNCTION pg_temp.rnd(i bigint, k bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT ((hashint8extended(i, k) >> 11) & 9007199254740991)::float8 / 9007199254740992.0 $$`);
      await conn.query('DROP TABLE IF EXISTS gen_impl, gen_pick');
      await conn.query(`CREATE TEMP TABLE gen_impl (impl int PRIMARY KEY, item_id uuid, version_id uuid, impl_id uuid, item_code text, item_name text, item_name_en text, region_code text,
        intake_org_id uuid, intake_org_path text, decision_org_id uuid, decision_org_path text, statutory int, promised int, has_online boolean,
        window_ids uuid[], site_ids uuid[], site_org_ids uuid[], clerk_ids uuid[], reviewer_ids uuid[], decider_ids uuid[], company boolean, person boolean, split boolean, late_p float8, weight float8)`);
      await conn.query('INSERT INTO gen_impl SELECT * FROM json_populate_recordset(NULL::gen_impl, $1::json)', [JSON.stringify(full)]);
      await conn.query('CREATE TEMP TABLE gen_pick (b int PRIMARY KEY, impl int)');
      await conn.query('INSERT INTO gen_pick SELECT b - 1, impl FROM unnest($1::int[]) WITH ORDINALITY AS t(impl, b)', [pick]);
      await conn.query('DROP TABLE IF EXISTS gen_wd');
      // The working days by index, and 09:00 in Shanghai on each (adding minutes to an instant needs no time-zone look-up per step).
      await conn.query('CREATE TEMP TABLE gen_wd (idx int PRIMARY KEY, day date NOT NULL, opens timestamptz NOT NULL)');
      await conn.query("INSERT INTO gen_wd SELECT i - 1, d, (d + time '09:00') AT TIME ZONE 'Asia/Shanghai' FROM unnest($1::date[]) WITH ORDINALITY AS t(d, i)", [workdays]);
      await conn.query('ANALYZE gen_wd');
      await conn.query('DROP TABLE IF EXISTS gen_person, gen_company');
      await conn.query('CREATE TEMP TABLE gen_person (n int PRIMARY KEY, id uuid NOT NULL)');
      await conn.query('CREATE TEMP TABLE gen_company (n int PRIMARY KEY, id uuid NOT NULL)');
      await conn.query('INSERT INTO gen_person SELECT n - 1, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)', [applicants.persons]);
      await conn.query('INSERT INTO gen_company SELECT n - 1, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)', [applicants.companies]);
      const inserts = chunkInsertsSql(seed);
      // A generator's commits need not wait for the disk; as a superuser, the foreign-key checks of a million
      // cases' events are skipped too (session_replication_role): every event is written after its case, in
      // the same transaction, so there is nothing for them to find.
      await conn.query('SET synchronous_commit = off');
      const [role] = (await conn.query<{ super: boolean }>('SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user')).rows;
      if (role?.super) await conn.query('SET session_replication_role = replica');
      // On PostgreSQL one chunk's facts are derived (Node.js, pool connections) while the next chunk is generated
      // (this connection's backend): the two cores work at once. The embedded database has one session: in turn.
      let facts: Promise<void> = Promise.resolve();
      for (let start = 1; start <= options.cases; start += chunk) {
        const end = Math.min(options.cases, start + chunk - 1);
        await conn.query('BEGIN');
        let ids: string[];
        try {
          await conn.query(chunkTableSql({ seed, from: start, to: end, total: options.cases, offset, filingDays, rectifyDays, now, persons: applicants.persons.length, companies: applicants.companies.length }));
          for (const statement of inserts) await conn.query(statement);
          ids = (await conn.query<{ id: string }>('SELECT id FROM gen_case ORDER BY id')).rows.map((r) => r.id);
          await conn.query('COMMIT');
        } catch (err) {
          await conn.query('ROLLBACK');
          throw err;
        }
        await facts;
        facts = deriveChunkFacts(db, ids, now).then(() => progress('cases, events, trips, ratings and their supervision facts', end, options.cases));
        // Awaited at the next chunk; until then a failure must not count as unhandled.
        facts.catch(() => {});
        if (database.kind !== 'postgres') await facts;
      }
      await facts;
      // The connection goes back to the pool: as every other.
      await conn.query('RESET synchronous_commit');
      if (role?.super) await conn.query('RESET session_replication_role');
      await conn.query('ANALYZE cases, case_events, case_trips, evaluations');
    }),
  );

  const [counts] = await rows<{ events: number; trips: number; ratings: number }>(db, sql`
    SELECT (SELECT count(*) FROM case_events)::float8 AS events, (SELECT count(*) FROM case_trips)::float8 AS trips, (SELECT count(*) FROM evaluations)::float8 AS ratings`);
  await fixOpenDeadlines(db, now, (done, total) => progress('deadlines of open cases', done, total));
  await markRolledUp(db, now);
  await db.execute(sql`ANALYZE supervision_case_facts, supervision_daily, supervision_daily_durations`);
  return {
    cases: options.cases, events: Number(counts?.events ?? 0), trips: Number(counts?.trips ?? 0), ratings: Number(counts?.ratings ?? 0),
    staff: staff.count, applicants: applicants.persons.length + applicants.companies.length, from, to: today, seconds: (Date.now() - started) / 1000,
  };
}

/**
 * The deadline columns the case module keeps for sorting inboxes and the warning list, for the
 * cases still open: computed by the case module's clock from the generated events.
 */
async function fixOpenDeadlines(db: Db, now: Date, progress: (done: number, total: number) => void): Promise<void> {
  const { calendar } = await loadCalendar(db);
  const open = await rows<{ id: string; statutory: number; promised: number }>(db, sql`
    SELECT id, statutory_limit AS statutory, promised_limit AS promised FROM cases WHERE status IN ('accepted', 'in_review', 'suspended', 'decided') AND promised_due_on IS NULL`);
  for (let i = 0; i < open.length; i += 2000) {
    const batch = open.slice(i, i + 2000);
    const events = await rows<{ caseId: string; action: ClockEvent['action']; at: Date | string; data: ClockEvent['data'] }>(db, sql`
      SELECT case_id AS "caseId", action, at, data FROM case_events WHERE case_id = ANY(${sql.param(batch.map((b) => b.id))}::uuid[]) ORDER BY id`);
    const byCase = new Map<string, ClockEvent[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), { action: e.action, at: new Date(e.at), data: e.data }]);
    const due = batch.map((b) => {
      const clock = computeClock(byCase.get(b.id) ?? [], { statutory: Number(b.statutory), promised: Number(b.promised) }, calendar, now);
      return { id: b.id, promised_due_on: clock.promisedDueOn, statutory_due_on: clock.statutoryDueOn };
    });
    await db.execute(sql`
      UPDATE cases c SET promised_due_on = d.promised_due_on, statutory_due_on = d.statutory_due_on
      FROM json_to_recordset(${JSON.stringify(due)}::json) AS d(id uuid, promised_due_on date, statutory_due_on date) WHERE c.id = d.id`);
    progress(Math.min(open.length, i + 2000), open.length);
  }
}
