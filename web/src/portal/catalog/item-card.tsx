import { ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ItemSummary } from '../../api/catalog.js';
import { ChannelTags, daysText, deptLabel, ItemTypeTag, TripsTags } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';

/** One search result: what it is, who does it, how long it takes and how many trips it needs. */
export function ItemCard({ item }: { item: ItemSummary }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const name = pick(item.name, item.nameEn);
  return (
    <Card size="small" className="item-card">
      <Flex justify="space-between" align="flex-start" gap={12}>
        <div style={{ minWidth: 0 }}>
          <Link to={`/items/${encodeURIComponent(item.code)}`} className="item-card-title">
            {name}
          </Link>
          <div className="item-card-meta">
            <span>{deptLabel(t, item.deptKey)}</span>
            <span className="item-card-dot" aria-hidden>
              ·
            </span>
            <ItemTypeTag type={item.type} />
            <span className="item-card-dot" aria-hidden>
              ·
            </span>
            <Typography.Text type="secondary" className="mono">
              {item.code}
            </Typography.Text>
          </div>
        </div>
        <RightOutlined className="item-card-arrow" aria-hidden />
      </Flex>
      <Flex wrap gap={12} align="center" justify="space-between" className="item-card-facts">
        <Space size={[12, 6]} wrap>
          <span className="item-card-limit">
            <ClockCircleOutlined aria-hidden /> {t('catalog.promised')}{' '}
            <Typography.Text strong>{daysText(t, item.promisedLimit)}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              {t('catalog.statutoryShort', { days: daysText(t, item.statutoryLimit) })}
            </Typography.Text>
          </span>
          <TripsTags trips={item.trips} batch={item.oneTripBatch} />
        </Space>
        <ChannelTags channels={item.channels} />
      </Flex>
    </Card>
  );
}
