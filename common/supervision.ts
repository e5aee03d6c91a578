// Electronic supervision's vocabulary (电子监察, DOMAIN.md "What supervision sees"), shared by server and web.

/**
 * The measures supervision reports per organisation and period: the plan's targets T1–T8 (T4, T8 in
 * two parts each) and three operating measures. The server sends each with its written definition.
 */
export const kpiKeys = [
  'T1', 'T2', 'T3', 'T4.items', 'T4.cases', 'T4.zeroTrip', 'T5', 'T6', 'T7', 'T8.satisfaction', 'T8.followUp', 'volume', 'waiting', 'handling',
] as const;
export type KpiKey = (typeof kpiKeys)[number];

/** How a KPI's value reads: a share 0–1, working days, a number of cases or items, seconds. */
export const kpiUnits = ['ratio', 'workingDays', 'count', 'seconds'] as const;
export type KpiUnit = (typeof kpiUnits)[number];

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
