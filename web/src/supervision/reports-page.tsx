import { CheckOutlined, FileExcelOutlined, FilePdfOutlined, MinusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ratingLevels } from '../../../common/cases.js';
import { useMe } from '../api/auth.js';
import { monthlyReportFileUrl, useKeptReports, useMonthlyReport, type KeptReport, type MonthlyReportContent } from '../api/supervision.js';
import { formatDate, formatDateTime, todayInShanghai } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgPicker } from '../shared/org-picker.js';
import { PageHeader } from '../shared/page-header.js';
import { QueryState } from '../shared/query-state.js';
import { DefinitionButton, TargetTag, targetLabel, targetText } from './kpi-card.js';
import { formatKpi } from './kpi-format.js';
import { useQueryParams } from './query-params.js';
import './supervision.css';

const PAGE_SIZE = 10;
type Kpi = MonthlyReportContent['kpis'][number];
type LateCase = MonthlyReportContent['lateCases'][number];
type BadRating = MonthlyReportContent['badRatings'][number];

/** Last month: the first whose report is final. */
const lastMonth = () => dayjs(todayInShanghai()).subtract(1, 'month').format('YYYY-MM');

function KpiTable({ kpis }: { kpis: Kpi[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const columns: ColumnsType<Kpi> = [
    {
      title: t('supervision.reports.kpi'),
      key: 'name',
      render: (_, k) => (
        <Space size={2}>
          {targetLabel(k.key) && <span className="sup-kpi-key">{targetLabel(k.key)}</span>}
          {k.definition.name[locale]}
          <DefinitionButton definition={k.definition} />
        </Space>
      ),
    },
    { title: t('supervision.reports.value'), key: 'value', align: 'right', render: (_, k) => <strong>{formatKpi(k.value, k.unit, locale, t)}</strong> },
    { title: t('supervision.reports.previous'), key: 'previous', align: 'right', render: (_, k) => formatKpi(k.previous, k.unit, locale, t) },
    { title: t('supervision.kpi.target'), key: 'target', render: (_, k) => targetText(k, locale, t) ?? '—' },
    { title: t('supervision.reports.meets'), key: 'meets', render: (_, k) => (k.target === null ? '—' : <TargetTag meets={k.meetsTarget} />) },
  ];
  return <Table<Kpi> rowKey="key" size="small" columns={columns} dataSource={kpis} pagination={false} scroll={{ x: 'max-content' }} data-testid="report-kpis" />;
}

function Rankings({ content }: { content: MonthlyReportContent }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const defOf = (key: string) => content.kpis.find((k) => k.key === key)!;
  return (
    <Tabs
      size="small"
      items={content.rankings.map((r) => ({
        key: r.key,
        label: defOf(r.key).definition.name[locale],
        children: (
          <Table
            rowKey={(row) => row.org.id}
            size="small"
            pagination={false}
            dataSource={r.rows}
            rowClassName={(row) => (row.org.id === content.org.id ? 'sup-row-self' : '')}
            columns={[
              { title: t('supervision.reports.rank'), key: 'rank', width: 70, render: (_, row) => row.rank ?? '—' },
              { title: t('supervision.reports.org'), key: 'org', render: (_, row) => pick(row.org.name, row.org.nameEn) },
              { title: t('supervision.reports.value'), key: 'value', align: 'right', render: (_, row) => formatKpi(row.value, defOf(r.key).unit, locale, t) },
            ]}
          />
        ),
      }))}
    />
  );
}

function LateCases({ content }: { content: MonthlyReportContent }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const columns: ColumnsType<LateCase> = [
    {
      title: t('supervision.warnings.case'),
      key: 'case',
      render: (_, c) => (
        <>
          <Link to={`/review/cases/${c.caseId}`} className="mono">
            {c.caseNumber}
          </Link>
          <div className="sup-muted">{pick(c.itemName, c.itemNameEn)}</div>
        </>
      ),
    },
    { title: t('supervision.reports.decisionOrg'), key: 'org', render: (_, c) => pick(c.decisionOrg.name, c.decisionOrg.nameEn) },
    { title: t('supervision.reports.promisedDue'), key: 'due', render: (_, c) => (c.promisedDueOn ? formatDate(c.promisedDueOn, locale, false) : '—') },
    { title: t('supervision.reports.decidedOn'), key: 'decided', render: (_, c) => formatDate(c.decidedOn, locale, false) },
    { title: t('supervision.reports.usedDays'), key: 'used', align: 'right', render: (_, c) => (c.usedDays === null ? '—' : c.usedDays) },
    {
      title: t('supervision.reports.reasons'),
      key: 'reasons',
      render: (_, c) =>
        c.reasons.length ? (
          <ul className="sup-reasons">
            {c.reasons.map((r, i) => (
              <li key={i}>
                <Tag style={{ marginInlineEnd: 4 }}>{t(`enums.caseAction.${r.action}`)}</Tag>
                {r.reason}
              </li>
            ))}
          </ul>
        ) : (
          <Typography.Text type="secondary">{t('supervision.reports.noReason')}</Typography.Text>
        ),
    },
  ];
  return (
    <>
      <Table<LateCase> rowKey="caseId" size="small" columns={columns} dataSource={content.lateCases} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('supervision.reports.noLate') }} data-testid="report-late" />
      {content.lateCasesTotal > content.lateCases.length && <Typography.Paragraph type="secondary">{t('supervision.reports.moreLate', { shown: content.lateCases.length, total: content.lateCasesTotal })}</Typography.Paragraph>}
    </>
  );
}

function BadRatings({ content }: { content: MonthlyReportContent }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const steps = ['verified', 'answered', 'rectified', 'calledBack'] as const;
  const columns: ColumnsType<BadRating> = [
    { title: t('supervision.warnings.case'), key: 'case', render: (_, r) => <><span className="mono">{r.caseNumber}</span><div className="sup-muted">{r.itemName}</div></> },
    { title: t('supervision.reports.org'), key: 'org', render: (_, r) => pick(r.org.name, r.org.nameEn) },
    { title: t('supervision.reports.rating'), key: 'level', render: (_, r) => <Tag color={r.level === 1 ? 'error' : 'warning'}>{t(`enums.ratingLevel.${ratingLevels[r.level - 1] ?? 'neutral'}`)}</Tag> },
    { title: t('supervision.reports.ratedOn'), key: 'rated', render: (_, r) => formatDate(r.ratedOn, locale, false) },
    { title: t('supervision.reports.comment'), key: 'comment', render: (_, r) => r.comment ?? '—' },
    {
      title: t('supervision.reports.followUp'),
      key: 'followUp',
      render: (_, r) => (
        <Space size={4} wrap>
          {steps.map((s) => (
            <Tag key={s} icon={r[s] ? <CheckOutlined /> : <MinusOutlined />} color={r[s] ? 'success' : 'default'}>
              {t(`supervision.reports.steps.${s}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('supervision.reports.onTime'), key: 'onTime', render: (_, r) => (r.onTime === null ? <Tag>{t('supervision.reports.inProgress')}</Tag> : <TargetTag meets={r.onTime} />) },
  ];
  return <Table<BadRating> rowKey={(r) => `${r.caseNumber}-${r.ratedOn}`} size="small" columns={columns} dataSource={content.badRatings} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('supervision.reports.noBad') }} />;
}

function ReportContent({ content, id }: { content: MonthlyReportContent; id: string | null }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const p = content.problemReports;
  return (
    <div data-testid="report-content">
      <Card>
        <Flex justify="space-between" wrap gap={12} align="flex-start">
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="report-title">
              {t('supervision.reports.reportTitle', { org: pick(content.org.name, content.org.nameEn), month: content.month })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('supervision.reports.span', { from: formatDate(content.from, locale, false), to: formatDate(content.to, locale, false), at: formatDateTime(content.generatedAt, locale) })}
            </Typography.Text>
          </div>
          {content.final && id ? <Tag color="success">{t('supervision.reports.kept')}</Tag> : <Tag color="processing">{t('supervision.reports.provisional')}</Tag>}
        </Flex>
      </Card>
      <Card title={t('supervision.reports.kpis')} style={{ marginTop: 16 }}>
        <KpiTable kpis={content.kpis} />
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={t('supervision.reports.rankings')} style={{ height: '100%' }}>
            {content.rankings.length ? <Rankings content={content} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('supervision.reports.problems')} style={{ height: '100%' }}>
            <Row gutter={[12, 12]}>
              <Col span={8}><Statistic title={t('supervision.reports.problemsReceived')} value={p.received} /></Col>
              <Col span={8}><Statistic title={t('supervision.reports.problemsAnswered')} value={p.answered} /></Col>
              <Col span={8}><Statistic title={t('supervision.reports.problemsOnTime')} value={p.answeredOnTime} /></Col>
              <Col span={8}><Statistic title={t('supervision.reports.problemsOpen')} value={p.open} /></Col>
              <Col span={8}><Statistic title={t('supervision.reports.problemsOverdue')} value={p.overdueOpen} styles={{ content: { color: p.overdueOpen ? '#cf1322' : undefined } }} /></Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <Card title={t('supervision.reports.late', { count: content.lateCasesTotal })} style={{ marginTop: 16 }}>
        <LateCases content={content} />
      </Card>
      <Card title={t('supervision.reports.badRatings', { count: content.badRatings.length })} style={{ marginTop: 16 }}>
        <BadRatings content={content} />
      </Card>
    </div>
  );
}

/** The kept monthly reports of the subtree, newest month first; a click opens one. */
function KeptReports({ onOpen }: { onOpen: (r: KeptReport) => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const { page, setPage } = useQueryParams();
  const kept = useKeptReports({ page, pageSize: PAGE_SIZE });
  const columns: ColumnsType<KeptReport> = [
    { title: t('supervision.reports.month'), key: 'month', render: (_, r) => <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(r)}>{r.month}</Button> },
    { title: t('supervision.reports.org'), key: 'org', render: (_, r) => pick(r.org.name, r.org.nameEn) },
    { title: t('supervision.reports.generatedAt'), key: 'at', render: (_, r) => formatDateTime(r.generatedAt, locale) },
    {
      title: t('common.actions'),
      key: 'files',
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" icon={<FilePdfOutlined />} href={monthlyReportFileUrl('pdf', r.month, r.org.id)} download>PDF</Button>
          <Button size="small" icon={<FileExcelOutlined />} href={monthlyReportFileUrl('xlsx', r.month, r.org.id)} download>XLSX</Button>
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('supervision.reports.keptTitle')} style={{ marginTop: 16 }}>
      <QueryState query={kept}>
        {(data) => (
          <Table<KeptReport>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data.items}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('supervision.reports.noneKept') }}
            data-testid="kept-reports"
            pagination={{
              current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, hideOnSinglePage: true,
              onChange: setPage,
            }}
          />
        )}
      </QueryState>
    </Card>
  );
}

/**
 * Monthly information reports (R7.3): choose an organisation and a month, read the report, download
 * it as PDF or XLSX. A month that is over is kept as first generated; the month under way is provisional.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const { params, set } = useQueryParams();
  const org = params.get('org') ?? me?.org?.id;
  const monthParam = params.get('month');
  const month = monthParam && /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : lastMonth();
  const report = useMonthlyReport(org, month);
  const thisMonth = todayInShanghai().slice(0, 7);
  return (
    <div className="sup-page">
      <PageHeader title={t('supervision.reports.title')} subtitle={t('supervision.reports.intro')} />
      <Card size="small" className="sup-filters">
        <Flex wrap gap={12} align="center" justify="space-between">
          <Flex wrap gap={12} align="center">
            <OrgPicker value={org} onChange={(v) => set({ org: v })} placeholder={t('supervision.filters.org')} aria-label={t('supervision.filters.org')} style={{ width: 280 }} />
            <DatePicker
              picker="month"
              aria-label={t('supervision.reports.month')}
              value={dayjs(`${month}-01`)}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
              onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
            />
          </Flex>
          <Space wrap>
            <Button type="primary" icon={<FilePdfOutlined />} href={monthlyReportFileUrl('pdf', month, org)} download data-testid="download-pdf">
              {t('supervision.reports.downloadPdf')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={monthlyReportFileUrl('xlsx', month, org)} download data-testid="download-xlsx">
              {t('supervision.reports.downloadXlsx')}
            </Button>
          </Space>
        </Flex>
      </Card>
      <QueryState query={report}>{(data) => <ReportContent content={data.content} id={data.id} />}</QueryState>
      <KeptReports onOpen={(r) => set({ org: r.org.id, month: r.month, page: params.get('page') ?? undefined })} />
    </div>
  );
}
