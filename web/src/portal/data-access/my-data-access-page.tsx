import { FileProtectOutlined, SafetyOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, Grid, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyAccessLog, type MyAccessEntry } from '../../api/sharing.js';
import { FieldTags, QueryResultTag } from '../../admin/sharing/sharing-tags.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';

const PAGE_SIZE = 10;

/** Which department looked, and for a case when it was one the applicant filed. */
function Who({ e }: { e: MyAccessEntry }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <div>
      <div className="data-access-who">{pick(e.consumer.name, e.consumer.nameEn)}</div>
      {e.forCase && <Tag icon={<FileProtectOutlined />} color="blue">{t('sharing.mine.forCase')}</Tag>}
    </div>
  );
}

function EntryTable({ items }: { items: MyAccessEntry[] }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const columns: TableColumnsType<MyAccessEntry> = [
    { title: t('sharing.log.at'), key: 'at', width: 150, render: (_, e) => formatDateTime(e.at, locale) },
    { title: t('sharing.mine.who'), key: 'who', width: 190, render: (_, e) => <Who e={e} /> },
    {
      title: t('sharing.mine.what'),
      key: 'what',
      width: 190,
      render: (_, e) => (
        <div>
          <div>{pick(e.resource.name, e.resource.nameEn)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('sharing.mine.heldBy', { owner: pick(e.owner.name, e.owner.nameEn) })}</Typography.Text>
        </div>
      ),
    },
    { title: t('sharing.query.purpose'), dataIndex: 'purpose' },
    { title: t('sharing.log.fields'), key: 'fields', render: (_, e) => <FieldTags fields={e.fields} masked={e.maskedFields} /> },
    { title: t('sharing.log.result'), key: 'result', width: 110, render: (_, e) => <QueryResultTag result={e.result} /> },
  ];
  return <Table<MyAccessEntry> rowKey="id" columns={columns} dataSource={items} pagination={false} />;
}

/** On a phone each query is a card. */
function EntryCards({ items }: { items: MyAccessEntry[] }) {
  const { pick, locale } = useLocale();
  return (
    <ul className="plain-list data-access-cards">
      {items.map((e) => (
        <li key={e.id}>
          <Card size="small">
            <div className="data-access-card-head">
              <Who e={e} />
              <QueryResultTag result={e.result} />
            </div>
            <div>{pick(e.resource.name, e.resource.nameEn)}</div>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
              {e.purpose}
            </Typography.Paragraph>
            <FieldTags fields={e.fields} masked={e.maskedFields} />
            <div className="data-access-card-time">{formatDateTime(e.at, locale)}</div>
          </Card>
        </li>
      ))}
    </ul>
  );
}

/** "Who looked at my data" (谁查看了我的数据): every query of shared data about the signed-in applicant. */
export default function MyDataAccessPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const { page, update } = useListParams();
  const log = useMyAccessLog(page, PAGE_SIZE);
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('sharing.mine.title') }]} />
      <PageHeader title={t('sharing.mine.title')} subtitle={t('sharing.mine.intro')} />
      <Card>
        {log.isError ? (
          <LoadError error={log.error} onRetry={() => void log.refetch()} />
        ) : (
          <Spin spinning={log.isPending || (log.isFetching && log.isPlaceholderData)}>
            {log.data && log.data.items.length === 0 ? (
              <Empty image={<SafetyOutlined style={{ fontSize: 48, color: '#bfbfbf' }} />} description={t('sharing.mine.none')} style={{ padding: '32px 0' }} />
            ) : log.data ? (
              <>
                {narrow ? <EntryCards items={log.data.items} /> : <EntryTable items={log.data.items} />}
                <ListFooter
                  total={log.data.total}
                  page={page}
                  pageSize={PAGE_SIZE}
                  small={narrow}
                  onPage={(p) => {
                    update({ page: p });
                    window.scrollTo({ top: 0 });
                  }}
                />
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('sharing.mine.rights')}
      </Typography.Paragraph>
    </div>
  );
}
