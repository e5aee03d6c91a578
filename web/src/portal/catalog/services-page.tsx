import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Breadcrumb, Button, Checkbox, Col, Drawer, Empty, Flex, Grid, Input, Pagination, Row, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { applicantKinds, channels, companyEvents, lifeEvents, type ApplicantKind, type Channel, type CompanyEvent, type LifeEvent } from '../../../../common/catalog.js';
import { orgLevels, type OrgLevel } from '../../../../common/enums.js';
import { useCatalogFacets, useCatalogSearch, type CatalogSearchFilter } from '../../api/catalog.js';
import { deptKeys, deptLabel } from '../../shared/catalog-tags.js';
import { LoadError } from '../../shared/query-state.js';
import { ItemCard } from './item-card.js';

const PAGE_SIZES = [10, 20, 50];
const filterKeys = ['dept', 'lifeEvent', 'companyEvent', 'channel', 'level', 'applicantKind', 'oneTrip'] as const;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => (value && (list as readonly string[]).includes(value) ? (value as T) : undefined);

/** The search filter in the address bar, so results can be linked, shared and reached with "back". */
function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const filter: CatalogSearchFilter = {
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: oneOf(PAGE_SIZES.map(String), params.get('pageSize')) ? Number(params.get('pageSize')) : 10,
  };
  const q = params.get('q')?.trim();
  if (q) filter.q = q.slice(0, 100);
  const dept = params.get('dept');
  if (dept && /^[a-z][a-z-]*$/.test(dept)) filter.dept = dept;
  const lifeEvent = oneOf<LifeEvent>(lifeEvents, params.get('lifeEvent'));
  if (lifeEvent) filter.lifeEvent = lifeEvent;
  const companyEvent = oneOf<CompanyEvent>(companyEvents, params.get('companyEvent'));
  if (companyEvent) filter.companyEvent = companyEvent;
  const channel = oneOf<Channel>(channels, params.get('channel'));
  if (channel) filter.channel = channel;
  const level = oneOf<OrgLevel>(orgLevels, params.get('level'));
  if (level) filter.level = level;
  const applicantKind = oneOf<ApplicantKind>(applicantKinds, params.get('applicantKind'));
  if (applicantKind) filter.applicantKind = applicantKind;
  if (params.get('oneTrip') === 'true') filter.oneTrip = true;

  const update = (change: Record<string, string | number | boolean | undefined>, keepPage = false) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(change)) {
          if (v === undefined || v === '' || v === false) next.delete(k);
          else next.set(k, String(v));
        }
        if (!keepPage) next.delete('page');
        return next;
      },
      { preventScrollReset: true },
    );
  };
  return { filter, update };
}

function FilterControls({ filter, update, vertical }: { filter: CatalogSearchFilter; update: (c: Record<string, string | boolean | undefined>) => void; vertical: boolean }) {
  const { t } = useTranslation();
  const facets = useCatalogFacets();
  const deptOptions = useMemo(() => {
    const counts = new Map((facets.data?.departments ?? []).map((d) => [d.key, d.count]));
    const keys = [...new Set<string>([...deptKeys, ...counts.keys()])].filter((k) => !facets.data || counts.has(k));
    return keys.map((k) => ({ value: k, label: counts.has(k) ? `${deptLabel(t, k)} (${counts.get(k)})` : deptLabel(t, k) }));
  }, [facets.data, t]);
  const count = (list: { key: string; count: number }[] | undefined, key: string) => list?.find((f) => f.key === key)?.count;
  const withCount = (label: string, n: number | undefined) => (n === undefined ? label : `${label} (${n})`);
  const width = vertical ? '100%' : 168;
  const labelled = (label: string, control: ReactNode) =>
    vertical ? (
      <div className="filter-field">
        <div className="filter-label">{label}</div>
        {control}
      </div>
    ) : (
      control
    );
  return (
    <Flex gap={vertical ? 16 : 8} wrap vertical={vertical} className="services-filters">
      {labelled(
        t('catalog.search.dept'),
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalog.search.allDepts')}
          aria-label={t('catalog.search.dept')}
          value={filter.dept}
          onChange={(v?: string) => update({ dept: v })}
          options={deptOptions}
          style={{ width }}
          popupMatchSelectWidth={false}
        />,
      )}
      {labelled(
        t('catalog.search.lifeEvent'),
        <Select
          allowClear
          placeholder={t('catalog.search.lifeEvent')}
          aria-label={t('catalog.search.lifeEvent')}
          value={filter.lifeEvent}
          onChange={(v?: LifeEvent) => update({ lifeEvent: v, ...(v ? { companyEvent: undefined } : {}) })}
          options={lifeEvents.map((k) => ({ value: k, label: withCount(t(`enums.lifeEvent.${k}`), count(facets.data?.lifeEvents, k)) }))}
          style={{ width }}
          popupMatchSelectWidth={false}
        />,
      )}
      {labelled(
        t('catalog.search.companyEvent'),
        <Select
          allowClear
          placeholder={t('catalog.search.companyEvent')}
          aria-label={t('catalog.search.companyEvent')}
          value={filter.companyEvent}
          onChange={(v?: CompanyEvent) => update({ companyEvent: v, ...(v ? { lifeEvent: undefined } : {}) })}
          options={companyEvents.map((k) => ({ value: k, label: withCount(t(`enums.companyEvent.${k}`), count(facets.data?.companyEvents, k)) }))}
          style={{ width }}
          popupMatchSelectWidth={false}
        />,
      )}
      {labelled(
        t('catalog.search.channel'),
        <Select
          allowClear
          placeholder={t('catalog.search.anyChannel')}
          aria-label={t('catalog.search.channel')}
          value={filter.channel}
          onChange={(v?: Channel) => update({ channel: v })}
          options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))}
          style={{ width }}
        />,
      )}
      {labelled(
        t('catalog.search.level'),
        <Select
          allowClear
          placeholder={t('catalog.search.anyLevel')}
          aria-label={t('catalog.search.level')}
          value={filter.level}
          onChange={(v?: OrgLevel) => update({ level: v })}
          options={orgLevels.map((l) => ({ value: l, label: t(`enums.orgLevel.${l}`) }))}
          style={{ width }}
        />,
      )}
      {labelled(
        t('catalog.search.applicantKind'),
        <Select
          allowClear
          placeholder={t('catalog.search.anyApplicant')}
          aria-label={t('catalog.search.applicantKind')}
          value={filter.applicantKind}
          onChange={(v?: ApplicantKind) => update({ applicantKind: v })}
          options={applicantKinds.map((k) => ({ value: k, label: t(`enums.applicantKind.${k}`) }))}
          style={{ width }}
        />,
      )}
      <Checkbox checked={!!filter.oneTrip} onChange={(e) => update({ oneTrip: e.target.checked })} className="filter-check">
        {t('catalog.search.oneTripOnly')}
      </Checkbox>
    </Flex>
  );
}

/** The catalog search for applicants: words in Chinese or English, pinyin initials, and filters. */
export default function ServicesPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const { filter, update } = useFilterParams();
  const [text, setText] = useState(filter.q ?? '');
  useEffect(() => setText(filter.q ?? ''), [filter.q]);
  const [drawer, setDrawer] = useState(false);
  const results = useCatalogSearch(filter);
  const active = filterKeys.filter((k) => filter[k] !== undefined).length;
  const clear = () => update(Object.fromEntries(filterKeys.map((k) => [k, undefined])));

  const onPage = (page: number, pageSize: number) => {
    update({ page: pageSize !== filter.pageSize ? undefined : page, pageSize: pageSize === 10 ? undefined : pageSize }, true);
    window.scrollTo({ top: 0 });
  };

  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('catalog.search.title') }]} />
      <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('catalog.search.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalog.search.intro')}</Typography.Paragraph>
      <form
        role="search"
        className="services-search"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() || undefined });
        }}
      >
        <Space.Compact block size="large">
          <Input
            allowClear
            size="large"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (!e.target.value) update({ q: undefined });
            }}
            placeholder={t('catalog.search.placeholder')}
            aria-label={t('portal.search.label')}
            prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
            maxLength={100}
          />
          <Button type="primary" htmlType="submit" size="large">
            {t('portal.search.submit')}
          </Button>
        </Space.Compact>
      </form>
      {narrow ? (
        <Flex justify="space-between" align="center" style={{ margin: '12px 0' }}>
          <Badge count={active} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)}>
              {t('catalog.search.filters')}
            </Button>
          </Badge>
          {active > 0 && (
            <Button type="link" onClick={clear}>
              {t('catalog.search.clear')}
            </Button>
          )}
          <Drawer placement="bottom" open={drawer} onClose={() => setDrawer(false)} title={t('catalog.search.filters')} size="auto" styles={{ body: { paddingBottom: 24 } }}
            extra={<Button type="primary" onClick={() => setDrawer(false)}>{t('catalog.search.showResults')}</Button>}>
            <FilterControls filter={filter} update={update} vertical />
          </Drawer>
        </Flex>
      ) : (
        <Flex gap={8} wrap align="center" style={{ margin: '16px 0' }}>
          <FilterControls filter={filter} update={update} vertical={false} />
          {active > 0 && (
            <Button type="link" onClick={clear}>
              {t('catalog.search.clear')}
            </Button>
          )}
        </Flex>
      )}
      {results.isError ? (
        <LoadError error={results.error} onRetry={() => void results.refetch()} />
      ) : (
        <Spin spinning={results.isPending || (results.isFetching && results.isPlaceholderData)}>
          <div aria-live="polite" className="services-count">
            {results.data && (
              <Typography.Text type="secondary">
                {filter.q ? t('catalog.search.resultsFor', { q: filter.q, count: results.data.total }) : t('catalog.search.results', { count: results.data.total })}
              </Typography.Text>
            )}
          </div>
          {results.data && results.data.items.length === 0 ? (
            <Empty
              style={{ padding: '48px 0' }}
              description={
                <>
                  <div>{t('catalog.search.none')}</div>
                  <Typography.Text type="secondary">{t('catalog.search.noneHint')}</Typography.Text>
                </>
              }
            >
              {active > 0 && <Button onClick={clear}>{t('catalog.search.clear')}</Button>}
            </Empty>
          ) : (
            <Row gutter={[16, 12]}>
              {(results.data?.items ?? []).map((item) => (
                <Col key={item.code} xs={24} lg={12}>
                  <ItemCard item={item} />
                </Col>
              ))}
              {!results.data && <div style={{ minHeight: 240 }} />}
            </Row>
          )}
          {!!results.data?.total && results.data.total > filter.pageSize && (
            <Pagination
              align="center"
              style={{ marginTop: 24 }}
              current={filter.page}
              pageSize={filter.pageSize}
              total={results.data.total}
              pageSizeOptions={PAGE_SIZES}
              showSizeChanger={!narrow}
              size={narrow ? 'small' : undefined}
              onChange={onPage}
            />
          )}
        </Spin>
      )}
    </div>
  );
}
