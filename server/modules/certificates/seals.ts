import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { inScope, requireRole } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { canonicalJson, sha256 } from '../../platform/digest.js';
import { Problem } from '../../platform/errors.js';
import type { Secrets } from '../../platform/secrets.js';
import { findOrg, findOrgsByIds, listOrgs } from '../orgs/index.js';
import { checkSignature, type SignatureVerdict } from './rules.js';
import { certificates, sealKeys, type SealKeyRow } from './schema.js';

// The organisations' approval seals (审批专用章): keys created on first use, rotated and revoked by
// administrators, published for anyone to check signatures offline.

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
    revokedReason: null,
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
  problem: Exclude<SignatureVerdict, 'valid'> | null;
  keyId: string;
  orgId: string | null;
}

/** Checks a value against a seal: the digest must match the value and the signature the organisation's key (the rule the offline check uses). */
export async function checkSeal(q: Queryable, value: unknown, seal: Omit<Seal, 'digest'> & { digest?: string }): Promise<SealCheck> {
  const [key] = await q.select().from(sealKeys).where(eq(sealKeys.id, seal.keyId));
  const verdict = checkSignature(value, seal, key ? { kid: key.id, x: key.publicKey, revokedAt: key.revokedAt } : undefined);
  return { valid: verdict === 'valid', problem: verdict === 'valid' ? null : verdict, keyId: seal.keyId, orgId: key?.orgId ?? null };
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

/**
 * Revokes a key (compromised, or lost with a machine): everything it signed shows as not trustworthy
 * from now on, and the organisation signs with a new key. Final.
 * @throws Problem 'not_found' outside the administrator's subtree; 'seal.already_revoked'.
 */
export async function revokeSealKey(ctx: Ctx, keyId: string, reason: string): Promise<PublishedKey> {
  requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select().from(sealKeys).where(eq(sealKeys.id, keyId)).for('update');
    const org = key ? await findOrg(tx, key.orgId) : undefined;
    if (!key || !org || !inScope(ctx.actor, org.path)) throw new Problem('not_found');
    if (key.revokedAt) throw new Problem('seal.already_revoked');
    const now = ctx.clock.now();
    const [row] = await tx.update(sealKeys).set({ revokedAt: now, revokedReason: reason, retiredAt: key.retiredAt ?? now }).where(eq(sealKeys.id, key.id)).returning();
    await recordAudit(tx, ctx, { action: 'seal.revoke', targetType: 'seal', targetId: key.id, before: { revokedAt: null }, after: { revokedAt: now, reason } });
    return published(row!);
  });
}

export interface PublishedKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  alg: 'EdDSA';
  x: string;
  use: 'sig';
  orgId: string;
  createdAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
}

const published = (k: SealKeyRow): PublishedKey => ({ kid: k.id, kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', x: k.publicKey, use: 'sig', orgId: k.orgId, createdAt: k.createdAt, retiredAt: k.retiredAt, revokedAt: k.revokedAt });

/** Every organisation's public keys, as a JWKS, so anyone can check a signature offline. */
export async function publishedKeys(q: Queryable): Promise<PublishedKey[]> {
  return (await q.select().from(sealKeys).orderBy(asc(sealKeys.createdAt))).map(published);
}

export interface SealKeyView extends PublishedKey {
  orgName: string;
  orgCode: string;
  revokedReason: string | null;
  /** Certificates signed with it. */
  certificates: number;
}

/**
 * The seal keys of the organisations in an administrator's subtree, newest first; `q` matches an
 * organisation's name or code.
 */
export async function listSealKeys(ctx: Ctx, filter: { q?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: SealKeyView[] }> {
  const actor = requireRole(ctx.actor, 'admin');
  const orgsInScope = await listOrgs(ctx.db, { within: actor.orgId ?? '', q: filter.q });
  if (!orgsInScope.length) return { total: 0, items: [] };
  const where = inArray(sealKeys.orgId, orgsInScope.map((o) => o.id));
  const [total] = await ctx.db.select({ n: count() }).from(sealKeys).where(where);
  const keys = await ctx.db.select().from(sealKeys).where(where).orderBy(desc(sealKeys.createdAt)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  const signed = keys.length
    ? new Map((await ctx.db.select({ keyId: certificates.keyId, n: count() }).from(certificates).where(inArray(certificates.keyId, keys.map((k) => k.id))).groupBy(certificates.keyId)).map((r) => [r.keyId, r.n]))
    : new Map<string, number>();
  const orgs = await findOrgsByIds(ctx.db, keys.map((k) => k.orgId));
  return {
    total: total?.n ?? 0,
    items: keys.map((k) => ({ ...published(k), orgName: orgs.get(k.orgId)?.name ?? '', orgCode: orgs.get(k.orgId)?.code ?? '', revokedReason: k.revokedReason, certificates: signed.get(k.id) ?? 0 })),
  };
}
