import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, type Database } from '../db/client.js';
import { buildTestApp, testEngine } from '../test/build-test-app.js';
import { defineJob, JOB_LOCK_SPACE, jobLockKey, registeredJobs, runJob, runJobOnce, startJobRunner, type JobRunnerDeps } from './jobs.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
let deps: JobRunnerDeps;
beforeAll(async () => {
  t = await buildTestApp();
  deps = { database: t.database, clock: t.clock, log: t.app.log };
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another handle on the same database: a second process's pool on PostgreSQL; the one embedded database on PGlite. */
async function secondHandle(): Promise<Database> {
  if (testEngine === 'pglite') return { ...t.database, close: async () => {} };
  const [row] = await rows<{ name: string }>(t.db, sql`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${row!.name}`;
  return openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
}

/** A job that takes a while and counts how many of its runs overlap. */
function slowJob(name: string, ms: number) {
  const stats = { runs: 0, active: 0, maxActive: 0 };
  const job = defineJob({
    name,
    everyMs: 100,
    run: async () => {
      stats.runs++;
      stats.active++;
      stats.maxActive = Math.max(stats.maxActive, stats.active);
      await sleep(ms);
      stats.active--;
      return 'done';
    },
  });
  return { job, stats };
}

describe('defining jobs', () => {
  it('checks names and intervals', () => {
    expect(() => defineJob({ name: 'NoDots', everyMs: 1000, run: async () => 'done' })).toThrow(/dotted/);
    expect(() => defineJob({ name: 'cases.mark-warnings', everyMs: 10, run: async () => 'done' })).toThrow(/everyMs/);
    expect(defineJob({ name: 'cases.mark-warnings', everyMs: 60_000, run: async () => 'skipped' }).name).toBe('cases.mark-warnings');
  });

  it('registers the outbox sender with the app', () => {
    expect(registeredJobs().map((j) => [j.name, j.everyMs])).toContainEqual(['notify.send', 5000]);
  });

  it('locks each job under a stable signed 32-bit key', () => {
    expect(jobLockKey('notify.send')).toBe(jobLockKey('notify.send'));
    expect(jobLockKey('notify.send')).not.toBe(jobLockKey('notify.sent'));
    for (const name of ['a.b', 'notify.send', 'cases.mark-warnings', '办件.提醒']) {
      const key = jobLockKey(name);
      expect(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31).toBe(true);
    }
    // FNV-1a of "a", as a signed integer: 0xe40c292c.
    expect(jobLockKey('a')).toBe(0xe40c292c | 0);
  });
});

describe('running jobs', () => {
  it('runs a job once by name and reports its outcome', async () => {
    let runs = 0;
    const job = defineJob({ name: 'test.once', everyMs: 1000, run: async ({ db, clock }) => {
      runs++;
      await db.execute(sql`SELECT 1`);
      return clock.now().getTime() === t.clock.now().getTime() ? 'done' : 'skipped';
    } });
    expect(await runJobOnce(deps, 'test.once', [job])).toBe('done');
    expect(runs).toBe(1);
    await expect(runJobOnce(deps, 'test.nothing', [job])).rejects.toThrow(/no job named "test.nothing"/);
  });

  it('logs an error instead of throwing it, and keeps the schedule going', async () => {
    let runs = 0;
    const job = defineJob({ name: 'test.broken', everyMs: 100, run: async () => {
      runs++;
      throw new Error('the handler broke');
    } });
    expect(await runJob(deps, job)).toBe('failed');
    expect(t.logs.some((line) => line.includes('job test.broken failed') && line.includes('the handler broke'))).toBe(true);
    const runner = startJobRunner({ ...deps, jobs: [job] });
    await sleep(450);
    await runner.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    // And the lock was released every time: the job can run again.
    expect(await runJob(deps, job)).toBe('failed');
  });

  it('answers busy while the same job runs elsewhere', async () => {
    const { job, stats } = slowJob('test.busy', 150);
    const first = runJob(deps, job);
    await sleep(30);
    expect(await runJob(deps, job)).toBe('busy');
    expect(await first).toBe('done');
    expect(stats.runs).toBe(1);
    expect(await runJob(deps, job)).toBe('done');
  });

  it.runIf(testEngine === 'postgres')('answers busy while another process holds the job\'s advisory lock', async () => {
    const { job, stats } = slowJob('test.locked', 10);
    const other = await secondHandle();
    try {
      await other.withConnection(async (conn) => {
        const [got] = (await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [JOB_LOCK_SPACE, jobLockKey(job.name)])).rows;
        expect(got!.ok).toBe(true);
        expect(await runJob(deps, job)).toBe('busy');
        await conn.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_SPACE, jobLockKey(job.name)]);
      });
      expect(await runJob(deps, job)).toBe('done');
      expect(stats.runs).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('never runs one job twice at once, even with two runners on one database', async () => {
    const { job, stats } = slowJob('test.exclusive', 70);
    const other = await secondHandle();
    try {
      const a = startJobRunner({ ...deps, jobs: [job] });
      const b = startJobRunner({ ...deps, database: other, jobs: [job] });
      await sleep(900);
      await Promise.all([a.stop(), b.stop()]);
      expect(stats.runs).toBeGreaterThanOrEqual(3);
      expect(stats.maxActive).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('runs different jobs side by side', async () => {
    const one = slowJob('test.side-one', 150);
    const two = slowJob('test.side-two', 150);
    let overlapped = false;
    const watch = setInterval(() => {
      if (one.stats.active && two.stats.active) overlapped = true;
    }, 10);
    await Promise.all([runJob(deps, one.job), runJob(deps, two.job)]);
    clearInterval(watch);
    expect(overlapped).toBe(true);
  });

  it('waits for a run in progress when stopped, and schedules no more', async () => {
    const { job, stats } = slowJob('test.stop', 200);
    const runner = startJobRunner({ ...deps, jobs: [job] });
    for (let waited = 0; stats.active === 0 && waited < 3000; waited += 10) await sleep(10); // the first tick comes after 100 ms
    expect(stats.active).toBe(1);
    await runner.stop();
    expect(stats.active).toBe(0);
    const runs = stats.runs;
    await sleep(300);
    expect(stats.runs).toBe(runs);
  });
});

describe('withConnection', () => {
  it('keeps one session for the whole callback', async () => {
    await t.database.withConnection(async (conn) => {
      await conn.query("SELECT set_config('onetrip.probe', 'kept', false)");
      const [pid1] = (await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      const [row] = (await conn.query<{ v: string; pid: number }>("SELECT current_setting('onetrip.probe') AS v, pg_backend_pid() AS pid")).rows;
      expect(row).toEqual({ v: 'kept', pid: pid1!.pid });
    });
  });

  it('gives the connection back after an error (the pool does not run dry)', async () => {
    for (let i = 0; i < 8; i++) {
      await expect(t.database.withConnection(async (conn) => conn.query('SELECT * FROM no_such_table'))).rejects.toThrow();
    }
    const [row] = (await t.database.withConnection((conn) => conn.query<{ n: number }>('SELECT 1 AS n'))).rows;
    expect(row!.n).toBe(1);
  });
});
