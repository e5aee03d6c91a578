import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../common/enums.js';
import { api, isProblem, unwrap } from './client.js';
import type { paths } from './schema.js';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json'];
export type LoginBody = paths['/api/v1/auth/login']['post']['requestBody']['content']['application/json'];
export type RegisterBody = paths['/api/v1/auth/register']['post']['requestBody']['content']['application/json'];
export type PasswordBody = paths['/api/v1/auth/password']['post']['requestBody']['content']['application/json'];

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in account, or null for a visitor (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET('/api/v1/auth/me'));
      } catch (err) {
        if (isProblem(err) && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export const hasRole = (me: Me | null | undefined, ...wanted: Role[]): boolean => !!me && wanted.some((r) => me.roles.includes(r));
export const isStaff = (me: Me | null | undefined): boolean => me?.kind === 'staff';

/** After a change of account, nothing cached for the previous one may show. */
function useSwitchAccount() {
  const qc = useQueryClient();
  return (me: Me | null) => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
    qc.setQueryData(authKeys.me(), me);
  };
}

export function useLogin() {
  const switchAccount = useSwitchAccount();
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (me) => switchAccount(me),
  });
}

export function useRegister() {
  const switchAccount = useSwitchAccount();
  return useMutation({
    mutationFn: (body: RegisterBody) => unwrap(api.POST('/api/v1/auth/register', { body })),
    onSuccess: (me) => switchAccount(me),
  });
}

/** Ends the session on the server; the caller then reloads the app, which forgets every cached answer. */
export function useLogout() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')) });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordBody) => unwrap(api.POST('/api/v1/auth/password', { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: authKeys.all }),
  });
}
