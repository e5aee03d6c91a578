import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { preparedQuery } from '../db/prepared.js';
import { requireActor } from './access.js';
import { recordAudit } from './audit.js';
import type { Ctx } from './context.js';
import { Problem } from './errors.js';
import { fileRefs, files } from './schema.js';

/** The largest file anyone may upload (10 MiB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The only kinds of file OneTrip stores: scanned documents and photos. */
export const fileMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type FileMediaType = (typeof fileMediaTypes)[number];

/** What the API tells about a stored file; `id` is the hex SHA-256 of its content. */
export interface FileInfo {
  id: string;
  size: number;
  mediaType: FileMediaType;
  name: string;
}

export interface StoredFile {
  id: string;
  size: number;
  mediaType: FileMediaType;
  bytes: Buffer;
}

export interface StoreFileInput {
  bytes: Buffer;
  /** The original file name (any path is stripped). */
  name: string;
  /** The media type the client declared; `application/octet-stream` or nothing means "not declared". */
  declaredType?: string | undefined;
  /** The uploading user. */
  ownerId: string;
}

const MAGIC: { type: FileMediaType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

const ALIASES: Record<string, FileMediaType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf' };

/** The real type of some bytes, from their magic number; undefined for anything but PDF, JPEG and PNG. */
export function sniffMediaType(bytes: Uint8Array): FileMediaType | undefined {
  return MAGIC.find((m) => m.bytes.length <= bytes.length && m.bytes.every((b, i) => bytes[i] === b))?.type;
}

/**
 * The media type to store for an upload: the sniffed one, provided it agrees with what was declared.
 * @throws Problem 'file.empty', 'payload_too_large', 'file.unsupported_type' (415) or 'file.type_mismatch'.
 */
export function checkUpload(bytes: Uint8Array, declaredType?: string): FileMediaType {
  if (bytes.length === 0) throw new Problem('file.empty');
  if (bytes.length > MAX_FILE_BYTES) throw new Problem('payload_too_large', `files may have at most ${MAX_FILE_BYTES} bytes`);
  const sniffed = sniffMediaType(bytes);
  if (!sniffed) throw new Problem('file.unsupported_type');
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && (ALIASES[declared] ?? declared) !== sniffed) {
    throw new Problem('file.type_mismatch', `declared ${declared}, but the content is ${sniffed}`);
  }
  return sniffed;
}

/** A file name safe to store and to send back: no directories, no control characters, at most 200 characters. */
export function normalizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return Array.from(clean).slice(0, 200).join('') || 'file';
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores an upload inside the caller's transaction: the content once (content-addressed, never
 * overwritten), plus who uploaded it under which name. The caller audits it.
 * @throws Problem as {@link checkUpload} does.
 */
export async function storeFile(tx: Tx, input: StoreFileInput): Promise<FileInfo> {
  const mediaType = checkUpload(input.bytes, input.declaredType);
  const id = sha256Hex(input.bytes);
  const name = normalizeFileName(input.name);
  await tx.insert(files).values({ sha256: id, size: input.bytes.length, mediaType, bytes: input.bytes }).onConflictDoNothing();
  await tx.insert(fileRefs).values({ sha256: id, ownerId: input.ownerId, name }).onConflictDoNothing();
  return { id, size: input.bytes.length, mediaType, name };
}

/** The kinds of document OneTrip itself generates and keeps (reports): PDF and spreadsheets. */
export const generatedMediaTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
export type GeneratedMediaType = (typeof generatedMediaTypes)[number];

/**
 * Keeps a document the server generated (not an upload: its type is the generator's word, not
 * sniffed) in the content-addressed store, inside the caller's transaction, under the name given and
 * the user it was generated for. Readers are checked by the module that keeps it.
 */
export async function storeGeneratedFile(tx: Tx, input: { bytes: Buffer; name: string; mediaType: GeneratedMediaType; ownerId: string }): Promise<{ id: string; size: number; name: string; mediaType: GeneratedMediaType }> {
  const id = sha256Hex(input.bytes);
  const name = normalizeFileName(input.name);
  await tx.insert(files).values({ sha256: id, size: input.bytes.length, mediaType: input.mediaType, bytes: input.bytes }).onConflictDoNothing();
  await tx.insert(fileRefs).values({ sha256: id, ownerId: input.ownerId, name }).onConflictDoNothing();
  return { id, size: input.bytes.length, mediaType: input.mediaType, name };
}

/** Stores an upload by the signed-in user in its own transaction, with the audit entry `file.upload`. */
export async function uploadFile(ctx: Ctx, input: Omit<StoreFileInput, 'ownerId'>): Promise<FileInfo> {
  const actor = requireActor(ctx.actor);
  checkUpload(input.bytes, input.declaredType); // refuse before opening a transaction
  return ctx.db.transaction(async (tx) => {
    const info = await storeFile(tx, { ...input, ownerId: actor.id });
    await recordAudit(tx, ctx, { action: 'file.upload', targetType: 'file', targetId: info.id, after: info });
    return info;
  });
}

/** The stored content and its type (no access check: callers decide who may read it). */
export async function readFile(q: Queryable, sha256: string): Promise<StoredFile | undefined> {
  const [row] = await q.select().from(files).where(eq(files.sha256, sha256)).limit(1);
  return row ? { id: row.sha256, size: row.size, mediaType: row.mediaType as FileMediaType, bytes: row.bytes } : undefined;
}

/** Whether `userId` uploaded this content (under any name). */
export async function fileOwnedBy(q: Queryable, sha256: string, userId: string): Promise<boolean> {
  const [row] = await q.select({ one: sql<number>`1` }).from(fileRefs).where(and(eq(fileRefs.sha256, sha256), eq(fileRefs.ownerId, userId))).limit(1);
  return !!row;
}

/** Which of these contents `userId` uploaded, in one query (a filing checks all its materials at once). */
// Every filing asks (one array parameter, so one statement whatever the number of files).
const ownedQuery = preparedQuery('onetrip_files_owned_by', (q) =>
  q.selectDistinct({ sha256: fileRefs.sha256 }).from(fileRefs).where(and(eq(fileRefs.ownerId, sql.placeholder('userId')), sql`${fileRefs.sha256} = any(${sql.placeholder('sha256s')}::text[])`)),
);

export async function filesOwnedBy(q: Queryable, sha256s: string[], userId: string): Promise<Set<string>> {
  const unique = [...new Set(sha256s)];
  if (!unique.length) return new Set();
  const rows = await ownedQuery(q, { userId, sha256s: unique });
  return new Set(rows.map((r) => r.sha256));
}

/**
 * What `userId` uploaded as this content (their latest name for it), without the bytes; undefined when
 * they never uploaded it. For modules that attach a user's upload to their own records.
 */
export async function findOwnFileInfo(q: Queryable, sha256: string, userId: string): Promise<FileInfo | undefined> {
  const [row] = await q
    .select({ size: files.size, mediaType: files.mediaType, name: fileRefs.name })
    .from(fileRefs)
    .innerJoin(files, eq(files.sha256, fileRefs.sha256))
    .where(and(eq(fileRefs.sha256, sha256), eq(fileRefs.ownerId, userId)))
    .orderBy(desc(fileRefs.createdAt))
    .limit(1);
  return row ? { id: sha256, size: row.size, mediaType: row.mediaType as FileMediaType, name: row.name } : undefined;
}

/** A rule by which a module grants a user access to a file it did not upload (e.g. staff handling a case). */
export type FileAccessCheck = (ctx: Ctx, sha256: string) => Promise<boolean>;

const accessChecks = new Set<FileAccessCheck>();

/**
 * Adds a rule granting read access to files. Pass a module-level function, not a closure made per
 * app: registering the same function again is a no-op. A check must itself scope by `ctx.actor`.
 */
export function registerFileAccess(check: FileAccessCheck): void {
  accessChecks.add(check);
}

/** Whether the signed-in user may read the file: they uploaded it, or a registered rule says so. */
export async function canReadFile(ctx: Ctx, sha256: string): Promise<boolean> {
  if (!ctx.actor) return false;
  if (await fileOwnedBy(ctx.db, sha256, ctx.actor.id)) return true;
  for (const check of accessChecks) if (await check(ctx, sha256)) return true;
  return false;
}

/**
 * The file with the name to show for it (the reader's own latest name for it, else the latest uploader's).
 * @throws Problem 'unauthenticated'; 'not_found' when it does not exist or the user may not read it.
 */
export async function openFile(ctx: Ctx, sha256: string): Promise<StoredFile & { name: string }> {
  const actor = requireActor(ctx.actor);
  if (!(await canReadFile(ctx, sha256))) throw new Problem('not_found');
  const file = await readFile(ctx.db, sha256);
  if (!file) throw new Problem('not_found');
  const [ref] = await ctx.db
    .select({ name: fileRefs.name })
    .from(fileRefs)
    .where(eq(fileRefs.sha256, sha256))
    .orderBy(desc(sql`${fileRefs.ownerId} = ${actor.id}`), desc(fileRefs.createdAt))
    .limit(1);
  return { ...file, name: ref?.name ?? 'file' };
}

/**
 * What is known of these contents without their bytes: size, type and the name their latest uploader
 * gave them, in one query (no access check: callers decide who may see them).
 */
export async function describeFiles(q: Queryable, sha256s: string[]): Promise<FileInfo[]> {
  const unique = [...new Set(sha256s)];
  if (!unique.length) return [];
  const rows = await q
    .selectDistinctOn([files.sha256], { id: files.sha256, size: files.size, mediaType: files.mediaType, name: fileRefs.name })
    .from(files)
    .innerJoin(fileRefs, eq(fileRefs.sha256, files.sha256))
    .where(inArray(files.sha256, unique))
    .orderBy(files.sha256, desc(fileRefs.createdAt));
  return rows.map((r) => ({ ...r, mediaType: r.mediaType as FileMediaType }));
}
