import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder, type Connection, type Database, type DatabaseKind } from './client.js';

/**
 * `onetrip backup` / `onetrip restore`: a logical dump that is the same for both engines, so a
 * backup of the embedded database restores into PostgreSQL and back.
 *
 * The file is gzip-compressed JSON lines:
 *   {"@backup": {format, formatVersion, createdAt, onetrip, engine, migrations, tables, sequences, masterKey}}
 *   {"@table": "users", "columns": [...]}      then one line per row: the row as PostgreSQL's row_to_json
 *   …                                          (each value in its text form: exact for every type)
 *   {"@end": {"rows": {"users": 19, …}}}       a backup without it is truncated and is refused
 * Tables come in foreign-key order, rows in primary-key order, all from one snapshot (a read-only
 * repeatable-read transaction): a backup of a running PostgreSQL server is consistent.
 */
export const BACKUP_FORMAT = 'onetrip-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The OneTrip version that wrote it. */
  onetrip: string;
  engine: DatabaseKind;
  /** The migrations applied to the database, in order (drizzle's hashes of the SQL files): its schema level. */
  migrations: string[];
  tables: { name: string; columns: string[] }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  /** The master key that sealed the organisations' signing keys: its fingerprint, and the key itself only when asked for. */
  masterKey: { fingerprint: string; key?: string } | null;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  rows: Record<string, number>;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The fingerprint printed and compared for a master key (never the key). */
export const keyFingerprint = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
}

/** Every table of the `public` schema in foreign-key order (referenced before referencing), with its stored columns. */
async function listTables(conn: Connection): Promise<TableInfo[]> {
  const { rows: tables } = await conn.query<{ name: string; columns: string[]; pk: string[] | null }>(`
    SELECT c.relname AS name,
      (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
      (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`);
  const { rows: fks } = await conn.query<{ child: string; parent: string }>(`
    SELECT DISTINCT ch.relname AS child, pa.relname AS parent FROM pg_constraint f
      JOIN pg_class ch ON ch.oid = f.conrelid JOIN pg_class pa ON pa.oid = f.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
    WHERE f.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`);
  // Kahn's algorithm, alphabetical among equals so that the file is the same for the same data.
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const fk of fks) parents.get(fk.child)?.add(fk.parent);
  const ordered: TableInfo[] = [];
  const left = new Map(tables.map((t) => [t.name, t]));
  while (left.size) {
    const ready = [...left.keys()].filter((name) => [...parents.get(name)!].every((p) => !left.has(p)));
    if (!ready.length) throw new Error(`the foreign keys between ${[...left.keys()].join(', ')} form a cycle: they cannot be restored table by table`);
    for (const name of ready) {
      const t = left.get(name)!;
      ordered.push({ name, columns: t.columns, primaryKey: t.pk ?? [] });
      left.delete(name);
    }
  }
  return ordered;
}

async function appliedMigrations(conn: Connection): Promise<string[]> {
  const { rows: [exists] } = await conn.query<{ ok: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (!exists?.ok) return [];
  const { rows } = await conn.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at, id');
  return rows.map((r) => r.hash);
}

async function listSequences(conn: Connection): Promise<BackupHeader['sequences']> {
  const { rows: names } = await conn.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`);
  const out: BackupHeader['sequences'] = [];
  for (const { name } of names) {
    const { rows: [s] } = await conn.query<{ last: string; called: boolean }>(`SELECT last_value::text AS last, is_called AS called FROM public.${q(name)}`);
    out.push({ name, lastValue: s!.last, isCalled: s!.called });
  }
  return out;
}

/** Writes lines into a gzip file with back-pressure. */
function gzipLines(file: string) {
  const out = createWriteStream(file, { mode: 0o600 });
  const gz = createGzip({ level: 6 });
  gz.pipe(out);
  let bytes = 0;
  return {
    async line(text: string) {
      if (!gz.write(`${text}\n`)) await once(gz, 'drain');
    },
    async end() {
      gz.end();
      await finished(out);
      bytes = out.bytesWritten;
      return bytes;
    },
  };
}

function fsyncPath(p: string) {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Rows at a time: up to ~8 MB of JSON per fetch (uploaded files are rows of up to 10 MB each). */
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Writes a backup of every table to `file` (atomically: a `.partial` file renamed at the end, so a
 * crash never leaves a file that looks complete). Runs in one read-only snapshot.
 */
export async function writeBackup(database: Database, file: string, options: { version: string; masterKey?: Buffer | undefined; includeMasterKey?: boolean; progress?: (s: string) => void }): Promise<BackupSummary> {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const rows: Record<string, number> = {};
  const writer = gzipLines(partial);
  try {
    await database.withConnection(async (conn) => {
      await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const tables = await listTables(conn);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          onetrip: options.version,
          engine: database.kind,
          migrations: await appliedMigrations(conn),
          tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
          sequences: await listSequences(conn),
          masterKey: options.masterKey ? { fingerprint: keyFingerprint(options.masterKey), ...(options.includeMasterKey ? { key: options.masterKey.toString('base64') } : {}) } : null,
        };
        await writer.line(JSON.stringify({ '@backup': header }));
        for (const t of tables) {
          await writer.line(JSON.stringify({ '@table': t.name, columns: t.columns }));
          const cols = t.columns.map(q).join(', ');
          const order = t.primaryKey.length ? ` ORDER BY ${t.primaryKey.map(q).join(', ')}` : '';
          await conn.query(`DECLARE onetrip_backup NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS j FROM (SELECT ${cols} FROM public.${q(t.name)}${order}) r`);
          let n = 0;
          let fetch = 100;
          for (;;) {
            const { rows: batch } = await conn.query<{ j: string }>(`FETCH ${fetch} FROM onetrip_backup`);
            let size = 0;
            for (const { j } of batch) {
              await writer.line(j);
              size += j.length;
            }
            n += batch.length;
            if (batch.length < fetch) break;
            fetch = Math.max(1, Math.min(2000, Math.floor(BATCH_BYTES / Math.max(1, size / batch.length))));
          }
          await conn.query('CLOSE onetrip_backup');
          rows[t.name] = n;
          options.progress?.(`${t.name}: ${n}`);
        }
        await writer.line(JSON.stringify({ '@end': { rows } }));
      } finally {
        await conn.query('ROLLBACK');
      }
    });
    const bytes = await writer.end();
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(path.dirname(target));
    return { file: target, bytes, rows };
  } catch (err) {
    await writer.end().catch(() => {});
    rmSync(partial, { force: true });
    throw err;
  }
}

// ---------------------------------------------------------------- reading

/** The lines of a backup file, gzip-compressed or not. */
function readLines(file: string): AsyncIterable<string> {
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(2);
  readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const raw = createReadStream(file);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => input.destroy(err));
  return createInterface({ input, crlfDelay: Infinity });
}

/** Reads a backup's header (first line) without reading the rest. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = readLines(file)[Symbol.asyncIterator]();
  const first = await lines.next();
  await lines.return?.();
  return parseHeader(first.done ? '' : first.value);
}

function parseHeader(line: string): BackupHeader {
  let header: BackupHeader | undefined;
  try {
    header = (JSON.parse(line) as { '@backup'?: BackupHeader })['@backup'];
  } catch {
    // handled below
  }
  if (!header || header.format !== BACKUP_FORMAT) throw new Error('not a OneTrip backup (no "@backup" header on the first line)');
  if (header.formatVersion > BACKUP_FORMAT_VERSION) throw new Error(`backup format ${header.formatVersion} is newer than this OneTrip reads (${BACKUP_FORMAT_VERSION}): upgrade OneTrip first`);
  return header;
}

// ---------------------------------------------------------------- restoring

/** Tables of the `public` schema that hold rows (a restore refuses to overwrite them without --force). */
export async function tablesWithRows(database: Database): Promise<string[]> {
  return database.withConnection(async (conn) => {
    const { rows: tables } = await conn.query<{ name: string }>(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`);
    const full: string[] = [];
    for (const { name } of tables) {
      const { rows: [r] } = await conn.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM public.${q(name)}) AS any`);
      if (r?.any) full.push(name);
    }
    return full;
  });
}

export class RestoreRefused extends Error {}

export interface RestoreSummary {
  header: BackupHeader;
  rows: Record<string, number>;
  /** Migrations applied after loading, when the backup came from an older OneTrip. */
  migratedFrom: number;
  migratedTo: number;
}

/** A copy of the first `count` migrations (drizzle migrates up to what its folder holds). */
function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'onetrip-migrations-'));
  mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

/**
 * Reads a whole backup and checks it: gzip's checksum, a header, an end line, and as many rows per table as it says.
 * @throws Error naming what is wrong.
 */
export async function checkComplete(file: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  let table: string | undefined;
  const rows: Record<string, number> = {};
  for await (const line of readLines(path.resolve(file))) {
    if (!header) {
      header = parseHeader(line);
      continue;
    }
    if (!line.startsWith('{"@')) {
      if (!table) throw new Error('a row before any table in the backup');
      rows[table] = (rows[table] ?? 0) + 1;
      continue;
    }
    const control = JSON.parse(line) as { '@table'?: string; '@end'?: { rows: Record<string, number> } };
    if (control['@end']) {
      for (const [name, n] of Object.entries(control['@end'].rows)) {
        if ((rows[name] ?? 0) !== n) throw new Error(`the backup is damaged: ${name} should have ${n} rows, it has ${rows[name] ?? 0}`);
      }
      return header;
    }
    table = control['@table'];
  }
  if (!header) throw new Error('not a OneTrip backup (the file is empty)');
  throw new Error('the backup is truncated (no "@end" line): it was not written completely');
}

/**
 * Restores a backup into `database`: refuses one whose tables hold rows unless `force` (then checks
 * the whole file, and drops the whole `public` schema), migrates to the backup's schema level, loads every table in one
 * transaction, sets the sequences, then applies the migrations that came after the backup.
 * @throws RestoreRefused when the target is not empty, or the backup is from a newer or different schema history.
 */
export async function restoreBackup(database: Database, file: string, options: { force?: boolean; progress?: (s: string) => void } = {}): Promise<RestoreSummary> {
  const lines = readLines(path.resolve(file))[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = parseHeader(first.done ? '' : first.value);
  const code = readMigrationFiles({ migrationsFolder }).map((m) => m.hash);
  const level = header.migrations.length;
  if (level > code.length) throw new RestoreRefused(`the backup's schema has ${level} migrations, this OneTrip knows ${code.length}: restore it with OneTrip ${header.onetrip} or newer`);
  const diverged = header.migrations.findIndex((h, i) => h !== code[i]);
  if (diverged >= 0) throw new RestoreRefused(`migration ${diverged + 1} of the backup differs from this OneTrip's: it comes from another schema history`);

  const full = await tablesWithRows(database);
  if (full.length && !options.force) throw new RestoreRefused(`the target database is not empty (${full.slice(0, 5).join(', ')}${full.length > 5 ? ', …' : ''} hold rows): restore refuses to overwrite it without --force`);
  // Before dropping data: read the whole file once, so a damaged or truncated backup never replaces it.
  if (full.length) await checkComplete(file);
  await database.withConnection(async (conn) => {
    const { rows: [s] } = await conn.query<{ tables: number; drizzle: boolean }>(`
      SELECT (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public') AS tables,
        EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle') AS drizzle`);
    // A schema at another level (even empty) is rebuilt from scratch: migrations then match the backup's.
    if (s!.tables > 0 || s!.drizzle) {
      options.progress?.('dropping the existing schema …');
      await conn.query('BEGIN');
      await conn.query('DROP SCHEMA IF EXISTS drizzle CASCADE');
      await conn.query('DROP SCHEMA public CASCADE');
      await conn.query('CREATE SCHEMA public');
      await conn.query('COMMIT');
    }
  });

  const atLevel = migrationsUpTo(level);
  try {
    await database.migrate({ migrationsFolder: atLevel });
  } finally {
    rmSync(atLevel, { recursive: true, force: true });
  }

  const rows: Record<string, number> = {};
  await database.withConnection(async (conn) => {
    await conn.query('BEGIN');
    try {
      let table: { name: string; insert: string } | undefined;
      let batch: string[] = [];
      let size = 0;
      const flush = async () => {
        if (!table || !batch.length) return;
        await conn.query(table.insert, [`[${batch.join(',')}]`]);
        rows[table.name] = (rows[table.name] ?? 0) + batch.length;
        batch = [];
        size = 0;
      };
      let ended: { rows: Record<string, number> } | undefined;
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const line = next.value;
        if (!line) continue;
        if (line.startsWith('{"@')) {
          await flush();
          const control = JSON.parse(line) as { '@table'?: string; columns?: string[]; '@end'?: { rows: Record<string, number> } };
          if (control['@end']) {
            ended = control['@end'];
            break;
          }
          const name = control['@table'];
          if (!name || !control.columns) throw new Error(`unexpected line in the backup: ${line.slice(0, 80)}`);
          if (table) options.progress?.(`${table.name}: ${rows[table.name] ?? 0}`);
          const cols = control.columns.map(q).join(', ');
          table = { name, insert: `INSERT INTO public.${q(name)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::public.${q(name)}, $1::json)` };
          rows[name] = 0;
          continue;
        }
        if (!table) throw new Error('a row before any table in the backup');
        batch.push(line);
        size += line.length;
        if (size >= BATCH_BYTES || batch.length >= 1000) await flush();
      }
      if (table) options.progress?.(`${table.name}: ${rows[table.name] ?? 0}`);
      if (!ended) throw new Error('the backup is truncated (no "@end" line): it was not written completely');
      for (const [name, n] of Object.entries(ended.rows)) {
        if ((rows[name] ?? 0) !== n) throw new Error(`the backup is damaged: ${name} should have ${n} rows, it has ${rows[name] ?? 0}`);
      }
      for (const s of header.sequences) {
        await conn.query(`SELECT setval('public.${q(s.name).replace(/'/g, "''")}', $1::bigint, $2)`, [s.lastValue, s.isCalled]);
      }
      await conn.query('COMMIT');
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
  await lines.return?.();

  if (level < code.length) {
    options.progress?.(`migrating from ${level} to ${code.length} …`);
    await database.migrate();
  }
  return { header, rows, migratedFrom: level, migratedTo: code.length };
}
