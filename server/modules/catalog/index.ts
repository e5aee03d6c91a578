import fp from 'fastify-plugin';
import { catalogRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(catalogRoutes, { prefix: '/api/v1' });
  },
  { name: 'catalog', dependencies: ['platform', 'orgs'] },
);

export { getPublishedItem, getVersion, implementationFor, searchItems, type ImplementationContext } from './service.js';
export { importCatalogSeed } from './seed.js';
export type { CatalogSeedFile } from './seed-format.js';
export type { ItemVersionRow, ServiceItemRow } from './schema.js';
export { catalogStats, type CatalogStats } from './service.js';
