import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { accountKinds, orgKinds, orgLevels, roles, staffRoles } from '../../../common/enums.js';
import { gate } from '../../platform/access.js';
import { hashToken, login, LOCKOUT, logout, type LoginResult } from '../../platform/auth.js';
import { ProblemSchema } from '../../platform/errors.js';
import { Errors, INT4_MAX, Uuid } from '../../platform/schemas.js';
import { SESSION_COOKIE } from '../../platform/plugin.js';
import { changeOwnPassword, createStaff, getMe, listUsers, registerApplicant, resetStaffPassword, updateStaff } from './service.js';

const Password = Type.String({ minLength: 1, maxLength: 256 });
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'Mainland mobile number' });

const OrgBrief = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), shortName: Type.String(), nameEn: Type.String(), level: Type.Enum(orgLevels), kind: Type.Enum(orgKinds) });

const MeView = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  kind: Type.Enum(accountKinds),
  roles: Type.Array(Type.Enum(roles)),
  org: Type.Union([OrgBrief, Type.Null()]),
  residentId: Type.Union([Type.String(), Type.Null()]),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});

const UserListItem = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  kind: Type.Enum(accountKinds),
  roles: Type.Array(Type.Enum(roles)),
  orgId: Type.Union([Uuid, Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  orgNameEn: Type.Union([Type.String(), Type.Null()]),
  residentId: Type.Union([Type.String(), Type.Null()], { description: 'Masked' }),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'Masked' }),
  active: Type.Boolean(),
  locked: Type.Boolean({ description: 'Locked after too many failed sign-ins' }),
  version: Type.Integer(),
});

const StaffRole = Type.Enum(staffRoles);

/** Sign-in, the applicant's registration, and the administration of staff accounts. */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.platform;

  const setSession = (reply: FastifyReply, session: LoginResult) =>
    reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires: session.expiresAt });

  app.post('/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in',
      description: `Sets the HTTP-only session cookie \`${SESSION_COOKIE}\`. ${LOCKOUT.attempts} wrong passwords in a row lock the account for ${LOCKOUT.minutes} minutes; each address may try ${config.loginAttemptsPerMinute} times a minute.`,
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Password }, { additionalProperties: false }),
      response: { 200: MeView, 400: ProblemSchema, 401: ProblemSchema, 423: ProblemSchema, 429: ProblemSchema },
    },
    config: { rateLimit: { max: config.loginAttemptsPerMinute, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const session = await login(request.ctx, request.body.username, request.body.password, config.sessionTtlHours);
    setSession(reply, session);
    return getMe({ ...request.ctx, actor: session.actor });
  });

  app.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out', description: 'Ends the session on the server and clears the cookie.', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(request.ctx.db, token);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null);
  });

  app.get('/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in account, its roles and organisation', response: { 200: MeView, 401: ProblemSchema } },
    preHandler: gate.user,
  }, async (request) => getMe(request.ctx));

  app.post('/auth/register', {
    schema: {
      tags: ['auth'],
      summary: 'Register as an applicant',
      description: 'Persons register with their resident ID (GB 11643), companies with their unified social credit code (GB 32100); check characters are verified. Signs the new applicant in.',
      body: Type.Object({
        kind: Type.Enum(['person', 'company'] as const),
        idNumber: Type.String({ minLength: 18, maxLength: 18 }),
        displayName: Type.String({ minLength: 1, maxLength: 100 }),
        phone: Phone,
        password: Password,
        username: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 201: MeView, ...Errors },
    },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const session = await registerApplicant(request.ctx, request.body, config.sessionTtlHours);
    setSession(reply, session);
    return reply.status(201).send(await getMe({ ...request.ctx, actor: session.actor }));
  });

  app.post('/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change your password',
      description: 'Ends every other session of the account.',
      body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
      response: { 204: Type.Null(), 400: ProblemSchema, 401: ProblemSchema },
    },
    preHandler: gate.user,
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    await changeOwnPassword(request.ctx, request.body.currentPassword, request.body.newPassword, token ? hashToken(token) : undefined);
    return reply.status(204).send(null);
  });

  app.get('/users', {
    schema: {
      tags: ['accounts'],
      summary: 'List staff accounts',
      description: 'Administrators see the staff of their own subtree; ID numbers and phones are masked.',
      querystring: Type.Object({
        org: Type.Optional(Uuid),
        role: Type.Optional(StaffRole),
        q: Type.Optional(Type.String({ maxLength: 50 })),
        page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(UserListItem), total: Type.Integer() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
    },
    preHandler: gate.role('admin'),
  }, async (request) => listUsers(request.ctx, { ...request.query, orgId: request.query.org }));

  app.post('/users', {
    schema: {
      tags: ['accounts'],
      summary: 'Create a staff account',
      body: Type.Object({
        username: Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' }),
        displayName: Type.String({ minLength: 1, maxLength: 100 }),
        password: Password,
        orgId: Uuid,
        roles: Type.Array(StaffRole, { minItems: 1, maxItems: 8, uniqueItems: true }),
        phone: Type.Optional(Phone),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 201: UserListItem, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request, reply) => reply.status(201).send(await createStaff(request.ctx, request.body)));

  app.patch('/users/:id', {
    schema: {
      tags: ['accounts'],
      summary: 'Edit a staff account',
      description: 'Changing roles or organisation, or deactivating, ends the account\'s sessions. `unlock` lifts a sign-in lock.',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        version: Type.Integer({ minimum: 1, maximum: INT4_MAX }),
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        roles: Type.Optional(Type.Array(StaffRole, { minItems: 1, maxItems: 8, uniqueItems: true })),
        orgId: Type.Optional(Uuid),
        active: Type.Optional(Type.Boolean()),
        phone: Type.Optional(Type.Union([Phone, Type.Null()])),
        email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
        unlock: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: UserListItem, ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request) => updateStaff(request.ctx, request.params.id, request.body));

  app.post('/users/:id/password', {
    schema: {
      tags: ['accounts'],
      summary: 'Set a new password for a staff account',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ password: Password }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...Errors },
    },
    preHandler: gate.role('admin'),
  }, async (request, reply) => {
    await resetStaffPassword(request.ctx, request.params.id, request.body.password);
    return reply.status(204).send(null);
  });
};
