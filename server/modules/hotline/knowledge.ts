import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { requireActor, requireRole, type Actor } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Ctx } from '../../platform/context.js';
import { Problem } from '../../platform/errors.js';
import { searchItems } from '../catalog/index.js';
import { hotlineArticleRevisions, hotlineArticles, hotlineCategories, type ArticleRow } from './schema.js';

// The agents' knowledge base: the catalog's published one-time notices (found by the catalog's own
// search) and the articles agents write for what the catalog does not say (bus routes, heating dates,
// where to complain about what). One search returns both, fast enough to run on every keystroke.

const requireStaff = (ctx: Ctx): Actor => {
  const actor = requireActor(ctx.actor);
  if (actor.kind !== 'staff') throw new Problem('forbidden');
  return actor;
};

// ---------------------------------------------------------------- the article index

const normalise = (s: string) => s.normalize('NFKC').toLowerCase();

/** Words of a query: pairs of Han characters (a single one when alone), and Latin words and numbers. */
function queryWords(q: string): { grams: string[]; latin: string[] } {
  const text = normalise(q);
  const grams = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) grams.add(run);
    for (let i = 0; i + 1 < run.length; i++) grams.add(run.slice(i, i + 2));
  }
  const latin = [...new Set((text.replace(/\p{Script=Han}+/gu, ' ').match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= 2))];
  return { grams: [...grams], latin };
}

interface IndexedArticle {
  row: ArticleRow;
  title: string;
  keywords: string;
  body: string;
}

export interface ArticleHit {
  id: string;
  title: string;
  categoryCode: string | null;
  snippet: string;
  score: number;
  updatedAt: Date;
}

/** Scores articles against a query: the title counts most, then keywords, then the body; at least half the query's words must be found. */
export function searchArticles(articles: readonly IndexedArticle[], q: string, limit: number): ArticleHit[] {
  const { grams, latin } = queryWords(q);
  const words = [...grams, ...latin];
  if (!words.length) return [];
  const whole = normalise(q).trim();
  const hits: ArticleHit[] = [];
  for (const a of articles) {
    let score = 0;
    let found = 0;
    for (const w of words) {
      const inTitle = a.title.includes(w);
      const inKeywords = a.keywords.includes(w);
      const inBody = a.body.includes(w);
      if (inTitle || inKeywords || inBody) found++;
      score += (inTitle ? 6 : 0) + (inKeywords ? 4 : 0) + (inBody ? 1 : 0);
    }
    if (found * 2 < words.length) continue;
    if (whole && a.title.includes(whole)) score += 20;
    hits.push({ id: a.row.id, title: a.row.title, categoryCode: a.row.categoryCode, snippet: snippetOf(a.row.body, words), score, updatedAt: a.row.updatedAt });
  }
  return hits.sort((x, y) => y.score - x.score || y.updatedAt.getTime() - x.updatedAt.getTime()).slice(0, limit);
}

/** Up to 80 characters of the body around the first word found. */
function snippetOf(body: string, words: string[]): string {
  const lower = normalise(body);
  const at = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), lower.length);
  const start = Math.max(0, (at === lower.length ? 0 : at) - 20);
  const chars = Array.from(body.slice(start));
  return `${start > 0 ? '…' : ''}${chars.slice(0, 80).join('')}${chars.length > 80 ? '…' : ''}`;
}

// Active articles held in memory, reloaded when any article changed (in any process: the count, the sum of versions and the latest change tell).
let cached: { revision: string; articles: IndexedArticle[] } | undefined;

async function articleIndex(q: Queryable): Promise<IndexedArticle[]> {
  const [state] = await q.select({ n: sql<number>`count(*)::int`, versions: sql<number>`coalesce(sum(${hotlineArticles.version}), 0)::int`, latest: sql<string | null>`max(${hotlineArticles.updatedAt})::text` }).from(hotlineArticles);
  const revision = `${state?.n ?? 0}:${state?.versions ?? 0}:${state?.latest ?? ''}`;
  if (cached?.revision === revision) return cached.articles;
  const rows = await q.select().from(hotlineArticles).where(eq(hotlineArticles.active, true));
  const articles = rows.map((row) => ({ row, title: normalise(row.title), keywords: normalise(row.keywords.join(' ')), body: normalise(row.body) }));
  cached = { revision, articles };
  return articles;
}

export interface KnowledgeResult {
  articles: ArticleHit[];
  notices: { itemCode: string; name: string; nameEn: string; deptKey: string; promisedLimit: number; oneTrip: boolean; score: number }[];
}

/**
 * Searches both parts of the knowledge base at once (staff): the articles, narrowed to a category
 * when given, and the catalog's published items (their one-time notices), with the catalog's own
 * segmentation, synonyms and pinyin initials.
 */
export async function searchKnowledge(ctx: Ctx, input: { q: string; category?: string | undefined; limit: number }): Promise<KnowledgeResult> {
  requireStaff(ctx);
  const [articles, items] = await Promise.all([articleIndex(ctx.db), searchItems(ctx, { q: input.q, page: 1, pageSize: input.limit })]);
  const pool = input.category ? articles.filter((a) => a.row.categoryCode === input.category || a.row.categoryCode === null) : articles;
  return {
    articles: searchArticles(pool, input.q, input.limit),
    notices: items.items.map((i) => ({ itemCode: i.code, name: i.name, nameEn: i.nameEn, deptKey: i.deptKey, promisedLimit: i.promisedLimit, oneTrip: i.oneTripBatch !== null, score: i.score })),
  };
}

// ---------------------------------------------------------------- keeping articles

export interface ArticleView extends ArticleRow {
  revisions: { version: number; title: string; editedBy: string; editedAt: Date; active: boolean }[];
}

/** An article with its history (staff). @throws Problem 'not_found'. */
export async function getArticle(ctx: Ctx, id: string): Promise<ArticleView> {
  requireStaff(ctx);
  const [row] = await ctx.db.select().from(hotlineArticles).where(eq(hotlineArticles.id, id));
  if (!row) throw new Problem('not_found');
  const revisions = await ctx.db
    .select({ version: hotlineArticleRevisions.version, title: hotlineArticleRevisions.title, editedBy: hotlineArticleRevisions.editedBy, editedAt: hotlineArticleRevisions.editedAt, active: hotlineArticleRevisions.active })
    .from(hotlineArticleRevisions)
    .where(eq(hotlineArticleRevisions.articleId, id))
    .orderBy(desc(hotlineArticleRevisions.version));
  return { ...row, revisions };
}

/** Articles, newest change first, filtered by words of the title, a category, or retired ones (staff). */
export async function listArticles(ctx: Ctx, filter: { q?: string | undefined; category?: string | undefined; active?: boolean | undefined; page: number; pageSize: number }): Promise<{ total: number; items: ArticleRow[] }> {
  requireStaff(ctx);
  const q = filter.q?.trim();
  const where = and(
    filter.category ? eq(hotlineArticles.categoryCode, filter.category) : undefined,
    eq(hotlineArticles.active, filter.active ?? true),
    q ? sql`(${hotlineArticles.title} ILIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR ${q} = ANY(${hotlineArticles.keywords}))` : undefined,
  );
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(hotlineArticles).where(where);
  const items = await ctx.db.select().from(hotlineArticles).where(where).orderBy(desc(hotlineArticles.updatedAt), asc(hotlineArticles.title)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
  return { total: Number(total?.n ?? 0), items };
}

export interface ArticleInput {
  title: string;
  body: string;
  categoryCode?: string | null | undefined;
  keywords?: string[] | undefined;
}

async function checkCategory(q: Queryable, code: string | null | undefined): Promise<void> {
  if (!code) return;
  const [c] = await q.select({ code: hotlineCategories.code }).from(hotlineCategories).where(eq(hotlineCategories.code, code));
  if (!c) throw new Problem('hotline.unknown_category', undefined, [{ field: '/body/categoryCode', message: 'no such category' }]);
}

const cleanKeywords = (k: string[] | undefined) => [...new Set((k ?? []).map((w) => w.trim()).filter(Boolean))];

/** Writes an article (hotline agents): version 1, kept in the history, audited. */
export async function createArticle(ctx: Ctx, input: ArticleInput): Promise<ArticleView> {
  const actor = requireRole(ctx.actor, 'hotlineAgent');
  await checkCategory(ctx.db, input.categoryCode);
  const id = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx.insert(hotlineArticles).values({ title: input.title.trim(), body: input.body, categoryCode: input.categoryCode ?? null, keywords: cleanKeywords(input.keywords), createdBy: actor.id, updatedBy: actor.id, createdAt: now, updatedAt: now }).returning();
    await tx.insert(hotlineArticleRevisions).values({ articleId: row!.id, version: 1, title: row!.title, body: row!.body, categoryCode: row!.categoryCode, keywords: row!.keywords, active: true, editedBy: actor.id, editedAt: now });
    await recordAudit(tx, ctx, { action: 'hotline.article-create', targetType: 'hotlineArticle', targetId: row!.id, after: row });
    return row!.id;
  });
  return getArticle(ctx, id);
}

/** Edits an article (hotline agents): a new version, the old one kept; `active: false` retires it from the search. */
export async function updateArticle(ctx: Ctx, id: string, change: Partial<ArticleInput> & { version: number; active?: boolean | undefined }): Promise<ArticleView> {
  const actor = requireRole(ctx.actor, 'hotlineAgent');
  await checkCategory(ctx.db, change.categoryCode);
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(hotlineArticles).where(eq(hotlineArticles.id, id));
    if (!current) throw new Problem('not_found');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(hotlineArticles)
      .set({
        title: change.title?.trim() ?? current.title, body: change.body ?? current.body, categoryCode: change.categoryCode === undefined ? current.categoryCode : change.categoryCode,
        keywords: change.keywords ? cleanKeywords(change.keywords) : current.keywords, active: change.active ?? current.active, updatedBy: actor.id, updatedAt: now, version: sql`${hotlineArticles.version} + 1`,
      })
      .where(and(eq(hotlineArticles.id, id), eq(hotlineArticles.version, change.version)))
      .returning();
    if (!row) throw new Problem('version_conflict');
    await tx.insert(hotlineArticleRevisions).values({ articleId: id, version: row.version, title: row.title, body: row.body, categoryCode: row.categoryCode, keywords: row.keywords, active: row.active, editedBy: actor.id, editedAt: now });
    await recordAudit(tx, ctx, { action: 'hotline.article-update', targetType: 'hotlineArticle', targetId: id, before: current, after: row });
  });
  return getArticle(ctx, id);
}
