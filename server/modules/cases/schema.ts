import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { caseActions, caseStatuses, filingChannels, materialSources, trustLevels, type TrustLevel } from '../../../common/cases.js';

/** One application from submission to archive (办件). */
export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseNumber: text('case_number').notNull().unique(),
  itemId: uuid('item_id').notNull(),
  /** The catalog version the case was filed under: it keeps it for life. */
  itemVersionId: uuid('item_version_id').notNull(),
  itemCode: text('item_code').notNull(),
  itemName: text('item_name').notNull(),
  itemNameEn: text('item_name_en').notNull(),
  implementationId: uuid('implementation_id').notNull(),
  regionCode: text('region_code').notNull(),
  /** The department that takes the case in (受理), and its tree path for scoped queries. */
  intakeOrgId: uuid('intake_org_id').notNull(),
  intakeOrgPath: text('intake_org_path').notNull(),
  /** The department that decides (审批); another one when intake and decision are split (受审分离). */
  decisionOrgId: uuid('decision_org_id').notNull(),
  decisionOrgPath: text('decision_org_path').notNull(),
  /** Who holds the case now. */
  handlerOrgId: uuid('handler_org_id').notNull(),
  handlerOrgPath: text('handler_org_path').notNull(),
  applicantId: uuid('applicant_id').notNull(),
  /** Name, ID number, phone as filed: the case's own record, kept whatever happens to the account. */
  applicant: jsonb('applicant').$type<{ kind: 'person' | 'company'; name: string; idNumber: string; phone: string | null }>().notNull(),
  channel: text('channel', { enum: filingChannels }).notNull(),
  /** The window or agency point that took it in, when filed in person. */
  windowId: uuid('window_id'),
  siteId: uuid('site_id'),
  filedBy: uuid('filed_by').notNull(),
  formData: jsonb('form_data').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: caseStatuses }).notNull(),
  statutoryLimit: integer('statutory_limit').notNull(),
  promisedLimit: integer('promised_limit').notNull(),
  /** Deadline cache for inbox sorting; the truth is recomputed from the events. */
  promisedDueOn: date('promised_due_on', { mode: 'string' }),
  statutoryDueOn: date('statutory_due_on', { mode: 'string' }),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  acceptedOn: date('accepted_on', { mode: 'string' }),
  extended: boolean('extended').notNull().default(false),
  /** Acceptance with pending materials (容缺受理): what is still owed, by when, and what happens if not. */
  pendingDueOn: date('pending_due_on', { mode: 'string' }),
  commitment: jsonb('commitment').$type<{ text: string; signedAt: string; onBreach: 'revoke' | 'terminate' } | null>(),
  outcome: text('outcome', { enum: ['approve', 'deny'] }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decidedBy: uuid('decided_by'),
  decision: jsonb('decision').$type<CaseDecision | null>(),
  certificateId: uuid('certificate_id'),
  /** How the applicant wants the result (chosen when filing or later; staff deliver accordingly). */
  deliveryChoice: jsonb('delivery_choice').$type<DeliveryChoice | null>(),
  delivery: jsonb('delivery').$type<CaseDelivery | null>(),
  trips: integer('trips').notNull().default(0),
  idempotencyKey: text('idempotency_key'),
  requestHash: text('request_hash'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cases_filed_by_idempotency_key_idx').on(t.filedBy, t.idempotencyKey),
  index('cases_applicant_id_idx').on(t.applicantId, t.createdAt),
  index('cases_intake_org_path_idx').using('btree', t.intakeOrgPath.op('text_pattern_ops'), t.status),
  index('cases_handler_org_path_idx').using('btree', t.handlerOrgPath.op('text_pattern_ops'), t.status),
  index('cases_status_promised_due_on_idx').on(t.status, t.promisedDueOn),
]);

export interface CaseDecision {
  outcome: 'approve' | 'deny';
  reasons: string;
  /** Art. 38: a denial tells the applicant of their right to reconsideration or litigation. */
  remedy: string | null;
  deciderId: string;
  deciderName: string;
  orgId: string;
  orgName: string;
  decidedAt: string;
  /** SHA-256 of the canonical case digest that was signed, and the Ed25519 signature over it. */
  digest: string;
  signature: string;
  keyId: string;
}

export interface DeliveryChoice {
  method: 'window' | 'express' | 'electronic';
  /** For express: the recipient, phone and address. */
  recipient?: string;
  phone?: string;
  address?: string;
  chosenAt: string;
}

export interface CaseDelivery {
  method: 'window' | 'express' | 'electronic';
  address?: string;
  courier?: string;
  trackingNumber?: string;
  deliveredAt: string;
}

/** Every change of a case, append-only: who, which organisation, when, from which status to which, why. */
export const caseEvents = pgTable('case_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorOrgId: uuid('actor_org_id'),
  action: text('action', { enum: caseActions }).notNull(),
  fromStatus: text('from_status', { enum: caseStatuses }),
  toStatus: text('to_status', { enum: caseStatuses }).notNull(),
  reason: text('reason'),
  data: jsonb('data').$type<Record<string, unknown> | null>(),
}, (t) => [index('case_events_case_id_idx').on(t.caseId, t.id), index('case_events_at_idx').on(t.at)]);

/** The materials on a case: uploaded files per catalog material, or still owed. */
export const caseMaterials = pgTable('case_materials', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  materialKey: text('material_key').notNull(),
  /** `pending`: owed under acceptance with pending materials. */
  status: text('status', { enum: ['received', 'pending'] }).notNull(),
  fileIds: text('file_ids').array().notNull().default(sql`'{}'::text[]`),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  receivedBy: uuid('received_by'),
  /** How it came in (R1.3); null while it is owed. */
  source: text('source', { enum: materialSources }),
  /** How far it can be trusted, A–D (see `trustLevelOf`); null while it is owed. */
  trustLevel: text('trust_level', { enum: trustLevels }),
  /** Files handed in on an earlier case of the applicant's, reused here: which one, and the level they had there. */
  reusedFrom: jsonb('reused_from').$type<ReusedFrom | null>(),
  /** The applicant's consent to use the government's copy, or their commitment instead of a proof: who, when. */
  consent: jsonb('consent').$type<MaterialConsent | null>(),
  /** The government's copy it was filled from: which certificate or data record, at which version. */
  replacement: jsonb('replacement').$type<MaterialReplacement | null>(),
  /** When it was verified: filled from a signed government source, or checked against the original. */
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
}, (t) => [uniqueIndex('case_materials_case_id_material_key_idx').on(t.caseId, t.materialKey)]);

export interface ReusedFrom {
  materialId: string;
  caseId: string;
  caseNumber: string;
  trustLevel: TrustLevel;
}

export interface MaterialConsent {
  /** `replace`: use the government's copy; `commitment`: the applicant's written commitment (告知承诺) instead of the proof. */
  kind: 'replace' | 'commitment';
  /** The applicant whose consent or commitment it is. */
  givenBy: string;
  /** Who recorded it: the applicant online, or the clerk they gave it to at a window. */
  recordedBy: string;
  at: string;
  /** The commitment as signed. */
  text?: string;
}

/** The government's copy a material was filled from (R1.3: the case records which certificate or data version it used). */
export type MaterialReplacement =
  | { kind: 'certificate'; certificateId: string; identifier: string; number: string; typeCode: string; title: string; issuerOrgId: string; issuedAt: string; validUntil: string | null; version: number; digest: string }
  | { kind: 'sharedData'; resourceCode: string; resourceName: string; ownerOrgId: string; subjectId: string; version: number; updatedAt: string; logId: string; fields: Record<string, unknown>; masked: string[] };

/** Parallel tasks (并联审批): departments that must answer before the case is decided. */
export const caseTasks = pgTable('case_tasks', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  status: text('status', { enum: ['open', 'done'] }).notNull(),
  question: text('question').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  opinion: text('opinion'),
  agrees: boolean('agrees'),
  answeredBy: uuid('answered_by'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  version: integer('version').notNull().default(1),
}, (t) => [index('case_tasks_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.status), index('case_tasks_case_id_idx').on(t.caseId)]);

/** In-person visits (跑动), each with its reason (DOMAIN rule 8). */
export const caseTrips = pgTable('case_trips', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
  siteId: uuid('site_id'),
  windowId: uuid('window_id'),
  recordedBy: uuid('recorded_by').notNull(),
}, (t) => [index('case_trips_case_id_idx').on(t.caseId)]);

/** The day's last case number per region: numbers are unique and gap-free per region and day. */
export const caseNumberCounters = pgTable('case_number_counters', {
  regionCode: text('region_code').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.regionCode, t.day] })]);

/** A broken commitment under acceptance with pending materials: the applicant may not use it again until cleared. */
export const commitmentBreaches = pgTable('commitment_breaches', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  applicantId: uuid('applicant_id').notNull(),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  clearedAt: timestamp('cleared_at', { withTimezone: true }),
  clearedBy: uuid('cleared_by'),
  clearNote: text('clear_note'),
}, (t) => [index('commitment_breaches_applicant_id_idx').on(t.applicantId)]);

/** The applicant's rating of a handled case (好差评), and the follow-up of a bad one. */
export const evaluations = pgTable('evaluations', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  /** One rating per handling: a case is handled once, so one per case. */
  handling: smallint('handling').notNull().default(1),
  level: smallint('level').notNull(),
  comment: text('comment'),
  /** What went wrong, for a bad rating. */
  problems: text('problems').array().notNull().default(sql`'{}'::text[]`),
  channel: text('channel', { enum: ['online', 'mobile', 'window', 'hotline', 'sms'] }).notNull(),
  ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  followUp: jsonb('follow_up').$type<FollowUp | null>(),
  followUpDueOn: date('follow_up_due_on', { mode: 'string' }),
  version: integer('version').notNull().default(1),
}, (t) => [uniqueIndex('evaluations_case_id_handling_idx').on(t.caseId, t.handling), index('evaluations_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))]);

/** The follow-up of a bad rating: verified, answered, rectified, and the applicant called back. */
export interface FollowUp {
  verified?: { at: string; by: string; finding: string; justified: boolean };
  answered?: { at: string; by: string; answer: string };
  rectified?: { at: string; by: string; measures: string };
  calledBack?: { at: string; by: string; satisfied: boolean; note: string };
}

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/** Express shipments of results: the local courier's outbox (a real courier's API sits behind the same interface). */
export const shipments = pgTable('shipments', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  caseNumber: text('case_number').notNull(),
  courier: text('courier').notNull(),
  trackingNumber: text('tracking_number').notNull().unique(),
  address: text('address').notNull(),
  recipient: text('recipient').notNull(),
  phone: text('phone').notNull(),
  status: text('status', { enum: ['created', 'collected', 'delivered'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
