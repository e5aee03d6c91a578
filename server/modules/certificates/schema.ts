import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
}, (t) => [index('seal_keys_org_id_idx').on(t.orgId)]);

export const certificateStatuses = ['valid', 'suspended', 'revoked', 'expired'] as const;

/** Electronic certificates (电子证照): the signed result of a case, verifiable by anyone. */
export const certificates = pgTable('certificates', {
  id: uuid('id').primaryKey().$defaultFn(uuidv7),
  number: text('number').notNull().unique(),
  type: text('type').notNull(),
  title: text('title').notNull(),
  holder: jsonb('holder').$type<{ kind: 'person' | 'company'; name: string; idNumber: string }>().notNull(),
  issuerOrgId: uuid('issuer_org_id').notNull(),
  caseId: uuid('case_id'),
  /** Exactly what was signed (canonical JSON of it). */
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  signature: text('signature').notNull(),
  keyId: text('key_id').notNull().references(() => sealKeys.id),
  status: text('status', { enum: certificateStatuses }).notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }),
}, (t) => [index('certificates_case_id_idx').on(t.caseId)]);

export type CertificateRow = typeof certificates.$inferSelect;
export type SealKeyRow = typeof sealKeys.$inferSelect;
