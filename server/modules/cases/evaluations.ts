import { and, desc, eq, like, lte, sql, type SQL } from 'drizzle-orm';
import { addWorkingDays, shanghaiDate } from '../../../common/working-days.js';
import { hasRole, requireActor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { isBadRating, workingDaysLeft } from './rules.js';
import { cases, evaluations, type FollowUp } from './schema.js';

// Ratings (好差评, State Council General Office 2019 No. 51): one per handling, from any channel;
// a bad one is verified, answered, rectified within a set time, and the applicant called back.


export type EvaluationRow = typeof evaluations.$inferSelect;

/**
 * The applicant rates a handled case, 1 (very dissatisfied) to 5 (very satisfied). A bad rating
 * opens a follow-up for the department that handled it, due in `rectifyDays` working days.
 * @throws Problem 'case.not_rateable' before the case is handled; 'case.already_rated'.
 */
export async function rateCase(ctx: Ctx, caseId: string, input: { level: number; comment?: string | undefined; problems?: string[] | undefined; channel: EvaluationRow['channel'] }, rectifyDays: number): Promise<EvaluationRow> {
  const actor = requireActor(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!c || c.applicantId !== actor.id) throw new Problem('not_found');
    // A handling ends with a decision or a refusal of intake; withdrawn or open cases are not rated.
    if (!c.decidedAt && c.status !== 'refused') throw new Problem('case.not_rateable');
    const now = ctx.clock.now();
    const bad = isBadRating(input.level);
    const { calendar } = await loadCalendar(tx);
    const [row] = await tx
      .insert(evaluations)
      .values({
        caseId, level: input.level, comment: input.comment ?? null, problems: input.problems ?? [], channel: input.channel, ratedAt: now,
        orgId: c.handlerOrgId, orgPath: c.handlerOrgPath, followUp: bad ? {} : null, followUpDueOn: bad ? addWorkingDays(shanghaiDate(now), rectifyDays, calendar) : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Problem('case.already_rated');
    await recordAudit(tx, ctx, { action: 'evaluation.rate', targetType: 'case', targetId: caseId, after: row });
    return row;
  });
}

export type FollowUpStep = 'verify' | 'answer' | 'rectify' | 'callBack';

const order: FollowUpStep[] = ['verify', 'answer', 'rectify', 'callBack'];
const key = { verify: 'verified', answer: 'answered', rectify: 'rectified', callBack: 'calledBack' } as const;

/**
 * One step of a bad rating's follow-up, by staff of the department that handled the case, in order:
 * verify (is the complaint justified?), answer the applicant, rectify, call back.
 * @throws Problem 'case.invalid_transition' for a step out of order; 'version_conflict'.
 */
export async function followUpRating(ctx: Ctx, evaluationId: string, step: FollowUpStep, input: { version: number; text: string; justified?: boolean | undefined; satisfied?: boolean | undefined }): Promise<EvaluationRow> {
  const actor = requireActor(ctx.actor);
  if (!hasRole(actor, 'reviewer', 'departmentHead')) throw new Problem('forbidden');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    if (!row || !actor.scopePath || !row.orgPath.startsWith(actor.scopePath) || !row.followUp) throw new Problem('not_found');
    const done = order.filter((s) => row.followUp![key[s]]);
    if (order[done.length] !== step) throw new Problem('case.invalid_transition', `the next follow-up step is ${order[done.length] ?? 'none'}`);
    const at = ctx.clock.now().toISOString();
    const entry =
      step === 'verify' ? { at, by: actor.id, finding: input.text, justified: input.justified ?? true }
      : step === 'answer' ? { at, by: actor.id, answer: input.text }
      : step === 'rectify' ? { at, by: actor.id, measures: input.text }
      : { at, by: actor.id, satisfied: input.satisfied ?? false, note: input.text };
    const followUp: FollowUp = { ...row.followUp, [key[step]]: entry };
    const [updated] = await tx
      .update(evaluations)
      .set({ followUp, version: sql`${evaluations.version} + 1` })
      .where(and(eq(evaluations.id, evaluationId), eq(evaluations.version, input.version)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: `evaluation.${step}`, targetType: 'evaluation', targetId: evaluationId, before: row.followUp, after: followUp });
    return updated;
  });
}

/** Ratings of cases handled in the actor's subtree (bad ones first to follow up), or an applicant's own. */
export async function listEvaluations(ctx: Ctx, filter: { caseId?: string | undefined; badOnly?: boolean | undefined; open?: boolean | undefined; page: number; pageSize: number }): Promise<{ total: number; items: (EvaluationRow & { caseNumber: string; itemName: string; overdue: boolean; daysLeft: number | null })[] }> {
  const actor = requireActor(ctx.actor);
  const where: (SQL | undefined)[] = [];
  if (actor.kind === 'staff') {
    if (!hasRole(actor, 'reviewer', 'departmentHead', 'supervisor', 'admin')) throw new Problem('forbidden');
    where.push(like(evaluations.orgPath, `${actor.scopePath ?? '\u0000'}%`));
  } else where.push(eq(cases.applicantId, actor.id));
  if (filter.caseId) where.push(eq(evaluations.caseId, filter.caseId));
  if (filter.badOnly) where.push(lte(evaluations.level, 2));
  if (filter.open) where.push(sql`${evaluations.followUp} IS NOT NULL AND NOT (${evaluations.followUp} ? 'calledBack')`);
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(evaluations).innerJoin(cases, eq(cases.id, evaluations.caseId)).where(condition);
  const rows = await ctx.db
    .select({ e: evaluations, caseNumber: cases.caseNumber, itemName: cases.itemName })
    .from(evaluations)
    .innerJoin(cases, eq(cases.id, evaluations.caseId))
    .where(condition)
    .orderBy(sql`${evaluations.followUpDueOn} ASC NULLS LAST`, desc(evaluations.ratedAt))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const today = shanghaiDate(ctx.clock.now());
  const { calendar } = await loadCalendar(ctx.db);
  const open = (e: EvaluationRow) => !!e.followUpDueOn && !e.followUp?.calledBack;
  return {
    total: total?.n ?? 0,
    items: rows.map(({ e, caseNumber, itemName }) => ({
      ...e, caseNumber, itemName, overdue: open(e) && e.followUpDueOn! < today,
      // Working days left to follow up (negative: late), while the follow-up is open.
      daysLeft: open(e) ? workingDaysLeft(today, e.followUpDueOn!, calendar) : null,
    })),
  };
}
