import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCertificateTypes, useCreateCertificateType, useUpdateCertificateType, type CertificateType, type CertificateTypeField } from '../../api/certificates.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { useDebounced } from '../../shared/use-debounced.js';

const holderKinds = ['person', 'company'] as const;
const fieldTypes = ['string', 'date', 'number', 'boolean'] as const;

interface TypeForm {
  key: string;
  nationalCode?: string;
  name: string;
  nameEn: string;
  deptKey: string;
  holderKinds: ('person' | 'company')[];
  validityYears?: number | null;
  active: boolean;
  fields: CertificateTypeField[];
}

/** Adds a type or edits one; key and national code are fixed once the type exists. */
function TypeModal({ type, onClose }: { type: CertificateType | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateCertificateType();
  const update = useUpdateCertificateType();
  const [form] = Form.useForm<TypeForm>();
  const initial: Partial<TypeForm> = type
    ? { ...type, validityYears: type.validityYears }
    : { holderKinds: ['person'], active: true, fields: [{ key: '', name: '', nameEn: '', type: 'string', required: true }] };
  const submit = (v: TypeForm) => {
    const body = { name: v.name, nameEn: v.nameEn, deptKey: v.deptKey, holderKinds: v.holderKinds, validityYears: v.validityYears ?? null, fields: v.fields ?? [] };
    const done = { onSuccess: () => { void message.success(t('certificates.types.saved')); onClose(); }, onError: (err: unknown) => onProblem(err, { form }) };
    if (type) update.mutate({ key: type.key, ...body, active: v.active, version: type.version }, done);
    else create.mutate({ key: v.key, ...(v.nationalCode ? { nationalCode: v.nationalCode } : {}), ...body }, done);
  };
  return (
    <Modal
      open
      width={860}
      title={type ? t('certificates.types.edit') : t('certificates.types.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: 'certificate-type', loading: create.isPending || update.isPending }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form id="certificate-type" form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="key" label={t('certificates.types.key')} extra={t('certificates.types.keyHint')} rules={[{ required: true, pattern: /^[a-z][A-Za-z0-9]{1,59}$/ }]}>
              <Input disabled={!!type} className="mono" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nationalCode" label={t('certificates.types.nationalCode')} extra={!type && t('certificates.types.nationalCodeHint')} rules={[{ pattern: /^[0-9A-Z]{18}[0-9]{3}$/ }]}>
              <Input disabled={!!type} className="mono" maxLength={21} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('certificates.types.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('certificates.types.nameEn')} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="deptKey" label={t('certificates.types.deptKey')} extra={t('certificates.types.deptKeyHint')} rules={[{ required: true, pattern: /^[a-z][a-z-]{1,39}$/ }]}>
              <Input className="mono" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="holderKinds" label={t('certificates.types.holderKinds')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={holderKinds.map((k) => ({ value: k, label: t(`certificates.holderKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="validityYears" label={t('certificates.types.validityYears')} extra={t('certificates.types.validityHint')}>
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {type && (
            <Col xs={12} md={3}>
              <Form.Item name="active" label={t('certificates.types.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Typography.Title level={5}>{t('certificates.types.fields')}</Typography.Title>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Flex key={key} gap={8} wrap align="flex-start" className="certificate-type-field">
                  <Form.Item name={[name, 'key']} rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,59}$/ }]} style={{ width: 150, marginBottom: 8 }}>
                    <Input placeholder={t('certificates.types.field.key')} aria-label={t('certificates.types.field.key')} className="mono" />
                  </Form.Item>
                  <Form.Item name={[name, 'name']} rules={[{ required: true, whitespace: true }]} style={{ width: 170, marginBottom: 8 }}>
                    <Input placeholder={t('certificates.types.field.name')} aria-label={t('certificates.types.field.name')} />
                  </Form.Item>
                  <Form.Item name={[name, 'nameEn']} rules={[{ required: true, whitespace: true }]} style={{ width: 170, marginBottom: 8 }}>
                    <Input placeholder={t('certificates.types.field.nameEn')} aria-label={t('certificates.types.field.nameEn')} />
                  </Form.Item>
                  <Form.Item name={[name, 'type']} initialValue="string" style={{ width: 110, marginBottom: 8 }}>
                    <Select aria-label={t('certificates.types.field.type')} options={fieldTypes.map((ft) => ({ value: ft, label: t(`certificates.fieldType.${ft}`) }))} />
                  </Form.Item>
                  <Form.Item name={[name, 'required']} valuePropName="checked" initialValue={false} style={{ marginBottom: 8 }}>
                    <Checkbox>{t('certificates.types.field.required')}</Checkbox>
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('certificates.types.removeField')} onClick={() => remove(name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', nameEn: '', type: 'string', required: false })} disabled={items.length >= 40}>
                {t('certificates.types.addField')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** The catalog of certificate types: read by every staff member here, kept by the prefecture. */
export default function TypesPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const types = useCertificateTypes({ includeInactive: showInactive, ...(q ? { q } : {}) });
  const [dialog, setDialog] = useState<{ type: CertificateType | null } | null>(null);

  const columns: TableColumnsType<CertificateType> = [
    {
      title: t('certificates.types.name'),
      key: 'name',
      render: (_, x) => (
        <div>
          <div>{pick(x.name, x.nameEn)}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {x.key}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('certificates.types.nationalCode'), dataIndex: 'nationalCode', render: (v: string) => <span className="mono">{v}</span> },
    { title: t('certificates.types.deptKey'), dataIndex: 'deptKey', responsive: ['md'], render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('certificates.types.holderKinds'),
      dataIndex: 'holderKinds',
      responsive: ['lg'],
      render: (kinds: CertificateType['holderKinds']) => (
        <Space size={4} wrap>
          {kinds.map((k) => <Tag key={k}>{t(`certificates.holderKind.${k}`)}</Tag>)}
        </Space>
      ),
    },
    { title: t('certificates.types.validityYears'), dataIndex: 'validityYears', responsive: ['lg'], render: (v: number | null) => v ?? t('certificates.longTerm') },
    { title: t('certificates.types.fields'), key: 'fields', responsive: ['md'], render: (_, x) => t('certificates.types.fieldCount', { count: x.fields.length }) },
    { title: t('verify.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="success">{t('certificates.types.active')}</Tag> : <Tag>{t('certificates.types.inactive')}</Tag>) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, x) => (
        <Button type="link" size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${x.key}`} onClick={() => setDialog({ type: x })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('certificates.types.title')}
        subtitle={t('certificates.types.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ type: null })}>
            {t('certificates.types.create')}
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('certificates.types.search')} aria-label={t('certificates.types.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 280 }} />
          <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
            {t('certificates.types.showInactive')}
          </Checkbox>
        </Flex>
        {types.isError ? (
          <LoadError error={types.error} onRetry={() => void types.refetch()} />
        ) : (
          <Table<CertificateType> rowKey="id" columns={columns} dataSource={types.data?.items} loading={types.isFetching} pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }} />
        )}
      </Card>
      {dialog && <TypeModal type={dialog.type} onClose={() => setDialog(null)} />}
    </>
  );
}
