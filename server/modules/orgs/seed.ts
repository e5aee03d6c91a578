import { inArray } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { OrgKind, OrgLevel, SiteKind, WindowCategory } from '../../../common/enums.js';
import type { Tx } from '../../db/client.js';
import { checkNesting, childPath, siteKindFits, windowDepartmentFits } from './rules.js';
import { orgs, sites, windows } from './schema.js';

/** The shape of `server/seed/data/orgs.json`: codes reference each other instead of ids. */
export interface OrgData {
  orgs: { code: string; parent: string | null; name: string; shortName: string; nameEn: string; kind: OrgKind; level: OrgLevel; regionCode: string; key?: string }[];
  sites: { code: string; org: string; kind: SiteKind; level: OrgLevel; name: string; nameEn: string; address: string; addressEn?: string; hours: string; hoursEn?: string; phone?: string; signage: string; zones: string[]; equipment: string[] }[];
  windows: { code: string; site: string; number: string; name: string; nameEn: string; category: WindowCategory; department: string | null }[];
}

/**
 * Loads an organisation tree with its sites and windows (seed and bulk import). Codes already in
 * the database are skipped, so importing twice changes nothing. Returns how many rows were added.
 * @throws Error naming the first row that breaks the hierarchy or references an unknown code.
 */
export async function importOrgData(tx: Tx, data: OrgData): Promise<{ orgs: number; sites: number; windows: number }> {
  const codes = [...data.orgs.map((o) => o.code), ...data.orgs.map((o) => o.parent).filter((c): c is string => !!c)];
  const known = new Map((await tx.select().from(orgs).where(inArray(orgs.code, codes))).map((o) => [o.code, o]));
  const added = { orgs: 0, sites: 0, windows: 0 };

  const newOrgs = [];
  for (const o of data.orgs) {
    if (known.has(o.code)) continue;
    const parent = o.parent ? known.get(o.parent) : null;
    if (o.parent && !parent) throw new Error(`org ${o.code}: parent ${o.parent} is not defined before it`);
    checkNesting(parent ?? null, o);
    const id = uuidv7();
    const row = {
      id, code: o.code, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), name: o.name, shortName: o.shortName, nameEn: o.nameEn,
      kind: o.kind, level: o.level, regionCode: o.regionCode, deptKey: o.key ?? null, active: true, version: 1, createdAt: new Date(), updatedAt: new Date(),
    };
    known.set(o.code, row);
    newOrgs.push(row);
  }
  for (let i = 0; i < newOrgs.length; i += 500) await tx.insert(orgs).values(newOrgs.slice(i, i + 500));
  added.orgs = newOrgs.length;

  const siteIds = new Map((await tx.select({ id: sites.id, code: sites.code }).from(sites)).map((s) => [s.code, s.id]));
  const newSites = data.sites.filter((s) => !siteIds.has(s.code)).map((s) => {
    const org = known.get(s.org);
    if (!org) throw new Error(`site ${s.code}: unknown org ${s.org}`);
    if (!siteKindFits(s.kind, org.level)) throw new Error(`site ${s.code}: a ${s.kind} does not belong at ${org.level} level`);
    const id = uuidv7();
    siteIds.set(s.code, id);
    return { ...s, id, orgId: org.id, level: org.level, addressEn: s.addressEn ?? '', hoursEn: s.hoursEn ?? '', phone: s.phone ?? '' };
  });
  if (newSites.length) await tx.insert(sites).values(newSites);
  added.sites = newSites.length;

  const windowCodes = new Set((await tx.select({ code: windows.code }).from(windows)).map((w) => w.code));
  const newWindows = data.windows.filter((w) => !windowCodes.has(w.code)).map((w) => {
    const siteId = siteIds.get(w.site);
    if (!siteId) throw new Error(`window ${w.code}: unknown site ${w.site}`);
    const departmentId = w.department ? known.get(w.department)?.id : null;
    if (w.department && !departmentId) throw new Error(`window ${w.code}: unknown department ${w.department}`);
    if (!windowDepartmentFits(w.category, departmentId)) throw new Error(`window ${w.code}: category ${w.category} and department do not fit`);
    return { code: w.code, siteId, number: w.number, name: w.name, nameEn: w.nameEn, category: w.category, departmentId: departmentId ?? null };
  });
  for (let i = 0; i < newWindows.length; i += 500) await tx.insert(windows).values(newWindows.slice(i, i + 500));
  added.windows = newWindows.length;
  return added;
}
