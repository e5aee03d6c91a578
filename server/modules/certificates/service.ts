import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { inScope, requireRole } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { canonicalJson, sha256 } from '../../platform/digest.js';
import { Problem } from '../../platform/errors.js';
import type { Secrets } from '../../platform/secrets.js';
import { findOrg } from '../orgs/index.js';
import { certificates, sealKeys, type CertificateRow, type SealKeyRow } from './schema.js';

// ---------------------------------------------------------------- approval-seal keys

function newKey(orgId: string, orgCode: string, now: Date, secrets: Secrets): SealKeyRow {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    id: `${orgCode}-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
    orgId,
    publicKey: jwk.x!,
    privateKey: secrets.encrypt(privateKey.export({ format: 'der', type: 'pkcs8' })),
    createdAt: now,
    retiredAt: null,
    revokedAt: null,
  };
}

/** The organisation's signing key, created on first use. */
async function activeKey(tx: Tx, secrets: Secrets, orgId: string, now: Date): Promise<SealKeyRow> {
  const [key] = await tx.select().from(sealKeys).where(and(eq(sealKeys.orgId, orgId), isNull(sealKeys.retiredAt), isNull(sealKeys.revokedAt))).orderBy(desc(sealKeys.createdAt)).limit(1);
  if (key) return key;
  const org = await findOrg(tx, orgId);
  if (!org) throw new Problem('not_found', 'no such organisation');
  const [created] = await tx.insert(sealKeys).values(newKey(orgId, org.code, now, secrets)).returning();
  return created!;
}

export interface Seal {
  /** SHA-256 (hex) of the canonical JSON that was signed. */
  digest: string;
  /** Ed25519 signature over the digest, base64url. */
  signature: string;
  keyId: string;
}

/** Signs a value with the organisation's approval seal: the digest of its canonical JSON. */
export async function sealWith(tx: Tx, secrets: Secrets, orgId: string, value: unknown, now: Date): Promise<Seal> {
  const key = await activeKey(tx, secrets, orgId, now);
  const digest = sha256(canonicalJson(value));
  const privateKey = createPrivateKey({ key: secrets.decrypt(key.privateKey), format: 'der', type: 'pkcs8' });
  return { digest, signature: sign(null, Buffer.from(digest, 'hex'), privateKey).toString('base64url'), keyId: key.id };
}

export interface SealCheck {
  valid: boolean;
  /** Why it is not valid: the content changed, the key is unknown, or the key was revoked. */
  problem: 'tampered' | 'unknown_key' | 'revoked_key' | null;
  keyId: string;
  orgId: string | null;
}

/** Checks a value against a seal: the digest must match the value and the signature the organisation's key. */
export async function checkSeal(q: Queryable, value: unknown, seal: Omit<Seal, 'digest'> & { digest?: string }): Promise<SealCheck> {
  const [key] = await q.select().from(sealKeys).where(eq(sealKeys.id, seal.keyId));
  if (!key) return { valid: false, problem: 'unknown_key', keyId: seal.keyId, orgId: null };
  const digest = sha256(canonicalJson(value));
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
  const signed = (seal.digest === undefined || seal.digest === digest) && verify(null, Buffer.from(digest, 'hex'), publicKey, Buffer.from(seal.signature, 'base64url'));
  if (!signed) return { valid: false, problem: 'tampered', keyId: key.id, orgId: key.orgId };
  if (key.revokedAt) return { valid: false, problem: 'revoked_key', keyId: key.id, orgId: key.orgId };
  return { valid: true, problem: null, keyId: key.id, orgId: key.orgId };
}

/**
 * Starts a new signing key for an organisation; the old one stops signing but still verifies.
 * @throws Problem 'not_found' outside the administrator's subtree.
 */
export async function rotateSealKey(ctx: Ctx, orgIdOrCode: string): Promise<{ keyId: string }> {
  requireRole(ctx.actor, 'admin');
  const org = await findOrg(ctx.db, orgIdOrCode);
  if (!org || !inScope(ctx.actor, org.path)) throw new Problem('not_found');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.update(sealKeys).set({ retiredAt: now }).where(and(eq(sealKeys.orgId, org.id), isNull(sealKeys.retiredAt)));
    const [key] = await tx.insert(sealKeys).values(newKey(org.id, org.code, now, ctx.secrets)).returning();
    await recordAudit(tx, ctx, { action: 'seal.rotate', targetType: 'org', targetId: org.id, after: { keyId: key!.id } });
    return { keyId: key!.id };
  });
}

export interface PublishedKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  use: 'sig';
  orgId: string;
  createdAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
}

/** Every organisation's public keys, JWKS-like, so anyone can check a signature offline. */
export async function publishedKeys(q: Queryable): Promise<PublishedKey[]> {
  const keys = await q.select().from(sealKeys).orderBy(asc(sealKeys.createdAt));
  return keys.map((k) => ({ kid: k.id, kty: 'OKP', crv: 'Ed25519', x: k.publicKey, use: 'sig', orgId: k.orgId, createdAt: k.createdAt, retiredAt: k.retiredAt, revokedAt: k.revokedAt }));
}

// ---------------------------------------------------------------- certificates

const maskId = (id: string): string => (id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length));

export interface NewCertificate {
  number: string;
  type: string;
  title: string;
  holder: CertificateRow['holder'];
  issuerOrgId: string;
  caseId: string | null;
  fields: Record<string, unknown>;
  validUntil: Date | null;
}

/** Issues a certificate signed with the issuer's seal, inside the caller's transaction (the caller audits). */
export async function issueCertificate(tx: Tx, secrets: Secrets, input: NewCertificate, now: Date): Promise<CertificateRow> {
  const issuer = await findOrg(tx, input.issuerOrgId);
  if (!issuer) throw new Problem('not_found', 'no such issuing organisation');
  // The signed payload is public (anyone may verify it): the holder's ID number appears masked.
  const payload = {
    number: input.number,
    type: input.type,
    title: input.title,
    holder: { kind: input.holder.kind, name: input.holder.name, idNumber: maskId(input.holder.idNumber) },
    issuer: { id: issuer.id, code: issuer.code, name: issuer.name },
    fields: input.fields,
    issuedAt: now.toISOString(),
    validUntil: input.validUntil?.toISOString() ?? null,
  };
  const seal = await sealWith(tx, secrets, issuer.id, payload, now);
  const [row] = await tx
    .insert(certificates)
    .values({ number: input.number, type: input.type, title: input.title, holder: input.holder, issuerOrgId: issuer.id, caseId: input.caseId, payload, signature: seal.signature, keyId: seal.keyId, status: 'valid', issuedAt: now, validUntil: input.validUntil })
    .returning();
  return row!;
}

export interface Verification {
  certificate: Pick<CertificateRow, 'id' | 'number' | 'type' | 'title' | 'issuedAt' | 'validUntil'> & { issuer: string; holderName: string; holderId: string };
  payload: Record<string, unknown>;
  signature: string;
  keyId: string;
  status: CertificateRow['status'];
  /** The signature matches the payload and the issuer's key, and the certificate is valid now. */
  valid: boolean;
  problem: SealCheck['problem'] | 'revoked' | 'suspended' | 'expired' | null;
}

/** Anyone may verify a certificate by id: the QR code on it leads here; ID numbers are masked. */
export async function verifyCertificate(q: Queryable, id: string, now: Date): Promise<Verification> {
  const [cert] = await q.select().from(certificates).where(eq(certificates.id, id));
  if (!cert) throw new Problem('not_found');
  const check = await checkSeal(q, cert.payload, { signature: cert.signature, keyId: cert.keyId });
  const expired = cert.validUntil !== null && cert.validUntil < now;
  const status = expired && cert.status === 'valid' ? 'expired' : cert.status;
  const problem = check.problem ?? (status === 'valid' ? null : status);
  return {
    certificate: {
      id: cert.id, number: cert.number, type: cert.type, title: cert.title, issuedAt: cert.issuedAt, validUntil: cert.validUntil,
      issuer: String((cert.payload.issuer as { name?: string } | undefined)?.name ?? ''), holderName: cert.holder.name,
      holderId: maskId(cert.holder.idNumber),
    },
    payload: cert.payload,
    signature: cert.signature,
    keyId: cert.keyId,
    status,
    valid: check.valid && status === 'valid',
    problem,
  };
}

/** A certificate by id (no access check: callers decide). */
export async function findCertificate(q: Queryable, id: string): Promise<CertificateRow | undefined> {
  const [row] = await q.select().from(certificates).where(eq(certificates.id, id));
  return row;
}
