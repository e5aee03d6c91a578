import { RocketOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, Flex, Input, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOneTripList, type OneTripBatch, type OneTripEntry } from '../../api/catalog.js';
import { deptLabel, TripsTags } from '../../shared/catalog-tags.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { QueryState } from '../../shared/query-state.js';

function BatchCard({ batch, entries, filtered }: { batch: OneTripBatch; entries: OneTripEntry[]; filtered: boolean }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const columns: TableColumnsType<OneTripEntry> = [
    { title: '#', key: 'n', width: 56, render: (_, e) => entries.indexOf(e) + 1, responsive: ['sm'] },
    {
      title: t('catalog.itemName'),
      key: 'name',
      render: (_, e) => (
        <div>
          <Link to={`/items/${encodeURIComponent(e.code)}`}>{pick(e.name, e.nameEn)}</Link>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {e.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('catalog.dept'), key: 'dept', width: 180, responsive: ['md'], render: (_, e) => deptLabel(t, e.deptKey) },
    { title: t('catalog.trips'), key: 'trips', width: 200, render: (_, e) => <TripsTags trips={e.trips} batch={null} /> },
  ];
  return (
    <Card
      title={
        <Space size={8} wrap>
          <span>{pick(batch.title, batch.titleEn)}</span>
          {batch.publishedOn ? (
            <Tag color="blue">{t('catalog.oneTripPage.publishedOn', { date: formatDate(batch.publishedOn, locale, false) })}</Tag>
          ) : (
            <Tag color="warning">{t('catalog.oneTripPage.unpublished')}</Tag>
          )}
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {filtered ? t('catalog.oneTripPage.matchOf', { count: entries.length, total: batch.items.length }) : t('catalog.itemsCount', { count: batch.items.length })}
        </Typography.Text>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<OneTripEntry>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={entries}
        pagination={entries.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small', showTotal: (n) => t('common.total', { count: n }) } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.oneTripPage.noMatch')} /> }}
      />
    </Card>
  );
}

/** The "at most one trip" list (最多跑一次事项清单), batch by batch, searchable. */
export default function OneTripPage() {
  const { t } = useTranslation();
  const list = useOneTripList();
  const [search, setSearch] = useState('');
  const q = search.trim().toLowerCase();
  const match = useMemo(
    () => (e: OneTripEntry) => !q || e.name.includes(search.trim()) || e.nameEn.toLowerCase().includes(q) || e.code.toLowerCase().includes(q),
    [q, search],
  );
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('catalog.oneTripPage.title') }]} />
      <Flex justify="space-between" align="flex-start" wrap gap={16}>
        <div style={{ maxWidth: 720 }}>
          <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
            <RocketOutlined style={{ color: '#1677ff' }} /> {t('catalog.oneTripPage.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('catalog.oneTripPage.intro')}</Typography.Paragraph>
        </div>
        {list.data && (
          <Flex gap={24}>
            <Statistic title={t('catalog.oneTripPage.total')} value={list.data.filter((b) => b.publishedOn).reduce((n, b) => n + b.items.length, 0)} suffix={t('catalog.itemsUnit')} />
            <Statistic title={t('catalog.oneTripPage.batches')} value={list.data.filter((b) => b.publishedOn).length} />
          </Flex>
        )}
      </Flex>
      <Input.Search
        allowClear
        size="large"
        placeholder={t('catalog.oneTripPage.search')}
        aria-label={t('catalog.oneTripPage.search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        style={{ maxWidth: 480, margin: '8px 0 20px' }}
      />
      <QueryState query={list} isEmpty={(d) => d.length === 0} empty={<Empty description={t('catalog.oneTripPage.none')} />}>
        {(batches) => (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {[...batches].reverse().map((b) => {
              const entries = b.items.filter(match);
              if (q && !entries.length) return null;
              return <BatchCard key={b.number} batch={b} entries={entries} filtered={!!q} />;
            })}
            {q && batches.every((b) => !b.items.some(match)) && <Empty description={t('catalog.oneTripPage.noMatch')} />}
          </Space>
        )}
      </QueryState>
    </div>
  );
}
