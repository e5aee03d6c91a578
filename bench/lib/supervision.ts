// Supervision at scale (issue 7, item 7): a generated history of a million cases over two years, then
// the prefecture's KPIs (whole, and per child organisation) and its live warning list asked through
// the real app (Fastify's inject: routing, schemas and serialisation included, no network), timed.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, rows } from '../../server/db/client.js';
import { generateHistory } from '../../server/modules/supervision/index.js';
import { hashToken } from '../../server/platform/auth.js';
import { systemClock } from '../../server/platform/clock.js';
import { sessions, users } from '../../server/platform/schema.js';
import { isEmpty, seed } from '../../server/seed/seed.js';
import { addDays, shanghaiDate } from '../../common/working-days.js';
import { percentile } from './search.js';

export interface Timing {
  url: string;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SupervisionBenchResult {
  /** Cases in the database when measured. */
  cases: number;
  caseEvents: number;
  /** Seconds `onetrip generate` took here (0 when the database already held the history). */
  generateSeconds: number;
  kpis: Timing;
  kpisByChild: Timing;
  kpisMonth: Timing;
  warnings: Timing;
  warningsRed: Timing;
}

/**
 * Generates `cases` cases over `years` years into the PostgreSQL database at `databaseUrl` (seeding
 * the demo organisations and catalog first when it is empty; skipped when it already holds that many
 * cases), then asks each supervision query `runs` times (after a warm-up) as the prefecture's
 * supervisor and reports the 50th and 99th percentiles.
 */
export async function benchSupervision(databaseUrl: string, options: { cases?: number; years?: number; runs?: number; seed?: number; say?: (s: string) => void } = {}): Promise<SupervisionBenchResult> {
  const say = options.say ?? (() => {});
  const wanted = options.cases ?? 1_000_000;
  const runs = options.runs ?? 50;
  const database = await openDatabase({ databaseUrl, poolSize: 10 });
  try {
    await database.migrate();
    if (await isEmpty(database.db)) {
      say('seeding the demo organisations and catalog …');
      await seed(database.db, { demo: true });
    }
    const count = async () => Number((await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM cases`))[0]?.n ?? 0);
    let generateSeconds = 0;
    const have = await count();
    if (have < wanted) {
      say(`generating ${(wanted - have).toLocaleString('en')} cases over ${options.years ?? 2} years …`);
      let last = -1;
      const report = await generateHistory(database, systemClock.now(), {
        cases: wanted - have, years: options.years ?? 2, seed: options.seed ?? 1,
        progress: (step, done, total) => {
          const tenth = Math.floor((done / Math.max(1, total)) * 10);
          if (tenth !== last) say(`  ${step}: ${tenth * 10}%`);
          last = tenth;
        },
      });
      generateSeconds = report.seconds;
      say(`  generated in ${report.seconds.toFixed(0)} s`);
    }
    const [counts] = await rows<{ cases: number; events: number }>(database.db, sql`SELECT (SELECT count(*) FROM cases)::float8 AS cases, (SELECT count(*) FROM case_events)::float8 AS events`);

    const config = loadConfig({}, { databaseUrl, logLevel: 'warn', masterKey: randomBytes(32).toString('base64') });
    const app = await buildApp({ config, database, serveWeb: false });
    await app.ready();
    try {
      const [supervisor] = await database.db.select().from(users).where(eq(users.username, 'supervisor'));
      if (!supervisor) throw new Error('no demo account "supervisor": the database was not seeded with the demo data');
      const token = randomBytes(24).toString('base64url');
      await database.db.insert(sessions).values({ tokenHash: hashToken(token), userId: supervisor.id, createdAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) });
      const cookie = `onetrip_session=${token}`;
      const today = shanghaiDate(systemClock.now());
      const from = addDays(today, -Math.round((options.years ?? 2) * 365));

      const time = async (url: string): Promise<Timing> => {
        say(`  timing ${url} …`);
        const ask = async () => {
          const t0 = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { cookie } });
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
          return ms;
        };
        for (let i = 0; i < 3; i++) await ask();
        const times: number[] = [];
        for (let i = 0; i < runs; i++) times.push(await ask());
        times.sort((a, b) => a - b);
        return { url, runs, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: times.at(-1)! };
      };
      return {
        cases: counts!.cases, caseEvents: counts!.events, generateSeconds,
        kpis: await time(`/api/v1/supervision/kpis?org=652300&from=${from}&to=${today}`),
        kpisByChild: await time(`/api/v1/supervision/kpis?org=652300&from=${from}&to=${today}&by=child`),
        kpisMonth: await time(`/api/v1/supervision/kpis?org=652300&from=${today.slice(0, 7)}-01&to=${today}`),
        warnings: await time('/api/v1/supervision/warnings?org=652300&pageSize=50'),
        warningsRed: await time('/api/v1/supervision/warnings?org=652301&level=red&pageSize=50'),
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The timings with what each measures, for the printed lines and the table. */
export function supervisionTimings(r: SupervisionBenchResult): [string, Timing][] {
  return [
    ['Supervision: KPIs of the prefecture, two years', r.kpis],
    ['Supervision: the same per child organisation (by=child)', r.kpisByChild],
    ['Supervision: KPIs of the prefecture, this month', r.kpisMonth],
    ['Supervision: live warnings of the prefecture', r.warnings],
    ['Supervision: red cases of a county', r.warningsRed],
  ];
}
