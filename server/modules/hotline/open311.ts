import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ticketTypes, type TicketType } from '../../../common/hotline.js';
import { isValidRegionCode } from '../../../common/id-codes.js';
import type { Queryable } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { loggableError, problems, toProblem } from '../../platform/errors.js';
import { Nullable } from '../../platform/schemas.js';
import { findOrg, findOrgsByIds, listOrgs, type OrgRow } from '../orgs/index.js';
import { activeKey, listCategories, loadSettings, regionServed, requireCentre } from './config.js';
import { attributesOf, parseW3, w3DateTime } from './rules.js';
import { hotlineCategories, open311Keys, tickets, ticketTasks, type CategoryAttribute, type CategoryRow, type HotlineTicketRow } from './schema.js';
import { insertTicket } from './service.js';

// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) and its Service Discovery, as the public
// specification defines them, so that existing Open311 clients work unchanged: the services are the
// hotline's public categories, a service request is a ticket, its id the ticket's number. Formats by
// suffix (.json, .xml), XML with the specification's element names and no namespace, JSON by the Spark
// convention; errors as the specification's `[{code, description}]` / `<errors>`, with its statuses
// (400, 403 for a missing or bad api_key, 404). These routes are public API outside /api/v1: they do
// not answer problem+json.

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
type Format = 'json' | 'xml';
type Lang = 'zh' | 'en';

/** An error the specification defines: its HTTP status and a description meant for the user. */
export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404 | 429 | 500, readonly description: string) {
    super(description);
  }
}

// ---------------------------------------------------------------- XML (schemaless, no namespace)

type XmlValue = string | number | boolean | null | undefined | XmlNode[];
type XmlNode = [name: string, value: XmlValue];

/** Text as XML 1.0 allows it: the five escapes, and characters XML cannot carry dropped. */
function escapeXml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function renderXml([name, value]: XmlNode, depth: number): string {
  const pad = '  '.repeat(depth);
  if (value === null || value === undefined || value === '') return `${pad}<${name}/>`;
  if (Array.isArray(value)) return value.length ? `${pad}<${name}>\n${value.map((n) => renderXml(n, depth + 1)).join('\n')}\n${pad}</${name}>` : `${pad}<${name}/>`;
  return `${pad}<${name}>${escapeXml(String(value))}</${name}>`;
}

export const xmlDocument = (root: XmlNode): string => `<?xml version="1.0" encoding="utf-8"?>\n${renderXml(root, 0)}\n`;

/** A flat record as XML child elements, in the order of its keys (the specification's order). */
const fields = (record: Record<string, XmlValue>): XmlNode[] => Object.entries(record).map(([k, v]) => [k, v]);

function send(reply: FastifyReply, format: Format, json: unknown, xml: () => XmlNode): FastifyReply {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(xmlDocument(xml()));
  return reply.type('application/json; charset=utf-8').send(json);
}

/** The format a URL asks for by its suffix; XML (the format the specification requires) otherwise. */
const formatOf = (url: string): Format => (/\.json(\?|$)/i.test(url) ? 'json' : 'xml');

export function sendOpen311Error(reply: FastifyReply, request: FastifyRequest, status: number, description: string): FastifyReply {
  const errors = [{ code: status, description }];
  return send(reply.status(status), formatOf(request.url), errors, () => ['errors', errors.map((e): XmlNode => ['error', fields(e)])]);
}

/** Whatever went wrong, as the specification's error: 404 for what does not exist, 403 for the api_key, 429 when too fast, 400 for anything else. */
function open311ErrorOf(err: unknown, request: FastifyRequest): { status: number; description: string } {
  if (err instanceof Open311Error) return { status: err.status, description: err.description };
  const problem = toProblem(err);
  if (problem.code === 'internal') {
    request.log.error({ err: loggableError(err) }, 'unhandled error');
    return { status: 400, description: 'General service error: the request could not be processed; please tell the 12345 centre.' };
  }
  const status = problems[problem.code].status;
  const mapped = status === 404 || status === 403 || status === 429 ? status : 400;
  return { status: mapped, description: problem.detail ? `${problems[problem.code].en}: ${problem.detail}` : problems[problem.code].en };
}

// ---------------------------------------------------------------- the service

const langOf = (request: FastifyRequest): Lang => (/^\s*en\b/i.test(String(request.headers['accept-language'] ?? '')) ? 'en' : 'zh');
const pick = (lang: Lang, zh: string, en: string) => (lang === 'en' && en ? en : zh);

interface Jurisdiction {
  centre: OrgRow;
  /** The GB/T 2260 code the centre serves: `652300` for the prefecture's. */
  id: string;
}

/** The jurisdiction this server is: the 12345 centre's region. A `jurisdiction_id` that is not it answers 404 (the specification's "not found"). */
async function jurisdiction(q: Queryable, given: string | undefined): Promise<Jurisdiction> {
  const centre = await requireCentre(q).catch(() => {
    throw new Open311Error(404, 'No 12345 hotline centre is set up on this server.');
  });
  const id = centre.regionCode;
  if (given !== undefined && given !== '' && given !== id) throw new Open311Error(404, `jurisdiction_id ${given} was not found: this endpoint serves ${id}.`);
  return { centre, id };
}

/** The services: the public categories tickets can be filed under (the leaves of the tree). */
async function publicServices(q: Queryable): Promise<{ services: CategoryRow[]; parents: Map<string, CategoryRow> }> {
  const all = await listCategories(q, { publicOnly: true });
  const parentCodes = new Set(all.map((c) => c.parentCode).filter(Boolean));
  const parents = new Map(all.filter((c) => parentCodes.has(c.code)).map((c) => [c.code, c]));
  // A parent groups; only categories without children are services.
  return { services: all.filter((c) => !parentCodes.has(c.code)), parents };
}

interface DefinitionAttribute {
  variable: boolean;
  code: string;
  datatype: CategoryAttribute['datatype'];
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

const TYPE_NAMES: Record<TicketType, [string, string]> = {
  consultation: ['咨询', 'Question'], helpRequest: ['求助', 'Request for help'], complaint: ['投诉', 'Complaint'], report: ['举报/反映问题', 'Report a problem'], suggestion: ['建议', 'Suggestion'], praise: ['表扬', 'Praise'],
};

/** The service's attributes: what kind of request it is, in which county, and the category's own. */
async function attributesFor(q: Queryable, service: CategoryRow, j: Jurisdiction, lang: Lang): Promise<DefinitionAttribute[]> {
  // A prefecture's centre asks for the county; its government is the centre itself or the one above its department.
  const government = j.centre.kind === 'department' && j.centre.parentId ? await findOrg(q, j.centre.parentId) : j.centre;
  const counties = j.id.endsWith('00') && government
    ? (await listOrgs(q, { parentId: government.id })).filter((o) => o.kind === 'government' && isValidRegionCode(o.regionCode) && o.regionCode !== j.id)
    : [];
  const common: DefinitionAttribute[] = [
    {
      variable: true, code: 'ticket_type', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 1,
      description: pick(lang, `诉求类型（不填按"${TYPE_NAMES[service.defaultType][0]}"处理）`, `Kind of request (default: ${TYPE_NAMES[service.defaultType][1]})`),
      values: ticketTypes.map((t) => ({ key: t, name: pick(lang, ...TYPE_NAMES[t]) })),
    },
  ];
  if (counties.length) {
    common.push({
      variable: true, code: 'region_code', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 2,
      description: pick(lang, '所在县市（不填由热线中心确定）', 'County or city where it is (if left out, the centre works it out)'),
      values: counties.map((o) => ({ key: o.regionCode, name: pick(lang, o.name, o.nameEn) })),
    });
  }
  return [
    ...common,
    ...service.attributes.map((a, i) => ({
      variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatypeDescription ?? null, order: common.length + i + 1,
      description: pick(lang, a.description, a.descriptionEn), values: (a.values ?? []).map((v) => ({ key: v.key, name: pick(lang, v.name, v.nameEn) })),
    })),
  ];
}

/** Checks submitted attribute values against the definition: required ones present, list values among the keys, numbers and dates readable. */
function attributeErrors(defs: DefinitionAttribute[], given: Record<string, string | string[]>): string[] {
  const errors: string[] = [];
  for (const d of defs) {
    const v = given[d.code];
    const values = v === undefined ? [] : [v].flat();
    if (!values.length) {
      if (d.required) errors.push(`attribute[${d.code}] is required for this service`);
      continue;
    }
    if (d.datatype !== 'multivaluelist' && values.length > 1) errors.push(`attribute[${d.code}] takes one value`);
    if ((d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') && values.some((x) => !d.values.some((o) => o.key === x))) errors.push(`attribute[${d.code}] must be one of ${d.values.map((o) => o.key).join(', ')}`);
    if (d.datatype === 'number' && values.some((x) => !/^-?\d+(\.\d+)?$/.test(x))) errors.push(`attribute[${d.code}] must be a number`);
    if (d.datatype === 'datetime' && values.some((x) => !parseW3(x))) errors.push(`attribute[${d.code}] must be an ISO 8601 date-time`);
    if (d.datatype === 'string' && values.some((x) => /[\r\n]/.test(x))) errors.push(`attribute[${d.code}] must be one line`);
    if (values.some((x) => x.length > 1000)) errors.push(`attribute[${d.code}] is too long`);
  }
  return errors;
}

export interface RequestBody {
  api_key?: string;
  jurisdiction_id?: string;
  service_code?: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  [key: string]: unknown;
}

/** POST Service Request: checks the key, the jurisdiction, the service, the location and the attributes; files a ticket (channel `open311`). */
async function createRequest(ctx: Ctx, body: RequestBody, query: { api_key?: string; jurisdiction_id?: string }, lang: Lang): Promise<{ service_request_id?: string; token?: string; service_notice: string; account_id: string | null }> {
  const key = await activeKey(ctx.db, body.api_key ?? query.api_key);
  if (!key) throw new Open311Error(403, (body.api_key ?? query.api_key) ? 'Invalid api_key received -- can\'t proceed with create_request.' : 'Missing api_key -- can\'t proceed with create_request.');
  const j = await jurisdiction(ctx.db, body.jurisdiction_id ?? query.jurisdiction_id);
  const code = body.service_code?.trim();
  if (!code) throw new Open311Error(400, 'service_code was not provided.');
  const { services } = await publicServices(ctx.db);
  const service = services.find((s) => s.code === code);
  if (!service) throw new Open311Error(404, `service_code ${code} was not found.`);
  const hasPoint = body.lat !== undefined && body.long !== undefined;
  if ((body.lat === undefined) !== (body.long === undefined)) throw new Open311Error(400, 'lat and long must be sent together.');
  if (!hasPoint && !body.address_string?.trim() && !body.address_id?.trim()) throw new Open311Error(400, 'A full location parameter must be submitted: lat & long, address_string or address_id.');
  const attributes = attributesOf(body);
  const defs = await attributesFor(ctx.db, service, j, lang);
  const errors = attributeErrors(defs, attributes);
  if (body.media_url && !/^https?:\/\/\S+$/i.test(body.media_url)) errors.push('media_url must be an http or https URL');
  if (body.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) errors.push('email is not an e-mail address');
  const regionCode = typeof attributes.region_code === 'string' ? attributes.region_code : j.id;
  if (!regionServed(j.centre, regionCode)) errors.push('attribute[region_code] is outside this jurisdiction');
  if (errors.length) throw new Open311Error(400, errors.join('; '));

  const name = [body.last_name, body.first_name].map((s) => s?.trim()).filter(Boolean).join('') || undefined;
  const phone = body.phone?.trim() || undefined;
  const settings = await loadSettings(ctx.db);
  const token = service.open311Type === 'batch' ? randomUUID() : null;
  const row = await ctx.db.transaction(async (tx) => {
    const filed = await insertTicket(tx, ctx, j.centre, settings, {
      type: (typeof attributes.ticket_type === 'string' ? attributes.ticket_type : service.defaultType) as TicketType, urgency: 'normal', categoryCode: service.code,
      description: body.description?.trim() || service.name, address: body.address_string, regionCode, lat: body.lat, long: body.long,
      // An Open311 client has no consent field: a number left is a number to call back on; details are not passed on.
      caller: { name, phone, email: body.email, anonymous: !name && !phone && !body.email, consentCallback: !!phone, consentShare: false },
    }, {
      channel: 'open311', attributes, mediaUrl: body.media_url ?? null, addressId: body.address_id?.trim() || null, open311KeyId: key.id, open311Token: token,
      open311Meta: { ...(body.device_id ? { deviceId: String(body.device_id) } : {}), ...(body.account_id ? { accountId: String(body.account_id) } : {}) },
    });
    await tx.update(open311Keys).set({ lastUsedAt: ctx.clock.now() }).where(eq(open311Keys.id, key.id));
    return filed;
  });
  const notice = pick(lang, service.notice, service.noticeEn);
  return token ? { token, service_notice: notice, account_id: body.account_id ?? null } : { service_request_id: row.number, service_notice: notice, account_id: body.account_id ?? null };
}

interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

const clip = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);

/**
 * Tickets as service requests. A duplicate follows the ticket it was merged into. The caller's name,
 * phone and e-mail never appear; the notes say where the ticket stands and, once answered, the answer.
 */
async function requestsOf(q: Queryable, rows: HotlineTicketRow[], lang: Lang): Promise<Open311Request[]> {
  if (!rows.length) return [];
  const mainIds = rows.map((r) => r.mergedInto).filter((x): x is string => !!x);
  const mains = new Map((mainIds.length ? await q.select().from(tickets).where(inArray(tickets.id, mainIds)) : []).map((m) => [m.id, m]));
  const followed = (r: HotlineTicketRow) => (r.mergedInto ? mains.get(r.mergedInto) ?? r : r);
  const leads = await q.select().from(ticketTasks).where(and(inArray(ticketTasks.ticketId, rows.map(followed).map((m) => m.id)), eq(ticketTasks.role, 'lead')));
  const leadOf = (m: HotlineTicketRow) => leads.find((t) => t.ticketId === m.id && t.round === m.round);
  const [categories, orgs] = await Promise.all([q.select().from(hotlineCategories), findOrgsByIds(q, rows.map(followed).map((m) => m.leadOrgId).filter((x): x is string => !!x))]);
  const category = new Map(categories.map((c) => [c.code, c]));
  return rows.map((r) => {
    const m = followed(r);
    const c = category.get(r.categoryCode);
    const lead = leadOf(m);
    const agency = m.leadOrgId ? orgs.get(m.leadOrgId) : undefined;
    const agencyName = agency ? pick(lang, agency.name, agency.nameEn) : null;
    const reply = lead?.status === 'replied' ? lead.reply : null;
    const notes = r.mergedInto
      ? pick(lang, `重复工单，已并入工单${m.number}办理。`, `Duplicate request, handled with ${m.number}.`)
      : m.status === 'closed'
        ? m.answer?.text ?? reply ?? pick(lang, '已办结。', 'Closed.')
        : m.status === 'replied' ? reply ?? pick(lang, '承办单位已答复，待回访。', 'Answered by the agency; the centre will call back.')
          : m.status === 'dispatched' ? pick(lang, `已派${agencyName ?? ''}办理。`, `Dispatched to ${agencyName ?? 'the responsible agency'}.`)
            : m.status === 'returned' ? pick(lang, '热线中心正在重新确定承办单位。', 'The centre is choosing the responsible agency again.')
              : pick(lang, '已受理，待派单。', 'Received; to be dispatched.');
    return {
      service_request_id: r.number,
      status: m.status === 'closed' ? 'closed' : 'open',
      status_notes: clip(notes, 1000),
      service_name: c ? pick(lang, c.name, c.nameEn) : r.categoryCode,
      service_code: r.categoryCode,
      description: r.description,
      agency_responsible: agencyName,
      service_notice: c ? pick(lang, c.notice, c.noticeEn) || null : null,
      requested_datetime: w3DateTime(r.receivedAt),
      updated_datetime: w3DateTime(m.closedAt ?? (m.updatedAt > r.updatedAt ? m.updatedAt : r.updatedAt)),
      expected_datetime: m.status === 'dispatched' && m.dueOn ? `${m.dueOn}T23:59:59+08:00` : null,
      address: r.address, address_id: r.addressId, zipcode: r.zipcode, lat: r.lat, long: r.long, media_url: r.mediaUrl,
    };
  });
}

/** The public categories' codes: only their tickets are service requests. */
const publicCodes = async (q: Queryable) => (await publicServices(q)).services.map((s) => s.code);

const MAX_SPAN_DAYS = 90;
const MAX_REQUESTS = 1000;
const splitList = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** GET Service Requests: by ids (overriding everything else), or by service codes, dates (at most 90 days; default the last 90) and status; at most 1000, newest first. */
async function listRequests(ctx: Ctx, query: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string }, lang: Lang): Promise<Open311Request[]> {
  const codes = await publicCodes(ctx.db);
  if (!codes.length) return [];
  const ids = splitList(query.service_request_id);
  if (ids.length) {
    if (ids.length > MAX_REQUESTS) throw new Open311Error(400, `at most ${MAX_REQUESTS} service_request_id at once`);
    const found = await ctx.db.select().from(tickets).where(and(inArray(tickets.number, ids), inArray(tickets.categoryCode, codes))).orderBy(desc(tickets.receivedAt));
    return requestsOf(ctx.db, found, lang);
  }
  const now = ctx.clock.now();
  const start = query.start_date ? parseW3(query.start_date) : null;
  const end = query.end_date ? parseW3(query.end_date, true) : null;
  if (query.start_date && !start) throw new Open311Error(400, 'start_date must be a w3 date-time, e.g. 2010-01-01T00:00:00Z');
  if (query.end_date && !end) throw new Open311Error(400, 'end_date must be a w3 date-time, e.g. 2010-01-01T00:00:00Z');
  const span = MAX_SPAN_DAYS * 86_400_000;
  const to = end ?? (start ? new Date(Math.min(start.getTime() + span, now.getTime())) : now);
  const from = start ?? new Date(to.getTime() - span);
  if (from > to) throw new Open311Error(400, 'start_date must not be after end_date');
  if (to.getTime() - from.getTime() > span) throw new Open311Error(400, `the date range may not span more than ${MAX_SPAN_DAYS} days`);
  const wantedCodes = splitList(query.service_code);
  const statuses = splitList(query.status);
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed (comma-separated)');
  const where: (SQL | undefined)[] = [gte(tickets.receivedAt, from), lte(tickets.receivedAt, to), inArray(tickets.categoryCode, wantedCodes.length ? wantedCodes.filter((c) => codes.includes(c)).concat(['']) : codes)];
  // A duplicate's status is its main ticket's: closed when that is.
  const closed = sql`coalesce((SELECT m.status FROM hotline_tickets m WHERE m.id = ${tickets.mergedInto}), ${tickets.status}) = 'closed'`;
  if (statuses.length === 1) where.push(statuses[0] === 'closed' ? closed : sql`NOT ${closed}`);
  const found = await ctx.db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.receivedAt)).limit(MAX_REQUESTS);
  return requestsOf(ctx.db, found, lang);
}

async function oneRequest(ctx: Ctx, id: string, lang: Lang): Promise<Open311Request[]> {
  const [row] = await ctx.db.select().from(tickets).where(and(eq(tickets.number, id), inArray(tickets.categoryCode, (await publicCodes(ctx.db)).concat(['']))));
  if (!row) throw new Open311Error(404, `service_request_id ${id} was not found.`);
  return requestsOf(ctx.db, [row], lang);
}

// ---------------------------------------------------------------- routes

const FormatParam = Type.Enum(['json', 'xml'] as const, { description: 'Response format: `json` or `xml` (the file suffix)' });
const JurisdictionQuery = { jurisdiction_id: Type.Optional(Type.String({ maxLength: 100, description: 'Optional: this endpoint serves one jurisdiction, the 12345 centre\'s region (e.g. 652300); another one answers 404' })) };
const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), { description: 'GeoReport v2 errors (`<errors><error>` in XML)' });
const ErrorResponses = { 400: Open311Errors, 403: Open311Errors, 404: Open311Errors, 429: Open311Errors };
const TAGS = ['open311'];
const NOTE = ' JSON (`.json`) or XML (`.xml`, `text/xml`); errors in the specification\'s format, not problem+json.';

const ServiceSchema = Type.Object({
  service_code: Type.String(), service_name: Type.String(), description: Type.String(), metadata: Type.Boolean(), type: Type.Enum(['realtime', 'batch', 'blackbox'] as const),
  keywords: Type.String({ description: 'Comma-separated' }), group: Type.String(),
});
const DefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(), code: Type.String(), datatype: Type.String(), required: Type.Boolean(), datatype_description: Nullable(Type.String()), order: Type.Integer(), description: Type.String(),
    values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  })),
});
const RequestSchema = Type.Object({
  service_request_id: Type.String({ description: 'The ticket number, e.g. 12345-20261128-00042' }), status: Type.Enum(['open', 'closed'] as const), status_notes: Nullable(Type.String()),
  service_name: Type.String(), service_code: Type.String(), description: Nullable(Type.String()), agency_responsible: Nullable(Type.String()), service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(), updated_datetime: Type.String(), expected_datetime: Nullable(Type.String()), address: Nullable(Type.String()), address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()), lat: Nullable(Type.Number()), long: Nullable(Type.Number()), media_url: Nullable(Type.String()),
});

const requestXml = (r: Open311Request): XmlNode => ['request', fields({ ...r })];

/** Parses an `application/x-www-form-urlencoded` body: repeated keys (and `attribute[code][]`) become lists. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const known = out[k];
    out[k] = known === undefined ? (k.endsWith('[]') ? [v] : v) : [known, v].flat();
  }
  return out;
}

/** GeoReport v2 under `/open311/v2`, Service Discovery at `/open311/discovery.{format}`. */
export const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, parseForm(String(body))));
  app.setErrorHandler((err, request, reply) => {
    const e = open311ErrorOf(err, request);
    return sendOpen311Error(reply, request, e.status, e.description);
  });
  app.setNotFoundHandler((request, reply) => sendOpen311Error(reply, request, 404, `${request.method} ${request.url.split('?')[0]} is not a GeoReport v2 resource: see /open311/discovery.xml.`));

  app.get('/discovery.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'Open311 Service Discovery',
      description: `The endpoints this server offers (GeoReport v2, production), how to get an API key and whom to ask.${NOTE}`,
      params: Type.Object({ format: FormatParam }),
      response: {
        200: Type.Object({
          changeset: Type.String(), contact: Type.String(), key_service: Type.String(),
          endpoints: Type.Array(Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) })),
        }),
        ...ErrorResponses,
      },
    },
  }, async (request, reply) => {
    const base = request.server.platform.config.publicUrl ?? `${request.protocol}://${request.host}`;
    const [latest] = await request.ctx.db.select({ at: sql<string | null>`max(${hotlineCategories.updatedAt})::text` }).from(hotlineCategories);
    const changeset = latest?.at ? w3DateTime(new Date(latest.at)) : '2026-01-01T00:00:00+08:00';
    const lang = langOf(request);
    const doc = {
      changeset,
      contact: pick(lang, '12345政务服务便民热线：拨打12345，或访问本网站"12345热线"页面。', 'The 12345 government service hotline: call 12345, or use the "12345 hotline" page of this site.'),
      key_service: pick(lang, 'API密钥由12345热线中心的系统管理员为每个客户端应用签发，请致电12345申请。', 'API keys are issued per client application by the administrators of the 12345 centre; ask through 12345.'),
      endpoints: [{ specification: SPEC, url: `${base.replace(/\/$/, '')}/open311/v2`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
    };
    return send(reply, request.params.format, doc, () => ['discovery', [
      ['changeset', doc.changeset], ['contact', doc.contact], ['key_service', doc.key_service],
      ['endpoints', doc.endpoints.map((e): XmlNode => ['endpoint', [['specification', e.specification], ['url', e.url], ['changeset', e.changeset], ['type', e.type], ['formats', e.formats.map((f): XmlNode => ['format', f])]]])],
    ]]);
  });

  app.get('/v2/services.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'GET Service List', description: `The request types (the 12345 categories open to the public), each with its group and keywords.${NOTE}`,
      params: Type.Object({ format: FormatParam }), querystring: Type.Object(JurisdictionQuery),
      response: { 200: Type.Array(ServiceSchema), ...ErrorResponses },
    },
  }, async (request, reply) => {
    await jurisdiction(request.ctx.db, request.query.jurisdiction_id);
    const lang = langOf(request);
    const { services, parents } = await publicServices(request.ctx.db);
    const list = services.map((s) => {
      const parent = s.parentCode ? parents.get(s.parentCode) : undefined;
      // Every service asks at least what kind of request it is: there is always metadata.
      return { service_code: s.code, service_name: pick(lang, s.name, s.nameEn), description: pick(lang, s.notice, s.noticeEn), metadata: true, type: s.open311Type, keywords: s.keywords.join(', '), group: parent ? pick(lang, parent.name, parent.nameEn) : '' };
    });
    return send(reply, request.params.format, list, () => ['services', list.map((s): XmlNode => ['service', fields(s)])]);
  });

  app.get('/v2/services/:service_code.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'GET Service Definition', description: `The attributes a request of this type takes (variable, code, datatype, required, datatype_description, order, description, values).${NOTE}`,
      params: Type.Object({ service_code: Type.String({ minLength: 1, maxLength: 60 }), format: FormatParam }), querystring: Type.Object(JurisdictionQuery),
      response: { 200: DefinitionSchema, ...ErrorResponses },
    },
  }, async (request, reply) => {
    const j = await jurisdiction(request.ctx.db, request.query.jurisdiction_id);
    const { services } = await publicServices(request.ctx.db);
    const service = services.find((s) => s.code === request.params.service_code);
    if (!service) throw new Open311Error(404, `service_code ${request.params.service_code} was not found.`);
    const attributes = await attributesFor(request.ctx.db, service, j, langOf(request));
    const def = { service_code: service.code, attributes };
    return send(reply, request.params.format, def, () => ['service_definition', [
      ['service_code', def.service_code],
      ['attributes', attributes.map((a): XmlNode => ['attribute', [
        ['variable', a.variable], ['code', a.code], ['datatype', a.datatype], ['required', a.required], ['datatype_description', a.datatype_description], ['order', a.order], ['description', a.description],
        ['values', a.values.map((v): XmlNode => ['value', [['key', v.key], ['name', v.name]]])],
      ]])],
    ]]);
  });

  app.post('/v2/requests.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'POST Service Request',
      description: `Files a request as a 12345 ticket (form-encoded as the specification says; JSON is accepted too). Needs an api_key (403 without a valid one). A location is required: lat & long, address_string or address_id. Attributes as \`attribute[code]=value\` (\`attribute[code][]=…\` for a multivaluelist). Answers the service_request_id (realtime services) or a token (batch services). The caller's name, phone and e-mail are kept for the centre and never published.${NOTE}`,
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      params: Type.Object({ format: FormatParam }),
      querystring: Type.Object({ ...JurisdictionQuery, api_key: Type.Optional(Type.String({ maxLength: 200 })) }),
      body: Type.Object({
        api_key: Type.Optional(Type.String({ maxLength: 200 })), jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })), service_code: Type.Optional(Type.String({ maxLength: 60 })),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        address_string: Type.Optional(Type.String({ maxLength: 500 })), address_id: Type.Optional(Type.String({ maxLength: 100 })), email: Type.Optional(Type.String({ maxLength: 200 })),
        device_id: Type.Optional(Type.String({ maxLength: 200 })), account_id: Type.Optional(Type.String({ maxLength: 200 })), first_name: Type.Optional(Type.String({ maxLength: 100 })),
        last_name: Type.Optional(Type.String({ maxLength: 100 })), phone: Type.Optional(Type.String({ maxLength: 40 })), description: Type.Optional(Type.String({ maxLength: 4000 })),
        media_url: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: true, description: 'Plus `attribute[code]` keys (or an `attribute` object in JSON)' }),
      response: {
        200: Type.Array(Type.Union([
          Type.Object({ service_request_id: Type.String(), service_notice: Type.String(), account_id: Nullable(Type.String()) }, { additionalProperties: false, description: 'A realtime service' }),
          Type.Object({ token: Type.String(), service_notice: Type.String(), account_id: Nullable(Type.String()) }, { additionalProperties: false, description: 'A batch service: resolve the token with GET tokens' }),
        ])),
        ...ErrorResponses,
      },
    },
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const created = await createRequest(request.ctx, request.body as RequestBody, request.query, langOf(request));
    const list = [created];
    return send(reply, request.params.format, list, () => ['service_requests', [['request', created.token ? [['token', created.token], ['service_notice', created.service_notice], ['account_id', created.account_id]] : [['service_request_id', created.service_request_id], ['service_notice', created.service_notice], ['account_id', created.account_id]]]]]);
  });

  app.get('/v2/tokens/:token.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'GET service_request_id from a token', description: `The service request a token (from POST Service Request on a batch service) became.${NOTE}`,
      params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }), format: FormatParam }), querystring: Type.Object(JurisdictionQuery),
      response: { 200: Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() })), ...ErrorResponses },
    },
  }, async (request, reply) => {
    await jurisdiction(request.ctx.db, request.query.jurisdiction_id);
    const [row] = await request.ctx.db.select({ number: tickets.number }).from(tickets).where(eq(tickets.open311Token, request.params.token));
    if (!row) throw new Open311Error(404, `token ${request.params.token} was not found.`);
    const list = [{ service_request_id: row.number, token: request.params.token }];
    return send(reply, request.params.format, list, () => ['service_requests', list.map((r): XmlNode => ['request', fields(r)])]);
  });

  app.get('/v2/requests.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'GET Service Requests',
      description: `Service requests by \`service_request_id\` (comma-separated; overrides all other arguments), or by \`service_code\` (comma-separated), \`start_date\`/\`end_date\` (w3 date-times; at most 90 days apart; default the last 90 days) and \`status\` (open, closed, comma-separated); at most 1000, newest first.${NOTE}`,
      params: Type.Object({ format: FormatParam }),
      querystring: Type.Object({
        ...JurisdictionQuery, service_request_id: Type.Optional(Type.String({ maxLength: 30_000 })), service_code: Type.Optional(Type.String({ maxLength: 2000 })),
        start_date: Type.Optional(Type.String({ maxLength: 40 })), end_date: Type.Optional(Type.String({ maxLength: 40 })), status: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      response: { 200: Type.Array(RequestSchema), ...ErrorResponses },
    },
  }, async (request, reply) => {
    await jurisdiction(request.ctx.db, request.query.jurisdiction_id);
    const list = await listRequests(request.ctx, request.query, langOf(request));
    return send(reply, request.params.format, list, () => ['service_requests', list.map(requestXml)]);
  });

  app.get('/v2/requests/:service_request_id.:format', {
    schema: {
      tags: TAGS, security: [], summary: 'GET Service Request', description: `One service request by its id (the ticket number).${NOTE}`,
      params: Type.Object({ service_request_id: Type.String({ minLength: 1, maxLength: 40 }), format: FormatParam }), querystring: Type.Object(JurisdictionQuery),
      response: { 200: Type.Array(RequestSchema), ...ErrorResponses },
    },
  }, async (request, reply) => {
    await jurisdiction(request.ctx.db, request.query.jurisdiction_id);
    const list = await oneRequest(request.ctx, request.params.service_request_id, langOf(request));
    return send(reply, request.params.format, list, () => ['service_requests', list.map(requestXml)]);
  });
};
