import type { ECElementEvent } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiBreakdownRow, KpiDefinition, KpiSubject } from '../api/supervision.js';
import type { KpiKey } from '../../../common/supervision.js';
import { useLocale } from '../shared/i18n/index.js';
import { Chart, type ChartOption } from './chart.js';
import { axisUnit, chartValue, formatKpi, goodBadColor, standing } from './kpi-format.js';

// The dashboard's three charts: the children as a treemap coloured by a KPI (sized by case volume),
// the children ranked by a KPI against its target, and a KPI month by month.

const valueOf = (row: KpiBreakdownRow, key: KpiKey) => row.kpis.find((k) => k.key === key);

interface ChildrenChartProps {
  rows: KpiBreakdownRow[];
  kpi: KpiKey;
  definition: KpiDefinition;
  onDrill?: (subject: KpiSubject) => void;
  dark?: boolean;
  height?: number | string;
}

/** Whether a child can be opened further: organisations and windows can, people are the last level. */
export const drillable = (s: KpiSubject): boolean => s.kind !== 'person';

/**
 * The children of the organisation as tiles: the area is the case volume, the colour how the chosen
 * KPI stands (green at or past the target, amber near, red far; without a target, best to worst).
 */
export function ChildrenTreemap({ rows, kpi, definition, onDrill, dark, height = 320 }: ChildrenChartProps) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const option = useMemo<ChartOption>(() => {
    const values = rows.map((r) => valueOf(r, kpi)?.value ?? null);
    const target = valueOf(rows[0]!, kpi)?.target ?? null;
    return {
      tooltip: {
        formatter: (p: unknown) => {
          const { name, data } = p as { name: string; data: { kpiText: string; volume: number } };
          return `<b>${name}</b><br/>${definition.name[locale]}: ${data.kpiText}<br/>${t('supervision.charts.volume')}: ${data.volume.toLocaleString(locale)}`;
        },
      },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          width: '100%',
          height: '100%',
          top: 0,
          left: 0,
          label: { show: true, formatter: '{b}\n{c}', fontSize: dark ? 18 : 13, overflow: 'break' },
          upperLabel: { show: false },
          itemStyle: { borderColor: dark ? '#0b1730' : '#fff', borderWidth: 2, gapWidth: 2 },
          data: rows.map((r, i) => {
            const v = valueOf(r, kpi);
            const volume = valueOf(r, 'volume')?.value ?? 0;
            const kpiText = formatKpi(v?.value ?? null, definition.unit, locale, t);
            return {
              name: pick(r.subject.name, r.subject.nameEn),
              // Tiles need an area: an organisation without cases still shows, small.
              value: Math.max(volume, 1),
              volume,
              kpiText,
              subjectIndex: i,
              label: { formatter: `{b}\n${kpiText}` },
              itemStyle: { color: goodBadColor(standing(v?.value ?? null, values, definition.better, target)) },
            };
          }),
        },
      ],
    };
  }, [rows, kpi, definition, locale, pick, t, dark]);
  const onClick = useCallback(
    (e: ECElementEvent) => {
      const i = (e.data as { subjectIndex?: number } | undefined)?.subjectIndex;
      const row = i === undefined ? undefined : rows[i];
      if (row && onDrill && drillable(row.subject)) onDrill(row.subject);
    },
    [rows, onDrill],
  );
  return <Chart option={option} height={height} dark={dark} onClick={onDrill ? onClick : undefined} label={t('supervision.charts.treemapLabel', { kpi: definition.name[locale] })} testId="children-treemap" />;
}

/** The children ranked by a KPI, best first, with the target as a line; bars green when met. */
export function RankingChart({ rows, kpi, definition, onDrill, dark, height }: ChildrenChartProps) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const ranked = useMemo(() => {
    const withValue = rows.filter((r) => valueOf(r, kpi)?.value != null);
    const sign = definition.better === 'higher' ? -1 : 1;
    withValue.sort((a, b) => sign * (valueOf(a, kpi)!.value! - valueOf(b, kpi)!.value!));
    // The best at the top: ECharts draws a category axis bottom-up.
    return withValue.reverse();
  }, [rows, kpi, definition.better]);
  const option = useMemo<ChartOption>(() => {
    const target = valueOf(rows[0]!, kpi)?.target ?? null;
    const values = ranked.map((r) => valueOf(r, kpi)?.value ?? null);
    return {
      grid: { left: 8, right: 48, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}${axisUnit(definition.unit, t)}` },
      xAxis: { type: 'value', name: axisUnit(definition.unit, t), splitLine: { lineStyle: { opacity: dark ? 0.15 : 1 } } },
      yAxis: { type: 'category', data: ranked.map((r) => pick(r.subject.name, r.subject.nameEn)), axisLabel: { width: dark ? 200 : 120, overflow: 'truncate', fontSize: dark ? 15 : 12 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          label: { show: true, position: 'right', fontSize: dark ? 15 : 12, formatter: (p) => formatKpi(values[p.dataIndex] ?? null, definition.unit, locale, t) },
          data: ranked.map((r, i) => ({ value: chartValue(values[i], definition.unit), itemStyle: { color: goodBadColor(standing(values[i] ?? null, values, definition.better, target)) }, subjectIndex: i })),
          markLine:
            target === null
              ? undefined
              : { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: dark ? '#ffd666' : '#d46b08' }, label: { formatter: t('supervision.charts.target'), color: dark ? '#ffd666' : '#d46b08' }, data: [{ xAxis: chartValue(target, definition.unit)! }] },
        },
      ],
    };
  }, [ranked, rows, kpi, definition, locale, pick, t, dark]);
  const onClick = useCallback(
    (e: ECElementEvent) => {
      const row = ranked[e.dataIndex];
      if (row && onDrill && drillable(row.subject)) onDrill(row.subject);
    },
    [ranked, onDrill],
  );
  if (!ranked.length) return null;
  return (
    <Chart
      option={option}
      height={height ?? Math.max(200, ranked.length * 30 + 40)}
      dark={dark}
      onClick={onDrill ? onClick : undefined}
      label={t('supervision.charts.rankingLabel', { kpi: definition.name[locale] })}
      testId="ranking-chart"
    />
  );
}

export interface TrendSeries {
  key: KpiKey;
  definition: KpiDefinition;
  /** One value per month, null where there is nothing to measure or it is still loading. */
  values: (number | null)[];
  target: number | null;
}

/** KPIs month by month (same unit on one axis), with the target of the first as a dashed line. */
export function TrendChart({ months, series, dark, height = 300 }: { months: string[]; series: TrendSeries[]; dark?: boolean; height?: number | string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const option = useMemo<ChartOption>(() => {
    const unit = series[0]!.definition.unit;
    const target = series[0]!.target;
    return {
      grid: { left: 8, right: 24, top: series.length > 1 ? 40 : 24, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.definition.name[locale]) } : undefined,
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '—' : `${String(v)}${axisUnit(unit, t)}`) },
      xAxis: { type: 'category', boundaryGap: false, data: months.map((m) => (locale === 'zh-CN' ? `${Number(m.slice(5))}月` : m)) },
      yAxis: { type: 'value', name: axisUnit(unit, t), min: unit === 'ratio' ? 0 : undefined, max: unit === 'ratio' ? 100 : undefined, splitLine: { lineStyle: { opacity: dark ? 0.15 : 1 } } },
      series: series.map((s, i) => ({
        type: 'line' as const,
        name: s.definition.name[locale],
        smooth: true,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 3 },
        areaStyle: series.length === 1 ? { opacity: 0.12 } : undefined,
        data: s.values.map((v) => chartValue(v, unit)),
        markLine:
          i === 0 && target !== null
            ? { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: dark ? '#ffd666' : '#d46b08' }, label: { formatter: t('supervision.charts.target'), color: dark ? '#ffd666' : '#d46b08' }, data: [{ yAxis: chartValue(target, unit)! }] }
            : undefined,
      })),
    };
  }, [months, series, locale, t, dark]);
  return <Chart option={option} height={height} dark={dark} label={t('supervision.charts.trendLabel', { kpi: series.map((s) => s.definition.name[locale]).join(', ') })} testId="trend-chart" />;
}
