import { SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Pagination, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseKeys, useCases, type CaseListItem } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LoadError } from '../../shared/query-state.js';
import { DeskCase } from './desk-case.js';
import { lookupFilter } from './desk-facts.js';

const PAGE_SIZE = 8;

/** Find a case by its number or the applicant's ID (or take one awaiting hand-over), and deal with it: intake if it waits for it, else hand the result over. */
export function Handover({ window: w }: { window: DeskWindow }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<ReturnType<typeof lookupFilter>>();
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<string>();
  // Without a search: the decided cases awaiting their handing over at this desk.
  const found = useCases(search ? { box: 'desk', ...search, page, pageSize: PAGE_SIZE } : { box: 'intake', status: 'decided', page, pageSize: PAGE_SIZE });
  const items = found.data?.items ?? [];
  // One case found is the one the applicant came for.
  const shown = chosen ?? (items.length === 1 ? items[0]?.id : undefined);
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('cases.caseNumber'),
      key: 'n',
      render: (_, c) => (
        <Button type="link" className="mono" style={{ padding: 0 }} onClick={() => setChosen(c.id)} aria-pressed={shown === c.id}>
          {c.caseNumber}
        </Button>
      ),
    },
    { title: t('cases.item'), key: 'item', render: (_, c) => pick(c.itemName, c.itemNameEn) },
    { title: t('desk.summary.applicant'), key: 'applicant', render: (_, c) => c.applicantName },
    { title: t('cases.status'), key: 'status', width: 120, render: (_, c) => <CaseStatusTag status={c.status} /> },
    { title: t('desk.inbox.received'), key: 'received', width: 130, render: (_, c) => (c.receivedAt ? formatDayOf(c.receivedAt, locale) : '—') },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <form
          role="search"
          aria-label={t('desk.handover.search')}
          onSubmit={(e) => {
            e.preventDefault();
            // A search is a fresh look: the case may have moved on in the back office since it was last shown.
            void qc.invalidateQueries({ queryKey: caseKeys.all });
            setSearch(lookupFilter(text));
            setPage(1);
            setChosen(undefined);
          }}
        >
          <Space.Compact block style={{ maxWidth: 560 }}>
            <Input
              autoFocus
              size="large"
              allowClear
              value={text}
              maxLength={60}
              prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
              placeholder={t('desk.handover.placeholder')}
              aria-label={t('desk.handover.search')}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value) {
                  setSearch(undefined);
                  setPage(1);
                }
              }}
            />
            <Button size="large" htmlType="submit" type="primary">
              {t('desk.handover.find')}
            </Button>
          </Space.Compact>
        </form>
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{search ? t('desk.handover.results') : t('desk.handover.awaiting')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            {found.isError ? (
              <LoadError error={found.error} onRetry={() => void found.refetch()} />
            ) : (
              <Spin spinning={found.isPending || (found.isFetching && found.isPlaceholderData)}>
                {found.data && items.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search ? t('desk.handover.none') : t('desk.handover.noneAwaiting')} />
                ) : (
                  <>
                    <Table<CaseListItem>
                      rowKey="id"
                      size="small"
                      columns={columns}
                      dataSource={items}
                      pagination={false}
                      scroll={{ x: 640 }}
                      rowClassName={(c) => (c.id === shown ? 'desk-row-chosen' : '')}
                      onRow={(c) => ({ onClick: () => setChosen(c.id) })}
                      data-testid="desk-found"
                    />
                    {(found.data?.total ?? 0) > PAGE_SIZE && (
                      <Flex justify="flex-end" style={{ marginTop: 8 }}>
                        <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={found.data?.total} showSizeChanger={false} onChange={setPage} />
                      </Flex>
                    )}
                  </>
                )}
              </Spin>
            )}
          </div>
        </div>
      </Card>
      {shown ? <DeskCase id={shown} window={w} /> : items.length > 1 && <Typography.Text type="secondary">{t('desk.handover.choose')}</Typography.Text>}
    </Space>
  );
}
