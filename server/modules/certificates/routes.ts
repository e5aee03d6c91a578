import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { Binary, DateTime, Errors, IsoDate, Nullable, Text, Uuid, Version } from '../../platform/schemas.js';
import { certificatePdfFor } from './documents.js';
import { SHARE_MAX_HOURS, SHARE_MIN_HOURS, statusActions, TYPE_KEY_PATTERN } from './rules.js';
import { certificateFieldTypes, certificateStatuses, holderKinds } from './schema.js';
import { listSealKeys, publishedKeys, revokeSealKey, rotateSealKey } from './seals.js';
import { changeCertificateStatus, getCertificate, importCertificates, listCertificates, listMyCertificates, signedCertificate, verifyCertificate } from './service.js';
import { createShare, listShares, revokeShare, viewSharedCertificate } from './shares.js';
import { createCertificateType, getCertificateType, listCertificateTypes, updateCertificateType } from './types.js';

const Status = Type.Enum(certificateStatuses, { description: '`expired` is derived from the validity' });
const Paging = { page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) };
const TypeKey = Type.String({ pattern: TYPE_KEY_PATTERN.source, maxLength: 60, description: 'The key the service catalog uses in `replaceableBy.certificateType`' });

const FieldSchema = Type.Object({
  key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,59}$' }), name: Text(100), nameEn: Text(200), type: Type.Enum(certificateFieldTypes), required: Type.Boolean(),
}, { additionalProperties: false });
const CertificateTypeSchema = Type.Object({
  id: Uuid, key: Type.String(), nationalCode: Type.String({ description: 'GB/T 36902: the defining department\'s credit code (18) + a 3-digit sequence' }), name: Type.String(), nameEn: Type.String(),
  deptKey: Type.String(), holderKinds: Type.Array(Type.Enum(holderKinds)), fields: Type.Array(FieldSchema), validityYears: Nullable(Type.Integer()), active: Type.Boolean(), version: Type.Integer(),
  createdAt: DateTime, updatedAt: DateTime,
});
const TypeInput = {
  name: Text(100), nameEn: Text(200), deptKey: Type.String({ pattern: '^[a-z][a-z-]{1,39}$', description: 'The kind of department that defines it: `market`, `public-security`, …' }),
  holderKinds: Type.Array(Type.Enum(holderKinds), { minItems: 1, maxItems: 2, uniqueItems: true }),
  fields: Type.Array(FieldSchema, { maxItems: 40 }),
  validityYears: Nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'Default validity of a new certificate; null: no expiry' })),
};

const FieldValue = Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String(), value: Type.String() });
const CertificateViewSchema = Type.Object({
  id: Uuid, identifier: Nullable(Type.String({ description: 'GB/T 36904-style identifier (null only for certificates issued before the library)' })), number: Type.String(),
  type: Type.String(), typeName: Type.String(), typeNameEn: Type.String(), typeCode: Nullable(Type.String()), title: Type.String(),
  holder: Type.Object({ kind: Type.Enum(holderKinds), name: Type.String(), idNumber: Type.String({ description: 'Whole for the holder and in a detail; masked in the library list' }) }),
  issuer: Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String(), code: Type.String() }),
  source: Type.Enum(['case', 'import'] as const), caseId: Nullable(Uuid), status: Status, statusReason: Nullable(Type.String()), statusChangedAt: Nullable(DateTime),
  issuedAt: DateTime, validFrom: DateTime, validUntil: Nullable(DateTime), keyId: Type.String(), version: Type.Integer(),
  allowedActions: Type.Array(Type.Enum(statusActions), { description: 'What you may do to it now; the server checks again' }),
});
const CertificateDetailSchema = Type.Object({
  certificate: CertificateViewSchema,
  fields: Type.Array(FieldValue, { description: 'The type\'s fields first, with their names' }),
  payload: Type.Object({}, { additionalProperties: true }),
  signature: Type.String(),
  seal: Type.Object({ valid: Type.Boolean(), problem: Nullable(Type.Enum(['tampered', 'unknown_key', 'revoked_key'] as const)) }),
});
const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ total: Type.Integer(), items: Type.Array(item) });

const VerificationView = Type.Object({
  certificate: Type.Object({
    id: Uuid, identifier: Nullable(Type.String()), number: Type.String(), type: Type.String(), typeName: Type.String(), typeNameEn: Type.String(), title: Type.String(),
    issuedAt: DateTime, validFrom: DateTime, validUntil: Nullable(DateTime), issuer: Type.String(), holderKind: Type.Enum(holderKinds), holderName: Type.String(),
    holderId: Type.String({ description: 'Masked' }), statusReason: Nullable(Type.String()), statusChangedAt: Nullable(DateTime),
  }),
  fields: Type.Array(FieldValue),
  payload: Type.Object({}, { additionalProperties: true, description: 'Exactly what was signed: verify offline as Ed25519 over SHA-256 of its canonical JSON (keys sorted)' }),
  signature: Type.String({ description: 'base64url' }),
  keyId: Type.String(),
  status: Status,
  valid: Type.Boolean(),
  problem: Nullable(Type.Enum(['tampered', 'unknown_key', 'revoked_key', 'revoked', 'suspended', 'expired'] as const)),
});

const Jwks = Type.Object({
  keys: Type.Array(Type.Object({
    kid: Type.String(), kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), alg: Type.Literal('EdDSA'), x: Type.String(), use: Type.Literal('sig'), orgId: Uuid,
    createdAt: DateTime, retiredAt: Nullable(DateTime), revokedAt: Nullable(DateTime),
  })),
});
const SealKeyView = Type.Object({
  kid: Type.String(), kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), alg: Type.Literal('EdDSA'), x: Type.String(), use: Type.Literal('sig'), orgId: Uuid, orgName: Type.String(), orgCode: Type.String(),
  createdAt: DateTime, retiredAt: Nullable(DateTime), revokedAt: Nullable(DateTime), revokedReason: Nullable(Type.String()), certificates: Type.Integer(),
});

const ShareView = Type.Object({ id: Uuid, createdAt: DateTime, expiresAt: DateTime, revokedAt: Nullable(DateTime), active: Type.Boolean() });
const ShareToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The token of a share link (shown once, when the link was made)' });

const ImportRowSchema = Type.Object({
  type: TypeKey,
  number: Type.String({ minLength: 1, maxLength: 40, description: 'Letters, digits and hyphens; unique' }),
  title: Type.Optional(Type.String({ maxLength: 100, description: 'Default: the type\'s name' })),
  holder: Type.Object({ kind: Type.Enum(holderKinds), name: Text(100), idNumber: Type.String({ minLength: 18, maxLength: 18 }) }, { additionalProperties: false }),
  issuedOn: Type.Optional(IsoDate),
  validFrom: Type.Optional(IsoDate),
  validUntil: Type.Optional(Nullable(IsoDate)),
  fields: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 40 }),
}, { additionalProperties: false });
const ImportReportSchema = Type.Object({
  dryRun: Type.Boolean(), issuerOrgId: Uuid, imported: Type.Integer(),
  rows: Type.Array(Type.Object({ index: Type.Integer(), number: Type.String(), ok: Type.Boolean(), errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })), id: Nullable(Uuid), identifier: Nullable(Type.String()) })),
});

const originOf = (request: { protocol: string; host: string; server: { platform: { config: { publicUrl: string | undefined } } } }) => request.server.platform.config.publicUrl ?? `${request.protocol}://${request.host}`;

/** The certificate library: types, certificates, status, import, verification, seals and share links. */
export const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // ------------------------------------------------------------ public

  app.get('/api/v1/certificates/:id/verification', {
    schema: {
      tags: ['certificates'],
      summary: 'Verify a certificate (anyone, no sign-in)',
      description: 'The QR code on a certificate leads to `/verify/{id}`, whose page shows this. A tampered payload, an unknown or revoked key, a revoked, suspended or expired certificate all show as not valid.',
      params: Type.Object({ id: Uuid }),
      response: { 200: VerificationView, 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => verifyCertificate(request.ctx.db, request.params.id, request.ctx.clock.now()));

  app.get('/api/v1/certificates/:id/signed', {
    schema: {
      tags: ['certificates'],
      summary: 'The signed certificate, to check offline (anyone)',
      description: 'Check it with `npx onetrip certificate verify <file> --keys <jwks.json or URL>`, or any Ed25519 library: `signature` is over the SHA-256 (`digest`, hex) of the canonical JSON of `payload` (keys sorted), by the key `kid` of `/.well-known/jwks.json`. The holder\'s ID number in the payload is masked.',
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ payload: Type.Object({}, { additionalProperties: true }), signature: Type.String(), kid: Type.String(), alg: Type.Literal('EdDSA'), digest: Type.String() }), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const signed = await signedCertificate(request.ctx.db, request.params.id);
    return reply.header('content-disposition', `attachment; filename="certificate-${request.params.id}.json"`).send(signed);
  });

  const jwks = { tags: ['certificates'], response: { 200: Jwks } };
  app.get('/.well-known/jwks.json', {
    schema: { ...jwks, summary: 'The published seal keys (JWKS)', description: 'Every organisation\'s Ed25519 seal keys as JSON Web Keys, with when each was made, retired (rotated out: still verifies) and revoked (nothing it signed is trusted).' },
  }, async (request) => ({ keys: await publishedKeys(request.ctx.db) }));
  app.get('/api/v1/seals/keys', {
    schema: { ...jwks, summary: 'The organisations\' public seal keys (JWKS)', description: 'The same document as `/.well-known/jwks.json`.' },
  }, async (request) => ({ keys: await publishedKeys(request.ctx.db) }));

  app.get('/api/v1/certificate-types', {
    schema: {
      tags: ['certificates'],
      summary: 'The catalog of certificate types (public)',
      description: 'Types with their national code (GB/T 36902 structure), defining department, holder kinds, fields and default validity. `q` matches name, key or the beginning of the code.',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 60 })), includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(CertificateTypeSchema) }), 400: ProblemSchema },
    },
  }, async (request) => ({ items: await listCertificateTypes(request.ctx.db, request.query) }));

  app.get('/api/v1/certificate-types/:key', {
    schema: { tags: ['certificates'], summary: 'One certificate type (public)', params: Type.Object({ key: TypeKey }), response: { 200: CertificateTypeSchema, 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request) => getCertificateType(request.ctx.db, request.params.key));

  app.get('/api/v1/shared-certificates', {
    schema: {
      tags: ['certificates'],
      summary: 'A certificate shown through a share link (anyone with the link)',
      description: 'The token travels in the query (the web page keeps it in the URL fragment), so it never lands in access logs. An unknown, expired or revoked link answers 404 `certificate.share_unavailable`.',
      querystring: Type.Object({ token: ShareToken }, { additionalProperties: false }),
      response: { 200: Type.Intersect([VerificationView, Type.Object({ share: Type.Object({ expiresAt: DateTime }) })]), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => viewSharedCertificate(request.ctx.db, request.query.token, request.ctx.clock.now()));

  // ------------------------------------------------------------ the holder

  app.get('/api/v1/my-certificates', {
    schema: {
      tags: ['certificates'],
      summary: 'My certificates (我的证照)',
      description: 'The signed-in applicant\'s certificates, found by their resident ID or credit code, newest first.',
      querystring: Type.Object({ status: Type.Optional(Status), ...Paging }, { additionalProperties: false }),
      response: { 200: ListOf(CertificateViewSchema), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => listMyCertificates(request.ctx, request.query));

  app.get('/api/v1/certificates/:id', {
    schema: {
      tags: ['certificates'],
      summary: 'A certificate with its fields (its holder, or library staff of the issuer\'s subtree)',
      params: Type.Object({ id: Uuid }),
      response: { 200: CertificateDetailSchema, ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => getCertificate(request.ctx, request.params.id));

  app.get('/api/v1/certificates/:id/pdf', {
    schema: {
      tags: ['certificates'],
      summary: 'A certificate as a printable PDF with its verification QR code',
      params: Type.Object({ id: Uuid }),
      response: { 200: Binary('application/pdf'), ...Errors },
    },
    preHandler: gate.user,
  }, async (request, reply) => {
    const { pdf, number } = await certificatePdfFor(request.ctx, request.params.id, originOf(request));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
  });

  app.get('/api/v1/certificates/:id/shares', {
    schema: { tags: ['certificates'], summary: 'The holder\'s share links of a certificate', params: Type.Object({ id: Uuid }), response: { 200: Type.Object({ items: Type.Array(ShareView) }), ...Errors } },
    preHandler: gate.user,
  }, async (request) => ({ items: await listShares(request.ctx, request.params.id) }));

  app.post('/api/v1/certificates/:id/shares', {
    schema: {
      tags: ['certificates'],
      summary: 'Make a share link (the holder)',
      description: `Anyone with the link sees the certificate until it expires (${SHARE_MIN_HOURS} hour to ${SHARE_MAX_HOURS / 24} days) or the holder revokes it. The token is in this answer only: the server keeps its hash. The link is \`/certificates/shared#<token>\`.`,
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ hours: Type.Integer({ minimum: SHARE_MIN_HOURS, maximum: SHARE_MAX_HOURS }) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([ShareView, Type.Object({ token: Type.String() })]), ...Errors },
    },
    preHandler: gate.user,
  }, async (request, reply) => reply.status(201).send(await createShare(request.ctx, request.params.id, request.body.hours)));

  app.post('/api/v1/certificates/:id/shares/:shareId/revoke', {
    schema: { tags: ['certificates'], summary: 'End a share link now (the holder)', params: Type.Object({ id: Uuid, shareId: Uuid }), response: { 200: ShareView, ...Errors } },
    preHandler: gate.user,
  }, async (request) => revokeShare(request.ctx, request.params.id, request.params.shareId));

  // ------------------------------------------------------------ staff

  app.get('/api/v1/certificates', {
    schema: {
      tags: ['certificates'],
      summary: 'The certificate library (staff, within their subtree)',
      description: 'Administrators, department heads, reviewers and supervisors see the certificates issued in their subtree, newest first. `q`: the beginning of a number or identifier, or part of the holder\'s name or the title; `holder`: a whole resident ID or credit code; `issuer`: an organisation and everything under it. ID numbers are masked.',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 100 })), holder: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })), type: Type.Optional(Type.String({ maxLength: 60 })),
        issuer: Type.Optional(Type.String({ maxLength: 40 })), status: Type.Optional(Status), ...Paging,
      }, { additionalProperties: false }),
      response: { 200: ListOf(CertificateViewSchema), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listCertificates(request.ctx, request.query));

  for (const action of statusActions) {
    app.post(`/api/v1/certificates/:id/${action}`, {
      schema: {
        tags: ['certificates'],
        summary: { suspend: 'Suspend a certificate', reinstate: 'Reinstate a suspended certificate', revoke: 'Revoke a certificate (final)' }[action],
        description: 'Administrators and department heads of the issuer\'s subtree; a reason is required to suspend or revoke. Audited; the holder is notified. Verification shows the new status at once.',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ version: Version, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: CertificateDetailSchema, ...Errors },
      },
      preHandler: gate.role('admin', 'departmentHead'),
    }, async (request) => changeCertificateStatus(request.ctx, request.params.id, action, request.body));
  }

  app.post('/api/v1/certificates/import', {
    schema: {
      tags: ['certificates'],
      summary: 'Import certificates from another system',
      description: 'A batch (up to 500) for one issuing organisation in your subtree (administrators, department heads). Each row is checked against its type\'s fields and the holder\'s ID number, then signed with the organisation\'s seal. `dryRun` only checks. One bad row and nothing is imported: the answer is 400 `certificate.import_rejected` with every row\'s errors (a dry run answers the per-row report).',
      body: Type.Object({
        issuerOrg: Type.String({ minLength: 1, maxLength: 40, description: 'Id or code of the issuing organisation' }),
        dryRun: Type.Boolean({ default: false }),
        certificates: Type.Array(ImportRowSchema, { minItems: 1, maxItems: 500 }),
      }, { additionalProperties: false }),
      response: { 200: ImportReportSchema, ...Errors },
    },
    preHandler: gate.role('admin', 'departmentHead'),
  }, async (request) => importCertificates(request.ctx, request.body));

  app.post('/api/v1/certificate-types', {
    schema: {
      tags: ['certificates'],
      summary: 'Add a certificate type (the prefecture\'s catalog managers and administrators)',
      description: 'Without `nationalCode` the next code of the defining department is given. Audited.',
      body: Type.Object({ key: TypeKey, nationalCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{18}[0-9]{3}$' })), ...TypeInput }, { additionalProperties: false }),
      response: { 201: CertificateTypeSchema, ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request, reply) => reply.status(201).send(await createCertificateType(request.ctx, request.body)));

  app.put('/api/v1/certificate-types/:key', {
    schema: {
      tags: ['certificates'],
      summary: 'Edit a certificate type',
      description: 'Key and national code never change. Certificates already issued keep the fields they were signed with. Audited.',
      params: Type.Object({ key: TypeKey }),
      body: Type.Object({ ...TypeInput, active: Type.Boolean(), version: Version }, { additionalProperties: false }),
      response: { 200: CertificateTypeSchema, ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request) => updateCertificateType(request.ctx, request.params.key, request.body));

  app.get('/api/v1/seal-keys', {
    schema: {
      tags: ['certificates'],
      summary: 'Seal keys of the organisations in your subtree (administrators)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 60, description: 'An organisation\'s name or code' })), ...Paging }, { additionalProperties: false }),
      response: { 200: ListOf(SealKeyView), ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => listSealKeys(request.ctx, request.query));

  app.post('/api/v1/seal-keys/:kid/revoke', {
    schema: {
      tags: ['certificates'],
      summary: 'Revoke a seal key (final)',
      description: 'For a compromised key: everything it signed shows as not trustworthy from now on, online and offline (the JWKS carries `revokedAt`), and the organisation signs with a new key.',
      params: Type.Object({ kid: Type.String({ minLength: 1, maxLength: 80 }) }),
      body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
      response: { 200: Type.Omit(SealKeyView, ['orgName', 'orgCode', 'revokedReason', 'certificates']), ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => revokeSealKey(request.ctx, request.params.kid, request.body.reason));

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
