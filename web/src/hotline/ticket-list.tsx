import type { UseQueryResult } from '@tanstack/react-query';
import { Empty, Flex, Grid, Select, Space, Spin, Table, Tag, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useEffect, useRef, type HTMLAttributes, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ticketTypes, type TicketType } from '../../../common/hotline.js';
import type { TicketBox, TicketListItem, TicketPage } from '../api/hotline.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../shared/list-parts.js';
import { LoadError } from '../shared/query-state.js';
import { DeadlineCell } from '../review/deadline.js';
// The deadline cell's own styles (yellow/red, days left) live with the review inbox.
import '../review/review.css';
import { TicketStatusTag, TicketTypeTag, UrgencyTag } from './ticket-tags.js';

// The ticket lists of the dispatch board and the handling inbox: a table on a laptop, cards on a phone.
// J/K (or the arrows) move between tickets, Enter opens one, / jumps to the search.

export const ticketPath = (id: string) => `/hotline/tickets/${id}`;

/** What the centre must do with a ticket of its board now. */
export function CentreTodo({ item }: { item: TicketListItem }) {
  const { t } = useTranslation();
  if (item.extensionPending) return <Tag color="gold">{t('hotline.todo.extension')}</Tag>;
  if (item.status === 'received') return <Tag color="processing">{t('hotline.todo.dispatch')}</Tag>;
  if (item.status === 'returned') return <Tag color="warning">{t('hotline.todo.returned')}</Tag>;
  if (item.status === 'replied') return <Tag color="cyan">{t('hotline.todo.callback')}</Tag>;
  return <TicketStatusTag status={item.status} />;
}

function LabelledDate({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="hotline-deadline">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span>{children}</span>
    </div>
  );
}

/** The date that matters for the row: the handling deadline, the callback's, the dispatch's, or how long it has waited at the centre. */
function RowDeadline({ item }: { item: TicketListItem }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (item.status === 'replied' && item.callbackDueOn) return <LabelledDate label={t('hotline.list.callbackBy')}>{formatDate(item.callbackDueOn, locale, false)}</LabelledDate>;
  if (item.dueOn) return <DeadlineCell dueOn={item.dueOn} daysLeft={item.daysLeft} warning={item.warning} />;
  // A new ticket waits for the centre to dispatch it (the "dispatched on time" KPI counts this day).
  if (item.status === 'received') return <LabelledDate label={t('hotline.ticket.dispatchDueOn')}>{formatDate(item.dispatchDueOn, locale, false)}</LabelledDate>;
  return <LabelledDate label={t('hotline.list.receivedAt')}>{formatDateTime(item.receivedAt, locale)}</LabelledDate>;
}

function What({ item }: { item: TicketListItem }) {
  const { pick } = useLocale();
  return (
    <>
      <Space size={[6, 4]} wrap>
        <Typography.Text strong>{pick(item.categoryName, item.categoryNameEn)}</Typography.Text>
        <TicketTypeTag type={item.type} />
        <UrgencyTag urgency={item.urgency} />
      </Space>
      <div className="hotline-list-text">{item.description}</div>
      {item.address && <div className="hotline-list-address">{item.address}</div>}
    </>
  );
}

function Who({ item, box }: { item: TicketListItem; box: TicketBox }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  if (box === 'handling' && item.task) return <Tag color={item.task.role === 'lead' ? 'geekblue' : 'default'}>{t(`hotline.taskRole.${item.task.role}`)}</Tag>;
  return item.leadOrg ? <span>{pick(item.leadOrg.name, item.leadOrg.nameEn)}</span> : <Typography.Text type="secondary">—</Typography.Text>;
}

/** Plain keys on a list of links (marked data-ticket-row): J/K or arrows move the focus, / goes to the search; Enter is the link's own. */
function useListKeys(list: RefObject<HTMLElement | null>, search: RefObject<InputRef | null>) {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], .ant-modal, .ant-drawer, .ant-select-dropdown')) return;
      const rows = [...(list.current?.querySelectorAll<HTMLElement>('[data-ticket-row]') ?? [])];
      const at = rows.findIndex((r) => r === document.activeElement);
      const by = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (by && rows.length) {
        e.preventDefault();
        rows[Math.min(Math.max(at + by, 0), rows.length - 1)]?.focus();
      } else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [list, search]);
}

/** One page of tickets; `extra` adds a column (the centre's "to do"). */
export function TicketList({ items, box, search, extra }: { items: TicketListItem[]; box: TicketBox; search: RefObject<InputRef | null>; extra?: { title: string; render: (item: TicketListItem) => ReactNode } }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const list = useRef<HTMLDivElement>(null);
  useListKeys(list, search);
  if (narrow) {
    return (
      <div ref={list}>
        <ul className="hotline-cards">
          {items.map((item) => (
            <li key={item.id}>
              <Link to={ticketPath(item.id)} className="hotline-card" data-ticket-row data-testid="ticket-row">
                <div className="hotline-card-line">
                  <span className="mono">{item.number}</span>
                  {extra ? extra.render(item) : <TicketStatusTag status={item.status} />}
                </div>
                <What item={item} />
                <div className="hotline-card-line">
                  <RowDeadline item={item} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const columns: TableColumnsType<TicketListItem> = [
    { title: t('hotline.list.deadline'), key: 'deadline', width: 170, render: (_, item) => <RowDeadline item={item} /> },
    {
      title: t('hotline.list.number'),
      key: 'number',
      width: 190,
      render: (_, item) => (
        <>
          <Link to={ticketPath(item.id)} className="mono" data-ticket-row onClick={(e) => e.stopPropagation()}>
            {item.number}
          </Link>
          <div className="hotline-list-sub">{t(`hotline.channel.${item.channel}`)}</div>
        </>
      ),
    },
    { title: t('hotline.list.what'), key: 'what', render: (_, item) => <What item={item} /> },
    { title: box === 'handling' ? t('hotline.list.role') : t('hotline.list.leadOrg'), key: 'who', width: 190, render: (_, item) => <Who item={item} box={box} /> },
    extra ? { title: extra.title, key: 'extra', width: 120, render: (_, item) => extra.render(item) } : { title: t('hotline.list.status'), key: 'status', width: 110, render: (_, item) => <TicketStatusTag status={item.status} /> },
  ];
  return (
    <div ref={list}>
      <Table<TicketListItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        pagination={false}
        rowClassName={() => 'hotline-row'}
        onRow={(item) => ({ onClick: () => void navigate(ticketPath(item.id)), 'data-testid': 'ticket-row' }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

/** The keys the lists answer to, shown beside the search on a laptop. */
export function ListKeysHint() {
  const { t } = useTranslation();
  return (
    <span className="hotline-keys" aria-hidden>
      {t('hotline.list.keysMove')} <kbd>J</kbd>
      <kbd>K</kbd> · {t('hotline.list.keysOpen')} <kbd>Enter</kbd> · {t('hotline.list.keysSearch')} <kbd>/</kbd>
    </span>
  );
}

interface TicketResultsProps {
  query: UseQueryResult<TicketPage>;
  box: TicketBox;
  search: RefObject<InputRef | null>;
  /** What an empty page says (nothing waits, or nothing matches the search). */
  empty: string;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  extra?: { title: string; render: (item: TicketListItem) => ReactNode };
}

/** A page of a box with its loading, error and empty states and the pages under it. */
export function TicketResults({ query, box, search, empty, page, pageSize, onPage, extra }: TicketResultsProps) {
  const narrow = !Grid.useBreakpoint().md;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Spin spinning={query.isPending || (query.isFetching && query.isPlaceholderData)}>
      {query.data && query.data.items.length === 0 ? (
        <Empty style={{ padding: '40px 0' }} description={empty} />
      ) : query.data ? (
        <>
          <TicketList items={query.data.items} box={box} search={search} extra={extra} />
          <ListFooter total={query.data.total} page={page} pageSize={pageSize} small={narrow} onPage={onPage} />
        </>
      ) : (
        <div style={{ minHeight: 200 }} />
      )}
    </Spin>
  );
}

const isType = (v: string | null): v is TicketType => !!v && (ticketTypes as readonly string[]).includes(v);

/** A list's search, type filter and page, kept in the address bar (so "back" from a ticket returns to the same place). */
export function useTicketListParams(defaults: Record<string, string> = {}) {
  const { params, page, q, update } = useListParams(defaults);
  const raw = params.get('type');
  const type = isType(raw) ? raw : undefined;
  return { params, page, q, type, update, filtered: !!q || !!type };
}

/** The search box and the type filter above a list, with the keys it answers to. */
export function TicketFilters({ q, type, update, search }: Pick<ReturnType<typeof useTicketListParams>, 'q' | 'type' | 'update'> & { search: RefObject<InputRef | null> }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
      <Flex gap={12} wrap style={{ flex: '1 1 420px' }}>
        <ListSearch
          q={q}
          onSearch={(value) => update({ q: value, page: undefined })}
          label={t('hotline.list.search')}
          placeholder={t('hotline.list.searchPlaceholder')}
          submitLabel={t('hotline.list.searchButton')}
          className="hotline-search"
          inputRef={search}
        />
        <Select<TicketType>
          allowClear
          value={type}
          onChange={(v) => update({ type: v, page: undefined })}
          placeholder={t('hotline.list.anyType')}
          aria-label={t('hotline.fields.type')}
          options={ticketTypes.map((x) => ({ value: x, label: t(`hotline.type.${x}`) }))}
          style={{ minWidth: 140 }}
        />
      </Flex>
      {!narrow && <ListKeysHint />}
    </Flex>
  );
}
