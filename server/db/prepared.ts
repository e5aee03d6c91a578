import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from './client.js';

interface Runnable<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/**
 * A hot query (every request runs it) built once per database handle and then run with its values in
 * `sql.placeholder`s: building a statement with the ORM costs more CPU than the round trip of a short
 * query, and PostgreSQL keeps the parsed statement per connection. On a transaction's handle it is
 * built for the call, like any other query. Pass values as the driver takes them (dates as ISO text).
 */
export function preparedQuery<R>(name: string, build: (q: Queryable) => { prepare(name: string): Runnable<R> }): (q: Queryable, values: Record<string, unknown>) => Promise<R> {
  const byDatabase = new WeakMap<Db, Runnable<R>>();
  return (q, values) => {
    if (q instanceof PgTransaction) return build(q).prepare(name).execute(values);
    let query = byDatabase.get(q);
    if (!query) {
      query = build(q).prepare(name);
      byDatabase.set(q, query);
    }
    return query.execute(values);
  };
}
