import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { orgKinds, orgLevels, siteKinds, windowCategories } from '../../../common/enums.js';

/** The organisation tree (R1.1): governments and parks at four levels, departments under them. */
export const orgs = pgTable('orgs', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  /** GB/T 2260 region code for governments, statistical codes below the county, `<gov>-<key>` for departments. */
  code: text('code').notNull().unique(),
  parentId: uuid('parent_id'),
  /** "/rootId/…/ownId/": subtree queries are prefix matches on this column. */
  path: text('path').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind', { enum: orgKinds }).notNull(),
  level: text('level', { enum: orgLevels }).notNull(),
  regionCode: text('region_code').notNull(),
  /** Departments only: the kind of department (`market`, `tax`, …), the same at every level. */
  deptKey: text('dept_key'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('orgs_path_idx').using('btree', t.path.op('text_pattern_ops')),
  index('orgs_parent_id_idx').on(t.parentId),
]);

/** Service sites with the "four unified" attributes: name, signage, zones, equipment (R1.1). */
export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  code: text('code').notNull().unique(),
  orgId: uuid('org_id').notNull().references(() => orgs.id),
  kind: text('kind', { enum: siteKinds }).notNull(),
  level: text('level', { enum: orgLevels }).notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  address: text('address').notNull(),
  addressEn: text('address_en').notNull().default(''),
  hours: text('hours').notNull(),
  hoursEn: text('hours_en').notNull().default(''),
  phone: text('phone').notNull().default(''),
  signage: text('signage').notNull(),
  zones: text('zones').array().notNull().default(sql`'{}'::text[]`),
  equipment: text('equipment').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sites_org_id_idx').on(t.orgId)]);

/** Windows of a site; comprehensive windows accept any item of their category (R3.2). */
export const windows = pgTable('windows', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  code: text('code').notNull().unique(),
  siteId: uuid('site_id').notNull().references(() => sites.id),
  number: text('number').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  category: text('category', { enum: windowCategories }).notNull(),
  /** Department windows only: the department whose items it accepts. */
  departmentId: uuid('department_id').references(() => orgs.id),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('windows_site_id_idx').on(t.siteId)]);

/** Staff assigned to windows, managed by the service centre (R1.5). */
export const windowStaff = pgTable('window_staff', {
  windowId: uuid('window_id').notNull().references(() => windows.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.windowId, t.userId] }), index('window_staff_user_id_idx').on(t.userId)]);

export type OrgRow = typeof orgs.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;
export type WindowRow = typeof windows.$inferSelect;
