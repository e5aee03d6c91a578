import { asc, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { placeholders, preparedQuery } from '../db/prepared.js';
import type { Ctx } from './context.js';
import { canonicalJson, sha256 } from './digest.js';
import { auditEntries } from './schema.js';

export interface AuditInput {
  /** Dotted `module.verb`, e.g. `org.update`. */
  action: string;
  targetType: string;
  targetId: string;
  /** State before and after the change; only their digests are kept, so no personal data lands in the log. */
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);

type AuditRow = typeof auditEntries.$inferSelect;

function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const { prevHash, ...fields } = row;
  return sha256(`${prevHash}\n${canonicalJson(fields)}`);
}

// Every state change runs these two: built once. The head comes under an advisory lock that serialises
// appends to the chain (each entry must see the one before it) until commit — so services record their
// audit entry as the last write of the transaction. One round trip: the SQL function
// audit_chain_head() takes the lock and then reads (migration 0012).
const chainHead = preparedQuery('onetrip_audit_head', (q) => q.select({ seq: sql<string>`seq`, hash: sql<string>`hash` }).from(sql`audit_chain_head()`));
const appendEntry = preparedQuery('onetrip_audit_append', (q) =>
  q.insert(auditEntries).values(placeholders(['seq', 'at', 'actorId', 'actorOrgId', 'action', 'targetType', 'targetId', 'beforeDigest', 'afterDigest', 'requestId', 'prevHash', 'hash'])),
);

/**
 * Appends one entry to the audit chain inside the caller's transaction (R3.1: every state change is
 * accountable forever); it commits or rolls back with the change it describes.
 */
export async function recordAudit(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock' | 'requestId'>, input: AuditInput): Promise<void> {
  const [last] = await chainHead(tx, {});
  const row: Omit<AuditRow, 'hash'> = {
    seq: (last ? Number(last.seq) : 0) + 1,
    at: ctx.clock.now(),
    actorId: ctx.actor?.id ?? null,
    actorOrgId: ctx.actor?.orgId ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    beforeDigest: input.before === undefined ? null : sha256(canonicalJson(input.before)),
    afterDigest: input.after === undefined ? null : sha256(canonicalJson(input.after)),
    requestId: ctx.requestId ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  await appendEntry(tx, { ...row, hash: entryHash(row) });
}

export interface AuditProblem {
  seq: number;
  /** `edited`: the entry's content no longer matches its hash; `missing`: entries before it were deleted; `relinked`: its link to the previous entry is broken. */
  kind: 'edited' | 'missing' | 'relinked';
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** Hash of the last entry: operators may note it elsewhere to detect a truncated tail later. */
  headHash: string;
  problems: AuditProblem[];
}

/** Walks the whole chain in order and reports every entry that was edited, removed or relinked. */
export async function verifyAudit(db: Db, batchSize = 5000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let entries = 0;
  for (;;) {
    const batch = await db.select().from(auditEntries).where(gt(auditEntries.seq, expectedSeq - 1)).orderBy(asc(auditEntries.seq)).limit(batchSize);
    for (const row of batch) {
      entries++;
      if (row.seq !== expectedSeq) problems.push({ seq: row.seq, kind: 'missing' });
      if (row.prevHash !== prevHash) problems.push({ seq: row.seq, kind: 'relinked' });
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) problems.push({ seq: row.seq, kind: 'edited' });
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    if (batch.length < batchSize) break;
  }
  return { ok: problems.length === 0, entries, headHash: prevHash, problems };
}
