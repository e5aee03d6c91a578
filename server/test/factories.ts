import { v7 as uuidv7 } from 'uuid';
import type { OrgKind, OrgLevel, Role, WindowCategory } from '../../common/enums.js';
import { creditCodeCheckChar, residentIdCheckChar } from '../../common/id-codes.js';
import type { Db } from '../db/client.js';
import { orgs, sites, windows, type OrgRow, type SiteRow, type WindowRow } from '../modules/orgs/schema.js';
import { hashPassword, type UserRow } from '../platform/auth.js';
import { childPath } from '../modules/orgs/rules.js';
import { users } from '../platform/schema.js';
import type { ItemRecord } from '../modules/catalog/contract.js';
import { declaredFields } from '../modules/catalog/rules.js';
import { catalogRevision, implementations, itemVersions, oneTripBatches, oneTripEntries, serviceItems } from '../modules/catalog/schema.js';

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

/** A realistic item record (食品经营许可) to vary per test; valid against the catalog rules. */
export function itemRecord(overrides: Partial<ItemRecord> = {}): ItemRecord {
  const n = next();
  return {
    code: `TEST${n}`,
    department: 'market',
    name: '食品经营许可证核发',
    nameEn: 'Issuance of food business licences',
    type: 'licensing',
    applicantKinds: ['company', 'person'],
    legalBasis: [{ law: '《中华人民共和国食品安全法》', lawEn: 'Food Safety Law of the PRC', article: '第三十五条' }],
    conditions: '取得营业执照等合法主体资格，具有与经营的食品品种、数量相适应的经营场所。',
    conditionsEn: 'A registered business with premises suited to the kinds and quantities of food it sells.',
    process: [
      { step: '受理', stepEn: 'Intake', level: 'county', action: 'accept' },
      { step: '审查', stepEn: 'Review', level: 'county', action: 'review' },
      { step: '决定', stepEn: 'Decision', level: 'county', action: 'decide' },
    ],
    materials: [
      { key: 'application-form', name: '食品经营许可申请书', nameEn: 'Application form', kind: 'required', form: 'original', copies: 1, template: true, replaceableBy: null },
      { key: 'business-licence', name: '营业执照', nameEn: 'Business licence', kind: 'required', form: 'copy', copies: 1, template: false, replaceableBy: { certificateType: 'businessLicence' } },
      { key: 'layout-plan', name: '经营场所平面布局图', nameEn: 'Floor plan of the premises', kind: 'secondary', form: 'original', copies: 1, template: false, replaceableBy: null },
    ],
    statutoryLimit: 20,
    promisedLimit: 5,
    fees: [],
    channels: ['online', 'window', 'mobile'],
    trips: 0,
    pendingAllowed: true,
    intakeLevel: 'county',
    decisionLevel: 'county',
    implementedAt: ['county'],
    windowCategory: 'companyRegistration',
    lifeEvents: [],
    companyEvents: ['permits'],
    keywords: ['餐饮许可', '食品许可'],
    formSchema: {
      type: 'object',
      properties: {
        premises: { type: 'string', title: '经营场所', 'x-title-en': 'Premises', maxLength: 200, 'x-widget': 'address', examples: ['昌吉市宁边西路88号'] },
        category: { type: 'string', title: '经营项目', 'x-title-en': 'Business category', enum: ['retail', 'catering'], 'x-enum-labels': [{ value: 'retail', label: '食品销售', labelEn: 'Food retail' }, { value: 'catering', label: '餐饮服务', labelEn: 'Catering' }], examples: ['catering'] },
        area: { type: 'number', title: '经营面积（平方米）', 'x-title-en': 'Floor area (m²)', minimum: 1, examples: [120] },
      },
      required: ['premises', 'category'],
      additionalProperties: false,
    },
    ...overrides,
  };
}

/** Publishes an item (version 1) straight into the catalog, with implementations for the given organisations. */
export async function buildItem(db: Db, options: { record?: Partial<ItemRecord>; implementers?: OrgRow[]; sites?: SiteRow[]; oneTripBatch?: number } = {}) {
  const record = itemRecord(options.record);
  const { code, department, changeNote: _, ...content } = record;
  const [item] = await db.insert(serviceItems).values({ code, deptKey: department }).returning();
  const [version] = await db.insert(itemVersions).values({ ...content, itemId: item!.id, number: 1, status: 'published', publishedAt: new Date() }).returning();
  for (const org of options.implementers ?? []) {
    await db.insert(implementations).values({ itemId: item!.id, orgId: org.id, versionId: version!.id, declared: declaredFields(code, version!), promisedLimit: record.promisedLimit, siteIds: (options.sites ?? []).map((s) => s.id) });
  }
  if (options.oneTripBatch) {
    await db.insert(oneTripBatches).values({ number: options.oneTripBatch, title: `第${options.oneTripBatch}批`, titleEn: `Batch ${options.oneTripBatch}`, publishedOn: '2019-06-30' }).onConflictDoNothing();
    await db.insert(oneTripEntries).values({ batch: options.oneTripBatch, itemId: item!.id });
  }
  await db.insert(catalogRevision).values({ id: 1, revision: `r${next()}` }).onConflictDoUpdate({ target: catalogRevision.id, set: { revision: `r${next()}` } });
  return { item: item!, version: version!, record };
}
