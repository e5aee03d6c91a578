import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

// The front desk's own reads (web/src/hall/desk): where the clerk sits, and whether an applicant may
// still be accepted with pending materials. Cases, filing and steps go through api/cases.ts and api/review.ts.

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type DeskWindow = Json<paths['/api/v1/windows/mine']['get']['responses'][200]>[number];
export type CommitmentBreach = Json<paths['/api/v1/commitment-breaches']['get']['responses'][200]>[number];

export const deskKeys = {
  all: ['desk'] as const,
  windows: () => [...deskKeys.all, 'windows'] as const,
  breaches: (applicantId: string) => [...deskKeys.all, 'breaches', applicantId] as const,
};

/** The windows the signed-in clerk is on duty at, with their sites. */
export function useMyWindows() {
  return useQuery({ queryKey: deskKeys.windows(), queryFn: () => unwrap(api.GET('/api/v1/windows/mine')), staleTime: 5 * 60_000 });
}

/** The applicant's broken commitments not yet cleared: while there is one, no acceptance with pending materials. */
export function useCommitmentBreaches(applicantId: string | undefined) {
  return useQuery({
    queryKey: deskKeys.breaches(applicantId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/commitment-breaches', { params: { query: { applicant: applicantId! } } })),
    enabled: !!applicantId,
  });
}
