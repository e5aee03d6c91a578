import { existsSync, fsyncSync, mkdirSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { type sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database handle; the same type whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: what every service passes to its queries. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either a whole database or a transaction: for queries that may run in both. */
export type Queryable = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * What an acknowledged commit survives. `fsync`: a power cut (it is on disk before the answer);
 * `os-cache`: the process dying, not the machine (PGlite with ONETRIP_DB_FSYNC=0, or a PostgreSQL
 * server with fsync off); `async-commit`: not even the server crashing (PostgreSQL with
 * synchronous_commit off); `memory`: nothing (an in-memory database, tests only).
 */
export type Durability = 'fsync' | 'os-cache' | 'async-commit' | 'memory';
export const durabilities = ['fsync', 'os-cache', 'async-commit', 'memory'] as const satisfies readonly Durability[];

/** One database session, for what must stay on a single connection (session-level advisory locks). */
export interface Connection {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /**
   * Applies the committed migrations that have not run yet; safe to call from several processes.
   * `migrationsFolder` applies another folder's (a restore migrates to a backup's level first).
   */
  migrate(options?: { migrationsFolder?: string }): Promise<void>;
  /** What an acknowledged commit survives (the embedded database's setting, or the PostgreSQL server's). */
  durability(): Promise<Durability>;
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
  /**
   * Embedded database on disk only: flush every commit to the disk before it is acknowledged, so
   * that it survives a power cut (default). Off, a commit survives the process dying but not the
   * machine, and writes are faster.
   */
  fsync?: boolean;
}

/** Opens the embedded PGlite database or a PostgreSQL server pool. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (!options.dataDir) return wrapPglite(await PGlite.create(), 'memory');
  return openPgliteDir(options.dataDir, options.fsync ?? true);
}

// PGlite starts PostgreSQL with `-F` (fsync off), and even with fsync on its Node file system
// (Emscripten's NODEFS) makes fsync() a no-op and fdatasync() too. So: start without `-F`, flush
// the WAL with fsync() (wal_sync_method=fsync; fdatasync cannot be fixed from outside), and give
// NODEFS a real fsync. Verified with strace: one fsync(2) per commit, none without this.
const durableStartParams = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'wal_sync_method=fsync', '-c', 'full_page_writes=on',
];

interface NodeFsModule {
  NODEFS: { stream_ops: Record<string, unknown>; tryFSOperation?: <T>(f: () => T) => T };
}

type EmscriptenOpts = Parameters<NodeFS['init']>[1];

/** NODEFS with fsync(): PostgreSQL's flushes reach the disk. */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: EmscriptenOpts) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const giveFsync = (mod: unknown) => {
      const nodefs = (mod as NodeFsModule).NODEFS;
      // An fsync that fails must fail PostgreSQL's call (it then stops rather than lose data): NODEFS turns the Node error into an errno.
      const guard = nodefs.tryFSOperation?.bind(nodefs) ?? (<T>(f: () => T) => f());
      nodefs.stream_ops.fsync = (stream: { nfd?: number }) => {
        if (typeof stream.nfd === 'number') guard(() => fsyncSync(stream.nfd!));
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), giveFsync] } };
  }
}

/** Flushes every file and directory under `dir` (and `dir`'s entry in its parent) to the disk, many at a time. */
async function fsyncTree(dir: string): Promise<void> {
  const files: string[] = [];
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) files.push(p);
    }
    dirs.push(d);
  };
  walk(dir);
  const flush = async (p: string) => {
    const handle = await open(p, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  const queue = [...files];
  await Promise.all(Array.from({ length: 32 }, async () => {
    for (let p = queue.pop(); p !== undefined; p = queue.pop()) await flush(p);
  }));
  for (const d of [...dirs, path.dirname(dir)]) await flush(d);
}

async function openPgliteDir(dataDir: string, fsync: boolean): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
    const client = fsync
      ? await PGlite.create({ fs: new DurableNodeFS(dataDir), startParams: durableStartParams, relaxedDurability: false })
      : await PGlite.create({ dataDir });
    // A new cluster is unpacked from a tarball without a single fsync: flush it once.
    if (fsync && fresh) await fsyncTree(dataDir);
    const database = wrapPglite(client, fsync ? 'fsync' : 'os-cache');
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Wraps an open PGlite instance (tests clone a migrated one); `durability` is what its storage gives. */
export function wrapPglite(client: PGlite, durability: Durability = 'memory'): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: (options) => migratePglite(db as never, { migrationsFolder: options?.migrationsFolder ?? migrationsFolder }),
    durability: async () => durability,
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
    async migrate(options) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder: options?.migrationsFolder ?? migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async durability() {
      const { rows: [s] } = await pool.query<{ fsync: string; commit: string }>("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit");
      if (s?.fsync !== 'on') return 'os-cache';
      return s.commit === 'off' ? 'async-commit' : 'fsync';
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
