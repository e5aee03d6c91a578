// The results as one Markdown table: a row per figure, a column per database.
import type { EngineResult, Results } from '../run.js';
import type { LoadResult } from './load.js';
import { supervisionTimings } from './supervision.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const load = (r: LoadResult | null | undefined) => (r ? `${int(r.rps)} req/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} ms${r.errors ? ` · **${r.errors} errors** (${Object.entries(r.statusCodes ?? {}).map(([c, n]) => `${n}× ${c}`).join(', ') || 'connection'})` : ''}` : '—');

export function markdownTable(results: Results): string {
  const engines = results.engines;
  const head = ['', ...engines.map((e) => `${e.database}, durability: ${e.durability}`)];
  const rows: string[][] = [];
  const row = (label: string, cell: (e: EngineResult) => string) => rows.push([label, ...engines.map(cell)]);
  for (const c of [1, 16, 64]) row(`Submission, ${c} connection${c > 1 ? 's' : ''}`, (e) => load(e.submission.find((s) => s.connections === c)));
  row('Raw ceiling, 1 / 16 / 64 clients (tx/s)', (e) => (e.raw.length ? e.raw.map((r) => int(r.tps)).join(' / ') : '—'));
  row('Raw ceiling without fsync, 1 / 16 clients (what durability costs)', (e) => (e.rawWithoutFsync?.length ? e.rawWithoutFsync.map((r) => int(r.tps)).join(' / ') : '—'));
  row('App ÷ raw, 1 / 16 / 64', (e) => (e.raw.length ? ['1', '16', '64'].map((c) => (e.ratio[c] ?? 0).toFixed(2)).join(' / ') : '—'));
  row('Half the raw ceiling offered, 64 connections', (e) => (e.halfCeiling ? `${int(e.halfCeiling.rate ?? 0)} offered: ${load(e.halfCeiling)}` : '—'));
  row('Intake: accept, 16 connections', (e) => load(e.transitions.accept));
  row('Start review, 16 connections', (e) => load(e.transitions.startReview));
  row('Forward to the deciding organisation, 16 connections', (e) => load(e.transitions.forward));
  row('Decision (sealed), 16 connections', (e) => load(e.transitions.decide));
  row('Catalog search over HTTP, 1 connection', (e) => load(e.searchHttp));
  row('First search after a start (builds the index)', (e) => `${int(e.firstSearchMs)} ms`);
  const sp = results.searchInProcess;
  row(`Catalog search in process (${int(sp.items)} items)`, () => `p50 ${sp.p50.toFixed(2)} · p99 ${sp.p99.toFixed(2)} ms`);
  row('Cold start to /api/health', (e) => `${e.coldStartMs.map((m) => int(m)).join(' / ')} ms`);
  row('Peak RSS under load', (e) => `${int(e.peakRssMiB)} MiB`);
  // Supervision runs on PostgreSQL only, over a history generated for it.
  const sup = engines.find((e) => e.supervision)?.supervision;
  if (sup) {
    row(`Supervision: history generated (${int(sup.cases)} cases, ${int(sup.caseEvents)} events)`, (e) => (e.supervision ? `${int(e.supervision.generateSeconds)} s` : '—'));
    supervisionTimings(sup).forEach(([label], i) => row(label, (e) => {
      const t = e.supervision ? supervisionTimings(e.supervision)[i]![1] : null;
      return t ? `p50 ${int(t.p50Ms)} · p99 ${int(t.p99Ms)} ms` : '—';
    }));
  }
  const m = results.machine;
  const lines = [
    `${results.date.slice(0, 10)} · ${m.cores} cores (${m.cpu}) · ${m.memoryGiB} GiB · ${m.os} · Node ${m.node} · load average before: ${m.loadBefore}${results.quick ? ' · quick run' : ''}`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  return lines.join('\n');
}
