import { eq, sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';
import { preparedQuery } from './prepared.js';

// A catalog table every database has, so no migration is needed.
const namespaces = pgSchema('pg_catalog').table('pg_namespace', { name: text('nspname') });
const byName = preparedQuery('onetrip_test_namespace', (q) => q.select().from(namespaces).where(eq(namespaces.name, sql.placeholder('name'))));

const opened: Database[] = [];
const open = async (databaseUrl?: string) => {
  const d = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 2 } : {});
  opened.push(d);
  return d;
};
afterAll(() => Promise.all(opened.map((d) => d.close())));

describe('a prepared statement', () => {
  it('runs on every database and transaction handle it is given, whichever driver built it first', async () => {
    // On the PostgreSQL run, one process holds both drivers (as the benchmark and backup do).
    const first = await open();
    const second = await open(process.env.TEST_DB === 'postgres' ? process.env.TEST_DATABASE_URL : undefined);
    expect(await byName(first.db, { name: 'public' })).toEqual([{ name: 'public' }]);
    expect(await byName(second.db, { name: 'pg_catalog' })).toEqual([{ name: 'pg_catalog' }]);
    expect(await second.db.transaction((tx) => byName(tx, { name: 'public' }))).toEqual([{ name: 'public' }]);
    expect(await byName(first.db, { name: 'nothing' })).toEqual([]);
  });
});
