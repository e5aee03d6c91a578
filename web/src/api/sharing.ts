import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

// The data sharing platform (数据共享): query hooks over the sharing module's routes. Every change
// refreshes the whole module (catalog, applications, credentials, logs).

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P] extends { [K in M]: { requestBody?: infer B } } ? Json<NonNullable<B>> : never;

export type ResourceFilter = Query<'/api/v1/sharing/resources'>;
export type ResourceItem = Ok<'/api/v1/sharing/resources'>['items'][number];
export type ResourceDetail = Ok<'/api/v1/sharing/resources/{code}'>;
export type ResourceField = ResourceItem['fields'][number];
export type ResourceAccess = NonNullable<ResourceDetail['access']>;
export type NewResourceBody = Body<'/api/v1/sharing/resources', 'post'>;
export type ResourceChangeBody = Body<'/api/v1/sharing/resources/{code}', 'patch'>;
export type RecordFilter = Query<'/api/v1/sharing/resources/{code}/records'>;
export type RecordSummary = Ok<'/api/v1/sharing/resources/{code}/records'>['items'][number];
export type RecordValues = Body<'/api/v1/sharing/resources/{code}/records/{subjectId}', 'put'>['data'];
export type ImportRows = Body<'/api/v1/sharing/resources/{code}/records/import', 'post'>['rows'];
export type ImportReport = Json<paths['/api/v1/sharing/resources/{code}/records/import']['post']['responses'][200]>;
export type SharedRecord = Ok<'/api/v1/sharing/resources/{code}/records/{subjectId}'>;
export type ApplicationFilter = Query<'/api/v1/sharing/applications'>;
export type Application = Ok<'/api/v1/sharing/applications/{id}'>;
export type NewApplicationBody = Body<'/api/v1/sharing/applications', 'post'>;
export type Credential = Ok<'/api/v1/sharing/credentials'>['items'][number];
export type NewCredential = Json<paths['/api/v1/sharing/credentials']['post']['responses'][201]>;
export type QueryLogFilter = Query<'/api/v1/sharing/query-log'>;
export type QueryLogEntry = Ok<'/api/v1/sharing/query-log'>['items'][number];
export type MyAccessEntry = Ok<'/api/v1/sharing/my-access-log'>['items'][number];

export const sharingKeys = {
  all: ['sharing'] as const,
  resources: (filter: ResourceFilter) => [...sharingKeys.all, 'resources', filter] as const,
  resource: (code: string) => [...sharingKeys.all, 'resource', code] as const,
  records: (code: string, filter: RecordFilter) => [...sharingKeys.all, 'records', code, filter] as const,
  applications: (filter: ApplicationFilter) => [...sharingKeys.all, 'applications', filter] as const,
  credentials: (page: number) => [...sharingKeys.all, 'credentials', page] as const,
  log: (filter: QueryLogFilter) => [...sharingKeys.all, 'log', filter] as const,
  myLog: (page: number) => [...sharingKeys.all, 'my-log', page] as const,
};

/** A page of the data resource catalog. */
export const useResources = (filter: ResourceFilter) =>
  useQuery({ queryKey: sharingKeys.resources(filter), queryFn: () => unwrap(api.GET('/api/v1/sharing/resources', { params: { query: filter } })), placeholderData: keepPreviousData });

/** One resource with the reader's department's access to it. */
export const useResource = (code: string) =>
  useQuery({ queryKey: sharingKeys.resource(code), queryFn: () => unwrap(api.GET('/api/v1/sharing/resources/{code}', { params: { path: { code } } })) });

/** The owner's list of a resource's records (subjects masked). */
export const useRecords = (code: string, filter: RecordFilter, enabled: boolean) =>
  useQuery({
    queryKey: sharingKeys.records(code, filter),
    queryFn: () => unwrap(api.GET('/api/v1/sharing/resources/{code}/records', { params: { path: { code }, query: filter } })),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useApplications = (filter: ApplicationFilter) =>
  useQuery({ queryKey: sharingKeys.applications(filter), queryFn: () => unwrap(api.GET('/api/v1/sharing/applications', { params: { query: filter } })), placeholderData: keepPreviousData });

export const useCredentials = (page: number) =>
  useQuery({ queryKey: sharingKeys.credentials(page), queryFn: () => unwrap(api.GET('/api/v1/sharing/credentials', { params: { query: { page, pageSize: 20 } } })), placeholderData: keepPreviousData });

export const useQueryLog = (filter: QueryLogFilter) =>
  useQuery({ queryKey: sharingKeys.log(filter), queryFn: () => unwrap(api.GET('/api/v1/sharing/query-log', { params: { query: filter } })), placeholderData: keepPreviousData });

/** "Who looked at my data": the signed-in applicant's access log. */
export const useMyAccessLog = (page: number, pageSize: number) =>
  useQuery({ queryKey: sharingKeys.myLog(page), queryFn: () => unwrap(api.GET('/api/v1/sharing/my-access-log', { params: { query: { page, pageSize } } })), placeholderData: keepPreviousData });

function useSharingMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: sharingKeys.all }) });
}

export const usePublishResource = () => useSharingMutation((body: NewResourceBody) => unwrap(api.POST('/api/v1/sharing/resources', { body })));

export const useUpdateResource = () =>
  useSharingMutation(({ code, ...body }: ResourceChangeBody & { code: string }) => unwrap(api.PATCH('/api/v1/sharing/resources/{code}', { params: { path: { code } }, body })));

export const usePutRecord = () =>
  useSharingMutation(({ code, subjectId, data, version }: { code: string; subjectId: string; data: RecordValues; version?: number }) =>
    unwrap(api.PUT('/api/v1/sharing/resources/{code}/records/{subjectId}', { params: { path: { code, subjectId } }, body: version === undefined ? { data } : { data, version } })),
  );

export const useImportRecords = () =>
  useSharingMutation(({ code, rows, dryRun }: { code: string; rows: ImportRows; dryRun: boolean }) =>
    unwrap(api.POST('/api/v1/sharing/resources/{code}/records/import', { params: { path: { code }, query: { dryRun } }, body: { rows } })),
  );

/** Reads a subject's record as the signed-in member of staff's department: a query, logged with its purpose. */
export const useQueryRecord = () =>
  useSharingMutation(({ code, subjectId, purpose }: { code: string; subjectId: string; purpose: string }) =>
    unwrap(api.GET('/api/v1/sharing/resources/{code}/records/{subjectId}', { params: { path: { code, subjectId }, query: { purpose } } })),
  );

export const useApply = () => useSharingMutation((body: NewApplicationBody) => unwrap(api.POST('/api/v1/sharing/applications', { body })));

export const useApprove = () =>
  useSharingMutation(({ id, ...body }: { id: string; version: number; fields: string[]; validUntil?: string; note?: string }) =>
    unwrap(api.POST('/api/v1/sharing/applications/{id}/approve', { params: { path: { id } }, body })),
  );

export const useRefuse = () =>
  useSharingMutation(({ id, ...body }: { id: string; version: number; reason: string }) => unwrap(api.POST('/api/v1/sharing/applications/{id}/refuse', { params: { path: { id } }, body })));

export const useRevokeApplication = () =>
  useSharingMutation(({ id, ...body }: { id: string; version: number; reason: string }) => unwrap(api.POST('/api/v1/sharing/applications/{id}/revoke', { params: { path: { id } }, body })));

export const useCreateCredential = () => useSharingMutation((body: { name: string; org?: string }) => unwrap(api.POST('/api/v1/sharing/credentials', { body })));

export const useRevokeCredential = () =>
  useSharingMutation(({ id, version }: { id: string; version: number }) => unwrap(api.POST('/api/v1/sharing/credentials/{id}/revoke', { params: { path: { id } }, body: { version } })));
