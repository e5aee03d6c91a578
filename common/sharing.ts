// The data sharing platform's vocabulary (数据共享, R2.2), shared by server and web.

/**
 * How a data resource is shared (政务数据共享管理办法 的三类): `unconditional` 无条件共享 — any department
 * with credentials may query it; `conditional` 有条件共享 — only with an approved application, sensitive
 * fields masked; `notShared` 不予共享 — nobody outside the owner (it may still be listed in the catalog).
 */
export const sharingTypes = ['unconditional', 'conditional', 'notShared'] as const;
export type SharingType = (typeof sharingTypes)[number];

/** How often the owner refreshes a resource's records. */
export const updateFrequencies = ['realTime', 'daily', 'weekly', 'monthly'] as const;
export type UpdateFrequency = (typeof updateFrequencies)[number];

/** Whose data a resource holds: persons by resident ID (GB 11643), companies by credit code (GB 32100). */
export const subjectKinds = ['person', 'company'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

/**
 * The type of a resource's field. Besides validating records it decides how the field is masked:
 * a name keeps its first character, an ID number its region and last four, a phone its first three
 * and last four, an address its first six characters, a date its year; the rest is masked whole.
 */
export const fieldTypes = ['text', 'name', 'idNumber', 'phone', 'address', 'date', 'number', 'boolean'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface ResourceField {
  key: string;
  name: string;
  nameEn: string;
  type: FieldType;
  /** Personal or confidential: masked for consumers of a conditional resource even when approved. */
  sensitive: boolean;
}

/** An application for access (共享申请): pending until the owner approves or refuses; an approval can be revoked. */
export const applicationStatuses = ['pending', 'approved', 'refused', 'revoked'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/**
 * What a query got: every field in clear (`returned`), some masked (`masked`), refused (`denied`: no
 * approval, expired, not shared), or no record of that subject (`notFound`).
 */
export const queryResults = ['returned', 'masked', 'denied', 'notFound'] as const;
export type QueryResult = (typeof queryResults)[number];

/** Why a query was refused, as logged and told to the consumer. */
export const denialReasons = ['notShared', 'noApplication', 'pending', 'expired', 'refused', 'revoked'] as const;
export type DenialReason = (typeof denialReasons)[number];
