import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { gate } from './access.js';
import { verifyAudit } from './audit.js';
import { ProblemSchema } from './errors.js';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  version: Type.String(),
});

const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  headHash: Type.String(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.Union([Type.Literal('edited'), Type.Literal('missing'), Type.Literal('relinked')]) })),
});

/** Health, Prometheus metrics and the audit-chain check. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, version, metrics } = app.platform;

  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: Health, 500: ProblemSchema } },
  }, async () => {
    await database.db.execute(sql`SELECT 1`);
    return { status: 'ok' as const, database: database.kind, version };
  });

  app.get('/metrics', {
    schema: { tags: ['system'], summary: 'Prometheus metrics', response: { 200: Type.String() } },
  }, async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.metrics();
  });

  app.get('/api/v1/audit/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Verify the hash-chained audit log',
      description: 'Recomputes every entry\'s hash in order and lists entries that were edited, deleted or relinked. Administrators only.',
      response: { 200: AuditVerification, 401: ProblemSchema, 403: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async () => verifyAudit(database.db));
};
