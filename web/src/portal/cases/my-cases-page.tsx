import { EditOutlined, ExclamationCircleOutlined, FileSearchOutlined, RightOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Empty, Flex, Grid, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { caseStatuses, type CaseStatus } from '../../../../common/cases.js';
import { useCases, type CaseListFilter, type CaseListItem } from '../../api/cases.js';
import { CaseStatusTag, openCaseStatuses, WarningTag, warningTextColor } from '../../shared/case-tags.js';
import { formatDate, formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';

const PAGE_SIZE = 10;

const isStatus = (value: string | null): value is CaseStatus => !!value && (caseStatuses as readonly string[]).includes(value);

/** The list's filter in the address bar, so "back" from a case returns to the same page. */
function useMyCasesParams() {
  const { params, page, q, update } = useListParams();
  const status = params.get('status');
  const filter: CaseListFilter = { box: 'mine', page, pageSize: PAGE_SIZE };
  if (isStatus(status)) filter.status = status;
  if (q) filter.q = q;
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

/** What the applicant must do on a case, said in the list: finish a draft, answer a correction request. */
function YourMove({ c }: { c: CaseListItem }) {
  const { t } = useTranslation();
  if (c.status === 'draft')
    return (
      <Link to={`/apply/${encodeURIComponent(c.itemCode)}?draft=${c.id}`} className="case-your-move" onClick={(e) => e.stopPropagation()}>
        <EditOutlined /> {t('caseNext.draft.continue')}
      </Link>
    );
  if (c.status === 'correction_requested')
    return (
      <Typography.Text type="warning" className="case-your-move">
        <ExclamationCircleOutlined /> {t('cases.yourMove.correction')}
      </Typography.Text>
    );
  return null;
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
    {
      title: t('cases.status'),
      dataIndex: 'status',
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <CaseStatusTag status={c.status} />
          <YourMove c={c} />
        </Space>
      ),
      width: 150,
    },
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
          <Link to={c.status === 'draft' ? `/apply/${encodeURIComponent(c.itemCode)}?draft=${c.id}` : `/my/cases/${c.id}`} className="case-card" aria-label={`${pick(c.itemName, c.itemNameEn)} ${c.caseNumber}`}>
            <Flex justify="space-between" align="flex-start" gap={8}>
              <span className="case-card-title">{pick(c.itemName, c.itemNameEn)}</span>
              <RightOutlined className="case-card-arrow" />
            </Flex>
            <div className="case-card-number mono">{c.caseNumber}</div>
            <div className="case-card-facts">
              <CaseStatusTag status={c.status} />
              {c.status === 'correction_requested' && <YourMove c={c} />}
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
  const { filter, update } = useMyCasesParams();
  const cases = useCases(filter);
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
          <ListSearch
            q={filter.q}
            onSearch={(q) => update({ q, page: undefined })}
            label={t('cases.search')}
            placeholder={t('cases.searchPlaceholder')}
            submitLabel={t('portal.search.submit')}
            className="cases-search"
          />
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
                <ListFooter
                  total={cases.data.total}
                  page={filter.page ?? 1}
                  pageSize={PAGE_SIZE}
                  small={narrow}
                  onPage={(page) => {
                    update({ page });
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
    </div>
  );
}
