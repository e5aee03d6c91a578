// A PostgreSQL for the benchmark: a fresh database on DATABASE_URL's server, or a throwaway cluster
// started from the local binaries (as the `postgres` user when we are root, as .ci/run does).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchPostgres {
  /** The fresh database the server under test uses. */
  url: string;
  /** A database on the same server to create and drop others from. */
  adminUrl: string;
  /** Where it came from, for the report. */
  source: 'DATABASE_URL' | 'throwaway cluster';
  /** Server version, e.g. "15.14". */
  version: string;
  /** The directory of pgbench and friends, when present. */
  bin: string | undefined;
  /** The throwaway cluster's log (statements are logged there when asked). */
  logFile: string | undefined;
  stop(): Promise<void>;
}

/** The newest local PostgreSQL binaries (Debian's layout), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(root, newest, 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root (PostgreSQL refuses to run as root). */
function runPg(bin: string, args: string[]): void {
  const cmd = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = isRoot() ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { encoding: 'utf8' }) : spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed: ${r.stderr || r.stdout}`);
}

async function serverVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return String((await c.query('SHOW server_version')).rows[0].server_version).split(' ')[0]!;
  } finally {
    await c.end();
  }
}

/** A new database (a copy of `template` when given), and how to drop it. */
export async function createDatabase(adminUrl: string, template?: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `onetrip_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh database: on DATABASE_URL's server when set (its user must be allowed to create databases),
 * otherwise on a throwaway cluster — like .ci/run's, with fsync off unless `durable` (then PostgreSQL's
 * defaults: every commit waits for its WAL flush). `logStatements` logs every statement (to capture
 * what the app sends).
 */
export async function startPostgres(options: { durable?: boolean; logStatements?: boolean; say?: (s: string) => void } = {}): Promise<BenchPostgres> {
  const bin = postgresBin();
  const given = process.env.DATABASE_URL;
  if (given) {
    const db = await createDatabase(given);
    return { url: db.url, adminUrl: given, source: 'DATABASE_URL', version: await serverVersion(db.url), bin, logFile: undefined, stop: db.drop };
  }
  if (!bin) throw new Error('no PostgreSQL: set DATABASE_URL or install the postgresql package');
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrip-bench-pg-'));
  chmodSync(dir, 0o700);
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  options.say?.(`starting a throwaway PostgreSQL cluster in ${dir} on port ${port}${options.durable ? '' : ' (fsync off)'}`);
  runPg(path.join(bin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const settings = ['-p', String(port), '-k', '/tmp', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'];
  if (!options.durable) settings.push('-c', 'fsync=off');
  if (options.logStatements) settings.push('-c', 'log_statement=all', '-c', 'log_min_duration_statement=-1', '-c', 'log_line_prefix=%p:');
  runPg(path.join(bin, 'pg_ctl'), ['-D', dir, '-w', '-l', logFile, '-o', settings.join(' '), 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      runPg(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const db = await createDatabase(url);
    return { url: db.url, adminUrl: url, source: 'throwaway cluster', version: await serverVersion(url), bin, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
