import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type UserPage = Json<paths['/api/v1/users']['get']['responses'][200]>;
export type UserItem = UserPage['items'][number];
export type UserFilter = paths['/api/v1/users']['get']['parameters']['query'];
export type NewStaffBody = Json<paths['/api/v1/users']['post']['requestBody']>;
export type StaffChangeBody = Json<paths['/api/v1/users/{id}']['patch']['requestBody']>;
export type StaffRole = NewStaffBody['roles'][number];

export const accountsKeys = {
  all: ['accounts'] as const,
  users: (filter: UserFilter) => [...accountsKeys.all, 'users', filter] as const,
};

/** One page of staff accounts within the administrator's subtree (the server paginates). */
export function useUsers(filter: UserFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountsKeys.users(filter),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

function useAccountsMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: accountsKeys.all }) });
}

export const useCreateStaff = () => useAccountsMutation((body: NewStaffBody) => unwrap(api.POST('/api/v1/users', { body })));

export const useUpdateStaff = () =>
  useAccountsMutation(({ id, ...body }: StaffChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })));

export const useResetStaffPassword = () =>
  useAccountsMutation(({ id, password }: { id: string; password: string }) =>
    unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id } }, body: { password } })),
  );
