import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiProblem, type Locale } from '../api/client.js';
import { useLocale } from './i18n/index.js';

export interface ProblemMapping {
  /** The form whose fields receive the server's field errors. */
  form?: FormInstance;
  /** Server field name → form field name, where they differ (`residentId` → `idNumber`). */
  fields?: Record<string, string>;
  /** Problem code without field errors → the form field it is about (`account.taken` → `username`). */
  codeFields?: Record<string, string>;
}

/** The text shown for a problem: the server's localized message, plus, in English, the field detail. */
export function problemText(err: unknown, locale: Locale, fieldMessage?: string): string {
  if (err instanceof ApiProblem) {
    const base = err.messages[locale];
    return locale === 'en-US' && fieldMessage ? `${base} (${fieldMessage})` : base;
  }
  return locale === 'zh-CN' ? '出现意外错误' : 'Something went wrong';
}

function fieldName(pointer: string): string | undefined {
  // `/body/roles/0` → `roles`; params and query errors belong to no form field
  const m = /^\/body\/([^/]+)/.exec(pointer);
  return m?.[1];
}

/**
 * Returns a handler that puts a problem's field errors on the form's fields and shows anything
 * else as a message, in the reader's language.
 */
export function useProblemHandler(): (err: unknown, mapping?: ProblemMapping) => void {
  const { message } = App.useApp();
  const { locale } = useLocale();
  return useCallback(
    (err: unknown, mapping: ProblemMapping = {}) => {
      const { form, fields = {}, codeFields = {} } = mapping;
      if (form && err instanceof ApiProblem) {
        const mounted = new Set(Object.keys(form.getFieldsValue()));
        const byField = new Map<string, string[]>();
        for (const e of err.errors) {
          const raw = fieldName(e.field);
          const name = raw ? (fields[raw] ?? raw) : undefined;
          if (name && mounted.has(name)) byField.set(name, [...(byField.get(name) ?? []), problemText(err, locale, e.message)]);
        }
        const codeField = codeFields[err.code];
        if (!byField.size && codeField && mounted.has(codeField)) byField.set(codeField, [problemText(err, locale)]);
        if (byField.size) {
          form.setFields([...byField].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })));
          form.scrollToField([...byField.keys()][0]!, { block: 'center' });
          return;
        }
      }
      void message.error(problemText(err, locale));
    },
    [message, locale],
  );
}
