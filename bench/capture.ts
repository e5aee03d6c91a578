// Prints the SQL the server sends for one submission and for each transition the benchmark times, as
// PostgreSQL logs it (log_statement=all): how bench/sql/submission.pgbench was written, and the count of
// round trips per request. Steady state: the first chain (caches filling) is not shown, nor a chain that
// the periodic jobs' statements got mixed into.
//   node --import tsx bench/capture.ts [--params]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase } from './lib/fixtures.js';
import { startPostgres } from './lib/postgres.js';
import { startServer } from './lib/server.js';
import { submissionBody } from './lib/submission.js';

const showParams = process.argv.includes('--params');
const say = (s: string) => process.stdout.write(`${s}\n`);
// What the periodic jobs send (the notification outbox, the advisory locks around each job).
const JOB = /pg_try_advisory_lock\(\$1, \$2\)|pg_advisory_unlock\(\$1, \$2\)|from "notifications" where \("notifications"\."status"/;

function statementsSince(logFile: string, offset: number): string[] {
  const text = readFileSync(logFile).subarray(offset).toString('utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:(LOG|DETAIL):\s+(?:(?:execute [^:]*|statement): )?(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'LOG' && !/^\d+:LOG:\s+(execute|statement)/.test(line)) continue;
    if (m[1] === 'DETAIL') {
      if (showParams && out.length) out[out.length - 1] += `\n      -- ${m[2]}`;
      continue;
    }
    out.push(m[2]!);
  }
  return out;
}

const pgsql = await startPostgres({ logStatements: true, say });
const dataDir = mkdtempSync(path.join(tmpdir(), 'onetrip-capture-'));
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  const fx = await prepareDatabase({ databaseUrl: pgsql.url }, { applicants: 2, say });
  server = await startServer({ dataDir, databaseUrl: pgsql.url, logFile: path.join(dataDir, 'server.log') });
  const log = pgsql.logFile!;
  const request = async (cookie: string, url: string, body: string, headers: Record<string, string> = {}) => {
    await new Promise((r) => setTimeout(r, 200));
    const offset = statSync(log).size;
    const res = await fetch(`${server!.url}${url}`, { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, ...headers } });
    const json = (await res.json()) as { case?: { id: string; version: number } };
    await new Promise((r) => setTimeout(r, 200));
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return { case: json.case!, statements: statementsSince(log, offset) };
  };
  const a = fx.applicants[0]!;
  for (let attempt = 1; attempt <= 8; attempt++) {
    const chain: { label: string; statements: string[] }[] = [];
    const filed = await request(a.cookie, '/api/v1/cases', submissionBody(a, attempt), { 'idempotency-key': `capture-${attempt}` });
    chain.push({ label: 'POST /api/v1/cases (an applicant files a case)', statements: filed.statements });
    let c = filed.case;
    for (const [label, cookie, step, extra] of [
      ['accept (the intake clerk)', fx.staff.clerk, 'accept', {}],
      ['start-review (the county reviewer)', fx.staff.countyReviewer, 'start-review', {}],
      ['forward (the county reviewer)', fx.staff.countyReviewer, 'forward', { opinion: '初审通过，报州局决定' }],
      ['decide (the prefecture reviewer)', fx.staff.prefectureReviewer, 'decide', { outcome: 'approve', reasons: '材料齐全，符合法定条件' }],
    ] as const) {
      const r = await request(cookie, `/api/v1/cases/${c.id}/${step}`, JSON.stringify({ version: c.version, ...extra }));
      chain.push({ label, statements: r.statements });
      c = r.case;
    }
    if (attempt === 1 || chain.some((x) => x.statements.some((s) => JOB.test(s)))) continue;
    for (const x of chain) {
      say(`\n==== ${x.label}: ${x.statements.length} statements`);
      x.statements.forEach((s, i) => say(`${String(i + 1).padStart(3)}  ${s}`));
    }
    say(`\n${chain.map((x) => `${x.label.split(' ')[0]} ${x.statements.length}`).join(', ')} statements`);
    break;
  }
} finally {
  await server?.stop();
  await pgsql.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
