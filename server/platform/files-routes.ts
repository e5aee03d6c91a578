import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { gate } from './access.js';
import { Problem, ProblemSchema } from './errors.js';
import { fileMediaTypes, MAX_FILE_BYTES, openFile, uploadFile } from './files.js';

/** Uploads each signed-in user may make per minute. */
export const UPLOADS_PER_MINUTE = 60;

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the content' });

export const FileInfoSchema = Type.Object({
  id: Sha256,
  size: Type.Integer({ description: 'Bytes' }),
  mediaType: Type.Enum(fileMediaTypes),
  name: Type.String({ description: 'The name it was uploaded under' }),
});

const UploadBody = Type.Object({
  file: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'One PDF, JPEG or PNG file of at most 10 MiB' }),
});

const FileContent = Type.Unsafe<Buffer>({
  description: 'The file exactly as uploaded, with its stored media type',
  content: Object.fromEntries(fileMediaTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});

/** RFC 6266 / RFC 8187: a UTF-8 file name in `filename*` (percent-encoded, so no quoting issues). */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename*=UTF-8''${encoded}`;
}

/** The one `file` part of a multipart request; anything unparsable is the client's malformed body. */
async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; name: string; declaredType: string }> {
  let upload: { bytes: Buffer; name: string; declaredType: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue; // plain fields are allowed (and limited) but unused
      if (part.fieldname !== 'file') throw new Problem('file.missing', `unexpected file field "${part.fieldname}"`);
      upload = { bytes: await part.toBuffer(), name: part.filename, declaredType: part.mimetype };
    }
  } catch (err) {
    const e = err as { statusCode?: number; code?: string };
    if (err instanceof Problem || typeof e.statusCode === 'number' || e.code?.startsWith('FST_')) throw err;
    // Busboy's own errors ("Unexpected end of form", "Boundary not found", …) carry no status.
    throw new Problem('malformed_body', (err as Error).message);
  }
  if (!upload) throw new Problem('file.missing');
  return upload;
}

/** Content-addressed uploads (PDF, JPEG, PNG) and reading them back. */
export const fileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Encapsulated here: only these routes accept multipart bodies.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 } });

  app.post('/api/v1/files', {
    schema: {
      tags: ['files'],
      summary: 'Upload a file',
      description: `multipart/form-data with one \`file\` part: a PDF, JPEG or PNG of at most 10 MiB; its type is checked from its content. The same content is stored once however often it is uploaded; the \`id\` is its SHA-256. ${UPLOADS_PER_MINUTE} uploads per minute per user.`,
      consumes: ['multipart/form-data'],
      body: UploadBody,
      response: { 201: FileInfoSchema, 400: ProblemSchema, 401: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema, 429: ProblemSchema },
    },
    // The body is a stream read by the handler; the schema above only documents it.
    validatorCompiler: () => () => true,
    preHandler: gate.user,
    config: { rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => request.actor?.id ?? request.ip } },
  }, async (request, reply) => {
    const upload = await readUpload(request);
    return reply.status(201).send(await uploadFile(request.ctx, upload));
  });

  app.get('/api/v1/files/:sha256', {
    schema: {
      tags: ['files'],
      summary: 'Download a file',
      description: 'The bytes as uploaded, for a user who uploaded them or whom a module grants access (e.g. staff handling the case they belong to); 404 for anyone else.',
      params: Type.Object({ sha256: Sha256 }),
      response: { 200: FileContent, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
    },
    preHandler: gate.user,
  }, async (request, reply) => {
    const file = await openFile(request.ctx, request.params.sha256);
    return reply
      .type(file.mediaType)
      .header('content-disposition', contentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      // Staff preview materials beside the case (an iframe of this origin): framing by our own pages only,
      // nothing loaded by the file itself but the browser's PDF viewer (the global policy forbids both).
      .header('content-security-policy', "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      // Content never changes under its hash, but access may: browsers keep it, shared caches must not.
      .header('cache-control', 'private, max-age=86400, immutable')
      .header('etag', `"${file.id}"`)
      .send(file.bytes);
  });
};
