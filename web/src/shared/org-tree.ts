import type { Org } from '../api/orgs.js';

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

const kindOrder: Record<Org['kind'], number> = { government: 0, park: 1, department: 2 };

/** Builds the hierarchy from the flat list by parentId; orgs whose parent is absent become roots. */
export function buildOrgTree(orgs: Org[]): OrgNode[] {
  const nodes = new Map(orgs.map((org) => [org.id, { org, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  // Governments and parks first, their departments after; each by code (the region code order).
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => kindOrder[a.org.kind] - kindOrder[b.org.kind] || a.org.code.localeCompare(b.org.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The nodes matching `match`, with their ancestors (so the tree still reads), and the ids to expand. */
export function filterOrgTree(roots: OrgNode[], match: (org: Org) => boolean): { roots: OrgNode[]; expand: string[] } {
  const expand: string[] = [];
  const walk = (list: OrgNode[]): OrgNode[] =>
    list.flatMap((node) => {
      const children = walk(node.children);
      if (children.length) expand.push(node.org.id);
      return match(node.org) || children.length ? [{ org: node.org, children: match(node.org) && !children.length ? node.children : children }] : [];
    });
  return { roots: walk(roots), expand };
}

/** Whether `org` lies within the subtree of the organisation at `scopePath` (as the server decides scope). */
export const orgInScope = (org: Pick<Org, 'path'>, scopePath: string | undefined): boolean => !!scopePath && org.path.startsWith(scopePath);
