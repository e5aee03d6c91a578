import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, wrapPglite, type Database, type Db } from '../db/client.js';
import { hashToken } from '../platform/auth.js';
import { ManualClock } from '../platform/clock.js';
import { sessions } from '../platform/schema.js';

/** Which engine the integration tests run on: PGlite always; PostgreSQL when the `postgres` project sets TEST_DB. */
export const testEngine = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const TEMPLATE_DB = 'onetrip_test_template';

let pgliteTemplate: Promise<PGlite> | undefined;

/** A fresh, migrated database: a clone of one migrated PGlite per test file, or a copy of the migrated template on PostgreSQL. */
export async function freshDatabase(): Promise<Database> {
  if (testEngine === 'pglite') {
    pgliteTemplate ??= (async () => {
      const template = await PGlite.create();
      await wrapPglite(template).migrate();
      return template;
    })();
    return wrapPglite((await (await pgliteTemplate).clone()) as PGlite);
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `onetrip_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestUser {
  id: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: Database;
  clock: ManualClock;
  config: Config;
  /** Sends a request as `user` (a session is opened for them directly), or anonymously with `null`. */
  injectAs(user: TestUser | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** The session cookie header for `user`. */
  cookieFor(user: TestUser): Promise<string>;
  close(): Promise<void>;
}

/** The real app on a fresh database, with a manual clock (2026-03-02, a Monday, 10:00 in Shanghai) and logs captured. */
export async function buildTestApp(options: { now?: string; config?: Partial<Config>; clock?: null } = {}): Promise<TestApp & { logs: string[] }> {
  const database = await freshDatabase();
  const clock = new ManualClock(options.now ?? '2026-03-02T02:00:00Z');
  const logs: string[] = [];
  // A fixed master key: tests never write a key file.
  const config = loadConfig({}, { logLevel: 'info', masterKey: Buffer.alloc(32, 7).toString('base64'), ...options.config });
  const logStream = { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream;
  // `clock: null` lets the app choose its own (the training clock, say).
  const app = await buildApp({ config, database, ...(options.clock === null ? {} : { clock }), serveWeb: false, logStream });
  await app.ready();
  const cookies = new Map<string, string>();
  const cookieFor = async (user: TestUser) => {
    let token = cookies.get(user.id);
    if (!token) {
      token = randomBytes(24).toString('base64url');
      await database.db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, createdAt: clock.now(), expiresAt: new Date('2100-01-01T00:00:00Z') }); // tests move the clock by days
      cookies.set(user.id, token);
    }
    return `onetrip_session=${token}`;
  };
  return {
    app,
    db: database.db,
    database,
    clock,
    config,
    logs,
    cookieFor,
    async injectAs(user, opts) {
      const headers = { ...(opts.headers ?? {}), ...(user ? { cookie: await cookieFor(user) } : {}) };
      return app.inject({ ...opts, headers });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
