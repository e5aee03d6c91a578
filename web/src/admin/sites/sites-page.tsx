import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrgLevel, SiteKind } from '../../../../common/enums.js';
import { orgLevels } from '../../../../common/enums.js';
import { hasRole, useMe } from '../../api/auth.js';
import { useOrgs, useSites, type Site, type SiteFilter } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { OrgLevelTag, SiteKindTag } from '../../shared/tags.js';
import { CreateSiteModal } from './site-form-modals.js';

/** Every hall and agency point, filtered on the server by county, kind, level and a name or address. */
export default function SitesPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data!;
  const [within, setWithin] = useState<string>();
  const [kind, setKind] = useState<SiteKind>();
  const [level, setLevel] = useState<OrgLevel>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const filter: SiteFilter = { ...(within ? { within } : {}), ...(kind ? { kind } : {}), ...(level ? { level } : {}), ...(q ? { q } : {}) };
  const sites = useSites(filter);
  const counties = useOrgs({ level: 'county' });
  const countyOptions = useMemo(
    () => (counties.data ?? []).filter((o) => o.kind !== 'department').map((o) => ({ value: o.code, label: pick(o.shortName, o.nameEn) })),
    [counties.data, pick],
  );

  const columns: TableColumnsType<Site> = [
    { title: t('sites.name'), key: 'name', width: 260, render: (_, s) => <Link to={`/sites/${s.id}`}>{pick(s.name, s.nameEn)}</Link> },
    { title: t('sites.kind'), dataIndex: 'kind', width: 130, render: (k: SiteKind) => <SiteKindTag kind={k} /> },
    { title: t('sites.level'), dataIndex: 'level', width: 120, responsive: ['sm'], render: (l: OrgLevel) => <OrgLevelTag level={l} /> },
    { title: t('sites.org'), key: 'org', responsive: ['xxl'], render: (_, s) => pick(s.orgName, s.orgNameEn) },
    { title: t('sites.address'), key: 'address', width: 240, responsive: ['xl'], render: (_, s) => <span className="cell-clip" title={pick(s.address, s.addressEn)}>{pick(s.address, s.addressEn)}</span> },
    { title: t('sites.phone'), dataIndex: 'phone', width: 140, responsive: ['md'] },
    { title: t('sites.windowCount'), dataIndex: 'windowCount', width: 100, align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.sites')}
        subtitle={t('sites.intro')}
        extra={
          hasRole(me, 'admin') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sites.create')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('portal.halls.allCounties')} aria-label={t('portal.halls.county')} options={countyOptions} value={within} onChange={setWithin} style={{ minWidth: 180 }} />
          <Select
            allowClear
            placeholder={t('sites.allKinds')}
            aria-label={t('sites.kind')}
            value={kind}
            onChange={setKind}
            options={(['hall', 'agencyPoint'] as const).map((k) => ({ value: k, label: t(`enums.siteKind.${k}`) }))}
            style={{ minWidth: 160 }}
          />
          <Select
            allowClear
            placeholder={t('sites.allLevels')}
            aria-label={t('sites.level')}
            value={level}
            onChange={setLevel}
            options={orgLevels.map((l) => ({ value: l, label: t(`enums.orgLevel.${l}`) }))}
            style={{ minWidth: 140 }}
          />
          <Input.Search allowClear placeholder={t('portal.halls.searchPlaceholder')} aria-label={t('portal.halls.searchPlaceholder')} onSearch={(v) => setQ(v.trim())} style={{ maxWidth: 300 }} />
        </Flex>
        {sites.isError ? (
          <LoadError error={sites.error} onRetry={() => void sites.refetch()} />
        ) : (
          <Table<Site>
            rowKey="id"
            columns={columns}
            dataSource={sites.data}
            loading={sites.isFetching}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
            scroll={{ x: 960 }}
          />
        )}
      </Card>
      {creating && <CreateSiteModal onClose={() => setCreating(false)} />}
    </>
  );
}
