import { timingSafeEqual } from 'node:crypto';
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DenialReason, QueryResult } from '../../../common/sharing.js';
import { addDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Db, Queryable, Tx } from '../../db/client.js';
import { requireActor, requireRole, scopeCondition } from '../../platform/access.js';
import { findUser, hashToken } from '../../platform/auth.js';
import { systemClock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { users } from '../../platform/schema.js';
import { findOrg, findOrgsByIds } from '../orgs/index.js';
import { decideAccess, mayQueryInPerson, normaliseSubjectId, parseBearer, resultOf, shapeRecord, subjectKindOf, type AccessDecision, type ShapedRecord } from './rules.js';
import { dataRecords, dataResources, sharingCredentials, sharingQueries, type DataResourceRow, type SharingQueryRow } from './schema.js';
import { applicationsOf, findResource, maskSubject, offsetOf, orgRef, type OrgRef } from './service.js';

// Querying shared data, and the query log (R2.2): every query — by credentials, by a member of staff,
// or inside a case — is decided by the access rule, shaped by the masking rule and logged in the
// same transaction, whatever its result.

/** A subject's record as a consumer receives it (the contract with the case engine). */
export type SharedRecord = {
  resourceCode: string;
  resourceName: string;
  ownerOrgId: string;
  subjectId: string;
  version: number;
  updatedAt: Date;
  /** Every field of the resource: in clear, de-identified, or null when withheld. */
  fields: Record<string, unknown>;
  /** The fields not sent in clear. */
  masked: string[];
  /** The query-log entry of this read. */
  logId: string;
};

/** Who asks: a department, through its credentials, one of its staff, or a case it handles. */
interface Consumer {
  orgId: string;
  orgPath: string;
  credentialId: string | null;
  actorId: string | null;
}

interface Asked {
  resource: DataResourceRow;
  consumer: Consumer;
  subjectId: string;
  purpose: string;
  caseId: string | null;
  now: Date;
}

interface Answer {
  decision: AccessDecision;
  record: SharedRecord | null;
  result: QueryResult;
  logId: string;
}

/** Decides, reads, shapes and logs one query inside the caller's transaction. */
async function runQuery(tx: Tx, asked: Asked): Promise<Answer> {
  const { resource, consumer, subjectId, now } = asked;
  const isOwner = consumer.orgId === resource.ownerOrgId;
  const forCase = asked.caseId !== null;
  const needsApplications = !isOwner && !forCase && resource.sharingType === 'conditional';
  const decision = decideAccess({
    sharingType: resource.sharingType, fields: resource.fields, isOwner, forCase,
    applications: needsApplications ? await applicationsOf(tx, resource.id, consumer.orgId) : [], today: shanghaiDate(now),
  });
  // A resource holds records of some kinds of subject only: a company has no household registration.
  const kind = subjectKindOf(subjectId);
  const [row] = decision.allowed && kind && resource.subjectKinds.includes(kind)
    ? await tx.select().from(dataRecords).where(and(eq(dataRecords.resourceId, resource.id), eq(dataRecords.subjectId, subjectId))).limit(1)
    : [];
  const shaped: ShapedRecord | null = decision.allowed && row ? shapeRecord(resource.fields, row.data, decision) : null;
  const result = resultOf(decision, shaped);
  const [log] = await tx
    .insert(sharingQueries)
    .values({
      at: now, resourceId: resource.id, resourceCode: resource.code, ownerOrgId: resource.ownerOrgId, ownerOrgPath: resource.ownerOrgPath, consumerOrgId: consumer.orgId, consumerOrgPath: consumer.orgPath,
      credentialId: consumer.credentialId, actorId: consumer.actorId, caseId: asked.caseId, applicationId: decision.applicationId, purpose: asked.purpose.trim(), subjectId,
      fields: shaped?.clear ?? [], maskedFields: shaped?.masked ?? [], result, denialReason: decision.allowed ? null : decision.reason, recordVersion: row?.version ?? null,
    })
    .returning({ id: sharingQueries.id });
  if (consumer.credentialId) await tx.update(sharingCredentials).set({ lastUsedAt: now }).where(eq(sharingCredentials.id, consumer.credentialId));
  const record: SharedRecord | null = shaped && row
    ? { resourceCode: resource.code, resourceName: resource.name, ownerOrgId: resource.ownerOrgId, subjectId, version: row.version, updatedAt: row.updatedAt, fields: shaped.fields, masked: shaped.masked, logId: log!.id }
    : null;
  return { decision, record, result, logId: log!.id };
}

/**
 * Reads a subject's record of a resource on behalf of a case's intake organisation (R1.3: the
 * applicant consented to shared data replacing a material). A use inside a case is an authorised
 * purpose for every resource that is shared at all; conditional resources come masked as for any
 * consumer. Logs the query in the caller's transaction (it rolls back with it).
 * @returns null when the subject has no record.
 * @throws Problem 'not_found' for an unknown resource or organisation; 'sharing.invalid_subject'; 'sharing.access_denied' for a resource not shared.
 */
export async function lookupForCase(tx: Tx, input: { resourceCode: string; subjectId: string; consumerOrgId: string; actorId: string | null; purpose: string; caseId: string; /** The case's clock (`ctx.clock.now()`); default the system's. */ now?: Date }): Promise<SharedRecord | null> {
  const resource = await findResource(tx, input.resourceCode);
  const org = await findOrg(tx, input.consumerOrgId);
  if (!org) throw new Problem('not_found', `no organisation ${input.consumerOrgId}`);
  const subjectId = normaliseSubjectId(input.subjectId);
  if (!subjectKindOf(subjectId)) throw new Problem('sharing.invalid_subject');
  const answer = await runQuery(tx, {
    resource, subjectId, purpose: input.purpose, caseId: input.caseId, now: input.now ?? systemClock.now(),
    consumer: { orgId: org.id, orgPath: org.path, credentialId: null, actorId: input.actorId },
  });
  if (!answer.decision.allowed) throw new Problem('sharing.access_denied', `${resource.code}: ${answer.decision.reason}`);
  return answer.record;
}

/** Finds the credentials behind an `Authorization` header; null when unknown, wrong or revoked. */
async function credentialFor(db: Db, header: string): Promise<{ id: string; orgId: string; orgPath: string } | null> {
  const parsed = parseBearer(header);
  if (!parsed) return null;
  const [row] = await db.select().from(sharingCredentials).where(eq(sharingCredentials.clientId, parsed.clientId)).limit(1);
  // Compared in constant time, so the hash cannot be guessed byte by byte from response times.
  const ok = !!row && timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(hashToken(parsed.secret), 'hex'));
  return ok && !row.revokedAt ? { id: row.id, orgId: row.orgId, orgPath: row.orgPath } : null;
}

export type QueryAnswer = SharedRecord & { result: 'returned' | 'masked' };

const denialText: Record<DenialReason, string> = {
  notShared: 'the resource is not shared',
  noApplication: 'your department has no approved application for this resource',
  pending: 'your department\'s application is still pending',
  expired: 'your department\'s approval has expired',
  refused: 'your department\'s application was refused',
  revoked: 'your department\'s approval was revoked',
};

/**
 * A consumer queries a subject's record: with its department's credentials (`Authorization: Bearer
 * <clientId>.<secret>`), or a member of staff as their department. Denials and unknown subjects are
 * logged too, then answered 403 and 404.
 * @throws Problem 'sharing.invalid_credential' (401); 'forbidden' for staff who do not handle cases; 'not_found' for an unknown resource;
 *   'sharing.invalid_subject'; 'sharing.access_denied' (403, with the reason); 'sharing.no_record' (404).
 */
export async function queryRecord(ctx: Ctx, input: { code: string; subjectId: string; purpose: string; authorization: string | undefined }): Promise<QueryAnswer> {
  let consumer: Consumer;
  if (input.authorization !== undefined) {
    const credential = await credentialFor(ctx.db, input.authorization);
    if (!credential) throw new Problem('sharing.invalid_credential');
    consumer = { orgId: credential.orgId, orgPath: credential.orgPath, credentialId: credential.id, actorId: null };
  } else {
    if (!ctx.actor) throw new Problem('sharing.invalid_credential');
    if (!mayQueryInPerson(ctx.actor)) throw new Problem('forbidden');
    const org = await findOrg(ctx.db, ctx.actor.orgId!);
    if (!org) throw new Problem('forbidden');
    consumer = { orgId: org.id, orgPath: org.path, credentialId: null, actorId: ctx.actor.id };
  }
  const resource = await findResource(ctx.db, input.code);
  const subjectId = normaliseSubjectId(input.subjectId);
  if (!subjectKindOf(subjectId)) throw new Problem('sharing.invalid_subject', undefined, [{ field: '/params/subjectId', message: 'not a valid resident ID or unified social credit code' }]);
  const answer = await ctx.db.transaction((tx) => runQuery(tx, { resource, consumer, subjectId, purpose: input.purpose, caseId: null, now: ctx.clock.now() }));
  // Committed first: a refusal is on the record as much as an answer.
  if (!answer.decision.allowed) throw new Problem('sharing.access_denied', denialText[answer.decision.reason]);
  if (!answer.record) throw new Problem('sharing.no_record');
  return { ...answer.record, result: answer.result === 'masked' ? 'masked' : 'returned' };
}

// ---------------------------------------------------------------- the query log

export interface FieldRef {
  key: string;
  name: string;
  nameEn: string;
}

export interface QueryLogEntry {
  id: string;
  at: Date;
  resource: { code: string; name: string; nameEn: string };
  owner: OrgRef;
  consumer: OrgRef;
  credential: { id: string; clientId: string; name: string } | null;
  actor: { id: string; displayName: string } | null;
  caseId: string | null;
  purpose: string;
  /** Masked: personal data is masked in lists. */
  subjectId: string;
  fields: FieldRef[];
  maskedFields: FieldRef[];
  result: QueryResult;
  denialReason: DenialReason | null;
  recordVersion: number | null;
}

/** What a log entry needs besides its row: resources, organisations, credentials and staff, each in one query. */
async function logContext(q: Queryable, rows: SharingQueryRow[], withWho: boolean) {
  const resources = rows.length ? new Map((await q.select().from(dataResources).where(inArray(dataResources.id, [...new Set(rows.map((r) => r.resourceId))]))).map((r) => [r.id, r])) : new Map<string, DataResourceRow>();
  const orgs = await findOrgsByIds(q, rows.flatMap((r) => [r.ownerOrgId, r.consumerOrgId]));
  const credentialIds = withWho ? [...new Set(rows.flatMap((r) => (r.credentialId ? [r.credentialId] : [])))] : [];
  const actorIds = withWho ? [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))] : [];
  const credentials = credentialIds.length ? new Map((await q.select({ id: sharingCredentials.id, clientId: sharingCredentials.clientId, name: sharingCredentials.name }).from(sharingCredentials).where(inArray(sharingCredentials.id, credentialIds))).map((c) => [c.id, c])) : new Map();
  const people = actorIds.length ? new Map((await q.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, actorIds))).map((u) => [u.id, u])) : new Map();
  const fieldRefs = (r: SharingQueryRow, keys: string[]): FieldRef[] => {
    const defs = resources.get(r.resourceId)?.fields ?? [];
    return keys.map((key) => {
      const f = defs.find((d) => d.key === key);
      return { key, name: f?.name ?? key, nameEn: f?.nameEn ?? key };
    });
  };
  const resourceRef = (r: SharingQueryRow) => {
    const res = resources.get(r.resourceId);
    return { code: r.resourceCode, name: res?.name ?? r.resourceCode, nameEn: res?.nameEn ?? r.resourceCode };
  };
  return { orgs, credentials, people, fieldRefs, resourceRef };
}

export interface QueryLogFilter {
  /** `owner`: queries of the reader's departments' resources; `consumer`: the queries their departments made. */
  side: 'owner' | 'consumer';
  resource?: string | undefined;
  /** A whole resident ID or credit code. */
  subject?: string | undefined;
  result?: QueryResult | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  page: number;
  pageSize: number;
}

/** A day's start in Asia/Shanghai as an instant (UTC+8, no daylight saving). */
const shanghaiMidnight = (day: IsoDate): Date => new Date(`${day}T00:00:00+08:00`);

/** The query log of the reader's subtree, newest first: heads see their department's, administrators and supervisors their subtree's. */
export async function listQueryLog(ctx: Ctx, filter: QueryLogFilter): Promise<{ total: number; items: QueryLogEntry[] }> {
  const actor = requireRole(ctx.actor, 'departmentHead', 'admin', 'supervisor');
  const where: (SQL | undefined)[] = [scopeCondition(actor, filter.side === 'owner' ? sharingQueries.ownerOrgPath : sharingQueries.consumerOrgPath)];
  if (filter.resource) where.push(eq(sharingQueries.resourceCode, filter.resource));
  if (filter.subject) where.push(eq(sharingQueries.subjectId, normaliseSubjectId(filter.subject)));
  if (filter.result) where.push(eq(sharingQueries.result, filter.result));
  if (filter.from) where.push(sql`${sharingQueries.at} >= ${shanghaiMidnight(filter.from).toISOString()}::timestamptz`);
  if (filter.to) where.push(sql`${sharingQueries.at} < ${shanghaiMidnight(addDays(filter.to, 1)).toISOString()}::timestamptz`);
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(sharingQueries).where(condition);
  const rows = await ctx.db.select().from(sharingQueries).where(condition).orderBy(desc(sharingQueries.at), desc(sharingQueries.id)).limit(filter.pageSize).offset(offsetOf(filter));
  const c = await logContext(ctx.db, rows, true);
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id, at: r.at, resource: c.resourceRef(r), owner: orgRef(c.orgs.get(r.ownerOrgId), r.ownerOrgId), consumer: orgRef(c.orgs.get(r.consumerOrgId), r.consumerOrgId),
      credential: r.credentialId ? (c.credentials.get(r.credentialId) ?? null) : null, actor: r.actorId ? (c.people.get(r.actorId) ?? null) : null, caseId: r.caseId, purpose: r.purpose,
      subjectId: maskSubject(r.subjectId), fields: c.fieldRefs(r, r.fields), maskedFields: c.fieldRefs(r, r.maskedFields), result: r.result, denialReason: r.denialReason, recordVersion: r.recordVersion,
    })),
  };
}

export interface MyAccessEntry {
  id: string;
  at: Date;
  resource: { code: string; name: string; nameEn: string };
  owner: OrgRef;
  consumer: OrgRef;
  purpose: string;
  fields: FieldRef[];
  maskedFields: FieldRef[];
  result: QueryResult;
  /** Read while a case was being handled (the applicant consented). */
  forCase: boolean;
}

/**
 * "Who looked at my data" (谁查看了我的数据): every query about the signed-in applicant's own resident
 * ID or credit code, newest first — which organisations, why, which fields, when; never the credential
 * or the member of staff.
 * @throws Problem 'forbidden' for staff (they have no ID number here).
 */
export async function listMyAccessLog(ctx: Ctx, filter: { page: number; pageSize: number }): Promise<{ total: number; items: MyAccessEntry[] }> {
  const actor = requireActor(ctx.actor);
  if (actor.kind === 'staff') throw new Problem('forbidden');
  const user = await findUser(ctx.db, actor.id);
  const subjectId = user?.residentId ?? user?.creditCode;
  if (!subjectId) return { total: 0, items: [] };
  const condition = eq(sharingQueries.subjectId, subjectId);
  const [total] = await ctx.db.select({ n: count() }).from(sharingQueries).where(condition);
  const rows = await ctx.db.select().from(sharingQueries).where(condition).orderBy(desc(sharingQueries.at), desc(sharingQueries.id)).limit(filter.pageSize).offset(offsetOf(filter));
  const c = await logContext(ctx.db, rows, false);
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id, at: r.at, resource: c.resourceRef(r), owner: orgRef(c.orgs.get(r.ownerOrgId), r.ownerOrgId), consumer: orgRef(c.orgs.get(r.consumerOrgId), r.consumerOrgId),
      purpose: r.purpose, fields: c.fieldRefs(r, r.fields), maskedFields: c.fieldRefs(r, r.maskedFields), result: r.result, forCase: r.caseId !== null,
    })),
  };
}
