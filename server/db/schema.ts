// Every module's tables, for drizzle-kit and the typed query builder.
export * from '../platform/schema.js';
export * from '../modules/orgs/schema.js';
export * from '../modules/catalog/schema.js';
export * from '../modules/certificates/schema.js';
export * from '../modules/sharing/schema.js';
export * from '../modules/cases/schema.js';
export * from '../modules/queue/schema.js';
export * from '../modules/supervision/schema.js';
export * from '../modules/hotline/schema.js';
