import fp from 'fastify-plugin';
import { caseRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(caseRoutes, { prefix: '/api/v1' });
  },
  { name: 'cases', dependencies: ['platform', 'orgs', 'catalog', 'certificates'] },
);

export { deemAcceptJob, pendingCommitmentsJob } from './jobs.js';
export { getCase, listCases } from './service.js';
export type { CaseRow } from './schema.js';
