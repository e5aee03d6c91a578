import { CheckOutlined, DeleteOutlined, DiffOutlined, EditOutlined, ExportOutlined, EyeOutlined, PlusOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth.js';
import { useItemVersions, useOpenDraft, useVersionTransition, useDiscardDraft, type ItemVersion, type VersionAction } from '../../api/catalog.js';
import { deptLabel, VersionStatusTag } from '../../shared/catalog-tags.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { QueryState } from '../../shared/query-state.js';
import { fieldLabel, fieldLines, FieldValue, versionFields } from './field-values.js';
import { VersionDiffCard } from './version-diff.js';

function NoteModal({ title, intro, label, required, okText, danger, loading, onOk, onClose }: { title: string; intro?: string; label: string; required: boolean; okText: string; danger?: boolean; loading: boolean; onOk: (note: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okText={okText} cancelText={t('common.cancel')} okButtonProps={{ danger }} confirmLoading={loading} destroyOnHidden>
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.note?.trim() ?? '')}>
        <Form.Item name="note" label={label} rules={required ? [{ required: true, whitespace: true, message: t('catalog.admin.noteRequired') }, { max: 500 }] : [{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={required ? 500 : 1000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VersionDrawer({ version, onClose }: { version: ItemVersion; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Drawer open size={720} onClose={onClose} title={<>{t('catalog.versionN', { number: version.number })} <VersionStatusTag status={version.status} /></>}>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('catalog.admin.changeNote')}>{version.changeNote || '—'}</Descriptions.Item>
        {version.reviewNote && <Descriptions.Item label={t('catalog.admin.reviewNote')}>{version.reviewNote}</Descriptions.Item>}
        {version.publishedAt && <Descriptions.Item label={t('catalog.admin.publishedAt')}>{formatDateTime(version.publishedAt, locale)}</Descriptions.Item>}
        {version.retiredAt && <Descriptions.Item label={t('catalog.admin.retiredAt')}>{formatDateTime(version.retiredAt, locale)}</Descriptions.Item>}
        {versionFields(version).map(({ field, value }) => (
          <Descriptions.Item key={field} label={fieldLabel(t, field)}>
            <FieldValue lines={fieldLines(field, value, t)} />
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Drawer>
  );
}

type Dialog = { kind: 'openDraft' } | { kind: 'reject'; version: ItemVersion } | { kind: 'retire'; version: ItemVersion } | null;

/** The state of an item's open version, and what the catalog manager can do with it now. */
function StatusPanel({ code, versions, onDialog, onCompare }: { code: string; versions: ItemVersion[]; onDialog: (d: Dialog) => void; onCompare: (from: string, to: string) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const me = useMe().data;
  const onProblem = useProblemHandler();
  const transition = useVersionTransition();
  const discard = useDiscardDraft();
  const open = versions.find((v) => v.status === 'draft' || v.status === 'inReview');
  const published = versions.find((v) => v.status === 'published');
  const act = (v: ItemVersion, action: VersionAction, done: string) =>
    transition.mutate({ id: v.id, action, version: v.version }, { onSuccess: () => void message.success(done), onError: (err) => onProblem(err) });
  const ownSubmission = !!open && open.status === 'inReview' && !!me && open.submittedBy === me.id;

  return (
    <Card title={t('catalog.admin.state')}>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('catalog.admin.published')}>
          {published ? (
            <Space size={6} wrap>
              <span>{t('catalog.versionN', { number: published.number })}</span>
              <VersionStatusTag status="published" />
              {published.publishedAt && <Typography.Text type="secondary">{formatDateTime(published.publishedAt, locale)}</Typography.Text>}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('catalog.admin.notPublished')}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalog.admin.open')}>
          {open ? (
            <Space size={6} wrap>
              <span>{t('catalog.versionN', { number: open.number })}</span>
              <VersionStatusTag status={open.status} />
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('catalog.admin.noOpen')}</Typography.Text>
          )}
        </Descriptions.Item>
        {open && (
          <Descriptions.Item label={t('catalog.admin.changeNote')} span="filled">
            {open.changeNote || '—'}
          </Descriptions.Item>
        )}
      </Descriptions>
      {open?.status === 'draft' && open.reviewNote && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('catalog.admin.sentBack', { note: open.reviewNote })} />}
      {ownSubmission && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('catalog.admin.fourEyes')} />}
      <Space wrap>
        {!open && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => onDialog({ kind: 'openDraft' })}>
            {t('catalog.admin.openDraft')}
          </Button>
        )}
        {open?.status === 'draft' && (
          <>
            <LinkButton to={`/admin/catalog/items/${encodeURIComponent(code)}/draft`} type="primary" icon={<EditOutlined />}>
              {t('catalog.admin.editDraft')}
            </LinkButton>
            <Popconfirm title={t('catalog.admin.submitConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act(open, 'submit', t('catalog.admin.submitted'))}>
              <Button icon={<SendOutlined />} loading={transition.isPending}>
                {t('catalog.admin.submit')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('catalog.admin.discardConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => discard.mutate(open.id, { onSuccess: () => void message.success(t('catalog.admin.discarded')), onError: (err) => onProblem(err) })}
            >
              <Button danger icon={<DeleteOutlined />} loading={discard.isPending}>
                {t('catalog.admin.discard')}
              </Button>
            </Popconfirm>
          </>
        )}
        {open?.status === 'inReview' && (
          <>
            <Tooltip title={ownSubmission ? t('catalog.admin.fourEyes') : undefined}>
              <Popconfirm title={t('catalog.admin.approveConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act(open, 'approve', t('catalog.admin.approved'))} disabled={ownSubmission}>
                <Button type="primary" icon={<CheckOutlined />} disabled={ownSubmission} loading={transition.isPending}>
                  {t('catalog.admin.approve')}
                </Button>
              </Popconfirm>
            </Tooltip>
            <Button icon={<RollbackOutlined />} onClick={() => onDialog({ kind: 'reject', version: open })}>
              {t('catalog.admin.reject')}
            </Button>
          </>
        )}
        {open && published && (
          <Button icon={<DiffOutlined />} onClick={() => onCompare(published.id, open.id)}>
            {t('catalog.admin.compareWithPublished')}
          </Button>
        )}
        {!open && published && (
          <Button danger icon={<StopOutlined />} onClick={() => onDialog({ kind: 'retire', version: published })}>
            {t('catalog.admin.retire')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

/** One item for catalog managers: its versions, the actions its state allows (four eyes), and a diff of any two. */
export default function ItemAdminPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const versions = useItemVersions(code);
  const openDraft = useOpenDraft();
  const transition = useVersionTransition();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [viewing, setViewing] = useState<ItemVersion | null>(null);
  const [params, setParams] = useSearchParams();

  const list = versions.data ?? [];
  const latest = list[0];
  const fallbackFrom = list.find((v) => v.status === 'published' && v.id !== latest?.id)?.id ?? list[1]?.id;
  const from = params.get('from') ?? fallbackFrom;
  const to = params.get('to') ?? latest?.id;
  const compare = (a: string | undefined, b: string | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (a) next.set('from', a);
        if (b) next.set('to', b);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
    document.getElementById('diff')?.scrollIntoView({ behavior: 'smooth' });
  };
  const published = list.find((v) => v.status === 'published');

  const columns: TableColumnsType<ItemVersion> = [
    { title: t('common.version'), key: 'number', width: 80, render: (_, v) => <Typography.Text strong>{t('catalog.versionN', { number: v.number })}</Typography.Text> },
    { title: t('catalog.admin.status'), key: 'status', width: 100, render: (_, v) => <VersionStatusTag status={v.status} /> },
    { title: t('catalog.admin.changeNote'), dataIndex: 'changeNote', render: (n: string) => n || '—' },
    { title: t('catalog.admin.publishedAt'), key: 'publishedAt', width: 160, responsive: ['md'], render: (_, v) => (v.publishedAt ? formatDateTime(v.publishedAt, locale) : '—') },
    { title: t('catalog.admin.retiredAt'), key: 'retiredAt', width: 160, responsive: ['lg'], render: (_, v) => (v.retiredAt ? formatDateTime(v.retiredAt, locale) : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, v) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setViewing(v)}>
            {t('catalog.admin.view')}
          </Button>
          {latest && v.id !== latest.id && (
            <Button type="link" size="small" icon={<DiffOutlined />} onClick={() => compare(v.id, latest.id)}>
              {t('catalog.admin.compare')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/admin/catalog">{t('nav.catalog')}</Link> }, { title: code }]} />
      <QueryState query={versions}>
        {(all) => {
          const head = all.find((v) => v.status === 'published') ?? all[0]!;
          return (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <PageHeader
                title={pick(head.name, head.nameEn)}
                subtitle={
                  <Space size={8} wrap>
                    <span className="mono">{code}</span>
                    <span>{deptLabel(t, head.deptKey)}</span>
                  </Space>
                }
                extra={
                  published && (
                    <LinkButton to={`/items/${encodeURIComponent(code)}`} icon={<ExportOutlined />}>
                      {t('catalog.admin.publicPage')}
                    </LinkButton>
                  )
                }
              />
              <StatusPanel code={code} versions={all} onDialog={setDialog} onCompare={compare} />
              <Card title={t('catalog.admin.versions')} styles={{ body: { padding: 0 } }}>
                <Table<ItemVersion> rowKey="id" size="middle" columns={columns} dataSource={all} pagination={false} scroll={{ x: 640 }} />
              </Card>
              {all.length > 1 && <VersionDiffCard versions={all} from={from} to={to} onChange={compare} />}
            </Space>
          );
        }}
      </QueryState>
      {viewing && <VersionDrawer version={viewing} onClose={() => setViewing(null)} />}
      {dialog?.kind === 'openDraft' && (
        <NoteModal
          title={t('catalog.admin.openDraftTitle')}
          intro={t('catalog.admin.openDraftIntro')}
          label={t('catalog.admin.changeNote')}
          required
          okText={t('catalog.admin.openDraft')}
          loading={openDraft.isPending}
          onClose={() => setDialog(null)}
          onOk={(changeNote) =>
            openDraft.mutate(
              { code, changeNote },
              {
                onSuccess: () => {
                  void message.success(t('catalog.admin.draftOpened'));
                  setDialog(null);
                },
                onError: (err) => onProblem(err),
              },
            )
          }
        />
      )}
      {dialog?.kind === 'reject' && (
        <NoteModal
          title={t('catalog.admin.rejectTitle')}
          intro={t('catalog.admin.rejectIntro')}
          label={t('catalog.admin.rejectNote')}
          required
          okText={t('catalog.admin.reject')}
          loading={transition.isPending}
          onClose={() => setDialog(null)}
          onOk={(note) =>
            transition.mutate(
              { id: dialog.version.id, action: 'reject', version: dialog.version.version, note },
              {
                onSuccess: () => {
                  void message.success(t('catalog.admin.rejected'));
                  setDialog(null);
                },
                onError: (err) => onProblem(err),
              },
            )
          }
        />
      )}
      {dialog?.kind === 'retire' && (
        <NoteModal
          title={t('catalog.admin.retireTitle')}
          intro={t('catalog.admin.retireIntro')}
          label={t('catalog.admin.retireNote')}
          required={false}
          danger
          okText={t('catalog.admin.retire')}
          loading={transition.isPending}
          onClose={() => setDialog(null)}
          onOk={(note) =>
            transition.mutate(
              { id: dialog.version.id, action: 'retire', version: dialog.version.version, ...(note ? { note } : {}) },
              {
                onSuccess: () => {
                  void message.success(t('catalog.admin.retired'));
                  setDialog(null);
                },
                onError: (err) => onProblem(err),
              },
            )
          }
        />
      )}
    </>
  );
}
