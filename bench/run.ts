// `npm run bench [-- --db pglite|postgres|both] [--quick] [--pg-durable] [--supervision-cases N]`: the real
// server under load on the embedded database and on PostgreSQL, beside the raw-SQL ceiling of the same work
// measured in the same run, and supervision's queries over a generated history (PostgreSQL). Prints a table and writes bench/results/latest.json (and a dated copy). README § Benchmarks.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { prepareDatabase, type Fixtures } from './lib/fixtures.js';
import { load, type LoadResult } from './lib/load.js';
import { machine, type Machine } from './lib/machine.js';
import { createDatabase, postgresBin, startPostgres, type BenchPostgres } from './lib/postgres.js';
import { rawReplay, type RawReplay, type RawResult } from './lib/raw.js';
import { markdownTable } from './lib/report.js';
import { SEARCHES, searchInProcess, searchPath } from './lib/search.js';
import { repoRoot, rssSampler, startServer, type RunningServer } from './lib/server.js';
import { submissionBody } from './lib/submission.js';
import { benchSupervision, supervisionTimings, type SupervisionBenchResult } from './lib/supervision.js';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-raw': { type: 'boolean', default: false },
    'pg-durable': { type: 'boolean', default: false },
    'supervision-cases': { type: 'string' },
    out: { type: 'string', default: path.join(repoRoot, 'bench/results') },
  },
});
const say = (s: string) => process.stdout.write(`${s}\n`);

// What must not outlive an interrupted run: the server under test, the throwaway cluster.
const running = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping …`);
    void Promise.allSettled([...running].map((stop) => stop())).then(() => process.exit(130));
  });
}

const havePostgres = !!process.env.DATABASE_URL || !!postgresBin();
const engines: Engine[] = opts.db === 'pglite' ? ['pglite'] : opts.db === 'postgres' ? ['postgres'] : opts.db === 'both' || opts.db === undefined ? (havePostgres ? ['pglite', 'postgres'] : ['pglite']) : [];
if (!engines.length) {
  process.stderr.write('--db must be pglite, postgres or both\n');
  process.exit(2);
}
if (engines.includes('postgres') && !havePostgres) {
  process.stderr.write('PostgreSQL: set DATABASE_URL or install the PostgreSQL binaries\n');
  process.exit(2);
}

type Engine = 'pglite' | 'postgres';

/** How long each load runs, and how much is prepared. */
const plan = {
  ...(opts.quick
    ? { seconds: 3, warmup: 2, applicants: 100, transitionCases: 200, coldStarts: 1, searchRounds: 8, supervisionCases: 20_000 }
    : { seconds: 15, warmup: 5, applicants: 1000, transitionCases: 3000, coldStarts: 3, searchRounds: 80, supervisionCases: 1_000_000 }),
  ...(opts['supervision-cases'] !== undefined ? { supervisionCases: Number(opts['supervision-cases']) } : {}),
};
if (!Number.isInteger(plan.supervisionCases) || plan.supervisionCases < 0) {
  process.stderr.write('--supervision-cases must be a whole number (0: skip)\n');
  process.exit(2);
}
const CONNECTIONS = [1, 16, 64] as const;

export interface EngineResult {
  engine: Engine;
  database: string;
  /** What an acknowledged commit survives, as the server under test ran (see server/db/client.ts). */
  durability: string;
  submission: LoadResult[];
  raw: RawResult[];
  /** PGlite with fsync: the same replay without flushing commits to disk (what durability costs). */
  rawWithoutFsync: RawResult[];
  /** App req/s ÷ raw tx/s at the same concurrency. */
  ratio: Record<string, number>;
  /** 64 connections offered half the raw ceiling (at 64 clients). */
  halfCeiling: LoadResult | null;
  transitions: Record<'accept' | 'startReview' | 'forward' | 'decide', LoadResult>;
  /** The first search after a start, which builds the index (ms). */
  firstSearchMs: number;
  searchHttp: LoadResult;
  coldStartMs: number[];
  peakRssMiB: number;
  /** PostgreSQL only: supervision's KPIs and warnings over a generated two-year history (issue 7). */
  supervision: SupervisionBenchResult | null;
}

export interface Results {
  date: string;
  quick: boolean;
  machine: Machine;
  plan: typeof plan;
  searchInProcess: ReturnType<typeof searchInProcess>;
  engines: EngineResult[];
}

async function withServer<T>(start: () => Promise<RunningServer>, run: (s: RunningServer) => Promise<T>): Promise<T> {
  const server = await start();
  running.add(server.stop);
  try {
    return await run(server);
  } finally {
    await server.stop();
    running.delete(server.stop);
  }
}

/** Case ids waiting for intake, as the clerk's inbox lists them. */
async function submittedCases(url: string, cookie: string, wanted: number): Promise<string[]> {
  const ids = new Set<string>();
  for (let page = 1; ids.size < wanted; page++) {
    const res = await fetch(`${url}/api/v1/cases?box=intake&status=submitted&pageSize=200&page=${page}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`intake inbox: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: { id: string; version: number }[] };
    if (!body.items.length) break;
    for (const c of body.items) if (c.version === 1) ids.add(c.id);
  }
  return [...ids].slice(0, wanted);
}

async function runEngine(engine: Engine, runId: string): Promise<EngineResult> {
  const work = mkdtempSync(path.join(tmpdir(), `onetrip-bench-${engine}-`));
  const dataDir = path.join(work, 'data');
  const logFile = path.join(work, 'server.log');
  let pgsql: BenchPostgres | undefined;
  let replay: RawReplay | undefined;
  try {
    if (engine === 'postgres') {
      pgsql = await startPostgres({ durable: opts['pg-durable'], say });
      running.add(pgsql.stop);
    }
    const target = pgsql ? { databaseUrl: pgsql.url } : { dataDir };
    say(`\n== ${engine}: preparing ${pgsql ? `PostgreSQL ${pgsql.version} (${pgsql.source})` : `PGlite in ${dataDir}`}`);
    const fx: Fixtures = await prepareDatabase(target, { applicants: plan.applicants, say: (s) => say(`  ${s}`) });
    const durability = pgsql ? await postgresDurability(pgsql.url) : loadConfig().dbFsync ? 'fsync' : 'os-cache';
    say(`  durability: ${durability}`);

    const raw: RawResult[] = [];
    if (!opts['no-raw']) {
      say(`  raw ceiling: the statements of one submission replayed without the app (${engine === 'postgres' ? 'pgbench' : 'a loop on the PGlite driver'}), on a copy of the database`);
      replay = await rawReplay(engine, { dataDir, pgsql, fixtures: fx, warmup: plan.warmup, work });
    }

    const start = () => startServer({ dataDir, databaseUrl: pgsql?.url, logFile });
    const coldStartMs: number[] = [];
    let peakRssMiB = 0;
    const result = await withServer(start, async (server) => {
      coldStartMs.push(server.coldStartMs);
      say(`  server up in ${server.coldStartMs.toFixed(0)} ms (pid ${server.pid})`);
      const rss = rssSampler(server.rss);
      let n = 0;
      const submit = () => {
        const i = n++;
        const a = fx.applicants[i % fx.applicants.length]!;
        return { method: 'POST' as const, path: '/api/v1/cases', headers: { cookie: a.cookie, 'idempotency-key': `bench-${runId}-${i}` }, body: submissionBody(a, i) };
      };
      say(`  warming up (${plan.warmup} s) …`);
      await load({ url: server.url, connections: 16, duration: plan.warmup, request: submit });
      const submission: LoadResult[] = [];
      // The raw replay and the server in turn at each concurrency, so both meet the same machine.
      for (const connections of CONNECTIONS) {
        if (replay) {
          const r = await replay.measure(connections, plan.seconds);
          raw.push(r);
          say(`  raw replay, ${connections} clients: ${r.tps.toFixed(0)} submissions/s`);
        }
        const r = await load({ url: server.url, connections, duration: plan.seconds, request: submit });
        submission.push(r);
        say(`  submission, ${connections} connections: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors`);
      }
      await replay?.close();
      replay = undefined;
      const raw64 = raw.find((r) => r.connections === 64);
      let halfCeiling: LoadResult | null = null;
      if (raw64) {
        const rate = Math.max(1, Math.round(raw64.tps / 2));
        halfCeiling = await load({ url: server.url, connections: 64, duration: plan.seconds, overallRate: rate, request: submit });
        say(`  submission at ${rate} req/s offered (half the raw ceiling): ${halfCeiling.rps.toFixed(0)} req/s, p50 ${halfCeiling.p50} ms, p99 ${halfCeiling.p99} ms, ${halfCeiling.errors} errors`);
      }

      // Intake and decision: the cases just filed, moved on by the clerk and the reviewers.
      const ids = await submittedCases(server.url, fx.staff.clerk, plan.transitionCases + 1);
      const steps = [
        { key: 'accept', path: 'accept', cookie: fx.staff.clerk, body: (v: number) => ({ version: v }) },
        { key: 'startReview', path: 'start-review', cookie: fx.staff.countyReviewer, body: (v: number) => ({ version: v }) },
        { key: 'forward', path: 'forward', cookie: fx.staff.countyReviewer, body: (v: number) => ({ version: v, opinion: '经初审，申请材料齐全、符合法定形式，现场核查合格，报州市场监督管理局决定。' }) },
        { key: 'decide', path: 'decide', cookie: fx.staff.prefectureReviewer, body: (v: number) => ({ version: v, outcome: 'approve', reasons: '申请材料齐全，符合《中华人民共和国食品安全法》第三十五条规定的条件，准予食品生产许可。' }) },
      ] as const;
      // One case through every step first: it checks the flow and creates the deciding organisation's seal key.
      const [probe, ...rest] = ids;
      for (const [i, s] of steps.entries()) {
        const res = await fetch(`${server.url}/api/v1/cases/${probe}/${s.path}`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: JSON.stringify(s.body(i + 1)) });
        if (!res.ok) throw new Error(`${s.path}: HTTP ${res.status} ${await res.text()}`);
      }
      // Each case takes each step once: about `seconds` of load at the pace submissions had at 16 connections.
      const pace = submission.find((s) => s.connections === 16)?.rps ?? 10;
      const moved = rest.slice(0, Math.max(50, Math.min(rest.length, Math.round(pace * plan.seconds * 1.5))));
      const transitions = {} as EngineResult['transitions'];
      for (const [i, s] of steps.entries()) {
        const r = await load({
          url: server.url, connections: 16, amount: moved.length,
          request: (k) => ({ method: 'POST', path: `/api/v1/cases/${moved[k % moved.length]}/${s.path}`, headers: { cookie: s.cookie }, body: JSON.stringify(s.body(i + 1)) }),
        });
        transitions[s.key] = r;
        say(`  ${s.key}, 16 connections, ${moved.length} cases: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ${r.errors} errors`);
      }

      // The first search after a start builds the index from the database; the load measures the ones after.
      const t0 = performance.now();
      const first = await fetch(`${server.url}${searchPath(SEARCHES[0]!)}`);
      if (!first.ok) throw new Error(`catalog search: HTTP ${first.status}`);
      await first.text();
      const firstSearchMs = performance.now() - t0;
      say(`  first catalog search (builds the index): ${firstSearchMs.toFixed(0)} ms`);
      const searchHttp = await load({ url: server.url, connections: 1, duration: plan.seconds, request: (k) => ({ method: 'GET', path: searchPath(SEARCHES[k % SEARCHES.length]!) }) });
      say(`  catalog search over HTTP, 1 connection: ${searchHttp.rps.toFixed(0)} req/s, p50 ${searchHttp.p50} ms, p99 ${searchHttp.p99} ms`);
      peakRssMiB = rss.stop() / 2 ** 20;
      say(`  peak RSS under load: ${peakRssMiB.toFixed(0)} MiB`);
      return { submission, halfCeiling, transitions, firstSearchMs, searchHttp };
    });
    for (let i = 1; i < plan.coldStarts; i++) {
      await withServer(start, async (s) => {
        coldStartMs.push(s.coldStartMs);
      });
    }
    say(`  cold start: ${coldStartMs.map((m) => m.toFixed(0)).join(', ')} ms`);
    const rawWithoutFsync: RawResult[] = [];
    if (!pgsql && durability === 'fsync' && !opts['no-raw']) {
      const loose = await rawReplay(engine, { dataDir, pgsql, fixtures: fx, warmup: plan.warmup, work, fsync: false });
      try {
        for (const connections of [1, 16]) rawWithoutFsync.push(await loose.measure(connections, plan.seconds));
      } finally {
        await loose.close();
      }
      say(`  raw replay without fsync, 1 / 16 clients: ${rawWithoutFsync.map((r) => r.tps.toFixed(0)).join(' / ')} submissions/s`);
    }
    let supervision: SupervisionBenchResult | null = null;
    if (pgsql && plan.supervisionCases > 0) {
      say(`  supervision: ${plan.supervisionCases.toLocaleString('en')} generated cases over two years, in a database of their own`);
      const db = await createDatabase(pgsql.adminUrl);
      try {
        supervision = await benchSupervision(db.url, { cases: plan.supervisionCases, runs: opts.quick ? 10 : 50, say: (s) => say(`    ${s}`) });
      } finally {
        await db.drop();
      }
      for (const [label, t] of supervisionTimings(supervision)) say(`  ${label}: p50 ${t.p50Ms.toFixed(0)} ms, p99 ${t.p99Ms.toFixed(0)} ms`);
    }
    const ratio: Record<string, number> = {};
    for (const r of raw) {
      const app = result.submission.find((s) => s.connections === r.connections);
      if (app && r.tps > 0) ratio[String(r.connections)] = app.rps / r.tps;
    }
    return {
      engine,
      database: pgsql ? `PostgreSQL ${pgsql.version} (${pgsql.source})` : `PGlite ${pgliteVersion()}`,
      durability,
      ...result,
      raw,
      rawWithoutFsync,
      ratio,
      coldStartMs,
      peakRssMiB,
      supervision,
    };
  } finally {
    await replay?.close();
    if (pgsql) {
      await pgsql.stop();
      running.delete(pgsql.stop);
    }
    rmSync(work, { recursive: true, force: true });
  }
}

async function postgresDurability(url: string): Promise<string> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    return await database.durability();
  } finally {
    await database.close();
  }
}

function pgliteVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
}

const m = machine();
say(`OneTrip benchmarks${opts.quick ? ' (quick)' : ''}: ${engines.join(' and ')}; ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${m.loadBefore}`);
say('catalog search in process …');
const inProcess = searchInProcess(plan.searchRounds);
say(`  ${inProcess.items} items, ${inProcess.searches} searches: p50 ${inProcess.p50.toFixed(2)} ms, p99 ${inProcess.p99.toFixed(2)} ms (index built in ${inProcess.buildMs.toFixed(0)} ms)`);
const runId = Date.now().toString(36);
const results: Results = { date: new Date().toISOString(), quick: opts.quick, machine: m, plan, searchInProcess: inProcess, engines: [] };
for (const engine of engines) results.engines.push(await runEngine(engine, `${runId}-${engine}`));

const table = markdownTable(results);
say(`\n${table}`);
mkdirSync(opts.out, { recursive: true });
// A quick run is a smoke test: it never replaces the full run's figures.
const latest = path.join(opts.out, opts.quick ? 'latest-quick.json' : 'latest.json');
writeFileSync(latest, `${JSON.stringify(results, null, 2)}\n`);
const dated = path.join(opts.out, `${results.date.slice(0, 19).replace(/:/g, '-')}${opts.quick ? '-quick' : ''}.json`);
copyFileSync(latest, dated);
say(`\nwritten: ${path.relative(repoRoot, latest)} and ${path.relative(repoRoot, dated)}`);
