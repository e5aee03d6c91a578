import fp from 'fastify-plugin';
import { orgRoutes } from './routes.js';

export default fp(
  async (app) => {
    await app.register(orgRoutes, { prefix: '/api/v1' });
  },
  { name: 'orgs', dependencies: ['platform'] },
);

export { departmentAbove, findOrg, findOrgsByIds, findWindowSite, getSite, governmentPath, listOrgs, listSites } from './service.js';
export { findWindowPlace, isAssignedToWindow, listStaffWindows, type WindowPlace } from './service.js';
export type { SiteRow, WindowRow } from './schema.js';
export { importOrgData, type OrgData } from './seed.js';
export { OrgView } from './routes.js';
export type { OrgRow } from './schema.js';
