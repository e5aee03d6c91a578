import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { windowCategories } from '../../../common/enums.js';
import { appointmentStatuses, ticketSources, ticketStatuses } from '../../../common/queue.js';

/**
 * A queue ticket (排队号): taken at a site's kiosk or by checking in an appointment, called to a
 * window, served, finished. Every moment is stamped by the server's clock, so waiting times are facts.
 */
export const queueTickets = pgTable('queue_tickets', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  siteId: uuid('site_id').notNull(),
  /** The path of the site's organisation: statistics are scoped to the reader's subtree by it. */
  siteOrgPath: text('site_org_path').notNull(),
  /** The day (Asia/Shanghai) the ticket belongs to: numbers restart every day. */
  day: date('day', { mode: 'string' }).notNull(),
  /** The queue: a window category, and for department windows the department. */
  category: text('category', { enum: windowCategories }).notNull(),
  departmentId: uuid('department_id'),
  /** A001, B017, …: the category's letter and the day's sequence in it. */
  number: text('number').notNull(),
  source: text('source', { enum: ticketSources }).notNull(),
  appointmentId: uuid('appointment_id'),
  /** When the appointment's slot begins: from then on the ticket is called before walk-ins. */
  slotStartsAt: timestamp('slot_starts_at', { withTimezone: true }),
  /** The applicant's account (appointments) or a phone typed at the kiosk: who is told by SMS when called. */
  applicantId: uuid('applicant_id'),
  phone: text('phone'),
  status: text('status', { enum: ticketStatuses }).notNull(),
  windowId: uuid('window_id'),
  /** The window's number as announced ("B01"): history keeps what the applicant was told. */
  windowNumber: text('window_number'),
  clerkId: uuid('clerk_id'),
  recalls: smallint('recalls').notNull().default(0),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
  calledAt: timestamp('called_at', { withTimezone: true }),
  /** The last call or recall: the hall board shows the latest first. */
  lastCalledAt: timestamp('last_called_at', { withTimezone: true }),
  servedAt: timestamp('served_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** The case filed during the visit, when there was one. */
  caseNumber: text('case_number'),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('queue_tickets_site_id_day_number_idx').on(t.siteId, t.day, t.number),
  index('queue_tickets_site_id_day_status_idx').on(t.siteId, t.day, t.status, t.category),
  // A window holds one called or serving ticket at a time; a second call at once loses here.
  uniqueIndex('queue_tickets_window_id_day_active_idx').on(t.windowId, t.day).where(sql`status IN ('called', 'serving')`),
  index('queue_tickets_site_org_path_day_idx').using('btree', t.siteOrgPath.op('text_pattern_ops'), t.day),
]);

/** The day's last number per site and letter: numbers are unique and gap-free per site, day and letter. */
export const queueCounters = pgTable('queue_counters', {
  siteId: uuid('site_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  prefix: text('prefix').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.siteId, t.day, t.prefix] })]);

/** An appointment (预约): a 30-minute slot at a site for one queue, on a working day, with a booking code. */
export const appointments = pgTable('appointments', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  /** What the applicant shows or types at the kiosk. */
  code: text('code').notNull().unique(),
  siteId: uuid('site_id').notNull(),
  siteOrgPath: text('site_org_path').notNull(),
  /** Names as booked, so the applicant's list needs no other module. */
  siteName: text('site_name').notNull(),
  siteNameEn: text('site_name_en').notNull(),
  category: text('category', { enum: windowCategories }).notNull(),
  departmentId: uuid('department_id'),
  departmentName: text('department_name'),
  departmentNameEn: text('department_name_en'),
  itemCode: text('item_code'),
  itemName: text('item_name'),
  itemNameEn: text('item_name_en'),
  applicantId: uuid('applicant_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  /** HH:MM (Asia/Shanghai) and the instant it stands for. */
  slot: text('slot').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  status: text('status', { enum: appointmentStatuses }).notNull(),
  ticketId: uuid('ticket_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('appointments_site_id_day_slot_idx').on(t.siteId, t.day, t.category, t.slot),
  index('appointments_applicant_id_starts_at_idx').on(t.applicantId, t.startsAt),
]);

/** A site's booking settings, kept by its administrators; a site without a row uses the defaults. */
export const queueSettings = pgTable('queue_settings', {
  siteId: uuid('site_id').primaryKey(),
  /** Appointments per 30-minute slot and queue, by window category; unlisted categories use the default. */
  capacities: jsonb('capacities').$type<Partial<Record<(typeof windowCategories)[number], number>>>().notNull().default({}),
  /** Opening periods on working days ("10:00"–"14:00", …); null: read from the site's published hours. */
  periods: jsonb('periods').$type<{ from: string; to: string }[] | null>(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by'),
});

export type TicketRow = typeof queueTickets.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type QueueSettingsRow = typeof queueSettings.$inferSelect;
