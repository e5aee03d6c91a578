import { CheckOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, Modal, Row, Segmented, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applicationStatuses, type ApplicationStatus } from '../../../../common/sharing.js';
import { useApplications, useApprove, useRefuse, useRevokeApplication, type Application, type ApplicationFilter } from '../../api/sharing.js';
import { formatDate, formatDateTime, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { ApplicationStatusTag, fieldsByKey, FieldTags } from './sharing-tags.js';

const PAGE_SIZE = 20;
const isStatus = (v: string | null): v is ApplicationStatus => !!v && (applicationStatuses as readonly string[]).includes(v);

/** The owner approves, possibly fewer fields and a shorter validity than asked. */
function ApproveModal({ application: a, onClose }: { application: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const approve = useApprove();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ fields: string[]; validUntil: string; note?: string }>();
  return (
    <Modal open title={t('sharing.applications.approveTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('sharing.applications.approve')} cancelText={t('common.cancel')} confirmLoading={approve.isPending} destroyOnHidden>
      <Typography.Paragraph>
        {t('sharing.applications.approveIntro', { consumer: pick(a.consumer.name, a.consumer.nameEn), resource: pick(a.resource.name, a.resource.nameEn) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{a.purpose}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ fields: a.requestedFields, validUntil: a.requestedUntil }}
        onFinish={(v) =>
          approve.mutate(
            { id: a.id, version: a.version, fields: v.fields, validUntil: v.validUntil, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
            { onSuccess: () => { void message.success(t('sharing.applications.approved')); onClose(); }, onError: (err) => onProblem(err, { form }) },
          )
        }
      >
        <Form.Item name="fields" label={t('sharing.applications.grantFields')} extra={t('sharing.applications.grantFieldsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('sharing.apply.fieldsRequired') }]}>
          <Checkbox.Group>
            <Row gutter={[8, 8]}>
              {fieldsByKey(a.resource.fields, a.requestedFields).map((f) => (
                <Col key={f.key} xs={24} sm={12}>
                  <Checkbox value={f.key}>{pick(f.name, f.nameEn)}</Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="validUntil" label={t('sharing.apply.validUntil')} rules={[{ required: true, message: t('sharing.apply.validUntilRequired') }]}>
          <Input type="date" min={todayInShanghai()} max={a.requestedUntil} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('sharing.applications.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Refusing an application, or revoking an approval: always with the reason, which the consumer is told. */
function ReasonModal({ application: a, kind, onClose }: { application: Application; kind: 'refuse' | 'revoke'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refuse = useRefuse();
  const revoke = useRevokeApplication();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = kind === 'refuse' ? refuse : revoke;
  return (
    <Modal open title={t(`sharing.applications.${kind}Title`)} onCancel={onClose} onOk={() => form.submit()} okText={t(`sharing.applications.${kind}`)} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} confirmLoading={mutation.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          mutation.mutate({ id: a.id, version: a.version, reason: v.reason.trim() }, { onSuccess: () => { void message.success(t(`sharing.applications.${kind}d`)); onClose(); }, onError: (err) => onProblem(err, { form }) })
        }
      >
        <Form.Item name="reason" label={t('sharing.applications.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Dialog = { kind: 'approve' | 'refuse' | 'revoke'; application: Application } | null;

/** Applications for access: to the reader's departments (to answer) and from them (to follow). */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { params, page, update } = useListParams({ box: 'incoming' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const box = params.get('box') === 'outgoing' ? 'outgoing' : 'incoming';
  const status = params.get('status');
  const filter: ApplicationFilter = { box, page, pageSize: PAGE_SIZE };
  if (isStatus(status)) filter.status = status;
  const applications = useApplications(filter);

  const columns: TableColumnsType<Application> = [
    {
      title: t('sharing.applications.resource'),
      key: 'resource',
      width: 180,
      render: (_, a) => (
        <div>
          <Link to={`/sharing/resources/${a.resource.code}`}>{pick(a.resource.name, a.resource.nameEn)}</Link>
          <div>
            <Typography.Text type="secondary">{box === 'incoming' ? pick(a.consumer.name, a.consumer.nameEn) : pick(a.owner.name, a.owner.nameEn)}</Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('sharing.applications.purpose'), dataIndex: 'purpose', width: 220, responsive: ['md'], render: (p: string) => <span className="cell-clip" title={p}>{p}</span> },
    {
      title: t('sharing.applications.fields'),
      key: 'fields',
      responsive: ['lg'],
      render: (_, a) => <FieldTags fields={fieldsByKey(a.resource.fields, a.approvedFields ?? a.requestedFields)} />,
    },
    { title: t('sharing.apply.validUntil'), key: 'until', width: 130, render: (_, a) => formatDate(a.validUntil ?? a.requestedUntil, locale, false) },
    {
      title: t('sharing.applications.status'),
      key: 'status',
      width: 120,
      render: (_, a) => (
        <Space orientation="vertical" size={2}>
          <ApplicationStatusTag status={a.status} expired={a.expired} />
          {a.answer && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.answer}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('sharing.applications.appliedAt'), key: 'appliedAt', responsive: ['xl'], render: (_, a) => `${formatDateTime(a.appliedAt, locale)} · ${a.appliedBy.displayName}` },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, a) => (
        <Space size={0} wrap>
          {a.allowedActions.includes('approve') && (
            <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setDialog({ kind: 'approve', application: a })}>
              {t('sharing.applications.approve')}
            </Button>
          )}
          {a.allowedActions.includes('refuse') && (
            <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setDialog({ kind: 'refuse', application: a })}>
              {t('sharing.applications.refuse')}
            </Button>
          )}
          {a.allowedActions.includes('revoke') && (
            <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setDialog({ kind: 'revoke', application: a })}>
              {t('sharing.applications.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('sharing.nav.applications')} subtitle={t('sharing.applications.intro')} />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented
            value={box}
            onChange={(v) => update({ box: v, page: undefined })}
            options={[
              { value: 'incoming', label: t('sharing.applications.incoming') },
              { value: 'outgoing', label: t('sharing.applications.outgoing') },
            ]}
          />
          <Select<ApplicationStatus | ''>
            aria-label={t('sharing.applications.status')}
            value={filter.status ?? ''}
            onChange={(v) => update({ status: v || undefined, page: undefined })}
            options={[{ value: '', label: t('sharing.applications.allStatuses') }, ...applicationStatuses.map((s) => ({ value: s, label: t(`sharing.applicationStatus.${s}`) }))]}
            style={{ minWidth: 140 }}
          />
        </Flex>
        {applications.isError ? (
          <LoadError error={applications.error} onRetry={() => void applications.refetch()} />
        ) : (
          <>
            <Table<Application>
              rowKey="id"
              columns={columns}
              dataSource={applications.data?.items}
              loading={applications.isFetching}
              pagination={false}
              scroll={{ x: 1000 }}
              locale={{ emptyText: box === 'incoming' ? t('sharing.applications.noneIncoming') : t('sharing.applications.noneOutgoing') }}
            />
            {applications.data && <ListFooter total={applications.data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />}
          </>
        )}
      </Card>
      {dialog?.kind === 'approve' && <ApproveModal application={dialog.application} onClose={() => setDialog(null)} />}
      {(dialog?.kind === 'refuse' || dialog?.kind === 'revoke') && <ReasonModal application={dialog.application} kind={dialog.kind} onClose={() => setDialog(null)} />}
    </>
  );
}
