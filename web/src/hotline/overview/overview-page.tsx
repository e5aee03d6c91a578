import { Card, Tabs, type InputRef } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTickets, type TicketFilter } from '../../api/hotline.js';
import { PageHeader } from '../../shared/page-header.js';
import '../hotline.css';
import { HotTopicList } from '../hot-topics.js';
import { TicketFilters, TicketResults, useTicketListParams } from '../ticket-list.js';

const PAGE_SIZE = 20;

/** What supervisors and administrators watch of the hotline in their subtree: every ticket (read-only, newest first) and the hot topics. */
export default function HotlineOverviewPage() {
  const { t } = useTranslation();
  const { params, page, q, type, update, filtered } = useTicketListParams({ tab: 'tickets' });
  const tab = params.get('tab') === 'hot' ? 'hot' : 'tickets';
  const filter: TicketFilter = { box: 'all', page, pageSize: PAGE_SIZE, ...(q ? { q } : {}), ...(type ? { type } : {}) };
  const tickets = useTickets(filter, { enabled: tab === 'tickets' });
  const search = useRef<InputRef>(null);
  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.overview.title')} subtitle={t('hotline.overview.intro')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k, page: undefined })}
          items={[
            {
              key: 'tickets',
              label: t('hotline.board.tabs.all'),
              children: (
                <>
                  <TicketFilters q={q} type={type} update={update} search={search} />
                  <TicketResults query={tickets} box="all" search={search} empty={filtered ? t('hotline.list.noneFiltered') : t('hotline.board.none.all')} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />
                </>
              ),
            },
            { key: 'hot', label: t('hotline.board.tabs.hot'), children: tab === 'hot' ? <HotTopicList /> : null },
          ]}
        />
      </Card>
    </div>
  );
}
