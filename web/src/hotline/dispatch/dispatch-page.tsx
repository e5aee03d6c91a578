import { PhoneOutlined } from '@ant-design/icons';
import { Badge, Card, Tabs, type InputRef } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TicketStatus } from '../../../../common/hotline.js';
import { useTickets, type TicketFilter } from '../../api/hotline.js';
import { PageHeader } from '../../shared/page-header.js';
import { Kbd, ShortcutButton, useShortcut } from '../../shared/shortcuts.js';
import '../hotline.css';
import { HotTopicList } from '../hot-topics.js';
import { CentreTodo, TicketFilters, TicketResults, useTicketListParams } from '../ticket-list.js';

const PAGE_SIZE = 20;

/** The board's tabs: what waits for the centre (all of it, or one kind), hot topics, and every ticket to search. */
const tabs = ['waiting', 'received', 'returned', 'replied', 'hot', 'all'] as const;
type Tab = (typeof tabs)[number];
const isTab = (v: string | null): v is Tab => !!v && (tabs as readonly string[]).includes(v);
/** The status each waiting tab shows; `waiting` is the centre box as the server defines it (extension requests included). */
const tabStatus: Partial<Record<Tab, TicketStatus>> = { received: 'received', returned: 'returned', replied: 'replied' };

/** How many tickets wait in a tab (one item asked, its total read). */
function TabCount({ status }: { status?: TicketStatus }) {
  const count = useTickets({ box: 'centre', page: 1, pageSize: 1, ...(status ? { status } : {}) }, { live: true });
  const n = count.data?.total ?? 0;
  return <Badge count={n} showZero overflowCount={999} color={n ? '#1677ff' : '#bfbfbf'} />;
}

function TabLabel({ tab, n, count }: { tab: Tab; n: number; count?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <span className="hotline-tab-label" data-testid={`board-tab-${tab}`}>
      {t(`hotline.board.tabs.${tab}`)}
      {count}
      <Kbd shortcut={String(n + 1)} />
    </span>
  );
}

/**
 * The centre's dispatch board (派单台): new tickets to dispatch, returned tickets to decide, extension
 * requests, callbacks due, hot topics; every ticket opens with its actions (dispatch with the suggestion
 * accepted in one key, insist, decide, call back, reopen once, merge a duplicate, close).
 */
export default function DispatchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { params, page, q, type, update, filtered } = useTicketListParams({ tab: 'waiting' });
  const tab: Tab = isTab(params.get('tab')) ? (params.get('tab') as Tab) : 'waiting';
  const status = tabStatus[tab];
  const box = tab === 'all' ? 'all' : 'centre';
  const filter: TicketFilter = { box, page, pageSize: PAGE_SIZE, ...(status ? { status } : {}), ...(q ? { q } : {}), ...(type ? { type } : {}) };
  const tickets = useTickets(filter, { live: true, enabled: tab !== 'hot' });
  const search = useRef<InputRef>(null);
  const choose = (next: Tab) => update({ tab: next, page: undefined });
  // Alt+1 … Alt+6 switch tabs (a fixed list: the hooks run in the same order every render).
  tabs.forEach((x, i) => useShortcut(String(i + 1), () => choose(x)));

  const list =
    tab === 'hot' ? (
      <HotTopicList />
    ) : (
      <>
        <TicketFilters q={q} type={type} update={update} search={search} />
        <TicketResults
          query={tickets}
          box={box}
          search={search}
          empty={filtered ? t('hotline.list.noneFiltered') : t(`hotline.board.none.${tab}`)}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          extra={box === 'centre' ? { title: t('hotline.board.todo'), render: (item) => <CentreTodo item={item} /> } : undefined}
        />
      </>
    );

  return (
    <div className="hotline-page">
      <PageHeader
        title={t('hotline.board.title')}
        subtitle={t('hotline.board.intro')}
        extra={
          <ShortcutButton shortcut="N" type="primary" icon={<PhoneOutlined />} onClick={() => void navigate('/hotline/intake')}>
            {t('hotline.board.newCall')}
          </ShortcutButton>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => choose(k as Tab)}
          items={tabs.map((x, i) => ({
            key: x,
            label: <TabLabel tab={x} n={i} count={x === 'waiting' || tabStatus[x] ? <TabCount status={tabStatus[x]} /> : undefined} />,
            children: x === tab ? list : null,
          }))}
        />
      </Card>
    </div>
  );
}
