import { AuditOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, Flex, Grid, Segmented, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProofItem, useProofItems, type ProofItem } from '../../api/catalog.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { LoadError, QueryState } from '../../shared/query-state.js';
import { issuerLabel, ProofWays } from './proof-parts.js';

const PAGE_SIZE = 20;

/** What a row opens to: its legal basis, notes, and the published items that ask for it (read when opened). */
function ProofDetail({ item }: { item: ProofItem }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const detail = useProofItem(item.code);
  return (
    <div className="proof-detail" data-testid={`proof-detail-${item.code}`}>
      <div>
        <h5>{t('reuse.proofs.basis')}</h5>
        <ul>
          {item.legalBasis.map((b, i) => (
            <li key={i}>
              {pick(b.law, b.lawEn)} {b.article}
              {b.text && <div><Typography.Text type="secondary">{b.text}</Typography.Text></div>}
            </li>
          ))}
        </ul>
        {pick(item.notes, item.notesEn) && (
          <>
            <h5 style={{ marginTop: 12 }}>{t('reuse.proofs.notes')}</h5>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{pick(item.notes, item.notesEn)}</Typography.Paragraph>
          </>
        )}
      </div>
      <div>
        <h5>{t('reuse.proofs.askedBy')}</h5>
        {detail.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} title={false} />
        ) : detail.isError ? (
          <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
        ) : detail.data.askedBy.length ? (
          <ul>
            {detail.data.askedBy.map((a) => (
              <li key={a.code}>
                <Link to={`/items/${encodeURIComponent(a.code)}#materials`}>{pick(a.name, a.nameEn)}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <Typography.Text type="secondary">{t('reuse.proofs.askedByNone')}</Typography.Text>
        )}
      </div>
    </div>
  );
}

/** 证明事项清单 (R1.3): the retained proof items with their legal basis and how each is satisfied without the paper; the cancelled ones on their own tab. */
export default function ProofsPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { params, page, q, update } = useListParams({ status: 'retained' });
  const status = params.get('status') === 'retired' ? 'retired' : 'retained';
  const list = useProofItems({ status, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) });
  // On a phone the ways to satisfy a proof go under its name rather than in a column of their own.
  const narrow = !Grid.useBreakpoint().md;
  const columns: TableColumnsType<ProofItem> = [
    {
      title: t('reuse.proofs.name'),
      key: 'name',
      render: (_, p) => (
        <div>
          <Typography.Text strong>{pick(p.name, p.nameEn)}</Typography.Text>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {p.code}
            </Typography.Text>
            {p.status === 'retired' && p.retiredOn && (
              <Tag style={{ marginInlineStart: 8 }}>{t('reuse.proofs.retiredOn', { date: formatDate(p.retiredOn, locale, false) })}</Tag>
            )}
          </div>
          {narrow && (
            <div style={{ marginTop: 6 }}>
              <ProofWays satisfiedBy={p.satisfiedBy} />
            </div>
          )}
        </div>
      ),
    },
    { title: t('reuse.proofs.issuer'), key: 'issuer', width: 180, responsive: ['md'], render: (_, p) => issuerLabel(t, p.issuerKind) },
    { title: t('reuse.proofs.howTo'), key: 'how', width: 300, responsive: ['md'], render: (_, p) => <ProofWays satisfiedBy={p.satisfiedBy} /> },
    { title: t('reuse.proofs.usedBy'), key: 'used', width: 110, responsive: ['lg'], render: (_, p) => t('reuse.proofs.usedByCount', { count: p.publishedItems }) },
  ];
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('reuse.proofs.title') }]} />
      <Flex vertical style={{ maxWidth: 820 }}>
        <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
          <AuditOutlined style={{ color: '#1677ff' }} /> {t('reuse.proofs.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('reuse.proofs.intro')}</Typography.Paragraph>
      </Flex>
      <div className="proofs-toolbar">
        <Segmented
          value={status}
          onChange={(v) => update({ status: v, page: 1 })}
          options={[
            { value: 'retained', label: t('reuse.proofs.retained') },
            { value: 'retired', label: t('reuse.proofs.retired') },
          ]}
        />
        <ListSearch q={q} onSearch={(text) => update({ q: text, page: 1 })} label={t('reuse.proofs.search')} placeholder={t('reuse.proofs.search')} submitLabel={t('portal.search.submit')} />
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryState query={list} isEmpty={(d) => d.total === 0} empty={<Empty style={{ padding: 32 }} description={t('reuse.proofs.empty')} />} loading={<Skeleton active style={{ padding: 24 }} paragraph={{ rows: 8 }} />}>
          {(data) => (
            <Table<ProofItem>
              // A new answer opens afresh: a single match is shown opened.
              key={`${status}|${q ?? ''}|${data.total}`}
              rowKey="code"
              size="middle"
              columns={columns}
              dataSource={data.items}
              pagination={false}
              loading={list.isFetching && list.isPlaceholderData}
              expandable={{ expandedRowRender: (p) => <ProofDetail item={p} />, defaultExpandedRowKeys: data.total === 1 ? [data.items[0]!.code] : [], expandRowByClick: true }}
              data-testid="proofs-table"
            />
          )}
        </QueryState>
      </Card>
      {list.data && <ListFooter total={list.data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />}
    </div>
  );
}
