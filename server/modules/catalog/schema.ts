import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { orgLevels, windowCategories } from '../../../common/enums.js';
import { itemStatuses, itemTypes, proofIssuerKinds, proofItemStatuses, type FeeSpec, type FormSchema, type LegalBasis, type MaterialSpec, type ProcessStep, type ProofSatisfaction } from '../../../common/catalog.js';

/** A service item's identity (R1.2): its code never changes; its content lives in versions. */
export const serviceItems = pgTable('service_items', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  code: text('code').notNull().unique(),
  /** The kind of department that carries it out (`market`, `tax`, …): the same key as orgs. */
  deptKey: text('dept_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One version of an item. Drafts are edited; a published version never changes again (a trigger
 * enforces it) and is superseded by the next published one; cases keep the version they were filed under.
 */
export const itemVersions = pgTable('item_versions', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  itemId: uuid('item_id').notNull().references(() => serviceItems.id),
  number: integer('number').notNull(),
  status: text('status', { enum: itemStatuses }).notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  type: text('type', { enum: itemTypes }).notNull(),
  applicantKinds: text('applicant_kinds').array().notNull(),
  legalBasis: jsonb('legal_basis').$type<LegalBasis[]>().notNull(),
  conditions: text('conditions').notNull(),
  conditionsEn: text('conditions_en').notNull(),
  process: jsonb('process').$type<ProcessStep[]>().notNull(),
  materials: jsonb('materials').$type<MaterialSpec[]>().notNull(),
  statutoryLimit: integer('statutory_limit').notNull(),
  promisedLimit: integer('promised_limit').notNull(),
  fees: jsonb('fees').$type<FeeSpec[]>().notNull(),
  channels: text('channels').array().notNull(),
  trips: integer('trips').notNull(),
  pendingAllowed: boolean('pending_allowed').notNull(),
  intakeLevel: text('intake_level', { enum: orgLevels }).notNull(),
  decisionLevel: text('decision_level', { enum: orgLevels }).notNull(),
  implementedAt: text('implemented_at').array().notNull(),
  windowCategory: text('window_category', { enum: windowCategories }).notNull(),
  lifeEvents: text('life_events').array().notNull(),
  companyEvents: text('company_events').array().notNull(),
  keywords: text('keywords').array().notNull(),
  formSchema: jsonb('form_schema').$type<FormSchema>().notNull(),
  /** Why this version was made (shown in the version history). */
  changeNote: text('change_note').notNull().default(''),
  createdBy: uuid('created_by'),
  submittedBy: uuid('submitted_by'),
  /** The reviewer's reason when a submitted draft is sent back. */
  reviewNote: text('review_note'),
  publishedBy: uuid('published_by'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('item_versions_item_id_number_idx').on(t.itemId, t.number),
  // At most one published and one open (draft or in review) version per item.
  uniqueIndex('item_versions_published_idx').on(t.itemId).where(sql`status = 'published'`),
  uniqueIndex('item_versions_open_idx').on(t.itemId).where(sql`status IN ('draft', 'inReview')`),
]);

/**
 * How one organisation carries out an item (实施清单): its own promised limit, sites, hours and
 * fees. `declared` keeps the shared ("seven unified") fields as the organisation declared them, so
 * drift from the catalog can be reported.
 */
export const implementations = pgTable('implementations', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  itemId: uuid('item_id').notNull().references(() => serviceItems.id),
  orgId: uuid('org_id').notNull(),
  /** The published version the declaration was last aligned with. */
  versionId: uuid('version_id').notNull().references(() => itemVersions.id),
  declared: jsonb('declared').$type<DeclaredFields>().notNull(),
  promisedLimit: integer('promised_limit').notNull(),
  /** Sites where it is accepted (halls, agency points). */
  siteIds: uuid('site_ids').array().notNull().default(sql`'{}'::uuid[]`),
  phone: text('phone').notNull().default(''),
  hours: text('hours').notNull().default(''),
  hoursEn: text('hours_en').notNull().default(''),
  feeNote: text('fee_note').notNull().default(''),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('implementations_item_id_org_id_idx').on(t.itemId, t.orgId), index('implementations_org_id_idx').on(t.orgId)]);

/** The shared fields an implementation must keep identical to the catalog ("seven unified", R1.2). */
export interface DeclaredFields {
  code: string;
  name: string;
  type: string;
  legalBasis: string[];
  process: string[];
  materials: string[];
}

/** The "at most one trip" list (R4.1), published in batches. */
export const oneTripBatches = pgTable('one_trip_batches', {
  number: integer('number').primaryKey(),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull(),
  publishedOn: date('published_on', { mode: 'string' }),
  publishedBy: uuid('published_by'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const oneTripEntries = pgTable('one_trip_entries', {
  batch: integer('batch').notNull().references(() => oneTripBatches.number),
  itemId: uuid('item_id').notNull().references(() => serviceItems.id),
}, (t) => [primaryKey({ columns: [t.batch, t.itemId] }), uniqueIndex('one_trip_entries_item_id_idx').on(t.itemId)]);

/** One row: a new random revision whenever anything published changes, so every process rebuilds its search index. */
export const catalogRevision = pgTable('catalog_revision', {
  id: integer('id').primaryKey().default(1),
  revision: text('revision').notNull(),
});

/**
 * The published list of proof items (证明事项, R1.3): proofs applicants used to bring, each kept with its
 * legal basis or cancelled (retired), and how it can be satisfied without the paper. A catalog material
 * names its proof item by code, or is one by its exact name; no draft may ask for a retired one.
 */
export const proofItems = pgTable('proof_items', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  code: text('code').notNull().unique(),
  /** Unique: a material is matched to its proof item by its exact name too. */
  name: text('name').notNull().unique(),
  nameEn: text('name_en').notNull(),
  /** Who issued the paper proof (a kind of department, or a community, employer, hospital …). */
  issuerKind: text('issuer_kind', { enum: proofIssuerKinds }).notNull(),
  legalBasis: jsonb('legal_basis').$type<LegalBasis[]>().notNull(),
  status: text('status', { enum: proofItemStatuses }).notNull(),
  retiredOn: date('retired_on', { mode: 'string' }),
  satisfiedBy: jsonb('satisfied_by').$type<ProofSatisfaction>().notNull(),
  notes: text('notes').notNull().default(''),
  notesEn: text('notes_en').notNull().default(''),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('proof_items_status_idx').on(t.status, t.code)]);

export type ProofItemRow = typeof proofItems.$inferSelect;

export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type ItemVersionRow = typeof itemVersions.$inferSelect;
export type ImplementationRow = typeof implementations.$inferSelect;
