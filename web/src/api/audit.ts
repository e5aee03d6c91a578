import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

export type AuditVerification = paths['/api/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

export const auditKeys = {
  all: ['audit'] as const,
  verify: () => [...auditKeys.all, 'verify'] as const,
};

/** Recomputes the audit hash chain on the server; runs only when asked (`refetch`), as it reads every entry. */
export function useAuditVerification() {
  return useQuery({
    queryKey: auditKeys.verify(),
    queryFn: () => unwrap(api.GET('/api/v1/audit/verify')),
    enabled: false,
    gcTime: 0,
    retry: false,
  });
}
