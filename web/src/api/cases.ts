import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, networkMessages, toApiProblem, unwrap } from './client.js';
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
export function useCases(filter: CaseListFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: caseKeys.list(filter),
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
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

// ---------------------------------------------------------------- applying online (web/src/portal/apply)

type PostBody<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

export type FilingBody = Json<paths['/api/v1/cases']['post']['requestBody']>;
export type DraftBody = Json<paths['/api/v1/cases/{id}/draft']['put']['requestBody']>;
export type DraftSaved = Json<paths['/api/v1/cases/{id}/draft']['put']['responses'][200]>;
export type DeliveryChoice = NonNullable<CaseRecord['deliveryChoice']>;
export type DeliveryChoiceBody = PostBody<'/api/v1/cases/{id}/delivery-choice'>;
export type SubmitBody = PostBody<'/api/v1/cases/{id}/submit'>;
export type MaterialInput = FilingBody['materials'][number];
export type ReusableMaterial = Json<paths['/api/v1/cases/reusable-materials']['get']['responses'][200]>[number];
export type ReusableFileSet = ReusableMaterial['candidates'][number];
export type UploadedFile = Json<paths['/api/v1/files']['post']['responses'][201]>;

/** Materials the applicant handed in on earlier accepted cases, per material of the item. */
export function useReusableMaterials(itemCode: string | undefined) {
  return useQuery({
    queryKey: [...caseKeys.all, 'reusable', itemCode ?? ''] as const,
    queryFn: () => unwrap(api.GET('/api/v1/cases/reusable-materials', { params: { query: { itemCode: itemCode! } } })),
    enabled: !!itemCode,
    staleTime: 60_000,
  });
}

export type GovernmentCopy = Json<paths['/api/v1/cases/replacements']['get']['responses'][200]>[number];
export type HeldCertificate = GovernmentCopy['certificates'][number];
export type MaterialReplacement = NonNullable<CaseMaterial['replacement']>;

/**
 * What the government already holds for an application (R1.3): the signed-in applicant's usable
 * e-certificates per replaceable material, or — for a window clerk — those of the applicant in front
 * of them. Shared data is not asked here (it is, with consent, when filing).
 */
export function useGovernmentCopies(itemCode: string | undefined, applicant?: string) {
  return useQuery({
    queryKey: [...caseKeys.all, 'government-copies', itemCode ?? '', applicant ?? ''] as const,
    queryFn: () => unwrap(api.GET('/api/v1/cases/replacements', { params: { query: { itemCode: itemCode!, ...(applicant ? { applicant } : {}) } } })),
    enabled: !!itemCode,
    staleTime: 60_000,
  });
}

/**
 * Uploads one file with progress (antd's Upload shows it); the server checks its type from its
 * content and answers its content id. A refusal comes back as an ApiProblem like any other call.
 */
export function uploadFile(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status === 201 ? resolve(xhr.response as UploadedFile) : reject(toApiProblem(xhr.response, xhr.status)));
    xhr.onerror = () => reject(new ApiProblem(0, 'network', networkMessages));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    body.append('file', file);
    xhr.send(body);
  });
}

/** The server's answer to a case step becomes the cached case; lists refresh. */
function useCaseStep<V>(call: (vars: V) => Promise<CaseView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (view) => qc.setQueryData(caseKeys.detail(view.case.id), view),
    onSettled: () => qc.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

/** Files online, or opens a draft (`draft: true`); the key makes a retry after a lost answer return the same case. */
export function useFileCase() {
  return useCaseStep(({ key, ...body }: FilingBody & { key: string }) => unwrap(api.POST('/api/v1/cases', { body, params: { header: { 'idempotency-key': key } } })));
}

/** Saves a draft as it stands; answers its new version (nothing is refetched: the page holds the draft). */
export function useSaveDraft() {
  return useMutation({
    mutationFn: ({ id, ...body }: DraftBody & { id: string }) => unwrap(api.PUT('/api/v1/cases/{id}/draft', { params: { path: { id } }, body })),
  });
}

/** Submits a draft, or resubmits after a correction request with the corrected form and materials. */
export function useSubmitCase() {
  return useCaseStep(({ id, ...body }: SubmitBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/submit', { params: { path: { id } }, body })));
}

/** Withdraws a case before acceptance; a draft is discarded so. */
export function useWithdrawCase() {
  return useCaseStep(({ id, ...body }: PostBody<'/api/v1/cases/{id}/withdraw'> & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/withdraw', { params: { path: { id } }, body })));
}

/** Hands in materials owed under acceptance with pending materials. */
export function useSupplyPending() {
  return useCaseStep(({ id, ...body }: PostBody<'/api/v1/cases/{id}/pending-materials'> & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/pending-materials', { params: { path: { id } }, body })));
}

/** Chooses (or changes) how the result should reach the applicant, until it is delivered. */
export function useChooseDelivery() {
  return useCaseStep(({ id, ...body }: DeliveryChoiceBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/delivery-choice', { params: { path: { id } }, body })));
}

// ---------------------------------------------------------------- intake at the front desk (web/src/hall/desk)

export type AcceptBody = PostBody<'/api/v1/cases/{id}/accept'>;
export type CorrectionBody = PostBody<'/api/v1/cases/{id}/request-correction'>;
export type RefusalBody = PostBody<'/api/v1/cases/{id}/refuse-intake'>;

/** Accepts (受理); with `pending`, accepts with pending materials on the applicant's commitment (容缺受理). */
export function useAcceptCase() {
  return useCaseStep(({ id, ...body }: AcceptBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/accept', { params: { path: { id } }, body })));
}

/** Gives the one-time notice of everything missing (补正材料通知书). */
export function useRequestCorrection() {
  return useCaseStep(({ id, ...body }: CorrectionBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/request-correction', { params: { path: { id } }, body })));
}

/** Refuses intake, naming the competent organisation when another is (不予受理). */
export function useRefuseIntake() {
  return useCaseStep(({ id, ...body }: RefusalBody & { id: string }) => unwrap(api.POST('/api/v1/cases/{id}/refuse-intake', { params: { path: { id } }, body })));
}
