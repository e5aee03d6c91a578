import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Switch, Tooltip, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { applicantKinds, channels, companyEvents, itemTypes, lifeEvents, processActions } from '../../../../common/catalog.js';
import { orgLevels, windowCategories } from '../../../../common/enums.js';
import type { EditorValues } from './editor-model.js';

const levelRank = { village: 0, township: 1, county: 2, prefecture: 3 } as const;

export function Section({ id, title, extra, children }: { id: string; title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card id={id} title={title} extra={extra} className="editor-section">
      {children}
    </Card>
  );
}

/** A remove button for one entry of a list. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip title={label}>
      <Button type="text" danger icon={<DeleteOutlined />} aria-label={label} onClick={onClick} />
    </Tooltip>
  );
}

export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button type="dashed" block icon={<PlusOutlined />} onClick={onClick}>
      {label}
    </Button>
  );
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** Name, type, conditions, limits, trips and channels: what the notice shows first. */
export function BasicsSection({ form }: { form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  const e = 'catalog.editor';
  return (
    <Section id="basics" title={t(`${e}.sections.basics`)}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('catalog.editor.name')} rules={[...required(t('catalog.editor.required')), { max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nameEn" label={t('catalog.editor.nameEn')} rules={[...required(t('catalog.editor.required')), { max: 300 }]}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="type" label={t('catalog.type')} rules={[{ required: true }]}>
            <Select options={itemTypes.map((k) => ({ value: k, label: t(`enums.itemType.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="applicantKinds" label={t('catalog.applicantKinds')} rules={[{ required: true, type: 'array', min: 1, message: t('catalog.editor.pickOne') }]}>
            <Checkbox.Group options={applicantKinds.map((k) => ({ value: k, label: t(`enums.applicantKind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="conditions" label={t('catalog.editor.conditions')} rules={[...required(t('catalog.editor.required')), { max: 4000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="conditionsEn" label={t('catalog.editor.conditionsEn')} rules={[...required(t('catalog.editor.required')), { max: 6000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={6000} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="statutoryLimit" label={t('catalog.editor.statutoryLimit')} rules={[{ required: true, message: t('catalog.editor.required') }]}>
            <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} suffix={t('catalog.editor.days')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="promisedLimit"
            label={t('catalog.editor.promisedLimit')}
            dependencies={['statutoryLimit']}
            rules={[
              { required: true, message: t('catalog.editor.required') },
              {
                validator: async (_, value: number | null) => {
                  if (value !== null && value !== undefined && value > (form.getFieldValue('statutoryLimit') as number)) throw new Error(t('catalog.editor.promiseTooLong'));
                },
              },
            ]}
          >
            <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} suffix={t('catalog.editor.days')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="trips"
            label={t('catalog.editor.trips')}
            tooltip={t('catalog.editor.tripsHelp')}
            dependencies={['channels']}
            rules={[
              { required: true, message: t('catalog.editor.required') },
              {
                validator: async (_, value: number | null) => {
                  const ch = (form.getFieldValue('channels') as string[] | undefined) ?? [];
                  if (value === 0 && !ch.includes('online') && !ch.includes('mobile')) throw new Error(t('catalog.editor.zeroNeedsOnline'));
                },
              },
            ]}
          >
            <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="pendingAllowed" label={t('catalog.editor.pendingAllowed')} valuePropName="checked" tooltip={t('catalog.editor.pendingHelp')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="channels" label={t('catalog.channels')} rules={[{ required: true, type: 'array', min: 1, message: t('catalog.editor.pickOne') }]}>
            <Checkbox.Group options={channels.map((k) => ({ value: k, label: t(`enums.channel.${k}`) }))} />
          </Form.Item>
        </Col>
      </Row>
    </Section>
  );
}

/** Levels (受审分离), the window category, and what helps applicants find the item. */
export function ClassificationSection({ form }: { form: FormInstance<EditorValues> }) {
  const { t } = useTranslation();
  const levelOptions = orgLevels.map((l) => ({ value: l, label: t(`enums.orgLevel.${l}`) }));
  return (
    <Section id="classification" title={t('catalog.editor.sections.classification')}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="intakeLevel" label={t('catalog.editor.intakeLevel')} rules={[{ required: true }]}>
            <Select options={levelOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="decisionLevel"
            label={t('catalog.editor.decisionLevel')}
            dependencies={['intakeLevel']}
            rules={[
              { required: true },
              {
                validator: async (_, value: keyof typeof levelRank | undefined) => {
                  const intake = form.getFieldValue('intakeLevel') as keyof typeof levelRank | undefined;
                  if (value && intake && levelRank[value] < levelRank[intake]) throw new Error(t('catalog.editor.decisionBelowIntake'));
                },
              },
            ]}
          >
            <Select options={levelOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="windowCategory" label={t('catalog.editor.windowCategory')} rules={[{ required: true }]}>
            <Select options={windowCategories.map((c) => ({ value: c, label: t(`enums.windowCategory.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="implementedAt" label={t('catalog.editor.implementedAt')} rules={[{ required: true, type: 'array', min: 1, message: t('catalog.editor.pickOne') }]}>
            <Checkbox.Group options={levelOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="lifeEvents" label={t('catalog.editor.lifeEvents')}>
            <Select mode="multiple" allowClear options={lifeEvents.map((k) => ({ value: k, label: t(`enums.lifeEvent.${k}`) }))} placeholder={t('catalog.editor.none')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="companyEvents" label={t('catalog.editor.companyEvents')}>
            <Select mode="multiple" allowClear options={companyEvents.map((k) => ({ value: k, label: t(`enums.companyEvent.${k}`) }))} placeholder={t('catalog.editor.none')} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="keywords" label={t('catalog.editor.keywords')} extra={t('catalog.editor.keywordsHelp')} rules={[{ type: 'array', max: 30 }]}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} aria-label={t('catalog.editor.keywords')} />
          </Form.Item>
        </Col>
      </Row>
    </Section>
  );
}

export function LegalBasisSection() {
  const { t } = useTranslation();
  return (
    <Section id="legal" title={t('catalog.editor.sections.legalBasis')}>
      <Form.List name="legalBasis" rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error(t('catalog.editor.atLeastOne')); } }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} className="editor-row">
                <div className="editor-row-head">
                  <Typography.Text strong>{t('catalog.editor.legalN', { n: i + 1 })}</Typography.Text>
                  <RemoveButton label={t('catalog.editor.remove')} onClick={() => remove(f.name)} />
                </div>
                <Row gutter={12}>
                  <Col xs={24} md={9}>
                    <Form.Item name={[f.name, 'law']} label={t('catalog.editor.law')} rules={required(t('catalog.editor.required'))}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item name={[f.name, 'lawEn']} label={t('catalog.editor.lawEn')} rules={required(t('catalog.editor.required'))}>
                      <Input maxLength={300} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[f.name, 'article']} label={t('catalog.editor.article')}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name={[f.name, 'text']} label={t('catalog.editor.articleText')}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <AddButton label={t('catalog.editor.addLegal')} onClick={() => add({ law: '', lawEn: '', article: '' })} />
          </>
        )}
      </Form.List>
    </Section>
  );
}

export function ProcessSection() {
  const { t } = useTranslation();
  return (
    <Section id="process" title={t('catalog.editor.sections.process')}>
      <Form.List name="process" rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error(t('catalog.editor.atLeastOne')); } }]}>
        {(fields, { add, remove, move }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <Row key={f.key} gutter={12} align="top" className="editor-inline-row">
                <Col flex="32px" className="editor-index">
                  {i + 1}
                </Col>
                <Col xs={22} md={6}>
                  <Form.Item name={[f.name, 'step']} rules={required(t('catalog.editor.required'))}>
                    <Input placeholder={t('catalog.editor.step')} aria-label={t('catalog.editor.step')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[f.name, 'stepEn']} rules={required(t('catalog.editor.required'))}>
                    <Input placeholder={t('catalog.editor.stepEn')} aria-label={t('catalog.editor.stepEn')} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[f.name, 'level']} rules={[{ required: true }]}>
                    <Select aria-label={t('catalog.editor.level')} options={orgLevels.map((l) => ({ value: l, label: t(`enums.orgLevel.${l}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[f.name, 'action']} rules={[{ required: true }]}>
                    <Select aria-label={t('catalog.editor.action')} options={processActions.map((a) => ({ value: a, label: t(`enums.processAction.${a}`) }))} />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <Button type="text" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('catalog.editor.moveUp')}>
                    ↑
                  </Button>
                  <RemoveButton label={t('catalog.editor.remove')} onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <AddButton label={t('catalog.editor.addStep')} onClick={() => add({ step: '', stepEn: '', level: 'county', action: 'review' })} />
          </>
        )}
      </Form.List>
    </Section>
  );
}

export function FeesSection() {
  const { t } = useTranslation();
  return (
    <Section id="fees" title={t('catalog.editor.sections.fees')}>
      <Form.List name="fees">
        {(fields, { add, remove }) => (
          <>
            {!fields.length && <Typography.Paragraph type="secondary">{t('catalog.editor.noFees')}</Typography.Paragraph>}
            {fields.map((f) => (
              <Row key={f.key} gutter={12} className="editor-inline-row">
                <Col xs={24} md={6}>
                  <Form.Item name={[f.name, 'name']} rules={required(t('catalog.editor.required'))}>
                    <Input placeholder={t('catalog.editor.feeName')} aria-label={t('catalog.editor.feeName')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[f.name, 'nameEn']} rules={required(t('catalog.editor.required'))}>
                    <Input placeholder={t('catalog.editor.feeNameEn')} aria-label={t('catalog.editor.feeNameEn')} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={4}>
                  <Form.Item name={[f.name, 'amountYuan']} rules={[{ required: true, message: t('catalog.editor.required') }]}>
                    <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} placeholder={t('catalog.editor.amount')} aria-label={t('catalog.editor.amount')} suffix={t('catalog.editor.yuanUnit')} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item name={[f.name, 'basis']}>
                    <Input placeholder={t('catalog.editor.feeBasis')} aria-label={t('catalog.editor.feeBasis')} maxLength={300} />
                  </Form.Item>
                </Col>
                <Col flex="none">
                  <RemoveButton label={t('catalog.editor.remove')} onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <AddButton label={t('catalog.editor.addFee')} onClick={() => add({ name: '', nameEn: '', amountYuan: 0, basis: '' })} />
          </>
        )}
      </Form.List>
    </Section>
  );
}
