import { importCalendarDays } from '../../platform/calendar.js';
import { officialCalendarDays } from '../../platform/calendar-source.js';
import { buildTestApp } from '../../test/build-test-app.js';
import { buildItem, buildOrg, buildTree, itemRecord } from '../../test/factories.js';

// Test setup shared by the case tests (routes.test.ts, review.test.ts); not loaded by the server.

/** A tiny PDF, stored as a material. */
export const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * A test app on Monday 2026-03-02 10:00 in Shanghai with the official calendar, the org tree, the prefecture's
 * market and housing departments, and an item taken in by the county and decided by the prefecture (受审分离).
 */
export async function splitReviewWorld() {
  const t = await buildTestApp({ now: '2026-03-02T02:00:00Z' });
  await t.db.transaction((tx) => importCalendarDays(tx, officialCalendarDays(2019, 2026), 2026));
  const tree = await buildTree(t.db);
  const prefectureMarket = await buildOrg(t.db, { parent: tree.prefecture, kind: 'department', deptKey: 'market' });
  const housing = await buildOrg(t.db, { parent: tree.prefecture, kind: 'department', deptKey: 'housing' });
  const item = await buildItem(t.db, { record: itemRecord({ decisionLevel: 'prefecture', windowCategory: 'general' }), implementers: [tree.a.market], sites: [tree.a.hall] });
  return { t, tree, prefectureMarket, housing, item };
}
