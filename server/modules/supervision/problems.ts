import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { maskPhone } from '../../../common/id-codes.js';
import type { ProblemKind, ProblemReportStatus } from '../../../common/supervision.js';
import { addWorkingDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import { hasRole, inScope, requireActor, requireRole } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { notifyUser } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { getPublishedItem } from '../catalog/index.js';
import { findOrg, findOrgsByIds, listOrgs, type OrgRow } from '../orgs/index.js';
import { orgInScope } from './access.js';
import { formatProblemNumber } from './rules.js';
import { problemReportCounters, problemReports, type ProblemReportRow } from './schema.js';

// Reform problem reports (R7.4, 堵点/难点): anyone tells how a service was run; the report goes to
// the organisation responsible, which answers within a limit in working days; supervisors of the
// subtree see every report and how it was handled.

export interface ProblemReportInput {
  kind: ProblemKind;
  description: string;
  /** The organisation the reporter names (id or code): a government, a department, or a hall's department. */
  org: string;
  itemCode?: string | undefined;
  caseNumber?: string | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

/**
 * The department that answers: when the reporter names an item at a government, that government's
 * department carrying the item out (the catalog's department kind); otherwise the organisation named.
 */
async function responsibleOrg(ctx: Ctx, named: OrgRow, deptKey: string | null): Promise<OrgRow> {
  if (named.kind === 'department' || !deptKey) return named;
  const departments = await listOrgs(ctx.db, { parentId: named.id, kind: 'department' });
  return departments.find((d) => d.deptKey === deptKey) ?? named;
}

export interface ProblemReportView {
  id: string;
  number: string;
  kind: ProblemKind;
  description: string;
  itemCode: string | null;
  itemName: string | null;
  caseNumber: string | null;
  namedOrg: { id: string; code: string; name: string; nameEn: string };
  org: { id: string; code: string; name: string; nameEn: string };
  /** Masked except for the reporter themselves. */
  contactName: string | null;
  contactPhone: string | null;
  status: ProblemReportStatus;
  receivedAt: Date;
  dueOn: IsoDate;
  /** Unanswered after its due date, or answered after it. */
  overdue: boolean;
  answer: string | null;
  answeredAt: Date | null;
  version: number;
  /** Whether the reader may answer it. */
  canAnswer: boolean;
}

const maskName = (name: string | null): string | null => (name ? `${Array.from(name)[0]}*` : null);

async function views(ctx: Ctx, found: ProblemReportRow[]): Promise<ProblemReportView[]> {
  const orgs = await findOrgsByIds(ctx.db, [...new Set(found.flatMap((r) => [r.orgId, r.namedOrgId]))]);
  const today = shanghaiDate(ctx.clock.now());
  const orgView = (id: string) => {
    const o = orgs.get(id);
    return { id, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' };
  };
  return found.map((r) => {
    const own = !!ctx.actor && r.reporterId === ctx.actor.id;
    const answeredOn = r.answeredAt ? shanghaiDate(r.answeredAt) : null;
    return {
      id: r.id, number: r.number, kind: r.kind, description: r.description, itemCode: r.itemCode, itemName: r.itemName, caseNumber: r.caseNumber,
      namedOrg: orgView(r.namedOrgId), org: orgView(r.orgId),
      contactName: own ? r.contactName : maskName(r.contactName), contactPhone: own || !r.contactPhone ? r.contactPhone : maskPhone(r.contactPhone),
      status: r.status, receivedAt: r.receivedAt, dueOn: r.dueOn, overdue: answeredOn ? answeredOn > r.dueOn : today > r.dueOn,
      answer: r.answer, answeredAt: r.answeredAt, version: r.version, canAnswer: r.status === 'open' && canAnswer(ctx, r),
    };
  });
}

/** The responsible organisation answers: its heads, reviewers and administrators (supervisors watch, they do not answer). */
const canAnswer = (ctx: Ctx, r: ProblemReportRow): boolean => hasRole(ctx.actor, 'departmentHead', 'reviewer', 'admin') && inScope(ctx.actor, r.orgPath);

/**
 * Takes a problem report from anyone (signed in or not), routes it to the responsible organisation
 * with a due date `answerDays` working days on, and tells that organisation's heads.
 * @throws Problem 'validation_failed' for an unknown organisation or item.
 */
export async function reportProblem(ctx: Ctx, input: ProblemReportInput, answerDays: number): Promise<ProblemReportView> {
  const named = await findOrg(ctx.db, input.org);
  if (!named || !named.active) throw new Problem('validation_failed', 'no such organisation', [{ field: '/body/org', message: 'unknown organisation' }]);
  let item: { code: string; name: string; deptKey: string } | null = null;
  if (input.itemCode) {
    const found = await getPublishedItem(ctx, input.itemCode).catch(() => null);
    if (!found) throw new Problem('validation_failed', 'no such item', [{ field: '/body/itemCode', message: 'unknown item' }]);
    item = { code: found.item.code, name: found.version.name, deptKey: found.item.deptKey };
  }
  const org = await responsibleOrg(ctx, named, item?.deptKey ?? null);
  const created = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const today = shanghaiDate(now);
    const { calendar } = await loadCalendar(tx);
    const [counter] = await tx
      .insert(problemReportCounters)
      .values({ day: today, last: 1 })
      .onConflictDoUpdate({ target: problemReportCounters.day, set: { last: sql`${problemReportCounters.last} + 1` } })
      .returning();
    const [row] = await tx
      .insert(problemReports)
      .values({
        number: formatProblemNumber(today, counter!.last), kind: input.kind, description: input.description.trim(), itemCode: item?.code ?? null, itemName: item?.name ?? null,
        caseNumber: input.caseNumber ?? null, namedOrgId: named.id, orgId: org.id, orgPath: org.path, reporterId: ctx.actor?.id ?? null,
        contactName: input.contactName?.trim() || null, contactPhone: input.contactPhone ?? null, status: 'open', receivedAt: now, dueOn: addWorkingDays(today, answerDays, calendar),
      })
      .returning();
    // The heads of the responsible organisation (and its administrators when it has no head) are told.
    const heads = await tx.select().from(users).where(and(eq(users.orgId, org.id), eq(users.active, true), sql`${users.roles} && ARRAY['departmentHead']::text[]`));
    for (const head of heads) {
      await notifyUser(tx, { userId: head.id, template: 'supervision.problem_report', params: { number: row!.number, kind: input.kind === 'blockage' ? '堵点' : '难点', subject: item?.name ?? org.name, dueOn: row!.dueOn }, now }, head);
    }
    await recordAudit(tx, ctx, { action: 'supervision.problem-report', targetType: 'problemReport', targetId: row!.id, after: row });
    return row!;
  });
  const [view] = await views(ctx, [created]);
  return view!;
}

/**
 * Problem reports: staff see those routed into their subtree (supervisors, administrators, heads and
 * reviewers); an applicant sees their own.
 */
export async function listProblemReports(ctx: Ctx, filter: { org?: string | undefined; status?: ProblemReportStatus | undefined; overdue?: boolean | undefined; page: number; pageSize: number }): Promise<{ total: number; items: ProblemReportView[] }> {
  const actor = requireActor(ctx.actor);
  const where: (SQL | undefined)[] = [];
  if (actor.kind === 'staff') {
    const { org } = await orgInScope(ctx, filter.org, ['supervisor', 'admin', 'departmentHead', 'reviewer']);
    where.push(sql`${problemReports.orgPath} LIKE ${`${org.path}%`}`);
  } else {
    where.push(eq(problemReports.reporterId, actor.id));
  }
  if (filter.status) where.push(eq(problemReports.status, filter.status));
  const today = shanghaiDate(ctx.clock.now());
  if (filter.overdue) where.push(sql`(${problemReports.status} = 'open' AND ${problemReports.dueOn} < ${today}::date OR ${problemReports.answeredAt} IS NOT NULL AND (${problemReports.answeredAt} AT TIME ZONE 'Asia/Shanghai')::date > ${problemReports.dueOn})`);
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(problemReports).where(condition);
  const found = await ctx.db.select().from(problemReports).where(condition).orderBy(sql`${problemReports.status} = 'answered'`, problemReports.dueOn, desc(problemReports.receivedAt)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  return { total: Number(total?.n ?? 0), items: await views(ctx, found) };
}

async function reportInScope(ctx: Ctx, id: string): Promise<ProblemReportRow> {
  const actor = requireActor(ctx.actor);
  const [row] = await ctx.db.select().from(problemReports).where(eq(problemReports.id, id));
  const visible = row && (actor.kind === 'staff' ? hasRole(actor, 'supervisor', 'admin', 'departmentHead', 'reviewer') && inScope(actor, row.orgPath) : row.reporterId === actor.id);
  if (!visible) throw new Problem('not_found');
  return row;
}

export async function getProblemReport(ctx: Ctx, id: string): Promise<ProblemReportView> {
  const [view] = await views(ctx, [await reportInScope(ctx, id)]);
  return view!;
}

/**
 * The responsible organisation answers: its heads, reviewers or administrators.
 * @throws Problem 'not_found' outside the actor's subtree; 'forbidden'; 'supervision.already_answered'; 'version_conflict'.
 */
export async function answerProblemReport(ctx: Ctx, id: string, input: { answer: string; version: number }): Promise<ProblemReportView> {
  requireRole(ctx.actor, 'departmentHead', 'reviewer', 'admin');
  const current = await reportInScope(ctx, id);
  if (!canAnswer(ctx, current)) throw new Problem('forbidden');
  if (current.status === 'answered') throw new Problem('supervision.already_answered');
  const answered = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx
      .update(problemReports)
      .set({ status: 'answered', answer: input.answer.trim(), answeredBy: ctx.actor!.id, answeredAt: now, version: sql`${problemReports.version} + 1` })
      .where(and(eq(problemReports.id, id), eq(problemReports.version, input.version), eq(problemReports.status, 'open')))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'supervision.problem-answer', targetType: 'problemReport', targetId: id, before: current, after: row });
    return row;
  });
  const [view] = await views(ctx, [answered]);
  return view!;
}

/** Problem reports received in a subtree over a period, and how many were answered on time (the monthly report). */
export async function problemReportSummary(ctx: Ctx, orgPath: string, from: IsoDate, to: IsoDate): Promise<{ received: number; answered: number; answeredOnTime: number; open: number; overdueOpen: number }> {
  const today = shanghaiDate(ctx.clock.now());
  const [row] = await ctx.db
    .select({
      received: sql<number>`count(*)::int`,
      answered: sql<number>`count(*) FILTER (WHERE ${problemReports.status} = 'answered')::int`,
      answeredOnTime: sql<number>`count(*) FILTER (WHERE ${problemReports.status} = 'answered' AND (${problemReports.answeredAt} AT TIME ZONE 'Asia/Shanghai')::date <= ${problemReports.dueOn})::int`,
      open: sql<number>`count(*) FILTER (WHERE ${problemReports.status} = 'open')::int`,
      overdueOpen: sql<number>`count(*) FILTER (WHERE ${problemReports.status} = 'open' AND ${problemReports.dueOn} < ${today}::date)::int`,
    })
    .from(problemReports)
    .where(and(sql`${problemReports.orgPath} LIKE ${`${orgPath}%`}`, sql`(${problemReports.receivedAt} AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date`));
  return { received: Number(row?.received ?? 0), answered: Number(row?.answered ?? 0), answeredOnTime: Number(row?.answeredOnTime ?? 0), open: Number(row?.open ?? 0), overdueOpen: Number(row?.overdueOpen ?? 0) };
}
