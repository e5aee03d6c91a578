import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { durabilities } from '../db/client.js';
import { gate } from './access.js';
import { verifyAudit } from './audit.js';
import { Problem, ProblemSchema } from './errors.js';
import { TrainingClock } from './clock.js';
import { recordAudit, type AuditInput } from './audit.js';
import { DateTime } from './schemas.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  version: Type.String(),
  durability: Type.Enum(durabilities, {
    description: 'What an acknowledged write survives. `fsync`: a power cut (flushed to disk before the answer); `os-cache`: the process dying, not the machine (ONETRIP_DB_FSYNC=0, or a PostgreSQL server with fsync off); `async-commit`: not even a database server crash (PostgreSQL with synchronous_commit off); `memory`: nothing (an in-memory database).',
  }),
});

const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  headHash: Type.String(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.Union([Type.Literal('edited'), Type.Literal('missing'), Type.Literal('relinked')]) })),
});

const isLoopback = (address: string | undefined): boolean => !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** Health, Prometheus metrics and the audit-chain check. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, version, metrics } = app.platform;

  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness, database and durability check', response: { 200: Health, 500: ProblemSchema } },
  }, async () => {
    await database.db.execute(sql`SELECT 1`);
    return { status: 'ok' as const, database: database.kind, version, durability: await database.durability() };
  });

  // Metrics tell load, routes and errors: a scraper shows the token, or runs on this machine.
  const { metricsToken } = app.platform.config;
  const expected = metricsToken ? Buffer.from(`Bearer ${metricsToken}`) : undefined;
  app.get('/metrics', {
    schema: { tags: ['system'], summary: 'Prometheus metrics', description: 'With `ONETRIP_METRICS_TOKEN` set, needs `Authorization: Bearer <token>`; without, answers only requests from this machine.', response: { 200: Type.String(), 404: ProblemSchema } },
  }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    const allowed = expected ? given.length === expected.length && timingSafeEqual(given, expected) : isLoopback(request.ip);
    if (!allowed) throw new Problem('not_found');
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

  app.get('/api/v1/system/clock', {
    schema: { tags: ['system'], summary: 'The server\'s time', description: 'Every deadline is computed from this clock. In training mode it can be moved.', response: { 200: Type.Object({ now: DateTime, training: Type.Boolean() }) } },
  }, async () => ({ now: app.platform.clock.now(), training: app.platform.config.trainingMode }));

  app.put('/api/v1/system/clock', {
    schema: {
      tags: ['system'],
      summary: 'Move the clock (training mode only)',
      description: 'Administrators set the time or advance it by days, to practise deadlines across holidays. Refused outside training mode (ONETRIP_TRAINING=1).',
      body: Type.Object({ now: Type.Optional(Type.String({ format: 'date-time' })), advanceDays: Type.Optional(Type.Integer({ minimum: -3650, maximum: 3650 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ now: DateTime, training: Type.Boolean() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request) => {
    const clock = app.platform.clock;
    if (!(clock instanceof TrainingClock)) throw new Problem('clock.not_training');
    if (request.body.now) clock.set(request.body.now);
    if (request.body.advanceDays) clock.advance(request.body.advanceDays * 86_400_000);
    await recordAuditStandalone(app, request, { action: 'system.move-clock', targetType: 'clock', targetId: 'clock', after: { now: clock.now() } });
    return { now: clock.now(), training: true };
  });
};

/** An audit entry for a change that touches no table of its own. */
async function recordAuditStandalone(app: FastifyInstance, request: FastifyRequest, input: AuditInput): Promise<void> {
  await app.platform.database.db.transaction((tx) => recordAudit(tx, request.ctx, input));
}
