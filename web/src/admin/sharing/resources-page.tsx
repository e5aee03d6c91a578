import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sharingTypes, subjectKinds, type SharingType, type SubjectKind } from '../../../../common/sharing.js';
import { hasRole, useMe } from '../../api/auth.js';
import { useResources, type ResourceFilter, type ResourceItem } from '../../api/sharing.js';
import { formatNumber } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { ResourceFormModal } from './resource-form.js';
import { SharingTypeTag } from './sharing-tags.js';

const PAGE_SIZE = 20;
const isSharingType = (v: string | null): v is SharingType => !!v && (sharingTypes as readonly string[]).includes(v);
const isSubjectKind = (v: string | null): v is SubjectKind => !!v && (subjectKinds as readonly string[]).includes(v);

/** The data resource catalog (政务数据资源目录): what every department shares, searched on the server. */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const me = useMe().data!;
  const { params, page, q, update } = useListParams();
  const [publishing, setPublishing] = useState(false);
  const filter: ResourceFilter = { page, pageSize: PAGE_SIZE };
  if (q) filter.q = q;
  const type = params.get('type');
  const kind = params.get('kind');
  if (isSharingType(type)) filter.sharingType = type;
  if (isSubjectKind(kind)) filter.subjectKind = kind;
  if (params.get('mine') === '1') filter.mine = true;
  const resources = useResources(filter);

  const columns: TableColumnsType<ResourceItem> = [
    {
      title: t('sharing.resource.name'),
      key: 'name',
      render: (_, r) => (
        <div>
          <Link to={`/sharing/resources/${r.code}`}>{pick(r.name, r.nameEn)}</Link>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {r.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('sharing.resource.owner'), key: 'owner', responsive: ['md'], render: (_, r) => pick(r.owner.name, r.owner.nameEn) },
    { title: t('sharing.resource.sharingType'), key: 'type', render: (_, r) => <SharingTypeTag type={r.sharingType} /> },
    { title: t('sharing.resource.subjects'), key: 'subjects', responsive: ['lg'], render: (_, r) => r.subjectKinds.map((k) => t(`sharing.subjectKind.${k}`)).join('、') },
    { title: t('sharing.resource.frequency'), key: 'frequency', responsive: ['lg'], render: (_, r) => t(`sharing.frequency.${r.updateFrequency}`) },
    { title: t('sharing.resource.records'), key: 'records', align: 'right', responsive: ['sm'], render: (_, r) => formatNumber(r.recordCount, locale) },
  ];

  return (
    <>
      <PageHeader
        title={t('sharing.nav.resources')}
        subtitle={t('sharing.resources.intro')}
        extra={
          hasRole(me, 'departmentHead', 'admin') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
              {t('sharing.resources.publish')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <ListSearch q={q} onSearch={(v) => update({ q: v, page: undefined })} label={t('sharing.resources.search')} placeholder={t('sharing.resources.searchPlaceholder')} submitLabel={t('portal.search.submit')} />
          <Select<SharingType | ''>
            aria-label={t('sharing.resource.sharingType')}
            value={filter.sharingType ?? ''}
            onChange={(v) => update({ type: v || undefined, page: undefined })}
            options={[{ value: '', label: t('sharing.resources.allTypes') }, ...sharingTypes.map((s) => ({ value: s, label: t(`sharing.sharingType.${s}`) }))]}
            style={{ minWidth: 150 }}
          />
          <Select<SubjectKind | ''>
            aria-label={t('sharing.resource.subjects')}
            value={filter.subjectKind ?? ''}
            onChange={(v) => update({ kind: v || undefined, page: undefined })}
            options={[{ value: '', label: t('sharing.resources.allSubjects') }, ...subjectKinds.map((s) => ({ value: s, label: t(`sharing.subjectKind.${s}`) }))]}
            style={{ minWidth: 130 }}
          />
          <Checkbox checked={!!filter.mine} onChange={(e) => update({ mine: e.target.checked ? 1 : undefined, page: undefined })}>
            {t('sharing.resources.mine')}
          </Checkbox>
        </Flex>
        {resources.isError ? (
          <LoadError error={resources.error} onRetry={() => void resources.refetch()} />
        ) : (
          <>
            <Table<ResourceItem>
              rowKey="id"
              columns={columns}
              dataSource={resources.data?.items}
              loading={resources.isFetching}
              pagination={false}
              locale={{ emptyText: q || filter.sharingType || filter.subjectKind || filter.mine ? t('sharing.resources.noneFiltered') : t('sharing.resources.none') }}
            />
            {resources.data && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <ListFooter total={resources.data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />
              </Space>
            )}
          </>
        )}
      </Card>
      {publishing && <ResourceFormModal onClose={() => setPublishing(false)} />}
    </>
  );
}
