// The raw ceiling: the statements of one submission (bench/sql/submission.pgbench), replayed without
// the app on a copy of the prepared database — by pgbench on PostgreSQL, by a tight loop on the
// PGlite driver in this process — at the same concurrency as the HTTP load.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Connection, type Database } from '../../server/db/client.js';
import { hashToken } from '../../server/platform/auth.js';
import { ITEM, MATERIAL_KEYS, type Fixtures } from './fixtures.js';
import { createDatabase, type BenchPostgres } from './postgres.js';
import { formData } from './submission.js';

export const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../sql/submission.pgbench');

export interface RawResult {
  connections: number;
  /** Replayed submissions per second. */
  tps: number;
  /** Mean time of one replayed submission, ms. */
  latencyMs: number;
}

// ---------------------------------------------------------------- the script (a pgbench subset)

type Step = { kind: 'set'; name: string; expr: string } | { kind: 'sql'; text: string; gset?: string };

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  let buffer = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!buffer && (!line || line.startsWith('--'))) continue;
    const set = /^\\set\s+(\w+)\s+(.+)$/.exec(line);
    if (set) {
      steps.push({ kind: 'set', name: set[1]!, expr: set[2]! });
      continue;
    }
    buffer += (buffer ? ' ' : '') + line;
    const gset = /^(.*)\\gset(?:\s+(\w+))?$/.exec(buffer);
    if (gset) {
      steps.push({ kind: 'sql', text: gset[1]!.trim(), gset: gset[2] ?? '' });
      buffer = '';
    } else if (buffer.endsWith(';')) {
      steps.push({ kind: 'sql', text: buffer.slice(0, -1).trim() });
      buffer = '';
    }
  }
  return steps;
}

function evaluate(expr: string, vars: Map<string, string>): string {
  const random = /^random\((:?\w+),\s*(:?\w+)\)$/.exec(expr);
  if (random) {
    const [lo, hi] = [random[1]!, random[2]!].map((x) => Number(x.startsWith(':') ? vars.get(x.slice(1)) : x));
    return String(lo! + Math.floor(Math.random() * (hi! - lo! + 1)));
  }
  const sum = /^:(\w+)\s*\+\s*(:?\w+)$/.exec(expr);
  if (sum) {
    const b = sum[2]!.startsWith(':') ? vars.get(sum[2]!.slice(1)) : sum[2];
    return (BigInt(vars.get(sum[1]!) ?? 'x') + BigInt(b ?? 'x')).toString();
  }
  throw new Error(`unsupported \\set expression: ${expr}`);
}

/** `:name` → $n, as pgbench sends variables as parameters (`::casts` are left alone). */
function bind(text: string, vars: Map<string, string>): { text: string; params: string[] } {
  const params: string[] = [];
  const out = text.replace(/(?<!:):(\w+)/g, (_, name: string) => {
    const v = vars.get(name);
    if (v === undefined) throw new Error(`no value for :${name}`);
    params.push(v);
    return `$${params.length}`;
  });
  return { text: out, params };
}

// ---------------------------------------------------------------- what the script needs

const UUID7 = `CREATE OR REPLACE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid
$$`;
// The replay links each audit entry to the last one: give an empty chain a first entry (in the copy only).
const AUDIT_HEAD = "INSERT INTO audit_entries (seq, at, action, target_type, target_id, prev_hash, hash) SELECT 1, now(), 'bench.start', 'bench', 'bench', repeat('0', 64), repeat('0', 64) WHERE NOT EXISTS (SELECT 1 FROM audit_entries)";

/**
 * The benchmark's applicants, numbered from 1, with their session and files: each replayed filing picks
 * one, as the app's load does (a filing reads the applicant's earlier materials, which one applicant
 * filing everything would grow without end).
 */
async function applicantTable(conn: Connection, fx: Fixtures): Promise<void> {
  await conn.query('CREATE TABLE IF NOT EXISTS bench_applicants (n int PRIMARY KEY, user_id uuid, token_hash text, file_array text, fa1 text, fa2 text, fa3 text, fa4 text, fa5 text, fa6 text)');
  for (const [i, a] of fx.applicants.entries()) {
    const files = MATERIAL_KEYS.map((key) => a.files[key]!);
    await conn.query('INSERT INTO bench_applicants VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (n) DO NOTHING', [
      i + 1, a.id, hashToken(a.cookie.split('=')[1]!), `{${files.join(',')}}`, ...files.map((f) => `{${f}}`),
    ]);
  }
}

/** The constants of one submission (the applicant's own are picked per filing from bench_applicants), read from the prepared database. */
async function scriptVariables(conn: Connection, fx: Fixtures): Promise<Map<string, string>> {
  const a = fx.applicants[0]!;
  const one = async <T>(text: string, params: unknown[]): Promise<T> => {
    const { rows } = await conn.query<T>(text, params);
    if (!rows[0]) throw new Error(`raw ceiling setup: nothing for ${text}`);
    return rows[0];
  };
  const org = await one<{ id: string; path: string; region_code: string }>('select id, path, region_code from orgs where code = $1', [ITEM.org]);
  const item = await one<{ item_id: string; version_id: string; name: string; name_en: string; statutory_limit: number; number: number; impl_id: string; promised_limit: number; materials: { key: string; name: string; proofItem?: string }[] }>(
    `select i.id as item_id, v.id as version_id, v.name, v.name_en, v.statutory_limit, v.number, v.materials, m.id as impl_id, m.promised_limit
       from service_items i join item_versions v on v.item_id = i.id and v.status = 'published' join implementations m on m.item_id = i.id and m.org_id = $2 and m.active
      where i.code = $1`, [ITEM.code, org.id]);
  const ancestors = org.path.split('/').filter(Boolean);
  const decision = await one<{ id: string; path: string }>(
    "select d.id, d.path from orgs g join orgs d on d.parent_id = g.id and d.kind = 'department' and d.dept_key = 'market' where g.id = any($1::uuid[]) and g.kind <> 'department' and g.level = 'prefecture'", [ancestors]);
  const user = await one<{ phone: string; display_name: string }>('select phone, display_name from users where id = $1', [a.id]);
  const now = new Date();
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const form = formData(a, 0);
  const vars: Record<string, string> = {
    token_hash: hashToken(a.cookie.split('=')[1]!), now: now.toISOString(), yes: 'true', one: '1', user_id: a.id, org_code: ITEM.org, org_id: org.id, org_path: org.path,
    published: 'published', item_code: ITEM.code, department: 'department', decision_level: 'prefecture', dept_key: 'market',
    ancestor_array: `{${ancestors.join(',')}}`, file_array: `{${MATERIAL_KEYS.map((key) => a.files[key]!).join(',')}}`, zero: '0',
    region: org.region_code, day, case_number_base: (BigInt(org.region_code) * 10n ** 13n + BigInt(day.replace(/-/g, '')) * 100_000n).toString(),
    item_id: item.item_id, version_id: item.version_id, item_name: item.name, item_name_en: item.name_en, implementation_id: item.impl_id,
    decision_org_id: decision.id, decision_org_path: decision.path,
    applicant: JSON.stringify({ kind: 'company', name: user.display_name, idNumber: a.creditCode, phone: user.phone }), channel: 'online',
    form_data: JSON.stringify(form), submitted: 'submitted', statutory_limit: String(item.statutory_limit), promised_limit: String(item.promised_limit),
    applicant_count: String(fx.applicants.length), request_hash: 'ab'.repeat(32), received: 'received', upload: 'upload', level_c: 'C', submit: 'submit', event_data: JSON.stringify({ channel: 'online', itemVersion: item.number }),
    sms: 'sms', phone: user.phone, template: 'case.submitted', notification_params: JSON.stringify({ itemName: item.name, caseNumber: '6523012026010100001' }),
    notification_body: `【一次办】您的${item.name}申请已提交，办件编号6523012026010100001。`, audit_action: 'case.file', case_type: 'case', request_id: '01900000-0000-7000-8000-000000000000',
  };
  MATERIAL_KEYS.forEach((key, i) => {
    vars[`m${i + 1}`] = key;
    vars[`fa${i + 1}`] = `{${a.files[key]!}}`;
  });
  // The proof items the item's materials name (as array literals, the way the driver sends them).
  const literal = (xs: string[]) => `{${[...new Set(xs)].map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  vars.proof_names = literal(item.materials.map((m) => m.name.trim()));
  vars.proof_codes = literal(item.materials.flatMap((m) => (m.proofItem ? [m.proofItem] : [])));
  return new Map(Object.entries(vars));
}

// ---------------------------------------------------------------- PGlite: a loop in this process

/** One session shared by `connections` loops: statements outside a transaction and whole transactions take turns, as in PGlite itself. */
async function pgliteLoop(database: Database, steps: Step[], constants: Map<string, string>, connections: number, seconds: number): Promise<RawResult> {
  let turn: Promise<void> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.then(() => undefined, () => undefined);
    return run;
  };
  return database.withConnection(async (conn) => {
    const trace = process.env.BENCH_RAW_TRACE ? new Map<string, { n: number; ms: number }>() : undefined;
    const exec = async (step: Extract<Step, { kind: 'sql' }>, vars: Map<string, string>) => {
      const { text, params } = bind(step.text, vars);
      const t = trace ? performance.now() : 0;
      const { rows } = await conn.query(text, params);
      if (trace) {
        const e = trace.get(step.text) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t;
        trace.set(step.text, e);
      }
      if (step.gset !== undefined) for (const [k, v] of Object.entries(rows[0] ?? {})) vars.set(`${step.gset}${k}`, v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    };
    const once = async () => {
      const vars = new Map(constants);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (step.kind === 'set') {
          vars.set(step.name, evaluate(step.expr, vars));
        } else if (/^begin$/i.test(step.text)) {
          const end = steps.findIndex((s, j) => j > i && s.kind === 'sql' && /^commit$/i.test(s.text));
          const block = steps.slice(i, end + 1);
          await exclusive(async () => {
            for (const s of block) {
              if (s.kind === 'set') vars.set(s.name, evaluate(s.expr, vars));
              else await exec(s, vars);
            }
          });
          i = end;
        } else {
          await exclusive(() => exec(step, vars));
        }
      }
    };
    let done = 0;
    const deadline = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        await once();
        done++;
      }
    }));
    const elapsed = (performance.now() - start) / 1000;
    for (const [text, e] of trace ?? []) process.stderr.write(`${(e.ms / e.n).toFixed(3).padStart(8)} ms  ${text.slice(0, 100)}\n`);
    return { connections, tps: done / elapsed, latencyMs: (elapsed * 1000 * connections) / Math.max(1, done) };
  });
}

// ---------------------------------------------------------------- PostgreSQL: pgbench

function pgbench(bin: string, url: string, constants: Map<string, string>, connections: number, seconds: number): Promise<RawResult> {
  const threads = Math.min(connections, os.availableParallelism());
  // Every statement prepared once per connection: an upper bound (the server prepares only its hottest reads).
  const args = ['-n', '-M', 'prepared', '-c', String(connections), '-j', String(threads), '-T', String(seconds), '-f', SCRIPT];
  for (const [k, v] of constants) args.push('-D', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, 'pgbench'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const tps = /tps = ([\d.]+)/.exec(out);
      const latency = /latency average = ([\d.]+) ms/.exec(out);
      if (code !== 0 || !tps || /aborted|error/i.test(out)) return reject(new Error(`pgbench failed (${code}):\n${out.split('\n').slice(0, 30).join('\n')}`));
      resolve({ connections, tps: Number(tps[1]), latencyMs: Number(latency?.[1] ?? 0) });
    });
  });
}

// ---------------------------------------------------------------- both

export interface RawOptions {
  /** The prepared PGlite directory (copied, never opened: the server uses it). */
  dataDir: string;
  pgsql: BenchPostgres | undefined;
  fixtures: Fixtures;
  /** Seconds of replay before the first measure (the caches, the JIT), as the server gets before its load. */
  warmup: number;
  work: string;
  /** PGlite only: flush each commit to disk (default: as the server is configured). */
  fsync?: boolean;
}

export interface RawReplay {
  /** Replays submissions for `seconds` from `connections` clients. */
  measure(connections: number, seconds: number): Promise<RawResult>;
  close(): Promise<void>;
}

/**
 * Sets up the replay on a copy of the prepared database (so the server's stays as it was), warmed up.
 * Measures can then alternate with the server's, so that both see the same machine.
 */
export async function rawReplay(engine: 'pglite' | 'postgres', o: RawOptions): Promise<RawReplay> {
  const steps = parseScript(readFileSync(SCRIPT, 'utf8'));
  const setup = async (conn: Connection) => {
    await conn.query(UUID7);
    await conn.query(AUDIT_HEAD);
    await applicantTable(conn, o.fixtures);
    return scriptVariables(conn, o.fixtures);
  };
  if (engine === 'pglite') {
    const copy = path.join(o.work, 'raw-data');
    cpSync(o.dataDir, copy, { recursive: true });
    // The same storage settings as the server's.
    const database = await openDatabase({ dataDir: copy, fsync: o.fsync ?? loadConfig().dbFsync });
    const close = async () => {
      await database.close();
      rmSync(copy, { recursive: true, force: true });
    };
    try {
      const constants = await database.withConnection(setup);
      await pgliteLoop(database, steps, constants, 16, o.warmup);
      return { measure: (c, seconds) => pgliteLoop(database, steps, constants, c, seconds), close };
    } catch (err) {
      await close();
      throw err;
    }
  }
  const pgsql = o.pgsql!;
  if (!pgsql.bin) throw new Error('pgbench is needed for the raw ceiling on PostgreSQL (install the postgresql package)');
  const bin = pgsql.bin;
  const copy = await createDatabase(pgsql.adminUrl, new URL(pgsql.url).pathname.slice(1));
  try {
    const database = await openDatabase({ databaseUrl: copy.url, poolSize: 1 });
    let constants: Map<string, string>;
    try {
      constants = await database.withConnection(setup);
    } finally {
      await database.close();
    }
    await pgbench(bin, copy.url, constants, 16, o.warmup);
    return { measure: (c, seconds) => pgbench(bin, copy.url, constants, c, seconds), close: copy.drop };
  } catch (err) {
    await copy.drop();
    throw err;
  }
}
