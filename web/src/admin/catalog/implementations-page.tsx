import { CheckCircleOutlined, EditOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { itemTypes, type ItemType } from '../../../../common/catalog.js';
import { orgLevels, type OrgLevel } from '../../../../common/enums.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/auth.js';
import { useImplementations, useSyncImplementations, useUpdateImplementation, type Implementation, type ImplementationChangeBody } from '../../api/catalog.js';
import { useOrgs, useSites } from '../../api/orgs.js';
import { daysText } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { ActiveTag } from '../../shared/tags.js';
import { FieldValue } from './field-values.js';

const driftFields = ['code', 'name', 'type', 'legalBasis', 'process', 'materials'] as const;
type DriftField = (typeof driftFields)[number];
const driftLabel = (t: TFunction, f: string): string => ((driftFields as readonly string[]).includes(f) ? t(`catalog.impl.driftFields.${f as DriftField}`) : f);

function DriftTags({ impl }: { impl: Implementation }) {
  const { t } = useTranslation();
  if (!impl.behind && !impl.drift.length)
    return (
      <Tag color="success" icon={<CheckCircleOutlined />}>
        {t('catalog.impl.inSync')}
      </Tag>
    );
  return (
    <Space size={[4, 4]} wrap>
      {impl.behind && (
        <Tag color="warning" icon={<WarningOutlined />}>
          {t('catalog.impl.behind')}
        </Tag>
      )}
      {impl.drift.map((d) => (
        <Tag key={d.field} color="error">
          {driftLabel(t, d.field)}
        </Tag>
      ))}
    </Space>
  );
}

/** A declared or catalog value of a "seven unified" field as readable lines (materials "name|kind", steps "step@level"). */
function driftLines(t: TFunction, field: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : JSON.stringify(value)];
  if (field === 'materials')
    return list.map((m) => {
      const [name, kind] = m.split('|');
      return kind === 'required' || kind === 'secondary' ? `${name} · ${t(`enums.materialKind.${kind}`)}` : m;
    });
  if (field === 'process')
    return list.map((p) => {
      const [step, level] = p.split('@');
      return level && (orgLevels as readonly string[]).includes(level) ? `${step} · ${t(`enums.orgLevel.${level as OrgLevel}`)}` : p;
    });
  if (field === 'type' && list[0] && (itemTypes as readonly string[]).includes(list[0])) return [t(`enums.itemType.${list[0] as ItemType}`)];
  return list;
}

function DriftDetails({ impl }: { impl: Implementation }) {
  const { t } = useTranslation();
  if (!impl.drift.length) return <Typography.Text type="secondary">{impl.behind ? t('catalog.impl.behindHelp') : t('catalog.impl.inSync')}</Typography.Text>;
  return (
    <Descriptions size="small" bordered column={1} styles={{ label: { width: 120 } }}>
      {impl.drift.map((d) => {
        const declared = driftLines(t, d.field, d.declared);
        const catalog = driftLines(t, d.field, d.catalog);
        return (
          <Descriptions.Item key={d.field} label={driftLabel(t, d.field)}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Typography.Text type="secondary">{t('catalog.impl.declared')}</Typography.Text>
                <FieldValue lines={declared} other={catalog} mark="removed" />
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text type="secondary">{t('catalog.impl.catalogValue')}</Typography.Text>
                <FieldValue lines={catalog} other={declared} mark="added" />
              </Col>
            </Row>
          </Descriptions.Item>
        );
      })}
    </Descriptions>
  );
}

type LocalFields = Omit<ImplementationChangeBody, 'version'>;

function EditModal({ impl, onClose }: { impl: Implementation; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const update = useUpdateImplementation();
  const [form] = Form.useForm<LocalFields>();
  // A department's sites are those of its government (the hall it sits in) and below.
  const orgs = useOrgs();
  const org = orgs.data?.find((o) => o.id === impl.orgId);
  const government = org?.kind === 'department' && org.parentId ? org.parentId : impl.orgId;
  const sites = useSites({ within: government });
  return (
    <Modal
      open
      width={720}
      title={t('catalog.impl.editTitle', { item: pick(impl.itemName, impl.itemNameEn), org: pick(impl.orgName, impl.orgNameEn) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ promisedLimit: impl.promisedLimit, phone: impl.phone, hours: impl.hours, hoursEn: impl.hoursEn, feeNote: impl.feeNote, siteIds: impl.siteIds, active: impl.active }}
        onFinish={(v) =>
          update.mutate(
            { id: impl.id, version: impl.version, ...v, phone: v.phone?.trim() ?? '', hours: v.hours?.trim() ?? '', hoursEn: v.hoursEn?.trim() ?? '', feeNote: v.feeNote?.trim() ?? '' },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (err) => onProblem(err, { form, codeFields: { 'catalog.promise_exceeds_law': 'promisedLimit' } }),
            },
          )
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="promisedLimit" label={t('catalog.impl.promised')} extra={t('catalog.impl.promisedHelp')} rules={[{ required: true, message: t('catalog.editor.required') }]}>
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} suffix={t('catalog.editor.days')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="phone" label={t('sites.phone')} rules={[{ max: 40 }, { pattern: /^[0-9+\-() ]*$/, message: t('sites.phoneInvalid') }]}>
              <Input maxLength={40} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="active" label={t('catalog.impl.active')} valuePropName="checked" tooltip={t('catalog.impl.activeHelp')}>
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="siteIds" label={t('catalog.impl.sites')} extra={t('catalog.impl.sitesHelp')}>
          <Select
            mode="multiple"
            allowClear
            loading={sites.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(sites.data ?? []).map((s) => ({ value: s.id, label: `${pick(s.name, s.nameEn)}${s.kind === 'agencyPoint' ? ` · ${t('enums.siteKind.agencyPoint')}` : ''}` }))}
            maxTagCount="responsive"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="hours" label={t('sites.hours')} rules={[{ max: 200 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hoursEn" label={t('sites.hoursEn')} rules={[{ max: 300 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="feeNote" label={t('catalog.impl.feeNote')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Implementation lists (实施清单) of an organisation's subtree: local details, and drift from the catalog ("seven unified"). */
export default function ImplementationsPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const me = useMe().data;
  const [org, setOrg] = useState<string | undefined>(me?.org?.id);
  const [driftOnly, setDriftOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<Implementation | null>(null);
  const sync = useSyncImplementations();
  const orgs = useOrgs();
  const orgName = (() => {
    const o = orgs.data?.find((x) => x.id === org);
    return o ? pick(o.name, o.nameEn) : '';
  })();
  const impls = useImplementations({ org: org ?? '', page, pageSize, ...(driftOnly ? { driftOnly: true } : {}) }, { enabled: !!org });

  const columns: TableColumnsType<Implementation> = [
    {
      title: t('catalog.impl.item'),
      key: 'item',
      render: (_, i) => (
        <div>
          <Link to={`/items/${encodeURIComponent(i.itemCode)}?org=${encodeURIComponent(i.orgCode)}`}>{pick(i.itemName, i.itemNameEn)}</Link>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {i.itemCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('catalog.impl.org'), key: 'org', responsive: ['md'], render: (_, i) => pick(i.orgName, i.orgNameEn) },
    { title: t('catalog.impl.promised'), key: 'promised', width: 120, render: (_, i) => daysText(t, i.promisedLimit) },
    { title: t('catalog.impl.sitesCount'), key: 'sites', width: 90, responsive: ['lg'], render: (_, i) => i.siteIds.length },
    { title: t('catalog.impl.status'), key: 'status', width: 220, render: (_, i) => <DriftTags impl={i} /> },
    { title: t('catalog.impl.active'), key: 'active', width: 90, responsive: ['lg'], render: (_, i) => <ActiveTag active={i.active} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, i) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(i)} aria-label={`${t('common.edit')} ${i.itemCode} ${i.orgCode}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.implementations')} subtitle={t('catalog.impl.intro')} />
      <Card>
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 16 }}>
          <Space wrap>
            <OrgPicker
              value={org}
              onChange={(v) => {
                setOrg(v);
                setPage(1);
              }}
              aria-label={t('catalog.impl.org')}
              placeholder={t('catalog.impl.pickOrg')}
              style={{ minWidth: 280 }}
            />
            <Space>
              <Switch
                checked={driftOnly}
                onChange={(v) => {
                  setDriftOnly(v);
                  setPage(1);
                }}
                id="drift-only"
              />
              <label htmlFor="drift-only">{t('catalog.impl.onlyDrift')}</label>
            </Space>
          </Space>
          <Popconfirm
            title={t('catalog.impl.syncConfirm', { org: orgName })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            disabled={!org}
            onConfirm={() =>
              sync.mutate(org!, {
                onSuccess: (r) => void message.success(t('catalog.impl.synced', { count: r.changed })),
                onError: (err) => onProblem(err),
              })
            }
          >
            <Button icon={<SyncOutlined />} loading={sync.isPending} disabled={!org}>
              {t('catalog.impl.sync')}
            </Button>
          </Popconfirm>
        </Flex>
        {impls.data && (
          <Alert
            style={{ marginBottom: 16 }}
            type={impls.data.drifting ? 'warning' : 'success'}
            showIcon
            title={impls.data.drifting ? t('catalog.impl.summaryDrift', { count: impls.data.drifting }) : t('catalog.impl.summaryOk')}
            description={impls.data.drifting ? t('catalog.impl.summaryDriftHelp') : undefined}
          />
        )}
        {!org ? (
          <Typography.Text type="secondary">{t('catalog.impl.pickOrg')}</Typography.Text>
        ) : impls.isError ? (
          <LoadError error={impls.error} onRetry={() => void impls.refetch()} />
        ) : (
          <Table<Implementation>
            rowKey="id"
            columns={columns}
            dataSource={impls.data?.items}
            loading={impls.isFetching}
            scroll={{ x: 860 }}
            expandable={{ expandedRowRender: (i) => <DriftDetails impl={i} />, rowExpandable: (i) => i.behind || i.drift.length > 0 }}
            locale={{ emptyText: driftOnly ? t('catalog.impl.noneDrifting') : t('catalog.impl.none') }}
            pagination={{
              current: page,
              pageSize,
              total: impls.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t('common.total', { count: n }),
              onChange: (p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              },
            }}
          />
        )}
      </Card>
      {editing && <EditModal impl={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
