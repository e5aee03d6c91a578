import fp from 'fastify-plugin';
import { sharingRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(sharingRoutes, { prefix: '/api/v1' });
  },
  { name: 'sharing', dependencies: ['platform', 'orgs'] },
);

// The contract with the case engine (R1.3): shared data replacing a material, read for the case's intake organisation.
export { lookupForCase, type SharedRecord } from './query.js';
export { importSharingSeed, type SharingSeedSubject } from './seed.js';
