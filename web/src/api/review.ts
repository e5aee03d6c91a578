import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import { caseKeys, type CaseView, type EvaluationFilter } from './cases.js';
import type { paths } from './schema.js';

// The back office (reviewers, department heads) and the rating follow-up: query hooks over the cases
// module's routes. Every key sits under caseKeys.all, so a change to a case refreshes them all.

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Body<P extends keyof paths> = paths[P] extends { post: { requestBody?: infer B } } ? Json<NonNullable<B>> : never;

export type ReviewBox = 'toReview' | 'tasks' | 'suspended' | 'toDeliver';
export const reviewBoxes: readonly ReviewBox[] = ['toReview', 'tasks', 'suspended', 'toDeliver'];
export type InboxCounts = Json<paths['/api/v1/cases/inbox']['get']['responses'][200]>;
export type CaseFile = Json<paths['/api/v1/cases/{id}/files']['get']['responses'][200]>[number];
export type DecisionCheck = Json<paths['/api/v1/cases/{id}/decision/verification']['get']['responses'][200]>;
export type FollowUpStep = paths['/api/v1/evaluations/{id}/{step}']['post']['parameters']['path']['step'];
export type FollowUpBody = Body<'/api/v1/evaluations/{id}/{step}'>;

export const reviewKeys = {
  inbox: () => [...caseKeys.all, 'inbox'] as const,
  files: (id: string) => [...caseKeys.all, 'files', id] as const,
  verification: (id: string) => [...caseKeys.all, 'verification', id] as const,
  ratings: (filter: EvaluationFilter) => [...caseKeys.all, 'ratings', filter] as const,
};

/** The bytes of an uploaded file (PDF or image), as the browser opens it. */
export const fileUrl = (sha256: string) => `/api/v1/files/${encodeURIComponent(sha256)}`;

// ---------------------------------------------------------------- reading

/** How many cases wait in each box of the reviewer's inbox, and how many of them are late. */
export function useInboxCounts() {
  return useQuery({
    queryKey: reviewKeys.inbox(),
    queryFn: () => unwrap(api.GET('/api/v1/cases/inbox')),
    // The inbox is a work queue: others fill it while it is open.
    refetchInterval: 60_000,
  });
}

/** Name, type and size of every file filed with the case. */
export function useCaseFiles(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.files(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/files', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Checks the decision against the seal of the organisation that signed it (asked for on demand). */
export function useDecisionCheck(id: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKeys.verification(id),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/decision/verification', { params: { path: { id } } })),
    enabled,
    staleTime: 0,
  });
}

/** Ratings of cases handled in the reader's subtree (bad ones to follow up first). */
export function useRatings(filter: EvaluationFilter) {
  return useQuery({
    queryKey: reviewKeys.ratings(filter),
    queryFn: () => unwrap(api.GET('/api/v1/evaluations', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- the review steps

/** A step of the back office on a case, with the body its route takes (always with the version read). */
export type ReviewStep =
  | { step: 'start-review'; body: Body<'/api/v1/cases/{id}/start-review'> }
  | { step: 'forward'; body: Body<'/api/v1/cases/{id}/forward'> }
  | { step: 'tasks'; body: Body<'/api/v1/cases/{id}/tasks'> }
  | { step: 'suspend'; body: Body<'/api/v1/cases/{id}/suspend'> }
  | { step: 'resume'; body: Body<'/api/v1/cases/{id}/resume'> }
  | { step: 'extend'; body: Body<'/api/v1/cases/{id}/extend'> }
  | { step: 'decide'; body: Body<'/api/v1/cases/{id}/decide'> }
  | { step: 'issue'; body: Body<'/api/v1/cases/{id}/issue'> }
  | { step: 'deliver'; body: Body<'/api/v1/cases/{id}/deliver'> }
  | { step: 'archive'; body: Body<'/api/v1/cases/{id}/archive'> }
  | { step: 'trips'; body: Body<'/api/v1/cases/{id}/trips'> }
  | { step: 'answer'; taskId: string; body: Body<'/api/v1/cases/{id}/tasks/{taskId}/answer'> };

function postStep(id: string, s: ReviewStep): Promise<CaseView> {
  const path = { params: { path: { id } } };
  switch (s.step) {
    case 'start-review':
      return unwrap(api.POST('/api/v1/cases/{id}/start-review', { ...path, body: s.body }));
    case 'forward':
      return unwrap(api.POST('/api/v1/cases/{id}/forward', { ...path, body: s.body }));
    case 'tasks':
      return unwrap(api.POST('/api/v1/cases/{id}/tasks', { ...path, body: s.body }));
    case 'suspend':
      return unwrap(api.POST('/api/v1/cases/{id}/suspend', { ...path, body: s.body }));
    case 'resume':
      return unwrap(api.POST('/api/v1/cases/{id}/resume', { ...path, body: s.body }));
    case 'extend':
      return unwrap(api.POST('/api/v1/cases/{id}/extend', { ...path, body: s.body }));
    case 'decide':
      return unwrap(api.POST('/api/v1/cases/{id}/decide', { ...path, body: s.body }));
    case 'issue':
      return unwrap(api.POST('/api/v1/cases/{id}/issue', { ...path, body: s.body }));
    case 'deliver':
      return unwrap(api.POST('/api/v1/cases/{id}/deliver', { ...path, body: s.body }));
    case 'archive':
      return unwrap(api.POST('/api/v1/cases/{id}/archive', { ...path, body: s.body }));
    case 'trips':
      return unwrap(api.POST('/api/v1/cases/{id}/trips', { ...path, body: s.body }));
    case 'answer':
      return unwrap(api.POST('/api/v1/cases/{id}/tasks/{taskId}/answer', { params: { path: { id, taskId: s.taskId } }, body: s.body }));
  }
}

/**
 * Takes one step on a case. The answer is the case as it is now: it replaces the cached view at once;
 * lists and counts refresh, also after a refusal (a 409 means the cached case is stale).
 */
export function useReviewStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: ReviewStep) => postStep(id, s),
    onSuccess: (view) => qc.setQueryData(caseKeys.detail(id), view),
    onSettled: () => qc.invalidateQueries({ queryKey: caseKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== id }),
  });
}

/** Records the next step of a bad rating's follow-up (verify → answer → rectify → call back). */
export function useFollowUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, ...body }: FollowUpBody & { id: string; step: FollowUpStep }) =>
      unwrap(api.POST('/api/v1/evaluations/{id}/{step}', { params: { path: { id, step } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: caseKeys.all }),
  });
}
