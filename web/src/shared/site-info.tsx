import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site, SiteWindow } from '../api/orgs.js';
import { useLocale } from './i18n/index.js';
import { ActiveTag, OrgLevelTag, SiteKindTag, WindowCategoryTag } from './tags.js';

/** Where a site is, when it opens, how to call it: what an applicant needs before the trip. */
export function SiteDescriptions({ site }: { site: Site }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <Descriptions column={{ xs: 1, lg: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }}>
      <Descriptions.Item label={t('sites.kind')}>
        <Space size={4} wrap>
          <SiteKindTag kind={site.kind} />
          <OrgLevelTag level={site.level} />
          {!site.active && <ActiveTag active={false} />}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('sites.org')}>{pick(site.orgName, site.orgNameEn)}</Descriptions.Item>
      <Descriptions.Item label={<><EnvironmentOutlined /> {t('sites.address')}</>} span="filled">
        {pick(site.address, site.addressEn)}
      </Descriptions.Item>
      <Descriptions.Item label={<><ClockCircleOutlined /> {t('sites.hours')}</>} span="filled">
        {pick(site.hours, site.hoursEn)}
      </Descriptions.Item>
      <Descriptions.Item label={<><PhoneOutlined /> {t('sites.phone')}</>}>
        {site.phone ? <a href={`tel:${site.phone}`}>{site.phone}</a> : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('sites.signage')}>{site.signage}</Descriptions.Item>
      <Descriptions.Item label={t('sites.zones')} span="filled">
        <TagList values={site.zones} />
      </Descriptions.Item>
      <Descriptions.Item label={t('sites.equipment')} span="filled">
        <TagList values={site.equipment} />
      </Descriptions.Item>
    </Descriptions>
  );
}

function TagList({ values }: { values: string[] }) {
  if (!values.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 6]} wrap>
      {values.map((v) => (
        <Tag key={v} variant="outlined" style={{ marginInlineEnd: 0 }}>
          {v}
        </Tag>
      ))}
    </Space>
  );
}

/** The windows of a site; pages add their own columns (staff, actions) after the public ones. */
export function WindowsTable({ windows, extraColumns = [], showInactive = false }: { windows: SiteWindow[]; extraColumns?: TableColumnsType<SiteWindow>; showInactive?: boolean }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const rows = showInactive ? windows : windows.filter((w) => w.active);
  const columns: TableColumnsType<SiteWindow> = [
    { title: t('windows.number'), dataIndex: 'number', width: 90 },
    {
      title: t('windows.name'),
      key: 'name',
      render: (_, w) => (
        <Space size={4} wrap>
          <span>{pick(w.name, w.nameEn)}</span>
          {!w.active && <ActiveTag active={false} />}
        </Space>
      ),
    },
    { title: t('windows.category'), dataIndex: 'category', width: 150, render: (c: SiteWindow['category']) => <WindowCategoryTag category={c} /> },
    {
      title: t('windows.department'),
      key: 'department',
      responsive: ['md'],
      render: (_, w) => (w.departmentName ? pick(w.departmentName, w.departmentNameEn) : <Typography.Text type="secondary">{t('windows.comprehensive')}</Typography.Text>),
    },
    ...extraColumns,
  ];
  return (
    <Table<SiteWindow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('windows.none')} /> }}
    />
  );
}
