import type { Me } from '../api/auth.js';

/** Where an account lands after signing in: administrators at their organisations, other staff at the workbench. */
export function roleHome(me: Me): string {
  if (me.kind !== 'staff') return '/account';
  return me.roles.includes('admin') ? '/admin/orgs' : '/workbench';
}

/** A same-site path to return to after signing in; anything else (other hosts, `//evil`) is ignored. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
