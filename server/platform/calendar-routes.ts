import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addWorkingDays, dayInfo, isIsoDate } from '../../common/working-days.js';
import { gate } from './access.js';
import { clearCalendarDay, listCalendarYear, loadCalendar, publishCalendarYear, setCalendarDay } from './calendar.js';
import { Problem, ProblemSchema } from './errors.js';

const IsoDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
const CalendarDayView = Type.Object({
  date: IsoDate,
  workday: Type.Boolean(),
  name: Type.Optional(Type.String({ description: 'Holiday name (zh-CN), also on its adjusted working days' })),
  nameEn: Type.Optional(Type.String()),
});
const CalendarDayBody = Type.Object(
  { workday: Type.Boolean(), name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })) },
  { additionalProperties: false },
);

function checkDate(date: string): string {
  // The `date` format accepts some impossible days (e.g. 2023-02-30 in older ajv-formats); check again.
  if (!isIsoDate(date)) throw new Problem('validation_failed', `${date} is not a calendar date`, [{ field: '/params/date', message: 'not a calendar date' }]);
  return date;
}

/** The working-day calendar: read by anyone, edited by administrators. */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.platform.database;

  app.get('/api/v1/calendar/days/:date', {
    schema: {
      tags: ['calendar'],
      summary: 'Whether a day is a working day',
      description: 'Holidays and adjusted working days (调休) follow the State Council\'s arrangements; other days follow the Monday–Friday rule.',
      params: Type.Object({ date: IsoDate }),
      response: { 200: CalendarDayView, 400: ProblemSchema },
    },
  }, async (request) => dayInfo(checkDate(request.params.date), (await loadCalendar(db)).calendar));

  app.get('/api/v1/calendar/add-workdays', {
    schema: {
      tags: ['calendar'],
      summary: 'Add working days to a date',
      description: 'The day `from` itself is not counted (Civil Code Art. 201): a limit of N working days ends on the Nth working day after it. `provisional` is true when the result lies beyond the last year whose arrangements are published.',
      querystring: Type.Object({ from: IsoDate, days: Type.Integer({ minimum: 0, maximum: 3650 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ date: IsoDate, provisional: Type.Boolean() }), 400: ProblemSchema },
    },
  }, async (request) => {
    const { calendar, publishedThrough } = await loadCalendar(db);
    const from = checkDate(request.query.from);
    let date: string;
    try {
      date = addWorkingDays(from, request.query.days, calendar);
    } catch (err) {
      // The calendar ends with the year 9999.
      if (err instanceof RangeError) throw new Problem('validation_failed', 'the result lies beyond 9999-12-31', [{ field: '/querystring/days', message: 'too far ahead' }]);
      throw err;
    }
    return { date, provisional: Number(date.slice(0, 4)) > publishedThrough };
  });

  app.get('/api/v1/calendar/years/:year', {
    schema: {
      tags: ['calendar'],
      summary: 'The holidays and adjusted working days of a year',
      params: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) }),
      response: { 200: Type.Object({ year: Type.Integer(), published: Type.Boolean(), days: Type.Array(CalendarDayView) }), 400: ProblemSchema },
    },
  }, async (request) => {
    const { year } = request.params;
    const { publishedThrough } = await loadCalendar(db);
    return { year, published: year <= publishedThrough, days: await listCalendarYear(db, year) };
  });

  app.put('/api/v1/calendar/days/:date', {
    schema: {
      tags: ['calendar'],
      summary: 'Set a holiday or an adjusted working day',
      description: 'Administrators enter next year\'s arrangements when the State Council publishes them. Days before today cannot change: running deadlines were computed on them.',
      params: Type.Object({ date: IsoDate }),
      body: CalendarDayBody,
      response: { 200: CalendarDayView, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request) => setCalendarDay(request.ctx, { date: checkDate(request.params.date), ...request.body }));

  app.delete('/api/v1/calendar/days/:date', {
    schema: {
      tags: ['calendar'],
      summary: 'Return a day to the Monday–Friday rule',
      params: Type.Object({ date: IsoDate }),
      response: { 204: Type.Null(), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request, reply) => {
    await clearCalendarDay(request.ctx, checkDate(request.params.date));
    return reply.status(204).send(null);
  });

  app.put('/api/v1/calendar/years/:year/published', {
    schema: {
      tags: ['calendar'],
      summary: 'Declare a year\'s arrangements complete',
      description: 'After entering all of next year\'s holidays and adjusted working days, administrators publish the year; deadlines that reach into it stop being provisional. Years are published in order.',
      params: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) }),
      response: { 200: Type.Object({ year: Type.Integer(), published: Type.Boolean() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request) => {
    await publishCalendarYear(request.ctx, request.params.year);
    return { year: request.params.year, published: true };
  });
};
