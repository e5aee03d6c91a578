import { describe, expect, it } from 'vitest';
import { Problem } from '../../platform/errors.js';
import { itemRecord } from '../../test/factories.js';
import { checkReviewer, contentErrors, declaredFields, diffContent, driftOf, formSchemaFromFields, nextVersionStatus, oneTripEligible, type VersionContent } from './rules.js';

const content = (overrides: Partial<VersionContent> = {}): VersionContent => {
  const { code: _c, department: _d, changeNote: _n, ...c } = itemRecord();
  return { ...c, ...overrides } as VersionContent;
};
const fields = (v: VersionContent) => contentErrors(v).map((e) => e.field);

describe('contentErrors: the rules between an item\'s fields', () => {
  it('accepts a consistent item', () => {
    expect(contentErrors(content())).toEqual([]);
  });

  it('keeps the promised limit within the statutory one (Art. 42)', () => {
    expect(fields(content({ promisedLimit: 21 }))).toEqual(['/body/promisedLimit']);
    expect(fields(content({ promisedLimit: 20 }))).toEqual([]);
  });

  it('ties acceptance with pending materials to secondary materials (DOMAIN rule 2)', () => {
    const required = content().materials.map((m) => ({ ...m, kind: 'required' as const }));
    expect(fields(content({ materials: required }))).toEqual(['/body/materials']);
    expect(fields(content({ pendingAllowed: false }))).toEqual(['/body/pendingAllowed']);
    expect(fields(content({ pendingAllowed: false, materials: required }))).toEqual([]);
  });

  it('refuses duplicate material keys, a decision below intake, zero trips without an online channel, undefined required fields', () => {
    const [first] = content().materials;
    expect(fields(content({ materials: [...content().materials, first!] }))).toContain('/body/materials/3/key');
    expect(fields(content({ intakeLevel: 'prefecture', decisionLevel: 'county' }))).toEqual(['/body/decisionLevel']);
    expect(fields(content({ trips: 0, channels: ['window'] }))).toEqual(['/body/trips']);
    expect(fields(content({ formSchema: { ...content().formSchema, required: ['nothing'] } }))).toEqual(['/body/formSchema/required']);
  });
});

describe('the version workflow', () => {
  it.each([
    ['draft', 'submit', 'inReview'],
    ['inReview', 'approve', 'published'],
    ['inReview', 'reject', 'draft'],
    ['published', 'retire', 'retired'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextVersionStatus(from, action)).toBe(to);
  });

  it.each([
    ['draft', 'approve'],
    ['published', 'submit'],
    ['retired', 'retire'],
    ['draft', 'retire'],
    ['published', 'approve'],
  ] as const)('refuses to %2$s a %1$s version', (from, action) => {
    expect(() => nextVersionStatus(from, action)).toThrow(Problem);
  });

  it('does not let the submitter approve their own version', () => {
    expect(() => checkReviewer('u1', 'u1')).toThrow(/catalog.same_reviewer/);
    expect(() => checkReviewer('u1', 'u2')).not.toThrow();
  });

  it('admits to the one-trip list only items needing at most one trip', () => {
    expect([0, 1, 2].map((trips) => oneTripEligible({ trips }))).toEqual([true, true, false]);
  });
});

describe('diff and drift', () => {
  it('lists exactly the changed fields', () => {
    expect(diffContent(content(), content({ promisedLimit: 3, keywords: ['x'] }))).toEqual([
      { field: 'materials', before: expect.anything(), after: expect.anything() },
    ].slice(0, 0).concat([{ field: 'promisedLimit', before: 5, after: 3 }, { field: 'keywords', before: ['餐饮许可', '食品许可'], after: ['x'] }]));
  });

  it('finds drift in the shared fields only', () => {
    const catalog = declaredFields('C1', content());
    expect(driftOf(catalog, catalog)).toEqual([]);
    const renamed = declaredFields('C1', content({ name: '食品经营许可' }));
    expect(driftOf(renamed, catalog).map((d) => d.field)).toEqual(['name']);
    // Local details (limits, fees, channels) are not shared fields: no drift.
    expect(driftOf(declaredFields('C1', content({ promisedLimit: 1, channels: ['window'] })), catalog)).toEqual([]);
  });
});

describe('formSchemaFromFields', () => {
  it('builds a JSON Schema form with bilingual titles, enums, dates and required fields', () => {
    const schema = formSchemaFromFields([
      { key: 'premises', title: '经营场所', titleEn: 'Premises', type: 'address', required: true, example: '昌吉市延安北路1号' },
      { key: 'opened', title: '开业日期', titleEn: 'Opening date', type: 'date', required: false },
      { key: 'kind', title: '类别', titleEn: 'Kind', type: 'enum', required: true, options: [{ value: 'a', label: '甲', labelEn: 'A' }] },
      { key: 'staff', title: '从业人数', titleEn: 'Staff', type: 'integer', required: false, minimum: 1 },
    ]);
    expect(schema.required).toEqual(['premises', 'kind']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.premises).toMatchObject({ type: 'string', 'x-widget': 'address', 'x-title-en': 'Premises', examples: ['昌吉市延安北路1号'] });
    expect(schema.properties.opened).toMatchObject({ type: 'string', format: 'date' });
    expect(schema.properties.kind).toMatchObject({ enum: ['a'], 'x-enum-labels': [{ value: 'a', label: '甲', labelEn: 'A' }] });
    expect(schema.properties.staff).toMatchObject({ type: 'integer', minimum: 1 });
  });
});
