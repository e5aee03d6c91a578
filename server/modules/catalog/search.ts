import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';
import type { ApplicantKind, Channel, CompanyEvent, ItemType, LifeEvent } from '../../../common/catalog.js';
import type { OrgLevel, WindowCategory } from '../../../common/enums.js';
import { synonymGroups } from './synonyms.js';

/** What the index keeps of each published item. */
export interface SearchDoc {
  itemId: string;
  code: string;
  deptKey: string;
  versionId: string;
  name: string;
  nameEn: string;
  type: ItemType;
  applicantKinds: ApplicantKind[];
  channels: Channel[];
  trips: number;
  oneTripBatch: number | null;
  implementedAt: OrgLevel[];
  lifeEvents: LifeEvent[];
  companyEvents: CompanyEvent[];
  keywords: string[];
  statutoryLimit: number;
  promisedLimit: number;
  /** Organisations that implement it. */
  orgIds: string[];
  /** The comprehensive window category that takes it in (一窗分类受理). */
  windowCategory: WindowCategory;
  /** Where it can be applied for: each implementing organisation with the sites it names. */
  atSites: { orgId: string; siteIds: string[] }[];
}

export interface SearchQuery {
  q?: string | undefined;
  dept?: string | undefined;
  lifeEvent?: LifeEvent | undefined;
  companyEvent?: CompanyEvent | undefined;
  channel?: Channel | undefined;
  oneTrip?: boolean | undefined;
  level?: OrgLevel | undefined;
  type?: ItemType | undefined;
  applicantKind?: ApplicantKind | undefined;
  /** Only items this organisation implements. */
  orgId?: string | undefined;
  /** Only items some organisation carries out at this site (hall or agency point). */
  siteId?: string | undefined;
  windowCategory?: WindowCategory | undefined;
  page: number;
  pageSize: number;
}

export interface SearchResult {
  total: number;
  items: (SearchDoc & { score: number })[];
}

let jieba: Jieba | undefined;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

// Words that say how, not what: dropping them keeps "怎么办理营业执照" about 营业执照.
const stopWords = new Set(['的', '了', '和', '与', '怎么', '怎样', '如何', '需要', '什么', '哪些', '哪里', '在哪', '在哪里', '办理', '我要', '我想', '想', '要', '去', '吗', '呢', '请问', '手续', '流程', '材料', '一下', '可以', '能', '办', '个']);
const englishStop = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'and', 'in', 'on', 'how', 'do', 'i', 'my', 'get', 'apply', 'application']);

const synonymsOf = new Map<string, string[]>();
for (const group of synonymGroups) for (const word of group) synonymsOf.set(word, [...new Set([...(synonymsOf.get(word) ?? []), ...group])]);
// Longest first, so that 营业执照 is taken before 执照.
const synonymWords = [...synonymsOf.keys()].sort((a, b) => b.length - a.length);

const isHan = (s: string) => /\p{Script=Han}/u.test(s);
/** Full-width letters and digits become ASCII; case folds. */
const normalise = (s: string) => s.normalize('NFKC').toLowerCase().trim();
const stem = (w: string) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w);

interface Indexed {
  doc: SearchDoc;
  name: string;
  keywords: string;
  initials: string;
  english: Set<string>;
}

/**
 * The applicant's catalog search: Chinese word segmentation (jieba) with synonyms, pinyin
 * initials (yyzz → 营业执照) and English words, over the published items held in memory.
 */
export class CatalogIndex {
  private readonly entries: Indexed[];
  /** Character bigrams (and single characters) of names and keywords → the entries holding them. */
  private readonly grams = new Map<string, number[]>();
  private readonly words = new Map<string, number[]>();

  constructor(docs: SearchDoc[]) {
    this.entries = docs.map((doc) => ({
      doc,
      name: normalise(doc.name),
      keywords: normalise(doc.keywords.join(' ')),
      initials: pinyin(doc.name.replace(/[^\p{Script=Han}]/gu, ''), { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
      english: new Set(normalise(doc.nameEn).split(/[^a-z0-9]+/).filter(Boolean).map(stem)),
    }));
    const post = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else if (list.at(-1) !== i) list.push(i);
    };
    this.entries.forEach((e, i) => {
      const text = `${e.name} ${e.keywords}`;
      for (let k = 0; k < text.length; k++) {
        post(this.grams, text[k]!, i);
        if (k + 1 < text.length) post(this.grams, text.slice(k, k + 2), i);
      }
      for (const w of e.english) post(this.words, w, i);
    });
  }

  /** The keys a Han word is indexed under: its bigrams, or the character itself. */
  private static keysOf(w: string): string[] {
    return w.length === 1 ? [w] : Array.from({ length: w.length - 1 }, (_, k) => w.slice(k, k + 2));
  }

  /** Entries that may hold one of the term's words whole (they have all its bigrams), or, `loose`, any part of one. */
  private termCandidates(t: Term, loose: boolean): Set<number> {
    const out = new Set<number>();
    for (const w of t.words) {
      if (t.han) {
        const lists = CatalogIndex.keysOf(w).map((k) => this.grams.get(k) ?? []);
        if (loose) for (const list of lists) for (const i of list) out.add(i);
        else {
          const [shortest, ...rest] = [...lists].sort((a, b) => a.length - b.length);
          const others = rest.map((l) => new Set(l));
          for (const i of shortest ?? []) if (others.every((o) => o.has(i))) out.add(i);
        }
      } else {
        for (const i of this.words.get(w) ?? []) out.add(i);
        // Pinyin initials and English prefixes are matched by scanning: both are short strings.
        if (w.length >= 2) this.entries.forEach((e, i) => (e.initials.startsWith(w) || (w.length >= 3 && [...e.english].some((x) => x.startsWith(w)))) && out.add(i));
      }
    }
    return out;
  }

  /** First the entries that can match every term; failing that, any entry that shares something with one. */
  private candidates(terms: Term[], loose: boolean): number[] {
    const sets = terms.map((t) => this.termCandidates(t, loose));
    if (loose) return [...new Set(sets.flatMap((x) => [...x]))];
    const [first, ...rest] = sets.sort((a, b) => a.size - b.size);
    return [...(first ?? [])].filter((i) => rest.every((r) => r.has(i)));
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: SearchQuery): SearchResult {
    const q = normalise(query.q ?? '');
    const terms = q ? queryTerms(q) : [];
    const score = (pool: Indexed[]) => {
      const out: (SearchDoc & { score: number; matched: number })[] = [];
      for (const e of pool) {
        if (!matchesFilters(e.doc, query)) continue;
        const { score, matched } = terms.length ? scoreOf(e, terms, q) : { score: 1, matched: 0 };
        if (score > 0) out.push({ ...e.doc, score, matched });
      }
      return out;
    };
    const at = (ids: number[]) => ids.map((i) => this.entries[i]!);
    let hits = terms.length ? score(at(this.candidates(terms, false))) : score(this.entries);
    // When some items match every word, those are the answer; otherwise items matching at least half of them.
    if (terms.length && !hits.some((h) => h.matched === terms.length)) {
      hits = score(at(this.candidates(terms, true))).filter((h) => h.matched >= Math.ceil(terms.length / 2));
    } else if (terms.length) hits = hits.filter((h) => h.matched === terms.length);
    hits.sort((a, b) => b.score - a.score || (a.oneTripBatch === null ? 1 : 0) - (b.oneTripBatch === null ? 1 : 0) || a.name.length - b.name.length || a.code.localeCompare(b.code));
    const start = (query.page - 1) * query.pageSize;
    return { total: hits.length, items: hits.slice(start, start + query.pageSize).map(({ matched: _, ...h }) => h) };
  }
}

interface Term {
  /** Alternatives that count as this term (the word and its synonyms). */
  words: string[];
  han: boolean;
}

function queryTerms(q: string): Term[] {
  const terms: Term[] = [];
  let hanPart = q.replace(/[^\p{Script=Han}]+/gu, ' ').trim();
  // Phrases applicants use (开餐馆, 办执照) are taken whole before segmentation, with their synonyms.
  for (const word of synonymWords) {
    if (!hanPart.includes(word)) continue;
    terms.push({ words: synonymsOf.get(word)!, han: true });
    hanPart = hanPart.replaceAll(word, ' ');
  }
  if (hanPart.trim()) {
    const words = [...new Set(segmenter().cutForSearch(hanPart, true).map((w) => w.trim()).filter((w) => (w.length > 1 || hanPart.trim().length === 1) && isHan(w) && !stopWords.has(w)))];
    // cutForSearch yields a long word and its parts; keep the longest ones that are not inside another.
    const kept = words.filter((w) => !words.some((o) => o !== w && o.includes(w) && !synonymsOf.has(w)));
    for (const w of kept.length ? kept : words) terms.push({ words: synonymsOf.get(w) ?? [w], han: true });
  }
  for (const w of q.replace(/\p{Script=Han}+/gu, ' ').split(/[^a-z0-9]+/)) {
    if (w && !englishStop.has(w)) terms.push({ words: [stem(w)], han: false });
  }
  return terms;
}

function scoreOf(e: Indexed, terms: Term[], raw: string): { score: number; matched: number } {
  let score = 0;
  let matched = 0;
  for (const t of terms) {
    let best = 0;
    for (const w of t.words) {
      if (t.han) {
        if (e.name.includes(w)) best = Math.max(best, 10 + w.length);
        else if (e.keywords.includes(w)) best = Math.max(best, 6 + w.length);
        else if (w.length >= 2 && bigramOverlap(w, e.name) >= 0.5) best = Math.max(best, 3);
      } else {
        if (e.english.has(w)) best = Math.max(best, 8);
        else if (w.length >= 2 && /^[a-z]+$/.test(w) && e.initials.startsWith(w)) best = Math.max(best, 9 + w.length);
        else if (w.length >= 3 && [...e.english].some((x) => x.startsWith(w))) best = Math.max(best, 4);
      }
    }
    if (best > 0) matched++;
    score += best;
  }
  if (matched === 0) return { score: 0, matched };
  // An exact name match ranks first.
  return { score: score + (e.name === raw ? 50 : 0), matched };
}

function bigramOverlap(word: string, text: string): number {
  let hits = 0;
  for (let i = 0; i + 1 < word.length; i++) if (text.includes(word.slice(i, i + 2))) hits++;
  return hits / Math.max(1, word.length - 1);
}

function matchesFilters(d: SearchDoc, q: SearchQuery): boolean {
  return (
    (!q.dept || d.deptKey === q.dept) &&
    (!q.lifeEvent || d.lifeEvents.includes(q.lifeEvent)) &&
    (!q.companyEvent || d.companyEvents.includes(q.companyEvent)) &&
    (!q.channel || d.channels.includes(q.channel)) &&
    (q.oneTrip === undefined || (d.oneTripBatch !== null) === q.oneTrip) &&
    (!q.level || d.implementedAt.includes(q.level)) &&
    (!q.type || d.type === q.type) &&
    (!q.applicantKind || d.applicantKinds.includes(q.applicantKind)) &&
    (!q.orgId || d.orgIds.includes(q.orgId)) &&
    (!q.siteId || d.atSites.some((a) => a.siteIds.includes(q.siteId!))) &&
    (!q.windowCategory || d.windowCategory === q.windowCategory)
  );
}
