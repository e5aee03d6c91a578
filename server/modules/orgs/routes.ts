import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { orgKinds, orgLevels, siteKinds, windowCategories } from '../../../common/enums.js';
import { gate } from '../../platform/access.js';
import { Problem, ProblemSchema } from '../../platform/errors.js';
import { Errors, Text, Uuid, Version } from '../../platform/schemas.js';
import { assignWindowStaff, createOrg, createSite, createWindow, findOrg, getSite, listOrgs, listSites, listStaffWindows, updateOrg, updateSite, updateWindow } from './service.js';


export const OrgView = Type.Object({
  id: Uuid,
  code: Type.String(),
  parentId: Type.Union([Uuid, Type.Null()]),
  path: Type.String({ description: 'Ids from the root to this organisation, "/id/…/id/"' }),
  name: Type.String(),
  shortName: Type.String(),
  nameEn: Type.String(),
  kind: Type.Enum(orgKinds),
  level: Type.Enum(orgLevels),
  regionCode: Type.String({ description: 'GB/T 2260 code of the county or prefecture it belongs to' }),
  deptKey: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type OrgView = Static<typeof OrgView>;

const SiteFields = {
  name: Text(100),
  nameEn: Text(200),
  address: Text(200),
  addressEn: Type.Optional(Type.String({ maxLength: 300 })),
  hours: Text(200),
  hoursEn: Type.Optional(Type.String({ maxLength: 300 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  signage: Text(100, { description: 'The text of the unified signboard' }),
  zones: Type.Array(Text(50), { maxItems: 30, description: 'Functional zones (咨询导办区, 综合受理区, …)' }),
  equipment: Type.Array(Text(50), { maxItems: 50 }),
};

const SiteView = Type.Object({
  id: Uuid,
  code: Type.String(),
  orgId: Uuid,
  orgCode: Type.String(),
  orgName: Type.String(),
  orgNameEn: Type.String(),
  kind: Type.Enum(siteKinds),
  level: Type.Enum(orgLevels),
  name: Type.String(),
  nameEn: Type.String(),
  address: Type.String(),
  addressEn: Type.String(),
  hours: Type.String(),
  hoursEn: Type.String(),
  phone: Type.String(),
  signage: Type.String(),
  zones: Type.Array(Type.String()),
  equipment: Type.Array(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  windowCount: Type.Integer(),
});

const StaffMember = Type.Object({ id: Uuid, displayName: Type.String(), username: Type.String() });

const WindowView = Type.Object({
  id: Uuid,
  code: Type.String(),
  siteId: Uuid,
  number: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  category: Type.Enum(windowCategories),
  departmentId: Type.Union([Uuid, Type.Null()]),
  departmentName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  departmentNameEn: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  active: Type.Boolean(),
  version: Type.Integer(),
  staff: Type.Optional(Type.Array(StaffMember, { description: 'Only for staff within the site\'s organisation' })),
});

const SiteDetailView = Type.Intersect([SiteView, Type.Object({ windows: Type.Array(WindowView), canManage: Type.Boolean() })]);


/** Organisations, service sites, windows and window staff (R1.1, R1.5). */
export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/orgs', {
    schema: {
      tags: ['orgs'],
      summary: 'List organisations',
      description: 'The public organisation tree in path order (parents before children).',
      querystring: Type.Object({
        parent: Type.Optional(Uuid),
        within: Type.Optional(Type.String({ maxLength: 40, description: 'Id or code of a subtree root' })),
        level: Type.Optional(Type.Enum(orgLevels)),
        kind: Type.Optional(Type.Enum(orgKinds)),
        q: Type.Optional(Type.String({ maxLength: 50 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Array(OrgView), 400: ProblemSchema },
    },
  }, async (request) => {
    const { parent, ...rest } = request.query;
    return listOrgs(request.ctx.db, { ...rest, parentId: parent });
  });

  app.get('/orgs/:id', {
    schema: { tags: ['orgs'], summary: 'One organisation by id or code', params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 200: OrgView, 404: ProblemSchema } },
  }, async (request) => {
    const org = await findOrg(request.ctx.db, request.params.id);
    if (!org) throw new Problem('not_found');
    return org;
  });

  app.post('/orgs', {
    schema: {
      tags: ['orgs'],
      summary: 'Add an organisation',
      description: 'Administrators add organisations within their own subtree; levels must nest (R1.1).',
      body: Type.Object({
        code: Type.String({ minLength: 2, maxLength: 40, pattern: '^[0-9A-Za-z-]+$' }),
        parentId: Uuid,
        name: Text(100),
        shortName: Text(50),
        nameEn: Text(200),
        kind: Type.Enum(orgKinds),
        level: Type.Enum(orgLevels),
        regionCode: Type.Optional(Type.String({ pattern: '^[1-8][0-9]{5}$' })),
        deptKey: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z-]+$' })),
      }, { additionalProperties: false }),
      response: { 201: OrgView, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await createOrg(request.ctx, request.body)));

  app.patch('/orgs/:id', {
    schema: {
      tags: ['orgs'],
      summary: 'Rename or (de)activate an organisation',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, name: Type.Optional(Text(100)), shortName: Type.Optional(Text(50)), nameEn: Type.Optional(Text(200)), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: OrgView, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => updateOrg(request.ctx, request.params.id, request.body));

  app.get('/sites', {
    schema: {
      tags: ['orgs'],
      summary: 'List halls and agency points',
      querystring: Type.Object({
        org: Type.Optional(Uuid),
        within: Type.Optional(Type.String({ maxLength: 40, description: 'Id or code of a subtree root' })),
        kind: Type.Optional(Type.Enum(siteKinds)),
        level: Type.Optional(Type.Enum(orgLevels)),
        q: Type.Optional(Type.String({ maxLength: 50 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Array(SiteView), 400: ProblemSchema },
    },
  }, async (request) => {
    const { org, ...rest } = request.query;
    return listSites(request.ctx.db, { ...rest, orgId: org });
  });

  app.get('/sites/:id', {
    schema: { tags: ['orgs'], summary: 'A site with its windows', params: Type.Object({ id: Uuid }), response: { 200: SiteDetailView, 404: ProblemSchema } },
  }, async (request) => getSite(request.ctx, request.params.id));

  app.post('/sites', {
    schema: {
      tags: ['orgs'],
      summary: 'Open a hall or agency point',
      body: Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, pattern: '^[0-9A-Za-z-]+$' }), orgId: Uuid, kind: Type.Enum(siteKinds), ...SiteFields }, { additionalProperties: false }),
      response: { 201: Type.Omit(SiteView, ['orgCode', 'orgName', 'orgNameEn', 'windowCount']), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await createSite(request.ctx, request.body)));

  app.patch('/sites/:id', {
    schema: {
      tags: ['orgs'],
      summary: 'Edit a site',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, ...Type.Partial(Type.Object({ ...SiteFields, active: Type.Boolean() })).properties }, { additionalProperties: false }),
      response: { 200: Type.Omit(SiteView, ['orgCode', 'orgName', 'orgNameEn', 'windowCount']), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => updateSite(request.ctx, request.params.id, request.body));

  const WindowFields = {
    number: Type.String({ minLength: 1, maxLength: 10 }),
    name: Text(100),
    nameEn: Text(200),
    category: Type.Enum(windowCategories),
    departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  };

  app.post('/sites/:id/windows', {
    schema: {
      tags: ['orgs'],
      summary: 'Add a window to a site',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, pattern: '^[0-9A-Za-z-]+$' }), ...WindowFields }, { additionalProperties: false }),
      response: { 201: WindowView, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request, reply) => reply.status(201).send(await createWindow(request.ctx, request.params.id, request.body)));

  app.patch('/windows/:id', {
    schema: {
      tags: ['orgs'],
      summary: 'Edit a window',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Version, number: Type.Optional(WindowFields.number), name: Type.Optional(WindowFields.name), nameEn: Type.Optional(WindowFields.nameEn), category: Type.Optional(WindowFields.category), departmentId: WindowFields.departmentId, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: WindowView, ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => updateWindow(request.ctx, request.params.id, request.body));

  app.get('/windows/mine', {
    schema: {
      tags: ['orgs'],
      summary: 'The windows you are on duty at, with their sites',
      description: 'For the front desk and the queue: a clerk picks the window they sit at (in a hall or at an agency point) among these.',
      response: {
        200: Type.Array(Type.Object({
          id: Uuid, code: Type.String(), number: Type.String(), name: Type.String(), nameEn: Type.String(), category: Type.Enum(windowCategories),
          departmentId: Type.Union([Uuid, Type.Null()]), departmentName: Type.Union([Type.String(), Type.Null()]), departmentNameEn: Type.Union([Type.String(), Type.Null()]),
          site: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.String(), kind: Type.Enum(siteKinds), orgId: Uuid }),
        })),
        401: ProblemSchema,
        403: ProblemSchema,
      },
    },
    preHandler: gate.staff,
  }, async (request) => (await listStaffWindows(request.ctx.db, request.ctx.actor!.id)).map((p) => ({ ...p.window, departmentName: p.departmentName, departmentNameEn: p.departmentNameEn, site: p.site })));

  app.put('/windows/:id/staff', {
    schema: {
      tags: ['orgs'],
      summary: 'Set the staff on duty at a window',
      description: 'Replaces the window\'s staff (R1.5). Each must be active staff of the government that runs the site.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ userIds: Type.Array(Uuid, { maxItems: 50 }) }, { additionalProperties: false }),
      response: { 200: Type.Array(StaffMember), ...Errors },
    },
    preHandler: gate.staff,
  }, async (request) => assignWindowStaff(request.ctx, request.params.id, request.body.userIds));
};
