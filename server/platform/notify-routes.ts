import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { gate } from './access.js';
import { ProblemSchema } from './errors.js';
import { listNotifications } from './notify.js';
import { notificationChannels, notificationStatuses } from './schema.js';
import { DateTime, Uuid } from './schemas.js';


const NotificationView = Type.Object({
  id: Uuid,
  userId: Uuid,
  channel: Type.Enum(notificationChannels),
  recipient: Type.String({ description: 'The mobile number or e-mail address; masked unless it is the reader\'s own' }),
  template: Type.String({ description: 'Template key, e.g. `case.submitted`' }),
  body: Type.String({ description: 'The text as sent (zh-CN)' }),
  status: Type.Enum(notificationStatuses, { description: '`pending` also while waiting for a retry; `failed` once given up' }),
  attempts: Type.Integer(),
  createdAt: DateTime,
  sentAt: Type.Union([DateTime, Type.Null()]),
});

/** The messages (SMS and e-mail) sent to the signed-in user. */
export const notifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'List notifications sent to me',
      description: 'SMS and e-mail messages about one\'s applications, newest first. Administrators may pass `userId` to read those of a staff account in their subtree (404 outside it), or omit it to read all of their subtree\'s staff.',
      querystring: Type.Object({
        userId: Type.Optional(Uuid),
        page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
        pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(NotificationView), total: Type.Integer() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
    },
    preHandler: gate.user,
  }, async (request) => listNotifications(request.ctx, request.query));
};
