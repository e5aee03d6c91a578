import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementations, itemVersions, oneTripBatches, serviceItems } from '../modules/catalog/schema.js';
import { orgs, sites, windows } from '../modules/orgs/schema.js';
import { appointments, queueSettings, queueTickets } from '../modules/queue/schema.js';
import { sharingFixture } from '../modules/sharing/test-fixture.js';
import { hotlineFixture } from '../modules/hotline/test-fixture.js';
import { nationalTypeCode } from '../modules/certificates/rules.js';
import { certificates, certificateTypes } from '../modules/certificates/schema.js';
import { issueCertificate } from '../modules/certificates/service.js';
import { shanghaiDate } from '../../common/working-days.js';
import { hashToken } from '../platform/auth.js';
import { calendarRevision, sessions } from '../platform/schema.js';
import { buildTestApp } from './build-test-app.js';
import { proofItems } from '../modules/catalog/schema.js';
import { buildItem, buildUser, itemRecord, TEST_PASSWORD, validResidentId } from './factories.js';
import { actorKeys, buildWorld, PDF, type ActorKey, type World } from './world.js';

// The authorisation matrix (issue part 9): every route × every actor, the expected outcome written
// down and checked. Targets all belong to county A: a case filed there by the applicant `owner`,
// its files, county A's organisations, hall, window and staff, the catalog and county A's
// implementations. Actors: anonymous, the owner, another applicant, and each staff role placed in
// county A itself (same), in county B (sibling) and in the prefecture above both (parent):
//
//   clerk  = windowClerk (at the hall's department)      sup = supervisor     (at the government)
//   rev    = reviewer    (in the market department)       hot = hotlineAgent   (at the government)
//   head   = departmentHead (in the market department)    cat = catalogManager (at the government)
//                                                         adm = admin          (at the government)
//
// Outcomes: A = allowed (2xx), D = denied (401 anonymous / 403), H = hidden (404: outside the
// actor's scope, as if it did not exist). Anything else (400, 409, 5xx) fails the cell: every
// request below is valid and its target in the right state, so only access decides.
//
// A route in the app without a row here fails the test: add its row when you add the route.

const COLUMNS = `anon owner other | clerk rev head sup hot cat adm (county A) | … (county B) | … (prefecture)`;
//                                 anon own oth | clk rev hd  sup hot cat adm | clk rev hd  sup hot cat adm | clk rev hd  sup hot cat adm
const PUBLIC = /*                 */ 'A   A   A  | A   A   A   A   A   A   A   | A   A   A   A   A   A   A   | A   A   A   A   A   A   A';
const SIGNED_IN = /*              */ 'D   A   A  | A   A   A   A   A   A   A   | A   A   A   A   A   A   A   | A   A   A   A   A   A   A';
const ANY_ADMIN = /*              */ 'D   D   D  | D   D   D   D   D   D   A   | D   D   D   D   D   D   A   | D   D   D   D   D   D   A';
/** Administration of county A's staff, seals and commitments: the role is checked first (403 for all others), then the scope (404 for county B's admin). */
const ADMINS_OF_A = /*            */ 'D   D   D  | D   D   D   D   D   D   A   | D   D   D   D   D   D   H   | D   D   D   D   D   D   A';
// County A's organisations and sites: the scope is checked first — 404 for staff outside the target's subtree (county B; the
// prefecture's departments; a county department's own staff, who sit below their government) — then the role: 403 within it.
/** County A's government (the parent of a new department). */
const ADMIN_OF_A_GOV = /*         */ 'D   D   D  | H   H   H   D   D   D   A   | H   H   H   H   H   H   H   | H   H   H   D   D   D   A';
/** County A's market department. */
const ADMIN_OF_A_MARKET = /*      */ 'D   D   D  | H   D   D   D   D   D   A   | H   H   H   H   H   H   H   | H   H   H   D   D   D   A';
/** County A's hall (run by its government-services department, where the clerks sit) and its windows. */
const ADMIN_OF_A_HALL = /*        */ 'D   D   D  | D   H   H   D   D   D   A   | H   H   H   H   H   H   H   | H   H   H   D   D   D   A';
const PREFECTURE_CATALOG = /*     */ 'D   D   D  | D   D   D   D   D   D   D   | D   D   D   D   D   D   D   | D   D   D   D   D   A   D';

interface Cell {
  actor: ActorKey;
  /** The cell is expected to succeed: build a target of its own, so that one success does not spoil the next. */
  allow: boolean;
}
type Req = InjectOptions & { /** Send with a throw-away session (signing out, changing one's password). */ fresh?: boolean };
interface Row {
  expect: string;
  req: (cell: Cell) => Promise<Req>;
}

let t: Awaited<ReturnType<typeof buildTestApp>>;
let w: World;
let n = 0;
const unique = () => `${process.pid}${++n}`;

beforeAll(async () => {
  // Training mode, so that moving the clock is a matter of access only.
  t = await buildTestApp({ clock: null, config: { trainingMode: true, loginAttemptsPerMinute: 10_000 } });
  w = await buildWorld(t);
  // The official arrangements are entered through 2026: the next year to publish is 2027.
  await t.db.insert(calendarRevision).values({ id: 1, revision: 'matrix', publishedThrough: 2026 }).onConflictDoUpdate({ target: calendarRevision.id, set: { publishedThrough: 2026 } });
}, 120_000);
afterAll(() => t.close());

const json = (method: InjectOptions['method'], url: string, payload?: unknown): Req => ({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
const versionOf = async (table: typeof orgs | typeof sites | typeof windows, id: string) => (await t.db.select({ v: table.version }).from(table).where(eq(table.id, id)))[0]!.v;

/** Cases (and their satellites) in the state a step needs: a shared one for refusals, a fresh one for each expected success. */
const shared = new Map<string, Promise<Awaited<ReturnType<World['makeCase']>>>>();
const caseFor = (stage: Parameters<World['makeCase']>[0], cell: Cell) => {
  if (cell.allow) return w.makeCase(stage);
  if (!shared.has(stage)) shared.set(stage, w.makeCase(stage));
  return shared.get(stage)!;
};
const step = (stage: Parameters<World['makeCase']>[0], path: string, body: object | (() => object) = {}) => async (cell: Cell) => {
  const c = await caseFor(stage, cell);
  return json('POST', `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...(typeof body === 'function' ? body() : body) });
};
let sharedEvaluation: ReturnType<World['makeEvaluation']> | undefined;
let sharedBreach: Promise<string> | undefined;

/** The queue: a ticket of today at county A's window in the state a step needs (the window's other active ticket is finished first). */
async function ticketAtWindowA(status: 'waiting' | 'called' | 'serving') {
  const now = t.app.platform.clock.now();
  const { hall, window, services } = w.units.A;
  await t.db.update(queueTickets).set({ status: 'done', finishedAt: now }).where(and(eq(queueTickets.windowId, window.id), inArray(queueTickets.status, ['called', 'serving'])));
  const called = status !== 'waiting';
  const [row] = await t.db.insert(queueTickets).values({
    siteId: hall.id, siteOrgPath: services.path, day: shanghaiDate(now), category: 'general', number: `A${unique()}`, source: 'walkIn', status, takenAt: now,
    ...(called ? { windowId: window.id, windowNumber: window.number, calledAt: now, lastCalledAt: now } : {}), ...(status === 'serving' ? { servedAt: now } : {}),
  }).returning();
  return row!;
}
/** An appointment of the owner at county A's hall: today, 10 minutes from now (to check in), or on a later day (to cancel). */
async function appointmentAtA(today: boolean) {
  const now = t.app.platform.clock.now();
  const startsAt = new Date(now.getTime() + (today ? 10 : 3 * 24 * 60) * 60_000);
  const [row] = await t.db.insert(appointments).values({
    code: `M${unique()}`, siteId: w.units.A.hall.id, siteOrgPath: w.units.A.services.path, siteName: w.units.A.hall.name, siteNameEn: w.units.A.hall.nameEn, category: 'general',
    applicantId: w.users.owner.id, day: today ? shanghaiDate(now) : shanghaiDate(startsAt), slot: '10:00', startsAt, status: 'booked', createdAt: now,
  }).returning();
  return row!;
}
/** A slot the applicants can book at county A's hall: 10:00 on the second bookable working day (the hall opens 9:00–17:00). */
let bookableDay: Promise<string> | undefined;
/** Kiosk requests are limited per address: each comes from its own. */
let kiosks = 0;
const kioskAddress = () => `10.7.${Math.floor(++kiosks / 250)}.${kiosks % 250}`;
const queueVersion = async () => (await t.db.select({ v: queueSettings.version }).from(queueSettings).where(eq(queueSettings.siteId, w.units.A.hall.id)))[0]?.v ?? 1;

/** A catalog item with an open draft (version 2) opened by the prefecture's catalog manager. */
async function draftItem(): Promise<{ code: string; id: string; version: number }> {
  const { record } = await buildItem(t.db, { record: itemRecord() });
  const v = await w.must('catalogManager@parent', json('POST', `/api/v1/catalog/items/${record.code}/drafts`, { changeNote: '修订' }), 201);
  return { code: record.code, id: v.id, version: v.version };
}
/** A second prefecture catalog manager submits, so that `catalogManager@parent` may approve (four eyes). */
let submitter: Promise<Awaited<ReturnType<typeof buildUser>>> | undefined;
async function inReview() {
  const d = await draftItem();
  submitter ??= buildUser(t.db, { role: 'catalogManager', org: w.units.P.gov });
  const v = await w.must(await submitter, json('POST', `/api/v1/catalog/versions/${d.id}/submit`, { version: d.version }));
  return { ...d, version: v.version as number };
}
async function openBatch(): Promise<number> {
  const [last] = await t.db.select().from(oneTripBatches).orderBy(sql`${oneTripBatches.number} DESC`).limit(1);
  if (last && !last.publishedOn) return last.number;
  return (await w.must('catalogManager@parent', json('POST', '/api/v1/catalog/one-trip/batches', { title: `第${unique()}批`, titleEn: 'Batch' }), 201)).number;
}
const nextCalendarYear = async () => ((await t.db.select().from(calendarRevision))[0]?.publishedThrough ?? 2026) + 1;

/** Supervision of county A's market department: supervisors and administrators above it, its reviewers and head; 404 for those of county B and of the prefecture's own department. */
const WATCHERS_OF_A_MARKET = /**/ 'D D D | D A A A D D A | D H H H D D H | D H H A D D A';
/** The same without reviewers (KPIs, staff, reports). */
const SUPERVISORS_OF_A_MARKET = 'D D D | D D A A D D A | D D H H D D H | D D H A D D A';
/** Every member of staff (the sharing catalog is no secret inside government). */
const STAFF = /*                */ 'D D D | A A A A A A A | A A A A A A A | A A A A A A A';
/** Acting for county A's market department (publish, apply, credentials): its head or an administrator above it; 404 for those of county B and the prefecture's own department. */
const SHARING_HEADS_OF_A = /*   */ 'D D D | D D A D D D A | D D H D D D H | D D H D D D A';
/** Keeping county A market's records: its reviewers and head, or an administrator above it; others are refused. */
const SHARING_KEEPERS_OF_A = /* */ 'D D D | D A A D D D A | D D D D D D D | D D D D D D A';
/** Answering applications to county A's market department: B's side (the consumer) sees them but is refused; the prefecture's department sees nothing. */
const SHARING_DECIDERS_OF_A = /**/ 'D D D | D D A D D D A | D D D D D D D | D D H D D D A';
/** Applications and the query log, scoped lists: heads, supervisors and administrators. */
const SHARING_WATCHERS = /*     */ 'D D D | D D A A D D A | D D A A D D A | D D A A D D A';
let sharing: ReturnType<typeof sharingFixture> | undefined;
const sh = () => (sharing ??= sharingFixture(w));
/** Window clerks, each about their own duty. */
const CLERKS = /*               */ 'D D D | A D D D D D D | A D D D D D D | A D D D D D D';
/** A clerk signed in at their own window (county A's, B's or the prefecture's). */
async function signedIn(cell: Cell): Promise<{ version: number }> {
  const place = cell.actor.split('@')[1] as 'same' | 'sibling' | 'parent';
  return w.must(cell.actor, json('POST', '/api/v1/supervision/duty/sign-in', { windowId: w.unitOf[place].window.id }));
}
/** A problem report the owner made about county A's market department: a fresh open one for each expected success. */
let sharedReport: Promise<{ id: string; version: number }> | undefined;
function problemReportOfOwner(cell: Cell): Promise<{ id: string; version: number }> {
  const make = () => w.must('owner', { ...json('POST', '/api/v1/supervision/problem-reports', { kind: 'blockage', description: '窗口要求重复提交已共享的材料。', org: w.units.A.market.id }), remoteAddress: kioskAddress() }, 201);
  if (cell.allow) return make();
  return (sharedReport ??= make());
}
/** The month before the clock's (a finished month: its report is generated and kept). */
const lastMonth = () => {
  const [y, m] = shanghaiDate(t.app.platform.clock.now()).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** Certificates issued by county A's market department: the holder (`owner`) and library staff whose subtree holds it read them. */
const CERTIFICATE_READERS = /**/ 'D A H | H A A A H H A | H H H H H H H | H H H A H H A';
const CERTIFICATE_HOLDER = /* */ 'D A H | H D D D H H D | H H H H H H H | H H H D H H D';
/** Suspending, revoking and importing: administrators and department heads whose subtree holds county A's market department. */
const CERTIFICATE_MANAGERS = /**/ 'D D D | D D A D D D A | D D H D D D H | D D H D D D A';
const PREFECTURE_TYPES = /*   */ 'D D D | D D D D D D D | D D D D D D D | D D D D D A A';
/** A share link the owner made of their certificate. */
const shareOfOwner = async (): Promise<{ id: string; token: string }> => w.must('owner', json('POST', `/api/v1/certificates/${w.certificate.id}/shares`, { hours: 1 }), 201);
/** A certificate of the owner issued by county A's market department in the state a status change needs: a fresh one for each expected success. */
const sharedCertificates = new Map<string, Promise<{ id: string }>>();
function certificateFor(status: 'valid' | 'suspended', cell: Cell): Promise<{ id: string }> {
  const make = () => t.db.transaction(async (tx) => {
    const row = await issueCertificate(tx, t.app.platform.secrets, { number: `MX${unique()}`, type: 'itemResult', title: '测试证照', holder: { kind: 'person', name: '测试', idNumber: w.users.owner.residentId! }, issuerOrgId: w.units.A.market.id, caseId: null, fields: {}, validUntil: null }, t.app.platform.clock.now());
    if (status === 'suspended') await tx.update(certificates).set({ status: 'suspended' }).where(eq(certificates.id, row.id));
    return row;
  });
  if (cell.allow) return make();
  if (!sharedCertificates.has(status)) sharedCertificates.set(status, make());
  return sharedCertificates.get(status)!;
}
const typeBody = () => ({ name: '测试证照类型', nameEn: 'Test type', deptKey: 'market', holderKinds: ['person'], validityYears: null, fields: [{ key: 'note', name: '备注', nameEn: 'Note', type: 'string', required: false }] });
let typeSeq = 0;
const typeToEdit = async () => (await t.db.insert(certificateTypes).values({ ...typeBody(), holderKinds: ['person'], fields: typeBody().fields as never, key: `matrixEdit${unique()}`, nationalCode: nationalTypeCode('matrix', ++typeSeq) }).returning())[0]!;
/** A seal key of county A's market department (a new one for each expected success). */
let sharedKey: Promise<string> | undefined;
const sealKeyFor = async (cell: Cell): Promise<string> => {
  const rotate = async () => (await w.must('admin@same', json('POST', `/api/v1/orgs/${w.units.A.market.id}/seal/rotate`))).keyId as string;
  return cell.allow ? rotate() : (sharedKey ??= rotate());
};

/** A retained proof item on the list (fresh for each expected success: retiring one is once). */
const proofContent = (name: string) => ({ name, nameEn: 'Matrix proof', issuerKind: 'community', legalBasis: [{ law: '《测试条例》', lawEn: 'Test regulations', article: '第一条' }], satisfiedBy: { dataResource: null, certificateType: null, commitment: true }, notes: '', notesEn: '' });
async function proofItem(): Promise<{ code: string; version: number }> {
  const code = `ZM-M${unique()}`;
  const [row] = await t.db.insert(proofItems).values({ code, status: 'retained', ...proofContent(`矩阵证明${code}`), issuerKind: 'community' as const }).returning();
  return { code: row!.code, version: row!.version };
}
let sharedProof: Promise<{ code: string; version: number }> | undefined;

/** The 12345 hotline: county A's government runs the centre; food safety goes to county A's market department. */
let hotline: ReturnType<typeof hotlineFixture> | undefined;
const hl = () => (hotline ??= hotlineFixture(w));
/** The centre's agents (county A's and the prefecture's, whose subtree holds it); readers of the ticket without the right are refused, others do not see it. */
const HOTLINE_CENTRE = /*       */ 'D D D | H H H D A H D | H H H H H H H | H H H D A H D';
/** The handling organisation's staff (county A market's reviewer and head, administrators above it); the centre and supervisors read but may not act. */
const HOTLINE_HANDLERS = /*     */ 'D D D | H A A D D H A | H H H H H H H | H H H D D H A';
/** A ticket with county A market's task seen after it acted: the centre acts; its staff, supervisors and administrators read. */
const HOTLINE_CENTRE_AFTER = /* */ 'D D D | H D D D A H D | H H H H H H H | H H H D A H D';
/** Agents of the centre only (the role first, then the centre: county B's agent is refused). */
const HOTLINE_AGENTS = /*       */ 'D D D | D D D D A D D | D D D D D D D | D D D D A D D';
/** Any hotline agent (the knowledge base is one for the installation). */
const ANY_HOTLINE_AGENT = /*    */ 'D D D | D D D D A D D | D D D D A D D | D D D D A D D';
let hotlineAddress = 0;
const hotlineFrom = () => `10.67.${Math.floor(++hotlineAddress / 250)}.${hotlineAddress % 250}`;
const ticketStep = (stage: Parameters<ReturnType<typeof hotlineFixture>['ticket']>[0], path: string, body: object | (() => object) = {}) => async (cell: Cell) => {
  const ticket = await hl().ticket(stage, cell.allow);
  return json('POST', `/api/v1/hotline/tickets/${ticket.id}/${path.replace('{taskId}', ticket.taskId ?? '')}`, { version: ticket.version, ...(typeof body === 'function' ? body() : body) });
};

const matrix: Record<string, Row> = {
  // ------------------------------------------------------------ system
  'GET /api/health': { expect: PUBLIC, req: async () => json('GET', '/api/health') },
  'GET /metrics': { expect: PUBLIC, req: async () => json('GET', '/metrics') },
  'GET /api/openapi.json': { expect: PUBLIC, req: async () => json('GET', '/api/openapi.json') },
  'GET /api/v1/audit/verify': { expect: ANY_ADMIN, req: async () => json('GET', '/api/v1/audit/verify') },
  'GET /api/v1/system/clock': { expect: PUBLIC, req: async () => json('GET', '/api/v1/system/clock') },
  'PUT /api/v1/system/clock': { expect: ANY_ADMIN, req: async () => json('PUT', '/api/v1/system/clock', {}) },

  // ------------------------------------------------------------ calendar: read by all, kept by administrators
  'GET /api/v1/calendar/days/:date': { expect: PUBLIC, req: async () => json('GET', '/api/v1/calendar/days/2026-10-01') },
  'GET /api/v1/calendar/add-workdays': { expect: PUBLIC, req: async () => json('GET', '/api/v1/calendar/add-workdays?from=2026-03-02&days=5') },
  'GET /api/v1/calendar/years/:year': { expect: PUBLIC, req: async () => json('GET', '/api/v1/calendar/years/2026') },
  'PUT /api/v1/calendar/days/:date': { expect: ANY_ADMIN, req: async () => json('PUT', '/api/v1/calendar/days/2031-05-06', { workday: false, name: '测试假日', nameEn: 'Test holiday' }) },
  'DELETE /api/v1/calendar/days/:date': {
    expect: ANY_ADMIN,
    req: async () => {
      await w.must('admin@parent', json('PUT', '/api/v1/calendar/days/2031-05-07', { workday: false, name: '测试假日' }));
      return json('DELETE', '/api/v1/calendar/days/2031-05-07');
    },
  },
  'PUT /api/v1/calendar/years/:year/published': { expect: ANY_ADMIN, req: async () => json('PUT', `/api/v1/calendar/years/${await nextCalendarYear()}/published`) },

  // ------------------------------------------------------------ files
  'POST /api/v1/files': {
    expect: SIGNED_IN,
    req: async () => {
      const boundary = `matrix${unique()}`;
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`%${unique()}\r\n--${boundary}--\r\n`)]);
      return { method: 'POST', url: '/api/v1/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    },
  },
  // A material of county A's cases: its uploader and the staff who may see those cases.
  'GET /api/v1/files/:sha256': { expect: 'D A H | A A A A H H A | H H H H H H H | H H H A H H A', req: async () => { await caseFor('accepted', { actor: 'owner', allow: false }); return json('GET', `/api/v1/files/${w.ownerFiles[0]}`); } },
  // The owner's text messages: the owner alone. Administrators read those of the staff of their subtree; an applicant belongs to none.
  'GET /api/v1/notifications': { expect: 'D A D | D D D D D D H | D D D D D D H | D D D D D D H', req: async () => json('GET', `/api/v1/notifications?userId=${w.users.owner.id}`) },

  // ------------------------------------------------------------ organisations, sites, windows
  'GET /api/v1/orgs': { expect: PUBLIC, req: async () => json('GET', `/api/v1/orgs?within=${w.units.A.gov.id}`) },
  'GET /api/v1/orgs/:id': { expect: PUBLIC, req: async () => json('GET', `/api/v1/orgs/${w.units.A.market.id}`) },
  'POST /api/v1/orgs': {
    expect: ADMIN_OF_A_GOV,
    req: async () => json('POST', '/api/v1/orgs', { code: `M${unique()}`, parentId: w.units.A.gov.id, name: '测试局', shortName: '测试', nameEn: 'Test bureau', kind: 'department', level: 'county', deptKey: 'housing' }),
  },
  'PATCH /api/v1/orgs/:id': { expect: ADMIN_OF_A_MARKET, req: async () => json('PATCH', `/api/v1/orgs/${w.units.A.market.id}`, { version: await versionOf(orgs, w.units.A.market.id), nameEn: `Market ${unique()}` }) },
  'GET /api/v1/sites': { expect: PUBLIC, req: async () => json('GET', `/api/v1/sites?within=${w.units.A.gov.id}`) },
  'GET /api/v1/sites/:id': { expect: PUBLIC, req: async () => json('GET', `/api/v1/sites/${w.units.A.hall.id}`) },
  'POST /api/v1/sites': {
    expect: ADMIN_OF_A_HALL,
    req: async () => json('POST', '/api/v1/sites', { code: `S-${unique()}`, orgId: w.units.A.services.id, kind: 'hall', name: '测试大厅', nameEn: 'Test hall', address: '测试路2号', hours: '9:00-17:00', signage: '政务服务', zones: [], equipment: [] }),
  },
  'PATCH /api/v1/sites/:id': { expect: ADMIN_OF_A_HALL, req: async () => json('PATCH', `/api/v1/sites/${w.units.A.hall.id}`, { version: await versionOf(sites, w.units.A.hall.id), hours: `9:00-17:${String(n % 60).padStart(2, '0')}` }) },
  'POST /api/v1/sites/:id/windows': { expect: ADMIN_OF_A_HALL, req: async () => json('POST', `/api/v1/sites/${w.units.A.hall.id}/windows`, { code: `W-${unique()}`, number: `B${n % 100}`, name: '综合窗口', nameEn: 'Window', category: 'general' }) },
  'PATCH /api/v1/windows/:id': { expect: ADMIN_OF_A_HALL, req: async () => json('PATCH', `/api/v1/windows/${w.units.A.window.id}`, { version: await versionOf(windows, w.units.A.window.id), nameEn: `Window ${unique()}` }) },
  'PUT /api/v1/windows/:id/staff': { expect: ADMIN_OF_A_HALL, req: async () => json('PUT', `/api/v1/windows/${w.units.A.window.id}/staff`, { userIds: [w.users['windowClerk@same'].id] }) },
  // Staff ask which windows they sit at (an empty list for those at none); applicants are not staff.
  'GET /api/v1/windows/mine': { expect: 'D D D | A A A A A A A | A A A A A A A | A A A A A A A', req: async () => json('GET', '/api/v1/windows/mine') },
  'POST /api/v1/orgs/:id/seal/rotate': { expect: ADMINS_OF_A, req: async () => json('POST', `/api/v1/orgs/${w.units.A.market.id}/seal/rotate`) },

  // ------------------------------------------------------------ accounts
  'POST /api/v1/auth/login': { expect: PUBLIC, req: async () => json('POST', '/api/v1/auth/login', { username: (await loginUser).username, password: TEST_PASSWORD }) },
  'POST /api/v1/auth/logout': { expect: PUBLIC, req: async () => ({ ...json('POST', '/api/v1/auth/logout'), fresh: true }) },
  'GET /api/v1/auth/me': { expect: SIGNED_IN, req: async () => json('GET', '/api/v1/auth/me') },
  'POST /api/v1/auth/register': {
    expect: PUBLIC,
    req: async () => ({ ...json('POST', '/api/v1/auth/register', { kind: 'person', idNumber: validResidentId(), displayName: '新申请人', phone: '13999110001', password: 'apply-online-1', username: `reg${unique()}` }), remoteAddress: `10.9.${n % 250}.${Math.floor(n / 250) % 250}` }),
  },
  'POST /api/v1/auth/password': { expect: SIGNED_IN, req: async () => ({ ...json('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }), fresh: true, remoteAddress: `10.8.0.${n++ % 250}` }) },
  // Lists are scoped: every administrator sees the staff of their own subtree.
  'GET /api/v1/users': { expect: ANY_ADMIN, req: async () => json('GET', '/api/v1/users') },
  'POST /api/v1/users': { expect: ADMINS_OF_A, req: async () => json('POST', '/api/v1/users', { username: `staff${unique()}`, displayName: '新同事', password: 'staff-password-1', orgId: w.units.A.market.id, roles: ['reviewer'] }) },
  'PATCH /api/v1/users/:id': { expect: ADMINS_OF_A, req: async () => { const u = await w.makeStaff(); return json('PATCH', `/api/v1/users/${u.id}`, { version: u.version, displayName: '改名' }); } },
  'POST /api/v1/users/:id/password': { expect: ADMINS_OF_A, req: async () => json('POST', `/api/v1/users/${(await w.makeStaff()).id}/password`, { password: 'reset-password-1' }) },

  // ------------------------------------------------------------ the catalog: public reading
  'GET /api/v1/catalog/items': { expect: PUBLIC, req: async () => json('GET', '/api/v1/catalog/items?q=食品') },
  'GET /api/v1/catalog/facets': { expect: PUBLIC, req: async () => json('GET', '/api/v1/catalog/facets') },
  'GET /api/v1/catalog/stats': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/stats?org=${w.units.A.gov.id}`) },
  'GET /api/v1/catalog/one-trip': { expect: PUBLIC, req: async () => json('GET', '/api/v1/catalog/one-trip') },
  'GET /api/v1/catalog/items/:code': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${w.countyItem.record.code}`) },
  'GET /api/v1/catalog/items/:code/notice': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${w.countyItem.record.code}/notice?org=${w.units.A.market.code}`) },
  'GET /api/v1/catalog/items/:code/notice.pdf': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${w.countyItem.record.code}/notice.pdf`) },
  'GET /api/v1/catalog/items/:code/materials/:key/:kind': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${w.countyItem.record.code}/materials/application-form/template.pdf`) },
  'GET /api/v1/catalog/items/:code/jsonld': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${w.countyItem.record.code}/jsonld`) },
  'GET /api/v1/catalog/items/:code/versions': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/items/${(await sharedDraft).code}/versions`) },
  // A draft is seen by catalog managers only (of any level: the catalog is one for the prefecture).
  'GET /api/v1/catalog/versions/:id': { expect: 'H H H | H H H H H A H | H H H H H A H | H H H H H A H', req: async () => json('GET', `/api/v1/catalog/versions/${(await sharedDraft).id}`) },
  'GET /api/v1/catalog/diff': { expect: 'H H H | H H H H H A H | H H H H H A H | H H H H H A H', req: async () => {
      const d = await sharedDraft;
      const [v1] = await t.db.select({ id: itemVersions.id }).from(itemVersions).innerJoin(serviceItems, eq(serviceItems.id, itemVersions.itemId)).where(and(eq(serviceItems.code, d.code), eq(itemVersions.number, 1)));
      return json('GET', `/api/v1/catalog/diff?from=${v1!.id}&to=${d.id}`);
    },
  },
  'GET /api/v1/catalog/export': { expect: PUBLIC, req: async () => json('GET', '/api/v1/catalog/export') },

  // ------------------------------------------------------------ the catalog: kept by the prefecture's catalog managers
  'GET /api/v1/catalog/manage/items': { expect: 'D D D | D D D D D A D | D D D D D A D | D D D D D A D', req: async () => json('GET', '/api/v1/catalog/manage/items') },
  'POST /api/v1/catalog/items': {
    expect: PREFECTURE_CATALOG,
    req: async () => {
      const { code, department, changeNote: _, ...content } = itemRecord();
      return json('POST', '/api/v1/catalog/items', { code, deptKey: department, content });
    },
  },
  'POST /api/v1/catalog/items/:code/drafts': { expect: PREFECTURE_CATALOG, req: async () => json('POST', `/api/v1/catalog/items/${(await buildItem(t.db)).record.code}/drafts`, { changeNote: '修订' }) },
  'PATCH /api/v1/catalog/versions/:id': { expect: PREFECTURE_CATALOG, req: async (c) => { const d = c.allow ? await draftItem() : await sharedDraft; return json('PATCH', `/api/v1/catalog/versions/${d.id}`, { version: d.version, changeNote: '修订说明' }); } },
  'DELETE /api/v1/catalog/versions/:id': { expect: PREFECTURE_CATALOG, req: async (c) => json('DELETE', `/api/v1/catalog/versions/${(c.allow ? await draftItem() : await sharedDraft).id}`) },
  'POST /api/v1/catalog/versions/:id/submit': { expect: PREFECTURE_CATALOG, req: async (c) => { const d = c.allow ? await draftItem() : await sharedDraft; return json('POST', `/api/v1/catalog/versions/${d.id}/submit`, { version: d.version }); } },
  'POST /api/v1/catalog/versions/:id/approve': { expect: PREFECTURE_CATALOG, req: async (c) => { const d = c.allow ? await inReview() : await sharedReview; return json('POST', `/api/v1/catalog/versions/${d.id}/approve`, { version: d.version }); } },
  'POST /api/v1/catalog/versions/:id/reject': { expect: PREFECTURE_CATALOG, req: async (c) => { const d = c.allow ? await inReview() : await sharedReview; return json('POST', `/api/v1/catalog/versions/${d.id}/reject`, { version: d.version, note: '请补充' }); } },
  'POST /api/v1/catalog/versions/:id/retire': { expect: PREFECTURE_CATALOG, req: async () => { const { version } = await buildItem(t.db); return json('POST', `/api/v1/catalog/versions/${version.id}/retire`, { version: version.version }); } },
  'POST /api/v1/catalog/import': { expect: 'D D D | D D D D D A D | D D D D D A D | D D D D D A D', req: async () => json('POST', '/api/v1/catalog/import?dryRun=true', []) },
  'POST /api/v1/catalog/one-trip/batches': {
    expect: PREFECTURE_CATALOG,
    req: async (c) => {
      if (c.allow) await t.db.update(oneTripBatches).set({ publishedOn: '2026-01-01' }).where(isNull(oneTripBatches.publishedOn));
      return json('POST', '/api/v1/catalog/one-trip/batches', { title: '新一批', titleEn: 'New batch' });
    },
  },
  'PUT /api/v1/catalog/one-trip/batches/:number/items': { expect: PREFECTURE_CATALOG, req: async () => json('PUT', `/api/v1/catalog/one-trip/batches/${await openBatch()}/items`, { codes: [] }) },
  'POST /api/v1/catalog/one-trip/batches/:number/publish': { expect: PREFECTURE_CATALOG, req: async () => json('POST', `/api/v1/catalog/one-trip/batches/${await openBatch()}/publish`, { publishedOn: '2026-03-02' }) },
  // Proof items (证明事项): a public list, kept by the prefecture's catalog managers.
  'GET /api/v1/catalog/proof-items': { expect: PUBLIC, req: async () => json('GET', '/api/v1/catalog/proof-items?status=all') },
  'GET /api/v1/catalog/proof-items/:code': { expect: PUBLIC, req: async () => json('GET', `/api/v1/catalog/proof-items/${(await (sharedProof ??= proofItem())).code}`) },
  'POST /api/v1/catalog/proof-items': { expect: PREFECTURE_CATALOG, req: async () => json('POST', '/api/v1/catalog/proof-items', { code: `ZM-M${unique()}`, ...proofContent(`矩阵证明${unique()}`) }) },
  'PATCH /api/v1/catalog/proof-items/:code': { expect: PREFECTURE_CATALOG, req: async (c) => { const p = c.allow ? await proofItem() : await (sharedProof ??= proofItem()); return json('PATCH', `/api/v1/catalog/proof-items/${p.code}`, { version: p.version, notes: '修订' }); } },
  'POST /api/v1/catalog/proof-items/:code/retire': { expect: PREFECTURE_CATALOG, req: async (c) => { const p = c.allow ? await proofItem() : await (sharedProof ??= proofItem()); return json('POST', `/api/v1/catalog/proof-items/${p.code}/retire`, { version: p.version }); } },

  // ------------------------------------------------------------ implementations: county A's, by catalog managers and admins in scope
  'GET /api/v1/catalog/implementations': { expect: 'D D D | D D D D D A A | D D D D D H H | D D D D D A A', req: async () => json('GET', `/api/v1/catalog/implementations?org=${w.units.A.market.id}`) },
  'POST /api/v1/catalog/implementations': { expect: 'D D D | D D D D D A A | D D D D D H H | D D D D D A A', req: async () => json('POST', '/api/v1/catalog/implementations', { itemCode: (await buildItem(t.db)).record.code, orgId: w.units.A.market.id }) },
  'PATCH /api/v1/catalog/implementations/:id': {
    expect: 'D D D | D D D D D A A | D D D D D H H | D D D D D A A',
    req: async () => {
      const [impl] = await t.db.select().from(implementations).where(eq(implementations.orgId, w.units.A.market.id)).limit(1);
      return json('PATCH', `/api/v1/catalog/implementations/${impl!.id}`, { version: impl!.version, phone: `0994-${unique()}` });
    },
  },
  'POST /api/v1/catalog/implementations/sync': { expect: 'D D D | D D D D D A A | D D D D D H H | D D D D D A A', req: async () => json('POST', '/api/v1/catalog/implementations/sync', { org: w.units.A.market.id }) },

  // ------------------------------------------------------------ certificates
  'GET /api/v1/certificates/:id/verification': { expect: PUBLIC, req: async () => json('GET', `/api/v1/certificates/${w.certificate.id}/verification`) },
  'GET /api/v1/seals/keys': { expect: PUBLIC, req: async () => json('GET', '/api/v1/seals/keys') },
  'GET /.well-known/jwks.json': { expect: PUBLIC, req: async () => json('GET', '/.well-known/jwks.json') },
  'GET /api/v1/certificates/:id/signed': { expect: PUBLIC, req: async () => json('GET', `/api/v1/certificates/${w.certificate.id}/signed`) },
  'GET /api/v1/certificate-types': { expect: PUBLIC, req: async () => json('GET', '/api/v1/certificate-types') },
  'GET /api/v1/certificate-types/:key': { expect: PUBLIC, req: async () => json('GET', '/api/v1/certificate-types/itemResult') },
  // Anyone with the link the holder made.
  'GET /api/v1/shared-certificates': { expect: PUBLIC, req: async () => json('GET', `/api/v1/shared-certificates?token=${(await shareOfOwner()).token}`) },
  // Each signed-in user's own (staff hold none).
  'GET /api/v1/my-certificates': { expect: SIGNED_IN, req: async () => json('GET', '/api/v1/my-certificates') },
  // The holder, and library staff (administrators, heads, reviewers, supervisors) whose subtree holds the issuer, county A's market department.
  'GET /api/v1/certificates/:id': { expect: CERTIFICATE_READERS, req: async () => json('GET', `/api/v1/certificates/${w.certificate.id}`) },
  'GET /api/v1/certificates/:id/pdf': { expect: CERTIFICATE_READERS, req: async () => json('GET', `/api/v1/certificates/${w.certificate.id}/pdf`) },
  // Share links are the holder's: staff who may read the certificate are refused, everyone else sees nothing.
  'GET /api/v1/certificates/:id/shares': { expect: CERTIFICATE_HOLDER, req: async () => json('GET', `/api/v1/certificates/${w.certificate.id}/shares`) },
  'POST /api/v1/certificates/:id/shares': { expect: CERTIFICATE_HOLDER, req: async () => json('POST', `/api/v1/certificates/${w.certificate.id}/shares`, { hours: 1 }) },
  'POST /api/v1/certificates/:id/shares/:shareId/revoke': { expect: CERTIFICATE_HOLDER, req: async () => json('POST', `/api/v1/certificates/${w.certificate.id}/shares/${(await shareOfOwner()).id}/revoke`) },
  'GET /api/v1/certificates': { expect: 'D D D | D A A A D D A | D A A A D D A | D A A A D D A', req: async () => json('GET', '/api/v1/certificates') },
  'POST /api/v1/certificates/:id/suspend': { expect: CERTIFICATE_MANAGERS, req: async (c) => json('POST', `/api/v1/certificates/${(await certificateFor('valid', c)).id}/suspend`, { version: 1, reason: '核查中' }) },
  'POST /api/v1/certificates/:id/reinstate': { expect: CERTIFICATE_MANAGERS, req: async (c) => json('POST', `/api/v1/certificates/${(await certificateFor('suspended', c)).id}/reinstate`, { version: 1 }) },
  'POST /api/v1/certificates/:id/revoke': { expect: CERTIFICATE_MANAGERS, req: async (c) => json('POST', `/api/v1/certificates/${(await certificateFor('valid', c)).id}/revoke`, { version: 1, reason: '以欺骗手段取得' }) },
  'POST /api/v1/certificates/import': {
    expect: CERTIFICATE_MANAGERS,
    req: async () => json('POST', '/api/v1/certificates/import', {
      issuerOrg: w.units.A.market.code, dryRun: true,
      certificates: [{ type: 'itemResult', number: `M${unique()}`, holder: { kind: 'person', name: '张伟', idNumber: w.users.owner.residentId }, fields: { caseNumber: '6523012026030200001', item: '测试事项' } }],
    }),
  },
  // The catalog of types is kept at the prefecture.
  'POST /api/v1/certificate-types': { expect: PREFECTURE_TYPES, req: async () => json('POST', '/api/v1/certificate-types', { ...typeBody(), key: `matrixType${unique()}` }) },
  'PUT /api/v1/certificate-types/:key': { expect: PREFECTURE_TYPES, req: async () => json('PUT', `/api/v1/certificate-types/${(await typeToEdit()).key}`, { ...typeBody(), active: true, version: 1 }) },
  'GET /api/v1/seal-keys': { expect: ANY_ADMIN, req: async () => json('GET', '/api/v1/seal-keys') },
  'POST /api/v1/seal-keys/:kid/revoke': { expect: ADMINS_OF_A, req: async (c) => json('POST', `/api/v1/seal-keys/${await sealKeyFor(c)}/revoke`, { reason: '私钥泄露' }) },

  // ------------------------------------------------------------ cases (county A's market department takes in and decides)
  // Filing online is for applicants; clerks file at a window (with `windowId`).
  'POST /api/v1/cases': {
    expect: 'D A A | D D D D D D D | D D D D D D D | D D D D D D D',
    req: async () => ({
      ...json('POST', '/api/v1/cases', { itemCode: w.countyItem.record.code, org: w.units.A.market.code, formData: { premises: '昌吉市宁边西路88号', category: 'catering' }, materials: [], draft: true }),
      headers: { 'idempotency-key': `matrix-${unique()}` },
    }),
  },
  // `all`: a supervisor's, administrator's or reviewer's whole subtree (each sees their own).
  'GET /api/v1/cases': { expect: 'D D D | D A A A D D A | D A A A D D A | D A A A D D A', req: async () => json('GET', '/api/v1/cases?box=all') },
  // Who sees a case: its applicant, the intake clerks of its government, the departments handling it, and supervisors and administrators above.
  'GET /api/v1/cases/:id': { expect: 'D A H | A A A A H H A | H H H H H H H | H H H A H H A', req: async (c) => json('GET', `/api/v1/cases/${(await caseFor('review', c)).id}`) },
  // The back office's inbox counts: reviewers and department heads, each of their own department.
  'GET /api/v1/cases/inbox': { expect: 'D D D | D A A D D D D | D A A D D D D | D A A D D D D', req: async () => json('GET', '/api/v1/cases/inbox') },
  // A case's files (names and types for preview): whoever sees the case.
  'GET /api/v1/cases/:id/files': { expect: 'D A H | A A A A H H A | H H H H H H H | H H H A H H A', req: async (c) => json('GET', `/api/v1/cases/${(await caseFor('review', c)).id}/files`) },
  'POST /api/v1/cases/:id/submit': { expect: 'D A H | D D D D H H D | H H H H H H H | H H H D H H D', req: step('draft', 'submit') },
  'POST /api/v1/cases/:id/withdraw': { expect: 'D A H | D D D D H H D | H H H H H H H | H H H D H H D', req: step('submitted', 'withdraw', { reason: '不再需要' }) },
  'POST /api/v1/cases/:id/accept': { expect: 'D D H | A D D D H H D | H H H H H H H | H H H D H H D', req: step('submitted', 'accept') },
  'POST /api/v1/cases/:id/request-correction': { expect: 'D D H | A D D D H H D | H H H H H H H | H H H D H H D', req: step('submitted', 'request-correction', { items: [{ note: '请补充签字' }] }) },
  'POST /api/v1/cases/:id/refuse-intake': { expect: 'D D H | A D D D H H D | H H H H H H H | H H H D H H D', req: step('submitted', 'refuse-intake', { reason: '不属于本机关职权范围' }) },
  'POST /api/v1/cases/:id/pending-materials': { expect: 'D A H | A A A D H H D | H H H H H H H | H H H D H H D', req: step('pending', 'pending-materials', { materials: [{ key: 'layout-plan', fileIds: [] }] }) },
  'POST /api/v1/cases/:id/start-review': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('accepted', 'start-review') },
  'POST /api/v1/cases/:id/forward': { expect: 'D D H | D A A D H H D | H H H H H H H | H D D D H H D', req: step('forwardable', 'forward', { opinion: '建议准予许可' }) },
  'POST /api/v1/cases/:id/tasks': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('review', 'tasks', () => ({ orgIds: [w.units.A.services.id], question: '是否符合要求？', days: 3 })) },
  // The case is with the prefecture's market department, which asked county A's market department.
  'POST /api/v1/cases/:id/tasks/:taskId/answer': {
    expect: 'D D H | D A A D H H D | H H H H H H H | H D D D H H D',
    req: async (c) => { const k = await caseFor('forwarded', c); return json('POST', `/api/v1/cases/${k.id}/tasks/${k.taskId}/answer`, { version: k.version, agrees: true, opinion: '符合要求' }); },
  },
  'POST /api/v1/cases/:id/suspend': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('review', 'suspend', { reason: 'testing', expectedDays: 3, note: '送检' }) },
  'POST /api/v1/cases/:id/resume': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('suspended', 'resume') },
  // Art. 42: the head approves an extension.
  'POST /api/v1/cases/:id/extend': { expect: 'D D H | D D A D H H D | H H H H H H H | H H H D H H D', req: step('review', 'extend', { reason: '需要现场核查' }) },
  'POST /api/v1/cases/:id/decide': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('review', 'decide', { outcome: 'approve', reasons: '符合法定条件' }) },
  'POST /api/v1/cases/:id/issue': { expect: 'D D H | D A A D H H D | H H H H H H H | H H H D H H D', req: step('decided', 'issue') },
  'POST /api/v1/cases/:id/deliver': { expect: 'D D H | A A A D H H D | H H H H H H H | H H H D H H D', req: step('issued', 'deliver', { method: 'electronic' }) },
  'POST /api/v1/cases/:id/archive': { expect: 'D D H | A A A D H H D | H H H H H H H | H H H D H H D', req: step('delivered', 'archive') },
  'POST /api/v1/cases/:id/trips': { expect: 'D D H | A A A D H H D | H H H H H H H | H H H D H H D', req: step('accepted', 'trips', { reason: '补交原件' }) },
  'GET /api/v1/cases/:id/decision/verification': { expect: 'D A H | A A A A H H A | H H H H H H H | H H H A H H A', req: async (c) => json('GET', `/api/v1/cases/${(await caseFor('decided', c)).id}/decision/verification`) },
  'GET /api/v1/cases/:id/documents/:kind': { expect: 'D A H | A A A A H H A | H H H H H H H | H H H A H H A', req: async (c) => json('GET', `/api/v1/cases/${(await caseFor('accepted', c)).id}/documents/acceptance.pdf`) },
  // The applicant's own moves: staff who may read the case are refused (403), everyone else sees nothing (404).
  'PUT /api/v1/cases/:id/draft': {
    expect: 'D A H | D D D D H H D | H H H H H H H | H H H D H H D',
    req: async (c) => { const k = await caseFor('draft', c); return json('PUT', `/api/v1/cases/${k.id}/draft`, { version: k.version, formData: { premises: '昌吉市宁边西路88号' }, materials: [] }); },
  },
  'POST /api/v1/cases/:id/delivery-choice': { expect: 'D A H | D D D D H H D | H H H H H H H | H H H D H H D', req: step('accepted', 'delivery-choice', { method: 'express', recipient: '张伟', phone: '13899120001', address: '昌吉市北京南路56号' }) },
  // Each applicant's own earlier materials; staff have none to reuse.
  'GET /api/v1/cases/reusable-materials': { expect: 'D A A | D D D D D D D | D D D D D D D | D D D D D D D', req: async () => json('GET', `/api/v1/cases/reusable-materials?itemCode=${w.countyItem.record.code}`) },
  // What the government holds for an application: applicants their own; a window clerk anywhere for the applicant in front of them (by ID number).
  'GET /api/v1/cases/replacements': { expect: 'D A A | A D D D D D D | A D D D D D D | A D D D D D D', req: async () => json('GET', `/api/v1/cases/replacements?itemCode=${w.countyItem.record.code}&applicant=${w.users.owner.residentId}`) },

  // ------------------------------------------------------------ ratings and broken commitments
  'POST /api/v1/cases/:id/evaluations': { expect: 'D A H | H H H H H H H | H H H H H H H | H H H H H H H', req: async (c) => json('POST', `/api/v1/cases/${(await caseFor('delivered', c)).id}/evaluations`, { level: 5, channel: 'online' }) },
  'GET /api/v1/evaluations': { expect: 'D A A | D A A A D D A | D A A A D D A | D A A A D D A', req: async () => json('GET', '/api/v1/evaluations') },
  // A bad rating of county A's market department is followed up by that department.
  'POST /api/v1/evaluations/:id/:step': {
    expect: 'D D D | D A A D D D D | D H H D D D D | D H H D D D D',
    req: async (c) => {
      const e = c.allow ? await w.makeEvaluation(1) : await (sharedEvaluation ??= w.makeEvaluation(1));
      return json('POST', `/api/v1/evaluations/${e.id}/verify`, { version: e.version, text: '情况属实', justified: true });
    },
  },
  'GET /api/v1/commitment-breaches': { expect: 'D D D | A D D D D D A | A D D D D D A | A D D D D D A', req: async () => json('GET', `/api/v1/commitment-breaches?applicant=${w.users.owner.id}`) },
  // Cleared by an administrator of the organisations the case belongs to.
  'POST /api/v1/commitment-breaches/:id/clear': {
    expect: ADMINS_OF_A,
    req: async (c) => json('POST', `/api/v1/commitment-breaches/${c.allow ? await w.makeBreach() : await (sharedBreach ??= w.makeBreach())}/clear`, { note: '已补齐材料' }),
  },

  // ------------------------------------------------------------ the queue (排队叫号): county A's hall and its window
  'GET /api/v1/queue/sites/:id/kiosk': { expect: PUBLIC, req: async () => json('GET', `/api/v1/queue/sites/${w.units.A.hall.id}/kiosk`) },
  // No sign-in at the kiosk; limited per address (each request here comes from its own).
  'POST /api/v1/queue/sites/:id/tickets': { expect: PUBLIC, req: async () => ({ ...json('POST', `/api/v1/queue/sites/${w.units.A.hall.id}/tickets`, { category: 'general' }), remoteAddress: kioskAddress() }) },
  'POST /api/v1/queue/sites/:id/check-in': { expect: PUBLIC, req: async () => ({ ...json('POST', `/api/v1/queue/sites/${w.units.A.hall.id}/check-in`, { code: (await appointmentAtA(true)).code }), remoteAddress: kioskAddress() }) },
  'GET /api/v1/queue/sites/:id/board': { expect: PUBLIC, req: async () => json('GET', `/api/v1/queue/sites/${w.units.A.hall.id}/board`) },
  'GET /api/v1/queue/sites/:id/availability': { expect: PUBLIC, req: async () => json('GET', `/api/v1/queue/sites/${w.units.A.hall.id}/availability?category=general`) },
  // Applicants book (each of the two once: one per site, day and queue).
  'POST /api/v1/queue/appointments': {
    expect: 'D A A | D D D D D D D | D D D D D D D | D D D D D D D',
    req: async () => {
      bookableDay ??= w.must('owner', json('GET', `/api/v1/queue/sites/${w.units.A.hall.id}/availability?category=general`)).then((a: { days: string[] }) => a.days[1]!);
      return json('POST', '/api/v1/queue/appointments', { siteId: w.units.A.hall.id, category: 'general', date: await bookableDay, slot: '10:00' });
    },
  },
  // Everyone signed in lists their own (staff have none).
  'GET /api/v1/queue/appointments': { expect: SIGNED_IN, req: async () => json('GET', '/api/v1/queue/appointments') },
  // Only its applicant cancels; for anyone else it does not exist.
  'POST /api/v1/queue/appointments/:id/cancel': { expect: 'D A H | H H H H H H H | H H H H H H H | H H H H H H H', req: async () => json('POST', `/api/v1/queue/appointments/${(await appointmentAtA(false)).id}/cancel`, { version: 1 }) },
  // The window's panel and its calls: clerks on duty at it (other counties' clerks do not see it; other roles are refused).
  'GET /api/v1/queue/windows/:id/panel': { expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D', req: async () => json('GET', `/api/v1/queue/windows/${w.units.A.window.id}/panel`) },
  'POST /api/v1/queue/windows/:id/call-next': {
    expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D',
    req: async () => {
      await ticketAtWindowA('waiting'); // also frees the window
      return json('POST', `/api/v1/queue/windows/${w.units.A.window.id}/call-next`);
    },
  },
  'POST /api/v1/queue/tickets/:id/recall': { expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D', req: async () => json('POST', `/api/v1/queue/tickets/${(await ticketAtWindowA('called')).id}/recall`, { version: 1 }) },
  'POST /api/v1/queue/tickets/:id/no-show': { expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D', req: async () => json('POST', `/api/v1/queue/tickets/${(await ticketAtWindowA('called')).id}/no-show`, { version: 1 }) },
  'POST /api/v1/queue/tickets/:id/start': { expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D', req: async () => json('POST', `/api/v1/queue/tickets/${(await ticketAtWindowA('called')).id}/start`, { version: 1 }) },
  'POST /api/v1/queue/tickets/:id/finish': { expect: 'D D D | A D D D D D D | H D D D D D D | H D D D D D D', req: async () => json('POST', `/api/v1/queue/tickets/${(await ticketAtWindowA('serving')).id}/finish`, { version: 1 }) },
  // Booking settings: administrators of the site's organisations.
  'GET /api/v1/queue/sites/:id/settings': { expect: ADMINS_OF_A, req: async () => json('GET', `/api/v1/queue/sites/${w.units.A.hall.id}/settings`) },
  'PUT /api/v1/queue/sites/:id/settings': { expect: ADMINS_OF_A, req: async () => json('PUT', `/api/v1/queue/sites/${w.units.A.hall.id}/settings`, { version: await queueVersion(), capacities: { general: 4 }, periods: null }) },
  // Waiting-time statistics: clerks, supervisors and administrators whose subtree holds the site.
  'GET /api/v1/queue/stats': { expect: 'D D D | A D D A D D A | H D D H D D H | H D D A D D A', req: async () => json('GET', `/api/v1/queue/stats?site=${w.units.A.hall.id}`) },

  // ------------------------------------------------------------ electronic supervision: county A's market department and what watches it
  'GET /api/v1/supervision/warnings': { expect: WATCHERS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/warnings?org=${w.units.A.market.id}`) },
  'GET /api/v1/supervision/escalations': { expect: WATCHERS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/escalations?org=${w.units.A.market.id}`) },
  'GET /api/v1/supervision/kpi-definitions': { expect: PUBLIC, req: async () => json('GET', '/api/v1/supervision/kpi-definitions') },
  'GET /api/v1/supervision/kpis': { expect: SUPERVISORS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/kpis?org=${w.units.A.market.id}`) },
  'GET /api/v1/supervision/staff': { expect: SUPERVISORS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/staff?org=${w.units.A.market.id}`) },
  // Each clerk at their own window (a clerk of county B signs in at county B's).
  'GET /api/v1/supervision/duty': { expect: CLERKS, req: async () => json('GET', '/api/v1/supervision/duty') },
  'POST /api/v1/supervision/duty/sign-in': { expect: 'D D D | A D D D D D D | D D D D D D D | D D D D D D D', req: async () => json('POST', '/api/v1/supervision/duty/sign-in', { windowId: w.units.A.window.id }) },
  'POST /api/v1/supervision/duty/sign-out': {
    expect: CLERKS,
    req: async (cell) => {
      if (cell.allow) await signedIn(cell);
      return json('POST', '/api/v1/supervision/duty/sign-out');
    },
  },
  'PUT /api/v1/supervision/duty/status': { expect: CLERKS, req: async (cell) => json('PUT', '/api/v1/supervision/duty/status', { status: 'away', version: cell.allow ? (await signedIn(cell)).version : 1 }) },
  'POST /api/v1/supervision/problem-reports': { expect: PUBLIC, req: async () => ({ ...json('POST', '/api/v1/supervision/problem-reports', { kind: 'difficulty', description: '办事指南与窗口要求不一致。', org: w.units.A.market.id }), remoteAddress: kioskAddress() }) },
  'GET /api/v1/supervision/problem-reports': { expect: 'D A A | D A A A D D A | D H H H D D H | D H H A D D A', req: async () => json('GET', `/api/v1/supervision/problem-reports?org=${w.units.A.market.id}`) },
  'GET /api/v1/supervision/problem-reports/:id': { expect: 'D A H | H A A A H H A | H H H H H H H | H H H A H H A', req: async (cell) => json('GET', `/api/v1/supervision/problem-reports/${(await problemReportOfOwner(cell)).id}`) },
  'POST /api/v1/supervision/problem-reports/:id/answer': {
    expect: 'D D D | D A A D D D A | D H H D D D H | D H H D D D A',
    req: async (cell) => {
      const report = await problemReportOfOwner(cell);
      return json('POST', `/api/v1/supervision/problem-reports/${report.id}/answer`, { answer: '已核实并整改。', version: report.version });
    },
  },
  'GET /api/v1/supervision/reports': { expect: SUPERVISORS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/reports?org=${w.units.A.market.id}`) },
  'GET /api/v1/supervision/reports/monthly': { expect: SUPERVISORS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/reports/monthly?org=${w.units.A.market.id}&month=${lastMonth()}`) },
  'GET /api/v1/supervision/reports/monthly/:format': { expect: SUPERVISORS_OF_A_MARKET, req: async () => json('GET', `/api/v1/supervision/reports/monthly/xlsx?org=${w.units.A.market.id}&month=${lastMonth()}`) },

  // ------------------------------------------------------------ data sharing: county A market's resources, records, applications and credentials
  'GET /api/v1/sharing/resources': { expect: STAFF, req: async () => json('GET', '/api/v1/sharing/resources?q=matrix') },
  'GET /api/v1/sharing/resources/:code': { expect: STAFF, req: async () => json('GET', `/api/v1/sharing/resources/${await sh().resourceOfA()}`) },
  'POST /api/v1/sharing/resources': {
    expect: SHARING_HEADS_OF_A,
    req: async () => json('POST', '/api/v1/sharing/resources', { code: sh().nextCode(), name: '测试资源', nameEn: 'Test', ownerOrg: w.units.A.market.id, subjectKinds: ['person'], fields: sh().fields, updateFrequency: 'daily', sharingType: 'conditional', description: '测试。', descriptionEn: 'Test.' }),
  },
  // The catalog is no secret: a head elsewhere is refused (403), not kept in the dark.
  'PATCH /api/v1/sharing/resources/:code': { expect: 'D D D | D D A D D D A | D D D D D D D | D D D D D D A', req: async () => { const code = await sh().resourceOfA(); return json('PATCH', `/api/v1/sharing/resources/${code}`, { version: await sh().versionOf(code), description: `修订${unique()}` }); } },
  'GET /api/v1/sharing/resources/:code/records': { expect: SHARING_KEEPERS_OF_A, req: async () => json('GET', `/api/v1/sharing/resources/${await sh().resourceOfA()}/records`) },
  'PUT /api/v1/sharing/resources/:code/records/:subjectId': { expect: SHARING_KEEPERS_OF_A, req: async () => json('PUT', `/api/v1/sharing/resources/${await sh().resourceOfA()}/records/${validResidentId()}`, { data: { name: '测试' } }) },
  'POST /api/v1/sharing/resources/:code/records/import': { expect: SHARING_KEEPERS_OF_A, req: async () => json('POST', `/api/v1/sharing/resources/${await sh().resourceOfA()}/records/import?dryRun=true`, { rows: [{ subjectId: validResidentId(), data: { name: '测试' } }] }) },
  // Queried in person by the owner's staff who handle cases; everyone else without an approved application is refused (and logged).
  'GET /api/v1/sharing/resources/:code/records/:subjectId': { expect: 'D D D | D A A D D D D | D D D D D D D | D D D D D D D', req: async () => json('GET', `/api/v1/sharing/resources/${await sh().resourceOfA()}/records/${w.users.owner.residentId}?purpose=${encodeURIComponent('核验')}`) },
  // County A market's application for the prefecture's resource: its head or an administrator above it.
  'POST /api/v1/sharing/applications': {
    expect: SHARING_HEADS_OF_A,
    req: async (c) => json('POST', '/api/v1/sharing/applications', { resourceCode: await sh().resourceOfP(c.allow), purpose: '核验申请人信息', fields: ['name'], validUntil: sh().until(), consumerOrg: w.units.A.market.id }),
  },
  'GET /api/v1/sharing/applications': { expect: SHARING_WATCHERS, req: async () => json('GET', '/api/v1/sharing/applications?box=incoming') },
  'GET /api/v1/sharing/applications/:id': { expect: 'D D D | H H A A H H A | H H H H H H H | H H H A H H A', req: async () => json('GET', `/api/v1/sharing/applications/${(await sh().applicationOfA()).id}`) },
  // County B market's applications for county A market's resource: answered by the owner's head or an administrator above it; the consumer's side sees them but may not answer.
  'POST /api/v1/sharing/applications/:id/approve': { expect: SHARING_DECIDERS_OF_A, req: async (c) => { const a = await sh().applicationFor('pending', c.allow); return json('POST', `/api/v1/sharing/applications/${a.id}/approve`, { version: a.version, fields: ['name'] }); } },
  'POST /api/v1/sharing/applications/:id/refuse': { expect: SHARING_DECIDERS_OF_A, req: async (c) => { const a = await sh().applicationFor('pending', c.allow); return json('POST', `/api/v1/sharing/applications/${a.id}/refuse`, { version: a.version, reason: '用途不明确' }); } },
  'POST /api/v1/sharing/applications/:id/revoke': { expect: SHARING_DECIDERS_OF_A, req: async (c) => { const a = await sh().applicationFor('approved', c.allow); return json('POST', `/api/v1/sharing/applications/${a.id}/revoke`, { version: a.version, reason: '用途已结束' }); } },
  'GET /api/v1/sharing/credentials': { expect: 'D D D | D D A D D D A | D D A D D D A | D D A D D D A', req: async () => json('GET', '/api/v1/sharing/credentials') },
  'POST /api/v1/sharing/credentials': { expect: SHARING_HEADS_OF_A, req: async () => json('POST', '/api/v1/sharing/credentials', { name: '测试凭证', org: w.units.A.market.id }) },
  'POST /api/v1/sharing/credentials/:id/revoke': { expect: SHARING_HEADS_OF_A, req: async (c) => { const k = await sh().credentialOfA(c.allow); return json('POST', `/api/v1/sharing/credentials/${k.id}/revoke`, { version: k.version }); } },
  'GET /api/v1/sharing/query-log': { expect: SHARING_WATCHERS, req: async () => json('GET', '/api/v1/sharing/query-log?side=owner') },
  // Each applicant their own; staff have no ID number of their own here.
  'GET /api/v1/sharing/my-access-log': { expect: 'D A A | D D D D D D D | D D D D D D D | D D D D D D D', req: async () => json('GET', '/api/v1/sharing/my-access-log') },

  // ------------------------------------------------------------ the 12345 hotline (county A's centre) and Open311
  'POST /api/v1/hotline/tickets': {
    expect: HOTLINE_AGENTS,
    req: async () => { await hl().setup(); return json('POST', '/api/v1/hotline/tickets', { type: 'consultation', urgency: 'normal', categoryCode: '0502', description: '咨询办事地点', regionCode: w.units.A.gov.regionCode, caller: { anonymous: true } }); },
  },
  // Scoped lists: agents, supervisors and administrators anywhere see their own part.
  'GET /api/v1/hotline/tickets': { expect: 'D D D | D D D A A D A | D D D A A D A | D D D A A D A', req: async () => { await hl().setup(); return json('GET', '/api/v1/hotline/tickets?box=all'); } },
  // A ticket with county A market's open task: the centre, the handling department, and who watches either.
  'GET /api/v1/hotline/tickets/:id': { expect: 'D D D | H A A A A H A | H H H H H H H | H H H A A H A', req: async () => json('GET', `/api/v1/hotline/tickets/${(await hl().ticket('dispatched', false)).id}`) },
  'POST /api/v1/hotline/tickets/:id/answer': { expect: HOTLINE_CENTRE, req: ticketStep('received', 'answer', { text: '已当场解答', sources: [] }) },
  'POST /api/v1/hotline/tickets/:id/dispatch': { expect: HOTLINE_CENTRE, req: ticketStep('received', 'dispatch', () => ({ leadOrg: w.units.A.market.id })) },
  'POST /api/v1/hotline/tickets/:id/return': { expect: HOTLINE_HANDLERS, req: ticketStep('dispatched', 'return', { reason: '不属本单位职责' }) },
  'POST /api/v1/hotline/tickets/:id/insist': { expect: HOTLINE_CENTRE_AFTER, req: ticketStep('returned', 'insist', { note: '请予办理' }) },
  'POST /api/v1/hotline/tickets/:id/tasks/:taskId/reply': { expect: HOTLINE_HANDLERS, req: ticketStep('dispatched', 'tasks/{taskId}/reply', { text: '已处理' }) },
  'POST /api/v1/hotline/tickets/:id/extension': { expect: HOTLINE_HANDLERS, req: ticketStep('dispatched', 'extension', { days: 2, reason: '需送检' }) },
  'POST /api/v1/hotline/tickets/:id/extension/decide': { expect: HOTLINE_CENTRE_AFTER, req: ticketStep('extension', 'extension/decide', { approve: true }) },
  'POST /api/v1/hotline/tickets/:id/callback': { expect: HOTLINE_CENTRE_AFTER, req: ticketStep('replied', 'callback', { reached: true, satisfied: true, note: '满意' }) },
  'POST /api/v1/hotline/tickets/:id/reopen': { expect: HOTLINE_CENTRE_AFTER, req: ticketStep('unsatisfied', 'reopen', { reason: '来电人不满意' }) },
  'POST /api/v1/hotline/tickets/:id/close': { expect: HOTLINE_CENTRE, req: ticketStep('received', 'close', { note: '已记录' }) },
  'POST /api/v1/hotline/tickets/:id/merge': { expect: HOTLINE_CENTRE, req: async (cell) => ticketStep('received', 'merge', { into: (await hl().ticket('dispatched', false)).number })(cell) },
  'GET /api/v1/hotline/knowledge': { expect: STAFF, req: async () => { await hl().setup(); return json('GET', `/api/v1/hotline/knowledge?q=${encodeURIComponent('营业执照')}`); } },
  'GET /api/v1/hotline/dispatch/suggest': { expect: HOTLINE_AGENTS, req: async () => { await hl().setup(); return json('GET', `/api/v1/hotline/dispatch/suggest?text=${encodeURIComponent('饭店后厨卫生差')}`); } },
  'GET /api/v1/hotline/hot-topics': { expect: 'D D D | D D A A A D A | D D A A A D A | D D A A A D A', req: async () => json('GET', '/api/v1/hotline/hot-topics') },
  'GET /api/v1/hotline/articles': { expect: STAFF, req: async () => json('GET', '/api/v1/hotline/articles') },
  'GET /api/v1/hotline/articles/:id': { expect: STAFF, req: async () => json('GET', `/api/v1/hotline/articles/${(await hl().article(false)).id}`) },
  'POST /api/v1/hotline/articles': { expect: ANY_HOTLINE_AGENT, req: async () => json('POST', '/api/v1/hotline/articles', { title: `矩阵文章${unique()}`, body: '正文' }) },
  'PATCH /api/v1/hotline/articles/:id': { expect: ANY_HOTLINE_AGENT, req: async (cell) => { const a = await hl().article(cell.allow); return json('PATCH', `/api/v1/hotline/articles/${a.id}`, { version: a.version, body: `修订${unique()}` }); } },
  'GET /api/v1/hotline/categories': { expect: PUBLIC, req: async () => { await hl().setup(); return json('GET', '/api/v1/hotline/categories'); } },
  'GET /api/v1/hotline/settings': { expect: STAFF, req: async () => json('GET', '/api/v1/hotline/settings') },
  'PUT /api/v1/hotline/settings': { expect: ADMINS_OF_A, req: async () => json('PUT', '/api/v1/hotline/settings', await hl().settings()) },
  'GET /api/v1/hotline/dispatch-rules': { expect: STAFF, req: async () => json('GET', '/api/v1/hotline/dispatch-rules') },
  'POST /api/v1/hotline/dispatch-rules': { expect: ADMINS_OF_A, req: async (cell) => json('POST', '/api/v1/hotline/dispatch-rules', { categoryCode: cell.allow ? await hl().freeCategory() : '0201', regionCode: w.units.A.gov.regionCode, org: w.units.A.market.id }) },
  'PATCH /api/v1/hotline/dispatch-rules/:id': { expect: ADMINS_OF_A, req: async (cell) => { const r = await hl().rule(cell.allow); return json('PATCH', `/api/v1/hotline/dispatch-rules/${r.id}`, { version: r.version, note: `改${unique()}` }); } },
  'DELETE /api/v1/hotline/dispatch-rules/:id': { expect: ADMINS_OF_A, req: async (cell) => { const r = await hl().rule(cell.allow); return json('DELETE', `/api/v1/hotline/dispatch-rules/${r.id}?version=${r.version}`); } },
  'GET /api/v1/hotline/open311-keys': { expect: ADMINS_OF_A, req: async () => { await hl().setup(); return json('GET', '/api/v1/hotline/open311-keys'); } },
  'POST /api/v1/hotline/open311-keys': { expect: ADMINS_OF_A, req: async () => { await hl().setup(); return json('POST', '/api/v1/hotline/open311-keys', { name: `矩阵客户端${unique()}` }); } },
  'POST /api/v1/hotline/open311-keys/:id/revoke': { expect: ADMINS_OF_A, req: async (cell) => { const k = await hl().key(cell.allow); return json('POST', `/api/v1/hotline/open311-keys/${k.id}/revoke`, { version: k.version }); } },
  // The public: anyone files (5 a minute per address) and follows with the code (or as the signed-in submitter).
  'POST /api/v1/hotline/public/tickets': {
    expect: PUBLIC,
    req: async () => { await hl().setup(); return { ...json('POST', '/api/v1/hotline/public/tickets', { channel: 'web', type: 'report', categoryCode: '0101', description: '人行道被占', regionCode: w.units.A.gov.regionCode, caller: { anonymous: true } }), remoteAddress: hotlineFrom() }; },
  },
  'GET /api/v1/hotline/public/tickets/:number': { expect: PUBLIC, req: async () => { const p = await hl().publicTicket(); return { ...json('GET', `/api/v1/hotline/public/tickets/${p.number}?code=${p.code}`), remoteAddress: hotlineFrom() }; } },
  'GET /api/v1/hotline/public/mine': { expect: SIGNED_IN, req: async () => json('GET', '/api/v1/hotline/public/mine') },
  // Open311 GeoReport v2: public API, the spec's error format; creating a request takes an API key (here a valid one).
  'GET /open311/discovery.:format': { expect: PUBLIC, req: async () => json('GET', '/open311/discovery.json') },
  'GET /open311/v2/services.:format': { expect: PUBLIC, req: async () => { await hl().setup(); return json('GET', `/open311/v2/services.xml?jurisdiction_id=${w.units.A.gov.regionCode}`); } },
  'GET /open311/v2/services/:service_code.:format': { expect: PUBLIC, req: async () => { await hl().setup(); return json('GET', '/open311/v2/services/0101.json'); } },
  'POST /open311/v2/requests.:format': {
    expect: PUBLIC,
    req: async () => {
      await hl().setup();
      return { method: 'POST', url: '/open311/v2/requests.json', payload: `api_key=${hl().apiKey}&service_code=0101&address_string=${encodeURIComponent('昌吉市中山路')}&attribute[problems][]=rubbish`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: hotlineFrom() };
    },
  },
  'GET /open311/v2/tokens/:token.:format': {
    expect: PUBLIC,
    req: async () => {
      await hl().setup();
      const res = await w.t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: hl().apiKey, service_code: '0201', address_string: '宁边路' }, remoteAddress: hotlineFrom() });
      return json('GET', `/open311/v2/tokens/${res.json()[0].token}.json`);
    },
  },
  'GET /open311/v2/requests.:format': { expect: PUBLIC, req: async () => { await hl().setup(); return json('GET', '/open311/v2/requests.xml?status=open'); } },
  'GET /open311/v2/requests/:service_request_id.:format': { expect: PUBLIC, req: async () => json('GET', `/open311/v2/requests/${(await hl().ticket('received', false)).number}.json`) },
};

let loginUser: Promise<Awaited<ReturnType<typeof buildUser>>>;
let sharedDraft: Promise<Awaited<ReturnType<typeof draftItem>>>;
let sharedReview: Promise<Awaited<ReturnType<typeof inReview>>>;

type Outcome = 'A' | 'D' | 'H';
const outcomeOf = (status: number): Outcome | `${number}` => (status >= 200 && status < 300 ? 'A' : status === 401 || status === 403 ? 'D' : status === 404 ? 'H' : `${status}`);
const parse = (row: string): string[] => row.split(/[\s|]+/).filter(Boolean);

describe('the authorisation matrix: every route, every role, the same, a sibling and the parent organisation', () => {
  it('has a row for every route the app registers (a new route without a row fails), and none for a route that is gone', () => {
    const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !matrix[r]), 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(matrix).filter((k) => !routes.includes(k)), 'rows for routes that do not exist').toEqual([]);
    for (const [route, row] of Object.entries(matrix)) {
      const cells = parse(row.expect);
      expect(cells.length, `${route}: ${cells.length} cells, one per actor (${COLUMNS})`).toBe(actorKeys.length);
      expect(cells.every((c) => c === 'A' || c === 'D' || c === 'H'), `${route}: cells are A, D or H`).toBe(true);
    }
  });

  it('answers every cell as the table says', async () => {
    loginUser = buildUser(t.db, { role: 'reviewer', org: w.units.A.market });
    sharedDraft = draftItem();
    sharedReview = inReview();
    const mismatches: string[] = [];
    const actual: string[] = [];
    let requests = 0;
    for (const [route, row] of Object.entries(matrix)) {
      const expected = parse(row.expect);
      const got: string[] = [];
      for (const [i, actor] of actorKeys.entries()) {
        const { fresh, ...options } = await row.req({ actor, allow: expected[i] === 'A' });
        const user = w.actor(actor);
        const res = await w.send(user, options, fresh);
        requests++;
        if (fresh && user) await restoreSession(user.id); // a password change ends the actor's other sessions
        const outcome = outcomeOf(res.statusCode);
        got.push(outcome);
        if (outcome !== expected[i]) mismatches.push(`${route} as ${actor}: expected ${expected[i]}, got ${outcome} (${res.statusCode} ${res.headers['content-type']?.toString().includes('json') ? (res.json() as { code?: string }).code : ''})`);
      }
      actual.push(`  '${route}': '${got.slice(0, 3).join(' ')} | ${got.slice(3, 10).join(' ')} | ${got.slice(10, 17).join(' ')} | ${got.slice(17).join(' ')}',`);
    }
    if (mismatches.length || process.env.MATRIX_PRINT) console.info(`access matrix as answered (${COLUMNS}):\n${actual.join('\n')}`);
    console.info(`access matrix: ${Object.keys(matrix).length} routes × ${actorKeys.length} actors = ${requests} requests`);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  }, 300_000);
});

/** Puts back the session the test helper keeps for a user (changing one's password ends the others). */
async function restoreSession(userId: string) {
  const token = (await t.cookieFor({ id: userId })).split('=')[1]!;
  await t.db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: new Date(), expiresAt: new Date('2100-01-01T00:00:00Z') }).onConflictDoNothing();
}
