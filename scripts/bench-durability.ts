// What flushing every commit to disk costs the embedded database: write transactions per second
// with ONETRIP_DB_FSYNC on (the default: a commit survives a power cut) and off (it survives the
// process dying, not the machine), and in memory for reference. Each on a fresh data directory.
//
//   node --import tsx scripts/bench-durability.ts [--seconds 3] [--rounds 3] [--dir /var/tmp]
// Prints the median transactions per second over the rounds, and latency percentiles over all of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../server/db/client.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' }, dir: { type: 'string', default: tmpdir() } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

interface Result {
  setting: string;
  workload: string;
  txPerSecond: number;
  p50ms: number;
  p99ms: number;
}

/** One-row transactions, and filing-sized ones (five rows in four tables, like a case with its materials, event, notification and audit entry). */
const workloads: { name: string; run: (database: Database, i: number) => Promise<void> }[] = [
  {
    name: '1 insert',
    run: async ({ withConnection }, i) => {
      await withConnection(async (c) => {
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_a (n, body) VALUES ($1, $2)', [i, 'x'.repeat(200)]);
        await c.query('COMMIT');
      });
    },
  },
  {
    name: '5 inserts, 4 tables',
    run: async ({ withConnection }, i) => {
      await withConnection(async (c) => {
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_a (n, body) VALUES ($1, $2)', [i, 'x'.repeat(1500)]);
        await c.query('INSERT INTO bench_b (n, body) VALUES ($1, $2), ($1, $2)', [i, 'y'.repeat(200)]);
        await c.query('INSERT INTO bench_c (n, body) VALUES ($1, $2)', [i, 'z'.repeat(300)]);
        await c.query('INSERT INTO bench_d (n, body) VALUES ($1, $2)', [i, 'w'.repeat(200)]);
        await c.query('COMMIT');
      });
    },
  },
];

interface Setting {
  name: string;
  database: Database;
  dir?: string;
}

async function prepare(name: string, dir: string | undefined, fsync: boolean): Promise<Setting> {
  const database = await openDatabase(dir ? { dataDir: dir, fsync } : {});
  await database.withConnection(async (c) => {
    for (const t of ['a', 'b', 'c', 'd']) await c.query(`CREATE TABLE bench_${t} (id bigserial PRIMARY KEY, n int NOT NULL, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    await c.query('CREATE INDEX ON bench_a (n)');
  });
  for (const w of workloads) for (let i = 0; i < 50; i++) await w.run(database, i); // warm up
  return { name, database, dir };
}

/** Transactions one after another for `seconds`: their latencies. */
async function round(setting: Setting, workload: (typeof workloads)[number]): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const t0 = performance.now();
    await workload.run(setting.database, i);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const settings = [
  await prepare('PGlite, fsync on (default)', mkdtempSync(path.join(values.dir, 'onetrip-bench-durability-')), true),
  await prepare('PGlite, ONETRIP_DB_FSYNC=0', mkdtempSync(path.join(values.dir, 'onetrip-bench-durability-')), false),
  await prepare('PGlite in memory', undefined, false),
];
// Rounds interleave the settings, so that a busy moment of the machine does not fall on one of them only.
const samples = new Map<string, { tps: number[]; latencies: number[] }>();
for (let r = 0; r < rounds; r++) {
  for (const w of workloads) {
    for (const setting of r % 2 ? [...settings].reverse() : settings) {
      const latencies = await round(setting, w);
      const key = `${setting.name}|${w.name}`;
      const s = samples.get(key) ?? { tps: [], latencies: [] };
      s.tps.push((latencies.length / latencies.reduce((a, b) => a + b, 0)) * 1000);
      s.latencies.push(...latencies);
      samples.set(key, s);
    }
  }
}
for (const s of settings) {
  await s.database.close();
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
}
const results: Result[] = [...samples.entries()].map(([key, s]) => {
  const [setting, workload] = key.split('|') as [string, string];
  const sorted = s.latencies.sort((a, b) => a - b);
  return {
    setting,
    workload,
    txPerSecond: Math.round(median(s.tps)),
    p50ms: Number(sorted[Math.floor(sorted.length * 0.5)]!.toFixed(2)),
    p99ms: Number(sorted[Math.floor(sorted.length * 0.99)]!.toFixed(2)),
  };
});

console.table(results);
const cost = (w: string) => {
  const on = results.find((r) => r.workload === w && r.setting.includes('fsync on'))!;
  const off = results.find((r) => r.workload === w && r.setting.includes('FSYNC=0'))!;
  return `${w}: ${on.txPerSecond} vs ${off.txPerSecond} tx/s (${Math.round((1 - on.txPerSecond / off.txPerSecond) * 100)} % fewer with fsync)`;
};
for (const w of workloads) console.log(cost(w.name));
