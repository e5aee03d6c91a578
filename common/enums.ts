// Closed sets of values shared by server and web. Each is an `as const` array (for schemas and
// pickers) plus its union type; the glossary (GLOSSARY.md) gives the names.

export const roles = [
  'applicant',
  'windowClerk',
  'reviewer',
  'departmentHead',
  'supervisor',
  'hotlineAgent',
  'catalogManager',
  'admin',
] as const;
export type Role = (typeof roles)[number];
export const staffRoles = roles.filter((r) => r !== 'applicant') as Exclude<Role, 'applicant'>[];

/** Staff work for an organisation; applicants are persons (resident ID) or companies (credit code). */
export const accountKinds = ['staff', 'person', 'company'] as const;
export type AccountKind = (typeof accountKinds)[number];

/** The four levels of R1.1. */
export const orgLevels = ['prefecture', 'county', 'township', 'village'] as const;
export type OrgLevel = (typeof orgLevels)[number];

export const orgKinds = ['government', 'park', 'department'] as const;
export type OrgKind = (typeof orgKinds)[number];

/** Halls at prefecture and county level; agency points (代办点) at township and village level. */
export const siteKinds = ['hall', 'agencyPoint'] as const;
export type SiteKind = (typeof siteKinds)[number];

/** One-window classified acceptance (R3.2): the comprehensive categories, plus department windows. */
export const windowCategories = ['investment', 'realEstate', 'companyRegistration', 'socialServices', 'general', 'department'] as const;
export type WindowCategory = (typeof windowCategories)[number];
