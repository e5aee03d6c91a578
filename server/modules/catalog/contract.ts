import { Type, type Static } from 'typebox';
import { applicantKinds, channels, companyEvents, itemTypes, lifeEvents, processActions, proofIssuerKinds, proofItemStatuses } from '../../../common/catalog.js';
import { orgLevels, windowCategories } from '../../../common/enums.js';
import { DateTime, Text } from '../../platform/schemas.js';

// The catalog's public shapes: the API's bodies and answers, and the import/export record.

const Level = Type.Enum(orgLevels);
const ProofItemCodePattern = '^[0-9A-Za-z][0-9A-Za-z-]*$';

export const LegalBasisSchema = Type.Object({ law: Text(200), lawEn: Text(300), article: Type.String({ maxLength: 100 }), text: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ProcessStepSchema = Type.Object({ step: Text(100), stepEn: Text(200), level: Level, action: Type.Enum(processActions) }, { additionalProperties: false });
const Replacement = Type.Union([
  Type.Object({ certificateType: Text(60) }, { additionalProperties: false }),
  Type.Object({ dataResource: Text(60) }, { additionalProperties: false }),
]);
export const MaterialSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9-]*$' }),
  name: Text(200),
  nameEn: Text(300),
  kind: Type.Enum(['required', 'secondary'] as const, { description: '`secondary` may follow later under acceptance with pending materials' }),
  form: Type.Enum(['original', 'copy', 'electronic'] as const),
  copies: Type.Integer({ minimum: 0, maximum: 20 }),
  template: Type.Boolean({ description: 'A blank template and a filled example are rendered from the application form' }),
  templateFile: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  exampleFile: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  replaceableBy: Type.Union([Replacement, Type.Null()], { description: 'An e-certificate type or shared data resource that replaces the paper' }),
  notes: Type.Optional(Type.String({ maxLength: 1000 })),
  notesEn: Type.Optional(Type.String({ maxLength: 1500 })),
  proofItem: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: ProofItemCodePattern, description: 'The proof item (证明事项) this material is, by code; a retired one is refused' })),
}, { additionalProperties: false });
export const FeeSchema = Type.Object({ name: Text(100), nameEn: Text(200), amountYuan: Type.Number({ minimum: 0, maximum: 1_000_000 }), basis: Type.String({ maxLength: 300 }) }, { additionalProperties: false });

const FormPropertySchema = Type.Object({
  type: Type.Enum(['string', 'number', 'integer', 'boolean'] as const),
  title: Text(100),
  'x-title-en': Text(200),
  format: Type.Optional(Type.Literal('date')),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
  enum: Type.Optional(Type.Array(Text(100), { maxItems: 100 })),
  'x-enum-labels': Type.Optional(Type.Array(Type.Object({ value: Text(100), label: Text(100), labelEn: Text(200) }, { additionalProperties: false }), { maxItems: 100 })),
  'x-widget': Type.Optional(Type.Enum(['textarea', 'address', 'phone'] as const)),
  // One schema with a list of types, not a union: the request validator coerces types, and would turn
  // a numeric or boolean example into a string under the union's first (string) branch.
  examples: Type.Optional(Type.Array(Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], maxLength: 2000 }), { maxItems: 5 })),
}, { additionalProperties: false });

/** The application form: a deliberately small subset of JSON Schema that the web app renders and the server validates. */
export const FormSchemaSchema = Type.Object({
  type: Type.Literal('object'),
  properties: Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }), FormPropertySchema, { maxProperties: 60 }),
  required: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 60 }),
  additionalProperties: Type.Literal(false),
}, { additionalProperties: false });

/** Everything a catalog manager edits in a version. */
export const VersionContentSchema = Type.Object({
  name: Text(200),
  nameEn: Text(300),
  type: Type.Enum(itemTypes),
  applicantKinds: Type.Array(Type.Enum(applicantKinds), { minItems: 1, maxItems: 2, uniqueItems: true }),
  legalBasis: Type.Array(LegalBasisSchema, { minItems: 1, maxItems: 20 }),
  conditions: Text(4000),
  conditionsEn: Text(6000),
  process: Type.Array(ProcessStepSchema, { minItems: 1, maxItems: 20 }),
  materials: Type.Array(MaterialSchema, { maxItems: 60 }),
  statutoryLimit: Type.Integer({ minimum: 0, maximum: 365, description: 'Working days allowed by law' }),
  promisedLimit: Type.Integer({ minimum: 0, maximum: 365, description: 'Working days the centre promises (≤ statutory)' }),
  fees: Type.Array(FeeSchema, { maxItems: 20 }),
  channels: Type.Array(Type.Enum(channels), { minItems: 1, maxItems: 4, uniqueItems: true }),
  trips: Type.Integer({ minimum: 0, maximum: 10, description: 'In-person visits needed at most' }),
  pendingAllowed: Type.Boolean({ description: 'Acceptance with pending secondary materials (容缺受理) allowed' }),
  intakeLevel: Level,
  decisionLevel: Level,
  implementedAt: Type.Array(Level, { minItems: 1, maxItems: 4, uniqueItems: true }),
  windowCategory: Type.Enum(windowCategories),
  lifeEvents: Type.Array(Type.Enum(lifeEvents), { maxItems: 12, uniqueItems: true }),
  companyEvents: Type.Array(Type.Enum(companyEvents), { maxItems: 8, uniqueItems: true }),
  keywords: Type.Array(Text(30), { maxItems: 30 }),
  formSchema: FormSchemaSchema,
}, { additionalProperties: false });
export type VersionContentBody = Static<typeof VersionContentSchema>;

export const ItemCode = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9A-Za-z][0-9A-Za-z-]*$', description: 'The item\'s basic code (基本编码)' });
export const DeptKey = Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z][a-z-]*$', description: 'Department kind, e.g. `market`' });

/** One item in an import or export file (JSON array, or one CSV row). */
export const ItemRecordSchema = Type.Object(
  { code: ItemCode, department: DeptKey, changeNote: Type.Optional(Type.String({ maxLength: 500 })), ...VersionContentSchema.properties },
  { additionalProperties: false },
);
export type ItemRecord = Static<typeof ItemRecordSchema>;

// ---------------------------------------------------------------- proof items (证明事项)

export const ProofItemCode = Type.String({ minLength: 2, maxLength: 40, pattern: ProofItemCodePattern, description: 'The proof item\'s code on the published list' });
const Resource = (description: string) => Type.Union([Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-zA-Z][a-zA-Z0-9-]*$' }), Type.Null()], { description });
export const ProofSatisfactionSchema = Type.Object({
  dataResource: Resource('A shared data resource (the data sharing platform\'s code, as in a material\'s `replaceableBy`) that replaces it, or null'),
  certificateType: Resource('An e-certificate type that replaces it, or null'),
  commitment: Type.Boolean({ description: 'The applicant may commit in writing instead (告知承诺)' }),
}, { additionalProperties: false });

/** What a catalog manager writes of a proof item. */
export const ProofItemContentSchema = Type.Object({
  name: Text(200),
  nameEn: Text(300),
  issuerKind: Type.Enum(proofIssuerKinds, { description: 'Who issued the paper proof' }),
  legalBasis: Type.Array(LegalBasisSchema, { minItems: 1, maxItems: 10 }),
  satisfiedBy: ProofSatisfactionSchema,
  notes: Type.String({ maxLength: 1000 }),
  notesEn: Type.String({ maxLength: 1500 }),
}, { additionalProperties: false });
export type ProofItemContent = Static<typeof ProofItemContentSchema>;

/** One proof item in the seed file (server/seed/data/proof-items.json). */
export const ProofItemSeedSchema = Type.Object({
  code: ProofItemCode,
  ...ProofItemContentSchema.properties,
  status: Type.Enum(proofItemStatuses),
  retiredOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
}, { additionalProperties: false });
export type ProofItemSeed = Static<typeof ProofItemSeedSchema>;

/** A proof item as the API shows it. */
export const ProofItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  ...ProofItemContentSchema.properties,
  status: Type.Enum(proofItemStatuses, { description: '`retained`: on the published list; `retired`: cancelled, no material may ask for it' }),
  retiredOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  version: Type.Integer({ description: 'For optimistic locking' }),
  updatedAt: DateTime,
});
