import { FireOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useHotTopics, useTickets } from '../../api/hotline.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { useTopicTitle } from '../hot-topics.js';
import { ticketPath } from '../ticket-list.js';
import { TicketStatusTag } from '../ticket-tags.js';

/**
 * What the centre already knows about the same thing: open tickets of the category at the same
 * address (probably duplicates, to be merged on the board) and hot topics of the category there.
 */
export function IntakeHints({ categoryCode, regionCode, townshipCode, address }: { categoryCode?: string; regionCode?: string; townshipCode?: string; address?: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const place = useDebounced(address?.trim().slice(0, 60) ?? '', 500);
  const similar = useTickets({ box: 'all', page: 1, pageSize: 5, ...(categoryCode ? { category: categoryCode } : {}), ...(place ? { q: place } : {}) }, { enabled: !!categoryCode && !!place });
  const topics = useHotTopics({ enabled: !!categoryCode });
  const topicTitle = useTopicTitle();
  const open = (similar.data?.items ?? []).filter((x) => x.status !== 'closed' && x.status !== 'merged');
  const here = (topics.data?.topics ?? []).filter((x) => x.categoryCode === categoryCode && (townshipCode ? x.townshipCode === townshipCode || x.kind === 'nearby' : x.regionCode === regionCode));
  if (!open.length && !here.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="intake-hints">
      {open.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<CopyOutlined />}
          title={t('hotline.intake.similar', { count: open.length })}
          description={
            <ul className="plain-list hotline-similar">
              {open.map((x) => (
                <li key={x.id}>
                  <Link to={ticketPath(x.id)} target="_blank" className="mono">
                    {x.number}
                  </Link>{' '}
                  <TicketStatusTag status={x.status} /> <span className="hotline-list-sub">{formatDateTime(x.receivedAt, locale)}</span>
                  <div className="hotline-list-text">{x.description}</div>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {here.map((topic) => (
        <Alert key={`${topic.categoryCode}-${topic.ticketIds[0]}`} type="error" showIcon icon={<FireOutlined />} title={t('hotline.intake.hotTopic')} description={topicTitle(topic)} />
      ))}
    </Space>
  );
}
