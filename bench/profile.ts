// `node --import tsx bench/profile.ts [--db-url URL] [--seconds 15] [--connections 16]`: CPU profile of the
// server under the submission load; prints the functions with the most self time and writes the
// .cpuprofile (open it in Chrome DevTools) to the directory it names.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDatabase } from './lib/fixtures.js';
import { load } from './lib/load.js';
import { startServer } from './lib/server.js';
import { submissionBody } from './lib/submission.js';

const { values: opts } = parseArgs({ options: { 'db-url': { type: 'string' }, seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '16' }, 'no-profile': { type: 'boolean', default: false } } });
const work = mkdtempSync(path.join(tmpdir(), 'onetrip-profile-'));
const dataDir = path.join(work, 'data');
const target = opts['db-url'] ? { databaseUrl: opts['db-url'] } : { dataDir };
const fx = await prepareDatabase(target, { applicants: 300, say: (s) => console.log(s) });
const profDir = path.join(work, 'profile');
const server = await startServer({ dataDir, databaseUrl: opts['db-url'], logFile: path.join(work, 'server.log'), nodeArgs: opts['no-profile'] ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
const cpuMs = () => { const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return ((Number(f[11]) + Number(f[12])) * 1000) / 100; };
let k = 0;
const cpu0 = cpuMs();
const r = await load({
  url: server.url, connections: Number(opts.connections), duration: Number(opts.seconds),
  request: () => { const a = fx.applicants[k++ % fx.applicants.length]!; return { method: 'POST', path: '/api/v1/cases', headers: { cookie: a.cookie, 'idempotency-key': `p-${k}-${Math.random()}` }, body: submissionBody(a, k) }; },
});
console.log(`server CPU ${((cpuMs() - cpu0) / r.requests).toFixed(2)} ms per request`);
console.log(`${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`);
await server.stop();
if (opts['no-profile']) process.exit(0);

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
const prof = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as { nodes: Node[] };
const self = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*?\/(server|common)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n.hitCount);
  total += n.hitCount;
}
for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
console.log(`profile: ${path.join(profDir, file)}`);
