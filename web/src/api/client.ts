import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type Locale = 'zh-CN' | 'en-US';

export interface FieldProblem {
  /** JSON Pointer-like location, e.g. `/body/idNumber`. */
  field: string;
  message: string;
}

/** A problem+json answer (RFC 9457) or a failure to reach the server, as one error type. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Record<Locale, string>,
    readonly detail?: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail ?? code);
    this.name = 'ApiProblem';
  }
}

export const networkMessages: Record<Locale, string> = {
  'zh-CN': '无法连接服务器，请检查网络后重试',
  'en-US': 'Cannot reach the server; check your connection and retry',
};

const unexpectedMessages: Record<Locale, string> = {
  'zh-CN': '服务器返回了无法识别的应答',
  'en-US': 'The server sent an unexpected answer',
};

interface ProblemBody {
  code?: unknown;
  message?: { 'zh-CN'?: unknown; 'en-US'?: unknown };
  detail?: unknown;
  errors?: unknown;
}

/** Turns an error body of any shape into an ApiProblem; non-problem bodies get a generic message. */
export function toApiProblem(body: unknown, status: number): ApiProblem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const zh = b.message?.['zh-CN'];
  const en = b.message?.['en-US'];
  const messages = typeof zh === 'string' && typeof en === 'string' ? { 'zh-CN': zh, 'en-US': en } : unexpectedMessages;
  const errors = Array.isArray(b.errors)
    ? b.errors.filter((e): e is FieldProblem => typeof e === 'object' && e !== null && typeof (e as FieldProblem).field === 'string')
    : [];
  return new ApiProblem(status, typeof b.code === 'string' ? b.code : `http_${status}`, messages, typeof b.detail === 'string' ? b.detail : undefined, errors);
}

const networkFailure: Middleware = {
  onError() {
    return new ApiProblem(0, 'network', networkMessages);
  },
};

/** The one HTTP client of the web app: typed by the server's OpenAPI document, cookies same-origin. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(networkFailure);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiProblem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiProblem(error, response.status);
  return data as T;
}

export const isProblem = (err: unknown, code?: string): err is ApiProblem =>
  err instanceof ApiProblem && (code === undefined || err.code === code);
