import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgs, type Org } from '../api/orgs.js';
import { useLocale } from '../shared/i18n/index.js';

// Where a ticket is: the county (GB/T 2260 code) within the prefecture the centre serves, then its
// township or street. Read from the public organisation tree: each government carries its region code,
// a township's statistical code is its organisation code (652301001 宁边路街道).

/** The prefecture's and counties' governments, and the townships, from the public tree. */
function useGovernments() {
  const orgs = useOrgs({ kind: 'government' });
  return useMemo(() => {
    const all = (orgs.data ?? []).filter((o) => o.active);
    const prefecture = all.find((o) => o.level === 'prefecture');
    return {
      query: orgs,
      prefecture,
      counties: all.filter((o) => o.level === 'county' && (!prefecture || o.path.startsWith(prefecture.path))),
      townships: all.filter((o) => o.level === 'township'),
    };
  }, [orgs]);
}

/** Whether a region code is a county's (a township can be named), not the prefecture's own "somewhere in the prefecture". */
export const isCountyCode = (regionCode: string | undefined): boolean => !!regionCode && !regionCode.endsWith('00');

interface RegionSelectProps {
  value?: string;
  onChange?: (regionCode: string | undefined) => void;
  id?: string;
  'aria-label'?: string;
}

/** The county, or the prefecture as a whole when the caller does not know. */
export function RegionSelect({ value, onChange, id, ...aria }: RegionSelectProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { query, prefecture, counties } = useGovernments();
  const label = (o: Org) => pick(o.shortName || o.name, o.nameEn);
  const options = [
    ...counties.map((o) => ({ value: o.regionCode, label: label(o), search: `${o.name} ${o.shortName} ${o.nameEn} ${o.regionCode}`.toLowerCase() })),
    ...(prefecture ? [{ value: prefecture.regionCode, label: t('hotline.fields.wholePrefecture', { name: label(prefecture) }), search: `${prefecture.name} ${prefecture.nameEn}`.toLowerCase() }] : []),
  ];
  return (
    <Select<string>
      id={id}
      aria-label={aria['aria-label']}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={query.isPending}
      showSearch={{ filterOption: (input, option) => !!option?.search.includes(input.toLowerCase()) }}
      placeholder={t('hotline.fields.regionPlaceholder')}
      notFoundContent={query.isError ? t('common.loadFailed') : undefined}
    />
  );
}

interface TownshipSelectProps {
  /** The county chosen: its townships and streets are offered. */
  regionCode: string | undefined;
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  'aria-label'?: string;
}

/** The township or street within the county (optional; hot topics group tickets by it). */
export function TownshipSelect({ regionCode, value, onChange, id, ...aria }: TownshipSelectProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { query, townships } = useGovernments();
  const county = isCountyCode(regionCode);
  const options = county ? townships.filter((o) => o.regionCode === regionCode && o.code.startsWith(regionCode!)).map((o) => ({ value: o.code, label: pick(o.shortName || o.name, o.nameEn) })) : [];
  return (
    <Select<string>
      id={id}
      aria-label={aria['aria-label']}
      value={value}
      onChange={(v) => onChange?.(v || undefined)}
      options={options}
      allowClear
      disabled={!county}
      loading={query.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={county ? t('hotline.fields.townshipPlaceholder') : t('hotline.fields.townshipNeedsCounty')}
      notFoundContent={t('hotline.fields.noTownship')}
    />
  );
}

/** "昌吉市 · 宁边路街道办事处": the names of a ticket's county and township, from the public tree. */
export function useRegionName(): (regionCode: string, townshipCode?: string | null) => string {
  const { pick } = useLocale();
  const { prefecture, counties, townships } = useGovernments();
  return (regionCode, townshipCode) => {
    const county = counties.find((o) => o.regionCode === regionCode) ?? (prefecture?.regionCode === regionCode ? prefecture : undefined);
    const township = townshipCode ? townships.find((o) => o.code === townshipCode) : undefined;
    return [county ? pick(county.shortName || county.name, county.nameEn) : regionCode, township ? pick(township.shortName || township.name, township.nameEn) : townshipCode].filter(Boolean).join(' · ');
  };
}
