import { EyeOutlined, ImportOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Flex, Form, Grid, Input, Modal, Select, Skeleton, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.js';
import { certificateStatuses, useCertificate, useCertificateLibrary, useCertificateTypes, useChangeCertificateStatus, type CertificateStatus, type CertificateSummary, type LibraryFilter, type StatusAction } from '../../api/certificates.js';
import { formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { ListSearch, useListParams } from '../../shared/list-parts.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { CertificateFields, CertificateStatusTag, useValidityText } from '../../portal/certificates/certificate-parts.js';
import { CertificateInfo } from '../../portal/certificates/certificate-page.js';

const PAGE_SIZE = 20;
const isStatus = (v: string | null): v is CertificateStatus => !!v && (certificateStatuses as readonly string[]).includes(v);

/** Suspend, reinstate or revoke, with the reason the holder is told. */
function StatusModal({ id, version, action, onClose }: { id: string; version: number; action: StatusAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const change = useChangeCertificateStatus();
  const [form] = Form.useForm<{ reason?: string }>();
  const needsReason = action !== 'reinstate';
  const submit = (values: { reason?: string }) =>
    change.mutate(
      { id, action, version, ...(values.reason ? { reason: values.reason } : {}) },
      {
        onSuccess: () => {
          void message.success(t(`certificates.library.done.${action}`));
          onClose();
        },
        onError: (err) => onProblem(err, { form }),
      },
    );
  return (
    <Modal
      open
      title={t(`certificates.library.actions.${action}`)}
      okText={t(`certificates.library.actions.${action}`)}
      okButtonProps={{ danger: action === 'revoke', loading: change.isPending, htmlType: 'submit', form: 'certificate-status' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t(`certificates.library.confirm.${action}`)}</Typography.Paragraph>
      <Form id="certificate-status" form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('certificates.library.reason')} rules={needsReason ? [{ required: true, whitespace: true, message: t('certificates.library.reasonRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A certificate of the library: its metadata, fields and what may be done to it. */
function CertificateDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useCertificate(id);
  const narrow = !Grid.useBreakpoint().md;
  const [action, setAction] = useState<StatusAction | null>(null);
  const c = detail.data?.certificate;
  return (
    <Drawer open size={narrow ? '100%' : 760} title={c?.title ?? t('certificates.detail.info')} onClose={onClose} extra={c && <CertificateStatusTag status={c.status} />}>
      {detail.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : detail.isError ? (
        <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {c!.allowedActions.length > 0 && (
            <Flex gap={8} wrap data-testid="certificate-actions">
              {c!.allowedActions.map((a) => (
                <Button key={a} danger={a === 'revoke'} type={a === 'reinstate' ? 'primary' : 'default'} onClick={() => setAction(a)}>
                  {t(`certificates.library.actions.${a}`)}
                </Button>
              ))}
            </Flex>
          )}
          <CertificateInfo d={detail.data!} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('certificates.detail.fields')}
          </Typography.Title>
          <CertificateFields fields={detail.data!.fields} />
          <a href={`/verify/${c!.id}`} target="_blank" rel="noopener">
            {t('certificates.detail.openVerify')}
          </a>
        </Space>
      )}
      {action && c && <StatusModal id={c.id} version={c.version} action={action} onClose={() => setAction(null)} />}
    </Drawer>
  );
}

/** The certificate library of the staff member's subtree, searched and paginated on the server. */
export default function LibraryPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const me = useMe().data;
  const { params, page, q, update } = useListParams();
  const types = useCertificateTypes({ includeInactive: true });
  const validity = useValidityText();
  const [open, setOpen] = useState<string | null>(null);
  const status = params.get('status');
  const filter: LibraryFilter = { page, pageSize: PAGE_SIZE };
  if (q) filter.q = q;
  if (isStatus(status)) filter.status = status;
  const holder = params.get('holder');
  if (holder && holder.length === 18) filter.holder = holder;
  const type = params.get('type');
  if (type) filter.type = type;
  const issuer = params.get('issuer');
  if (issuer) filter.issuer = issuer;
  const list = useCertificateLibrary(filter);
  const canImport = !!me?.roles.some((r) => r === 'admin' || r === 'departmentHead');

  const columns: TableColumnsType<CertificateSummary> = [
    {
      title: t('certificates.library.columns.certificate'),
      key: 'certificate',
      render: (_, c) => (
        <div>
          <Button type="link" style={{ padding: 0, height: 'auto', textAlign: 'left', whiteSpace: 'normal' }} onClick={() => setOpen(c.id)}>
            {c.title}
          </Button>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {c.number}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {pick(c.typeName, c.typeNameEn)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('certificates.library.columns.holder'),
      key: 'holder',
      render: (_, c) => (
        <div>
          <div>{c.holder.name}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {c.holder.idNumber}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('certificates.library.columns.issuer'), key: 'issuer', responsive: ['md'], render: (_, c) => pick(c.issuer.name, c.issuer.nameEn) },
    { title: t('certificates.library.columns.issued'), key: 'issued', responsive: ['lg'], render: (_, c) => formatDayOf(c.issuedAt, locale) },
    { title: t('certificates.library.columns.validity'), key: 'validity', responsive: ['xl'], render: (_, c) => validity(c.validFrom, c.validUntil) },
    { title: t('certificates.library.columns.status'), key: 'status', render: (_, c) => <CertificateStatusTag status={c.status} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <Button type="link" size="small" icon={<EyeOutlined />} aria-label={`${t('certificates.library.view')} ${c.number}`} onClick={() => setOpen(c.id)}>
          {t('certificates.library.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('certificates.library.title')}
        subtitle={t('certificates.library.intro')}
        extra={canImport && <LinkButton to="/admin/certificates/import" icon={<ImportOutlined />}>{t('certificates.nav.import')}</LinkButton>}
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <ListSearch q={q} onSearch={(v) => update({ q: v, page: undefined })} label={t('certificates.library.search')} placeholder={t('certificates.library.search')} submitLabel={t('portal.search.submit')} className="certificate-library-search" />
          <Input
            allowClear
            aria-label={t('certificates.library.holder')}
            placeholder={t('certificates.library.holder')}
            defaultValue={holder ?? ''}
            maxLength={18}
            style={{ width: 240 }}
            className="mono"
            onChange={(e) => {
              const v = e.target.value.trim().toUpperCase();
              if (!v || v.length === 18) update({ holder: v || undefined, page: undefined });
            }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('certificates.detail.type')}
            placeholder={t('certificates.library.allTypes')}
            value={type ?? undefined}
            onChange={(v: string | undefined) => update({ type: v, page: undefined })}
            options={(types.data?.items ?? []).map((x) => ({ value: x.key, label: pick(x.name, x.nameEn) }))}
            style={{ minWidth: 180 }}
          />
          <OrgPicker allowClear aria-label={t('certificates.library.columns.issuer')} placeholder={t('certificates.library.allIssuers')} value={issuer ?? undefined} onChange={(v) => update({ issuer: v, page: undefined })} style={{ minWidth: 220 }} />
          <Select<CertificateStatus | ''>
            aria-label={t('certificates.library.columns.status')}
            value={isStatus(status) ? status : ''}
            onChange={(v) => update({ status: v || undefined, page: undefined })}
            options={[{ value: '', label: t('certificates.library.allStatuses') }, ...certificateStatuses.map((s) => ({ value: s, label: t(`certificates.status.${s}`) }))]}
            style={{ minWidth: 140 }}
          />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<CertificateSummary>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            locale={{ emptyText: t('certificates.library.none') }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }), onChange: (p) => update({ page: p }) }}
          />
        )}
      </Card>
      {open && <CertificateDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
