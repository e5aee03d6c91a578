import { CheckCircleOutlined, CloudDownloadOutlined, FileSearchOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Row, Segmented, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { catalogExportUrl, useImportCatalog, type ImportFile, type ImportReport, type ImportRow } from '../../api/catalog.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { fieldLabel } from './field-values.js';

interface ChosenFile {
  name: string;
  size: number;
  file: ImportFile;
}

const outcomeColors: Record<ImportRow['outcome'], string> = { created: 'success', drafted: 'processing', updated: 'cyan', invalid: 'error', rejected: 'warning' };
const isProblemRow = (r: ImportRow) => r.outcome === 'invalid' || r.outcome === 'rejected';

/** Reads a chosen file as the import body: a JSON array, or CSV text for the server to parse. */
async function readImportFile(file: File): Promise<ImportFile | 'unsupported' | 'notArray' | 'empty'> {
  const name = file.name.toLowerCase();
  const text = await file.text();
  if (!text.trim()) return 'empty';
  if (name.endsWith('.csv')) return { format: 'csv', text };
  if (!name.endsWith('.json')) return 'unsupported';
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? { format: 'json', records: value } : 'notArray';
  } catch {
    return 'notArray';
  }
}

function ErrorsCell({ row }: { row: ImportRow }) {
  const { t } = useTranslation();
  if (!row.errors.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <ul className="error-list">
      {row.errors.map((e, i) => {
        const top = e.field.split('/').filter(Boolean)[0];
        return (
          <li key={i}>
            {top && <Typography.Text strong>{fieldLabel(t, top)} </Typography.Text>}
            <Typography.Text type="secondary" className="mono">
              {e.field}
            </Typography.Text>
            : {e.message}
          </li>
        );
      })}
    </ul>
  );
}

function Report({ report, applied }: { report: ImportReport; applied: boolean }) {
  const { t } = useTranslation();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const bad = report.rows.filter(isProblemRow).length;
  const rows = onlyProblems ? report.rows.filter(isProblemRow) : report.rows;
  const columns: TableColumnsType<ImportRow> = [
    { title: t('catalog.import.row'), dataIndex: 'row', width: 80 },
    {
      title: t('catalog.code'),
      key: 'code',
      width: 160,
      render: (_, r) =>
        r.code && applied && !isProblemRow(r) ? (
          <Link to={`/admin/catalog/items/${encodeURIComponent(r.code)}`} className="mono">
            {r.code}
          </Link>
        ) : (
          <span className="mono">{r.code ?? '—'}</span>
        ),
    },
    { title: t('catalog.import.outcome'), key: 'outcome', width: 130, render: (_, r) => <Tag color={outcomeColors[r.outcome]}>{t(`catalog.import.outcomes.${r.outcome}`)}</Tag> },
    { title: t('catalog.import.errors'), key: 'errors', render: (_, r) => <ErrorsCell row={r} /> },
  ];
  return (
    <Card title={applied ? t('catalog.import.appliedTitle') : t('catalog.import.reportTitle')} style={{ marginTop: 16 }}>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('catalog.import.rowsTotal')} value={report.rows.length} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('catalog.import.rowsOk')} value={report.rows.length - bad} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('catalog.import.rowsBad')} value={bad} styles={{ content: { color: bad ? '#cf1322' : undefined } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('catalog.import.rowsApplied')} value={report.applied} />
        </Col>
      </Row>
      {applied ? (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('catalog.import.appliedText', { count: report.applied })} />
      ) : (
        <Alert type={bad ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={bad ? t('catalog.import.dryRunBad', { count: bad }) : t('catalog.import.dryRunOk')} />
      )}
      {bad > 0 && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={onlyProblems ? 'bad' : 'all'}
          onChange={(v) => setOnlyProblems(v === 'bad')}
          options={[
            { value: 'all', label: `${t('common.all')} (${report.rows.length})` },
            { value: 'bad', label: `${t('catalog.import.onlyProblems')} (${bad})` },
          ]}
        />
      )}
      <Table<ImportRow>
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 720 }}
        rowClassName={(r) => (isProblemRow(r) ? 'import-row-bad' : '')}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      />
    </Card>
  );
}

/** Bulk import of items as drafts (JSON or CSV) with a per-row report; export of the published catalog. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const run = useImportCatalog();
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; applied: boolean } | null>(null);

  const choose = async (file: File) => {
    setResult(null);
    const read = await readImportFile(file);
    if (typeof read === 'string') {
      setChosen(null);
      setFileError(t(`catalog.import.fileErrors.${read}`));
      return;
    }
    setFileError(null);
    setChosen({ name: file.name, size: file.size, file: read });
  };

  const submit = (dryRun: boolean) => {
    if (!chosen) return;
    run.mutate(
      { file: chosen.file, dryRun },
      {
        onSuccess: (report) => {
          setResult({ report, applied: !dryRun });
          if (!dryRun) void message.success(t('catalog.import.appliedText', { count: report.applied }));
        },
        onError: (err) => onProblem(err),
      },
    );
  };

  const dryRunDone = result && !result.applied;
  const goodRows = result ? result.report.rows.filter((r) => !isProblemRow(r)).length : 0;

  return (
    <>
      <PageHeader title={t('nav.catalogImport')} subtitle={t('catalog.import.intro')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={<><UploadOutlined /> {t('catalog.import.title')}</>}>
            <Upload.Dragger
              accept=".json,.csv,application/json,text/csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void choose(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('catalog.import.choose')}</p>
              <p className="ant-upload-hint">{t('catalog.import.fileHint')}</p>
            </Upload.Dragger>
            {fileError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={fileError} />}
            {chosen && (
              <Flex justify="space-between" align="center" wrap gap={12} className="import-file">
                <Space wrap>
                  <Tag color="blue">{chosen.file.format.toUpperCase()}</Tag>
                  <Typography.Text strong>{chosen.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {chosen.file.format === 'json' ? t('catalog.import.records', { count: chosen.file.records.length }) : t('catalog.import.bytes', { size: Math.ceil(chosen.size / 1024) })}
                  </Typography.Text>
                </Space>
                <Space wrap>
                  <Button icon={<FileSearchOutlined />} onClick={() => submit(true)} loading={run.isPending && run.variables?.dryRun}>
                    {t('catalog.import.dryRun')}
                  </Button>
                  <Popconfirm
                    title={t('catalog.import.applyConfirm', { count: goodRows })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => submit(false)}
                    disabled={!dryRunDone || goodRows === 0}
                  >
                    <Button type="primary" icon={<CheckCircleOutlined />} disabled={!dryRunDone || goodRows === 0} loading={run.isPending && run.variables?.dryRun === false}>
                      {t('catalog.import.apply')}
                    </Button>
                  </Popconfirm>
                </Space>
              </Flex>
            )}
            {chosen && !dryRunDone && !result && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('catalog.import.dryRunFirst')}</Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<><CloudDownloadOutlined /> {t('catalog.import.exportTitle')}</>}>
            <Typography.Paragraph type="secondary">{t('catalog.import.exportHelp')}</Typography.Paragraph>
            <Space wrap>
              <Button href={catalogExportUrl('json')} download icon={<CloudDownloadOutlined />}>
                {t('catalog.import.exportJson')}
              </Button>
              <Button href={catalogExportUrl('csv')} download icon={<CloudDownloadOutlined />}>
                {t('catalog.import.exportCsv')}
              </Button>
            </Space>
          </Card>
        </Col>
      </Row>
      {result && <Report key={`${result.applied}`} report={result.report} applied={result.applied} />}
    </>
  );
}
