import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { buildTestApp, type TestApp } from '../../test/build-test-app.js';
import { buildOrg, buildUser } from '../../test/factories.js';
import type { OrgRow } from '../orgs/index.js';
import { setupHotline, TEST_OPEN311_KEY } from './test-fixture.js';

// Open311 GeoReport v2 conformance: every endpoint driven as an Open311 client drives it — format by
// suffix, jurisdiction_id in the query, form-encoded POST with attribute[…] keys, comma-separated ids —
// in JSON and in XML, checking element and field names, their order and types, and the error shapes
// and statuses against the specification (wiki.open311.org/GeoReport_v2, Service_Discovery).

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let agent: User, reviewer: User;
let market: OrgRow, housing: OrgRow;
const at = (day: string, hhmm = '10:00') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const JURISDICTION = '652300';

beforeAll(async () => {
  t = await buildTestApp({ now: at('2026-03-02') });
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2019, 2026), 2026));
  const P = await buildOrg(t.db, { name: '昌吉回族自治州人民政府', shortName: '昌吉州', regionCode: JURISDICTION });
  const centre = await buildOrg(t.db, { parent: P, kind: 'department', deptKey: 'government-services', name: '昌吉州政务服务中心' });
  const A = await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652301', name: '昌吉市人民政府', nameEn: 'Changji City' });
  await buildOrg(t.db, { parent: P, level: 'county', regionCode: '652302', name: '阜康市人民政府', nameEn: 'Fukang City' });
  market = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'market', name: '昌吉市市场监督管理局', nameEn: 'Changji City Market Regulation Bureau' });
  housing = await buildOrg(t.db, { parent: A, kind: 'department', deptKey: 'housing', name: '昌吉市住房和城乡建设局' });
  agent = await buildUser(t.db, { role: 'hotlineAgent', org: centre });
  reviewer = await buildUser(t.db, { role: 'reviewer', org: housing });
  const admin = await buildUser(t.db, { role: 'admin', org: P });
  await setupHotline(t.db, { centre, issuer: admin, rules: [{ categoryCode: '01', org: housing }, { categoryCode: '02', org: market }] });
}, 120_000);
afterAll(() => t.close());

// ---------------------------------------------------------------- a small XML reader (elements and text: what GeoReport XML is)

interface El {
  name: string;
  children: El[];
  text: string;
}

/** Parses schemaless XML with no attributes; throws on anything malformed (a mismatched tag, stray text). */
function parseXml(xml: string): El {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(xml);
  if (!decl) throw new Error('no XML declaration with encoding="utf-8"');
  let i = decl[0].length;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const element = (): El => {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(xml.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${xml.slice(i, i + 30)}`);
    i += open[0].length;
    const el: El = { name: open[1]!, children: [], text: '' };
    if (open[2]) return el;
    for (;;) {
      const close = new RegExp(`^\\s*</${el.name}>`).exec(xml.slice(i));
      if (close && (el.children.length || !el.text || /^\s*$/.test(el.text) || close[0].startsWith('<'))) {
        i += close[0].length;
        return el;
      }
      const textRun = /^[^<]+/.exec(xml.slice(i));
      if (textRun) {
        if (el.children.length && textRun[0].trim()) throw new Error(`mixed content in <${el.name}>`);
        if (!el.children.length) el.text += unescape(textRun[0]);
        i += textRun[0].length;
        continue;
      }
      if (xml.startsWith('</', i)) throw new Error(`mismatched closing tag in <${el.name}> at ${i}`);
      if (el.text.trim()) throw new Error(`mixed content in <${el.name}>`);
      el.text = '';
      el.children.push(element());
    }
  };
  const root = element();
  if (xml.slice(i).trim()) throw new Error('content after the root element');
  return root;
}

const names = (el: El) => el.children.map((c) => c.name);
const child = (el: El, name: string) => el.children.find((c) => c.name === name);
const textOf = (el: El, name: string) => child(el, name)?.text ?? null;

// ---------------------------------------------------------------- a client

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
let address = 0;
/** A form-encoded POST as the specification shows it (each from its own address: the endpoint is rate-limited). */
const post = (url: string, form: Record<string, string | string[]>, options: Partial<InjectOptions> = {}) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, remoteAddress: `10.31.1.${++address}`, ...options });
};

function expectJson(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return res.json();
}
function expectXml(res: LightMyRequestResponse, status = 200): El {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  return parseXml(res.body);
}
/** The specification's error: `[{code, description}]` in JSON, `<errors><error><code/><description/></error></errors>` in XML. */
function expectErrorJson(res: LightMyRequestResponse, status: number) {
  const body = expectJson(res, status);
  expect(Array.isArray(body) && body.length >= 1).toBe(true);
  for (const e of body) {
    expect(Object.keys(e)).toEqual(['code', 'description']);
    expect(e.code).toBe(status);
    expect(typeof e.description === 'string' && e.description.length > 0).toBe(true);
  }
  return body[0].description as string;
}
function expectErrorXml(res: LightMyRequestResponse, status: number) {
  const root = expectXml(res, status);
  expect(root.name).toBe('errors');
  expect(names(root).every((n) => n === 'error')).toBe(true);
  const e = root.children[0]!;
  expect(names(e)).toEqual(['code', 'description']);
  expect(textOf(e, 'code')).toBe(String(status));
  return textOf(e, 'description')!;
}

const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const ATTRIBUTE_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'];
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

// The specification's example request, with our jurisdiction and a service of ours.
const exampleForm = (over: Record<string, string | string[]> = {}) => ({
  api_key: TEST_OPEN311_KEY, jurisdiction_id: JURISDICTION, service_code: '0102', lat: '44.0118', long: '87.3034', address_string: '昌吉市宁边西路88号', email: 'smit333@example.com',
  device_id: 'tt222111', account_id: '123456', first_name: '三', last_name: '张', phone: '13899001122', description: '路灯不亮已经一周，晚上很黑。', media_url: 'http://example.com/photos/2212426634.jpg',
  'attribute[facility]': 'light', ...over,
});

describe('Service Discovery', () => {
  it('lists the GeoReport v2 endpoint in JSON and XML with every field the specification requires', async () => {
    const json = expectJson(await get('/open311/discovery.json'));
    expect(Object.keys(json)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    expect(json.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), changeset: json.changeset, type: 'production', formats: ['text/xml', 'application/json'] }]);
    const xml = expectXml(await get('/open311/discovery.xml'));
    expect(xml.name).toBe('discovery');
    expect(names(xml)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    const endpoint = child(xml, 'endpoints')!.children[0]!;
    expect(endpoint.name).toBe('endpoint');
    expect(names(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
    expect(child(endpoint, 'formats')!.children.map((f) => [f.name, f.text])).toEqual([['format', 'text/xml'], ['format', 'application/json']]);
  });
});

describe('GET Service List and Service Definition', () => {
  it('lists the public categories as services, in JSON and XML, each field as specified', async () => {
    const list = expectJson(await get(`/open311/v2/services.json?jurisdiction_id=${JURISDICTION}`));
    expect(list.length).toBeGreaterThan(10);
    for (const s of list) {
      expect(Object.keys(s)).toEqual(SERVICE_FIELDS);
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
      expect(typeof s.keywords).toBe('string');
    }
    const codes = list.map((s: { service_code: string }) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(['0101', '0102', '0201', '0301']));
    // Not public (personal matters), or only a group: not services.
    expect(codes).not.toContain('0401');
    expect(codes).not.toContain('01');
    expect(list.find((s: { service_code: string }) => s.service_code === '0101')).toMatchObject({ service_name: '市容环境', group: '城市管理', type: 'realtime', metadata: true });
    expect(list.find((s: { service_code: string }) => s.service_code === '0201')).toMatchObject({ type: 'batch' });
    // Without jurisdiction_id (one jurisdiction served), the same; English on request.
    expect(expectJson(await get('/open311/v2/services.json'))).toEqual(list);
    expect(expectJson(await get('/open311/v2/services.json', { 'accept-language': 'en-US,en;q=0.9' })).find((s: { service_code: string }) => s.service_code === '0101')).toMatchObject({ service_name: 'Street cleanliness', group: 'Urban management' });

    const xml = expectXml(await get(`/open311/v2/services.xml?jurisdiction_id=${JURISDICTION}`));
    expect(xml.name).toBe('services');
    expect(xml.children).toHaveLength(list.length);
    for (const s of xml.children) {
      expect(s.name).toBe('service');
      expect(names(s)).toEqual(SERVICE_FIELDS);
      expect(['true', 'false']).toContain(textOf(s, 'metadata'));
    }
  });

  it('defines a service\'s attributes in JSON and XML: variable, code, datatype, required, datatype_description, order, description, values', async () => {
    const def = expectJson(await get(`/open311/v2/services/0102.json?jurisdiction_id=${JURISDICTION}`));
    expect(Object.keys(def)).toEqual(['service_code', 'attributes']);
    expect(def.service_code).toBe('0102');
    for (const a of def.attributes) {
      expect(Object.keys(a)).toEqual(ATTRIBUTE_FIELDS);
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
      expect(Number.isInteger(a.order) && a.order > 0).toBe(true);
      for (const v of a.values) expect(Object.keys(v)).toEqual(['key', 'name']);
    }
    const orders = def.attributes.map((a: { order: number }) => a.order);
    expect(new Set(orders).size).toBe(orders.length);
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['ticket_type', 'region_code', 'facility']);
    expect(def.attributes.find((a: { code: string }) => a.code === 'region_code').values.map((v: { key: string }) => v.key)).toEqual(['652301', '652302']);

    const xml = expectXml(await get(`/open311/v2/services/0102.xml?jurisdiction_id=${JURISDICTION}`));
    expect(xml.name).toBe('service_definition');
    expect(names(xml)).toEqual(['service_code', 'attributes']);
    const attributes = child(xml, 'attributes')!.children;
    expect(attributes.map((a) => a.name)).toEqual(['attribute', 'attribute', 'attribute']);
    for (const a of attributes) expect(names(a)).toEqual(ATTRIBUTE_FIELDS);
    const facility = attributes[2]!;
    expect(textOf(facility, 'datatype')).toBe('singlevaluelist');
    expect(child(facility, 'values')!.children[0]!.children.map((c) => c.name)).toEqual(['key', 'name']);
  });

  it('answers 404 for another jurisdiction or an unknown service, in the specification\'s error format', async () => {
    expect(expectErrorJson(await get('/open311/v2/services.json?jurisdiction_id=sfgov.org'), 404)).toContain('jurisdiction_id');
    expect(expectErrorXml(await get('/open311/v2/services.xml?jurisdiction_id=sfgov.org'), 404)).toContain('jurisdiction_id');
    expectErrorJson(await get('/open311/v2/services/9999.json'), 404);
    expectErrorXml(await get('/open311/v2/services/0401.xml'), 404);
    // Anything else under the endpoint: the same format, not problem+json.
    expectErrorXml(await get('/open311/v2/nothing-here.xml'), 404);
    expectErrorJson(await get('/open311/v2/nothing-here.json'), 404);
    expectErrorXml(await get('/open311/v2/services.html'), 400);
  });
});

describe('POST Service Request', () => {
  it('files the specification\'s example request, form-encoded, and answers the service_request_id (JSON)', async () => {
    t.clock.set(at('2026-03-02', '10:00'));
    const created = expectJson(await post('/open311/v2/requests.json', exampleForm()));
    expect(created).toHaveLength(1);
    expect(Object.keys(created[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(created[0]).toMatchObject({ service_request_id: expect.stringMatching(/^12345-20260302-\d{5}$/), account_id: '123456' });
    expect(created[0].service_notice.length).toBeGreaterThan(0);

    // The centre has the ticket, caller and all (masked for an agent who did not take it).
    const board = await t.injectAs(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=centre&q=${created[0].service_request_id}` });
    const [item] = board.json().items;
    const ticket = (await t.injectAs(agent, { method: 'GET', url: `/api/v1/hotline/tickets/${item.id}` })).json();
    expect(ticket).toMatchObject({ channel: 'open311', type: 'report', categoryCode: '0102', lat: 44.0118, long: 87.3034, mediaUrl: 'http://example.com/photos/2212426634.jpg', attributes: { facility: 'light' }, caller: { name: '张*', phone: '138****1122' } });
  });

  it('answers in XML too, and a token for a batch service, which GET tokens resolves', async () => {
    const xml = expectXml(await post('/open311/v2/requests.xml', exampleForm({ service_code: '0301', 'attribute[plate_number]': '新B·T1234', 'attribute[ride_time]': '2026-03-01T21:30:00+08:00' })));
    expect(xml.name).toBe('service_requests');
    expect(xml.children.map((c) => c.name)).toEqual(['request']);
    expect(names(xml.children[0]!)).toEqual(['service_request_id', 'service_notice', 'account_id']);

    const batch = expectJson(await post('/open311/v2/requests.json', exampleForm({ service_code: '0201', 'attribute[shop_name]': '某某快餐', 'attribute[ticket_type]': 'complaint' })));
    expect(Object.keys(batch[0])).toEqual(['token', 'service_notice', 'account_id']);
    const resolved = expectJson(await get(`/open311/v2/tokens/${batch[0].token}.json?jurisdiction_id=${JURISDICTION}`));
    expect(resolved).toEqual([{ service_request_id: expect.stringMatching(/^12345-/), token: batch[0].token }]);
    const resolvedXml = expectXml(await get(`/open311/v2/tokens/${batch[0].token}.xml`));
    expect(resolvedXml.name).toBe('service_requests');
    expect(names(resolvedXml.children[0]!)).toEqual(['service_request_id', 'token']);
    expectErrorJson(await get('/open311/v2/tokens/no-such-token.json'), 404);
  });

  it('takes multivaluelist attributes as attribute[code][]=…, and JSON bodies', async () => {
    const created = expectJson(await post('/open311/v2/requests.json', exampleForm({ service_code: '0101', 'attribute[facility]': [], 'attribute[problems][]': ['rubbish', 'posters'], 'attribute[region_code]': '652301' })));
    const one = expectJson(await get(`/open311/v2/requests/${created[0].service_request_id}.json`));
    expect(one[0]).toMatchObject({ service_code: '0101', status: 'open' });
    const json = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: TEST_OPEN311_KEY, service_code: '0101', address_string: '中山路', attribute: { problems: ['stalls'] } }, remoteAddress: '10.31.2.1' });
    expect(expectJson(json)[0].service_request_id).toMatch(/^12345-/);
  });

  it('refuses with the specification\'s statuses: 403 for a missing or bad api_key, 404 for an unknown service or jurisdiction, 400 for the rest', async () => {
    expect(expectErrorJson(await post('/open311/v2/requests.json', exampleForm({ api_key: 'wrong' })), 403)).toContain('api_key');
    const { api_key: _, ...noKey } = exampleForm();
    expect(expectErrorXml(await post('/open311/v2/requests.xml', noKey), 403)).toContain('api_key');
    expectErrorJson(await post('/open311/v2/requests.json', exampleForm({ service_code: '9999' })), 404);
    expectErrorJson(await post('/open311/v2/requests.json', exampleForm({ jurisdiction_id: 'city.gov' })), 404);
    const { service_code: __, ...noService } = exampleForm();
    expect(expectErrorJson(await post('/open311/v2/requests.json', noService), 400)).toContain('service_code');
    const { lat: ___, long: ____, address_string: _____, ...nowhere } = exampleForm();
    expect(expectErrorJson(await post('/open311/v2/requests.json', nowhere), 400)).toContain('location');
    expect(expectErrorJson(await post('/open311/v2/requests.json', exampleForm({ 'attribute[facility]': 'spaceship' })), 400)).toContain('attribute[facility]');
    expectErrorXml(await post('/open311/v2/requests.xml', exampleForm({ lat: 'north' })), 400);
    expectErrorJson(await post('/open311/v2/requests.json', exampleForm({ description: 'x'.repeat(4001) })), 400);
  });
});

describe('GET Service Requests and GET Service Request', () => {
  it('lists requests with the specification\'s fields in order, by comma-separated ids, service codes, status and dates, in JSON and XML', async () => {
    t.clock.set(at('2026-03-03', '09:00'));
    const a = expectJson(await post('/open311/v2/requests.json', exampleForm({ description: '井盖缺失，很危险。', 'attribute[facility]': 'manhole' })))[0].service_request_id;
    const b = expectJson(await post('/open311/v2/requests.json', exampleForm({ service_code: '0103', 'attribute[facility]': [], description: '行道树倒伏挡路。' })))[0].service_request_id;

    const both = expectJson(await get(`/open311/v2/requests.json?service_request_id=${a},${b}&jurisdiction_id=${JURISDICTION}&status=closed`));
    // service_request_id overrides every other argument.
    expect(both.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());
    for (const r of both) {
      expect(Object.keys(r)).toEqual(REQUEST_FIELDS);
      expect(r.status).toBe('open');
      expect(r.requested_datetime).toMatch(W3);
      expect(r.updated_datetime).toMatch(W3);
      expect(typeof r.lat).toBe('number');
    }
    // The caller's name, phone and e-mail never appear.
    const raw = (await get(`/open311/v2/requests.json?service_request_id=${a},${b}`)).body + (await get(`/open311/v2/requests.xml?service_request_id=${a},${b}`)).body;
    for (const secret of ['13899001122', 'smit333@example.com', '张三']) expect(raw).not.toContain(secret);

    const byCode = expectJson(await get('/open311/v2/requests.json?service_code=0103'));
    expect(byCode.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([b]);
    expect(expectJson(await get('/open311/v2/requests.json?service_code=0103,0102&status=open')).length).toBeGreaterThanOrEqual(2);
    expect(expectJson(await get('/open311/v2/requests.json?service_code=0103&status=closed'))).toEqual([]);
    const window = expectJson(await get('/open311/v2/requests.json?start_date=2026-03-03T00:00:00%2B08:00&end_date=2026-03-03T23:59:59%2B08:00'));
    expect(window.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());
    expect(expectErrorJson(await get('/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z'), 400)).toContain('90 days');
    expectErrorJson(await get('/open311/v2/requests.json?status=pending'), 400);
    expectErrorXml(await get('/open311/v2/requests.xml?start_date=last-week'), 400);

    const xml = expectXml(await get(`/open311/v2/requests.xml?service_request_id=${a},${b}`));
    expect(xml.name).toBe('service_requests');
    expect(xml.children.map((c) => c.name)).toEqual(['request', 'request']);
    for (const r of xml.children) expect(names(r)).toEqual(REQUEST_FIELDS);

    const single = expectXml(await get(`/open311/v2/requests/${a}.xml?jurisdiction_id=${JURISDICTION}`));
    expect(single.children).toHaveLength(1);
    expect(textOf(single.children[0]!, 'service_request_id')).toBe(a);
    expect(expectJson(await get(`/open311/v2/requests/${a}.json`))[0].service_request_id).toBe(a);
    expectErrorJson(await get('/open311/v2/requests/12345-20260303-99999.json'), 404);
    expectErrorXml(await get('/open311/v2/requests/12345-20260303-99999.xml'), 404);
  });

  it('follows the ticket: dispatched (agency and expected date), answered, closed; a duplicate says so and closes with its main ticket', async () => {
    t.clock.set(at('2026-03-04', '09:00'));
    const id = expectJson(await post('/open311/v2/requests.json', exampleForm({ description: '公园路灯成片不亮。' })))[0].service_request_id;
    const dupId = expectJson(await post('/open311/v2/requests.json', exampleForm({ description: '公园里路灯都不亮。' })))[0].service_request_id;
    const find = async (number: string) => (await t.injectAs(agent, { method: 'GET', url: `/api/v1/hotline/tickets?box=all&q=${number}` })).json().items[0];
    const main = await find(id);
    const dup = await find(dupId);
    let v = (await t.injectAs(agent, { method: 'POST', url: `/api/v1/hotline/tickets/${main.id}/dispatch`, payload: { version: main.version, leadOrg: housing.id } })).json();
    await t.injectAs(agent, { method: 'POST', url: `/api/v1/hotline/tickets/${dup.id}/merge`, payload: { version: dup.version, into: id } });
    let [r] = expectJson(await get(`/open311/v2/requests/${id}.json`));
    expect(r).toMatchObject({ status: 'open', agency_responsible: housing.name, expected_datetime: `${v.dueOn}T23:59:59+08:00` });
    const [d] = expectJson(await get(`/open311/v2/requests/${dupId}.json`));
    expect(d).toMatchObject({ status: 'open', status_notes: expect.stringContaining(id) });

    v = (await t.injectAs(reviewer, { method: 'POST', url: `/api/v1/hotline/tickets/${main.id}/tasks/${v.tasks[0].id}/reply`, payload: { version: v.version, text: '已更换公园内损坏的路灯灯具12套。' } })).json();
    [r] = expectJson(await get(`/open311/v2/requests/${id}.json`));
    expect(r).toMatchObject({ status: 'open', status_notes: '已更换公园内损坏的路灯灯具12套。', expected_datetime: null });
    t.clock.set(at('2026-03-05', '10:00'));
    await t.injectAs(agent, { method: 'POST', url: `/api/v1/hotline/tickets/${main.id}/callback`, payload: { version: v.version, reached: true, satisfied: true, note: '满意' } });
    const closed = expectJson(await get(`/open311/v2/requests.json?service_request_id=${id},${dupId}`));
    expect(closed.map((x: { status: string }) => x.status)).toEqual(['closed', 'closed']);
    expect(closed.find((x: { service_request_id: string }) => x.service_request_id === id).updated_datetime).toBe('2026-03-05T10:00:00+08:00');
    expect(expectJson(await get('/open311/v2/requests.json?status=closed')).map((x: { service_request_id: string }) => x.service_request_id).sort()).toEqual([id, dupId].sort());
  });

  it('defaults to the last 90 days', async () => {
    t.clock.set(at('2026-06-10', '10:00'));
    const recent = expectJson(await post('/open311/v2/requests.json', exampleForm()))[0].service_request_id;
    const listed = expectJson(await get('/open311/v2/requests.json')).map((r: { service_request_id: string }) => r.service_request_id);
    expect(listed).toEqual([recent]);
    expect(expectJson(await get('/open311/v2/requests.json?start_date=2026-03-01')).length).toBeGreaterThan(1);
  });
});
