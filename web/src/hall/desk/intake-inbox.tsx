import { Button, Card, Drawer, Empty, Flex, Grid, Pagination, Segmented, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCases, type CaseListFilter, type CaseListItem } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LoadError } from '../../shared/query-state.js';
import { DeskCase } from './desk-case.js';

const PAGE_SIZE = 10;
const boxStatuses = ['submitted', 'correction_requested', 'decided'] as const;
type BoxStatus = (typeof boxStatuses)[number];

/**
 * Applications waiting at the clerk's organisation (filed online, awaiting correction, or decided and
 * awaiting the handing over), soonest deadline first, paginated on the server; each opens beside the list.
 */
export function IntakeInbox({ window: w }: { window: DeskWindow }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const narrow = !Grid.useBreakpoint().lg;
  const [status, setStatus] = useState<BoxStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  const filter: CaseListFilter = { box: 'intake', page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) };
  const cases = useCases(filter);
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('cases.caseNumber'),
      key: 'n',
      render: (_, c, i) => (
        <Button type="link" className="mono" style={{ padding: 0 }} onClick={() => setOpen(c.id)} data-desk-focus={i === 0 ? true : undefined}>
          {c.caseNumber}
        </Button>
      ),
    },
    {
      title: t('cases.item'),
      key: 'item',
      render: (_, c) => (
        <>
          <div>{pick(c.itemName, c.itemNameEn)}</div>
          <Tag style={{ marginInlineEnd: 0, marginTop: 2 }}>{t(`enums.filingChannel.${c.channel}`)}</Tag>
        </>
      ),
    },
    {
      title: t('desk.summary.applicant'),
      key: 'applicant',
      render: (_, c) => (
        <>
          <div>{c.applicantName}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {c.applicantId}
          </Typography.Text>
        </>
      ),
    },
    { title: t('cases.status'), key: 'status', width: 120, render: (_, c) => <CaseStatusTag status={c.status} /> },
    { title: t('desk.inbox.received'), key: 'received', width: 150, render: (_, c) => (c.receivedAt ? formatDateTime(c.receivedAt, locale) : '—') },
  ];
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('desk.inbox.intro')}</Typography.Text>
        <Segmented<BoxStatus | 'all'>
          aria-label={t('cases.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[{ value: 'all', label: t('common.all') }, ...boxStatuses.map((s) => ({ value: s, label: t(`desk.inbox.status.${s}`) }))]}
        />
      </Flex>
      {cases.isError ? (
        <LoadError error={cases.error} onRetry={() => void cases.refetch()} />
      ) : (
        <Spin spinning={cases.isPending || (cases.isFetching && cases.isPlaceholderData)}>
          {cases.data && cases.data.items.length === 0 ? (
            <Empty description={t('desk.inbox.none')} />
          ) : (
            <>
              <Table<CaseListItem> rowKey="id" size="middle" columns={columns} dataSource={cases.data?.items ?? []} pagination={false} scroll={{ x: 720 }} data-testid="desk-inbox" />
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
                <Typography.Text type="secondary">{t('common.total', { count: cases.data?.total ?? 0 })}</Typography.Text>
                {(cases.data?.total ?? 0) > PAGE_SIZE && <Pagination current={page} pageSize={PAGE_SIZE} total={cases.data?.total} showSizeChanger={false} size="small" onChange={setPage} />}
              </Flex>
            </>
          )}
        </Spin>
      )}
      <Drawer open={!!open} onClose={() => setOpen(undefined)} size={narrow ? '100%' : 980} title={t('desk.inbox.caseTitle')} destroyOnHidden>
        {open && <DeskCase id={open} window={w} />}
      </Drawer>
    </Card>
  );
}
