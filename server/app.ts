import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import client from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import accounts from './modules/accounts/index.js';
import cases from './modules/cases/index.js';
import catalog from './modules/catalog/index.js';
import certificates from './modules/certificates/index.js';
import hotline from './modules/hotline/index.js';
import orgs from './modules/orgs/index.js';
import queue from './modules/queue/index.js';
import sharing from './modules/sharing/index.js';
import supervision from './modules/supervision/index.js';
import { calendarRoutes } from './platform/calendar-routes.js';
import { systemClock, TrainingClock, type Clock } from './platform/clock.js';
import { sendFrameworkError, sendRouteNotFound } from './platform/errors.js';
import { fileRoutes } from './platform/files-routes.js';
import { registerJobs } from './platform/jobs.js';
import { notifySendJob } from './platform/notify.js';
import { notifyRoutes } from './platform/notify-routes.js';
import { platformPlugin } from './platform/plugin.js';
import { loadMasterKey, secretsWith } from './platform/secrets.js';
import { systemRoutes } from './platform/system-routes.js';
import { version } from './version.js';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface RouteEntry {
  method: string;
  url: string;
  /** False for routes hidden from the OpenAPI document (the document itself, static files). */
  documented: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  /** Serve the built web app from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** A pino destination (tests capture logs); default stdout. */
  logStream?: NodeJS.WritableStream;
}

/**
 * A URL as logged: query values go (people type ID numbers and phone numbers into search boxes),
 * their names stay, so a log still tells which filters a request used.
 */
export function logSafeUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((n) => `${encodeURIComponent(n)}=…`).join('&')}`;
}

/** Builds the whole server: platform plugins first, then each module (fastify/demo's order). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Bodies are never logged; these headers would carry credentials.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: logSafeUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }),
      },
    },
    genReqId: () => uuidv7(),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    frameworkErrors: sendFrameworkError,
    // allowUnionTypes: a schema may list several types (`type: ['string', 'number']`), which coercion then leaves alone.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, allowUnionTypes: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route as registered, so tests can prove that each one is documented and access-checked.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, documented: !(route.schema as { hide?: boolean } | undefined)?.hide });
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'OneTrip API',
        version,
        description: 'The integrated government-services platform for the "at most one trip" (最多跑一次) reform. Errors are RFC 9457 problem+json with a stable `code` and zh-CN/en-US messages.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'onetrip_session' }, sharingCredential: { type: 'http', scheme: 'bearer', description: 'A department\'s data-sharing credentials: `<clientId>.<secret>`' } } },
      security: [{ session: [] }],
    },
  });

  const metrics = new client.Registry();
  client.collectDefaultMetrics({ register: metrics });
  await app.register(platformPlugin, { config, database: deps.database, clock: deps.clock ?? (config.trainingMode ? new TrainingClock() : systemClock), version, metrics, secrets: secretsWith(loadMasterKey(config.masterKey, config.dataDir)) });
  await app.register(systemRoutes);
  await app.register(calendarRoutes);
  await app.register(fileRoutes);
  await app.register(notifyRoutes);
  registerJobs(notifySendJob);
  await app.register(orgs);
  await app.register(accounts);
  await app.register(catalog);
  await app.register(certificates);
  await app.register(sharing);
  await app.register(cases);
  await app.register(queue);
  await app.register(hotline);
  await app.register(supervision);

  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const web = deps.serveWeb !== false && existsSync(path.join(webRoot, 'index.html'));
  if (web) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any other page path gets its shell.
    const isPage = request.method === 'GET' && !/^\/(api|metrics|open311)(\/|$)/.test(request.url) && !!request.headers.accept?.includes('text/html');
    if (web && isPage) return reply.type('text/html').sendFile('index.html');
    return sendRouteNotFound(request, reply);
  });
  return app;
}
