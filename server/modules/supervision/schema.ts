import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { escalationSteps, problemKinds, problemReportStatuses, settableDutyStatuses } from '../../../common/supervision.js';

// Supervision reads every module and is read by none. Its own tables hold what it derives (case facts
// and the daily rollup the KPIs are summed from), what it records (warnings sent, duty, problem
// reports) and what it keeps (monthly reports).

/**
 * What the KPIs need to know of one case, derived by the `supervision.rollup` job from the case's
 * events and the calendar (the case module's clock), its trips and its rating. One row per case; the
 * job rewrites it whenever the case has new events or its rating changed.
 */
export const caseFacts = pgTable('supervision_case_facts', {
  caseId: uuid('case_id').primaryKey(),
  caseNumber: text('case_number').notNull(),
  itemCode: text('item_code').notNull(),
  itemName: text('item_name').notNull(),
  itemNameEn: text('item_name_en').notNull(),
  /** `companyEstablishment` (T5) or `investment` (T6) when the item belongs to one of those groups. */
  itemGroup: text('item_group', { enum: ['companyEstablishment', 'investment'] }),
  status: text('status').notNull(),
  channel: text('channel').notNull(),
  intakeOrgId: uuid('intake_org_id').notNull(),
  intakeOrgPath: text('intake_org_path').notNull(),
  decisionOrgId: uuid('decision_org_id').notNull(),
  decisionOrgPath: text('decision_org_path').notNull(),
  windowId: uuid('window_id'),
  siteId: uuid('site_id'),
  /** Filed in person at a comprehensive window (true) or a department's own window (false); null when not filed at a window. */
  oneWindow: boolean('one_window'),
  /** The clerk who filed it at the window, or else who accepted it. */
  intakeClerkId: uuid('intake_clerk_id'),
  deciderId: uuid('decider_id'),
  receivedOn: date('received_on', { mode: 'string' }),
  acceptedOn: date('accepted_on', { mode: 'string' }),
  refusedOn: date('refused_on', { mode: 'string' }),
  decidedOn: date('decided_on', { mode: 'string' }),
  deliveredOn: date('delivered_on', { mode: 'string' }),
  /** When the service ended for the applicant: the result delivered, or intake refused. */
  closedOn: date('closed_on', { mode: 'string' }),
  certificateIssuedOn: date('certificate_issued_on', { mode: 'string' }),
  outcome: text('outcome', { enum: ['approve', 'deny'] }),
  onTime: boolean('on_time'),
  withinStatutory: boolean('within_statutory'),
  /** Working days from acceptance to decision, pauses excluded (the clock's `usedDays`). */
  usedDays: integer('used_days'),
  /** Working days from first receipt to decision, every working day counted (what the applicant waited). */
  elapsedDays: integer('elapsed_days'),
  promisedDueOn: date('promised_due_on', { mode: 'string' }),
  trips: integer('trips').notNull(),
  /** Materials filled from the e-certificate library or shared data (R1.3) rather than handed in. */
  materialsReplaced: integer('materials_replaced').notNull().default(0),
  deliveryMethod: text('delivery_method'),
  ratingOrgId: uuid('rating_org_id'),
  ratingOrgPath: text('rating_org_path'),
  ratingLevel: smallint('rating_level'),
  ratedOn: date('rated_on', { mode: 'string' }),
  ratingVersion: integer('rating_version'),
  followUpDueOn: date('follow_up_due_on', { mode: 'string' }),
  followUpDoneOn: date('follow_up_done_on', { mode: 'string' }),
  /** A bad rating still being followed up: the job re-reads these each run (follow-up steps write no case event). */
  followUpOpen: boolean('follow_up_open').notNull().default(false),
  /** The newest case event these facts were derived from. */
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
}, (t) => [
  // Only what reads facts directly needs an index (the KPIs read the rollup): late cases and items per deciding subtree, a window's or a person's cases.
  index('supervision_case_facts_decision_org_path_idx').using('btree', t.decisionOrgPath.op('text_pattern_ops'), t.decidedOn),
  index('supervision_case_facts_window_id_idx').on(t.windowId, t.receivedOn),
  index('supervision_case_facts_intake_clerk_id_idx').on(t.intakeClerkId, t.receivedOn),
  index('supervision_case_facts_decider_id_idx').on(t.deciderId, t.decidedOn),
  index('supervision_case_facts_follow_up_open_idx').on(t.caseId).where(sql`follow_up_open`),
]);

/** The counters of the daily rollup, each a number of cases (or, for `handlingDays`, a sum of working days). */
export const counterKeys = [
  'received', 'receivedOnline', 'receivedInPerson', 'receivedOneWindow', 'accepted', 'refused',
  'decided', 'decidedOnTime', 'decidedWithinStatutory', 'approved', 'handlingDays',
  'completed', 'completedOneTrip', 'completedZeroTrip', 'deliveredApproved', 'deliveredElectronic', 'certificatesIssued',
  'rating1', 'rating2', 'rating3', 'rating4', 'rating5', 'followUpsDue', 'followUpsOnTime',
  // R1.3: materials filled from the e-certificate library or shared data instead of paper, and the cases that used any.
  'materialsReplaced', 'casesWithReplacement',
] as const;
export type CounterKey = (typeof counterKeys)[number];

const snake = (s: string) => s.replace(/[A-Z0-9]/g, (c) => `_${c.toLowerCase()}`);
const counterColumn = (name: string) => integer(name).notNull().default(0);
const counterColumns = Object.fromEntries(counterKeys.map((k) => [k, counterColumn(snake(k))])) as { [K in CounterKey]: ReturnType<typeof counterColumn> };
/** The SQL column of each counter (`receivedOnline` → `received_online`). */
export const counterColumnNames = Object.fromEntries(counterKeys.map((k) => [k, snake(k)])) as Record<CounterKey, string>;

/**
 * Per day and organisation, what that organisation's subtree did that day (received, decided,
 * delivered, was rated …): each contribution of a case is added to its organisation's row and to the
 * row of every organisation above it, so the KPIs of any subtree and period are a sum over that
 * organisation's own rows (a few hundred for two years). Maintained by the rollup job from the
 * difference between a case's old and new facts, so it never needs a rebuild.
 */
export const dailyRollup = pgTable('supervision_daily', {
  orgId: uuid('org_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  ...counterColumns,
}, (t) => [primaryKey({ columns: [t.orgId, t.day] })]);

/** Working days from receipt to decision per subtree, day and item group: medians and 90th percentiles (T5, T6) come from these histograms. */
export const dailyDurations = pgTable('supervision_daily_durations', {
  orgId: uuid('org_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  kind: text('kind', { enum: ['companyEstablishment', 'investment'] }).notNull(),
  days: integer('days').notNull(),
  cases: integer('cases').notNull(),
}, (t) => [primaryKey({ columns: [t.orgId, t.kind, t.day, t.days] })]);

/** Where the rollup job stands: the newest case event it has seen, and how far its slow sweep has come. */
export const rollupState = pgTable('supervision_rollup_state', {
  id: integer('id').primaryKey().default(1),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  sweepCaseId: uuid('sweep_case_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each warning step of a case, recorded once per deadline (and so notified once, whatever number of processes run the job). */
export const escalations = pgTable('supervision_escalations', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseId: uuid('case_id').notNull(),
  caseNumber: text('case_number').notNull(),
  step: text('step', { enum: escalationSteps }).notNull(),
  /** The promised deadline the warning is about: a pause moves it, and the steps may then come again. */
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  /** Working days past the deadline when recorded (0 for yellow and the first red day). */
  lateDays: integer('late_days').notNull(),
  handlerOrgId: uuid('handler_org_id').notNull(),
  handlerOrgPath: text('handler_org_path').notNull(),
  /** Who was told (user ids): reviewers and head, the head, or the supervisors. */
  recipients: uuid('recipients').array().notNull().default(sql`'{}'::uuid[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('supervision_escalations_case_id_step_due_on_idx').on(t.caseId, t.step, t.dueOn),
  index('supervision_escalations_handler_org_path_idx').using('btree', t.handlerOrgPath.op('text_pattern_ops'), t.createdAt),
]);

/** A window clerk's duty at a window (R1.5): signed in, present or away, signed out. */
export const staffDuty = pgTable('supervision_staff_duty', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  userId: uuid('user_id').notNull(),
  windowId: uuid('window_id').notNull(),
  windowNumber: text('window_number').notNull(),
  siteId: uuid('site_id').notNull(),
  /** The path of the site's organisation: supervisors of the subtree see the duty. */
  siteOrgPath: text('site_org_path').notNull(),
  status: text('status', { enum: settableDutyStatuses }).notNull(),
  statusSince: timestamp('status_since', { withTimezone: true }).notNull(),
  /** Time away from the window before the current status began, in seconds. */
  awaySeconds: integer('away_seconds').notNull().default(0),
  signedInAt: timestamp('signed_in_at', { withTimezone: true }).notNull(),
  signedOutAt: timestamp('signed_out_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('supervision_staff_duty_open_idx').on(t.userId).where(sql`signed_out_at IS NULL`),
  index('supervision_staff_duty_user_id_idx').on(t.userId, t.signedInAt),
  index('supervision_staff_duty_site_org_path_idx').using('btree', t.siteOrgPath.op('text_pattern_ops'), t.signedInAt),
]);

/** A reform problem report (R7.4, 堵点/难点): anyone reports how a service was run; the responsible organisation answers within a limit. */
export const problemReports = pgTable('supervision_problem_reports', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  /** WT + date + the day's sequence, e.g. WT2026030200003. */
  number: text('number').notNull().unique(),
  kind: text('kind', { enum: problemKinds }).notNull(),
  description: text('description').notNull(),
  itemCode: text('item_code'),
  itemName: text('item_name'),
  caseNumber: text('case_number'),
  /** The organisation the reporter named, and the one responsible for answering (the department carrying out the item there). */
  namedOrgId: uuid('named_org_id').notNull(),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  reporterId: uuid('reporter_id'),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  status: text('status', { enum: problemReportStatuses }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  answer: text('answer'),
  answeredBy: uuid('answered_by'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('supervision_problem_reports_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.receivedAt),
  index('supervision_problem_reports_reporter_id_idx').on(t.reporterId, t.receivedAt),
]);

/** The day's last problem-report number. */
export const problemReportCounters = pgTable('supervision_problem_report_counters', {
  day: date('day', { mode: 'string' }).primaryKey(),
  last: integer('last').notNull(),
});

/** A generated monthly information report (R7.3), kept as generated: its content and its PDF and XLSX in the file store. */
export const monthlyReports = pgTable('supervision_monthly_reports', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  /** YYYY-MM. */
  month: text('month').notNull(),
  content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  pdfFile: text('pdf_file').notNull(),
  xlsxFile: text('xlsx_file').notNull(),
  generatedBy: uuid('generated_by').notNull(),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('supervision_monthly_reports_org_id_month_idx').on(t.orgId, t.month), index('supervision_monthly_reports_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.month)]);

export type CaseFactsRow = typeof caseFacts.$inferSelect;
export type DailyRollupRow = typeof dailyRollup.$inferSelect;
export type EscalationRow = typeof escalations.$inferSelect;
export type StaffDutyRow = typeof staffDuty.$inferSelect;
export type ProblemReportRow = typeof problemReports.$inferSelect;
export type MonthlyReportRow = typeof monthlyReports.$inferSelect;
