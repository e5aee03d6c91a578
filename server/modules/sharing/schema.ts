import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { applicationStatuses, denialReasons, queryResults, sharingTypes, updateFrequencies, type ResourceField, type SubjectKind } from '../../../common/sharing.js';

// The data sharing platform (数据共享, R2.2): departments publish data resources, others apply for
// access, approved consumers query with credentials, and every query is logged for the owner, the
// consumer and the person or company the data is about.

/** A data resource in the sharing catalog (政务数据资源目录), published by the department that owns the data. */
export const dataResources = pgTable('data_resources', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  /** Stable key, the catalog's `replaceableBy.dataResource` (`household-registration`, …). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  ownerOrgId: uuid('owner_org_id').notNull(),
  ownerOrgPath: text('owner_org_path').notNull(),
  subjectKinds: text('subject_kinds').array().$type<SubjectKind[]>().notNull(),
  fields: jsonb('fields').$type<ResourceField[]>().notNull(),
  updateFrequency: text('update_frequency', { enum: updateFrequencies }).notNull(),
  sharingType: text('sharing_type', { enum: sharingTypes }).notNull(),
  description: text('description').notNull(),
  descriptionEn: text('description_en').notNull(),
  version: integer('version').notNull().default(1),
  publishedBy: uuid('published_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('data_resources_owner_org_path_idx').using('btree', t.ownerOrgPath.op('text_pattern_ops'))]);

/** One subject's record of a resource: the owner's data about a person (resident ID) or a company (credit code). */
export const dataRecords = pgTable('data_records', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  resourceId: uuid('resource_id').notNull().references(() => dataResources.id),
  subjectId: text('subject_id').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('data_records_resource_id_subject_id_idx').on(t.resourceId, t.subjectId)]);

/** A consumer department's application for access to a resource (共享申请), and the owner's answer. */
export const accessApplications = pgTable('data_access_applications', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  resourceId: uuid('resource_id').notNull().references(() => dataResources.id),
  ownerOrgId: uuid('owner_org_id').notNull(),
  ownerOrgPath: text('owner_org_path').notNull(),
  consumerOrgId: uuid('consumer_org_id').notNull(),
  consumerOrgPath: text('consumer_org_path').notNull(),
  purpose: text('purpose').notNull(),
  /** What the consumer asked for, and what the owner granted (possibly fewer). */
  requestedFields: text('requested_fields').array().notNull(),
  approvedFields: text('approved_fields').array(),
  /** The last day access is valid (Asia/Shanghai), as asked and as granted. */
  requestedUntil: date('requested_until', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }),
  status: text('status', { enum: applicationStatuses }).notNull(),
  /** The owner's note on approval, or the reason of a refusal or revocation. */
  answer: text('answer'),
  appliedBy: uuid('applied_by').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('data_access_applications_owner_org_path_idx').using('btree', t.ownerOrgPath.op('text_pattern_ops'), t.status),
  index('data_access_applications_consumer_org_path_idx').using('btree', t.consumerOrgPath.op('text_pattern_ops'), t.status),
  index('data_access_applications_resource_id_consumer_org_id_idx').on(t.resourceId, t.consumerOrgId),
]);

/** A department's API credentials: the client id is public, only a SHA-256 hash of the secret is kept (shown once). */
export const sharingCredentials = pgTable('sharing_credentials', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  clientId: text('client_id').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  name: text('name').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  version: integer('version').notNull().default(1),
}, (t) => [index('sharing_credentials_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))]);

/**
 * Every query of shared data, append-only: who (organisation, credential or user), why, about whom,
 * which fields, with what result, and the case when one was being handled.
 */
export const sharingQueries = pgTable('sharing_queries', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  at: timestamp('at', { withTimezone: true }).notNull(),
  resourceId: uuid('resource_id').notNull(),
  resourceCode: text('resource_code').notNull(),
  ownerOrgId: uuid('owner_org_id').notNull(),
  ownerOrgPath: text('owner_org_path').notNull(),
  consumerOrgId: uuid('consumer_org_id').notNull(),
  consumerOrgPath: text('consumer_org_path').notNull(),
  credentialId: uuid('credential_id'),
  actorId: uuid('actor_id'),
  caseId: uuid('case_id'),
  applicationId: uuid('application_id'),
  purpose: text('purpose').notNull(),
  subjectId: text('subject_id').notNull(),
  /** Fields sent in clear, and fields sent masked. */
  fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
  maskedFields: text('masked_fields').array().notNull().default(sql`'{}'::text[]`),
  result: text('result', { enum: queryResults }).notNull(),
  denialReason: text('denial_reason', { enum: denialReasons }),
  recordVersion: integer('record_version'),
}, (t) => [
  index('sharing_queries_subject_id_at_idx').on(t.subjectId, t.at),
  index('sharing_queries_owner_org_path_at_idx').using('btree', t.ownerOrgPath.op('text_pattern_ops'), t.at),
  index('sharing_queries_consumer_org_path_at_idx').using('btree', t.consumerOrgPath.op('text_pattern_ops'), t.at),
]);

export type DataResourceRow = typeof dataResources.$inferSelect;
export type DataRecordRow = typeof dataRecords.$inferSelect;
export type AccessApplicationRow = typeof accessApplications.$inferSelect;
export type SharingCredentialRow = typeof sharingCredentials.$inferSelect;
export type SharingQueryRow = typeof sharingQueries.$inferSelect;
