import { Type } from 'typebox';
import { ProblemSchema } from './errors.js';

// TypeBox shapes the routes share: the same on every route, so written once.

/** A timestamp: a `Date` in the code, an ISO 8601 string on the wire. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** The largest value of a PostgreSQL `integer` column: versions and numbers above it can match no row. */
export const INT4_MAX = 2_147_483_647;

/** Bytes of a file (a PDF, a spreadsheet) sent as the whole response body. */
export const Binary = (mediaType: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: mediaType });

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** A text that must say something, at most `max` characters. */
export const Text = (max: number, extra: object = {}) => Type.String({ minLength: 1, maxLength: max, ...extra });
/** The problems any route may answer besides what it answers on success. */
export const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
/** The `version` a change carries (optimistic locking). */
export const Version = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'The version you read; a stale one gets 409' });
/** A list's page and page size. */
export const Page = { page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) };
