import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { and, eq, desc } from 'drizzle-orm';
import type { FieldError } from '../../platform/errors.js';
import { Problem } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { hasRole } from '../../platform/access.js';
import { unusableValue } from '../../platform/input.js';
import { ItemRecordSchema, type ItemRecord } from './contract.js';
import { contentErrors, contentFields, formSchemaFromFields, proofItemErrors, type VersionContent } from './rules.js';
import { itemVersions, serviceItems } from './schema.js';
import type { ItemSeed } from './seed-format.js';
import { proofItemsNamedBy } from './service.js';

// Import and export of the catalog (JSON and CSV), with a per-row report: a bad row changes nothing.

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validateRecord = ajv.compile<ItemRecord>(ItemRecordSchema);

const ajvErrors = (errors: ErrorObject[] | null | undefined): FieldError[] =>
  (errors ?? []).map((e) => {
    const extra = e.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : e.params && 'missingProperty' in e.params ? `/${String(e.params.missingProperty)}` : '';
    return { field: `${e.instancePath}${extra}` || '/', message: e.message ?? 'invalid' };
  });

/** The record an item seed stands for (its compact field list becomes the JSON Schema form). */
export function recordFromSeed(department: string, s: ItemSeed): ItemRecord {
  const { formFields, atMostOneTrip: _, ...rest } = s;
  return { ...rest, department, formSchema: formSchemaFromFields(formFields) } as ItemRecord;
}

const contentOf = (r: ItemRecord): VersionContent => Object.fromEntries(contentFields.map((f) => [f, r[f]])) as unknown as VersionContent;

/** Checks one record against the schema and the catalog rules; field paths are relative to the record. */
export function recordErrors(value: unknown): FieldError[] {
  if (!validateRecord(value)) return ajvErrors(validateRecord.errors);
  return contentErrors(contentOf(value)).map((e) => ({ ...e, field: e.field.replace(/^\/body/, '') }));
}

// Nested values travel through CSV as JSON cells; lists of words as "a|b|c".
const listColumns = ['applicantKinds', 'channels', 'implementedAt', 'lifeEvents', 'companyEvents', 'keywords'] as const;
const jsonColumns = ['legalBasis', 'process', 'materials', 'fees', 'formSchema'] as const;
const numberColumns = ['statutoryLimit', 'promisedLimit', 'trips'] as const;
export const csvColumns = ['code', 'department', ...contentFields.filter((f) => f !== 'formSchema'), 'formSchema', 'changeNote'] as const;

/** Parses CSV text into raw records; a cell that does not parse is left as text, for the validator to report. */
export function parseCsv(text: string): unknown[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  } catch (err) {
    throw new Problem('malformed_body', `not CSV: ${(err as Error).message}`);
  }
  const records = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v === '' && k === 'changeNote') continue;
      if ((listColumns as readonly string[]).includes(k)) out[k] = v === '' ? [] : v.split('|').map((x) => x.trim());
      else if ((jsonColumns as readonly string[]).includes(k)) out[k] = tryJson(v);
      else if ((numberColumns as readonly string[]).includes(k)) out[k] = v.trim() === '' || !Number.isFinite(Number(v)) ? v : Number(v);
      else if (k === 'pendingAllowed') out[k] = v === 'true' ? true : v === 'false' ? false : v;
      else out[k] = v;
    }
    return out;
  });
  // JSON cells go through the same limits as JSON bodies.
  const bad = unusableValue(records, '/body');
  if (bad) throw new Problem('validation_failed', `${bad.field} ${bad.why}`, [{ field: bad.field, message: bad.why }]);
  return records;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function toCsv(records: ItemRecord[]): string {
  return stringify(
    records.map((r) => Object.fromEntries(csvColumns.map((c) => {
      const v = r[c as keyof ItemRecord];
      if ((listColumns as readonly string[]).includes(c)) return [c, (v as string[]).join('|')];
      if ((jsonColumns as readonly string[]).includes(c)) return [c, JSON.stringify(v)];
      return [c, typeof v === 'boolean' ? String(v) : (v ?? '')];
    }))),
    { header: true, columns: [...csvColumns] },
  );
}

export interface ImportRowResult {
  row: number;
  code: string | null;
  /** `created`: a new item with its first draft; `drafted`: a new draft of an existing item; `updated`: its open draft changed. */
  outcome: 'created' | 'drafted' | 'updated' | 'invalid' | 'rejected';
  errors: FieldError[];
}

/**
 * Imports records as drafts for review (never straight into the published catalog). Each row is
 * checked on its own: invalid rows are reported and change nothing; valid rows are applied.
 * With `dryRun` nothing is written.
 */
export async function importRecords(ctx: Ctx, raw: unknown[], options: { dryRun: boolean }): Promise<{ rows: ImportRowResult[]; applied: number }> {
  if (!hasRole(ctx.actor, 'catalogManager')) throw new Problem('forbidden');
  const results: ImportRowResult[] = raw.map((value, i) => {
    const code = value && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string' ? (value as { code: string }).code : null;
    const errors = recordErrors(value);
    return { row: i + 1, code, outcome: errors.length ? 'invalid' : 'created', errors };
  });
  const seen = new Set<string>();
  for (const r of results) {
    if (r.outcome === 'invalid' || !r.code) continue;
    if (seen.has(r.code)) Object.assign(r, { outcome: 'invalid', errors: [{ field: '/code', message: 'the same code appears twice in this file' }] });
    seen.add(r.code);
  }
  let applied = 0;
  await ctx.db.transaction(async (tx) => {
    // R1.3: a row asking for a retired proof item (by code or exact name) is refused like any invalid row.
    const valid = results.filter((r) => r.outcome !== 'invalid').map((r) => raw[r.row - 1] as ItemRecord);
    const proofs = await proofItemsNamedBy(tx, valid.flatMap((v) => v.materials));
    for (const r of results) {
      if (r.outcome === 'invalid') continue;
      const proofErrors = proofItemErrors((raw[r.row - 1] as ItemRecord).materials, proofs, '/materials');
      if (proofErrors.length) {
        Object.assign(r, { outcome: 'invalid', errors: proofErrors });
        continue;
      }
      const record = raw[r.row - 1] as ItemRecord;
      const [item] = await tx.select().from(serviceItems).where(eq(serviceItems.code, record.code));
      const [latest] = item ? await tx.select().from(itemVersions).where(eq(itemVersions.itemId, item.id)).orderBy(desc(itemVersions.number)).limit(1) : [];
      if (item && item.deptKey !== record.department) {
        Object.assign(r, { outcome: 'rejected', errors: [{ field: '/department', message: `item ${record.code} belongs to ${item.deptKey}` }] });
        continue;
      }
      if (latest?.status === 'inReview') {
        Object.assign(r, { outcome: 'rejected', errors: [{ field: '/code', message: 'a version of this item is under review' }] });
        continue;
      }
      r.outcome = !item ? 'created' : latest?.status === 'draft' ? 'updated' : 'drafted';
      if (options.dryRun) continue;
      const content = { ...contentOf(record), changeNote: record.changeNote ?? 'import' };
      if (!item) {
        const [created] = await tx.insert(serviceItems).values({ code: record.code, deptKey: record.department }).returning();
        await tx.insert(itemVersions).values({ ...content, itemId: created!.id, number: 1, status: 'draft', createdBy: ctx.actor!.id });
      } else if (latest?.status === 'draft') {
        await tx.update(itemVersions).set({ ...content, updatedAt: ctx.clock.now() }).where(and(eq(itemVersions.id, latest.id)));
      } else {
        await tx.insert(itemVersions).values({ ...content, itemId: item.id, number: (latest?.number ?? 0) + 1, status: 'draft', createdBy: ctx.actor!.id });
      }
      applied++;
    }
    if (applied) await recordAudit(tx, ctx, { action: 'catalog.import', targetType: 'catalog', targetId: 'import', after: results.map((r) => [r.code, r.outcome]) });
  });
  return { rows: results, applied };
}

/** The published catalog as records (the import format). */
export async function exportRecords(ctx: Ctx): Promise<ItemRecord[]> {
  const rows = await ctx.db
    .select({ item: serviceItems, v: itemVersions })
    .from(itemVersions)
    .innerJoin(serviceItems, eq(serviceItems.id, itemVersions.itemId))
    .where(eq(itemVersions.status, 'published'))
    .orderBy(serviceItems.code);
  return rows.map(({ item, v }) => ({ code: item.code, department: item.deptKey, ...contentOf(v as unknown as ItemRecord) }) as ItemRecord);
}
