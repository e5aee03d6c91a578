import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApplicants } from '../../seed/demo-accounts.js';
import { readOrgData } from '../../seed/seed.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { importOrgData } from '../orgs/index.js';
import { orgs } from '../orgs/schema.js';
import { checkRecordData, subjectKindOf } from './rules.js';
import { dataRecords, dataResources } from './schema.js';
import { importSharingSeed, resourceSeeds } from './seed.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let report: Awaited<ReturnType<typeof importSharingSeed>>;
const now = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  t = await buildTestApp();
  await t.db.transaction((tx) => importOrgData(tx, readOrgData()));
  report = await t.db.transaction((tx) => importSharingSeed(tx, { subjects: demoApplicants, now }));
}, 120_000);
afterAll(() => t.close());

describe('the data sharing seed', () => {
  it('publishes every resource the catalog names under the prefecture\'s owning departments', async () => {
    const rows = await t.db.select({ code: dataResources.code, sharingType: dataResources.sharingType, owner: orgs.code }).from(dataResources).innerJoin(orgs, eq(orgs.id, dataResources.ownerOrgId));
    expect(report.resources).toBe(resourceSeeds.length);
    expect(Object.fromEntries(rows.map((r) => [r.code, r.owner]))).toMatchObject({
      'household-registration': '652300-public-security', 'marriage-status': '652300-civil-affairs', 'social-security-status': '652300-hrss', 'company-registration': '652300-market',
      'real-estate-status': '652300-natural-resources', 'tax-status': '652300-tax', 'criminal-record': '652300-public-security',
    });
    expect(new Set(rows.map((r) => r.sharingType))).toEqual(new Set(['unconditional', 'conditional', 'notShared']));
  });

  it('holds thousands of records, each about a valid ID of a kind the resource holds, with values of the right types', async () => {
    expect(report.records).toBeGreaterThan(3000);
    const resources = new Map((await t.db.select().from(dataResources)).map((r) => [r.id, r]));
    const records = await t.db.select().from(dataRecords);
    expect(records.length).toBe(report.records);
    for (const r of records) {
      const resource = resources.get(r.resourceId)!;
      const kind = subjectKindOf(r.subjectId);
      expect(kind && resource.subjectKinds.includes(kind), `${resource.code} ${r.subjectId}`).toBe(true);
      expect(checkRecordData(resource.fields, r.data, resource.code)).toEqual([]);
    }
  });

  it('gives the demo applicants the records their journeys look for', async () => {
    const codesOf = async (idNumber: string) =>
      (await t.db.select({ code: dataResources.code }).from(dataRecords).innerJoin(dataResources, eq(dataResources.id, dataRecords.resourceId)).where(eq(dataRecords.subjectId, idNumber))).map((r) => r.code).sort();
    const [zhangwei, aynur, company] = demoApplicants;
    for (const person of [zhangwei!, aynur!]) expect(await codesOf(person.idNumber)).toEqual(['criminal-record', 'household-registration', 'marriage-status', 'real-estate-status', 'social-security-status', 'tax-status']);
    expect(await codesOf(company!.idNumber)).toEqual(['company-registration', 'real-estate-status', 'tax-status']);
  });

  it('changes nothing when run again', async () => {
    expect(await t.db.transaction((tx) => importSharingSeed(tx, { subjects: demoApplicants, now }))).toEqual({ resources: 0, records: 0 });
    expect((await t.db.select({ n: count() }).from(dataRecords))[0]!.n).toBe(report.records);
  });
});
