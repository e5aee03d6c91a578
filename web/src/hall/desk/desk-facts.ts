import { isValidCreditCode, isValidResidentId, normaliseCreditCode, normaliseResidentId } from '../../../../common/id-codes.js';
import type { CatalogSearchFilter, Material } from '../../api/catalog.js';
import type { CaseListFilter, CaseView } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';

// What the front desk reads out of windows, materials and cases: pure, so its parts agree.

/**
 * The catalog search of a window: the items carried out at its site that it takes in. The server
 * applies the same rule when the clerk files (a comprehensive window takes its category, a department
 * window its department's items, an agency point's general window any item) and answers otherwise.
 */
export function itemFilterFor(w: DeskWindow): Pick<CatalogSearchFilter, 'site' | 'windowCategory' | 'org'> {
  if (w.category === 'department') return w.departmentId ? { site: w.site.id, org: w.departmentId } : { site: w.site.id };
  if (w.site.kind === 'agencyPoint' && w.category === 'general') return { site: w.site.id };
  return { site: w.site.id, windowCategory: w.category };
}

export type ApplicantKind = 'person' | 'company';

export const normaliseIdNumber = (kind: ApplicantKind, raw: string): string => (kind === 'company' ? normaliseCreditCode(raw) : normaliseResidentId(raw));

/** GB 11643 (resident ID) or GB 32100 (credit code), check character included. */
export const isValidIdNumber = (kind: ApplicantKind, value: string): boolean => (kind === 'company' ? isValidCreditCode(value) : isValidResidentId(value));

/** What a clerk typed into "find a case": a whole ID number searches by applicant, anything else by case number. */
export function lookupFilter(text: string): Pick<CaseListFilter, 'q' | 'applicant'> | undefined {
  const raw = text.trim();
  if (!raw) return undefined;
  const id = normaliseCreditCode(raw);
  if (isValidResidentId(id) || isValidCreditCode(id)) return { applicant: id };
  return { q: raw.slice(0, 60) };
}

/** A material as ticked at the window: seen (paper) and/or scanned (uploaded files), or the government's copy the applicant consents to (R1.3). */
export interface MaterialCheck {
  checked: boolean;
  files: { id: string; name: string }[];
  replace?: boolean;
}

export const isProvided = (c: MaterialCheck | undefined): boolean => !!c && (c.checked || c.files.length > 0 || !!c.replace);

/** A ticked material as the filing sends it: the government's copy with consent, else the paper and its scans. */
export const materialInputOf = (key: string, c: MaterialCheck) => (c.replace ? { key, fileIds: [], replace: true } : { key, fileIds: c.files.map((f) => f.id) });

/** The materials of the list the applicant did not bring, required ones first. */
export function missingMaterials(specs: readonly Material[], provided: (key: string) => boolean): Material[] {
  const missing = specs.filter((m) => !provided(m.key));
  return [...missing.filter((m) => m.kind === 'required'), ...missing.filter((m) => m.kind === 'secondary')];
}

/** The materials a case has received, from its view. */
export const receivedKeys = (view: CaseView): Set<string> => new Set(view.materials.filter((m) => m.status === 'received').map((m) => m.materialKey));

const copiesText = (m: Pick<Material, 'form' | 'copies'>): string => `${{ original: '原件', copy: '复印件', electronic: '电子文件' }[m.form]}${m.copies > 0 ? `${m.copies}份` : ''}`;

/**
 * The applicant's commitment under acceptance with pending materials (容缺受理承诺书), in Chinese as it
 * is signed and printed: what is owed, by when, and what happens if it is not.
 */
export function commitmentText(applicantName: string, owed: readonly Pick<Material, 'name' | 'form' | 'copies'>[], dueOn: string, onBreach: 'revoke' | 'terminate'): string {
  const [y, m, d] = dueOn.split('-').map(Number);
  const list = owed.map((x, i) => `${i + 1}. ${x.name}（${copiesText(x)}）`).join('；');
  const breach = onBreach === 'revoke' ? '同意撤销本次受理决定' : '同意终止办理本申请';
  return `本人/本单位（${applicantName}）承诺：于${y}年${m}月${d}日前补交以下材料：${list}。所提交材料真实有效；逾期未补交的，${breach}，并承担由此产生的法律责任；未补齐前不领取办理结果。`;
}

/** Whether the result can be handed over now, and what still stands in the way (DOMAIN rules 2 and 7). */
export interface Readiness {
  decided: boolean;
  approved: boolean;
  certificateIssued: boolean;
  pendingOwed: number;
  delivered: boolean;
  /** The server lets this clerk hand it over now. */
  canDeliver: boolean;
}

export function readinessOf(view: CaseView): Readiness {
  const c = view.case;
  return {
    decided: !!c.decision,
    approved: c.decision?.outcome === 'approve',
    certificateIssued: !!c.certificateId,
    pendingOwed: view.materials.filter((m) => m.status === 'pending').length,
    delivered: !!c.delivery,
    canDeliver: view.allowedActions.includes('deliver'),
  };
}

/** Whether a visit at this site is already recorded for the case today (Asia/Shanghai): collecting now is the same visit. */
export function visitRecordedToday(view: CaseView, siteId: string, today: string, dayOf: (at: string) => string): boolean {
  return view.trips.some((t) => t.siteId === siteId && dayOf(t.at) === today);
}

/** Statuses in which the intake decision is still to be made. */
export const awaitingIntake = (view: CaseView): boolean => view.allowedActions.some((a) => a === 'accept' || a === 'requestCorrection' || a === 'refuseIntake');
