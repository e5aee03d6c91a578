import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../db/client.js';
import type { Clock } from './clock.js';

/** What a job reports: it did some work, or found none to do. */
export type JobOutcome = 'done' | 'skipped';
/** What one attempt to run a job came to: its outcome, `busy` when it is running elsewhere, `failed` when it threw (logged). */
export type JobRunResult = JobOutcome | 'busy' | 'failed';

export type JobLog = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface JobDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: JobLog;
}

export interface Job {
  /** Dotted `module.verb`, e.g. `notify.send`, `cases.mark-warnings`. */
  readonly name: string;
  /** Pause between the end of one run and the start of the next on each process. */
  readonly everyMs: number;
  /** Must be idempotent: a run may repeat after a crash, and each process runs it on its own schedule. */
  run(deps: JobDeps): Promise<JobOutcome>;
}

/** Declares a periodic job (checked here, so a typo fails at start and not at 3 a.m.). */
export function defineJob(job: Job): Job {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(job.name)) throw new Error(`job name "${job.name}" must be dotted lower case, e.g. "cases.mark-warnings"`);
  if (!Number.isInteger(job.everyMs) || job.everyMs < 100) throw new Error(`job ${job.name}: everyMs must be an integer ≥ 100`);
  return Object.freeze({ ...job });
}

const registry = new Map<string, Job>();

/** Adds jobs to the ones `onetrip start` runs; registering the same job again is a no-op. */
export function registerJobs(...jobs: Job[]): void {
  for (const job of jobs) {
    const known = registry.get(job.name);
    if (known && known !== job) throw new Error(`another job is already registered as "${job.name}"`);
    registry.set(job.name, job);
  }
}

export function registeredJobs(): Job[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The job's key in the two-key advisory-lock space (namespace {@link JOB_LOCK_SPACE}): FNV-1a of its name as a signed 32-bit integer. */
export function jobLockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) h = Math.imul(h ^ byte, 0x01000193);
  return h | 0;
}

/** First key of every job lock; the two-key form keeps them apart from the single-key locks (migrations, audit). */
export const JOB_LOCK_SPACE = 7140;

export interface JobRunnerDeps {
  database: Database;
  clock: Clock;
  log: JobLog;
}

// Jobs running in this process, per database. On PGlite all code shares one session, where a
// session-level advisory lock is re-entrant: this set is what keeps two runs of a job apart there.
const running = new WeakMap<Db, Set<string>>();

/**
 * Runs a job once if no other run of it is in progress — in this process or any other on the same
 * database (a session-level `pg_try_advisory_lock` held on a dedicated connection). Never throws:
 * errors are logged and reported as `failed`.
 */
export async function runJob(deps: JobRunnerDeps, job: Job): Promise<JobRunResult> {
  const { database, clock, log } = deps;
  let here = running.get(database.db);
  if (!here) running.set(database.db, (here = new Set()));
  if (here.has(job.name)) return 'busy';
  here.add(job.name);
  const key = jobLockKey(job.name);
  const started = Date.now();
  try {
    const result = await database.withConnection(async (conn): Promise<JobRunResult> => {
      const [lock] = (await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [JOB_LOCK_SPACE, key])).rows;
      if (!lock?.locked) return 'busy';
      try {
        return await job.run({ db: database.db, clock, log });
      } catch (err) {
        log.error({ err, job: job.name }, `job ${job.name} failed`);
        return 'failed';
      } finally {
        await conn.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_SPACE, key]);
      }
    });
    if (result === 'done') log.info({ job: job.name, ms: Date.now() - started }, `job ${job.name} done`);
    else log.debug({ job: job.name, result }, `job ${job.name} ${result}`);
    return result;
  } catch (err) {
    // Taking or releasing the lock failed (the database is unreachable): try again next time.
    log.error({ err, job: job.name }, `job ${job.name} could not run`);
    return 'failed';
  } finally {
    here.delete(job.name);
  }
}

/**
 * Runs a registered job by name, once (for tests and `onetrip jobs run`).
 * @throws Error for an unknown name (and only then).
 */
export async function runJobOnce(deps: JobRunnerDeps, name: string, jobs: Job[] = registeredJobs()): Promise<JobRunResult> {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job named "${name}"; known: ${jobs.map((j) => j.name).join(', ') || 'none'}`);
  return runJob(deps, job);
}

export interface JobRunner {
  /** Stops scheduling and waits for runs in progress to end. */
  stop(): Promise<void>;
}

/**
 * Runs each job on its own timer: first soon after start (at most a second), then `everyMs` after
 * each run ends. Any number of processes may run this; each job still runs on one at a time.
 */
export function startJobRunner(deps: JobRunnerDeps & { jobs: Job[] }): JobRunner {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = runJob(deps, job).finally(() => {
        inFlight.delete(run);
        schedule(job, job.everyMs);
      });
      inFlight.add(run);
    }, delay);
    timer.unref();
    timers.add(timer);
  };
  for (const job of deps.jobs) schedule(job, Math.min(job.everyMs, 1000));
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
