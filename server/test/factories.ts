import { v7 as uuidv7 } from 'uuid';
import type { OrgKind, OrgLevel, Role, WindowCategory } from '../../common/enums.js';
import { creditCodeCheckChar, residentIdCheckChar } from '../../common/id-codes.js';
import type { Db } from '../db/client.js';
import { orgs, sites, windows, type OrgRow, type SiteRow, type WindowRow } from '../modules/orgs/schema.js';
import { hashPassword, type UserRow } from '../platform/auth.js';
import { childPath } from '../modules/orgs/rules.js';
import { users } from '../platform/schema.js';

export const TEST_PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | undefined;
let counter = 0;
const next = () => `${process.pid}${++counter}`;

/** An organisation; without a parent it is a new prefecture (a tree of its own, so tests do not meet). */
export async function buildOrg(db: Db, overrides: Partial<OrgRow> & { parent?: OrgRow; kind?: OrgKind; level?: OrgLevel } = {}): Promise<OrgRow> {
  const { parent, ...rest } = overrides;
  const id = uuidv7();
  const n = next();
  const level = rest.level ?? (parent ? (rest.kind === 'department' ? parent.level : ({ prefecture: 'county', county: 'township', township: 'village', village: 'village' } as const)[parent.level]) : 'prefecture');
  const [row] = await db
    .insert(orgs)
    .values({
      id, code: `T${n}`, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), name: `测试机构${n}`, shortName: `测试${n}`, nameEn: `Test org ${n}`,
      kind: 'government', level, regionCode: parent?.regionCode ?? '652300', ...rest,
    })
    .returning();
  return row!;
}

export async function buildUser(db: Db, overrides: { role?: Role; roles?: Role[]; org?: OrgRow; kind?: UserRow['kind']; active?: boolean; residentId?: string; phone?: string } = {}): Promise<UserRow> {
  const roles = overrides.roles ?? [overrides.role ?? 'applicant'];
  const kind = overrides.kind ?? (roles.includes('applicant') ? 'person' : 'staff');
  const n = next();
  const [row] = await db
    .insert(users)
    .values({
      username: `user${n}`, passwordHash: await (passwordHash ??= hashPassword(TEST_PASSWORD)), displayName: `用户${n}`, kind, roles,
      orgId: overrides.org?.id ?? null, scopePath: overrides.org?.path ?? null, active: overrides.active ?? true,
      residentId: overrides.residentId ?? (kind === 'person' ? validResidentId() : null), phone: overrides.phone ?? null,
    })
    .returning();
  return row!;
}

export async function buildSite(db: Db, org: OrgRow, overrides: Partial<SiteRow> = {}): Promise<SiteRow> {
  const n = next();
  const [row] = await db
    .insert(sites)
    .values({ code: `S${n}`, orgId: org.id, kind: org.level === 'prefecture' || org.level === 'county' ? 'hall' : 'agencyPoint', level: org.level, name: `测试大厅${n}`, nameEn: `Hall ${n}`, address: '测试路1号', hours: '9:00-17:00', signage: '政务服务', ...overrides })
    .returning();
  return row!;
}

export async function buildWindow(db: Db, site: SiteRow, overrides: Partial<WindowRow> & { category?: WindowCategory } = {}): Promise<WindowRow> {
  const n = next();
  const [row] = await db
    .insert(windows)
    .values({ code: `W${n}`, siteId: site.id, number: `A${n.slice(-2)}`, name: `综合窗口${n}`, nameEn: `Window ${n}`, category: 'general', ...overrides })
    .returning();
  return row!;
}

/** A prefecture with two counties (each with a market department, a services department and a hall with one window). */
export async function buildTree(db: Db) {
  const prefecture = await buildOrg(db);
  const county = async () => {
    const gov = await buildOrg(db, { parent: prefecture, level: 'county' });
    const market = await buildOrg(db, { parent: gov, kind: 'department', deptKey: 'market' });
    const services = await buildOrg(db, { parent: gov, kind: 'department', deptKey: 'government-services' });
    const hall = await buildSite(db, services);
    const window = await buildWindow(db, hall);
    return { gov, market, services, hall, window };
  };
  return { prefecture, a: await county(), b: await county() };
}

let idCounter = 0;
/** A resident ID with a valid check character (GB 11643), different on every call. */
export function validResidentId(): string {
  const first17 = `65230119900101${String(100 + (++idCounter % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function validCreditCode(): string {
  const first17 = `91652301MA78${String(10000 + (++idCounter % 89999))}`;
  return first17 + creditCodeCheckChar(first17);
}
