import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { makeCalendar } from '../../../common/working-days.js';
import {
  allowedActions, attributesOf, callerOf, callerView, defaultLimits, detectHotTopics, distanceMeters, formatTicketNumber, hotlineKpis, limitDaysFor, limitTableErrors, nextStatus, parseW3,
  responsibleOrg, stepsReached, suggestDispatch, taskWarning, w3DateTime, type ActorStanding, type HotTopicTicket, type TicketFacts,
} from './rules.js';

const calendar = makeCalendar([{ date: '2026-04-06', workday: false, name: '清明节' }]);

describe('numbers and limits', () => {
  it('numbers tickets 12345-YYYYMMDD-NNNNN', () => {
    expect(formatTicketNumber('2026-11-28', 42)).toBe('12345-20261128-00042');
  });

  it('defaults: consultation 1, help 3, complaint and report 5, suggestion 10; urgent halves (rounded up), critical 1', () => {
    const l = defaultLimits();
    expect([l.consultation.normal, l.helpRequest.normal, l.complaint.normal, l.report.normal, l.suggestion.normal, l.praise.normal]).toEqual([1, 3, 5, 5, 10, 10]);
    expect([l.consultation.urgent, l.helpRequest.urgent, l.complaint.urgent, l.suggestion.urgent]).toEqual([1, 2, 3, 5]);
    expect(Object.values(l).every((r) => r.critical === 1)).toBe(true);
    expect(limitDaysFor(l, 'complaint', 'urgent')).toBe(3);
    expect(limitTableErrors(l)).toEqual([]);
  });

  it('refuses a table with holes, out-of-range cells, or urgency that takes longer', () => {
    const l = defaultLimits();
    expect(limitTableErrors({ ...l, report: { normal: 0, urgent: 1, critical: 1 } })).toContain('/body/limits/report/normal');
    expect(limitTableErrors({ ...l, report: { normal: 5, urgent: 6, critical: 1 } })).toContain('/body/limits/report/urgent');
    expect(limitTableErrors({ ...l, report: { normal: 5, urgent: 2, critical: 3 } })).toContain('/body/limits/report/critical');
    const { praise: _, ...missing } = l;
    expect(limitTableErrors(missing as typeof l)).toContain('/body/limits/praise/normal');
  });
});

describe('the lifecycle', () => {
  const facts = (over: Partial<TicketFacts> = {}): TicketFacts => ({ status: 'received', type: 'complaint', callbackPossible: true, reopened: false, extension: 'none', lastCallback: null, openTasks: 0, ...over });
  const centre: ActorStanding = { centreAgent: true, canReturn: false, openTaskHolder: false, leadHolder: false };
  const lead: ActorStanding = { centreAgent: false, canReturn: true, openTaskHolder: true, leadHolder: true };
  const nobody: ActorStanding = { centreAgent: false, canReturn: false, openTaskHolder: false, leadHolder: false };

  it('moves as the table says and refuses the rest with 409', () => {
    expect(nextStatus('received', 'dispatch')).toBe('dispatched');
    expect(nextStatus('returned', 'dispatch')).toBe('dispatched');
    expect(nextStatus('dispatched', 'returnDispatch')).toBe('returned');
    expect(nextStatus('replied', 'reopen')).toBe('dispatched');
    expect(() => nextStatus('closed', 'dispatch')).toThrow(expect.objectContaining({ code: 'hotline.invalid_transition' }));
    expect(() => nextStatus('merged', 'merge')).toThrow(expect.objectContaining({ code: 'hotline.invalid_transition' }));
  });

  it('offers the centre and the handling organisation their own steps only', () => {
    expect(allowedActions(facts(), centre)).toEqual(['answer', 'dispatch', 'close', 'merge']);
    expect(allowedActions(facts(), lead)).toEqual([]);
    expect(allowedActions(facts({ status: 'dispatched', openTasks: 1 }), lead)).toEqual(['reply', 'returnDispatch', 'requestExtension']);
    expect(allowedActions(facts({ status: 'dispatched', openTasks: 1, extension: 'decided' }), { ...lead, canReturn: false })).toEqual(['reply']);
    expect(allowedActions(facts({ status: 'dispatched', extension: 'pending' }), centre)).toEqual(['decideExtension', 'merge']);
    expect(allowedActions(facts({ status: 'returned' }), centre)).toEqual(['dispatch', 'insist', 'merge']);
    expect(allowedActions(facts({ status: 'dispatched' }), nobody)).toEqual([]);
  });

  it('lets the centre reopen once after an unsatisfied callback, and close when no callback is possible or one was made', () => {
    expect(allowedActions(facts({ status: 'replied' }), centre)).toEqual(['callback', 'merge']);
    expect(allowedActions(facts({ status: 'replied', lastCallback: { reached: true, satisfied: false } }), centre)).toEqual(['callback', 'reopen', 'close', 'merge']);
    expect(allowedActions(facts({ status: 'replied', lastCallback: { reached: true, satisfied: false }, reopened: true }), centre)).toEqual(['callback', 'close', 'merge']);
    expect(allowedActions(facts({ status: 'replied', lastCallback: { reached: false, satisfied: null } }), centre)).toEqual(['callback', 'close', 'merge']);
    expect(allowedActions(facts({ status: 'replied', callbackPossible: false }), centre)).toEqual(['close', 'merge']);
    expect(allowedActions(facts({ status: 'closed' }), centre)).toEqual([]);
  });
});

describe('the caller', () => {
  it('needs a number, and a name, for a callback, and cannot be anonymous then', () => {
    expect(() => callerOf({ anonymous: true, consentCallback: true })).toThrow(expect.objectContaining({ code: 'hotline.callback_needs_contact' }));
    expect(() => callerOf({ name: '张三', consentCallback: true })).toThrow(expect.objectContaining({ code: 'hotline.callback_needs_contact' }));
    expect(callerOf({ name: ' 张三 ', phone: '13812341234', consentCallback: true })).toEqual({ name: '张三', phone: '13812341234', email: null, anonymous: false, consentCallback: true, consentShare: false });
  });

  it('keeps nothing of an anonymous caller', () => {
    expect(callerOf({ anonymous: true, name: '张三', phone: '13812341234', consentShare: true })).toEqual({ name: null, phone: null, email: null, anonymous: true, consentCallback: false, consentShare: false });
  });

  it('masks the number (138****1234) except for whoever may see it whole; a handling organisation sees only what the caller agreed to share', () => {
    const c = callerOf({ name: '张三丰', phone: '13812341234', email: 'zhang@example.com', consentCallback: true });
    expect(callerView(c, 'whole')).toEqual(c);
    expect(callerView(c, 'masked')).toMatchObject({ name: '张**', phone: '138****1234', email: 'z***@example.com' });
    expect(callerView(c, 'handler')).toMatchObject({ name: null, phone: null, email: null });
    expect(callerView({ ...c, consentShare: true }, 'handler')).toMatchObject({ name: '张三丰', phone: '138****1234' });
  });
});

describe('warnings and escalation', () => {
  const now = (day: string) => new Date(`${day}T10:00:00+08:00`);

  it('is yellow with ≤ 1 working day or ≤ 20% of the limit left, red when late (the cases\' rule)', () => {
    expect(taskWarning('2026-03-09', 5, calendar, now('2026-03-02'))).toBe('none');
    expect(taskWarning('2026-03-09', 5, calendar, now('2026-03-06'))).toBe('yellow');
    expect(taskWarning('2026-03-09', 5, calendar, now('2026-03-09'))).toBe('yellow');
    expect(taskWarning('2026-03-09', 5, calendar, now('2026-03-10'))).toBe('red');
    // A holiday is not a working day left.
    expect(taskWarning('2026-04-07', 5, calendar, now('2026-04-03'))).toBe('yellow');
  });

  it('escalates a task still red two working days after its deadline', () => {
    expect(stepsReached('yellow', 0)).toEqual(['yellow']);
    expect(stepsReached('red', 1)).toEqual(['red']);
    expect(stepsReached('red', 2)).toEqual(['red', 'escalated']);
    expect(stepsReached('none', 0)).toEqual([]);
  });
});

describe('dispatch', () => {
  const categories = [
    { code: '02', parentCode: null, name: '市场监管', keywords: ['市场监管'], active: true },
    { code: '0201', parentCode: '02', name: '食品安全', keywords: ['食品', '过期', '餐馆', '后厨'], active: true },
    { code: '0202', parentCode: '02', name: '价格收费', keywords: ['价格', '乱收费'], active: true },
    { code: '03', parentCode: null, name: '交通运输', keywords: [], active: true },
    { code: '0301', parentCode: '03', name: '出租车', keywords: ['出租车', '拒载', '绕路'], active: true },
    { code: '0302', parentCode: '03', name: '公交客运', keywords: ['公交'], active: false },
  ];
  const rules = [
    { categoryCode: '02', regionCode: null, orgId: 'pref-market' },
    { categoryCode: '02', regionCode: '652301', orgId: 'changji-market' },
    { categoryCode: '0301', regionCode: '652301', orgId: 'changji-transport' },
  ];
  const byCode = new Map(categories.map((c) => [c.code, c]));

  it('finds the responsible organisation: the category in the region, anywhere, then its parent\'s', () => {
    expect(responsibleOrg('0201', '652301', rules, byCode)).toBe('changji-market');
    expect(responsibleOrg('0201', '652302', rules, byCode)).toBe('pref-market');
    expect(responsibleOrg('0301', '652301', rules, byCode)).toBe('changji-transport');
    expect(responsibleOrg('0301', '652302', rules, byCode)).toBeNull();
  });

  it('scores categories by their words in the text, and names who is responsible there', () => {
    const s = suggestDispatch({ text: '在一家餐馆吃了过期食品，后厨很脏', regionCode: '652301' }, { categories, rules, orgs: [] });
    expect(s.categories[0]).toMatchObject({ code: '0201' });
    expect(s.categories[0]!.matched).toEqual(expect.arrayContaining(['食品', '过期', '餐馆', '后厨']));
    expect(s.orgs[0]).toMatchObject({ orgId: 'changji-market', categoryCode: '0201', why: 'rule' });
    expect(s.categories.map((c) => c.code)).not.toContain('0302');
  });

  it('puts the agent\'s chosen category first, and adds organisations the caller names', () => {
    const s = suggestDispatch({ text: '出租车绕路，我要投诉到交通运输局', categoryCode: '0202', regionCode: '652301' }, { categories, rules, orgs: [{ id: 'changji-transport', names: ['交通运输局'] }, { id: 'tax', names: ['税务局'] }] });
    expect(s.categories[0]!.code).toBe('0202');
    expect(s.orgs[0]).toMatchObject({ orgId: 'changji-market' });
    // Named and responsible for taxis: both reasons add up.
    expect(s.orgs.find((o) => o.orgId === 'changji-transport')!.score).toBeGreaterThan(s.categories.find((c) => c.code === '0301')!.score);
    expect(s.orgs.map((o) => o.orgId)).not.toContain('tax');
  });

  it('suggests nothing for text that says nothing', () => {
    expect(suggestDispatch({ text: '你好' }, { categories, rules, orgs: [] })).toEqual({ categories: [], orgs: [] });
  });
});

describe('hot topics', () => {
  const now = new Date('2026-03-10T10:00:00+08:00');
  const ticket = (n: number, over: Partial<HotTopicTicket> = {}): HotTopicTicket => ({
    id: `t${n}`, number: formatTicketNumber('2026-03-09', n), categoryCode: '0101', regionCode: '652301', townshipCode: null, lat: null, long: null, receivedAt: new Date(now.getTime() - n * 3_600_000), ...over,
  });
  const params = { minTickets: 3, days: 7, radiusMeters: 500 };

  it('finds three tickets of a category in one township within seven days', () => {
    const topics = detectHotTopics([ticket(1, { townshipCode: '652301001' }), ticket(2, { townshipCode: '652301001' }), ticket(3, { townshipCode: '652301001' }), ticket(4, { townshipCode: '652301002' })], params, now);
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ kind: 'township', townshipCode: '652301001', ticketIds: ['t3', 't2', 't1'] });
  });

  it('finds tickets within the radius of each other, wherever the township', () => {
    // ~100 m apart in a chain: each within 500 m of the next.
    const located = [0, 1, 2].map((i) => ticket(10 + i, { lat: 44.0 + i * 0.0009, long: 87.3 }));
    const far = ticket(20, { lat: 44.2, long: 87.3 });
    const topics = detectHotTopics([...located, far], params, now);
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ kind: 'nearby', townshipCode: null });
    expect(topics[0]!.ticketIds.sort()).toEqual(['t10', 't11', 't12']);
    expect(topics[0]!.center!.lat).toBeCloseTo(44.0009, 4);
  });

  it('does not report nearby tickets again that are all in a township already reported; ignores old ones and other categories', () => {
    const same = [1, 2, 3].map((i) => ticket(i, { townshipCode: '652301001', lat: 44.0, long: 87.3 + i * 0.0001 }));
    expect(detectHotTopics(same, params, now).map((t) => t.kind)).toEqual(['township']);
    const old = ticket(8 * 24, { townshipCode: '652301001' });
    const other = ticket(4, { townshipCode: '652301001', categoryCode: '0201' });
    expect(detectHotTopics([same[0]!, same[1]!, old, other], params, now)).toEqual([]);
  });

  it('measures distances on the sphere', () => {
    expect(distanceMeters({ lat: 44, long: 87.3 }, { lat: 44.001, long: 87.3 })).toBeCloseTo(111.2, 0);
  });

  test.prop([fc.array(fc.record({ lat: fc.double({ min: 43.9, max: 44.1, noNaN: true }), long: fc.double({ min: 87.2, max: 87.4, noNaN: true }), town: fc.constantFrom('652301001', '652301002', null) }), { maxLength: 25 })])(
    'every topic has at least the minimum of tickets, all of its category and recent',
    (xs) => {
      const tickets = xs.map((x, i) => ticket(i % 100, { id: `p${i}`, lat: x.lat, long: x.long, townshipCode: x.town }));
      for (const topic of detectHotTopics(tickets, params, now)) {
        expect(topic.ticketIds.length).toBeGreaterThanOrEqual(3);
        expect(new Set(topic.ticketIds).size).toBe(topic.ticketIds.length);
      }
    },
  );
});

describe('the hotline KPIs', () => {
  it('divides what the definitions say, null without a denominator, with targets for the timely ones', () => {
    const zero = { consultation: 0, helpRequest: 0, complaint: 0, report: 0, suggestion: 0, praise: 0 };
    const kpis = hotlineKpis({
      received: 10, receivedAtCentre: 8, answeredOnSpot: 2, dispatchedFirst: 5, dispatchedOnTime: 4, tasksReplied: 4, tasksRepliedOnTime: 4, callbacksDue: 3, callbacksOnTime: 2,
      callbacksRated: 0, callbacksSatisfied: 0, byType: { ...zero, complaint: 6, consultation: 4 }, closed: 3, merged: 1,
    });
    const byKey = Object.fromEntries(kpis.map((k) => [k.key, k]));
    expect(byKey['hotline.volume']).toMatchObject({ value: 10, details: { complaint: 6, consultation: 4, merged: 1 } });
    expect(byKey['hotline.onTheSpot']).toMatchObject({ value: 0.25, numerator: 2, denominator: 8, target: null, meetsTarget: null });
    expect(byKey['hotline.dispatchedOnTime']).toMatchObject({ value: 0.8, target: 1, meetsTarget: false });
    expect(byKey['hotline.handledOnTime']).toMatchObject({ value: 1, meetsTarget: true });
    expect(byKey['hotline.satisfaction']).toMatchObject({ value: null, meetsTarget: null });
  });
});

describe('Open311 helpers', () => {
  it('writes date-times in the w3 format with the Asia/Shanghai offset', () => {
    expect(w3DateTime(new Date('2026-03-02T02:00:00Z'))).toBe('2026-03-02T10:00:00+08:00');
  });

  it('reads w3 dates and date-times, a bare date as a day in Asia/Shanghai', () => {
    expect(parseW3('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3('2026-03-02')?.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(parseW3('2026-03-02', true)?.toISOString()).toBe('2026-03-02T15:59:59.999Z');
    expect(parseW3('2026-03-02T10:00')).toBeNull();
    expect(parseW3('yesterday')).toBeNull();
  });

  it('reads attribute[code] and attribute[code][] keys of a form, and an attribute object of JSON', () => {
    expect(attributesOf({ 'attribute[WHISPAWN]': '123456', 'attribute[MULTI][]': ['a', 'b'], 'attribute[ONE][]': 'x', service_code: '001' })).toEqual({ WHISPAWN: '123456', MULTI: ['a', 'b'], ONE: ['x'] });
    expect(attributesOf({ attribute: { plate_number: '新B·T1234', empty: '' } })).toEqual({ plate_number: '新B·T1234' });
  });
});
