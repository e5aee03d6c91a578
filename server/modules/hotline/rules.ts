import type { HotlineKpiKey, TicketAction, TicketStatus, TicketType, TicketUrgency, TicketWarning, HotlineEscalationStep } from '../../../common/hotline.js';
import { maskName, maskPhone } from '../../../common/id-codes.js';
import type { KpiDefinition, KpiValue, L10n } from '../../../common/supervision.js';
import type { Calendar, IsoDate } from '../../../common/working-days.js';
import { Problem } from '../../platform/errors.js';
import { listWarning, workingDaysLeft } from '../cases/index.js';
import type { Caller, LimitTable } from './schema.js';

// The 12345 hotline's pure rules: the ticket lifecycle, time limits and warnings, the caller's
// consent and masking, the dispatch suggestion, hot-topic detection and the hotline KPIs. No I/O.

// ---------------------------------------------------------------- numbers and limits

/** 12345-20261128-00042: the day (Asia/Shanghai) and its sequence. */
export function formatTicketNumber(day: IsoDate, sequence: number): string {
  return `12345-${day.replaceAll('-', '')}-${String(sequence).padStart(5, '0')}`;
}

/**
 * The default limits in working days, counted from dispatch: consultation 1, request for help 3,
 * complaint and report 5, suggestion and praise 10; urgent halves them (rounded up), critical is 1.
 */
export function defaultLimits(): LimitTable {
  const normal: Record<TicketType, number> = { consultation: 1, helpRequest: 3, complaint: 5, report: 5, suggestion: 10, praise: 10 };
  return Object.fromEntries(Object.entries(normal).map(([type, days]) => [type, { normal: days, urgent: Math.max(1, Math.ceil(days / 2)), critical: 1 }])) as LimitTable;
}

/** The limit of a ticket of this type and urgency in the table, falling back to the defaults for a missing cell. */
export function limitDaysFor(limits: LimitTable, type: TicketType, urgency: TicketUrgency): number {
  return limits[type]?.[urgency] ?? defaultLimits()[type][urgency];
}

/** A limit table must have every cell, each a whole number of working days from 1 to 60, an urgent one no longer than a normal one. */
export function limitTableErrors(limits: LimitTable): string[] {
  const errors: string[] = [];
  for (const [type, row] of Object.entries(defaultLimits()) as [TicketType, Record<TicketUrgency, number>][]) {
    for (const urgency of Object.keys(row) as TicketUrgency[]) {
      const v = limits[type]?.[urgency];
      if (!Number.isInteger(v) || v! < 1 || v! > 60) errors.push(`/body/limits/${type}/${urgency}`);
    }
    const given = limits[type];
    if (given && given.critical > given.urgent) errors.push(`/body/limits/${type}/critical`);
    if (given && given.urgent > given.normal) errors.push(`/body/limits/${type}/urgent`);
  }
  return errors;
}

// ---------------------------------------------------------------- the lifecycle

const NEXT: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  file: {},
  answer: { received: 'closed' },
  dispatch: { received: 'dispatched', returned: 'dispatched' },
  returnDispatch: { dispatched: 'returned' },
  insist: { returned: 'dispatched' },
  reply: { dispatched: 'dispatched' },
  requestExtension: { dispatched: 'dispatched' },
  decideExtension: { dispatched: 'dispatched' },
  callback: { replied: 'replied' },
  reopen: { replied: 'dispatched' },
  close: { received: 'closed', replied: 'closed' },
  merge: { received: 'merged', dispatched: 'merged', returned: 'merged', replied: 'merged' },
};

/** The status `action` leads to, or 409 when the lifecycle does not allow it. */
export function nextStatus(from: TicketStatus, action: TicketAction): TicketStatus {
  const to = NEXT[action][from];
  if (!to) throw new Problem('hotline.invalid_transition', `${action} is not allowed when the ticket is ${from}`);
  return to;
}

/** What a ticket is, for deciding what may happen to it next. */
export interface TicketFacts {
  status: TicketStatus;
  type: TicketType;
  /** The caller can be called back (consented, gave a number, not anonymous). */
  callbackPossible: boolean;
  reopened: boolean;
  extension: 'none' | 'pending' | 'decided';
  /** The last callback of this round: reached and satisfied or not, or none yet. */
  lastCallback: { reached: boolean; satisfied: boolean | null } | null;
  /** Open tasks of the current round. */
  openTasks: number;
}

/** How the actor stands towards a ticket. */
export interface ActorStanding {
  /** A hotline agent of the ticket's centre. */
  centreAgent: boolean;
  /** Staff (reviewer, head, administrator) of the current round's lead organisation whose task is open and who has not returned it yet. */
  canReturn: boolean;
  /** Staff of an organisation with an open task this round. */
  openTaskHolder: boolean;
  /** Staff of the lead organisation with its task open (extension requests are the lead's). */
  leadHolder: boolean;
}

/** Actions the UI may offer this actor on this ticket; the service checks them again (deny by default). */
export function allowedActions(f: TicketFacts, s: ActorStanding): TicketAction[] {
  const out: TicketAction[] = [];
  const can = (action: TicketAction) => !!NEXT[action][f.status];
  if (s.centreAgent) {
    if (can('answer')) out.push('answer');
    if (can('dispatch')) out.push('dispatch');
    if (can('insist')) out.push('insist');
    if (f.status === 'dispatched' && f.extension === 'pending') out.push('decideExtension');
    if (can('callback') && f.callbackPossible) out.push('callback');
    if (can('reopen') && !f.reopened && f.lastCallback?.reached && f.lastCallback.satisfied === false) out.push('reopen');
    if (can('close') && (f.status === 'received' || !f.callbackPossible || !!f.lastCallback)) out.push('close');
    if (can('merge')) out.push('merge');
  }
  if (f.status === 'dispatched') {
    if (s.openTaskHolder) out.push('reply');
    if (s.canReturn) out.push('returnDispatch');
    if (s.leadHolder && f.extension === 'none') out.push('requestExtension');
  }
  return out;
}

/** @throws Problem 'forbidden' (the actor) or 'hotline.invalid_transition' (the state) unless the action is allowed. */
export function requireAllowed(f: TicketFacts, s: ActorStanding, action: TicketAction): void {
  if (allowedActions(f, s).includes(action)) return;
  nextStatus(f.status, action);
  throw new Problem('forbidden', `you may not ${action} this ticket now`);
}

// ---------------------------------------------------------------- the caller

export interface CallerInput {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  anonymous?: boolean | undefined;
  consentCallback?: boolean | undefined;
  consentShare?: boolean | undefined;
}

/**
 * The caller as recorded. Anonymous callers leave no name or number; a callback needs a number, so a
 * caller who wants one (a complaint or request for help that wants an answer) cannot stay anonymous.
 * @throws Problem 'hotline.callback_needs_contact' when a callback is wanted without a number, or anonymously.
 */
export function callerOf(input: CallerInput): Caller {
  const anonymous = !!input.anonymous;
  const name = anonymous ? null : input.name?.trim() || null;
  const phone = anonymous ? null : input.phone?.trim() || null;
  const email = anonymous ? null : input.email?.trim() || null;
  const consentCallback = !!input.consentCallback;
  if (consentCallback && (anonymous || !phone)) {
    throw new Problem('hotline.callback_needs_contact', undefined, [{ field: anonymous ? '/body/caller/anonymous' : '/body/caller/phone', message: 'a callback needs a phone number; an anonymous caller cannot be called back' }]);
  }
  return { name, phone, email, anonymous, consentCallback, consentShare: !anonymous && !!input.consentShare };
}

export const canCallBack = (c: Caller): boolean => c.consentCallback && !c.anonymous && !!c.phone;

/**
 * The caller as a reader may see them: whole for the agent who took the call and at the callback
 * step; otherwise the number masked (138****1234) and the name reduced to its first character; a
 * handling organisation sees nothing of them unless the caller consented to share their details,
 * and then their name (the number stays masked).
 */
export function callerView(c: Caller, sight: CallerSight): Caller {
  if (sight === 'whole') return c;
  if (sight === 'handler' && !c.consentShare) return { ...c, name: null, phone: null, email: null };
  const email = c.email ? c.email.replace(/^(.)[^@]*(@.*)$/, '$1***$2') : null;
  // The caller agreed to the handling organisation knowing who they are: their name, not their number.
  return { ...c, name: c.name ? (sight === 'handler' ? c.name : maskName(c.name)) : null, phone: c.phone ? maskPhone(c.phone) : null, email };
}

/** Who sees what of a caller: see {@link callerView}. */
export type CallerSight = 'whole' | 'masked' | 'handler';

// ---------------------------------------------------------------- warnings and escalation

/** A task's warning from its deadline: the cases' rule (yellow when ≤ 1 working day or ≤ 20% of the limit is left, red when late). */
export function taskWarning(dueOn: IsoDate, limitDays: number, calendar: Calendar, now: Date): TicketWarning {
  const level = listWarning('in_review', dueOn, limitDays, calendar, now);
  return level === 'yellow' || level === 'red' ? level : 'none';
}

export { workingDaysLeft };

/** Working days late before a red task is escalated to the organisation's head and the supervisors above it. */
export const ESCALATE_AFTER = 2;

/** The warning steps a task has reached: yellow; red; escalated once it is {@link ESCALATE_AFTER} working days late. */
export function stepsReached(level: TicketWarning, lateDays: number): HotlineEscalationStep[] {
  if (level === 'yellow') return ['yellow'];
  if (level !== 'red') return [];
  return lateDays >= ESCALATE_AFTER ? ['red', 'escalated'] : ['red'];
}

// ---------------------------------------------------------------- dispatch: rules and the suggestion

export interface CategoryNode {
  code: string;
  parentCode: string | null;
  name: string;
  keywords: readonly string[];
  active: boolean;
}

export interface RuleEntry {
  categoryCode: string;
  regionCode: string | null;
  orgId: string;
}

/**
 * The organisation responsible for a category in a region: the rule for the category in that
 * region, else for the category anywhere, else the same for its parent category, and so on up.
 */
export function responsibleOrg(categoryCode: string, regionCode: string | null, rules: readonly RuleEntry[], categories: ReadonlyMap<string, CategoryNode>): string | null {
  for (let code: string | null = categoryCode, depth = 0; code && depth < 10; code = categories.get(code)?.parentCode ?? null, depth++) {
    const exact = regionCode ? rules.find((r) => r.categoryCode === code && r.regionCode === regionCode) : undefined;
    const anywhere = rules.find((r) => r.categoryCode === code && r.regionCode === null);
    if (exact ?? anywhere) return (exact ?? anywhere)!.orgId;
  }
  return null;
}

const normalise = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
/** A matched word weighs its length in characters: 食品安全 says more than 吃. */
const weight = (word: string) => Array.from(word).length;

export interface SuggestionOrg {
  id: string;
  /** Names it goes by in callers' words (its name and short name without the region, e.g. 市场监督管理局, 市场监管局). */
  names: readonly string[];
}

export interface DispatchSuggestion {
  categories: { code: string; score: number; matched: string[] }[];
  orgs: { orgId: string; score: number; categoryCode: string | null; why: 'rule' | 'named' }[];
}

/**
 * Suggests categories and handling organisations for a ticket's text: each category scores the
 * weight of its keywords (and name) found in the text, plus half its parent's; the organisation the
 * dispatch rules name for the best categories in the ticket's region follows with the category's
 * score, and an organisation the caller names outright scores its name's weight. A category the
 * agent chose counts first.
 */
export function suggestDispatch(input: { text: string; categoryCode?: string | null; regionCode?: string | null }, data: { categories: readonly CategoryNode[]; rules: readonly RuleEntry[]; orgs: readonly SuggestionOrg[] }, limit = 5): DispatchSuggestion {
  const text = normalise(input.text);
  const byCode = new Map(data.categories.map((c) => [c.code, c]));
  const own = new Map<string, { score: number; matched: string[] }>();
  for (const c of data.categories) {
    if (!c.active) continue;
    const matched = [...new Set([c.name, ...c.keywords].map(normalise).filter((w) => w && text.includes(w)))];
    own.set(c.code, { score: matched.reduce((s, w) => s + weight(w), 0), matched });
  }
  const isParent = new Set(data.categories.map((c) => c.parentCode).filter(Boolean));
  const scored = data.categories
    .filter((c) => c.active && !isParent.has(c.code))
    .map((c) => {
      const mine = own.get(c.code)!;
      const parent = c.parentCode ? own.get(c.parentCode) : undefined;
      const chosen = input.categoryCode === c.code ? 100 : 0;
      return { code: c.code, score: chosen + mine.score + (parent ? parent.score / 2 : 0), matched: [...mine.matched, ...(parent?.matched ?? [])] };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .slice(0, limit);

  const orgs = new Map<string, DispatchSuggestion['orgs'][number]>();
  for (const c of scored) {
    const orgId = responsibleOrg(c.code, input.regionCode ?? null, data.rules, byCode);
    if (orgId && !orgs.has(orgId)) orgs.set(orgId, { orgId, score: c.score, categoryCode: c.code, why: 'rule' });
  }
  for (const o of data.orgs) {
    const named = o.names.map(normalise).filter((n) => n && text.includes(n));
    if (!named.length) continue;
    const score = Math.max(...named.map(weight));
    const known = orgs.get(o.id);
    if (known) known.score += score;
    else orgs.set(o.id, { orgId: o.id, score, categoryCode: null, why: 'named' });
  }
  return { categories: scored, orgs: [...orgs.values()].sort((a, b) => b.score - a.score || a.orgId.localeCompare(b.orgId)).slice(0, limit) };
}

// ---------------------------------------------------------------- hot topics

export interface HotTopicTicket {
  id: string;
  number: string;
  categoryCode: string;
  regionCode: string;
  townshipCode: string | null;
  lat: number | null;
  long: number | null;
  receivedAt: Date;
}

export interface HotTopicParams {
  minTickets: number;
  days: number;
  radiusMeters: number;
}

export interface HotTopic {
  categoryCode: string;
  /** `township`: in the same township or street; `nearby`: within the radius of each other (single linkage). */
  kind: 'township' | 'nearby';
  townshipCode: string | null;
  regionCode: string;
  center: { lat: number; long: number } | null;
  ticketIds: string[];
  numbers: string[];
  firstAt: Date;
  lastAt: Date;
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMeters(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Hot topics (热点): at least `minTickets` tickets of one category received in the last `days` days
 * in the same township or street, or within `radiusMeters` of each other. A group of nearby tickets
 * that all lie in a township already reported is not reported again. Largest first.
 */
export function detectHotTopics(all: readonly HotTopicTicket[], params: HotTopicParams, now: Date): HotTopic[] {
  const since = now.getTime() - params.days * 86_400_000;
  const recent = all.filter((t) => t.receivedAt.getTime() >= since && t.receivedAt.getTime() <= now.getTime());
  const byCategory = new Map<string, HotTopicTicket[]>();
  for (const t of recent) byCategory.set(t.categoryCode, [...(byCategory.get(t.categoryCode) ?? []), t]);
  const topics: HotTopic[] = [];
  const topicOf = (categoryCode: string, kind: HotTopic['kind'], group: HotTopicTicket[]): HotTopic => {
    const located = group.filter((t) => t.lat !== null && t.long !== null);
    const times = group.map((t) => t.receivedAt.getTime());
    const sorted = [...group].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.number.localeCompare(b.number));
    return {
      categoryCode, kind, townshipCode: kind === 'township' ? group[0]!.townshipCode : null,
      regionCode: group.every((t) => t.regionCode === group[0]!.regionCode) ? group[0]!.regionCode : group[0]!.regionCode.slice(0, 4) + '00',
      center: located.length ? { lat: located.reduce((s, t) => s + t.lat!, 0) / located.length, long: located.reduce((s, t) => s + t.long!, 0) / located.length } : null,
      ticketIds: sorted.map((t) => t.id), numbers: sorted.map((t) => t.number), firstAt: new Date(Math.min(...times)), lastAt: new Date(Math.max(...times)),
    };
  };
  for (const [categoryCode, group] of byCategory) {
    const reported: Set<string>[] = [];
    const byTownship = new Map<string, HotTopicTicket[]>();
    for (const t of group) if (t.townshipCode) byTownship.set(t.townshipCode, [...(byTownship.get(t.townshipCode) ?? []), t]);
    for (const members of byTownship.values()) {
      if (members.length < params.minTickets) continue;
      topics.push(topicOf(categoryCode, 'township', members));
      reported.push(new Set(members.map((t) => t.id)));
    }
    // Single-linkage clusters of located tickets: each joins every other within the radius.
    const located = group.filter((t) => t.lat !== null && t.long !== null);
    const seen = new Set<string>();
    for (const start of located) {
      if (seen.has(start.id)) continue;
      const cluster: HotTopicTicket[] = [];
      const queue = [start];
      seen.add(start.id);
      while (queue.length) {
        const t = queue.pop()!;
        cluster.push(t);
        for (const u of located) {
          if (!seen.has(u.id) && distanceMeters({ lat: t.lat!, long: t.long! }, { lat: u.lat!, long: u.long! }) <= params.radiusMeters) {
            seen.add(u.id);
            queue.push(u);
          }
        }
      }
      if (cluster.length < params.minTickets) continue;
      if (reported.some((r) => cluster.every((t) => r.has(t.id)))) continue;
      topics.push(topicOf(categoryCode, 'nearby', cluster));
    }
  }
  return topics.sort((a, b) => b.ticketIds.length - a.ticketIds.length || b.lastAt.getTime() - a.lastAt.getTime() || a.categoryCode.localeCompare(b.categoryCode));
}

// ---------------------------------------------------------------- the hotline KPIs (electronic supervision)

const t = (zh: string, en: string): L10n => ({ 'zh-CN': zh, 'en-US': en });

/** A hotline KPI's written definition (supervision shows it beside the cases' KPIs). */
export type HotlineKpiDefinition = KpiDefinition<HotlineKpiKey>;

/** The written definition of every hotline KPI (issue 9, item 6), shown beside each value. */
export const hotlineKpiDefinitions: readonly HotlineKpiDefinition[] = [
  {
    key: 'hotline.volume', unit: 'count', better: 'higher',
    name: t('12345热线工单量', '12345 hotline tickets'),
    numerator: t('统计期内受理的12345工单数（附：当场解答、派单、办结、合并数，按类型分列）', 'Tickets received in the period (also shown: answered on the spot, dispatched, closed, merged, and per type)'),
    denominator: t('—', '—'),
    period: t('按工单受理日期计入统计期；计入受理工单的热线中心，以及任一轮被派为主办单位的机构（一张工单只计一次）', 'Counted on the day the ticket was received, for the hotline centre that took it and for every organisation it was dispatched to as the lead (once per ticket)'),
    target: null,
  },
  {
    key: 'hotline.onTheSpot', unit: 'ratio', better: 'higher',
    name: t('当场解答率', 'Answered on the spot'),
    numerator: t('统计期内受理、由坐席依据知识库当场解答并办结的工单数', 'Tickets received in the period that the agent answered on the call from the knowledge base and closed'),
    denominator: t('统计期内受理的工单数（不含被合并的重复工单）', 'Tickets received in the period (duplicates merged into another excluded)'),
    period: t('按工单受理日期计入统计期，计入受理工单的热线中心', 'Counted on the day the ticket was received, for the hotline centre that took it'),
    target: null,
  },
  {
    key: 'hotline.dispatchedOnTime', unit: 'ratio', better: 'higher',
    name: t('按时派单率', 'Dispatched on time'),
    numerator: t('统计期内首次派单、且在受理后规定工作日内（默认1个工作日，受理当日不计）派出的工单数', 'Tickets first dispatched in the period within the dispatch limit after receipt (1 working day by default; the day of receipt not counted)'),
    denominator: t('统计期内首次派单的工单数', 'Tickets first dispatched in the period'),
    period: t('按首次派单日期计入统计期，计入热线中心；时限按工单受理时的设置计', 'Counted on the day of the first dispatch, for the hotline centre; the limit as set when the ticket came in'),
    target: t('100%', '100%'),
  },
  {
    key: 'hotline.handledOnTime', unit: 'ratio', better: 'higher',
    name: t('按时办理率', 'Handled on time'),
    numerator: t('统计期内答复的承办任务（主办、协办各计一项）中，在办理时限内（自派单次日起按工作日计，含经批准的延期）答复的任务数', 'Handling tasks (lead and co-handling each count) replied in the period within their limit (working days from the day after dispatch, approved extensions included)'),
    denominator: t('统计期内答复的承办任务数（被退回或因改派撤回的任务不计）', 'Handling tasks replied in the period (tasks returned, or withdrawn on re-dispatch, excluded)'),
    period: t('按答复日期计入统计期，计入承办单位', 'Counted on the day of the reply, for the handling organisation'),
    target: t('100%', '100%'),
  },
  {
    key: 'hotline.callback', unit: 'ratio', better: 'higher',
    name: t('按时回访率', 'Called back on time'),
    numerator: t('回访期限在统计期内的答复中，热线中心在期限内（答复后默认1个工作日）完成回访（无论是否接通）的次数', 'Replies whose callback fell due in the period that the centre called back (reached or not) by the due date (1 working day after the reply by default)'),
    denominator: t('回访期限在统计期内、来电人同意回访的答复数', 'Replies whose callback fell due in the period, the caller having agreed to be called back'),
    period: t('按回访期限计入统计期，计入热线中心', 'Counted on the callback\'s due date, for the hotline centre'),
    target: t('100%', '100%'),
  },
  {
    key: 'hotline.satisfaction', unit: 'ratio', better: 'higher',
    name: t('回访满意率', 'Satisfaction at callback'),
    numerator: t('统计期内接通且来电人表示满意的回访数', 'Callbacks in the period that reached the caller, who said they were satisfied'),
    denominator: t('统计期内接通并作出满意或不满意评价的回访数', 'Callbacks in the period that reached the caller and got a satisfied or not-satisfied answer'),
    period: t('按回访日期计入统计期，计入该轮主办单位', 'Counted on the day of the callback, for the round\'s lead organisation'),
    target: null,
  },
];

/** What the hotline KPIs are computed from, per subtree and period (counted in SQL, see kpis.ts). */
export interface HotlineCounts {
  received: number;
  receivedAtCentre: number;
  answeredOnSpot: number;
  dispatchedFirst: number;
  dispatchedOnTime: number;
  tasksReplied: number;
  tasksRepliedOnTime: number;
  callbacksDue: number;
  callbacksOnTime: number;
  callbacksRated: number;
  callbacksSatisfied: number;
  byType: Record<TicketType, number>;
  closed: number;
  merged: number;
}

export type HotlineKpiValue = KpiValue<HotlineKpiKey>;

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const TARGETS: Partial<Record<HotlineKpiKey, number>> = { 'hotline.dispatchedOnTime': 1, 'hotline.handledOnTime': 1, 'hotline.callback': 1 };

/** The hotline KPIs from their counts, in the order of their definitions. */
export function hotlineKpis(c: HotlineCounts): HotlineKpiValue[] {
  const raw: Record<HotlineKpiKey, Pick<HotlineKpiValue, 'value' | 'numerator' | 'denominator' | 'details'>> = {
    'hotline.volume': { value: c.received, numerator: c.received, denominator: null, details: { answeredOnSpot: c.answeredOnSpot, dispatched: c.dispatchedFirst, closed: c.closed, merged: c.merged, ...c.byType } },
    'hotline.onTheSpot': { value: ratio(c.answeredOnSpot, c.receivedAtCentre), numerator: c.answeredOnSpot, denominator: c.receivedAtCentre, details: {} },
    'hotline.dispatchedOnTime': { value: ratio(c.dispatchedOnTime, c.dispatchedFirst), numerator: c.dispatchedOnTime, denominator: c.dispatchedFirst, details: { late: c.dispatchedFirst - c.dispatchedOnTime } },
    'hotline.handledOnTime': { value: ratio(c.tasksRepliedOnTime, c.tasksReplied), numerator: c.tasksRepliedOnTime, denominator: c.tasksReplied, details: { late: c.tasksReplied - c.tasksRepliedOnTime } },
    'hotline.callback': { value: ratio(c.callbacksOnTime, c.callbacksDue), numerator: c.callbacksOnTime, denominator: c.callbacksDue, details: {} },
    'hotline.satisfaction': { value: ratio(c.callbacksSatisfied, c.callbacksRated), numerator: c.callbacksSatisfied, denominator: c.callbacksRated, details: { notSatisfied: c.callbacksRated - c.callbacksSatisfied } },
  };
  return hotlineKpiDefinitions.map((d) => {
    const r = raw[d.key];
    const target = TARGETS[d.key] ?? null;
    return { key: d.key, unit: d.unit, target, meetsTarget: target === null || r.value === null ? null : r.value >= target - 1e-12, ...r };
  });
}

// ---------------------------------------------------------------- Open311 (GeoReport v2)

/** A date-time as the GeoReport spec writes it (w3 note, with the offset): Asia/Shanghai, `2026-03-02T10:00:00+08:00`. */
export function w3DateTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/**
 * A w3 date or date-time from a client: `2026-03-01`, `2026-03-01T08:00Z`, `2026-03-01T08:00:00+08:00`…
 * A bare date is a day in Asia/Shanghai (its start, or with `end` its last moment). Null when not one.
 */
export function parseW3(value: string, end = false): Date | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return Number.isNaN(start) ? null : new Date(start + (end ? 86_400_000 - 1 : 0));
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * The `attribute[code]=value` and `attribute[code][]=value` keys of a form-encoded request (GeoReport
 * v2, POST Service Request), or an `attribute` object sent as JSON: code → value(s).
 */
export function attributesOf(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (code: string, value: unknown, many: boolean) => {
    const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null && v !== '').map(String);
    if (!values.length) return;
    const known = out[code];
    if (many || known !== undefined || values.length > 1) out[code] = [...(known === undefined ? [] : [known].flat()), ...values];
    else out[code] = values[0]!;
  };
  for (const [key, value] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (m) add(m[1]!, value, !!m[2]);
  }
  const nested = body.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) for (const [code, value] of Object.entries(nested)) add(code, value, Array.isArray(value));
  return out;
}
