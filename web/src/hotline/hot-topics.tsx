import { AimOutlined, FireOutlined } from '@ant-design/icons';
import { Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useHotTopics, type HotTopic } from '../api/hotline.js';
import { formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { LoadError } from '../shared/query-state.js';
import { useRegionName } from './region-select.js';
import { ticketPath } from './ticket-list.js';

/** "市容环境 · 昌吉市 · 宁边路街道：3 件" — what a hot topic is about and where. */
export function useTopicTitle(): (topic: HotTopic) => string {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const regionName = useRegionName();
  return (topic) => t('hotline.hot.topicTitle', { category: pick(topic.categoryName, topic.categoryNameEn), place: regionName(topic.regionCode, topic.townshipCode), count: topic.ticketIds.length });
}

function TopicCard({ topic }: { topic: HotTopic }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const title = useTopicTitle();
  return (
    <Card size="small" className="hotline-topic" data-testid="hot-topic">
      <div className="hotline-topic-title">
        <FireOutlined /> {title(topic)}
      </div>
      <Space size={[8, 4]} wrap className="hotline-topic-meta">
        <Tag icon={topic.kind === 'nearby' ? <AimOutlined /> : undefined}>{t(`hotline.hot.kind.${topic.kind}`)}</Tag>
        <Typography.Text type="secondary">{t('hotline.hot.span', { first: formatDateTime(topic.firstAt, locale), last: formatDateTime(topic.lastAt, locale) })}</Typography.Text>
      </Space>
      <Space size={[10, 4]} wrap>
        {topic.ticketIds.map((id, i) => (
          <Link key={id} to={ticketPath(id)} className="mono">
            {topic.numbers[i]}
          </Link>
        ))}
      </Space>
    </Card>
  );
}

/** Hot topics (热点): several tickets about one thing in one place lately — to merge duplicates and warn the organisation. */
export function HotTopicList() {
  const { t } = useTranslation();
  const topics = useHotTopics();
  if (topics.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (topics.isError) return <LoadError error={topics.error} onRetry={() => void topics.refetch()} />;
  const { params } = topics.data;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('hotline.hot.rule', { count: params.minTickets, days: params.days, meters: params.radiusMeters })}</Typography.Paragraph>
      {topics.data.topics.length === 0 ? (
        <Empty description={t('hotline.hot.none')} />
      ) : (
        <div className="hotline-topics">
          {topics.data.topics.map((topic) => (
            <TopicCard key={`${topic.categoryCode}-${topic.ticketIds[0]}`} topic={topic} />
          ))}
        </div>
      )}
    </>
  );
}
