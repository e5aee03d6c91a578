import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type Org = Json<paths['/api/v1/orgs']['get']['responses'][200]>[number];
export type OrgFilter = NonNullable<paths['/api/v1/orgs']['get']['parameters']['query']>;
export type NewOrgBody = Json<paths['/api/v1/orgs']['post']['requestBody']>;
export type OrgChangeBody = Json<paths['/api/v1/orgs/{id}']['patch']['requestBody']>;

export type Site = Json<paths['/api/v1/sites']['get']['responses'][200]>[number];
export type SiteFilter = NonNullable<paths['/api/v1/sites']['get']['parameters']['query']>;
export type SiteDetail = Json<paths['/api/v1/sites/{id}']['get']['responses'][200]>;
export type SiteWindow = SiteDetail['windows'][number];
export type NewSiteBody = Json<paths['/api/v1/sites']['post']['requestBody']>;
// The server checks `version` on site edits like every other edit (optimistic locking).
export type SiteChangeBody = Json<paths['/api/v1/sites/{id}']['patch']['requestBody']> & { version: number };
export type NewWindowBody = Json<paths['/api/v1/sites/{id}/windows']['post']['requestBody']>;
export type WindowChangeBody = Json<paths['/api/v1/windows/{id}']['patch']['requestBody']>;

export const orgsKeys = {
  all: ['orgs'] as const,
  orgs: (filter: OrgFilter = {}) => [...orgsKeys.all, 'orgs', filter] as const,
  org: (id: string) => [...orgsKeys.all, 'org', id] as const,
  sites: (filter: SiteFilter = {}) => [...orgsKeys.all, 'sites', filter] as const,
  site: (id: string) => [...orgsKeys.all, 'site', id] as const,
};

/** The organisation tree (public) in path order: parents before children. */
export function useOrgs(filter: OrgFilter = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: orgsKeys.orgs(filter),
    queryFn: () => unwrap(api.GET('/api/v1/orgs', { params: { query: filter } })),
    staleTime: 60_000,
    enabled: options.enabled ?? true,
  });
}

export function useOrg(id: string | undefined) {
  return useQuery({
    queryKey: orgsKeys.org(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Halls and agency points (public). */
export function useSites(filter: SiteFilter = {}) {
  return useQuery({
    queryKey: orgsKeys.sites(filter),
    queryFn: () => unwrap(api.GET('/api/v1/sites', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useSite(id: string | undefined) {
  return useQuery({
    queryKey: orgsKeys.site(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/sites/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Every orgs mutation refreshes the module's data, also on failure (a 409 means ours is stale). */
function useOrgsMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: orgsKeys.all }) });
}

export const useCreateOrg = () => useOrgsMutation((body: NewOrgBody) => unwrap(api.POST('/api/v1/orgs', { body })));

export const useUpdateOrg = () =>
  useOrgsMutation(({ id, ...body }: OrgChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/orgs/{id}', { params: { path: { id } }, body })));

export const useCreateSite = () => useOrgsMutation((body: NewSiteBody) => unwrap(api.POST('/api/v1/sites', { body })));

export const useUpdateSite = () =>
  useOrgsMutation(({ id, ...body }: SiteChangeBody & { id: string }) =>
    unwrap(api.PATCH('/api/v1/sites/{id}', { params: { path: { id } }, body: body as Json<paths['/api/v1/sites/{id}']['patch']['requestBody']> })),
  );

export const useCreateWindow = () =>
  useOrgsMutation(({ siteId, ...body }: NewWindowBody & { siteId: string }) =>
    unwrap(api.POST('/api/v1/sites/{id}/windows', { params: { path: { id: siteId } }, body })),
  );

export const useUpdateWindow = () =>
  useOrgsMutation(({ id, ...body }: WindowChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/windows/{id}', { params: { path: { id } }, body })));

export const useAssignWindowStaff = () =>
  useOrgsMutation(({ id, userIds }: { id: string; userIds: string[] }) =>
    unwrap(api.PUT('/api/v1/windows/{id}/staff', { params: { path: { id } }, body: { userIds } })),
  );
