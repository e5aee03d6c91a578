// What the benchmark needs in the database before the server under test starts: the demo seed, a
// catalog grown to 5,000 items, many applicants with sessions and uploaded materials, and sessions for
// the staff who move the cases on. Written directly, so that sign-in (argon2) is not what we measure.
import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { creditCodeCheckChar } from '../../common/id-codes.js';
import { openDatabase } from '../../server/db/client.js';
import { importCatalogSeed, type CatalogSeedFile } from '../../server/modules/catalog/index.js';
import { hashToken } from '../../server/platform/auth.js';
import { storeFile } from '../../server/platform/files.js';
import { sessions, users } from '../../server/platform/schema.js';
import { readCatalogData, seed } from '../../server/seed/seed.js';

/** The item every submission files: 食品生产许可（新办）, taken in by Changji City's market department, decided by the prefecture's (受审分离). */
export const ITEM = { code: '01047005001', org: '652301-market' } as const;
export const MATERIAL_KEYS = ['application', 'business-licence', 'plant-layout', 'process-flow', 'equipment-list', 'safety-system'] as const;
/** The catalog size of the search benchmark. */
export const CATALOG_ITEMS = 5_000;

export interface Applicant {
  id: string;
  cookie: string;
  creditCode: string;
  /** One uploaded file per material key. */
  files: Record<string, string>;
}

export interface Fixtures {
  applicants: Applicant[];
  /** Session cookies of the staff moving cases on: the intake clerk, the county reviewer, the deciding prefecture reviewer. */
  staff: { clerk: string; countyReviewer: string; prefectureReviewer: string };
  catalogItems: number;
}

// Qualifiers of real catalogs' sub-items, to grow the 244 seed items into a catalog of 5,000.
const QUALIFIERS = ['告知承诺制', '跨区域通办', '分支机构', '补发', '换发', '延续', '变更', '注销', '迁入', '迁出', '首次申请', '特殊情形', '容缺受理', '网上办理', '全程电子化', '帮办代办', '企业', '个人', '外商投资', '港澳台'];

/** The seed catalog plus clones of its items under qualified names and new codes, up to `total` items. */
export function grownCatalog(total: number): CatalogSeedFile[] {
  const files = readCatalogData();
  const seedCount = files.reduce((n, f) => n + f.items.length, 0);
  let k = 0;
  const extra = files.map((f) => ({ department: f.department, items: [] as CatalogSeedFile['items'] }));
  for (let q = 0; seedCount + k < total; q++) {
    for (const [fi, f] of files.entries()) {
      for (const item of f.items) {
        if (seedCount + k >= total) break;
        const qualifier = QUALIFIERS[q % QUALIFIERS.length]!;
        extra[fi]!.items.push({
          ...item,
          code: `${item.code.slice(0, 5)}${String(800_000 + k).padStart(6, '0')}`,
          name: `${item.name}（${qualifier}${q >= QUALIFIERS.length ? Math.floor(q / QUALIFIERS.length) + 1 : ''}）`,
          nameEn: `${item.nameEn} (variant ${q + 1})`,
          atMostOneTrip: null,
        });
        k++;
      }
    }
  }
  return [...files, ...extra];
}

/** A small, valid, distinct PDF (a scanned page stands in at ~1.5 KB, to keep the database small). */
function pdf(owner: number, key: string): Buffer {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% applicant ${owner} material ${key}\n`), randomBytes(1400), Buffer.from('\n%%EOF\n')]);
}

const token = () => randomBytes(24).toString('base64url');
const FAR = new Date('2100-01-01T00:00:00Z');

/**
 * Migrates and seeds the database (`dataDir` for PGlite, `databaseUrl` for PostgreSQL), then adds the
 * benchmark's applicants, files and sessions. Closes it before returning: PGlite's directory must be
 * free for the server.
 */
export async function prepareDatabase(target: { dataDir?: string; databaseUrl?: string }, options: { applicants: number; say: (s: string) => void }): Promise<Fixtures> {
  const database = await openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  const { db } = database;
  try {
    await database.migrate();
    options.say('seeding the demo data …');
    await seed(db, { demo: true });
    options.say(`growing the catalog to ${CATALOG_ITEMS} items …`);
    const grown = await db.transaction((tx) => importCatalogSeed(tx, grownCatalog(CATALOG_ITEMS)));
    options.say(`  +${grown.items} items, +${grown.implementations} implementations`);

    options.say(`${options.applicants} applicants with sessions and ${MATERIAL_KEYS.length} uploaded materials each …`);
    // One password hash for all: nobody signs in with it.
    const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrc2FsdA$0000000000000000000000000000000000000000000';
    const applicants: Applicant[] = [];
    const now = new Date();
    for (let start = 0; start < options.applicants; start += 200) {
      await db.transaction(async (tx) => {
        const batch = Array.from({ length: Math.min(200, options.applicants - start) }, (_, j) => {
          const n = start + j;
          const first17 = `916523010${String(100_000_000 + n).slice(1)}`;
          return { n, creditCode: first17 + creditCodeCheckChar(first17), token: token() };
        });
        const rows = await tx
          .insert(users)
          .values(batch.map((b) => ({ username: `bench.${b.n}`, passwordHash, displayName: `昌吉市压测食品有限公司${b.n}`, kind: 'company' as const, roles: ['applicant' as const], creditCode: b.creditCode, phone: `139${String(b.n).padStart(8, '0')}` })))
          .returning({ id: users.id, creditCode: users.creditCode });
        await tx.insert(sessions).values(rows.map((r, j) => ({ tokenHash: hashToken(batch[j]!.token), userId: r.id, createdAt: now, expiresAt: FAR })));
        for (const [j, r] of rows.entries()) {
          const files: Record<string, string> = {};
          for (const key of MATERIAL_KEYS) files[key] = (await storeFile(tx, { bytes: pdf(batch[j]!.n, key), name: `${key}.pdf`, declaredType: 'application/pdf', ownerId: r.id })).id;
          applicants.push({ id: r.id, cookie: `onetrip_session=${batch[j]!.token}`, creditCode: r.creditCode!, files });
        }
      });
    }

    const staffNames = { clerk: 'clerk.changji', countyReviewer: 'reviewer.changji.market', prefectureReviewer: 'reviewer.market' } as const;
    const staffRows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, Object.values(staffNames)));
    const staff = {} as Fixtures['staff'];
    for (const [role, username] of Object.entries(staffNames) as [keyof Fixtures['staff'], string][]) {
      const row = staffRows.find((r) => r.username === username);
      if (!row) throw new Error(`no demo account ${username}`);
      const t = token();
      await db.insert(sessions).values({ tokenHash: hashToken(t), userId: row.id, createdAt: now, expiresAt: FAR });
      staff[role] = `onetrip_session=${t}`;
    }
    return { applicants, staff, catalogItems: CATALOG_ITEMS };
  } finally {
    await database.close();
  }
}
