import { AlertOutlined, FundProjectionScreenOutlined, RightOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Empty, Flex, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { kpiKeys, type KpiKey } from '../../../common/supervision.js';
import { useKpis, useMonthlyKpis, useWarnings, type KpiBreakdownRow, type KpiReport, type KpiSubject, type KpiWithDefinition } from '../api/supervision.js';
import { WarningTag } from '../shared/case-tags.js';
import { todayInShanghai } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { LinkButton } from '../shared/link-button.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';
import { useChosenKpi, useDrill, useTrailLabels } from './drill.js';
import { ChildrenTreemap, drillable, RankingChart, TrendChart } from './kpi-charts.js';
import { HotlineKpis, isHotlineKpi } from './hotline-kpis.js';
import { KpiCard } from './kpi-card.js';
import { formatKpi } from './kpi-format.js';
import { UpdatedAt } from './live.js';
import { monthPeriod, PeriodPicker, trendMonths, usePeriod } from './period.js';
import './supervision.css';

/** The KPIs of the breakdown table, besides the one chosen for the charts. */
const TABLE_KPIS: KpiKey[] = ['T1', 'T3', 'T4.cases', 'volume', 'handling'];

/** Picks the KPI the charts and the table colour by. */
function KpiSelect({ kpis, value, onChange }: { kpis: KpiWithDefinition[]; value: KpiKey; onChange: (k: KpiKey) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Select<KpiKey>
      aria-label={t('supervision.dashboard.chooseKpi')}
      value={value}
      onChange={onChange}
      popupMatchSelectWidth={false}
      options={kpis.map((k) => ({ value: k.key, label: `${k.key} · ${k.definition.name[locale]}` }))}
      style={{ width: 240, maxWidth: '100%' }}
      data-testid="kpi-select"
    />
  );
}

/** The children's main KPIs, each name a link one level down. */
function BreakdownTable({ rows, report, kpi, onDrill }: { rows: KpiBreakdownRow[]; report: KpiReport; kpi: KpiKey; onDrill: (s: KpiSubject) => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const keys = TABLE_KPIS.includes(kpi) ? TABLE_KPIS : [kpi, ...TABLE_KPIS];
  const defOf = (k: KpiKey) => report.kpis.find((x) => x.key === k)!;
  const columns: ColumnsType<KpiBreakdownRow> = [
    {
      title: t(`supervision.dashboard.childKind.${rows[0]?.subject.kind ?? 'org'}`),
      key: 'name',
      fixed: 'left',
      width: 200,
      render: (_, r) =>
        drillable(r.subject) ? (
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onDrill(r.subject)} data-testid="drill-link">
            {pick(r.subject.name, r.subject.nameEn)} <RightOutlined style={{ fontSize: 10 }} />
          </Button>
        ) : (
          pick(r.subject.name, r.subject.nameEn)
        ),
    },
    ...keys.map((k) => ({
      title: defOf(k).definition.name[locale],
      key: k,
      align: 'right' as const,
      width: 130,
      sorter: (a: KpiBreakdownRow, b: KpiBreakdownRow) => (a.kpis.find((x) => x.key === k)?.value ?? -Infinity) - (b.kpis.find((x) => x.key === k)?.value ?? -Infinity),
      render: (_: unknown, r: KpiBreakdownRow) => {
        const v = r.kpis.find((x) => x.key === k);
        const text = formatKpi(v?.value ?? null, defOf(k).unit, locale, t);
        return <span className={v?.meetsTarget === false ? 'sup-missed' : v?.meetsTarget ? 'sup-met' : undefined}>{text}</span>;
      },
    })),
  ];
  return (
    <Table<KpiBreakdownRow>
      size="small"
      rowKey={(r) => r.subject.id}
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      data-testid="breakdown-table"
    />
  );
}

/** The live warnings of the subtree: counts and the latest red cases. */
function WarningsCard({ org }: { org: string | undefined }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const warnings = useWarnings({ ...(org ? { org } : {}), page: 1, pageSize: 5 });
  const link = `/supervision/warnings${org ? `?org=${encodeURIComponent(org)}` : ''}`;
  return (
    <Card
      title={
        <Space>
          <AlertOutlined />
          {t('supervision.dashboard.warnings')}
        </Space>
      }
      extra={<Link to={link}>{t('supervision.dashboard.allWarnings')}</Link>}
      data-testid="warnings-card"
      style={{ height: '100%' }}
    >
      {warnings.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : warnings.isError ? (
        <LoadError error={warnings.error} onRetry={() => void warnings.refetch()} />
      ) : (
        <>
          <Row gutter={8}>
            {(['red', 'yellow', 'paused'] as const).map((level) => (
              <Col span={8} key={level}>
                <Statistic title={t(`enums.warning.${level}`)} value={warnings.data.counts[level]} styles={{ content: { color: level === 'red' ? '#cf1322' : level === 'yellow' ? '#d46b08' : undefined } }} data-testid={`warnings-${level}`} />
              </Col>
            ))}
          </Row>
          {warnings.data.items.length ? (
            <ul className="plain-list sup-warning-list">
              {warnings.data.items.map((w) => (
                <li key={w.caseId}>
                  <Flex justify="space-between" gap={8} align="center">
                    <span style={{ minWidth: 0 }}>
                      <Link to={`/review/cases/${w.caseId}`} className="mono">
                        {w.caseNumber}
                      </Link>
                      <div className="sup-muted sup-ellipsis">
                        {pick(w.itemName, w.itemNameEn)} · {pick(w.handlerOrg.name, w.handlerOrg.nameEn)}
                      </div>
                    </span>
                    <WarningTag level={w.level} />
                  </Flex>
                </li>
              ))}
            </ul>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.warnings.none')} />
          )}
        </>
      )}
    </Card>
  );
}

/** The chosen KPI month by month for the organisation shown. */
function TrendCard({ org, kpi, months }: { org: string | undefined; kpi: KpiWithDefinition; months: string[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const today = todayInShanghai();
  const ranges = months.map((m) => ({ month: m, ...monthPeriod(m, today), closed: monthPeriod(m, today).to < today }));
  const results = useMonthlyKpis(org, ranges);
  const failed = results.find((r) => r.isError);
  const values = results.map((r) => r.data?.kpis.find((k) => k.key === kpi.key)?.value ?? null);
  return (
    <Card title={t('supervision.dashboard.trend', { kpi: kpi.definition.name[locale] })} style={{ height: '100%' }}>
      {failed ? (
        <LoadError error={failed.error} onRetry={() => void failed.refetch()} />
      ) : results.every((r) => r.isPending) ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <TrendChart months={months} series={[{ key: kpi.key, definition: kpi.definition, values, target: kpi.target }]} />
      )}
    </Card>
  );
}

/**
 * The supervisor's dashboard: the plan's targets as KPI cards for their organisation (or whatever
 * they drilled into), the children as a treemap and a ranking, a trend, the live warnings and a
 * table to go one level down. Refreshes itself every minute.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const [period, setPeriod] = usePeriod();
  const drill = useDrill();
  const [kpiKey, setKpi] = useChosenKpi();
  const org = drill.current;
  const report = useKpis({ ...(org ? { org } : {}), from: period.from, to: period.to, by: 'child' });
  const data = report.data;
  const subjectName = data ? pick(data.subject.name, data.subject.nameEn) : undefined;
  const levels = useTrailLabels(drill.trail, subjectName);
  const chosen = data?.kpis.find((k) => k.key === kpiKey) ?? data?.kpis[0];
  const rows = data?.breakdown ?? [];
  const months = useMemo(() => trendMonths(period), [period]);
  const onDrill = (s: KpiSubject) => drill.down(s.code);
  const ordered = useMemo(() => (data ? kpiKeys.map((k) => data.kpis.find((x) => x.key === k)).filter((k): k is KpiWithDefinition => !!k) : []), [data]);

  return (
    <div className="sup-page">
      <PageHeader
        title={t('supervision.dashboard.title')}
        subtitle={subjectName ? t('supervision.dashboard.subtitle', { org: subjectName, from: period.from, to: period.to }) : t('supervision.dashboard.intro')}
        extra={
          <>
            <UpdatedAt at={report.dataUpdatedAt} fetching={report.isFetching} />
            <LinkButton to={`/supervision/screen${org ? `?org=${encodeURIComponent(org)}` : ''}`} icon={<FundProjectionScreenOutlined />}>
              {t('supervision.dashboard.openScreen')}
            </LinkButton>
          </>
        }
      />
      <Flex className="sup-toolbar" justify="space-between" align="center" wrap gap={12}>
        <Breadcrumb
          data-testid="drill-trail"
          items={levels.map((l, i) => ({
            key: l.code ?? 'root',
            title:
              i === levels.length - 1 ? (
                <span aria-current="page">{l.label}</span>
              ) : (
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    drill.upTo(i - 1);
                  }}
                >
                  {l.label}
                </a>
              ),
          }))}
        />
        <Flex gap={8} wrap align="center">
          {data && chosen && <KpiSelect kpis={ordered} value={chosen.key} onChange={setKpi} />}
          <PeriodPicker value={period} onChange={setPeriod} />
        </Flex>
      </Flex>

      {report.isError ? (
        <Card>
          <LoadError error={report.error} onRetry={() => void report.refetch()} />
        </Card>
      ) : !data || !chosen ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} className="sup-kpis" data-testid="kpi-cards">
            {ordered.filter((k) => !isHotlineKpi(k)).map((k) => (
              <Col key={k.key} xs={12} sm={12} md={8} lg={6} xxl={4}>
                <KpiCard kpi={k} selected={k.key === chosen.key} onSelect={() => setKpi(k.key)} />
              </Col>
            ))}
          </Row>
          <HotlineKpis kpis={ordered.filter(isHotlineKpi)} chosen={chosen.key} onSelect={setKpi} />

          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={12}>
              <Card
                title={t('supervision.dashboard.map', { kpi: chosen.definition.name[locale] })}
                style={{ height: '100%' }}
              >
                {rows.length ? (
                  <>
                    <ChildrenTreemap rows={rows} kpi={chosen.key} definition={chosen.definition} onDrill={onDrill} />
                    <Typography.Paragraph type="secondary" className="sup-chart-note">
                      {t('supervision.dashboard.mapNote')}
                    </Typography.Paragraph>
                  </>
                ) : (
                  <Empty description={t('supervision.dashboard.noChildren')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('supervision.dashboard.ranking', { kpi: chosen.definition.name[locale] })} style={{ height: '100%' }}>
                {rows.some((r) => r.kpis.find((k) => k.key === chosen.key)?.value != null) ? (
                  <RankingChart rows={rows} kpi={chosen.key} definition={chosen.definition} onDrill={onDrill} />
                ) : (
                  <Empty description={t('supervision.dashboard.nothingToRank')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <TrendCard org={org} kpi={chosen} months={months} />
            </Col>
            <Col xs={24} xl={10}>
              {/* Warnings are per organisation: at a window, those of the organisation above it. */}
              <WarningsCard org={data.subject.kind === 'org' ? data.subject.id : drill.trail.at(-2)} />
            </Col>
          </Row>

          <Card
            title={
              <Space wrap>
                {t('supervision.dashboard.breakdown')}
                <Tag>{t(`supervision.dashboard.childKind.${rows[0]?.subject.kind ?? 'org'}`)}</Tag>
              </Space>
            }
            style={{ marginTop: 16 }}
          >
            {rows.length ? <BreakdownTable rows={rows} report={data} kpi={chosen.key} onDrill={onDrill} /> : <Empty description={t('supervision.dashboard.noChildren')} />}
          </Card>
        </>
      )}
    </div>
  );
}
