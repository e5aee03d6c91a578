import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app.js';
import { buildTree, buildUser } from '../test/factories.js';
import { recordAudit, verifyAudit } from './audit.js';
import { canonicalJson, sha256 } from './digest.js';
import { auditEntries, calendarDays } from './schema.js';

const GENESIS = '0'.repeat(64);

interface World {
  t: TestApp;
  admin: { id: string };
}

/** A fresh app with an admin who has written `n` audit entries (calendar edits of December 2026). */
async function worldWithEntries(n: number): Promise<World> {
  const t = await buildTestApp();
  const tree = await buildTree(t.db);
  const admin = await buildUser(t.db, { role: 'admin', org: tree.prefecture });
  for (let i = 1; i <= n; i++) await setDay(t, admin, `2026-12-${String(i).padStart(2, '0')}`, i % 2 === 0);
  return { t, admin };
}

async function setDay(t: TestApp, admin: { id: string }, date: string, workday: boolean) {
  const res = await t.injectAs(admin, { method: 'PUT', url: `/api/v1/calendar/days/${date}`, payload: { workday, name: `审计测试${date}` } });
  expect(res.statusCode, res.body).toBe(200);
}

const rows = (t: TestApp) => t.db.select().from(auditEntries).orderBy(asc(auditEntries.seq));

/** The message of a failed query and of whatever it wraps (drizzle wraps driver errors). */
async function failure(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (e) {
    const parts: string[] = [];
    for (let err = e as { message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) parts.push(String(err.message));
    return parts.join(' | ');
  }
  throw new Error('expected the query to fail');
}

/** Runs `change` with the append-only trigger off, as the table's owner could (and an attacker with that role). */
async function tamper(t: TestApp, change: ReturnType<typeof sql>) {
  await t.db.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only`);
  try {
    await t.db.execute(change);
  } finally {
    await t.db.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only`);
  }
}

let w: World;
let reviewer: { id: string };
beforeAll(async () => {
  w = await worldWithEntries(5);
  reviewer = await buildUser(w.t.db, { role: 'reviewer', org: (await buildTree(w.t.db)).a.market });
});
afterAll(() => w.t.close());

describe('the audit chain', () => {
  it('records one gapless, linked entry per change, with the actor and the request', async () => {
    const all = await rows(w.t);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all[0]!.prevHash).toBe(GENESIS);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(new Set(all.map((r) => r.hash)).size).toBe(5);
    for (const r of all) {
      expect(r).toMatchObject({ action: 'calendar.set-day', targetType: 'calendarDay', actorId: w.admin.id, requestId: expect.any(String) });
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(all.map((r) => r.targetId)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
  });

  it('verifies as intact, directly and through GET /audit/verify for an admin', async () => {
    const all = await rows(w.t);
    const expected = { ok: true, entries: 5, headHash: all[4]!.hash, problems: [] };
    expect(await verifyAudit(w.t.db)).toEqual(expected);
    const res = await w.t.injectAs(w.admin, { method: 'GET', url: '/api/v1/audit/verify' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(expected);
    // Small batches walk the same chain.
    expect(await verifyAudit(w.t.db, 2)).toEqual(expected);
  });

  it('keeps the verify API to administrators', async () => {
    const staff = await w.t.injectAs(reviewer, { method: 'GET', url: '/api/v1/audit/verify' });
    expect(staff.statusCode).toBe(403);
    expect(staff.json().code).toBe('forbidden');
    const applicant = await buildUser(w.t.db, { role: 'applicant' });
    expect((await w.t.injectAs(applicant, { method: 'GET', url: '/api/v1/audit/verify' })).statusCode).toBe(403);
    const anon = await w.t.injectAs(null, { method: 'GET', url: '/api/v1/audit/verify' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('unauthenticated');
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_entries', async () => {
    const before = await rows(w.t);
    expect(await failure(w.t.db.execute(sql`UPDATE audit_entries SET action = 'calendar.nothing' WHERE seq = 2`))).toContain('append-only');
    expect(await failure(w.t.db.update(auditEntries).set({ targetId: '2027-01-01' }).where(eq(auditEntries.seq, 3)))).toContain('append-only');
    expect(await failure(w.t.db.execute(sql`DELETE FROM audit_entries WHERE seq = 3`))).toContain('append-only');
    expect(await failure(w.t.db.delete(auditEntries))).toContain('append-only');
    expect(await failure(w.t.db.execute(sql`TRUNCATE audit_entries`))).toContain('append-only');
    expect(await rows(w.t)).toEqual(before);
    expect((await verifyAudit(w.t.db)).ok).toBe(true);
  });

  it('leaves no trace and no gap when the transaction that wrote an entry rolls back', async () => {
    const before = await rows(w.t);
    await expect(
      w.t.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: null, clock: w.t.clock }, { action: 'test.rolled-back', targetType: 'test', targetId: 'x', after: { a: 1 } });
        expect((await tx.select().from(auditEntries)).length).toBe(before.length + 1); // it was written…
        throw new Error('change failed after auditing');
      }),
    ).rejects.toThrow('change failed after auditing');
    expect(await rows(w.t)).toEqual(before); // …and is gone

    await setDay(w.t, w.admin, '2026-12-20', false);
    const after = await rows(w.t);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ seq: before.length + 1, prevHash: before.at(-1)!.hash, targetId: '2026-12-20' });
    expect(await verifyAudit(w.t.db)).toMatchObject({ ok: true, entries: before.length + 1 });
  });

  it('leaves no trace and no gap when a request fails after writing its entry', async () => {
    // A deferred check that refuses one calendar day at COMMIT: the service has already written its audit entry by then.
    await w.t.db.execute(sql`CREATE FUNCTION test_refuse_day() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.date = DATE '2026-12-21' THEN RAISE EXCEPTION 'refused at commit'; END IF;
        RETURN NULL;
      END $$`);
    await w.t.db.execute(sql`CREATE CONSTRAINT TRIGGER test_refuse_day AFTER INSERT OR UPDATE ON calendar_days
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_day()`);
    try {
      const before = await rows(w.t);
      const res = await w.t.injectAs(w.admin, { method: 'PUT', url: '/api/v1/calendar/days/2026-12-21', payload: { workday: false } });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal');
      expect(await rows(w.t)).toEqual(before);
      expect(await w.t.db.select().from(calendarDays).where(eq(calendarDays.date, '2026-12-21'))).toEqual([]);

      await setDay(w.t, w.admin, '2026-12-22', false);
      const after = await rows(w.t);
      expect(after.map((r) => r.seq)).toEqual([...before.map((r) => r.seq), before.length + 1]);
      expect(after.at(-1)).toMatchObject({ prevHash: before.at(-1)!.hash, targetId: '2026-12-22' });
      expect(await verifyAudit(w.t.db)).toMatchObject({ ok: true, entries: before.length + 1, problems: [] });
    } finally {
      await w.t.db.execute(sql`DROP TRIGGER test_refuse_day ON calendar_days`);
      await w.t.db.execute(sql`DROP FUNCTION test_refuse_day()`);
    }
  });

  it('stays gapless and linked under concurrent changes', async () => {
    const before = (await rows(w.t)).length;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => w.t.injectAs(w.admin, { method: 'PUT', url: `/api/v1/calendar/days/2026-11-${String(10 + i)}`, payload: { workday: false } })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const all = await rows(w.t);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: before + 8 }, (_, i) => i + 1));
    expect(await verifyAudit(w.t.db)).toMatchObject({ ok: true, entries: before + 8, problems: [] });
  });
});

describe('tampering the owner can still do is detected', () => {
  it('reports an edited entry at its seq', async () => {
    const { t, admin } = await worldWithEntries(5);
    try {
      const head = (await rows(t)).at(-1)!.hash;
      await tamper(t, sql`UPDATE audit_entries SET action = 'calendar.clear-day' WHERE seq = 3`);
      expect((await rows(t))[2]!.action).toBe('calendar.clear-day'); // the edit went through
      const expected = { ok: false, entries: 5, headHash: head, problems: [{ seq: 3, kind: 'edited' }] };
      expect(await verifyAudit(t.db)).toEqual(expected);
      const res = await t.injectAs(admin, { method: 'GET', url: '/api/v1/audit/verify' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expected);

      // The trigger is back on, and later entries chain on without hiding the damage.
      expect(await failure(t.db.execute(sql`UPDATE audit_entries SET action = 'x' WHERE seq = 1`))).toContain('append-only');
      await setDay(t, admin, '2026-12-30', true);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: false, entries: 6, problems: [{ seq: 3, kind: 'edited' }] });
    } finally {
      await t.close();
    }
  });

  it('reports an entry rewritten with a fresh hash at the next link', async () => {
    const { t } = await worldWithEntries(4);
    try {
      const [row] = await t.db.select().from(auditEntries).where(eq(auditEntries.seq, 2));
      const { hash: _old, prevHash, ...fields } = { ...row!, targetId: '2026-12-31' };
      const forged = sha256(`${prevHash}\n${canonicalJson(fields)}`);
      await tamper(t, sql`UPDATE audit_entries SET target_id = '2026-12-31', hash = ${forged} WHERE seq = 2`);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: false, entries: 4, problems: [{ seq: 3, kind: 'relinked' }] });
    } finally {
      await t.close();
    }
  });

  it('reports a deleted middle entry as missing and relinked at the entry after it', async () => {
    const { t, admin } = await worldWithEntries(5);
    try {
      const all = await rows(t);
      await tamper(t, sql`DELETE FROM audit_entries WHERE seq = 3`);
      expect((await rows(t)).map((r) => r.seq)).toEqual([1, 2, 4, 5]);
      const expected = {
        ok: false, entries: 4, headHash: all[4]!.hash,
        problems: [{ seq: 4, kind: 'missing' }, { seq: 4, kind: 'relinked' }],
      };
      expect(await verifyAudit(t.db)).toEqual(expected);
      expect((await t.injectAs(admin, { method: 'GET', url: '/api/v1/audit/verify' })).json()).toEqual(expected);
    } finally {
      await t.close();
    }
  });

  it('reports a deleted first entry', async () => {
    const { t } = await worldWithEntries(3);
    try {
      await tamper(t, sql`DELETE FROM audit_entries WHERE seq = 1`);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: false, entries: 2, problems: [{ seq: 2, kind: 'missing' }, { seq: 2, kind: 'relinked' }] });
    } finally {
      await t.close();
    }
  });
});
