import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../api/auth.js';
import { useCreateCredential, useCredentials, useRevokeCredential, type Credential, type NewCredential } from '../../api/sharing.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter } from '../../shared/list-parts.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';

/** Creates credentials, then shows the secret the one time it exists outside the caller's system. */
function CreateCredentialModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const create = useCreateCredential();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ name: string; org?: string }>();
  const [made, setMade] = useState<NewCredential | null>(null);
  if (made) {
    const example = `curl -H "Authorization: Bearer ${made.token}" "${window.location.origin}/api/v1/sharing/resources/household-registration/records/<ID>?purpose=…"`;
    return (
      <Modal open width={720} title={t('sharing.credentials.createdTitle')} onCancel={onClose} footer={<Button type="primary" onClick={onClose}>{t('sharing.credentials.stored')}</Button>} destroyOnHidden>
        <Alert type="warning" showIcon title={t('sharing.credentials.onceOnly')} style={{ marginBottom: 16 }} />
        <Typography.Text type="secondary">{t('sharing.credentials.clientId')}</Typography.Text>
        <Typography.Paragraph copyable className="mono">{made.credential.clientId}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('sharing.credentials.secret')}</Typography.Text>
        <Typography.Paragraph copyable className="mono hash" data-testid="credential-secret">{made.secret}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('sharing.credentials.token')}</Typography.Text>
        <Typography.Paragraph copyable className="mono hash" data-testid="credential-token">{made.token}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('sharing.credentials.example')}</Typography.Text>
        <Typography.Paragraph copyable={{ text: example }} className="mono hash" style={{ fontSize: 12 }}>{example}</Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal open title={t('sharing.credentials.create')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate({ name: v.name.trim(), ...(v.org ? { org: v.org } : {}) }, { onSuccess: setMade, onError: (err) => onProblem(err, { form, codeFields: { not_found: 'org' } }) })}>
        <Form.Item name="name" label={t('sharing.credentials.name')} extra={t('sharing.credentials.nameHelp')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        {hasRole(me, 'admin') && (
          <Form.Item name="org" label={t('sharing.credentials.org')} rules={[{ required: true, message: t('sharing.credentials.orgRequired') }]}>
            <OrgPicker selectable={(o) => o.kind === 'department'} aria-label={t('sharing.credentials.org')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The API credentials of the reader's departments: create (secret shown once), revoke. */
export default function CredentialsPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const revoke = useRevokeCredential();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const credentials = useCredentials(page);

  const columns: TableColumnsType<Credential> = [
    {
      title: t('sharing.credentials.name'),
      key: 'name',
      render: (_, c) => (
        <div>
          <div>{c.name}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>{c.clientId}</Typography.Text>
        </div>
      ),
    },
    { title: t('sharing.credentials.org'), key: 'org', responsive: ['md'], render: (_, c) => pick(c.org.name, c.org.nameEn) },
    { title: t('sharing.credentials.createdAt'), key: 'created', responsive: ['lg'], render: (_, c) => `${formatDateTime(c.createdAt, locale)} · ${c.createdBy.displayName}` },
    { title: t('sharing.credentials.lastUsed'), key: 'used', responsive: ['sm'], render: (_, c) => (c.lastUsedAt ? formatDateTime(c.lastUsedAt, locale) : <Typography.Text type="secondary">{t('sharing.credentials.never')}</Typography.Text>) },
    {
      title: t('sharing.credentials.status'),
      key: 'status',
      render: (_, c) => (c.revokedAt ? <Tag>{t('sharing.credentials.revokedAt', { at: formatDateTime(c.revokedAt, locale) })}</Tag> : <Tag color="success">{t('common.active')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        !c.revokedAt && (
          <Popconfirm
            title={t('sharing.credentials.confirmRevoke', { name: c.name })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutate({ id: c.id, version: c.version }, { onSuccess: () => void message.success(t('sharing.credentials.revoked')), onError: (err) => onProblem(err) })}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />} aria-label={`${t('sharing.credentials.revoke')} ${c.name}`}>
              {t('sharing.credentials.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('sharing.nav.credentials')}
        subtitle={t('sharing.credentials.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('sharing.credentials.create')}
          </Button>
        }
      />
      <Card>
        {credentials.isError ? (
          <LoadError error={credentials.error} onRetry={() => void credentials.refetch()} />
        ) : (
          <>
            <Table<Credential> rowKey="id" columns={columns} dataSource={credentials.data?.items} loading={credentials.isFetching} pagination={false} locale={{ emptyText: t('sharing.credentials.none') }} />
            {credentials.data && <ListFooter total={credentials.data.total} page={page} pageSize={20} onPage={setPage} />}
          </>
        )}
      </Card>
      {creating && <CreateCredentialModal onClose={() => setCreating(false)} />}
    </>
  );
}
