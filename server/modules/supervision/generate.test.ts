import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, wrapPglite, type Database } from '../../db/client.js';
import { seed } from '../../seed/seed.js';
import { generateHistory } from './generate.js';

// The generator is deterministic: the same seed on the same database at the same time writes the
// same history (account ids aside). Engine-independent: it runs on embedded databases of its own, in
// the pglite project only (vitest.config.ts; the PostgreSQL run of the KPI test exercises its SQL there).

const NOW = new Date('2026-03-02T07:00:00Z');
let base: PGlite;
const opened: Database[] = [];

beforeAll(async () => {
  base = await PGlite.create();
  const database = wrapPglite(base);
  await database.migrate();
  await seed(database.db, { demo: true });
}, 120_000);
afterAll(async () => {
  for (const d of opened) await d.close();
  await base?.close();
});

async function generated(seedValue: number) {
  const database = wrapPglite((await base.clone()) as PGlite);
  opened.push(database);
  await generateHistory(database, NOW, { cases: 400, years: 0.3, seed: seedValue, chunk: 150 });
  return rows<Record<string, unknown>>(database.db, sql`
    SELECT c.id, c.case_number, c.status, c.item_code, c.channel, c.trips, c.applicant->>'idNumber' AS applicant, c.intake_org_path, c.decision_org_path,
      (SELECT string_agg(e.action || '@' || e.at::text || ':' || coalesce(e.reason, ''), ',' ORDER BY e.at, e.action) FROM case_events e WHERE e.case_id = c.id) AS events,
      (SELECT string_agg(t.at::text || t.reason, ',' ORDER BY t.at) FROM case_trips t WHERE t.case_id = c.id) AS trips_at,
      (SELECT v.level || '@' || v.rated_at::text FROM evaluations v WHERE v.case_id = c.id) AS rating,
      (SELECT f.on_time::text || f.used_days FROM supervision_case_facts f WHERE f.case_id = c.id) AS facts
    FROM cases c ORDER BY c.case_number`);
}

describe('onetrip generate', () => {
  it('writes the same history for the same seed, and another for another seed', async () => {
    const [first, second, other] = [await generated(5), await generated(5), await generated(6)];
    expect(first).toHaveLength(400);
    expect(second).toEqual(first);
    expect(other.map((c) => c.case_number)).not.toEqual(first.map((c) => c.case_number));
    // A history worth the name: every kind of step and ending occurs.
    const events = first.map((c) => String(c.events)).join(',');
    for (const action of ['submit@', 'accept@', 'requestCorrection@', 'refuseIntake@', 'startReview@', 'forward@', 'decide@', 'issue@', 'deliver@']) expect(events).toContain(action);
    expect([...new Set(first.map((c) => c.status))]).toEqual(expect.arrayContaining(['delivered', 'decided', 'in_review', 'refused', 'submitted']));
    expect(first.filter((c) => c.status === 'delivered').length).toBeGreaterThan(150);
  }, 180_000);
});
