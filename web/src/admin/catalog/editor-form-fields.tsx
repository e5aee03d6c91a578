import { App, Button, Checkbox, Col, Form, Input, Row, Select, Space, Tabs, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldKinds, fieldRows, formSchemaOf, parseFormSchema, type EditorValues, type FieldKind, type FieldRow } from './editor-model.js';
import { AddButton, RemoveButton, Section } from './editor-sections.js';

function OptionsEditor({ field }: { field: number }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={[field, 'options']}
      rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error(t('catalog.editor.optionsRequired')); } }]}
    >
      {(options, { add, remove }, { errors }) => (
        <div className="editor-options">
          <Typography.Text type="secondary">{t('catalog.editor.options')}</Typography.Text>
          {options.map((o) => (
            <Row key={o.key} gutter={8} className="editor-inline-row">
              <Col xs={24} sm={6}>
                <Form.Item name={[o.name, 'value']} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
                  <Input placeholder={t('catalog.editor.optionValue')} aria-label={t('catalog.editor.optionValue')} className="mono" maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name={[o.name, 'label']} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
                  <Input placeholder={t('catalog.editor.optionLabel')} aria-label={t('catalog.editor.optionLabel')} maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={10} sm={8}>
                <Form.Item name={[o.name, 'labelEn']} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
                  <Input placeholder={t('catalog.editor.optionLabelEn')} aria-label={t('catalog.editor.optionLabelEn')} maxLength={200} />
                </Form.Item>
              </Col>
              <Col flex="none">
                <RemoveButton label={t('catalog.editor.remove')} onClick={() => remove(o.name)} />
              </Col>
            </Row>
          ))}
          <Form.ErrorList errors={errors} />
          <Button size="small" type="dashed" onClick={() => add({ value: '', label: '', labelEn: '' })}>
            {t('catalog.editor.addOption')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function FieldEditor({ index, name, onRemove, form }: { index: number; name: number; onRemove: () => void; form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['formFields', name, 'kind'], form) as FieldKind | undefined;
  const title = Form.useWatch(['formFields', name, 'title'], form) as string | undefined;
  return (
    <div className="editor-row">
      <div className="editor-row-head">
        <Typography.Text strong>
          {index + 1}. {title || t('catalog.editor.newField')}
        </Typography.Text>
        <RemoveButton label={t('catalog.editor.remove')} onClick={onRemove} />
      </div>
      <Row gutter={12} align="top">
        <Col xs={24} md={5}>
          <Form.Item
            name={[name, 'key']}
            label={t('catalog.editor.fieldKey')}
            rules={[
              { required: true, message: t('catalog.editor.required') },
              { pattern: /^[a-zA-Z][a-zA-Z0-9_]*$/, message: t('catalog.editor.fieldKeyInvalid') },
              {
                validator: async (_, value: string | undefined) => {
                  const all = (form.getFieldValue('formFields') as FieldRow[] | undefined) ?? [];
                  if (value && all.filter((f) => f?.key === value).length > 1) throw new Error(t('catalog.editor.fieldKeyDuplicate'));
                },
              },
            ]}
          >
            <Input className="mono" maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'title']} label={t('catalog.editor.fieldTitle')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'titleEn']} label={t('catalog.editor.fieldTitleEn')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={16} md={4}>
          <Form.Item name={[name, 'kind']} label={t('catalog.editor.fieldType')}>
            <Select options={fieldKinds.map((k) => ({ value: k, label: t(`catalog.editor.fieldKinds.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={8} md={3}>
          <Form.Item name={[name, 'required']} label={t('catalog.editor.fieldRequired')} valuePropName="checked">
            <Checkbox />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'enum' && <OptionsEditor field={name} />}
    </div>
  );
}

/** The online application form: its fields with bilingual titles, types, required flags and options; JSON as a fallback. */
export function FormFieldsSection({ form }: { form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tab, setTab] = useState('fields');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState(false);
  const openJson = () => {
    setJson(JSON.stringify(formSchemaOf((form.getFieldValue('formFields') as FieldRow[] | undefined) ?? [], form.getFieldValue('formRequiredOrder') as string[] | undefined), null, 2));
    setJsonError(false);
  };
  const applyJson = () => {
    const schema = parseFormSchema(json);
    if (!schema) {
      setJsonError(true);
      return;
    }
    form.setFieldValue('formFields', fieldRows(schema));
    form.setFieldValue('formRequiredOrder', schema.required);
    void message.success(t('catalog.editor.jsonApplied'));
    setTab('fields');
  };
  return (
    <Section id="form" title={t('catalog.editor.sections.form')}>
      <Typography.Paragraph type="secondary">{t('catalog.editor.formHelp')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          if (k === 'json') openJson();
          setTab(k);
        }}
        items={[
          {
            key: 'fields',
            label: t('catalog.editor.formFieldsTab'),
            forceRender: true,
            children: (
              <Form.List name="formFields">
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {!fields.length && <Typography.Paragraph type="secondary">{t('catalog.editor.noFields')}</Typography.Paragraph>}
                    {fields.map((f, i) => (
                      <FieldEditor key={f.key} index={i} name={f.name} onRemove={() => remove(f.name)} form={form} />
                    ))}
                    <Form.ErrorList errors={errors} />
                    <AddButton
                      label={t('catalog.editor.addField')}
                      onClick={() => add({ key: `field${fields.length + 1}`, title: '', titleEn: '', kind: 'text', required: false, options: [], extra: {} } satisfies FieldRow)}
                    />
                  </>
                )}
              </Form.List>
            ),
          },
          {
            key: 'json',
            label: t('catalog.editor.formJsonTab'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{t('catalog.editor.jsonHelp')}</Typography.Text>
                <Input.TextArea
                  value={json}
                  onChange={(e) => {
                    setJson(e.target.value);
                    setJsonError(false);
                  }}
                  autoSize={{ minRows: 10, maxRows: 28 }}
                  className="mono"
                  status={jsonError ? 'error' : undefined}
                  aria-label={t('catalog.editor.formJsonTab')}
                  spellCheck={false}
                />
                {jsonError && <Typography.Text type="danger">{t('catalog.editor.jsonInvalid')}</Typography.Text>}
                <Button onClick={applyJson}>{t('catalog.editor.applyJson')}</Button>
              </Space>
            ),
          },
        ]}
      />
    </Section>
  );
}
