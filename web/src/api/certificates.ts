import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type CertificateVerification = Json<paths['/api/v1/certificates/{id}/verification']['get']['responses'][200]>;
export type CertificateProblem = NonNullable<CertificateVerification['problem']>;

export const certificateKeys = {
  all: ['certificates'] as const,
  verification: (id: string) => [...certificateKeys.all, 'verification', id] as const,
};

/** The organisations' public seal keys (JWKS-like), for checking signatures offline. */
export const sealKeysUrl = '/api/v1/seals/keys';

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
