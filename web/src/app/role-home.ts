import type { Me } from '../api/auth.js';

/** Where an account lands after signing in: administrators at their organisations, catalog managers at the catalog, other staff at the workbench. */
export function roleHome(me: Me): string {
  if (me.kind !== 'staff') return '/account';
  if (me.roles.includes('admin')) return '/admin/orgs';
  // Window clerks start at their front desk.
  if (me.roles.includes('windowClerk')) return '/hall/desk';
  // Reviewers and department heads start at their inbox.
  if (me.roles.includes('reviewer') || me.roles.includes('departmentHead')) return '/review';
  // 12345 hotline agents start at the intake screen.
  if (me.roles.includes('hotlineAgent')) return '/hotline/intake';
  // Supervisors start at their dashboard.
  if (me.roles.includes('supervisor')) return '/supervision';
  return me.roles.includes('catalogManager') ? '/admin/catalog' : '/workbench';
}

/** A same-site path to return to after signing in; anything else (other hosts, `//evil`) is ignored. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
