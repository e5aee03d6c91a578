import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { TicketAction, TicketChannel, TicketStatus, TicketType, TicketUrgency, TicketWarning } from '../../../common/hotline.js';
import { addWorkingDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Queryable, Tx } from '../../db/client.js';
import { hasRole, inScope, requireActor, requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { describeFiles, filesOwnedBy, type FileInfo } from '../../platform/files.js';
import { enqueueNotification, notifyUser, type TemplateKey, type TemplateParams } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { getPublishedItem } from '../catalog/index.js';
import { findOrg, findOrgsByIds, type OrgRow } from '../orgs/index.js';
import { isCentreAgent, listCategories, loadSettings, regionServed, requireCentre, requireLeafCategory, servedPath, type HotlineSettings } from './config.js';
import { getArticle } from './knowledge.js';
import {
  allowedActions, callerOf, callerView, canCallBack, detectHotTopics, formatTicketNumber, limitDaysFor, nextStatus, requireAllowed, taskWarning, workingDaysLeft,
  type ActorStanding, type CallerInput, type CallerSight, type HotTopic, type TicketFacts,
} from './rules.js';
import { hotlineCategories, ticketCallbacks, ticketCounters, ticketEvents, tickets, ticketTasks, type CallbackRow, type CategoryRow, type TaskRow, type TicketEventRow, type HotlineTicketRow } from './schema.js';

// Tickets of the 12345 hotline: filing (an agent on the phone, the public online, Open311), answering
// on the spot, dispatch to the responsible organisations (joint handling, one return each, insisting),
// their replies within working-day limits and one extension, the callback, one reopening, closing and
// merging duplicates. Each step is one transaction: a versioned write, the ticket event, the audit entry
// and the messages it sends.

// ---------------------------------------------------------------- loading and standing

export interface Loaded {
  row: HotlineTicketRow;
  tasks: TaskRow[];
  standing: ActorStanding;
  sight: CallerSight;
}

const STAFF_OF_ORG = ['reviewer', 'departmentHead', 'admin'] as const;

/** How the actor stands towards a ticket, and whether they may see it at all. */
export function standingOf(actor: Actor, row: HotlineTicketRow, tasks: TaskRow[]): { read: boolean; standing: ActorStanding; sight: CallerSight } {
  const centreAgent = isCentreAgent(actor, row.centreOrgPath);
  const staffOf = (path: string) => hasRole(actor, ...STAFF_OF_ORG) && inScope(actor, path);
  const current = tasks.filter((t) => t.round === row.round && t.status === 'open');
  const lead = current.find((t) => t.role === 'lead');
  const leadHolder = !!lead && staffOf(lead.orgPath);
  const handler = tasks.some((t) => staffOf(t.orgPath));
  const watcher = hasRole(actor, 'supervisor', 'admin') && (inScope(actor, row.centreOrgPath) || tasks.some((t) => inScope(actor, t.orgPath)));
  const standing: ActorStanding = { centreAgent, leadHolder, openTaskHolder: current.some((t) => staffOf(t.orgPath)), canReturn: leadHolder && !row.returnedBy.includes(lead!.orgId) };
  // The agent who took the call sees the number whole, and the centre at the callback step.
  const sight: CallerSight = actor.id === row.takenBy || (centreAgent && row.status === 'replied') ? 'whole' : centreAgent || watcher ? 'masked' : 'handler';
  return { read: centreAgent || handler || watcher, standing, sight };
}

const tasksOf = (q: Queryable, ticketId: string) => q.select().from(ticketTasks).where(eq(ticketTasks.ticketId, ticketId)).orderBy(asc(ticketTasks.round), asc(ticketTasks.dispatchedAt), asc(ticketTasks.id));

/** The ticket if the actor (staff) may see it, with their standing; 404 otherwise so ids outside their reach stay hidden. */
export async function loadTicket(q: Queryable, actor: Actor | null, id: string): Promise<Loaded> {
  const a = requireActor(actor);
  const [row] = await q.select().from(tickets).where(eq(tickets.id, id));
  if (!row || a.kind !== 'staff') throw new Problem('not_found');
  const tasks = await tasksOf(q, id);
  const { read, standing, sight } = standingOf(a, row, tasks);
  if (!read) throw new Problem('not_found');
  return { row, tasks, standing, sight };
}

function factsOf(row: HotlineTicketRow, tasks: TaskRow[]): TicketFacts {
  return {
    status: row.status, type: row.type, callbackPossible: canCallBack(row.caller), reopened: row.reopened,
    extension: !row.extension ? 'none' : row.extension.status === 'pending' ? 'pending' : 'decided',
    lastCallback: row.lastCallback ? { reached: row.lastCallback.reached, satisfied: row.lastCallback.satisfied } : null,
    openTasks: tasks.filter((t) => t.round === row.round && t.status === 'open').length,
  };
}

// ---------------------------------------------------------------- writing a change

interface Change {
  action: TicketAction;
  set?: Partial<typeof tickets.$inferInsert>;
  note?: string | null;
  data?: Record<string, unknown> | null;
  to?: TicketStatus;
}

type WriteCtx = Pick<Ctx, 'actor' | 'clock' | 'requestId'>;

async function insertEvent(tx: Tx, ctx: WriteCtx, ticketId: string, action: TicketAction, from: TicketStatus | null, to: TicketStatus, note: string | null, data: Record<string, unknown> | null): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId, at: ctx.clock.now(), actorId: ctx.actor?.id ?? null, actorOrgId: ctx.actor?.orgId ?? null, action, fromStatus: from, toStatus: to, note, data });
}

/** One step: a versioned write (the loser of a concurrent edit gets 409), the ticket event and the audit entry. */
async function applyChange(tx: Tx, ctx: WriteCtx, current: HotlineTicketRow, expectedVersion: number, change: Change): Promise<HotlineTicketRow> {
  if (current.version !== expectedVersion) throw new Problem('version_conflict');
  const to = change.to ?? nextStatus(current.status, change.action);
  const [row] = await tx
    .update(tickets)
    .set({ ...change.set, status: to, version: sql`${tickets.version} + 1`, updatedAt: ctx.clock.now() })
    .where(and(eq(tickets.id, current.id), eq(tickets.version, expectedVersion)))
    .returning();
  if (!row) throw new Problem('version_conflict');
  await insertEvent(tx, ctx, current.id, change.action, current.status, to, change.note ?? null, change.data ?? null);
  await recordAudit(tx, ctx, { action: `hotline.${change.action}`, targetType: 'ticket', targetId: current.id, before: current, after: row });
  return row;
}

// ---------------------------------------------------------------- messages

const clip = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);

/** A text message to a caller's number (no account needed); nothing for an anonymous caller or one without a number. */
async function tellCaller<K extends TemplateKey>(tx: Tx, row: Pick<HotlineTicketRow, 'caller' | 'submitterId'>, template: K, params: TemplateParams<K>, now: Date): Promise<void> {
  if (row.caller.anonymous || !row.caller.phone) return;
  await enqueueNotification(tx, { userId: row.submitterId, channel: 'sms', recipient: row.caller.phone, template, params, now });
}

/** The reviewers and heads of a handling organisation. */
async function staffOfOrg(tx: Tx, orgId: string, roles: readonly string[] = ['reviewer', 'departmentHead']): Promise<(typeof users.$inferSelect)[]> {
  return tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.active, true), sql`${users.roles} && ${sql.param([...roles])}::text[]`));
}

// ---------------------------------------------------------------- views

export interface OrgRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}
const orgRef = (o: OrgRow | undefined, id: string): OrgRef => ({ id, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' });

export interface TaskView extends Omit<TaskRow, 'orgPath' | 'replyFileIds'> {
  org: OrgRef;
  replyFiles: FileInfo[];
  warning: TicketWarning;
  daysLeft: number | null;
}

export interface TicketView extends Omit<HotlineTicketRow, 'centreOrgPath' | 'leadOrgPath' | 'followUpCodeHash' | 'fileIds' | 'open311Token' | 'open311KeyId' | 'open311Meta' | 'submitterId'> {
  category: { code: string; name: string; nameEn: string; parentName: string | null; parentNameEn: string | null };
  centreOrg: OrgRef;
  leadOrg: OrgRef | null;
  attachments: FileInfo[];
  tasks: TaskView[];
  events: Omit<TicketEventRow, 'ticketId'>[];
  callbacks: Omit<CallbackRow, 'ticketId' | 'centreOrgPath' | 'leadOrgPath'>[];
  mergedIntoTicket: { id: string; number: string; status: TicketStatus } | null;
  duplicates: { id: string; number: string }[];
  warning: TicketWarning;
  daysLeft: number | null;
  allowedActions: TicketAction[];
}

async function categoryInfo(q: Queryable, code: string): Promise<TicketView['category']> {
  const [c] = await q.select().from(hotlineCategories).where(eq(hotlineCategories.code, code));
  const [p] = c?.parentCode ? await q.select().from(hotlineCategories).where(eq(hotlineCategories.code, c.parentCode)) : [];
  return { code, name: c?.name ?? code, nameEn: c?.nameEn ?? code, parentName: p?.name ?? null, parentNameEn: p?.nameEn ?? null };
}

/** A ticket as a member of staff sees it: the caller as their standing allows, tasks with their warnings, the history, what they may do next. */
export async function viewOf(ctx: Ctx, loaded: Loaded): Promise<TicketView> {
  const { row, tasks, standing, sight } = loaded;
  const [events, callbacks, duplicates, main, category, { calendar }] = await Promise.all([
    ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row.id)).orderBy(asc(ticketEvents.id)),
    ctx.db.select().from(ticketCallbacks).where(eq(ticketCallbacks.ticketId, row.id)).orderBy(asc(ticketCallbacks.at)),
    ctx.db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.mergedInto, row.id)).orderBy(asc(tickets.number)),
    row.mergedInto ? ctx.db.select({ id: tickets.id, number: tickets.number, status: tickets.status }).from(tickets).where(eq(tickets.id, row.mergedInto)) : Promise.resolve([]),
    categoryInfo(ctx.db, row.categoryCode),
    loadCalendar(ctx.db),
  ]);
  const orgs = await findOrgsByIds(ctx.db, [row.centreOrgId, ...(row.leadOrgId ? [row.leadOrgId] : []), ...tasks.map((t) => t.orgId)]);
  const files = await describeFiles(ctx.db, [...row.fileIds, ...tasks.flatMap((t) => t.replyFileIds)]);
  const fileById = new Map(files.map((f) => [f.id, f]));
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const taskViews: TaskView[] = tasks.map(({ orgPath: _, replyFileIds, ...t }) => {
    const open = t.status === 'open';
    return {
      ...t, org: orgRef(orgs.get(t.orgId), t.orgId), replyFiles: replyFileIds.map((id) => fileById.get(id)).filter((f): f is FileInfo => !!f),
      warning: open ? taskWarning(t.dueOn, t.limitDays, calendar, now) : 'none', daysLeft: open ? workingDaysLeft(today, t.dueOn, calendar) : null,
    };
  });
  const lead = taskViews.find((t) => t.round === row.round && t.role === 'lead' && t.status === 'open');
  const { centreOrgPath: _c, leadOrgPath: _l, followUpCodeHash: _h, fileIds, open311Token: _t, open311KeyId: _k, open311Meta: _m, submitterId: _s, ...rest } = row;
  return {
    ...rest,
    caller: callerView(row.caller, sight),
    category,
    centreOrg: orgRef(orgs.get(row.centreOrgId), row.centreOrgId),
    leadOrg: row.leadOrgId ? orgRef(orgs.get(row.leadOrgId), row.leadOrgId) : null,
    attachments: fileIds.map((id) => fileById.get(id)).filter((f): f is FileInfo => !!f),
    tasks: taskViews,
    events: events.map(({ ticketId: _, ...e }) => e),
    callbacks: callbacks.map(({ ticketId: _, centreOrgPath: _cp, leadOrgPath: _lp, ...c }) => c),
    mergedIntoTicket: main[0] ?? null,
    duplicates,
    warning: lead?.warning ?? 'none',
    daysLeft: lead?.daysLeft ?? null,
    allowedActions: allowedActions(factsOf(row, tasks), standing),
  };
}

/** A ticket as the actor (staff) may see it. @throws Problem 'not_found' outside their reach. */
export async function getTicket(ctx: Ctx, id: string): Promise<TicketView> {
  return viewOf(ctx, await loadTicket(ctx.db, ctx.actor, id));
}

// ---------------------------------------------------------------- filing

export interface TicketInput {
  type: TicketType;
  urgency: TicketUrgency;
  categoryCode: string;
  description: string;
  caller: CallerInput;
  address?: string | undefined;
  regionCode: string;
  townshipCode?: string | undefined;
  lat?: number | undefined;
  long?: number | undefined;
  fileIds?: string[] | undefined;
}

export interface FilingExtras {
  channel: TicketChannel;
  takenBy?: string | null;
  submitterId?: string | null;
  followUpCode?: string | null;
  mediaUrl?: string | null;
  attributes?: Record<string, string | string[]>;
  addressId?: string | null;
  open311KeyId?: string | null;
  open311Token?: string | null;
  open311Meta?: HotlineTicketRow['open311Meta'];
}

const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase(), 'utf8').digest('hex');
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A follow-up code: 8 characters without look-alikes (0/O, 1/I/L), about 2^39 possibilities. */
export const newFollowUpCode = (): string => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

async function nextTicketNumber(tx: Tx, day: IsoDate): Promise<string> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: ticketCounters.day, set: { last: sql`${ticketCounters.last} + 1` } })
    .returning({ last: ticketCounters.last });
  return formatTicketNumber(day, row!.last);
}

/** Where the ticket is: a region the centre serves, a township within it, coordinates in range and given together. */
function locationErrors(centre: OrgRow, input: TicketInput): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (!regionServed(centre, input.regionCode)) errors.push({ field: '/body/regionCode', message: 'a GB/T 2260 code the centre serves' });
  if (input.townshipCode && !(input.townshipCode.startsWith(input.regionCode) && input.regionCode.slice(4) !== '00')) errors.push({ field: '/body/townshipCode', message: 'a township or street of the county given' });
  if ((input.lat === undefined) !== (input.long === undefined)) errors.push({ field: '/body/lat', message: 'give lat and long together' });
  return errors;
}

/**
 * Files a ticket in one transaction: its number, the event, the audit entry, and a text to the caller
 * with the number (and the follow-up code for one filed by the public).
 */
export async function insertTicket(tx: Tx, ctx: WriteCtx, centre: OrgRow, settings: HotlineSettings, input: TicketInput, extras: FilingExtras): Promise<HotlineTicketRow> {
  const now = ctx.clock.now();
  const caller = callerOf(input.caller);
  const [row] = await tx
    .insert(tickets)
    .values({
      id: uuidv7(), number: await nextTicketNumber(tx, shanghaiDate(now)), channel: extras.channel, type: input.type, urgency: input.urgency, status: 'received',
      categoryCode: input.categoryCode, description: input.description.trim(), caller, submitterId: extras.submitterId ?? null,
      followUpCodeHash: extras.followUpCode ? hashCode(extras.followUpCode) : null, address: input.address?.trim() || null, regionCode: input.regionCode,
      townshipCode: input.townshipCode ?? null, lat: input.lat ?? null, long: input.long ?? null, addressId: extras.addressId ?? null, fileIds: input.fileIds ?? [],
      mediaUrl: extras.mediaUrl ?? null, attributes: extras.attributes ?? {}, centreOrgId: centre.id, centreOrgPath: centre.path, takenBy: extras.takenBy ?? null,
      receivedAt: now, receivedOn: shanghaiDate(now), dispatchDueOn: addWorkingDays(shanghaiDate(now), settings.dispatchDays, (await loadCalendar(tx)).calendar), open311KeyId: extras.open311KeyId ?? null, open311Token: extras.open311Token ?? null, open311Meta: extras.open311Meta ?? null,
      createdAt: now, updatedAt: now,
    })
    .returning();
  await insertEvent(tx, ctx, row!.id, 'file', null, 'received', null, { channel: extras.channel });
  await recordAudit(tx, ctx, { action: 'hotline.file', targetType: 'ticket', targetId: row!.id, after: row });
  if (extras.followUpCode) await tellCaller(tx, row!, 'hotline.received_code', { number: row!.number, code: extras.followUpCode }, now);
  else await tellCaller(tx, row!, 'hotline.received', { number: row!.number }, now);
  return row!;
}

/** Checks what a filing names before a transaction opens. */
async function checkFiling(ctx: Ctx, input: TicketInput, ownerId: string | null): Promise<{ centre: OrgRow; settings: HotlineSettings }> {
  const settings = await loadSettings(ctx.db);
  const centre = await requireCentre(ctx.db, settings);
  await requireLeafCategory(ctx.db, input.categoryCode);
  callerOf(input.caller);
  const errors = locationErrors(centre, input);
  const fileIds = input.fileIds ?? [];
  if (fileIds.length) {
    const owned = ownerId ? await filesOwnedBy(ctx.db, fileIds, ownerId) : new Set<string>();
    fileIds.forEach((f, i) => owned.has(f) || errors.push({ field: `/body/fileIds/${i}`, message: `no file ${f} of yours` }));
  }
  if (errors.length) throw new Problem(errors.some((e) => e.field === '/body/regionCode') ? 'hotline.region_outside' : 'validation_failed', 'the ticket is incomplete or invalid', errors);
  return { centre, settings };
}

export interface AnswerInput {
  text: string;
  sources: ({ kind: 'article'; id: string } | { kind: 'notice'; itemCode: string })[];
}

/**
 * An agent records a call (channel `phone`); with `answer`, the consultation is answered on the spot
 * and closed in the same transaction.
 * @throws Problem 'forbidden' unless an agent of the centre; 'validation_failed', 'hotline.*' for bad input.
 */
export async function fileTicket(ctx: Ctx, input: TicketInput & { answer?: AnswerInput | undefined }): Promise<TicketView> {
  const actor = requireRole(ctx.actor, 'hotlineAgent');
  const { centre, settings } = await checkFiling(ctx, input, actor.id);
  if (!isCentreAgent(actor, centre.path)) throw new Problem('forbidden', 'you are not an agent of the 12345 centre');
  const answer = input.answer ? await answerOf(ctx, actor, input.answer) : null;
  const id = await ctx.db.transaction(async (tx) => {
    const row = await insertTicket(tx, ctx, centre, settings, input, { channel: 'phone', takenBy: actor.id });
    if (answer) await applyChange(tx, ctx, row, row.version, { action: 'answer', set: { answer, closedAt: ctx.clock.now(), resolution: 'answeredOnSpot' }, note: clip(answer.text, 200), data: { sources: answer.sources } });
    return row.id;
  });
  return getTicket(ctx, id);
}

/** What the public gets back when filing: the number and, once, the code to follow the ticket with. */
export interface PublicFiling {
  number: string;
  followUpCode: string;
  receivedAt: Date;
}

/**
 * A member of the public files a ticket online (web or mobile), signed in or not; the follow-up code
 * is shown once and sent to their phone. Attachments are files they uploaded (so signed in).
 */
export async function fileTicketPublic(ctx: Ctx, input: Omit<TicketInput, 'urgency'> & { channel: 'web' | 'mobile' }): Promise<PublicFiling> {
  const submitter = ctx.actor && ctx.actor.kind !== 'staff' ? ctx.actor : null;
  const filing: TicketInput = { ...input, urgency: 'normal' };
  const { centre, settings } = await checkFiling(ctx, filing, submitter?.id ?? null);
  const followUpCode = newFollowUpCode();
  const row = await ctx.db.transaction((tx) => insertTicket(tx, ctx, centre, settings, filing, { channel: input.channel, submitterId: submitter?.id ?? null, followUpCode }));
  return { number: row.number, followUpCode, receivedAt: row.receivedAt };
}

// ---------------------------------------------------------------- answering on the spot

/** The answer with its sources looked up: the agent's articles and the catalog's one-time notices. */
async function answerOf(ctx: Ctx, actor: Actor, input: AnswerInput): Promise<NonNullable<HotlineTicketRow['answer']>> {
  const sources: NonNullable<HotlineTicketRow['answer']>['sources'] = [];
  for (const [i, s] of input.sources.entries()) {
    if (s.kind === 'article') {
      const article = await getArticle(ctx, s.id).catch(() => null);
      if (!article) throw new Problem('hotline.unknown_source', undefined, [{ field: `/body/answer/sources/${i}`, message: 'no such article' }]);
      sources.push({ kind: 'article', ref: article.id, title: article.title });
    } else {
      const item = await getPublishedItem(ctx, s.itemCode).catch(() => null);
      if (!item) throw new Problem('hotline.unknown_source', undefined, [{ field: `/body/answer/sources/${i}`, message: 'no such published item' }]);
      sources.push({ kind: 'notice', ref: s.itemCode, title: item.version.name });
    }
  }
  return { text: input.text.trim(), sources, at: ctx.clock.now().toISOString(), by: actor.id };
}

/** Closes a ticket with the answer given on the call (a consultation answered from the knowledge base). */
export async function answerTicket(ctx: Ctx, id: string, input: AnswerInput & { version: number }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'answer');
  const answer = await answerOf(ctx, ctx.actor!, input);
  await ctx.db.transaction((tx) => applyChange(tx, ctx, loaded.row, input.version, { action: 'answer', set: { answer, closedAt: ctx.clock.now(), resolution: 'answeredOnSpot' }, note: clip(answer.text, 200), data: { sources: answer.sources } }));
  return getTicket(ctx, id);
}

// ---------------------------------------------------------------- dispatch, return, insist

/** The handling organisations of a dispatch: active, within the centre's area, the lead not among the co-handlers. */
async function handlingOrgs(ctx: Ctx, centre: OrgRow, lead: string, co: string[]): Promise<{ lead: OrgRow; co: OrgRow[] }> {
  const find = async (ref: string, field: string) => {
    const org = await findOrg(ctx.db, ref);
    if (!org || !org.active || !org.path.startsWith(servedPath(centre))) throw new Problem('hotline.bad_handling_org', undefined, [{ field, message: 'no such organisation in the centre\'s area' }]);
    return org;
  };
  const leadOrg = await find(lead, '/body/leadOrg');
  const coOrgs: OrgRow[] = [];
  for (const [i, ref] of co.entries()) {
    const org = await find(ref, `/body/coOrgs/${i}`);
    if (org.id === leadOrg.id || coOrgs.some((o) => o.id === org.id)) throw new Problem('hotline.bad_handling_org', undefined, [{ field: `/body/coOrgs/${i}`, message: 'listed twice, or the lead' }]);
    coOrgs.push(org);
  }
  return { lead: leadOrg, co: coOrgs };
}

/**
 * Opens a dispatch round: withdraws what is still open of the last one, opens a task per organisation
 * with the limit of the ticket's type and urgency counted from today, and tells each organisation's
 * reviewers and head. Returns the ticket columns to set.
 */
async function openRound(tx: Tx, ctx: Ctx, row: HotlineTicketRow, orgs: { lead: OrgRow; co: OrgRow[] }, settings: HotlineSettings): Promise<Partial<typeof tickets.$inferInsert>> {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const { calendar } = await loadCalendar(tx);
  const limitDays = limitDaysFor(settings.limits, row.type, row.urgency);
  const dueOn = addWorkingDays(today, limitDays, calendar);
  const round = row.round + 1;
  await tx.update(ticketTasks).set({ status: 'withdrawn' }).where(and(eq(ticketTasks.ticketId, row.id), eq(ticketTasks.status, 'open')));
  const all = [{ org: orgs.lead, role: 'lead' as const }, ...orgs.co.map((org) => ({ org, role: 'co' as const }))];
  await tx.insert(ticketTasks).values(all.map(({ org, role }) => ({ ticketId: row.id, round, orgId: org.id, orgPath: org.path, role, status: 'open' as const, dispatchedAt: now, dispatchedOn: today, limitDays, dueOn })));
  const [category] = await tx.select({ name: hotlineCategories.name }).from(hotlineCategories).where(eq(hotlineCategories.code, row.categoryCode));
  for (const { org } of all) {
    for (const u of await staffOfOrg(tx, org.id)) await notifyUser(tx, { userId: u.id, template: 'hotline.dispatched', params: { orgName: org.name, number: row.number, category: category?.name ?? row.categoryCode, dueOn }, now }, u);
  }
  return {
    round, leadOrgId: orgs.lead.id, leadOrgPath: orgs.lead.path, dueOn, limitDays,
    ...(row.firstDispatchedAt ? {} : { firstDispatchedAt: now, firstDispatchedOn: today }),
  };
}

/**
 * Dispatches a ticket to the responsible organisation, or to a lead with co-handling organisations
 * (联合办理), each with its own task and limit; from `returned`, this is the re-dispatch.
 */
export async function dispatchTicket(ctx: Ctx, id: string, input: { version: number; leadOrg: string; coOrgs?: string[] | undefined; note?: string | undefined }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'dispatch');
  const settings = await loadSettings(ctx.db);
  const centre = await requireCentre(ctx.db, settings);
  const orgs = await handlingOrgs(ctx, centre, input.leadOrg, input.coOrgs ?? []);
  await ctx.db.transaction(async (tx) => {
    const set = await openRound(tx, ctx, loaded.row, orgs, settings);
    await applyChange(tx, ctx, loaded.row, input.version, { action: 'dispatch', set, note: input.note ?? null, data: { round: set.round, leadOrgId: orgs.lead.id, coOrgIds: orgs.co.map((o) => o.id), dueOn: set.dueOn, redispatch: loaded.row.status === 'returned' } });
  });
  return getTicket(ctx, id);
}

/** The lead organisation returns a ticket dispatched to it wrongly (退单), once, with its reason; the centre decides. */
export async function returnTicket(ctx: Ctx, id: string, input: { version: number; reason: string }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  const lead = loaded.tasks.find((t) => t.round === loaded.row.round && t.role === 'lead' && t.status === 'open');
  if (loaded.row.status === 'dispatched' && loaded.standing.leadHolder && lead && loaded.row.returnedBy.includes(lead.orgId)) throw new Problem('hotline.return_used');
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'returnDispatch');
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.update(ticketTasks).set({ status: 'returned', returnReason: input.reason, returnedAt: now }).where(eq(ticketTasks.id, lead!.id));
    await tx.update(ticketTasks).set({ status: 'withdrawn' }).where(and(eq(ticketTasks.ticketId, id), eq(ticketTasks.status, 'open')));
    await applyChange(tx, ctx, loaded.row, input.version, { action: 'returnDispatch', set: { returnedBy: [...loaded.row.returnedBy, lead!.orgId] }, note: input.reason, data: { round: loaded.row.round, orgId: lead!.orgId } });
  });
  return getTicket(ctx, id);
}

/** The centre insists after a return: the same organisations again, with a new limit from today (the organisation cannot return it again). */
export async function insistTicket(ctx: Ctx, id: string, input: { version: number; note: string }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'insist');
  const settings = await loadSettings(ctx.db);
  const orgs = await lastRoundOrgs(ctx, loaded);
  await ctx.db.transaction(async (tx) => {
    const set = await openRound(tx, ctx, loaded.row, orgs, settings);
    await applyChange(tx, ctx, loaded.row, input.version, { action: 'insist', set, note: input.note, data: { round: set.round, leadOrgId: orgs.lead.id, dueOn: set.dueOn } });
  });
  return getTicket(ctx, id);
}

async function lastRoundOrgs(ctx: Ctx, loaded: Loaded): Promise<{ lead: OrgRow; co: OrgRow[] }> {
  const last = loaded.tasks.filter((t) => t.round === loaded.row.round);
  const orgs = await findOrgsByIds(ctx.db, last.map((t) => t.orgId));
  const lead = last.find((t) => t.role === 'lead');
  if (!lead || !orgs.get(lead.orgId)) throw new Problem('hotline.invalid_transition', 'there is no earlier dispatch to repeat');
  return { lead: orgs.get(lead.orgId)!, co: last.filter((t) => t.role === 'co').map((t) => orgs.get(t.orgId)).filter((o): o is OrgRow => !!o) };
}

// ---------------------------------------------------------------- replies and extensions

/**
 * A handling organisation answers its task (text and attachments). When every task of the round has
 * answered, the ticket is `replied`: the callback falls due (when the caller wants one) and the callers
 * — of this ticket and of the duplicates merged into it — are told the lead's answer.
 */
export async function replyTask(ctx: Ctx, id: string, taskId: string, input: { version: number; text: string; fileIds?: string[] | undefined }): Promise<TicketView> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadTicket(ctx.db, actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'reply');
  const task = loaded.tasks.find((t) => t.id === taskId);
  if (!task || task.round !== loaded.row.round || task.status !== 'open') throw new Problem('not_found', 'no open task with this id on the ticket');
  if (!(hasRole(actor, ...STAFF_OF_ORG) && inScope(actor, task.orgPath))) throw new Problem('forbidden', 'this task belongs to another organisation');
  const fileIds = input.fileIds ?? [];
  if (fileIds.length) {
    const owned = await filesOwnedBy(ctx.db, fileIds, actor.id);
    const errors = fileIds.flatMap((f, i) => (owned.has(f) ? [] : [{ field: `/body/fileIds/${i}`, message: `no file ${f} of yours` }]));
    if (errors.length) throw new Problem('validation_failed', 'attach files you uploaded', errors);
  }
  const settings = await loadSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const today = shanghaiDate(now);
    const [done] = await tx.update(ticketTasks).set({ status: 'replied', reply: input.text, replyFileIds: fileIds, repliedAt: now, repliedOn: today, repliedBy: actor.id }).where(and(eq(ticketTasks.id, taskId), eq(ticketTasks.status, 'open'))).returning();
    if (!done) throw new Problem('version_conflict');
    const stillOpen = loaded.tasks.filter((t) => t.round === loaded.row.round && t.status === 'open' && t.id !== taskId);
    if (stillOpen.length) {
      await applyChange(tx, ctx, loaded.row, input.version, { action: 'reply', to: 'dispatched', note: clip(input.text, 200), data: { taskId, orgId: task.orgId, role: task.role } });
      return;
    }
    const { calendar } = await loadCalendar(tx);
    const callbackDueOn = canCallBack(loaded.row.caller) ? addWorkingDays(today, settings.callbackDays, calendar) : null;
    const row = await applyChange(tx, ctx, loaded.row, input.version, {
      action: 'reply', to: 'replied', set: { repliedAt: now, callbackDueOn, lastCallback: null }, note: clip(input.text, 200),
      data: { taskId, orgId: task.orgId, role: task.role, round: loaded.row.round, callbackDueOn },
    });
    const [lead] = await tx.update(ticketTasks).set({ callbackDueOn }).where(and(eq(ticketTasks.ticketId, id), eq(ticketTasks.round, row.round), eq(ticketTasks.role, 'lead'))).returning();
    const leadOrg = lead ? await findOrg(tx, lead.orgId) : undefined;
    for (const t of await withDuplicates(tx, row)) await tellCaller(tx, t, 'hotline.replied', { number: t.number, orgName: leadOrg?.name ?? '', reply: clip(lead?.reply ?? input.text, 60) }, now);
  });
  return getTicket(ctx, id);
}

/** The ticket and the duplicates merged into it: everyone who called about the same thing. */
async function withDuplicates(tx: Tx, main: HotlineTicketRow): Promise<HotlineTicketRow[]> {
  return [main, ...(await tx.select().from(tickets).where(eq(tickets.mergedInto, main.id)))];
}

/** The lead organisation asks for more time, once per ticket, with its reason; the centre approves or refuses. */
export async function requestExtension(ctx: Ctx, id: string, input: { version: number; days: number; reason: string }): Promise<TicketView> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadTicket(ctx.db, actor, id);
  if (loaded.row.extension && loaded.standing.leadHolder) throw new Problem('hotline.extension_used');
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'requestExtension');
  const lead = loaded.tasks.find((t) => t.round === loaded.row.round && t.role === 'lead')!;
  const extension = { days: input.days, reason: input.reason, orgId: lead.orgId, requestedBy: actor.id, requestedAt: ctx.clock.now().toISOString(), status: 'pending' as const };
  await ctx.db.transaction((tx) => applyChange(tx, ctx, loaded.row, input.version, { action: 'requestExtension', set: { extension }, note: input.reason, data: { days: input.days } }));
  return getTicket(ctx, id);
}

/** The centre decides an extension request: approved, every open task of the round is due that many working days later. */
export async function decideExtension(ctx: Ctx, id: string, input: { version: number; approve: boolean; note?: string | undefined }): Promise<TicketView> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadTicket(ctx.db, actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'decideExtension');
  const ext = loaded.row.extension!;
  await ctx.db.transaction(async (tx) => {
    const { calendar } = await loadCalendar(tx);
    let [dueOn, limitDays] = [loaded.row.dueOn, loaded.row.limitDays];
    if (input.approve) {
      for (const t of loaded.tasks.filter((x) => x.round === loaded.row.round && x.status === 'open')) {
        const due = addWorkingDays(t.dueOn, ext.days, calendar);
        await tx.update(ticketTasks).set({ dueOn: due, limitDays: t.limitDays + ext.days }).where(eq(ticketTasks.id, t.id));
        if (t.role === 'lead') [dueOn, limitDays] = [due, t.limitDays + ext.days];
      }
    }
    const decided = { ...ext, status: input.approve ? ('approved' as const) : ('refused' as const), decidedBy: actor.id, decidedAt: ctx.clock.now().toISOString(), ...(input.note ? { note: input.note } : {}) };
    await applyChange(tx, ctx, loaded.row, input.version, { action: 'decideExtension', set: { extension: decided, dueOn, limitDays }, note: input.note ?? null, data: { approve: input.approve, days: ext.days, dueOn } });
  });
  return getTicket(ctx, id);
}

// ---------------------------------------------------------------- callback, reopening, closing, merging

/**
 * The centre calls the caller back after the reply: reached or not; when reached, satisfied or not.
 * Satisfied closes the ticket; not satisfied leaves the centre to reopen it (once) or close it.
 */
export async function callBack(ctx: Ctx, id: string, input: { version: number; reached: boolean; satisfied?: boolean | undefined; note: string }): Promise<TicketView> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadTicket(ctx.db, actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'callback');
  if (input.reached && input.satisfied === undefined) throw new Problem('validation_failed', 'say whether the caller was satisfied', [{ field: '/body/satisfied', message: 'required when the caller was reached' }]);
  const row = loaded.row;
  const lead = loaded.tasks.find((t) => t.round === row.round && t.role === 'lead')!;
  const satisfied = input.reached ? input.satisfied! : null;
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.insert(ticketCallbacks).values({
      ticketId: id, round: row.round, at: now, calledOn: shanghaiDate(now), dueOn: row.callbackDueOn ?? shanghaiDate(now), by: actor.id, reached: input.reached, satisfied, note: input.note,
      centreOrgPath: row.centreOrgPath, leadOrgId: lead.orgId, leadOrgPath: lead.orgPath,
    });
    const lastCallback = { reached: input.reached, satisfied, note: input.note, at: now.toISOString(), by: actor.id };
    const closing = satisfied === true;
    const updated = await applyChange(tx, ctx, row, input.version, {
      action: 'callback', to: closing ? 'closed' : 'replied', set: { lastCallback, ...(closing ? { closedAt: now, resolution: 'calledBack' as const } : {}) }, note: input.note,
      data: { reached: input.reached, satisfied, round: row.round },
    });
    if (closing) await tellDuplicatesClosed(tx, updated, now);
  });
  return getTicket(ctx, id);
}

async function tellDuplicatesClosed(tx: Tx, main: HotlineTicketRow, now: Date): Promise<void> {
  for (const t of (await withDuplicates(tx, main)).slice(1)) await tellCaller(tx, t, 'hotline.closed', { number: t.number }, now);
}

/** An unsatisfied caller's ticket goes back to the same organisations, once, with a new limit. */
export async function reopenTicket(ctx: Ctx, id: string, input: { version: number; reason: string }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  if (loaded.row.reopened && loaded.standing.centreAgent && loaded.row.status === 'replied') throw new Problem('hotline.reopen_used');
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'reopen');
  const settings = await loadSettings(ctx.db);
  const orgs = await lastRoundOrgs(ctx, loaded);
  await ctx.db.transaction(async (tx) => {
    const set = await openRound(tx, ctx, loaded.row, orgs, settings);
    await applyChange(tx, ctx, loaded.row, input.version, { action: 'reopen', set: { ...set, reopened: true, repliedAt: null, callbackDueOn: null, lastCallback: null }, note: input.reason, data: { round: set.round, dueOn: set.dueOn } });
  });
  return getTicket(ctx, id);
}

/** The centre closes a ticket: one it records without handling (a praise, a suggestion noted), or a replied one it cannot or need not call back further. */
export async function closeTicket(ctx: Ctx, id: string, input: { version: number; note: string }): Promise<TicketView> {
  const loaded = await loadTicket(ctx.db, ctx.actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'close');
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await applyChange(tx, ctx, loaded.row, input.version, { action: 'close', set: { closedAt: now, resolution: 'closedByCentre' }, note: input.note });
    await tellDuplicatesClosed(tx, row, now);
  });
  return getTicket(ctx, id);
}

/**
 * Merges a duplicate into the main ticket (by id or number): the duplicate's open tasks are withdrawn
 * and it follows the main one from now on; its caller is told, and hears the outcome with the main one's.
 */
export async function mergeTicket(ctx: Ctx, id: string, input: { version: number; into: string }): Promise<TicketView> {
  const actor = requireActor(ctx.actor);
  const loaded = await loadTicket(ctx.db, actor, id);
  requireAllowed(factsOf(loaded.row, loaded.tasks), loaded.standing, 'merge');
  const [target] = await ctx.db.select().from(tickets).where(/^[0-9a-f-]{36}$/i.test(input.into) ? eq(tickets.id, input.into) : eq(tickets.number, input.into));
  if (!target || !isCentreAgent(actor, target.centreOrgPath)) throw new Problem('not_found', 'no such ticket at your centre');
  if (target.id === id || target.status === 'merged' || target.status === 'closed' || target.centreOrgId !== loaded.row.centreOrgId) throw new Problem('hotline.bad_merge');
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.update(ticketTasks).set({ status: 'withdrawn' }).where(and(eq(ticketTasks.ticketId, id), eq(ticketTasks.status, 'open')));
    // Duplicates merged into this one move with it to the main ticket.
    await tx.update(tickets).set({ mergedInto: target.id, updatedAt: now }).where(eq(tickets.mergedInto, id));
    const row = await applyChange(tx, ctx, loaded.row, input.version, { action: 'merge', set: { mergedInto: target.id }, data: { into: target.id, number: target.number } });
    await insertEvent(tx, ctx, target.id, 'merge', target.status, target.status, null, { merged: id, number: row.number });
    await tellCaller(tx, row, 'hotline.merged', { number: row.number, mainNumber: target.number }, now);
  });
  return getTicket(ctx, id);
}

// ---------------------------------------------------------------- lists

export type TicketBox = 'centre' | 'handling' | 'all';

export interface TicketListItem {
  id: string;
  number: string;
  channel: TicketChannel;
  type: TicketType;
  urgency: TicketUrgency;
  status: TicketStatus;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  description: string;
  callerName: string | null;
  callerPhone: string | null;
  regionCode: string;
  address: string | null;
  receivedAt: Date;
  /** The day the centre must dispatch by (its `dispatchDays` after receipt). */
  dispatchDueOn: IsoDate;
  leadOrg: OrgRef | null;
  dueOn: IsoDate | null;
  daysLeft: number | null;
  warning: TicketWarning;
  callbackDueOn: IsoDate | null;
  extensionPending: boolean;
  /** In the handling box: your organisation's open task. */
  task: { id: string; role: 'lead' | 'co'; dueOn: IsoDate; limitDays: number } | null;
  version: number;
}

export interface TicketFilter {
  box: TicketBox;
  status?: TicketStatus | undefined;
  type?: TicketType | undefined;
  urgency?: TicketUrgency | undefined;
  category?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Tickets by box: `centre`, the agents' board (urgent first, then oldest; by default what waits for the
 * centre: received, returned, replied, and extension requests); `handling`, the open tasks of your
 * organisation's subtree, soonest deadline first; `all`, read-only, what supervisors and
 * administrators watch. `q` matches the beginning of a number, or words of the description or address.
 * Callers are masked in lists.
 */
export async function listTickets(ctx: Ctx, filter: TicketFilter): Promise<{ total: number; items: TicketListItem[] }> {
  const actor = requireActor(ctx.actor);
  if (actor.kind !== 'staff' || !actor.scopePath) throw new Problem('forbidden');
  const scope = `${actor.scopePath}%`;
  const where: (SQL | undefined)[] = [];
  let taskJoin = false;
  if (filter.box === 'centre') {
    if (!hasRole(actor, 'hotlineAgent')) throw new Problem('forbidden', 'the centre\'s board is for hotline agents');
    // The centre's path lies under the agent's scope.
    where.push(like(tickets.centreOrgPath, scope));
    if (!filter.status) where.push(or(inArray(tickets.status, ['received', 'returned', 'replied']), sql`${tickets.extension}->>'status' = 'pending'`));
  } else if (filter.box === 'handling') {
    if (!hasRole(actor, ...STAFF_OF_ORG)) throw new Problem('forbidden', 'the handling box is for the staff of handling organisations');
    taskJoin = true;
    where.push(like(ticketTasks.orgPath, scope), eq(ticketTasks.status, 'open'));
  } else {
    if (!hasRole(actor, 'supervisor', 'admin', 'hotlineAgent')) throw new Problem('forbidden');
    where.push(or(like(tickets.centreOrgPath, scope), like(tickets.leadOrgPath, scope)));
  }
  if (filter.status) where.push(eq(tickets.status, filter.status));
  if (filter.type) where.push(eq(tickets.type, filter.type));
  if (filter.urgency) where.push(eq(tickets.urgency, filter.urgency));
  if (filter.category) where.push(or(eq(tickets.categoryCode, filter.category), sql`${tickets.categoryCode} IN (SELECT code FROM hotline_categories WHERE parent_code = ${filter.category})`));
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    where.push(or(like(tickets.number, `${escapeLike(q)}%`), like(tickets.number, `12345-${escapeLike(q)}%`), sql`${tickets.description} ILIKE ${pattern}`, sql`${tickets.address} ILIKE ${pattern}`));
  }
  const condition = and(...where);
  const urgencyRank = sql`CASE ${tickets.urgency} WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`;
  const order = filter.box === 'handling' ? [asc(ticketTasks.dueOn), asc(tickets.receivedAt)] : filter.box === 'centre' ? [urgencyRank, asc(tickets.receivedAt)] : [desc(tickets.receivedAt)];
  const base = ctx.db.select({ t: tickets, task: taskJoin ? ticketTasks : sql<null>`NULL` }).from(tickets);
  const joined = taskJoin ? base.innerJoin(ticketTasks, eq(ticketTasks.ticketId, tickets.id)) : base;
  const counted = ctx.db.select({ n: sql<number>`count(*)::int` }).from(tickets);
  const [total] = await (taskJoin ? counted.innerJoin(ticketTasks, eq(ticketTasks.ticketId, tickets.id)) : counted).where(condition);
  const found = await joined.where(condition).orderBy(...order).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  const [categories, orgs, { calendar }] = await Promise.all([
    ctx.db.select().from(hotlineCategories).where(inArray(hotlineCategories.code, [...new Set(found.map((f) => f.t.categoryCode))].concat(['']))),
    findOrgsByIds(ctx.db, found.map((f) => f.t.leadOrgId).filter((x): x is string => !!x)),
    loadCalendar(ctx.db),
  ]);
  const names = new Map(categories.map((c) => [c.code, c]));
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  return {
    total: Number(total?.n ?? 0),
    items: found.map(({ t, task }) => {
      const own = task as TaskRow | null;
      const dueOn = own?.dueOn ?? (t.status === 'dispatched' ? t.dueOn : null);
      const limit = own?.limitDays ?? t.limitDays;
      // Lists mask everyone; handling organisations see only what the caller agreed to share.
      const caller = callerView(t.caller, filter.box === 'handling' ? 'handler' : 'masked');
      return {
        id: t.id, number: t.number, channel: t.channel, type: t.type, urgency: t.urgency, status: t.status, categoryCode: t.categoryCode,
        categoryName: names.get(t.categoryCode)?.name ?? t.categoryCode, categoryNameEn: names.get(t.categoryCode)?.nameEn ?? t.categoryCode,
        description: clip(t.description, 120), callerName: caller.name, callerPhone: caller.phone, regionCode: t.regionCode, address: t.address, receivedAt: t.receivedAt, dispatchDueOn: t.dispatchDueOn,
        leadOrg: t.leadOrgId ? orgRef(orgs.get(t.leadOrgId), t.leadOrgId) : null, dueOn,
        daysLeft: dueOn ? workingDaysLeft(today, dueOn, calendar) : null, warning: dueOn && limit ? taskWarning(dueOn, limit, calendar, now) : 'none',
        callbackDueOn: t.callbackDueOn, extensionPending: t.extension?.status === 'pending',
        task: own ? { id: own.id, role: own.role, dueOn: own.dueOn, limitDays: own.limitDays } : null, version: t.version,
      };
    }),
  };
}

// ---------------------------------------------------------------- hot topics

export interface HotTopicView extends HotTopic {
  categoryName: string;
  categoryNameEn: string;
}

/**
 * Hot topics of the last days among the tickets the actor watches (agents: their centre's;
 * supervisors, administrators and department heads: those received at or dispatched within their
 * subtree). Duplicates count: each is someone else calling about the same thing.
 */
export async function hotTopics(ctx: Ctx): Promise<{ params: HotlineSettings['hotTopic']; asOf: Date; topics: HotTopicView[] }> {
  const actor = requireRole(ctx.actor, 'hotlineAgent', 'supervisor', 'admin', 'departmentHead');
  const settings = await loadSettings(ctx.db);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - settings.hotTopic.days * 86_400_000);
  const scope = `${actor.scopePath ?? '\u0000'}%`;
  const recent = await ctx.db
    .select({ id: tickets.id, number: tickets.number, categoryCode: tickets.categoryCode, regionCode: tickets.regionCode, townshipCode: tickets.townshipCode, lat: tickets.lat, long: tickets.long, receivedAt: tickets.receivedAt })
    .from(tickets)
    .where(and(gte(tickets.receivedAt, since), or(like(tickets.centreOrgPath, scope), like(tickets.leadOrgPath, scope))));
  const topics = detectHotTopics(recent, settings.hotTopic, now);
  const categories = await listCategories(ctx.db);
  const names = new Map(categories.map((c) => [c.code, c]));
  return { params: settings.hotTopic, asOf: now, topics: topics.map((t) => ({ ...t, categoryName: names.get(t.categoryCode)?.name ?? t.categoryCode, categoryNameEn: names.get(t.categoryCode)?.nameEn ?? t.categoryCode })) };
}

// ---------------------------------------------------------------- the public's view

export interface PublicTicketView {
  number: string;
  /** The status the caller sees: a duplicate shows the ticket it was merged into. */
  status: TicketStatus;
  merged: boolean;
  type: TicketType;
  category: { code: string; name: string; nameEn: string };
  description: string;
  address: string | null;
  receivedAt: Date;
  handlingOrg: { name: string; nameEn: string } | null;
  dueOn: IsoDate | null;
  answer: string | null;
  reply: { orgName: string; orgNameEn: string; text: string; at: Date } | null;
  timeline: { at: Date; action: TicketAction; status: TicketStatus }[];
}

/** The ticket a duplicate follows (itself otherwise). */
async function followed(q: Queryable, row: HotlineTicketRow): Promise<HotlineTicketRow> {
  if (!row.mergedInto) return row;
  const [main] = await q.select().from(tickets).where(eq(tickets.id, row.mergedInto));
  return main ?? row;
}

async function publicViewOf(ctx: Ctx, row: HotlineTicketRow): Promise<PublicTicketView> {
  const main = await followed(ctx.db, row);
  const [events, category, tasks] = await Promise.all([
    ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row.id)).orderBy(asc(ticketEvents.id)),
    categoryInfo(ctx.db, row.categoryCode),
    ctx.db.select().from(ticketTasks).where(and(eq(ticketTasks.ticketId, main.id), eq(ticketTasks.round, main.round), eq(ticketTasks.role, 'lead'))),
  ]);
  const lead = tasks[0];
  const orgs = await findOrgsByIds(ctx.db, [main.leadOrgId, lead?.orgId].filter((x): x is string => !!x));
  const replied = lead?.status === 'replied' && (main.status === 'replied' || main.status === 'closed');
  return {
    number: row.number, status: main.status, merged: !!row.mergedInto, type: row.type, category: { code: category.code, name: category.name, nameEn: category.nameEn },
    description: row.description, address: row.address, receivedAt: row.receivedAt,
    handlingOrg: main.leadOrgId && orgs.get(main.leadOrgId) ? { name: orgs.get(main.leadOrgId)!.name, nameEn: orgs.get(main.leadOrgId)!.nameEn } : null,
    dueOn: main.status === 'dispatched' ? main.dueOn : null, answer: main.answer?.text ?? null,
    reply: replied && lead ? { orgName: orgs.get(lead.orgId)?.name ?? '', orgNameEn: orgs.get(lead.orgId)?.nameEn ?? '', text: lead.reply ?? '', at: lead.repliedAt! } : null,
    // What happened, without who: staff names stay inside.
    timeline: events.filter((e) => e.action !== 'requestExtension' && e.action !== 'decideExtension').map((e) => ({ at: e.at, action: e.action, status: e.toStatus })),
  };
}

/**
 * A ticket as the public follows it: by its number and the follow-up code given at submission, or as
 * the signed-in submitter. A wrong code answers as if there were no such ticket.
 */
export async function followTicket(ctx: Ctx, number: string, code: string | undefined): Promise<PublicTicketView> {
  const [row] = await ctx.db.select().from(tickets).where(eq(tickets.number, number));
  if (!row) throw new Problem('not_found');
  const own = !!ctx.actor && row.submitterId === ctx.actor.id;
  const matches = !!code && !!row.followUpCodeHash && timingSafeEqual(Buffer.from(hashCode(code)), Buffer.from(row.followUpCodeHash));
  if (!own && !matches) throw new Problem('not_found');
  return publicViewOf(ctx, row);
}

/** The signed-in member of the public's own tickets, newest first. */
export async function myTickets(ctx: Ctx, page: { page: number; pageSize: number }): Promise<{ total: number; items: PublicTicketView[] }> {
  const actor = requireActor(ctx.actor);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(tickets).where(eq(tickets.submitterId, actor.id));
  const rows = await ctx.db.select().from(tickets).where(eq(tickets.submitterId, actor.id)).orderBy(desc(tickets.receivedAt)).limit(page.pageSize).offset((page.page - 1) * page.pageSize);
  return { total: Number(total?.n ?? 0), items: await Promise.all(rows.map((r) => publicViewOf(ctx, r))) };
}

// ---------------------------------------------------------------- files

/** Staff who may see a ticket read its attachments and replies' files; its submitter reads them too. */
export async function ticketFileAccess(ctx: Ctx, sha256: string): Promise<boolean> {
  if (!ctx.actor) return false;
  const attached = await ctx.db.select({ id: tickets.id, submitterId: tickets.submitterId }).from(tickets).where(sql`${tickets.fileIds} @> ARRAY[${sha256}]::text[]`).limit(20);
  const replied = await ctx.db.select({ id: ticketTasks.ticketId }).from(ticketTasks).where(sql`${ticketTasks.replyFileIds} @> ARRAY[${sha256}]::text[]`).limit(20);
  const ids = [...new Set([...attached.map((a) => a.id), ...replied.map((r) => r.id)])];
  for (const id of ids) {
    const visible = await loadTicket(ctx.db, ctx.actor, id).then(() => true, () => false);
    if (visible) return true;
  }
  if (!replied.length) return false;
  const own = await ctx.db.select({ id: tickets.id }).from(tickets).where(and(inArray(tickets.id, replied.map((r) => r.id)), eq(tickets.submitterId, ctx.actor.id))).limit(1);
  return own.length > 0;
}

export type { CategoryRow };
