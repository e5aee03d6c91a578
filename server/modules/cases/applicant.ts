import { and, desc, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { MaterialSpec } from '../../../common/catalog.js';
import type { TrustLevel } from '../../../common/cases.js';
import { hasRole, requireActor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { describeFiles, type FileInfo } from '../../platform/files.js';
import { getPublishedItem } from '../catalog/index.js';
import { asInput, commitmentKeys, materialValues, provisionErrors } from './materials.js';
import { deliveryChoiceOf, reuseOf, type DeliveryChoiceInput, type Reuse } from './rules.js';
import { caseMaterials, cases, type CaseRow } from './schema.js';
import { applyChange, formErrors, loadInScope, materialErrors, transition, unownedFileErrors, versionOf, type MaterialInput } from './service.js';

// The applicant's own moves around a case: keeping a draft, reusing materials handed in before, and
// choosing how the result should reach them.

export interface DraftInput {
  version: number;
  formData: Record<string, unknown>;
  materials: MaterialInput[];
  /** Absent: keep the choice as it is; null: clear it. */
  deliveryChoice?: DeliveryChoiceInput | null | undefined;
}

/**
 * Saves the applicant's draft as it stands: the form (which may still lack required fields, but
 * whatever it holds must be valid), the materials (replacing the previous list) and the delivery
 * choice. Not a lifecycle step: no case event, but an audit entry and a new version.
 * @throws Problem 'not_found' outside the applicant's own cases; 'forbidden' for anyone else who may
 * read it; 'case.invalid_transition' once it is no longer a draft; 'version_conflict'; 'validation_failed'.
 */
export async function saveDraft(ctx: Ctx, caseId: string, input: DraftInput): Promise<CaseRow> {
  const actor = requireActor(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { row, facts } = await loadInScope(tx, actor, caseId);
    if (!facts.isApplicant) throw new Problem('forbidden', 'only the applicant edits a draft');
    if (row.status !== 'draft') throw new Problem('case.invalid_transition', `the case is ${row.status}, no longer a draft`);
    if (row.version !== input.version) throw new Problem('version_conflict');
    const v = await versionOf(ctx, row.itemVersionId, tx);
    const errors = [
      ...formErrors(v, input.formData, true), ...materialErrors(v.materials, input.materials, false, false),
      ...provisionErrors(v.materials, input.materials, await commitmentKeys(tx, v.materials)), ...(await unownedFileErrors(tx, input.materials, actor.id)),
    ];
    if (errors.length) throw new Problem('validation_failed', 'the draft holds invalid values', errors);
    const now = ctx.clock.now();
    const deliveryChoice = input.deliveryChoice === undefined ? row.deliveryChoice : input.deliveryChoice && deliveryChoiceOf(input.deliveryChoice, now, '/body/deliveryChoice');
    const [saved] = await tx
      .update(cases)
      .set({ formData: input.formData, deliveryChoice, version: sql`${cases.version} + 1`, updatedAt: now })
      .where(and(eq(cases.id, caseId), eq(cases.version, input.version)))
      .returning();
    if (!saved) throw new Problem('version_conflict');
    const existing = await tx.select().from(caseMaterials).where(eq(caseMaterials.caseId, caseId));
    // A material newly said to come from the government's copy is filled now (with the consent just given); one filled before keeps its copy.
    const values = await materialValues(tx, { row, specs: v.materials, actorId: actor.id, inPerson: false, now }, input.materials, existing);
    const keys = input.materials.map((m) => m.key);
    await tx.delete(caseMaterials).where(and(eq(caseMaterials.caseId, caseId), keys.length ? notInArray(caseMaterials.materialKey, keys) : undefined));
    for (const [i, m] of input.materials.entries()) {
      const set = { status: 'received' as const, receivedAt: now, receivedBy: actor.id, ...values[i]! };
      await tx.insert(caseMaterials).values({ caseId, materialKey: m.key, ...set }).onConflictDoUpdate({ target: [caseMaterials.caseId, caseMaterials.materialKey], set });
    }
    await recordAudit(tx, ctx, {
      action: 'case.save-draft', targetType: 'case', targetId: caseId,
      before: { formData: row.formData, materials: existing.map(asInput), deliveryChoice: row.deliveryChoice }, after: { formData: saved.formData, materials: input.materials, deliveryChoice: saved.deliveryChoice },
    });
    return saved;
  });
}

/**
 * The applicant says how they want the result: at the window, electronically, or by express. They
 * may change it until it is delivered; staff deliver accordingly.
 * @throws Problem 'forbidden' for anyone but the applicant; 'case.invalid_transition' once delivered or ended; 'validation_failed'.
 */
export async function chooseDelivery(ctx: Ctx, caseId: string, input: DeliveryChoiceInput & { version: number }): Promise<CaseRow> {
  return transition(ctx, caseId, 'chooseDelivery', (tx, { row }) => {
    const choice = deliveryChoiceOf(input, ctx.clock.now());
    // The address is the applicant's personal data: the event says only how.
    return applyChange(tx, ctx, row, input.version, { action: 'chooseDelivery', set: { deliveryChoice: choice }, data: { method: choice.method } });
  });
}

export interface ReusableFileSet {
  caseId: string;
  caseNumber: string;
  itemName: string;
  itemNameEn: string;
  /** The material as it was called on that case. */
  materialKey: string;
  materialName: string;
  receivedAt: Date | null;
  files: FileInfo[];
  /** Its trust level on that case, and what reusing it gives here (a C material's original is still to be checked). */
  trustLevel: TrustLevel;
  reuse: Reuse;
}

export interface ReusableMaterial {
  /** The material of the item being applied for. */
  materialKey: string;
  /** What was handed in on earlier cases, newest first. */
  candidates: ReusableFileSet[];
}

/** How many earlier materials are looked at: an applicant's recent history is what they would reuse. */
const REUSE_WINDOW = 200;
/** Candidates offered per material. */
const REUSE_PER_MATERIAL = 5;

/**
 * Materials the applicant handed in on their own earlier cases that were accepted (so checked by
 * staff), offered for each material of the item: the same material on an earlier case of this item,
 * or a material of the same name in another item. Reuse follows the trust level (`reuseOf`): B is
 * reused as checked, C with its original still to be checked, D (a commitment) never; A materials
 * have no files — the government's copy is asked for again instead. Files stay where they are; filing with them is allowed because they are on
 * the applicant's own cases (see `usableFiles`).
 * @throws Problem 'forbidden' for staff accounts; 'not_found' for an unknown item.
 */
export async function reusableMaterials(ctx: Ctx, itemCode: string): Promise<ReusableMaterial[]> {
  const actor = requireActor(ctx.actor);
  if (!hasRole(actor, 'applicant')) throw new Problem('forbidden');
  const { version } = await getPublishedItem({ ...ctx, actor: null }, itemCode);
  const rows = await ctx.db
    .select({ m: caseMaterials, c: { id: cases.id, caseNumber: cases.caseNumber, itemCode: cases.itemCode, itemName: cases.itemName, itemNameEn: cases.itemNameEn, itemVersionId: cases.itemVersionId } })
    .from(caseMaterials)
    .innerJoin(cases, eq(cases.id, caseMaterials.caseId))
    .where(and(eq(cases.applicantId, actor.id), isNotNull(cases.acceptedAt), eq(caseMaterials.status, 'received'), sql`cardinality(${caseMaterials.fileIds}) > 0`))
    .orderBy(desc(caseMaterials.receivedAt), desc(caseMaterials.id))
    .limit(REUSE_WINDOW);
  if (!rows.length) return version.materials.map((m) => ({ materialKey: m.key, candidates: [] }));
  const specsOf = new Map<string, MaterialSpec[]>();
  for (const versionId of new Set(rows.map((r) => r.c.itemVersionId))) specsOf.set(versionId, (await versionOf(ctx, versionId)).materials);
  const infos = new Map((await describeFiles(ctx.db, rows.flatMap((r) => r.m.fileIds))).map((f) => [f.id, f]));
  const sets = rows.map((r) => {
    const spec = specsOf.get(r.c.itemVersionId)?.find((s) => s.key === r.m.materialKey);
    return {
      itemCode: r.c.itemCode, caseId: r.c.id, caseNumber: r.c.caseNumber, itemName: r.c.itemName, itemNameEn: r.c.itemNameEn, materialKey: r.m.materialKey, materialName: spec?.name ?? r.m.materialKey,
      receivedAt: r.m.receivedAt, files: r.m.fileIds.map((id) => infos.get(id)).filter((f): f is FileInfo => !!f),
      trustLevel: r.m.trustLevel ?? 'C', reuse: reuseOf(r.m.trustLevel ?? 'C'),
    };
  });
  return version.materials.map((spec) => {
    const seen = new Set<string>();
    const candidates = sets.filter((s) => {
      // A key names a material within its item; across items, the same material goes by the same name.
      if (!(s.itemCode === itemCode && s.materialKey === spec.key) && s.materialName !== spec.name) return false;
      if (!s.reuse) return false;
      // The same files handed in on several cases are offered once.
      const files = s.files.map((f) => f.id).sort().join();
      if (!files || seen.has(files)) return false;
      seen.add(files);
      return true;
    });
    return { materialKey: spec.key, candidates: candidates.slice(0, REUSE_PER_MATERIAL).map(({ itemCode: _, reuse, ...set }) => ({ ...set, reuse: reuse! })) };
  });
}

