import type { FormProperty, FormSchema } from './catalog.js';

// The application form's checks as the server's ajv makes them (JSON Schema, the subset in
// FormSchema), so that the web form can say in the reader's language what the server would refuse,
// before sending it. form-schema.test.ts holds the two to the same verdicts.

/** One thing wrong with a field, named by the JSON Schema keyword that refuses it. */
export type FormIssue =
  | { keyword: 'required' }
  | { keyword: 'type'; type: FormProperty['type'] }
  | { keyword: 'enum' }
  | { keyword: 'format'; format: 'date' }
  | { keyword: 'pattern' }
  | { keyword: 'maxLength'; limit: number }
  | { keyword: 'minimum'; limit: number }
  | { keyword: 'maximum'; limit: number }
  | { keyword: 'additionalProperties' };

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ajv-formats' `date` (full mode): a real calendar day written YYYY-MM-DD. */
export function isFormDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

const typeOk = (type: FormProperty['type'], value: unknown): boolean => {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
  }
};

const patterns = new Map<string, RegExp>();
// ajv compiles patterns with the `u` flag (its default `unicodeRegExp`).
const patternOf = (source: string): RegExp => {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
};

/**
 * What is wrong with one field's value, in the order ajv checks it; empty when it passes. `undefined`
 * means the field was left out: wrong only when it is required.
 */
export function fieldIssues(p: FormProperty, value: unknown, required: boolean): FormIssue[] {
  if (value === undefined) return required ? [{ keyword: 'required' }] : [];
  const issues: FormIssue[] = [];
  if (!typeOk(p.type, value)) issues.push({ keyword: 'type', type: p.type });
  if (p.enum && !p.enum.some((e) => e === value)) issues.push({ keyword: 'enum' });
  if (typeof value === 'string') {
    if (p.format === 'date' && !isFormDate(value)) issues.push({ keyword: 'format', format: 'date' });
    // Length in code points, as ajv counts it.
    if (p.maxLength !== undefined && [...value].length > p.maxLength) issues.push({ keyword: 'maxLength', limit: p.maxLength });
    if (p.pattern !== undefined && !patternOf(p.pattern).test(value)) issues.push({ keyword: 'pattern' });
  }
  if (typeof value === 'number') {
    if (p.maximum !== undefined && value > p.maximum) issues.push({ keyword: 'maximum', limit: p.maximum });
    if (p.minimum !== undefined && value < p.minimum) issues.push({ keyword: 'minimum', limit: p.minimum });
  }
  return issues;
}

/** Every field's issues (only fields with some), as the server would refuse the whole form. */
export function formIssues(schema: FormSchema, data: Record<string, unknown>): Record<string, FormIssue[]> {
  const out: Record<string, FormIssue[]> = {};
  for (const [key, p] of Object.entries(schema.properties)) {
    const issues = fieldIssues(p, data[key], schema.required.includes(key));
    if (issues.length) out[key] = issues;
  }
  for (const key of Object.keys(data)) if (!schema.properties[key]) out[key] = [{ keyword: 'additionalProperties' }];
  return out;
}
