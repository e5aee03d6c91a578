import type { ApplicantKind, Channel, CompanyEvent, ItemType, LifeEvent, MaterialSpec } from '../../../common/catalog.js';
import type { OrgLevel, WindowCategory } from '../../../common/enums.js';

/**
 * The shape of one file in `server/seed/data/catalog/*.json`: the service items one kind of
 * department carries out, with everything the one-time notice shows. Import converts it into
 * catalog versions and per-organisation implementations.
 */
export interface CatalogSeedFile {
  /** The department key (orgs.json `key`) whose organisations carry these items out. */
  department: string;
  items: ItemSeed[];
}

export interface ItemSeed {
  /** The item's basic code (基本编码), unique in the catalog. */
  code: string;
  name: string;
  nameEn: string;
  type: ItemType;
  /** Who may apply. */
  applicantKinds: ApplicantKind[];
  legalBasis: { law: string; lawEn: string; article: string; text?: string }[];
  /** 受理条件: who qualifies, in one or two sentences. */
  conditions: string;
  conditionsEn: string;
  process: { step: string; stepEn: string; level: OrgLevel; action: 'accept' | 'review' | 'inspect' | 'decide' | 'issue' }[];
  materials: MaterialSeed[];
  /** Working days allowed by law / promised by the service centre (promised ≤ statutory). */
  statutoryLimit: number;
  promisedLimit: number;
  /** Empty when free (most items are). */
  fees: { name: string; nameEn: string; amountYuan: number; basis: string }[];
  channels: Channel[];
  /** In-person visits the applicant needs at most: 0 (fully online/express), 1, or more. */
  trips: number;
  /** In the "at most one trip" list: batch 1 published 2019, batch 2 published 2020. */
  atMostOneTrip: { batch: 1 | 2; since: string } | null;
  /** Acceptance with pending secondary materials (容缺受理) allowed. */
  pendingAllowed: boolean;
  intakeLevel: OrgLevel;
  decisionLevel: OrgLevel;
  /** Levels whose department of this kind implements the item (e.g. ["county"] or ["prefecture","county"]). */
  implementedAt: OrgLevel[];
  windowCategory: WindowCategory;
  lifeEvents: LifeEvent[];
  companyEvents: CompanyEvent[];
  /** Words applicants search with besides the name (执照, 办证, …). */
  keywords: string[];
  /** The online application form's item-specific fields (the applicant's identity is added by the system). */
  formFields: FormFieldSeed[];
}

/** A material as the seed gives it: the catalog's material without uploaded template files. */
export type MaterialSeed = Omit<MaterialSpec, 'templateFile' | 'exampleFile'>;

export interface FormFieldSeed {
  key: string;
  title: string;
  titleEn: string;
  type: 'string' | 'text' | 'number' | 'integer' | 'date' | 'enum' | 'boolean' | 'phone' | 'address';
  required: boolean;
  options?: { value: string; label: string; labelEn: string }[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  example?: string | number | boolean;
}
