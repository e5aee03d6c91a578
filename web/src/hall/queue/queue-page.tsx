import { DesktopOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Select, Skeleton, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueueStats } from '../../api/queue.js';
import { todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { useDeskWindow, windowLabel } from '../desk/window-context.js';
import { DutyStatus } from '../../supervision/duty-status.js';
import { formatWait, queueName } from './queue-format.js';
import { QueuePanel } from './queue-panel.js';

/** Today's waiting times at the site: what the clerk's supervisors will ask about. */
function TodayStats({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const today = todayInShanghai();
  const stats = useQueueStats({ site: siteId, from: today, to: today }, { refetchInterval: 30_000 });
  const wait = (s: number | null) => (s === null ? '—' : formatWait(s, t));
  return (
    <Card title={t('queue.stats.today')} data-testid="queue-stats">
      {stats.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col span={12}><Statistic title={t('queue.stats.taken')} value={stats.data.overall.taken} /></Col>
            <Col span={12}><Statistic title={t('queue.stats.served')} value={stats.data.overall.served} /></Col>
            <Col span={12}><Statistic title={t('queue.stats.averageWait')} value={wait(stats.data.overall.averageWaitSeconds)} /></Col>
            <Col span={12}><Statistic title={t('queue.stats.p90Wait')} value={wait(stats.data.overall.p90WaitSeconds)} /></Col>
          </Row>
          {stats.data.byCategory.length > 0 && (
            <ul className="queue-stats-list">
              {stats.data.byCategory.map((c) => (
                <li key={`${c.category}:${c.departmentId ?? ''}`}>
                  <span>{queueName({ category: c.category, departmentName: null, departmentNameEn: null }, t, locale)}</span>
                  <Typography.Text type="secondary">
                    {t('queue.stats.line', { taken: c.taken, served: c.served, wait: wait(c.averageWaitSeconds) })}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

/** The clerk's queue page: pick one's window, call numbers to it; the site's kiosk and board a click away. */
export default function QueuePage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { windows, current, choose } = useDeskWindow();
  const list = windows.data ?? [];
  return (
    <>
      <PageHeader
        title={t('queue.page.title')}
        subtitle={t('queue.page.intro')}
        extra={
          current && (
            <>
              <DutyStatus windowId={current.id} />
              {list.length > 1 && (
                <Space size={6}>
                  <Typography.Text type="secondary" id="queue-window-label">{t('queue.page.window')}</Typography.Text>
                  <Select<string>
                    aria-labelledby="queue-window-label"
                    value={current.id}
                    onChange={choose}
                    popupMatchSelectWidth={false}
                    options={list.map((w) => ({ value: w.id, label: `${windowLabel(w, pick)} · ${pick(w.site.name, w.site.nameEn)}` }))}
                    style={{ minWidth: 220 }}
                  />
                </Space>
              )}
              <Button href={`/kiosk/${current.site.id}`} target="_blank" icon={<DesktopOutlined />}>
                {t('queue.page.openKiosk')}
              </Button>
              <Button href={`/halls/${current.site.id}/board`} target="_blank" icon={<FundProjectionScreenOutlined />}>
                {t('queue.page.openBoard')}
              </Button>
            </>
          )
        }
      />
      {windows.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : windows.isError ? (
        <LoadError error={windows.error} onRetry={() => void windows.refetch()} />
      ) : !current ? (
        <Card>
          <Empty description={t('queue.page.noWindows')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <QueuePanel windowId={current.id} />
          </Col>
          <Col xs={24} xl={8}>
            <TodayStats siteId={current.site.id} />
          </Col>
        </Row>
      )}
    </>
  );
}
