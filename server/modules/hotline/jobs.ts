import { and, eq, sql } from 'drizzle-orm';
import type { HotlineEscalationStep } from '../../../common/hotline.js';
import { shanghaiDate } from '../../../common/working-days.js';
import type { Db, Tx } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import { defineJob } from '../../platform/jobs.js';
import { notifyUser } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { findOrgsByIds } from '../orgs/index.js';
import { stepsReached, taskWarning, workingDaysLeft } from './rules.js';
import { hotlineEscalations, tickets, ticketTasks } from './schema.js';

// Warnings and escalation of handling tasks, like the cases': a task turning yellow or red is told
// to its organisation's reviewers and head; still red two working days after its deadline, to its head
// and to the supervisors nearest above it. Each step is recorded once per task, step and deadline (a
// unique index), in the transaction that sends its messages: two processes running the job tell once.

const TEMPLATE = { yellow: 'hotline.yellow', red: 'hotline.red', escalated: 'hotline.escalated' } as const;

async function recipientsOf(tx: Tx, step: HotlineEscalationStep, orgId: string, orgPath: string): Promise<(typeof users.$inferSelect)[]> {
  const roles = step === 'escalated' ? ['departmentHead'] : ['reviewer', 'departmentHead'];
  const own = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.active, true), sql`${users.roles} && ${sql.param(roles)}::text[]`));
  if (step !== 'escalated') return own;
  // The supervisors who watch it most closely: of those whose subtree holds the organisation, the deepest.
  const covering = await tx.select().from(users).where(and(eq(users.active, true), sql`'supervisor' = ANY(${users.roles})`, sql`${orgPath} LIKE ${users.scopePath} || '%'`));
  const deepest = Math.max(0, ...covering.map((u) => u.scopePath?.length ?? 0));
  return [...own, ...covering.filter((u) => (u.scopePath?.length ?? 0) === deepest)];
}

/** Records the warning steps open tasks have reached and tells their recipients; returns how many steps were recorded. */
export async function runHotlineWarnings(db: Db, now: Date): Promise<number> {
  const { calendar } = await loadCalendar(db);
  const today = shanghaiDate(now);
  const open = await db
    .select({ task: ticketTasks, number: tickets.number, steps: sql<string[] | string | null>`(SELECT array_agg(e.step) FROM hotline_escalations e WHERE e.task_id = ${ticketTasks.id} AND e.due_on = ${ticketTasks.dueOn})` })
    .from(ticketTasks)
    .innerJoin(tickets, eq(tickets.id, ticketTasks.ticketId))
    .where(and(eq(ticketTasks.status, 'open'), eq(tickets.status, 'dispatched')));
  const due = open
    .map((o) => {
      const level = taskWarning(o.task.dueOn, o.task.limitDays, calendar, now);
      const lateDays = level === 'red' ? -workingDaysLeft(today, o.task.dueOn, calendar) : 0;
      const done = Array.isArray(o.steps) ? o.steps : (o.steps ?? '').replace(/^\{|\}$/g, '').split(',').filter(Boolean);
      return { ...o, lateDays, missing: stepsReached(level, lateDays).filter((s) => !done.includes(s)) };
    })
    .filter((d) => d.missing.length);
  if (!due.length) return 0;
  const orgs = await findOrgsByIds(db, due.map((d) => d.task.orgId));
  let recorded = 0;
  for (const d of due) {
    await db.transaction(async (tx) => {
      for (const step of d.missing) {
        const [row] = await tx
          .insert(hotlineEscalations)
          .values({ ticketId: d.task.ticketId, taskId: d.task.id, step, dueOn: d.task.dueOn, orgId: d.task.orgId, orgPath: d.task.orgPath, createdAt: now })
          .onConflictDoNothing()
          .returning();
        if (!row) continue;
        const recipients = await recipientsOf(tx, step, d.task.orgId, d.task.orgPath);
        const orgName = orgs.get(d.task.orgId)?.name ?? '';
        for (const u of recipients) {
          const params = step === 'escalated' ? { orgName, number: d.number, lateDays: d.lateDays } : { orgName, number: d.number, dueOn: d.task.dueOn };
          await notifyUser(tx, { userId: u.id, template: TEMPLATE[step], params: params as never, now }, u);
        }
        const [updated] = await tx.update(hotlineEscalations).set({ recipients: recipients.map((u) => u.id) }).where(eq(hotlineEscalations.id, row.id)).returning();
        await recordAudit(tx, { actor: null, clock: { now: () => now } }, { action: step === 'escalated' ? 'hotline.escalate' : 'hotline.warn', targetType: 'ticket', targetId: d.task.ticketId, after: updated });
        recorded++;
      }
    });
  }
  return recorded;
}

/** Every 5 minutes: tell handling organisations of tasks near or past their deadline, and escalate late ones. */
export const hotlineWarningsJob = defineJob({
  name: 'hotline.warnings',
  everyMs: 5 * 60_000,
  run: async ({ db, clock }) => ((await runHotlineWarnings(db, clock.now())) > 0 ? 'done' : 'skipped'),
});
