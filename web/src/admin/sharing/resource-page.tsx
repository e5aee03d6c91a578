import { EditOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Checkbox, Col, Descriptions, Form, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { addDays } from '../../../../common/working-days.js';
import { hasRole, useMe } from '../../api/auth.js';
import { useApply, useResource, type ResourceAccess, type ResourceDetail, type ResourceField } from '../../api/sharing.js';
import { formatDate, formatDateTime, formatNumber, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { QueryState } from '../../shared/query-state.js';
import { RecordsSection } from './records-section.js';
import { ResourceFormModal } from './resource-form.js';
import { fieldsByKey, FieldTags, SharingTypeTag } from './sharing-tags.js';

/** A department head applies for access to a conditional resource: purpose, fields, last day. */
function ApplyModal({ resource, onClose }: { resource: ResourceDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const apply = useApply();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ purpose: string; fields: string[]; validUntil: string }>();
  const today = todayInShanghai();
  return (
    <Modal open title={t('sharing.apply.title', { name: pick(resource.name, resource.nameEn) })} onCancel={onClose} onOk={() => form.submit()} okText={t('sharing.apply.submit')} cancelText={t('common.cancel')} confirmLoading={apply.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ fields: resource.fields.filter((f) => !f.sensitive).map((f) => f.key), validUntil: addDays(today, 365) }}
        onFinish={(v) =>
          apply.mutate(
            { resourceCode: resource.code, purpose: v.purpose.trim(), fields: v.fields, validUntil: v.validUntil },
            { onSuccess: () => { void message.success(t('sharing.apply.done')); onClose(); }, onError: (err) => onProblem(err, { form, codeFields: { 'sharing.application_open': 'purpose' } }) },
          )
        }
      >
        <Form.Item name="purpose" label={t('sharing.apply.purpose')} extra={t('sharing.apply.purposeHelp')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="fields" label={t('sharing.apply.fields')} extra={t('sharing.apply.fieldsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('sharing.apply.fieldsRequired') }]}>
          <Checkbox.Group>
            <Row gutter={[8, 8]}>
              {resource.fields.map((f) => (
                <Col key={f.key} xs={24} sm={12}>
                  <Checkbox value={f.key}>
                    {pick(f.name, f.nameEn)} {f.sensitive && <Tag color="orange">{t('sharing.field.sensitive')}</Tag>}
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="validUntil" label={t('sharing.apply.validUntil')} rules={[{ required: true, message: t('sharing.apply.validUntilRequired') }]}>
          <Input type="date" min={today} max={addDays(today, 3 * 366)} style={{ maxWidth: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Where the reader's department stands with the resource, and what it can do about it. */
function AccessCard({ resource, access, onApply }: { resource: ResourceDetail; access: ResourceAccess; onApply: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const canApply = resource.allowedActions.includes('apply') && access.state !== 'pending' && access.state !== 'granted';
  const type = access.state === 'notShared' || access.state === 'none' ? 'warning' : access.state === 'pending' ? 'info' : 'success';
  return (
    <Card title={t('sharing.access.title')} size="small">
      <Alert
        type={type}
        showIcon
        title={t(`sharing.access.${access.state}`)}
        description={
          access.state === 'granted' ? (
            <Space orientation="vertical" size={4}>
              <span>{t('sharing.access.until', { date: formatDate(access.validUntil!, locale, false) })}</span>
              <FieldTags fields={fieldsByKey(resource.fields, access.fields)} />
            </Space>
          ) : access.state === 'pending' ? (
            <Link to="/sharing/applications?box=outgoing">{t('sharing.access.seeApplication')}</Link>
          ) : undefined
        }
      />
      {(canApply || (access.state === 'granted' && resource.allowedActions.includes('apply'))) && (
        <Button type="primary" icon={<SendOutlined />} style={{ marginTop: 12 }} onClick={onApply}>
          {access.state === 'granted' ? t('sharing.apply.again') : t('sharing.apply.button')}
        </Button>
      )}
    </Card>
  );
}

function FieldsTable({ fields }: { fields: ResourceField[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <Table<ResourceField>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={fields}
      columns={[
        { title: t('sharing.field.name'), key: 'name', render: (_, f) => pick(f.name, f.nameEn) },
        { title: t('sharing.field.key'), dataIndex: 'key', responsive: ['sm'], render: (k: string) => <span className="mono">{k}</span> },
        { title: t('sharing.field.type'), dataIndex: 'type', render: (v: ResourceField['type']) => t(`sharing.fieldType.${v}`) },
        { title: t('sharing.field.sensitive'), dataIndex: 'sensitive', render: (s: boolean) => (s ? <Tag color="orange">{t('sharing.field.sensitive')}</Tag> : <Typography.Text type="secondary">—</Typography.Text>) },
      ]}
    />
  );
}

/** One data resource: what it holds, how it is shared, the reader's access, and for the owner its records. */
export default function ResourcePage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { code = '' } = useParams();
  const me = useMe().data!;
  const resource = useResource(code);
  const [dialog, setDialog] = useState<'apply' | 'edit' | null>(null);
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/sharing">{t('sharing.nav.resources')}</Link> }, { title: resource.data ? pick(resource.data.name, resource.data.nameEn) : code }]} />
      <QueryState query={resource}>
        {(r) => (
          <>
            <PageHeader
              title={
                <Space wrap>
                  {pick(r.name, r.nameEn)}
                  <SharingTypeTag type={r.sharingType} />
                </Space>
              }
              subtitle={<span className="mono">{r.code}</span>}
              extra={
                <>
                  {r.allowedActions.includes('edit') && (
                    <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                      {t('common.edit')}
                    </Button>
                  )}
                  {hasRole(me, 'departmentHead', 'admin', 'supervisor') && <LinkButton to={`/sharing/log?resource=${r.code}`}>{t('sharing.nav.log')}</LinkButton>}
                </>
              }
            />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={r.access ? 16 : 24}>
                <Card size="small">
                  <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                    <Descriptions.Item label={t('sharing.resource.owner')}>{pick(r.owner.name, r.owner.nameEn)}</Descriptions.Item>
                    <Descriptions.Item label={t('sharing.resource.subjects')}>{r.subjectKinds.map((k) => t(`sharing.subjectKind.${k}`)).join('、')}</Descriptions.Item>
                    <Descriptions.Item label={t('sharing.resource.frequency')}>{t(`sharing.frequency.${r.updateFrequency}`)}</Descriptions.Item>
                    <Descriptions.Item label={t('sharing.resource.records')}>{formatNumber(r.recordCount, locale)}</Descriptions.Item>
                    <Descriptions.Item label={t('sharing.resource.updatedAt')}>{formatDateTime(r.updatedAt, locale)}</Descriptions.Item>
                    <Descriptions.Item label={t('common.version')}>{r.version}</Descriptions.Item>
                  </Descriptions>
                  <Typography.Paragraph style={{ marginTop: 8 }}>{pick(r.description, r.descriptionEn)}</Typography.Paragraph>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                    {t(`sharing.sharingTypeHelp.${r.sharingType}`)}
                  </Typography.Paragraph>
                </Card>
              </Col>
              {r.access && (
                <Col xs={24} lg={8}>
                  <AccessCard resource={r} access={r.access} onApply={() => setDialog('apply')} />
                </Col>
              )}
              <Col span={24}>
                <Card size="small" title={t('sharing.resource.fields')}>
                  <FieldsTable fields={r.fields} />
                </Card>
              </Col>
              {r.allowedActions.includes('records') && (
                <Col span={24}>
                  <RecordsSection resource={r} />
                </Col>
              )}
            </Row>
            {dialog === 'apply' && <ApplyModal resource={r} onClose={() => setDialog(null)} />}
            {dialog === 'edit' && <ResourceFormModal resource={r} onClose={() => setDialog(null)} />}
          </>
        )}
      </QueryState>
    </>
  );
}
