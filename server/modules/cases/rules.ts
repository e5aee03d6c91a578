import { caseStatuses, type CaseAction, type CaseStatus, type DeliveryMethod, type MaterialSource, type SuspendReason, type TrustLevel, type WarningLevel } from '../../../common/cases.js';
import { addWorkingDays, countWorkingDays, shanghaiDate, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { Problem, type FieldError } from '../../platform/errors.js';
import type { DeliveryChoice } from './schema.js';

// The lifecycle as data (DOMAIN.md "The case lifecycle"): what each action does from each status.
const NEXT: Record<CaseAction, Partial<Record<CaseStatus, CaseStatus>>> = {
  submit: { draft: 'submitted' },
  withdraw: { draft: 'withdrawn', submitted: 'withdrawn', correction_requested: 'withdrawn' },
  requestCorrection: { submitted: 'correction_requested' },
  resubmit: { correction_requested: 'submitted' },
  refuseIntake: { submitted: 'refused', correction_requested: 'refused' },
  // Art. 32(c): correctable errors may be fixed on the spot, so a case awaiting correction can be accepted at the window.
  accept: { submitted: 'accepted', correction_requested: 'accepted' },
  deemAccept: { submitted: 'accepted' },
  startReview: { accepted: 'in_review' },
  forward: { in_review: 'in_review' },
  suspend: { in_review: 'suspended' },
  resume: { suspended: 'in_review' },
  extend: { in_review: 'in_review', suspended: 'suspended' },
  decide: { in_review: 'decided' },
  issue: { decided: 'decided' },
  deliver: { decided: 'delivered' },
  archive: { delivered: 'archived', refused: 'archived', withdrawn: 'archived', revoked: 'archived', terminated: 'archived' },
  revoke: { accepted: 'revoked', in_review: 'revoked', suspended: 'revoked', decided: 'revoked' },
  terminate: { accepted: 'terminated', in_review: 'terminated', suspended: 'terminated' },
  // Events that leave the status as it is.
  supplyPending: { accepted: 'accepted', in_review: 'in_review', suspended: 'suspended', decided: 'decided' },
  openTasks: { in_review: 'in_review' },
  answerTask: { in_review: 'in_review' },
  recordTrip: Object.fromEntries(caseStatuses.map((s) => [s, s])),
  // The applicant may change how the result reaches them until it has been delivered.
  chooseDelivery: { draft: 'draft', submitted: 'submitted', correction_requested: 'correction_requested', accepted: 'accepted', in_review: 'in_review', suspended: 'suspended', decided: 'decided' },
};

/** The status `action` leads to, or 409 when the lifecycle does not allow it. */
export function nextStatus(from: CaseStatus, action: CaseAction): CaseStatus {
  const to = NEXT[action][from];
  if (!to) throw new Problem('case.invalid_transition', `${action} is not allowed when the case is ${from}`);
  return to;
}

export const canTransition = (from: CaseStatus, action: CaseAction): boolean => !!NEXT[action][from];

/** Statuses from which nothing more happens to the case but archiving. */
export const finalStatuses: readonly CaseStatus[] = ['delivered', 'archived', 'refused', 'withdrawn', 'revoked', 'terminated'];

/** Art. 32(d): without an intake decision within 5 working days, the case counts as accepted from receipt. */
export const INTAKE_DAYS = 5;
/** Art. 42: one extension of 10 working days, approved by the head of the organisation. */
export const EXTENSION_DAYS = 10;
/** Art. 44: the certificate is issued within 10 working days of approval. */
export const CERTIFICATE_DAYS = 10;

/** What the clock needs of a case event. */
export interface ClockEvent {
  action: CaseAction;
  at: Date;
  /** `deemAccept`: the day the case counts as accepted; `extend`: days; `suspend`: reason and expected days; `decide`: outcome. */
  data?: { acceptedOn?: IsoDate; days?: number; reason?: SuspendReason; expectedDays?: number; outcome?: 'approve' | 'deny' } | null;
}

export interface PausedInterval {
  from: IsoDate;
  /** null while the case is still suspended. */
  to: IsoDate | null;
  reason: SuspendReason | null;
  expectedDays: number | null;
  /** Working days the pause has taken so far. */
  days: number;
}

export interface CaseClock {
  receivedOn: IsoDate | null;
  /** Last day for the intake decision (Art. 32). */
  intakeDueOn: IsoDate | null;
  startedOn: IsoDate | null;
  /** Accepted by the 5-day rule rather than by a clerk. */
  deemed: boolean;
  paused: PausedInterval[];
  pausedNow: boolean;
  pausedDays: number;
  extensionDays: number;
  statutoryDueOn: IsoDate | null;
  promisedDueOn: IsoDate | null;
  usedDays: number;
  statutoryLeft: number | null;
  promisedLeft: number | null;
  decidedOn: IsoDate | null;
  /** Within the promised limit (DOMAIN rule 3: on time means within the promise); null while undecided. */
  onTime: boolean | null;
  withinStatutory: boolean | null;
  certificateDueOn: IsoDate | null;
  warning: WarningLevel;
}

/**
 * The case's clock, computed only from its events and the calendar (never from dates typed by
 * staff). Art. 42: working days from acceptance, the day of acceptance not counted; Art. 45: pauses
 * do not count; Art. 42(1): one extension.
 */
export function computeClock(events: ClockEvent[], limits: { statutory: number; promised: number }, calendar: Calendar, now: Date): CaseClock {
  const today = shanghaiDate(now);
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  let receivedOn: IsoDate | null = null;
  let startedOn: IsoDate | null = null;
  let deemed = false;
  let decidedOn: IsoDate | null = null;
  let outcome: 'approve' | 'deny' | null = null;
  let extensionDays = 0;
  const paused: PausedInterval[] = [];
  for (const e of sorted) {
    const on = shanghaiDate(e.at);
    switch (e.action) {
      case 'submit':
      case 'resubmit':
        if (!startedOn) receivedOn = on;
        break;
      case 'accept':
        startedOn ??= on;
        break;
      case 'deemAccept':
        startedOn ??= e.data?.acceptedOn ?? receivedOn ?? on;
        deemed = true;
        break;
      case 'suspend':
        paused.push({ from: on, to: null, reason: e.data?.reason ?? null, expectedDays: e.data?.expectedDays ?? null, days: 0 });
        break;
      case 'resume': {
        const open = paused.at(-1);
        if (open && !open.to) open.to = on;
        break;
      }
      case 'extend':
        extensionDays += e.data?.days ?? EXTENSION_DAYS;
        break;
      case 'decide':
        decidedOn ??= on;
        outcome = e.data?.outcome ?? null;
        break;
      default:
    }
  }
  const end = decidedOn ?? today;
  for (const p of paused) p.days = countWorkingDays(p.from, p.to ?? (end > p.from ? end : p.from), calendar);
  const pausedNow = !decidedOn && paused.some((p) => p.to === null);
  const pausedDays = paused.reduce((sum, p) => sum + p.days, 0);

  const intakeDueOn = receivedOn ? addWorkingDays(receivedOn, INTAKE_DAYS, calendar) : null;
  if (!startedOn) {
    return {
      receivedOn, intakeDueOn, startedOn, deemed, paused, pausedNow: false, pausedDays: 0, extensionDays, statutoryDueOn: null, promisedDueOn: null,
      usedDays: 0, statutoryLeft: null, promisedLeft: null, decidedOn, onTime: null, withinStatutory: null, certificateDueOn: null, warning: 'none',
    };
  }
  const statutory = limits.statutory + extensionDays;
  const usedDays = Math.max(0, countWorkingDays(startedOn, end, calendar) - pausedDays);
  const statutoryLeft = statutory - usedDays;
  const promisedLeft = limits.promised - usedDays;
  let warning: WarningLevel = 'none';
  if (!decidedOn) {
    if (pausedNow) warning = 'paused';
    else if (promisedLeft < 0 || statutoryLeft < 0) warning = 'red';
    else if (promisedLeft <= 1 || promisedLeft <= limits.promised * 0.2) warning = 'yellow';
  }
  return {
    receivedOn,
    intakeDueOn,
    startedOn,
    deemed,
    paused,
    pausedNow,
    pausedDays,
    extensionDays,
    statutoryDueOn: addWorkingDays(startedOn, statutory + pausedDays, calendar),
    promisedDueOn: addWorkingDays(startedOn, limits.promised + pausedDays, calendar),
    usedDays,
    statutoryLeft,
    promisedLeft,
    decidedOn,
    onTime: decidedOn ? promisedLeft >= 0 : null,
    withinStatutory: decidedOn ? statutoryLeft >= 0 : null,
    certificateDueOn: decidedOn && outcome === 'approve' ? addWorkingDays(decidedOn, CERTIFICATE_DAYS, calendar) : null,
    warning,
  };
}

/** DOMAIN rule 8: "at most one trip" holds with ≤ 1 in-person visit, zero when done fully online or by express. */
export const tripFacts = (trips: number) => ({ trips, atMostOneTrip: trips <= 1, zeroTrip: trips === 0 });

/**
 * DOMAIN rule 8 counts visits, not steps: what happens at a site on a day a visit there is already
 * recorded (filing, then collecting the result before leaving) belongs to that visit.
 */
export const sameVisit = (trips: readonly { at: Date; siteId: string | null }[], siteId: string | null, now: Date): boolean =>
  !!siteId && trips.some((t) => t.siteId === siteId && shanghaiDate(t.at) === shanghaiDate(now));

/** The human case number: region code, filing date, and the day's sequence in that region (e.g. 6523012026030200017). */
export const formatCaseNumber = (regionCode: string, day: IsoDate, seq: number): string => `${regionCode}${day.replaceAll('-', '')}${String(seq).padStart(5, '0')}`;

/** Whose move it is, as the service sees the actor against this case. */
export interface ActorFacts {
  isApplicant: boolean;
  /** A window clerk of the government where the case is taken in. */
  isIntakeClerk: boolean;
  /** A reviewer or head of the organisation now handling the case. */
  isHandler: boolean;
  isHandlerHead: boolean;
  /** A reviewer of a department with an open parallel task on the case. */
  hasOpenTask: boolean;
}

export interface CaseFacts {
  status: CaseStatus;
  /** The intake organisation decides too (no split), or the case has been forwarded to the deciding organisation. */
  atDecisionOrg: boolean;
  openTasks: number;
  extended: boolean;
  outcome: 'approve' | 'deny' | null;
  certificateIssued: boolean;
  pendingMaterials: number;
}

/** Actions the UI may offer this actor on this case (the service checks them again: deny by default). */
export function allowedActions(c: CaseFacts, a: ActorFacts): CaseAction[] {
  const out: CaseAction[] = [];
  const can = (action: CaseAction, who: boolean, extra = true) => {
    if (who && extra && canTransition(c.status, action)) out.push(action);
  };
  can('submit', a.isApplicant);
  can('withdraw', a.isApplicant);
  can('resubmit', a.isApplicant);
  can('requestCorrection', a.isIntakeClerk);
  can('refuseIntake', a.isIntakeClerk);
  can('accept', a.isIntakeClerk);
  can('startReview', a.isHandler);
  can('forward', a.isHandler, !c.atDecisionOrg && c.openTasks === 0);
  can('suspend', a.isHandler);
  can('resume', a.isHandler);
  can('extend', a.isHandlerHead, !c.extended);
  can('openTasks', a.isHandler);
  can('answerTask', a.hasOpenTask);
  can('decide', a.isHandler, c.atDecisionOrg && c.openTasks === 0);
  can('issue', a.isHandler, c.outcome === 'approve' && !c.certificateIssued);
  // Pending materials block delivery of an approval until they are in (DOMAIN rule 2).
  can('deliver', a.isHandler || a.isIntakeClerk, c.outcome === 'deny' || (c.certificateIssued && c.pendingMaterials === 0));
  can('archive', a.isHandler || a.isIntakeClerk);
  can('supplyPending', a.isApplicant || a.isIntakeClerk || a.isHandler, c.pendingMaterials > 0);
  can('recordTrip', a.isIntakeClerk || a.isHandler);
  can('chooseDelivery', a.isApplicant);
  return out;
}

/** A list's warning from a case's cached deadline (the detail view recomputes it from the events). */
export function listWarning(status: CaseStatus, promisedDueOn: IsoDate | null, promisedLimit: number, calendar: Calendar, now: Date): WarningLevel {
  if (status === 'suspended') return 'paused';
  if (!promisedDueOn || !['accepted', 'in_review'].includes(status)) return 'none';
  const today = shanghaiDate(now);
  if (today > promisedDueOn) return 'red';
  const left = countWorkingDays(today, promisedDueOn, calendar);
  return left <= 1 || left <= promisedLimit * 0.2 ? 'yellow' : 'none';
}

/** A bad rating (不满意, 非常不满意) is followed up: verified, answered, rectified, the applicant called back. */
export const isBadRating = (level: number): boolean => level <= 2;

/** The review inbox's boxes (back office) and the statuses of the cases a department handles in each. */
export const reviewBoxStatuses = {
  toReview: ['accepted', 'in_review'],
  suspended: ['suspended'],
  toDeliver: ['decided'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type ReviewBox = keyof typeof reviewBoxStatuses;

/**
 * Working days from `today` to `dueOn`: what is left (0 on the day itself), or minus the working
 * days since it passed. The day it falls on counts as the last day (Civil Code Art. 201).
 */
export function workingDaysLeft(today: IsoDate, dueOn: IsoDate, calendar: Calendar): number {
  return today <= dueOn ? countWorkingDays(today, dueOn, calendar) : -countWorkingDays(dueOn, today, calendar);
}

// ---------------------------------------------------------------- the applicant's delivery choice

export interface DeliveryChoiceInput {
  method: DeliveryMethod;
  recipient?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
}

/**
 * How the applicant wants the result (DOMAIN rule 7): at the window, electronically, or by express to
 * a recipient, phone and address, all three needed for the courier. Blank parts are dropped; the
 * other methods keep none of them.
 * @throws Problem 'validation_failed' naming each missing part of an express address under `at`.
 */
export function deliveryChoiceOf(input: DeliveryChoiceInput, now: Date, at = '/body'): DeliveryChoice {
  const chosenAt = now.toISOString();
  if (input.method !== 'express') return { method: input.method, chosenAt };
  const parts = { recipient: input.recipient?.trim(), phone: input.phone?.trim(), address: input.address?.trim() };
  const errors: FieldError[] = (Object.keys(parts) as (keyof typeof parts)[]).filter((k) => !parts[k]).map((k) => ({ field: `${at}/${k}`, message: 'required for express delivery' }));
  if (errors.length) throw new Problem('validation_failed', 'express delivery needs a recipient, a phone number and an address', errors);
  return { method: 'express', recipient: parts.recipient!, phone: parts.phone!, address: parts.address!, chosenAt };
}

// ---------------------------------------------------------------- trust levels (issue 8 item 5)

const LEVEL_OF_SOURCE: Record<MaterialSource, TrustLevel> = {
  // Issued by a government body and signed: the e-certificate library, the data sharing platform.
  certificate: 'A',
  sharedData: 'A',
  // The original seen by a clerk at a window.
  paper: 'B',
  // A file the applicant uploaded: the original is checked when it is used.
  upload: 'C',
  // The applicant's own statement under a commitment (告知承诺), checked afterwards if at all.
  commitment: 'D',
};

/** The trust level a material gets from how it came in. */
export const trustLevelOf = (source: MaterialSource): TrustLevel => LEVEL_OF_SOURCE[source];

/** What reusing a material of a level in a later case gives, or null when it may not be reused. */
export interface Reuse {
  level: TrustLevel;
  /** The clerk checks the original when the later case uses it. */
  originalToCheck: boolean;
}

/**
 * What reuse in a later case means for each level: A is reused as issued, B as checked (the original
 * was seen once), C is reused but its original is still to be checked, D (a commitment) is never
 * reused — a commitment holds for the case it was made on.
 */
export function reuseOf(level: TrustLevel): Reuse | null {
  switch (level) {
    case 'A':
    case 'B':
      return { level, originalToCheck: false };
    case 'C':
      return { level: 'C', originalToCheck: true };
    case 'D':
      return null;
  }
}

/** Whether a clerk still has to see the original of a material at this level when the case uses it. */
export const originalToCheck = (level: TrustLevel | null): boolean => level === 'C';

/**
 * The level of files filed for a material: paper seen at a window is B; an upload is C, unless every
 * file is reused from one earlier material, which then passes on what its level allows (`reuseOf`).
 */
export function levelOfFiles(source: 'upload' | 'paper', reusedLevel: TrustLevel | null): TrustLevel {
  if (source === 'paper') return trustLevelOf('paper');
  const reuse = reusedLevel ? reuseOf(reusedLevel) : null;
  return reuse?.level ?? trustLevelOf('upload');
}
