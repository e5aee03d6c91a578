import { ApiOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHotlineSettings, useIssueKey, useOpen311Keys, useRevokeKey, type IssuedKey, type Open311Key } from '../../api/hotline.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import '../hotline.css';

/** Issues a key for a client application, then shows it the one time it exists outside the client. */
function IssueKeyModal({ jurisdiction, onClose }: { jurisdiction: string; onClose: () => void }) {
  const { t } = useTranslation();
  const issue = useIssueKey();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ name: string; contact?: string }>();
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  if (issued) {
    const example = `curl -X POST "${window.location.origin}/open311/v2/requests.json" -d "api_key=${issued.key}&jurisdiction_id=${jurisdiction}&service_code=0101&lat=44.01&long=87.30&description=…"`;
    return (
      <Modal open width={720} title={t('hotline.keys.issuedTitle')} onCancel={onClose} footer={<Button type="primary" onClick={onClose}>{t('hotline.keys.stored')}</Button>} destroyOnHidden>
        <Alert type="warning" showIcon title={t('hotline.keys.onceOnly')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph copyable className="mono hotline-code" data-testid="issued-key">
          {issued.key}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('hotline.keys.example')}</Typography.Text>
        <Typography.Paragraph copyable={{ text: example }} className="mono" style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {example}
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal open title={t('hotline.keys.issue')} onCancel={onClose} onOk={() => form.submit()} okText={t('hotline.keys.issue')} cancelText={t('common.cancel')} confirmLoading={issue.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => issue.mutate({ name: v.name.trim(), ...(v.contact?.trim() ? { contact: v.contact.trim() } : {}) }, { onSuccess: setIssued, onError: (err) => onProblem(err, { form }) })}>
        <Form.Item name="name" label={t('hotline.keys.name')} extra={t('hotline.keys.nameHelp')} rules={[{ required: true, whitespace: true, message: t('hotline.actions.required') }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="contact" label={t('hotline.keys.contact')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Open311 GeoReport v2 for other applications: where it answers, and the API keys that may submit requests. */
export default function KeysPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const keys = useOpen311Keys();
  const revoke = useRevokeKey();
  const [issuing, setIssuing] = useState(false);
  const base = `${window.location.origin}/open311/v2/`;
  // The jurisdiction is the centre's region (GB/T 2260).
  const jurisdiction = useHotlineSettings().data?.centre?.regionCode ?? '—';

  const columns: TableColumnsType<Open311Key> = [
    { title: t('hotline.keys.name'), key: 'name', render: (_, k) => <><div>{k.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.contact}</Typography.Text></> },
    { title: t('hotline.keys.prefix'), key: 'prefix', width: 150, render: (_, k) => <span className="mono">{k.prefix}…</span> },
    { title: t('hotline.keys.createdAt'), key: 'created', width: 170, responsive: ['md'], render: (_, k) => formatDateTime(k.createdAt, locale) },
    { title: t('hotline.keys.lastUsed'), key: 'used', width: 170, responsive: ['sm'], render: (_, k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : <Typography.Text type="secondary">{t('hotline.keys.never')}</Typography.Text>) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, k) =>
        k.revokedAt ? (
          <Tag>{t('hotline.keys.revoked')}</Tag>
        ) : (
          <Popconfirm
            title={t('hotline.keys.revokeConfirm')}
            okText={t('hotline.keys.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutateAsync({ id: k.id, version: k.version }).then(() => void message.success(t('hotline.keys.revokedDone')), (err: unknown) => onProblem(err))}
          >
            <Button size="small" danger icon={<StopOutlined />}>
              {t('hotline.keys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.keys.title')} subtitle={t('hotline.keys.intro')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>{t('hotline.keys.issue')}</Button>} />
      <Card title={<><ApiOutlined /> {t('hotline.keys.endpoint')}</>} style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'base', label: t('hotline.keys.base'), children: <Typography.Text copyable className="mono">{base}</Typography.Text> },
            { key: 'discovery', label: t('hotline.keys.discovery'), children: <a href="/open311/discovery.json" target="_blank" rel="noopener" className="mono">/open311/discovery.json</a> },
            { key: 'services', label: t('hotline.keys.services'), children: <a href={`/open311/v2/services.json?jurisdiction_id=${jurisdiction}`} target="_blank" rel="noopener" className="mono">/open311/v2/services.json</a> },
            { key: 'jurisdiction', label: t('hotline.keys.jurisdiction'), children: <span className="mono">{jurisdiction}</span> },
          ]}
        />
      </Card>
      <Card>
        {keys.isError ? (
          <LoadError error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<Open311Key> rowKey="id" size="middle" loading={keys.isPending} columns={columns} dataSource={keys.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('hotline.keys.none') }} />
        )}
      </Card>
      {issuing && <IssueKeyModal jurisdiction={jurisdiction} onClose={() => setIssuing(false)} />}
    </div>
  );
}
