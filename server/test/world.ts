import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Role } from '../../common/enums.js';
import { windowStaff, type OrgRow, type SiteRow, type WindowRow } from '../modules/orgs/schema.js';
import { hashToken, type UserRow } from '../platform/auth.js';
import { storeFile } from '../platform/files.js';
import { sessions } from '../platform/schema.js';
import { issueCertificate } from '../modules/certificates/service.js';
import { commitmentBreaches, evaluations } from '../modules/cases/schema.js';
import type { TestApp } from './build-test-app.js';
import { buildItem, buildOrg, buildSite, buildUser, buildWindow, itemRecord } from './factories.js';

// A small but complete world for the cross-cutting tests (fuzzing, the authorisation matrix):
// a prefecture with two counties, every staff role placed in county A, county B and the prefecture,
// two applicants, published items implemented by county A, and cases in any state on demand.

export const staffRoleList = ['windowClerk', 'reviewer', 'departmentHead', 'supervisor', 'hotlineAgent', 'catalogManager', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof staffRoleList)[number];
/** Where a staff actor sits relative to the targets (which all belong to county A). */
export const places = ['same', 'sibling', 'parent'] as const;
export type Place = (typeof places)[number];
export type ActorKey = 'anonymous' | 'owner' | 'other' | `${StaffRole}@${Place}`;
export const actorKeys: ActorKey[] = ['anonymous', 'owner', 'other', ...places.flatMap((p) => staffRoleList.map((r) => `${r}@${p}` as const))];

export interface Unit {
  gov: OrgRow;
  market: OrgRow;
  services: OrgRow;
  hall: SiteRow;
  window: WindowRow;
}

/** The organisation in a unit where each role works: clerks at the hall's department, reviewers and heads in the deciding department, the rest at the government. */
const seat: Record<StaffRole, keyof Pick<Unit, 'gov' | 'market' | 'services'>> = {
  windowClerk: 'services', reviewer: 'market', departmentHead: 'market', supervisor: 'gov', hotlineAgent: 'gov', catalogManager: 'gov', admin: 'gov',
};

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const FORM = { premises: '昌吉市宁边西路88号', category: 'catering', area: 120 };

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(t: TestApp) {
  const P = await buildOrg(t.db, { name: '昌吉回族自治州', regionCode: '652300' });
  const unit = async (gov: OrgRow): Promise<Unit> => {
    const market = await buildOrg(t.db, { parent: gov, kind: 'department', deptKey: 'market' });
    const services = await buildOrg(t.db, { parent: gov, kind: 'department', deptKey: 'government-services' });
    const hall = await buildSite(t.db, services);
    const window = await buildWindow(t.db, hall);
    return { gov, market, services, hall, window };
  };
  const units: Record<'P' | 'A' | 'B', Unit> = {
    P: await unit(P),
    A: await unit(await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652301' })),
    B: await unit(await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652302' })),
  };
  const unitOf: Record<Place, Unit> = { same: units.A, sibling: units.B, parent: units.P };

  const users = {} as Record<Exclude<ActorKey, 'anonymous'>, UserRow>;
  users.owner = await buildUser(t.db, { role: 'applicant', phone: '13899120001' });
  users.other = await buildUser(t.db, { role: 'applicant', phone: '13899120002' });
  for (const place of places) {
    for (const role of staffRoleList) users[`${role}@${place}`] = await buildUser(t.db, { role, org: unitOf[place][seat[role]] });
    await t.db.insert(windowStaff).values({ windowId: unitOf[place].window.id, userId: users[`windowClerk@${place}`].id });
  }
  const actor = (key: ActorKey): UserRow | null => (key === 'anonymous' ? null : users[key]);

  // Decided by county A's market department, with a secondary material that may be owed (容缺受理).
  const countyItem = await buildItem(t.db, { record: itemRecord({ decisionLevel: 'county', windowCategory: 'general' }), implementers: [units.A.market], sites: [units.A.hall], oneTripBatch: 1 });
  // Taken in by county A, decided by the prefecture (受审分离).
  const splitItem = await buildItem(t.db, { record: itemRecord({ decisionLevel: 'prefecture', windowCategory: 'general' }), implementers: [units.A.market], sites: [units.A.hall] });

  /** A file each user uploaded (materials must be one's own). */
  const fileOf = new Map<string, string>();
  const upload = async (user: UserRow, tag = ''): Promise<string> => {
    const info = await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([PDF, Buffer.from(`${user.id}${tag}`)]), name: `${tag || 'scan'}.pdf`, declaredType: 'application/pdf', ownerId: user.id }));
    return info.id;
  };
  for (const u of Object.values(users)) fileOf.set(u.id, await upload(u));
  const ownerFiles = [await upload(users.owner, 'form'), await upload(users.owner, 'licence')];

  /** A throw-away session cookie (for signing out and changing passwords, which end sessions). */
  const openSession = async (user: UserRow): Promise<string> => {
    const token = randomBytes(24).toString('base64url');
    await t.db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, createdAt: new Date(), expiresAt: new Date('2100-01-01T00:00:00Z') });
    return `onetrip_session=${token}`;
  };
  /** Sends a request as an actor; `fresh` uses a throw-away session. */
  const send = async (who: ActorKey | UserRow | null, options: InjectOptions, fresh = false): Promise<LightMyRequestResponse> => {
    const user = typeof who === 'string' ? actor(who) : who;
    if (!user) return t.app.inject(options);
    if (!fresh) return t.injectAs(user, options);
    return t.app.inject({ ...options, headers: { ...(options.headers ?? {}), cookie: await openSession(user) } });
  };
  const must = async (who: ActorKey | UserRow, options: InjectOptions, status = 200) => {
    const res = await send(who, options);
    if (res.statusCode !== status) throw new Error(`world setup: ${options.method} ${options.url} as ${typeof who === 'string' ? who : who.username} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  };

  let keys = 0;
  /** The stage a case is brought to through the real API (each step by whom the domain says). */
  /** `forwardable`: in review at county A, decided by the prefecture; `forwarded`: now with the prefecture's market department, which asked county A's market department a parallel question. */
  type Stage = 'draft' | 'submitted' | 'correction' | 'refused' | 'accepted' | 'pending' | 'review' | 'suspended' | 'task' | 'forwardable' | 'forwarded' | 'decided' | 'denied' | 'issued' | 'delivered';
  interface CaseRef {
    id: string;
    version: number;
    taskId?: string;
  }
  const makeCase = async (stage: Stage): Promise<CaseRef> => {
    const item = stage === 'forwardable' || stage === 'forwarded' ? splitItem : countyItem;
    const materials = [{ key: 'application-form', fileIds: [ownerFiles[0]!] }, { key: 'business-licence', fileIds: [ownerFiles[1]!] }];
    const filed = await must('owner', {
      method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': `world-${process.pid}-${++keys}` },
      payload: { itemCode: item.record.code, org: units.A.market.code, formData: FORM, materials, draft: stage === 'draft' },
    }, 201);
    const ref: CaseRef = { id: filed.case.id, version: filed.case.version };
    const step = async (who: ActorKey, path: string, body: object = {}) => {
      const view = await must(who, { method: 'POST', url: `/api/v1/cases/${ref.id}/${path}`, payload: { version: ref.version, ...body } });
      ref.version = view.case.version;
      return view;
    };
    if (stage === 'draft' || stage === 'submitted') return ref;
    if (stage === 'correction') return (await step('windowClerk@same', 'request-correction', { items: [{ note: '请补充签字' }] }), ref);
    if (stage === 'refused') return (await step('windowClerk@same', 'refuse-intake', { reason: '不属于本机关职权范围' }), ref);
    if (stage === 'pending') {
      await step('windowClerk@same', 'accept', { pending: { materialKeys: ['layout-plan'], dueOn: '2099-12-31', commitment: '本人承诺按期补齐', onBreach: 'revoke' } });
      return ref;
    }
    await step('windowClerk@same', 'accept');
    if (stage === 'accepted') return ref;
    await step('reviewer@same', 'start-review');
    if (stage === 'review' || stage === 'forwardable') return ref;
    if (stage === 'forwarded') {
      await step('reviewer@same', 'forward', { opinion: '材料齐全，建议准予许可' });
      const view = await step('reviewer@parent', 'tasks', { orgIds: [units.A.market.id], question: '现场是否符合要求？', days: 3 });
      ref.taskId = view.tasks[0].id;
      return ref;
    }
    if (stage === 'suspended') return (await step('reviewer@same', 'suspend', { reason: 'testing', expectedDays: 3, note: '送检' }), ref);
    if (stage === 'task') {
      const view = await step('reviewer@same', 'tasks', { orgIds: [units.A.services.id], question: '是否符合要求？', days: 3 });
      ref.taskId = view.tasks[0].id;
      return ref;
    }
    await step('reviewer@same', 'decide', { outcome: stage === 'denied' ? 'deny' : 'approve', reasons: '符合法定条件' });
    if (stage === 'decided' || stage === 'denied') return ref;
    await step('reviewer@same', 'issue');
    if (stage === 'issued') return ref;
    await step('reviewer@same', 'deliver', { method: 'electronic' });
    return ref;
  };

  /** A rating of a delivered case; a bad one (level 1) opens a follow-up for county A's market department. */
  const makeEvaluation = async (level = 1) => {
    const c = await makeCase('delivered');
    const e = await must('owner', { method: 'POST', url: `/api/v1/cases/${c.id}/evaluations`, payload: { level, channel: 'online', comment: '等得太久' } }, 201);
    return { caseId: c.id, id: e.id as string, version: e.version as number };
  };

  /** An uncleared broken commitment on a case of county A (what the pending-materials job records). */
  const makeBreach = async () => {
    const c = await makeCase('submitted');
    const [row] = await t.db.insert(commitmentBreaches).values({ applicantId: users.owner.id, caseId: c.id, at: new Date() }).returning();
    return row!.id;
  };

  const certificate = await t.db.transaction((tx) =>
    issueCertificate(tx, t.app.platform.secrets, { number: `CERT-${process.pid}`, type: 'test', title: '测试证照', holder: { kind: 'person', name: '测试', idNumber: users.owner.residentId! }, issuerOrgId: units.A.market.id, caseId: null, fields: {}, validUntil: null }, new Date()),
  );

  /** A fresh staff account of county A (to edit, reset, move). */
  const makeStaff = (role: StaffRole = 'reviewer') => buildUser(t.db, { role, org: units.A.market });

  return {
    t, units, unitOf, users, actor, send, openSession, must, countyItem, splitItem, fileOf, ownerFiles, upload, makeCase, makeEvaluation, makeBreach, makeStaff, certificate,
    evaluationsOf: (caseId: string) => t.db.select().from(evaluations).where(eq(evaluations.caseId, caseId)),
  };
}
