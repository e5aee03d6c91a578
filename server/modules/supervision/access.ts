import type { Role } from '../../../common/enums.js';
import { inScope, requireRole, type Actor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { findOrg, type OrgRow } from '../orgs/index.js';

/** Who watches what supervision shows: supervisors and administrators their subtree, department heads their department. */
export const WATCHERS: readonly Role[] = ['supervisor', 'admin', 'departmentHead'];

/**
 * The organisation a supervision view is about (id or code; the actor's own when none is given),
 * checked against the actor's subtree: 403 for other roles, 404 for an organisation outside it (as
 * if it did not exist, so ids and codes of other counties stay hidden).
 */
export async function orgInScope(ctx: Ctx, org: string | undefined, roles: readonly Role[] = WATCHERS): Promise<{ actor: Actor; org: OrgRow }> {
  const actor = requireRole(ctx.actor, ...roles);
  const row = await findOrg(ctx.db, org ?? actor.orgId ?? '');
  if (!row || !inScope(actor, row.path)) throw new Problem('not_found');
  return { actor, org: row };
}

/** The same actor seen as a supervisor of one organisation's subtree: for asking another module's statistics about that subtree only. */
export const narrowedTo = (ctx: Ctx, actor: Actor, org: OrgRow): Ctx => ({ ...ctx, actor: { ...actor, roles: ['supervisor'], orgId: org.id, scopePath: org.path } });
