import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { Actor } from './access.js';
import type { Clock } from './clock.js';
import type { Secrets } from './secrets.js';

/** What every service call gets first: who acts, on which database, at what time (immich's "actor first"). */
export interface Ctx {
  readonly db: Db;
  readonly actor: Actor | null;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
  readonly secrets: Secrets;
  readonly requestId?: string;
}
