import fp from 'fastify-plugin';
import { registerJobs } from '../../platform/jobs.js';
import { rollupJob, warningsJob } from './jobs.js';
import { supervisionRoutes } from './routes.js';

// Electronic supervision (电子监察) reads every module; no module reads it (ARCHITECTURE "Which way imports flow").
export default fp(
  async (app) => {
    await app.register(supervisionRoutes, { prefix: '/api/v1' });
    registerJobs(rollupJob, warningsJob);
  },
  { name: 'supervision', dependencies: ['platform', 'orgs', 'catalog', 'cases', 'queue'] },
);

// For the command line (`onetrip generate`) and the benchmark; no module reads supervision.
export { generateHistory, type GenerateOptions, type GenerateReport } from './generate.js';
