import { DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormProperty, FormSchema } from '../../../../common/catalog.js';
import { fieldIssues, type FormIssue } from '../../../../common/form-schema.js';
import { useLocale } from '../../shared/i18n/index.js';

// The application form, generated from the item's JSON Schema (the catalog's FormSchema subset):
// one Ant Design control per property, each checked as the server's ajv checks it.

/** A control's value as the form data holds it: left blank is left out (and so "required" if it must be there). */
export function formValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** The form's values as form data: blanks left out. */
export function formDataOf(values: Record<string, unknown> | undefined, schema: FormSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const v = formValue(values?.[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The values a draft may keep: whatever is filled in and valid (the server refuses a draft with invalid values). */
export function draftDataOf(values: Record<string, unknown> | undefined, schema: FormSchema): Record<string, unknown> {
  const data = formDataOf(values, schema);
  return Object.fromEntries(Object.entries(data).filter(([key, v]) => fieldIssues(schema.properties[key]!, v, false).length === 0));
}

/**
 * The fields in the form's order. The database (jsonb) does not keep the order of an object's keys,
 * but arrays keep theirs: required fields come in the order the catalog listed them, then the others.
 */
export function fieldOrder(schema: FormSchema): [string, FormProperty][] {
  const rank = (key: string) => {
    const i = schema.required.indexOf(key);
    return i === -1 ? schema.required.length : i;
  };
  return Object.entries(schema.properties).sort(([a], [b]) => rank(a) - rank(b));
}

const isChoice = (p: FormProperty) => !!p.enum || p.type === 'boolean';

/** The message for an issue, in the reader's language; it says what the server's check says. */
export function issueText(t: TFunction, issue: FormIssue, p: FormProperty, label: string): string {
  switch (issue.keyword) {
    case 'required':
      return t(isChoice(p) || p.format === 'date' ? 'apply.issues.choose' : 'apply.issues.required', { field: label });
    case 'type':
      return t(`apply.issues.type.${issue.type}`);
    case 'enum':
      return t('apply.issues.enum');
    case 'format':
      return t('apply.issues.date');
    case 'pattern':
      return p['x-widget'] === 'phone' ? t('apply.issues.phone') : t('apply.issues.pattern');
    case 'maxLength':
      return t('apply.issues.maxLength', { limit: issue.limit });
    case 'minimum':
      return t('apply.issues.minimum', { limit: issue.limit });
    case 'maximum':
      return t('apply.issues.maximum', { limit: issue.limit });
    case 'additionalProperties':
      return t('apply.issues.unknown');
  }
}

/** Form.Item hands its control these: they go on to the Ant Design control. */
type ControlProps = { id?: string; value?: unknown; onChange?: (value: unknown) => void; onBlur?: () => void; 'aria-invalid'?: boolean; status?: '' | 'error' | 'warning' };

function Control({ p, label, ...bound }: { p: FormProperty; label: string } & ControlProps) {
  // Each control types its own value; the form item holds whatever the control gives it.
  const c = bound as Record<string, never>;
  const { t } = useTranslation();
  const { pick } = useLocale();
  const example = p.examples?.[0];
  const placeholder = example !== undefined && typeof example !== 'boolean' ? t('apply.example', { example: p.enum ? pick(p['x-enum-labels']?.find((l) => l.value === example)?.label ?? String(example), p['x-enum-labels']?.find((l) => l.value === example)?.labelEn) : String(example) }) : undefined;
  if (p.type === 'boolean')
    return (
      <Radio.Group
        {...c}
        aria-label={label}
        optionType="button"
        buttonStyle="solid"
        className="apply-choice"
        options={[
          { value: true, label: t('apply.yes') },
          { value: false, label: t('apply.no') },
        ]}
      />
    );
  if (p.enum) {
    const options = p.enum.map((value) => {
      const l = p['x-enum-labels']?.find((x) => x.value === value);
      return { value, label: l ? pick(l.label, l.labelEn) : value };
    });
    // A few options read best all at once; many go in a list.
    return options.length <= 4 ? <Radio.Group {...c} aria-label={label} className="apply-choice apply-choice-wrap" optionType="button" buttonStyle="solid" options={options} /> : <Select {...c} aria-label={label} options={options} placeholder={t('apply.choosePlaceholder')} allowClear size="large" />;
  }
  if (p.type === 'number' || p.type === 'integer')
    // No min/max on the control: it would clamp silently; the check below says what is wrong instead.
    return <InputNumber {...c} aria-label={label} size="large" style={{ width: '100%', maxWidth: 280 }} inputMode={p.type === 'integer' ? 'numeric' : 'decimal'} placeholder={placeholder} precision={p.type === 'integer' ? 0 : undefined} />;
  if (p.format === 'date') return <DatePicker {...c} aria-label={label} size="large" style={{ width: '100%', maxWidth: 280 }} format="YYYY-MM-DD" inputReadOnly={false} placeholder={placeholder ?? 'YYYY-MM-DD'} />;
  // The count helps where the limit is near (codes, long texts); on a short line it only crowds the value.
  const count = p.maxLength ? { show: p.maxLength <= 40 || p['x-widget'] === 'textarea', max: p.maxLength } : undefined;
  if (p['x-widget'] === 'textarea') return <Input.TextArea {...c} aria-label={label} autoSize={{ minRows: 3, maxRows: 10 }} count={count} placeholder={placeholder} />;
  return <Input {...c} aria-label={label} size="large" count={count} placeholder={placeholder} {...(p['x-widget'] === 'phone' ? { type: 'tel', inputMode: 'tel' as const, autoComplete: 'tel' } : p['x-widget'] === 'address' ? { autoComplete: 'street-address' } : {})} />;
}

/** One form item per property of the schema, in its order; required ones marked. */
export function SchemaFields({ schema, disabled = false }: { schema: FormSchema; disabled?: boolean }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const form = Form.useFormInstance();
  // Messages shown are text: when the language changes, the fields that show one say it again.
  useEffect(() => {
    const shown = form.getFieldsError().filter((f) => f.errors.length).map((f) => f.name);
    if (shown.length) void form.validateFields(shown).catch(() => undefined);
  }, [locale, form]);
  return (
    <>
      {fieldOrder(schema).map(([key, p]) => {
        const label = pick(p.title, p['x-title-en']);
        const required = schema.required.includes(key);
        const date = p.format === 'date';
        return (
          <Form.Item
            key={key}
            name={key}
            label={label}
            required={required}
            validateDebounce={400}
            data-field={key}
            rules={[{ validator: async (_, value: unknown) => {
              const issues = fieldIssues(p, formValue(value), required);
              if (issues.length) throw new Error(issueText(t, issues[0]!, p, label));
            } }]}
            // Dates travel as YYYY-MM-DD text, as the schema's `format: date` wants them.
            {...(date ? { getValueProps: (v: unknown) => ({ value: typeof v === 'string' && dayjs(v, 'YYYY-MM-DD', true).isValid() ? dayjs(v, 'YYYY-MM-DD') : undefined }), normalize: (v: Dayjs | null) => (v ? v.format('YYYY-MM-DD') : undefined) } : {})}
          >
            {disabled ? <ReadOnly p={p} /> : <Control p={p} label={label} />}
          </Form.Item>
        );
      })}
    </>
  );
}

/** A value shown as text (a form that may no longer be changed). */
function ReadOnly({ p, value }: { p: FormProperty; value?: unknown }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  if (value === undefined || value === null || value === '') return <span className="apply-readonly muted">—</span>;
  if (typeof value === 'boolean') return <span className="apply-readonly">{value ? t('apply.yes') : t('apply.no')}</span>;
  const l = p['x-enum-labels']?.find((x) => x.value === value);
  return <span className="apply-readonly">{l ? pick(l.label, l.labelEn) : String(value)}</span>;
}
