// Electronic supervision's vocabulary (电子监察, DOMAIN.md "What supervision sees"), shared by server and web.

import { hotlineKpiKeys } from './hotline.js';

/**
 * The measures supervision reports per organisation and period: the plan's targets T1–T8 (T4, T8 in
 * two parts each) and three operating measures. The server sends each with its written definition.
 */
export const caseKpiKeys = [
  'T1', 'T2', 'T3', 'T4.items', 'T4.cases', 'T4.zeroTrip', 'T5', 'T6', 'T7', 'T8.satisfaction', 'T8.followUp', 'volume', 'waiting', 'handling',
] as const;
export type CaseKpiKey = (typeof caseKpiKeys)[number];
/** Every measure: the case KPIs, then the 12345 hotline's (computed from the hotline's tickets). */
export const kpiKeys = [...caseKpiKeys, ...hotlineKpiKeys] as const;
export type KpiKey = (typeof kpiKeys)[number];

/** How a KPI's value reads: a share 0–1, working days, a number of cases or items, seconds. */
export const kpiUnits = ['ratio', 'workingDays', 'count', 'seconds'] as const;
export type KpiUnit = (typeof kpiUnits)[number];

/** A text in both languages. */
export type L10n = { 'zh-CN': string; 'en-US': string };

/** A KPI's written definition, shown beside its value: supervision keeps the cases', the hotline module its own. */
export interface KpiDefinition<K extends KpiKey = KpiKey> {
  key: K;
  unit: KpiUnit;
  /** Which way is better, for rankings and colours. */
  better: 'higher' | 'lower';
  name: L10n;
  numerator: L10n;
  denominator: L10n;
  period: L10n;
  /** The target in words (the plan's, or a national one), or null when there is none. */
  target: L10n | null;
}

/** A KPI's value over a period, with what it was computed from. */
export interface KpiValue<K extends KpiKey = KpiKey> {
  key: K;
  unit: KpiUnit;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The target as a number in the KPI's unit, or null when there is none. */
  target: number | null;
  meetsTarget: boolean | null;
  details: Record<string, number | null>;
}

/** The levels a live warning list filters on (a case's clock: yellow near the deadline, red late, paused while suspended). */
export const warningLevels = ['yellow', 'red', 'paused'] as const;
export type ListedWarningLevel = (typeof warningLevels)[number];

/**
 * The steps of a warning as a case nears and passes its deadline, each recorded and notified once:
 * yellow and red to the handling department's reviewers and head; while it stays red, again to the
 * head, then to the supervisors of the government above it.
 */
export const escalationSteps = ['yellow', 'red', 'head', 'supervisor'] as const;
export type EscalationStep = (typeof escalationSteps)[number];

/** A window clerk's state: signed in and at the window, signed in but away, serving a queue ticket now, or signed out. */
export const dutyStatuses = ['onDuty', 'away', 'serving', 'signedOut'] as const;
export type DutyStatus = (typeof dutyStatuses)[number];
/** The states a clerk sets themselves (serving comes from the queue, signed out from signing out). */
export const settableDutyStatuses = ['onDuty', 'away'] as const;
export type SettableDutyStatus = (typeof settableDutyStatuses)[number];

/** A reform problem report (R7.4): a blockage (堵点, something stops the service) or a difficulty (难点, it is too hard to get). */
export const problemKinds = ['blockage', 'difficulty'] as const;
export type ProblemKind = (typeof problemKinds)[number];
export const problemReportStatuses = ['open', 'answered'] as const;
export type ProblemReportStatus = (typeof problemReportStatuses)[number];

/** The drill-downs of the KPI view: child organisations (or a hall's windows, or a department's staff), or items. */
export const kpiBreakdowns = ['child', 'item'] as const;
export type KpiBreakdown = (typeof kpiBreakdowns)[number];
