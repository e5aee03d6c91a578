import type { Notice } from './service.js';
import { itemTypeZh } from './documents.js';

/**
 * An item as a schema.org `GovernmentService`, so other portals and search engines can read the
 * catalog: provider and service area are the implementing organisation's when one is chosen.
 */
export function itemJsonLd(notice: Notice, origin: string): Record<string, unknown> {
  const v = notice.version;
  const impl = notice.implementation;
  const url = `${origin}/items/${encodeURIComponent(notice.item.code)}${impl ? `?org=${encodeURIComponent(impl.org.code)}` : ''}`;
  const org = (o: { code: string; name: string; nameEn: string }) => ({ '@type': 'GovernmentOrganization', name: o.name, alternateName: o.nameEn, identifier: o.code });
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': url,
    url,
    identifier: notice.item.code,
    name: v.name,
    alternateName: v.nameEn,
    serviceType: itemTypeZh[v.type] ?? v.type,
    description: v.conditions,
    inLanguage: 'zh-CN',
    provider: impl ? org(impl.org) : notice.implementers.map(org),
    serviceOperator: impl ? org(impl.org) : undefined,
    areaServed: { '@type': 'AdministrativeArea', name: impl ? impl.org.name : '昌吉回族自治州', identifier: impl?.org.regionCode ?? '652300' },
    serviceArea: { '@type': 'AdministrativeArea', identifier: impl?.org.regionCode ?? '652300' },
    audience: { '@type': 'Audience', audienceType: v.applicantKinds.map((k) => (k === 'person' ? '自然人' : '法人')).join('、') },
    termsOfService: v.legalBasis.map((l) => `${l.law}${l.article}`).join('；'),
    offers: v.fees.length
      ? v.fees.map((f) => ({ '@type': 'Offer', name: f.name, price: f.amountYuan, priceCurrency: 'CNY' }))
      : { '@type': 'Offer', price: 0, priceCurrency: 'CNY' },
    availableChannel: [
      ...(v.channels.includes('online') ? [{ '@type': 'ServiceChannel', name: '网上办理', serviceUrl: url }] : []),
      ...(impl?.sites ?? []).map((s) => ({
        '@type': 'ServiceChannel',
        name: s.name,
        servicePhone: s.phone ? { '@type': 'ContactPoint', telephone: s.phone } : undefined,
        serviceLocation: { '@type': 'GovernmentOffice', name: s.name, address: s.address, openingHours: s.hours },
        processingTime: `P${impl!.promisedLimit}D`,
      })),
    ],
  };
}
