import { ExportOutlined, PlusOutlined } from '@ant-design/icons';
import { Card, Flex, Input, Segmented, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useManagedItems, type ManagedItem, type ManagedItemFilter } from '../../api/catalog.js';
import { deptKeys, deptLabel, VersionStatusTag } from '../../shared/catalog-tags.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { useDebounced } from '../../shared/use-debounced.js';

type StatusChoice = 'all' | 'open' | 'inReview';

/** The catalog as its managers see it: every item with its published and open versions. */
export default function CatalogPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 20, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const dept = params.get('dept') ?? undefined;
  const status = (['open', 'inReview'] as const).find((s) => s === params.get('status'));
  const set = (change: Record<string, string | number | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(change)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) set({ q: q || undefined, page: undefined });
  }, [q]);
  const filter: ManagedItemFilter = { page, pageSize, ...(q ? { q } : {}), ...(dept ? { dept } : {}), ...(status ? { status } : {}) };
  const items = useManagedItems(filter);

  const columns: TableColumnsType<ManagedItem> = [
    {
      title: t('catalog.itemName'),
      key: 'name',
      render: (_, i) => (
        <div>
          <Link to={`/admin/catalog/items/${encodeURIComponent(i.code)}`}>{pick(i.name, i.nameEn)}</Link>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {i.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('catalog.dept'), key: 'dept', width: 170, responsive: ['md'], render: (_, i) => deptLabel(t, i.deptKey) },
    {
      title: t('catalog.admin.published'),
      key: 'published',
      width: 120,
      render: (_, i) => (i.published ? t('catalog.versionN', { number: i.published }) : <Typography.Text type="secondary">{t('catalog.admin.notPublished')}</Typography.Text>),
    },
    {
      title: t('catalog.admin.open'),
      key: 'open',
      width: 170,
      render: (_, i) =>
        i.open ? (
          <Space size={6}>
            <span>{t('catalog.versionN', { number: i.open.number })}</span>
            <VersionStatusTag status={i.open.status} />
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('catalog.admin.updated'), key: 'updated', width: 170, responsive: ['lg'], render: (_, i) => formatDateTime(i.updatedAt, locale) },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.catalog')}
        subtitle={t('catalog.admin.intro')}
        extra={
          <>
            <LinkButton to="/services" icon={<ExportOutlined />}>
              {t('catalog.admin.publicCatalog')}
            </LinkButton>
            <LinkButton to="/admin/catalog/new" type="primary" icon={<PlusOutlined />}>
              {t('catalog.admin.newItem')}
            </LinkButton>
          </>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <Input.Search allowClear placeholder={t('catalog.admin.search')} aria-label={t('catalog.admin.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 280 }} />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('catalog.search.allDepts')}
            aria-label={t('catalog.dept')}
            value={dept}
            onChange={(v?: string) => set({ dept: v, page: undefined })}
            options={deptKeys.map((k) => ({ value: k, label: deptLabel(t, k) }))}
            style={{ minWidth: 180 }}
          />
          <Segmented<StatusChoice>
            value={status ?? 'all'}
            onChange={(v) => set({ status: v === 'all' ? undefined : v, page: undefined })}
            aria-label={t('catalog.admin.status')}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'open', label: t('catalog.admin.statusOpen') },
              { value: 'inReview', label: t('catalog.admin.statusInReview') },
            ]}
          />
        </Flex>
        {items.isError ? (
          <LoadError error={items.error} onRetry={() => void items.refetch()} />
        ) : (
          <Table<ManagedItem>
            rowKey="code"
            columns={columns}
            dataSource={items.data?.items}
            loading={items.isFetching}
            scroll={{ x: 720 }}
            pagination={{
              current: page,
              pageSize,
              total: items.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t('common.total', { count: n }),
              onChange: (p, size) => set({ page: size !== pageSize ? undefined : p, pageSize: size === 20 ? undefined : size }),
            }}
          />
        )}
      </Card>
    </>
  );
}
