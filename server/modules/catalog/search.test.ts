import { describe, expect, it } from 'vitest';
import { CatalogIndex, type SearchDoc } from './search.js';

let n = 0;
const doc = (name: string, nameEn: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  itemId: `i${++n}`, code: `C${n}`, deptKey: 'market', versionId: `v${n}`, name, nameEn, type: 'licensing', applicantKinds: ['company'], channels: ['online', 'window'],
  trips: 1, oneTripBatch: null, implementedAt: ['county'], lifeEvents: [], companyEvents: [], keywords: [], statutoryLimit: 20, promisedLimit: 5, orgIds: [], windowCategory: 'general', atSites: [], ...extra,
});

const index = new CatalogIndex([
  doc('企业设立登记', 'Company establishment registration', { keywords: ['开公司'], companyEvents: ['establish'], oneTripBatch: 1, windowCategory: 'companyRegistration', atSites: [{ orgId: 'market', siteIds: ['hall', 'point'] }] }),
  doc('营业执照遗失补领', 'Replacement of a lost business licence'),
  doc('食品经营许可证核发', 'Issuance of food business licences', { keywords: ['餐饮许可'], windowCategory: 'companyRegistration', atSites: [{ orgId: 'market', siteIds: ['hall'] }] }),
  doc('居民身份证换领', 'Renewal of resident identity cards', { deptKey: 'public-security', applicantKinds: ['person'], lifeEvents: ['residence'] }),
  doc('结婚登记', 'Marriage registration', { deptKey: 'civil-affairs', applicantKinds: ['person'], lifeEvents: ['marriage'], keywords: ['领证'] }),
  doc('城乡居民基本养老保险参保登记', 'Enrolment in basic pension insurance for urban and rural residents', { deptKey: 'hrss', applicantKinds: ['person'], lifeEvents: ['socialSecurity'] }),
]);
const names = (q: string, extra: object = {}) => index.search({ q, page: 1, pageSize: 10, ...extra }).items.map((i) => i.name);

describe('CatalogIndex.search', () => {
  it.each([
    ['我想开公司', '企业设立登记'],
    ['执照丢了怎么补办', '营业执照遗失补领'],
    ['开饭店', '食品经营许可证核发'],
    ['换身份证', '居民身份证换领'],
    ['领证', '结婚登记'],
    ['社保', '城乡居民基本养老保险参保登记'],
    ['yyzz', '营业执照遗失补领'],
    ['marriage', '结婚登记'],
    ['ＹＹＺＺ', '营业执照遗失补领'],
  ])('"%s" finds %s first', (q, expected) => {
    expect(names(q)[0]).toBe(expected);
  });

  it('answers nothing for what the catalog does not have', () => {
    expect(names('火箭发射许可')).toEqual([]);
    expect(names('spaceship launch')).toEqual([]);
  });

  it('applies filters with and without a query', () => {
    expect(names('', { applicantKind: 'person' })).toHaveLength(3);
    expect(names('登记', { lifeEvent: 'marriage' })).toEqual(['结婚登记']);
    expect(names('', { oneTrip: true })).toEqual(['企业设立登记']);
    expect(names('', { dept: 'hrss' })).toEqual(['城乡居民基本养老保险参保登记']);
  });

  it('narrows to what a site carries out and what a window category takes in (the front desk)', () => {
    expect(names('', { siteId: 'hall', windowCategory: 'companyRegistration' }).sort()).toEqual(['企业设立登记', '食品经营许可证核发'].sort());
    expect(names('', { siteId: 'point' })).toEqual(['企业设立登记']);
    expect(names('', { windowCategory: 'socialServices' })).toEqual([]);
    expect(names('许可', { siteId: 'point' })).toEqual([]);
  });

  it('pages through results and reports the total', () => {
    const page = index.search({ page: 2, pageSize: 4 });
    expect(page.total).toBe(6);
    expect(page.items).toHaveLength(2);
  });
});
