import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { CaseAction, CaseStatus } from '../../../common/cases.js';
import { makeCalendar } from '../../../common/working-days.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import {
  computeKpis, contributionsOf, deriveFacts, emptyHistograms, histogramPercentile, itemGroupOf, monthRange, nearestSupervisors, oneTripItemsTarget, periodError, previousMonth, rankBy,
  rollupDelta, stepsReached, sumContributions, warningOrder, zeroCounters, type CaseFacts, type Counters, type FactsInput,
} from './rules.js';
import { counterKeys, type CounterKey } from './schema.js';

const calendar = makeCalendar(officialCalendarDays(2019, 2026));
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
// Tree paths are made of the organisations' ids, root first.
const INTAKE = { id: 'intake-dept', path: '/prefecture/county/intake-dept/' };
const DECISION = { id: 'decision-dept', path: '/prefecture/decision-dept/' };

let nextId = 1;
function input(events: [CaseAction, string, Record<string, unknown>?][], overrides: Partial<FactsInput['case']> = {}, extra: Partial<FactsInput> = {}): FactsInput {
  return {
    case: {
      id: `00000000-0000-7000-8000-${String(nextId++).padStart(12, '0')}`, caseNumber: '6523012026030200001', itemCode: '01047004001', itemName: '食品经营许可', itemNameEn: 'Food business licence',
      status: 'delivered', channel: 'window', intakeOrgId: INTAKE.id, intakeOrgPath: INTAKE.path, decisionOrgId: DECISION.id, decisionOrgPath: DECISION.path,
      windowId: 'w1', siteId: 's1', filedBy: 'clerk', statutoryLimit: 20, promisedLimit: 5, outcome: 'approve', trips: 1, ...overrides,
    },
    events: events.map(([action, day, data], i) => ({ id: i + 1, action, at: at(day, 9 + i), actorId: action === 'decide' ? 'decider' : 'clerk', toStatus: statusAfter(action), data: data ?? null })),
    windowCategory: 'companyRegistration',
    itemGroup: null,
    evaluation: null,
    materialsReplaced: 0,
    ...extra,
  };
}
const statusAfter = (a: CaseAction): CaseStatus => ({ submit: 'submitted', resubmit: 'submitted', accept: 'accepted', deemAccept: 'accepted', decide: 'decided', deliver: 'delivered', refuseIntake: 'refused', suspend: 'suspended', resume: 'in_review' } as Partial<Record<CaseAction, CaseStatus>>)[a] ?? 'in_review';

describe('a case\'s facts come from its events and the calendar (the case module\'s clock)', () => {
  it('counts working days from the day after acceptance, and is on time within the promise', () => {
    // Accepted Mon 2026-03-02, decided Fri 2026-03-06: four working days used of five.
    const f = deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02'], ['decide', '2026-03-06', { outcome: 'approve' }], ['deliver', '2026-03-09', { method: 'electronic' }]]), calendar, at('2026-03-10'));
    expect(f).toMatchObject({ receivedOn: '2026-03-02', acceptedOn: '2026-03-02', decidedOn: '2026-03-06', usedDays: 4, onTime: true, elapsedDays: 4, closedOn: '2026-03-09', deliveryMethod: 'electronic', oneWindow: true, intakeClerkId: 'clerk', deciderId: 'decider' });
  });

  it('is late past the promise, and a pause (Art. 45) does not count', () => {
    const late = deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02'], ['decide', '2026-03-10', { outcome: 'approve' }]]), calendar, at('2026-03-11'));
    expect(late).toMatchObject({ usedDays: 6, onTime: false, withinStatutory: true });
    const paused = deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02'], ['suspend', '2026-03-03', { reason: 'testing' }], ['resume', '2026-03-06'], ['decide', '2026-03-10', { outcome: 'approve' }]]), calendar, at('2026-03-11'));
    expect(paused).toMatchObject({ usedDays: 3, onTime: true, elapsedDays: 6 });
  });

  it('a deemed acceptance (Art. 32) starts the clock on the day of receipt', () => {
    const f = deriveFacts(input([['submit', '2026-03-02'], ['deemAccept', '2026-03-10', { acceptedOn: '2026-03-02' }]], { channel: 'online', windowId: null }), calendar, at('2026-03-11'));
    expect(f).toMatchObject({ acceptedOn: '2026-03-02', decidedOn: null, oneWindow: null, intakeClerkId: null });
  });

  it('a draft saved earlier is not a receipt; the first submission is', () => {
    const f = deriveFacts(input([['submit', '2026-03-02'], ['submit', '2026-03-04'], ['accept', '2026-03-05']], { channel: 'online' }), calendar, at('2026-03-05'));
    // The first event of this case is a draft's (the helper marks every submit as submitted: make it a draft).
    const draft = input([['submit', '2026-03-02'], ['submit', '2026-03-04'], ['accept', '2026-03-05']], { channel: 'online' });
    draft.events[0]!.toStatus = 'draft';
    expect(f.receivedOn).toBe('2026-03-02');
    expect(deriveFacts(draft, calendar, at('2026-03-05')).receivedOn).toBe('2026-03-04');
  });

  it('a department\'s own window is not one-window acceptance; online filing is not in person', () => {
    expect(deriveFacts(input([['submit', '2026-03-02']], {}, { windowCategory: 'department' }), calendar, at('2026-03-02')).oneWindow).toBe(false);
    expect(deriveFacts(input([['submit', '2026-03-02']], { channel: 'online', windowId: null }, { windowCategory: null }), calendar, at('2026-03-02')).oneWindow).toBeNull();
  });

  it('a bad rating\'s follow-up is open until the applicant is called back', () => {
    const evaluation = { level: 1, ratedAt: at('2026-03-10'), orgId: DECISION.id, orgPath: DECISION.path, followUpDueOn: '2026-03-31', calledBackAt: null, version: 1 };
    const open = deriveFacts(input([['submit', '2026-03-02']], {}, { evaluation }), calendar, at('2026-03-11'));
    expect(open).toMatchObject({ ratingLevel: 1, ratedOn: '2026-03-10', followUpOpen: true, followUpDoneOn: null });
    const done = deriveFacts(input([['submit', '2026-03-02']], {}, { evaluation: { ...evaluation, calledBackAt: at('2026-03-20').toISOString(), version: 5 } }), calendar, at('2026-03-21'));
    expect(done).toMatchObject({ followUpOpen: false, followUpDoneOn: '2026-03-20', ratingVersion: 5 });
  });
});

describe('what a case contributes, and to whom', () => {
  const decided = () => deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02'], ['decide', '2026-03-10', { outcome: 'approve' }], ['deliver', '2026-03-11', { method: 'window' }]], { trips: 2 }), calendar, at('2026-03-12'));

  it('receipt, completion and trips count for the intake organisation; the decision for the deciding one', () => {
    const c = contributionsOf(decided());
    expect(c.find((x) => x.add.received)).toMatchObject({ day: '2026-03-02', orgId: INTAKE.id, windowId: 'w1', add: { received: 1, receivedInPerson: 1, receivedOneWindow: 1, receivedOnline: 0 } });
    expect(c.find((x) => x.add.decided)).toMatchObject({ day: '2026-03-10', orgId: DECISION.id, personId: 'decider', add: { decided: 1, decidedOnTime: 0, handlingDays: 6 } });
    expect(c.find((x) => x.add.completed)).toMatchObject({ day: '2026-03-11', orgId: INTAKE.id, add: { completed: 1, completedOneTrip: 0, completedZeroTrip: 0 } });
    expect(c.find((x) => x.add.deliveredApproved)).toMatchObject({ orgId: DECISION.id, add: { deliveredApproved: 1, deliveredElectronic: 0 } });
  });

  it('counts materials replaced by e-certificates or shared data, and the cases that used any, on receipt for the intake organisation (T7)', () => {
    // Filed online with every required material replaced or uploaded, the result delivered electronically: zero trips.
    const online = deriveFacts(
      input([['submit', '2026-03-02'], ['accept', '2026-03-03'], ['decide', '2026-03-05', { outcome: 'approve' }], ['deliver', '2026-03-06', { method: 'electronic' }]], { channel: 'online', windowId: null, siteId: null, trips: 0 }, { windowCategory: null, materialsReplaced: 2 }),
      calendar, at('2026-03-09'),
    );
    const c = contributionsOf(online);
    expect(c.find((x) => x.add.received)).toMatchObject({ day: '2026-03-02', orgId: INTAKE.id, add: { materialsReplaced: 2, casesWithReplacement: 1, receivedOnline: 1 } });
    expect(c.find((x) => x.add.completed)?.add).toMatchObject({ completedZeroTrip: 1, completedOneTrip: 1 });
    expect(contributionsOf(decided()).find((x) => x.add.received)?.add).toMatchObject({ materialsReplaced: 0, casesWithReplacement: 0 });

    const sums = zeroCounters();
    for (const f of [online, decided()]) for (const x of contributionsOf(f)) for (const [k, v] of Object.entries(x.add) as [CounterKey, number][]) sums[k] += v;
    const t7 = computeKpis(sums, emptyHistograms(), { catalog: null, waiting: null }, { from: '2026-03-01', to: '2026-03-31' }).find((k) => k.key === 'T7')!;
    expect(t7).toMatchObject({ value: 0.5, numerator: 1, denominator: 2, details: { materialsReplaced: 2, casesWithReplacement: 1, replacementShare: 0.5 } });
  });

  it('the rollup moves by the difference of old and new facts, so applying changes in turn gives the sum of the latest', () => {
    const open = deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02']]), calendar, at('2026-03-03'));
    const closed = { ...decided(), caseId: open.caseId };
    const first = rollupDelta([], [open]);
    const second = rollupDelta([open], [closed]);
    const sum = new Map<string, Counters>();
    for (const r of [...first.daily, ...second.daily]) {
      const key = `${r.day}|${r.orgId}`;
      const acc = sum.get(key) ?? zeroCounters();
      for (const k of counterKeys) acc[k] += r.counters[k];
      sum.set(key, acc);
    }
    const direct = rollupDelta([], [closed]).daily;
    for (const r of direct) expect(sum.get(`${r.day}|${r.orgId}`)).toEqual(r.counters);
    for (const [key, counters] of sum) if (!direct.some((r) => `${r.day}|${r.orgId}` === key)) expect(Object.values(counters).every((v) => v === 0)).toBe(true);
    expect(rollupDelta([closed], [closed]).daily).toEqual([]);
  });

  it('a subtree\'s row holds its organisations\' totals: the prefecture\'s row is the county\'s plus the other department\'s', () => {
    const daily = rollupDelta([], [decided()]).daily;
    const total = (org: string, k: CounterKey) => daily.filter((r) => r.orgId === org).reduce((a, r) => a + r.counters[k], 0);
    expect(total('intake-dept', 'received')).toBe(1);
    expect(total('county', 'received')).toBe(1);
    expect(total('decision-dept', 'received')).toBe(0);
    expect(total('prefecture', 'received')).toBe(1);
    expect(total('prefecture', 'decided')).toBe(total('decision-dept', 'decided') + total('county', 'decided'));
    expect(total('county', 'decided')).toBe(0);
  });

  test.prop([fc.array(fc.record({ decideAfter: fc.integer({ min: 0, max: 15 }), trips: fc.integer({ min: 0, max: 3 }), electronic: fc.boolean() }), { minLength: 1, maxLength: 20 })])(
    'summing contributions per key gives the same totals as the rollup', (specs) => {
      const facts: CaseFacts[] = specs.map((s) => deriveFacts(input([['submit', '2026-03-02'], ['accept', '2026-03-02'], ['decide', ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23'][s.decideAfter]!, { outcome: 'approve' }], ['deliver', '2026-03-24', { method: s.electronic ? 'electronic' : 'window' }]], { trips: s.trips }), calendar, at('2026-03-25')));
      const byOrg = sumContributions(facts, '2026-03-01', '2026-03-31', (c) => c.orgId);
      const rolled = rollupDelta([], facts).daily;
      // The departments' own rows (nothing lies below them) are what was contributed to them.
      for (const org of [INTAKE.id, DECISION.id]) {
        const total = zeroCounters();
        for (const r of rolled.filter((x) => x.orgId === org)) for (const k of counterKeys) total[k] += r.counters[k];
        expect(byOrg.get(org)?.counters ?? zeroCounters()).toEqual(total);
      }
    },
  );
});

describe('the KPIs', () => {
  it('are ratios of the sums, null with nothing to measure, and meet their targets (70%, 70%, 100%, 100/200 items)', () => {
    const s = { ...zeroCounters(), receivedInPerson: 10, receivedOneWindow: 7, decided: 4, decidedOnTime: 4, handlingDays: 10, completed: 5, completedOneTrip: 4, completedZeroTrip: 2, rating1: 1, rating5: 3, followUpsDue: 1, followUpsOnTime: 0 };
    const kpis = computeKpis(s, emptyHistograms(), { catalog: { onApplication: 10, online: 6, oneTripListed: 150, atMostOneTripByProcess: 170, zeroTripByProcess: 40 }, waiting: null }, { from: '2026-03-01', to: '2026-03-31' });
    const k = (key: string) => kpis.find((x) => x.key === key)!;
    expect(k('T1')).toMatchObject({ value: 0.7, meetsTarget: true, target: 0.7 });
    expect(k('T2')).toMatchObject({ value: 0.6, meetsTarget: false });
    expect(k('T3')).toMatchObject({ value: 1, meetsTarget: true });
    expect(k('T4.items')).toMatchObject({ value: 150, target: 200, meetsTarget: false });
    expect(k('T4.cases').value).toBe(0.8);
    expect(k('T8.satisfaction')).toMatchObject({ value: 0.75, details: { rating1: 1, rating5: 3, average: 4, bad: 1 } });
    expect(k('T8.followUp')).toMatchObject({ value: 0, meetsTarget: false });
    expect(k('handling').value).toBe(2.5);
    expect(k('T7')).toMatchObject({ value: null, meetsTarget: null });
    expect(k('waiting').value).toBeNull();
    expect(oneTripItemsTarget('2019-12-31')).toBe(100);
  });

  it('medians and 90th percentiles by nearest rank', () => {
    expect(histogramPercentile(new Map(), 0.5)).toBeNull();
    expect(histogramPercentile(new Map([[3, 1]]), 0.9)).toBe(3);
    // 1, 2, 2, 4, 9: median 2, p90 9; with an even count the lower middle.
    const h = new Map([[2, 2], [1, 1], [4, 1], [9, 1]]);
    expect(histogramPercentile(h, 0.5)).toBe(2);
    expect(histogramPercentile(h, 0.9)).toBe(9);
    expect(histogramPercentile(new Map([[1, 1], [5, 1]]), 0.5)).toBe(1);
  });

  it('groups company establishment by item code and investment projects by company events', () => {
    expect(itemGroupOf('07047001001', [])).toBe('companyEstablishment');
    expect(itemGroupOf('01033001000', ['construction'])).toBe('investment');
    expect(itemGroupOf('01047004001', ['permits'])).toBeNull();
  });

  it('checks periods and months', () => {
    expect(periodError('2026-03-02', '2026-03-01')).toMatch(/after/);
    expect(periodError('2024-01-01', '2026-12-31')).toMatch(/at most/);
    expect(periodError('2024-11-28', '2026-11-28')).toBeNull();
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2024-13')).toBeNull();
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it('ranks the best first, ties sharing a rank, the unmeasured last', () => {
    expect(rankBy([{ orgId: 'a', value: 0.5 }, { orgId: 'b', value: null }, { orgId: 'c', value: 0.9 }, { orgId: 'd', value: 0.5 }], 'higher')).toEqual([
      { orgId: 'c', value: 0.9, rank: 1 }, { orgId: 'a', value: 0.5, rank: 2 }, { orgId: 'd', value: 0.5, rank: 2 }, { orgId: 'b', value: null, rank: null },
    ]);
    expect(rankBy([{ orgId: 'a', value: 3 }, { orgId: 'b', value: 1 }], 'lower')[0]!.orgId).toBe('b');
  });
});

describe('warnings and escalation', () => {
  it('yellow, then red, then the head after 2 working days late, then the supervisors after 5', () => {
    expect(stepsReached('none', 0)).toEqual([]);
    expect(stepsReached('paused', 9)).toEqual([]);
    expect(stepsReached('yellow', 0)).toEqual(['yellow']);
    expect(stepsReached('red', 1)).toEqual(['red']);
    expect(stepsReached('red', 2)).toEqual(['red', 'head']);
    expect(stepsReached('red', 5)).toEqual(['red', 'head', 'supervisor']);
  });

  it('goes to the nearest supervisors above the handling organisation', () => {
    const sups = [{ id: 'pref', scopePath: '/p/' }, { id: 'county', scopePath: '/p/c/' }, { id: 'other', scopePath: '/p/x/' }, { id: 'none', scopePath: null }];
    expect(nearestSupervisors(sups, '/p/c/d/').map((s) => s.id)).toEqual(['county']);
    expect(nearestSupervisors(sups, '/p/y/d/').map((s) => s.id)).toEqual(['pref']);
    expect(nearestSupervisors(sups, '/q/')).toEqual([]);
  });

  it('lists red first, the longest late first', () => {
    const list = [{ level: 'yellow' as const, daysLeft: 1, caseNumber: 'a' }, { level: 'paused' as const, daysLeft: null, caseNumber: 'b' }, { level: 'red' as const, daysLeft: -1, caseNumber: 'c' }, { level: 'red' as const, daysLeft: -4, caseNumber: 'd' }];
    expect(list.sort(warningOrder).map((w) => w.caseNumber)).toEqual(['d', 'c', 'a', 'b']);
  });
});
