import type { OrgLevel } from '../../../common/enums.js';
import type { Tx } from '../../db/client.js';
import { listOrgs, listSites } from '../orgs/index.js';
import { declaredFields } from './rules.js';
import { implementations, itemVersions, oneTripBatches, oneTripEntries, serviceItems } from './schema.js';
import type { CatalogSeedFile } from './seed-format.js';
import { bumpCatalogRevision } from './service.js';
import { recordErrors, recordFromSeed } from './transfer.js';

/** The two batches of the plan (§二): 100 items at most one trip in 2019, 200 in 2020. */
export const seedBatches = [
  { number: 1, title: '第一批"最多跑一次"事项清单', titleEn: 'First batch of "at most one trip" items', publishedOn: '2019-06-30' },
  { number: 2, title: '第二批"最多跑一次"事项清单', titleEn: 'Second batch of "at most one trip" items', publishedOn: '2020-06-30' },
];

/**
 * Loads the seed catalog: every item published as version 1, the "at most one trip" batches, and
 * an implementation for each department of the item's kind at the levels that carry it out, at
 * its government's hall (and the agency points below, for items they accept). Items already in
 * the database are skipped.
 * @throws Error naming the first invalid item: seed data must be clean.
 */
export async function importCatalogSeed(tx: Tx, files: CatalogSeedFile[]): Promise<{ items: number; implementations: number }> {
  const existing = new Set((await tx.select({ code: serviceItems.code }).from(serviceItems)).map((r) => r.code));
  const orgs = await listOrgs(tx, {});
  const sites = await listSites(tx, {});
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const hallOf = new Map<string, string>(); // government id → its hall
  const pointsUnder = new Map<string, string[]>(); // county government id → agency points below it
  for (const s of sites) {
    const owner = byId.get(s.orgId);
    if (!owner) continue;
    const government = owner.kind === 'department' ? owner.parentId! : owner.id;
    if (s.kind === 'hall') hallOf.set(government, s.id);
    else {
      const county = owner.path.split('/').filter(Boolean)[1];
      if (county) pointsUnder.set(county, [...(pointsUnder.get(county) ?? []), s.id]);
    }
  }
  const hallSite = new Map(sites.map((s) => [s.id, s]));

  for (const b of seedBatches) await tx.insert(oneTripBatches).values(b).onConflictDoNothing();
  let items = 0;
  const implRows: (typeof implementations.$inferInsert)[] = [];
  for (const file of files) {
    for (const seed of file.items) {
      if (existing.has(seed.code)) continue;
      const record = recordFromSeed(file.department, seed);
      const errors = recordErrors(record);
      if (errors.length) throw new Error(`seed item ${seed.code}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      const [item] = await tx.insert(serviceItems).values({ code: seed.code, deptKey: file.department }).returning();
      const { code: _c, department: _d, changeNote: _n, ...content } = record;
      const [v] = await tx.insert(itemVersions).values({ ...content, itemId: item!.id, number: 1, status: 'published', changeNote: '首次发布 / first publication', publishedAt: new Date(`${seedBatches[0]!.publishedOn}T00:00:00+08:00`) }).returning();
      if (seed.atMostOneTrip) await tx.insert(oneTripEntries).values({ batch: seed.atMostOneTrip.batch, itemId: item!.id });
      items++;
      for (const dept of orgs.filter((o) => o.kind === 'department' && o.deptKey === file.department && seed.implementedAt.includes(o.level as OrgLevel))) {
        const government = dept.parentId!;
        const hall = hallOf.get(government);
        const siteIds = [...(hall ? [hall] : []), ...(seed.channels.includes('agencyPoint') && dept.level === 'county' ? (pointsUnder.get(government) ?? []) : [])];
        const hallRow = hall ? hallSite.get(hall) : undefined;
        implRows.push({
          itemId: item!.id, orgId: dept.id, versionId: v!.id, declared: declaredFields(seed.code, v!), promisedLimit: seed.promisedLimit, siteIds,
          phone: hallRow?.phone ?? '', hours: hallRow?.hours ?? '', hoursEn: hallRow?.hoursEn ?? '',
        });
      }
    }
  }
  for (let i = 0; i < implRows.length; i += 500) await tx.insert(implementations).values(implRows.slice(i, i + 500));
  if (items) await bumpCatalogRevision(tx);
  return { items, implementations: implRows.length };
}
