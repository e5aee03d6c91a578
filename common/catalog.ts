// The catalog's shared vocabulary (R1.2): server and web both read item versions in these shapes.

export const itemTypes = ['licensing', 'confirmation', 'payment', 'award', 'ruling', 'publicService', 'other'] as const;
export type ItemType = (typeof itemTypes)[number];

/** draft → inReview → published → retired; a rejected review goes back to draft. */
export const itemStatuses = ['draft', 'inReview', 'published', 'retired'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const channels = ['online', 'window', 'agencyPoint', 'mobile'] as const;
export type Channel = (typeof channels)[number];

export const applicantKinds = ['person', 'company'] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

/** Life events (个人全生命周期) and company events (企业全生命周期) for browsing the catalog. */
export const lifeEvents = ['birth', 'education', 'employment', 'marriage', 'housing', 'travel', 'medical', 'socialSecurity', 'retirement', 'residence', 'assistance', 'death'] as const;
export type LifeEvent = (typeof lifeEvents)[number];
export const companyEvents = ['establish', 'permits', 'construction', 'investment', 'change', 'tax', 'hiring', 'closure'] as const;
export type CompanyEvent = (typeof companyEvents)[number];

export const processActions = ['accept', 'review', 'inspect', 'decide', 'issue'] as const;
export type ProcessAction = (typeof processActions)[number];

export interface LegalBasis {
  law: string;
  lawEn: string;
  article: string;
  text?: string;
}

export interface ProcessStep {
  step: string;
  stepEn: string;
  level: 'prefecture' | 'county' | 'township' | 'village';
  action: ProcessAction;
}

export type Replacement = { certificateType: string } | { dataResource: string };

export interface MaterialSpec {
  key: string;
  name: string;
  nameEn: string;
  /** `secondary` materials may follow later under acceptance with pending materials (容缺受理). */
  kind: 'required' | 'secondary';
  form: 'original' | 'copy' | 'electronic';
  copies: number;
  /** A blank template and a filled example are rendered from the item's application form. */
  template: boolean;
  /** An uploaded template or example (content-addressed file id), for materials that are not the form. */
  templateFile?: string;
  exampleFile?: string;
  /** What replaces the paper: an e-certificate type or a shared data resource (R1.3). */
  replaceableBy: Replacement | null;
  /** The proof item (证明事项) this material is, by its code: the notice says how it can be satisfied. */
  proofItem?: string;
  notes?: string;
  notesEn?: string;
}

export interface FeeSpec {
  name: string;
  nameEn: string;
  amountYuan: number;
  basis: string;
}

/** One field of an application form: a JSON Schema property with bilingual titles. */
export interface FormProperty {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title: string;
  'x-title-en': string;
  format?: 'date';
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  'x-enum-labels'?: { value: string; label: string; labelEn: string }[];
  /** How to render a string: a multi-line box, an address, a phone number. */
  'x-widget'?: 'textarea' | 'address' | 'phone';
  examples?: (string | number | boolean)[];
}

/** The online application form of an item: JSON Schema (draft 2020-12 subset), validated on filing. */
export interface FormSchema {
  type: 'object';
  properties: Record<string, FormProperty>;
  required: string[];
  additionalProperties: false;
}

// ---------------------------------------------------------------- proof items (证明事项, R1.3)

/** A proof item is kept (`retained`, on the published list) or cancelled (`retired`: no material may ask for it again). */
export const proofItemStatuses = ['retained', 'retired'] as const;
export type ProofItemStatus = (typeof proofItemStatuses)[number];

/** Who issued the proof an applicant used to bring: a kind of department, or a body outside government. */
export const proofIssuerKinds = [
  'public-security', 'civil-affairs', 'natural-resources', 'housing', 'hrss', 'medical-insurance', 'tax', 'market', 'health', 'education', 'justice',
  'court', 'community', 'village', 'employer', 'hospital', 'school', 'notary', 'other',
] as const;
export type ProofIssuerKind = (typeof proofIssuerKinds)[number];

/** How a proof item can be satisfied without the paper: shared data, an e-certificate, or the applicant's commitment (告知承诺). */
export interface ProofSatisfaction {
  dataResource: string | null;
  certificateType: string | null;
  commitment: boolean;
}
