import { StopOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeSealKey, useRotateSeal, useSealKeys, type SealKey } from '../../api/certificates.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';

const PAGE_SIZE = 20;

function RevokeModal({ seal, onClose }: { seal: SealKey; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const revoke = useRevokeSealKey();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={t('certificates.seals.revokeTitle', { kid: seal.kid })}
      okText={t('certificates.seals.revoke')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, htmlType: 'submit', form: 'seal-revoke', loading: revoke.isPending }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('certificates.seals.revokeWarning', { count: seal.certificates })} />
      <Form
        id="seal-revoke"
        form={form}
        layout="vertical"
        onFinish={(v) => revoke.mutate({ kid: seal.kid, reason: v.reason }, { onSuccess: () => { void message.success(t('certificates.seals.revokedOk')); onClose(); }, onError: (err) => onProblem(err, { form }) })}
      >
        <Form.Item name="reason" label={t('certificates.seals.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The seal keys of the organisations in an administrator's subtree: rotate and revoke. */
export default function SealsPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { page, q, update } = useListParams();
  const keys = useSealKeys({ page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) });
  const rotate = useRotateSeal();
  const [revoking, setRevoking] = useState<SealKey | null>(null);

  const state = (k: SealKey) =>
    k.revokedAt ? (
      <Space orientation="vertical" size={0}>
        <Tag color="error">{t('certificates.seals.revoked')}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(k.revokedAt, locale)}{k.revokedReason ? ` · ${k.revokedReason}` : ''}</Typography.Text>
      </Space>
    ) : k.retiredAt ? (
      <Space orientation="vertical" size={0}>
        <Tag>{t('certificates.seals.retired')}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(k.retiredAt, locale)}</Typography.Text>
      </Space>
    ) : (
      <Tag color="success">{t('certificates.seals.active')}</Tag>
    );

  const columns: TableColumnsType<SealKey> = [
    {
      title: t('certificates.seals.org'),
      key: 'org',
      render: (_, k) => (
        <div>
          <div>{k.orgName}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>{k.orgCode}</Typography.Text>
        </div>
      ),
    },
    { title: t('certificates.seals.kid'), dataIndex: 'kid', responsive: ['md'], render: (v: string) => <Typography.Text className="mono hash" copyable>{v}</Typography.Text> },
    { title: t('certificates.seals.created'), dataIndex: 'createdAt', responsive: ['md'], render: (v: string) => formatDateTime(v, locale) },
    { title: t('certificates.seals.state'), key: 'state', render: (_, k) => state(k) },
    { title: t('certificates.seals.signed'), dataIndex: 'certificates', responsive: ['lg'], align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, k) => (
        <Space size={0} wrap>
          {!k.retiredAt && !k.revokedAt && (
            <Popconfirm
              title={t('certificates.seals.confirmRotate', { org: k.orgName })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => rotate.mutate(k.orgId, { onSuccess: (r) => void message.success(t('certificates.seals.rotated', { kid: r.keyId })), onError: (err) => onProblem(err) })}
            >
              <Button type="link" size="small" icon={<SyncOutlined />} aria-label={`${t('certificates.seals.rotate')} ${k.kid}`}>
                {t('certificates.seals.rotate')}
              </Button>
            </Popconfirm>
          )}
          {!k.revokedAt && (
            <Button type="link" size="small" danger icon={<StopOutlined />} aria-label={`${t('certificates.seals.revoke')} ${k.kid}`} onClick={() => setRevoking(k)}>
              {t('certificates.seals.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('certificates.seals.title')} subtitle={t('certificates.seals.intro')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <ListSearch q={q} onSearch={(v) => update({ q: v, page: undefined })} label={t('certificates.seals.search')} placeholder={t('certificates.seals.search')} submitLabel={t('portal.search.submit')} />
        </Flex>
        {keys.isError ? (
          <LoadError error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<SealKey>
            rowKey="kid"
            columns={columns}
            dataSource={keys.data?.items}
            loading={keys.isFetching}
            locale={{ emptyText: t('certificates.seals.none') }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: keys.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }), onChange: (p) => update({ page: p }) }}
          />
        )}
      </Card>
      {revoking && <RevokeModal seal={revoking} onClose={() => setRevoking(null)} />}
    </>
  );
}
