import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { buildApp, webRoot } from './app.js';
import { loadConfig, type Config } from './config.js';
import { readBackupHeader, restoreBackup, writeBackup, keyFingerprint } from './db/backup.js';
import { openDatabase, type Database } from './db/client.js';
import { findOrg, importOrgData, listOrgs, type OrgData } from './modules/orgs/index.js';
import { verifySignedDocument } from './modules/certificates/index.js';
import { generateHistory } from './modules/supervision/index.js';
import { verifyAudit, recordAudit } from './platform/audit.js';
import { insertAccount } from './platform/auth.js';
import { systemClock } from './platform/clock.js';
import { existingMasterKey, installMasterKey, loadMasterKey, secretsWith } from './platform/secrets.js';
import { registeredJobs, runJobOnce, startJobRunner, type JobRunner } from './platform/jobs.js';
import { isEmpty, seed } from './seed/seed.js';
import { version } from './version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}

async function withDatabase<T>(cfg: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const where = cfg.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${cfg.dataDir}`;
  say(`database: ${where}`);
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, fsync: cfg.dbFsync });
  try {
    say('migrating …');
    await database.migrate();
    return await run(database);
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------- web build

function webSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(file).update(readFileSync(file));
    }
  };
  walk(path.join(root, 'web'));
  walk(path.join(root, 'common'));
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

/** Builds the web app unless dist/web already matches the sources. */
async function buildWebIfNeeded(force = false): Promise<void> {
  const stamp = path.join(webRoot, '.source-hash');
  const wanted = webSourceHash();
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  say('building the web app (once per change of its sources) …');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, wanted);
  say('web app built.');
}

// ---------------------------------------------------------------- commands

const program = new Command().name('onetrip').description('OneTrip — integrated government services, "at most one trip"').version(version);

program
  .command('start')
  .description('migrate, seed an empty database, build the web app if needed, and serve')
  .option('--no-build', 'do not build the web app')
  .action(async (opts: { build: boolean }) => {
    const cfg = config();
    if (opts.build) await buildWebIfNeeded();
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, fsync: cfg.dbFsync });
    say(`database: ${cfg.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${cfg.dataDir}`}, durability: ${await database.durability()}`);
    await database.migrate();
    if (await isEmpty(database.db)) {
      say(cfg.demo ? 'empty database: seeding demo data …' : 'empty database: seeding the calendar (ONETRIP_DEMO=0: no demo data) …');
      await seed(database.db, { demo: cfg.demo, progress: (s) => say(`  ${s}`), secrets: secretsWith(loadMasterKey(cfg.masterKey, cfg.dataDir)) });
      if (!cfg.demo) say('no accounts yet: create the first administrator with `npx onetrip init-admin`.');
    }
    const app = await buildApp({ config: cfg, database });
    const running: { jobs?: JobRunner } = {};
    const close = async () => {
      await running.jobs?.stop();
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', close);
    process.once('SIGTERM', close);
    await app.listen({ port: cfg.port, host: cfg.host });
    // Periodic jobs (the notification outbox, …): every process runs the timers, one at a time runs each job.
    running.jobs = startJobRunner({ database, clock: app.platform.clock, log: app.log.child({ component: 'jobs' }), jobs: registeredJobs() });
    const host = cfg.host === '0.0.0.0' || cfg.host === '::' ? 'localhost' : cfg.host;
    say(`\nOneTrip ${version} is running at http://${host}:${cfg.port}/`);
    say(`  API docs: http://${host}:${cfg.port}/api/docs`);
    if (cfg.demo) say('  demo accounts (password "onetrip-demo"): see README.md § Demo accounts, e.g. admin, clerk.changji, zhangwei');
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    await withDatabase(config(), async () => say('migrations applied.'));
  });

program
  .command('seed')
  .description('seed the calendar, and with demo on, the Changji organisations and demo accounts')
  .option('--no-demo', 'seed reference data only')
  .action(async (opts: { demo: boolean }) => {
    const cfg = config();
    await withDatabase(cfg, async (database) => {
      const report = await seed(database.db, { demo: opts.demo && cfg.demo, progress: (s) => say(`  ${s}`), secrets: secretsWith(loadMasterKey(cfg.masterKey, cfg.dataDir)) });
      say(`seeded: ${JSON.stringify(report)}`);
    });
  });

program
  .command('import-orgs <file>')
  .description('import organisations, sites and windows from a JSON file (format of server/seed/data/orgs.json)')
  .action(async (file: string) => {
    const data = JSON.parse(readFileSync(file, 'utf8')) as OrgData;
    await withDatabase(config(), async (database) => {
      const added = await database.db.transaction((tx) => importOrgData(tx, data));
      say(`imported: ${JSON.stringify(added)}`);
    });
  });

program
  .command('init-admin')
  .description('create the first administrator (asks for what the flags do not give)')
  .option('--username <name>')
  .option('--password <password>', 'better typed at the prompt than left in shell history')
  .option('--display-name <name>')
  .option('--org <code>', 'code of the organisation the administrator manages (default: the root)')
  .action(async (opts: { username?: string; password?: string; displayName?: string; org?: string }) => {
    await withDatabase(config(), async (database) => {
      const roots = await listOrgs(database.db, { level: 'prefecture' });
      const orgCode = opts.org ?? roots[0]?.code;
      const org = orgCode ? await findOrg(database.db, orgCode) : undefined;
      if (!org) throw new Error('no organisation to administer: import one first with `onetrip import-orgs <file>`');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const ask = async (q: string, given?: string) => given ?? (await rl.question(q)).trim();
      const username = await ask('username: ', opts.username);
      const displayName = await ask('display name: ', opts.displayName);
      const password = await ask('password (≥ 10 characters, letters and digits or symbols): ', opts.password);
      rl.close();
      await database.db.transaction(async (tx) => {
        const user = await insertAccount(tx, { username, password, displayName, kind: 'staff', roles: ['admin'], orgId: org.id, scopePath: org.path });
        await recordAudit(tx, { actor: null, clock: systemClock }, { action: 'account.init-admin', targetType: 'user', targetId: user.id });
      });
      say(`administrator ${username} created for ${org.name}.`);
    });
  });

const audit = program.command('audit').description('the hash-chained audit log');
audit
  .command('verify')
  .description('recompute the chain and report edited, deleted or relinked entries')
  .action(async () => {
    await withDatabase(config(), async (database) => {
      const result = await verifyAudit(database.db);
      say(`${result.entries} entries, head ${result.headHash}`);
      for (const p of result.problems) say(`  entry ${p.seq}: ${p.kind}`);
      say(result.ok ? 'audit chain intact.' : 'AUDIT CHAIN BROKEN.');
      if (!result.ok) process.exitCode = 1;
    });
  });

const certificate = program.command('certificate').description('electronic certificates');
certificate
  .command('verify <signed>')
  .description('check a signed certificate (GET /api/v1/certificates/{id}/signed) offline against the published seal keys; exits 1 unless valid')
  .requiredOption('--keys <jwks>', 'the published seal keys: a JWKS file, or its URL (…/.well-known/jwks.json)')
  .action(async (file: string, opts: { keys: string }) => {
    const readJson = (source: string, text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`${source} is not JSON`);
      }
    };
    const doc = readJson(file, readFileSync(file, 'utf8'));
    const keys = /^https?:\/\//.test(opts.keys)
      ? await fetch(opts.keys).then(async (res) => {
        if (!res.ok) throw new Error(`${opts.keys} answered ${res.status}`);
        return readJson(opts.keys, await res.text());
      })
      : readJson(opts.keys, readFileSync(opts.keys, 'utf8'));
    const result = verifySignedDocument(doc, keys);
    const payload = (doc ?? {}) as { payload?: { id?: string; number?: string; title?: string; holder?: { name?: string }; issuer?: { name?: string }; validUntil?: string | null } };
    const key = ((keys as { keys?: { kid?: string; revokedAt?: string | null }[] } | null)?.keys ?? []).find((k) => k.kid === result.kid);
    const p = payload.payload;
    if (p && result.verdict !== 'malformed') say(`${p.title ?? ''} ${p.number ?? ''} — ${p.holder?.name ?? ''}, issued by ${p.issuer?.name ?? ''}${p.validUntil ? `, valid until ${p.validUntil.slice(0, 10)}` : ''}`);
    const lines = {
      valid: `VALID: the payload is exactly what key ${result.kid} signed.`,
      tampered: `TAMPERED: the payload does not match the signature of key ${result.kid}.`,
      unknown_key: `UNKNOWN KEY: ${result.kid} is not among the published keys.`,
      revoked_key: `REVOKED KEY: ${result.kid} was revoked${key?.revokedAt ? ` on ${key.revokedAt}` : ''}; nothing it signed is trusted.`,
      malformed: `NOT CHECKED: ${result.detail}.`,
    } as const;
    say(lines[result.verdict]);
    if (result.verdict === 'valid' && p?.id) say(`A signature cannot tell whether the certificate was suspended or revoked since: see /verify/${p.id} on the issuing system.`);
    process.exitCode = result.verdict === 'valid' ? 0 : result.verdict === 'malformed' ? 2 : 1;
  });

program
  .command('backup <file>')
  .description('write the whole database to <file>: gzip-compressed JSON lines, one format for both databases, from one consistent snapshot')
  .option('--with-master-key', 'include the master key that seals the organisations\' signing keys (the file is then as secret as the key)')
  .action(async (file: string, opts: { withMasterKey?: boolean }) => {
    const cfg = config();
    if (!cfg.databaseUrl && !existsSync(path.join(cfg.dataDir, 'PG_VERSION'))) throw new Error(`no embedded database in ${cfg.dataDir} (set ONETRIP_DATA_DIR or DATABASE_URL)`);
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, fsync: cfg.dbFsync });
    try {
      const masterKey = existingMasterKey(cfg.masterKey, cfg.dataDir);
      const started = Date.now();
      const summary = await writeBackup(database, file, { version, masterKey, includeMasterKey: !!opts.withMasterKey });
      const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      say(`backup written: ${summary.file} (${Object.keys(summary.rows).length} tables, ${rows} rows, ${(summary.bytes / 1024 / 1024).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (masterKey && !opts.withMasterKey) say(`the master key (fingerprint ${keyFingerprint(masterKey)}) is not in the file: keep it with the backup, the organisations' signing keys need it.`);
    } finally {
      await database.close();
    }
  });

program
  .command('restore <file>')
  .description('restore a backup into an empty database (ONETRIP_DATA_DIR or DATABASE_URL); then check the audit chain')
  .option('--force', 'restore over a database that holds data: everything in it is dropped first')
  .action(async (file: string, opts: { force?: boolean }) => {
    const cfg = config();
    const header = await readBackupHeader(file);
    say(`backup of ${header.createdAt} by OneTrip ${header.onetrip} (${header.engine}, ${header.migrations.length} migrations)`);
    say(`restoring into ${cfg.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${cfg.dataDir}`} …`);
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, fsync: cfg.dbFsync });
    try {
      const started = Date.now();
      const result = await restoreBackup(database, file, { force: !!opts.force });
      const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
      say(`restored ${Object.keys(result.rows).length} tables, ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s${result.migratedTo > result.migratedFrom ? `; migrated from ${result.migratedFrom} to ${result.migratedTo}` : ''}.`);
      const audit = await verifyAudit(database.db);
      say(audit.ok ? `audit chain intact: ${audit.entries} entries, head ${audit.headHash}` : `AUDIT CHAIN BROKEN at ${audit.problems.map((p) => `${p.seq} (${p.kind})`).join(', ')}`);
      if (!audit.ok) process.exitCode = 1;
    } finally {
      await database.close();
    }
    // The organisations' signing keys in the data are sealed with the backup's master key.
    const current = existingMasterKey(cfg.masterKey, cfg.dataDir);
    const wanted = header.masterKey;
    if (!wanted) return;
    if (wanted.key && !current) {
      say(`master key restored to ${installMasterKey(cfg.dataDir, Buffer.from(wanted.key, 'base64'))}.`);
    } else if (!current || keyFingerprint(current) !== wanted.fingerprint) {
      say(`WARNING: the signing keys in this backup are sealed with the master key of fingerprint ${wanted.fingerprint}; ${current ? `this installation's is ${keyFingerprint(current)}` : 'there is none here yet'}. Put that key in place (ONETRIP_MASTER_KEY or ${path.join(cfg.dataDir, 'master.key')}) before \`onetrip start\`, or signing decisions and certificates will fail.`);
    }
  });

const jobsCommand = program.command('jobs').description('periodic jobs (the notification outbox, …)');
jobsCommand
  .command('list')
  .description('list the periodic jobs')
  .action(async () => {
    await withDatabase(config(), async (database) => {
      const app = await buildApp({ config: config(), database, serveWeb: false });
      await app.ready();
      for (const job of registeredJobs()) say(`${job.name}\tevery ${job.everyMs / 1000} s`);
      await app.close();
    });
  });
jobsCommand
  .command('run <name>')
  .description('run one job once now (waits for nothing: "busy" when another process is running it)')
  .action(async (name: string) => {
    const cfg = config();
    await withDatabase(cfg, async (database) => {
      // Building the app registers every module's jobs.
      const app = await buildApp({ config: cfg, database, serveWeb: false });
      await app.ready();
      try {
        const result = await runJobOnce({ database, clock: app.platform.clock, log: app.log }, name);
        say(`${name}: ${result}`);
        if (result === 'failed' || result === 'busy') process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
  });

/** A one-line progress bar on a terminal (a line per step otherwise, e.g. in a log). */
function progressBar(): { update(step: string, done: number, total: number): void; end(): void } {
  const tty = process.stdout.isTTY;
  let last = '';
  let lastStep = '';
  return {
    update(step, done, total) {
      const share = total ? Math.min(1, done / total) : 1;
      if (!tty) {
        // Without a terminal: when a step starts and ends, and every tenth of the way.
        const line = `${step}: ${Math.floor(share * 10) * 10}%`;
        if (line !== last) say(`  ${line}`);
        last = line;
        return;
      }
      if (step !== lastStep && lastStep) process.stdout.write('\n');
      lastStep = step;
      const width = 30;
      const filled = Math.round(share * width);
      process.stdout.write(`\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${step} (${done.toLocaleString('en')}/${total.toLocaleString('en')})\x1b[K`);
    },
    end() {
      if (tty && lastStep) process.stdout.write('\n');
    },
  };
}

program
  .command('generate')
  .description('generate a realistic, deterministic history of cases (events, trips, ratings) for the seeded prefecture, then the supervision KPIs\' rollup')
  .option('--cases <n>', 'how many cases', '100000')
  .option('--years <n>', 'over how many years up to now', '2')
  .option('--seed <n>', 'the random seed (same seed, same database: same history)', '1')
  .action(async (opts: { cases: string; years: string; seed: string }) => {
    const cases = Number(opts.cases);
    const years = Number(opts.years);
    const seedValue = Number(opts.seed);
    if (!Number.isInteger(cases) || cases < 1 || cases > 50_000_000) throw new Error('--cases must be a whole number from 1 to 50,000,000');
    if (!(years > 0 && years <= 10)) throw new Error('--years must be more than 0 and at most 10');
    if (!Number.isInteger(seedValue) || seedValue < 0 || seedValue > 1_000_000) throw new Error('--seed must be a whole number from 0 to 1,000,000');
    const cfg = config();
    await withDatabase(cfg, async (database) => {
      if (await isEmpty(database.db)) {
        say('empty database: seeding the demo organisations and catalog first …');
        await seed(database.db, { demo: true, progress: (s) => say(`  ${s}`), secrets: secretsWith(loadMasterKey(cfg.masterKey, cfg.dataDir)) });
      }
      say(`generating ${cases.toLocaleString('en')} cases over ${years} year(s), seed ${seedValue} …`);
      const bar = progressBar();
      const report = await generateHistory(database, systemClock.now(), { cases, years, seed: seedValue, rectifyDays: cfg.rectifyDays, progress: bar.update });
      bar.end();
      say(`generated ${report.cases.toLocaleString('en')} cases from ${report.from} to ${report.to}: ${report.events.toLocaleString('en')} events, ${report.trips.toLocaleString('en')} trips, ${report.ratings.toLocaleString('en')} ratings (all in the database), ${report.staff} staff and ${report.applicants.toLocaleString('en')} applicant accounts, in ${report.seconds.toFixed(0)} s.`);
    });
  });

program
  .command('build-web')
  .description('build the web app into dist/web')
  .action(() => buildWebIfNeeded(true));

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.message || String(err)) : String(err)}\n`);
  process.exit(1);
});
