import { isValidCreditCode, isValidResidentId, maskCreditCode, maskName, maskPhone, maskResidentId } from '../../../common/id-codes.js';
import type { ApplicationStatus, DenialReason, FieldType, QueryResult, ResourceField, SharingType, SubjectKind } from '../../../common/sharing.js';
import { addDays, isIsoDate, type IsoDate } from '../../../common/working-days.js';
import { hasRole, inScope, type Actor } from '../../platform/access.js';
import type { FieldError } from '../../platform/errors.js';

// Pure rules of the data sharing platform: who may do what, who may query what, and what a consumer
// sees of a record. No I/O; the service feeds them rows and acts on the answer.

// ---------------------------------------------------------------- who may do what

/** Publishing and editing a resource: the owning department's head, or an administrator above it. */
export const mayPublish = (actor: Actor | null, ownerOrgPath: string): boolean => hasRole(actor, 'departmentHead', 'admin') && inScope(actor, ownerOrgPath);

/** Keeping a resource's records: the owning department's heads and reviewers, or an administrator above it. */
export const mayKeepRecords = (actor: Actor | null, ownerOrgPath: string): boolean => hasRole(actor, 'departmentHead', 'reviewer', 'admin') && inScope(actor, ownerOrgPath);

/** Applying for access, answering applications and keeping credentials: a department's head, or an administrator above it. */
export const mayActFor = (actor: Actor | null, orgPath: string): boolean => hasRole(actor, 'departmentHead', 'admin') && inScope(actor, orgPath);

/** Reading applications and the query log of a department: its head, or an administrator or supervisor above it. */
export const mayWatch = (actor: Actor | null, orgPath: string): boolean => hasRole(actor, 'departmentHead', 'admin', 'supervisor') && inScope(actor, orgPath);

/**
 * Staff who may query shared data with their own session, as their department: those who handle
 * applications (clerks, reviewers, heads). Systems query with their department's credentials.
 */
export const mayQueryInPerson = (actor: Actor | null): boolean => !!actor?.orgId && actor.kind === 'staff' && hasRole(actor, 'windowClerk', 'reviewer', 'departmentHead');

// ---------------------------------------------------------------- applications

/** Whether a department may apply for a resource at all: not for its own, not for one shared without conditions, never for one not shared. */
export function applicationRefusal(sharingType: SharingType, isOwner: boolean): 'sharing.own_resource' | 'sharing.no_approval_needed' | 'sharing.not_shared' | null {
  if (isOwner) return 'sharing.own_resource';
  if (sharingType === 'notShared') return 'sharing.not_shared';
  if (sharingType === 'unconditional') return 'sharing.no_approval_needed';
  return null;
}

/** The longest access an application may ask for: three years (a consumer applies again for more). */
export const MAX_VALIDITY_DAYS = 3 * 366;

/** Problems with the fields and validity asked for (or granted): empty when fine. */
export function checkGrant(resourceFields: readonly string[], fields: readonly string[], until: IsoDate, today: IsoDate, path: string, within?: { fields: readonly string[]; until: IsoDate }): FieldError[] {
  const errors: FieldError[] = [];
  const allowed = new Set(within?.fields ?? resourceFields);
  const unknown = fields.filter((f) => !allowed.has(f));
  if (!fields.length) errors.push({ field: `${path}/fields`, message: 'name at least one field' });
  if (unknown.length) errors.push({ field: `${path}/fields`, message: `${within ? 'not asked for' : 'not fields of the resource'}: ${unknown.join(', ')}` });
  if (new Set(fields).size !== fields.length) errors.push({ field: `${path}/fields`, message: 'a field is named twice' });
  if (!isIsoDate(until) || until < today) errors.push({ field: `${path}/validUntil`, message: 'must be today or later' });
  else if (until > (within?.until ?? addDays(today, MAX_VALIDITY_DAYS))) errors.push({ field: `${path}/validUntil`, message: within ? 'cannot be later than asked for' : 'at most three years ahead' });
  return errors;
}

// ---------------------------------------------------------------- access to a record

/** The part of an application the access rule looks at. */
export interface ApplicationFacts {
  id: string;
  status: ApplicationStatus;
  approvedFields: string[] | null;
  validUntil: IsoDate | null;
  /** When it was applied for: the latest says why there is no access. */
  appliedAt: Date;
  decidedAt: Date | null;
}

export type AccessDecision =
  | { allowed: true; /** Fields granted (the rest are withheld). */ granted: string[]; /** Granted but sensitive: sent de-identified. */ deidentified: string[]; applicationId: string | null }
  | { allowed: false; reason: DenialReason; applicationId: string | null };

export interface AccessQuestion {
  sharingType: SharingType;
  fields: readonly ResourceField[];
  /** The consumer is the owning department itself. */
  isOwner: boolean;
  /** A use inside a case (lookupForCase): an authorised purpose for every resource that is shared at all. */
  forCase: boolean;
  /** The consumer's applications for this resource. */
  applications: readonly ApplicationFacts[];
  today: IsoDate;
}

/** Whether an approved application still gives access on `today` (its last valid day included). */
export const isCurrent = (a: ApplicationFacts, today: IsoDate): boolean => a.status === 'approved' && !!a.validUntil && a.validUntil >= today;

/**
 * Who may query what (R2.2): the owner everything in clear; nobody else a resource not shared; anyone
 * with credentials an unconditional resource; a conditional one only with an approved, unexpired
 * application — its approved fields, sensitive ones de-identified — or inside a case.
 */
export function decideAccess(q: AccessQuestion): AccessDecision {
  const all = q.fields.map((f) => f.key);
  if (q.isOwner) return { allowed: true, granted: all, deidentified: [], applicationId: null };
  if (q.sharingType === 'notShared') return { allowed: false, reason: 'notShared', applicationId: null };
  if (q.sharingType === 'unconditional') return { allowed: true, granted: all, deidentified: [], applicationId: null };
  const sensitive = (keys: readonly string[]) => keys.filter((k) => q.fields.find((f) => f.key === k)?.sensitive);
  if (q.forCase) return { allowed: true, granted: all, deidentified: sensitive(all), applicationId: null };
  // The latest decision counts: a narrower approval after a wider one narrows access.
  const current = q.applications.filter((a) => isCurrent(a, q.today)).sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))[0];
  if (current) {
    const granted = all.filter((k) => current.approvedFields!.includes(k));
    return { allowed: true, granted, deidentified: sensitive(granted), applicationId: current.id };
  }
  const latest = [...q.applications].sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime())[0];
  if (!latest) return { allowed: false, reason: 'noApplication', applicationId: null };
  const reason: DenialReason = latest.status === 'approved' ? 'expired' : latest.status;
  return { allowed: false, reason, applicationId: latest.id };
}

// ---------------------------------------------------------------- masking

/**
 * A sensitive value de-identified by its type (GB/T 35273-2020 §3.14): enough to recognise the record,
 * not to learn the value. Numbers and yes/no answers cannot be partly shown, so they are withheld.
 */
export function deidentify(type: FieldType, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value);
  switch (type) {
    case 'name':
      return maskName(text);
    case 'idNumber':
      return isValidCreditCode(text) && !isValidResidentId(text) ? maskCreditCode(text) : maskResidentId(text);
    case 'phone':
      return maskPhone(text);
    case 'address': {
      const chars = Array.from(text);
      return chars.length <= 6 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}${'*'.repeat(Math.min(chars.length - 6, 8))}`;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}/.test(text) ? `${text.slice(0, 4)}-**-**` : null;
    case 'text': {
      const chars = Array.from(text);
      return chars.length <= 2 ? '*'.repeat(chars.length) : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 8))}`;
    }
    case 'number':
    case 'boolean':
      return null;
  }
}

export interface ShapedRecord {
  /** Every field of the resource: in clear, de-identified, or null when withheld. */
  fields: Record<string, unknown>;
  /** Fields in clear. */
  clear: string[];
  /** Fields not in clear (de-identified or withheld). */
  masked: string[];
  result: Extract<QueryResult, 'returned' | 'masked'>;
}

/** What a consumer sees of a record under an access decision (field-level masking for conditional resources). */
export function shapeRecord(fields: readonly ResourceField[], data: Record<string, unknown>, decision: Extract<AccessDecision, { allowed: true }>): ShapedRecord {
  const out: Record<string, unknown> = {};
  const clear: string[] = [];
  const masked: string[] = [];
  for (const f of fields) {
    const value = data[f.key] ?? null;
    if (!decision.granted.includes(f.key)) {
      out[f.key] = null;
      masked.push(f.key);
    } else if (decision.deidentified.includes(f.key)) {
      out[f.key] = deidentify(f.type, value);
      masked.push(f.key);
    } else {
      out[f.key] = value;
      clear.push(f.key);
    }
  }
  return { fields: out, clear, masked, result: masked.length ? 'masked' : 'returned' };
}

// ---------------------------------------------------------------- resources and records

export const FIELD_KEY = /^[a-z][a-zA-Z0-9]*$/;
export const RESOURCE_CODE = /^[a-z][a-z0-9-]*$/;

/** Problems with a resource's field list: keys unique and well-formed. */
export function checkFields(fields: readonly ResourceField[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    if (!FIELD_KEY.test(f.key)) errors.push({ field: `/body/fields/${i}/key`, message: 'letters and digits, starting with a small letter' });
    if (seen.has(f.key)) errors.push({ field: `/body/fields/${i}/key`, message: `the key ${f.key} is used twice` });
    seen.add(f.key);
  });
  return errors;
}

/** The kind of subject an identifier names, if it is a valid resident ID or credit code. */
export function subjectKindOf(subjectId: string): SubjectKind | null {
  if (isValidResidentId(subjectId)) return 'person';
  if (isValidCreditCode(subjectId)) return 'company';
  return null;
}

/** The canonical form of a subject identifier: upper case (a lowercase x in a resident ID). */
export const normaliseSubjectId = (subjectId: string): string => subjectId.trim().toUpperCase();

/** Problems with a record's data against the resource's fields: unknown keys and values of the wrong type. Missing fields and nulls are allowed. */
export function checkRecordData(fields: readonly ResourceField[], data: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(data)) {
    const f = byKey.get(key);
    if (!f) {
      errors.push({ field: `${path}/${key}`, message: 'not a field of the resource' });
      continue;
    }
    if (value === null) continue;
    const ok =
      f.type === 'number' ? typeof value === 'number' && Number.isFinite(value)
        : f.type === 'boolean' ? typeof value === 'boolean'
          : f.type === 'date' ? typeof value === 'string' && isIsoDate(value)
            : typeof value === 'string' && value.length <= 2000;
    if (!ok) errors.push({ field: `${path}/${key}`, message: `must be ${f.type === 'number' ? 'a number' : f.type === 'boolean' ? 'true or false' : f.type === 'date' ? 'a date (YYYY-MM-DD)' : 'text of at most 2000 characters'}` });
  }
  return errors;
}

// ---------------------------------------------------------------- credentials

/** A credential as sent: `Authorization: Bearer <clientId>.<secret>`. */
export function parseBearer(header: string | undefined): { clientId: string; secret: string } | null {
  const m = /^Bearer\s+(ds_[0-9a-f]{20})\.([A-Za-z0-9_-]{43})$/.exec(header?.trim() ?? '');
  return m ? { clientId: m[1]!, secret: m[2]! } : null;
}

/** The log's result of a query under a decision. */
export const resultOf = (decision: AccessDecision, shaped: ShapedRecord | null): QueryResult => (!decision.allowed ? 'denied' : !shaped ? 'notFound' : shaped.result);
