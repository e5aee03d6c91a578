import type { FormProperty, FormSchema, ItemVersion, Material, VersionContent } from '../../api/catalog.js';

// The structured editor's form values and their conversion to and from a version's content.

export type ReplaceKind = 'none' | 'certificateType' | 'dataResource';

export type MaterialRow = Omit<Material, 'replaceableBy'> & { replaceKind: ReplaceKind; replaceValue?: string };

/** How an application-form field is entered; each maps to a JSON Schema shape. */
export const fieldKinds = ['text', 'textarea', 'number', 'integer', 'boolean', 'date', 'enum'] as const;
export type FieldKind = (typeof fieldKinds)[number];

export interface FieldOption {
  value: string;
  label: string;
  labelEn: string;
}

export interface FieldRow {
  key: string;
  title: string;
  titleEn: string;
  kind: FieldKind;
  required: boolean;
  options: FieldOption[];
  /** Schema details the structured editor does not show (pattern, limits, widget, examples), kept as they were. */
  extra: Partial<FormProperty>;
}

export type EditorValues = Omit<VersionContent, 'materials' | 'formSchema'> & {
  materials: MaterialRow[];
  formFields: FieldRow[];
  /** The order of the form's `required` list as loaded, kept so an unchanged form stays unchanged. */
  formRequiredOrder?: string[];
  changeNote?: string;
  code?: string;
  deptKey?: string;
};

const fieldKindOf = (p: FormProperty): FieldKind => {
  if (p.enum) return 'enum';
  if (p.type === 'boolean') return 'boolean';
  if (p.type === 'number' || p.type === 'integer') return p.type;
  if (p.format === 'date') return 'date';
  return p['x-widget'] === 'textarea' ? 'textarea' : 'text';
};

export function fieldRows(schema: FormSchema): FieldRow[] {
  return Object.entries(schema.properties).map(([key, p]) => {
    const { type: _t, title, 'x-title-en': titleEn, format: _f, enum: values, 'x-enum-labels': labels, ...extra } = p;
    const kind = fieldKindOf(p);
    if (kind === 'textarea') delete extra['x-widget'];
    const options = (values ?? []).map((value) => {
      const l = labels?.find((x) => x.value === value);
      return { value, label: l?.label ?? value, labelEn: l?.labelEn ?? value };
    });
    return { key, title, titleEn, kind, required: schema.required.includes(key), options, extra };
  });
}

/** Keeps only the details that still fit the field's kind (a number has no maxLength, text no minimum). */
function fittingExtra(kind: FieldKind, extra: Partial<FormProperty>, values: string[]): Partial<FormProperty> {
  const out: Partial<FormProperty> = {};
  const textual = kind === 'text' || kind === 'textarea';
  if (textual && extra.maxLength !== undefined) out.maxLength = extra.maxLength;
  if (textual && extra.pattern !== undefined) out.pattern = extra.pattern;
  if (kind === 'text' && extra['x-widget'] && extra['x-widget'] !== 'textarea') out['x-widget'] = extra['x-widget'];
  if ((kind === 'number' || kind === 'integer') && extra.minimum !== undefined) out.minimum = extra.minimum;
  if ((kind === 'number' || kind === 'integer') && extra.maximum !== undefined) out.maximum = extra.maximum;
  const fits = (x: string | number | boolean) => {
    if (kind === 'boolean') return typeof x === 'boolean';
    if (kind === 'number') return typeof x === 'number';
    if (kind === 'integer') return typeof x === 'number' && Number.isInteger(x);
    if (kind === 'enum') return typeof x === 'string' && values.includes(x);
    return typeof x === 'string';
  };
  // `examples` is JSON Schema's own keyword, so the generated types leave it out; the API keeps it.
  const examples = (extra as { examples?: (string | number | boolean)[] }).examples?.filter(fits);
  if (examples?.length) Object.assign(out, { examples });
  return out;
}

export function formSchemaOf(rows: FieldRow[], requiredOrder: string[] = []): FormSchema {
  const properties: FormSchema['properties'] = {};
  for (const r of rows) {
    const key = r.key.trim();
    const values = r.options.map((o) => o.value.trim());
    const base = { title: r.title.trim(), 'x-title-en': r.titleEn.trim(), ...fittingExtra(r.kind, r.extra ?? {}, values) };
    switch (r.kind) {
      case 'number':
      case 'integer':
        properties[key] = { type: r.kind, ...base };
        break;
      case 'boolean':
        properties[key] = { type: 'boolean', ...base };
        break;
      case 'date':
        properties[key] = { type: 'string', format: 'date', ...base };
        break;
      case 'enum':
        properties[key] = { type: 'string', ...base, enum: values, 'x-enum-labels': r.options.map((o) => ({ value: o.value.trim(), label: o.label.trim(), labelEn: o.labelEn.trim() })) };
        break;
      case 'textarea':
        properties[key] = { type: 'string', ...base, 'x-widget': 'textarea' };
        break;
      default:
        properties[key] = { type: 'string', ...base };
    }
  }
  const rank = (key: string) => (requiredOrder.includes(key) ? requiredOrder.indexOf(key) : requiredOrder.length);
  const required = rows
    .filter((r) => r.required)
    .map((r) => r.key.trim())
    .sort((a, b) => rank(a) - rank(b));
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A pasted JSON text as a form schema, or undefined when it is not one. */
export function parseFormSchema(text: string): FormSchema | undefined {
  try {
    const value = JSON.parse(text) as Partial<FormSchema>;
    if (!value || value.type !== 'object' || typeof value.properties !== 'object' || value.properties === null || Array.isArray(value.properties)) return undefined;
    const required = Array.isArray(value.required) ? value.required.filter((r): r is string => typeof r === 'string') : [];
    for (const p of Object.values(value.properties)) {
      if (!p || typeof p !== 'object' || typeof p.title !== 'string' || typeof p.type !== 'string') return undefined;
    }
    return { type: 'object', properties: value.properties, required, additionalProperties: false };
  } catch {
    return undefined;
  }
}

export function editorValues(content: VersionContent): EditorValues {
  const { materials, formSchema, ...rest } = content;
  return {
    ...rest,
    materials: materials.map(({ replaceableBy, ...m }) => ({
      ...m,
      replaceKind: !replaceableBy ? 'none' : 'certificateType' in replaceableBy ? 'certificateType' : 'dataResource',
      replaceValue: !replaceableBy ? undefined : 'certificateType' in replaceableBy ? replaceableBy.certificateType : replaceableBy.dataResource,
    })),
    formFields: fieldRows(formSchema),
    formRequiredOrder: formSchema.required,
  };
}

const trimmed = (s: string | undefined) => (s ?? '').trim();
const optional = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** The version content the form stands for, trimmed and in the API's shape. */
export function contentOf(v: EditorValues): VersionContent {
  return {
    name: trimmed(v.name),
    nameEn: trimmed(v.nameEn),
    type: v.type,
    applicantKinds: v.applicantKinds,
    legalBasis: (v.legalBasis ?? []).map((l) => ({ law: trimmed(l.law), lawEn: trimmed(l.lawEn), article: trimmed(l.article), ...(optional(l.text) ? { text: optional(l.text) } : {}) })),
    conditions: trimmed(v.conditions),
    conditionsEn: trimmed(v.conditionsEn),
    process: (v.process ?? []).map((p) => ({ step: trimmed(p.step), stepEn: trimmed(p.stepEn), level: p.level, action: p.action })),
    materials: (v.materials ?? []).map(({ replaceKind, replaceValue, notes, notesEn, ...m }) => ({
      ...m,
      key: trimmed(m.key),
      name: trimmed(m.name),
      nameEn: trimmed(m.nameEn),
      copies: m.copies ?? 0,
      template: !!m.template,
      ...(optional(notes) ? { notes: optional(notes) } : {}),
      ...(optional(notesEn) ? { notesEn: optional(notesEn) } : {}),
      replaceableBy:
        replaceKind === 'certificateType' && optional(replaceValue)
          ? { certificateType: trimmed(replaceValue) }
          : replaceKind === 'dataResource' && optional(replaceValue)
            ? { dataResource: trimmed(replaceValue) }
            : null,
    })),
    statutoryLimit: v.statutoryLimit,
    promisedLimit: v.promisedLimit,
    fees: (v.fees ?? []).map((f) => ({ name: trimmed(f.name), nameEn: trimmed(f.nameEn), amountYuan: f.amountYuan ?? 0, basis: trimmed(f.basis) })),
    channels: v.channels,
    trips: v.trips,
    pendingAllowed: !!v.pendingAllowed,
    intakeLevel: v.intakeLevel,
    decisionLevel: v.decisionLevel,
    implementedAt: v.implementedAt,
    windowCategory: v.windowCategory,
    lifeEvents: v.lifeEvents ?? [],
    companyEvents: v.companyEvents ?? [],
    keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    formSchema: formSchemaOf(v.formFields ?? [], v.formRequiredOrder),
  };
}

/** A new item's starting point: the common shape of a county-level licence, to adjust. */
export const blankContent: VersionContent = {
  name: '',
  nameEn: '',
  type: 'licensing',
  applicantKinds: ['person', 'company'],
  legalBasis: [{ law: '', lawEn: '', article: '' }],
  conditions: '',
  conditionsEn: '',
  process: [
    { step: '受理', stepEn: 'Acceptance', level: 'county', action: 'accept' },
    { step: '审核', stepEn: 'Review', level: 'county', action: 'review' },
    { step: '决定', stepEn: 'Decision', level: 'county', action: 'decide' },
    { step: '送达', stepEn: 'Delivery', level: 'county', action: 'issue' },
  ],
  materials: [],
  statutoryLimit: 20,
  promisedLimit: 10,
  fees: [],
  channels: ['online', 'window'],
  trips: 1,
  pendingAllowed: false,
  intakeLevel: 'county',
  decisionLevel: 'county',
  implementedAt: ['county'],
  windowCategory: 'general',
  lifeEvents: [],
  companyEvents: [],
  keywords: [],
  formSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
};

/** Where a server field error belongs in the form: `/body/materials/0/key` → ['materials', 0, 'key']. */
export function fieldPath(pointer: string): (string | number)[] | undefined {
  const parts = pointer.replace(/^\/body\/?/, '/').split('/').filter(Boolean);
  if (!parts.length) return undefined;
  if (parts[0] === 'formSchema') return ['formFields'];
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The content fields of a version, in the catalog's order (also the diff's). */
export const contentFields = [
  'name', 'nameEn', 'type', 'applicantKinds', 'legalBasis', 'conditions', 'conditionsEn', 'process', 'materials', 'statutoryLimit', 'promisedLimit', 'fees',
  'channels', 'trips', 'pendingAllowed', 'intakeLevel', 'decisionLevel', 'implementedAt', 'windowCategory', 'lifeEvents', 'companyEvents', 'keywords', 'formSchema',
] as const satisfies readonly (keyof VersionContent)[];

export const contentOfVersion = (v: ItemVersion): VersionContent => Object.fromEntries(contentFields.map((f) => [f, v[f]])) as VersionContent;
