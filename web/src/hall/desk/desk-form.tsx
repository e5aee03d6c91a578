import { Form, type FormInstance } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import type { FormSchema } from '../../api/catalog.js';
import { formDataOf, SchemaFields } from '../../portal/apply/form-fields.js';
import { focusFirstField } from '../../shared/shortcuts.js';

/**
 * The item's application form at the window: the portal's generated fields (checked as the server
 * checks them), the first one taking the focus; submitting (Enter) gives `onFinish` the form data.
 */
export function DeskForm({ schema, form, initial, onFinish, disabled, footer }: { schema: FormSchema; form: FormInstance; initial: Record<string, unknown>; onFinish: (data: Record<string, unknown>) => void; disabled?: boolean; footer: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => focusFirstField(box.current), []);
  return (
    <div ref={box}>
      <Form form={form} layout="vertical" className="desk-form" initialValues={initial} onFinish={(values: Record<string, unknown>) => onFinish(formDataOf(values, schema))} disabled={disabled} scrollToFirstError={{ block: 'center' }}>
        <SchemaFields schema={schema} />
        {footer}
      </Form>
    </div>
  );
}
