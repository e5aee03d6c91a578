import { and, asc, count, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { ProofItemStatus } from '../../../common/catalog.js';
import { shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Queryable, Tx } from '../../db/client.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem, sqlState } from '../../platform/errors.js';
import type { ProofItemContent, ProofItemSeed } from './contract.js';
import { itemVersions, proofItems, serviceItems, type ProofItemRow } from './schema.js';
import { requireCatalogManager } from './service.js';

// The published list of proof items (证明事项, R1.3): read by anyone, kept by the prefecture's
// catalog managers. Retiring one means no catalog draft may ask for it again (see checkProofItems).

export interface ProofItemView extends ProofItemRow {
  /** Published items whose materials ask for it (by code or exact name). */
  publishedItems: number;
}

export interface ProofItemDetail extends ProofItemView {
  /** Those items (the first 50 by code). */
  askedBy: { code: string; name: string; nameEn: string }[];
}

/** Published versions that ask for the proof item `p` (its code on a material, or a material of its exact name). */
const askingVersions = (p: { code: SQL | string; name: SQL | string }) => sql`
  ${itemVersions.status} = 'published' AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(${itemVersions.materials}) AS m WHERE m->>'proofItem' = ${p.code} OR (m->>'proofItem' IS NULL AND btrim(m->>'name') = ${p.name}))`;

const publishedCount = sql<number>`(SELECT count(*)::int FROM ${itemVersions} WHERE ${askingVersions({ code: sql`${proofItems.code}`, name: sql`${proofItems.name}` })})`;

/**
 * The list, retained ones by default (the public list of R1.3), searched by code or name in Chinese or English.
 */
export async function listProofItems(ctx: Ctx, filter: { status: ProofItemStatus | 'all'; q?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: ProofItemView[] }> {
  const text = filter.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    filter.status === 'all' ? undefined : eq(proofItems.status, filter.status),
    text ? or(like(proofItems.code, `%${text}%`), like(proofItems.name, `%${text}%`), sql`lower(${proofItems.nameEn}) LIKE ${`%${text.toLowerCase()}%`}`) : undefined,
  );
  const [total] = await ctx.db.select({ n: count() }).from(proofItems).where(where);
  const items = await ctx.db
    .select({ row: proofItems, publishedItems: publishedCount })
    .from(proofItems)
    .where(where)
    .orderBy(asc(proofItems.status), asc(proofItems.code))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return { total: total?.n ?? 0, items: items.map((r) => ({ ...r.row, publishedItems: r.publishedItems })) };
}

async function findProofItem(q: Queryable, code: string): Promise<ProofItemRow> {
  const [row] = await q.select().from(proofItems).where(eq(proofItems.code, code));
  if (!row) throw new Problem('not_found', `no proof item ${code}`);
  return row;
}

/** One proof item with the published items that ask for it. @throws Problem 'not_found'. */
export async function getProofItem(ctx: Ctx, code: string): Promise<ProofItemDetail> {
  const row = await findProofItem(ctx.db, code);
  const asking = askingVersions({ code: row.code, name: row.name });
  const [n] = await ctx.db.select({ n: count() }).from(itemVersions).where(asking);
  const askedBy = await ctx.db
    .select({ code: serviceItems.code, name: itemVersions.name, nameEn: itemVersions.nameEn })
    .from(itemVersions)
    .innerJoin(serviceItems, eq(serviceItems.id, itemVersions.itemId))
    .where(asking)
    .orderBy(asc(serviceItems.code))
    .limit(50);
  return { ...row, publishedItems: n?.n ?? 0, askedBy };
}

const uniqueClash = (err: unknown, code: string, name: string): never => {
  if (sqlState(err) === '23505') throw new Problem('duplicate', `a proof item ${code} or named ${name} is already on the list`);
  throw err;
};

/**
 * Puts a retained proof item on the list (catalog managers of the prefecture).
 * @throws Problem 'duplicate' for a code or name in use.
 */
export async function createProofItem(ctx: Ctx, input: ProofItemContent & { code: string }): Promise<ProofItemRow> {
  await requireCatalogManager(ctx);
  return ctx.db
    .transaction(async (tx) => {
      const now = ctx.clock.now();
      const [row] = await tx.insert(proofItems).values({ ...input, name: input.name.trim(), status: 'retained', createdAt: now, updatedAt: now }).returning();
      await recordAudit(tx, ctx, { action: 'catalog.create-proof-item', targetType: 'proofItem', targetId: row!.code, after: row });
      return row!;
    })
    .catch((err: unknown) => uniqueClash(err, input.code, input.name));
}

/**
 * Edits a proof item's content (the code never changes).
 * @throws Problem 'not_found'; 'version_conflict' for a stale version; 'duplicate' for a name in use.
 */
export async function updateProofItem(ctx: Ctx, code: string, change: Partial<ProofItemContent> & { version: number }): Promise<ProofItemRow> {
  await requireCatalogManager(ctx);
  return ctx.db
    .transaction(async (tx) => {
      const current = await findProofItem(tx, code);
      const { version, ...fields } = change;
      const set = Object.fromEntries(Object.entries({ ...fields, name: fields.name?.trim() }).filter(([, v]) => v !== undefined));
      const [row] = await tx
        .update(proofItems)
        .set({ ...set, version: sql`${proofItems.version} + 1`, updatedAt: ctx.clock.now() })
        .where(and(eq(proofItems.code, code), eq(proofItems.version, version)))
        .returning();
      if (!row) throw new Problem('version_conflict');
      await recordAudit(tx, ctx, { action: 'catalog.update-proof-item', targetType: 'proofItem', targetId: code, before: current, after: row });
      return row;
    })
    .catch((err: unknown) => uniqueClash(err, code, change.name ?? ''));
}

/**
 * Cancels a proof item (取消): from then on no catalog draft may ask for it. Published versions keep
 * what they said until their next version.
 * @throws Problem 'catalog.proof_item_retired' when it already is; 'version_conflict'.
 */
export async function retireProofItem(ctx: Ctx, code: string, input: { version: number; retiredOn?: IsoDate | undefined; notes?: string | undefined; notesEn?: string | undefined }): Promise<ProofItemRow> {
  await requireCatalogManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await findProofItem(tx, code);
    if (current.status === 'retired') throw new Problem('catalog.proof_item_retired');
    const [row] = await tx
      .update(proofItems)
      .set({
        status: 'retired', retiredOn: input.retiredOn ?? shanghaiDate(ctx.clock.now()),
        ...(input.notes !== undefined ? { notes: input.notes } : {}), ...(input.notesEn !== undefined ? { notesEn: input.notesEn } : {}),
        version: sql`${proofItems.version} + 1`, updatedAt: ctx.clock.now(),
      })
      .where(and(eq(proofItems.code, code), eq(proofItems.version, input.version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'catalog.retire-proof-item', targetType: 'proofItem', targetId: code, before: current, after: row });
    return row;
  });
}

/** Loads the seed list of proof items (retained and retired); those already on the list are left as they are. */
export async function importProofItemSeed(tx: Tx, seed: ProofItemSeed[]): Promise<number> {
  if (!seed.length) return 0;
  const rows = await tx.insert(proofItems).values(seed).onConflictDoNothing().returning({ id: proofItems.id });
  return rows.length;
}
