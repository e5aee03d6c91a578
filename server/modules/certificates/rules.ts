import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { creditCodeCheckChar, isValidCreditCode, isValidOrganizationCode, isValidResidentId, maskCreditCode, maskResidentId } from '../../../common/id-codes.js';
import { canonicalJson, sha256 } from '../../platform/digest.js';
import type { FieldError } from '../../platform/errors.js';
import type { CertificateField, HolderKind } from './schema.js';

// Pure rules of the certificate library: identifiers (GB/T 36904 structure), type codes (GB/T 36902),
// field checks, status, and the signature check that the server and the offline CLI share.
// Only node:crypto is used, so `onetrip certificate verify` needs nothing else.

// ---------------------------------------------------------------- codes

/** The OID arc of electronic certificates (GB/T 36904): every identifier starts with it. */
export const IDENTIFIER_ROOT = '1.2.156.3005.2';

/** Certificate numbers: upper-case letters, digits and hyphens (no dots: they separate the identifier's parts). */
export const NUMBER_PATTERN = /^[0-9A-Z][0-9A-Z-]{0,39}$/;

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * ISO/IEC 7064 MOD 37,36 check character (the hybrid system for alphanumeric strings): catches every
 * single substitution and nearly all transpositions of neighbours. Characters other than 0–9 and A–Z
 * (separators) are skipped.
 */
export function mod3736CheckChar(text: string): string {
  let p = 36;
  for (const ch of text.toUpperCase()) {
    const value = ALNUM.indexOf(ch);
    if (value < 0) continue;
    let s = (p + value) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return ALNUM[(37 - p) % 36]!;
}

/** Unified social credit code characters usable in a body (GB 32100: no I, O, Z, S, V). */
const CREDIT_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A plausible, check-character-valid unified social credit code of a government body (GB 32100:
 * authority 1 机构编制, type 1 机关, the region, an organisation code `MB…` with its GB 11714 check
 * character, and the MOD 31 check character), derived from a stable seed. Organisations do not carry
 * their real code yet: this stands in for it in identifiers and type codes.
 */
export function governmentCreditCode(seed: string, regionCode: string): string {
  const hash = createHash('sha256').update(seed).digest();
  const body = `MB${Array.from(hash.subarray(0, 6), (b) => CREDIT_BODY[b % CREDIT_BODY.length]).join('')}`;
  const orgCode = `${body}${[...'0123456789X'].find((c) => isValidOrganizationCode(`${body}${c}`))!}`;
  const first17 = `11${regionCode}${orgCode}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/** The code an issuing organisation signs under (see {@link governmentCreditCode}). */
export const issuerCreditCode = (org: { code: string; regionCode: string }): string => governmentCreditCode(`org:${org.code}`, org.regionCode);

/** A national type code (GB/T 36902): the defining department's credit code + a 3-digit sequence. */
export function nationalTypeCode(deptKey: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) throw new RangeError('the sequence is 1–999');
  // Types are defined by national departments: their codes carry the central region 100000.
  return `${governmentCreditCode(`definer:${deptKey}`, '100000')}${String(sequence).padStart(3, '0')}`;
}

/** Whether a code has the shape of a national type code: a valid credit code, then 001–999. */
export const isValidTypeCode = (code: string): boolean => /^[0-9A-Z]{18}\d{3}$/.test(code) && isValidCreditCode(code.slice(0, 18)) && code.slice(18) !== '000';

export interface IdentifierParts {
  typeCode: string;
  issuerCode: string;
  number: string;
  version: number;
}

/**
 * The certificate identifier: root OID . type code . issuer code . number . version . check character
 * (GB/T 36904's parts and order; the check character is ours: MOD 37,36 over the parts after the root).
 */
export function buildIdentifier(parts: IdentifierParts): string {
  if (!isValidTypeCode(parts.typeCode)) throw new RangeError(`not a type code: ${parts.typeCode}`);
  if (!isValidCreditCode(parts.issuerCode)) throw new RangeError(`not a credit code: ${parts.issuerCode}`);
  if (!NUMBER_PATTERN.test(parts.number)) throw new RangeError(`not a certificate number: ${parts.number}`);
  if (!Number.isInteger(parts.version) || parts.version < 1 || parts.version > 999) throw new RangeError('the version is 1–999');
  const body = `${parts.typeCode}.${parts.issuerCode}.${parts.number}.${String(parts.version).padStart(3, '0')}`;
  return `${IDENTIFIER_ROOT}.${body}.${mod3736CheckChar(body)}`;
}

const IDENTIFIER = /^1\.2\.156\.3005\.2\.([0-9A-Z]{21})\.([0-9A-Z]{18})\.([0-9A-Z][0-9A-Z-]{0,39})\.(\d{3})\.([0-9A-Z])$/;

/** The parts of an identifier, or null when its structure or any check character is wrong. */
export function parseIdentifier(identifier: string): IdentifierParts | null {
  const m = IDENTIFIER.exec(identifier);
  if (!m) return null;
  const [, typeCode, issuerCode, number, version, check] = m as unknown as [string, string, string, string, string, string];
  if (!isValidTypeCode(typeCode) || !isValidCreditCode(issuerCode) || Number(version) < 1) return null;
  if (mod3736CheckChar(`${typeCode}.${issuerCode}.${number}.${version}`) !== check) return null;
  return { typeCode, issuerCode, number, version: Number(version) };
}

/** A holder's ID number as shown to the public: resident IDs keep region and last 4, credit codes their first 8 and last 2. */
export const maskHolderId = (kind: HolderKind, idNumber: string): string => (kind === 'company' ? maskCreditCode(idNumber) : maskResidentId(idNumber));

/** Whether an ID number fits the holder kind (GB 11643 for persons, GB 32100 for companies). */
export const isValidHolderId = (kind: HolderKind, idNumber: string, today: Date): boolean => (kind === 'company' ? isValidCreditCode(idNumber) : isValidResidentId(idNumber, today));

// ---------------------------------------------------------------- types and fields

/**
 * The certificate type a case of a service item issues: the items whose result is one of the library's
 * standard certificates name it here; every other item issues an "item result" (办件结果).
 */
const itemTypes: Record<string, string> = {
  // 市场监管: business licences from registrations, and the market regulator's licences
  ...Object.fromEntries(['07047001001', '07047001002', '07047001003', '07047001004', '07047001007', '07047002001', '07047002002', '07047002003', '07047003001', '07047003002'].map((c) => [c, 'businessLicence'])),
  '01047004001': 'foodBusinessLicence', '01047004002': 'foodBusinessLicence', '01047004003': 'foodBusinessLicence',
  '01047006001': 'drugRetailLicence', '01047006002': 'drugRetailLicence',
  // 民政
  '07011001001': 'marriageCertificate', '07011001003': 'marriageCertificate', '07011001004': 'marriageCertificate',
  // 自然资源: registrations issue the real-estate certificate
  ...Object.fromEntries(['07031001001', '07031001002', '07031001003', '07031002001', '07031002002', '07031002003', '07031003000', '07031008000'].map((c) => [c, 'realEstateCertificate'])),
  // 公安
  '07009003001': 'residentIdCard', '07009003002': 'residentIdCard', '07009003003': 'residentIdCard',
  '07009001001': 'householdRegister', '07009001004': 'householdRegister',
  '07009010001': 'driversLicence', '07009010002': 'driversLicence',
  // 卫生健康, 人社, 住建, 生态环境, 交通运输, 教育
  '20036005000': 'birthCertificate',
  '01036001001': 'publicPlaceHygieneLicence', '01036001002': 'publicPlaceHygieneLicence',
  '01036003001': 'practisingPhysicianCertificate', '01036003002': 'practisingPhysicianCertificate',
  '20020012001': 'socialSecurityCard', '20020012002': 'socialSecurityCard',
  '01033001001': 'constructionPermit',
  '01033010000': 'gasBusinessLicence',
  '01032002001': 'pollutantDischargePermit', '01032002002': 'pollutantDischargePermit',
  '01034001001': 'roadTransportLicence', '01034002001': 'roadTransportLicence', '01034002004': 'roadTransportLicence',
  '01005002001': 'teacherQualification', '01005002002': 'teacherQualification', '20005002003': 'teacherQualification',
  '01005001002': 'privateSchoolLicence',
};

/** The generic type of a case's result when no standard certificate fits. */
export const ITEM_RESULT_TYPE = 'itemResult';

/** The type key of what a case of `itemCode` issues. */
export const certificateTypeForItem = (itemCode: string): string => itemTypes[itemCode] ?? ITEM_RESULT_TYPE;

/** Type keys as the service catalog writes them in `replaceableBy.certificateType`. */
export const TYPE_KEY_PATTERN = /^[a-z][A-Za-z0-9]{1,59}$/;

const isRealDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Checks a certificate's field values against its type: required ones present, each of its type, nothing unknown. */
export function checkFields(fields: readonly CertificateField[], values: Record<string, unknown>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) if (!known.has(key)) errors.push({ field: `${at}/${key}`, message: 'not a field of this certificate type' });
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) errors.push({ field: `${at}/${f.key}`, message: `required: ${f.name}` });
      continue;
    }
    const ok = f.type === 'string' ? typeof v === 'string' && v.trim().length > 0 && v.length <= 1000
      : f.type === 'date' ? typeof v === 'string' && isRealDate(v)
        : f.type === 'number' ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'boolean';
    if (!ok) errors.push({ field: `${at}/${f.key}`, message: f.type === 'date' ? 'expected a date YYYY-MM-DD' : `expected a ${f.type}` });
  }
  return errors;
}

/** Checks a type's field list: keys unique and well-formed. */
export function checkFieldList(fields: readonly CertificateField[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  fields.forEach((f, i) => {
    if (seen.has(f.key)) errors.push({ field: `/body/fields/${i}/key`, message: `duplicate key ${f.key}` });
    seen.add(f.key);
  });
  return errors;
}

/** The end of the validity that starts at `from`, `years` on (same calendar day), or null for none. */
export function validityEnd(from: Date, years: number | null): Date | null {
  if (!years) return null;
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

// ---------------------------------------------------------------- status

export type StoredStatus = 'valid' | 'suspended' | 'revoked';
export type CertificateStatus = StoredStatus | 'expired';

/** The status as anyone sees it now: a valid certificate past its validity is expired. */
export const effectiveStatus = (stored: CertificateStatus, validUntil: Date | null, now: Date): CertificateStatus =>
  stored === 'valid' && validUntil !== null && validUntil.getTime() <= now.getTime() ? 'expired' : stored;

export const statusActions = ['suspend', 'reinstate', 'revoke'] as const;
export type StatusAction = (typeof statusActions)[number];

const AFTER: Record<StatusAction, { from: readonly CertificateStatus[]; to: StoredStatus }> = {
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
  // Revocation is final; an expired certificate can still be revoked (it then shows as revoked).
  revoke: { from: ['valid', 'suspended', 'expired'], to: 'revoked' },
};

/** What may be done to a certificate in its current (effective) status. */
export const allowedStatusActions = (status: CertificateStatus): StatusAction[] => statusActions.filter((a) => AFTER[a].from.includes(status));

/** The stored status after an action, or null when the action is not allowed now. */
export const statusAfter = (action: StatusAction, status: CertificateStatus): StoredStatus | null => (AFTER[action].from.includes(status) ? AFTER[action].to : null);

// ---------------------------------------------------------------- share links

export const SHARE_MIN_HOURS = 1;
/** 30 days: a share link is for showing a certificate to someone, not a standing permission. */
export const SHARE_MAX_HOURS = 24 * 30;

/** A share token: 32 random bytes the caller supplies; only its SHA-256 is stored. */
export const shareTokenHash = (token: string): string => sha256(`certificate-share:${token}`);

// ---------------------------------------------------------------- signatures (shared with the offline check)

/** A public seal key as published in the JWKS document. */
export interface PublicJwk {
  kid: string;
  kty?: string;
  crv?: string;
  x: string;
  retiredAt?: string | Date | null;
  revokedAt?: string | Date | null;
}

export type SignatureVerdict = 'valid' | 'tampered' | 'unknown_key' | 'revoked_key';

function publicKeyOf(jwk: PublicJwk): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    return null;
  }
}

/**
 * Checks a signed value: Ed25519 over the SHA-256 of its canonical JSON (keys sorted). A stated digest
 * must match too. A key that was rotated out still verifies; a revoked one makes the value untrusted.
 */
export function checkSignature(payload: unknown, seal: { signature: string; digest?: string | undefined }, key: PublicJwk | undefined): SignatureVerdict {
  if (!key) return 'unknown_key';
  const publicKey = publicKeyOf(key);
  if (!publicKey) return 'unknown_key';
  const digest = sha256(canonicalJson(payload));
  if (seal.digest !== undefined && seal.digest !== digest) return 'tampered';
  let signed = false;
  try {
    signed = verify(null, Buffer.from(digest, 'hex'), publicKey, Buffer.from(seal.signature, 'base64url'));
  } catch {
    signed = false;
  }
  if (!signed) return 'tampered';
  return key.revokedAt ? 'revoked_key' : 'valid';
}

/** The downloadable signed certificate: what `GET /api/v1/certificates/{id}/signed` returns. */
export interface SignedDocument {
  payload: Record<string, unknown>;
  signature: string;
  kid: string;
  alg: 'EdDSA';
  digest: string;
}

export interface OfflineVerification {
  verdict: SignatureVerdict | 'malformed';
  kid: string | null;
  /** Why a document or key set could not be read. */
  detail: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Checks a signed document against a published key set (a JWKS document), offline. */
export function verifySignedDocument(doc: unknown, jwks: unknown): OfflineVerification {
  if (!isObject(doc) || !isObject(doc.payload) || typeof doc.signature !== 'string' || typeof doc.kid !== 'string') {
    return { verdict: 'malformed', kid: null, detail: 'expected { payload, signature, kid, alg, digest }' };
  }
  if (doc.alg !== undefined && doc.alg !== 'EdDSA') return { verdict: 'malformed', kid: doc.kid, detail: `unsupported alg ${String(doc.alg)}` };
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) return { verdict: 'malformed', kid: doc.kid, detail: 'expected a key set { keys: [...] }' };
  const key = (jwks.keys as unknown[]).find((k): k is PublicJwk => isObject(k) && k.kid === doc.kid && typeof k.x === 'string');
  const verdict = checkSignature(doc.payload, { signature: doc.signature, digest: typeof doc.digest === 'string' ? doc.digest : undefined }, key);
  return { verdict, kid: doc.kid, detail: null };
}
