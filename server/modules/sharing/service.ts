import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { maskCreditCode, maskResidentId } from '../../../common/id-codes.js';
import type { ApplicationStatus, ResourceField, SharingType, SubjectKind, UpdateFrequency } from '../../../common/sharing.js';
import { shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Queryable, Tx } from '../../db/client.js';
import { requireActor, requireRole, scopeCondition, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { hashToken } from '../../platform/auth.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { notifyUser } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { findOrg, findOrgsByIds, type OrgRow } from '../orgs/index.js';
import {
  applicationRefusal, checkFields, checkGrant, checkRecordData, decideAccess, isCurrent, mayActFor, mayKeepRecords, mayPublish, mayWatch, normaliseSubjectId, subjectKindOf, type ApplicationFacts,
} from './rules.js';
import { accessApplications, dataRecords, dataResources, sharingCredentials, type AccessApplicationRow, type DataResourceRow, type SharingCredentialRow } from './schema.js';

// Use cases of the data sharing platform (R2.2): the resource catalog, the owner's records, access
// applications and credentials. Querying and the query log are in query.ts.

export interface OrgRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}
export const orgRef = (o: OrgRow | undefined, id: string): OrgRef => ({ id, code: o?.code ?? '', name: o?.name ?? '', nameEn: o?.nameEn ?? '' });

/** A subject identifier as lists and logs show it (personal data is masked in lists). */
export const maskSubject = (subjectId: string): string => (subjectKindOf(subjectId) === 'company' ? maskCreditCode(subjectId) : maskResidentId(subjectId));

/** Rows to skip for a page of a list. */
export const offsetOf = (q: { page: number; pageSize: number }): number => (q.page - 1) * q.pageSize;

// ---------------------------------------------------------------- the resource catalog

export type ResourceAction = 'edit' | 'records' | 'apply';

/** Where the reader's department stands with a resource. */
export interface ResourceAccess {
  /** `owner`: its own; `open`: unconditional; `granted`: an approved, unexpired application; `pending`; `none`; `notShared`. */
  state: 'owner' | 'open' | 'granted' | 'pending' | 'none' | 'notShared';
  applicationId: string | null;
  fields: string[];
  validUntil: IsoDate | null;
}

export interface ResourceView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  owner: OrgRef;
  subjectKinds: SubjectKind[];
  fields: ResourceField[];
  updateFrequency: UpdateFrequency;
  sharingType: SharingType;
  description: string;
  descriptionEn: string;
  version: number;
  updatedAt: Date;
  recordCount: number;
  allowedActions: ResourceAction[];
}

function resourceActions(actor: Actor, r: DataResourceRow): ResourceAction[] {
  const actions: ResourceAction[] = [];
  if (mayPublish(actor, r.ownerOrgPath)) actions.push('edit');
  if (mayKeepRecords(actor, r.ownerOrgPath)) actions.push('records');
  if (actor.orgId && actor.orgId !== r.ownerOrgId && actor.roles.includes('departmentHead') && !applicationRefusal(r.sharingType, false)) actions.push('apply');
  return actions;
}

async function resourceViews(q: Queryable, actor: Actor, rows: DataResourceRow[]): Promise<ResourceView[]> {
  const owners = await findOrgsByIds(q, rows.map((r) => r.ownerOrgId));
  const ids = rows.map((r) => r.id);
  const counts = ids.length ? await q.select({ id: dataRecords.resourceId, n: count() }).from(dataRecords).where(inArray(dataRecords.resourceId, ids)).groupBy(dataRecords.resourceId) : [];
  const countOf = new Map(counts.map((c) => [c.id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, owner: orgRef(owners.get(r.ownerOrgId), r.ownerOrgId), subjectKinds: r.subjectKinds, fields: r.fields,
    updateFrequency: r.updateFrequency, sharingType: r.sharingType, description: r.description, descriptionEn: r.descriptionEn, version: r.version, updatedAt: r.updatedAt,
    recordCount: countOf.get(r.id) ?? 0, allowedActions: resourceActions(actor, r),
  }));
}

export interface ResourceFilter {
  q?: string | undefined;
  sharingType?: SharingType | undefined;
  subjectKind?: SubjectKind | undefined;
  /** Only resources owned within the reader's own subtree (their department's). */
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The sharing catalog, for every member of staff (what exists is no secret; the data is). */
export async function listResources(ctx: Ctx, filter: ResourceFilter): Promise<{ total: number; items: ResourceView[] }> {
  const actor = requireActor(ctx.actor);
  const where: (SQL | undefined)[] = [];
  if (filter.q) where.push(or(ilike(dataResources.name, `%${escapeLike(filter.q)}%`), ilike(dataResources.nameEn, `%${escapeLike(filter.q)}%`), ilike(dataResources.code, `%${escapeLike(filter.q)}%`)));
  if (filter.sharingType) where.push(eq(dataResources.sharingType, filter.sharingType));
  if (filter.subjectKind) where.push(sql`${filter.subjectKind} = ANY(${dataResources.subjectKinds})`);
  if (filter.mine) where.push(scopeCondition(actor, dataResources.ownerOrgPath));
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(dataResources).where(condition);
  const rows = await ctx.db.select().from(dataResources).where(condition).orderBy(asc(dataResources.code)).limit(filter.pageSize).offset(offsetOf(filter));
  return { total: Number(total?.n ?? 0), items: await resourceViews(ctx.db, actor, rows) };
}

/** A resource by its code, or 404. */
export async function findResource(q: Queryable, code: string): Promise<DataResourceRow> {
  const [row] = await q.select().from(dataResources).where(eq(dataResources.code, code)).limit(1);
  if (!row) throw new Problem('not_found');
  return row;
}

/** The reader's department's applications for a resource, as the access rule sees them. */
async function applicationsOf(q: Queryable, resourceId: string, consumerOrgId: string): Promise<(ApplicationFacts & { requestedFields: string[] })[]> {
  return q
    .select({ id: accessApplications.id, status: accessApplications.status, approvedFields: accessApplications.approvedFields, validUntil: accessApplications.validUntil, appliedAt: accessApplications.appliedAt, decidedAt: accessApplications.decidedAt, requestedFields: accessApplications.requestedFields })
    .from(accessApplications)
    .where(and(eq(accessApplications.resourceId, resourceId), eq(accessApplications.consumerOrgId, consumerOrgId)));
}
export { applicationsOf };

/** One resource with the reader's department's access to it. */
export async function getResource(ctx: Ctx, code: string): Promise<ResourceView & { access: ResourceAccess | null }> {
  const actor = requireActor(ctx.actor);
  const row = await findResource(ctx.db, code);
  const [view] = await resourceViews(ctx.db, actor, [row]);
  // Access is a department's: a government's administrators and supervisors have none of their own.
  const org = actor.orgId ? await findOrg(ctx.db, actor.orgId) : undefined;
  return { ...view!, access: org?.kind === 'department' ? await accessOf(ctx, row, org.id) : null };
}

async function accessOf(ctx: Ctx, r: DataResourceRow, orgId: string): Promise<ResourceAccess> {
  const none = { applicationId: null, fields: [], validUntil: null };
  if (orgId === r.ownerOrgId) return { state: 'owner', ...none, fields: r.fields.map((f) => f.key) };
  if (r.sharingType === 'notShared') return { state: 'notShared', ...none };
  if (r.sharingType === 'unconditional') return { state: 'open', ...none, fields: r.fields.map((f) => f.key) };
  const today = shanghaiDate(ctx.clock.now());
  const apps = await applicationsOf(ctx.db, r.id, orgId);
  const decision = decideAccess({ sharingType: r.sharingType, fields: r.fields, isOwner: false, forCase: false, applications: apps, today });
  if (decision.allowed) {
    const app = apps.find((a) => a.id === decision.applicationId)!;
    return { state: 'granted', applicationId: app.id, fields: decision.granted, validUntil: app.validUntil };
  }
  const pending = apps.find((a) => a.status === 'pending');
  return pending ? { state: 'pending', applicationId: pending.id, fields: pending.requestedFields, validUntil: null } : { state: 'none', ...none };
}

export type ResourceInput = Pick<ResourceView, 'code' | 'name' | 'nameEn' | 'subjectKinds' | 'fields' | 'updateFrequency' | 'sharingType' | 'description' | 'descriptionEn'> & {
  /** The owning department (id or code); default: the publisher's own. */
  ownerOrg?: string | undefined;
};

function checkResourceFields(fields: ResourceField[]): void {
  const errors = checkFields(fields);
  if (errors.length) throw new Problem('validation_failed', errors[0]!.message, errors);
}

/** The owning department a publisher names: a department within their scope. */
async function ownerFor(ctx: Ctx, actor: Actor, org: string | undefined): Promise<OrgRow> {
  const owner = await findOrg(ctx.db, org ?? actor.orgId ?? '');
  if (!owner || !mayPublish(actor, owner.path)) throw new Problem(owner && mayWatch(actor, owner.path) ? 'forbidden' : 'not_found');
  if (owner.kind !== 'department') throw new Problem('validation_failed', 'a data resource is owned by a department', [{ field: '/body/ownerOrg', message: 'must be a department' }]);
  return owner;
}

/**
 * Publishes a resource in the sharing catalog: the owning department's head, or an administrator above it.
 * @throws Problem 'forbidden'; 'not_found' for a department outside the publisher's scope; 'duplicate' for a code in use.
 */
export async function createResource(ctx: Ctx, input: ResourceInput): Promise<ResourceView> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const owner = await ownerFor(ctx, actor, input.ownerOrg);
  checkResourceFields(input.fields);
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [taken] = await tx.select({ id: dataResources.id }).from(dataResources).where(eq(dataResources.code, input.code)).limit(1);
    if (taken) throw new Problem('duplicate', `a data resource ${input.code} exists`);
    const [created] = await tx
      .insert(dataResources)
      .values({
        code: input.code, name: input.name, nameEn: input.nameEn, ownerOrgId: owner.id, ownerOrgPath: owner.path, subjectKinds: [...new Set(input.subjectKinds)], fields: input.fields,
        updateFrequency: input.updateFrequency, sharingType: input.sharingType, description: input.description, descriptionEn: input.descriptionEn, publishedBy: actor.id, createdAt: now, updatedAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, { action: 'sharing.resource-publish', targetType: 'dataResource', targetId: created!.id, after: created });
    return created!;
  });
  const [view] = await resourceViews(ctx.db, actor, [row]);
  return view!;
}

export type ResourceChange = Partial<Omit<ResourceInput, 'code' | 'ownerOrg'>> & { version: number };

/**
 * Changes a published resource (fields, sharing type, frequency, texts); access already granted follows the new sharing type.
 * @throws Problem 'not_found'; 'forbidden' for anyone but the owner's head or an administrator above it; 'version_conflict'.
 */
export async function updateResource(ctx: Ctx, code: string, change: ResourceChange): Promise<ResourceView> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const current = await findResource(ctx.db, code);
  if (!mayPublish(actor, current.ownerOrgPath)) throw new Problem('forbidden');
  if (change.fields) checkResourceFields(change.fields);
  const { version, ...rest } = change;
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(dataResources)
      .set({ ...rest, ...(rest.subjectKinds ? { subjectKinds: [...new Set(rest.subjectKinds)] } : {}), updatedAt: ctx.clock.now(), version: sql`${dataResources.version} + 1` })
      .where(and(eq(dataResources.id, current.id), eq(dataResources.version, version)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'sharing.resource-update', targetType: 'dataResource', targetId: current.id, before: current, after: updated });
    return updated;
  });
  const [view] = await resourceViews(ctx.db, actor, [row]);
  return view!;
}

// ---------------------------------------------------------------- records, kept by the owner

/** A resource whose records the actor keeps, or 404/403. */
async function ownResource(ctx: Ctx, code: string): Promise<{ actor: Actor; resource: DataResourceRow }> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'reviewer', 'admin');
  const resource = await findResource(ctx.db, code);
  if (!mayKeepRecords(actor, resource.ownerOrgPath)) throw new Problem('forbidden');
  return { actor, resource };
}

/** The subject identifier of a record: a valid resident ID or credit code of a kind the resource holds. */
function checkSubject(resource: DataResourceRow, subjectId: string, field: string): string {
  const id = normaliseSubjectId(subjectId);
  const kind = subjectKindOf(id);
  if (!kind || !resource.subjectKinds.includes(kind)) throw new Problem('sharing.invalid_subject', `${resource.code} holds records of ${resource.subjectKinds.join(' and ')}`, [{ field, message: kind ? `this resource holds no ${kind} records` : 'not a valid resident ID or unified social credit code' }]);
  return id;
}

export interface RecordSummary {
  subjectId: string;
  subjectKind: SubjectKind;
  version: number;
  updatedAt: Date;
}

/** The owner's list of a resource's records: who they are about (masked) and when they changed; reading one is a logged query. */
export async function listRecords(ctx: Ctx, code: string, filter: { subject?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: RecordSummary[] }> {
  const { resource } = await ownResource(ctx, code);
  const where = and(eq(dataRecords.resourceId, resource.id), filter.subject ? eq(dataRecords.subjectId, normaliseSubjectId(filter.subject)) : undefined);
  const [total] = await ctx.db.select({ n: count() }).from(dataRecords).where(where);
  const rows = await ctx.db
    .select({ subjectId: dataRecords.subjectId, version: dataRecords.version, updatedAt: dataRecords.updatedAt })
    .from(dataRecords)
    .where(where)
    .orderBy(desc(dataRecords.updatedAt), asc(dataRecords.subjectId))
    .limit(filter.pageSize)
    .offset(offsetOf(filter));
  return { total: Number(total?.n ?? 0), items: rows.map((r) => ({ subjectId: maskSubject(r.subjectId), subjectKind: subjectKindOf(r.subjectId) ?? 'person', version: r.version, updatedAt: r.updatedAt })) };
}

export interface RecordView extends RecordSummary {
  data: Record<string, unknown>;
}

/**
 * Creates or replaces one subject's record (the owner's own system pushes changes here). Without a
 * `version` it creates (409 when one exists); with the version read it replaces (409 when stale).
 * @throws Problem 'forbidden'; 'not_found'; 'sharing.invalid_subject'; 'validation_failed'; 'duplicate'; 'version_conflict'.
 */
export async function putRecord(ctx: Ctx, code: string, subjectId: string, input: { data: Record<string, unknown>; version?: number | undefined }): Promise<RecordView> {
  const { resource } = await ownResource(ctx, code);
  const id = checkSubject(resource, subjectId, '/params/subjectId');
  const errors = checkRecordData(resource.fields, input.data, '/body/data');
  if (errors.length) throw new Problem('validation_failed', errors[0]!.message, errors);
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [current] = await tx.select().from(dataRecords).where(and(eq(dataRecords.resourceId, resource.id), eq(dataRecords.subjectId, id))).limit(1);
    let written;
    if (input.version === undefined) {
      if (current) throw new Problem('duplicate', 'this subject has a record: send the version you read to replace it');
      [written] = await tx.insert(dataRecords).values({ resourceId: resource.id, subjectId: id, data: input.data, createdAt: now, updatedAt: now }).returning();
    } else {
      if (!current) throw new Problem('not_found');
      [written] = await tx
        .update(dataRecords)
        .set({ data: input.data, updatedAt: now, version: sql`${dataRecords.version} + 1` })
        .where(and(eq(dataRecords.id, current.id), eq(dataRecords.version, input.version)))
        .returning();
      if (!written) throw new Problem('version_conflict');
    }
    // Digests only: the record's personal data never enters the audit log.
    await recordAudit(tx, ctx, { action: current ? 'sharing.record-update' : 'sharing.record-create', targetType: 'dataRecord', targetId: written!.id, before: current, after: written });
    return written!;
  });
  return { subjectId: row.subjectId, subjectKind: subjectKindOf(row.subjectId) ?? 'person', version: row.version, updatedAt: row.updatedAt, data: row.data };
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  created: number;
  updated: number;
  /** Per bad row: its index, the subject (masked), and what is wrong. */
  errors: { row: number; subjectId: string; field: string; message: string }[];
}

/**
 * Imports a batch of records from the owner's system: each row creates or replaces one subject's
 * record. All or nothing: with any bad row nothing is written; a dry run only reports.
 * @throws Problem 'forbidden'; 'not_found'.
 */
export async function importRecords(ctx: Ctx, code: string, rows: { subjectId: string; data: Record<string, unknown> }[], dryRun: boolean): Promise<ImportReport> {
  const { resource } = await ownResource(ctx, code);
  const errors: ImportReport['errors'] = [];
  const seen = new Set<string>();
  const clean: { subjectId: string; data: Record<string, unknown> }[] = [];
  rows.forEach((r, i) => {
    let id: string;
    try {
      id = checkSubject(resource, r.subjectId, `/body/rows/${i}/subjectId`);
    } catch (err) {
      const e = (err as Problem).errors?.[0];
      errors.push({ row: i, subjectId: r.subjectId.length === 18 ? maskSubject(r.subjectId) : r.subjectId.slice(0, 20), field: e?.field ?? `/body/rows/${i}/subjectId`, message: e?.message ?? 'invalid' });
      return;
    }
    if (seen.has(id)) errors.push({ row: i, subjectId: maskSubject(id), field: `/body/rows/${i}/subjectId`, message: 'the same subject twice in one batch' });
    seen.add(id);
    for (const e of checkRecordData(resource.fields, r.data, `/body/rows/${i}/data`)) errors.push({ row: i, subjectId: maskSubject(id), ...e });
    clean.push({ subjectId: id, data: r.data });
  });
  const existing = clean.length
    ? new Set((await ctx.db.select({ s: dataRecords.subjectId }).from(dataRecords).where(and(eq(dataRecords.resourceId, resource.id), inArray(dataRecords.subjectId, clean.map((r) => r.subjectId))))).map((r) => r.s))
    : new Set<string>();
  const report: ImportReport = { ok: errors.length === 0, dryRun, created: clean.filter((r) => !existing.has(r.subjectId)).length, updated: clean.filter((r) => existing.has(r.subjectId)).length, errors };
  if (!report.ok || dryRun || !clean.length) return report;
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx
      .insert(dataRecords)
      .values(clean.map((r) => ({ resourceId: resource.id, subjectId: r.subjectId, data: r.data, createdAt: now, updatedAt: now })))
      .onConflictDoUpdate({ target: [dataRecords.resourceId, dataRecords.subjectId], set: { data: sql`excluded.data`, updatedAt: now, version: sql`${dataRecords.version} + 1` } });
    await recordAudit(tx, ctx, { action: 'sharing.record-import', targetType: 'dataResource', targetId: resource.id, after: { created: report.created, updated: report.updated, rows: clean } });
  });
  return report;
}

// ---------------------------------------------------------------- access applications

export type ApplicationAction = 'approve' | 'refuse' | 'revoke';

export interface ApplicationView {
  id: string;
  resource: { id: string; code: string; name: string; nameEn: string; sharingType: SharingType; fields: ResourceField[] };
  owner: OrgRef;
  consumer: OrgRef;
  purpose: string;
  requestedFields: string[];
  approvedFields: string[] | null;
  requestedUntil: IsoDate;
  validUntil: IsoDate | null;
  status: ApplicationStatus;
  /** An approved application past its last day. */
  expired: boolean;
  answer: string | null;
  appliedBy: { id: string; displayName: string };
  appliedAt: Date;
  decidedBy: { id: string; displayName: string } | null;
  decidedAt: Date | null;
  version: number;
  allowedActions: ApplicationAction[];
}

async function applicationViews(ctx: Ctx, rows: AccessApplicationRow[]): Promise<ApplicationView[]> {
  const actor = requireActor(ctx.actor);
  if (!rows.length) return [];
  const resources = new Map((await ctx.db.select().from(dataResources).where(inArray(dataResources.id, [...new Set(rows.map((r) => r.resourceId))]))).map((r) => [r.id, r]));
  const orgs = await findOrgsByIds(ctx.db, rows.flatMap((r) => [r.ownerOrgId, r.consumerOrgId]));
  const people = new Map((await ctx.db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.flatMap((r) => [r.appliedBy, ...(r.decidedBy ? [r.decidedBy] : [])]))]))).map((u) => [u.id, u]));
  const today = shanghaiDate(ctx.clock.now());
  const person = (id: string) => ({ id, displayName: people.get(id)?.displayName ?? '' });
  return rows.map((r) => {
    const res = resources.get(r.resourceId)!;
    const decides = mayActFor(actor, r.ownerOrgPath);
    const allowedActions: ApplicationAction[] = !decides ? [] : r.status === 'pending' ? ['approve', 'refuse'] : isCurrent({ ...r, approvedFields: r.approvedFields }, today) ? ['revoke'] : [];
    return {
      id: r.id, resource: { id: res.id, code: res.code, name: res.name, nameEn: res.nameEn, sharingType: res.sharingType, fields: res.fields }, owner: orgRef(orgs.get(r.ownerOrgId), r.ownerOrgId), consumer: orgRef(orgs.get(r.consumerOrgId), r.consumerOrgId),
      purpose: r.purpose, requestedFields: r.requestedFields, approvedFields: r.approvedFields, requestedUntil: r.requestedUntil, validUntil: r.validUntil, status: r.status,
      expired: r.status === 'approved' && !!r.validUntil && r.validUntil < today, answer: r.answer, appliedBy: person(r.appliedBy), appliedAt: r.appliedAt,
      decidedBy: r.decidedBy ? person(r.decidedBy) : null, decidedAt: r.decidedAt, version: r.version, allowedActions,
    };
  });
}

/** The heads of a department, to be told of an application or its answer. */
async function headsOf(tx: Tx, orgId: string) {
  return tx.select({ id: users.id, phone: users.phone, email: users.email }).from(users).where(and(eq(users.orgId, orgId), eq(users.active, true), sql`${users.roles} && ARRAY['departmentHead']::text[]`));
}

export interface ApplicationInput {
  resourceCode: string;
  purpose: string;
  fields: string[];
  validUntil: IsoDate;
  /** The consumer department (id or code); default: the applicant's own. */
  consumerOrg?: string | undefined;
}

/**
 * A consumer department applies for access to a conditional resource, with a purpose, the fields it
 * needs and how long; the owner's heads are told.
 * @throws Problem 'forbidden'; 'not_found'; 'sharing.not_shared', 'sharing.no_approval_needed', 'sharing.own_resource'; 'sharing.application_open'; 'validation_failed'.
 */
export async function applyForAccess(ctx: Ctx, input: ApplicationInput): Promise<ApplicationView> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const resource = await findResource(ctx.db, input.resourceCode);
  const consumer = await findOrg(ctx.db, input.consumerOrg ?? actor.orgId ?? '');
  if (!consumer || !mayActFor(actor, consumer.path)) throw new Problem(input.consumerOrg ? 'not_found' : 'forbidden');
  if (consumer.kind !== 'department') throw new Problem('validation_failed', 'applications are made by departments', [{ field: '/body/consumerOrg', message: 'must be a department' }]);
  const refusal = applicationRefusal(resource.sharingType, consumer.id === resource.ownerOrgId);
  if (refusal) throw new Problem(refusal);
  const today = shanghaiDate(ctx.clock.now());
  const errors = checkGrant(resource.fields.map((f) => f.key), input.fields, input.validUntil, today, '/body');
  if (errors.length) throw new Problem('validation_failed', errors[0]!.message, errors);
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [open] = await tx.select({ id: accessApplications.id }).from(accessApplications).where(and(eq(accessApplications.resourceId, resource.id), eq(accessApplications.consumerOrgId, consumer.id), eq(accessApplications.status, 'pending'))).limit(1);
    if (open) throw new Problem('sharing.application_open');
    const [created] = await tx
      .insert(accessApplications)
      .values({
        resourceId: resource.id, ownerOrgId: resource.ownerOrgId, ownerOrgPath: resource.ownerOrgPath, consumerOrgId: consumer.id, consumerOrgPath: consumer.path, purpose: input.purpose.trim(),
        requestedFields: input.fields, requestedUntil: input.validUntil, status: 'pending', appliedBy: actor.id, appliedAt: now,
      })
      .returning();
    for (const head of await headsOf(tx, resource.ownerOrgId)) {
      await notifyUser(tx, { userId: head.id, template: 'sharing.application_submitted', params: { consumer: consumer.name, resource: resource.name, purpose: created!.purpose }, now }, head);
    }
    await recordAudit(tx, ctx, { action: 'sharing.application-submit', targetType: 'accessApplication', targetId: created!.id, after: created });
    return created!;
  });
  const [view] = await applicationViews(ctx, [row]);
  return view!;
}

export interface ApplicationFilter {
  /** `incoming`: applications to the reader's departments as owner; `outgoing`: theirs as consumer. */
  box: 'incoming' | 'outgoing';
  status?: ApplicationStatus | undefined;
  resource?: string | undefined;
  page: number;
  pageSize: number;
}

/** Applications to or from the reader's subtree (heads, administrators, supervisors), pending first, newest first. */
export async function listApplications(ctx: Ctx, filter: ApplicationFilter): Promise<{ total: number; items: ApplicationView[] }> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin', 'supervisor');
  const where: (SQL | undefined)[] = [scopeCondition(actor, filter.box === 'incoming' ? accessApplications.ownerOrgPath : accessApplications.consumerOrgPath)];
  if (filter.status) where.push(eq(accessApplications.status, filter.status));
  if (filter.resource) {
    const [r] = await ctx.db.select({ id: dataResources.id }).from(dataResources).where(eq(dataResources.code, filter.resource)).limit(1);
    where.push(eq(accessApplications.resourceId, r?.id ?? '00000000-0000-0000-0000-000000000000'));
  }
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(accessApplications).where(condition);
  const rows = await ctx.db.select().from(accessApplications).where(condition).orderBy(sql`${accessApplications.status} <> 'pending'`, desc(accessApplications.appliedAt)).limit(filter.pageSize).offset(offsetOf(filter));
  return { total: Number(total?.n ?? 0), items: await applicationViews(ctx, rows) };
}

/** An application the reader may see (owner or consumer side), or 404. */
async function applicationInScope(ctx: Ctx, id: string): Promise<AccessApplicationRow> {
  const actor = requireActor(ctx.actor);
  const [row] = await ctx.db.select().from(accessApplications).where(eq(accessApplications.id, id)).limit(1);
  if (!row || !(mayWatch(actor, row.ownerOrgPath) || mayWatch(actor, row.consumerOrgPath))) throw new Problem('not_found');
  return row;
}

export async function getApplication(ctx: Ctx, id: string): Promise<ApplicationView> {
  const [view] = await applicationViews(ctx, [await applicationInScope(ctx, id)]);
  return view!;
}

type Decision = { kind: 'approve'; fields: string[]; validUntil?: IsoDate | undefined; note?: string | undefined } | { kind: 'refuse' | 'revoke'; reason: string };

/**
 * The owner answers an application: approve (possibly fewer fields, a shorter validity), refuse with a
 * reason, or later revoke an approval. The consumer's heads and the applicant are told.
 * @throws Problem 'not_found'; 'forbidden' (only the owner's heads and administrators above it); 'sharing.invalid_transition'; 'version_conflict'; 'validation_failed'.
 */
export async function decideApplication(ctx: Ctx, id: string, version: number, decision: Decision): Promise<ApplicationView> {
  requireRole(ctx.actor, 'departmentHead', 'admin');
  const current = await applicationInScope(ctx, id);
  if (!mayActFor(ctx.actor, current.ownerOrgPath)) throw new Problem('forbidden');
  const today = shanghaiDate(ctx.clock.now());
  const from: ApplicationStatus = decision.kind === 'revoke' ? 'approved' : 'pending';
  if (current.status !== from || (decision.kind === 'revoke' && !isCurrent(current, today))) throw new Problem('sharing.invalid_transition');
  const [resource] = await ctx.db.select().from(dataResources).where(eq(dataResources.id, current.resourceId));
  let set: Partial<AccessApplicationRow>;
  if (decision.kind === 'approve') {
    const validUntil = decision.validUntil ?? current.requestedUntil;
    const errors = checkGrant(resource!.fields.map((f) => f.key), decision.fields, validUntil, today, '/body', { fields: current.requestedFields, until: current.requestedUntil });
    if (errors.length) throw new Problem('validation_failed', errors[0]!.message, errors);
    set = { status: 'approved', approvedFields: resource!.fields.map((f) => f.key).filter((k) => decision.fields.includes(k)), validUntil, answer: decision.note?.trim() || null };
  } else {
    set = { status: decision.kind === 'refuse' ? 'refused' : 'revoked', answer: decision.reason.trim() };
  }
  const row = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(accessApplications)
      .set({ ...set, decidedBy: ctx.actor!.id, decidedAt: now, version: sql`${accessApplications.version} + 1` })
      .where(and(eq(accessApplications.id, id), eq(accessApplications.version, version), eq(accessApplications.status, from)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    const owner = await findOrg(tx, current.ownerOrgId);
    const result = { approve: '批准', refuse: '驳回', revoke: '撤销' }[decision.kind];
    // The consumer's heads and whoever applied (once, whether or not they are a head).
    const heads = await headsOf(tx, current.consumerOrgId);
    for (const head of heads) await notifyUser(tx, { userId: head.id, template: 'sharing.application_decided', params: { owner: owner?.name ?? '', resource: resource!.name, result }, now }, head);
    if (!heads.some((h) => h.id === current.appliedBy)) await notifyUser(tx, { userId: current.appliedBy, template: 'sharing.application_decided', params: { owner: owner?.name ?? '', resource: resource!.name, result }, now });
    await recordAudit(tx, ctx, { action: `sharing.application-${decision.kind}`, targetType: 'accessApplication', targetId: id, before: current, after: updated });
    return updated!;
  });
  const [view] = await applicationViews(ctx, [row]);
  return view!;
}

// ---------------------------------------------------------------- credentials

export interface CredentialView {
  id: string;
  clientId: string;
  name: string;
  org: OrgRef;
  createdBy: { id: string; displayName: string };
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  version: number;
}

async function credentialViews(q: Queryable, rows: SharingCredentialRow[]): Promise<CredentialView[]> {
  if (!rows.length) return [];
  const orgs = await findOrgsByIds(q, rows.map((r) => r.orgId));
  const people = new Map((await q.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.createdBy))]))).map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    id: r.id, clientId: r.clientId, name: r.name, org: orgRef(orgs.get(r.orgId), r.orgId), createdBy: { id: r.createdBy, displayName: people.get(r.createdBy) ?? '' },
    createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt, version: r.version,
  }));
}

/** The credentials of the reader's departments (heads: their own; administrators: their subtree's), active first. */
export async function listCredentials(ctx: Ctx, filter: { page: number; pageSize: number }): Promise<{ total: number; items: CredentialView[] }> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const condition = scopeCondition(actor, sharingCredentials.orgPath);
  const [total] = await ctx.db.select({ n: count() }).from(sharingCredentials).where(condition);
  const rows = await ctx.db.select().from(sharingCredentials).where(condition).orderBy(sql`${sharingCredentials.revokedAt} IS NOT NULL`, desc(sharingCredentials.createdAt)).limit(filter.pageSize).offset(offsetOf(filter));
  return { total: Number(total?.n ?? 0), items: await credentialViews(ctx.db, rows) };
}

/**
 * Creates API credentials for a department. The secret is returned this once: only its SHA-256 is
 * kept (like session tokens: 256 random bits need no slow hash).
 * @throws Problem 'forbidden'; 'not_found' for a department outside the reader's scope; 'validation_failed'.
 */
export async function createCredential(ctx: Ctx, input: { name: string; org?: string | undefined }): Promise<{ credential: CredentialView; secret: string; token: string }> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const org = await findOrg(ctx.db, input.org ?? actor.orgId ?? '');
  if (!org || !mayActFor(actor, org.path)) throw new Problem(input.org ? 'not_found' : 'forbidden');
  if (org.kind !== 'department') throw new Problem('validation_failed', 'credentials belong to a department', [{ field: '/body/org', message: 'must be a department' }]);
  const clientId = `ds_${randomBytes(10).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(sharingCredentials).values({ clientId, secretHash: hashToken(secret), orgId: org.id, orgPath: org.path, name: input.name.trim(), createdBy: actor.id, createdAt: ctx.clock.now() }).returning();
    await recordAudit(tx, ctx, { action: 'sharing.credential-create', targetType: 'sharingCredential', targetId: created!.id, after: { ...created, secretHash: undefined } });
    return created!;
  });
  const [credential] = await credentialViews(ctx.db, [row]);
  return { credential: credential!, secret, token: `${clientId}.${secret}` };
}

/**
 * Revokes credentials at once: every later query with them is refused (401).
 * @throws Problem 'not_found' outside the reader's scope; 'forbidden'; 'sharing.invalid_transition' when already revoked; 'version_conflict'.
 */
export async function revokeCredential(ctx: Ctx, id: string, version: number): Promise<CredentialView> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin');
  const [current] = await ctx.db.select().from(sharingCredentials).where(eq(sharingCredentials.id, id)).limit(1);
  if (!current || !mayActFor(actor, current.orgPath)) throw new Problem('not_found');
  if (current.revokedAt) throw new Problem('sharing.invalid_transition');
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(sharingCredentials)
      .set({ revokedAt: ctx.clock.now(), revokedBy: actor.id, version: sql`${sharingCredentials.version} + 1` })
      .where(and(eq(sharingCredentials.id, id), eq(sharingCredentials.version, version), sql`${sharingCredentials.revokedAt} IS NULL`))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'sharing.credential-revoke', targetType: 'sharingCredential', targetId: id, before: { ...current, secretHash: undefined }, after: { ...updated, secretHash: undefined } });
    return updated;
  });
  const [view] = await credentialViews(ctx.db, [row]);
  return view!;
}
