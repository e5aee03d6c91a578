import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ticketActions, ticketStatuses } from '../../../common/queue.js';
import { makeCalendar } from '../../../common/working-days.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { Problem } from '../../platform/errors.js';
import {
  allowedTicketActions, appointmentState, BOOKING_WORKING_DAYS, bookableDays, bookingCode, checkInState, checkSlotBookable, compareRank, DEFAULT_PERIODS, estimateWaitMinutes, formatTicketNumber,
  isCancellable, nextTicketStatus, normaliseCode, normalisePeriods, openingPeriods, peopleAhead, slotCapacity, slotInstant, slotsOf, windowServes,
} from './rules.js';

const calendar = makeCalendar(officialCalendarDays(2019, 2026));
const at = (iso: string) => new Date(iso);
const problemCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof Problem ? e.code : 'not a problem';
  }
  return undefined;
};

describe('numbers', () => {
  it('carry the category letter of the windows and three digits at least', () => {
    expect(formatTicketNumber('general', 1)).toBe('A001');
    expect(formatTicketNumber('companyRegistration', 17)).toBe('B017');
    expect(formatTicketNumber('socialServices', 250)).toBe('E250');
    expect(formatTicketNumber('department', 1234)).toBe('F1234');
  });

  it('a department window calls only its own department\'s queue', () => {
    expect(windowServes({ category: 'department', departmentId: 'tax' }, { category: 'department', departmentId: 'tax' })).toBe(true);
    expect(windowServes({ category: 'department', departmentId: 'tax' }, { category: 'department', departmentId: 'police' })).toBe(false);
    expect(windowServes({ category: 'general', departmentId: null }, { category: 'general', departmentId: null })).toBe(true);
    expect(windowServes({ category: 'general', departmentId: null }, { category: 'investment', departmentId: null })).toBe(false);
  });
});

describe('a ticket\'s lifecycle', () => {
  it.each([
    ['waiting', 'call', 'called'],
    ['called', 'recall', 'called'],
    ['called', 'noShow', 'noShow'],
    ['called', 'start', 'serving'],
    ['serving', 'finish', 'done'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextTicketStatus(from, action)).toBe(to);
  });

  it('refuses every other move with 409 queue.invalid_transition', () => {
    let refused = 0;
    for (const from of ticketStatuses) {
      for (const action of ticketActions) {
        const code = problemCode(() => nextTicketStatus(from, action));
        if (code) {
          expect(code).toBe('queue.invalid_transition');
          refused++;
        }
      }
    }
    expect(refused).toBe(ticketStatuses.length * ticketActions.length - 5);
  });

  it('offers the buttons the status allows (calling is the window\'s, not the ticket\'s)', () => {
    expect(allowedTicketActions('waiting')).toEqual([]);
    expect(allowedTicketActions('called')).toEqual(['recall', 'noShow', 'start']);
    expect(allowedTicketActions('serving')).toEqual(['finish']);
    expect(allowedTicketActions('done')).toEqual([]);
    expect(allowedTicketActions('noShow')).toEqual([]);
  });
});

describe('who is called first', () => {
  const now = at('2026-03-02T03:00:00Z'); // 11:00 in Shanghai
  const walkIn = (id: string, taken: string) => ({ id, takenAt: at(taken), slotStartsAt: null });
  const booked = (id: string, taken: string, slot: string) => ({ id, takenAt: at(taken), slotStartsAt: at(slot) });

  it('an appointment whose slot has begun goes before every walk-in; one checked in early waits its turn', () => {
    const tickets = [
      walkIn('w1', '2026-03-02T02:05:00Z'),
      booked('early', '2026-03-02T02:06:00Z', '2026-03-02T04:00:00Z'), // slot at 12:00: not begun
      walkIn('w2', '2026-03-02T02:10:00Z'),
      booked('due', '2026-03-02T02:55:00Z', '2026-03-02T03:00:00Z'), // slot at 11:00: begun
    ];
    expect([...tickets].sort((a, b) => compareRank(a, b, now)).map((t) => t.id)).toEqual(['due', 'w1', 'early', 'w2']);
    expect(peopleAhead(tickets[2]!, tickets, now)).toBe(3);
    expect(peopleAhead(tickets[3]!, tickets, now)).toBe(0);
  });

  test.prop([fc.array(fc.record({ taken: fc.integer({ min: 0, max: 1000 }), slot: fc.option(fc.integer({ min: 0, max: 1000 })) }), { maxLength: 30 })])(
    'the order is total: each ticket has as many ahead as its place in the sorted queue',
    (raw) => {
      const base = now.getTime() - 500 * 60_000;
      const tickets = raw.map((r, i) => ({ id: `t${String(i).padStart(3, '0')}`, takenAt: new Date(base + r.taken * 60_000), slotStartsAt: r.slot === null ? null : new Date(base + r.slot * 60_000) }));
      const sorted = [...tickets].sort((a, b) => compareRank(a, b, now));
      sorted.forEach((t, i) => expect(peopleAhead(t, tickets, now)).toBe(i));
    },
  );

  it('estimates the wait from today\'s average, shared among the windows', () => {
    expect(estimateWaitMinutes(0, 600_000, 1)).toBe(0);
    expect(estimateWaitMinutes(3, 600_000, 1)).toBe(30);
    expect(estimateWaitMinutes(3, 600_000, 2)).toBe(15);
    expect(estimateWaitMinutes(2, null, 0)).toBe(16); // no history: 8 minutes each, at least one window
  });
});

describe('opening hours and slots', () => {
  const changji = '周一至周五 夏季（5月1日—9月30日）10:00-14:00, 16:00-20:00；冬季（10月1日—次年4月30日）10:00-14:00, 15:30-19:30（北京时间）；周六 11:00-17:00 综合窗口、企业开办窗口预约延时服务；法定节假日休息';

  it('reads a site\'s published hours by season, ignoring the weekend-only part', () => {
    expect(openingPeriods(changji, '2026-03-02')).toEqual([{ from: '10:00', to: '14:00' }, { from: '15:30', to: '19:30' }]);
    expect(openingPeriods(changji, '2026-07-15')).toEqual([{ from: '10:00', to: '14:00' }, { from: '16:00', to: '20:00' }]);
    expect(openingPeriods(changji, '2026-10-01')).toEqual([{ from: '10:00', to: '14:00' }, { from: '15:30', to: '19:30' }]);
    expect(openingPeriods(changji, '2026-04-30')).toEqual([{ from: '10:00', to: '14:00' }, { from: '15:30', to: '19:30' }]);
    expect(openingPeriods('周一至周五 10:00-14:00, 16:00-19:30（北京时间）', '2026-03-02')).toEqual([{ from: '10:00', to: '14:00' }, { from: '16:00', to: '19:30' }]);
  });

  it('falls back to the usual hours when nothing is readable', () => {
    expect(openingPeriods('工作日办公', '2026-03-02')).toEqual(DEFAULT_PERIODS);
    expect(openingPeriods('', '2026-03-02')).toEqual(DEFAULT_PERIODS);
  });

  it('merges overlapping periods and refuses inverted ones', () => {
    expect(normalisePeriods([{ from: '13:00', to: '15:00' }, { from: '09:00', to: '12:00' }, { from: '11:30', to: '12:30' }])).toEqual([{ from: '09:00', to: '12:30' }, { from: '13:00', to: '15:00' }]);
    expect(problemCode(() => normalisePeriods([{ from: '12:00', to: '11:00' }]))).toBe('validation_failed');
  });

  it('cuts whole 30-minute slots', () => {
    expect(slotsOf([{ from: '10:00', to: '11:45' }, { from: '15:30', to: '16:30' }])).toEqual(['10:00', '10:30', '11:00', '15:30', '16:00']);
    expect(slotsOf(DEFAULT_PERIODS)).toHaveLength(16);
  });

  it('places a slot in Asia/Shanghai', () => {
    expect(slotInstant('2026-03-02', '10:00').toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(slotInstant('2026-03-02', '07:30').toISOString()).toBe('2026-03-01T23:30:00.000Z');
  });
});

describe('booking', () => {
  it('offers today and the following working days on the official calendar', () => {
    const days = bookableDays('2026-09-30', calendar); // the National Day holiday follows
    expect(days).toHaveLength(BOOKING_WORKING_DAYS);
    expect(days[0]).toBe('2026-09-30');
    expect(days).not.toContain('2026-10-01');
    expect(days[1]).toBe('2026-10-08'); // National Day: 1–7 October off
    expect(days).toContain('2026-10-10'); // a Saturday worked in exchange
  });

  it('starts from the next working day on a holiday', () => {
    expect(bookableDays('2026-03-07', calendar)[0]).toBe('2026-03-09'); // a Saturday
  });

  it('a slot must be bookable, of the day, and not begun', () => {
    const days = ['2026-03-02', '2026-03-03'];
    const slots = ['10:00', '10:30'];
    const now = at('2026-03-02T02:10:00Z'); // 10:10
    expect(checkSlotBookable({ date: '2026-03-02', slot: '10:30', now, days, slots }).toISOString()).toBe('2026-03-02T02:30:00.000Z');
    expect(problemCode(() => checkSlotBookable({ date: '2026-03-02', slot: '10:00', now, days, slots }))).toBe('queue.slot_unavailable');
    expect(problemCode(() => checkSlotBookable({ date: '2026-03-02', slot: '10:15', now, days, slots }))).toBe('queue.slot_unavailable');
    expect(problemCode(() => checkSlotBookable({ date: '2026-03-04', slot: '10:30', now, days, slots }))).toBe('queue.slot_unavailable');
  });

  it('capacity: the administrators\' number, or two per window', () => {
    expect(slotCapacity({}, 'general', 3)).toBe(6);
    expect(slotCapacity({}, 'general', 0)).toBe(2);
    expect(slotCapacity({ general: 5 }, 'general', 3)).toBe(5);
    expect(slotCapacity({ general: 0 }, 'general', 3)).toBe(0);
  });

  it('check-in: on the day, until 30 minutes after the slot ends', () => {
    const slot = at('2026-03-02T03:00:00Z'); // 11:00
    expect(checkInState(slot, '2026-03-02', '2026-03-02', at('2026-03-02T02:00:00Z'))).toBe('early');
    expect(checkInState(slot, '2026-03-02', '2026-03-02', at('2026-03-02T03:00:00Z'))).toBe('due');
    expect(checkInState(slot, '2026-03-02', '2026-03-02', at('2026-03-02T04:00:00Z'))).toBe('due');
    expect(problemCode(() => checkInState(slot, '2026-03-02', '2026-03-02', at('2026-03-02T04:00:01Z')))).toBe('queue.appointment_expired');
    expect(problemCode(() => checkInState(slot, '2026-03-02', '2026-03-03', at('2026-03-03T02:00:00Z')))).toBe('queue.code_not_today');
  });

  it('an appointment is missed once its check-in time has passed, and cancellable until its slot begins', () => {
    const a = { status: 'booked' as const, startsAt: at('2026-03-02T03:00:00Z') };
    expect(appointmentState(a, at('2026-03-02T02:59:00Z'))).toBe('upcoming');
    expect(appointmentState(a, at('2026-03-02T04:00:01Z'))).toBe('missed');
    expect(appointmentState({ ...a, status: 'checkedIn' }, at('2026-03-02T05:00:00Z'))).toBe('checkedIn');
    expect(isCancellable(a, at('2026-03-02T02:59:00Z'))).toBe(true);
    expect(isCancellable(a, at('2026-03-02T03:00:00Z'))).toBe(false);
    expect(isCancellable({ ...a, status: 'cancelled' }, at('2026-03-02T02:00:00Z'))).toBe(false);
  });

  test.prop([fc.uint8Array({ minLength: 16, maxLength: 16 })])('booking codes are 8 unambiguous characters and survive being typed sloppily', (bytes) => {
    const code = bookingCode(bytes);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(normaliseCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
  });
});
