import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KpiBreakdown } from '../../../common/supervision.js';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

// Electronic supervision (电子监察): query hooks over the supervision module's routes. Everything a
// supervisor watches refreshes itself every minute; a change (duty, answer) refreshes the module.

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P] extends { [K in M]: { requestBody?: infer B } } ? Json<NonNullable<B>> : never;

export type KpiFilter = Query<'/api/v1/supervision/kpis'>;
export type KpiReport = Ok<'/api/v1/supervision/kpis'>;
export type KpiWithDefinition = KpiReport['kpis'][number];
export type KpiDefinition = KpiWithDefinition['definition'];
export type KpiValue = NonNullable<KpiReport['breakdown']>[number]['kpis'][number];
export type KpiBreakdownRow = NonNullable<KpiReport['breakdown']>[number];
export type KpiSubject = KpiReport['subject'];
export type ItemHandlingRow = NonNullable<KpiReport['items']>[number];

export type WarningFilter = Query<'/api/v1/supervision/warnings'>;
export type WarningList = Ok<'/api/v1/supervision/warnings'>;
export type WarningItem = WarningList['items'][number];
export type EscalationFilter = Query<'/api/v1/supervision/escalations'>;

export type StaffFilter = Query<'/api/v1/supervision/staff'>;
export type StaffPage = Ok<'/api/v1/supervision/staff'>;
export type StaffMember = StaffPage['items'][number];
export type Duty = NonNullable<Ok<'/api/v1/supervision/duty'>>;

export type ProblemReportFilter = Query<'/api/v1/supervision/problem-reports'>;
export type ProblemReport = Ok<'/api/v1/supervision/problem-reports/{id}'>;
export type NewProblemReport = Body<'/api/v1/supervision/problem-reports', 'post'>;

export type MonthlyReport = Ok<'/api/v1/supervision/reports/monthly'>;
export type MonthlyReportContent = MonthlyReport['content'];
export type KeptReportFilter = Query<'/api/v1/supervision/reports'>;
export type KeptReport = Ok<'/api/v1/supervision/reports'>['items'][number];

/** How often what supervisors watch is asked again: the rollup job itself runs every minute. */
export const REFRESH_MS = 60_000;

export const supervisionKeys = {
  all: ['supervision'] as const,
  kpis: (filter: KpiFilter) => [...supervisionKeys.all, 'kpis', filter] as const,
  definitions: () => [...supervisionKeys.all, 'definitions'] as const,
  warnings: (filter: WarningFilter) => [...supervisionKeys.all, 'warnings', filter] as const,
  escalations: (filter: EscalationFilter) => [...supervisionKeys.all, 'escalations', filter] as const,
  staff: (filter: StaffFilter) => [...supervisionKeys.all, 'staff', filter] as const,
  duty: () => [...supervisionKeys.all, 'duty'] as const,
  problems: (filter: ProblemReportFilter) => [...supervisionKeys.all, 'problems', filter] as const,
  problem: (id: string) => [...supervisionKeys.all, 'problem', id] as const,
  report: (org: string | undefined, month: string) => [...supervisionKeys.all, 'report', org ?? '', month] as const,
  reports: (filter: KeptReportFilter) => [...supervisionKeys.all, 'reports', filter] as const,
};

const getKpis = (filter: KpiFilter) => unwrap(api.GET('/api/v1/supervision/kpis', { params: { query: filter } }));

// ---------------------------------------------------------------- KPIs

/** The KPIs of an organisation or window over a period, with their definitions; with `by`, per child (or item). */
export function useKpis(filter: KpiFilter, options: { live?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: supervisionKeys.kpis(filter),
    queryFn: () => getKpis(filter),
    // Another period of the same place keeps showing the last one while loading; another place
    // does not (its rows would be clicked as if they were the new level's).
    placeholderData: (previous, previousQuery) => {
      const before = previousQuery?.queryKey[2] as KpiFilter | undefined;
      return before && before.org === filter.org && before.by === filter.by ? previous : undefined;
    },
    refetchInterval: options.live === false ? false : REFRESH_MS,
    enabled: options.enabled ?? true,
  });
}

/**
 * The KPIs month by month, for a trend. A month that is over no longer changes much and is not asked
 * again while the page is open; the month under way refreshes like the rest.
 */
export function useMonthlyKpis(org: string | undefined, months: { month: string; from: string; to: string; closed: boolean }[], by?: KpiBreakdown) {
  return useQueries({
    queries: months.map((m) => {
      const filter: KpiFilter = { ...(org ? { org } : {}), from: m.from, to: m.to, ...(by ? { by } : {}) };
      return {
        queryKey: supervisionKeys.kpis(filter),
        queryFn: () => getKpis(filter),
        staleTime: m.closed ? Infinity : 0,
        refetchInterval: m.closed ? (false as const) : REFRESH_MS,
      };
    }),
  });
}

/** The written definitions of every KPI (public). */
export function useKpiDefinitions() {
  return useQuery({
    queryKey: supervisionKeys.definitions(),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/kpi-definitions')),
    staleTime: Infinity,
  });
}

// ---------------------------------------------------------------- warnings

/** Cases yellow, red or paused now in a subtree, a page at a time, with counts. */
export function useWarnings(filter: WarningFilter, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: supervisionKeys.warnings(filter),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/warnings', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval ?? REFRESH_MS,
  });
}

/** The warning steps recorded and who was told (one case's, or a subtree's). */
export function useEscalations(filter: EscalationFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: supervisionKeys.escalations(filter),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/escalations', { params: { query: filter } })),
    enabled: options.enabled ?? true,
  });
}

// ---------------------------------------------------------------- staff and duty

/** Front-line staff of a subtree: duty now, workload, handling time and ratings over the period. */
export function useStaff(filter: StaffFilter) {
  return useQuery({
    queryKey: supervisionKeys.staff(filter),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/staff', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** The signed-in clerk's duty now (null: signed out). */
export function useMyDuty(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: supervisionKeys.duty(),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/duty')),
    // "Serving" follows the queue: the clerk's own calls change it.
    refetchInterval: 30_000,
    enabled: options.enabled ?? true,
  });
}

/** Every supervision mutation refreshes the module's data, also on failure (a 409 means ours is stale). */
function useSupervisionMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: supervisionKeys.all }) });
}

export type DutyChange = { action: 'sign-in'; windowId: string } | { action: 'sign-out' } | { action: 'status'; status: 'onDuty' | 'away'; version: number };

export const useChangeDuty = () =>
  useSupervisionMutation((c: DutyChange) => {
    switch (c.action) {
      case 'sign-in':
        return unwrap(api.POST('/api/v1/supervision/duty/sign-in', { body: { windowId: c.windowId } }));
      case 'sign-out':
        return unwrap(api.POST('/api/v1/supervision/duty/sign-out'));
      case 'status':
        return unwrap(api.PUT('/api/v1/supervision/duty/status', { body: { status: c.status, version: c.version } }));
    }
  });

// ---------------------------------------------------------------- reform problem reports

export function useProblemReports(filter: ProblemReportFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: supervisionKeys.problems(filter),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/problem-reports', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    enabled: options.enabled ?? true,
  });
}

/** Anyone reports a 堵点 or 难点; the answer is the report with its number and answer deadline. */
export const useReportProblem = () => useSupervisionMutation((body: NewProblemReport) => unwrap(api.POST('/api/v1/supervision/problem-reports', { body })));

export const useAnswerProblem = () =>
  useSupervisionMutation(({ id, answer, version }: { id: string; answer: string; version: number }) =>
    unwrap(api.POST('/api/v1/supervision/problem-reports/{id}/answer', { params: { path: { id } }, body: { answer, version } })),
  );

// ---------------------------------------------------------------- monthly reports

/** An organisation's monthly report: kept once the month is over, built afresh for the month under way. */
export function useMonthlyReport(org: string | undefined, month: string | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: supervisionKeys.report(org, month ?? ''),
    queryFn: async () => {
      const report = await unwrap(api.GET('/api/v1/supervision/reports/monthly', { params: { query: { month: month!, ...(org ? { org } : {}) } } }));
      // The first request for a month that is over keeps the report: the list of kept ones grew.
      if (report.id) void qc.invalidateQueries({ queryKey: [...supervisionKeys.all, 'reports'] });
      return report;
    },
    enabled: !!month,
  });
}

/** The kept monthly reports of a subtree, newest month first. */
export function useKeptReports(filter: KeptReportFilter) {
  return useQuery({
    queryKey: supervisionKeys.reports(filter),
    queryFn: () => unwrap(api.GET('/api/v1/supervision/reports', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** The address of a monthly report's PDF or spreadsheet (downloaded by the browser with the session cookie). */
export const monthlyReportFileUrl = (format: 'pdf' | 'xlsx', month: string, org?: string) =>
  `/api/v1/supervision/reports/monthly/${format}?${new URLSearchParams({ month, ...(org ? { org } : {}) }).toString()}`;
