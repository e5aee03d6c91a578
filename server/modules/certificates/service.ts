import { v7 as uuidv7 } from 'uuid';
import { and, count, desc, eq, gt, ilike, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, inScope, requireActor, requireRole, scopeCondition, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { canonicalJson, sha256 } from '../../platform/digest.js';
import { Problem, type FieldError } from '../../platform/errors.js';
import { notifyUser } from '../../platform/notify.js';
import { users } from '../../platform/schema.js';
import type { Secrets } from '../../platform/secrets.js';
import { findOrg, findOrgsByIds, type OrgRow } from '../orgs/index.js';
import {
  allowedStatusActions, buildIdentifier, certificateTypeForItem, checkFields, checkSignature, effectiveStatus, isValidHolderId, issuerCreditCode, ITEM_RESULT_TYPE, maskHolderId, NUMBER_PATTERN,
  statusAfter, validityEnd, type CertificateStatus, type StatusAction,
} from './rules.js';
import { checkSeal, sealWith, type SealCheck } from './seals.js';
import { certificates, sealKeys, type CertificateRow, type CertificateTypeRow, type HolderKind } from './schema.js';
import { typeForIssue, typesByKey } from './types.js';

// ---------------------------------------------------------------- issuing

export interface NewCertificate {
  number: string;
  /** A type key, or `item:<itemCode>` for the result of a case of that item. */
  type: string;
  title: string;
  holder: CertificateRow['holder'];
  issuerOrgId: string;
  caseId: string | null;
  fields: Record<string, unknown>;
  validUntil: Date | null;
}

interface Issue {
  type: CertificateTypeRow;
  issuer: OrgRow;
  number: string;
  title: string;
  holder: CertificateRow['holder'];
  caseId: string | null;
  source: CertificateRow['source'];
  fields: Record<string, unknown>;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
}

/** Signs and stores one certificate (GB/T 36903 metadata in the signed payload). */
async function signAndStore(tx: Tx, secrets: Secrets, c: Issue, now: Date): Promise<CertificateRow> {
  const issuerCode = issuerCreditCode(c.issuer);
  const identifier = buildIdentifier({ typeCode: c.type.nationalCode, issuerCode, number: c.number, version: 1 });
  const id = uuidv7();
  // The signed payload is public (anyone may verify it): the holder's ID number appears masked.
  // The id is in it so that an offline check can say where to see the status now (/verify/{id}).
  const payload = {
    id,
    identifier,
    number: c.number,
    type: c.type.key,
    typeCode: c.type.nationalCode,
    title: c.title,
    holder: { kind: c.holder.kind, name: c.holder.name, idNumber: maskHolderId(c.holder.kind, c.holder.idNumber) },
    issuer: { id: c.issuer.id, code: c.issuer.code, creditCode: issuerCode, name: c.issuer.name },
    fields: c.fields,
    issuedAt: c.issuedAt.toISOString(),
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil?.toISOString() ?? null,
  };
  const seal = await sealWith(tx, secrets, c.issuer.id, payload, now);
  const [row] = await tx
    .insert(certificates)
    .values({
      id, number: c.number, identifier, type: c.type.key, title: c.title, holder: c.holder, holderIdNumber: c.holder.idNumber, issuerOrgId: c.issuer.id, issuerOrgPath: c.issuer.path,
      caseId: c.caseId, source: c.source, payload, signature: seal.signature, keyId: seal.keyId, status: 'valid', issuedAt: c.issuedAt, validFrom: c.validFrom, validUntil: c.validUntil, updatedAt: now,
    })
    .returning();
  return row!;
}

/**
 * Issues a case's certificate signed with the issuer's seal, inside the caller's transaction (the caller
 * audits). `item:<code>` becomes the item's certificate type, or the generic item result when the item
 * has none or the holder does not fit it.
 */
export async function issueCertificate(tx: Tx, secrets: Secrets, input: NewCertificate, now: Date): Promise<CertificateRow> {
  const issuer = await findOrg(tx, input.issuerOrgId);
  if (!issuer) throw new Problem('not_found', 'no such issuing organisation');
  const wanted = input.type.startsWith('item:') ? certificateTypeForItem(input.type.slice(5)) : input.type;
  const fits = (t: CertificateTypeRow | undefined): t is CertificateTypeRow => !!t && t.active && t.holderKinds.includes(input.holder.kind);
  const named = await typeForIssue(tx, wanted);
  const type = fits(named) ? named : (await typeForIssue(tx, ITEM_RESULT_TYPE))!;
  return signAndStore(tx, secrets, {
    type, issuer, number: input.number, title: type.key === ITEM_RESULT_TYPE ? input.title : type.name, holder: input.holder, caseId: input.caseId, source: input.caseId ? 'case' : 'import',
    fields: input.fields, issuedAt: now, validFrom: now, validUntil: input.validUntil,
  }, now);
}

// ---------------------------------------------------------------- import

export interface ImportRow {
  type: string;
  number: string;
  title?: string | undefined;
  holder: { kind: HolderKind; name: string; idNumber: string };
  /** Dates (YYYY-MM-DD, Asia/Shanghai): issued on (default today), valid from (default issued on), valid until (default by the type's validity; null: no expiry). */
  issuedOn?: string | undefined;
  validFrom?: string | undefined;
  validUntil?: string | null | undefined;
  fields: Record<string, unknown>;
}

export interface ImportRowReport {
  index: number;
  number: string;
  ok: boolean;
  errors: FieldError[];
  /** Once imported. */
  id: string | null;
  identifier: string | null;
}

export interface ImportReport {
  dryRun: boolean;
  issuerOrgId: string;
  imported: number;
  rows: ImportRowReport[];
}

const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
// A certificate valid until a day is valid through that whole day in Shanghai.
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999+08:00`);
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Checks and (unless a dry run) imports certificates for an issuing organisation, each signed with its
 * seal. One bad row and nothing is imported; the report says what is wrong with each row. Used by the
 * API and by the demo seed.
 */
export async function importRows(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock' | 'requestId' | 'secrets'>, issuer: OrgRow, rows: ImportRow[], dryRun: boolean): Promise<ImportReport> {
  const now = ctx.clock.now();
  const types = await typesByKey(tx);
  const numbers = rows.map((r) => r.number.trim().toUpperCase());
  const existing = new Set(numbers.length ? (await tx.select({ number: certificates.number }).from(certificates).where(inArray(certificates.number, numbers))).map((r) => r.number) : []);
  const seen = new Set<string>();
  const checked = rows.map((row, index) => {
    const at = `/body/certificates/${index}`;
    const errors: FieldError[] = [];
    const number = numbers[index]!;
    const type = types.get(row.type);
    if (!NUMBER_PATTERN.test(number)) errors.push({ field: `${at}/number`, message: 'letters, digits and hyphens, at most 40' });
    else if (existing.has(number)) errors.push({ field: `${at}/number`, message: 'a certificate with this number exists' });
    else if (seen.has(number)) errors.push({ field: `${at}/number`, message: 'the number appears twice in this batch' });
    seen.add(number);
    if (!type?.active) errors.push({ field: `${at}/type`, message: `no such certificate type: ${row.type}` });
    else {
      if (!type.holderKinds.includes(row.holder.kind)) errors.push({ field: `${at}/holder/kind`, message: `a ${row.type} is held by ${type.holderKinds.join(' or ')}` });
      errors.push(...checkFields(type.fields, row.fields, `${at}/fields`));
    }
    const idNumber = row.holder.idNumber.trim().toUpperCase();
    if (!isValidHolderId(row.holder.kind, idNumber, now)) errors.push({ field: `${at}/holder/idNumber`, message: row.holder.kind === 'company' ? 'not a valid credit code' : 'not a valid resident ID number' });
    const issuedOn = row.issuedOn ?? shanghaiDay(now);
    if (issuedOn > shanghaiDay(now)) errors.push({ field: `${at}/issuedOn`, message: 'in the future' });
    const validFrom = row.validFrom ?? issuedOn;
    const validUntil = row.validUntil === undefined ? validityEnd(dayEnd(validFrom), type?.validityYears ?? null) : row.validUntil === null ? null : dayEnd(row.validUntil);
    if (validUntil && validUntil <= dayStart(validFrom)) errors.push({ field: `${at}/validUntil`, message: 'ends before it begins' });
    const issue = type && !errors.length
      ? { type, issuer, number, title: row.title?.trim() || type.name, holder: { kind: row.holder.kind, name: row.holder.name.trim(), idNumber }, caseId: null, source: 'import' as const, fields: row.fields, issuedAt: dayStart(issuedOn), validFrom: dayStart(validFrom), validUntil }
      : null;
    return { index, number, errors, issue };
  });
  const ok = checked.every((c) => c.issue);
  const report: ImportReport = { dryRun, issuerOrgId: issuer.id, imported: 0, rows: checked.map((c) => ({ index: c.index, number: c.number, ok: !c.errors.length, errors: c.errors, id: null, identifier: null })) };
  if (dryRun) return report;
  if (!ok) throw new Problem('certificate.import_rejected', `${checked.filter((c) => c.errors.length).length} of ${rows.length} rows are invalid; nothing was imported`, checked.flatMap((c) => c.errors));
  for (const c of checked) {
    const row = await signAndStore(tx, ctx.secrets, c.issue!, now);
    Object.assign(report.rows[c.index]!, { id: row.id, identifier: row.identifier });
  }
  report.imported = checked.length;
  await recordAudit(tx, ctx, { action: 'certificate.import', targetType: 'org', targetId: issuer.id, after: report.rows.map((r) => ({ id: r.id, number: r.number })) });
  return report;
}

/**
 * Imports a batch from another system for an issuing organisation in the importer's subtree
 * (administrators, department heads).
 * @throws Problem 'not_found' for an organisation outside the subtree; 'certificate.import_rejected' with every row's errors.
 */
export async function importCertificates(ctx: Ctx, input: { issuerOrg: string; dryRun: boolean; certificates: ImportRow[] }): Promise<ImportReport> {
  requireRole(ctx.actor, 'admin', 'departmentHead');
  const issuer = await findOrg(ctx.db, input.issuerOrg);
  if (!issuer || !inScope(ctx.actor, issuer.path)) throw new Problem('not_found');
  return ctx.db.transaction((tx) => importRows(tx, ctx, issuer, input.certificates, input.dryRun));
}

// ---------------------------------------------------------------- reading

/** Staff who read the library: of certificates issued in their subtree. */
const LIBRARY_ROLES = ['admin', 'departmentHead', 'reviewer', 'supervisor'] as const;
const MANAGER_ROLES = ['admin', 'departmentHead'] as const;

/** The signed-in applicant's resident ID or credit code. */
export async function holderIdOf(q: Queryable, actor: Actor): Promise<string | null> {
  if (actor.kind === 'staff') return null;
  const [u] = await q.select({ residentId: users.residentId, creditCode: users.creditCode }).from(users).where(eq(users.id, actor.id));
  return u?.residentId ?? u?.creditCode ?? null;
}

export interface CertificateField {
  key: string;
  name: string;
  nameEn: string;
  value: string;
}

export interface CertificateView {
  id: string;
  identifier: string | null;
  number: string;
  type: string;
  typeName: string;
  typeNameEn: string;
  typeCode: string | null;
  title: string;
  holder: { kind: HolderKind; name: string; idNumber: string };
  issuer: { id: string; name: string; nameEn: string; code: string };
  source: CertificateRow['source'];
  caseId: string | null;
  status: CertificateStatus;
  statusReason: string | null;
  statusChangedAt: Date | null;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  keyId: string;
  version: number;
  allowedActions: StatusAction[];
}

/** The type's fields first, in its order, with their names; anything else the certificate carries after them. */
export function fieldList(type: CertificateTypeRow | undefined, values: Record<string, unknown> | undefined): CertificateField[] {
  const v = values ?? {};
  const text = (x: unknown) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
  const declared = (type?.fields ?? []).filter((f) => v[f.key] !== undefined && v[f.key] !== null && v[f.key] !== '').map((f) => ({ key: f.key, name: f.name, nameEn: f.nameEn, value: text(v[f.key]) }));
  const known = new Set((type?.fields ?? []).map((f) => f.key));
  return [...declared, ...Object.entries(v).filter(([k]) => !known.has(k)).map(([k, x]) => ({ key: k, name: k, nameEn: k, value: text(x) }))];
}

function viewOf(row: CertificateRow, types: Map<string, CertificateTypeRow>, orgs: Map<string, OrgRow>, now: Date, options: { fullId: boolean; manage: boolean }): CertificateView {
  const type = types.get(row.type);
  const issuer = orgs.get(row.issuerOrgId);
  const status = effectiveStatus(row.status, row.validUntil, now);
  return {
    id: row.id, identifier: row.identifier, number: row.number, type: row.type, typeName: type?.name ?? row.type, typeNameEn: type?.nameEn ?? row.type, typeCode: type?.nationalCode ?? null, title: row.title,
    holder: { kind: row.holder.kind, name: row.holder.name, idNumber: options.fullId ? row.holder.idNumber : maskHolderId(row.holder.kind, row.holder.idNumber) },
    issuer: { id: row.issuerOrgId, name: issuer?.name ?? '', nameEn: issuer?.nameEn ?? '', code: issuer?.code ?? '' },
    source: row.source, caseId: row.caseId, status, statusReason: row.statusReason, statusChangedAt: row.statusChangedAt, issuedAt: row.issuedAt, validFrom: row.validFrom, validUntil: row.validUntil,
    keyId: row.keyId, version: row.version, allowedActions: options.manage ? allowedStatusActions(status) : [],
  };
}

async function viewsOf(q: Queryable, rows: CertificateRow[], now: Date, options: (row: CertificateRow) => { fullId: boolean; manage: boolean }): Promise<CertificateView[]> {
  const [types, orgs] = await Promise.all([typesByKey(q), findOrgsByIds(q, rows.map((r) => r.issuerOrgId))]);
  return rows.map((r) => viewOf(r, types, orgs, now, options(r)));
}

/** Conditions for an effective status (expired is derived from the validity). */
function statusCondition(status: CertificateStatus, now: Date): SQL | undefined {
  if (status === 'expired') return and(eq(certificates.status, 'valid'), lte(certificates.validUntil, now));
  if (status === 'valid') return and(eq(certificates.status, 'valid'), or(isNull(certificates.validUntil), gt(certificates.validUntil, now)));
  return eq(certificates.status, status);
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface LibraryFilter {
  /** The beginning of a number or identifier, or part of the holder's name or the title. */
  q?: string | undefined;
  /** The holder's whole resident ID or credit code. */
  holder?: string | undefined;
  type?: string | undefined;
  /** The issuing organisation (id or code): it and everything under it. */
  issuer?: string | undefined;
  status?: CertificateStatus | undefined;
  page: number;
  pageSize: number;
}

/**
 * The library as staff see it: certificates issued within their subtree, newest first. Holder ID
 * numbers are masked in the list.
 * @throws Problem 'forbidden' for roles that do not read the library.
 */
export async function listCertificates(ctx: Ctx, filter: LibraryFilter): Promise<{ total: number; items: CertificateView[] }> {
  const actor = requireRole(ctx.actor, ...LIBRARY_ROLES);
  const now = ctx.clock.now();
  const where: (SQL | undefined)[] = [scopeCondition(actor, certificates.issuerOrgPath)];
  if (filter.q) {
    const q = filter.q.trim();
    where.push(or(like(certificates.number, `${escapeLike(q.toUpperCase())}%`), like(certificates.identifier, `${escapeLike(q)}%`), ilike(sql`${certificates.holder}->>'name'`, `%${escapeLike(q)}%`), ilike(certificates.title, `%${escapeLike(q)}%`)));
  }
  if (filter.holder) where.push(eq(certificates.holderIdNumber, filter.holder.trim().toUpperCase()));
  if (filter.type) where.push(eq(certificates.type, filter.type));
  if (filter.issuer) {
    const org = await findOrg(ctx.db, filter.issuer);
    where.push(org ? like(certificates.issuerOrgPath, `${org.path}%`) : sql`false`);
  }
  if (filter.status) where.push(statusCondition(filter.status, now));
  const condition = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(certificates).where(condition);
  const rows = await ctx.db.select().from(certificates).where(condition).orderBy(desc(certificates.issuedAt), desc(certificates.id)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  const manage = hasRole(actor, ...MANAGER_ROLES);
  return { total: total?.n ?? 0, items: await viewsOf(ctx.db, rows, now, () => ({ fullId: false, manage })) };
}

/** The signed-in applicant's own certificates (by their ID number), newest first. */
export async function listMyCertificates(ctx: Ctx, filter: { status?: CertificateStatus | undefined; page: number; pageSize: number }): Promise<{ total: number; items: CertificateView[] }> {
  const actor = requireActor(ctx.actor);
  const idNumber = await holderIdOf(ctx.db, actor);
  if (!idNumber) return { total: 0, items: [] };
  const now = ctx.clock.now();
  const condition = and(eq(certificates.holderIdNumber, idNumber), filter.status ? statusCondition(filter.status, now) : undefined);
  const [total] = await ctx.db.select({ n: count() }).from(certificates).where(condition);
  const rows = await ctx.db.select().from(certificates).where(condition).orderBy(desc(certificates.issuedAt), desc(certificates.id)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  return { total: total?.n ?? 0, items: await viewsOf(ctx.db, rows, now, () => ({ fullId: true, manage: false })) };
}

export interface Access {
  row: CertificateRow;
  /** The holder themself. */
  holder: boolean;
  /** Staff who may suspend, reinstate and revoke it. */
  manage: boolean;
}

/**
 * A certificate for its holder or for library staff of the issuer's subtree; 404 for anyone else, so
 * ids stay hidden.
 */
export async function loadCertificate(q: Queryable, actor: Actor | null, id: string): Promise<Access> {
  const a = requireActor(actor);
  const [row] = await q.select().from(certificates).where(eq(certificates.id, id));
  if (!row) throw new Problem('not_found');
  if (a.kind !== 'staff') {
    if ((await holderIdOf(q, a)) !== row.holderIdNumber) throw new Problem('not_found');
    return { row, holder: true, manage: false };
  }
  if (!hasRole(a, ...LIBRARY_ROLES) || !inScope(a, row.issuerOrgPath)) throw new Problem('not_found');
  return { row, holder: false, manage: hasRole(a, ...MANAGER_ROLES) };
}

export interface CertificateDetail {
  certificate: CertificateView;
  fields: CertificateField[];
  /** What was signed, as it is stored. */
  payload: Record<string, unknown>;
  signature: string;
  seal: Pick<SealCheck, 'valid' | 'problem'>;
}

/** A certificate with its type's fields and the check of its seal (holder or library staff). */
export async function getCertificate(ctx: Ctx, id: string): Promise<CertificateDetail> {
  const { row, manage } = await loadCertificate(ctx.db, ctx.actor, id);
  const [view] = await viewsOf(ctx.db, [row], ctx.clock.now(), () => ({ fullId: true, manage }));
  const types = await typesByKey(ctx.db);
  const check = await checkSeal(ctx.db, row.payload, { signature: row.signature, keyId: row.keyId });
  return { certificate: view!, fields: fieldList(types.get(row.type), row.payload.fields as Record<string, unknown>), payload: row.payload, signature: row.signature, seal: { valid: check.valid, problem: check.problem } };
}

// ---------------------------------------------------------------- status

const NOTICE = { suspend: 'certificate.suspended', reinstate: 'certificate.reinstated', revoke: 'certificate.revoked' } as const;

/**
 * Suspends, reinstates or revokes a certificate: administrators and department heads of the issuer's
 * subtree. Audited; the holder is told (SMS/e-mail) when they have an account.
 * @throws Problem 'not_found'; 'forbidden' for library readers who do not manage it; 'certificate.invalid_transition'; 'certificate.reason_required'; 'version_conflict'.
 */
export async function changeCertificateStatus(ctx: Ctx, id: string, action: StatusAction, input: { version: number; reason?: string | undefined }): Promise<CertificateDetail> {
  await ctx.db.transaction(async (tx) => {
    const { row, manage } = await loadCertificate(tx, ctx.actor, id);
    if (!manage) throw new Problem('forbidden');
    if (row.version !== input.version) throw new Problem('version_conflict');
    const now = ctx.clock.now();
    const to = statusAfter(action, effectiveStatus(row.status, row.validUntil, now));
    if (!to) throw new Problem('certificate.invalid_transition');
    if (action !== 'reinstate' && !input.reason?.trim()) throw new Problem('certificate.reason_required', undefined, [{ field: '/body/reason', message: 'required to suspend or revoke' }]);
    const reason = input.reason?.trim() || null;
    const [updated] = await tx.update(certificates)
      .set({ status: to, statusReason: reason, statusChangedAt: now, version: sql`${certificates.version} + 1`, updatedAt: now })
      .where(and(eq(certificates.id, row.id), eq(certificates.version, input.version)))
      .returning();
    if (!updated) throw new Problem('version_conflict');
    const [holder] = await tx.select({ id: users.id, phone: users.phone, email: users.email }).from(users).where(or(eq(users.residentId, row.holderIdNumber), eq(users.creditCode, row.holderIdNumber))).limit(1);
    if (holder) {
      const issuer = await findOrg(tx, row.issuerOrgId);
      const params = { certificateName: row.title, number: row.number, issuer: issuer?.name ?? '', reason: reason ?? '' };
      await notifyUser(tx, { userId: holder.id, template: NOTICE[action], params: params as never, now }, holder);
    }
    await recordAudit(tx, ctx, { action: `certificate.${action}`, targetType: 'certificate', targetId: row.id, before: { status: row.status, version: row.version }, after: { status: to, reason, version: updated.version } });
  });
  return getCertificate(ctx, id);
}

// ---------------------------------------------------------------- public

export interface Verification {
  certificate: {
    id: string; identifier: string | null; number: string; type: string; typeName: string; typeNameEn: string; title: string; issuedAt: Date; validFrom: Date; validUntil: Date | null;
    issuer: string; holderKind: HolderKind; holderName: string; holderId: string; statusReason: string | null; statusChangedAt: Date | null;
  };
  fields: CertificateField[];
  payload: Record<string, unknown>;
  signature: string;
  keyId: string;
  status: CertificateStatus;
  /** The signature matches the payload and the issuer's key, and the certificate is valid now. */
  valid: boolean;
  problem: SealCheck['problem'] | 'revoked' | 'suspended' | 'expired' | null;
}

/** What anyone may know about a certificate: its signed (masked) content, its status now, and whether its seal holds. */
export async function verificationOf(q: Queryable, cert: CertificateRow, now: Date): Promise<Verification> {
  const check = await checkSeal(q, cert.payload, { signature: cert.signature, keyId: cert.keyId });
  const status = effectiveStatus(cert.status, cert.validUntil, now);
  const type = (await typesByKey(q)).get(cert.type);
  return {
    certificate: {
      id: cert.id, identifier: cert.identifier, number: cert.number, type: cert.type, typeName: type?.name ?? cert.type, typeNameEn: type?.nameEn ?? cert.type, title: cert.title,
      issuedAt: cert.issuedAt, validFrom: cert.validFrom, validUntil: cert.validUntil, issuer: String((cert.payload.issuer as { name?: string } | undefined)?.name ?? ''),
      holderKind: cert.holder.kind, holderName: cert.holder.name, holderId: maskHolderId(cert.holder.kind, cert.holder.idNumber), statusReason: cert.statusReason, statusChangedAt: cert.statusChangedAt,
    },
    fields: fieldList(type, cert.payload.fields as Record<string, unknown> | undefined),
    payload: cert.payload,
    signature: cert.signature,
    keyId: cert.keyId,
    status,
    valid: check.valid && status === 'valid',
    // A broken seal is the first thing to say: the content itself cannot be trusted.
    problem: check.problem ?? (status === 'valid' ? null : status),
  };
}

/** Anyone may verify a certificate by id: the QR code on it leads here; ID numbers are masked. */
export async function verifyCertificate(q: Queryable, id: string, now: Date): Promise<Verification> {
  const [cert] = await q.select().from(certificates).where(eq(certificates.id, id));
  if (!cert) throw new Problem('not_found');
  return verificationOf(q, cert, now);
}

/** The signed document to download and check offline (`onetrip certificate verify`): public, like the verification. */
export async function signedCertificate(q: Queryable, id: string): Promise<{ payload: Record<string, unknown>; signature: string; kid: string; alg: 'EdDSA'; digest: string }> {
  const [cert] = await q.select().from(certificates).where(eq(certificates.id, id));
  if (!cert) throw new Problem('not_found');
  return { payload: cert.payload, signature: cert.signature, kid: cert.keyId, alg: 'EdDSA', digest: sha256(canonicalJson(cert.payload)) };
}

/** A certificate by id (no access check: callers decide). */
export async function findCertificate(q: Queryable, id: string): Promise<CertificateRow | undefined> {
  const [row] = await q.select().from(certificates).where(eq(certificates.id, id));
  return row;
}

// ---------------------------------------------------------------- for other modules

/** A certificate in the library as other modules (cases) use it in place of a paper proof. */
export interface LibraryCertificate {
  id: string;
  identifier: string;
  number: string;
  /** The type's key, as the catalog names it in `replaceableBy.certificateType`. */
  typeCode: string;
  title: string;
  issuerOrgId: string;
  issuedAt: Date;
  validUntil: Date | null;
  version: number;
  /** SHA-256 of the signed payload's canonical JSON. */
  digest: string;
}

/**
 * The holder's certificates of a type that can stand in for a paper proof now: valid (not suspended,
 * revoked, expired or not yet in force), under a key that is not revoked, with a seal that holds; newest first.
 */
export async function findUsableCertificates(q: Queryable, holderIdNumber: string, typeCode: string, now: Date): Promise<LibraryCertificate[]> {
  const rows = await q
    .select({ cert: certificates, publicKey: sealKeys.publicKey })
    .from(certificates)
    .innerJoin(sealKeys, eq(sealKeys.id, certificates.keyId))
    .where(and(
      eq(certificates.holderIdNumber, holderIdNumber.trim().toUpperCase()), eq(certificates.type, typeCode), eq(certificates.status, 'valid'),
      lte(certificates.validFrom, now), or(isNull(certificates.validUntil), gt(certificates.validUntil, now)), isNull(sealKeys.revokedAt),
    ))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id));
  const out: LibraryCertificate[] = [];
  for (const { cert, publicKey } of rows) {
    if (!cert.identifier) continue; // issued before the library: no identifier to record
    if (checkSignature(cert.payload, { signature: cert.signature }, { kid: cert.keyId, x: publicKey }) !== 'valid') continue;
    out.push({
      id: cert.id, identifier: cert.identifier, number: cert.number, typeCode: cert.type, title: cert.title, issuerOrgId: cert.issuerOrgId, issuedAt: cert.issuedAt, validUntil: cert.validUntil,
      version: cert.version, digest: sha256(canonicalJson(cert.payload)),
    });
  }
  return out;
}
