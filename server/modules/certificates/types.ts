import { and, asc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { findOrg } from '../orgs/index.js';
import { checkFieldList, isValidTypeCode, ITEM_RESULT_TYPE, nationalTypeCode } from './rules.js';
import { certificateTypes, type CertificateField, type CertificateTypeRow, type HolderKind } from './schema.js';
import { builtInType, builtInTypes } from './types-data.js';

// The catalog of certificate types (电子证照目录): public to read, kept by the prefecture.

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every type (the catalog is small: tens, not thousands), or those matching `q`; active ones unless asked. */
export async function listCertificateTypes(q: Queryable, filter: { q?: string | undefined; includeInactive?: boolean | undefined } = {}): Promise<CertificateTypeRow[]> {
  const where: (SQL | undefined)[] = [filter.includeInactive ? undefined : eq(certificateTypes.active, true)];
  if (filter.q) {
    const text = `%${escapeLike(filter.q)}%`;
    where.push(or(ilike(certificateTypes.name, text), ilike(certificateTypes.nameEn, text), ilike(certificateTypes.key, text), like(certificateTypes.nationalCode, `${escapeLike(filter.q.toUpperCase())}%`)));
  }
  return q.select().from(certificateTypes).where(and(...where)).orderBy(asc(certificateTypes.deptKey), asc(certificateTypes.nationalCode));
}

/** A type by its key. @throws Problem 'not_found'. */
export async function getCertificateType(q: Queryable, key: string): Promise<CertificateTypeRow> {
  const [row] = await q.select().from(certificateTypes).where(eq(certificateTypes.key, key));
  if (!row) throw new Problem('not_found');
  return row;
}

/** All types by key, for views that name many certificates' types. */
export async function typesByKey(q: Queryable): Promise<Map<string, CertificateTypeRow>> {
  return new Map((await q.select().from(certificateTypes)).map((t) => [t.key, t]));
}

/**
 * The type to issue under: the stored one, or a built-in type created on first use (a fresh
 * installation issues case results before anyone seeded the catalog).
 */
export async function typeForIssue(tx: Tx, key: string): Promise<CertificateTypeRow | undefined> {
  const [row] = await tx.select().from(certificateTypes).where(eq(certificateTypes.key, key));
  if (row) return row;
  const builtIn = builtInType(key);
  if (!builtIn) return undefined;
  await tx.insert(certificateTypes).values(builtIn).onConflictDoNothing();
  return (await tx.select().from(certificateTypes).where(eq(certificateTypes.key, key)))[0];
}

/** Puts the built-in types in place (the seed); existing ones are left as they are. */
export async function seedCertificateTypes(tx: Tx): Promise<number> {
  const inserted = await tx.insert(certificateTypes).values(builtInTypes).onConflictDoNothing().returning({ id: certificateTypes.id });
  return inserted.length;
}

/** The catalog of types is kept at the prefecture, like the service catalog: its catalog managers and administrators. */
async function requireTypeManager(ctx: Ctx): Promise<Actor> {
  const a = requireRole(ctx.actor, 'catalogManager', 'admin');
  const org = a.orgId ? await findOrg(ctx.db, a.orgId) : undefined;
  if (org?.level !== 'prefecture') throw new Problem('forbidden', 'certificate types are kept by the prefecture');
  return a;
}

export interface CertificateTypeInput {
  name: string;
  nameEn: string;
  deptKey: string;
  holderKinds: HolderKind[];
  fields: CertificateField[];
  validityYears: number | null;
}

function checkInput(input: CertificateTypeInput): void {
  const errors = checkFieldList(input.fields);
  if (errors.length) throw new Problem('validation_failed', 'duplicate field keys', errors);
}

/**
 * Adds a type. Without a national code, the next one of the defining department is given.
 * @throws Problem 'forbidden' outside the prefecture; 'duplicate' for a key or code in use; 'certificate.invalid_type_code'.
 */
export async function createCertificateType(ctx: Ctx, input: CertificateTypeInput & { key: string; nationalCode?: string | undefined }): Promise<CertificateTypeRow> {
  await requireTypeManager(ctx);
  checkInput(input);
  if (input.nationalCode !== undefined && !isValidTypeCode(input.nationalCode)) throw new Problem('certificate.invalid_type_code', undefined, [{ field: '/body/nationalCode', message: 'a valid credit code (18) and a sequence 001–999' }]);
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ key: certificateTypes.key }).from(certificateTypes).where(or(eq(certificateTypes.key, input.key), input.nationalCode ? eq(certificateTypes.nationalCode, input.nationalCode) : undefined));
    if (taken) throw new Problem('duplicate', taken.key === input.key ? 'a type with this key exists' : 'a type with this national code exists');
    const nationalCode = input.nationalCode ?? (await nextTypeCode(tx, input.deptKey));
    const now = ctx.clock.now();
    const [row] = await tx.insert(certificateTypes).values({ ...input, nationalCode, createdAt: now, updatedAt: now }).returning();
    await recordAudit(tx, ctx, { action: 'certificateType.create', targetType: 'certificateType', targetId: row!.id, after: row });
    return row!;
  });
}

async function nextTypeCode(tx: Tx, deptKey: string): Promise<string> {
  const definer = nationalTypeCode(deptKey, 1).slice(0, 18);
  const [last] = await tx.select({ max: sql<string | null>`max(${certificateTypes.nationalCode})` }).from(certificateTypes).where(like(certificateTypes.nationalCode, `${definer}%`));
  const seq = last?.max ? Number(last.max.slice(18)) + 1 : 1;
  if (seq > 999) throw new Problem('certificate.invalid_type_code', 'this department has no sequence numbers left; give a national code');
  return nationalTypeCode(deptKey, seq);
}

/**
 * Edits a type's names, holder kinds, fields and default validity. Key and national code never change
 * (identifiers carry the code), and certificates already issued keep the fields they were signed with.
 * @throws Problem 'forbidden' outside the prefecture; 'not_found'; 'version_conflict' on a stale version.
 */
export async function updateCertificateType(ctx: Ctx, key: string, input: CertificateTypeInput & { active: boolean; version: number }): Promise<CertificateTypeRow> {
  await requireTypeManager(ctx);
  checkInput(input);
  // The generic type receives every case result that has no type of its own: it must stay.
  if (key === ITEM_RESULT_TYPE && !input.active) throw new Problem('certificate.type_required', 'the item-result type receives every other case result');
  return ctx.db.transaction(async (tx) => {
    const before = await getCertificateType(tx, key);
    const { version, ...change } = input;
    const [row] = await tx.update(certificateTypes)
      .set({ ...change, version: sql`${certificateTypes.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(certificateTypes.id, before.id), eq(certificateTypes.version, version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await recordAudit(tx, ctx, { action: 'certificateType.update', targetType: 'certificateType', targetId: row.id, before, after: row });
    return row;
  });
}
