import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/client.js';
import { applicantKinds, channels, companyEvents, itemStatuses, itemTypes, lifeEvents } from '../../../common/catalog.js';
import { orgLevels, windowCategories } from '../../../common/enums.js';
import { gate } from '../../platform/access.js';
import { Problem, ProblemSchema } from '../../platform/errors.js';
import { Binary, DateTime, Errors, INT4_MAX, IsoDate, Uuid } from '../../platform/schemas.js';
import { listSites } from '../orgs/index.js';
import { DeptKey, ItemCode, ProofItemSchema, VersionContentSchema } from './contract.js';
import { itemJsonLd } from './json-ld.js';
import { noticePdf, formTemplatePdf } from './documents.js';
import {
  catalogFacets, catalogStats, createDraft, createImplementation, createItem, createOneTripBatch, deleteDraft, diffVersions, getNotice,
  getPublishedItem, getVersion, listImplementations, listManagedItems, listVersions, oneTripList, publishOneTripBatch, searchItems,
  setOneTripEntries, syncImplementations, transitionVersion, updateDraft, updateImplementation, type Notice,
} from './service.js';
import { exportRecords, importRecords, parseCsv, toCsv } from './transfer.js';

const Page = { page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) };

const OneTrip = Type.Union([Type.Object({ batch: Type.Integer(), since: IsoDate }), Type.Null()], { description: 'Its place on the published "at most one trip" list' });

const VersionView = Type.Object({
  id: Uuid,
  itemCode: Type.String(),
  deptKey: Type.String(),
  number: Type.Integer(),
  status: Type.Enum(itemStatuses),
  ...VersionContentSchema.properties,
  changeNote: Type.String(),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  submittedBy: Type.Union([Uuid, Type.Null()]),
  publishedAt: Type.Union([DateTime, Type.Null()]),
  retiredAt: Type.Union([DateTime, Type.Null()]),
  version: Type.Integer({ description: 'For optimistic locking of drafts' }),
  updatedAt: DateTime,
});

const ItemSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  deptKey: Type.String(),
  type: Type.Enum(itemTypes),
  channels: Type.Array(Type.Enum(channels)),
  trips: Type.Integer(),
  oneTripBatch: Type.Union([Type.Integer(), Type.Null()]),
  statutoryLimit: Type.Integer(),
  promisedLimit: Type.Integer(),
  lifeEvents: Type.Array(Type.String()),
  companyEvents: Type.Array(Type.String()),
  implementedAt: Type.Array(Type.Enum(orgLevels)),
  windowCategory: Type.Enum(windowCategories),
  implementer: Type.Optional(Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.Enum(orgLevels) }, { description: 'With `site`: the organisation that carries the item out there' })),
});

const OrgRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.Enum(orgLevels) });
const NoticeView = Type.Object({
  item: VersionView,
  oneTrip: OneTrip,
  implementers: Type.Array(OrgRef),
  implementation: Type.Union([
    Type.Object({
      org: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.Enum(orgLevels), regionCode: Type.String() }),
      promisedLimit: Type.Integer(),
      phone: Type.String(),
      hours: Type.String(),
      hoursEn: Type.String(),
      feeNote: Type.String(),
      sites: Type.Array(Type.Object({
        id: Uuid, name: Type.String(), nameEn: Type.String(), kind: Type.Enum(['hall', 'agencyPoint'] as const), address: Type.String(), addressEn: Type.String(),
        hours: Type.String(), hoursEn: Type.String(), phone: Type.String(), windows: Type.Array(Type.Object({ number: Type.String(), name: Type.String(), nameEn: Type.String() })),
      })),
    }),
    Type.Null(),
  ]),
  proofItems: Type.Array(Type.Object({ materialKey: Type.String(), proofItem: ProofItemSchema }), { description: 'The materials that are proof items (证明事项), each with how it can be satisfied (R1.3)' }),
});

const ImplementationView = Type.Object({
  id: Uuid,
  itemCode: Type.String(),
  itemName: Type.String(),
  itemNameEn: Type.String(),
  orgId: Uuid,
  orgCode: Type.String(),
  orgName: Type.String(),
  orgNameEn: Type.String(),
  promisedLimit: Type.Integer(),
  siteIds: Type.Array(Uuid),
  phone: Type.String(),
  hours: Type.String(),
  hoursEn: Type.String(),
  feeNote: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
  behind: Type.Boolean({ description: 'The catalog published a newer version since the last alignment' }),
  drift: Type.Array(Type.Object({ field: Type.String(), declared: Type.Unknown(), catalog: Type.Unknown() }), { description: 'Shared fields that differ from the catalog ("seven unified")' }),
});

/** A version row as the API shows it: with its item's code and department. */
const view = (item: { code: string; deptKey: string }, version: object) => ({ ...version, itemCode: item.code, deptKey: item.deptKey }) as Static<typeof VersionView>;

/** The service centre named on a printed notice: the hall of the implementing organisation, else the prefecture's. */
async function centreName(db: Db, notice: Notice): Promise<string> {
  const hall = notice.implementation?.sites.find((s) => s.kind === 'hall');
  if (hall) return hall.name;
  const [prefectureHall] = await listSites(db, { kind: 'hall', level: 'prefecture' });
  return prefectureHall?.name ?? notice.implementation?.org.name ?? '政务服务中心';
}

/** The public catalog (search, notice, lists, statistics) and its management by catalog managers. */
export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Catalog files arrive as CSV text too (import).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // ------------------------------------------------------------ public

  app.get('/catalog/items', {
    schema: {
      tags: ['catalog'],
      summary: 'Search the published catalog',
      description: 'Chinese word segmentation with synonyms (营业执照 ↔ 执照), pinyin initials (yyzz) and English words; filters by department, life or company event, channel, "at most one trip", level, type, applicant kind, implementing organisation, site, or window category.',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 100 })),
        dept: Type.Optional(DeptKey),
        lifeEvent: Type.Optional(Type.Enum(lifeEvents)),
        companyEvent: Type.Optional(Type.Enum(companyEvents)),
        channel: Type.Optional(Type.Enum(channels)),
        oneTrip: Type.Optional(Type.Boolean()),
        level: Type.Optional(Type.Enum(orgLevels)),
        type: Type.Optional(Type.Enum(itemTypes)),
        applicantKind: Type.Optional(Type.Enum(applicantKinds)),
        org: Type.Optional(Type.String({ maxLength: 40, description: 'Id or code of an implementing organisation' })),
        site: Type.Optional(Type.String({ format: 'uuid', description: 'Only items carried out at this hall or agency point (each answered with its implementer there)' })),
        windowCategory: Type.Optional(Type.Enum(windowCategories, { description: 'Only items taken in at comprehensive windows of this category' })),
        ...Page,
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ItemSummary) }), 400: ProblemSchema },
    },
  }, async (request) => searchItems(request.ctx, request.query));

  app.get('/catalog/facets', {
    schema: {
      tags: ['catalog'],
      summary: 'Counts for browsing by department, life event and company event',
      response: { 200: Type.Object({ total: Type.Integer(), departments: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })), lifeEvents: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })), companyEvents: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })) }) },
    },
  }, async (request) => catalogFacets(request.ctx));

  app.get('/catalog/stats', {
    schema: {
      tags: ['catalog'],
      summary: 'Catalog statistics for targets T2 and T4',
      description: 'T2: the share of on-application items that can be done online; T4: items needing at most one trip and zero trips, and the published "at most one trip" list by batch. With `org`, counts what that organisation and its subtree implement.',
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Integer(), onApplication: Type.Integer(), online: Type.Integer(), onlineRate: Type.Number(), atMostOneTrip: Type.Integer(), zeroTrip: Type.Integer(),
          implemented: Type.Optional(Type.Integer()),
          oneTripList: Type.Array(Type.Object({ batch: Type.Integer(), title: Type.String(), titleEn: Type.String(), publishedOn: Type.Union([IsoDate, Type.Null()]), items: Type.Integer(), cumulative: Type.Integer() })),
        }),
        404: ProblemSchema,
      },
    },
  }, async (request) => catalogStats(request.ctx, request.query.org));

  app.get('/catalog/one-trip', {
    schema: {
      tags: ['catalog'],
      summary: 'The "at most one trip" list, by batch',
      response: { 200: Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), titleEn: Type.String(), publishedOn: Type.Union([IsoDate, Type.Null()]), items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), deptKey: Type.String(), trips: Type.Integer() })) })) },
    },
  }, async (request) => oneTripList(request.ctx));

  app.get('/catalog/items/:code', {
    schema: { tags: ['catalog'], summary: 'An item\'s published version', params: Type.Object({ code: ItemCode }), response: { 200: Type.Object({ item: VersionView, oneTrip: OneTrip }), 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request) => {
    const { item, version, oneTrip } = await getPublishedItem(request.ctx, request.params.code);
    return { item: view(item, version), oneTrip };
  });

  app.get('/catalog/items/:code/notice', {
    schema: {
      tags: ['catalog'],
      summary: 'The one-time notice of an item',
      description: 'Everything an applicant needs, once and completely (R1.4): conditions, materials with templates, limits, fees, channels, trips, legal basis — and with `org`, where and when to apply at that organisation.',
      params: Type.Object({ code: ItemCode }),
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 40, description: 'Id or code of the implementing organisation' })) }, { additionalProperties: false }),
      response: { 200: NoticeView, 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => {
    const n = await getNotice(request.ctx, request.params.code, request.query.org);
    return { item: view(n.item, n.version), oneTrip: n.oneTrip, implementers: n.implementers, implementation: n.implementation, proofItems: n.proofItems };
  });

  app.get('/catalog/items/:code/notice.pdf', {
    schema: {
      tags: ['catalog'],
      summary: 'The one-time notice as a printable PDF',
      description: 'In Chinese, with the service centre\'s name and a QR code back to the notice page.',
      params: Type.Object({ code: ItemCode }),
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      response: { 200: Binary('application/pdf'), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const notice = await getNotice(request.ctx, request.params.code, request.query.org);
    const pageUrl = `${publicOrigin(request)}/items/${encodeURIComponent(notice.item.code)}${notice.implementation ? `?org=${encodeURIComponent(notice.implementation.org.code)}` : ''}`;
    const pdf = await noticePdf(notice, pageUrl, await centreName(request.ctx.db, notice));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="notice-${notice.item.code}.pdf"`).send(pdf);
  });

  app.get('/catalog/items/:code/materials/:key/:kind', {
    schema: {
      tags: ['catalog'],
      summary: 'A material\'s blank template or filled example, as PDF',
      description: 'Rendered from the item\'s application form for materials marked `template`.',
      params: Type.Object({ code: ItemCode, key: Type.String({ maxLength: 60, pattern: '^[a-z0-9-]+$' }), kind: Type.Enum(['template.pdf', 'example.pdf'] as const) }),
      response: { 200: Binary('application/pdf'), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const { item, version } = await getPublishedItem(request.ctx, request.params.code);
    const material = version.materials.find((m) => m.key === request.params.key && m.template);
    if (!material) throw new Problem('not_found', 'no such template');
    const pdf = await formTemplatePdf(item.code, version, material, request.params.kind === 'example.pdf');
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${item.code}-${material.key}-${request.params.kind}"`).send(pdf);
  });

  app.get('/catalog/items/:code/jsonld', {
    schema: {
      tags: ['catalog'],
      summary: 'An item as schema.org GovernmentService (JSON-LD)',
      description: 'For other portals and search engines; with `org`, the provider and service area are that organisation\'s.',
      params: Type.Object({ code: ItemCode }),
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request, reply) => {
    const notice = await getNotice(request.ctx, request.params.code, request.query.org);
    return reply.type('application/ld+json').send(itemJsonLd(notice, publicOrigin(request)));
  });

  app.get('/catalog/items/:code/versions', {
    schema: { tags: ['catalog'], summary: 'An item\'s versions, newest first', description: 'Drafts and versions under review are listed for catalog managers only.', params: Type.Object({ code: ItemCode }), response: { 200: Type.Array(VersionView), 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request) => {
    const versions = await listVersions(request.ctx, request.params.code);
    const { item } = await getVersion(request.ctx, versions[0]!.id);
    return versions.map((v) => view(item, v));
  });

  app.get('/catalog/versions/:id', {
    schema: { tags: ['catalog'], summary: 'One version of an item', params: Type.Object({ id: Uuid }), response: { 200: VersionView, 404: ProblemSchema } },
  }, async (request) => {
    const { item, version } = await getVersion(request.ctx, request.params.id);
    return view(item, version);
  });

  app.get('/catalog/diff', {
    schema: {
      tags: ['catalog'],
      summary: 'The fields that changed between two versions of an item',
      querystring: Type.Object({ from: Uuid, to: Uuid }, { additionalProperties: false }),
      response: { 200: Type.Object({ from: VersionView, to: VersionView, changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })) }), 400: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => {
    const d = await diffVersions(request.ctx, request.query.from, request.query.to);
    const { item } = await getVersion(request.ctx, d.from.id);
    return { from: view(item, d.from), to: view(item, d.to), changes: d.changes };
  });

  // ------------------------------------------------------------ management

  app.get('/catalog/manage/items', {
    schema: {
      tags: ['catalog'],
      summary: 'Items with their published and open versions (catalog managers)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), dept: Type.Optional(DeptKey), status: Type.Optional(Type.Enum(['open', 'inReview'] as const)), ...Page }, { additionalProperties: false }),
      response: {
        200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Object({ code: Type.String(), deptKey: Type.String(), name: Type.String(), nameEn: Type.String(), published: Type.Union([Type.Integer(), Type.Null()]), open: Type.Union([Type.Object({ id: Uuid, number: Type.Integer(), status: Type.Enum(itemStatuses) }), Type.Null()]), updatedAt: DateTime })) }),
        ...Errors,
      },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request) => listManagedItems(request.ctx, request.query));

  app.post('/catalog/items', {
    schema: {
      tags: ['catalog'],
      summary: 'Create an item with its first draft',
      body: Type.Object({ code: ItemCode, deptKey: DeptKey, changeNote: Type.Optional(Type.String({ maxLength: 500 })), content: VersionContentSchema }, { additionalProperties: false }),
      response: { 201: VersionView, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => {
    const v = await createItem(request.ctx, request.body);
    return reply.status(201).send(view({ code: request.body.code, deptKey: request.body.deptKey }, v));
  });

  app.post('/catalog/items/:code/drafts', {
    schema: {
      tags: ['catalog'],
      summary: 'Open a new draft of an item',
      description: 'Copies the latest version; the published one stays in force until the draft is approved.',
      params: Type.Object({ code: ItemCode }),
      body: Type.Object({ changeNote: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
      response: { 201: VersionView, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => {
    const v = await createDraft(request.ctx, request.params.code, request.body.changeNote);
    const { item } = await getVersion(request.ctx, v.id);
    return reply.status(201).send(view(item, v));
  });

  app.patch('/catalog/versions/:id', {
    schema: {
      tags: ['catalog'],
      summary: 'Edit a draft',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: INT4_MAX }), changeNote: Type.Optional(Type.String({ maxLength: 500 })), ...Type.Partial(VersionContentSchema).properties }, { additionalProperties: false }),
      response: { 200: VersionView, ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request) => {
    const v = await updateDraft(request.ctx, request.params.id, request.body as never);
    const { item } = await getVersion(request.ctx, v.id);
    return view(item, v);
  });

  app.delete('/catalog/versions/:id', {
    schema: { tags: ['catalog'], summary: 'Discard a draft', params: Type.Object({ id: Uuid }), response: { 204: Type.Null(), ...Errors } },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => {
    await deleteDraft(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  for (const action of ['submit', 'approve', 'reject', 'retire'] as const) {
    app.post(`/catalog/versions/:id/${action}`, {
      schema: {
        tags: ['catalog'],
        summary: { submit: 'Submit a draft for review', approve: 'Approve and publish a version', reject: 'Send a version back to draft', retire: 'Withdraw a published item' }[action],
        description: action === 'approve' ? 'Publishing retires the version it supersedes; the submitter cannot approve their own version (four eyes).' : undefined,
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: INT4_MAX }), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: VersionView, ...Errors },
      },
      preHandler: gate.role('catalogManager'),
    }, async (request) => {
      const v = await transitionVersion(request.ctx, request.params.id, action, request.body);
      const { item } = await getVersion(request.ctx, v.id);
      return view(item, v);
    });
  }

  app.post('/catalog/import', {
    schema: {
      tags: ['catalog'],
      summary: 'Import items as drafts (JSON or CSV)',
      description: 'Send a JSON array of item records (the export format) or CSV text (`text/csv`, columns as in the CSV export). Every row is checked on its own: the report lists each row\'s outcome and errors; invalid rows change nothing. `dryRun=true` only checks.',
      querystring: Type.Object({ dryRun: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      body: {
        content: {
          'application/json': { schema: Type.Array(Type.Unknown(), { maxItems: 10_000, description: 'Item records as in the JSON export' }) },
          'text/csv': { schema: Type.String({ maxLength: 20_000_000, description: 'Rows as in the CSV export' }) },
        },
      } as unknown as ReturnType<typeof Type.Unknown>,
      response: {
        200: Type.Object({ applied: Type.Integer(), rows: Type.Array(Type.Object({ row: Type.Integer(), code: Type.Union([Type.String(), Type.Null()]), outcome: Type.Enum(['created', 'drafted', 'updated', 'invalid', 'rejected'] as const), errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })) })) }),
        ...Errors,
      },
    },
    bodyLimit: 20 * 1024 * 1024,
    preHandler: gate.role('catalogManager'),
  }, async (request) => {
    const rows = typeof request.body === 'string' ? parseCsv(request.body) : (request.body as unknown[]);
    return importRecords(request.ctx, rows, { dryRun: request.query.dryRun });
  });

  app.get('/catalog/export', {
    schema: {
      tags: ['catalog'],
      summary: 'Export the published catalog (JSON or CSV)',
      querystring: Type.Object({ format: Type.Enum(['json', 'csv'] as const, { default: 'json' }) }, { additionalProperties: false }),
      response: { 200: Type.Unknown(), 400: ProblemSchema },
    },
  }, async (request, reply) => {
    const records = await exportRecords(request.ctx);
    if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="onetrip-catalog.csv"').send(`\uFEFF${toCsv(records)}`);
    return reply.header('content-disposition', 'attachment; filename="onetrip-catalog.json"').send(records);
  });

  app.get('/catalog/implementations', {
    schema: {
      tags: ['catalog'],
      summary: 'Implementation lists in an organisation\'s subtree, with drift from the catalog',
      querystring: Type.Object({ org: Type.String({ maxLength: 40 }), driftOnly: Type.Optional(Type.Boolean()), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), drifting: Type.Integer(), items: Type.Array(ImplementationView) }), ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request) => listImplementations(request.ctx, request.query));

  app.post('/catalog/implementations', {
    schema: {
      tags: ['catalog'],
      summary: 'Publish that an organisation carries out an item',
      body: Type.Object({
        itemCode: ItemCode, orgId: Uuid, promisedLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), siteIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
        phone: Type.Optional(Type.String({ maxLength: 40 })), hours: Type.Optional(Type.String({ maxLength: 200 })), hoursEn: Type.Optional(Type.String({ maxLength: 300 })), feeNote: Type.Optional(Type.String({ maxLength: 500 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Uuid, version: Type.Integer() }), ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request, reply) => {
    const row = await createImplementation(request.ctx, request.body);
    return reply.status(201).send({ id: row.id, version: row.version });
  });

  app.patch('/catalog/implementations/:id', {
    schema: {
      tags: ['catalog'],
      summary: 'Edit an organisation\'s local details of an item',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        version: Type.Integer({ minimum: 1, maximum: INT4_MAX }), promisedLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), siteIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
        phone: Type.Optional(Type.String({ maxLength: 40 })), hours: Type.Optional(Type.String({ maxLength: 200 })), hoursEn: Type.Optional(Type.String({ maxLength: 300 })), feeNote: Type.Optional(Type.String({ maxLength: 500 })), active: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Uuid, version: Type.Integer() }), ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request) => {
    const row = await updateImplementation(request.ctx, request.params.id, request.body);
    return { id: row.id, version: row.version };
  });

  app.post('/catalog/implementations/sync', {
    schema: {
      tags: ['catalog'],
      summary: 'Align an organisation subtree\'s implementations with the catalog',
      body: Type.Object({ org: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ changed: Type.Integer() }), ...Errors },
    },
    preHandler: gate.role('catalogManager', 'admin'),
  }, async (request) => ({ changed: await syncImplementations(request.ctx, request.body.org) }));

  app.post('/catalog/one-trip/batches', {
    schema: {
      tags: ['catalog'],
      summary: 'Open the next batch of the "at most one trip" list',
      body: Type.Object({ title: Type.String({ minLength: 1, maxLength: 100 }), titleEn: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ number: Type.Integer(), title: Type.String(), titleEn: Type.String() }), ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => reply.status(201).send(await createOneTripBatch(request.ctx, request.body)));

  app.put('/catalog/one-trip/batches/:number/items', {
    schema: {
      tags: ['catalog'],
      summary: 'Set the items of an unpublished batch',
      params: Type.Object({ number: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }),
      body: Type.Object({ codes: Type.Array(ItemCode, { maxItems: 5000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Integer() }), ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request) => ({ items: await setOneTripEntries(request.ctx, request.params.number, request.body.codes) }));

  app.post('/catalog/one-trip/batches/:number/publish', {
    schema: {
      tags: ['catalog'],
      summary: 'Publish a batch of the "at most one trip" list',
      params: Type.Object({ number: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }),
      body: Type.Object({ publishedOn: IsoDate }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...Errors },
    },
    preHandler: gate.role('catalogManager'),
  }, async (request, reply) => {
    await publishOneTripBatch(request.ctx, request.params.number, request.body.publishedOn);
    return reply.status(204).send(null);
  });
};

/** The origin users reach the server at, for links printed on paper (QR codes). */
function publicOrigin(request: FastifyRequest): string {
  return request.server.platform.config.publicUrl ?? `${request.protocol}://${request.host}`;
}
