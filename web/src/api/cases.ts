import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type CaseListFilter = paths['/api/v1/cases']['get']['parameters']['query'];
export type CaseListPage = Json<paths['/api/v1/cases']['get']['responses'][200]>;
export type CaseListItem = CaseListPage['items'][number];
export type CaseView = Json<paths['/api/v1/cases/{id}']['get']['responses'][200]>;
export type CaseRecord = CaseView['case'];
export type CaseClock = CaseView['clock'];
export type CaseEvent = CaseView['events'][number];
export type CaseMaterial = CaseView['materials'][number];
export type CaseTrip = CaseView['trips'][number];
export type MaterialSpec = CaseView['materialSpecs'][number];
export type RatingBody = Json<paths['/api/v1/cases/{id}/evaluations']['post']['requestBody']>;
export type Evaluation = Json<paths['/api/v1/cases/{id}/evaluations']['post']['responses'][201]>;
export type EvaluationFilter = paths['/api/v1/evaluations']['get']['parameters']['query'];
export type EvaluationListItem = Json<paths['/api/v1/evaluations']['get']['responses'][200]>['items'][number];

export const caseKeys = {
  all: ['cases'] as const,
  list: (filter: CaseListFilter) => [...caseKeys.all, 'list', filter] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
  evaluations: (filter: EvaluationFilter) => [...caseKeys.all, 'evaluations', filter] as const,
};

// ---------------------------------------------------------------- links (documents the browser opens itself)

export const caseDocumentKinds = ['acceptance', 'correction', 'refusal', 'decision', 'certificate'] as const;
export type CaseDocumentKind = (typeof caseDocumentKinds)[number];

/** A case's printable notice, decision or certificate (PDF, in Chinese, with a QR code back to the case). */
export const caseDocumentUrl = (id: string, kind: CaseDocumentKind) => `/api/v1/cases/${encodeURIComponent(id)}/documents/${kind}.pdf`;

// ---------------------------------------------------------------- reading

/** One page of an inbox (`mine` for an applicant's own cases), soonest deadline first. */
export function useCases(filter: CaseListFilter) {
  return useQuery({
    queryKey: caseKeys.list(filter),
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** A case with its clock, events, materials, trips and the catalog's material list. */
export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Ratings: an applicant's own, or those of cases the staff member's subtree handled. */
export function useEvaluations(filter: EvaluationFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: caseKeys.evaluations(filter),
    queryFn: () => unwrap(api.GET('/api/v1/evaluations', { params: { query: filter } })),
    enabled: options.enabled ?? true,
  });
}

// ---------------------------------------------------------------- the applicant's moves

/** Rates a handled case (好差评), once per handling; refreshes the cases and ratings, also after a 409. */
export function useRateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: RatingBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/evaluations', { params: { path: { id } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: caseKeys.all }),
  });
}
