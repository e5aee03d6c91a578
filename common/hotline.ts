// The 12345 hotline's vocabulary (GLOSSARY: 12345 热线 工单 `Ticket`, 派单 `dispatch`, 承办单位
// `handlingOrg`, 退单 `returnDispatch`, 回访 `callback`), shared by server and web.

/** How a ticket came in: a call recorded by an agent, the web or mobile form, or the Open311 API. */
export const ticketChannels = ['phone', 'web', 'mobile', 'open311'] as const;
export type TicketChannel = (typeof ticketChannels)[number];

/** 咨询, 求助, 投诉, 举报, 建议, 表扬. */
export const ticketTypes = ['consultation', 'helpRequest', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type TicketType = (typeof ticketTypes)[number];

export const ticketUrgencies = ['normal', 'urgent', 'critical'] as const;
export type TicketUrgency = (typeof ticketUrgencies)[number];

/**
 * A ticket's life: `received` at the centre → answered on the spot (`closed`) or `dispatched` to the
 * handling organisations → `returned` once by a wrongly chosen one (the centre re-dispatches or
 * insists) → `replied` → called back → `closed` (or reopened once, back to `dispatched`). A duplicate
 * is `merged` into another ticket and follows it.
 */
export const ticketStatuses = ['received', 'dispatched', 'returned', 'replied', 'closed', 'merged'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketActions = [
  'file', 'answer', 'dispatch', 'returnDispatch', 'insist', 'reply', 'requestExtension', 'decideExtension', 'callback', 'reopen', 'close', 'merge',
] as const;
export type TicketAction = (typeof ticketActions)[number];

/** How a closed ticket ended: answered on the call, closed after the callback, or closed by the centre (no callback possible or wanted). */
export const ticketResolutions = ['answeredOnSpot', 'calledBack', 'closedByCentre'] as const;
export type TicketResolution = (typeof ticketResolutions)[number];

/** A handling organisation's part: the lead answers the caller, co-handlers answer the lead (联合办理). */
export const taskRoles = ['lead', 'co'] as const;
export type TaskRole = (typeof taskRoles)[number];
export const taskStatuses = ['open', 'replied', 'returned', 'withdrawn'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const extensionStatuses = ['pending', 'approved', 'refused'] as const;
export type ExtensionStatus = (typeof extensionStatuses)[number];

/** A task's warning: yellow near its deadline, red past it (the cases' rule). */
export const ticketWarnings = ['none', 'yellow', 'red'] as const;
export type TicketWarning = (typeof ticketWarnings)[number];

/** The warning steps recorded and told once per task and deadline. */
export const hotlineEscalationSteps = ['yellow', 'red', 'escalated'] as const;
export type HotlineEscalationStep = (typeof hotlineEscalationSteps)[number];

/** Open311 GeoReport v2: how a service answers a new request (a service_request_id at once, or a token to resolve later). */
export const open311ServiceTypes = ['realtime', 'batch'] as const;
export type Open311ServiceType = (typeof open311ServiceTypes)[number];
/** Open311 attribute datatypes (GeoReport v2, GET Service Definition). */
export const open311Datatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Open311Datatype = (typeof open311Datatypes)[number];

/** 12345-20261128-00042: the hotline's number, the day (Asia/Shanghai) and a sequence per day. */
export const TICKET_NUMBER_PATTERN = '^12345-[0-9]{8}-[0-9]{5}$';

/** The hotline's measures in electronic supervision (beside the case KPIs T1–T8). */
export const hotlineKpiKeys = ['hotline.volume', 'hotline.onTheSpot', 'hotline.dispatchedOnTime', 'hotline.handledOnTime', 'hotline.callback', 'hotline.satisfaction'] as const;
export type HotlineKpiKey = (typeof hotlineKpiKeys)[number];
