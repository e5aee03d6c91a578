import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P] extends { [K in M]: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

export type CertificateVerification = Json<paths['/api/v1/certificates/{id}/verification']['get']['responses'][200]>;
export type CertificateProblem = NonNullable<CertificateVerification['problem']>;
export type SharedCertificate = Json<paths['/api/v1/shared-certificates']['get']['responses'][200]>;
export type CertificateListPage = Json<paths['/api/v1/my-certificates']['get']['responses'][200]>;
export type CertificateSummary = CertificateListPage['items'][number];
export type CertificateStatus = CertificateSummary['status'];
export type CertificateDetail = Json<paths['/api/v1/certificates/{id}']['get']['responses'][200]>;
export type CertificateShare = Json<paths['/api/v1/certificates/{id}/shares']['get']['responses'][200]>['items'][number];
export type LibraryFilter = NonNullable<paths['/api/v1/certificates']['get']['parameters']['query']>;
export type StatusAction = CertificateSummary['allowedActions'][number];
export type CertificateType = Json<paths['/api/v1/certificate-types/{key}']['get']['responses'][200]>;
export type CertificateTypeField = CertificateType['fields'][number];
export type NewCertificateType = Body<'/api/v1/certificate-types', 'post'>;
export type CertificateTypeChange = Body<'/api/v1/certificate-types/{key}', 'put'>;
export type ImportBody = Body<'/api/v1/certificates/import', 'post'>;
export type ImportReport = Json<paths['/api/v1/certificates/import']['post']['responses'][200]>;
export type SealKey = Json<paths['/api/v1/seal-keys']['get']['responses'][200]>['items'][number];

export const certificateStatuses = ['valid', 'suspended', 'revoked', 'expired'] as const satisfies readonly CertificateStatus[];

export const certificateKeys = {
  all: ['certificates'] as const,
  verification: (id: string) => [...certificateKeys.all, 'verification', id] as const,
  shared: (token: string) => [...certificateKeys.all, 'shared', token] as const,
  mine: (filter: object) => [...certificateKeys.all, 'mine', filter] as const,
  library: (filter: LibraryFilter) => [...certificateKeys.all, 'library', filter] as const,
  detail: (id: string) => [...certificateKeys.all, 'detail', id] as const,
  shares: (id: string) => [...certificateKeys.all, 'shares', id] as const,
  types: (filter: object) => [...certificateKeys.all, 'types', filter] as const,
  sealKeys: (filter: object) => [...certificateKeys.all, 'seal-keys', filter] as const,
};

// ---------------------------------------------------------------- links the browser opens itself

/** The organisations' public seal keys (JWKS, also at /.well-known/jwks.json), for checking signatures offline. */
export const sealKeysUrl = '/api/v1/seals/keys';
export const certificatePdfUrl = (id: string) => `/api/v1/certificates/${encodeURIComponent(id)}/pdf`;
export const signedCertificateUrl = (id: string) => `/api/v1/certificates/${encodeURIComponent(id)}/signed`;
/** The public verification page: what the QR code on a certificate encodes. */
export const verifyPageUrl = (id: string) => `${window.location.origin}/verify/${encodeURIComponent(id)}`;
/** A share link: the token rides in the fragment, which browsers never send to a server. */
export const shareLinkUrl = (token: string) => `${window.location.origin}/certificates/shared#${token}`;

// ---------------------------------------------------------------- public

/** Checks a certificate's signature and status now (public: the QR code on the certificate leads here). */
export function useCertificateVerification(id: string | undefined) {
  return useQuery({
    queryKey: certificateKeys.verification(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/certificates/{id}/verification', { params: { path: { id: id! } } })),
    enabled: !!id,
    // A verification is a statement about now: never show a stale one as current.
    staleTime: 0,
    gcTime: 0,
  });
}

/** A certificate shown through a share link (anyone with the link, until it expires or is revoked). */
export function useSharedCertificate(token: string | undefined) {
  return useQuery({
    queryKey: certificateKeys.shared(token ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/shared-certificates', { params: { query: { token: token! } } })),
    enabled: !!token,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
}

/** The catalog of certificate types (public); `q` searches name, key and code on the server. */
export function useCertificateTypes(filter: { q?: string; includeInactive?: boolean } = {}) {
  const query = { includeInactive: filter.includeInactive ?? false, ...(filter.q ? { q: filter.q } : {}) };
  return useQuery({
    queryKey: certificateKeys.types(query),
    queryFn: () => unwrap(api.GET('/api/v1/certificate-types', { params: { query } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------- the holder

/** The signed-in applicant's certificates, newest first. */
export function useMyCertificates(filter: { status?: CertificateStatus; page: number; pageSize: number }) {
  return useQuery({
    queryKey: certificateKeys.mine(filter),
    queryFn: () => unwrap(api.GET('/api/v1/my-certificates', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** A certificate with its fields (its holder, or library staff). */
export function useCertificate(id: string | undefined) {
  return useQuery({
    queryKey: certificateKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/certificates/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useCertificateShares(id: string | undefined) {
  return useQuery({
    queryKey: certificateKeys.shares(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/certificates/{id}/shares', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useCreateShare(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (hours: number) => unwrap(api.POST('/api/v1/certificates/{id}/shares', { params: { path: { id } }, body: { hours } })),
    onSettled: () => qc.invalidateQueries({ queryKey: certificateKeys.shares(id) }),
  });
}

export function useRevokeShare(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => unwrap(api.POST('/api/v1/certificates/{id}/shares/{shareId}/revoke', { params: { path: { id, shareId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: certificateKeys.shares(id) }),
  });
}

// ---------------------------------------------------------------- staff

/** The library within the staff member's subtree, newest first. */
export function useCertificateLibrary(filter: LibraryFilter) {
  return useQuery({
    queryKey: certificateKeys.library(filter),
    queryFn: () => unwrap(api.GET('/api/v1/certificates', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** Suspends, reinstates or revokes; refreshes the library (also after a 409). */
export function useChangeCertificateStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, ...body }: { id: string; action: StatusAction; version: number; reason?: string }) => {
      const options = { params: { path: { id } }, body };
      return unwrap(
        action === 'suspend' ? api.POST('/api/v1/certificates/{id}/suspend', options)
          : action === 'reinstate' ? api.POST('/api/v1/certificates/{id}/reinstate', options)
            : api.POST('/api/v1/certificates/{id}/revoke', options),
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: certificateKeys.all }),
  });
}

/** Checks (dry run) or imports a batch for an issuing organisation. */
export function useImportCertificates() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportBody) => unwrap(api.POST('/api/v1/certificates/import', { body })),
    onSuccess: (report) => {
      if (!report.dryRun) void qc.invalidateQueries({ queryKey: certificateKeys.all });
    },
  });
}

export function useCreateCertificateType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCertificateType) => unwrap(api.POST('/api/v1/certificate-types', { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: [...certificateKeys.all, 'types'] }),
  });
}

export function useUpdateCertificateType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, ...body }: CertificateTypeChange & { key: string }) => unwrap(api.PUT('/api/v1/certificate-types/{key}', { params: { path: { key } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: [...certificateKeys.all, 'types'] }),
  });
}

/** Seal keys of the organisations in an administrator's subtree. */
export function useSealKeys(filter: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: certificateKeys.sealKeys(filter),
    queryFn: () => unwrap(api.GET('/api/v1/seal-keys', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

export function useRotateSeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (orgId: string) => unwrap(api.POST('/api/v1/orgs/{id}/seal/rotate', { params: { path: { id: orgId } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: [...certificateKeys.all, 'seal-keys'] }),
  });
}

export function useRevokeSealKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kid, reason }: { kid: string; reason: string }) => unwrap(api.POST('/api/v1/seal-keys/{kid}/revoke', { params: { path: { kid } }, body: { reason } })),
    onSettled: () => qc.invalidateQueries({ queryKey: certificateKeys.all }),
  });
}
