import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database handle; the same type whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: what every service passes to its queries. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either a whole database or a transaction: for queries that may run in both. */
export type Queryable = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

/** One database session, for what must stay on a single connection (session-level advisory locks). */
export interface Connection {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /** Applies the committed migrations that have not run yet; safe to call from several processes. */
  migrate(): Promise<void>;
  /**
   * Runs `fn` on one dedicated session: a client taken from the pool for the duration on PostgreSQL,
   * the single session on PGlite (shared with `db`: there, never call it inside a `db.transaction`).
   */
  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// One advisory-lock key for migrations, so that processes starting together migrate one at a time.
const MIGRATION_LOCK = 7_140_001;

export interface OpenOptions {
  /** A postgres:// URL; without it the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; `undefined` keeps it in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

/** Opens the embedded PGlite database or a PostgreSQL server pool. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  return wrapPglite(await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {}));
}

/** Wraps an open PGlite instance (tests clone a migrated one). */
export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    withConnection: (fn) => fn({ query: (text, params) => client.query(text, params) }),
    close: () => client.close(),
  };
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async withConnection(fn) {
      const client = await pool.connect();
      let failed = false;
      try {
        return await fn({ query: async <R>(text: string, params?: unknown[]) => client.query(text, params) as unknown as Promise<{ rows: R[] }> });
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        // After a failure the session may still hold locks or be mid-transaction: close it rather than reuse it.
        client.release(failed);
      }
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and returns its rows, on either engine. */
export async function rows<T>(q: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
