import { Type } from 'typebox';

// Shared TypeBox shapes whose TypeScript side differs from their JSON side.

/** A timestamp: a `Date` in the code, an ISO 8601 string on the wire. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** The largest value of a PostgreSQL `integer` column: versions and numbers above it can match no row. */
export const INT4_MAX = 2_147_483_647;

/** Bytes of a file (a PDF, a spreadsheet) sent as the whole response body. */
export const Binary = (mediaType: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: mediaType });
