import { AutoComplete, Col, Form, Input, InputNumber, Row, Select, Switch, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { certificateLabel, dataResourceLabel, knownCertificateTypes, knownDataResources } from '../../shared/catalog-tags.js';
import type { EditorValues, MaterialRow, ReplaceKind } from './editor-model.js';
import { AddButton, RemoveButton, Section } from './editor-sections.js';
import { ProofItemSelect } from './proof-item-select.js';

const newMaterial = (n: number): MaterialRow => ({ key: `material-${n}`, name: '', nameEn: '', kind: 'required', form: 'original', copies: 1, template: false, replaceKind: 'none' });

/** The materials (申请材料): each required or secondary, its form, copies, template, and what may replace it. */
export function MaterialsSection({ form }: { form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  return (
    <Section id="materials" title={t('catalog.editor.sections.materials')}>
      <Typography.Paragraph type="secondary">{t('catalog.editor.materialsHelp')}</Typography.Paragraph>
      <Form.List name="materials">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <MaterialEditor key={f.key} index={i} name={f.name} onRemove={() => remove(f.name)} form={form} />
            ))}
            <Form.ErrorList errors={errors} />
            <AddButton label={t('catalog.editor.addMaterial')} onClick={() => add(newMaterial(fields.length + 1))} />
          </>
        )}
      </Form.List>
    </Section>
  );
}

function MaterialEditor({ index, name, onRemove, form }: { index: number; name: number; onRemove: () => void; form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['materials', name, 'replaceKind'], form) as ReplaceKind | undefined;
  const replacing = !!kind && kind !== 'none';
  const title = Form.useWatch(['materials', name, 'name'], form) as string | undefined;
  const suggestions = kind === 'certificateType' ? knownCertificateTypes.map((k) => ({ value: k, label: `${certificateLabel(t, k)} (${k})` })) : knownDataResources.map((k) => ({ value: k, label: `${dataResourceLabel(t, k)} (${k})` }));
  return (
    <div className="editor-row">
      <div className="editor-row-head">
        <Typography.Text strong>
          {index + 1}. {title || t('catalog.editor.newMaterial')}
        </Typography.Text>
        <RemoveButton label={t('catalog.editor.remove')} onClick={onRemove} />
      </div>
      <Row gutter={12}>
        <Col xs={24} md={9}>
          <Form.Item name={[name, 'name']} label={t('catalog.material.name')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name={[name, 'nameEn']} label={t('catalog.editor.nameEn')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }]}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[name, 'key']}
            label={t('catalog.editor.materialKey')}
            tooltip={t('catalog.editor.materialKeyHelp')}
            rules={[
              { required: true, message: t('catalog.editor.required') },
              { pattern: /^[a-z0-9][a-z0-9-]*$/, message: t('catalog.editor.materialKeyInvalid') },
              {
                validator: async (_, value: string | undefined) => {
                  const all = (form.getFieldValue('materials') as MaterialRow[] | undefined) ?? [];
                  if (value && all.filter((m) => m?.key === value).length > 1) throw new Error(t('catalog.editor.materialKeyDuplicate'));
                },
              },
            ]}
          >
            <Input maxLength={60} className="mono" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, 'kind']} label={t('catalog.material.kind')}>
            <Select options={(['required', 'secondary'] as const).map((k) => ({ value: k, label: t(`enums.materialKind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, 'form']} label={t('catalog.editor.materialForm')}>
            <Select options={(['original', 'copy', 'electronic'] as const).map((k) => ({ value: k, label: t(`enums.materialForm.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name={[name, 'copies']} label={t('catalog.editor.copies')}>
            <InputNumber min={0} max={20} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={[name, 'template']} label={t('catalog.editor.template')} valuePropName="checked" tooltip={t('catalog.editor.templateHelp')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={7}>
          <Form.Item name={[name, 'replaceKind']} label={t('catalog.editor.replaceableBy')} tooltip={t('catalog.editor.replaceHelp')}>
            <Select
              options={(['none', 'certificateType', 'dataResource'] as const).map((k) => ({ value: k, label: t(`catalog.editor.replace.${k}`) }))}
              onChange={() => form.setFieldValue(['materials', name, 'replaceValue'], undefined)}
            />
          </Form.Item>
        </Col>
        {replacing && (
          <Col xs={24} md={8}>
            <Form.Item
              name={[name, 'replaceValue']}
              label={kind === 'certificateType' ? t('catalog.editor.certificateType') : t('catalog.editor.dataResource')}
              rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }, { max: 60 }]}
            >
              <AutoComplete options={suggestions} filterOption={(input, o) => !!o?.label.toLowerCase().includes(input.toLowerCase())}>
                <Input className="mono" maxLength={60} />
              </AutoComplete>
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={replacing ? 8 : 12}>
          <Form.Item name={[name, 'proofItem']} label={t('reuse.notice.proofItem')} tooltip={t('reuse.admin.proofItemHelp')}>
            <ProofItemSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={replacing ? 8 : 12}>
          <Form.Item name={[name, 'notes']} label={t('catalog.editor.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
        </Col>
        <Col xs={24} md={replacing ? 8 : 12}>
          <Form.Item name={[name, 'notesEn']} label={t('catalog.editor.notesEn')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1500} />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}
