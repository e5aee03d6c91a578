import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { DateTime } from '../../platform/schemas.js';
import { publishedKeys, rotateSealKey, verifyCertificate } from './service.js';


const VerificationView = Type.Object({
  certificate: Type.Object({
    id: Type.String({ format: 'uuid' }), number: Type.String(), type: Type.String(), title: Type.String(), issuedAt: DateTime, validUntil: Type.Union([DateTime, Type.Null()]),
    issuer: Type.String(), holderName: Type.String(), holderId: Type.String({ description: 'Masked' }),
  }),
  payload: Type.Object({}, { additionalProperties: true, description: 'Exactly what was signed: verify offline as Ed25519 over SHA-256 of its canonical JSON (keys sorted)' }),
  signature: Type.String({ description: 'base64url' }),
  keyId: Type.String(),
  status: Type.Enum(['valid', 'suspended', 'revoked', 'expired'] as const),
  valid: Type.Boolean(),
  problem: Type.Union([Type.Enum(['tampered', 'unknown_key', 'revoked_key', 'revoked', 'suspended', 'expired'] as const), Type.Null()]),
});

/** Verifying certificates, the published seal keys, and key rotation. */
export const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/certificates/:id/verification', {
    schema: {
      tags: ['certificates'],
      summary: 'Verify a certificate (anyone, no sign-in)',
      description: 'The QR code on a certificate leads to `/verify/{id}`, whose page shows this. A tampered payload, an unknown or revoked key, a revoked, suspended or expired certificate all show as not valid.',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: VerificationView, 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => verifyCertificate(request.ctx.db, request.params.id, request.ctx.clock.now()));

  app.get('/api/v1/seals/keys', {
    schema: {
      tags: ['certificates'],
      summary: 'The organisations\' public seal keys (JWKS)',
      description: 'Ed25519 keys as JSON Web Keys, with the organisation and when each was retired or revoked, for checking signatures offline.',
      response: {
        200: Type.Object({
          keys: Type.Array(Type.Object({ kid: Type.String(), kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String(), use: Type.Literal('sig'), orgId: Type.String({ format: 'uuid' }), createdAt: DateTime, retiredAt: Type.Union([DateTime, Type.Null()]), revokedAt: Type.Union([DateTime, Type.Null()]) })),
        }),
      },
    },
  }, async (request) => ({ keys: await publishedKeys(request.ctx.db) }));

  app.post('/api/v1/orgs/:id/seal/rotate', {
    schema: {
      tags: ['certificates'],
      summary: 'Start a new approval-seal key for an organisation',
      description: 'The old key stops signing and keeps verifying what it signed.',
      params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
      response: { 200: Type.Object({ keyId: Type.String() }), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request) => rotateSealKey(request.ctx, request.params.id));
};
