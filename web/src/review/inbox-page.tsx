import { Badge, Button, Card, Empty, Flex, Grid, Spin, Table, Tabs, Tooltip, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCases, type CaseListFilter, type CaseListItem } from '../api/cases.js';
import { reviewBoxes, useInboxCounts, type ReviewBox } from '../api/review.js';
import { CaseStatusTag } from '../shared/case-tags.js';
import { formatDayOf } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../shared/list-parts.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';
import { DaysLeft, DeadlineCell, warningForDays } from './deadline.js';
import './review.css';

const PAGE_SIZE = 20;
const isBox = (v: string | null): v is ReviewBox => !!v && (reviewBoxes as readonly string[]).includes(v);

/** The inbox's box, search and page live in the address bar, so "back" from a case returns to the same place. */
function useInboxParams() {
  const { params, page, q, update } = useListParams({ box: 'toReview' });
  const box: ReviewBox = isBox(params.get('box')) ? (params.get('box') as ReviewBox) : 'toReview';
  const filter: CaseListFilter = { box, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) };
  return { box, filter, update };
}

/** The deadline that matters in each box: the promised one, the task's, the pause, the certificate's (Art. 44). */
function RowDeadline({ c, box }: { c: CaseListItem; box: ReviewBox }) {
  const { t } = useTranslation();
  switch (box) {
    case 'tasks':
      return <DeadlineCell dueOn={c.taskDueOn} daysLeft={c.daysLeft} warning={warningForDays(c.daysLeft)} />;
    case 'toDeliver':
      return c.daysLeft !== null ? (
        <div className="review-deadline">
          <Typography.Text>{t('review.inbox.certificateDue')}</Typography.Text>
          <DaysLeft days={c.daysLeft} />
        </div>
      ) : (
        <Typography.Text type="secondary">{t('review.inbox.awaitingDelivery')}</Typography.Text>
      );
    default:
      return <DeadlineCell dueOn={c.promisedDueOn} daysLeft={c.daysLeft} warning={c.warning} />;
  }
}

function Applicant({ c }: { c: CaseListItem }) {
  return (
    <>
      <div>{c.applicantName}</div>
      <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
        {c.applicantId}
      </Typography.Text>
    </>
  );
}

const caseLink = (c: CaseListItem) => `/review/cases/${c.id}`;

function InboxTable({ items, box, cursor, onPick }: { items: CaseListItem[]; box: ReviewBox; cursor: number; onPick: (index: number) => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const navigate = useNavigate();
  const columns: TableColumnsType<CaseListItem> = [
    { title: t(`review.inbox.deadline.${box}`), key: 'deadline', width: 170, render: (_, c) => <RowDeadline c={c} box={box} /> },
    {
      title: t('review.inbox.caseNumber'),
      dataIndex: 'caseNumber',
      width: 200,
      render: (_, c) => (
        <Link to={caseLink(c)} className="mono" onClick={(e) => e.stopPropagation()}>
          {c.caseNumber}
        </Link>
      ),
    },
    {
      title: t('review.inbox.item'),
      dataIndex: 'itemName',
      render: (_, c) => (
        <>
          <div>{pick(c.itemName, c.itemNameEn)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`enums.filingChannel.${c.channel}`)}
          </Typography.Text>
        </>
      ),
    },
    { title: t('review.inbox.applicant'), dataIndex: 'applicantName', width: 200, render: (_, c) => <Applicant c={c} /> },
    { title: t('review.inbox.status'), dataIndex: 'status', width: 110, render: (_, c) => <CaseStatusTag status={c.status} /> },
    { title: t('review.inbox.received'), dataIndex: 'receivedAt', width: 150, render: (_, c) => (c.receivedAt ? formatDayOf(c.receivedAt, locale) : '—') },
  ];
  return (
    <Table<CaseListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={false}
      rowClassName={(_, i) => `review-row${i === cursor ? ' review-row-active' : ''}`}
      onRow={(c, i) => ({ onClick: () => void navigate(caseLink(c)), onMouseEnter: () => onPick(i ?? 0), 'aria-selected': i === cursor })}
    />
  );
}

/** On a phone each case is a card, the whole card a link. */
function InboxCards({ items, box }: { items: CaseListItem[]; box: ReviewBox }) {
  const { pick } = useLocale();
  return (
    <ul className="review-cards">
      {items.map((c) => (
        <li key={c.id}>
          <Link to={caseLink(c)} className="review-card" data-row-key={c.id}>
            <div className="review-card-title">{pick(c.itemName, c.itemNameEn)}</div>
            <div className="review-card-line">
              <span className="mono">{c.caseNumber}</span>
              <CaseStatusTag status={c.status} />
            </div>
            <div className="review-card-line">
              <span>{c.applicantName}</span>
              <RowDeadline c={c} box={box} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Plain keys for the list, as mail readers have them: J/K or arrows to move, Enter to open, / to search, 1–4 for the boxes. */
function useInboxKeys(handlers: { move: (by: number) => void; open: () => void; search: () => void; box: (n: number) => void }) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      // Typing in a field is not a command.
      if (target?.closest('input, textarea, select, [contenteditable="true"], .ant-modal, .ant-drawer')) return;
      const h = latest.current;
      const run = (f: () => void) => {
        e.preventDefault();
        f();
      };
      if (e.key === 'j' || e.key === 'ArrowDown') run(() => h.move(1));
      else if (e.key === 'k' || e.key === 'ArrowUp') run(() => h.move(-1));
      // Enter on a link, button or tab does what that does.
      else if (e.key === 'Enter' && !target?.closest('a, button, [role="tab"]')) run(h.open);
      else if (e.key === '/') run(h.search);
      else if (/^[1-4]$/.test(e.key)) run(() => h.box(Number(e.key) - 1));
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** The reviewer's inbox: the department's cases by box, soonest deadline first, paginated and searched on the server. */
export default function InboxPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const { box, filter, update } = useInboxParams();
  const cases = useCases(filter);
  const counts = useInboxCounts();
  const [cursor, setCursor] = useState(0);
  const search = useRef<InputRef>(null);
  const items = cases.data?.items ?? [];
  useEffect(() => setCursor(0), [box, filter.page, filter.q]);

  useInboxKeys({
    move: (by) =>
      setCursor((c) => {
        const next = Math.min(Math.max(c + by, 0), Math.max(items.length - 1, 0));
        document.querySelector(`[data-row-key="${items[next]?.id}"]`)?.scrollIntoView({ block: 'nearest' });
        return next;
      }),
    open: () => {
      const c = items[cursor];
      if (c) void navigate(caseLink(c));
    },
    search: () => search.current?.focus(),
    box: (n) => reviewBoxes[n] && update({ box: reviewBoxes[n], page: undefined }),
  });

  const tabLabel = (b: ReviewBox, n: number) => {
    const count = counts.data?.[b];
    return (
      <span className="review-tab-label" data-testid={`inbox-tab-${b}`}>
        {t(`review.inbox.boxes.${b}`)}
        <Badge count={count?.total ?? 0} showZero overflowCount={999} color={count?.total ? '#1677ff' : '#bfbfbf'} />
        {!!count?.overdue && (
          <Tooltip title={t('review.inbox.overdue', { count: count.overdue })}>
            <Badge count={count.overdue} color="#cf1322" aria-label={t('review.inbox.overdue', { count: count.overdue })} />
          </Tooltip>
        )}
        {!narrow && <kbd className="review-tab-key">{n + 1}</kbd>}
      </span>
    );
  };

  return (
    <div className="review-page">
      <PageHeader title={t('review.inbox.title')} subtitle={t('review.inbox.intro')} />
      <Card>
        <Tabs
          className="review-tabs"
          activeKey={box}
          onChange={(b) => update({ box: b, page: undefined })}
          items={reviewBoxes.map((b, n) => ({ key: b, label: tabLabel(b, n) }))}
        />
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
          <ListSearch
            q={filter.q}
            onSearch={(q) => update({ q, page: undefined })}
            label={t('review.inbox.search')}
            placeholder={t('review.inbox.searchPlaceholder')}
            submitLabel={t('review.inbox.searchButton')}
            className="review-search"
            inputRef={search}
          />
          {!narrow && (
            <span className="review-keys" aria-hidden>
              {t('review.inbox.keysMove')} <kbd>J</kbd>
              <kbd>K</kbd> · {t('review.inbox.keysOpen')} <kbd>Enter</kbd> · {t('review.inbox.keysSearch')} <kbd>/</kbd>
            </span>
          )}
        </Flex>
        {cases.isError ? (
          <LoadError error={cases.error} onRetry={() => void cases.refetch()} />
        ) : (
          <Spin spinning={cases.isPending || (cases.isFetching && cases.isPlaceholderData)}>
            {cases.data && items.length === 0 ? (
              <Empty style={{ padding: '40px 0' }} description={filter.q ? t('review.inbox.noneFiltered') : t(`review.inbox.none.${box}`)}>
                {filter.q && <Button onClick={() => update({ q: undefined, page: undefined })}>{t('review.inbox.clearSearch')}</Button>}
              </Empty>
            ) : cases.data ? (
              <>
                {narrow ? <InboxCards items={items} box={box} /> : <InboxTable items={items} box={box} cursor={cursor} onPick={setCursor} />}
                <ListFooter total={cases.data.total} page={filter.page} pageSize={PAGE_SIZE} small={narrow} onPage={(page) => update({ page })} />
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
