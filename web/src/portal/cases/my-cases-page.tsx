import { FileSearchOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Empty, Flex, Grid, Input, Pagination, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { caseStatuses, type CaseStatus } from '../../../../common/cases.js';
import { useCases, type CaseListFilter, type CaseListItem } from '../../api/cases.js';
import { CaseStatusTag, openCaseStatuses, WarningTag, warningTextColor } from '../../shared/case-tags.js';
import { formatDate, formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';

const PAGE_SIZE = 10;

const isStatus = (value: string | null): value is CaseStatus => !!value && (caseStatuses as readonly string[]).includes(value);

/** The list's filter in the address bar, so "back" from a case returns to the same page. */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const q = params.get('q')?.trim().slice(0, 60);
  const filter: CaseListFilter = { box: 'mine', page: Math.max(1, Number(params.get('page')) || 1), pageSize: PAGE_SIZE };
  if (isStatus(status)) filter.status = status;
  if (q) filter.q = q;
  const update = (change: Record<string, string | number | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(change)) {
          if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { preventScrollReset: true },
    );
  return { filter, update };
}

function Filed({ c }: { c: CaseListItem }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return c.receivedAt ? <>{formatDayOf(c.receivedAt, locale)}</> : <Typography.Text type="secondary">{t('cases.notFiled')}</Typography.Text>;
}

/** The promised date, coloured by its warning, while the clock runs; afterwards just the date. */
function Due({ c }: { c: CaseListItem }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (!c.promisedDueOn) return <Typography.Text type="secondary">{t('cases.dueAfterAcceptance')}</Typography.Text>;
  const open = openCaseStatuses.includes(c.status);
  return (
    <Space size={[6, 4]} wrap>
      <span style={{ color: open ? warningTextColor(c.warning) : undefined }}>{formatDate(c.promisedDueOn, locale, false)}</span>
      {open && <WarningTag level={c.warning} />}
    </Space>
  );
}

function CaseTable({ items }: { items: CaseListItem[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('cases.caseNumber'),
      dataIndex: 'caseNumber',
      render: (_, c) => (
        <Link to={`/my/cases/${c.id}`} className="mono">
          {c.caseNumber}
        </Link>
      ),
    },
    {
      title: t('cases.item'),
      dataIndex: 'itemName',
      render: (_, c) => (
        <>
          <div>{pick(c.itemName, c.itemNameEn)}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {c.itemCode}
          </Typography.Text>
        </>
      ),
    },
    { title: t('cases.status'), dataIndex: 'status', render: (_, c) => <CaseStatusTag status={c.status} />, width: 130 },
    { title: t('cases.filed'), dataIndex: 'receivedAt', render: (_, c) => <Filed c={c} />, width: 150 },
    { title: t('cases.due'), dataIndex: 'promisedDueOn', render: (_, c) => <Due c={c} />, width: 230 },
  ];
  return <Table<CaseListItem> rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} />;
}

/** On a phone each case is a card, the whole card a link. */
function CaseCards({ items }: { items: CaseListItem[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <ul className="case-cards">
      {items.map((c) => (
        <li key={c.id}>
          <Link to={`/my/cases/${c.id}`} className="case-card" aria-label={`${pick(c.itemName, c.itemNameEn)} ${c.caseNumber}`}>
            <Flex justify="space-between" align="flex-start" gap={8}>
              <span className="case-card-title">{pick(c.itemName, c.itemNameEn)}</span>
              <RightOutlined className="case-card-arrow" />
            </Flex>
            <div className="case-card-number mono">{c.caseNumber}</div>
            <div className="case-card-facts">
              <CaseStatusTag status={c.status} />
              <span>
                <span className="case-card-label">{t('cases.filed')}</span> <Filed c={c} />
              </span>
            </div>
            <div className="case-card-facts">
              <span className="case-card-label">{t('cases.due')}</span> <Due c={c} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** An applicant's own cases, soonest deadline first, paginated on the server. */
export default function MyCasesPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const { filter, update } = useListParams();
  const cases = useCases(filter);
  const [text, setText] = useState(filter.q ?? '');
  useEffect(() => setText(filter.q ?? ''), [filter.q]);
  const filtered = !!filter.status || !!filter.q;

  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('cases.title') }]} />
      <PageHeader
        title={t('cases.title')}
        subtitle={t('cases.intro')}
        extra={
          <>
            <LinkButton to="/my/messages">{t('nav.myMessages')}</LinkButton>
            <LinkButton to="/services" type="primary" icon={<FileSearchOutlined />}>
              {t('cases.findService')}
            </LinkButton>
          </>
        }
      />
      <Card>
        <Flex gap={8} wrap className="cases-filters">
          <form
            role="search"
            aria-label={t('cases.search')}
            className="cases-search"
            onSubmit={(e) => {
              e.preventDefault();
              update({ q: text.trim() || undefined, page: undefined });
            }}
          >
            <Space.Compact block>
              <Input
                allowClear
                value={text}
                maxLength={60}
                placeholder={t('cases.searchPlaceholder')}
                aria-label={t('cases.search')}
                prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
                onChange={(e) => {
                  setText(e.target.value);
                  if (!e.target.value) update({ q: undefined, page: undefined });
                }}
              />
              <Button htmlType="submit">{t('portal.search.submit')}</Button>
            </Space.Compact>
          </form>
          <Select<CaseStatus | ''>
            className="cases-status"
            aria-label={t('cases.status')}
            value={filter.status ?? ''}
            onChange={(v) => update({ status: v || undefined, page: undefined })}
            options={[{ value: '', label: t('cases.allStatuses') }, ...caseStatuses.map((s) => ({ value: s, label: t(`enums.caseStatus.${s}`) }))]}
          />
        </Flex>
        {cases.isError ? (
          <LoadError error={cases.error} onRetry={() => void cases.refetch()} />
        ) : (
          <Spin spinning={cases.isPending || (cases.isFetching && cases.isPlaceholderData)}>
            {cases.data && cases.data.items.length === 0 ? (
              <Empty
                style={{ padding: '40px 0' }}
                description={
                  filtered ? (
                    t('cases.noneFiltered')
                  ) : (
                    <>
                      <div>{t('cases.none')}</div>
                      <Typography.Text type="secondary">{t('cases.noneHint')}</Typography.Text>
                    </>
                  )
                }
              >
                {filtered ? (
                  <Button onClick={() => update({ q: undefined, status: undefined, page: undefined })}>{t('cases.clearFilter')}</Button>
                ) : (
                  <LinkButton to="/services" type="primary">
                    {t('cases.findService')}
                  </LinkButton>
                )}
              </Empty>
            ) : cases.data ? (
              <>
                {narrow ? <CaseCards items={cases.data.items} /> : <CaseTable items={cases.data.items} />}
                <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
                  <Typography.Text type="secondary">{t('common.total', { count: cases.data.total })}</Typography.Text>
                  {cases.data.total > PAGE_SIZE && (
                    <Pagination
                      current={filter.page}
                      pageSize={PAGE_SIZE}
                      total={cases.data.total}
                      showSizeChanger={false}
                      size={narrow ? 'small' : undefined}
                      onChange={(page) => {
                        update({ page });
                        window.scrollTo({ top: 0 });
                      }}
                    />
                  )}
                </Flex>
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
    </div>
  );
}
