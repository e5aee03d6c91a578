import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { caseActions, caseStatuses, deliveryMethods, filingChannels, materialSources, ratingProblems, suspendReasons, trustLevels } from '../../../common/cases.js';
import { gate } from '../../platform/access.js';
import { FileInfoSchema } from '../../platform/files-routes.js';
import { Binary, DateTime, Errors, INT4_MAX, IsoDate, Nullable, Text, Uuid } from '../../platform/schemas.js';
import { MaterialSchema } from '../catalog/contract.js';
import { caseDocumentPdf, documentKinds } from './documents.js';
import { chooseDelivery, reusableMaterials, saveDraft } from './applicant.js';
import { governmentCopiesFor } from './materials.js';
import { followUpRating, listEvaluations, rateCase } from './evaluations.js';
import {
  acceptCase, answerTask, archiveCase, caseFiles, clearCommitmentBreach, countInbox, decideCase, deliverCase, extendCase, fileCase, forwardCase, getCase, issueCaseCertificate, listBreaches,
  listCases, openTasks, recordTrip, refuseIntake, requestCorrection, resumeCase, startReview, submitCase, supplyPendingMaterials, suspendCase, verifyDecision, withdrawCase,
} from './service.js';

const Version = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'The case version you read; a stale one gets 409' });
const FileIds = Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 });
const MaterialInput = Type.Object({ key: Type.String({ minLength: 1, maxLength: 60 }), fileIds: FileIds }, { additionalProperties: false });
/** A material as the applicant files it: files, the government's copy with consent, or a commitment instead of a proof. */
const FilingMaterialInput = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 60 }),
  fileIds: FileIds,
  replace: Type.Optional(Type.Boolean({ description: 'The applicant consents to the government\'s copy (the e-certificate library or the data sharing platform, as the catalog\'s `replaceableBy` says) instead of files: it is filled and verified now, the consent recorded; `fileIds` stays empty. Nothing usable → 409 `case.replacement_unavailable` naming the material, and nothing is written.' })),
  commitment: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The applicant\'s written commitment (告知承诺) instead of the proof, where the material\'s proof item allows one (trust level D)' })),
}, { additionalProperties: false });

/** A material on a case: how it came in, how far it can be trusted, and what it was made from. */
const CaseMaterialSchema = Type.Object({
  id: Uuid, materialKey: Type.String(), status: Type.Enum(['received', 'pending'] as const), fileIds: Type.Array(Type.String()), receivedAt: Nullable(DateTime),
  source: Nullable(Type.Enum(materialSources, { description: '`upload` online, `paper` seen at a window, `certificate` / `sharedData` the government\'s copy, `commitment` 告知承诺; null while owed' })),
  trustLevel: Nullable(Type.Enum(trustLevels, { description: 'A: issued by a government body and signed; B: checked against the original at a window; C: uploaded, the original checked on use; D: made under a commitment' })),
  reusedFrom: Nullable(Type.Object({ materialId: Uuid, caseId: Uuid, caseNumber: Type.String(), trustLevel: Type.Enum(trustLevels) }, { description: 'The earlier case its files were reused from' })),
  consent: Nullable(Type.Object({ kind: Type.Enum(['replace', 'commitment'] as const), givenBy: Uuid, recordedBy: Uuid, at: Type.String(), text: Type.Optional(Type.String()) }, { description: 'The applicant\'s consent to the government\'s copy, or their commitment: who gave it, who recorded it, when' })),
  replacement: Nullable(Type.Union([
    Type.Object({ kind: Type.Literal('certificate'), certificateId: Uuid, identifier: Type.String(), number: Type.String(), typeCode: Type.String(), title: Type.String(), issuerOrgId: Uuid, issuedAt: Type.String(), validUntil: Nullable(Type.String()), version: Type.Integer(), digest: Type.String() }),
    Type.Object({ kind: Type.Literal('sharedData'), resourceCode: Type.String(), resourceName: Type.String(), ownerOrgId: Uuid, subjectId: Type.String(), version: Type.Integer(), updatedAt: Type.String(), logId: Type.String(), fields: Type.Record(Type.String(), Type.Unknown()), masked: Type.Array(Type.String()) }),
  ], { description: 'The government\'s copy used: the certificate (verify it at /verify/{certificateId}) or the data record and the query-log entry' })),
  verifiedAt: Nullable(DateTime),
});

/** How the applicant wants the result: express needs the recipient, a phone number and the address. */
const DeliveryChoiceBody = Type.Object({
  method: Type.Enum(deliveryMethods),
  recipient: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Type.String({ pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$', description: 'A mobile or landline number (China)' })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
}, { additionalProperties: false });

const CaseSchema = Type.Object({
  id: Uuid, caseNumber: Type.String(), itemId: Uuid, itemVersionId: Uuid, itemCode: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), regionCode: Type.String(),
  intakeOrgId: Uuid, decisionOrgId: Uuid, handlerOrgId: Uuid, applicantId: Uuid,
  applicant: Type.Object({ kind: Type.Enum(['person', 'company'] as const), name: Type.String(), idNumber: Type.String(), phone: Nullable(Type.String()) }),
  channel: Type.Enum(filingChannels), windowId: Nullable(Uuid), siteId: Nullable(Uuid), filedBy: Uuid,
  formData: Type.Record(Type.String(), Type.Unknown()), status: Type.Enum(caseStatuses), statutoryLimit: Type.Integer(), promisedLimit: Type.Integer(),
  promisedDueOn: Nullable(IsoDate), statutoryDueOn: Nullable(IsoDate), receivedAt: Nullable(DateTime), acceptedAt: Nullable(DateTime), acceptedOn: Nullable(IsoDate),
  extended: Type.Boolean(), pendingDueOn: Nullable(IsoDate),
  commitment: Nullable(Type.Object({ text: Type.String(), signedAt: Type.String(), onBreach: Type.Enum(['revoke', 'terminate'] as const) })),
  outcome: Nullable(Type.Enum(['approve', 'deny'] as const)), decidedAt: Nullable(DateTime),
  decision: Nullable(Type.Object({
    outcome: Type.Enum(['approve', 'deny'] as const), reasons: Type.String(), remedy: Nullable(Type.String()), deciderId: Uuid, deciderName: Type.String(), orgId: Uuid, orgName: Type.String(),
    decidedAt: Type.String(), digest: Type.String(), signature: Type.String(), keyId: Type.String(),
  })),
  certificateId: Nullable(Uuid),
  deliveryChoice: Nullable(Type.Object({ method: Type.Enum(deliveryMethods), recipient: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), address: Type.Optional(Type.String()), chosenAt: Type.String() }, { description: 'How the applicant wants the result; staff deliver so unless they say otherwise' })),
  delivery: Nullable(Type.Object({ method: Type.Enum(deliveryMethods), address: Type.Optional(Type.String()), courier: Type.Optional(Type.String()), trackingNumber: Type.Optional(Type.String()), deliveredAt: Type.String() })),
  trips: Type.Integer(), version: Type.Integer(), createdAt: DateTime, updatedAt: DateTime,
});

const ClockSchema = Type.Object({
  receivedOn: Nullable(IsoDate), intakeDueOn: Nullable(IsoDate), startedOn: Nullable(IsoDate), deemed: Type.Boolean(),
  paused: Type.Array(Type.Object({ from: IsoDate, to: Nullable(IsoDate), reason: Nullable(Type.Enum(suspendReasons)), expectedDays: Nullable(Type.Integer()), days: Type.Integer() })),
  pausedNow: Type.Boolean(), pausedDays: Type.Integer(), extensionDays: Type.Integer(), statutoryDueOn: Nullable(IsoDate), promisedDueOn: Nullable(IsoDate),
  usedDays: Type.Integer(), statutoryLeft: Nullable(Type.Integer()), promisedLeft: Nullable(Type.Integer()), decidedOn: Nullable(IsoDate),
  onTime: Nullable(Type.Boolean()), withinStatutory: Nullable(Type.Boolean()), certificateDueOn: Nullable(IsoDate), warning: Type.Enum(['none', 'yellow', 'red', 'paused'] as const),
}, { description: 'Working days, computed from the case events and the calendar' });

const CaseViewSchema = Type.Object({
  case: CaseSchema,
  clock: ClockSchema,
  events: Type.Array(Type.Object({ id: Type.Integer(), at: DateTime, actorId: Nullable(Uuid), actorOrgId: Nullable(Uuid), action: Type.Enum(caseActions), fromStatus: Nullable(Type.Enum(caseStatuses)), toStatus: Type.Enum(caseStatuses), reason: Nullable(Type.String()), data: Nullable(Type.Record(Type.String(), Type.Unknown())) })),
  materials: Type.Array(CaseMaterialSchema),
  tasks: Type.Array(Type.Object({ id: Uuid, orgId: Uuid, status: Type.Enum(['open', 'done'] as const), question: Type.String(), dueOn: IsoDate, opinion: Nullable(Type.String()), agrees: Nullable(Type.Boolean()), answeredAt: Nullable(DateTime), version: Type.Integer() })),
  trips: Type.Array(Type.Object({ id: Uuid, at: DateTime, reason: Type.String(), siteId: Nullable(Uuid), windowId: Nullable(Uuid) })),
  tripFacts: Type.Object({ trips: Type.Integer(), atMostOneTrip: Type.Boolean(), zeroTrip: Type.Boolean() }),
  allowedActions: Type.Array(Type.Enum(caseActions), { description: 'What you may do next; the server checks again' }),
  materialSpecs: Type.Array(MaterialSchema),
});
type CaseViewBody = Static<typeof CaseViewSchema>;

const EvaluationSchema = Type.Object({
  id: Uuid, caseId: Uuid, handling: Type.Integer(), level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Nullable(Type.String()), problems: Type.Array(Type.String()),
  channel: Type.String(), ratedAt: DateTime, orgId: Uuid,
  followUp: Nullable(Type.Object({
    verified: Type.Optional(Type.Object({ at: Type.String(), by: Uuid, finding: Type.String(), justified: Type.Boolean() })),
    answered: Type.Optional(Type.Object({ at: Type.String(), by: Uuid, answer: Type.String() })),
    rectified: Type.Optional(Type.Object({ at: Type.String(), by: Uuid, measures: Type.String() })),
    calledBack: Type.Optional(Type.Object({ at: Type.String(), by: Uuid, satisfied: Type.Boolean(), note: Type.String() })),
  }, { description: 'The follow-up of a bad rating, step by step' })),
  followUpDueOn: Nullable(IsoDate), version: Type.Integer(),
});

/** Cases: filing, intake, review, decision, delivery, trips, documents and ratings (DOMAIN.md). */
export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = async (request: { ctx: Parameters<typeof getCase>[0] }, id: string) => (await getCase(request.ctx, id)) as unknown as CaseViewBody;
  const rectifyDays = app.platform.config.rectifyDays;

  app.post('/cases', {
    schema: {
      tags: ['cases'],
      summary: 'File a case',
      description: 'An applicant files online; a window clerk files for an applicant in person (`windowId`, `applicant`). The form is validated against the item\'s JSON Schema, the materials against its list. A material the catalog says the government\'s copy can replace may be filed with `replace: true` (the applicant\'s consent) instead of files: it is filled from the e-certificate library or the data sharing platform in the same transaction, or the filing is refused naming it. The `Idempotency-Key` header makes retries safe: the same key and body return the first case (200), a different body 409.',
      headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 100 }) }),
      body: Type.Object({
        itemCode: Type.String({ minLength: 1, maxLength: 40 }),
        org: Type.String({ minLength: 1, maxLength: 40, description: 'Id or code of the implementing organisation' }),
        formData: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 60 }),
        materials: Type.Array(FilingMaterialInput, { maxItems: 60 }),
        windowId: Type.Optional(Uuid),
        applicant: Type.Optional(Type.Object({ kind: Type.Enum(['person', 'company'] as const), name: Text(100), idNumber: Type.String({ minLength: 18, maxLength: 18 }), phone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })) }, { additionalProperties: false })),
        draft: Type.Optional(Type.Boolean()),
        deliveryChoice: Type.Optional(DeliveryChoiceBody),
      }, { additionalProperties: false }),
      response: { 200: CaseViewSchema, 201: CaseViewSchema, ...Errors },
    },
    preHandler: gate.user,
  }, async (request, reply) => {
    const filed = await fileCase(request.ctx, { ...request.body, idempotencyKey: request.headers['idempotency-key'] });
    return reply.status(filed.created ? 201 : 200).send(filed.view ? (filed.view as unknown as CaseViewBody) : await view(request, filed.caseId));
  });

  app.get('/cases', {
    schema: {
      tags: ['cases'],
      summary: 'Your cases or your inbox, soonest deadline first',
      description: '`mine`: an applicant\'s cases; `intake`: a clerk\'s queue; `review`: what a department handles; `tasks`: parallel tasks for your department (its task\'s due date first); `all`: your subtree, read-only (supervisors); `desk`: every case a clerk\'s desk takes in, in any state but draft (to find one by number or applicant). The back office\'s boxes split `review`: `toReview` (accepted, in review), `suspended`, `toDeliver` (decided, awaiting the certificate or delivery; soonest decided first). `q` matches the beginning of a case number, the item or the applicant\'s name. ID numbers are masked.',
      querystring: Type.Object({
        box: Type.Enum(['mine', 'intake', 'review', 'tasks', 'all', 'toReview', 'suspended', 'toDeliver', 'desk'] as const),
        status: Type.Optional(Type.Enum(caseStatuses)),
        q: Type.Optional(Type.String({ maxLength: 60 })),
        applicant: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{18}$', description: 'The applicant\'s whole resident ID or unified social credit code' })),
        itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Only cases of this item (an applicant looks for a draft of it)' })),
        page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            id: Uuid, caseNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), status: Type.Enum(caseStatuses), channel: Type.Enum(filingChannels),
            applicantName: Type.String(), applicantId: Type.String(), receivedAt: Nullable(DateTime), promisedDueOn: Nullable(IsoDate), statutoryDueOn: Nullable(IsoDate),
            warning: Type.Enum(['none', 'yellow', 'red', 'paused'] as const), trips: Type.Integer(), version: Type.Integer(),
            daysLeft: Nullable(Type.Integer({ description: 'Working days left to the deadline the box is about (the task\'s in `tasks`, the certificate\'s after an approval, else the promised one); negative when late' })),
            taskDueOn: Nullable(IsoDate),
          })),
        }),
        ...Errors,
      },
    },
    preHandler: gate.user,
  }, async (request) => listCases(request.ctx, request.query));

  const InboxCount = Type.Object({ total: Type.Integer(), overdue: Type.Integer({ description: 'Past the promised limit (to review) or the task\'s due date (tasks)' }) });
  app.get('/cases/inbox', {
    schema: {
      tags: ['cases'],
      summary: 'How many cases wait in each box of your review inbox',
      description: 'Reviewers and department heads: the boxes of `GET /cases` for the back office.',
      response: { 200: Type.Object({ toReview: InboxCount, tasks: InboxCount, suspended: InboxCount, toDeliver: InboxCount }), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => countInbox(request.ctx));

  app.get('/cases/:id/files', {
    schema: {
      tags: ['cases'],
      summary: 'The files filed with a case\'s materials',
      description: 'Name, media type and size of each file (download it with `GET /files/{id}`), for whoever may see the case.',
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Array(FileInfoSchema), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => caseFiles(request.ctx, request.params.id));

  app.get('/cases/:id', {
    schema: { tags: ['cases'], summary: 'A case with its clock, events, materials, tasks and trips', params: Type.Object({ id: Uuid }), response: { 200: CaseViewSchema, ...Errors } },
    preHandler: gate.user,
  }, async (request) => view(request, request.params.id));

  // Each lifecycle step: POST /cases/{id}/<step> with the version read; answers the case as it is now.
  const step = <S extends Parameters<typeof Type.Object>[0]>(path: string, summary: string, description: string, body: S, run: (ctx: Parameters<typeof getCase>[0], id: string, body: Static<ReturnType<typeof Type.Object<S>>>) => Promise<unknown>) => {
    app.post(`/cases/:id/${path}`, {
      schema: { tags: ['cases'], summary, description, params: Type.Object({ id: Uuid }), body: Type.Object(body, { additionalProperties: false }), response: { 200: CaseViewSchema, ...Errors } },
      preHandler: gate.user,
    }, async (request) => {
      await run(request.ctx, request.params.id, request.body as never);
      return view(request, request.params.id);
    });
  };

  step('submit', 'Submit a draft, or resubmit after a correction request', 'The applicant; corrected form data and materials may be sent along.',
    { version: Version, formData: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 60 })), materials: Type.Optional(Type.Array(FilingMaterialInput, { maxItems: 60 })) },
    (ctx, id, b) => submitCase(ctx, id, b));
  step('withdraw', 'Withdraw a case before acceptance', 'The applicant.', { version: Version, reason: Type.Optional(Type.String({ maxLength: 500 })) }, (ctx, id, b) => withdrawCase(ctx, id, b));
  step('accept', 'Accept a case (受理)', 'Art. 32(e); starts the clock (Art. 42). With `pending`, acceptance with pending secondary materials on the applicant\'s commitment (容缺受理). `received` records paper materials taken at the window.',
    {
      version: Version,
      pending: Type.Optional(Type.Object({ materialKeys: Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 20 }), dueOn: IsoDate, commitment: Text(2000), onBreach: Type.Enum(['revoke', 'terminate'] as const) }, { additionalProperties: false })),
      received: Type.Optional(Type.Array(MaterialInput, { maxItems: 60 })),
    },
    (ctx, id, b) => acceptCase(ctx, id, b));
  step('request-correction', 'Ask for everything missing at once (one-time notice)', 'Art. 32(d): the 补正材料通知书 lists every missing or wrong material; the clock has not started.',
    { version: Version, items: Type.Array(Type.Object({ materialKey: Type.Optional(Type.String({ maxLength: 60 })), note: Text(500) }, { additionalProperties: false }), { minItems: 1, maxItems: 60 }) },
    (ctx, id, b) => requestCorrection(ctx, id, b));
  step('refuse-intake', 'Refuse intake (不予受理)', 'Art. 32(a)(b): with the reason and, when another organisation is competent, which one.',
    { version: Version, reason: Text(1000), competentOrg: Type.Optional(Type.String({ maxLength: 40 })) }, (ctx, id, b) => refuseIntake(ctx, id, b));
  step('pending-materials', 'Hand in materials owed under acceptance with pending materials', 'The applicant, or staff at the window.', { version: Version, materials: Type.Array(MaterialInput, { minItems: 1, maxItems: 20 }) }, (ctx, id, b) => supplyPendingMaterials(ctx, id, b));
  step('start-review', 'Start the review', 'The handling department.', { version: Version }, (ctx, id, b) => startReview(ctx, id, b));
  step('forward', 'Forward to the deciding organisation (受审分离)', 'Art. 35, 43: the intake department sends its opinion and all materials; the deciding one never asks the applicant for them again.', { version: Version, opinion: Text(2000) }, (ctx, id, b) => forwardCase(ctx, id, b));
  step('tasks', 'Ask other departments in parallel (并联审批)', 'The case is decided only when every task is answered.', { version: Version, orgIds: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 20 }), question: Text(1000), days: Type.Integer({ minimum: 1, maximum: 60 }) }, (ctx, id, b) => openTasks(ctx, id, b));
  app.post('/cases/:id/tasks/:taskId/answer', {
    schema: { tags: ['cases'], summary: 'Answer a parallel task', params: Type.Object({ id: Uuid, taskId: Uuid }), body: Type.Object({ version: Version, agrees: Type.Boolean(), opinion: Text(2000) }, { additionalProperties: false }), response: { 200: CaseViewSchema, ...Errors } },
    preHandler: gate.user,
  }, async (request) => {
    await answerTask(request.ctx, request.params.id, request.params.taskId, request.body);
    return view(request, request.params.id);
  });
  step('suspend', 'Pause the clock (中止)', 'Art. 45: hearing, tender, auction, testing, inspection, quarantine, appraisal or expert review do not count; the applicant is told how long.', { version: Version, reason: Type.Enum(suspendReasons), expectedDays: Type.Integer({ minimum: 1, maximum: 365 }), note: Text(1000) }, (ctx, id, b) => suspendCase(ctx, id, b));
  step('resume', 'Restart the clock', '', { version: Version, note: Type.Optional(Type.String({ maxLength: 1000 })) }, (ctx, id, b) => resumeCase(ctx, id, b));
  step('extend', 'Extend the limit by 10 working days (延期)', 'Art. 42: once, with the head\'s approval (department heads only), and a reason told to the applicant.', { version: Version, reason: Text(1000) }, (ctx, id, b) => extendCase(ctx, id, b));
  step('decide', 'Approve or deny (准予 / 不予许可)', 'Art. 38: signed with the deciding organisation\'s approval seal (Ed25519) over a canonical digest of the case; a denial states the right to reconsideration or litigation.', { version: Version, outcome: Type.Enum(['approve', 'deny'] as const), reasons: Text(4000) }, (ctx, id, b) => decideCase(ctx, id, b));
  step('issue', 'Issue the electronic certificate (制证)', 'Art. 44: within 10 working days of approval; signed by the deciding organisation and verifiable by anyone at /verify/{certificateId}.', { version: Version, validYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })) }, (ctx, id, b) => issueCaseCertificate(ctx, id, b));
  step('deliver', 'Deliver the result (送达)', 'At the window (records a trip, unless one was recorded at that site today: the same visit), by express (a tracking number is recorded) or electronically. Without `method`, as the applicant chose (`case.deliveryChoice`, with its express address). Pending materials block the delivery of an approval.', { version: Version, method: Type.Optional(Type.Enum(deliveryMethods)), address: Type.Optional(Text(300)), courier: Type.Optional(Type.String({ maxLength: 40 })), windowId: Type.Optional(Type.String({ format: 'uuid', description: 'At the window: the one handing over (default: where the case was filed)' })) }, (ctx, id, b) => deliverCase(ctx, id, b));
  step('archive', 'Archive a finished case', '', { version: Version }, (ctx, id, b) => archiveCase(ctx, id, b));
  step('trips', 'Record an in-person visit', 'DOMAIN rule 8: every visit with its reason; "at most one trip" holds with ≤ 1.', { version: Version, reason: Text(300), windowId: Type.Optional(Uuid) }, (ctx, id, b) => recordTrip(ctx, id, b));

  app.get('/cases/:id/decision/verification', {
    schema: { tags: ['cases'], summary: 'Check a decision against its seal', description: 'Recomputes the canonical digest of the case and checks the Ed25519 signature with the organisation\'s key.', params: Type.Object({ id: Uuid }), response: { 200: Type.Object({ valid: Type.Boolean(), problem: Nullable(Type.String()), keyId: Nullable(Type.String()) }), ...Errors } },
    preHandler: gate.user,
  }, async (request) => verifyDecision(request.ctx, request.params.id));

  app.get('/cases/:id/documents/:kind', {
    schema: {
      tags: ['cases'],
      summary: 'A case document as a printable PDF',
      description: 'Acceptance notice (受理通知书), refusal notice (不予受理通知书), correction notice (补正材料通知书), decision (决定书) and certificate — in Chinese, with the organisation, case number, date, seal fingerprint and a verification QR code.',
      params: Type.Object({ id: Uuid, kind: Type.Enum(documentKinds) }),
      response: { 200: Binary('application/pdf'), ...Errors },
    },
    preHandler: gate.user,
  }, async (request, reply) => {
    const pdf = await caseDocumentPdf(request.ctx, request.params.id, request.params.kind, request.server.platform.config.publicUrl ?? `${request.protocol}://${request.host}`);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${request.params.kind}"`).send(pdf);
  });

  app.post('/cases/:id/evaluations', {
    schema: {
      tags: ['evaluations'],
      summary: 'Rate a handled case (好差评)',
      description: 'The applicant, once per handling, from any channel: 5 very satisfied … 1 very dissatisfied. A rating of 1 or 2 opens a follow-up for the handling department, due in working days (default 15).',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 1000 })), problems: Type.Optional(Type.Array(Type.Enum(ratingProblems), { maxItems: ratingProblems.length })), channel: Type.Enum(['online', 'mobile', 'window', 'hotline', 'sms'] as const) }, { additionalProperties: false }),
      response: { 201: EvaluationSchema, ...Errors },
    },
    preHandler: gate.user,
  }, async (request, reply) => reply.status(201).send(await rateCase(request.ctx, request.params.id, request.body, rectifyDays)));

  app.get('/evaluations', {
    schema: {
      tags: ['evaluations'],
      summary: 'Ratings: your own, or those of cases your subtree handled',
      querystring: Type.Object({ caseId: Type.Optional(Uuid), badOnly: Type.Optional(Type.Boolean()), open: Type.Optional(Type.Boolean()), page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Intersect([EvaluationSchema, Type.Object({ caseNumber: Type.String(), itemName: Type.String(), overdue: Type.Boolean(), daysLeft: Nullable(Type.Integer({ description: 'Working days left to follow up a bad rating (negative: late); null when none is open' })) })])) }), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => listEvaluations(request.ctx, request.query));

  app.post('/evaluations/:id/:step', {
    schema: {
      tags: ['evaluations'],
      summary: 'Follow up a bad rating: verify, answer, rectify, call back',
      params: Type.Object({ id: Uuid, step: Type.Enum(['verify', 'answer', 'rectify', 'callBack'] as const) }),
      body: Type.Object({ version: Version, text: Text(2000), justified: Type.Optional(Type.Boolean()), satisfied: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: EvaluationSchema, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => followUpRating(request.ctx, request.params.id, request.params.step, request.body));

  app.get('/commitment-breaches', {
    schema: { tags: ['cases'], summary: 'Broken commitments not yet cleared', querystring: Type.Object({ applicant: Type.Optional(Uuid) }, { additionalProperties: false }), response: { 200: Type.Array(Type.Object({ id: Uuid, applicantId: Uuid, caseId: Uuid, at: DateTime })), ...Errors } },
    preHandler: gate.staff,
  }, async (request) => listBreaches(request.ctx, request.query.applicant));

  app.post('/commitment-breaches/:id/clear', {
    schema: { tags: ['cases'], summary: 'Clear a broken commitment (administrators)', params: Type.Object({ id: Uuid }), body: Type.Object({ note: Text(500) }, { additionalProperties: false }), response: { 204: Type.Null(), ...Errors } },
    preHandler: gate.role('admin'),
  }, async (request, reply) => {
    await clearCommitmentBreach(request.ctx, request.params.id, request.body.note);
    return reply.status(204).send(null);
  });

  // ---------------------------------------------------------------- the applicant's draft, reuse and delivery choice

  app.put('/cases/:id/draft', {
    schema: {
      tags: ['cases'],
      summary: 'Save a draft as it stands',
      description: 'The applicant, while the case is a draft: the form (required fields may still be missing; what is there must be valid), the materials (replacing the saved list; a material newly sent with `replace: true` is filled from the government\'s copy now, one filled before keeps its copy) and, when given, the delivery choice (`null` clears it). Answers the new version. Submit it with `POST /cases/{id}/submit`.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        version: Version,
        formData: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 60 }),
        materials: Type.Array(FilingMaterialInput, { maxItems: 60 }),
        deliveryChoice: Type.Optional(Nullable(DeliveryChoiceBody)),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Uuid, version: Type.Integer(), updatedAt: DateTime }), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => {
    const saved = await saveDraft(request.ctx, request.params.id, request.body);
    return { id: saved.id, version: saved.version, updatedAt: saved.updatedAt };
  });

  step('delivery-choice', 'Choose how to receive the result', 'The applicant, until the result is delivered: at the window, electronically, or by express (recipient, phone and address). Staff deliver so unless they say otherwise.',
    { version: Version, ...DeliveryChoiceBody.properties }, (ctx, id, b) => chooseDelivery(ctx, id, b));

  const FileSet = Type.Object({
    caseId: Uuid, caseNumber: Type.String(), itemName: Type.String(), itemNameEn: Type.String(), materialKey: Type.String(), materialName: Type.String(), receivedAt: Nullable(DateTime),
    files: Type.Array(FileInfoSchema),
    trustLevel: Type.Enum(trustLevels, { description: 'Its level on that case' }),
    reuse: Type.Object({ level: Type.Enum(trustLevels), originalToCheck: Type.Boolean() }, { description: 'What reusing it gives here: B as checked, C with its original still to be checked (D is never offered)' }),
  });
  app.get('/cases/reusable-materials', {
    schema: {
      tags: ['cases'],
      summary: 'Materials you handed in before, offered for reuse',
      description: 'For each material of the item: the files of the same material (the same key on an earlier case of this item, or the same name in another item) on your own earlier cases that were accepted, newest first. Send their ids as that material\'s `fileIds` instead of uploading again.',
      querystring: Type.Object({ itemCode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Array(Type.Object({ materialKey: Type.String(), candidates: Type.Array(FileSet) })), ...Errors },
    },
    preHandler: gate.user,
  }, async (request) => reusableMaterials(request.ctx, request.query.itemCode));

  app.get('/cases/replacements', {
    schema: {
      tags: ['cases'],
      summary: 'What the government already holds for an application',
      description: 'For each material of the item that an e-certificate or shared data can replace: the usable e-certificates the library holds for you (an applicant), or for the applicant in front of a window clerk (`applicant`: their ID number). Shared data is not looked up here (`held: null`): a data query happens only with the applicant\'s consent, when filing with `replace: true`.',
      querystring: Type.Object({
        itemCode: Type.String({ minLength: 1, maxLength: 40 }),
        applicant: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{18}$', description: 'Window clerks: the applicant\'s whole resident ID or unified social credit code' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Array(Type.Object({
          materialKey: Type.String(),
          replaceableBy: Type.Union([Type.Object({ certificateType: Type.String() }), Type.Object({ dataResource: Type.String() })]),
          certificates: Type.Array(Type.Object({ id: Uuid, identifier: Type.String(), number: Type.String(), title: Type.String(), issuerOrgId: Uuid, issuerOrgName: Type.String(), issuerOrgNameEn: Type.String(), issuedAt: DateTime, validUntil: Nullable(DateTime) }), { description: 'Usable certificates of the type, newest first: the first is used' }),
          held: Nullable(Type.Boolean({ description: 'Whether the government holds it; null for shared data (asked only with consent)' })),
        })),
        ...Errors,
      },
    },
    preHandler: gate.user,
  }, async (request) => governmentCopiesFor(request.ctx, request.query.itemCode, request.query.applicant));

};
