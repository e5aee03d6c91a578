import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import {
  hotlineEscalationSteps, open311ServiceTypes, taskRoles, taskStatuses, ticketActions, ticketChannels, ticketResolutions, ticketStatuses, ticketTypes, ticketUrgencies,
  type ExtensionStatus, type Open311Datatype, type TicketType, type TicketUrgency,
} from '../../../common/hotline.js';

/** The hotline's categories (a tree: 城市管理 › 市容环境 …); those open to the public are the Open311 services. */
export const hotlineCategories = pgTable('hotline_categories', {
  code: text('code').primaryKey(),
  parentCode: text('parent_code'),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** Words callers use for it: the dispatch suggestion scores a ticket's text against them. */
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  /** Offered to the public (web form, Open311 `services`). */
  public: boolean('public').notNull().default(true),
  open311Type: text('open311_type', { enum: open311ServiceTypes }).notNull().default('realtime'),
  /** What happens to a request of this kind (Open311 `service_notice`). */
  notice: text('notice').notNull().default(''),
  noticeEn: text('notice_en').notNull().default(''),
  /** Open311 attributes asked for this service, beyond the common ones. */
  attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default(sql`'[]'::jsonb`),
  defaultType: text('default_type', { enum: ticketTypes }).notNull().default('report'),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('hotline_categories_parent_code_idx').on(t.parentCode)]);

export interface CategoryAttribute {
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  description: string;
  descriptionEn: string;
  datatypeDescription?: string;
  values?: { key: string; name: string; nameEn: string }[];
}

export type LimitTable = Record<TicketType, Record<TicketUrgency, number>>;

/** The centre's settings, one row: which organisation is the 12345 centre, the time limits, the callback limit, hot-topic detection. */
export const hotlineSettings = pgTable('hotline_settings', {
  id: smallint('id').primaryKey().default(1),
  centreOrgId: uuid('centre_org_id'),
  /** Working days per type and urgency, counted from dispatch. */
  limits: jsonb('limits').$type<LimitTable>().notNull(),
  /** Working days the centre has to call back after the handling organisation's reply. */
  callbackDays: integer('callback_days').notNull().default(1),
  /** Working days the centre has to dispatch after receipt (KPI "dispatched on time"). */
  dispatchDays: integer('dispatch_days').notNull().default(1),
  hotTopicMinTickets: integer('hot_topic_min_tickets').notNull().default(3),
  hotTopicDays: integer('hot_topic_days').notNull().default(7),
  hotTopicRadiusMeters: integer('hot_topic_radius_meters').notNull().default(500),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** Who is responsible: a category (and its subcategories) in a region — or anywhere in the prefecture — goes to an organisation. */
export const dispatchRules = pgTable('hotline_dispatch_rules', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  categoryCode: text('category_code').notNull().references(() => hotlineCategories.code),
  /** GB/T 2260 code of a county; null: anywhere the centre serves. */
  regionCode: text('region_code'),
  orgId: uuid('org_id').notNull(),
  note: text('note').notNull().default(''),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('hotline_dispatch_rules_category_code_region_code_idx').on(t.categoryCode, sql`coalesce(${t.regionCode}, '')`)]);

/** The agents' knowledge base (besides the catalog's one-time notices): articles, edited in versions. */
export const hotlineArticles = pgTable('hotline_articles', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  title: text('title').notNull(),
  body: text('body').notNull(),
  categoryCode: text('category_code').references(() => hotlineCategories.code),
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').notNull(),
  updatedBy: uuid('updated_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('hotline_articles_updated_at_idx').on(t.updatedAt)]);

/** Every version of every article as it was saved (append-only). */
export const hotlineArticleRevisions = pgTable('hotline_article_revisions', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  articleId: uuid('article_id').notNull().references(() => hotlineArticles.id),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  categoryCode: text('category_code'),
  keywords: text('keywords').array().notNull(),
  active: boolean('active').notNull(),
  editedBy: uuid('edited_by').notNull(),
  editedAt: timestamp('edited_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('hotline_article_revisions_article_id_version_idx').on(t.articleId, t.version)]);

export interface Caller {
  name: string | null;
  phone: string | null;
  email: string | null;
  anonymous: boolean;
  /** Consents to be called back about the outcome. */
  consentCallback: boolean;
  /** Consents to their name and number being passed to the handling organisation. */
  consentShare: boolean;
}

export interface TicketAnswer {
  text: string;
  sources: { kind: 'article' | 'notice'; ref: string; title: string }[];
  at: string;
  by: string;
}

export interface TicketExtension {
  days: number;
  reason: string;
  orgId: string;
  requestedBy: string;
  requestedAt: string;
  status: ExtensionStatus;
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

export interface TicketCallback {
  reached: boolean;
  satisfied: boolean | null;
  note: string;
  at: string;
  by: string;
}

/** A 12345 ticket (工单). */
export const tickets = pgTable('hotline_tickets', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  number: text('number').notNull().unique(),
  channel: text('channel', { enum: ticketChannels }).notNull(),
  type: text('type', { enum: ticketTypes }).notNull(),
  urgency: text('urgency', { enum: ticketUrgencies }).notNull(),
  status: text('status', { enum: ticketStatuses }).notNull(),
  categoryCode: text('category_code').notNull().references(() => hotlineCategories.code),
  description: text('description').notNull(),
  caller: jsonb('caller').$type<Caller>().notNull(),
  /** A signed-in member of the public who submitted it (they follow it without the code). */
  submitterId: uuid('submitter_id'),
  /** SHA-256 of the follow-up code given at submission. */
  followUpCodeHash: text('follow_up_code_hash'),
  address: text('address'),
  /** GB/T 2260 code within the centre's prefecture (the prefecture's own when the county is not known). */
  regionCode: text('region_code').notNull(),
  /** The township or street (statistical code), when known: hot topics group by it. */
  townshipCode: text('township_code'),
  lat: doublePrecision('lat'),
  long: doublePrecision('long'),
  addressId: text('address_id'),
  zipcode: text('zipcode'),
  fileIds: text('file_ids').array().notNull().default(sql`'{}'::text[]`),
  mediaUrl: text('media_url'),
  /** Open311 attribute values as submitted. */
  attributes: jsonb('attributes').$type<Record<string, string | string[]>>().notNull().default(sql`'{}'::jsonb`),
  centreOrgId: uuid('centre_org_id').notNull(),
  centreOrgPath: text('centre_org_path').notNull(),
  /** The agent who recorded a call: the one who may see the caller's number whole. */
  takenBy: uuid('taken_by'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  /** By when the centre must dispatch it (working days after receipt, as set when it came in). */
  dispatchDueOn: date('dispatch_due_on', { mode: 'string' }).notNull(),
  answer: jsonb('answer').$type<TicketAnswer | null>(),
  /** Dispatch rounds so far (a re-dispatch, insisting and reopening each start one). */
  round: integer('round').notNull().default(0),
  firstDispatchedAt: timestamp('first_dispatched_at', { withTimezone: true }),
  firstDispatchedOn: date('first_dispatched_on', { mode: 'string' }),
  /** The current round's lead organisation and its deadline (a cache of its task for lists). */
  leadOrgId: uuid('lead_org_id'),
  leadOrgPath: text('lead_org_path'),
  dueOn: date('due_on', { mode: 'string' }),
  limitDays: integer('limit_days'),
  /** Organisations that have used their one return of this ticket. */
  returnedBy: text('returned_by').array().notNull().default(sql`'{}'::text[]`),
  extension: jsonb('extension').$type<TicketExtension | null>(),
  reopened: boolean('reopened').notNull().default(false),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  callbackDueOn: date('callback_due_on', { mode: 'string' }),
  lastCallback: jsonb('last_callback').$type<TicketCallback | null>(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  resolution: text('resolution', { enum: ticketResolutions }),
  mergedInto: uuid('merged_into'),
  open311KeyId: uuid('open311_key_id'),
  open311Token: text('open311_token').unique(),
  /** What an Open311 client sent besides the request: device_id, account_id. */
  open311Meta: jsonb('open311_meta').$type<{ deviceId?: string; accountId?: string } | null>(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('hotline_tickets_centre_org_path_idx').using('btree', t.centreOrgPath.op('text_pattern_ops'), t.status),
  index('hotline_tickets_lead_org_path_idx').using('btree', t.leadOrgPath.op('text_pattern_ops'), t.status),
  index('hotline_tickets_received_at_idx').on(t.receivedAt),
  index('hotline_tickets_category_code_received_at_idx').on(t.categoryCode, t.receivedAt),
  index('hotline_tickets_submitter_id_idx').on(t.submitterId),
  index('hotline_tickets_merged_into_idx').on(t.mergedInto),
  index('hotline_tickets_status_idx').on(t.status),
  index('hotline_tickets_received_on_idx').on(t.receivedOn),
  index('hotline_tickets_first_dispatched_on_idx').on(t.firstDispatchedOn),
]);

/** Each handling organisation's part of a dispatch round: its own deadline, its reply. */
export const ticketTasks = pgTable('hotline_tasks', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  round: integer('round').notNull(),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  role: text('role', { enum: taskRoles }).notNull(),
  status: text('status', { enum: taskStatuses }).notNull(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull(),
  dispatchedOn: date('dispatched_on', { mode: 'string' }).notNull(),
  limitDays: integer('limit_days').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  reply: text('reply'),
  replyFileIds: text('reply_file_ids').array().notNull().default(sql`'{}'::text[]`),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  repliedOn: date('replied_on', { mode: 'string' }),
  repliedBy: uuid('replied_by'),
  /** The lead task of a round that got replied: by when the centre must call the caller back (null: no callback wanted). */
  callbackDueOn: date('callback_due_on', { mode: 'string' }),
  returnReason: text('return_reason'),
  returnedAt: timestamp('returned_at', { withTimezone: true }),
}, (t) => [
  index('hotline_tasks_ticket_id_idx').on(t.ticketId, t.round),
  index('hotline_tasks_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.status),
  index('hotline_tasks_replied_on_idx').on(t.repliedOn),
  index('hotline_tasks_callback_due_on_idx').on(t.callbackDueOn),
]);

/** Every change of a ticket, append-only: who, which organisation, when, from which status to which, why. */
export const ticketEvents = pgTable('hotline_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorOrgId: uuid('actor_org_id'),
  action: text('action', { enum: ticketActions }).notNull(),
  fromStatus: text('from_status', { enum: ticketStatuses }),
  toStatus: text('to_status', { enum: ticketStatuses }).notNull(),
  note: text('note'),
  data: jsonb('data').$type<Record<string, unknown> | null>(),
}, (t) => [index('hotline_events_ticket_id_idx').on(t.ticketId, t.id)]);

/** Calls back to the caller after a reply: attempted, reached, satisfied — the facts behind the callback and satisfaction KPIs. */
export const ticketCallbacks = pgTable('hotline_callbacks', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  round: integer('round').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  calledOn: date('called_on', { mode: 'string' }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  by: uuid('by').notNull(),
  reached: boolean('reached').notNull(),
  satisfied: boolean('satisfied'),
  note: text('note').notNull(),
  centreOrgPath: text('centre_org_path').notNull(),
  /** The round's lead organisation: the one the satisfaction is about. */
  leadOrgId: uuid('lead_org_id').notNull(),
  leadOrgPath: text('lead_org_path').notNull(),
}, (t) => [index('hotline_callbacks_called_on_idx').on(t.calledOn), index('hotline_callbacks_ticket_id_idx').on(t.ticketId)]);

/** Warning steps of a task, recorded and told once per task, step and deadline. */
export const hotlineEscalations = pgTable('hotline_escalations', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  taskId: uuid('task_id').notNull().references(() => ticketTasks.id),
  step: text('step', { enum: hotlineEscalationSteps }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  orgId: uuid('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  recipients: uuid('recipients').array().notNull().default(sql`'{}'::uuid[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('hotline_escalations_task_id_step_due_on_idx').on(t.taskId, t.step, t.dueOn)]);

/** The day's last ticket number: numbers are unique and gap-free per day. */
export const ticketCounters = pgTable('hotline_ticket_counters', {
  day: date('day', { mode: 'string' }).primaryKey(),
  last: integer('last').notNull(),
});

/** Open311 API keys, one per client application; only a hash is kept. */
export const open311Keys = pgTable('hotline_open311_keys', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  /** The key's first characters, to tell keys apart in lists. */
  prefix: text('prefix').notNull(),
  contact: text('contact').notNull().default(''),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
});

export type CategoryRow = typeof hotlineCategories.$inferSelect;
export type SettingsRow = typeof hotlineSettings.$inferSelect;
export type DispatchRuleRow = typeof dispatchRules.$inferSelect;
export type ArticleRow = typeof hotlineArticles.$inferSelect;
export type HotlineTicketRow = typeof tickets.$inferSelect;
export type TaskRow = typeof ticketTasks.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type CallbackRow = typeof ticketCallbacks.$inferSelect;
export type Open311KeyRow = typeof open311Keys.$inferSelect;
