import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { applicationStatuses, denialReasons, fieldTypes, queryResults, sharingTypes, subjectKinds, updateFrequencies } from '../../../common/sharing.js';
import { gate } from '../../platform/access.js';
import { DateTime, Errors, IsoDate, Nullable, Page, Text, Uuid, Version } from '../../platform/schemas.js';
import { listMyAccessLog, listQueryLog, queryRecord } from './query.js';
import { MAX_VALIDITY_DAYS } from './rules.js';
import {
  applyForAccess, createCredential, createResource, decideApplication, getApplication, getResource, importRecords, listApplications, listCredentials, listRecords, listResources, putRecord,
  revokeCredential, updateResource,
} from './service.js';

/** A day of the query log (Asia/Shanghai), within the years a log can hold. */
const LogDay = Type.String({ format: 'date', pattern: '^(19|20)[0-9]{2}-', description: 'A day (Asia/Shanghai), inclusive' });
const OrgParam = Type.String({ minLength: 1, maxLength: 60, description: 'A department\'s id or code; default: your own' });
const OrgRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String() });
const Person = Type.Object({ id: Uuid, displayName: Type.String() });
const ResourceCode = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9-]*$', description: 'The resource\'s code, e.g. `household-registration`' });
const SubjectId = Type.String({ pattern: '^[0-9A-Za-z]{18}$', description: 'The subject\'s resident ID (GB 11643) or unified social credit code (GB 32100)' });
const FieldKey = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-zA-Z0-9]*$' });
const FieldKeys = Type.Array(FieldKey, { minItems: 1, maxItems: 60 });
const Purpose = Text(500, { description: 'Why the data is needed (logged, and shown to the person or company it is about)' });
// Values are checked against the resource's field types by the service, not coerced here: a schema union
// of types would let ajv turn null into "" and 164 into "164".
const RecordData = Type.Record(Type.String({ minLength: 1, maxLength: 60 }), Type.Unknown({ description: 'Text (at most 2,000 characters), a number, true/false, a date as YYYY-MM-DD, or null' }), {
  maxProperties: 60,
  description: 'Field key → value, of the field\'s type; missing or null: unknown',
});

const FieldSchema = Type.Object({
  key: FieldKey,
  name: Text(60),
  nameEn: Text(120),
  type: Type.Enum(fieldTypes, { description: 'Also decides how the field is de-identified when masked' }),
  sensitive: Type.Boolean({ description: 'Masked for consumers of a conditional resource even when approved' }),
}, { additionalProperties: false });

const ResourceSchema = Type.Object({
  id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), owner: OrgRef,
  subjectKinds: Type.Array(Type.Enum(subjectKinds)), fields: Type.Array(FieldSchema), updateFrequency: Type.Enum(updateFrequencies), sharingType: Type.Enum(sharingTypes),
  description: Type.String(), descriptionEn: Type.String(), version: Type.Integer(), updatedAt: DateTime, recordCount: Type.Integer(),
  allowedActions: Type.Array(Type.Enum(['edit', 'records', 'apply'] as const), { description: 'What you may do; the server checks again' }),
});
const ResourceDetail = Type.Object({
  ...ResourceSchema.properties,
  access: Nullable(Type.Object({
    state: Type.Enum(['owner', 'open', 'granted', 'pending', 'none', 'notShared'] as const, { description: 'Where your department stands: its own resource, open to all, access granted, an application pending, none, or not shared' }),
    applicationId: Nullable(Uuid), fields: Type.Array(Type.String()), validUntil: Nullable(IsoDate),
  })),
});

const ApplicationSchema = Type.Object({
  id: Uuid,
  resource: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), sharingType: Type.Enum(sharingTypes), fields: Type.Array(FieldSchema) }),
  owner: OrgRef, consumer: OrgRef, purpose: Type.String(), requestedFields: Type.Array(Type.String()), approvedFields: Nullable(Type.Array(Type.String())),
  requestedUntil: IsoDate, validUntil: Nullable(IsoDate), status: Type.Enum(applicationStatuses), expired: Type.Boolean({ description: 'Approved, but past its last valid day' }),
  answer: Nullable(Type.String({ description: 'The owner\'s note, or the reason of a refusal or revocation' })), appliedBy: Person, appliedAt: DateTime, decidedBy: Nullable(Person), decidedAt: Nullable(DateTime),
  version: Type.Integer(), allowedActions: Type.Array(Type.Enum(['approve', 'refuse', 'revoke'] as const)),
});

const CredentialSchema = Type.Object({
  id: Uuid, clientId: Type.String(), name: Type.String(), org: OrgRef, createdBy: Person, createdAt: DateTime, lastUsedAt: Nullable(DateTime), revokedAt: Nullable(DateTime), version: Type.Integer(),
});

const FieldRef = Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String() });
const SharedRecordSchema = Type.Object({
  resourceCode: Type.String(), resourceName: Type.String(), ownerOrgId: Uuid, subjectId: Type.String(), version: Type.Integer(), updatedAt: DateTime,
  fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Every field of the resource: in clear, de-identified (masked text), or null when withheld' }),
  masked: Type.Array(Type.String(), { description: 'The fields not sent in clear' }),
  logId: Uuid, result: Type.Enum(['returned', 'masked'] as const),
});

/** The data sharing platform (数据共享, R2.2): resource catalog, records, applications, credentials, queries and their log. */
export const sharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // ---------------------------------------------------------------- the catalog
  app.get('/sharing/resources', {
    schema: {
      tags: ['sharing'],
      summary: 'The data resource catalog (政务数据资源目录)',
      description: 'Every member of staff browses what departments share; the data itself is queried separately. `q` matches the code or name; `mine` keeps the resources your department (subtree) owns.',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 60 })), sharingType: Type.Optional(Type.Enum(sharingTypes)), subjectKind: Type.Optional(Type.Enum(subjectKinds)), mine: Type.Optional(Type.Boolean()), ...Page,
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ResourceSchema) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listResources(request.ctx, request.query));

  app.post('/sharing/resources', {
    schema: {
      tags: ['sharing'],
      summary: 'Publish a data resource',
      description: 'The owning department\'s head (or an administrator above it) publishes a resource: its fields, subjects, update frequency and sharing type.',
      body: Type.Object({
        code: ResourceCode, name: Text(100), nameEn: Text(200), ownerOrg: Type.Optional(OrgParam),
        subjectKinds: Type.Array(Type.Enum(subjectKinds), { minItems: 1, maxItems: 2 }), fields: Type.Array(FieldSchema, { minItems: 1, maxItems: 60 }),
        updateFrequency: Type.Enum(updateFrequencies), sharingType: Type.Enum(sharingTypes), description: Text(2000), descriptionEn: Text(4000),
      }, { additionalProperties: false }),
      response: { 201: ResourceSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await createResource(request.ctx, request.body)));

  app.get('/sharing/resources/:code', {
    schema: { tags: ['sharing'], summary: 'One data resource, with your department\'s access to it', params: Type.Object({ code: ResourceCode }), response: { 200: ResourceDetail, ...Errors } },
    preHandler: gate.staff,
  }, async (request) => getResource(request.ctx, request.params.code));

  app.patch('/sharing/resources/:code', {
    schema: {
      tags: ['sharing'],
      summary: 'Change a data resource',
      description: 'The owner\'s head or an administrator above it. Access already granted follows the new sharing type at once.',
      params: Type.Object({ code: ResourceCode }),
      body: Type.Object({
        version: Version, name: Type.Optional(Text(100)), nameEn: Type.Optional(Text(200)), subjectKinds: Type.Optional(Type.Array(Type.Enum(subjectKinds), { minItems: 1, maxItems: 2 })),
        fields: Type.Optional(Type.Array(FieldSchema, { minItems: 1, maxItems: 60 })), updateFrequency: Type.Optional(Type.Enum(updateFrequencies)), sharingType: Type.Optional(Type.Enum(sharingTypes)),
        description: Type.Optional(Text(2000)), descriptionEn: Type.Optional(Text(4000)),
      }, { additionalProperties: false }),
      response: { 200: ResourceSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => updateResource(request.ctx, request.params.code, request.body));

  // ---------------------------------------------------------------- records, kept by the owner
  app.get('/sharing/resources/:code/records', {
    schema: {
      tags: ['sharing'],
      summary: 'The records of a resource (the owner\'s)',
      description: 'The owning department\'s heads and reviewers: whose records there are (masked) and when they changed, newest first; `subject` finds one by the whole ID. Reading a record\'s data is a query, and logged.',
      params: Type.Object({ code: ResourceCode }),
      querystring: Type.Object({ subject: Type.Optional(SubjectId), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object({ subjectId: Type.String(), subjectKind: Type.Enum(subjectKinds), version: Type.Integer(), updatedAt: DateTime })) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listRecords(request.ctx, request.params.code, request.query));

  app.put('/sharing/resources/:code/records/:subjectId', {
    schema: {
      tags: ['sharing'],
      summary: 'Create or replace a subject\'s record (the owner\'s)',
      description: 'Without `version`, creates the record (409 when one exists); with the version read, replaces it (409 when stale). Values are checked against the resource\'s fields.',
      params: Type.Object({ code: ResourceCode, subjectId: SubjectId }),
      body: Type.Object({ data: RecordData, version: Type.Optional(Version) }, { additionalProperties: false }),
      response: { 200: Type.Object({ subjectId: Type.String(), subjectKind: Type.Enum(subjectKinds), version: Type.Integer(), updatedAt: DateTime, data: Type.Record(Type.String(), Type.Unknown()) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => putRecord(request.ctx, request.params.code, request.params.subjectId, request.body));

  app.post('/sharing/resources/:code/records/import', {
    schema: {
      tags: ['sharing'],
      summary: 'Import a batch of records (the owner\'s)',
      description: 'Up to 1,000 rows, each creating or replacing one subject\'s record. All or nothing: with any bad row nothing is written and the report lists every problem; `dryRun` only reports.',
      params: Type.Object({ code: ResourceCode }),
      querystring: Type.Object({ dryRun: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      body: Type.Object({ rows: Type.Array(Type.Object({ subjectId: Type.String({ minLength: 1, maxLength: 40 }), data: RecordData }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ ok: Type.Boolean(), dryRun: Type.Boolean(), created: Type.Integer(), updated: Type.Integer(), errors: Type.Array(Type.Object({ row: Type.Integer(), subjectId: Type.String(), field: Type.String(), message: Type.String() })) }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => importRecords(request.ctx, request.params.code, request.body.rows, request.query.dryRun));

  // ---------------------------------------------------------------- querying
  app.get('/sharing/resources/:code/records/:subjectId', {
    schema: {
      tags: ['sharing'],
      summary: 'Query a subject\'s record (共享查询)',
      description:
        'Consumers query with their department\'s credentials, `Authorization: Bearer <clientId>.<secret>` (no session needed); staff who handle applications (clerks, reviewers, heads) may query with their session as their department. ' +
        'Allowed for the owner, for unconditional resources, and for conditional ones with an approved, unexpired application: fields outside the approved set come back null and sensitive fields de-identified, both listed in `masked`. ' +
        'Every query is logged — also a refusal (403 `sharing.access_denied`, with the reason) and an unknown subject (404 `sharing.no_record`) — and the person or company it is about sees it.',
      security: [{ sharingCredential: [] }, { session: [] }],
      params: Type.Object({ code: ResourceCode, subjectId: SubjectId }),
      querystring: Type.Object({ purpose: Purpose }, { additionalProperties: false }),
      headers: Type.Object({ authorization: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: SharedRecordSchema, ...Errors },
    },
  }, async (request) => queryRecord(request.ctx, { code: request.params.code, subjectId: request.params.subjectId, purpose: request.query.purpose, authorization: request.headers.authorization }));

  // ---------------------------------------------------------------- applications
  app.post('/sharing/applications', {
    schema: {
      tags: ['sharing'],
      summary: 'Apply for access to a conditional resource (共享申请)',
      description: `A department's head (or an administrator for a department in scope): the purpose, the fields needed and the last day of access (at most ${MAX_VALIDITY_DAYS} days ahead). Unconditional resources need no application; resources not shared cannot be applied for. The owner's heads are told.`,
      body: Type.Object({ resourceCode: ResourceCode, purpose: Purpose, fields: FieldKeys, validUntil: IsoDate, consumerOrg: Type.Optional(OrgParam) }, { additionalProperties: false }),
      response: { 201: ApplicationSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await applyForAccess(request.ctx, request.body)));

  app.get('/sharing/applications', {
    schema: {
      tags: ['sharing'],
      summary: 'Applications to or from your departments',
      description: '`incoming`: applications for your departments\' resources (to approve or refuse); `outgoing`: your departments\' own. Heads, administrators and supervisors of the subtree; pending first, then newest.',
      querystring: Type.Object({ box: Type.Enum(['incoming', 'outgoing'] as const), status: Type.Optional(Type.Enum(applicationStatuses)), resource: Type.Optional(ResourceCode), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ApplicationSchema) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listApplications(request.ctx, request.query));

  app.get('/sharing/applications/:id', {
    schema: { tags: ['sharing'], summary: 'One application', params: Type.Object({ id: Uuid }), response: { 200: ApplicationSchema, ...Errors } },
    preHandler: gate.staff,
  }, async (request) => getApplication(request.ctx, request.params.id));

  app.post('/sharing/applications/:id/approve', {
    schema: {
      tags: ['sharing'],
      summary: 'Approve an application',
      description: 'The owner\'s head (or an administrator above it), possibly granting fewer fields or a shorter validity than asked. The consumer\'s heads and the applicant are told.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, fields: FieldKeys, validUntil: Type.Optional(IsoDate), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 200: ApplicationSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => decideApplication(request.ctx, request.params.id, request.body.version, { kind: 'approve', fields: request.body.fields, validUntil: request.body.validUntil, note: request.body.note }));

  app.post('/sharing/applications/:id/refuse', {
    schema: {
      tags: ['sharing'],
      summary: 'Refuse an application, with the reason',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, reason: Text(1000) }, { additionalProperties: false }),
      response: { 200: ApplicationSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => decideApplication(request.ctx, request.params.id, request.body.version, { kind: 'refuse', reason: request.body.reason }));

  app.post('/sharing/applications/:id/revoke', {
    schema: {
      tags: ['sharing'],
      summary: 'Revoke an approval before it expires, with the reason',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, reason: Text(1000) }, { additionalProperties: false }),
      response: { 200: ApplicationSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => decideApplication(request.ctx, request.params.id, request.body.version, { kind: 'revoke', reason: request.body.reason }));

  // ---------------------------------------------------------------- credentials
  app.get('/sharing/credentials', {
    schema: {
      tags: ['sharing'],
      summary: 'Your departments\' API credentials',
      description: 'Heads see their department\'s, administrators their subtree\'s; active ones first. Secrets are never shown again.',
      querystring: Type.Object({ ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(CredentialSchema) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listCredentials(request.ctx, request.query));

  app.post('/sharing/credentials', {
    schema: {
      tags: ['sharing'],
      summary: 'Create API credentials for a department',
      description: 'A head for their department, an administrator for a department in scope. The answer carries the secret and the ready-made bearer token **once**: only a hash is kept.',
      body: Type.Object({ name: Text(100, { description: 'What system uses them, e.g. 户籍核验接口' }), org: Type.Optional(OrgParam) }, { additionalProperties: false }),
      response: { 201: Type.Object({ credential: CredentialSchema, secret: Type.String(), token: Type.String({ description: '`<clientId>.<secret>`, to send as `Authorization: Bearer <token>`' }) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await createCredential(request.ctx, request.body)));

  app.post('/sharing/credentials/:id/revoke', {
    schema: {
      tags: ['sharing'],
      summary: 'Revoke API credentials',
      description: 'At once: every later query with them gets 401.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version }, { additionalProperties: false }),
      response: { 200: CredentialSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => revokeCredential(request.ctx, request.params.id, request.body.version));

  // ---------------------------------------------------------------- the query log
  app.get('/sharing/query-log', {
    schema: {
      tags: ['sharing'],
      summary: 'The query log',
      description: '`owner`: every query of your departments\' resources; `consumer`: every query your departments made — who (organisation, credentials or member of staff), why, about whom (masked; `subject` filters by the whole ID), which fields, the result, when. Heads, administrators and supervisors of the subtree; newest first.',
      querystring: Type.Object({
        side: Type.Enum(['owner', 'consumer'] as const), resource: Type.Optional(ResourceCode), subject: Type.Optional(SubjectId), result: Type.Optional(Type.Enum(queryResults)),
        from: Type.Optional(LogDay), to: Type.Optional(LogDay), ...Page,
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            id: Uuid, at: DateTime, resource: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }), owner: OrgRef, consumer: OrgRef,
            credential: Nullable(Type.Object({ id: Uuid, clientId: Type.String(), name: Type.String() })), actor: Nullable(Person), caseId: Nullable(Uuid), purpose: Type.String(), subjectId: Type.String(),
            fields: Type.Array(FieldRef), maskedFields: Type.Array(FieldRef), result: Type.Enum(queryResults), denialReason: Nullable(Type.Enum(denialReasons)), recordVersion: Nullable(Type.Integer()),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => listQueryLog(request.ctx, request.query));

  app.get('/sharing/my-access-log', {
    schema: {
      tags: ['sharing'],
      summary: 'Who looked at my data (谁查看了我的数据)',
      description: 'An applicant: every query about their own resident ID or credit code — which organisations, why, which fields, when — newest first.',
      querystring: Type.Object({ ...Page }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            id: Uuid, at: DateTime, resource: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }), owner: OrgRef, consumer: OrgRef, purpose: Type.String(),
            fields: Type.Array(FieldRef), maskedFields: Type.Array(FieldRef), result: Type.Enum(queryResults), forCase: Type.Boolean(),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.user,
  }, async (request) => listMyAccessLog(request.ctx, request.query));
};
