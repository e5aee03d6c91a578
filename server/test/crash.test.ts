// kill -9 under load: the real server as a child process, concurrent filings with idempotency keys,
// SIGKILL at random moments, restart on the same data, retry what got no answer — then every filing
// exists exactly once, the audit chain verifies and the outbox sends each notification once.
// On the embedded database (the `pglite` project) and on PostgreSQL (the `postgres` project).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.js';
import { LOCK_FILE } from '../db/lock.js';
import { verifyAudit } from '../platform/audit.js';
import { sendPending, type NotificationSender } from '../platform/notify.js';
import { testEngine } from './build-test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** SIGKILLs under load; one more comes while the server starts up. */
const KILLS = 5;
const WORKERS = 6;
const work = mkdtempSync(path.join(tmpdir(), 'onetrip-crash-'));
const dataDir = path.join(work, 'data');
const logFile = path.join(work, 'server.log');
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '');

/** The real server: `node bin/onetrip.js start --no-build`, on the test's data. */
class Server {
  child: ChildProcess | undefined;
  readonly url: string;
  constructor(readonly port: number) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  private exited(): Promise<void> {
    const child = this.child;
    return new Promise((resolve) => (!child || child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  }

  /** Starts it and waits until /api/health answers. */
  async start(timeoutMs = 240_000): Promise<number> {
    const started = Date.now();
    const out = openSync(logFile, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', ONETRIP_DATA_DIR: dataDir, ONETRIP_DEMO: '1', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.ONETRIP_DB_FSYNC; // the default: durable
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    this.child = spawn(process.execPath, ['bin/onetrip.js', 'start', '--no-build'], { cwd: root, env, stdio: ['ignore', out, out] });
    closeSync(out);
    for (;;) {
      if (!this.running) throw new Error(`the server exited (${this.child.exitCode ?? this.child.signalCode}):\n${logTail()}`);
      try {
        const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > timeoutMs) {
        await this.kill();
        throw new Error(`the server did not answer within ${timeoutMs} ms:\n${logTail()}`);
      }
      await sleep(100);
    }
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited();
  }

  /** SIGTERM: the server closes its database and exits. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
    await this.exited();
    clearTimeout(timer);
  }
}

let server: Server;

beforeAll(async () => {
  if (testEngine === 'postgres') {
    const admin = process.env.TEST_DATABASE_URL!;
    const name = `onetrip_crash_${randomBytes(5).toString('hex')}`;
    const run = async (query: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(query).finally(() => c.end());
    };
    await run(`CREATE DATABASE ${name}`);
    dropDatabase = () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  server = new Server(await freePort());
  // The first start migrates and seeds the demo data (the catalog, the Changji organisations, the demo accounts).
  await server.start();
}, 300_000);

afterAll(async () => {
  await server?.kill();
  await dropDatabase?.();
  rmSync(work, { recursive: true, force: true });
});

interface Filing {
  /** Case ids from every 2xx answer (a retry must name the same case). */
  caseIds: Set<string>;
  statuses: number[];
}

describe(`kill -9 under load (${testEngine})`, () => {
  it(`files every submission exactly once across ${KILLS} SIGKILLs, and the audit chain and the outbox stay whole`, async () => {
    const testStarted = Date.now();
    const api = (p: string) => `${server.url}/api/v1${p}`;
    const signIn = async (username: string) => {
      const res = await fetch(api('/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'onetrip-demo' }) });
      expect(res.status, await res.clone().text()).toBe(200);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('onetrip_session='))!.split(';')[0]!;
      return { cookie, me: (await res.json()) as { id: string; phone: string | null; email: string | null } };
    };
    const applicant = await signIn('zhangwei');

    // What an applicant does: search the catalog, read the one-time notice, fill the form from its examples, upload the materials.
    const search = await (await fetch(api('/catalog/items?applicantKind=person&channel=online&pageSize=30'))).json() as { items: { code: string }[] };
    let filing: { itemCode: string; org: string; formData: Record<string, unknown>; materials: { key: string; fileIds: string[] }[] } | undefined;
    const pdf = new Blob([Buffer.from(`%PDF-1.4\n% crash test ${randomUUID()}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)], { type: 'application/pdf' });
    const form = new FormData();
    form.append('file', pdf, 'material.pdf');
    const uploaded = await fetch(api('/files'), { method: 'POST', headers: { cookie: applicant.cookie }, body: form });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;
    for (const { code } of search.items) {
      const notice = await (await fetch(api(`/catalog/items/${code}/notice`))).json() as {
        item: { formSchema: { properties: Record<string, { examples?: unknown[] }>; required?: string[] }; materials: { key: string; kind: string }[] };
        implementers: { code: string }[];
      };
      const props = notice.item.formSchema.properties ?? {};
      if (!notice.implementers.length || !(notice.item.formSchema.required ?? []).every((k) => props[k]?.examples?.length)) continue;
      filing = {
        itemCode: code,
        org: notice.implementers[0]!.code,
        formData: Object.fromEntries(Object.entries(props).filter(([, p]) => p.examples?.length).map(([k, p]) => [k, p.examples![0]])),
        materials: notice.item.materials.filter((m) => m.kind === 'required').map((m) => ({ key: m.key, fileIds: [fileId] })),
      };
      break;
    }
    expect(filing, 'an online item for persons whose form has examples').toBeDefined();
    const body = JSON.stringify(filing);

    const filings = new Map<string, Filing>();
    const unanswered: string[] = [];
    const refusals: string[] = [];
    const stats = { requests: 0, answered: 0, noAnswer: 0, replayedCommitted: 0, kills: 0, killedAtMs: [] as number[], restartMs: [] as number[], stalePidFiles: 0 };

    /** One attempt; a key without an answer (connection refused or cut, body cut) goes back to the retry queue. */
    const submit = async (key: string): Promise<void> => {
      stats.requests++;
      const retry = filings.has(key);
      const f = filings.get(key) ?? { caseIds: new Set(), statuses: [] };
      filings.set(key, f);
      let status: number;
      let text: string;
      try {
        const res = await fetch(api('/cases'), { method: 'POST', headers: { cookie: applicant.cookie, 'content-type': 'application/json', 'idempotency-key': key }, body, signal: AbortSignal.timeout(90_000) });
        status = res.status;
        text = await res.text();
      } catch {
        stats.noAnswer++;
        unanswered.push(key);
        return;
      }
      stats.answered++;
      f.statuses.push(status);
      if (status === 200 || status === 201) {
        f.caseIds.add((JSON.parse(text) as { case: { id: string } }).case.id);
        // 200 on a retry: the first attempt had committed before the kill and only its answer was lost.
        if (retry && status === 200) stats.replayedCommitted++;
      } else {
        refusals.push(`${key}: ${status} ${text.slice(0, 300)}`);
      }
    };

    /** Workers file (retries first, then new keys) until `until` says stop. */
    const load = async (stop: () => boolean) => {
      await Promise.all(Array.from({ length: WORKERS }, async () => {
        while (!stop()) await submit(unanswered.shift() ?? `crash-${randomUUID()}`);
      }));
    };

    for (let k = 0; k < KILLS; k++) {
      let killed = false;
      const after = between(1500, 5000);
      const killer = (async () => {
        await sleep(after);
        killed = true;
        await server.kill();
        stats.kills++;
        stats.killedAtMs.push(after);
      })();
      await Promise.all([load(() => killed), killer]);
      // The dead server's lock is still there (on the embedded database): the restart must take it over.
      if (!databaseUrl && existsSync(path.join(dataDir, LOCK_FILE))) stats.stalePidFiles++;
      // Once, crash again while it starts up (recovering from the crash before).
      if (k === 2) {
        const starting = server.start().catch(() => {});
        await sleep(between(1500, 4000));
        await server.kill();
        await starting;
      }
      stats.restartMs.push(await server.start());
    }

    // Retry everything that never got an answer; replay some answered keys: the same case comes back.
    for (let round = 0; unanswered.length && round < 5; round++) {
      const keys = unanswered.splice(0);
      await Promise.all(keys.map((key) => submit(key)));
    }
    expect(unanswered).toEqual([]);
    const answered = [...filings.entries()].filter(([, f]) => f.caseIds.size).slice(0, 10);
    for (const [key] of answered) await submit(key);
    expect(refusals, refusals.join('\n')).toEqual([]);

    // Every key has a 2xx and one case id, however often it was retried.
    for (const [key, f] of filings) {
      expect(f.caseIds.size, `${key}: ${[...f.caseIds].join(', ')} (${f.statuses.join(', ')})`).toBe(1);
      expect(f.statuses.filter((s) => s === 201).length, `${key} created more than once: ${f.statuses.join(', ')}`).toBeLessThanOrEqual(1);
    }

    // The audit chain, through the API.
    const admin = await signIn('admin');
    const verify = await fetch(api('/audit/verify'), { headers: { cookie: admin.cookie } });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, problems: [] });

    // Then the database itself, with the server stopped (the embedded database has one owner at a time).
    await server.stop();
    expect(existsSync(path.join(dataDir, LOCK_FILE)), 'a clean stop releases the lock').toBe(false);
    const database: Database = await openDatabase({ databaseUrl, dataDir });
    try {
      const q = async <R>(text: string, params?: unknown[]) => (await database.withConnection((c) => c.query<R>(text, params))).rows;
      const keys = [...filings.keys()];
      const cases = await q<{ key: string; id: string; case_number: string; n: number }>(
        `SELECT idempotency_key AS key, min(id::text) AS id, min(case_number) AS case_number, count(*)::int AS n FROM cases WHERE filed_by = $1 AND idempotency_key = ANY($2) GROUP BY idempotency_key`,
        [applicant.me.id, keys],
      );
      expect(cases.length, 'every key has its case').toBe(keys.length);
      for (const c of cases) {
        expect(c.n, `${c.key} has ${c.n} cases`).toBe(1);
        expect([...filings.get(c.key)!.caseIds]).toEqual([c.id]);
      }
      const ids = cases.map((c) => c.id);
      const events = await q<{ id: string; n: number }>(`SELECT case_id::text AS id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND action = 'submit' GROUP BY case_id`, [ids]);
      expect(events.length).toBe(ids.length);
      expect(events.every((e) => e.n === 1)).toBe(true);
      const audits = await q<{ id: string; n: number }>(`SELECT target_id AS id, count(*)::int AS n FROM audit_entries WHERE action = 'case.file' AND target_id = ANY($1) GROUP BY target_id`, [ids]);
      expect(audits.length).toBe(ids.length);
      expect(audits.every((a) => a.n === 1)).toBe(true);
      const audit = await verifyAudit(database.db);
      expect(audit).toMatchObject({ ok: true, problems: [] });

      // The outbox: one case.submitted per case per channel the applicant has …
      const channels = [applicant.me.phone ? 'sms' : null, applicant.me.email ? 'email' : null].filter(Boolean);
      expect(channels.length).toBeGreaterThan(0);
      const outbox = () => q<{ id: string; channel: string; case_number: string; status: string }>(
        `SELECT id::text, channel, params->>'caseNumber' AS case_number, status FROM notifications WHERE user_id = $1 AND template = 'case.submitted' AND params->>'caseNumber' = ANY($2)`,
        [applicant.me.id, cases.map((c) => c.case_number)],
      );
      const rows = await outbox();
      const perCaseChannel = new Map<string, number>();
      for (const r of rows) perCaseChannel.set(`${r.case_number}/${r.channel}`, (perCaseChannel.get(`${r.case_number}/${r.channel}`) ?? 0) + 1);
      expect(rows.length).toBe(cases.length * channels.length);
      expect([...perCaseChannel.values()].every((n) => n === 1)).toBe(true);
      // … and sending it (what the server's job had not sent yet) sends each once.
      const sent: string[] = [];
      const sender: NotificationSender = { name: 'test', send: async (n) => (sent.push(n.id), { providerRef: `test:${n.id}` }) };
      for (;;) {
        const report = await sendPending(database.db, sender, { now: new Date(Date.now() + 86_400_000), batch: 500 });
        if (report.sent + report.retried + report.failed === 0) break;
      }
      const pendingBefore = rows.filter((r) => r.status === 'pending').map((r) => r.id);
      expect(new Set(sent).size).toBe(sent.length);
      expect(sent.filter((id) => rows.some((r) => r.id === id)).sort()).toEqual(pendingBefore.sort());
      expect((await outbox()).every((r) => r.status === 'sent')).toBe(true);
    } finally {
      await database.close();
    }

    const seconds = ((Date.now() - testStarted) / 1000).toFixed(0);
    console.log(`[crash ${testEngine}] ${stats.kills} SIGKILLs under load (+1 during start-up), at ${stats.killedAtMs.join('/')} ms; ${filings.size} filings, ${stats.requests} requests (${stats.noAnswer} unanswered and retried, ${stats.replayedCommitted} of them had committed); restarts took ${stats.restartMs.map((ms) => (ms / 1000).toFixed(1)).join('/')} s; ${stats.stalePidFiles} stale locks taken over; ${seconds} s`);
    expect(stats.kills + 1).toBeGreaterThanOrEqual(5);
    if (!databaseUrl) expect(stats.stalePidFiles).toBe(KILLS);
  }, 600_000);
});
