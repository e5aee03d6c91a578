import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import { useImportCertificates, type ImportBody, type ImportReport } from '../../api/certificates.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import '../../portal/certificates/certificates.css';

type Row = ImportReport['rows'][number];
type Parsed = { rows: ImportBody['certificates'] } | { error: string } | null;

const example = [
  {
    type: 'businessLicence', number: 'YZ652301-2020-000001', issuedOn: '2020-05-18',
    holder: { kind: 'company', name: '昌吉市示例商贸有限公司', idNumber: '91652301MA7E5XMP27' },
    fields: { entityName: '昌吉市示例商贸有限公司', entityType: '有限责任公司', legalRepresentative: '李明', establishedOn: '2020-05-18', address: '昌吉市北京南路1号', businessScope: '日用百货销售' },
  },
];
const exampleHref = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(example, null, 2))}`;

/** The batch as the file has it: an array, or `{ certificates: [...] }`. */
function parse(text: string): Parsed {
  if (!text.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    const rows = Array.isArray(value) ? value : (value as { certificates?: unknown })?.certificates;
    if (!Array.isArray(rows) || !rows.length) return { error: 'expected a non-empty array of certificates' };
    return { rows: rows as ImportBody['certificates'] };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** A server field pointer made readable: `/body/certificates/3/fields/area` → `fields/area`. */
const fieldOf = (pointer: string) => pointer.replace(/^\/body\/certificates\/\d+\/?/, '') || '—';

/** The report from the server's errors when a real import was refused (the rows as the problem names them). */
function reportFromProblem(err: ApiProblem, rows: ImportBody['certificates']): Row[] {
  return rows.map((r, index) => {
    const errors = err.errors.filter((e) => e.field.startsWith(`/body/certificates/${index}/`) || e.field === `/body/certificates/${index}`);
    return { index, number: String(r.number ?? ''), ok: !errors.length, errors, id: null, identifier: null };
  });
}

/** Bulk import from another system: check every row (dry run), then import the whole batch, each certificate sealed. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const run = useImportCertificates();
  const [issuer, setIssuer] = useState<string>();
  const [text, setText] = useState('');
  const [report, setReport] = useState<{ dryRun: boolean; rows: Row[]; imported: number } | null>(null);
  const parsed = useMemo(() => parse(text), [text]);
  const rows = parsed && 'rows' in parsed ? parsed.rows : null;
  const bad = report?.rows.filter((r) => !r.ok).length ?? 0;

  const send = (dryRun: boolean) => {
    if (!issuer || !rows) return;
    run.mutate(
      { issuerOrg: issuer, dryRun, certificates: rows },
      {
        onSuccess: (r) => {
          setReport({ dryRun: r.dryRun, rows: r.rows, imported: r.imported });
          if (!r.dryRun) void message.success(t('certificates.import.imported', { count: r.imported }));
        },
        onError: (err) => {
          if (err instanceof ApiProblem && err.code === 'certificate.import_rejected') setReport({ dryRun: false, rows: reportFromProblem(err, rows), imported: 0 });
          else onProblem(err);
        },
      },
    );
  };

  const columns: TableColumnsType<Row> = [
    { title: '#', key: 'n', width: 70, render: (_, r) => t('certificates.import.row', { n: r.index + 1 }) },
    { title: t('certificates.detail.number'), dataIndex: 'number', render: (v: string) => <span className="mono">{v}</span> },
    { title: t('verify.status'), key: 'ok', width: 90, render: (_, r) => (r.ok ? <Tag color="success">{t('certificates.import.ok')}</Tag> : <Tag color="error">{t('certificates.import.bad')}</Tag>) },
    {
      title: '',
      key: 'detail',
      render: (_, r) =>
        r.ok ? (
          r.identifier ? <Typography.Text className="mono hash" copyable>{r.identifier}</Typography.Text> : null
        ) : (
          <ul className="certificate-report-errors">
            {r.errors.map((e) => (
              <li key={`${e.field}${e.message}`}>
                <span className="mono">{fieldOf(e.field)}</span>: {e.message}
              </li>
            ))}
          </ul>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('certificates.import.title')} subtitle={t('certificates.import.intro')} extra={<Button href={exampleHref} download="certificates-example.json" icon={<DownloadOutlined />}>{t('certificates.import.example')}</Button>} />
      <Card>
        <Form layout="vertical" style={{ maxWidth: 860 }}>
          <Form.Item label={t('certificates.import.issuer')} required>
            <OrgPicker value={issuer} onChange={(v) => { setIssuer(v); setReport(null); }} placeholder={t('certificates.import.issuerPlaceholder')} aria-label={t('certificates.import.issuer')} style={{ width: '100%', maxWidth: 420 }} />
          </Form.Item>
          <Form.Item label={t('certificates.import.file')} extra={t('certificates.import.fileHint')} required>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Upload
                accept="application/json,.json"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then((content) => { setText(content); setReport(null); });
                  return false;
                }}
              >
                <Button icon={<CloudUploadOutlined />}>{t('certificates.import.choose')}</Button>
              </Upload>
              <Input.TextArea
                rows={8}
                className="mono"
                placeholder={t('certificates.import.paste')}
                aria-label={t('certificates.import.paste')}
                value={text}
                onChange={(e) => { setText(e.target.value); setReport(null); }}
              />
              {parsed && 'error' in parsed && <Alert type="error" showIcon title={t('certificates.import.parseError', { detail: parsed.error })} />}
              {rows && <Typography.Text type="secondary">{t('certificates.import.rows', { count: rows.length })}</Typography.Text>}
            </Space>
          </Form.Item>
          <Flex gap={8} wrap>
            <Button icon={<FileSearchOutlined />} disabled={!issuer || !rows} loading={run.isPending && run.variables?.dryRun} onClick={() => send(true)}>
              {t('certificates.import.check')}
            </Button>
            <Button type="primary" icon={<CheckCircleOutlined />} data-testid="import-run" disabled={!issuer || !rows || !report?.dryRun || bad > 0} loading={run.isPending && !run.variables?.dryRun} onClick={() => send(false)}>
              {t('certificates.import.run')}
            </Button>
          </Flex>
        </Form>
      </Card>
      {report && (
        <Card title={t('certificates.import.report')} style={{ marginTop: 16 }} data-testid="import-report">
          {bad > 0 ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('certificates.import.someBad', { bad })} />
          ) : report.dryRun ? (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('certificates.import.allOk', { count: report.rows.length })} />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('certificates.import.imported', { count: report.imported })} />
          )}
          <Table<Row> rowKey="index" size="small" columns={columns} dataSource={report.rows} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 640 }} />
        </Card>
      )}
    </>
  );
}
