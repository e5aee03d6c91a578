import { describe, expect, it } from 'vitest';
import { caseActions, caseStatuses, materialSources, trustLevels, type CaseAction } from '../../../common/cases.js';
import { makeCalendar } from '../../../common/working-days.js';
import { Problem } from '../../platform/errors.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { allowedActions, computeClock, deliveryChoiceOf, formatCaseNumber, levelOfFiles, listWarning, nextStatus, originalToCheck, reuseOf, trustLevelOf, tripFacts, type ActorFacts, type CaseFacts, type ClockEvent } from './rules.js';

const calendar = makeCalendar(officialCalendarDays(2019, 2026));
// 10:00 in Shanghai on a given day.
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const ev = (action: CaseAction, day: string, data?: ClockEvent['data']): ClockEvent => ({ action, at: at(day), data: data ?? null });
const clock = (events: ClockEvent[], now: string, limits = { statutory: 20, promised: 5 }) => computeClock(events, limits, calendar, at(now, 12));

describe('the lifecycle (DOMAIN.md)', () => {
  it.each([
    ['submitted', 'accept', 'accepted'],
    ['correction_requested', 'accept', 'accepted'],
    ['submitted', 'requestCorrection', 'correction_requested'],
    ['correction_requested', 'resubmit', 'submitted'],
    ['submitted', 'refuseIntake', 'refused'],
    ['accepted', 'startReview', 'in_review'],
    ['in_review', 'suspend', 'suspended'],
    ['suspended', 'resume', 'in_review'],
    ['in_review', 'decide', 'decided'],
    ['decided', 'deliver', 'delivered'],
    ['delivered', 'archive', 'archived'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('refuses every other move with a 409 problem', () => {
    let refused = 0;
    for (const from of caseStatuses) {
      for (const action of caseActions) {
        try {
          nextStatus(from, action);
        } catch (e) {
          expect(e).toBeInstanceOf(Problem);
          expect((e as Problem).code).toBe('case.invalid_transition');
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(150);
    expect(() => nextStatus('decided', 'decide')).toThrow(Problem);
    expect(() => nextStatus('archived', 'accept')).toThrow(Problem);
    expect(() => nextStatus('suspended', 'decide')).toThrow(Problem);
  });
});

describe('rule 3: time limits in working days from acceptance, the day of acceptance not counted', () => {
  it('runs across the 2025 Spring Festival (Jan 28 – Feb 4 off, Sunday Jan 26 worked)', () => {
    const c = clock([ev('submit', '2025-01-23'), ev('accept', '2025-01-24')], '2025-01-24');
    expect(c.startedOn).toBe('2025-01-24');
    expect(c.promisedDueOn).toBe('2025-02-07'); // Jan 26, Jan 27, Feb 5, 6, 7
    expect(c.statutoryDueOn).toBe('2025-02-27'); // Saturday Feb 8 was worked too
  });

  it('runs across the 2024 National Day with its two adjusted Saturdays', () => {
    const c = clock([ev('accept', '2024-09-27')], '2024-09-27');
    expect(c.promisedDueOn).toBe('2024-10-10'); // Sep 29, Sep 30, Oct 8, 9, 10
  });

  it('counts used and remaining days, and warns yellow near the end and red when late', () => {
    const events = [ev('accept', '2026-03-02')];
    expect(clock(events, '2026-03-03')).toMatchObject({ usedDays: 1, promisedLeft: 4, warning: 'none' });
    expect(clock(events, '2026-03-06')).toMatchObject({ usedDays: 4, promisedLeft: 1, warning: 'yellow' });
    expect(clock(events, '2026-03-09')).toMatchObject({ usedDays: 5, promisedLeft: 0, warning: 'yellow' });
    expect(clock(events, '2026-03-10')).toMatchObject({ usedDays: 6, promisedLeft: -1, warning: 'red' });
  });

  it('yellow within 20% of a long limit', () => {
    const events = [ev('accept', '2026-03-02')];
    const limits = { statutory: 20, promised: 20 };
    expect(clock(events, '2026-03-23', limits)).toMatchObject({ promisedLeft: 5, warning: 'none' });
    expect(clock(events, '2026-03-24', limits)).toMatchObject({ promisedLeft: 4, warning: 'yellow' });
  });
});

describe('rule 4: pauses do not count, and a paused case is paused, never late', () => {
  it('moves the deadlines by the working days paused', () => {
    const events = [ev('accept', '2026-03-02'), ev('suspend', '2026-03-03', { reason: 'expertReview', expectedDays: 5 }), ev('resume', '2026-03-10')];
    const c = clock(events, '2026-03-11');
    expect(c.paused).toEqual([{ from: '2026-03-03', to: '2026-03-10', reason: 'expertReview', expectedDays: 5, days: 5 }]);
    expect(c.pausedDays).toBe(5);
    expect(c.usedDays).toBe(2);
    expect(c.promisedDueOn).toBe('2026-03-16');
  });

  it('shows a case suspended beyond its deadline as paused', () => {
    const c = clock([ev('accept', '2026-03-02'), ev('suspend', '2026-03-04', { reason: 'testing', expectedDays: 30 })], '2026-04-30');
    expect(c.pausedNow).toBe(true);
    expect(c.warning).toBe('paused');
  });
});

describe('rules 1 and 3: the 5-day intake rule and the one extension', () => {
  it('gives intake 5 working days from receipt, and a deemed acceptance counts from receipt', () => {
    expect(clock([ev('submit', '2026-04-30')], '2026-04-30').intakeDueOn).toBe('2026-05-11'); // Labour Day May 1–5, May 9 worked
    const c = clock([ev('submit', '2026-03-02'), ev('deemAccept', '2026-03-10', { acceptedOn: '2026-03-02' })], '2026-03-10');
    expect(c).toMatchObject({ deemed: true, startedOn: '2026-03-02', usedDays: 6 });
  });

  it('adds 10 working days to the statutory limit only', () => {
    const c = clock([ev('accept', '2026-03-02'), ev('extend', '2026-03-20', { days: 10 })], '2026-03-20');
    expect(c.extensionDays).toBe(10);
    expect(c.statutoryDueOn).toBe('2026-04-14'); // 30 working days, Qingming Apr 4–6
    expect(c.promisedDueOn).toBe('2026-03-09');
  });

  it('records on-time against the promise and the certificate due date after an approval (Art. 44)', () => {
    const c = clock([ev('accept', '2026-03-02'), ev('decide', '2026-03-05', { outcome: 'approve' })], '2026-04-01');
    expect(c).toMatchObject({ decidedOn: '2026-03-05', usedDays: 3, onTime: true, withinStatutory: true, warning: 'none', certificateDueOn: '2026-03-19' });
    expect(clock([ev('accept', '2026-03-02'), ev('decide', '2026-03-20', { outcome: 'deny' })], '2026-04-01')).toMatchObject({ onTime: false, certificateDueOn: null });
  });
});

describe('allowed actions (deny by default)', () => {
  const nobody: ActorFacts = { isApplicant: false, isIntakeClerk: false, isHandler: false, isHandlerHead: false, hasOpenTask: false };
  const base: CaseFacts = { status: 'in_review', atDecisionOrg: true, openTasks: 0, extended: false, outcome: null, certificateIssued: false, pendingMaterials: 0 };

  it('offers nothing to a stranger', () => {
    for (const status of caseStatuses) expect(allowedActions({ ...base, status }, nobody)).toEqual([]);
  });

  it('lets the deciding department decide only with every task answered, and forward only before it', () => {
    const handler = { ...nobody, isHandler: true };
    expect(allowedActions(base, handler)).toContain('decide');
    expect(allowedActions({ ...base, openTasks: 1 }, handler)).not.toContain('decide');
    expect(allowedActions({ ...base, atDecisionOrg: false }, handler)).toEqual(expect.arrayContaining(['forward']));
    expect(allowedActions({ ...base, atDecisionOrg: false }, handler)).not.toContain('decide');
  });

  it('leaves the extension to the head, once', () => {
    expect(allowedActions(base, { ...nobody, isHandler: true })).not.toContain('extend');
    expect(allowedActions(base, { ...nobody, isHandler: true, isHandlerHead: true })).toContain('extend');
    expect(allowedActions({ ...base, extended: true }, { ...nobody, isHandler: true, isHandlerHead: true })).not.toContain('extend');
  });

  it('blocks delivery of an approval until the certificate is issued and pending materials are in (rule 2)', () => {
    const handler = { ...nobody, isHandler: true };
    const decided = { ...base, status: 'decided' as const, outcome: 'approve' as const };
    expect(allowedActions(decided, handler)).not.toContain('deliver');
    expect(allowedActions({ ...decided, certificateIssued: true, pendingMaterials: 1 }, handler)).not.toContain('deliver');
    expect(allowedActions({ ...decided, certificateIssued: true }, handler)).toContain('deliver');
    expect(allowedActions({ ...decided, outcome: 'deny' }, handler)).toContain('deliver');
  });
});

describe('numbers, trips and list warnings', () => {
  it('formats case numbers as region code, date and the day\'s sequence', () => {
    expect(formatCaseNumber('652301', '2026-03-02', 17)).toBe('6523012026030200017');
  });

  it('rule 8: at most one trip with ≤ 1 visit, zero when none', () => {
    expect([0, 1, 2].map(tripFacts)).toEqual([
      { trips: 0, atMostOneTrip: true, zeroTrip: true },
      { trips: 1, atMostOneTrip: true, zeroTrip: false },
      { trips: 2, atMostOneTrip: false, zeroTrip: false },
    ]);
  });

  it('derives a list warning from the cached deadline', () => {
    expect(listWarning('in_review', '2026-03-09', 5, calendar, at('2026-03-06'))).toBe('yellow');
    expect(listWarning('in_review', '2026-03-09', 5, calendar, at('2026-03-10'))).toBe('red');
    expect(listWarning('suspended', '2026-03-09', 5, calendar, at('2026-03-10'))).toBe('paused');
    expect(listWarning('in_review', '2026-03-20', 5, calendar, at('2026-03-02'))).toBe('none');
  });
});

describe('rule 7: the applicant chooses how the result reaches them, until it is delivered', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  const facts = (status: CaseFacts['status']): CaseFacts => ({ status, atDecisionOrg: true, openTasks: 0, extended: false, outcome: null, certificateIssued: false, pendingMaterials: 0 });
  const applicant: ActorFacts = { isApplicant: true, isIntakeClerk: false, isHandler: false, isHandlerHead: false, hasOpenTask: false };
  const staff: ActorFacts = { isApplicant: false, isIntakeClerk: true, isHandler: true, isHandlerHead: true, hasOpenTask: true };

  it('is the applicant\'s, from the draft until delivery', () => {
    for (const status of caseStatuses) {
      const open = ['draft', 'submitted', 'correction_requested', 'accepted', 'in_review', 'suspended', 'decided'].includes(status);
      expect(allowedActions(facts(status), applicant).includes('chooseDelivery'), status).toBe(open);
      expect(allowedActions(facts(status), staff)).not.toContain('chooseDelivery');
      if (open) expect(nextStatus(status, 'chooseDelivery')).toBe(status);
    }
  });

  it('keeps only what the method needs; express needs a recipient, a phone and an address', () => {
    expect(deliveryChoiceOf({ method: 'electronic', address: '昌吉市' }, now)).toEqual({ method: 'electronic', chosenAt: now.toISOString() });
    expect(deliveryChoiceOf({ method: 'express', recipient: ' 张伟 ', phone: '13899120001', address: '昌吉市北京南路56号' }, now)).toEqual({ method: 'express', recipient: '张伟', phone: '13899120001', address: '昌吉市北京南路56号', chosenAt: now.toISOString() });
    try {
      deliveryChoiceOf({ method: 'express', recipient: '张伟', address: ' ' }, now, '/body/deliveryChoice');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Problem);
      expect((err as Problem).errors?.map((e) => e.field)).toEqual(['/body/deliveryChoice/phone', '/body/deliveryChoice/address']);
    }
  });
});

describe('trust levels (issue 8 item 5)', () => {
  it('gives a material its level from how it came in', () => {
    expect(Object.fromEntries(materialSources.map((s) => [s, trustLevelOf(s)]))).toEqual({ certificate: 'A', sharedData: 'A', paper: 'B', upload: 'C', commitment: 'D' });
  });

  it('reuses A as issued, B as checked, C with its original still to check, and D never', () => {
    expect(Object.fromEntries(trustLevels.map((l) => [l, reuseOf(l)]))).toEqual({
      A: { level: 'A', originalToCheck: false },
      B: { level: 'B', originalToCheck: false },
      C: { level: 'C', originalToCheck: true },
      D: null,
    });
    expect(trustLevels.filter(originalToCheck)).toEqual(['C']);
  });

  it('never raises a level by reuse: a reused material is trusted at most as it was (A is the highest)', () => {
    for (const l of trustLevels) {
      const r = reuseOf(l);
      if (r) expect(r.level >= l).toBe(true);
    }
  });

  it('files paper seen at a window as B, a fresh upload as C, and reused files as their level allows', () => {
    expect(levelOfFiles('paper', null)).toBe('B');
    expect(levelOfFiles('paper', 'C')).toBe('B');
    expect(levelOfFiles('upload', null)).toBe('C');
    expect(levelOfFiles('upload', 'B')).toBe('B');
    expect(levelOfFiles('upload', 'C')).toBe('C');
    // A commitment is never reused: its files (if any) count as a fresh upload.
    expect(levelOfFiles('upload', 'D')).toBe('C');
  });
});
