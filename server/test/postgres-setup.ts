import pg from 'pg';
import { openDatabase } from '../db/client.js';
import { TEMPLATE_DB } from './build-test-app.js';

/** Vitest global setup for the `postgres` project: one migrated template database that every test file copies. */
export default async function setup(): Promise<() => Promise<void>> {
  const admin = process.env.TEST_DATABASE_URL!;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await run(`CREATE DATABASE ${TEMPLATE_DB}`);
  const url = new URL(admin);
  url.pathname = `/${TEMPLATE_DB}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  await database.migrate();
  await database.close();
  return () => run(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
}
