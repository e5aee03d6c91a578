import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Actor } from './access.js';
import { actorForToken } from './auth.js';
import type { Clock } from './clock.js';
import type { Ctx } from './context.js';
import type { Secrets } from './secrets.js';
import { installErrorHandler, Problem } from './errors.js';
import { unusableValue } from './input.js';

export const SESSION_COOKIE = 'onetrip_session';

export interface Platform {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly version: string;
  readonly metrics: client.Registry;
  readonly secrets: Secrets;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyRequest {
    actor: Actor | null;
    ctx: Ctx;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-cutting request handling: errors, security headers, sessions → `request.actor`, CSRF
 * defence, the per-request `ctx`, and metrics. Every module plugin depends on it.
 */
export const platformPlugin = fp<Platform>(
  async (app, platform) => {
    app.decorate('platform', platform);
    installErrorHandler(app);

    await app.register(fastifyCookie);
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Ant Design writes its styles at run time; scripts stay strictly same-origin.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: platform.config.secureCookies ? [] : null,
        },
      },
      hsts: platform.config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    });
    await app.register(fastifyRateLimit, { global: false });

    const requests = new client.Histogram({
      name: 'onetrip_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [platform.metrics],
    });

    app.decorateRequest('actor', null);
    app.decorateRequest('ctx', null as unknown as Ctx);

    app.addHook('onRequest', async (request) => {
      // SameSite=Lax stops most cross-site posts; checking Origin / Sec-Fetch-Site stops the rest
      // (OWASP's "verify origin with standard headers"). Clients without a browser send neither.
      if (!SAFE_METHODS.has(request.method) && request.cookies[SESSION_COOKIE]) {
        const origin = request.headers.origin;
        if (request.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && originHost(origin) !== request.headers.host)) {
          throw new Problem('csrf_rejected');
        }
      }
      const token = request.cookies[SESSION_COOKIE];
      request.actor = token ? await actorForToken(platform.database.db, token, platform.clock.now()) : null;
      request.ctx = { db: platform.database.db, actor: request.actor, clock: platform.clock, log: request.log, secrets: platform.secrets, requestId: String(request.id) };
    });

    // After validation (and ajv's type coercion): refuse what passed the schemas but no service can take.
    app.addHook('preHandler', async (request) => {
      for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
        const bad = unusableValue(value, `/${part}`);
        if (bad) throw new Problem('validation_failed', `${bad.field} ${bad.why}`, [{ field: bad.field, message: bad.why }]);
      }
    });

    app.addHook('onResponse', async (request, reply) => {
      requests.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  },
  { name: 'platform' },
);

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" and garbage never match a host
  }
}
