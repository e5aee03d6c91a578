import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { KpiKey } from '../../../common/supervision.js';
import { kpiKeys } from '../../../common/supervision.js';
import { useMe } from '../api/auth.js';
import { useOrgs } from '../api/orgs.js';
import { useLocale } from '../shared/i18n/index.js';
import { currentParams } from './query-params.js';

// Where the supervisor has drilled to, kept in the address (`trail=652301,652301-market,…`), so the
// browser's back button climbs up again and a view can be sent on. The first level is the
// supervisor's own organisation, which the trail leaves out.

export interface DrillLevel {
  code: string | undefined;
  label: string;
}

const trailOf = (params: URLSearchParams): string[] => (params.get('trail') ?? '').split(',').filter(Boolean);

export function useDrill() {
  const [params, setParams] = useSearchParams();
  const trail = useMemo(() => trailOf(params), [params]);
  // From the address as it is now (see currentParams), not the trail of the last render.
  const change = (to: (now: string[]) => string[]) =>
    setParams(() => {
      const p = currentParams();
      const next = to(trailOf(p));
      if (next.length) p.set('trail', next.join(','));
      else p.delete('trail');
      return p;
    });
  return {
    trail,
    /** The organisation or window shown: the last of the trail, or the supervisor's own (undefined). */
    current: trail.at(-1),
    down: (code: string) => change((now) => [...now, code]),
    /** Back to a level: -1 is the supervisor's own organisation. */
    upTo: (index: number) => change((now) => now.slice(0, index + 1)),
  };
}

/** The names of the levels of a trail, from the organisation tree; a window (not an organisation) by the name the report gave it. */
export function useTrailLabels(trail: string[], currentName: string | undefined): DrillLevel[] {
  const me = useMe().data;
  const { pick } = useLocale();
  const orgs = useOrgs(me?.org ? { within: me.org.code } : {}, { enabled: !!me?.org });
  return useMemo(() => {
    const byCode = new Map((orgs.data ?? []).map((o) => [o.code, o]));
    const root: DrillLevel = { code: undefined, label: me?.org ? pick(me.org.name, me.org.nameEn) : '' };
    return [
      root,
      ...trail.map((code, i) => {
        const org = byCode.get(code);
        return { code, label: org ? pick(org.name, org.nameEn) : i === trail.length - 1 && currentName ? currentName : code };
      }),
    ];
  }, [orgs.data, me, trail, currentName, pick]);
}

/** The KPI the charts show, from the address (`kpi=T3`); T1 unless chosen. */
export function useChosenKpi(fallback: KpiKey = 'T1'): [KpiKey, (k: KpiKey) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('kpi');
  const kpi = (kpiKeys as readonly string[]).includes(raw ?? '') ? (raw as KpiKey) : fallback;
  return [
    kpi,
    (k) =>
      setParams(
        () => {
          const p = currentParams();
          p.set('kpi', k);
          return p;
        },
        { replace: true },
      ),
  ];
}
