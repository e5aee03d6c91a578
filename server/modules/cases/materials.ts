import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { MaterialSpec } from '../../../common/catalog.js';
import { isValidCreditCode, isValidResidentId } from '../../../common/id-codes.js';
import type { Queryable, Tx } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hasRole, requireActor } from '../../platform/access.js';
import { findUser } from '../../platform/auth.js';
import type { Ctx } from '../../platform/context.js';
import { Problem, type FieldError } from '../../platform/errors.js';
import { getPublishedItem, proofItemsOfMaterials } from '../catalog/index.js';
import { findUsableCertificates } from '../certificates/index.js';
import { findOrgsByIds } from '../orgs/index.js';
import { lookupForCase } from '../sharing/index.js';
import { levelOfFiles, trustLevelOf } from './rules.js';
import { caseMaterials, cases, type CaseRow, type MaterialConsent, type MaterialReplacement, type ReusedFrom } from './schema.js';

// How each material filed on a case becomes a row (R1.3, issue 8 items 3 and 5): a file or a paper
// original, the government's own copy filled in with the applicant's consent, or the applicant's
// commitment in place of a proof — each with its source, its trust level and what it was made from.

export interface MaterialInput {
  key: string;
  /** Uploaded files (content ids); empty for a paper original received at a window, and with `replace` or `commitment`. */
  fileIds: string[];
  /**
   * The applicant consents to the government's copy instead of a file: the e-certificate library or
   * the data sharing platform fills the material, as the catalog's `replaceableBy` says.
   */
  replace?: boolean | undefined;
  /** The applicant's written commitment (告知承诺) instead of the proof, where the material's proof item allows one. */
  commitment?: string | undefined;
}

/** The columns of a received material that say what it is. */
export type MaterialValues = Required<Pick<typeof caseMaterials.$inferInsert, 'fileIds' | 'source' | 'trustLevel' | 'reusedFrom' | 'consent' | 'replacement' | 'verifiedAt'>>;
type CaseMaterialRow = typeof caseMaterials.$inferSelect;

/** What a filing needs to know to turn its materials into rows. */
export interface MaterialFiling {
  /** The case as written (its number, applicant and intake organisation name the data query). */
  row: Pick<CaseRow, 'id' | 'caseNumber' | 'applicantId' | 'applicant' | 'intakeOrgId'>;
  specs: readonly MaterialSpec[];
  /** Who files: the applicant online, or a clerk at a window for them. */
  actorId: string;
  /** At a window: files are scans of an original the clerk has seen. */
  inPerson: boolean;
  now: Date;
}

/** Which materials a commitment may stand in for: those whose retained proof item allows one (告知承诺). */
export async function commitmentKeys(q: Queryable, specs: readonly MaterialSpec[]): Promise<Set<string>> {
  const found = await proofItemsOfMaterials(q, [...specs]);
  return new Set(found.filter((f) => f.proofItem.status === 'retained' && f.proofItem.satisfiedBy.commitment).map((f) => f.materialKey));
}

/**
 * What is wrong with how materials say they are provided, beyond the files themselves: the
 * government's copy only for materials the catalog says it can replace, a commitment only where the
 * proof item allows one, and neither together with files.
 */
export function provisionErrors(specs: readonly MaterialSpec[], given: readonly MaterialInput[], commitmentAllowed: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  given.forEach((m, i) => {
    const spec = specs.find((s) => s.key === m.key);
    if (!spec) return;
    const at = `/body/materials/${i}`;
    if (m.replace && m.commitment !== undefined) errors.push({ field: `${at}/commitment`, message: 'either the government\'s copy or a commitment' });
    if ((m.replace || m.commitment !== undefined) && m.fileIds.length) errors.push({ field: `${at}/fileIds`, message: 'no files with the government\'s copy or a commitment' });
    if (m.replace && !spec.replaceableBy) errors.push({ field: `${at}/replace`, message: `${spec.name} cannot be replaced by an e-certificate or shared data` });
    if (m.commitment !== undefined && !commitmentAllowed.has(m.key)) errors.push({ field: `${at}/commitment`, message: `${spec.name} cannot be replaced by a commitment` });
  });
  return errors;
}

/** How a stored material was provided, as the filing body says it (so checks of the whole list see it the same way). */
export const asInput = (m: Pick<CaseMaterialRow, 'materialKey' | 'fileIds' | 'source' | 'consent'>): MaterialInput => ({
  key: m.materialKey,
  fileIds: m.fileIds,
  ...(m.source === 'certificate' || m.source === 'sharedData' ? { replace: true } : {}),
  ...(m.source === 'commitment' ? { commitment: m.consent?.text ?? '' } : {}),
});

/**
 * The values of each filed material, in order. A material already on the case provided the same way
 * keeps what it has (a draft saved again asks the data sharing platform nothing new).
 * @throws Problem 'case.replacement_unavailable' naming the material when the government holds no usable copy.
 */
export async function materialValues(tx: Tx, filing: MaterialFiling, inputs: readonly MaterialInput[], existing: readonly CaseMaterialRow[] = []): Promise<MaterialValues[]> {
  const out: MaterialValues[] = [];
  const uploaded = filing.inPerson ? [] : inputs.filter((m) => !m.replace && m.commitment === undefined).flatMap((m) => m.fileIds);
  const earlier = await earlierMaterials(tx, filing.row, uploaded);
  for (const [i, m] of inputs.entries()) {
    const spec = filing.specs.find((s) => s.key === m.key)!;
    const before = existing.find((e) => e.materialKey === m.key && e.status === 'received');
    if (m.replace) {
      const kept = before && (before.source === 'certificate' || before.source === 'sharedData');
      out.push(kept ? pick(before) : await governmentCopy(tx, filing, spec, i));
    } else if (m.commitment !== undefined) {
      const kept = before?.source === 'commitment' && before.consent?.text === m.commitment;
      out.push(kept ? pick(before) : { ...none, source: 'commitment', trustLevel: trustLevelOf('commitment'), consent: consentOf(filing, 'commitment', m.commitment) });
    } else {
      out.push(fileValues(filing, m.fileIds, filing.inPerson ? 'paper' : 'upload', earlier));
    }
  }
  return out;
}

const none = { fileIds: [], reusedFrom: null, consent: null, replacement: null, verifiedAt: null } satisfies Partial<MaterialValues>;
const pick = (r: CaseMaterialRow): MaterialValues => ({ fileIds: r.fileIds, source: r.source, trustLevel: r.trustLevel, reusedFrom: r.reusedFrom, consent: r.consent, replacement: r.replacement, verifiedAt: r.verifiedAt });

const consentOf = (filing: MaterialFiling, kind: MaterialConsent['kind'], text?: string): MaterialConsent => ({
  kind, givenBy: filing.row.applicantId, recordedBy: filing.actorId, at: filing.now.toISOString(), ...(text !== undefined ? { text } : {}),
});

/**
 * Files handed in for a material: paper seen at a window (B), or an upload (C) — unless every file
 * comes from one material of the applicant's earlier accepted cases (`earlier`, best first), whose
 * level the reuse passes on.
 */
export function fileValues(filing: Pick<MaterialFiling, 'now'>, fileIds: string[], source: 'upload' | 'paper', earlier: readonly EarlierMaterial[]): MaterialValues {
  const found = source === 'upload' && fileIds.length ? earlier.find((e) => fileIds.every((f) => e.fileIds.includes(f))) : undefined;
  const reusedFrom: ReusedFrom | null = found ? { materialId: found.materialId, caseId: found.caseId, caseNumber: found.caseNumber, trustLevel: found.trustLevel } : null;
  const trustLevel = levelOfFiles(source, reusedFrom?.trustLevel ?? null);
  return { ...none, fileIds, source, trustLevel, reusedFrom, verifiedAt: source === 'paper' ? filing.now : null };
}

export type EarlierMaterial = ReusedFrom & { fileIds: string[] };

/**
 * The applicant's materials on their earlier accepted cases that share a file with these, the
 * best-trusted first: one query for all the materials of a request, not one each.
 */
export async function earlierMaterials(q: Queryable, row: Pick<CaseRow, 'id' | 'applicantId'>, fileIds: readonly string[]): Promise<EarlierMaterial[]> {
  if (!fileIds.length) return [];
  const found = await earlierMaterialsQuery(q, { applicantId: row.applicantId, caseId: row.id, fileIds: [...new Set(fileIds)] });
  return found.map((f) => ({ ...f, trustLevel: f.trustLevel! }));
}

// Every filing asks it: built once.
const earlierMaterialsQuery = preparedQuery('onetrip_earlier_materials', (q) => {
  const accepted = q.select({ id: cases.id }).from(cases).where(and(eq(cases.applicantId, sql.placeholder('applicantId')), ne(cases.id, sql.placeholder('caseId')), isNotNull(cases.acceptedAt)));
  return q
    .select({ materialId: caseMaterials.id, caseId: cases.id, caseNumber: cases.caseNumber, trustLevel: caseMaterials.trustLevel, fileIds: caseMaterials.fileIds })
    .from(caseMaterials)
    .innerJoin(cases, eq(cases.id, caseMaterials.caseId))
    // From the applicant's own accepted cases to their materials, whatever the planner thinks of the
    // array overlap: the array is made first, then read through the materials' (case_id, key) index.
    .where(and(sql`${caseMaterials.caseId} = any(array(${accepted}))`, eq(caseMaterials.status, 'received'), isNotNull(caseMaterials.trustLevel), sql`${caseMaterials.fileIds} && ${sql.placeholder('fileIds')}::text[]`))
    // 'A' < 'B' < 'C' < 'D': the best level first.
    .orderBy(asc(caseMaterials.trustLevel), asc(caseMaterials.receivedAt));
});

/**
 * Fills a material from the government's copy, with the applicant's consent: the newest usable
 * e-certificate of the type, or the applicant's record of the data resource, read on behalf of the
 * case's intake organisation (the query is logged in the same transaction).
 */
async function governmentCopy(tx: Tx, filing: MaterialFiling, spec: MaterialSpec, index: number): Promise<MaterialValues> {
  const by = spec.replaceableBy!;
  const { row, now } = filing;
  const consent = consentOf(filing, 'replace');
  if ('certificateType' in by) {
    const [cert] = await findUsableCertificates(tx, row.applicant.idNumber, by.certificateType, now);
    if (!cert) throw unavailable(spec, index, `no valid ${by.certificateType} certificate of the applicant in the library`);
    const replacement: MaterialReplacement = {
      kind: 'certificate', certificateId: cert.id, identifier: cert.identifier, number: cert.number, typeCode: cert.typeCode, title: cert.title, issuerOrgId: cert.issuerOrgId,
      issuedAt: cert.issuedAt.toISOString(), validUntil: cert.validUntil?.toISOString() ?? null, version: cert.version, digest: cert.digest,
    };
    return { ...none, source: 'certificate', trustLevel: trustLevelOf('certificate'), consent, replacement, verifiedAt: now };
  }
  const record = await lookupForCase(tx, { resourceCode: by.dataResource, subjectId: row.applicant.idNumber, consumerOrgId: row.intakeOrgId, actorId: filing.actorId, purpose: `办件 ${row.caseNumber}: ${spec.name}`, caseId: row.id, now })
    .catch((err: unknown) => {
      // A resource the platform does not publish, or does not share, is as good as no record for the applicant.
      if (err instanceof Problem && (err.code === 'not_found' || err.code === 'sharing.access_denied')) throw unavailable(spec, index, err.detail ?? err.code);
      throw err;
    });
  if (!record) throw unavailable(spec, index, `no record of the applicant in ${by.dataResource}`);
  const replacement: MaterialReplacement = {
    kind: 'sharedData', resourceCode: record.resourceCode, resourceName: record.resourceName, ownerOrgId: record.ownerOrgId, subjectId: record.subjectId, version: record.version,
    updatedAt: record.updatedAt.toISOString(), logId: record.logId, fields: record.fields, masked: record.masked,
  };
  return { ...none, source: 'sharedData', trustLevel: trustLevelOf('sharedData'), consent, replacement, verifiedAt: now };
}

const unavailable = (spec: MaterialSpec, index: number, message: string): Problem =>
  new Problem('case.replacement_unavailable', `${spec.name}：政府部门未持有可用的电子证照或共享数据 / the government holds no usable copy of ${spec.nameEn}`, [{ field: `/body/materials/${index}/replace`, message }]);

/**
 * Before a draft is submitted: every material filled from an e-certificate must still rest on a usable
 * one (not suspended, revoked or expired since). Asking the library logs nothing.
 * @throws Problem 'case.replacement_unavailable' naming the material.
 */
export async function recheckCertificates(q: Queryable, row: Pick<CaseRow, 'applicant'>, specs: readonly MaterialSpec[], materials: readonly CaseMaterialRow[], now: Date): Promise<void> {
  for (const m of materials) {
    if (m.replacement?.kind !== 'certificate') continue;
    const { certificateId, typeCode } = m.replacement;
    const usable = await findUsableCertificates(q, row.applicant.idNumber, typeCode, now);
    if (usable.some((c) => c.id === certificateId)) continue;
    const spec = specs.find((s) => s.key === m.materialKey);
    throw new Problem('case.replacement_unavailable', `${spec?.name ?? m.materialKey}：所用电子证照已失效 / the e-certificate used is no longer valid`, [{ field: '/body/materials', message: `${m.materialKey}: certificate ${certificateId} is no longer usable; use the government's copy again or upload the material` }]);
  }
}

// ---------------------------------------------------------------- what the government already holds

export interface HeldCertificate {
  id: string;
  identifier: string;
  number: string;
  title: string;
  issuerOrgId: string;
  issuerOrgName: string;
  issuerOrgNameEn: string;
  issuedAt: Date;
  validUntil: Date | null;
}

export interface GovernmentCopy {
  materialKey: string;
  replaceableBy: { certificateType: string } | { dataResource: string };
  /** Usable e-certificates of the type, newest first (the first is used); empty for shared data. */
  certificates: HeldCertificate[];
  /**
   * Whether the government holds it: known for e-certificates; null for shared data, which is only
   * asked (and logged) with the applicant's consent when the case is filed.
   */
  held: boolean | null;
}

/**
 * For each material of the item that the government's copy can replace: what the certificate library
 * holds for the applicant — the signed-in applicant, or the one in front of a clerk (by ID number).
 * No data-sharing query is made (none without consent).
 * @throws Problem 'forbidden' for anyone but applicants and window clerks; 'validation_failed' without a valid ID number from a clerk.
 */
export async function governmentCopiesFor(ctx: Ctx, itemCode: string, applicantIdNumber?: string): Promise<GovernmentCopy[]> {
  const actor = requireActor(ctx.actor);
  let idNumber: string;
  if (hasRole(actor, 'applicant')) {
    const me = await findUser(ctx.db, actor.id);
    idNumber = me?.residentId ?? me?.creditCode ?? '';
  } else if (hasRole(actor, 'windowClerk')) {
    idNumber = (applicantIdNumber ?? '').toUpperCase();
    if (!isValidResidentId(idNumber) && !isValidCreditCode(idNumber)) throw new Problem('validation_failed', 'the applicant\'s resident ID or credit code', [{ field: '/querystring/applicant', message: 'a valid resident ID or unified social credit code' }]);
  } else throw new Problem('forbidden');
  const { version } = await getPublishedItem({ ...ctx, actor: null }, itemCode);
  const now = ctx.clock.now();
  const out: GovernmentCopy[] = [];
  for (const m of version.materials) {
    if (!m.replaceableBy) continue;
    if (!('certificateType' in m.replaceableBy)) {
      out.push({ materialKey: m.key, replaceableBy: m.replaceableBy, certificates: [], held: null });
      continue;
    }
    const found = idNumber ? await findUsableCertificates(ctx.db, idNumber, m.replaceableBy.certificateType, now) : [];
    const orgs = await findOrgsByIds(ctx.db, found.map((c) => c.issuerOrgId));
    const certificates = found.map((c) => ({
      id: c.id, identifier: c.identifier, number: c.number, title: c.title, issuedAt: c.issuedAt, validUntil: c.validUntil,
      issuerOrgId: c.issuerOrgId, issuerOrgName: orgs.get(c.issuerOrgId)?.name ?? '', issuerOrgNameEn: orgs.get(c.issuerOrgId)?.nameEn ?? '',
    }));
    out.push({ materialKey: m.key, replaceableBy: m.replaceableBy, certificates, held: certificates.length > 0 });
  }
  return out;
}
