import fp from 'fastify-plugin';
import { proofItemRoutes } from './proof-items-routes.js';
import { catalogRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(catalogRoutes, { prefix: '/api/v1' });
    await app.register(proofItemRoutes, { prefix: '/api/v1' });
  },
  { name: 'catalog', dependencies: ['platform', 'orgs'] },
);

export { getPublishedItem, getVersion, implementationFor, searchItems, type ImplementationContext } from './service.js';
export { importCatalogSeed } from './seed.js';
export type { CatalogSeedFile } from './seed-format.js';
export type { ItemVersionRow, ServiceItemRow } from './schema.js';
export { catalogStats, type CatalogStats } from './service.js';
// Proof items (证明事项): the seed list, and which materials are proof items (cases check a commitment against it).
export { importProofItemSeed } from './proof-items.js';
export { proofItemsOfMaterials, type MaterialProofItem } from './service.js';
export type { ProofItemSeed } from './contract.js';
export type { ProofItemRow } from './schema.js';
