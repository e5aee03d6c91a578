import path from 'node:path';

/** Everything OneTrip reads from the environment; the only place that touches `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded database keeps its files; unused when `databaseUrl` is set. */
  readonly dataDir: string;
  /** A PostgreSQL server (postgres://…); when absent, the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** The embedded database flushes each commit to disk before acknowledging it (survives a power cut); off is faster. */
  readonly dbFsync: boolean;
  /** Seed demo organisations, accounts and data into an empty database. */
  readonly demo: boolean;
  /** Set cookies with `Secure` and send HSTS: the server is reached over TLS (directly or via a proxy). */
  readonly secureCookies: boolean;
  readonly sessionTtlHours: number;
  /** Sign-in attempts one address may make per minute (the per-account lockout is separate). */
  readonly loginAttemptsPerMinute: number;
  readonly logLevel: string;
  /** The address users reach OneTrip at (https://…), for links printed on paper; default: the request's own host. */
  readonly publicUrl: string | undefined;
  /** Base64 of 32 bytes that encrypts organisations' signing keys; default: a key file in the data directory. */
  readonly masterKey: string | undefined;
  /** Working days a department has to follow up a bad rating (verify, answer, rectify, call back). */
  readonly rectifyDays: number;
  /** Working days the responsible organisation has to answer a reform problem report (R7.4). */
  readonly problemReportDays: number;
  /** Bearer token for `/metrics`; without one, only the machine itself may scrape. */
  readonly metricsToken: string | undefined;
  /** Training mode: administrators may set the server's clock (never in production). */
  readonly trainingMode: boolean;
  /** Trust X-Forwarded-* from a proxy in front of the server. */
  readonly trustProxy: boolean;
}

const flag = (value: string | undefined, fallback: boolean): boolean =>
  value === undefined || value === '' ? fallback : !['0', 'false', 'no', 'off'].includes(value.toLowerCase());

/**
 * Reads and validates the environment once, reporting every invalid variable together.
 * @throws Error listing all problems, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const publicUrl = env.ONETRIP_PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) problems.push('ONETRIP_PUBLIC_URL must be an http(s) URL');
  const masterKey = env.ONETRIP_MASTER_KEY || undefined;
  if (masterKey && Buffer.from(masterKey, 'base64').length !== 32) problems.push('ONETRIP_MASTER_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) problems.push(`LOG_LEVEL "${logLevel}" is not a pino level`);

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.ONETRIP_DATA_DIR || './data'),
    databaseUrl,
    dbFsync: flag(env.ONETRIP_DB_FSYNC, true),
    demo: flag(env.ONETRIP_DEMO, true),
    secureCookies: flag(env.ONETRIP_SECURE_COOKIES, false),
    sessionTtlHours: int('ONETRIP_SESSION_HOURS', 12, 1, 24 * 30),
    loginAttemptsPerMinute: int('ONETRIP_LOGIN_RATE', 20, 1, 100_000),
    logLevel,
    trustProxy: flag(env.ONETRIP_TRUST_PROXY, false),
    publicUrl,
    masterKey,
    rectifyDays: int('ONETRIP_RECTIFY_DAYS', 15, 1, 120),
    problemReportDays: int('ONETRIP_PROBLEM_REPORT_DAYS', 5, 1, 60),
    metricsToken: env.ONETRIP_METRICS_TOKEN || undefined,
    trainingMode: flag(env.ONETRIP_TRAINING, false),
    ...overrides,
  };
  if (problems.length) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return Object.freeze(config);
}
