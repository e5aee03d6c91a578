import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendarDays } from '../platform/calendar.js';
import { officialCalendarDays } from '../platform/calendar-source.js';
import { verifyAudit } from '../platform/audit.js';
import { storeFile } from '../platform/files.js';
import { buildTestApp, testEngine } from '../test/build-test-app.js';
import { buildItem, buildTree, buildUser } from '../test/factories.js';
import { version } from '../version.js';
import { RestoreRefused, restoreBackup, writeBackup, type BackupHeader } from './backup.js';
import { openDatabase, type Database } from './client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'onetrip-backup-test-'));
const masterKey = Buffer.alloc(32, 7);
let t: Awaited<ReturnType<typeof buildTestApp>>;
let file: string;
/** The restored copy of the source, on disk (PGlite) or in a new database (PostgreSQL). */
let restored: Database;
const cleanups: (() => Promise<void>)[] = [];

/** An empty database of the given engine: a new data directory on disk, or a new PostgreSQL database (no template). */
async function emptyDatabase(engine: 'pglite' | 'postgres'): Promise<Database & { url?: string; dataDir?: string }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(work, 'data-'));
    const database = await openDatabase({ dataDir });
    cleanups.push(() => database.close().catch(() => {}));
    return Object.assign(database, { dataDir });
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `onetrip_restore_${randomBytes(5).toString('hex')}`;
  const run = async (query: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(query).finally(() => c.end());
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  cleanups.push(async () => {
    await database.close().catch(() => {});
    await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return Object.assign(database, { url: url.toString() });
}

/** Every row of every table (as PostgreSQL's JSON of it, sorted) and every sequence: what must survive a round trip. */
async function contents(database: Database): Promise<Record<string, string[]>> {
  return database.withConnection(async (conn) => {
    const out: Record<string, string[]> = {};
    const { rows: tables } = await conn.query<{ name: string; kind: string }>(`
      SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY c.relname`);
    for (const { name, kind } of tables) {
      const query = kind === 'S' ? `SELECT json_build_object('last', last_value, 'called', is_called)::text AS j FROM public."${name}"` : `SELECT row_to_json(t)::text AS j FROM public."${name}" t`;
      out[name] = (await conn.query<{ j: string }>(query)).rows.map((r) => r.j).sort();
    }
    return out;
  });
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/onetrip.js'), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

const headerOf = (f: string): BackupHeader => JSON.parse(gunzipSync(readFileSync(f)).toString('utf8').split('\n')[0]!)['@backup'];
const bodyOf = (f: string): string => gunzipSync(readFileSync(f)).toString('utf8').split('\n').slice(1).join('\n');

beforeAll(async () => {
  t = await buildTestApp();
  // Something of every kind of column: dates, timestamps, jsonb, arrays, bytea, a bigserial; and an audit chain.
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2025, 2026), 2026));
  const tree = await buildTree(t.db);
  const item = await buildItem(t.db, { implementers: [tree.a.market], sites: [tree.a.hall], oneTripBatch: 1 });
  const applicant = await buildUser(t.db, { role: 'applicant', phone: '13899120077' });
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000), Buffer.from([0, 0xff, 0x5c, 0x27, 0x22]), Buffer.from('\n%%EOF\n')]);
  const fileIds = [];
  for (const name of ['申请书.pdf', "it's \"quoted\".pdf"]) fileIds.push((await t.db.transaction((tx) => storeFile(tx, { bytes: Buffer.concat([pdf, Buffer.from(name)]), name, declaredType: 'application/pdf', ownerId: applicant.id }))).id);
  for (const key of ['backup-0001', 'backup-0002']) {
    const res = await t.injectAs(applicant, {
      method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': key },
      payload: { itemCode: item.record.code, org: tree.a.market.code, formData: { premises: '昌吉市宁边西路88号\n二楼 "东侧"', category: 'catering', area: 120.5 }, materials: [{ key: 'application-form', fileIds: [fileIds[0]] }, { key: 'business-licence', fileIds: [fileIds[1]] }] },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  file = path.join(work, 'onetrip.backup.jsonl.gz');
  await writeBackup(t.database, file, { version, masterKey });
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('onetrip backup and restore', () => {
  it('writes one self-describing file: header with the schema level, tables in foreign-key order, a row count trailer', async () => {
    const header = headerOf(file);
    expect(header).toMatchObject({ format: 'onetrip-backup', formatVersion: 1, onetrip: version, engine: testEngine, masterKey: { fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    expect(header.masterKey).not.toHaveProperty('key');
    expect(header.migrations.length).toBeGreaterThan(5);
    const order = header.tables.map((x) => x.name);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('cases')).toBeLessThan(order.indexOf('case_events'));
    expect(order.indexOf('files')).toBeLessThan(order.indexOf('file_refs'));
    const lines = bodyOf(file).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)['@end'].rows).toMatchObject({ cases: 2, files: 2 });
  });

  it(`restores into an empty ${testEngine === 'pglite' ? 'data directory' : 'database'}: every row and sequence the same, the audit chain intact`, async () => {
    restored = await emptyDatabase(testEngine);
    const result = await restoreBackup(restored, file);
    expect(result.rows.cases).toBe(2);
    expect(await contents(restored)).toEqual(await contents(t.database));
    const [before, after] = [await verifyAudit(t.db), await verifyAudit(restored.db)];
    expect(after.ok).toBe(true);
    expect(after).toMatchObject({ entries: before.entries, headHash: before.headHash });
    expect(before.entries).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it.runIf(!!process.env.TEST_DATABASE_URL)('restores across engines: PGlite to PostgreSQL and back', async () => {
    const other = await emptyDatabase(testEngine === 'pglite' ? 'postgres' : 'pglite');
    await restoreBackup(other, file);
    expect(await contents(other)).toEqual(await contents(t.database));
    const again = path.join(work, 'other-engine.jsonl.gz');
    await writeBackup(other, again, { version, masterKey });
    expect(bodyOf(again)).toBe(bodyOf(file));
  }, 120_000);

  it('refuses a target that holds data, and replaces it with force', async () => {
    const target = restored;
    await expect(restoreBackup(target, file)).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(target, file)).rejects.toThrow(/not empty .*--force/);
    await target.withConnection((c) => c.query(`INSERT INTO one_trip_batches (number, title, title_en) VALUES (99, '第99批', 'Batch 99')`));
    await restoreBackup(target, file, { force: true });
    expect(await contents(target)).toEqual(await contents(t.database));
    expect((await verifyAudit(target.db)).ok).toBe(true);
  }, 120_000);

  it('refuses a truncated backup, and one from a newer or different schema history, even with force: the data stays', async () => {
    const target = restored;
    const text = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const truncated = path.join(work, 'truncated.jsonl.gz');
    writeFileSync(truncated, gzipSync(text.slice(0, Math.floor(text.length / 2)).join('\n')));
    await expect(restoreBackup(target, truncated, { force: true })).rejects.toThrow(/truncated/);
    const damaged = path.join(work, 'damaged.jsonl.gz');
    writeFileSync(damaged, gzipSync(text.filter((line) => !line.includes('backup-0002')).join('\n')));
    await expect(restoreBackup(target, damaged, { force: true })).rejects.toThrow(/damaged: cases should have 2 rows, it has 1/);
    expect(await contents(target)).toEqual(await contents(t.database));

    const header = JSON.parse(text[0]!)['@backup'] as BackupHeader;
    const rewrite = (h: BackupHeader, name: string) => {
      const f = path.join(work, name);
      writeFileSync(f, gzipSync([JSON.stringify({ '@backup': h }), ...text.slice(1)].join('\n')));
      return f;
    };
    await expect(restoreBackup(target, rewrite({ ...header, migrations: [...header.migrations, 'f'.repeat(64)] }, 'newer.jsonl.gz'), { force: true })).rejects.toThrow(/restore it with OneTrip/);
    await expect(restoreBackup(target, rewrite({ ...header, migrations: ['0'.repeat(64), ...header.migrations.slice(1)] }, 'other.jsonl.gz'), { force: true })).rejects.toThrow(/another schema history/);
    const plain = path.join(work, 'not-a-backup.txt');
    writeFileSync(plain, 'hello\n');
    await expect(restoreBackup(target, plain, { force: true })).rejects.toThrow(/not a OneTrip backup/);
    expect(await contents(target)).toEqual(await contents(t.database));
  }, 120_000);

  it('works from the command line: restore into an empty target, back up again, the same rows', async () => {
    const dataDir = path.join(work, 'cli-data');
    let env: Record<string, string> = { ONETRIP_DATA_DIR: dataDir };
    if (testEngine === 'postgres') {
      const target = await emptyDatabase('postgres');
      await target.close();
      env = { ...env, DATABASE_URL: target.url! };
    }
    const restored = await cli(['restore', file], env);
    expect(restored.out).toMatch(/restored \d+ tables/);
    expect(restored.out).toMatch(/audit chain intact/);
    // The signing keys' master key is not in the backup: the restore says which one to put in place.
    expect(restored.out).toContain('WARNING: the signing keys in this backup are sealed with the master key of fingerprint');
    expect(restored.code, restored.out).toBe(0);
    const refused = await cli(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/not empty/);
    const again = path.join(work, 'cli-again.jsonl.gz');
    const backedUp = await cli(['backup', again], env);
    expect(backedUp.code, backedUp.out).toBe(0);
    expect(bodyOf(again)).toBe(bodyOf(file));
  }, 180_000);
});
