import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { effectiveStatus, shareTokenHash } from './rules.js';
import { certificates, certificateShares, type CertificateShareRow } from './schema.js';
import { loadCertificate, verificationOf, type Verification } from './service.js';

// Share links (R6.2): the holder shows a certificate to someone (a bank, a landlord) for a while.
// The token is shown once; only its hash is stored, and the link ends when it expires or is revoked.

export interface ShareView {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  active: boolean;
}

const viewOf = (s: CertificateShareRow, now: Date): ShareView => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt, active: !s.revokedAt && s.expiresAt > now });

/** The holder's own certificate: staff may read it in the library but only the holder shares it. */
async function loadOwn(q: Queryable, ctx: Ctx, certificateId: string) {
  const access = await loadCertificate(q, ctx.actor, certificateId);
  if (!access.holder) throw new Problem('forbidden', 'only the holder shares a certificate');
  return access.row;
}

/**
 * Makes a share link valid for `hours` (1 hour to 30 days). The token is returned once.
 * @throws Problem 'not_found'; 'forbidden' for anyone but the holder; 'certificate.not_shareable' unless it is valid now.
 */
export async function createShare(ctx: Ctx, certificateId: string, hours: number): Promise<ShareView & { token: string }> {
  return ctx.db.transaction(async (tx) => {
    const cert = await loadOwn(tx, ctx, certificateId);
    const now = ctx.clock.now();
    if (effectiveStatus(cert.status, cert.validUntil, now) !== 'valid') throw new Problem('certificate.not_shareable');
    const token = randomBytes(32).toString('base64url');
    const [row] = await tx.insert(certificateShares).values({ certificateId: cert.id, tokenHash: shareTokenHash(token), createdBy: ctx.actor!.id, createdAt: now, expiresAt: new Date(now.getTime() + hours * 3_600_000) }).returning();
    await recordAudit(tx, ctx, { action: 'certificate.share', targetType: 'certificate', targetId: cert.id, after: { shareId: row!.id, expiresAt: row!.expiresAt } });
    return { ...viewOf(row!, now), token };
  });
}

/** The holder's share links of a certificate, newest first. */
export async function listShares(ctx: Ctx, certificateId: string): Promise<ShareView[]> {
  const cert = await loadOwn(ctx.db, ctx, certificateId);
  const now = ctx.clock.now();
  return (await ctx.db.select().from(certificateShares).where(eq(certificateShares.certificateId, cert.id)).orderBy(desc(certificateShares.createdAt)).limit(100)).map((s) => viewOf(s, now));
}

/** Ends a share link now (a revoked or expired one stays as it is). */
export async function revokeShare(ctx: Ctx, certificateId: string, shareId: string): Promise<ShareView> {
  return ctx.db.transaction(async (tx) => {
    const cert = await loadOwn(tx, ctx, certificateId);
    const [share] = await tx.select().from(certificateShares).where(and(eq(certificateShares.id, shareId), eq(certificateShares.certificateId, cert.id)));
    if (!share) throw new Problem('not_found');
    const now = ctx.clock.now();
    if (share.revokedAt || share.expiresAt <= now) return viewOf(share, now);
    const [row] = await tx.update(certificateShares).set({ revokedAt: now }).where(eq(certificateShares.id, share.id)).returning();
    await recordAudit(tx, ctx, { action: 'certificate.unshare', targetType: 'certificate', targetId: cert.id, before: { shareId: share.id, revokedAt: null }, after: { shareId: share.id, revokedAt: now } });
    return viewOf(row!, now);
  });
}

/**
 * What a share link shows to anyone who has it: the certificate and its verification now.
 * @throws Problem 'certificate.share_unavailable' for an unknown, expired or revoked link.
 */
export async function viewSharedCertificate(q: Queryable, token: string, now: Date): Promise<Verification & { share: { expiresAt: Date } }> {
  const [found] = await q.select({ share: certificateShares, cert: certificates }).from(certificateShares).innerJoin(certificates, eq(certificates.id, certificateShares.certificateId)).where(eq(certificateShares.tokenHash, shareTokenHash(token)));
  if (!found || found.share.revokedAt || found.share.expiresAt <= now) throw new Problem('certificate.share_unavailable');
  return { ...(await verificationOf(q, found.cert, now)), share: { expiresAt: found.share.expiresAt } };
}
