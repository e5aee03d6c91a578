import type { TFunction } from 'i18next';
import type { KpiKey, KpiUnit } from '../../../common/supervision.js';
import type { Locale } from '../api/client.js';

/** A KPI value as people read it: 72.4%, 3.5 个工作日, 1,204, 4分12秒. */
export function formatKpi(value: number | null | undefined, unit: KpiUnit, locale: Locale, t: TFunction): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'workingDays':
      return t('supervision.units.workingDays', { value: Number.isInteger(value) ? value : value.toFixed(1) });
    case 'seconds': {
      const s = Math.round(value);
      return t('supervision.units.minutesSeconds', { m: Math.floor(s / 60), s: s % 60 });
    }
    case 'count':
      return new Intl.NumberFormat(locale).format(Math.round(value * 10) / 10);
  }
}

/** The number on a chart's axis: shares as percentages, everything else as it is. */
export const chartValue = (value: number | null | undefined, unit: KpiUnit): number | null =>
  value === null || value === undefined ? null : unit === 'ratio' ? Math.round(value * 1000) / 10 : Math.round(value * 10) / 10;

/** The axis unit a chart shows beside its numbers. */
export const axisUnit = (unit: KpiUnit, t: TFunction): string =>
  unit === 'ratio' ? '%' : unit === 'workingDays' ? t('supervision.units.days') : unit === 'seconds' ? t('supervision.units.seconds') : '';

/** The measures shown first and largest: the plan's four headline targets, then the operating ones. */
export const headlineKpis: readonly KpiKey[] = ['T1', 'T2', 'T3', 'T4.items', 'T4.cases', 'volume', 'waiting', 'handling'];

/** Green for good, red for bad, interpolated; grey for no value. `share` is 0 (worst) … 1 (best). */
export function goodBadColor(share: number | null): string {
  if (share === null || Number.isNaN(share)) return '#bfbfbf';
  const s = Math.min(1, Math.max(0, share));
  // red #cf1322 → amber #faad14 → green #389e0d
  const stops: [number, number, number][] = [
    [0xcf, 0x13, 0x22],
    [0xfa, 0xad, 0x14],
    [0x38, 0x9e, 0x0d],
  ];
  const pos = s * 2;
  const i = Math.min(1, Math.floor(pos));
  const f = pos - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/**
 * Where a value stands among others (0 worst … 1 best), for colours: against the target when there
 * is one (at the target or better is green), else between the smallest and largest shown.
 */
export function standing(value: number | null, all: (number | null)[], better: 'higher' | 'lower', target: number | null): number | null {
  if (value === null) return null;
  if (target !== null) {
    const meets = better === 'higher' ? value >= target - 1e-12 : value <= target + 1e-12;
    if (meets) return 1;
    // Below target: from red (far) to amber (close), relative to the target.
    const gap = better === 'higher' ? (target - value) / (target || 1) : (value - target) / (target || 1);
    return Math.max(0, 0.5 - gap);
  }
  const known = all.filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (max === min) return 0.75;
  const share = (value - min) / (max - min);
  return better === 'higher' ? share : 1 - share;
}
