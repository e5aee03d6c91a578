import { EyeOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Row, Select, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidCreditCode, isValidResidentId } from '../../../../common/id-codes.js';
import { hasRole, useMe } from '../../api/auth.js';
import { useImportRecords, usePutRecord, useQueryRecord, useRecords, type ImportReport, type ImportRows, type RecordSummary, type RecordValues, type ResourceDetail, type ResourceField, type SharedRecord } from '../../api/sharing.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch } from '../../shared/list-parts.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';

const PAGE_SIZE = 10;
const validSubject = (v: string) => isValidResidentId(v.toUpperCase()) || isValidCreditCode(v.toUpperCase());

/** A value as read: yes/no for booleans, a dash for nothing. */
function ValueText({ field, value }: { field: ResourceField; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (field.type === 'boolean') return <>{value ? t('sharing.records.yes') : t('sharing.records.no')}</>;
  return <>{String(value)}</>;
}

/** The input for one field, by its type; a form control (Form.Item hands it `value` and `onChange`). */
function FieldInput({ field, value, onChange }: { field: ResourceField; value?: unknown; onChange?: (value: unknown) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const label = pick(field.name, field.nameEn);
  if (field.type === 'number') return <InputNumber aria-label={label} style={{ width: '100%' }} value={typeof value === 'number' ? value : null} onChange={(v) => onChange?.(v)} />;
  if (field.type === 'boolean')
    return <Select aria-label={label} allowClear value={typeof value === 'boolean' ? value : undefined} onChange={(v) => onChange?.(v ?? null)} options={[{ value: true, label: t('sharing.records.yes') }, { value: false, label: t('sharing.records.no') }]} />;
  return <Input aria-label={label} type={field.type === 'date' ? 'date' : 'text'} maxLength={2000} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange?.(e.target.value)} />;
}

/** Creates a subject's record, or replaces one read just before (`record`, with its version). */
function RecordFormModal({ resource, record, onClose }: { resource: ResourceDetail; record?: SharedRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const put = usePutRecord();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ subjectId: string; data: Record<string, unknown> }>();
  return (
    <Modal open width={720} title={record ? t('sharing.records.edit') : t('sharing.records.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={put.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ subjectId: record?.subjectId, data: record?.fields ?? {} }}
        onFinish={(v) => {
          // Empty inputs are unknown values: sent as null, so a replaced record does not keep them.
          const data = Object.fromEntries(resource.fields.map((f) => [f.key, v.data?.[f.key] === undefined || v.data[f.key] === '' ? null : v.data[f.key]])) as RecordValues;
          put.mutate(
            { code: resource.code, subjectId: v.subjectId.trim().toUpperCase(), data, ...(record ? { version: record.version } : {}) },
            { onSuccess: () => { void message.success(t('common.saved')); onClose(); }, onError: (err) => onProblem(err, { form, codeFields: { duplicate: 'subjectId', 'sharing.invalid_subject': 'subjectId' } }) },
          );
        }}
      >
        <Form.Item name="subjectId" label={t('sharing.records.subject')} rules={[{ required: true, validator: async (_, v: string | undefined) => { if (!v || !validSubject(v.trim())) throw new Error(t('sharing.records.subjectInvalid')); } }]}>
          <Input maxLength={18} disabled={!!record} className="mono" />
        </Form.Item>
        <Row gutter={16}>
          {resource.fields.map((f) => (
            <Col key={f.key} xs={24} sm={12}>
              <Form.Item name={['data', f.key]} label={pick(f.name, f.nameEn)}>
                <FieldInput field={f} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}

/** Reading a record is a query like any other: with a purpose, and logged for the subject to see. */
function ViewRecordModal({ resource, onClose, onEdit }: { resource: ResourceDetail; onClose: () => void; onEdit: (r: SharedRecord) => void }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const read = useQueryRecord();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ subjectId: string; purpose: string }>();
  const record = read.data;
  return (
    <Modal open width={720} title={t('sharing.records.view')} onCancel={onClose} footer={record ? [<Button key="edit" type="primary" onClick={() => onEdit(record)}>{t('common.edit')}</Button>, <Button key="close" onClick={onClose}>{t('common.back')}</Button>] : undefined} onOk={() => form.submit()} okText={t('sharing.records.read')} cancelText={t('common.cancel')} confirmLoading={read.isPending} destroyOnHidden>
      {!record ? (
        <Form form={form} layout="vertical" initialValues={{ purpose: t('sharing.records.defaultPurpose') }} onFinish={(v) => read.mutate({ code: resource.code, subjectId: v.subjectId.trim().toUpperCase(), purpose: v.purpose.trim() }, { onError: (err) => onProblem(err) })}>
          <Alert type="info" showIcon title={t('sharing.records.logged')} style={{ marginBottom: 16 }} />
          <Form.Item name="subjectId" label={t('sharing.records.subject')} rules={[{ required: true, validator: async (_, v: string | undefined) => { if (!v || !validSubject(v.trim())) throw new Error(t('sharing.records.subjectInvalid')); } }]}>
            <Input maxLength={18} className="mono" />
          </Form.Item>
          <Form.Item name="purpose" label={t('sharing.query.purpose')} rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      ) : (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('sharing.records.subject')}>
            <span className="mono">{record.subjectId}</span>
          </Descriptions.Item>
          {resource.fields.map((f) => (
            <Descriptions.Item key={f.key} label={pick(f.name, f.nameEn)}>
              <ValueText field={f} value={record.fields[f.key]} />
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('sharing.resource.updatedAt')}>{formatDateTime(record.updatedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('common.version')}>{record.version}</Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}

/** Parses a batch: a JSON array of `{ subjectId, data }` (or `{ rows: [...] }`). */
function parseRows(text: string): ImportRows | string {
  try {
    const value: unknown = JSON.parse(text);
    const rows = Array.isArray(value) ? value : (value as { rows?: unknown })?.rows;
    if (!Array.isArray(rows) || !rows.length) return 'empty';
    return rows as ImportRows;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A batch from the owner's system: checked in a dry run, then imported all or nothing. */
function ImportModal({ resource, onClose }: { resource: ResourceDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useImportRecords();
  const onProblem = useProblemHandler();
  const [text, setText] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const parsed = text.trim() ? parseRows(text) : null;
  const send = (dryRun: boolean) => {
    if (!parsed || typeof parsed === 'string') return;
    run.mutate(
      { code: resource.code, rows: parsed, dryRun },
      {
        onSuccess: (r) => {
          setReport(r);
          if (!dryRun && r.ok) {
            void message.success(t('sharing.import.done', { created: r.created, updated: r.updated }));
            onClose();
          }
        },
        onError: (err) => onProblem(err),
      },
    );
  };
  const example = JSON.stringify([{ subjectId: '652301199003071234', data: Object.fromEntries(resource.fields.slice(0, 2).map((f) => [f.key, f.type === 'number' ? 1 : f.type === 'boolean' ? true : '…'])) }], null, 1);
  return (
    <Modal
      open
      width={760}
      title={t('sharing.import.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="dry" disabled={!parsed || typeof parsed === 'string'} loading={run.isPending} onClick={() => send(true)}>{t('sharing.import.dryRun')}</Button>,
        <Button key="run" type="primary" disabled={!report?.ok || !report.dryRun} loading={run.isPending} onClick={() => send(false)}>{t('sharing.import.run')}</Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('sharing.import.help')}</Typography.Paragraph>
      <Upload
        accept=".json,application/json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then((v) => { setText(v); setReport(null); });
          return false;
        }}
      >
        <Button icon={<ImportOutlined />}>{t('sharing.import.file')}</Button>
      </Upload>
      <Input.TextArea
        aria-label={t('sharing.import.rows')}
        style={{ marginTop: 12 }}
        className="mono"
        rows={8}
        placeholder={example}
        value={text}
        onChange={(e) => { setText(e.target.value); setReport(null); }}
      />
      {typeof parsed === 'string' && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('sharing.import.parseError', { detail: parsed })} />}
      {report && (
        <Alert
          style={{ marginTop: 12 }}
          type={report.ok ? 'success' : 'error'}
          showIcon
          title={report.ok ? t('sharing.import.ok', { created: report.created, updated: report.updated }) : t('sharing.import.bad', { count: report.errors.length })}
          description={
            report.errors.length ? (
              <ul className="plain-list">
                {report.errors.slice(0, 50).map((e, i) => (
                  <li key={i}>{t('sharing.import.rowError', { row: e.row + 1, subject: e.subjectId, field: e.field, message: e.message })}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
    </Modal>
  );
}

type Dialog = { kind: 'view' } | { kind: 'add' } | { kind: 'edit'; record: SharedRecord } | { kind: 'import' } | null;

/** The owner's records of a resource: who they are about (masked), searched by the whole ID on the server. */
export function RecordsSection({ resource }: { resource: ResourceDetail }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe().data!;
  const [page, setPage] = useState(1);
  const [subject, setSubject] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const records = useRecords(resource.code, { page, pageSize: PAGE_SIZE, ...(subject ? { subject } : {}) }, true);
  return (
    <Card
      size="small"
      title={t('sharing.records.title')}
      extra={
        <Flex gap={8} wrap>
          {/* Reading is a query as the reader's own department: for the owner's staff who handle cases, not administrators above. */}
          {hasRole(me, 'departmentHead', 'reviewer') && <Button icon={<EyeOutlined />} onClick={() => setDialog({ kind: 'view' })}>{t('sharing.records.view')}</Button>}
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })}>{t('sharing.records.add')}</Button>
          <Button icon={<ImportOutlined />} onClick={() => setDialog({ kind: 'import' })}>{t('sharing.import.title')}</Button>
        </Flex>
      }
    >
      <div style={{ marginBottom: 12, maxWidth: 420 }}>
        <ListSearch
          q={subject}
          onSearch={(v) => { setSubject(v && validSubject(v) ? v.toUpperCase() : undefined); setPage(1); }}
          label={t('sharing.records.search')}
          placeholder={t('sharing.records.searchPlaceholder')}
          submitLabel={t('portal.search.submit')}
        />
      </div>
      {records.isError ? (
        <LoadError error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <>
          <Table<RecordSummary>
            rowKey={(r) => `${r.subjectId}-${r.updatedAt}`}
            size="small"
            loading={records.isFetching}
            dataSource={records.data?.items}
            pagination={false}
            locale={{ emptyText: subject ? t('sharing.records.noneFound') : t('sharing.records.none') }}
            columns={[
              { title: t('sharing.records.subject'), dataIndex: 'subjectId', render: (v: string) => <span className="mono">{v}</span> },
              { title: t('sharing.records.kind'), dataIndex: 'subjectKind', responsive: ['sm'], render: (k: RecordSummary['subjectKind']) => t(`sharing.subjectKind.${k}`) },
              { title: t('common.version'), dataIndex: 'version', responsive: ['sm'] },
              { title: t('sharing.resource.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
            ]}
          />
          {records.data && <ListFooter total={records.data.total} page={page} pageSize={PAGE_SIZE} onPage={setPage} />}
        </>
      )}
      {dialog?.kind === 'view' && <ViewRecordModal resource={resource} onClose={() => setDialog(null)} onEdit={(record) => setDialog({ kind: 'edit', record })} />}
      {dialog?.kind === 'add' && <RecordFormModal resource={resource} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <RecordFormModal resource={resource} record={dialog.record} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && <ImportModal resource={resource} onClose={() => setDialog(null)} />}
    </Card>
  );
}
