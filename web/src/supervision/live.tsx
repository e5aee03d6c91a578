import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { supervisionKeys } from '../api/supervision.js';
import { TIME_ZONE } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';

/** 14:05:32, in Asia/Shanghai. */
export const clockTime = (at: number | Date, locale: string): string =>
  new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(at);

/**
 * "更新于 14:05:32" and a refresh button: supervision pages ask again by themselves every minute;
 * this says when they last did and lets the reader ask now.
 */
export function UpdatedAt({ at, fetching }: { at: number; fetching: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const qc = useQueryClient();
  return (
    <Space size={4} data-testid="updated-at">
      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
        {at ? t('supervision.live.updatedAt', { time: clockTime(at, locale) }) : t('supervision.live.loading')}
      </Typography.Text>
      <Tooltip title={t('supervision.live.refreshHelp')}>
        <Button type="text" size="small" icon={<ReloadOutlined spin={fetching} />} aria-label={t('supervision.live.refresh')} onClick={() => void qc.invalidateQueries({ queryKey: supervisionKeys.all })} />
      </Tooltip>
    </Space>
  );
}
