import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

/** Organisations' approval-seal keys (审批专用章, R3.1): Ed25519, the private half encrypted at rest. */
export const sealKeys = pgTable('seal_keys', {
  /** The key id printed with every signature. */
  id: text('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  /** Raw 32-byte Ed25519 public key, base64url (as a JWK's `x`). */
  publicKey: text('public_key').notNull(),
  /** PKCS#8 private key, sealed with the master key. */
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** No longer signs; still verifies what it signed. */
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  /** Compromised: nothing it signed is trusted any more. */
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedReason: text('revoked_reason'),
}, (t) => [index('seal_keys_org_id_idx').on(t.orgId)]);

export const holderKinds = ['person', 'company'] as const;
export type HolderKind = (typeof holderKinds)[number];
export const certificateFieldTypes = ['string', 'date', 'number', 'boolean'] as const;
export type CertificateFieldType = (typeof certificateFieldTypes)[number];

/** One field of a certificate type (GB/T 36903: the type's own metadata beyond the common ones). */
export interface CertificateField {
  key: string;
  name: string;
  nameEn: string;
  type: CertificateFieldType;
  required: boolean;
}

/**
 * Certificate types (电子证照目录, GB/T 36902): a catalog of their own. `key` is the name the service
 * catalog uses in `replaceableBy.certificateType`; `nationalCode` the national type code.
 */
export const certificateTypes = pgTable('certificate_types', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  key: text('key').notNull().unique(),
  /** The defining department's unified social credit code (18) + a 3-digit sequence. */
  nationalCode: text('national_code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** The kind of department that defines it (`market`, `public-security`, …). */
  deptKey: text('dept_key').notNull(),
  holderKinds: text('holder_kinds', { enum: holderKinds }).array().notNull(),
  fields: jsonb('fields').$type<CertificateField[]>().notNull(),
  /** Default validity of a new certificate; null: no expiry (长期). */
  validityYears: integer('validity_years'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What is stored; `expired` is never stored but derived from `validUntil`. */
export const certificateStatuses = ['valid', 'suspended', 'revoked', 'expired'] as const;
export const certificateSources = ['case', 'import'] as const;

/** Electronic certificates (电子证照): issued by a case or imported, signed, verifiable by anyone. */
export const certificates = pgTable('certificates', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  number: text('number').notNull().unique(),
  /** GB/T 36904-style identifier; null only for certificates issued before the library existed. */
  identifier: text('identifier').unique(),
  /** The certificate type's key. */
  type: text('type').notNull(),
  title: text('title').notNull(),
  holder: jsonb('holder').$type<{ kind: 'person' | 'company'; name: string; idNumber: string }>().notNull(),
  /** The holder's resident ID or credit code, for lookups. */
  holderIdNumber: text('holder_id_number').notNull(),
  issuerOrgId: uuid('issuer_org_id').notNull(),
  /** The issuer's path in the organisation tree: staff see the certificates of their subtree. */
  issuerOrgPath: text('issuer_org_path').notNull(),
  caseId: uuid('case_id'),
  source: text('source', { enum: certificateSources }).notNull(),
  /** Exactly what was signed (canonical JSON of it). */
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  signature: text('signature').notNull(),
  keyId: text('key_id').notNull().references(() => sealKeys.id),
  status: text('status', { enum: certificateStatuses }).notNull(),
  statusReason: text('status_reason'),
  statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('certificates_case_id_idx').on(t.caseId),
  index('certificates_holder_id_number_idx').on(t.holderIdNumber, t.type),
  index('certificates_issuer_org_path_idx').using('btree', t.issuerOrgPath.op('text_pattern_ops')),
]);

/** Links a holder made to show a certificate to someone; only the token's SHA-256 is kept. */
export const certificateShares = pgTable('certificate_shares', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  certificateId: uuid('certificate_id').notNull().references(() => certificates.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('certificate_shares_certificate_id_idx').on(t.certificateId)]);

export type CertificateRow = typeof certificates.$inferSelect;
export type CertificateTypeRow = typeof certificateTypes.$inferSelect;
export type CertificateShareRow = typeof certificateShares.$inferSelect;
export type SealKeyRow = typeof sealKeys.$inferSelect;
