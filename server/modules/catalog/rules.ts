import type { FormProperty, FormSchema, ItemStatus, MaterialSpec } from '../../../common/catalog.js';
import type { FieldError } from '../../platform/errors.js';
import { Problem } from '../../platform/errors.js';
import type { FormFieldSeed } from './seed-format.js';
import type { DeclaredFields, ItemVersionRow } from './schema.js';

/** The editable content of a version: everything but identity, workflow and timestamps. */
export type VersionContent = Pick<
  ItemVersionRow,
  | 'name' | 'nameEn' | 'type' | 'applicantKinds' | 'legalBasis' | 'conditions' | 'conditionsEn' | 'process' | 'materials'
  | 'statutoryLimit' | 'promisedLimit' | 'fees' | 'channels' | 'trips' | 'pendingAllowed' | 'intakeLevel' | 'decisionLevel'
  | 'implementedAt' | 'windowCategory' | 'lifeEvents' | 'companyEvents' | 'keywords' | 'formSchema'
>;

export const contentFields = [
  'name', 'nameEn', 'type', 'applicantKinds', 'legalBasis', 'conditions', 'conditionsEn', 'process', 'materials',
  'statutoryLimit', 'promisedLimit', 'fees', 'channels', 'trips', 'pendingAllowed', 'intakeLevel', 'decisionLevel',
  'implementedAt', 'windowCategory', 'lifeEvents', 'companyEvents', 'keywords', 'formSchema',
] as const satisfies readonly (keyof VersionContent)[];

const levelRank = { village: 0, township: 1, county: 2, prefecture: 3 } as const;

/**
 * Everything wrong with a version's content, as field errors (empty when it may be published).
 * Schemas check types; these are the rules between fields.
 */
export function contentErrors(v: VersionContent): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field: `/body/${field}`, message });
  // Art. 42: the centre may promise less time than the law allows, never more.
  if (v.promisedLimit > v.statutoryLimit) add('promisedLimit', 'must not exceed the statutory limit');
  const secondary = v.materials.filter((m) => m.kind === 'secondary');
  // Acceptance with pending materials only ever waits for secondary materials (DOMAIN.md rule 2).
  if (v.pendingAllowed && secondary.length === 0) add('materials', 'acceptance with pending materials needs at least one secondary material');
  if (!v.pendingAllowed && secondary.length > 0) add('pendingAllowed', 'secondary materials only make sense when acceptance with pending materials is allowed');
  const keys = new Set<string>();
  v.materials.forEach((m, i) => {
    if (keys.has(m.key)) add(`materials/${i}/key`, `duplicate material key ${m.key}`);
    keys.add(m.key);
  });
  if (levelRank[v.decisionLevel] < levelRank[v.intakeLevel]) add('decisionLevel', 'the deciding level cannot be below the intake level');
  if (v.implementedAt.length === 0) add('implementedAt', 'name at least one level that implements the item');
  if (v.channels.length === 0) add('channels', 'name at least one channel');
  if (v.trips === 0 && !v.channels.includes('online') && !v.channels.includes('mobile')) add('trips', 'zero trips needs an online or mobile channel');
  for (const key of v.formSchema.required) if (!v.formSchema.properties[key]) add('formSchema/required', `required field ${key} is not defined`);
  for (const [key, p] of Object.entries(v.formSchema.properties)) {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(key)) add(`formSchema/properties/${key}`, 'field keys are letters, digits and underscores');
    if (p.enum && p['x-enum-labels'] && p['x-enum-labels'].some((l) => !p.enum!.includes(l.value))) add(`formSchema/properties/${key}`, 'every label must name an allowed value');
  }
  return errors;
}

/** @throws Problem 'validation_failed' listing every rule the content breaks. */
export function checkContent(v: VersionContent): void {
  const errors = contentErrors(v);
  if (errors.length) throw new Problem('validation_failed', 'the item version breaks catalog rules', errors);
}

export type VersionAction = 'submit' | 'approve' | 'reject' | 'retire';

const NEXT: Record<VersionAction, Partial<Record<ItemStatus, ItemStatus>>> = {
  submit: { draft: 'inReview' },
  approve: { inReview: 'published' },
  reject: { inReview: 'draft' },
  retire: { published: 'retired' },
};

/** The status an action leads to, or 409 when the workflow does not allow it. */
export function nextVersionStatus(from: ItemStatus, action: VersionAction): ItemStatus {
  const to = NEXT[action][from];
  if (!to) throw new Problem('catalog.invalid_transition', `cannot ${action} a ${from} version`);
  return to;
}

/** Four eyes: whoever submitted a version for review may not approve it. */
export function checkReviewer(submittedBy: string | null, reviewerId: string): void {
  if (submittedBy === reviewerId) throw new Problem('catalog.same_reviewer');
}

/** An item can join the "at most one trip" list only when its process needs at most one visit (R4.1). */
export const oneTripEligible = (v: Pick<VersionContent, 'trips'>): boolean => v.trips <= 1;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The fields whose values differ between two versions, for the side-by-side diff. */
export function diffContent(a: VersionContent, b: VersionContent): FieldChange[] {
  return contentFields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((field) => ({ field, before: a[field], after: b[field] }));
}

/** The shared fields an implementation declares, taken from a version: what "seven unified" compares. */
export function declaredFields(code: string, v: Pick<VersionContent, 'name' | 'type' | 'legalBasis' | 'process' | 'materials'>): DeclaredFields {
  return {
    code,
    name: v.name,
    type: v.type,
    legalBasis: v.legalBasis.map((l) => `${l.law}${l.article}`),
    process: v.process.map((p) => `${p.step}@${p.level}`),
    materials: v.materials.map((m) => `${m.name}|${m.kind}`),
  };
}

export interface Drift {
  field: keyof DeclaredFields;
  declared: unknown;
  catalog: unknown;
}

/** Where an organisation's declaration departs from the catalog's shared fields. */
export function driftOf(declared: DeclaredFields, catalog: DeclaredFields): Drift[] {
  return (Object.keys(catalog) as (keyof DeclaredFields)[])
    .filter((f) => JSON.stringify(declared[f]) !== JSON.stringify(catalog[f]))
    .map((field) => ({ field, declared: declared[field], catalog: catalog[field] }));
}

/** Turns the seed's compact field list into the item's JSON Schema form. */
export function formSchemaFromFields(fields: FormFieldSeed[]): FormSchema {
  const properties: Record<string, FormProperty> = {};
  for (const f of fields) {
    const base = { title: f.title, 'x-title-en': f.titleEn, ...(f.example !== undefined ? { examples: [f.example] } : {}) };
    switch (f.type) {
      case 'number':
      case 'integer':
        properties[f.key] = { ...base, type: f.type, ...(f.minimum !== undefined ? { minimum: f.minimum } : {}), ...(f.maximum !== undefined ? { maximum: f.maximum } : {}) };
        break;
      case 'boolean':
        properties[f.key] = { ...base, type: 'boolean' };
        break;
      case 'date':
        properties[f.key] = { ...base, type: 'string', format: 'date' };
        break;
      case 'enum':
        properties[f.key] = { ...base, type: 'string', enum: (f.options ?? []).map((o) => o.value), 'x-enum-labels': f.options ?? [] };
        break;
      case 'phone':
        properties[f.key] = { ...base, type: 'string', pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$', 'x-widget': 'phone' };
        break;
      case 'text':
        properties[f.key] = { ...base, type: 'string', maxLength: f.maxLength ?? 2000, 'x-widget': 'textarea' };
        break;
      case 'address':
        properties[f.key] = { ...base, type: 'string', maxLength: f.maxLength ?? 200, 'x-widget': 'address' };
        break;
      default:
        properties[f.key] = { ...base, type: 'string', maxLength: f.maxLength ?? 200 };
    }
  }
  return { type: 'object', properties, required: fields.filter((f) => f.required).map((f) => f.key), additionalProperties: false };
}

/** Materials that an e-certificate or shared data can replace: the applicant need not bring them (R1.3). */
export const replaceableMaterials = (materials: MaterialSpec[]): MaterialSpec[] => materials.filter((m) => m.replaceableBy);

// ---------------------------------------------------------------- proof items (证明事项, R1.3)

/** The proof item a material is: the one it names by code, else the one whose name is exactly the material's. */
export function proofItemOf<P extends { code: string; name: string }>(m: Pick<MaterialSpec, 'name' | 'proofItem'>, items: readonly P[]): P | undefined {
  return m.proofItem ? items.find((p) => p.code === m.proofItem) : items.find((p) => p.name === m.name.trim());
}

/**
 * Materials that ask for a retired proof item, by code or by exact name (R1.3: a cancelled proof is
 * never asked for again), or that name a proof item not on the list.
 */
export function proofItemErrors(materials: readonly Pick<MaterialSpec, 'name' | 'proofItem'>[], items: readonly { code: string; name: string; status: 'retained' | 'retired' }[], at = '/body/materials'): FieldError[] {
  const errors: FieldError[] = [];
  materials.forEach((m, i) => {
    const p = proofItemOf(m, items);
    if (m.proofItem && !p) errors.push({ field: `${at}/${i}/proofItem`, message: `no proof item ${m.proofItem}` });
    else if (p?.status === 'retired') errors.push({ field: `${at}/${i}${m.proofItem ? '/proofItem' : '/name'}`, message: `${m.name} is the retired proof item ${p.code} ${p.name}` });
  });
  return errors;
}

/** @throws Problem 'catalog.retired_proof_item' naming every material that asks for a retired proof item; 'validation_failed' for an unknown code. */
export function checkProofItems(materials: readonly Pick<MaterialSpec, 'name' | 'proofItem'>[], items: readonly { code: string; name: string; status: 'retained' | 'retired' }[], at = '/body/materials'): void {
  const errors = proofItemErrors(materials, items, at);
  if (!errors.length) return;
  const retired = materials.flatMap((m) => {
    const p = proofItemOf(m, items);
    return p?.status === 'retired' ? [`${p.name}（${p.code}）`] : [];
  });
  throw retired.length ? new Problem('catalog.retired_proof_item', `已取消的证明事项不得再要求提交 / retired proof items may not be asked for: ${retired.join('、')}`, errors) : new Problem('validation_failed', 'unknown proof item', errors);
}
