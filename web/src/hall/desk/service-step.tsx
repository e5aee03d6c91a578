import { CheckCircleFilled, SearchOutlined } from '@ant-design/icons';
import { Empty, Flex, Input, Pagination, Space, Spin, Tag, Typography } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogSearch, type ItemSummary } from '../../api/catalog.js';
import type { DeskWindow } from '../../api/desk.js';
import { daysText, TripsTags } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LoadError } from '../../shared/query-state.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { itemFilterFor } from './desk-facts.js';

const PAGE_SIZE = 8;

/** An item the window takes in, with the organisation it is filed against there. */
export type DeskItem = ItemSummary & { implementer: NonNullable<ItemSummary['implementer']> };

/** Step 1: the service, among the items this window takes in at its site (searched on the server). */
export function ServiceStep({ window: w, picked, onPick }: { window: DeskWindow; picked: DeskItem | undefined; onPick: (item: DeskItem) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const q = useDebounced(text.trim(), 250);
  const items = useCatalogSearch({ ...itemFilterFor(w), ...(q ? { q } : {}), page, pageSize: PAGE_SIZE });
  const list = useRef<HTMLUListElement>(null);
  const results = (items.data?.items ?? []).filter((i): i is DeskItem => !!i.implementer);

  // Arrow keys move between the search box and the results; Enter (a button's own) picks one.
  const move = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.desk-item') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'ArrowDown' ? buttons[at + 1] : at > 0 ? buttons[at - 1] : undefined;
    if (next || (e.key === 'ArrowUp' && at === 0)) e.preventDefault();
    if (next) next.focus();
    else if (e.key === 'ArrowUp' && at === 0) document.getElementById('desk-item-search')?.focus();
  };

  return (
    <div onKeyDown={move}>
      <Input
        id="desk-item-search"
        autoFocus
        allowClear
        size="large"
        value={text}
        maxLength={100}
        prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
        placeholder={t('desk.service.placeholder')}
        aria-label={t('desk.service.search')}
        onChange={(e) => {
          setText(e.target.value);
          setPage(1);
        }}
        onPressEnter={() => list.current?.querySelector<HTMLButtonElement>('button.desk-item')?.focus()}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 12px', fontSize: 13 }}>
        {t('desk.service.scope')}
      </Typography.Paragraph>
      {items.isError ? (
        <LoadError error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <Spin spinning={items.isPending || (items.isFetching && items.isPlaceholderData)}>
          {items.data && results.length === 0 ? (
            <Empty description={q ? t('desk.service.noneFound') : t('desk.service.none')} />
          ) : (
            <ul className="desk-items plain-list" ref={list} aria-label={t('desk.service.results')}>
              {results.map((item) => {
                const chosen = picked?.code === item.code;
                return (
                  <li key={item.code}>
                    <button type="button" className={`desk-item${chosen ? ' desk-item-chosen' : ''}`} aria-pressed={chosen} onClick={() => onPick(item)}>
                      <Flex justify="space-between" align="flex-start" gap={12} wrap>
                        <span>
                          <span className="desk-item-name">
                            {chosen && <CheckCircleFilled style={{ color: '#1677ff' }} />} {pick(item.name, item.nameEn)}
                          </span>
                          <span className="desk-item-meta">
                            <span className="mono">{item.code}</span> · {pick(item.implementer.name, item.implementer.nameEn)} · {t('desk.service.promised', { days: daysText(t, item.promisedLimit) })}
                          </span>
                        </span>
                        <Space size={4} wrap>
                          <Tag style={{ marginInlineEnd: 0 }}>{t(`enums.windowCategory.${item.windowCategory}`)}</Tag>
                          <TripsTags trips={item.trips} batch={item.oneTripBatch} />
                        </Space>
                      </Flex>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {items.data && items.data.total > PAGE_SIZE && (
            <Flex justify="flex-end" style={{ marginTop: 12 }}>
              <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={items.data.total} showSizeChanger={false} onChange={setPage} />
            </Flex>
          )}
        </Spin>
      )}
    </div>
  );
}
