import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { caseActions, caseStatuses } from '../../../common/cases.js';
import { roles } from '../../../common/enums.js';
import { dutyStatuses, escalationSteps, kpiBreakdowns, kpiKeys, kpiUnits, problemKinds, problemReportStatuses, settableDutyStatuses, warningLevels } from '../../../common/supervision.js';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { Binary, DateTime, Errors, IsoDate, Nullable, Page, Uuid, Version } from '../../platform/schemas.js';
import { getKpis } from './kpis.js';
import { answerProblemReport, getProblemReport, listProblemReports, reportProblem } from './problems.js';
import { listMonthlyReports, monthlyReport, monthlyReportFile } from './reports.js';
import { allKpiDefinitions, MAX_PERIOD_DAYS } from './rules.js';
import { listStaff, myDuty, setDutyStatus, signIn, signOut } from './staff.js';
import { listEscalations, listWarnings } from './warnings.js';

const OrgParam = Type.String({ minLength: 1, maxLength: 60, description: 'An organisation\'s id or code (a government\'s code is its GB/T 2260 region code, e.g. 652301); default: your own' });
const Period = {
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (Asia/Shanghai); default: the first of the month of `to`' })),
  to: Type.Optional(Type.String({ format: 'date', description: `Last day; default today. At most ${MAX_PERIOD_DAYS} days in all` })),
};
const OrgRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String() });
const L10n = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });

const KpiDefinitionSchema = Type.Object({
  key: Type.Enum(kpiKeys), unit: Type.Enum(kpiUnits), better: Type.Enum(['higher', 'lower'] as const, { description: 'Which way is better' }),
  name: L10n, numerator: L10n, denominator: L10n, period: L10n, target: Nullable(L10n),
}, { description: 'The written definition of a KPI: numerator, denominator, period rule and target, in zh-CN and en-US' });
const kpiValueFields = {
  key: Type.Enum(kpiKeys),
  unit: Type.Enum(kpiUnits, { description: '`ratio` 0–1, `workingDays`, `count`, `seconds`' }),
  value: Nullable(Type.Number({ description: 'Null when there is nothing to measure (a zero denominator)' })),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  target: Nullable(Type.Number({ description: 'The target in the KPI\'s unit' })),
  meetsTarget: Nullable(Type.Boolean()),
  details: Type.Record(Type.String(), Nullable(Type.Number()), { description: 'Figures beside the value: T5/T6 `p90`, `mean`, `cases`; T8 `rating1`…`rating5`, `average`, `bad`; volume `accepted`, `decided` …' }),
};
const KpiValueSchema = Type.Object(kpiValueFields);
const KpiWithDefinition = Type.Object({ ...kpiValueFields, definition: KpiDefinitionSchema });
const Subject = Type.Object({ kind: Type.Enum(['org', 'window', 'person'] as const), id: Uuid, code: Type.String({ description: 'Organisation or window code, or the person\'s username' }), name: Type.String(), nameEn: Type.String() });

const WarningCounts = { yellow: Type.Integer(), red: Type.Integer(), paused: Type.Integer() };
const EscalationSchema = Type.Object({
  id: Uuid, caseId: Uuid, caseNumber: Type.String(), step: Type.Enum(escalationSteps), dueOn: IsoDate, lateDays: Type.Integer(), handlerOrgId: Uuid, handlerOrg: OrgRef,
  recipients: Type.Array(Uuid, { description: 'The users told' }), createdAt: DateTime,
});

const DutySchema = Type.Object({
  id: Uuid, userId: Uuid, windowId: Uuid, windowNumber: Type.String(), siteId: Uuid,
  status: Type.Enum(dutyStatuses, { description: '`serving` while the queue shows a ticket being served at the clerk\'s window' }),
  declaredStatus: Type.Enum(settableDutyStatuses), statusSince: DateTime, signedInAt: DateTime, signedOutAt: Nullable(DateTime),
  servingTicket: Nullable(Type.String({ description: 'The number being served' })), version: Type.Integer(),
});

const ProblemReportSchema = Type.Object({
  id: Uuid, number: Type.String({ description: 'WT + date + sequence: quote it when asking' }), kind: Type.Enum(problemKinds), description: Type.String(),
  itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), caseNumber: Nullable(Type.String()),
  namedOrg: OrgRef, org: Type.Object({ ...OrgRef.properties }, { description: 'The organisation responsible for answering' }),
  contactName: Nullable(Type.String({ description: 'Masked except for the reporter' })), contactPhone: Nullable(Type.String({ description: 'Masked except for the reporter' })),
  status: Type.Enum(problemReportStatuses), receivedAt: DateTime, dueOn: IsoDate, overdue: Type.Boolean(), answer: Nullable(Type.String()), answeredAt: Nullable(DateTime),
  version: Type.Integer(), canAnswer: Type.Boolean({ description: 'Whether you may answer it' }),
});

const MonthlyReportSchema = Type.Object({
  id: Nullable(Uuid),
  generatedBy: Nullable(Uuid),
  content: Type.Object({
    org: Type.Object({ ...OrgRef.properties, level: Type.String(), kind: Type.String() }),
    month: Type.String(), from: IsoDate, to: IsoDate, generatedAt: Type.String(), final: Type.Boolean({ description: 'The month is over and the report is kept as it is' }),
    kpis: Type.Array(Type.Object({ ...kpiValueFields, definition: KpiDefinitionSchema, previous: Nullable(Type.Number({ description: 'The value the month before' })) })),
    rankings: Type.Array(Type.Object({ key: Type.Enum(kpiKeys), better: Type.Enum(['higher', 'lower'] as const), rows: Type.Array(Type.Object({ org: OrgRef, value: Nullable(Type.Number()), rank: Nullable(Type.Integer()) })) }), { description: 'Among the organisation\'s siblings (the counties of the prefecture, the departments of a government)' }),
    lateCases: Type.Array(Type.Object({
      caseId: Uuid, caseNumber: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), decisionOrg: OrgRef, receivedOn: Nullable(IsoDate), acceptedOn: Nullable(IsoDate), decidedOn: IsoDate,
      promisedDueOn: Nullable(IsoDate), usedDays: Nullable(Type.Integer()),
      reasons: Type.Array(Type.Object({ at: Type.String(), action: Type.Enum(caseActions), reason: Type.String() }), { description: 'The reasons recorded on the case\'s events' }),
    })),
    lateCasesTotal: Type.Integer(),
    badRatings: Type.Array(Type.Object({
      caseNumber: Type.String(), itemName: Type.String(), org: OrgRef, level: Type.Integer(), ratedOn: IsoDate, comment: Nullable(Type.String()), problems: Type.Array(Type.String()), followUpDueOn: Nullable(IsoDate),
      verified: Type.Boolean(), answered: Type.Boolean(), rectified: Type.Boolean(), calledBack: Type.Boolean(), onTime: Nullable(Type.Boolean()),
    })),
    problemReports: Type.Object({ received: Type.Integer(), answered: Type.Integer(), answeredOnTime: Type.Integer(), open: Type.Integer(), overdueOpen: Type.Integer() }),
  }),
});

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

/** Electronic supervision (电子监察): warnings, KPIs, staff on duty, problem reports, monthly reports. */
export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const answerDays = app.platform.config.problemReportDays;

  // ---------------------------------------------------------------- warnings

  app.get('/supervision/warnings', {
    schema: {
      tags: ['supervision'],
      summary: 'Live warnings: cases yellow, red or paused',
      description: 'The cases of an organisation\'s subtree (supervisors, administrators) or department (heads, reviewers) that are yellow (≤ 1 working day or ≤ 20% of the promised limit left), red (late) or paused (suspended) now, from the deadlines the case module keeps from the events and the working-day calendar. Red first (longest late first), then yellow, then paused; counts per level, per handling organisation and per member of staff handling them (the last of the handling organisation to act on each case). `handlerOrg` narrows to one handling organisation, `handler` to one person.',
      querystring: Type.Object({ org: Type.Optional(OrgParam), level: Type.Optional(Type.Enum(warningLevels)), handlerOrg: Type.Optional(OrgParam), handler: Type.Optional(Uuid), ...Page }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          org: OrgRef, asOf: IsoDate, counts: Type.Object(WarningCounts),
          byHandler: Type.Array(Type.Object({ orgId: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), ...WarningCounts })),
          byPerson: Type.Array(Type.Object({ userId: Uuid, name: Type.String(), orgId: Uuid, ...WarningCounts }), { description: 'Per member of staff handling the cases (the last of the handling organisation to act on each)' }),
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            caseId: Uuid, caseNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), status: Type.Enum(caseStatuses), level: Type.Enum(warningLevels),
            promisedDueOn: Nullable(IsoDate), daysLeft: Nullable(Type.Integer({ description: 'Working days left (negative: late)' })), handlerOrg: OrgRef,
            handler: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
            escalation: Nullable(Type.Enum(escalationSteps, { description: 'The furthest warning step recorded and notified for the current deadline' })),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => listWarnings(request.ctx, request.query));

  app.get('/supervision/escalations', {
    schema: {
      tags: ['supervision'],
      summary: 'Warnings sent and escalations',
      description: 'Each warning step recorded (once per case, step and deadline) in a subtree, newest first: yellow and red to the handling department\'s reviewers and head, then — while the case stays red — to the head after 2 working days late and to the supervisors of the government above after 5.',
      querystring: Type.Object({ org: Type.Optional(OrgParam), caseId: Type.Optional(Uuid), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(EscalationSchema) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listEscalations(request.ctx, request.query));

  // ---------------------------------------------------------------- KPIs

  app.get('/supervision/kpi-definitions', {
    schema: {
      tags: ['supervision'],
      summary: 'The written definitions of the KPIs',
      description: 'Numerator, denominator, period rule and target of T1–T8, case volume, waiting time and handling time, and the 12345 hotline\'s measures, in zh-CN and en-US. Public: the measures the reform is held to.',
      response: { 200: Type.Array(KpiDefinitionSchema) },
    },
  }, async () => [...allKpiDefinitions]);

  app.get('/supervision/kpis', {
    schema: {
      tags: ['supervision'],
      summary: 'KPIs of an organisation\'s subtree over a period',
      description: 'T1 one-window acceptance, T2 online-available, T3 on-time, T4 at most one trip (items on the list; cases with ≤ 1 and 0 trips), T5 company establishment and T6 investment-project working days (median; p90 in `details`), T7 e-licence share, T8 ratings and bad-rating follow-up, case volume, average waiting time at windows and handling time — each with its definition and target. `org` is an organisation (region or organisation code, or id) or a window (code or id). `by=child`: the same for each child organisation — for a department running halls, each window; for another department or a window, each member of staff. `by=item`: handling time and timeliness per item decided in the subtree. Supervisors, administrators and department heads, within their subtree (404 outside it).',
      querystring: Type.Object({ org: Type.Optional(OrgParam), ...Period, by: Type.Optional(Type.Enum(kpiBreakdowns)) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          subject: Subject, from: IsoDate, to: IsoDate, kpis: Type.Array(KpiWithDefinition),
          breakdown: Type.Optional(Type.Array(Type.Object({ subject: Subject, kpis: Type.Array(KpiValueSchema) }), { description: 'With by=child; definitions as in `kpis`' })),
          items: Type.Optional(Type.Array(Type.Object({
            itemCode: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), decided: Type.Integer(), onTime: Type.Integer(), onTimeRate: Nullable(Type.Number()),
            averageHandlingDays: Nullable(Type.Number({ description: 'Working days from acceptance to decision, pauses excluded' })),
          }), { description: 'With by=item: busiest first, at most 200' })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => getKpis(request.ctx, request.query));

  // ---------------------------------------------------------------- staff on duty

  app.get('/supervision/staff', {
    schema: {
      tags: ['supervision'],
      summary: 'Front-line staff: duty, workload, handling time, ratings',
      description: 'Window clerks, reviewers and department heads of a subtree: whether each is signed in now (on duty, away, or serving a queue ticket) and at which window; over the period, time signed in and away, cases taken in, accepted and decided (on time), average handling time, and the ratings of the cases they took in or decided.',
      querystring: Type.Object({ org: Type.Optional(OrgParam), ...Period, role: Type.Optional(Type.Enum(['windowClerk', 'reviewer', 'departmentHead'] as const)), ...Page }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: IsoDate, to: IsoDate, total: Type.Integer(),
          items: Type.Array(Type.Object({
            id: Uuid, username: Type.String(), displayName: Type.String(), roles: Type.Array(Type.Enum(roles)), org: OrgRef, duty: Nullable(DutySchema),
            dutySeconds: Type.Integer(), awaySeconds: Type.Integer(),
            workload: Type.Object({ received: Type.Integer(), accepted: Type.Integer(), decided: Type.Integer(), decidedOnTime: Type.Integer(), averageHandlingDays: Nullable(Type.Number()) }),
            ratings: Type.Object({ count: Type.Integer(), levels: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'Counts of levels 1 (very dissatisfied) … 5' }), average: Nullable(Type.Number()), bad: Type.Integer() }),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => listStaff(request.ctx, request.query));

  app.get('/supervision/duty', {
    schema: { tags: ['supervision'], summary: 'Your duty at a window now (window clerks)', response: { 200: Nullable(DutySchema), ...Errors } },
    preHandler: gate.role('windowClerk'),
  }, async (request) => myDuty(request.ctx));

  app.post('/supervision/duty/sign-in', {
    schema: {
      tags: ['supervision'],
      summary: 'Sign in at a window',
      description: 'A window clerk signs in at one of the windows they are assigned to, on duty; signing in at another window signs them out of the first.',
      body: Type.Object({ windowId: Uuid }, { additionalProperties: false }),
      response: { 200: DutySchema, ...Errors },
    },
    preHandler: gate.role('windowClerk'),
  }, async (request) => signIn(request.ctx, request.body.windowId));

  app.post('/supervision/duty/sign-out', {
    schema: { tags: ['supervision'], summary: 'Sign out from your window', response: { 200: DutySchema, ...Errors } },
    preHandler: gate.role('windowClerk'),
  }, async (request) => signOut(request.ctx));

  app.put('/supervision/duty/status', {
    schema: {
      tags: ['supervision'],
      summary: 'Say you are at the window or away',
      description: '`serving` is not set here: it shows while the queue has a ticket being served at your window.',
      body: Type.Object({ status: Type.Enum(settableDutyStatuses), version: Version }, { additionalProperties: false }),
      response: { 200: DutySchema, ...Errors },
    },
    preHandler: gate.role('windowClerk'),
  }, async (request) => setDutyStatus(request.ctx, request.body));

  // ---------------------------------------------------------------- reform problem reports

  app.post('/supervision/problem-reports', {
    schema: {
      tags: ['supervision'],
      summary: 'Report a problem with how a service was run (堵点/难点)',
      description: `Anyone, signed in or not (at most 5 a minute from one address): what happened, where (an organisation; with an item, the report goes to the government's department carrying the item out) and optionally the case. The responsible organisation's heads are told; it answers within ${answerDays} working days (ONETRIP_PROBLEM_REPORT_DAYS).`,
      body: Type.Object({
        kind: Type.Enum(problemKinds, { description: '`blockage` 堵点: something stopped the service; `difficulty` 难点: it was too hard to get' }),
        description: Type.String({ minLength: 10, maxLength: 2000 }),
        org: OrgParam,
        itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        caseNumber: Type.Optional(Type.String({ pattern: '^[0-9]{19}$' })),
        contactName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        contactPhone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
      }, { additionalProperties: false }),
      response: { 201: ProblemReportSchema, 400: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema },
    },
    config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
  }, async (request, reply) => reply.status(201).send(await reportProblem(request.ctx, request.body, answerDays)));

  app.get('/supervision/problem-reports', {
    schema: {
      tags: ['supervision'],
      summary: 'Problem reports',
      description: 'Staff (supervisors, administrators, heads, reviewers): the reports routed into an organisation\'s subtree, open ones first by due date. Applicants: their own.',
      querystring: Type.Object({ org: Type.Optional(OrgParam), status: Type.Optional(Type.Enum(problemReportStatuses)), overdue: Type.Optional(Type.Boolean()), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ProblemReportSchema) }), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => listProblemReports(request.ctx, request.query));

  app.get('/supervision/problem-reports/:id', {
    schema: { tags: ['supervision'], summary: 'One problem report', params: Type.Object({ id: Uuid }), response: { 200: ProblemReportSchema, ...Errors } },
    preHandler: gate.user,
  }, async (request) => getProblemReport(request.ctx, request.params.id));

  app.post('/supervision/problem-reports/:id/answer', {
    schema: {
      tags: ['supervision'],
      summary: 'Answer a problem report',
      description: 'The responsible organisation\'s heads, reviewers or administrators, once.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ answer: Type.String({ minLength: 5, maxLength: 2000 }), version: Version }, { additionalProperties: false }),
      response: { 200: ProblemReportSchema, ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => answerProblemReport(request.ctx, request.params.id, request.body));

  // ---------------------------------------------------------------- monthly reports

  app.get('/supervision/reports', {
    schema: {
      tags: ['supervision'],
      summary: 'Kept monthly reports',
      description: 'The monthly information reports generated so far in a subtree, newest month first.',
      querystring: Type.Object({ org: Type.Optional(OrgParam), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object({ id: Uuid, org: OrgRef, month: Type.String(), generatedAt: DateTime, generatedBy: Uuid })) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listMonthlyReports(request.ctx, request.query));

  app.get('/supervision/reports/monthly', {
    schema: {
      tags: ['supervision'],
      summary: 'The monthly information report (月度通报)',
      description: 'Of a county, park, department or the prefecture for a month: the KPIs against their targets and the month before, rankings among its siblings, late cases with the reasons recorded in their events, bad ratings and their follow-up, problem reports. Generated and kept (with its PDF and XLSX) on the first request once the month is over; for the month under way, built afresh (`id` null, `final` false).',
      querystring: Type.Object({ org: Type.Optional(OrgParam), month: Month }, { additionalProperties: false }),
      response: { 200: MonthlyReportSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => {
    const { files: _, ...report } = await monthlyReport(request.ctx, request.query);
    return report;
  });

  app.get('/supervision/reports/monthly/:format', {
    schema: {
      tags: ['supervision'],
      summary: 'The monthly report as PDF or XLSX',
      description: 'The same report printable (PDF, in Chinese) or as a spreadsheet (XLSX, one sheet per part).',
      params: Type.Object({ format: Type.Enum(['pdf', 'xlsx'] as const) }),
      querystring: Type.Object({ org: Type.Optional(OrgParam), month: Month }, { additionalProperties: false }),
      response: { 200: Binary('application/pdf or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => {
    const { bytes, name } = await monthlyReportFile(request.ctx, { ...request.query, format: request.params.format });
    const type = request.params.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return reply.type(type).header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`).send(bytes);
  });
};
