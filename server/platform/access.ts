import { like, type Column, type SQL } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountKind, Role } from '../../common/enums.js';
import { Problem } from './errors.js';

/** The signed-in user, as every service sees it. */
export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly kind: AccountKind;
  readonly roles: readonly Role[];
  /** Staff only: the organisation they work for. */
  readonly orgId: string | null;
  /** Staff only: the path of that organisation; everything they may see lies under it. */
  readonly scopePath: string | null;
}

export const hasRole = (actor: Actor | null, ...wanted: Role[]): boolean => !!actor && wanted.some((r) => actor.roles.includes(r));

/** Whether an organisation (given by its tree path) lies within the actor's subtree. */
export const inScope = (actor: Actor | null, orgPath: string): boolean => !!actor?.scopePath && orgPath.startsWith(actor.scopePath);

/** SQL condition limiting a path column to the actor's subtree; matches nothing for an actor without one. */
export function scopeCondition(actor: Actor, pathColumn: Column | SQL): SQL {
  // Paths are "/uuid/uuid/" — no LIKE metacharacters can occur in them, so no escaping is needed.
  return like(pathColumn as Column, `${actor.scopePath ?? '\u0000never'}%`);
}

/** The actor, or 401 when nobody is signed in. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Problem('unauthenticated');
  return actor;
}

/** The actor when they hold one of the roles; 401 or 403 otherwise (deny by default). */
export function requireRole(actor: Actor | null, ...wanted: Role[]): Actor {
  const a = requireActor(actor);
  if (!hasRole(a, ...wanted)) throw new Problem('forbidden');
  return a;
}

/** Route gates (the coarse check; services still scope every row). */
export const gate = {
  user: async (request: FastifyRequest, _reply: FastifyReply) => {
    requireActor(request.actor);
  },
  staff: async (request: FastifyRequest, _reply: FastifyReply) => {
    if (requireActor(request.actor).kind !== 'staff') throw new Problem('forbidden');
  },
  role:
    (...wanted: Role[]) =>
    async (request: FastifyRequest, _reply: FastifyReply) => {
      requireRole(request.actor, ...wanted);
    },
};
