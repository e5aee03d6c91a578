import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { siteKinds, windowCategories } from '../../../common/enums.js';
import { appointmentStates, appointmentStatuses, ticketActions, ticketSources, ticketStatuses } from '../../../common/queue.js';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { DateTime, Errors, IsoDate, Nullable, Uuid, Version } from '../../platform/schemas.js';
import { MAX_OPEN_APPOINTMENTS } from './rules.js';
import {
  actOnTicket, bookAppointment, callNext, cancelAppointment, checkInAppointment, getAvailability, getBoard, getKiosk, getQueueSettings, getWindowPanel, listMyAppointments, queueStats,
  takeTicket, updateQueueSettings,
} from './service.js';

const Category = Type.Enum(windowCategories);
const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, Asia/Shanghai' });
const SiteParams = Type.Object({ id: Uuid });

/** Requests per minute and address for taking numbers and checking in: a hall's kiosk is one address, a busy hall calls a few a minute. */
export const KIOSK_TICKETS_PER_MINUTE = 30;
/** Booking codes are guessed one try at a time: fewer tries per address. */
export const KIOSK_CHECK_INS_PER_MINUTE = 10;

const QueueWindow = Type.Object({ id: Uuid, number: Type.String(), name: Type.String(), nameEn: Type.String() });
const QueueInfo = {
  category: Category,
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  departmentNameEn: Nullable(Type.String()),
  prefix: Type.String({ description: 'The letter its numbers start with' }),
  windows: Type.Array(QueueWindow),
};
const QueueSummary = Type.Object({
  ...QueueInfo,
  waiting: Type.Integer(),
  longestWaitSeconds: Type.Integer({ description: 'How long the longest-waiting ticket has waited' }),
  estimatedWaitMinutes: Type.Integer({ description: 'For a number taken now, from today\'s served tickets' }),
});
const SiteHeader = Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String(), kind: Type.Enum(siteKinds), hours: Type.String(), hoursEn: Type.String() });

const KioskTicket = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'A001, B017, …' }),
  category: Category,
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  departmentNameEn: Nullable(Type.String()),
  source: Type.Enum(ticketSources),
  status: Type.Enum(ticketStatuses),
  takenAt: DateTime,
  slot: Nullable(Type.String({ description: 'The appointment\'s slot, for a checked-in appointment' })),
  ahead: Type.Integer({ description: 'Waiting tickets called before this one' }),
  estimatedWaitMinutes: Type.Integer(),
  smsOnCall: Type.Boolean(),
  site: SiteHeader,
  windows: Type.Array(QueueWindow, { description: 'The windows that call this queue' }),
});

const TicketView = Type.Object({
  id: Uuid, siteId: Uuid, day: IsoDate, number: Type.String(), category: Category, departmentId: Nullable(Uuid), source: Type.Enum(ticketSources), status: Type.Enum(ticketStatuses),
  phone: Nullable(Type.String({ description: 'Masked' })), windowId: Nullable(Uuid), windowNumber: Nullable(Type.String()), recalls: Type.Integer(),
  takenAt: DateTime, calledAt: Nullable(DateTime), servedAt: Nullable(DateTime), finishedAt: Nullable(DateTime), caseNumber: Nullable(Type.String()), version: Type.Integer(),
  waitedSeconds: Type.Integer({ description: 'From taking the number to its first call (so far, while waiting)' }),
  appointment: Nullable(Type.Object({ code: Type.String(), slot: Type.String(), itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), itemNameEn: Nullable(Type.String()) })),
  allowedActions: Type.Array(Type.Enum(ticketActions), { description: 'What you may do next at the window; the server checks again' }),
});

const MyWindow = Type.Object({
  id: Uuid, number: Type.String(), name: Type.String(), nameEn: Type.String(), category: Category, departmentId: Nullable(Uuid), departmentName: Nullable(Type.String()), departmentNameEn: Nullable(Type.String()),
  site: Type.Object({ id: Uuid, name: Type.String(), nameEn: Type.String(), kind: Type.Enum(siteKinds) }),
});

const Period = Type.Object({ from: HourMinute, to: HourMinute }, { additionalProperties: false });
const Capacities = Type.Object(Object.fromEntries(windowCategories.map((c) => [c, Type.Optional(Type.Integer({ minimum: 0, maximum: 500 }))])), { additionalProperties: false, description: 'Appointments per 30-minute slot, by window category' });

const AppointmentView = Type.Object({
  id: Uuid, code: Type.String({ description: 'The booking code, typed at the kiosk to check in' }), siteId: Uuid, siteName: Type.String(), siteNameEn: Type.String(),
  category: Category, departmentId: Nullable(Uuid), departmentName: Nullable(Type.String()), departmentNameEn: Nullable(Type.String()),
  itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), itemNameEn: Nullable(Type.String()),
  day: IsoDate, slot: Type.String(), startsAt: DateTime, status: Type.Enum(appointmentStatuses), state: Type.Enum(appointmentStates), cancellable: Type.Boolean(),
  createdAt: DateTime, cancelledAt: Nullable(DateTime), checkedInAt: Nullable(DateTime), version: Type.Integer(),
});

const WaitStats = {
  taken: Type.Integer(), called: Type.Integer(), served: Type.Integer(), noShows: Type.Integer(),
  uncalled: Type.Integer({ description: 'Never called: still waiting, or gone on an earlier day' }),
  averageWaitSeconds: Nullable(Type.Integer({ description: 'From taking the number to its first call' })),
  p90WaitSeconds: Nullable(Type.Integer({ description: '90% of the called waited at most this long' })),
  averageServiceSeconds: Nullable(Type.Integer({ description: 'From starting to serve to finishing' })),
};

/** The front-desk queue (排队叫号): kiosk, hall board, appointments, the clerk's calls, waiting-time statistics. */
export const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // ---------------------------------------------------------------- the kiosk and the board (public)

  app.get('/queue/sites/:id/kiosk', {
    schema: {
      tags: ['queue'],
      summary: 'What a site\'s kiosk offers',
      description: 'The site\'s queues (one per window category with an open window; one per department for department windows), how many wait and how long a number taken now would wait.',
      params: SiteParams,
      response: { 200: Type.Object({ site: SiteHeader, day: IsoDate, queues: Type.Array(QueueSummary) }), 404: ProblemSchema },
    },
  }, async (request) => getKiosk(request.ctx, request.params.id));

  app.post('/queue/sites/:id/tickets', {
    schema: {
      tags: ['queue'],
      summary: 'Take a number',
      description: `No sign-in: the kiosk in the hall. At most ${KIOSK_TICKETS_PER_MINUTE} per minute from one address (429 beyond). With \`phone\`, an SMS says when the number is called; one waiting number per phone and queue.`,
      params: SiteParams,
      body: Type.Object({
        category: Category,
        departmentId: Type.Optional(Uuid),
        phone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'A mainland mobile number' })),
      }, { additionalProperties: false }),
      response: { 201: KioskTicket, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
    },
    config: { rateLimit: { max: KIOSK_TICKETS_PER_MINUTE, timeWindow: '1 minute' } },
  }, async (request, reply) => reply.status(201).send(await takeTicket(request.ctx, request.params.id, request.body)));

  app.post('/queue/sites/:id/check-in', {
    schema: {
      tags: ['queue'],
      summary: 'Check in an appointment with its booking code',
      description: `At the kiosk, on the appointment's day until 30 minutes after its slot ends: a number that is called before walk-ins once the slot has begun. At most ${KIOSK_CHECK_INS_PER_MINUTE} tries per minute from one address.`,
      params: SiteParams,
      body: Type.Object({ code: Type.String({ minLength: 4, maxLength: 20 }) }, { additionalProperties: false }),
      response: { 201: KioskTicket, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
    },
    config: { rateLimit: { max: KIOSK_CHECK_INS_PER_MINUTE, timeWindow: '1 minute' } },
  }, async (request, reply) => reply.status(201).send(await checkInAppointment(request.ctx, request.params.id, request.body.code)));

  app.get('/queue/sites/:id/board', {
    schema: {
      tags: ['queue'],
      summary: 'The hall board',
      description: 'The numbers being called (latest first) and to which window, and how many wait in each queue. Public; boards poll it every few seconds.',
      params: SiteParams,
      response: {
        200: Type.Object({
          site: SiteHeader, day: IsoDate, now: DateTime,
          calls: Type.Array(Type.Object({ number: Type.String(), status: Type.Enum(ticketStatuses), windowNumber: Type.String(), windowName: Type.String(), windowNameEn: Type.String(), category: Category, calledAt: DateTime, recalls: Type.Integer() })),
          queues: Type.Array(QueueSummary),
        }),
        404: ProblemSchema,
      },
    },
  }, async (request) => getBoard(request.ctx, request.params.id));

  // ---------------------------------------------------------------- appointments

  app.get('/queue/sites/:id/availability', {
    schema: {
      tags: ['queue'],
      summary: 'Bookable days and slots',
      description: 'The working days that can be booked (today and the next ones, by the working-day calendar) and, for `date` (default the first), the 30-minute slots within the site\'s hours with what is left in each.',
      params: SiteParams,
      querystring: Type.Object({ category: Category, departmentId: Type.Optional(Uuid), date: Type.Optional(IsoDate) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          site: SiteHeader,
          queue: Type.Object(QueueInfo),
          days: Type.Array(IsoDate),
          date: IsoDate,
          slots: Type.Array(Type.Object({ slot: Type.String(), startsAt: DateTime, capacity: Type.Integer(), booked: Type.Integer(), available: Type.Boolean() })),
        }),
        400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema,
      },
    },
  }, async (request) => getAvailability(request.ctx, request.params.id, request.query));

  app.post('/queue/appointments', {
    schema: {
      tags: ['queue'],
      summary: 'Book an appointment',
      description: `Applicants book a slot for one queue (optionally naming the service item) and get a booking code, also by SMS. One per site, day and queue; at most ${MAX_OPEN_APPOINTMENTS} open at once.`,
      body: Type.Object({
        siteId: Uuid,
        category: Category,
        departmentId: Type.Optional(Uuid),
        itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        date: IsoDate,
        slot: HourMinute,
      }, { additionalProperties: false }),
      response: { 201: AppointmentView, ...Errors },
    },
    preHandler: gate.role('applicant'),
  }, async (request, reply) => reply.status(201).send(await bookAppointment(request.ctx, request.body)));

  app.get('/queue/appointments', {
    schema: {
      tags: ['queue'],
      summary: 'My appointments',
      description: 'Newest slot first; `upcoming=true`: the booked ones still to come, soonest first.',
      querystring: Type.Object({
        upcoming: Type.Optional(Type.Boolean()),
        page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(AppointmentView) }), 400: ProblemSchema, 401: ProblemSchema },
    },
    preHandler: gate.user,
  }, async (request) => listMyAppointments(request.ctx, request.query));

  app.post('/queue/appointments/:id/cancel', {
    schema: {
      tags: ['queue'],
      summary: 'Cancel my appointment',
      description: 'Until its slot begins.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version }, { additionalProperties: false }),
      response: { 200: AppointmentView, ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => cancelAppointment(request.ctx, request.params.id, request.body));

  // ---------------------------------------------------------------- the clerk's window

  app.get('/queue/windows/:id/panel', {
    schema: {
      tags: ['queue'],
      summary: 'The queue panel of a window',
      description: 'The ticket called to or served at the window, every queue of the site with its waiting count and longest wait, and today\'s count at the window. Clerks on duty at the window only.',
      params: Type.Object({ id: Uuid }),
      response: {
        200: Type.Object({
          window: MyWindow,
          current: Nullable(TicketView),
          queues: Type.Array(Type.Object({ ...QueueSummary.properties, mine: Type.Boolean({ description: 'The queue this window calls from' }) })),
          servedToday: Type.Integer(),
          noShowsToday: Type.Integer(),
          recent: Type.Array(TicketView),
        }),
        ...Errors,
      },
    },
    preHandler: gate.role('windowClerk'),
  }, async (request) => getWindowPanel(request.ctx, request.params.id));

  app.post('/queue/windows/:id/call-next', {
    schema: {
      tags: ['queue'],
      summary: 'Call the next number to my window',
      description: 'The next waiting ticket of the window\'s queue: appointments whose slot has begun first, then the oldest number. Two windows calling at once never get the same ticket. `ticket` is null when nobody waits; 409 while the window still has a called or serving ticket.',
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ ticket: Nullable(TicketView) }), ...Errors },
    },
    preHandler: gate.role('windowClerk'),
  }, async (request) => ({ ticket: await callNext(request.ctx, request.params.id) }));

  const steps = [
    ['recall', 'recall', 'Call the number again'],
    ['no-show', 'noShow', 'Mark that nobody came'],
    ['start', 'start', 'Start serving'],
    ['finish', 'finish', 'Finish, optionally naming the case filed'],
  ] as const;
  for (const [path, action, summary] of steps) {
    app.post(`/queue/tickets/:id/${path}`, {
      schema: {
        tags: ['queue'],
        summary,
        description: 'At the window the ticket was called to, by a clerk on duty there; carries the version read (409 when stale).',
        params: Type.Object({ id: Uuid }),
        body: action === 'finish'
          ? Type.Object({ version: Version, caseNumber: Type.Optional(Type.String({ pattern: '^[0-9]{19}$', description: 'The case filed during the visit' })) }, { additionalProperties: false })
          : Type.Object({ version: Version }, { additionalProperties: false }),
        response: { 200: TicketView, ...Errors },
      },
      preHandler: gate.role('windowClerk'),
    }, async (request) => actOnTicket(request.ctx, request.params.id, action, request.body as { version: number; caseNumber?: string }));
  }

  // ---------------------------------------------------------------- settings and statistics

  const SettingsView = Type.Object({
    siteId: Uuid,
    capacities: Capacities,
    periods: Nullable(Type.Array(Period)),
    effectivePeriods: Type.Array(Period, { description: 'Today\'s periods as used: the above, or read from the site\'s published hours' }),
    queues: Type.Array(Type.Object({ category: Category, departmentId: Nullable(Uuid), departmentName: Nullable(Type.String()), departmentNameEn: Nullable(Type.String()), windows: Type.Integer(), capacity: Type.Integer() })),
    version: Type.Integer(),
  });

  app.get('/queue/sites/:id/settings', {
    schema: { tags: ['queue'], summary: 'A site\'s booking settings', params: SiteParams, response: { 200: SettingsView, ...Errors } },
    preHandler: gate.role('admin'),
  }, async (request) => getQueueSettings(request.ctx, request.params.id));

  app.put('/queue/sites/:id/settings', {
    schema: {
      tags: ['queue'],
      summary: 'Set a site\'s booking settings',
      description: 'Administrators of the site: appointments per slot by window category (unset: 2 per window serving the queue) and the opening periods on working days (null: read from the site\'s hours).',
      params: SiteParams,
      body: Type.Object({ version: Version, capacities: Capacities, periods: Nullable(Type.Array(Period, { minItems: 1, maxItems: 6 })) }, { additionalProperties: false }),
      response: { 200: SettingsView, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => updateQueueSettings(request.ctx, request.params.id, request.body));

  app.get('/queue/stats', {
    schema: {
      tags: ['queue'],
      summary: 'Waiting-time statistics',
      description: 'Average and 90th-percentile waiting time (taking a number to its first call) and counts, per window category and per window, over the sites of your subtree (or one of them), for days `from`–`to` (default today; at most 366 days).',
      querystring: Type.Object({ site: Type.Optional(Uuid), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: IsoDate, to: IsoDate, siteId: Nullable(Uuid),
          overall: Type.Object(WaitStats),
          byCategory: Type.Array(Type.Object({ category: Category, departmentId: Nullable(Uuid), ...WaitStats })),
          byWindow: Type.Array(Type.Object({ siteId: Uuid, windowId: Uuid, windowNumber: Nullable(Type.String()), ...WaitStats })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.role('windowClerk', 'supervisor', 'admin'),
  }, async (request) => queueStats(request.ctx, request.query));
};
