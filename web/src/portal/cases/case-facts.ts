import { suspendReasons, type CaseStatus, type SuspendReason } from '../../../../common/cases.js';
import type { CaseDocumentKind, CaseEvent, CaseView, MaterialSpec } from '../../api/cases.js';

// What the case page reads out of a case view: pure, so the page's parts agree on it.

export interface CorrectionItem {
  materialKey?: string;
  note: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string field of an event's data, if there is one. */
export const dataString = (e: CaseEvent, key: string): string | undefined => {
  const v = e.data?.[key];
  return typeof v === 'string' && v ? v : undefined;
};

export const dataNumber = (e: CaseEvent, key: string): number | undefined => {
  const v = e.data?.[key];
  return typeof v === 'number' ? v : undefined;
};

export const dataSuspendReason = (e: CaseEvent): SuspendReason | undefined => {
  const v = e.data?.reason;
  return typeof v === 'string' && (suspendReasons as readonly string[]).includes(v) ? (v as SuspendReason) : undefined;
};

/** The items of a correction request (the one-time notice), as the clerk wrote them. */
export function correctionItems(e: CaseEvent | undefined): CorrectionItem[] {
  const items = e?.data?.items;
  if (!Array.isArray(items)) return [];
  return items.filter(isRecord).flatMap((i) => (typeof i.note === 'string' ? [{ note: i.note, ...(typeof i.materialKey === 'string' ? { materialKey: i.materialKey } : {}) }] : []));
}

/** The organisation named as competent when intake was refused. */
export function competentOrgName(e: CaseEvent | undefined): string | undefined {
  const org = e?.data?.competentOrg;
  return isRecord(org) && typeof org.name === 'string' ? org.name : undefined;
}

export const lastEvent = (view: CaseView, action: CaseEvent['action']): CaseEvent | undefined => view.events.findLast((e) => e.action === action);

export const specOf = (view: CaseView, key: string): MaterialSpec | undefined => view.materialSpecs.find((s) => s.key === key);

/** The documents the server can print for the case now (the same conditions as its PDF route). */
export function availableDocuments(view: CaseView): CaseDocumentKind[] {
  const c = view.case;
  const out: CaseDocumentKind[] = [];
  if (c.acceptedAt || view.clock.startedOn) out.push('acceptance');
  if (lastEvent(view, 'requestCorrection')) out.push('correction');
  if (lastEvent(view, 'refuseIntake')) out.push('refusal');
  if (c.decision) out.push('decision');
  if (c.certificateId) out.push('certificate');
  return out;
}

/** Statuses after which an applicant may rate the handling (好差评). */
export const rateableStatuses: readonly CaseStatus[] = ['decided', 'delivered', 'archived'];

/** Statuses in which the case ended without (or lost) its result. */
export const stoppedStatuses: readonly CaseStatus[] = ['refused', 'withdrawn', 'revoked', 'terminated'];

export type StepKey = 'submitted' | 'accepted' | 'inReview' | 'decided' | 'delivered';
export const stepKeys: readonly StepKey[] = ['submitted', 'accepted', 'inReview', 'decided', 'delivered'];

/** When each step of submitted → accepted → in review → decided → delivered was reached (null: not yet). */
export function stepTimes(view: CaseView): Record<StepKey, string | null> {
  const c = view.case;
  const at = (action: CaseEvent['action']) => view.events.find((e) => e.action === action)?.at ?? null;
  const accepted = c.acceptedAt ?? at('accept') ?? at('deemAccept');
  return {
    submitted: c.status === 'draft' ? null : (c.receivedAt ?? at('submit')),
    accepted,
    inReview: at('startReview') ?? (c.decision ? (c.decidedAt ?? c.decision.decidedAt) : null),
    decided: c.decidedAt ?? c.decision?.decidedAt ?? null,
    delivered: c.delivery?.deliveredAt ?? null,
  };
}

/** A row of a case's material list: the catalog's materials in its order, then any other the case holds (named by its key). */
export interface MaterialRow {
  key: string;
  name: string;
  kind: MaterialSpec['kind'] | undefined;
}
export function materialRows(view: CaseView, pick: (zh: string, en: string | null | undefined) => string): MaterialRow[] {
  const known = new Set(view.materialSpecs.map((s) => s.key));
  return [
    ...view.materialSpecs.map((s) => ({ key: s.key, name: pick(s.name, s.nameEn), kind: s.kind })),
    ...view.materials.filter((m) => !known.has(m.materialKey)).map((m) => ({ key: m.materialKey, name: m.materialKey, kind: undefined })),
  ];
}
