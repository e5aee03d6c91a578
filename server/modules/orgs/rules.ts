import type { OrgKind, OrgLevel, WindowCategory } from '../../../common/enums.js';
import { Problem } from '../../platform/errors.js';

interface OrgShape {
  kind: OrgKind;
  level: OrgLevel;
}

const childLevel: Record<OrgLevel, OrgLevel | null> = { prefecture: 'county', county: 'township', township: 'village', village: null };

/**
 * Whether `child` may hang under `parent` (R1.1): a government or park sits one level below a
 * government; a department sits beside its government, at the same level.
 */
export function canNest(parent: OrgShape | null, child: OrgShape): boolean {
  if (!parent) return child.kind === 'government' && child.level === 'prefecture';
  if (parent.kind === 'department') return false;
  if (child.kind === 'department') return child.level === parent.level;
  if (child.kind === 'park') return parent.level === 'prefecture' && child.level === 'county';
  return childLevel[parent.level] === child.level;
}

/** @throws Problem 'org.invalid_parent' when {@link canNest} says no. */
export function checkNesting(parent: OrgShape | null, child: OrgShape): void {
  if (!canNest(parent, child)) throw new Problem('org.invalid_parent', `a ${child.level} ${child.kind} cannot sit under ${parent ? `a ${parent.level} ${parent.kind}` : 'nothing'}`);
}

/** The tree path of an organisation: its parent's path plus its own id. */
export const childPath = (parentPath: string | null, id: string): string => `${parentPath ?? '/'}${id}/`;

/** Halls belong at prefecture and county level, agency points below (DOMAIN.md, "Organisations and places"). */
export const siteKindFits = (kind: 'hall' | 'agencyPoint', level: OrgLevel): boolean =>
  kind === 'hall' ? level === 'prefecture' || level === 'county' : level === 'township' || level === 'village';

/** A department window names its department; a comprehensive window does not. */
export const windowDepartmentFits = (category: WindowCategory, departmentId: string | null | undefined): boolean =>
  category === 'department' ? !!departmentId : !departmentId;
