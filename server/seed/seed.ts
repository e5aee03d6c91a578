import { readdirSync, readFileSync } from 'node:fs';
import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { importCatalogSeed, importProofItemSeed, type CatalogSeedFile, type ProofItemSeed } from '../modules/catalog/index.js';
import { importOrgData, type OrgData } from '../modules/orgs/index.js';
import { importSharingSeed } from '../modules/sharing/index.js';
import { windows, windowStaff } from '../modules/orgs/schema.js';
import { insertAccount } from '../platform/auth.js';
import { importCalendarDays, loadCalendar } from '../platform/calendar.js';
import { officialCalendarDays } from '../platform/calendar-source.js';
import { users } from '../platform/schema.js';
import { findOrg } from '../modules/orgs/index.js';
import { importHotlineSeed, seedHotlineDemo, type HotlineSeed } from '../modules/hotline/index.js';
import { seedCertificateTypes, seedDemoCertificates } from '../modules/certificates/index.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Secrets } from '../platform/secrets.js';
import { DEMO_PASSWORD, demoApplicants, demoStaff } from './demo-accounts.js';

/** The years whose official holiday arrangements ship with OneTrip. */
export const CALENDAR_YEARS = { from: 2019, to: 2026 } as const;

export const readOrgData = (): OrgData => JSON.parse(readFileSync(new URL('./data/orgs.json', import.meta.url), 'utf8'));

const catalogDir = new URL('./data/catalog/', import.meta.url);
export const readCatalogData = (): CatalogSeedFile[] =>
  readdirSync(catalogDir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(new URL(f, catalogDir), 'utf8')));

/** The published list of proof items (证明事项), retained and retired. */
export const readProofItemData = (): ProofItemSeed[] => (JSON.parse(readFileSync(new URL('./data/proof-items.json', import.meta.url), 'utf8')) as { items: ProofItemSeed[] }).items;

/** The 12345 hotline's categories, who handles them (by kind of department) and the knowledge base's first articles. */
export const readHotlineData = (): HotlineSeed => JSON.parse(readFileSync(new URL('./data/hotline.json', import.meta.url), 'utf8')) as HotlineSeed;

export interface SeedReport {
  calendarDays: number;
  orgs: number;
  sites: number;
  windows: number;
  items: number;
  implementations: number;
  accounts: number;
}

type Progress = (step: string) => void;

/**
 * Fills an empty database: the working-day calendar always; the Changji organisations and the demo
 * accounts when `demo` is on. Each part is skipped when already there, so seeding twice is harmless.
 */
/** `secrets` (the master key's) signs the demo applicants' certificates; without it they are left out. */
export async function seed(db: Db, options: { demo: boolean; progress?: Progress; secrets?: Secrets; clock?: Clock }): Promise<SeedReport> {
  const say = options.progress ?? (() => {});
  const report: SeedReport = { calendarDays: 0, orgs: 0, sites: 0, windows: 0, items: 0, implementations: 0, accounts: 0 };

  if ((await loadCalendar(db)).publishedThrough < CALENDAR_YEARS.to) {
    say(`calendar: official arrangements ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to}`);
    const days = officialCalendarDays(CALENDAR_YEARS.from, CALENDAR_YEARS.to);
    await db.transaction((tx) => importCalendarDays(tx, days, CALENDAR_YEARS.to));
    report.calendarDays = days.length;
  }
  say('certificate types (电子证照目录)');
  await db.transaction((tx) => seedCertificateTypes(tx));
  say('12345 hotline categories');
  await db.transaction((tx) => importHotlineSeed(tx, readHotlineData(), { demo: false }));
  if (!options.demo) return report;

  say('organisations, halls and windows of Changji Prefecture');
  Object.assign(report, await db.transaction((tx) => importOrgData(tx, readOrgData())));
  say('service catalog, "at most one trip" list and implementation lists');
  Object.assign(report, await db.transaction((tx) => importCatalogSeed(tx, readCatalogData())));
  await db.transaction((tx) => importProofItemSeed(tx, readProofItemData()));
  if (options.secrets) {
    say('the demo applicants\' certificates (imported and signed)');
    await seedDemoCertificates(db, options.secrets, options.clock ?? systemClock, demoApplicants);
  }
  say('data sharing: resources of the departments and their records');
  await db.transaction((tx) => importSharingSeed(tx, { subjects: demoApplicants, now: new Date() }));

  say('12345 hotline: the centre and who handles what');
  await db.transaction((tx) => importHotlineSeed(tx, readHotlineData(), { demo: true }));

  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return report;
  const total = demoStaff.length + demoApplicants.length;
  await db.transaction(async (tx) => {
    for (const s of demoStaff) {
      say(`demo accounts ${++report.accounts}/${total}`);
      const org = await findOrg(tx, s.org);
      if (!org) throw new Error(`demo account ${s.username}: no org ${s.org}`);
      const user = await insertAccount(tx, { username: s.username, password: DEMO_PASSWORD, displayName: s.displayName, kind: 'staff', roles: s.roles, orgId: org.id, scopePath: org.path });
      if (s.windows?.length) {
        const ws = await tx.select({ id: windows.id }).from(windows).where(inArray(windows.code, s.windows));
        if (ws.length !== s.windows.length) throw new Error(`demo account ${s.username}: unknown window among ${s.windows.join(', ')}`);
        await tx.insert(windowStaff).values(ws.map((w) => ({ windowId: w.id, userId: user.id })));
      }
    }
    for (const a of demoApplicants) {
      say(`demo accounts ${++report.accounts}/${total}`);
      await insertAccount(tx, {
        username: a.username, password: DEMO_PASSWORD, displayName: a.displayName, kind: a.kind, roles: ['applicant'], phone: a.phone,
        residentId: a.kind === 'person' ? a.idNumber : null, creditCode: a.kind === 'company' ? a.idNumber : null,
      });
    }
  });
  say('12345 hotline: knowledge articles, an Open311 demo key and tickets in various states');
  await seedHotlineDemo(db, readHotlineData(), options.clock ?? systemClock);
  return report;
}

/** Whether the database has no accounts yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.active, true));
  return (row?.n ?? 0) === 0;
}
