import { EnvironmentOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.js';
import { useMyWindows, type DeskWindow } from '../../api/desk.js';
import { useLocale } from '../../shared/i18n/index.js';

const storageKey = (userId: string) => `onetrip.desk.window.${userId}`;

function readStored(userId: string | undefined): string | null {
  if (!userId) return null;
  try {
    return window.localStorage.getItem(storageKey(userId));
  } catch {
    return null; // storage blocked: the first window is taken each time
  }
}

/** The windows the clerk sits at and the one chosen now (remembered on this computer, per account). */
export function useDeskWindow() {
  const me = useMe().data;
  const windows = useMyWindows();
  const [chosen, setChosen] = useState<string | null>(() => readStored(me?.id));
  const list = windows.data ?? [];
  const current: DeskWindow | undefined = list.find((w) => w.id === chosen) ?? list[0];
  const choose = useCallback(
    (id: string) => {
      setChosen(id);
      try {
        if (me) window.localStorage.setItem(storageKey(me.id), id);
      } catch {
        // kept for this page only
      }
    },
    [me],
  );
  return { windows, current, choose };
}

export const isAgencyPoint = (w: DeskWindow): boolean => w.site.kind === 'agencyPoint';

/** "B01 企业开办综合窗口1" */
export function windowLabel(w: DeskWindow, pick: (zh: string, en: string | null | undefined) => string): string {
  return `${w.number} ${pick(w.name, w.nameEn)}`;
}

/** Where the clerk sits: the window (to switch among theirs), its site, its category, and whether filings here are agency filings. */
export function WindowBar({ windows, current, onChoose }: { windows: DeskWindow[]; current: DeskWindow; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const agency = isAgencyPoint(current);
  return (
    <Card size="small" className="desk-window-bar" data-testid="desk-window">
      <Flex wrap gap={12} align="center" justify="space-between">
        <Space wrap size={[12, 6]} align="center">
          <span className="desk-window-site">
            {agency ? <EnvironmentOutlined /> : <ShopOutlined />} {pick(current.site.name, current.site.nameEn)}
          </span>
          <Tag color={agency ? 'purple' : 'blue'} style={{ marginInlineEnd: 0 }}>
            {t(`enums.siteKind.${current.site.kind}`)}
          </Tag>
          <Tag style={{ marginInlineEnd: 0 }}>
            {current.category === 'department' && current.departmentName ? pick(current.departmentName, current.departmentNameEn) : t(`enums.windowCategory.${current.category}`)}
          </Tag>
        </Space>
        <Flex gap={8} align="center" wrap className="desk-window-choose">
          <Typography.Text type="secondary" id="desk-window-label" style={{ whiteSpace: 'nowrap' }}>
            {t('desk.window.myWindow')}
          </Typography.Text>
          <Select<string>
            aria-labelledby="desk-window-label"
            value={current.id}
            onChange={onChoose}
            className="desk-window-select"
            options={windows.map((w) => ({ value: w.id, label: `${windowLabel(w, pick)} · ${pick(w.site.name, w.site.nameEn)}` }))}
            popupMatchSelectWidth={false}
          />
        </Flex>
      </Flex>
      {agency && <Alert type="info" showIcon className="desk-agency-note" title={t('desk.window.agencyTitle')} description={t('desk.window.agencyText')} />}
    </Card>
  );
}
