import { fc, test } from '@fast-check/vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FormProperty, FormSchema } from './catalog.js';
import { fieldIssues, formIssues, isFormDate } from './form-schema.js';

// The web form must refuse exactly what the server's ajv refuses (server/modules/cases/service.ts
// compiles the item's form the same way), and for the same reason.
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

/** ajv's verdict as field → sorted keywords. */
function ajvIssues(schema: FormSchema, data: Record<string, unknown>): Record<string, string[]> {
  const validate = ajv.compile(schema);
  if (validate(data)) return {};
  const out: Record<string, string[]> = {};
  for (const e of validate.errors ?? []) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const key = e.instancePath.slice(1) || params.missingProperty || params.additionalProperty || '';
    (out[key] ??= []).push(e.keyword);
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}
const ours = (schema: FormSchema, data: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(formIssues(schema, data)).map(([k, issues]) => [k, issues.map((i) => i.keyword).sort()]));

const PHONE = '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$';
const seedLike: FormSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: '经营者名称', 'x-title-en': 'Name', maxLength: 18 },
    phone: { type: 'string', title: '电话', 'x-title-en': 'Phone', pattern: PHONE, 'x-widget': 'phone' },
    since: { type: 'string', title: '日期', 'x-title-en': 'Date', format: 'date' },
    kind: { type: 'string', title: '业态', 'x-title-en': 'Kind', enum: ['sales', 'catering'] },
    area: { type: 'number', title: '面积', 'x-title-en': 'Area', minimum: 0, maximum: 10_000 },
    staff: { type: 'integer', title: '人数', 'x-title-en': 'Staff', minimum: 1 },
    online: { type: 'boolean', title: '网络经营', 'x-title-en': 'Online' },
  },
  required: ['name', 'kind', 'online'],
  additionalProperties: false,
};

describe('form checks agree with ajv', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a valid form', { name: '天山雪莲', phone: '13899120001', since: '2024-02-29', kind: 'catering', area: 260.5, staff: 3, online: true }],
    ['missing required fields', { phone: '0994-2345678' }],
    ['wrong types', { name: 12, kind: 'catering', online: 'yes', area: '260', staff: 2.5 }],
    ['bounds and patterns', { name: '一二三四五六七八九十一二三四五六七八九', phone: '12345', kind: 'bakery', online: false, area: -1, staff: 0 }],
    ['impossible dates', { name: 'x', kind: 'sales', online: true, since: '2023-02-29' }],
    ['unknown fields', { name: 'x', kind: 'sales', online: true, extra: 1 }],
    ['characters beyond the BMP count once', { name: '𠀀'.repeat(18), kind: 'sales', online: true }],
  ])('%s', (_, data) => {
    expect(ours(seedLike, data)).toEqual(ajvIssues(seedLike, data));
  });

  const property = fc.oneof(
    fc.record({ type: fc.constant('string' as const), maxLength: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }), pattern: fc.option(fc.constantFrom('^[0-9]+$', PHONE, '^\\p{Script=Han}+$'), { nil: undefined }) }),
    fc.record({ type: fc.constant('string' as const), format: fc.constant('date' as const) }),
    fc.record({ type: fc.constant('string' as const), enum: fc.constant(['a', 'b']) }),
    fc.record({ type: fc.constantFrom('number' as const, 'integer' as const), minimum: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), maximum: fc.option(fc.integer({ min: 5, max: 50 }), { nil: undefined }) }),
    fc.record({ type: fc.constant('boolean' as const) }),
  );
  const value = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 10 }), fc.constantFrom('2024-02-29', '2023-02-29', '2026-13-01', '13899120001', '汉字', 'a', 'b'), fc.integer({ min: -100, max: 100 }), fc.double({ min: -100, max: 100, noNaN: true }), fc.boolean());

  test.prop([fc.array(fc.tuple(property, value, fc.boolean()), { minLength: 1, maxLength: 6 })])('on any field and value', (fields) => {
    const schema: FormSchema = { type: 'object', properties: {}, required: [], additionalProperties: false };
    const data: Record<string, unknown> = {};
    fields.forEach(([p, v, required], i) => {
      const clean = Object.fromEntries(Object.entries(p).filter(([, x]) => x !== undefined));
      schema.properties[`f${i}`] = { title: `f${i}`, 'x-title-en': `f${i}`, ...clean } as FormProperty;
      if (required) schema.required.push(`f${i}`);
      if (v !== undefined) data[`f${i}`] = v;
    });
    expect(ours(schema, data)).toEqual(ajvIssues(schema, data));
  });
});

describe('fieldIssues', () => {
  it('leaves an absent optional field alone and names the limit that was crossed', () => {
    expect(fieldIssues({ type: 'number', title: '', 'x-title-en': '', minimum: 1 }, undefined, false)).toEqual([]);
    expect(fieldIssues({ type: 'number', title: '', 'x-title-en': '', minimum: 1 }, 0, true)).toEqual([{ keyword: 'minimum', limit: 1 }]);
    expect(fieldIssues({ type: 'string', title: '', 'x-title-en': '', maxLength: 2 }, 'abc', true)).toEqual([{ keyword: 'maxLength', limit: 2 }]);
  });

  it('knows leap years', () => {
    expect(isFormDate('2000-02-29')).toBe(true);
    expect(isFormDate('1900-02-29')).toBe(false);
    expect(isFormDate('2026-04-31')).toBe(false);
    expect(isFormDate('2026-4-3')).toBe(false);
  });
});
