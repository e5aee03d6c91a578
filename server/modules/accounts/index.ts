import fp from 'fastify-plugin';
import { accountRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(accountRoutes, { prefix: '/api/v1' });
  },
  { name: 'accounts', dependencies: ['platform', 'orgs'] },
);
