import { ExpandOutlined, LeftOutlined, PauseOutlined, CaretRightOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { KpiKey } from '../../../common/supervision.js';
import { useKpis, useMonthlyKpis, useWarnings, type KpiReport, type KpiWithDefinition } from '../api/supervision.js';
import { formatDate, todayInShanghai } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { LoadError } from '../shared/query-state.js';
import { ChildrenTreemap, RankingChart, TrendChart } from './kpi-charts.js';
import { formatKpi } from './kpi-format.js';
import { useNow } from '../hall/queue/queue-format.js';
import { clockTime } from './live.js';
import { monthPeriod, periodAround, trendMonths } from './period.js';
import './supervision.css';

// The hall's wall display (1920×1080): dark, large, no menus; the panels turn every 20 seconds and
// the data refreshes every minute. Arrow keys and the buttons move between panels; space pauses.

const ROTATE_MS = 20_000;
const BIG_KPIS: KpiKey[] = ['T1', 'T2', 'T3', 'T4.cases', 'volume', 'waiting', 'handling', 'T8.satisfaction'];
const TREND_KPIS: KpiKey[] = ['T1', 'T2', 'T3'];
const panels = ['overview', 'map', 'trend', 'warnings'] as const;
type Panel = (typeof panels)[number];

/** The time, ticking every second on its own (the rest of the page does not redraw with it). */
function LiveClock() {
  const { locale } = useLocale();
  return <div className="sup-screen-time">{clockTime(useNow(), locale)}</div>;
}

function BigNumber({ kpi }: { kpi: KpiWithDefinition }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const state = kpi.meetsTarget === null ? 'none' : kpi.meetsTarget ? 'met' : 'missed';
  return (
    <div className={`sup-screen-big sup-screen-${state}`} data-testid={`screen-kpi-${kpi.key}`}>
      <div className="sup-screen-big-name">{kpi.definition.name[locale]}</div>
      <div className="sup-screen-big-value">{formatKpi(kpi.value, kpi.unit, locale, t)}</div>
      <div className="sup-screen-big-target">
        {kpi.target === null
          ? t('supervision.kpi.noTarget')
          : `${t('supervision.kpi.targetValue', { op: kpi.definition.better === 'higher' ? '≥' : '≤', value: formatKpi(kpi.target, kpi.unit, locale, t) })} · ${kpi.meetsTarget === null ? '—' : kpi.meetsTarget ? t('supervision.kpi.met') : t('supervision.kpi.missed')}`}
      </div>
    </div>
  );
}

function Overview({ report }: { report: KpiReport }) {
  return (
    <div className="sup-screen-grid">
      {BIG_KPIS.map((k) => {
        const kpi = report.kpis.find((x) => x.key === k);
        return kpi ? <BigNumber key={k} kpi={kpi} /> : null;
      })}
    </div>
  );
}

/** The first of some KPIs that any child has a value for (a new installation has few cases yet). */
function firstWithValues(report: KpiReport, keys: KpiKey[]): KpiWithDefinition {
  const rows = report.breakdown ?? [];
  const key = keys.find((k) => rows.some((r) => r.kpis.find((x) => x.key === k)?.value != null)) ?? keys[0]!;
  return report.kpis.find((k) => k.key === key)!;
}

function MapPanel({ report }: { report: KpiReport }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const rows = report.breakdown ?? [];
  const coloured = firstWithValues(report, ['T3', 'T1', 'T2']);
  const ranked = firstWithValues(report, ['T1', 'T4.cases', 'T2']);
  if (!rows.length) return <div className="sup-screen-empty">{t('supervision.dashboard.noChildren')}</div>;
  const hasRanking = rows.some((r) => r.kpis.find((k) => k.key === ranked.key)?.value != null);
  return (
    <div className="sup-screen-two">
      <section>
        <h2>{t('supervision.dashboard.map', { kpi: coloured.definition.name[locale] })}</h2>
        <ChildrenTreemap rows={rows} kpi={coloured.key} definition={coloured.definition} dark height="calc(100% - 48px)" />
      </section>
      <section>
        <h2>{t('supervision.dashboard.ranking', { kpi: ranked.definition.name[locale] })}</h2>
        {hasRanking ? <RankingChart rows={rows} kpi={ranked.key} definition={ranked.definition} dark height="calc(100% - 48px)" /> : <div className="sup-screen-empty">{t('supervision.dashboard.nothingToRank')}</div>}
      </section>
    </div>
  );
}

function TrendPanel({ org, report }: { org: string | undefined; report: KpiReport }) {
  const { t } = useTranslation();
  const today = todayInShanghai();
  const months = useMemo(() => trendMonths(periodAround('month', today, today)), [today]);
  const results = useMonthlyKpis(org, months.map((m) => ({ month: m, ...monthPeriod(m, today), closed: monthPeriod(m, today).to < today })));
  const series = TREND_KPIS.map((key) => {
    const kpi = report.kpis.find((k) => k.key === key)!;
    return { key, definition: kpi.definition, target: kpi.target, values: results.map((r) => r.data?.kpis.find((k) => k.key === key)?.value ?? null) };
  });
  return (
    <section className="sup-screen-full">
      <h2>{t('supervision.screen.trend')}</h2>
      <TrendChart months={months} series={series} dark height="calc(100% - 48px)" />
    </section>
  );
}

function WarningsPanel({ org }: { org: string | undefined }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const warnings = useWarnings({ ...(org ? { org } : {}), level: 'red', page: 1, pageSize: 10 });
  if (warnings.isPending) return <Spin size="large" />;
  if (warnings.isError) return <LoadError error={warnings.error} onRetry={() => void warnings.refetch()} />;
  const { counts, items } = warnings.data;
  return (
    <div className="sup-screen-two sup-screen-warnings">
      <section className="sup-screen-counts">
        {(['red', 'yellow', 'paused'] as const).map((level) => (
          <div key={level} className={`sup-screen-count sup-screen-count-${level}`} data-testid={`screen-warnings-${level}`}>
            <div className="sup-screen-big-value">{counts[level]}</div>
            <div className="sup-screen-big-name">{t(`enums.warning.${level}`)}</div>
          </div>
        ))}
      </section>
      <section>
        <h2>{t('supervision.screen.lateCases')}</h2>
        {items.length ? (
          <table className="sup-screen-table">
            <tbody>
              {items.map((w) => (
                <tr key={w.caseId}>
                  <td className="mono">{w.caseNumber}</td>
                  <td>{pick(w.itemName, w.itemNameEn)}</td>
                  <td>{pick(w.handlerOrg.name, w.handlerOrg.nameEn)}</td>
                  <td className="sup-screen-late">{w.daysLeft !== null && w.daysLeft < 0 ? t('review.deadline.late', { count: -w.daysLeft }) : w.promisedDueOn ? formatDate(w.promisedDueOn, locale, false) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <div className="sup-screen-empty">{t('supervision.screen.noLate')}</div>
        )}
      </section>
    </div>
  );
}

/** The large-screen mode of the dashboard: this month's KPIs, the children, the trend and the late cases, in turn. */
export default function ScreenPage() {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const [params] = useSearchParams();
  const org = params.get('org') ?? undefined;
  // The day turns at midnight: looked at once a minute (the clock in the corner ticks by itself).
  const today = todayInShanghai(useNow(60_000));
  const month = useMemo(() => periodAround('month', today, today), [today]);
  const report = useKpis({ ...(org ? { org } : {}), from: month.from, to: month.to, by: 'child' });
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const panel: Panel = panels[index]!;
  const move = useCallback((step: number) => setIndex((i) => (i + step + panels.length) % panels.length), []);

  useEffect(() => {
    if (paused) return;
    const id = window.setTimeout(() => setIndex((i) => (i + 1) % panels.length), ROTATE_MS);
    return () => window.clearTimeout(id);
  }, [index, paused]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') move(1);
      else if (e.key === 'ArrowLeft') move(-1);
      else if (e.key === ' ') setPaused((p) => !p);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move]);

  const data = report.data;
  return (
    <div className="sup-screen" data-testid="screen" data-panel={panel}>
      <header className="sup-screen-header">
        <div>
          <div className="sup-screen-title">{data ? pick(data.subject.name, data.subject.nameEn) : '…'}</div>
          <div className="sup-screen-subtitle">
            {t('supervision.screen.title')} · {t('supervision.screen.month', { from: formatDate(month.from, locale, false), to: formatDate(month.to, locale, false) })}
          </div>
        </div>
        <div className="sup-screen-clock">
          <LiveClock />
          <div className="sup-screen-subtitle">{report.dataUpdatedAt ? t('supervision.live.updatedAt', { time: clockTime(report.dataUpdatedAt, locale) }) : t('supervision.live.loading')}</div>
        </div>
      </header>
      <main className="sup-screen-main" aria-live="polite">
        <h1 className="sup-screen-panel-title">{t(`supervision.screen.panels.${panel}`)}</h1>
        <div className="sup-screen-panel">
          {report.isError ? (
            <LoadError error={report.error} onRetry={() => void report.refetch()} />
          ) : !data ? (
            <Spin size="large" />
          ) : panel === 'overview' ? (
            <Overview report={data} />
          ) : panel === 'map' ? (
            <MapPanel report={data} />
          ) : panel === 'trend' ? (
            <TrendPanel org={org} report={data} />
          ) : (
            <WarningsPanel org={org} />
          )}
        </div>
      </main>
      <footer className="sup-screen-footer">
        <Button type="text" icon={<LeftOutlined />} aria-label={t('supervision.screen.previous')} onClick={() => move(-1)} />
        {panels.map((p, i) => (
          <button key={p} type="button" className={`sup-screen-dot${i === index ? ' active' : ''}`} aria-label={t(`supervision.screen.panels.${p}`)} aria-current={i === index} onClick={() => setIndex(i)} />
        ))}
        <Button type="text" icon={<RightOutlined />} aria-label={t('supervision.screen.next')} onClick={() => move(1)} />
        <Button type="text" icon={paused ? <CaretRightOutlined /> : <PauseOutlined />} aria-label={paused ? t('supervision.screen.play') : t('supervision.screen.pause')} onClick={() => setPaused((p) => !p)} />
        <Button type="text" icon={<ExpandOutlined />} aria-label={t('supervision.screen.fullscreen')} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)} />
      </footer>
    </div>
  );
}
