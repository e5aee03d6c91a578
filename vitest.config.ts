import { defineConfig } from 'vitest/config';

// Pure tests need no database. Integration tests build the real app on a fresh database per file:
// always on the embedded PGlite, and once more on PostgreSQL when TEST_DATABASE_URL is set (CI).
const pure = ['common/**/*.test.ts', 'server/**/rules.test.ts', 'server/**/search.test.ts', 'server/platform/calendar-source.test.ts', 'scripts/**/*.test.ts'];
const integration = { include: ['server/**/*.test.ts'], exclude: pure };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true as const, test: { name: 'unit', include: pure } },
      { extends: true as const, test: { name: 'pglite', ...integration, env: { TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        // The history generator's determinism test opens its own embedded databases: once is enough.
        ? [{ extends: true as const, test: { name: 'postgres', ...integration, exclude: [...pure, 'server/modules/supervision/generate.test.ts'], env: { TEST_DB: 'postgres' }, globalSetup: ['server/test/postgres-setup.ts'] } }]
        : []),
    ],
  },
});
