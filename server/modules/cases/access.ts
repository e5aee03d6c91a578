import type { Queryable } from '../../db/client.js';
import { hasRole, type Actor } from '../../platform/access.js';
import { findOrg, governmentPath } from '../orgs/index.js';
import type { ActorFacts } from './rules.js';
import type { CaseRow } from './schema.js';

/** Where an actor stands in the tree: their organisation's path and its government's. */
export interface ActorPlace {
  actor: Actor;
  orgPath: string | null;
  governmentPath: string | null;
}

// An actor is made afresh for each request (from its session): its place is looked up once per request,
// not again for the view that follows a transition.
const places = new WeakMap<Actor, Promise<ActorPlace>>();

export function placeOf(q: Queryable, actor: Actor): Promise<ActorPlace> {
  if (!actor.orgId) return Promise.resolve({ actor, orgPath: null, governmentPath: null });
  let place = places.get(actor);
  if (!place) {
    place = findOrg(q, actor.orgId).then((org) => ({ actor, orgPath: org?.path ?? null, governmentPath: org ? governmentPath(org) : null }));
    places.set(actor, place);
    place.catch(() => places.delete(actor));
  }
  return place;
}

const under = (path: string | null, scope: string | null): boolean => !!path && !!scope && path.startsWith(scope);

/**
 * How the actor relates to a case (DOMAIN.md, API rule 9): applicants their own cases; clerks the
 * intake of their hall's government (agency-point clerks the cases filed at their point); reviewers
 * and heads what their department handles; open parallel tasks for the departments asked.
 */
export function actorFacts(place: ActorPlace, c: CaseRow, openTaskPaths: string[]): ActorFacts {
  const { actor } = place;
  const clerk = hasRole(actor, 'windowClerk');
  const reviewer = hasRole(actor, 'reviewer', 'departmentHead');
  const intakeGovernment = c.intakeOrgPath.slice(0, c.intakeOrgPath.lastIndexOf('/', c.intakeOrgPath.length - 2) + 1);
  return {
    isApplicant: actor.id === c.applicantId,
    // A hall's clerks take in the cases of their own government's departments; an agency point's, what was filed there.
    isIntakeClerk: clerk && (intakeGovernment === place.governmentPath || (c.channel === 'agencyPoint' && under(place.orgPath, intakeGovernment) && c.filedBy === actor.id)),
    isHandler: reviewer && under(c.handlerOrgPath, actor.scopePath),
    isHandlerHead: hasRole(actor, 'departmentHead') && under(c.handlerOrgPath, actor.scopePath),
    hasOpenTask: reviewer && openTaskPaths.some((p) => under(p, actor.scopePath)),
  };
}

/** Whether the actor may see the case at all (404 otherwise). */
export function canRead(place: ActorPlace, c: CaseRow, facts: ActorFacts, taskPaths: string[]): boolean {
  const { actor } = place;
  if (facts.isApplicant || facts.isIntakeClerk || facts.isHandler || facts.hasOpenTask) return true;
  // Reviewers keep sight of cases their department took in or was asked about; supervisors and admins read their subtree.
  if (hasRole(actor, 'reviewer', 'departmentHead') && [c.intakeOrgPath, c.decisionOrgPath, ...taskPaths].some((p) => under(p, actor.scopePath))) return true;
  if (hasRole(actor, 'supervisor', 'admin') && [c.intakeOrgPath, c.decisionOrgPath].some((p) => under(p, actor.scopePath))) return true;
  return false;
}
