import fp from 'fastify-plugin';
import { registerFileAccess } from '../../platform/files.js';
import { registerJobs } from '../../platform/jobs.js';
import { deemAcceptJob, pendingCommitmentsJob } from './jobs.js';
import { caseRoutes } from './routes.js';
import { caseFileAccess } from './service.js';

export default fp(
  async (app) => {
    await app.register(caseRoutes, { prefix: '/api/v1' });
    registerJobs(deemAcceptJob, pendingCommitmentsJob);
    registerFileAccess(caseFileAccess);
  },
  { name: 'cases', dependencies: ['platform', 'orgs', 'catalog', 'certificates', 'sharing'] },
);

export { getCase, listCases } from './service.js';
export type { CaseRow } from './schema.js';
// What electronic supervision reuses: the clock and warning rules, never copied.
export { computeClock, isBadRating, listWarning, workingDaysLeft, type CaseClock, type ClockEvent } from './rules.js';
