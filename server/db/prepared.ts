import { sql, type Placeholder } from 'drizzle-orm';
import type { Queryable } from './client.js';

interface Runnable<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/** The driver's session behind a database or transaction handle: its class is the driver, its client the connection. */
const sessionOf = (q: Queryable): { client: unknown; constructor: unknown } => (q as unknown as { session: { client: unknown; constructor: unknown } }).session;

/**
 * A hot statement (every request, or every filing, runs it) built once and then run with its values
 * in `sql.placeholder`s: building a statement with the ORM costs more CPU than the round trip of a
 * short query, and PostgreSQL keeps the parsed statement per connection under its name. The built
 * statement is bound to no connection: each call runs it on the handle it is given, a transaction's
 * included. Placeholders in `values(…)` go through the column's encoder (pass Dates, objects; not
 * null for a timestamp: give such a column `sql`${placeholder}::timestamptz`` and ISO text);
 * placeholders in conditions take driver values (dates as ISO text). A column with a default made in
 * JavaScript (`$defaultFn`, e.g. UUIDv7 ids) must be a placeholder too: its default would be made
 * once, when the statement is built, and repeat.
 */
export function preparedQuery<R>(name: string, build: (q: Queryable) => { prepare(name: string): Runnable<R> }): (q: Queryable, values: Record<string, unknown>) => Promise<R> {
  // Built once per driver (PGlite and node-postgres build different statements; one process, a
  // benchmark or a backup, may use both).
  const builtFor = new Map<unknown, Runnable<R> & { client: unknown }>();
  return (q, values) => {
    const driver = sessionOf(q).constructor;
    let built = builtFor.get(driver);
    if (!built) builtFor.set(driver, (built = build(q).prepare(name) as Runnable<R> & { client: unknown }));
    const client = sessionOf(q).client;
    // The prepared query's only connection-bound field is its client: a shallow copy runs it elsewhere.
    const query: Runnable<R> = built.client === client ? built : Object.assign(Object.create(Object.getPrototypeOf(built) as object) as object, built, { client });
    return query.execute(values);
  };
}

/** `{ key: sql.placeholder('key') }` for each key: the values of a prepared insert. */
export function placeholders<const K extends string>(keys: readonly K[]): Record<K, Placeholder<K>> {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as Record<K, Placeholder<K>>;
}
