import { Card, Empty, Flex, Pagination, Spin, Switch, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../api/auth.js';
import { useProblemReports, type ProblemReportFilter } from '../api/supervision.js';
import { OrgPicker } from '../shared/org-picker.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';
import { UpdatedAt } from './live.js';
import { ProblemCard } from './problem-card.js';
import { useWorkingCalendar } from './working-days.js';
import { useQueryParams } from './query-params.js';
import './supervision.css';

const PAGE_SIZE = 10;
const tabs = ['open', 'answered', 'all'] as const;
type TabKey = (typeof tabs)[number];

/**
 * Reform problem reports (R7.4) routed into the reader's subtree: the responsible organisation
 * answers them within the limit; supervisors watch how (and how fast) they are handled.
 */
export default function ProblemsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const calendar = useWorkingCalendar();
  const { params, set, page, setPage } = useQueryParams();
  const tabParam = params.get('tab');
  const tab: TabKey = (tabs as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'open';
  const overdue = params.get('overdue') === '1';
  const org = params.get('org') ?? undefined;
  const filter: ProblemReportFilter = { ...(org ? { org } : {}), ...(tab !== 'all' ? { status: tab } : {}), ...(overdue ? { overdue: true } : {}), page, pageSize: PAGE_SIZE };
  const reports = useProblemReports(filter);
  const watching = !hasRole(me, 'departmentHead', 'reviewer', 'admin');
  return (
    <div className="sup-page">
      <PageHeader
        title={t('supervision.problems.title')}
        subtitle={watching ? t('supervision.problems.introWatch') : t('supervision.problems.introAnswer')}
        extra={<UpdatedAt at={reports.dataUpdatedAt} fetching={reports.isFetching} />}
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Tabs activeKey={tab} onChange={(k) => set({ tab: k === 'open' ? undefined : k })} items={tabs.map((k) => ({ key: k, label: t(`supervision.problems.tabs.${k}`) }))} />
          <Flex wrap gap={12} align="center">
            <OrgPicker value={org} onChange={(v) => set({ org: v })} allowClear placeholder={t('supervision.filters.org')} aria-label={t('supervision.filters.org')} style={{ width: 240 }} />
            <label className="sup-switch">
              <Switch size="small" checked={overdue} onChange={(v) => set({ overdue: v ? '1' : undefined })} />
              <span>{t('supervision.problems.onlyOverdue')}</span>
            </label>
          </Flex>
        </Flex>
        {reports.isError ? (
          <LoadError error={reports.error} onRetry={() => void reports.refetch()} />
        ) : (
          <Spin spinning={reports.isPending || (reports.isFetching && reports.isPlaceholderData)}>
            {reports.data && reports.data.items.length === 0 ? (
              <Empty style={{ padding: '40px 0' }} description={t(`supervision.problems.none.${tab}`)} />
            ) : reports.data ? (
              <>
                <Flex vertical gap={12}>
                  {reports.data.items.map((r) => (
                    <ProblemCard key={r.id} report={r} calendar={calendar} />
                  ))}
                </Flex>
                <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">{t('common.total', { count: reports.data.total })}</Typography.Text>
                  {reports.data.total > PAGE_SIZE && <Pagination current={page} pageSize={PAGE_SIZE} total={reports.data.total} showSizeChanger={false} onChange={setPage} />}
                </Flex>
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
    </div>
  );
}
