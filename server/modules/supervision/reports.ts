import { and, desc, eq, sql } from 'drizzle-orm';
import type { CaseAction } from '../../../common/cases.js';
import type { KpiKey } from '../../../common/supervision.js';
import { shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import { rows } from '../../db/client.js';
import { type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem, sqlState } from '../../platform/errors.js';
import { readFile, storeGeneratedFile } from '../../platform/files.js';
import { findOrgsByIds, listOrgs, type OrgRow } from '../orgs/index.js';
import { orgInScope } from './access.js';
import { kpisOfOrg } from './kpis.js';
import { problemReportSummary } from './problems.js';
import { reportPdf, reportXlsx } from './report-files.js';
import { definitionOf, monthRange, previousMonth, rankBy, type KpiDefinition, type KpiValue } from './rules.js';
import { monthlyReports } from './schema.js';

// The monthly information report (R7.3, 月度通报) of a county or department: the KPIs against the
// targets, rankings among its siblings, late cases with the reasons recorded in their events, and
// the follow-up of bad ratings. Kept once the month is over: its content, PDF and XLSX.

interface OrgRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}
const orgRef = (o: OrgRow): OrgRef => ({ id: o.id, code: o.code, name: o.name, nameEn: o.nameEn });

export interface LateCase {
  caseId: string;
  caseNumber: string;
  itemName: string;
  itemNameEn: string;
  decisionOrg: OrgRef;
  receivedOn: IsoDate | null;
  acceptedOn: IsoDate | null;
  decidedOn: IsoDate;
  promisedDueOn: IsoDate | null;
  usedDays: number | null;
  /** What the case's events say happened: extensions, pauses, forwarding, the decision. */
  reasons: { at: string; action: CaseAction; reason: string }[];
}

export interface BadRating {
  caseNumber: string;
  itemName: string;
  org: OrgRef;
  level: number;
  ratedOn: IsoDate;
  comment: string | null;
  problems: string[];
  followUpDueOn: IsoDate | null;
  verified: boolean;
  answered: boolean;
  rectified: boolean;
  calledBack: boolean;
  /** Called back by the due date (null while the due date has not passed and it is still open). */
  onTime: boolean | null;
}

export interface MonthlyReportContent {
  org: OrgRef & { level: string; kind: string };
  month: string;
  from: IsoDate;
  to: IsoDate;
  generatedAt: string;
  /** The month is over: the report is kept as it is. */
  final: boolean;
  kpis: (KpiValue & { definition: KpiDefinition; previous: number | null })[];
  rankings: { key: KpiKey; better: 'higher' | 'lower'; rows: { org: OrgRef; value: number | null; rank: number | null }[] }[];
  lateCases: LateCase[];
  lateCasesTotal: number;
  badRatings: BadRating[];
  problemReports: Awaited<ReturnType<typeof problemReportSummary>>;
}

/** The KPIs ranked among siblings in the report. */
const RANKED: KpiKey[] = ['T1', 'T2', 'T3', 'T4.cases', 'T8.satisfaction', 'T8.followUp', 'handling', 'hotline.handledOnTime', 'hotline.satisfaction'];
const LATE_LISTED = 50;

/** Organisations of the same kind under the same parent: counties and parks among themselves, departments among departments. */
async function siblingsOf(ctx: Ctx, org: OrgRow): Promise<OrgRow[]> {
  if (!org.parentId) return [org];
  const all = await listOrgs(ctx.db, { parentId: org.parentId });
  return all.filter((o) => (o.kind === 'department') === (org.kind === 'department'));
}

/**
 * The content of an organisation's monthly report. Rankings show the siblings' values too: the
 * information report compares the counties (or the departments) of one government with each other.
 */
export async function buildMonthlyReport(ctx: Ctx, actor: Actor, org: OrgRow, month: string): Promise<MonthlyReportContent> {
  const range = monthRange(month)!;
  const prev = monthRange(previousMonth(month))!;
  const now = ctx.clock.now();
  const [kpis, previous] = await Promise.all([kpisOfOrg(ctx, actor, org, range), kpisOfOrg(ctx, actor, org, prev)]);
  const siblings = await siblingsOf(ctx, org);
  const siblingKpis = await Promise.all(siblings.map(async (s) => ({ org: s, kpis: s.id === org.id ? kpis : await kpisOfOrg(ctx, actor, s, range) })));
  const rankings = RANKED.map((key) => {
    const def = definitionOf(key);
    const ranked = rankBy(siblingKpis.map((s) => ({ orgId: s.org.id, value: s.kpis.find((k) => k.key === key)?.value ?? null })), def.better);
    return { key, better: def.better, rows: ranked.map((r) => ({ org: orgRef(siblings.find((s) => s.id === r.orgId)!), value: r.value, rank: r.rank })) };
  });

  const late = await rows<{ caseId: string; caseNumber: string; itemName: string; itemNameEn: string; decisionOrgId: string; receivedOn: string | null; acceptedOn: string | null; decidedOn: string; promisedDueOn: string | null; usedDays: number | null; total: number }>(ctx.db, sql`
    SELECT case_id AS "caseId", case_number AS "caseNumber", item_name AS "itemName", item_name_en AS "itemNameEn", decision_org_id AS "decisionOrgId",
      received_on::text AS "receivedOn", accepted_on::text AS "acceptedOn", decided_on::text AS "decidedOn", promised_due_on::text AS "promisedDueOn", used_days AS "usedDays",
      count(*) OVER ()::int AS total
    FROM supervision_case_facts
    WHERE decision_org_path LIKE ${`${org.path}%`} AND decided_on BETWEEN ${range.from}::date AND ${range.to}::date AND on_time = false
    ORDER BY decided_on, case_number LIMIT ${LATE_LISTED}`);
  // The reasons staff recorded on the case's events (read-only: the case module's append-only record).
  const reasons = late.length
    ? await rows<{ caseId: string; at: Date | string; action: CaseAction; reason: string }>(ctx.db, sql`
        SELECT case_id AS "caseId", at, action, reason FROM case_events
        WHERE case_id = ANY(${sql.param(late.map((l) => l.caseId))}::uuid[]) AND reason IS NOT NULL AND reason <> '' ORDER BY id`)
    : [];
  const bad = await rows<{ caseNumber: string; itemName: string; orgId: string; level: number; ratedAt: Date | string; comment: string | null; problems: string[] | string; followUpDueOn: string | null; followUp: Record<string, unknown> | null }>(ctx.db, sql`
    SELECT c.case_number AS "caseNumber", c.item_name AS "itemName", e.org_id AS "orgId", e.level, e.rated_at AS "ratedAt", e.comment, e.problems, e.follow_up_due_on::text AS "followUpDueOn", e.follow_up AS "followUp"
    FROM evaluations e JOIN cases c ON c.id = e.case_id
    WHERE e.org_path LIKE ${`${org.path}%`} AND e.level <= 2 AND (e.rated_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${range.from}::date AND ${range.to}::date
    ORDER BY e.rated_at LIMIT 200`);
  const orgs = await findOrgsByIds(ctx.db, [...new Set([...late.map((l) => l.decisionOrgId), ...bad.map((b) => b.orgId)])]);
  const ref = (id: string): OrgRef => {
    const o = orgs.get(id);
    return { id, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' };
  };
  const today = shanghaiDate(now);
  return {
    org: { ...orgRef(org), level: org.level, kind: org.kind },
    month, from: range.from, to: range.to, generatedAt: now.toISOString(), final: range.to < today,
    kpis: kpis.map((k) => ({ ...k, definition: definitionOf(k.key), previous: previous.find((p) => p.key === k.key)?.value ?? null })),
    rankings,
    lateCases: late.map((l) => ({
      caseId: l.caseId, caseNumber: l.caseNumber, itemName: l.itemName, itemNameEn: l.itemNameEn, decisionOrg: ref(l.decisionOrgId), receivedOn: l.receivedOn, acceptedOn: l.acceptedOn,
      decidedOn: l.decidedOn, promisedDueOn: l.promisedDueOn, usedDays: l.usedDays === null ? null : Number(l.usedDays),
      reasons: reasons.filter((r) => r.caseId === l.caseId).map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, reason: r.reason })),
    })),
    lateCasesTotal: Number(late[0]?.total ?? 0),
    badRatings: bad.map((b) => {
      const f = b.followUp ?? {};
      const calledBackAt = (f.calledBack as { at?: string } | undefined)?.at;
      const doneOn = calledBackAt ? shanghaiDate(new Date(calledBackAt)) : null;
      return {
        caseNumber: b.caseNumber, itemName: b.itemName, org: ref(b.orgId), level: Number(b.level), ratedOn: shanghaiDate(new Date(b.ratedAt)), comment: b.comment,
        problems: Array.isArray(b.problems) ? b.problems : String(b.problems).replace(/^\{|\}$/g, '').split(',').filter(Boolean),
        followUpDueOn: b.followUpDueOn, verified: 'verified' in f, answered: 'answered' in f, rectified: 'rectified' in f, calledBack: !!doneOn,
        onTime: doneOn && b.followUpDueOn ? doneOn <= b.followUpDueOn : b.followUpDueOn && today > b.followUpDueOn ? false : null,
      };
    }),
    problemReports: await problemReportSummary(ctx, org.path, range.from, range.to),
  };
}

export type ReportFormat = 'json' | 'pdf' | 'xlsx';

export interface MonthlyReportResult {
  /** The kept report's id; null for a month not over yet (built afresh each time, not kept). */
  id: string | null;
  content: MonthlyReportContent;
  generatedBy: string | null;
}

/**
 * The monthly report of an organisation (a county, park or department, or the prefecture): the kept
 * one once the month is over (generated and kept on the first request), built afresh for the month
 * under way.
 * @throws Problem 'validation_failed' for a bad month; 'supervision.month_not_started'; 'forbidden'; 'not_found'.
 */
export async function monthlyReport(ctx: Ctx, input: { org?: string | undefined; month: string }): Promise<MonthlyReportResult & { files: { pdf: string; xlsx: string } | null }> {
  const { actor, org } = await orgInScope(ctx, input.org);
  const range = monthRange(input.month);
  if (!range) throw new Problem('validation_failed', 'month must be YYYY-MM', [{ field: '/querystring/month', message: 'YYYY-MM' }]);
  const today = shanghaiDate(ctx.clock.now());
  if (range.from > today) throw new Problem('supervision.month_not_started');
  const kept = await keptReport(ctx, org.id, input.month);
  if (kept) return kept;
  const content = await buildMonthlyReport(ctx, actor, org, input.month);
  if (!content.final) return { id: null, content, generatedBy: null, files: null };
  const [pdf, xlsx] = await Promise.all([reportPdf(content), reportXlsx(content)]);
  const base = `${org.code}-${input.month}`;
  try {
    await ctx.db.transaction(async (tx) => {
      const pdfFile = await storeGeneratedFile(tx, { bytes: pdf, name: `监察月报-${base}.pdf`, mediaType: 'application/pdf', ownerId: actor.id });
      const xlsxFile = await storeGeneratedFile(tx, { bytes: xlsx, name: `监察月报-${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ownerId: actor.id });
      const [row] = await tx
        .insert(monthlyReports)
        .values({ orgId: org.id, orgPath: org.path, month: input.month, content: content as unknown as Record<string, unknown>, pdfFile: pdfFile.id, xlsxFile: xlsxFile.id, generatedBy: actor.id, generatedAt: ctx.clock.now() })
        .returning();
      await recordAudit(tx, ctx, { action: 'supervision.report-generate', targetType: 'monthlyReport', targetId: row!.id, after: { orgId: org.id, month: input.month, pdf: pdfFile.id, xlsx: xlsxFile.id } });
    });
  } catch (err) {
    // Two first requests at once: the one kept first is everyone's.
    if (sqlState(err) !== '23505') throw err;
  }
  return (await keptReport(ctx, org.id, input.month))!;
}

async function keptReport(ctx: Ctx, orgId: string, month: string): Promise<(MonthlyReportResult & { files: { pdf: string; xlsx: string } }) | null> {
  const [row] = await ctx.db.select().from(monthlyReports).where(and(eq(monthlyReports.orgId, orgId), eq(monthlyReports.month, month)));
  return row ? { id: row.id, content: row.content as unknown as MonthlyReportContent, generatedBy: row.generatedBy, files: { pdf: row.pdfFile, xlsx: row.xlsxFile } } : null;
}

/** The bytes of a report in PDF or XLSX: the kept file, or rendered now for the month under way. */
export async function monthlyReportFile(ctx: Ctx, input: { org?: string | undefined; month: string; format: 'pdf' | 'xlsx' }): Promise<{ bytes: Buffer; name: string }> {
  const report = await monthlyReport(ctx, input);
  const name = `report-${report.content.org.code}-${input.month}.${input.format}`;
  if (report.files) {
    const file = await readFile(ctx.db, input.format === 'pdf' ? report.files.pdf : report.files.xlsx);
    if (!file) throw new Problem('not_found');
    return { bytes: file.bytes, name };
  }
  return { bytes: input.format === 'pdf' ? await reportPdf(report.content) : await reportXlsx(report.content), name };
}

export interface KeptReportView {
  id: string;
  org: OrgRef;
  month: string;
  generatedAt: Date;
  generatedBy: string;
}

/** The kept monthly reports of a subtree, newest month first. */
export async function listMonthlyReports(ctx: Ctx, filter: { org?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: KeptReportView[] }> {
  const { org } = await orgInScope(ctx, filter.org);
  const where = sql`${monthlyReports.orgPath} LIKE ${`${org.path}%`}`;
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(monthlyReports).where(where);
  const found = await ctx.db
    .select({ id: monthlyReports.id, orgId: monthlyReports.orgId, month: monthlyReports.month, generatedAt: monthlyReports.generatedAt, generatedBy: monthlyReports.generatedBy })
    .from(monthlyReports)
    .where(where)
    .orderBy(desc(monthlyReports.month), monthlyReports.orgPath)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const orgs = await findOrgsByIds(ctx.db, [...new Set(found.map((r) => r.orgId))]);
  return {
    total: Number(total?.n ?? 0),
    items: found.map((r) => {
      const o = orgs.get(r.orgId);
      return { id: r.id, org: { id: r.orgId, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' }, month: r.month, generatedAt: r.generatedAt, generatedBy: r.generatedBy };
    }),
  };
}
