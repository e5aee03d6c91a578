import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type CatalogSearchFilter = paths['/api/v1/catalog/items']['get']['parameters']['query'];
export type CatalogSearchPage = Json<paths['/api/v1/catalog/items']['get']['responses'][200]>;
export type ItemSummary = CatalogSearchPage['items'][number];
export type CatalogFacets = Json<paths['/api/v1/catalog/facets']['get']['responses'][200]>;
export type CatalogStats = Json<paths['/api/v1/catalog/stats']['get']['responses'][200]>;
export type OneTripBatch = Json<paths['/api/v1/catalog/one-trip']['get']['responses'][200]>[number];
export type OneTripEntry = OneTripBatch['items'][number];
export type Notice = Json<paths['/api/v1/catalog/items/{code}/notice']['get']['responses'][200]>;
export type NoticeImplementation = NonNullable<Notice['implementation']>;
export type NoticeSite = NoticeImplementation['sites'][number];
export type Implementer = Notice['implementers'][number];
export type ItemVersion = Json<paths['/api/v1/catalog/versions/{id}']['get']['responses'][200]>;
export type Material = ItemVersion['materials'][number];
export type FormSchema = ItemVersion['formSchema'];
export type FormProperty = FormSchema['properties'][string];
export type VersionDiff = Json<paths['/api/v1/catalog/diff']['get']['responses'][200]>;
export type ManagedItemFilter = paths['/api/v1/catalog/manage/items']['get']['parameters']['query'];
export type ManagedItem = Json<paths['/api/v1/catalog/manage/items']['get']['responses'][200]>['items'][number];
export type NewItemBody = Json<paths['/api/v1/catalog/items']['post']['requestBody']>;
export type VersionContent = NewItemBody['content'];
export type DraftChangeBody = Json<paths['/api/v1/catalog/versions/{id}']['patch']['requestBody']>;
export type VersionAction = 'submit' | 'approve' | 'reject' | 'retire';
export type ImportReport = Json<paths['/api/v1/catalog/import']['post']['responses'][200]>;
export type ImportRow = ImportReport['rows'][number];
export type ImplementationFilter = paths['/api/v1/catalog/implementations']['get']['parameters']['query'];
export type ImplementationPage = Json<paths['/api/v1/catalog/implementations']['get']['responses'][200]>;
export type Implementation = ImplementationPage['items'][number];
export type ImplementationChangeBody = Json<paths['/api/v1/catalog/implementations/{id}']['patch']['requestBody']>;
export type NewBatchBody = Json<paths['/api/v1/catalog/one-trip/batches']['post']['requestBody']>;

export const catalogKeys = {
  all: ['catalog'] as const,
  search: (filter: CatalogSearchFilter) => [...catalogKeys.all, 'search', filter] as const,
  facets: () => [...catalogKeys.all, 'facets'] as const,
  stats: (org: string | undefined) => [...catalogKeys.all, 'stats', org ?? ''] as const,
  oneTrip: () => [...catalogKeys.all, 'one-trip'] as const,
  notice: (code: string, org: string | undefined) => [...catalogKeys.all, 'notice', code, org ?? ''] as const,
  jsonLd: (code: string, org: string | undefined) => [...catalogKeys.all, 'json-ld', code, org ?? ''] as const,
  versions: (code: string) => [...catalogKeys.all, 'versions', code] as const,
  version: (id: string) => [...catalogKeys.all, 'version', id] as const,
  diff: (from: string, to: string) => [...catalogKeys.all, 'diff', from, to] as const,
  managed: (filter: ManagedItemFilter) => [...catalogKeys.all, 'managed', filter] as const,
  implementations: (filter: ImplementationFilter) => [...catalogKeys.all, 'implementations', filter] as const,
};

// ---------------------------------------------------------------- links (documents the browser opens itself)

const orgQuery = (org: string | undefined) => (org ? `?org=${encodeURIComponent(org)}` : '');
const itemPath = (code: string) => `/api/v1/catalog/items/${encodeURIComponent(code)}`;

/** The printable one-time notice (PDF, with the centre's name and a QR code back to the page). */
export const noticePdfUrl = (code: string, org?: string) => `${itemPath(code)}/notice.pdf${orgQuery(org)}`;
/** The item as schema.org GovernmentService. */
export const jsonLdUrl = (code: string, org?: string) => `${itemPath(code)}/jsonld${orgQuery(org)}`;
/** A material's blank template or filled example (PDF). */
export const materialFileUrl = (code: string, key: string, kind: 'template' | 'example') => `${itemPath(code)}/materials/${encodeURIComponent(key)}/${kind}.pdf`;
/** The published catalog as a download. */
export const catalogExportUrl = (format: 'json' | 'csv') => `/api/v1/catalog/export?format=${format}`;

// ---------------------------------------------------------------- public reading

/** One page of search results from the published catalog (public). */
export function useCatalogSearch(filter: CatalogSearchFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: catalogKeys.search(filter),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/items', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled: options.enabled ?? true,
  });
}

/** Item counts per department, life event and company event: the browse entry points. */
export function useCatalogFacets() {
  return useQuery({ queryKey: catalogKeys.facets(), queryFn: () => unwrap(api.GET('/api/v1/catalog/facets')), staleTime: 5 * 60_000 });
}

/** T2 and T4 figures, for the whole catalog or one organisation's subtree. */
export function useCatalogStats(org: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.stats(org),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/stats', { params: { query: org ? { org } : {} } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The "at most one trip" list by batch (catalog managers also see the batch in preparation). */
export function useOneTripList() {
  return useQuery({ queryKey: catalogKeys.oneTrip(), queryFn: () => unwrap(api.GET('/api/v1/catalog/one-trip')), staleTime: 60_000 });
}

/** The one-time notice of an item, at one implementing organisation when `org` is given. */
export function useNotice(code: string | undefined, org: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.notice(code ?? '', org),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/items/{code}/notice', { params: { path: { code: code! }, query: org ? { org } : {} } })),
    enabled: !!code,
    placeholderData: keepPreviousData,
  });
}

/** The item as JSON-LD, embedded in the notice page for search engines and other portals. */
export function useItemJsonLd(code: string | undefined, org: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.jsonLd(code ?? '', org),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/items/{code}/jsonld', { params: { path: { code: code! }, query: org ? { org } : {} } })),
    enabled: !!code,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** An item's versions, newest first (drafts and reviews only for catalog managers). */
export function useItemVersions(code: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.versions(code ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/items/{code}/versions', { params: { path: { code: code! } } })),
    enabled: !!code,
  });
}

export function useItemVersion(id: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.version(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/versions/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** The fields that changed between two versions of one item. */
export function useVersionDiff(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.diff(from ?? '', to ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/diff', { params: { query: { from: from!, to: to! } } })),
    enabled: !!from && !!to && from !== to,
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- management (catalog managers)

export function useManagedItems(filter: ManagedItemFilter) {
  return useQuery({
    queryKey: catalogKeys.managed(filter),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/manage/items', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

export function useImplementations(filter: ImplementationFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: catalogKeys.implementations(filter),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/implementations', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** Every catalog mutation refreshes the module's data, also on failure (a 409 means ours is stale). */
function useCatalogMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: catalogKeys.all }) });
}

export const useCreateItem = () => useCatalogMutation((body: NewItemBody) => unwrap(api.POST('/api/v1/catalog/items', { body })));

/** Opens a new draft, copied from the latest version; the published one stays in force until approval. */
export const useOpenDraft = () =>
  useCatalogMutation(({ code, changeNote }: { code: string; changeNote: string }) =>
    unwrap(api.POST('/api/v1/catalog/items/{code}/drafts', { params: { path: { code } }, body: { changeNote } })),
  );

export const useUpdateDraft = () =>
  useCatalogMutation(({ id, ...body }: DraftChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/catalog/versions/{id}', { params: { path: { id } }, body })));

export const useDiscardDraft = () => useCatalogMutation((id: string) => unwrap(api.DELETE('/api/v1/catalog/versions/{id}', { params: { path: { id } } })));

/** Submit, approve (publishes and retires the superseded version), reject with a note, or retire. */
export const useVersionTransition = () =>
  useCatalogMutation(({ id, action, version, note }: { id: string; action: VersionAction; version: number; note?: string }) => {
    const init = { params: { path: { id } }, body: { version, ...(note ? { note } : {}) } };
    switch (action) {
      case 'submit':
        return unwrap(api.POST('/api/v1/catalog/versions/{id}/submit', init));
      case 'approve':
        return unwrap(api.POST('/api/v1/catalog/versions/{id}/approve', init));
      case 'reject':
        return unwrap(api.POST('/api/v1/catalog/versions/{id}/reject', init));
      case 'retire':
        return unwrap(api.POST('/api/v1/catalog/versions/{id}/retire', init));
    }
  });

export type ImportFile = { format: 'json'; records: unknown[] } | { format: 'csv'; text: string };

/** Imports records as drafts; with `dryRun` only checks them. Bad rows change nothing either way. */
export const useImportCatalog = () =>
  useCatalogMutation(({ file, dryRun }: { file: ImportFile; dryRun: boolean }) =>
    file.format === 'json'
      ? unwrap(api.POST('/api/v1/catalog/import', { params: { query: { dryRun } }, body: file.records }))
      : unwrap(
          api.POST('/api/v1/catalog/import', {
            params: { query: { dryRun } },
            body: file.text as unknown as unknown[],
            headers: { 'Content-Type': 'text/csv' },
            bodySerializer: (text: unknown) => text as string,
          }),
        ),
  );

export const useUpdateImplementation = () =>
  useCatalogMutation(({ id, ...body }: ImplementationChangeBody & { id: string }) =>
    unwrap(api.PATCH('/api/v1/catalog/implementations/{id}', { params: { path: { id } }, body })),
  );

/** Aligns a subtree's implementations with the catalog's current versions; answers how many changed. */
export const useSyncImplementations = () => useCatalogMutation((org: string) => unwrap(api.POST('/api/v1/catalog/implementations/sync', { body: { org } })));

export const useCreateOneTripBatch = () => useCatalogMutation((body: NewBatchBody) => unwrap(api.POST('/api/v1/catalog/one-trip/batches', { body })));

export const useSetOneTripItems = () =>
  useCatalogMutation(({ number, codes }: { number: number; codes: string[] }) =>
    unwrap(api.PUT('/api/v1/catalog/one-trip/batches/{number}/items', { params: { path: { number } }, body: { codes } })),
  );

export const usePublishOneTripBatch = () =>
  useCatalogMutation(({ number, publishedOn }: { number: number; publishedOn: string }) =>
    unwrap(api.POST('/api/v1/catalog/one-trip/batches/{number}/publish', { params: { path: { number } }, body: { publishedOn } })),
  );

// ---------------------------------------------------------------- proof items (证明事项, R1.3)

export type ProofItemFilter = paths['/api/v1/catalog/proof-items']['get']['parameters']['query'];
export type ProofItemPage = Json<paths['/api/v1/catalog/proof-items']['get']['responses'][200]>;
export type ProofItem = ProofItemPage['items'][number];
export type ProofItemDetail = Json<paths['/api/v1/catalog/proof-items/{code}']['get']['responses'][200]>;
export type NewProofItemBody = Json<paths['/api/v1/catalog/proof-items']['post']['requestBody']>;
export type ProofItemChangeBody = Json<paths['/api/v1/catalog/proof-items/{code}']['patch']['requestBody']>;
export type ProofItemRetireBody = Json<paths['/api/v1/catalog/proof-items/{code}/retire']['post']['requestBody']>;
export type MaterialProofItem = Notice['proofItems'][number];

const proofItemKeys = {
  list: (filter: ProofItemFilter) => [...catalogKeys.all, 'proof-items', filter] as const,
  detail: (code: string) => [...catalogKeys.all, 'proof-item', code] as const,
};

/** One page of the list of proof items: retained ones unless `status` says otherwise (public). */
export function useProofItems(filter: ProofItemFilter) {
  return useQuery({
    queryKey: proofItemKeys.list(filter),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/proof-items', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** One proof item with the published items that ask for it (public). */
export function useProofItem(code: string | undefined) {
  return useQuery({
    queryKey: proofItemKeys.detail(code ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/catalog/proof-items/{code}', { params: { path: { code: code! } } })),
    enabled: !!code,
  });
}

export const useCreateProofItem = () => useCatalogMutation((body: NewProofItemBody) => unwrap(api.POST('/api/v1/catalog/proof-items', { body })));

export const useUpdateProofItem = () =>
  useCatalogMutation(({ code, ...body }: ProofItemChangeBody & { code: string }) => unwrap(api.PATCH('/api/v1/catalog/proof-items/{code}', { params: { path: { code } }, body })));

/** Cancels a proof item: from then on no catalog draft may ask for it. */
export const useRetireProofItem = () =>
  useCatalogMutation(({ code, ...body }: ProofItemRetireBody & { code: string }) => unwrap(api.POST('/api/v1/catalog/proof-items/{code}/retire', { params: { path: { code } }, body })));
