import type { CaseAction, CaseStatus, FilingChannel, WarningLevel } from '../../../common/cases.js';
import type { WindowCategory } from '../../../common/enums.js';
import type { CaseKpiKey, EscalationStep, KpiDefinition, KpiKey, KpiValue, L10n } from '../../../common/supervision.js';
import { countWorkingDays, isIsoDate, shanghaiDate, type Calendar, type IsoDate } from '../../../common/working-days.js';
import { computeClock, type CaseRow, type ClockEvent } from '../cases/index.js';
import { hotlineKpiDefinitions } from '../hotline/index.js';
import { counterKeys, type CaseFactsRow, type CounterKey } from './schema.js';

// Electronic supervision's pure rules: what a case contributes to the KPIs, the KPIs themselves with
// their written definitions, and when a late case is escalated. No I/O here.

export type { KpiDefinition, KpiValue, L10n };
const t = (zh: string, en: string): L10n => ({ 'zh-CN': zh, 'en-US': en });

// ---------------------------------------------------------------- a case's facts

/** The item groups of T5 and T6. */
export type ItemGroup = 'companyEstablishment' | 'investment';

/**
 * The items of company establishment (企业开办, T5) in the seed catalog: the bundled "one thing", the
 * registrations of the kinds of enterprise, the official seal, the tax registration and first invoices,
 * and social-insurance registration of the employer. A prefecture with other codes lists its own here.
 */
export const COMPANY_ESTABLISHMENT_ITEMS: readonly string[] = [
  '20099001000', // 企业开办"一件事"
  '07047001001', '07047001002', '07047001003', '07047002001', '07047002002', '07047002003', '07047003001', // 设立登记
  '10009008000', // 公章刻制备案
  '07043001001', '10043003001', // 新办纳税人涉税事项、发票票种核定
  '07020001001', // 用人单位社会保险登记
];

/** T5 by item code; T6 by the catalog's company events: items of investment projects and construction (投资项目、工程建设). */
export function itemGroupOf(itemCode: string, companyEvents: readonly string[]): ItemGroup | null {
  if (COMPANY_ESTABLISHMENT_ITEMS.includes(itemCode)) return 'companyEstablishment';
  if (companyEvents.includes('investment') || companyEvents.includes('construction')) return 'investment';
  return null;
}

/** What the facts are derived from: the case as stored, its events, where it was filed and its rating. */
export interface FactsInput {
  case: Pick<CaseRow, 'id' | 'caseNumber' | 'itemCode' | 'itemName' | 'itemNameEn' | 'status' | 'channel' | 'intakeOrgId' | 'intakeOrgPath' | 'decisionOrgId' | 'decisionOrgPath'
    | 'windowId' | 'siteId' | 'filedBy' | 'statutoryLimit' | 'promisedLimit' | 'outcome' | 'trips'>;
  events: { id: number; action: CaseAction; at: Date; actorId: string | null; toStatus: CaseStatus; data: Record<string, unknown> | null }[];
  /** The category of the window it was filed at, when filed at one. */
  windowCategory: WindowCategory | null;
  itemGroup: ItemGroup | null;
  evaluation: { level: number; ratedAt: Date; orgId: string; orgPath: string; followUpDueOn: IsoDate | null; calledBackAt: string | null; version: number } | null;
  /** Materials filled from the e-certificate library or shared data instead of handed in (R1.3). */
  materialsReplaced: number;
}

export type CaseFacts = Omit<CaseFactsRow, 'computedAt'>;

const inPerson = (channel: FilingChannel) => channel === 'window' || channel === 'agencyPoint';

/**
 * A case's facts for supervision, from its events and the calendar only (never from dates typed by
 * staff): the clock is the case module's own (`computeClock`), so deadlines are counted one way.
 */
export function deriveFacts(input: FactsInput, calendar: Calendar, now: Date): CaseFacts {
  const c = input.case;
  // In the order they happened (ids follow it, as the case module writes one change at a time).
  const events = [...input.events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  const first = (...actions: CaseAction[]) => events.find((e) => actions.includes(e.action));
  const dayOf = (e: { at: Date } | undefined) => (e ? shanghaiDate(e.at) : null);
  const clock = computeClock(events.map((e) => ({ action: e.action, at: e.at, data: e.data as ClockEvent['data'] })), { statutory: c.statutoryLimit, promised: c.promisedLimit }, calendar, now);
  // Received: the first time it reached the organisation (a draft saved earlier is not a receipt).
  const receivedOn = dayOf(events.find((e) => (e.action === 'submit' || e.action === 'resubmit') && e.toStatus === 'submitted'));
  const decide = first('decide');
  const deliver = first('deliver');
  const refusedOn = dayOf(first('refuseIntake'));
  const deliveredOn = dayOf(deliver);
  const decidedOn = clock.startedOn ? clock.decidedOn : null;
  const outcome = (decide?.data?.outcome as 'approve' | 'deny' | undefined) ?? c.outcome;
  const e = input.evaluation;
  const followUpDoneOn = e?.calledBackAt ? shanghaiDate(new Date(e.calledBackAt)) : null;
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    itemCode: c.itemCode,
    itemName: c.itemName,
    itemNameEn: c.itemNameEn,
    itemGroup: input.itemGroup,
    status: c.status,
    channel: c.channel,
    intakeOrgId: c.intakeOrgId,
    intakeOrgPath: c.intakeOrgPath,
    decisionOrgId: c.decisionOrgId,
    decisionOrgPath: c.decisionOrgPath,
    windowId: c.windowId,
    siteId: c.siteId,
    oneWindow: inPerson(c.channel) && input.windowCategory ? input.windowCategory !== 'department' : null,
    intakeClerkId: inPerson(c.channel) ? c.filedBy : (first('accept')?.actorId ?? null),
    deciderId: decide?.actorId ?? null,
    receivedOn,
    acceptedOn: clock.startedOn,
    refusedOn,
    decidedOn,
    deliveredOn,
    closedOn: deliveredOn ?? refusedOn,
    certificateIssuedOn: dayOf(first('issue')),
    outcome: decidedOn ? outcome : null,
    onTime: decidedOn ? clock.onTime : null,
    withinStatutory: decidedOn ? clock.withinStatutory : null,
    usedDays: decidedOn ? clock.usedDays : null,
    elapsedDays: decidedOn && receivedOn ? countWorkingDays(receivedOn, decidedOn, calendar) : null,
    promisedDueOn: clock.promisedDueOn,
    trips: c.trips,
    materialsReplaced: input.materialsReplaced,
    deliveryMethod: (deliver?.data?.method as string | undefined) ?? null,
    ratingOrgId: e?.orgId ?? null,
    ratingOrgPath: e?.orgPath ?? null,
    ratingLevel: e?.level ?? null,
    ratedOn: e ? shanghaiDate(e.ratedAt) : null,
    ratingVersion: e?.version ?? null,
    followUpDueOn: e?.followUpDueOn ?? null,
    followUpDoneOn,
    followUpOpen: !!e?.followUpDueOn && !followUpDoneOn,
    lastEventId: events.reduce((max, e) => Math.max(max, e.id), 0),
  };
}

// ---------------------------------------------------------------- what a case contributes

export type Counters = Record<CounterKey, number>;
export function zeroCounters(): Counters {
  // The same keys in the same order every time: one object shape for the engine.
  const c = {} as Counters;
  for (const k of counterKeys) c[k] = 0;
  return c;
}

/**
 * One thing an organisation did on a day because of this case: received it, decided it, delivered
 * it, was rated for it. `personId` and `windowId` let the same contributions be summed per person or
 * per window.
 */
export interface Contribution {
  day: IsoDate;
  orgId: string;
  orgPath: string;
  windowId: string | null;
  personId: string | null;
  add: Partial<Counters>;
  /** Working days from receipt to decision, for the T5/T6 histograms. */
  duration?: { kind: ItemGroup; days: number };
}

const one = (b: boolean | null | undefined): number => (b ? 1 : 0);
const RATED: readonly Partial<Counters>[] = [{ rating1: 1 }, { rating2: 1 }, { rating3: 1 }, { rating4: 1 }, { rating5: 1 }];

/**
 * Which organisation each measure counts for, on which day (the period rules of the definitions):
 * receipt, intake decisions, completion and trips for the intake organisation; the decision, its
 * timeliness, certificates and delivery of approvals for the deciding one; a rating for the
 * organisation it was given to.
 */
export function contributionsOf(f: CaseFacts): Contribution[] {
  const out: Contribution[] = [];
  // Objects of one shape, built directly: this runs for every case of a generated million.
  const at = (day: IsoDate, side: 'intake' | 'decision' | 'rating', add: Partial<Counters>): Contribution =>
    side === 'intake' ? { day, orgId: f.intakeOrgId, orgPath: f.intakeOrgPath, windowId: f.windowId, personId: f.intakeClerkId, add }
    : side === 'decision' ? { day, orgId: f.decisionOrgId, orgPath: f.decisionOrgPath, windowId: null, personId: f.deciderId, add }
    : { day, orgId: f.ratingOrgId!, orgPath: f.ratingOrgPath!, windowId: null, personId: f.deciderId, add };
  if (f.receivedOn) {
    const online = f.channel === 'online' || f.channel === 'mobile';
    out.push(at(f.receivedOn, 'intake', {
      received: 1, receivedOnline: one(online), receivedInPerson: one(f.oneWindow !== null), receivedOneWindow: one(f.oneWindow),
      // R1.3 (T7): counted when the case reaches the organisation, with the materials it came with.
      materialsReplaced: f.materialsReplaced, casesWithReplacement: one(f.materialsReplaced > 0),
    }));
  }
  if (f.acceptedOn) out.push(at(f.acceptedOn, 'intake', { accepted: 1 }));
  if (f.refusedOn) out.push(at(f.refusedOn, 'intake', { refused: 1 }));
  if (f.decidedOn) {
    const c = at(f.decidedOn, 'decision', { decided: 1, decidedOnTime: one(f.onTime), decidedWithinStatutory: one(f.withinStatutory), approved: one(f.outcome === 'approve'), handlingDays: f.usedDays ?? 0 });
    if (f.itemGroup && f.elapsedDays !== null) c.duration = { kind: f.itemGroup, days: f.elapsedDays };
    out.push(c);
  }
  if (f.closedOn) out.push(at(f.closedOn, 'intake', { completed: 1, completedOneTrip: one(f.trips <= 1), completedZeroTrip: one(f.trips === 0) }));
  if (f.deliveredOn && f.outcome === 'approve') out.push(at(f.deliveredOn, 'decision', { deliveredApproved: 1, deliveredElectronic: one(f.deliveryMethod === 'electronic') }));
  if (f.certificateIssuedOn) out.push(at(f.certificateIssuedOn, 'decision', { certificatesIssued: 1 }));
  if (f.ratedOn && f.ratingLevel && f.ratingOrgId && f.ratingOrgPath) {
    out.push(at(f.ratedOn, 'rating', RATED[f.ratingLevel - 1]!));
    if (f.followUpDueOn) out.push(at(f.followUpDueOn, 'rating', { followUpsDue: 1, followUpsOnTime: one(!!f.followUpDoneOn && f.followUpDoneOn <= f.followUpDueOn) }));
  }
  return out;
}

export interface RollupRowDelta {
  day: IsoDate;
  /** The organisation whose subtree the row totals (the contributing organisation or one above it). */
  orgId: string;
  counters: Counters;
}

export interface DurationDelta {
  day: IsoDate;
  orgId: string;
  kind: ItemGroup;
  days: number;
  cases: number;
}

/** The organisations on a tree path, from the root to the last ("/a/b/c/" → a, b, c): the path is made of their ids. */
export const pathIds = (path: string): string[] => path.split('/').filter(Boolean);

/**
 * What the daily rollup must change when cases' facts go from `before` to `after` (a case without
 * earlier facts has none before): the new contributions added, the old ones taken away. A row is a
 * subtree's total: each contribution counts for its organisation and for every one above it, so a
 * subtree and period is read from that organisation's own rows. Rows whose change is zero are left out.
 */
export function rollupDelta(before: CaseFacts[], after: CaseFacts[]): { daily: RollupRowDelta[]; durations: DurationDelta[] } {
  const daily = new Map<string, RollupRowDelta>();
  const durations = new Map<string, DurationDelta>();
  const apply = (facts: CaseFacts[], sign: 1 | -1) => {
    for (const f of facts) {
      for (const c of contributionsOf(f)) {
        for (const orgId of pathIds(c.orgPath)) {
          const key = `${c.day}|${orgId}`;
          let row = daily.get(key);
          if (!row) daily.set(key, (row = { day: c.day, orgId, counters: zeroCounters() }));
          // for…in over the few counters a contribution sets: this runs for every case of a generated million.
          for (const k in c.add) row.counters[k as CounterKey] += sign * c.add[k as CounterKey]!;
          if (c.duration) {
            const dkey = `${key}|${c.duration.kind}|${c.duration.days}`;
            let d = durations.get(dkey);
            if (!d) durations.set(dkey, (d = { day: c.day, orgId, kind: c.duration.kind, days: c.duration.days, cases: 0 }));
            d.cases += sign;
          }
        }
      }
    }
  };
  apply(before, -1);
  apply(after, 1);
  return {
    daily: [...daily.values()].filter((r) => counterKeys.some((k) => r.counters[k] !== 0)),
    durations: [...durations.values()].filter((d) => d.cases !== 0),
  };
}

/** Sums the contributions of facts within a period by a key (a person, a window): the drill-downs below the organisation tree. */
export function sumContributions(facts: CaseFacts[], from: IsoDate, to: IsoDate, keyOf: (c: Contribution) => string | null): Map<string, { counters: Counters; durations: Histograms }> {
  const out = new Map<string, { counters: Counters; durations: Histograms }>();
  for (const f of facts) {
    for (const c of contributionsOf(f)) {
      if (c.day < from || c.day > to) continue;
      const key = keyOf(c);
      if (key === null) continue;
      let acc = out.get(key);
      if (!acc) out.set(key, (acc = { counters: zeroCounters(), durations: emptyHistograms() }));
      for (const [k, v] of Object.entries(c.add) as [CounterKey, number][]) acc.counters[k] += v;
      if (c.duration) acc.durations[c.duration.kind].set(c.duration.days, (acc.durations[c.duration.kind].get(c.duration.days) ?? 0) + 1);
    }
  }
  return out;
}

// ---------------------------------------------------------------- the KPIs and their definitions

export type Histograms = Record<ItemGroup, Map<number, number>>;
export const emptyHistograms = (): Histograms => ({ companyEstablishment: new Map(), investment: new Map() });

/**
 * The value at rank ⌈p·n⌉ of the sorted values a histogram (value → count) holds (nearest rank): the
 * median is the middle value, the lower of the two middle ones when the count is even. Null when empty.
 */
export function histogramPercentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const n = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen >= rank) return value;
  }
  return null;
}

/**
 * The written definition of every KPI (issue 7, item 2; the plan's targets: 70% one-window
 * acceptance, 70% online, 100% on time, 100 then 200 items at most one trip). Shown beside each value.
 */
export const kpiDefinitions: readonly KpiDefinition<CaseKpiKey>[] = [
  {
    key: 'T1', unit: 'ratio', better: 'higher',
    name: t('一窗受理率', 'One-window acceptance rate'),
    numerator: t('统计期内在综合窗口（一窗分类受理的综合窗口、代办点综合窗口）现场收件的办件数', 'Cases received in person in the period at a comprehensive window (a classified one-window counter, or an agency point\'s general window)'),
    denominator: t('统计期内在政务服务大厅和代办点各窗口现场收件的办件数（不含网上、掌上申报）', 'Cases received in person in the period at any window of a hall or agency point (online and mobile filings excluded)'),
    period: t('按办件首次提交（收件）日期计入统计期，计入收件机构', 'Counted on the day a case was first received, for the organisation that took it in'),
    target: t('不低于70%（实施方案目标）', 'At least 70% (the plan\'s target)'),
  },
  {
    key: 'T2', unit: 'ratio', better: 'higher',
    name: t('网上可办率', 'Online-available rate'),
    numerator: t('本机构及下级机构实施的依申请事项中，可通过网上或掌上渠道申请的事项数', 'Items implemented by the organisation and those below it, applied for on request, that can be applied for online or by mobile'),
    denominator: t('本机构及下级机构实施的依申请事项数（不含"其他"类依职权事项）', 'Items implemented by the organisation and those below it that are applied for on request (excluding "other" powers exercised ex officio)'),
    period: t('按查询时已发布的事项目录计算（目录状态，不随统计期变化）；附：统计期内网上、掌上申报的办件占收件量的比例', 'The catalog as published when asked (a state, not a flow over the period); also shown: the share of cases received in the period that were filed online or by mobile'),
    target: t('不低于70%（实施方案目标）', 'At least 70% (the plan\'s target)'),
  },
  {
    key: 'T3', unit: 'ratio', better: 'higher',
    name: t('按时办结率', 'On-time completion rate'),
    numerator: t('统计期内作出决定、且用时不超过承诺时限的办件数（受理次日起按工作日计，中止、补正期间不计）', 'Cases decided in the period within their promised limit (working days from the day after acceptance, pauses not counted)'),
    denominator: t('统计期内作出决定的已受理办件数', 'Accepted cases decided in the period'),
    period: t('按决定日期计入统计期，计入作出决定的机构', 'Counted on the day of the decision, for the organisation that decided'),
    target: t('100%（实施方案目标）', '100% (the plan\'s target)'),
  },
  {
    key: 'T4.items', unit: 'count', better: 'higher',
    name: t('"最多跑一次"事项数', 'Items on the "at most one trip" list'),
    numerator: t('已公布的"最多跑一次"事项清单中，本机构及下级机构实施的事项数', 'Items on the published "at most one trip" lists that the organisation or those below it implement'),
    denominator: t('—（附：按办理流程到现场不超过一次、零次的事项数）', '— (also shown: items whose process needs at most one visit, and none)'),
    period: t('按查询时已公布的清单计算', 'The lists as published when asked'),
    target: t('2019年100项，2020年起200项（实施方案目标，按统计期末所在年度）', '100 items in 2019, 200 from 2020 on (the plan\'s targets, by the year the period ends in)'),
  },
  {
    key: 'T4.cases', unit: 'ratio', better: 'higher',
    name: t('办件"最多跑一次"率', 'Cases done with at most one trip'),
    numerator: t('统计期内办结的办件中，申请人到现场不超过一次的办件数（到现场次数为系统记录的跑动次数）', 'Cases completed in the period for which the applicant came in person at most once (the visits recorded on the case)'),
    denominator: t('统计期内办结的办件数（结果送达，或不予受理）', 'Cases completed in the period (result delivered, or intake refused)'),
    period: t('按结果送达或不予受理的日期计入统计期，计入收件机构', 'Counted on the day the result was delivered or intake refused, for the organisation that took the case in'),
    target: null,
  },
  {
    key: 'T4.zeroTrip', unit: 'ratio', better: 'higher',
    name: t('办件"零跑动"率', 'Cases done with no trip'),
    numerator: t('统计期内办结的办件中，申请人未到现场（全程网办、邮寄或电子送达）的办件数', 'Cases completed in the period without any visit (filed online, result sent by express or electronically)'),
    denominator: t('统计期内办结的办件数（结果送达，或不予受理）', 'Cases completed in the period (result delivered, or intake refused)'),
    period: t('按结果送达或不予受理的日期计入统计期，计入收件机构', 'Counted on the day the result was delivered or intake refused, for the organisation that took the case in'),
    target: null,
  },
  {
    key: 'T5', unit: 'workingDays', better: 'lower',
    name: t('企业开办时间（中位数）', 'Company establishment time (median)'),
    numerator: t('统计期内作出决定的企业开办事项办件（设立登记、公章刻制、涉税事项与发票、社保登记及"一件事"套餐），自首次收件至作出决定的工作日数（收件当日不计）的中位数；附90分位数', 'The median of the working days from first receipt to decision (the day of receipt not counted) of company-establishment cases decided in the period (registration, seal, tax registration and invoices, social-insurance registration, and the bundled "one thing"); the 90th percentile beside it'),
    denominator: t('统计期内作出决定的企业开办事项办件数', 'Company-establishment cases decided in the period'),
    period: t('按决定日期计入统计期，计入作出决定的机构', 'Counted on the day of the decision, for the organisation that decided'),
    target: t('5个工作日以内（全国目标）', 'Within 5 working days (the national target)'),
  },
  {
    key: 'T6', unit: 'workingDays', better: 'lower',
    name: t('投资项目审批时间（中位数）', 'Investment-project approval time (median)'),
    numerator: t('统计期内作出决定的投资项目、工程建设类事项办件，自首次收件至作出决定的工作日数的中位数；附90分位数。按单个事项办件计，不是整个项目的全流程时间', 'The median of the working days from first receipt to decision of cases of investment-project and construction items decided in the period; the 90th percentile beside it. Per case of one item, not the whole project\'s approval'),
    denominator: t('统计期内作出决定的投资项目、工程建设类事项办件数', 'Cases of investment-project and construction items decided in the period'),
    period: t('按决定日期计入统计期，计入作出决定的机构', 'Counted on the day of the decision, for the organisation that decided'),
    target: t('参考：工程建设项目全流程审批时间压缩至120个工作日以内（国办发〔2019〕11号），按项目而非单个事项计', 'For reference: the whole approval of an engineering construction project within 120 working days (State Council General Office 2019 No. 11) — per project, not per item'),
  },
  {
    key: 'T7', unit: 'ratio', better: 'higher',
    name: t('电子证照送达率', 'E-licence share'),
    numerator: t('统计期内送达的准予许可办件中，结果以电子证照方式送达的办件数', 'Approved cases whose result was delivered in the period as an electronic certificate'),
    denominator: t('统计期内送达结果的准予许可办件数（附：统计期内签发的电子证照数，所有证照均以电子方式签发；统计期内收件的办件中，经申请人同意以电子证照或共享数据代替提交的材料数，及至少使用一项的办件数和占收件量的比例）', 'Approved cases whose result was delivered in the period (also shown: electronic certificates issued in the period, every certificate being issued electronically; among the cases received in the period, the materials the applicant let the e-certificate library or shared data replace, the cases that used at least one, and their share of all cases received)'),
    period: t('送达按送达日期计入统计期，计入作出决定的机构；以电子证照、共享数据代替材料按办件首次提交（收件）日期计入统计期，计入收件机构', 'Deliveries are counted on the day of delivery, for the organisation that decided; materials replaced by e-certificates or shared data on the day the case was first received, for the organisation that took it in'),
    target: null,
  },
  {
    key: 'T8.satisfaction', unit: 'ratio', better: 'higher',
    name: t('好差评满意率', 'Ratings: satisfaction'),
    numerator: t('统计期内收到的评价中，"满意"和"非常满意"的条数', 'Ratings received in the period that are "satisfied" or "very satisfied"'),
    denominator: t('统计期内收到的评价条数（五级评价，附各级分布）', 'Ratings received in the period (five levels; the distribution beside it)'),
    period: t('按评价日期计入统计期，计入被评价的办理机构', 'Counted on the day of the rating, for the organisation rated'),
    target: null,
  },
  {
    key: 'T8.followUp', unit: 'ratio', better: 'higher',
    name: t('差评整改按期完成率', 'Bad ratings followed up on time'),
    numerator: t('整改期限在统计期内的差评中，在期限内完成核实、回复、整改并回访的条数', 'Bad ratings whose follow-up fell due in the period and was completed (verified, answered, rectified, called back) by its due date'),
    denominator: t('整改期限在统计期内的差评条数（"不满意"、"非常不满意"）', 'Bad ratings ("dissatisfied", "very dissatisfied") whose follow-up fell due in the period'),
    period: t('按整改期限（工作日）的到期日计入统计期，计入被评价的办理机构', 'Counted on the follow-up\'s due date (in working days), for the organisation rated'),
    target: t('100%（差评整改回访）', '100% (every bad rating followed up)'),
  },
  {
    key: 'volume', unit: 'count', better: 'higher',
    name: t('办件量', 'Case volume'),
    numerator: t('统计期内收件的办件数（附受理、不予受理、决定、办结数）', 'Cases received in the period (also shown: accepted, refused, decided, completed)'),
    denominator: t('—', '—'),
    period: t('按各环节发生的日期计入统计期：收件、受理、不予受理、办结计入收件机构，决定计入作出决定的机构', 'Each step on the day it happened: receipt, acceptance, refusal and completion for the intake organisation, the decision for the deciding one'),
    target: null,
  },
  {
    key: 'waiting', unit: 'seconds', better: 'lower',
    name: t('窗口平均等候时间', 'Average waiting time at windows'),
    numerator: t('统计期内取号后被叫号的排队号，自取号至首次叫号的时长之和（附90分位数）', 'The total time from taking a number to its first call, over the queue tickets taken in the period and called (the 90th percentile beside it)'),
    denominator: t('统计期内取号后被叫号的排队号数', 'Queue tickets taken in the period and called'),
    period: t('按取号日期计入统计期，计入大厅所属机构；统计期超过一年时不给出90分位数', 'Counted on the day the number was taken, for the organisation running the hall; no 90th percentile for periods over a year'),
    target: null,
  },
  {
    key: 'handling', unit: 'workingDays', better: 'lower',
    name: t('平均办理时间', 'Average handling time'),
    numerator: t('统计期内作出决定的办件，自受理次日至决定日的工作日数（中止期间不计）之和', 'The working days from the day after acceptance to the decision (pauses not counted), summed over the cases decided in the period'),
    denominator: t('统计期内作出决定的已受理办件数（分事项的办理时间见 by=item）', 'Accepted cases decided in the period (per item: by=item)'),
    period: t('按决定日期计入统计期，计入作出决定的机构', 'Counted on the day of the decision, for the organisation that decided'),
    target: null,
  },
];

/** Every definition: the case KPIs', then the 12345 hotline's (the hotline module keeps those). */
export const allKpiDefinitions: readonly KpiDefinition[] = [...kpiDefinitions, ...hotlineKpiDefinitions];

export const definitionOf = (key: KpiKey): KpiDefinition => allKpiDefinitions.find((d) => d.key === key)!;

/** What the KPIs take besides the rollup's sums: the catalog (T2, T4 items) and the queue (waiting time). */
export interface KpiExtras {
  catalog: { onApplication: number; online: number; oneTripListed: number; atMostOneTripByProcess: number; zeroTripByProcess: number } | null;
  waiting: { averageSeconds: number | null; p90Seconds: number | null; called: number } | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The target of T4.items in the year the period ends: 100 items in 2019, 200 from 2020 (the plan). */
export const oneTripItemsTarget = (to: IsoDate): number => (Number(to.slice(0, 4)) <= 2019 ? 100 : 200);

const targets: Partial<Record<KpiKey, (to: IsoDate) => number>> = {
  T1: () => 0.7,
  T2: () => 0.7,
  T3: () => 1,
  'T4.items': oneTripItemsTarget,
  T5: () => 5,
  'T8.followUp': () => 1,
};

/** Every KPI of one organisation and period, from the rollup's sums and the extras. */
export function computeKpis(sums: Counters, histograms: Histograms, extras: KpiExtras, period: { from: IsoDate; to: IsoDate }): KpiValue[] {
  const s = sums;
  const ratings = s.rating1 + s.rating2 + s.rating3 + s.rating4 + s.rating5;
  const durationKpi = (h: ReadonlyMap<number, number>) => {
    const n = [...h.values()].reduce((a, b) => a + b, 0);
    const total = [...h.entries()].reduce((a, [d, c]) => a + d * c, 0);
    return { value: histogramPercentile(h, 0.5), numerator: null, denominator: n, details: { p90: histogramPercentile(h, 0.9), mean: n ? total / n : null, cases: n } };
  };
  const raw: Record<CaseKpiKey, Pick<KpiValue, 'value' | 'numerator' | 'denominator' | 'details'>> = {
    T1: { value: ratio(s.receivedOneWindow, s.receivedInPerson), numerator: s.receivedOneWindow, denominator: s.receivedInPerson, details: {} },
    T2: extras.catalog
      ? { value: ratio(extras.catalog.online, extras.catalog.onApplication), numerator: extras.catalog.online, denominator: extras.catalog.onApplication, details: { onlineFiledShare: ratio(s.receivedOnline, s.received), receivedOnline: s.receivedOnline, received: s.received } }
      : { value: null, numerator: null, denominator: null, details: { onlineFiledShare: ratio(s.receivedOnline, s.received), receivedOnline: s.receivedOnline, received: s.received } },
    T3: { value: ratio(s.decidedOnTime, s.decided), numerator: s.decidedOnTime, denominator: s.decided, details: { withinStatutory: s.decidedWithinStatutory, late: s.decided - s.decidedOnTime } },
    'T4.items': extras.catalog
      ? { value: extras.catalog.oneTripListed, numerator: extras.catalog.oneTripListed, denominator: null, details: { atMostOneTripByProcess: extras.catalog.atMostOneTripByProcess, zeroTripByProcess: extras.catalog.zeroTripByProcess } }
      : { value: null, numerator: null, denominator: null, details: {} },
    'T4.cases': { value: ratio(s.completedOneTrip, s.completed), numerator: s.completedOneTrip, denominator: s.completed, details: {} },
    'T4.zeroTrip': { value: ratio(s.completedZeroTrip, s.completed), numerator: s.completedZeroTrip, denominator: s.completed, details: {} },
    T5: durationKpi(histograms.companyEstablishment),
    T6: durationKpi(histograms.investment),
    T7: {
      value: ratio(s.deliveredElectronic, s.deliveredApproved), numerator: s.deliveredElectronic, denominator: s.deliveredApproved,
      details: { certificatesIssued: s.certificatesIssued, materialsReplaced: s.materialsReplaced, casesWithReplacement: s.casesWithReplacement, replacementShare: ratio(s.casesWithReplacement, s.received) },
    },
    'T8.satisfaction': {
      value: ratio(s.rating4 + s.rating5, ratings), numerator: s.rating4 + s.rating5, denominator: ratings,
      details: { rating1: s.rating1, rating2: s.rating2, rating3: s.rating3, rating4: s.rating4, rating5: s.rating5, average: ratings ? (s.rating1 + 2 * s.rating2 + 3 * s.rating3 + 4 * s.rating4 + 5 * s.rating5) / ratings : null, bad: s.rating1 + s.rating2 },
    },
    'T8.followUp': { value: ratio(s.followUpsOnTime, s.followUpsDue), numerator: s.followUpsOnTime, denominator: s.followUpsDue, details: {} },
    volume: { value: s.received, numerator: s.received, denominator: null, details: { accepted: s.accepted, refused: s.refused, decided: s.decided, approved: s.approved, completed: s.completed } },
    waiting: extras.waiting
      ? { value: extras.waiting.averageSeconds, numerator: null, denominator: extras.waiting.called, details: { p90Seconds: extras.waiting.p90Seconds } }
      : { value: null, numerator: null, denominator: null, details: { p90Seconds: null } },
    handling: { value: ratio(s.handlingDays, s.decided), numerator: s.handlingDays, denominator: s.decided, details: {} },
  };
  return kpiDefinitions.map((d) => {
    const r = raw[d.key];
    const target = targets[d.key]?.(period.to) ?? null;
    const meetsTarget = target === null || r.value === null ? null : d.better === 'higher' ? r.value >= target - 1e-12 : r.value <= target + 1e-12;
    return { key: d.key, unit: d.unit, target, meetsTarget, ...r };
  });
}

// ---------------------------------------------------------------- periods

/** Longest period the KPI view sums over (two years and a bit: the generated history and a margin). */
export const MAX_PERIOD_DAYS = 800;

/** The period's days, checked. @returns an error message, or null when the period is valid. */
export function periodError(from: IsoDate, to: IsoDate): string | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'dates must be YYYY-MM-DD';
  if (from > to) return 'from must not be after to';
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_PERIOD_DAYS) return `the period may span at most ${MAX_PERIOD_DAYS} days`;
  return null;
}

/** The first and last day of a month given as YYYY-MM, or null when it is not one. */
export function monthRange(month: string): { from: IsoDate; to: IsoDate } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7));
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- warnings and escalation

/**
 * The steps a case has reached (DOMAIN "What supervision sees"; issue 7, item 1): yellow near the
 * deadline; red when late; still red after `HEAD_AFTER` working days late, to the department head
 * again; after `SUPERVISOR_AFTER`, to the supervisors of the government above the department.
 */
export const HEAD_AFTER = 2;
export const SUPERVISOR_AFTER = 5;

export function stepsReached(level: WarningLevel, lateDays: number): EscalationStep[] {
  if (level === 'yellow') return ['yellow'];
  if (level !== 'red') return [];
  const steps: EscalationStep[] = ['red'];
  if (lateDays >= HEAD_AFTER) steps.push('head');
  if (lateDays >= SUPERVISOR_AFTER) steps.push('supervisor');
  return steps;
}

/** Which roles are told at each step, and where: the handling department itself, or supervisors above it. */
export const stepRecipients: Record<EscalationStep, { roles: readonly ('reviewer' | 'departmentHead' | 'supervisor')[]; where: 'handler' | 'supervising' }> = {
  yellow: { roles: ['reviewer', 'departmentHead'], where: 'handler' },
  red: { roles: ['reviewer', 'departmentHead'], where: 'handler' },
  head: { roles: ['departmentHead'], where: 'handler' },
  supervisor: { roles: ['supervisor'], where: 'supervising' },
};

/**
 * The supervisors who watch an organisation: of all supervisors whose subtree holds it, those
 * nearest to it (a county department's case goes to the county's supervisors, not the prefecture's,
 * unless the county has none).
 */
export function nearestSupervisors<T extends { scopePath: string | null }>(candidates: T[], orgPath: string): T[] {
  const covering = candidates.filter((c) => !!c.scopePath && orgPath.startsWith(c.scopePath));
  const deepest = Math.max(0, ...covering.map((c) => c.scopePath!.length));
  return covering.filter((c) => c.scopePath!.length === deepest);
}

/** Live list order: red first (the longest late first), then yellow (the least left first), then paused. */
export function warningOrder(a: { level: 'yellow' | 'red' | 'paused'; daysLeft: number | null; caseNumber: string }, b: typeof a): number {
  const rank = { red: 0, yellow: 1, paused: 2 } as const;
  return rank[a.level] - rank[b.level] || (a.daysLeft ?? 0) - (b.daysLeft ?? 0) || a.caseNumber.localeCompare(b.caseNumber);
}

// ---------------------------------------------------------------- rankings (monthly report)

/** Ranks organisations by a KPI, best first (ties share a rank); those without a value come last, unranked. */
export function rankBy(values: { orgId: string; value: number | null }[], better: 'higher' | 'lower'): { orgId: string; value: number | null; rank: number | null }[] {
  const withValue = values.filter((v) => v.value !== null).sort((a, b) => (better === 'higher' ? b.value! - a.value! : a.value! - b.value!));
  const out: { orgId: string; value: number | null; rank: number | null }[] = [];
  withValue.forEach((v, i) => {
    const prev = out[i - 1];
    out.push({ ...v, rank: prev && prev.value === v.value ? prev.rank : i + 1 });
  });
  return [...out, ...values.filter((v) => v.value === null).map((v) => ({ ...v, rank: null }))];
}

// ---------------------------------------------------------------- problem reports

/** WT + the day + the day's sequence (five digits): the number a reporter quotes. */
export const formatProblemNumber = (day: IsoDate, seq: number): string => `WT${day.replaceAll('-', '')}${String(seq).padStart(5, '0')}`;
