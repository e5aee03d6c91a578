import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/build-test-app.js';
import { buildUser } from '../test/factories.js';
import { type Ctx } from './context.js';
import { checkUpload, fileOwnedBy, findOwnFileInfo, MAX_FILE_BYTES, normalizeFileName, readFile, registerFileAccess, sniffMediaType } from './files.js';
import { auditEntries, fileRefs, files } from './schema.js';

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF no other test uploads. */
const uniquePdf = () => Buffer.concat([PDF, Buffer.from(`% ${randomBytes(8).toString('hex')}\n`)]);

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
}

/** A multipart/form-data body, written out by hand as a browser would send it. */
function multipart(parts: Part[]) {
  const boundary = `----onetrip${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, 'utf8'), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (user: { id: string } | null, file: Partial<Part> & { data: Buffer | string }, extra: Part[] = []) =>
  t.injectAs(user, { method: 'POST', url: '/api/v1/files', ...multipart([{ name: 'file', filename: 'scan.pdf', type: 'application/pdf', ...file }, ...extra]) });

describe('uploading', () => {
  it('stores a PDF, answers 201 with its SHA-256, audits it, and gives the owner the same bytes back', async () => {
    const owner = await buildUser(t.db);
    const bytes = uniquePdf();
    const res = await upload(owner, { data: bytes, filename: '营业执照 (副本).pdf' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: hex(bytes), size: bytes.length, mediaType: 'application/pdf', name: '营业执照 (副本).pdf' });

    const audit = await t.db.select().from(auditEntries).where(eq(auditEntries.targetId, hex(bytes)));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([['file.upload', owner.id]]);

    const got = await t.injectAs(owner, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('营业执照 ')}%28${encodeURIComponent('副本')}%29.pdf`);
  });

  it('stores a PNG and a JPEG by their content', async () => {
    const user = await buildUser(t.db);
    const png = await upload(user, { data: PNG, filename: 'photo.png', type: 'image/png' });
    expect(png.statusCode).toBe(201);
    expect(png.json().mediaType).toBe('image/png');
    // An undeclared type (application/octet-stream) is taken from the content.
    const jpeg = await upload(user, { data: JPEG, filename: 'photo.jpg', type: 'application/octet-stream' });
    expect(jpeg.statusCode).toBe(201);
    expect(jpeg.json().mediaType).toBe('image/jpeg');
    const got = await t.injectAs(user, { method: 'GET', url: `/api/v1/files/${hex(PNG)}` });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
  });

  it('stores the same content once, recording each uploader', async () => {
    const a = await buildUser(t.db);
    const b = await buildUser(t.db);
    const bytes = uniquePdf();
    expect((await upload(a, { data: bytes, filename: 'a.pdf' })).statusCode).toBe(201);
    expect((await upload(a, { data: bytes, filename: 'a.pdf' })).statusCode).toBe(201);
    const second = await upload(b, { data: bytes, filename: 'b.pdf' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ id: hex(bytes), name: 'b.pdf' });
    const [stored] = await t.db.select({ n: sql<number>`count(*)::int` }).from(files).where(eq(files.sha256, hex(bytes)));
    expect(stored!.n).toBe(1);
    const refs = await t.db.select().from(fileRefs).where(eq(fileRefs.sha256, hex(bytes)));
    expect(refs.map((r) => [r.ownerId, r.name]).sort()).toEqual([[a.id, 'a.pdf'], [b.id, 'b.pdf']].sort());
    expect(await fileOwnedBy(t.db, hex(bytes), b.id)).toBe(true);
    // Each sees it under their own name.
    const asB = await t.injectAs(b, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` });
    expect(asB.headers['content-disposition']).toBe("inline; filename*=UTF-8''b.pdf");
    expect(await findOwnFileInfo(t.db, hex(bytes), a.id)).toEqual({ id: hex(bytes), size: bytes.length, mediaType: 'application/pdf', name: 'a.pdf' });
  });

  it('refuses a PNG declared as a PDF, and stores nothing', async () => {
    const user = await buildUser(t.db);
    const png = Buffer.concat([PNG, randomBytes(4)]);
    const res = await upload(user, { data: png, filename: 'fake.pdf', type: 'application/pdf' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('file.type_mismatch');
    expect(await readFile(t.db, hex(png))).toBeUndefined();
  });

  it('refuses a text file with 415', async () => {
    const user = await buildUser(t.db);
    const res = await upload(user, { data: 'hello, not a document', filename: 'note.txt', type: 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('file.unsupported_type');
    // Renaming it does not help: the content decides.
    const renamed = await upload(user, { data: 'hello, not a document', filename: 'note.pdf', type: 'application/pdf' });
    expect(renamed.json().code).toBe('file.unsupported_type');
  });

  it('takes exactly 10 MiB and refuses one byte more with 413 problem+json', async () => {
    const user = await buildUser(t.db);
    const atLimit = Buffer.alloc(MAX_FILE_BYTES, 0x20);
    PDF.copy(atLimit);
    randomBytes(16).copy(atLimit, 100);
    const ok = await upload(user, { data: atLimit });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().size).toBe(MAX_FILE_BYTES);
    const over = Buffer.concat([atLimit, Buffer.from(' ')]);
    const res = await upload(user, { data: over });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('payload_too_large');
    expect(await readFile(t.db, hex(over))).toBeUndefined();
  });

  it('refuses an empty file, a request without a file, two files, and a malformed body — never with a 5xx', async () => {
    const user = await buildUser(t.db);
    expect((await upload(user, { data: '' })).json().code).toBe('file.empty');
    const noFile = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', ...multipart([{ name: 'note', data: 'hi' }]) });
    expect([noFile.statusCode, noFile.json().code]).toEqual([400, 'file.missing']);
    const wrongField = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', ...multipart([{ name: 'upload', filename: 'a.pdf', type: 'application/pdf', data: uniquePdf() }]) });
    expect([wrongField.statusCode, wrongField.json().code]).toEqual([400, 'file.missing']);
    const two = await upload(user, { data: uniquePdf() }, [{ name: 'file', filename: 'b.pdf', type: 'application/pdf', data: uniquePdf() }]);
    expect(two.statusCode).toBe(413);
    expect(two.headers['content-type']).toContain('application/problem+json');
    const truncated = multipart([{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: uniquePdf() }]);
    const cut = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', headers: truncated.headers, payload: truncated.payload.subarray(0, truncated.payload.length - 10) });
    expect([cut.statusCode, cut.json().code]).toEqual([400, 'malformed_body']);
    const noBoundary = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect([noBoundary.statusCode, noBoundary.json().code]).toEqual([400, 'malformed_body']);
  });

  it('answers a request that is not multipart with 415', async () => {
    const user = await buildUser(t.db);
    const json = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const xml = await t.injectAs(user, { method: 'POST', url: '/api/v1/files', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect([xml.statusCode, xml.json().code]).toEqual([415, 'unsupported_media_type']);
  });

  it('keeps multipart bodies out of every other route', async () => {
    const body = multipart([{ name: 'username', data: 'x' }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', ...body });
    expect(res.statusCode).toBe(415);
  });

  it('refuses anonymous uploads and downloads with 401', async () => {
    const res = await upload(null, { data: uniquePdf() });
    expect([res.statusCode, res.json().code]).toEqual([401, 'unauthenticated']);
    const get = await t.injectAs(null, { method: 'GET', url: `/api/v1/files/${hex(PDF)}` });
    expect(get.statusCode).toBe(401);
  });

  it('limits uploads to 60 a minute per user', async () => {
    const busy = await buildUser(t.db);
    const other = await buildUser(t.db);
    const empty = multipart([{ name: 'note', data: 'x' }]);
    for (let i = 0; i < 60; i++) {
      const res = await t.injectAs(busy, { method: 'POST', url: '/api/v1/files', ...empty });
      expect(res.statusCode).toBe(400);
    }
    const limited = await t.injectAs(busy, { method: 'POST', url: '/api/v1/files', ...empty });
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate_limited']);
    // Same address, another user: their own budget.
    expect((await upload(other, { data: uniquePdf() })).statusCode).toBe(201);
  });
});

describe('reading back', () => {
  it('hides a file from another user (404), like one that does not exist', async () => {
    const owner = await buildUser(t.db);
    const stranger = await buildUser(t.db);
    const bytes = uniquePdf();
    await upload(owner, { data: bytes });
    const res = await t.injectAs(stranger, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` });
    expect([res.statusCode, res.json().code]).toEqual([404, 'not_found']);
    const missing = await t.injectAs(owner, { method: 'GET', url: `/api/v1/files/${'0'.repeat(64)}` });
    expect(missing.statusCode).toBe(404);
    const bad = await t.injectAs(owner, { method: 'GET', url: '/api/v1/files/not-a-hash' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
  });

  it('lets a registered access rule grant others, and only whom it names', async () => {
    const owner = await buildUser(t.db);
    const reviewer = await buildUser(t.db, { role: 'reviewer' });
    const stranger = await buildUser(t.db, { role: 'reviewer' });
    const bytes = uniquePdf();
    await upload(owner, { data: bytes, filename: 'plan.pdf' });
    const before = await t.injectAs(reviewer, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` });
    expect(before.statusCode).toBe(404);
    const seen: string[] = [];
    registerFileAccess(async (ctx: Ctx, sha256: string) => {
      seen.push(sha256);
      return ctx.actor?.id === reviewer.id && sha256 === hex(bytes);
    });
    const after = await t.injectAs(reviewer, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` });
    expect(after.statusCode).toBe(200);
    expect(after.rawPayload.equals(bytes)).toBe(true);
    expect(after.headers['content-disposition']).toBe("inline; filename*=UTF-8''plan.pdf");
    expect((await t.injectAs(stranger, { method: 'GET', url: `/api/v1/files/${hex(bytes)}` })).statusCode).toBe(404);
    expect(seen).toContain(hex(bytes));
  });
});

describe('the store', () => {
  it('never lets stored content change', async () => {
    const user = await buildUser(t.db);
    const bytes = uniquePdf();
    await upload(user, { data: bytes });
    await expect(t.db.update(files).set({ mediaType: 'image/png' }).where(eq(files.sha256, hex(bytes)))).rejects.toThrow();
    expect((await readFile(t.db, hex(bytes)))!.mediaType).toBe('application/pdf');
  });

  it('documents both routes, the upload as multipart/form-data', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const post = doc.paths['/api/v1/files'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(post.requestBody.content['multipart/form-data'].schema.properties.file.format).toBe('binary');
    expect(Object.keys(doc.paths['/api/v1/files/{sha256}'].get.responses['200'].content).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
  });

  it('sniffs by magic bytes and normalises names', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf');
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(checkUpload(JPEG, 'image/jpg')).toBe('image/jpeg');
    expect(checkUpload(PDF, 'Application/PDF; charset=binary')).toBe('application/pdf');
    expect(() => checkUpload(JPEG, 'image/png')).toThrow(/declared image\/png/);
    expect(normalizeFileName('C:\\Users\\张伟\\身份证.jpg')).toBe('身份证.jpg');
    expect(normalizeFileName('../../etc/passwd')).toBe('passwd');
    expect(normalizeFileName('a\u0000b\r\n.pdf')).toBe('ab.pdf');
    expect(normalizeFileName('   ')).toBe('file');
    expect(Array.from(normalizeFileName('名'.repeat(300)))).toHaveLength(200);
  });
});
