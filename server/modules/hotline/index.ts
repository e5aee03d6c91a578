import fp from 'fastify-plugin';
import { registerFileAccess } from '../../platform/files.js';
import { registerJobs } from '../../platform/jobs.js';
import { hotlineWarningsJob } from './jobs.js';
import { open311Routes } from './open311.js';
import { hotlineRoutes } from './routes.js';
import { ticketFileAccess } from './service.js';

// The 12345 hotline: tickets under /api/v1/hotline, Open311 GeoReport v2 under /open311.
export default fp(
  async (app) => {
    await app.register(hotlineRoutes, { prefix: '/api/v1' });
    // Not wrapped in fastify-plugin: its error and not-found handlers answer in the Open311 format, under /open311 only.
    await app.register(open311Routes, { prefix: '/open311' });
    registerJobs(hotlineWarningsJob);
    registerFileAccess(ticketFileAccess);
  },
  { name: 'hotline', dependencies: ['platform', 'orgs', 'catalog', 'cases'] },
);

// What electronic supervision reads (it may import the hotline; the hotline never imports it).
export { hotlineKpisOf } from './kpis.js';
export { hotlineKpiDefinitions, type HotlineKpiDefinition, type HotlineKpiValue } from './rules.js';
// The demo seed.
export { importHotlineSeed, seedHotlineDemo, type HotlineSeed } from './seed.js';
