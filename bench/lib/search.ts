// Catalog search on a 5,000-item catalog: the in-memory index on its own, and the query mix both
// benchmarks use.
import { CatalogIndex, type SearchDoc, type SearchQuery } from '../../server/modules/catalog/search.js';
import { CATALOG_ITEMS, grownCatalog } from './fixtures.js';

/** What applicants type: Chinese with and without how-words, synonyms, pinyin initials, English; some with filters. */
export const SEARCHES: Omit<SearchQuery, 'page' | 'pageSize'>[] = [
  { q: '营业执照' }, { q: '怎么办理营业执照' }, { q: '办执照' }, { q: 'yyzz' }, { q: '开餐馆' }, { q: '食品经营许可' }, { q: '食品生产许可 SC证' },
  { q: 'business licence' }, { q: 'food production licence' }, { q: '身份证' }, { q: '社保卡' }, { q: '公积金提取' }, { q: '不动产登记' },
  { q: '出生' }, { q: '结婚登记' }, { q: '户口迁移' }, { q: '医保报销' }, { q: '药品经营许可证' }, { q: '注销' }, { q: '变更登记' },
  { q: '营业执照', oneTrip: true }, { q: '许可', dept: 'market' }, { lifeEvent: 'birth' }, { companyEvent: 'establish' }, { q: '' },
];

export const searchPath = (s: (typeof SEARCHES)[number]): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('pageSize', '20');
  return `/api/v1/catalog/items?${params}`;
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The index over the grown catalog (the same items the servers hold), searched in this process. */
export function searchInProcess(rounds: number): { items: number; searches: number; p50: number; p99: number; buildMs: number } {
  const docs: SearchDoc[] = grownCatalog(CATALOG_ITEMS).flatMap((f) =>
    f.items.map((i) => ({
      itemId: i.code, code: i.code, deptKey: f.department, versionId: i.code, name: i.name, nameEn: i.nameEn, type: i.type, applicantKinds: i.applicantKinds,
      channels: i.channels, trips: i.trips, oneTripBatch: i.atMostOneTrip?.batch ?? null, implementedAt: i.implementedAt, lifeEvents: i.lifeEvents,
      companyEvents: i.companyEvents, keywords: i.keywords, statutoryLimit: i.statutoryLimit, promisedLimit: i.promisedLimit, windowCategory: i.windowCategory, orgIds: [], atSites: [],
    })),
  );
  const t0 = performance.now();
  const index = new CatalogIndex(docs);
  const buildMs = performance.now() - t0;
  for (const s of SEARCHES) index.search({ ...s, page: 1, pageSize: 20 }); // warm up (jieba's dictionary, the JIT)
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const s of SEARCHES) {
      const t = performance.now();
      index.search({ ...s, page: 1, pageSize: 20 });
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { items: index.size, searches: times.length, p50: percentile(times, 50), p99: percentile(times, 99), buildMs };
}
