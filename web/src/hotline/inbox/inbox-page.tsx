import { Card, type InputRef } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTickets, type TicketFilter } from '../../api/hotline.js';
import { PageHeader } from '../../shared/page-header.js';
import '../hotline.css';
import { TicketFilters, TicketResults, useTicketListParams } from '../ticket-list.js';

const PAGE_SIZE = 20;

/**
 * The handling organisation's inbox (承办): the open tasks of its tickets, soonest deadline first with
 * yellow and red warnings, searched and paginated on the server. Each ticket opens with its history,
 * the reply, the one return and the extension request.
 */
export default function HotlineInboxPage() {
  const { t } = useTranslation();
  const { page, q, type, update, filtered } = useTicketListParams();
  const filter: TicketFilter = { box: 'handling', page, pageSize: PAGE_SIZE, ...(q ? { q } : {}), ...(type ? { type } : {}) };
  const tickets = useTickets(filter, { live: true });
  const search = useRef<InputRef>(null);
  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.inbox.title')} subtitle={t('hotline.inbox.intro')} />
      <Card>
        <TicketFilters q={q} type={type} update={update} search={search} />
        <TicketResults
          query={tickets}
          box="handling"
          search={search}
          empty={filtered ? t('hotline.list.noneFiltered') : t('hotline.inbox.none')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
        />
      </Card>
    </div>
  );
}
