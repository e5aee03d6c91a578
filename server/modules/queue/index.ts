import fp from 'fastify-plugin';
import { queueRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(queueRoutes, { prefix: '/api/v1' });
  },
  { name: 'queue', dependencies: ['platform', 'orgs', 'catalog'] },
);

export { queueStats, type QueueStats, type WaitStats } from './service.js';
