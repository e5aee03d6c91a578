import { BarChartOutlined, CheckCircleFilled, InfoCircleOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Col, Flex, Progress, Row, Select, Spin, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCatalogStats, type CatalogStats } from '../../api/catalog.js';
import { useOrgs } from '../../api/orgs.js';
import { formatDate, formatNumber } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { QueryState } from '../../shared/query-state.js';

/** The reform plan's targets for the published "at most one trip" list: cumulative items by the end of each year. */
const listTargets = [
  { year: 2019, items: 100 },
  { year: 2020, items: 200 },
];

type BatchRow = CatalogStats['oneTripList'][number];

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

function Figure({ title, definition, children }: { title: string; definition: string; children: ReactNode }) {
  return (
    <Card className="stat-card" title={title}>
      <div className="stat-body">{children}</div>
      <div className="stat-definition">
        <InfoCircleOutlined aria-hidden /> {definition}
      </div>
    </Card>
  );
}

function ListProgress({ stats, whole }: { stats: CatalogStats; whole: boolean }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const reachedBy = (year: number) => Math.max(0, ...stats.oneTripList.filter((b) => b.publishedOn && Number(b.publishedOn.slice(0, 4)) <= year).map((b) => b.cumulative));
  const columns: TableColumnsType<BatchRow> = [
    { title: t('catalog.stats.batch'), key: 'title', render: (_, b) => pick(b.title, b.titleEn) },
    {
      title: t('catalog.stats.publishedOn'),
      key: 'date',
      width: 160,
      render: (_, b) => (b.publishedOn ? formatDate(b.publishedOn, locale, false) : <Tag color="warning">{t('catalog.oneTripPage.unpublished')}</Tag>),
    },
    { title: t('catalog.stats.batchItems'), dataIndex: 'items', width: 110, align: 'right', render: (n: number) => formatNumber(n, locale) },
    { title: t('catalog.stats.cumulative'), dataIndex: 'cumulative', width: 110, align: 'right', render: (n: number) => <Typography.Text strong>{formatNumber(n, locale)}</Typography.Text> },
  ];
  return (
    <Card title={t('catalog.stats.listTitle')} className="stat-card">
      {whole ? (
        <Row gutter={[24, 16]} style={{ marginBottom: 16 }}>
          {listTargets.map((target) => {
            const reached = reachedBy(target.year);
            const done = reached >= target.items;
            return (
              <Col key={target.year} xs={24} md={12}>
                <Flex justify="space-between" align="baseline" wrap gap={8}>
                  <Typography.Text strong>{t('catalog.stats.target', { year: target.year, count: target.items })}</Typography.Text>
                  <span>
                    <Typography.Text strong style={{ fontSize: 18 }}>
                      {formatNumber(reached, locale)}
                    </Typography.Text>
                    <Typography.Text type="secondary"> / {formatNumber(target.items, locale)}</Typography.Text>
                    {done && (
                      <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineStart: 8 }}>
                        {t('catalog.stats.reached')}
                      </Tag>
                    )}
                  </span>
                </Flex>
                <Progress
                  percent={Math.min(100, percent(reached, target.items))}
                  status={done ? 'success' : 'active'}
                  aria-label={t('catalog.stats.target', { year: target.year, count: target.items })}
                />
              </Col>
            );
          })}
        </Row>
      ) : (
        <Typography.Paragraph type="secondary">{t('catalog.stats.targetsWhole')}</Typography.Paragraph>
      )}
      <Table<BatchRow> rowKey="batch" size="small" columns={columns} dataSource={stats.oneTripList} pagination={false} scroll={{ x: 560 }} />
      <div className="stat-definition">
        <InfoCircleOutlined aria-hidden /> {t('catalog.stats.listDef')}
      </div>
    </Card>
  );
}

/** The catalog's figures for targets T2 (online) and T4 (trips), for the prefecture or one county. */
export default function CatalogStatsPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const org = params.get('org') ?? undefined;
  const stats = useCatalogStats(org);
  const counties = useOrgs({ level: 'county' });
  const countyOptions = useMemo(
    () => (counties.data ?? []).filter((o) => o.kind !== 'department' && o.active).map((o) => ({ value: o.code, label: pick(o.shortName, o.nameEn) })),
    [counties.data, pick],
  );
  const n = (v: number) => formatNumber(v, locale);
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('catalog.stats.title') }]} />
      <Flex justify="space-between" align="flex-start" wrap gap={16} style={{ marginBottom: 16 }}>
        <div style={{ maxWidth: 720 }}>
          <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
            <BarChartOutlined style={{ color: '#1677ff' }} /> {t('catalog.stats.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('catalog.stats.intro')}
          </Typography.Paragraph>
        </div>
        <div>
          <div className="filter-label">{t('catalog.stats.scope')}</div>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('catalog.stats.wholePrefecture')}
            aria-label={t('catalog.stats.scope')}
            value={org}
            onChange={(v?: string) => setParams(v ? { org: v } : {}, { replace: true })}
            options={countyOptions}
            loading={counties.isPending}
            style={{ minWidth: 240 }}
          />
        </div>
      </Flex>
      <QueryState query={stats}>
        {(s) => (
          <Spin spinning={stats.isFetching && stats.isPlaceholderData}>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12} xl={6}>
                <Figure title={t('catalog.stats.onlineRate')} definition={t('catalog.stats.onlineRateDef')}>
                  <Flex align="center" gap={16}>
                    <Progress type="circle" percent={percent(s.online, s.onApplication)} size={96} format={(p) => `${p}%`} aria-label={t('catalog.stats.onlineRate')} />
                    <div>
                      <Statistic value={s.online} suffix={`/ ${n(s.onApplication)}`} />
                      <Typography.Text type="secondary">{t('catalog.stats.onlineFraction')}</Typography.Text>
                    </div>
                  </Flex>
                </Figure>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Figure title={t('catalog.stats.atMostOneTrip')} definition={t('catalog.stats.atMostOneTripDef')}>
                  <Statistic value={s.atMostOneTrip} suffix={`/ ${n(s.items)} ${t('catalog.itemsUnit')}`} />
                  <Progress percent={percent(s.atMostOneTrip, s.items)} aria-label={t('catalog.stats.atMostOneTrip')} />
                </Figure>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Figure title={t('catalog.stats.zeroTrip')} definition={t('catalog.stats.zeroTripDef')}>
                  <Statistic value={s.zeroTrip} suffix={`/ ${n(s.items)} ${t('catalog.itemsUnit')}`} />
                  <Progress percent={percent(s.zeroTrip, s.items)} strokeColor="#52c41a" aria-label={t('catalog.stats.zeroTrip')} />
                </Figure>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Figure title={org ? t('catalog.stats.implemented') : t('catalog.stats.items')} definition={org ? t('catalog.stats.implementedDef') : t('catalog.stats.itemsDef')}>
                  <Statistic value={s.implemented ?? s.items} suffix={t('catalog.itemsUnit')} />
                  <Link to="/services">{t('catalog.stats.browse')}</Link>
                </Figure>
              </Col>
              <Col span={24}>
                <ListProgress stats={s} whole={!org} />
              </Col>
            </Row>
          </Spin>
        )}
      </QueryState>
    </div>
  );
}
