import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { accountKinds, roles } from '../../common/enums.js';

/** Accounts: staff (bound to an organisation) and applicants (persons and companies). */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  kind: text('kind', { enum: accountKinds }).notNull(),
  residentId: text('resident_id'),
  creditCode: text('credit_code'),
  phone: text('phone'),
  email: text('email'),
  roles: text('roles', { enum: roles }).array().notNull().default(sql`'{}'::text[]`),
  orgId: uuid('org_id'),
  /** The organisation's path in the tree ("/id/id/…/"): the subtree this account may act in. Kept in sync by the orgs module. */
  scopePath: text('scope_path'),
  active: boolean('active').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_username_idx').on(sql`lower(${t.username})`),
  uniqueIndex('users_resident_id_idx').on(t.residentId),
  uniqueIndex('users_credit_code_idx').on(t.creditCode),
  index('users_org_id_idx').on(t.orgId),
]);

/** Server-side sessions; the cookie carries a random token, the table only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('sessions_user_id_idx').on(t.userId)]);

/** Append-only, hash-chained audit log (R3.1): `seq` has no gaps, each `hash` covers the previous one. */
export const auditEntries = pgTable('audit_entries', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorOrgId: uuid('actor_org_id'),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id').notNull(),
  beforeDigest: text('before_digest'),
  afterDigest: text('after_digest'),
  requestId: text('request_id'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_entries_target_idx').on(t.targetType, t.targetId)]);

/** Days that differ from the Monday–Friday rule, or carry a holiday's name (State Council arrangements). */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  workday: boolean('workday').notNull(),
  name: text('name'),
  nameEn: text('name_en'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row: a new random revision on every calendar edit, so each process knows when to reload its cached calendar. */
export const calendarRevision = pgTable('calendar_revision', {
  id: integer('id').primaryKey().default(1),
  revision: text('revision').notNull(),
  /** The last year whose official arrangements have been entered. */
  publishedThrough: integer('published_through').notNull().default(0),
});

/** `bytea` as a Node Buffer on both engines (PGlite hands back a Uint8Array, node-postgres a Buffer). */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/** Uploaded content, addressed by its SHA-256: stored once however often it is uploaded, never changed (a trigger forbids UPDATE). */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mediaType: text('media_type').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who uploaded which content under which name: the owner may read it back; other modules grant more through file access checks. */
export const fileRefs = pgTable('file_refs', {
  sha256: text('sha256').notNull().references(() => files.sha256),
  ownerId: uuid('owner_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'file_refs_pkey', columns: [t.sha256, t.ownerId, t.name] }), index('file_refs_owner_id_idx').on(t.ownerId)]);

export const notificationChannels = ['sms', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const notificationStatuses = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/**
 * The notification outbox: written in the transaction of the change it reports, sent afterwards by the
 * `notify.send` job. `pending` rows with attempts > 0 are waiting to be retried; `failed` ones were given up.
 */
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  /** The account it is about; null for a number typed at a kiosk (a queue ticket's SMS), which belongs to no account. */
  userId: uuid('user_id').references(() => users.id),
  channel: text('channel', { enum: notificationChannels }).notNull(),
  recipient: text('recipient').notNull(),
  template: text('template').notNull(),
  params: jsonb('params').$type<Record<string, string | number>>().notNull(),
  /** The rendered zh-CN text, fixed when the notification is written. */
  body: text('body').notNull(),
  status: text('status', { enum: notificationStatuses }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  providerRef: text('provider_ref'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  index('notifications_status_next_attempt_at_idx').on(t.status, t.nextAttemptAt),
  index('notifications_user_id_created_at_idx').on(t.userId, t.createdAt),
]);
