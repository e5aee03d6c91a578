import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Input, Pagination, Row, Segmented, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SiteKind } from '../../../common/enums.js';
import { useOrgs, useSites, type Site, type SiteFilter } from '../api/orgs.js';
import { useLocale } from '../shared/i18n/index.js';
import { LoadError } from '../shared/query-state.js';
import { OrgLevelTag, SiteKindTag } from '../shared/tags.js';

type KindChoice = SiteKind | 'all';
const PAGE_SIZE = 9;

function SiteCard({ site }: { site: Site }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <Link to={`/halls/${site.id}`} className="site-card-link" aria-label={pick(site.name, site.nameEn)}>
      <Card hoverable className="site-card" size="small">
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {pick(site.name, site.nameEn)}
          </Typography.Title>
          <RightOutlined className="site-card-arrow" />
        </Flex>
        <Space size={4} wrap style={{ margin: '8px 0' }}>
          <SiteKindTag kind={site.kind} />
          <OrgLevelTag level={site.level} />
        </Space>
        <div className="site-card-line">
          <EnvironmentOutlined />
          <Typography.Text>{pick(site.address, site.addressEn)}</Typography.Text>
        </div>
        <div className="site-card-line">
          <ClockCircleOutlined />
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }} type="secondary">
            {pick(site.hours, site.hoursEn)}
          </Typography.Paragraph>
        </div>
        <Flex justify="space-between" className="site-card-footer" wrap gap={4}>
          <span>
            <PhoneOutlined /> {site.phone || '—'}
          </span>
          <span>{t('portal.halls.windowCount', { count: site.windowCount })}</span>
        </Flex>
      </Card>
    </Link>
  );
}

/** Halls and agency points, narrowed by county, kind and a name or address. */
export function HallFinder() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [county, setCounty] = useState<string>();
  const [kind, setKind] = useState<KindChoice>('hall');
  const [q, setQ] = useState('');

  const counties = useOrgs({ level: 'county' });
  const filter: SiteFilter = { ...(county ? { within: county } : {}), ...(q ? { q } : {}) };
  const sites = useSites(filter);

  const countyOptions = useMemo(
    () =>
      (counties.data ?? [])
        .filter((o) => o.kind !== 'department' && o.active)
        .map((o) => ({ value: o.code, label: pick(o.shortName, o.nameEn) })),
    [counties.data, pick],
  );
  const all = sites.data ?? [];
  const count = (k: SiteKind) => all.filter((s) => s.kind === k).length;
  const shown = kind === 'all' ? all : all.filter((s) => s.kind === kind);
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [county, kind, q]);

  return (
    <div className="hall-finder">
      <Flex gap={12} wrap className="hall-finder-filters" role="search">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('portal.halls.allCounties')}
          aria-label={t('portal.halls.county')}
          value={county}
          onChange={setCounty}
          options={countyOptions}
          loading={counties.isPending}
          style={{ minWidth: 200 }}
        />
        <Segmented<KindChoice>
          value={kind}
          onChange={setKind}
          aria-label={t('sites.kind')}
          options={[
            { value: 'hall', label: `${t('enums.siteKind.hall')} (${count('hall')})` },
            { value: 'agencyPoint', label: `${t('enums.siteKind.agencyPoint')} (${count('agencyPoint')})` },
            { value: 'all', label: `${t('common.all')} (${all.length})` },
          ]}
        />
        <Input.Search
          allowClear
          placeholder={t('portal.halls.searchPlaceholder')}
          aria-label={t('portal.halls.searchPlaceholder')}
          onSearch={(value) => setQ(value.trim())}
          style={{ maxWidth: 320 }}
          enterButton
        />
      </Flex>
      {sites.isError ? (
        <LoadError error={sites.error} onRetry={() => void sites.refetch()} />
      ) : (
        <Spin spinning={sites.isPending || (sites.isFetching && sites.isPlaceholderData)}>
          {shown.length ? (
            <>
              <Row gutter={[16, 16]}>
                {shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((site) => (
                  <Col key={site.id} xs={24} md={12} lg={8}>
                    <SiteCard site={site} />
                  </Col>
                ))}
              </Row>
              {shown.length > PAGE_SIZE && (
                <Pagination align="center" style={{ marginTop: 24 }} current={page} pageSize={PAGE_SIZE} total={shown.length} showSizeChanger={false} onChange={setPage} />
              )}
            </>
          ) : (
            <Empty description={sites.isPending ? ' ' : t('portal.halls.none')} style={{ padding: '32px 0' }} />
          )}
        </Spin>
      )}
    </div>
  );
}
