import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  extensionStatuses, open311Datatypes, open311ServiceTypes, taskRoles, taskStatuses, ticketActions, ticketChannels, ticketResolutions, ticketStatuses, ticketTypes, ticketUrgencies, ticketWarnings, TICKET_NUMBER_PATTERN,
} from '../../../common/hotline.js';
import { gate } from '../../platform/access.js';
import { ProblemSchema } from '../../platform/errors.js';
import { FileInfoSchema } from '../../platform/files-routes.js';
import { DateTime, Errors, INT4_MAX, IsoDate, Nullable, Page, Text, Uuid, Version } from '../../platform/schemas.js';
import {
  createDispatchRule, deleteDispatchRule, getSettings, issueOpen311Key, listCategories, listDispatchRules, listOpen311Keys, revokeOpen311Key, suggest, updateDispatchRule, updateSettings,
} from './config.js';
import { createArticle, getArticle, listArticles, searchKnowledge, updateArticle } from './knowledge.js';
import {
  answerTicket, callBack, closeTicket, decideExtension, dispatchTicket, fileTicket, fileTicketPublic, followTicket, getTicket, hotTopics, insistTicket, listTickets, mergeTicket, myTickets, reopenTicket,
  replyTask, requestExtension, returnTicket,
} from './service.js';

const FileIds = Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 10, description: 'Files you uploaded with `POST /files`' });
const OrgRefSchema = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String() });
const OrgParam = Type.String({ minLength: 1, maxLength: 60, description: 'An organisation\'s id or code' });
const RegionCode = Type.String({ pattern: '^[1-8][0-9]{5}$', description: 'GB/T 2260 code of the county (or the prefecture\'s own when not known) within the centre\'s area' });
const Number_ = Type.String({ pattern: TICKET_NUMBER_PATTERN, description: 'The ticket number, e.g. 12345-20261128-00042' });
const TAGS = ['hotline'];

const CallerBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 50 })),
  phone: Type.Optional(Type.String({ pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$', description: 'A mobile or landline number (China)' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  anonymous: Type.Optional(Type.Boolean({ description: 'No name or number is kept' })),
  consentCallback: Type.Optional(Type.Boolean({ description: 'The caller wants to be called back about the outcome (needs a number; not anonymous)' })),
  consentShare: Type.Optional(Type.Boolean({ description: 'The caller agrees to the handling organisation knowing who they are' })),
}, { additionalProperties: false });
const CallerSchema = Type.Object({
  name: Nullable(Type.String()), phone: Nullable(Type.String({ description: 'Whole for the agent who took the call and at the callback step; masked (138****1234) otherwise' })), email: Nullable(Type.String()),
  anonymous: Type.Boolean(), consentCallback: Type.Boolean(), consentShare: Type.Boolean(),
}, { description: 'The caller as you may see them' });
const LocationBody = {
  address: Type.Optional(Type.String({ maxLength: 300 })),
  regionCode: RegionCode,
  townshipCode: Type.Optional(Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$', description: 'The township or street (statistical code, starting with the county\'s code)' })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'WGS84' })),
  long: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'WGS84' })),
};
const AnswerBody = Type.Object({
  text: Text(4000),
  sources: Type.Array(Type.Union([
    Type.Object({ kind: Type.Literal('article'), id: Uuid }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('notice'), itemCode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
  ]), { maxItems: 10, description: 'The knowledge-base articles and catalog notices the answer came from' }),
}, { additionalProperties: false, description: 'The answer given on the call, and the articles and catalog notices it came from' });

const TaskSchema = Type.Object({
  id: Uuid, ticketId: Uuid, round: Type.Integer(), orgId: Uuid, org: OrgRefSchema, role: Type.Enum(taskRoles), status: Type.Enum(taskStatuses), dispatchedAt: DateTime, dispatchedOn: IsoDate,
  limitDays: Type.Integer({ description: 'Working days, counted from the day after dispatch' }), dueOn: IsoDate, reply: Nullable(Type.String()), replyFiles: Type.Array(FileInfoSchema),
  repliedAt: Nullable(DateTime), repliedOn: Nullable(IsoDate), repliedBy: Nullable(Uuid), callbackDueOn: Nullable(IsoDate), returnReason: Nullable(Type.String()), returnedAt: Nullable(DateTime),
  warning: Type.Enum(ticketWarnings), daysLeft: Nullable(Type.Integer({ description: 'Working days left of an open task (negative: late)' })),
});
const TicketViewSchema = Type.Object({
  id: Uuid, number: Type.String(), channel: Type.Enum(ticketChannels), type: Type.Enum(ticketTypes), urgency: Type.Enum(ticketUrgencies), status: Type.Enum(ticketStatuses),
  categoryCode: Type.String(), category: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), parentName: Nullable(Type.String()), parentNameEn: Nullable(Type.String()) }),
  description: Type.String(), caller: CallerSchema, address: Nullable(Type.String()), regionCode: Type.String(), townshipCode: Nullable(Type.String()), lat: Nullable(Type.Number()), long: Nullable(Type.Number()),
  addressId: Nullable(Type.String()), zipcode: Nullable(Type.String()), attachments: Type.Array(FileInfoSchema), mediaUrl: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])), centreOrgId: Uuid, centreOrg: OrgRefSchema, takenBy: Nullable(Uuid),
  receivedAt: DateTime, receivedOn: IsoDate, dispatchDueOn: IsoDate,
  answer: Nullable(Type.Object({ text: Type.String(), sources: Type.Array(Type.Object({ kind: Type.Enum(['article', 'notice'] as const), ref: Type.String(), title: Type.String() })), at: Type.String(), by: Uuid })),
  round: Type.Integer(), firstDispatchedAt: Nullable(DateTime), firstDispatchedOn: Nullable(IsoDate), leadOrgId: Nullable(Uuid), leadOrg: Nullable(OrgRefSchema), dueOn: Nullable(IsoDate), limitDays: Nullable(Type.Integer()),
  returnedBy: Type.Array(Type.String(), { description: 'Organisations that used their one return' }),
  extension: Nullable(Type.Object({
    days: Type.Integer(), reason: Type.String(), orgId: Uuid, requestedBy: Uuid, requestedAt: Type.String(), status: Type.Enum(extensionStatuses),
    decidedBy: Type.Optional(Uuid), decidedAt: Type.Optional(Type.String()), note: Type.Optional(Type.String()),
  })),
  reopened: Type.Boolean(), repliedAt: Nullable(DateTime), callbackDueOn: Nullable(IsoDate),
  lastCallback: Nullable(Type.Object({ reached: Type.Boolean(), satisfied: Nullable(Type.Boolean()), note: Type.String(), at: Type.String(), by: Uuid })),
  closedAt: Nullable(DateTime), resolution: Nullable(Type.Enum(ticketResolutions)), mergedInto: Nullable(Uuid),
  mergedIntoTicket: Nullable(Type.Object({ id: Uuid, number: Type.String(), status: Type.Enum(ticketStatuses) }, { description: 'The ticket a duplicate follows' })),
  duplicates: Type.Array(Type.Object({ id: Uuid, number: Type.String() }), { description: 'Tickets merged into this one' }),
  tasks: Type.Array(TaskSchema),
  events: Type.Array(Type.Object({ id: Type.Integer(), at: DateTime, actorId: Nullable(Uuid), actorOrgId: Nullable(Uuid), action: Type.Enum(ticketActions), fromStatus: Nullable(Type.Enum(ticketStatuses)), toStatus: Type.Enum(ticketStatuses), note: Nullable(Type.String()), data: Nullable(Type.Record(Type.String(), Type.Unknown())) })),
  callbacks: Type.Array(Type.Object({ id: Uuid, round: Type.Integer(), at: DateTime, calledOn: IsoDate, dueOn: IsoDate, by: Uuid, reached: Type.Boolean(), satisfied: Nullable(Type.Boolean()), note: Type.String(), leadOrgId: Uuid })),
  warning: Type.Enum(ticketWarnings, { description: 'The open lead task\'s: yellow near its deadline (≤ 1 working day or ≤ 20% left), red past it' }),
  daysLeft: Nullable(Type.Integer()),
  allowedActions: Type.Array(Type.Enum(ticketActions), { description: 'What you may do next; the server checks again' }),
  version: Type.Integer(), createdAt: DateTime, updatedAt: DateTime,
});
type TicketViewBody = Static<typeof TicketViewSchema>;

const TicketBody = Type.Object({
  type: Type.Enum(ticketTypes), urgency: Type.Enum(ticketUrgencies), categoryCode: Type.String({ minLength: 1, maxLength: 20 }), description: Text(4000), caller: CallerBody,
  ...LocationBody, fileIds: Type.Optional(FileIds),
  answer: Type.Optional(AnswerBody),
}, { additionalProperties: false });

const PublicTicketSchema = Type.Object({
  number: Type.String(), status: Type.Enum(ticketStatuses, { description: 'A duplicate shows the status of the ticket it was merged into' }), merged: Type.Boolean(), type: Type.Enum(ticketTypes),
  category: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }), description: Type.String(), address: Nullable(Type.String()), receivedAt: DateTime,
  handlingOrg: Nullable(Type.Object({ name: Type.String(), nameEn: Type.String() })), dueOn: Nullable(IsoDate), answer: Nullable(Type.String()),
  reply: Nullable(Type.Object({ orgName: Type.String(), orgNameEn: Type.String(), text: Type.String(), at: DateTime })),
  timeline: Type.Array(Type.Object({ at: DateTime, action: Type.Enum(ticketActions), status: Type.Enum(ticketStatuses) })),
});

const ArticleSchema = Type.Object({
  id: Uuid, title: Type.String(), body: Type.String(), categoryCode: Nullable(Type.String()), keywords: Type.Array(Type.String()), active: Type.Boolean(), version: Type.Integer(),
  createdBy: Uuid, updatedBy: Uuid, createdAt: DateTime, updatedAt: DateTime,
});
const ArticleViewSchema = Type.Object({ ...ArticleSchema.properties, revisions: Type.Array(Type.Object({ version: Type.Integer(), title: Type.String(), editedBy: Uuid, editedAt: DateTime, active: Type.Boolean() })) });

const LimitRow = Type.Object({ normal: Type.Integer({ minimum: 1, maximum: 60 }), urgent: Type.Integer({ minimum: 1, maximum: 60 }), critical: Type.Integer({ minimum: 1, maximum: 60 }) }, { additionalProperties: false });
const LimitTableSchema = Type.Object(Object.fromEntries(ticketTypes.map((t) => [t, LimitRow])) as Record<(typeof ticketTypes)[number], typeof LimitRow>, { additionalProperties: false, description: 'Working days per type and urgency, counted from dispatch' });
const HotTopicParams = Type.Object({ minTickets: Type.Integer({ minimum: 2, maximum: 100 }), days: Type.Integer({ minimum: 1, maximum: 90 }), radiusMeters: Type.Integer({ minimum: 10, maximum: 50_000 }) }, { additionalProperties: false });
const SettingsSchema = Type.Object({
  centreOrgId: Nullable(Uuid), centre: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), regionCode: Type.String() })),
  limits: LimitTableSchema, callbackDays: Type.Integer(), dispatchDays: Type.Integer(), hotTopic: HotTopicParams, version: Type.Integer({ description: '0 before the first save' }), updatedAt: Nullable(DateTime),
});

const RuleSchema = Type.Object({
  id: Uuid, categoryCode: Type.String(), categoryName: Type.String(), categoryNameEn: Type.String(), regionCode: Nullable(Type.String({ description: 'null: anywhere the centre serves' })), orgId: Uuid, org: Nullable(OrgRefSchema),
  note: Type.String(), version: Type.Integer(), createdAt: DateTime, updatedAt: DateTime,
});

const CategorySchema = Type.Object({
  code: Type.String(), parentCode: Nullable(Type.String()), name: Type.String(), nameEn: Type.String(), keywords: Type.Array(Type.String()), public: Type.Boolean(),
  open311Type: Type.Enum(open311ServiceTypes), notice: Type.String(), noticeEn: Type.String(), defaultType: Type.Enum(ticketTypes), sort: Type.Integer(),
  attributes: Type.Array(Type.Object({ code: Type.String(), datatype: Type.Enum(open311Datatypes), required: Type.Boolean(), description: Type.String(), descriptionEn: Type.String(), datatypeDescription: Type.Optional(Type.String()), values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String() }))) })),
});

const KeySchema = Type.Object({ id: Uuid, name: Type.String(), prefix: Type.String({ description: 'The key\'s first characters' }), contact: Type.String(), createdBy: Uuid, createdAt: DateTime, revokedAt: Nullable(DateTime), revokedBy: Nullable(Uuid), lastUsedAt: Nullable(DateTime), version: Type.Integer() });

/** The 12345 hotline: tickets and their handling, the knowledge base, dispatch rules, settings, hot topics, and the public's filing and follow-up. */
export const hotlineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = (v: unknown) => v as TicketViewBody;

  // ---------------------------------------------------------------- tickets

  app.post('/hotline/tickets', {
    schema: {
      tags: TAGS, summary: 'Record a call as a ticket (agents)',
      description: 'A hotline agent of the centre records a call (channel `phone`). A caller who wants a callback leaves a number and cannot be anonymous. With `answer`, a consultation answered on the call is closed in the same step, the knowledge used recorded.',
      body: TicketBody, response: { 201: TicketViewSchema, ...Errors },
    },
    preHandler: gate.role('hotlineAgent'),
  }, async (request, reply) => reply.status(201).send(view(await fileTicket(request.ctx, request.body))));

  app.get('/hotline/tickets', {
    schema: {
      tags: TAGS, summary: 'Tickets by box',
      description: '`centre` (agents): what waits for the centre — received, returned, replied (to call back) and extension requests — urgent first, then oldest; `handling` (reviewers, heads, administrators): the open tasks of your organisations, soonest deadline first; `all` (supervisors, administrators, agents): your subtree, newest first, read-only. `q` matches the beginning of a number, or the description or address. Callers are masked.',
      querystring: Type.Object({
        box: Type.Enum(['centre', 'handling', 'all'] as const), status: Type.Optional(Type.Enum(ticketStatuses)), type: Type.Optional(Type.Enum(ticketTypes)), urgency: Type.Optional(Type.Enum(ticketUrgencies)),
        category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), q: Type.Optional(Type.String({ maxLength: 60 })), ...Page,
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            id: Uuid, number: Type.String(), channel: Type.Enum(ticketChannels), type: Type.Enum(ticketTypes), urgency: Type.Enum(ticketUrgencies), status: Type.Enum(ticketStatuses),
            categoryCode: Type.String(), categoryName: Type.String(), categoryNameEn: Type.String(), description: Type.String({ description: 'The first 120 characters' }),
            callerName: Nullable(Type.String()), callerPhone: Nullable(Type.String()), regionCode: Type.String(), address: Nullable(Type.String()), receivedAt: DateTime,
            dispatchDueOn: IsoDate, leadOrg: Nullable(OrgRefSchema), dueOn: Nullable(IsoDate), daysLeft: Nullable(Type.Integer()), warning: Type.Enum(ticketWarnings), callbackDueOn: Nullable(IsoDate), extensionPending: Type.Boolean(),
            task: Nullable(Type.Object({ id: Uuid, role: Type.Enum(taskRoles), dueOn: IsoDate, limitDays: Type.Integer() }, { description: 'In `handling`: your organisation\'s open task' })),
            version: Type.Integer(),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => listTickets(request.ctx, request.query));

  app.get('/hotline/tickets/:id', {
    schema: { tags: TAGS, summary: 'A ticket with its tasks, history, callbacks and what you may do next', params: Type.Object({ id: Uuid }), response: { 200: TicketViewSchema, ...Errors } },
    preHandler: gate.staff,
  }, async (request) => view(await getTicket(request.ctx, request.params.id)));

  // Each step: POST /hotline/tickets/{id}/<step> with the version read; answers the ticket as it is now.
  const step = <S extends Parameters<typeof Type.Object>[0]>(path: string, summary: string, description: string, body: S, run: (ctx: Parameters<typeof getTicket>[0], id: string, body: Static<ReturnType<typeof Type.Object<S>>>) => Promise<unknown>) => {
    app.post(`/hotline/tickets/:id/${path}`, {
      schema: { tags: TAGS, summary, description, params: Type.Object({ id: Uuid }), body: Type.Object(body, { additionalProperties: false }), response: { 200: TicketViewSchema, ...Errors } },
      preHandler: gate.staff,
    }, async (request) => view(await run(request.ctx, request.params.id, request.body as never)));
  };

  step('answer', 'Answer on the spot and close', 'The centre\'s agent: the answer given on the call, with the articles and catalog notices it came from.', { version: Version, ...AnswerBody.properties }, (ctx, id, b) => answerTicket(ctx, id, b));
  step('dispatch', 'Dispatch to the responsible organisation (派单)', 'The centre: one organisation, or a lead with co-handling organisations (联合办理), each with its own task and the limit of the ticket\'s type and urgency in working days from today. From `returned`, this re-dispatches.',
    { version: Version, leadOrg: OrgParam, coOrgs: Type.Optional(Type.Array(OrgParam, { maxItems: 10 })), note: Type.Optional(Type.String({ maxLength: 1000 })) }, (ctx, id, b) => dispatchTicket(ctx, id, b));
  step('return', 'Return a wrongly dispatched ticket (退单)', 'The lead organisation, once, with its reason; the centre re-dispatches or insists.', { version: Version, reason: Text(1000) }, (ctx, id, b) => returnTicket(ctx, id, b));
  step('insist', 'Insist after a return', 'The centre sends it to the same organisations again with a new limit; they cannot return it again.', { version: Version, note: Text(1000) }, (ctx, id, b) => insistTicket(ctx, id, b));
  app.post('/hotline/tickets/:id/tasks/:taskId/reply', {
    schema: {
      tags: TAGS, summary: 'Reply to a task (答复)', description: 'A handling organisation\'s answer, with attachments. Once every task of the round has answered, the ticket is `replied`: the callback falls due and the callers are told the lead\'s answer.',
      params: Type.Object({ id: Uuid, taskId: Uuid }), body: Type.Object({ version: Version, text: Text(4000), fileIds: Type.Optional(FileIds) }, { additionalProperties: false }), response: { 200: TicketViewSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => view(await replyTask(request.ctx, request.params.id, request.params.taskId, request.body)));
  step('extension', 'Ask for more time (延期申请)', 'The lead organisation, once per ticket; the centre approves or refuses.', { version: Version, days: Type.Integer({ minimum: 1, maximum: 30 }), reason: Text(1000) }, (ctx, id, b) => requestExtension(ctx, id, b));
  step('extension/decide', 'Approve or refuse an extension', 'The centre; approved, every open task of the round is due that many working days later.', { version: Version, approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) }, (ctx, id, b) => decideExtension(ctx, id, b));
  step('callback', 'Record the callback (回访)', 'The centre, after the reply: reached or not; reached, satisfied or not. Satisfied closes the ticket; not satisfied, the centre reopens it (once) or closes it.',
    { version: Version, reached: Type.Boolean(), satisfied: Type.Optional(Type.Boolean()), note: Text(1000) }, (ctx, id, b) => callBack(ctx, id, b));
  step('reopen', 'Reopen after an unsatisfied callback (重办)', 'The centre, once: back to the same organisations with a new limit.', { version: Version, reason: Text(1000) }, (ctx, id, b) => reopenTicket(ctx, id, b));
  step('close', 'Close (办结)', 'The centre: a ticket recorded without handling (praise, a suggestion noted), or a replied one it cannot or need not call back further. Callers of merged duplicates are told.', { version: Version, note: Text(1000) }, (ctx, id, b) => closeTicket(ctx, id, b));
  step('merge', 'Merge a duplicate into another ticket', 'The centre: the duplicate follows the main ticket (id or number) from now on; its caller is told, and hears the outcome with the main one\'s.', { version: Version, into: Type.String({ minLength: 1, maxLength: 40 }) }, (ctx, id, b) => mergeTicket(ctx, id, b));

  // ---------------------------------------------------------------- answering and dispatching help

  app.get('/hotline/knowledge', {
    schema: {
      tags: TAGS, summary: 'Search the knowledge base (as you type)',
      description: 'The agents\' articles and the catalog\'s published items (their one-time notices, `GET /catalog/items/{code}/notice`) at once; the catalog search segments Chinese, knows synonyms and pinyin initials.',
      querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }), category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), limit: Type.Integer({ minimum: 1, maximum: 20, default: 8 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          articles: Type.Array(Type.Object({ id: Uuid, title: Type.String(), categoryCode: Nullable(Type.String()), snippet: Type.String(), score: Type.Number(), updatedAt: DateTime })),
          notices: Type.Array(Type.Object({ itemCode: Type.String(), name: Type.String(), nameEn: Type.String(), deptKey: Type.String(), promisedLimit: Type.Integer(), oneTrip: Type.Boolean(), score: Type.Number() })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => searchKnowledge(request.ctx, request.query));

  app.get('/hotline/dispatch/suggest', {
    schema: {
      tags: TAGS, summary: 'Suggest categories and the responsible organisation for a ticket\'s text',
      description: 'Agents: categories scored by their keywords found in the text, the organisation the dispatch rules name for them in the region, and organisations the caller named.',
      querystring: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }), category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), region: Type.Optional(RegionCode) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          categories: Type.Array(Type.Object({ code: Type.String(), score: Type.Number(), matched: Type.Array(Type.String()) })),
          orgs: Type.Array(Type.Object({ orgId: Uuid, score: Type.Number(), categoryCode: Nullable(Type.String()), why: Type.Enum(['rule', 'named'] as const) })),
          orgNames: Type.Record(Type.String(), Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.role('hotlineAgent'),
  }, async (request) => suggest(request.ctx, { text: request.query.text, categoryCode: request.query.category, regionCode: request.query.region }));

  app.get('/hotline/hot-topics', {
    schema: {
      tags: TAGS, summary: 'Hot topics (热点)',
      description: 'At least N tickets (3 by default) of one category in the last days (7) in the same township or street, or within a short distance (500 m) of each other; among the tickets you watch. Largest first.',
      response: {
        200: Type.Object({
          params: HotTopicParams, asOf: DateTime,
          topics: Type.Array(Type.Object({
            categoryCode: Type.String(), categoryName: Type.String(), categoryNameEn: Type.String(), kind: Type.Enum(['township', 'nearby'] as const), townshipCode: Nullable(Type.String()), regionCode: Type.String(),
            center: Nullable(Type.Object({ lat: Type.Number(), long: Type.Number() })), ticketIds: Type.Array(Uuid), numbers: Type.Array(Type.String()), firstAt: DateTime, lastAt: DateTime,
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.staff,
  }, async (request) => hotTopics(request.ctx));

  // ---------------------------------------------------------------- the knowledge base's articles

  app.get('/hotline/articles', {
    schema: {
      tags: TAGS, summary: 'Knowledge-base articles', description: 'Newest change first; `q` matches the title or a keyword; `active=false` lists retired ones.',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 60 })), category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), active: Type.Optional(Type.Boolean()), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ArticleSchema) }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listArticles(request.ctx, request.query));
  app.get('/hotline/articles/:id', {
    schema: { tags: TAGS, summary: 'An article with its versions', params: Type.Object({ id: Uuid }), response: { 200: ArticleViewSchema, ...Errors } },
    preHandler: gate.staff,
  }, async (request) => getArticle(request.ctx, request.params.id));
  const ArticleFields = { title: Text(200), body: Text(20_000), categoryCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))), keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 })) };
  app.post('/hotline/articles', {
    schema: { tags: TAGS, summary: 'Write an article (agents)', body: Type.Object(ArticleFields, { additionalProperties: false }), response: { 201: ArticleViewSchema, ...Errors } },
    preHandler: gate.role('hotlineAgent'),
  }, async (request, reply) => reply.status(201).send(await createArticle(request.ctx, request.body)));
  app.patch('/hotline/articles/:id', {
    schema: {
      tags: TAGS, summary: 'Edit an article (agents): a new version', description: 'The previous version is kept; `active: false` retires the article from the search.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, title: Type.Optional(ArticleFields.title), body: Type.Optional(ArticleFields.body), categoryCode: ArticleFields.categoryCode, keywords: ArticleFields.keywords, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: ArticleViewSchema, ...Errors },
    },
    preHandler: gate.role('hotlineAgent'),
  }, async (request) => updateArticle(request.ctx, request.params.id, request.body));

  // ---------------------------------------------------------------- configuration

  app.get('/hotline/categories', {
    schema: { tags: TAGS, summary: 'The ticket categories (a tree by parentCode)', security: [], description: 'Public: the web form offers those marked public.', querystring: Type.Object({ public: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(CategorySchema), ...Errors } },
  }, async (request) => listCategories(request.ctx.db, { publicOnly: request.query.public ?? false }));

  app.get('/hotline/settings', {
    schema: { tags: TAGS, summary: 'The centre, its time limits, callback limit and hot-topic detection', response: { 200: SettingsSchema, ...Errors } },
    preHandler: gate.staff,
  }, async (request) => getSettings(request.ctx));
  app.put('/hotline/settings', {
    schema: {
      tags: TAGS, summary: 'Change the settings (administrators of the centre)', description: 'Limits apply to tickets dispatched afterwards. The first save names the centre (`centreOrg`), an organisation in your subtree.',
      body: Type.Object({
        version: Type.Integer({ minimum: 0, maximum: INT4_MAX }), centreOrg: Type.Optional(OrgParam), limits: LimitTableSchema,
        callbackDays: Type.Integer({ minimum: 1, maximum: 10 }), dispatchDays: Type.Integer({ minimum: 1, maximum: 10 }), hotTopic: HotTopicParams,
      }, { additionalProperties: false }),
      response: { 200: SettingsSchema, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => updateSettings(request.ctx, request.body));

  app.get('/hotline/dispatch-rules', {
    schema: {
      tags: TAGS, summary: 'Dispatch rules: category × region → responsible organisation',
      querystring: Type.Object({ category: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), region: Type.Optional(RegionCode) }, { additionalProperties: false }),
      response: { 200: Type.Array(RuleSchema), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => listDispatchRules(request.ctx, { categoryCode: request.query.category, regionCode: request.query.region }));
  app.post('/hotline/dispatch-rules', {
    schema: {
      tags: TAGS, summary: 'Add a dispatch rule (administrators of the centre)', description: 'A category (and its subcategories without a rule of their own) in a county — or anywhere, with `regionCode: null` — goes to an organisation in the centre\'s area.',
      body: Type.Object({ categoryCode: Type.String({ minLength: 1, maxLength: 20 }), regionCode: Nullable(RegionCode), org: OrgParam, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: RuleSchema, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request, reply) => reply.status(201).send(await createDispatchRule(request.ctx, request.body)));
  app.patch('/hotline/dispatch-rules/:id', {
    schema: {
      tags: TAGS, summary: 'Change a dispatch rule\'s organisation or note (administrators of the centre)', params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, org: Type.Optional(OrgParam), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: RuleSchema, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => updateDispatchRule(request.ctx, request.params.id, request.body));
  app.delete('/hotline/dispatch-rules/:id', {
    schema: { tags: TAGS, summary: 'Remove a dispatch rule (administrators of the centre)', params: Type.Object({ id: Uuid }), querystring: Type.Object({ version: Version }, { additionalProperties: false }), response: { 204: Type.Null(), ...Errors } },
    preHandler: gate.role('admin'),
  }, async (request, reply) => {
    await deleteDispatchRule(request.ctx, request.params.id, request.query.version);
    return reply.status(204).send(null);
  });

  app.get('/hotline/open311-keys', {
    schema: { tags: TAGS, summary: 'Open311 API keys (administrators of the centre)', response: { 200: Type.Array(KeySchema), ...Errors } },
    preHandler: gate.role('admin'),
  }, async (request) => listOpen311Keys(request.ctx));
  app.post('/hotline/open311-keys', {
    schema: {
      tags: TAGS, summary: 'Issue an Open311 API key for a client application', description: 'The key is in this answer only; the server keeps its hash.',
      body: Type.Object({ name: Text(100), contact: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...KeySchema.properties, key: Type.String({ description: 'Shown once: give it to the client application' }) }), ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request, reply) => reply.status(201).send(await issueOpen311Key(request.ctx, request.body)));
  app.post('/hotline/open311-keys/:id/revoke', {
    schema: { tags: TAGS, summary: 'Revoke an Open311 API key', params: Type.Object({ id: Uuid }), body: Type.Object({ version: Version }, { additionalProperties: false }), response: { 200: KeySchema, ...Errors } },
    preHandler: gate.role('admin'),
  }, async (request) => revokeOpen311Key(request.ctx, request.params.id, request.body.version));

  // ---------------------------------------------------------------- the public

  app.post('/hotline/public/tickets', {
    schema: {
      tags: TAGS, security: [], summary: 'Submit a ticket online (the public)',
      description: 'Anyone, signed in or not (5 a minute per address). Answers the number and a follow-up code, shown once (and sent to the phone given). Attachments are files you uploaded, so signed in.',
      body: Type.Object({
        channel: Type.Enum(['web', 'mobile'] as const), type: Type.Enum(ticketTypes), categoryCode: Type.String({ minLength: 1, maxLength: 20 }), description: Text(4000), caller: CallerBody,
        ...LocationBody, fileIds: Type.Optional(FileIds),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ number: Type.String(), followUpCode: Type.String({ description: 'Shown once: with the number, it opens the ticket' }), receivedAt: DateTime }), ...Errors, 429: ProblemSchema },
    },
    config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
  }, async (request, reply) => reply.status(201).send(await fileTicketPublic(request.ctx, request.body)));

  app.get('/hotline/public/tickets/:number', {
    schema: {
      tags: TAGS, security: [], summary: 'Follow a ticket (the public)',
      description: 'With the follow-up code given at submission, or as the signed-in submitter. A wrong code answers 404, as for no such ticket (30 a minute per address).',
      params: Type.Object({ number: Number_ }), querystring: Type.Object({ code: Type.Optional(Type.String({ minLength: 4, maxLength: 20 })) }, { additionalProperties: false }),
      response: { 200: PublicTicketSchema, ...Errors, 429: ProblemSchema },
    },
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  }, async (request) => followTicket(request.ctx, request.params.number, request.query.code));

  app.get('/hotline/public/mine', {
    schema: { tags: TAGS, summary: 'Your own tickets (signed in)', querystring: Type.Object(Page, { additionalProperties: false }), response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(PublicTicketSchema) }), ...Errors } },
    preHandler: gate.user,
  }, async (request) => myTickets(request.ctx, request.query));
};
