import { createHash, randomBytes } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { v7 as uuidv7 } from 'uuid';
import addFormats from 'ajv-formats';
import { and, asc, desc, eq, inArray, isNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CaseAction, CaseStatus, DeliveryMethod, FilingChannel, SuspendReason } from '../../../common/cases.js';
import type { FormSchema, MaterialSpec } from '../../../common/catalog.js';
import { isValidCreditCode, isValidResidentId } from '../../../common/id-codes.js';
import { addWorkingDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Db, Queryable, Tx } from '../../db/client.js';
import { placeholders, preparedQuery } from '../../db/prepared.js';
import { hasRole, requireActor, scopeCondition, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { findUser, hashPassword } from '../../platform/auth.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { canonicalJson } from '../../platform/digest.js';
import { Problem, sqlState, type FieldError } from '../../platform/errors.js';
import { describeFiles, filesOwnedBy, type FileInfo } from '../../platform/files.js';
import { notifyUser } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import { implementationFor, getVersion, type ItemVersionRow } from '../catalog/index.js';
import { checkSeal, issueCertificate, sealWith } from '../certificates/index.js';
import { departmentAbove, findOrg, findWindowSite, getSite, type OrgRow } from '../orgs/index.js';
import { actorFacts, canRead, placeOf, type ActorPlace } from './access.js';
import { localCourier, type Courier } from './courier.js';
import { asInput, commitmentKeys, earlierMaterials, fileValues, materialValues, provisionErrors, recheckCertificates, type MaterialInput } from './materials.js';
import { allowedActions, CERTIFICATE_DAYS, computeClock, deliveryChoiceOf, EXTENSION_DAYS, formatCaseNumber, listWarning, nextStatus, reviewBoxStatuses, sameVisit, tripFacts, workingDaysLeft, type CaseClock, type CaseFacts, type ClockEvent, type DeliveryChoiceInput, type ReviewBox } from './rules.js';
import { caseEvents, caseMaterials, caseNumberCounters, cases, caseTasks, caseTrips, commitmentBreaches, type CaseDecision, type CaseEventRow, type CaseRow } from './schema.js';

/** The courier for express delivery; the local one unless a real one is configured. */
let courier: Courier = localCourier;
export const useCourier = (c: Courier): void => {
  courier = c;
};

// ---------------------------------------------------------------- loading and access

export interface Loaded {
  row: CaseRow;
  place: ActorPlace;
  facts: ReturnType<typeof actorFacts>;
  openTaskPaths: string[];
  /** The case's parallel tasks, oldest first. */
  tasks: (typeof caseTasks.$inferSelect)[];
}

/**
 * The case if the actor may see it, with how they relate to it; 404 otherwise, so ids outside the
 * actor's reach stay hidden. `lock` takes a row lock for a transition.
 */
// What every case request reads, built once (server/db/prepared.ts).
const caseById = preparedQuery('onetrip_case_by_id', (q) => q.select().from(cases).where(eq(cases.id, sql.placeholder('caseId'))));
const tasksOfCase = preparedQuery('onetrip_case_tasks', (q) => q.select().from(caseTasks).where(eq(caseTasks.caseId, sql.placeholder('caseId'))).orderBy(asc(caseTasks.createdAt)));
const eventsOfCase = preparedQuery('onetrip_case_events', (q) => q.select().from(caseEvents).where(eq(caseEvents.caseId, sql.placeholder('caseId'))).orderBy(asc(caseEvents.id)));
const materialsOfCase = preparedQuery('onetrip_case_materials', (q) => q.select().from(caseMaterials).where(eq(caseMaterials.caseId, sql.placeholder('caseId'))).orderBy(asc(caseMaterials.materialKey)));
const tripsOfCase = preparedQuery('onetrip_case_trips', (q) => q.select().from(caseTrips).where(eq(caseTrips.caseId, sql.placeholder('caseId'))).orderBy(asc(caseTrips.at)));
const pendingOfCase = preparedQuery('onetrip_case_pending', (q) => q.select({ n: sql<number>`count(*)::int` }).from(caseMaterials).where(and(eq(caseMaterials.caseId, sql.placeholder('caseId')), eq(caseMaterials.status, 'pending'))));
const caseByIdempotencyKey = preparedQuery('onetrip_case_by_idempotency_key', (q) =>
  q.select({ id: cases.id, requestHash: cases.requestHash }).from(cases).where(and(eq(cases.filedBy, sql.placeholder('filedBy')), eq(cases.idempotencyKey, sql.placeholder('key')))).limit(1),
);

export async function loadInScope(q: Queryable, actor: Actor | null, caseId: string): Promise<Loaded> {
  const a = requireActor(actor);
  const [row] = await caseById(q, { caseId });
  if (!row) throw new Problem('not_found');
  const tasks = await tasksOfCase(q, { caseId });
  const openTaskPaths = tasks.filter((t) => t.status === 'open').map((t) => t.orgPath);
  const place = await placeOf(q, a);
  const facts = actorFacts(place, row, openTaskPaths);
  if (!canRead(place, row, facts, tasks.map((t) => t.orgPath))) throw new Problem('not_found');
  return { row, place, facts, openTaskPaths, tasks };
}

/** `pendingMaterials`: the count when the caller has the case's materials at hand; counted here otherwise. */
async function caseFacts(q: Queryable, row: CaseRow, openTasks: number, pendingMaterials?: number): Promise<CaseFacts> {
  const [pending] = pendingMaterials === undefined ? await pendingOfCase(q, { caseId: row.id }) : [{ n: pendingMaterials }];
  return {
    status: row.status,
    atDecisionOrg: row.handlerOrgId === row.decisionOrgId,
    openTasks,
    extended: row.extended,
    outcome: row.outcome,
    certificateIssued: !!row.certificateId,
    pendingMaterials: pending?.n ?? 0,
  };
}

/** @throws Problem 'forbidden' unless the lifecycle and the actor's place both allow the action. */
async function requireAllowed(q: Queryable, loaded: Loaded, action: CaseAction): Promise<void> {
  const allowed = allowedActions(await caseFacts(q, loaded.row, loaded.openTaskPaths.length), loaded.facts);
  if (allowed.includes(action)) return;
  // Say "wrong state" when the state is the reason, "forbidden" when the actor is.
  nextStatus(loaded.row.status, action);
  throw new Problem('forbidden', `you may not ${action} this case`);
}

// ---------------------------------------------------------------- writing a change

interface Change {
  action: CaseAction;
  /** Columns to set besides the status (version and timestamps are added). */
  set?: Partial<typeof cases.$inferInsert>;
  reason?: string | null;
  data?: Record<string, unknown> | null;
  /** The status after the change; default: what the lifecycle says. */
  to?: CaseStatus;
  /** Who hears of it (the outbox), written before the audit entry: that must be the transaction's last write. */
  notify?: (updated: CaseRow) => Promise<void>;
}

/**
 * One transition: a versioned write (the loser of a concurrent edit gets 409), the case event and
 * the audit entry, all in the caller's transaction.
 */
export async function applyChange(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock' | 'requestId'>, current: CaseRow, expectedVersion: number, change: Change): Promise<CaseRow> {
  if (current.version !== expectedVersion) throw new Problem('version_conflict');
  const to = change.to ?? nextStatus(current.status, change.action);
  const now = ctx.clock.now();
  const [row] = await tx
    .update(cases)
    .set({ ...change.set, status: to, version: sql`${cases.version} + 1`, updatedAt: now })
    .where(and(eq(cases.id, current.id), eq(cases.version, expectedVersion)))
    .returning();
  if (!row) throw new Problem('version_conflict');
  await insertEvent(tx, { caseId: current.id, at: now, actorId: ctx.actor?.id ?? null, actorOrgId: ctx.actor?.orgId ?? null, action: change.action, fromStatus: current.status, toStatus: to, reason: change.reason ?? null, data: change.data ? JSON.stringify(change.data) : null });
  const refreshed = await refreshDeadlines(tx, row, now);
  await change.notify?.(refreshed);
  await recordAudit(tx, ctx, { action: `case.${change.action}`, targetType: 'case', targetId: current.id, before: current, after: refreshed });
  return refreshed;
}

async function eventsOf(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
  return eventsOfCase(q, { caseId });
}

const clockEvents = (events: CaseEventRow[]): ClockEvent[] => events.map((e) => ({ action: e.action, at: e.at, data: e.data as ClockEvent['data'] }));

async function clockOf(q: Queryable, row: CaseRow, now: Date): Promise<CaseClock> {
  const { calendar } = await loadCalendar(q);
  return computeClock(clockEvents(await eventsOf(q, row.id)), { statutory: row.statutoryLimit, promised: row.promisedLimit }, calendar, now);
}

/** Keeps the deadline columns (used to sort inboxes) in step with the clock computed from the events. */
async function refreshDeadlines(tx: Tx, row: CaseRow, now: Date): Promise<CaseRow> {
  const clock = await clockOf(tx, row, now);
  if (clock.promisedDueOn === row.promisedDueOn && clock.statutoryDueOn === row.statutoryDueOn) return row;
  const [updated] = await tx.update(cases).set({ promisedDueOn: clock.promisedDueOn, statutoryDueOn: clock.statutoryDueOn }).where(eq(cases.id, row.id)).returning();
  return updated!;
}

async function notifyApplicant(tx: Tx, ctx: Ctx, row: CaseRow, template: Parameters<typeof notifyUser>[1]['template'], params: Record<string, string | number>, contact?: Parameters<typeof notifyUser>[2]): Promise<void> {
  await notifyUser(tx, { userId: row.applicantId, template, params: { itemName: row.itemName, caseNumber: row.caseNumber, ...params } as never, now: ctx.clock.now() }, contact);
}

/**
 * Which of these files the actor may attach: those they uploaded, and those already received on
 * their own cases as applicant (a material reused from an earlier case, even one a clerk scanned).
 */
export async function usableFiles(q: Queryable, fileIds: string[], actorId: string): Promise<Set<string>> {
  const usable = await filesOwnedBy(q, fileIds, actorId);
  const rest = [...new Set(fileIds.filter((f) => !usable.has(f)))];
  if (!rest.length) return usable;
  const onOwnCases = await q
    .selectDistinct({ fileId: sql<string>`unnest(${caseMaterials.fileIds})` })
    .from(caseMaterials)
    .innerJoin(cases, eq(cases.id, caseMaterials.caseId))
    .where(and(eq(cases.applicantId, actorId), eq(caseMaterials.status, 'received'), sql`${caseMaterials.fileIds} && ${sql.param(rest)}::text[]`));
  for (const { fileId } of onOwnCases) if (rest.includes(fileId)) usable.add(fileId);
  return usable;
}

/** Errors for material files the actor may not attach (see {@link usableFiles}), checked at once. */
export async function unownedFileErrors(q: Queryable, materials: MaterialInput[], ownerId: string): Promise<FieldError[]> {
  const owned = await usableFiles(q, materials.flatMap((m) => m.fileIds), ownerId);
  return materials.flatMap((m, i) => m.fileIds.filter((f) => !owned.has(f)).map((fileId) => ({ field: `/body/materials/${i}/fileIds`, message: `no file ${fileId} of yours` })));
}

// ---------------------------------------------------------------- filing

export type { MaterialInput } from './materials.js';

export interface ApplicantIdentity {
  kind: 'person' | 'company';
  name: string;
  idNumber: string;
  phone?: string | undefined;
}

export interface FilingInput {
  itemCode: string;
  /** The implementing organisation (id or code): where the applicant applies. */
  org: string;
  formData: Record<string, unknown>;
  materials: MaterialInput[];
  /** A retried filing with the same key returns the first case instead of making a second. */
  idempotencyKey: string;
  /** Staff filing in person: the window or agency point, and who the applicant is. */
  windowId?: string | undefined;
  applicant?: ApplicantIdentity | undefined;
  /** Keep as a draft instead of submitting. */
  draft?: boolean | undefined;
  /** How the applicant wants the result; they may change it until it is delivered. */
  deliveryChoice?: DeliveryChoiceInput | undefined;
}

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const formValidators = new Map<string, ValidateFunction>();

/** Checks form data against the item's JSON Schema form (compiled once per version); a draft may still lack required fields. */
export function formErrors(v: ItemVersionRow, data: Record<string, unknown>, draft = false): FieldError[] {
  let validate = formValidators.get(v.id);
  if (!validate) {
    validate = ajv.compile(v.formSchema as FormSchema);
    formValidators.set(v.id, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).filter((e) => !(draft && e.keyword === 'required')).map((e) => {
    const extra = e.params && 'missingProperty' in e.params ? `/${String(e.params.missingProperty)}` : e.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : '';
    return { field: `/body/formData${e.instancePath}${extra}`, message: e.message ?? 'invalid' };
  });
}

/** Required materials must be there when a case is submitted; every key must be the item's. */
export function materialErrors(specs: MaterialSpec[], given: MaterialInput[], inPerson: boolean, submitting: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set(specs.map((m) => m.key));
  given.forEach((m, i) => {
    if (!keys.has(m.key)) errors.push({ field: `/body/materials/${i}/key`, message: `the item has no material ${m.key}` });
    // Online, a material is a file (or the government's copy, or a commitment); at a window the clerk may take the paper original.
    if (!inPerson && m.fileIds.length === 0 && !m.replace && m.commitment === undefined) errors.push({ field: `/body/materials/${i}/fileIds`, message: 'upload at least one file' });
  });
  if (submitting) {
    for (const spec of specs) {
      if (spec.kind === 'required' && !given.some((m) => m.key === spec.key)) errors.push({ field: '/body/materials', message: `${spec.name} (${spec.key}) is required` });
    }
  }
  return errors;
}

const requestHash = (input: FilingInput): string => createHash('sha256').update(canonicalJson({ ...input, idempotencyKey: undefined })).digest('hex');

// The statements of every filing, built once.
const bumpCaseNumber = preparedQuery('onetrip_case_number', (q) =>
  q
    .insert(caseNumberCounters)
    .values({ ...placeholders(['regionCode', 'day']), last: 1 })
    .onConflictDoUpdate({ target: [caseNumberCounters.regionCode, caseNumberCounters.day], set: { last: sql`${caseNumberCounters.last} + 1` } })
    .returning({ last: caseNumberCounters.last }),
);
const insertCase = preparedQuery('onetrip_case_insert', (q) =>
  q
    .insert(cases)
    .values({
      ...placeholders(['id', 'caseNumber', 'itemId', 'itemVersionId', 'itemCode', 'itemName', 'itemNameEn', 'implementationId', 'regionCode', 'intakeOrgId', 'intakeOrgPath', 'decisionOrgId', 'decisionOrgPath',
        'handlerOrgId', 'handlerOrgPath', 'applicantId', 'applicant', 'channel', 'windowId', 'siteId', 'filedBy', 'formData', 'status', 'trips', 'statutoryLimit', 'promisedLimit', 'idempotencyKey', 'requestHash', 'createdAt', 'updatedAt']),
      // Null for a draft: a placeholder the timestamp encoder does not see (it cannot encode null).
      receivedAt: sql`${sql.placeholder('receivedAt')}::timestamptz`,
      deliveryChoice: sql`${sql.placeholder('deliveryChoice')}::jsonb`,
    })
    .returning(),
);
const insertEvent = preparedQuery('onetrip_case_event_insert', (q) =>
  // `data` as JSON text: null must stay SQL NULL, not the JSON null the encoder would make of it.
  q.insert(caseEvents).values({ ...placeholders(['caseId', 'at', 'actorId', 'actorOrgId', 'action', 'fromStatus', 'toStatus', 'reason']), data: sql`${sql.placeholder('data')}::jsonb` }).returning(),
);

// A filing's materials in one statement, built once for each count of them.
const materialInserts = new Map<number, (q: Queryable, values: Record<string, unknown>) => Promise<(typeof caseMaterials.$inferSelect)[]>>();
function insertMaterials(n: number) {
  let insert = materialInserts.get(n);
  if (!insert) {
    const p = (name: string, i: number) => sql.placeholder(`${name}${i}`);
    // Nullable JSON and timestamps as text the column casts: the encoders cannot take null.
    const rows = Array.from({ length: n }, (_, i) => ({
      id: p('id', i), caseId: sql.placeholder('caseId'), materialKey: p('key', i), status: 'received' as const, fileIds: p('fileIds', i), receivedAt: sql.placeholder('receivedAt'), receivedBy: sql.placeholder('receivedBy'),
      source: p('source', i), trustLevel: p('trustLevel', i), reusedFrom: sql`${p('reusedFrom', i)}::jsonb`, consent: sql`${p('consent', i)}::jsonb`, replacement: sql`${p('replacement', i)}::jsonb`, verifiedAt: sql`${p('verifiedAt', i)}::timestamptz`,
    }));
    insert = preparedQuery(`onetrip_case_materials_insert_${n}`, (q) => q.insert(caseMaterials).values(rows).returning());
    materialInserts.set(n, insert);
  }
  return insert;
}
const jsonText = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

async function nextCaseNumber(tx: Tx, regionCode: string, day: IsoDate): Promise<string> {
  const [row] = await bumpCaseNumber(tx, { regionCode, day });
  return formatCaseNumber(regionCode, day, row!.last);
}

/** The applicant's account for an in-person filing: found by ID number, or created without a usable password. */
async function applicantFor(tx: Tx, identity: ApplicantIdentity): Promise<typeof users.$inferSelect> {
  const idNumber = identity.idNumber.toUpperCase();
  const valid = identity.kind === 'person' ? isValidResidentId(idNumber) : isValidCreditCode(idNumber);
  if (!valid) throw new Problem(identity.kind === 'person' ? 'account.invalid_resident_id' : 'account.invalid_credit_code', undefined, [{ field: '/body/applicant/idNumber', message: 'check character mismatch' }]);
  const column = identity.kind === 'person' ? users.residentId : users.creditCode;
  const [existing] = await tx.select().from(users).where(eq(column, idNumber)).limit(1);
  if (existing) return existing;
  // They can still register online later; until then the account cannot sign in (no one knows this password).
  const [created] = await tx
    .insert(users)
    .values({
      username: idNumber, passwordHash: await hashPassword(randomBytes(24).toString('base64')), displayName: identity.name, kind: identity.kind, roles: ['applicant'],
      residentId: identity.kind === 'person' ? idNumber : null, creditCode: identity.kind === 'company' ? idNumber : null, phone: identity.phone ?? null,
    })
    .returning();
  return created!;
}

/**
 * Files a case (R2.1): an applicant online, or a clerk for an applicant at a window or agency point.
 * The form is checked against the item's schema and the materials against its list; the case keeps
 * the item version it was filed under. A retried request with the same idempotency key returns the
 * first case (`created: false`).
 * @throws Problem 'validation_failed' with field errors; 'case.idempotency_mismatch' when the key was used for a different request.
 */
export async function fileCase(ctx: Ctx, input: FilingInput): Promise<{ caseId: string; created: boolean; view?: CaseView }> {
  const actor = requireActor(ctx.actor);
  const inPerson = !!input.windowId;
  if (inPerson ? !hasRole(actor, 'windowClerk') : !hasRole(actor, 'applicant')) throw new Problem('forbidden');
  if (inPerson && !input.applicant) throw new Problem('validation_failed', 'say who the applicant is', [{ field: '/body/applicant', message: 'required when filing at a window' }]);
  const hash = requestHash(input);
  const existing = await findByIdempotencyKey(ctx.db, actor.id, input.idempotencyKey);
  if (existing) {
    if (existing.requestHash !== hash) throw new Problem('case.idempotency_mismatch');
    return { caseId: existing.id, created: false };
  }

  const target = await implementationFor(ctx.db, input.itemCode, input.org);
  const v = target.version;
  // Who may file where comes before what was filed.
  let channel: FilingChannel = 'online';
  let siteId: string | null = null;
  if (inPerson) {
    const w = await windowForIntake(ctx, actor, input.windowId!, target.org, v);
    channel = w.siteKind === 'agencyPoint' ? 'agencyPoint' : 'window';
    siteId = w.siteId;
  }
  const submitting = !input.draft;
  // At a window the clerk files what the applicant brought and decides intake on the spot: a required material
  // missing there goes on the one-time notice (Art. 32(d)), and acceptance still insists on it.
  const errors = [
    ...formErrors(v, input.formData, !submitting), ...materialErrors(v.materials, input.materials, inPerson, submitting && !inPerson),
    ...provisionErrors(v.materials, input.materials, await commitmentKeys(ctx.db, v.materials)), ...(await unownedFileErrors(ctx.db, input.materials, actor.id)),
  ];
  if (errors.length) throw new Problem('validation_failed', 'the application is incomplete or invalid', errors);
  const deliveryChoice = input.deliveryChoice ? deliveryChoiceOf(input.deliveryChoice, ctx.clock.now(), '/body/deliveryChoice') : null;

  const decisionOrg = await departmentAbove(ctx.db, target.org, v.decisionLevel, target.item.deptKey);
  if (!decisionOrg) throw new Problem('case.no_decision_org', `no ${target.item.deptKey} department at ${v.decisionLevel} level above ${target.org.code}`);

  try {
    const filed = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const applicantRow = inPerson ? await applicantFor(tx, input.applicant!) : await findUser(tx, actor.id);
      if (!applicantRow) throw new Problem('unauthenticated');
      if (!inPerson && applicantRow.id !== actor.id) throw new Problem('forbidden');
      const status: CaseStatus = submitting ? 'submitted' : 'draft';
      const [row] = await insertCase(tx, {
        id: uuidv7(),
        caseNumber: await nextCaseNumber(tx, target.org.regionCode, shanghaiDate(now)),
        itemId: target.item.id, itemVersionId: v.id, itemCode: target.item.code, itemName: v.name, itemNameEn: v.nameEn, implementationId: target.implementation.id,
        regionCode: target.org.regionCode, intakeOrgId: target.org.id, intakeOrgPath: target.org.path, decisionOrgId: decisionOrg.id, decisionOrgPath: decisionOrg.path,
        handlerOrgId: target.org.id, handlerOrgPath: target.org.path, applicantId: applicantRow.id,
        applicant: { kind: applicantRow.kind === 'company' ? 'company' : 'person', name: input.applicant?.name ?? applicantRow.displayName, idNumber: (applicantRow.residentId ?? applicantRow.creditCode)!, phone: input.applicant?.phone ?? applicantRow.phone },
        // Coming to the window is a trip; filing online is not.
        channel, windowId: input.windowId ?? null, siteId, filedBy: actor.id, formData: input.formData, status, trips: inPerson ? 1 : 0,
        deliveryChoice: deliveryChoice ? JSON.stringify(deliveryChoice) : null,
        statutoryLimit: v.statutoryLimit, promisedLimit: target.implementation.promisedLimit, receivedAt: submitting ? now.toISOString() : null,
        idempotencyKey: input.idempotencyKey, requestHash: hash, createdAt: now, updatedAt: now,
      });
      // The government's copies are filled now, with the filer's consent; none usable refuses the whole filing.
      const values = await materialValues(tx, { row: row!, specs: v.materials, actorId: actor.id, inPerson, now }, input.materials);
      const materials = input.materials.length
        ? await insertMaterials(input.materials.length)(tx, {
          caseId: row!.id, receivedAt: now, receivedBy: actor.id,
          ...Object.fromEntries(input.materials.flatMap((m, i) => {
            const v = values[i]!;
            return Object.entries({ id: uuidv7(), key: m.key, fileIds: v.fileIds, source: v.source, trustLevel: v.trustLevel, reusedFrom: jsonText(v.reusedFrom), consent: jsonText(v.consent), replacement: jsonText(v.replacement), verifiedAt: v.verifiedAt?.toISOString() ?? null })
              .map(([k, x]) => [`${k}${i}`, x]);
          })),
        })
        : [];
      const replaced = materials.filter((m) => m.source === 'certificate' || m.source === 'sharedData').map((m) => m.materialKey);
      const events = await insertEvent(tx, { caseId: row!.id, at: now, actorId: actor.id, actorOrgId: actor.orgId, action: 'submit', fromStatus: null, toStatus: status, reason: null, data: JSON.stringify({ channel, itemVersion: v.number, ...(replaced.length ? { replaced } : {}) }) });
      const trips = inPerson ? await tx.insert(caseTrips).values({ caseId: row!.id, at: now, reason: '现场提交申请 / filed in person', siteId, windowId: input.windowId!, recordedBy: actor.id }).returning() : [];
      // The applicant's account was just read: its phone and e-mail need no second lookup.
      if (submitting) await notifyApplicant(tx, ctx, row!, 'case.submitted', {}, applicantRow);
      await recordAudit(tx, ctx, { action: 'case.file', targetType: 'case', targetId: row!.id, after: row });
      return { row: row!, events, materials: materials.sort((a, b) => (a.materialKey < b.materialKey ? -1 : a.materialKey > b.materialKey ? 1 : 0)), trips };
    });
    // The answer is built from the rows just written, not read back (the filer sees it as getCase shows it).
    const place = await placeOf(ctx.db, actor);
    const facts = actorFacts(place, filed.row, []);
    if (!canRead(place, filed.row, facts, [])) return { caseId: filed.row.id, created: true };
    return { caseId: filed.row.id, created: true, view: await viewOf(ctx, { ...filed, facts, openTaskPaths: [], tasks: [] }) };
  } catch (err) {
    // Two identical retries racing: the unique key lets one in; the other returns its case.
    if (sqlState(err) === '23505') {
      const winner = await findByIdempotencyKey(ctx.db, actor.id, input.idempotencyKey);
      if (winner && winner.requestHash === hash) return { caseId: winner.id, created: false };
    }
    throw err;
  }
}

async function findByIdempotencyKey(q: Queryable, filedBy: string, key: string): Promise<{ id: string; requestHash: string | null } | undefined> {
  const [row] = await caseByIdempotencyKey(q, { filedBy, key });
  return row;
}

/** The clerk's window must accept the item: a comprehensive window of its category, the department's own window, or an agency point's general window. */
async function windowForIntake(ctx: Ctx, actor: Actor, windowId: string, org: OrgRow, v: ItemVersionRow): Promise<{ siteId: string; siteKind: 'hall' | 'agencyPoint' }> {
  const found = await findWindowSite(ctx.db, windowId);
  if (!found) throw new Problem('not_found', 'no such window');
  const site = await getSite({ ...ctx, actor }, found.siteId);
  const w = site.windows.find((x) => x.id === windowId)!;
  const seated = w.staff?.some((s) => s.id === actor.id) ?? false;
  const accepts = w.category === v.windowCategory || (w.category === 'department' && w.departmentId === org.id) || (site.kind === 'agencyPoint' && w.category === 'general');
  if (!seated) throw new Problem('case.not_at_window', 'you are not on duty at this window');
  if (!accepts) throw new Problem('case.window_category', `this window does not accept ${v.windowCategory} items`);
  return { siteId: site.id, siteKind: site.kind };
}

// ---------------------------------------------------------------- intake (受理)

/** Runs a transition in one transaction after checking that the actor may take it. */
export async function transition<T>(ctx: Ctx, caseId: string, action: CaseAction, body: (tx: Tx, loaded: Loaded) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadInScope(tx, ctx.actor, caseId);
    await requireAllowed(tx, loaded, action);
    return body(tx, loaded);
  });
}

export interface AcceptInput {
  version: number;
  /** Acceptance with pending materials (容缺受理): the secondary materials still owed, by when, on what commitment. */
  pending?: { materialKeys: string[]; dueOn: IsoDate; commitment: string; onBreach: 'revoke' | 'terminate' } | undefined;
  /** Paper materials taken at the window now. */
  received?: MaterialInput[] | undefined;
}

/**
 * Accepts a case (Art. 32(e)) and starts its clock (Art. 42); with `pending`, accepts although
 * secondary materials are still owed, on the applicant's signed commitment (DOMAIN rule 2).
 * @throws Problem 'case.pending_not_allowed' | 'case.pending_not_secondary' | 'case.commitment_barred' | 'case.materials_missing'.
 */
export async function acceptCase(ctx: Ctx, caseId: string, input: AcceptInput): Promise<CaseRow> {
  return transition(ctx, caseId, 'accept', async (tx, { row }) => {
    const v = await versionOf(ctx, row.itemVersionId, tx);
    const now = ctx.clock.now();
    // Taken at the window: the clerk has seen the original (B).
    for (const m of input.received ?? []) {
      const values = { status: 'received' as const, receivedAt: now, receivedBy: ctx.actor!.id, ...fileValues({ now }, m.fileIds, 'paper', []) };
      await tx.insert(caseMaterials).values({ caseId, materialKey: m.key, ...values }).onConflictDoUpdate({ target: [caseMaterials.caseId, caseMaterials.materialKey], set: values });
    }
    const have = new Set((await tx.select({ key: caseMaterials.materialKey }).from(caseMaterials).where(and(eq(caseMaterials.caseId, caseId), eq(caseMaterials.status, 'received')))).map((m) => m.key));
    const pendingKeys = new Set(input.pending?.materialKeys ?? []);
    if (input.pending) {
      if (!v.pendingAllowed) throw new Problem('case.pending_not_allowed');
      const notSecondary = [...pendingKeys].filter((k) => v.materials.find((m) => m.key === k)?.kind !== 'secondary');
      if (notSecondary.length) throw new Problem('case.pending_not_secondary', notSecondary.join(', '));
      const [breach] = await tx.select({ id: commitmentBreaches.id }).from(commitmentBreaches).where(and(eq(commitmentBreaches.applicantId, row.applicantId), isNull(commitmentBreaches.clearedAt))).limit(1);
      if (breach) throw new Problem('case.commitment_barred');
      if (input.pending.dueOn <= shanghaiDate(now)) throw new Problem('validation_failed', 'the due date must be in the future', [{ field: '/body/pending/dueOn', message: 'must be after today' }]);
    }
    const missing = v.materials.filter((m) => !have.has(m.key) && !pendingKeys.has(m.key) && (m.kind === 'required' || m.kind === 'secondary'));
    const missingRequired = missing.filter((m) => m.kind === 'required' || !input.pending);
    if (missingRequired.some((m) => m.kind === 'required')) throw new Problem('case.materials_missing', missingRequired.filter((m) => m.kind === 'required').map((m) => m.name).join('、'));
    for (const key of pendingKeys) {
      await tx.insert(caseMaterials).values({ caseId, materialKey: key, status: 'pending' }).onConflictDoNothing();
    }
    return applyChange(tx, ctx, row, input.version, {
      action: 'accept',
      set: {
        acceptedAt: now, acceptedOn: shanghaiDate(now), receivedAt: row.receivedAt ?? now,
        ...(input.pending ? { pendingDueOn: input.pending.dueOn, commitment: { text: input.pending.commitment, signedAt: now.toISOString(), onBreach: input.pending.onBreach } } : {}),
      },
      data: input.pending ? { pending: [...pendingKeys], dueOn: input.pending.dueOn } : null,
      notify: async (updated) => {
        await notifyApplicant(tx, ctx, updated, 'case.accepted', { dueOn: updated.promisedDueOn ?? '' });
        if (input.pending) await notifyApplicant(tx, ctx, updated, 'case.pending_due', { dueOn: input.pending.dueOn, materials: v.materials.filter((m) => pendingKeys.has(m.key)).map((m) => m.name).join('、') });
      },
    });
  });
}

/**
 * Asks for everything missing at once (Art. 32(d), the one-time notice 补正材料通知书); the clock has not started.
 * @throws Problem 'validation_failed' for an empty list.
 */
export async function requestCorrection(ctx: Ctx, caseId: string, input: { version: number; items: { materialKey?: string | undefined; note: string }[] }): Promise<CaseRow> {
  if (!input.items.length) throw new Problem('validation_failed', 'list what is missing', [{ field: '/body/items', message: 'at least one' }]);
  return transition(ctx, caseId, 'requestCorrection', async (tx, { row }) => {
    return applyChange(tx, ctx, row, input.version, { action: 'requestCorrection', data: { items: input.items }, notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.correction_requested', {}) });
  });
}

/** Refuses intake (Art. 32(b)) with the reason and, when another organisation is competent, which one. */
export async function refuseIntake(ctx: Ctx, caseId: string, input: { version: number; reason: string; competentOrg?: string | undefined }): Promise<CaseRow> {
  return transition(ctx, caseId, 'refuseIntake', async (tx, { row }) => {
    const competent = input.competentOrg ? await findOrg(tx, input.competentOrg) : undefined;
    if (input.competentOrg && !competent) throw new Problem('validation_failed', 'no such organisation', [{ field: '/body/competentOrg', message: 'unknown' }]);
    return applyChange(tx, ctx, row, input.version, { action: 'refuseIntake', reason: input.reason, data: competent ? { competentOrg: { id: competent.id, code: competent.code, name: competent.name } } : null, notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.refused', { reason: input.reason }) });
  });
}

// ---------------------------------------------------------------- the applicant's moves

/** Submits a draft, or resubmits after a correction request with the corrected form and materials. */
export async function submitCase(ctx: Ctx, caseId: string, input: { version: number; formData?: Record<string, unknown> | undefined; materials?: MaterialInput[] | undefined }): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadInScope(tx, ctx.actor, caseId);
    const action: CaseAction = loaded.row.status === 'draft' ? 'submit' : 'resubmit';
    await requireAllowed(tx, loaded, action);
    const { row } = loaded;
    const v = await versionOf(ctx, row.itemVersionId, tx);
    const formData = input.formData ?? row.formData;
    const now = ctx.clock.now();
    const given = input.materials ?? [];
    const inPerson = row.channel !== 'online' && row.channel !== 'mobile';
    const invalid = [...materialErrors(v.materials, given, inPerson, false), ...provisionErrors(v.materials, given, await commitmentKeys(tx, v.materials)), ...(await unownedFileErrors(tx, given, ctx.actor!.id))];
    if (invalid.length) throw new Problem('validation_failed', 'the application is incomplete or invalid', invalid);
    const existing = await tx.select().from(caseMaterials).where(eq(caseMaterials.caseId, caseId));
    const values = await materialValues(tx, { row, specs: v.materials, actorId: ctx.actor!.id, inPerson, now }, given, existing);
    for (const [i, m] of given.entries()) {
      const set = { status: 'received' as const, receivedAt: now, receivedBy: ctx.actor!.id, ...values[i]! };
      await tx.insert(caseMaterials).values({ caseId, materialKey: m.key, ...set }).onConflictDoUpdate({ target: [caseMaterials.caseId, caseMaterials.materialKey], set });
    }
    const stored = await tx.select().from(caseMaterials).where(eq(caseMaterials.caseId, caseId));
    const errors = [...formErrors(v, formData), ...materialErrors(v.materials, stored.map(asInput), inPerson, true)];
    if (errors.length) throw new Problem('validation_failed', 'the application is incomplete or invalid', errors);
    // A certificate may have been suspended, revoked or expired since the draft was filled from it.
    await recheckCertificates(tx, row, v.materials, stored, now);
    return applyChange(tx, ctx, row, input.version, { action, set: { formData, receivedAt: now }, notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.submitted', {}) });
  });
}

/** The applicant withdraws a case before it is accepted. */
export async function withdrawCase(ctx: Ctx, caseId: string, input: { version: number; reason?: string | undefined }): Promise<CaseRow> {
  return transition(ctx, caseId, 'withdraw', (tx, { row }) => applyChange(tx, ctx, row, input.version, { action: 'withdraw', reason: input.reason ?? null }));
}

/** Hands in materials owed under acceptance with pending materials (the applicant, or a clerk at the window). */
export async function supplyPendingMaterials(ctx: Ctx, caseId: string, input: { version: number; materials: MaterialInput[] }): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadInScope(tx, ctx.actor, caseId);
    if (!loaded.facts.isApplicant && !loaded.facts.isIntakeClerk && !loaded.facts.isHandler) throw new Problem('forbidden');
    const { row } = loaded;
    const pending = await tx.select().from(caseMaterials).where(and(eq(caseMaterials.caseId, caseId), eq(caseMaterials.status, 'pending')));
    const now = ctx.clock.now();
    const fileIds = input.materials.flatMap((m) => m.fileIds);
    const owned = await usableFiles(tx, fileIds, ctx.actor!.id);
    const earlier = loaded.facts.isApplicant ? await earlierMaterials(tx, row, fileIds) : [];
    for (const [i, m] of input.materials.entries()) {
      if (!pending.some((p) => p.materialKey === m.key)) throw new Problem('validation_failed', `${m.key} is not owed`, [{ field: `/body/materials/${i}/key`, message: 'not a pending material' }]);
      for (const fileId of m.fileIds) if (!owned.has(fileId)) throw new Problem('validation_failed', `no file ${fileId} of yours`, [{ field: `/body/materials/${i}/fileIds`, message: 'unknown file' }]);
      // Staff take the original at the window or desk (B); the applicant uploads (C, or as reused).
      const values = fileValues({ now }, m.fileIds, loaded.facts.isApplicant ? 'upload' : 'paper', earlier);
      await tx.update(caseMaterials).set({ status: 'received', receivedAt: now, receivedBy: ctx.actor!.id, ...values }).where(and(eq(caseMaterials.caseId, caseId), eq(caseMaterials.materialKey, m.key)));
    }
    const [left] = await tx.select({ n: sql<number>`count(*)::int` }).from(caseMaterials).where(and(eq(caseMaterials.caseId, caseId), eq(caseMaterials.status, 'pending')));
    const updated = await applyChange(tx, ctx, row, input.version, { action: 'supplyPending', to: row.status, set: { pendingDueOn: left?.n ? row.pendingDueOn : null }, data: { supplied: input.materials.map((m) => m.key) } });
    return updated;
  });
}

// ---------------------------------------------------------------- review, decision, delivery

/** The handling department starts its review (初审/审核). */
export async function startReview(ctx: Ctx, caseId: string, input: { version: number }): Promise<CaseRow> {
  return transition(ctx, caseId, 'startReview', (tx, { row }) => applyChange(tx, ctx, row, input.version, { action: 'startReview' }));
}

/**
 * The intake department forwards its opinion and all materials to the deciding one (Art. 35, 43;
 * 受审分离), which never asks the applicant for them again.
 */
export async function forwardCase(ctx: Ctx, caseId: string, input: { version: number; opinion: string }): Promise<CaseRow> {
  return transition(ctx, caseId, 'forward', (tx, { row }) =>
    applyChange(tx, ctx, row, input.version, { action: 'forward', reason: input.opinion, set: { handlerOrgId: row.decisionOrgId, handlerOrgPath: row.decisionOrgPath }, data: { from: row.handlerOrgId, to: row.decisionOrgId } }),
  );
}

/**
 * Asks other departments to review in parallel (并联审批, R5.4); the case is decided only when all
 * have answered. Each task has its own limit in working days.
 */
export async function openTasks(ctx: Ctx, caseId: string, input: { version: number; orgIds: string[]; question: string; days: number }): Promise<CaseRow> {
  return transition(ctx, caseId, 'openTasks', async (tx, { row }) => {
    const { calendar } = await loadCalendar(tx);
    const now = ctx.clock.now();
    const orgs: OrgRow[] = [];
    for (const id of [...new Set(input.orgIds)]) {
      const org = await findOrg(tx, id);
      if (!org || org.kind !== 'department' || org.id === row.handlerOrgId) throw new Problem('validation_failed', 'tasks go to other departments', [{ field: '/body/orgIds', message: `${id} is not another department` }]);
      orgs.push(org);
    }
    const dueOn = addWorkingDays(shanghaiDate(now), input.days, calendar);
    await tx.insert(caseTasks).values(orgs.map((o) => ({ caseId, orgId: o.id, orgPath: o.path, status: 'open' as const, question: input.question, dueOn, createdAt: now })));
    return applyChange(tx, ctx, row, input.version, { action: 'openTasks', reason: input.question, data: { orgs: orgs.map((o) => o.id), dueOn } });
  });
}

/** A department answers its parallel task; the last answer lets the case be decided. */
export async function answerTask(ctx: Ctx, caseId: string, taskId: string, input: { version: number; agrees: boolean; opinion: string }): Promise<CaseRow> {
  return transition(ctx, caseId, 'answerTask', async (tx, { row }) => {
    const [task] = await tx.select().from(caseTasks).where(and(eq(caseTasks.id, taskId), eq(caseTasks.caseId, caseId)));
    if (!task || task.status !== 'open' || !ctx.actor!.scopePath || !task.orgPath.startsWith(ctx.actor!.scopePath)) throw new Problem('not_found', 'no open task of your department');
    const [done] = await tx
      .update(caseTasks)
      .set({ status: 'done', agrees: input.agrees, opinion: input.opinion, answeredBy: ctx.actor!.id, answeredAt: ctx.clock.now(), version: sql`${caseTasks.version} + 1` })
      .where(and(eq(caseTasks.id, taskId), eq(caseTasks.status, 'open')))
      .returning();
    if (!done) throw new Problem('version_conflict');
    return applyChange(tx, ctx, row, input.version, { action: 'answerTask', reason: input.opinion, data: { taskId, orgId: task.orgId, agrees: input.agrees } });
  });
}

/** Pauses the clock (Art. 45) for a hearing, testing, expert review…; the applicant is told how long. */
export async function suspendCase(ctx: Ctx, caseId: string, input: { version: number; reason: SuspendReason; expectedDays: number; note: string }): Promise<CaseRow> {
  return transition(ctx, caseId, 'suspend', (tx, { row }) =>
    applyChange(tx, ctx, row, input.version, { action: 'suspend', reason: input.note, data: { reason: input.reason, expectedDays: input.expectedDays } }),
  );
}

export async function resumeCase(ctx: Ctx, caseId: string, input: { version: number; note?: string | undefined }): Promise<CaseRow> {
  return transition(ctx, caseId, 'resume', (tx, { row }) => applyChange(tx, ctx, row, input.version, { action: 'resume', reason: input.note ?? null }));
}

/** One extension of 10 working days with the head's approval and a reason told to the applicant (Art. 42). */
export async function extendCase(ctx: Ctx, caseId: string, input: { version: number; reason: string }): Promise<CaseRow> {
  return transition(ctx, caseId, 'extend', (tx, { row }) =>
    applyChange(tx, ctx, row, input.version, { action: 'extend', reason: input.reason, set: { extended: true }, data: { days: EXTENSION_DAYS } }),
  );
}

/** The canonical content a decision's seal covers: what was decided, on what, for whom, by whom. */
export function decisionDigestInput(row: CaseRow, d: Omit<CaseDecision, 'digest' | 'signature' | 'keyId'>): Record<string, unknown> {
  return {
    caseNumber: row.caseNumber,
    item: { code: row.itemCode, versionId: row.itemVersionId, name: row.itemName },
    applicant: { kind: row.applicant.kind, name: row.applicant.name, idNumber: row.applicant.idNumber },
    formData: row.formData,
    decision: d,
  };
}

/**
 * Approves or denies (Art. 38), signed with the deciding organisation's approval seal over a canonical
 * digest of the case, and recorded forever (R3.1). A denial states the reasons and the right to
 * administrative reconsideration or litigation.
 * @throws Problem 'case.tasks_open' while parallel tasks are unanswered.
 */
export async function decideCase(ctx: Ctx, caseId: string, input: { version: number; outcome: 'approve' | 'deny'; reasons: string }): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadInScope(tx, ctx.actor, caseId);
    if (loaded.openTaskPaths.length) throw new Problem('case.tasks_open');
    await requireAllowed(tx, loaded, 'decide');
    const { row } = loaded;
    const actor = ctx.actor!;
    const now = ctx.clock.now();
    const org = (await findOrg(tx, row.decisionOrgId))!;
    const decision: Omit<CaseDecision, 'digest' | 'signature' | 'keyId'> = {
      outcome: input.outcome,
      reasons: input.reasons,
      remedy: input.outcome === 'deny' ? `申请人如对本决定不服，可以自收到本决定之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。` : null,
      deciderId: actor.id,
      deciderName: actor.displayName,
      orgId: org.id,
      orgName: org.name,
      decidedAt: now.toISOString(),
    };
    const seal = await sealWith(tx, ctx.secrets, org.id, decisionDigestInput(row, decision), now);
    return applyChange(tx, ctx, row, input.version, {
      action: 'decide',
      reason: input.reasons,
      set: { outcome: input.outcome, decidedAt: now, decidedBy: actor.id, decision: { ...decision, ...seal } },
      data: { outcome: input.outcome, keyId: seal.keyId, digest: seal.digest },
      notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.decided', { result: input.outcome === 'approve' ? '准予许可' : '不予许可' }),
    });
  });
}

/** Whether a case's recorded decision still matches its seal (nobody changed it since). */
export async function verifyDecision(ctx: Ctx, caseId: string): Promise<{ valid: boolean; problem: string | null; keyId: string | null }> {
  const { row } = await loadInScope(ctx.db, ctx.actor, caseId);
  if (!row.decision) throw new Problem('not_found', 'the case is not decided');
  const { digest: _d, signature, keyId, ...decision } = row.decision;
  const check = await checkSeal(ctx.db, decisionDigestInput(row, decision), { signature, keyId });
  return { valid: check.valid, problem: check.problem, keyId };
}

/**
 * Issues the electronic certificate of an approval (Art. 44), signed by the deciding organisation and
 * verifiable by anyone from its QR code.
 */
export async function issueCaseCertificate(ctx: Ctx, caseId: string, input: { version: number; validYears?: number | undefined }): Promise<CaseRow> {
  return transition(ctx, caseId, 'issue', async (tx, { row }) => {
    const now = ctx.clock.now();
    // Valid to the end of the same calendar day (Asia/Shanghai) N years on.
    const today = shanghaiDate(now);
    const validUntil = input.validYears ? new Date(`${Number(today.slice(0, 4)) + input.validYears}${today.slice(4)}T23:59:59.999+08:00`) : null;
    const cert = await issueCertificate(tx, ctx.secrets, {
      number: `${row.caseNumber}-Z`,
      type: `item:${row.itemCode}`,
      title: row.itemName,
      holder: { kind: row.applicant.kind, name: row.applicant.name, idNumber: row.applicant.idNumber },
      issuerOrgId: row.decisionOrgId,
      caseId: row.id,
      fields: { caseNumber: row.caseNumber, item: row.itemName, decision: row.decision?.reasons ?? '', ...row.formData },
      validUntil,
    }, now);
    return applyChange(tx, ctx, row, input.version, { action: 'issue', set: { certificateId: cert.id }, data: { certificateId: cert.id, number: cert.number }, notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.certificate_issued', { certificateName: row.itemName }) });
  });
}

export interface DeliveryInput {
  version: number;
  /** Default: what the applicant chose. */
  method?: DeliveryMethod | undefined;
  address?: string | undefined;
  courier?: string | undefined;
  /** At the window: which one hands the result over (default: the window it was filed at). */
  windowId?: string | undefined;
}

/**
 * Hands the result over: at the window (a trip), by express (the courier's tracking number is
 * recorded), or electronically. Pending materials block delivery of an approval (DOMAIN rule 2).
 */
export async function deliverCase(ctx: Ctx, caseId: string, input: DeliveryInput): Promise<CaseRow> {
  return transition(ctx, caseId, 'deliver', async (tx, { row }) => {
    const now = ctx.clock.now();
    // Staff deliver as the applicant chose unless the body says otherwise.
    const choice = row.deliveryChoice;
    const method = input.method ?? choice?.method;
    if (!method) throw new Problem('validation_failed', 'the applicant has not chosen how to receive the result: say how', [{ field: '/body/method', message: 'required' }]);
    const chosenExpress = choice?.method === 'express' ? choice : undefined;
    const address = input.address ?? chosenExpress?.address;
    if (method === 'express' && !address) throw new Problem('validation_failed', 'express delivery needs an address', [{ field: '/body/address', message: 'required for express' }]);
    const delivery: CaseRow['delivery'] = { method, deliveredAt: now.toISOString() };
    if (method === 'express') {
      const shipment = await courier.ship(tx, { caseNumber: row.caseNumber, address: address!, recipient: chosenExpress?.recipient ?? row.applicant.name, phone: chosenExpress?.phone ?? row.applicant.phone ?? '', now });
      Object.assign(delivery, { address, courier: shipment.courier, trackingNumber: shipment.trackingNumber });
    }
    let trips = row.trips;
    if (method === 'window') {
      const site = input.windowId ? await findWindowSite(tx, input.windowId) : undefined;
      if (input.windowId && !site) throw new Problem('validation_failed', 'no such window', [{ field: '/body/windowId', message: 'unknown' }]);
      const at = { siteId: site?.siteId ?? row.siteId, windowId: input.windowId ?? row.windowId };
      // A visit already recorded today at this site is the one the applicant collects on: no second trip (DOMAIN rule 8).
      if (!sameVisit(await tx.select({ at: caseTrips.at, siteId: caseTrips.siteId }).from(caseTrips).where(eq(caseTrips.caseId, caseId)), at.siteId, now)) {
        await tx.insert(caseTrips).values({ caseId, at: now, reason: '窗口领取结果 / collected the result at the window', ...at, recordedBy: ctx.actor!.id });
        trips++;
      }
    }
    return applyChange(tx, ctx, row, input.version, { action: 'deliver', set: { delivery, trips }, data: { ...delivery }, notify: (updated) => notifyApplicant(tx, ctx, updated, 'case.delivered', { deliveryMethod: { window: '窗口领取', express: `快递（${delivery.trackingNumber ?? ''}）`, electronic: '电子送达' }[method] }) });
  });
}

export async function archiveCase(ctx: Ctx, caseId: string, input: { version: number }): Promise<CaseRow> {
  return transition(ctx, caseId, 'archive', (tx, { row }) => applyChange(tx, ctx, row, input.version, { action: 'archive' }));
}

/** Records an in-person visit with its reason (DOMAIN rule 8). */
export async function recordTrip(ctx: Ctx, caseId: string, input: { version: number; reason: string; windowId?: string | undefined }): Promise<CaseRow> {
  return transition(ctx, caseId, 'recordTrip', async (tx, { row }) => {
    const now = ctx.clock.now();
    const site = input.windowId ? await findWindowSite(tx, input.windowId) : undefined;
    if (input.windowId && !site) throw new Problem('validation_failed', 'no such window', [{ field: '/body/windowId', message: 'unknown' }]);
    await tx.insert(caseTrips).values({ caseId, at: now, reason: input.reason, siteId: site?.siteId ?? null, windowId: input.windowId ?? null, recordedBy: ctx.actor!.id });
    return applyChange(tx, ctx, row, input.version, { action: 'recordTrip', to: row.status, reason: input.reason, set: { trips: row.trips + 1 } });
  });
}

// ---------------------------------------------------------------- reading cases

const maskId = (id: string): string => (id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length));
const maskPhone = (p: string | null): string | null => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);

export interface CaseView {
  case: CaseRow;
  clock: CaseClock;
  events: CaseEventRow[];
  materials: (typeof caseMaterials.$inferSelect)[];
  tasks: (typeof caseTasks.$inferSelect)[];
  trips: (typeof caseTrips.$inferSelect)[];
  tripFacts: ReturnType<typeof tripFacts>;
  allowedActions: CaseAction[];
  /** The catalog's materials for this case's version, to show what each key is. */
  materialSpecs: MaterialSpec[];
}

/**
 * A case with its clock, events, materials, tasks and trips, and what the actor may do next. The
 * applicant's ID number and phone are whole only for the applicant and the staff handling it.
 */
export async function getCase(ctx: Ctx, caseId: string): Promise<CaseView> {
  const loaded = await loadInScope(ctx.db, ctx.actor, caseId);
  const [events, materials, trips] = await Promise.all([eventsOf(ctx.db, caseId), materialsOfCase(ctx.db, { caseId }), tripsOfCase(ctx.db, { caseId })]);
  return viewOf(ctx, { ...loaded, events, materials, trips });
}

interface CaseParts extends Pick<Loaded, 'row' | 'facts' | 'openTaskPaths' | 'tasks'> {
  events: CaseEventRow[];
  materials: CaseView['materials'];
  trips: CaseView['trips'];
}

/** The view of a case from its rows: the clock, what the actor may do next, and the masking. */
async function viewOf(ctx: Ctx, parts: CaseParts): Promise<CaseView> {
  const { row, facts, tasks, events, materials, trips } = parts;
  const { calendar } = await loadCalendar(ctx.db);
  const clock = computeClock(clockEvents(events), { statutory: row.statutoryLimit, promised: row.promisedLimit }, calendar, ctx.clock.now());
  const materialSpecs = (await versionOf(ctx, row.itemVersionId)).materials;
  const pendingMaterials = materials.filter((m) => m.status === 'pending').length;
  const whole = facts.isApplicant || facts.isIntakeClerk || facts.isHandler || facts.hasOpenTask;
  const shown = whole
    ? row
    : {
        ...row,
        applicant: { ...row.applicant, idNumber: maskId(row.applicant.idNumber), phone: maskPhone(row.applicant.phone) },
        deliveryChoice: row.deliveryChoice?.phone ? { ...row.deliveryChoice, phone: maskPhone(row.deliveryChoice.phone)! } : row.deliveryChoice,
      };
  // Shared data read for the case is the applicant's personal data: whole for the same people, its fields withheld from others.
  const shownMaterials = whole ? materials : materials.map((m) => (m.replacement?.kind === 'sharedData' ? { ...m, replacement: { ...m.replacement, subjectId: maskId(m.replacement.subjectId), fields: {}, masked: Object.keys(m.replacement.fields) } } : m));
  return {
    case: shown,
    clock,
    events,
    materials: shownMaterials,
    tasks,
    trips,
    tripFacts: tripFacts(row.trips),
    allowedActions: allowedActions(await caseFacts(ctx.db, row, parts.openTaskPaths.length, pendingMaterials), facts),
    materialSpecs,
  };
}

// A case keeps the item version it was filed under, and a published version never changes (a database
// trigger refuses it; it may only retire, which cases do not look at): each is read once per process.
const versions = new Map<string, ItemVersionRow>();

/** The item version a case was filed under; `q` reads it the first time (a transaction's handle inside one). */
export async function versionOf(ctx: Ctx, versionId: string, q: Queryable = ctx.db): Promise<ItemVersionRow> {
  const known = versions.get(versionId);
  if (known) return known;
  const { version } = await getVersion({ ...ctx, db: q as Db, actor: null }, versionId);
  if (version.status === 'published' || version.status === 'retired') {
    if (versions.size >= 10_000) versions.clear();
    versions.set(versionId, version);
  }
  return version;
}

export type CaseBox = 'mine' | 'intake' | 'desk' | 'review' | 'tasks' | 'all' | ReviewBox;

export interface CaseListItem {
  id: string;
  caseNumber: string;
  itemCode: string;
  itemName: string;
  itemNameEn: string;
  status: CaseStatus;
  channel: FilingChannel;
  applicantName: string;
  applicantId: string;
  receivedAt: Date | null;
  promisedDueOn: IsoDate | null;
  statutoryDueOn: IsoDate | null;
  warning: ReturnType<typeof computeClock>['warning'];
  trips: number;
  version: number;
  /** Working days left to the deadline the box is about (negative: late); null when none runs. */
  daysLeft: number | null;
  /** In the `tasks` box: when your department's open task is due. */
  taskDueOn: IsoDate | null;
}

const openStatuses: CaseStatus[] = ['accepted', 'in_review', 'suspended', 'decided'];

/**
 * The actor's inbox, soonest deadline first: an applicant's own cases; a clerk's intake queue;
 * a reviewer's cases and parallel tasks; a supervisor's or administrator's whole subtree (read-only).
 */
export async function listCases(ctx: Ctx, filter: { box: CaseBox; status?: CaseStatus | undefined; q?: string | undefined; applicant?: string | undefined; itemCode?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: CaseListItem[] }> {
  const actor = requireActor(ctx.actor);
  const place = await placeOf(ctx.db, actor);
  const scope = actor.scopePath ?? '\u0000';
  const where: (SQL | undefined)[] = [];
  switch (filter.box) {
    case 'mine':
      where.push(eq(cases.applicantId, actor.id));
      break;
    case 'intake':
    case 'desk':
      if (!hasRole(actor, 'windowClerk') || !place.governmentPath) throw new Problem('forbidden');
      // The departments of the clerk's own government (paths one level below it), or what the clerk filed at an agency point.
      where.push(or(sql`${cases.intakeOrgPath} ~ ${`^${place.governmentPath}[^/]+/$`}`, eq(cases.filedBy, actor.id)));
      // The queue holds what awaits the clerk; the desk finds any of those cases, whatever its state (drafts are the applicant's own).
      where.push(filter.box === 'intake' ? inArray(cases.status, ['submitted', 'correction_requested', 'decided']) : ne(cases.status, 'draft'));
      break;
    case 'review':
      if (!hasRole(actor, 'reviewer', 'departmentHead')) throw new Problem('forbidden');
      where.push(like(cases.handlerOrgPath, `${scope}%`), inArray(cases.status, openStatuses));
      break;
    case 'tasks':
      if (!hasRole(actor, 'reviewer', 'departmentHead')) throw new Problem('forbidden');
      where.push(inArray(cases.id, ctx.db.select({ id: caseTasks.caseId }).from(caseTasks).where(and(like(caseTasks.orgPath, `${scope}%`), eq(caseTasks.status, 'open')))));
      break;
    case 'toReview':
    case 'suspended':
    case 'toDeliver':
      if (!hasRole(actor, 'reviewer', 'departmentHead')) throw new Problem('forbidden');
      where.push(like(cases.handlerOrgPath, `${scope}%`), inArray(cases.status, [...reviewBoxStatuses[filter.box]]));
      break;
    case 'all':
      if (!hasRole(actor, 'supervisor', 'admin', 'reviewer', 'departmentHead')) throw new Problem('forbidden');
      where.push(or(like(cases.intakeOrgPath, `${scope}%`), like(cases.decisionOrgPath, `${scope}%`)));
      break;
  }
  if (filter.status) where.push(eq(cases.status, filter.status));
  if (filter.itemCode) where.push(eq(cases.itemCode, filter.itemCode));
  if (filter.q) {
    const text = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    // A case number (or its beginning), the item, or the applicant's name.
    where.push(or(like(cases.caseNumber, `${text}%`), like(cases.itemName, `%${text}%`), like(cases.itemNameEn, `%${text}%`), sql`${cases.applicant}->>'name' LIKE ${`%${text}%`}`));
  }
  // The applicant's whole resident ID or credit code (a check character X in either case).
  if (filter.applicant) where.push(sql`${cases.applicant}->>'idNumber' = ${filter.applicant.toUpperCase()}`);
  const condition = and(...where);
  // The deadline each box is about comes first: the department's task, the certificate after an approval (Art. 44), else the promised limit.
  // Drizzle leaves columns unqualified in a one-table select: the outer case is named in full.
  const taskDue = sql<IsoDate | null>`(SELECT min(${caseTasks.dueOn})::text FROM ${caseTasks} WHERE ${caseTasks.caseId} = ${cases}.${sql.identifier(cases.id.name)} AND ${caseTasks.status} = 'open' AND ${caseTasks.orgPath} LIKE ${`${scope}%`})`;
  const order = filter.box === 'tasks' ? [sql`${taskDue} ASC NULLS LAST`] : filter.box === 'toDeliver' ? [sql`${cases.decidedAt} ASC NULLS LAST`] : [];
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(cases).where(condition);
  const found = await ctx.db
    .select({ row: cases, taskDueOn: filter.box === 'tasks' ? taskDue : sql<IsoDate | null>`NULL` })
    .from(cases)
    .where(condition)
    .orderBy(...order, sql`${cases.promisedDueOn} ASC NULLS LAST`, desc(cases.createdAt))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const { calendar } = await loadCalendar(ctx.db);
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const rows = found.map((f) => f.row);
  const taskDueOf = new Map(found.map((f) => [f.row.id, f.taskDueOn]));
  const dueOf = (r: CaseRow): IsoDate | null => {
    if (filter.box === 'tasks') return taskDueOf.get(r.id) ?? null;
    if (r.status === 'accepted' || r.status === 'in_review') return r.promisedDueOn;
    if (r.status === 'decided' && r.outcome === 'approve' && !r.certificateId && r.decidedAt) return addWorkingDays(shanghaiDate(r.decidedAt), CERTIFICATE_DAYS, calendar);
    return null;
  };
  const daysLeftOf = (r: CaseRow): number | null => {
    const due = dueOf(r);
    return due ? workingDaysLeft(today, due, calendar) : null;
  };
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id, caseNumber: r.caseNumber, itemCode: r.itemCode, itemName: r.itemName, itemNameEn: r.itemNameEn, status: r.status, channel: r.channel,
      applicantName: r.applicant.name, applicantId: r.applicantId === actor.id ? r.applicant.idNumber : maskId(r.applicant.idNumber),
      receivedAt: r.receivedAt, promisedDueOn: r.promisedDueOn, statutoryDueOn: r.statutoryDueOn,
      warning: listWarning(r.status, r.promisedDueOn, r.promisedLimit, calendar, now), trips: r.trips, version: r.version,
      daysLeft: daysLeftOf(r), taskDueOn: taskDueOf.get(r.id) ?? null,
    })),
  };
}

// ---------------------------------------------------------------- periodic rules

/**
 * Art. 32: a case left without an intake decision for 5 working days counts as accepted from the
 * day its materials were received. Returns how many cases it accepted.
 */
export async function deemOverdueIntakes(db: Db, now: Date, log?: { info(o: object, m: string): void }): Promise<number> {
  const { calendar } = await loadCalendar(db);
  // Five working days are at least five calendar days: older receipts are the only candidates.
  const candidates = await db.select().from(cases).where(and(eq(cases.status, 'submitted'), lt(cases.receivedAt, new Date(now.getTime() - 5 * 86_400_000))));
  const ctx = { actor: null, clock: { now: () => now } };
  let count = 0;
  for (const c of candidates) {
    if (!c.receivedAt) continue;
    const receivedOn = shanghaiDate(c.receivedAt);
    if (addWorkingDays(receivedOn, 5, calendar) >= shanghaiDate(now)) continue;
    await db.transaction(async (tx) => {
      const [fresh] = await tx.select().from(cases).where(eq(cases.id, c.id));
      if (fresh?.status !== 'submitted') return;
      await applyChange(tx, ctx, fresh, fresh.version, { action: 'deemAccept', reason: '五个工作日内未作出受理决定，自收到申请材料之日起即为受理（行政许可法第三十二条）', set: { acceptedAt: now, acceptedOn: receivedOn }, data: { acceptedOn: receivedOn } });
      count++;
    });
    log?.info({ caseId: c.id }, 'case deemed accepted');
  }
  return count;
}

/**
 * Acceptance with pending materials: when the due date passes with materials still owed, the case
 * follows the commitment (revoked or terminated) and the breach is recorded against the applicant.
 */
export async function enforcePendingCommitments(db: Db, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const overdue = await db.select().from(cases).where(and(lt(cases.pendingDueOn, today), inArray(cases.status, ['accepted', 'in_review', 'suspended', 'decided'])));
  const ctx = { actor: null, clock: { now: () => now } };
  let count = 0;
  for (const c of overdue) {
    await db.transaction(async (tx) => {
      const [fresh] = await tx.select().from(cases).where(eq(cases.id, c.id));
      const [owed] = await tx.select({ n: sql<number>`count(*)::int` }).from(caseMaterials).where(and(eq(caseMaterials.caseId, c.id), eq(caseMaterials.status, 'pending')));
      if (!fresh?.pendingDueOn || fresh.pendingDueOn >= today || !owed?.n) return;
      const action = fresh.commitment?.onBreach === 'terminate' && fresh.status !== 'decided' ? 'terminate' : 'revoke';
      await applyChange(tx, ctx, fresh, fresh.version, { action, reason: '容缺受理承诺未按期履行 / the commitment to supply pending materials was not kept', set: { pendingDueOn: null } });
      await tx.insert(commitmentBreaches).values({ applicantId: fresh.applicantId, caseId: fresh.id, at: now });
      count++;
    });
  }
  return count;
}

/**
 * An administrator clears an applicant's broken commitment, so they may use acceptance with pending
 * materials again: an administrator of the organisations that took in or decide the case it was
 * broken on; 404 for anyone else's.
 */
export async function clearCommitmentBreach(ctx: Ctx, breachId: string, note: string): Promise<void> {
  const actor = requireActor(ctx.actor);
  if (!hasRole(actor, 'admin')) throw new Problem('forbidden');
  await ctx.db.transaction(async (tx) => {
    const scope = `${actor.scopePath ?? '\u0000'}%`;
    const ofMine = tx.select({ id: cases.id }).from(cases).where(or(like(cases.intakeOrgPath, scope), like(cases.decisionOrgPath, scope)));
    const [row] = await tx
      .update(commitmentBreaches)
      .set({ clearedAt: ctx.clock.now(), clearedBy: actor.id, clearNote: note })
      .where(and(eq(commitmentBreaches.id, breachId), isNull(commitmentBreaches.clearedAt), inArray(commitmentBreaches.caseId, ofMine)))
      .returning();
    if (!row) throw new Problem('not_found');
    await recordAudit(tx, ctx, { action: 'case.clear-breach', targetType: 'commitmentBreach', targetId: breachId, after: row });
  });
}

export async function listBreaches(ctx: Ctx, applicantId?: string): Promise<(typeof commitmentBreaches.$inferSelect)[]> {
  const actor = requireActor(ctx.actor);
  if (!hasRole(actor, 'admin', 'windowClerk')) throw new Problem('forbidden');
  // A window anywhere may look one applicant up (the bar holds prefecture-wide); lists are for
  // administrators, of the breaches on cases taken in within their subtree.
  const admin = hasRole(actor, 'admin');
  if (!admin && !applicantId) throw new Problem('validation_failed', 'look up one applicant', [{ field: '/querystring/applicant', message: 'required' }]);
  const inScope = admin && !applicantId ? scopeCondition(actor, cases.intakeOrgPath) : undefined;
  return ctx.db
    .select({ id: commitmentBreaches.id, applicantId: commitmentBreaches.applicantId, caseId: commitmentBreaches.caseId, at: commitmentBreaches.at, clearedAt: commitmentBreaches.clearedAt, clearedBy: commitmentBreaches.clearedBy, clearNote: commitmentBreaches.clearNote })
    .from(commitmentBreaches)
    .innerJoin(cases, eq(cases.id, commitmentBreaches.caseId))
    .where(and(isNull(commitmentBreaches.clearedAt), applicantId ? eq(commitmentBreaches.applicantId, applicantId) : undefined, inScope))
    .orderBy(desc(commitmentBreaches.at))
    .limit(200);
}

/** Staff who may see a case may open the files filed with it (registered with the file store). */
export async function caseFileAccess(ctx: Ctx, sha256: string): Promise<boolean> {
  if (!ctx.actor) return false;
  const rows = await ctx.db.select({ caseId: caseMaterials.caseId }).from(caseMaterials).where(sql`${caseMaterials.fileIds} @> ARRAY[${sha256}]::text[]`).limit(20);
  for (const { caseId } of rows) {
    const visible = await loadInScope(ctx.db, ctx.actor, caseId).then(() => true, () => false);
    if (visible) return true;
  }
  return false;
}

/** The files filed with a case's materials (name, type, size), for staff to open and preview; 404 outside the actor's reach. */
export async function caseFiles(ctx: Ctx, caseId: string): Promise<FileInfo[]> {
  await loadInScope(ctx.db, ctx.actor, caseId);
  const materials = await materialsOfCase(ctx.db, { caseId });
  return describeFiles(ctx.db, materials.flatMap((m) => m.fileIds));
}

export interface InboxCount {
  total: number;
  /** Past the deadline the box is about: the promised limit (to review) or the task's due date (tasks). */
  overdue: number;
}

/** How many cases wait in each box of a reviewer's inbox, in two queries. */
export async function countInbox(ctx: Ctx): Promise<Record<ReviewBox | 'tasks', InboxCount>> {
  const actor = requireActor(ctx.actor);
  if (!hasRole(actor, 'reviewer', 'departmentHead')) throw new Problem('forbidden');
  const scope = `${actor.scopePath ?? '\u0000'}%`;
  const today = shanghaiDate(ctx.clock.now());
  const inStatus = (statuses: readonly CaseStatus[]) => inArray(cases.status, [...statuses]);
  const [handled] = await ctx.db
    .select({
      toReview: sql<number>`count(*) FILTER (WHERE ${inStatus(reviewBoxStatuses.toReview)})::int`,
      toReviewOverdue: sql<number>`count(*) FILTER (WHERE ${inStatus(reviewBoxStatuses.toReview)} AND ${cases.promisedDueOn} < ${today})::int`,
      suspended: sql<number>`count(*) FILTER (WHERE ${inStatus(reviewBoxStatuses.suspended)})::int`,
      toDeliver: sql<number>`count(*) FILTER (WHERE ${inStatus(reviewBoxStatuses.toDeliver)})::int`,
    })
    .from(cases)
    .where(and(like(cases.handlerOrgPath, scope), inStatus(openStatuses)));
  const [tasks] = await ctx.db
    .select({ total: sql<number>`count(DISTINCT ${caseTasks.caseId})::int`, overdue: sql<number>`count(DISTINCT ${caseTasks.caseId}) FILTER (WHERE ${caseTasks.dueOn} < ${today})::int` })
    .from(caseTasks)
    .where(and(like(caseTasks.orgPath, scope), eq(caseTasks.status, 'open')));
  return {
    toReview: { total: handled?.toReview ?? 0, overdue: handled?.toReviewOverdue ?? 0 },
    tasks: { total: tasks?.total ?? 0, overdue: tasks?.overdue ?? 0 },
    suspended: { total: handled?.suspended ?? 0, overdue: 0 },
    toDeliver: { total: handled?.toDeliver ?? 0, overdue: 0 },
  };
}
