import { CalendarOutlined, ClockCircleOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Col, Empty, Flex, Pagination, Popconfirm, Row, Segmented, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AppointmentState } from '../../../../common/queue.js';
import { useCancelAppointment, useMyAppointments, type Appointment } from '../../api/queue.js';
import { queueName } from '../../hall/queue/queue-format.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import '../../hall/queue/queue.css';

const PAGE_SIZE = 10;
const stateColors: Record<AppointmentState, string> = { upcoming: 'processing', checkedIn: 'success', cancelled: 'default', missed: 'warning' };

export function AppointmentStateTag({ state }: { state: AppointmentState }) {
  const { t } = useTranslation();
  return <Tag color={stateColors[state]} style={{ marginInlineEnd: 0 }}>{t(`queue.appointments.state.${state}`)}</Tag>;
}

function AppointmentCard({ a }: { a: Appointment }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const cancel = useCancelAppointment();
  return (
    <Card className="appointment-card" data-testid="appointment-card">
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div>
          <div className="appointment-card-label">{t('queue.appointments.code')}</div>
          <div className={`appointment-code mono ${a.state === 'upcoming' ? '' : 'appointment-code-past'}`}>{a.code}</div>
        </div>
        <AppointmentStateTag state={a.state} />
      </Flex>
      <div className="appointment-card-title">
        {a.itemName ? pick(a.itemName, a.itemNameEn) : queueName(a, t, locale)}
      </div>
      {a.itemName && <Typography.Text type="secondary">{queueName(a, t, locale)}</Typography.Text>}
      <div className="site-card-line">
        <CalendarOutlined />
        <span>
          {formatDate(a.day, locale)} {a.slot}
        </span>
      </div>
      <div className="site-card-line">
        <EnvironmentOutlined />
        <Link to={`/halls/${a.siteId}`}>{pick(a.siteName, a.siteNameEn)}</Link>
      </div>
      {a.state === 'upcoming' && (
        <div className="site-card-line">
          <ClockCircleOutlined />
          <Typography.Text type="secondary">{t('queue.appointments.howTo')}</Typography.Text>
        </div>
      )}
      {a.cancellable && (
        <Popconfirm
          title={t('queue.appointments.cancelConfirm')}
          okText={t('queue.appointments.cancel')}
          cancelText={t('common.back')}
          okButtonProps={{ danger: true }}
          onConfirm={() => cancel.mutate({ id: a.id, version: a.version }, { onSuccess: () => void message.success(t('queue.appointments.cancelled')), onError: (err) => onProblem(err) })}
        >
          <Button danger loading={cancel.isPending} style={{ marginTop: 12 }}>
            {t('queue.appointments.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

/** An applicant's appointments at halls: the booking codes to check in with, and cancelling before the slot. */
export default function MyAppointmentsPage() {
  const { t } = useTranslation();
  const [upcoming, setUpcoming] = useState(true);
  const [page, setPage] = useState(1);
  const list = useMyAppointments({ upcoming, page, pageSize: PAGE_SIZE });
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('queue.appointments.title') }]} />
      <PageHeader
        title={t('queue.appointments.title')}
        subtitle={t('queue.appointments.intro')}
        extra={
          <LinkButton to="/my/appointments/new" type="primary" icon={<PlusOutlined />}>
            {t('queue.appointments.book')}
          </LinkButton>
        }
      />
      <Segmented<'upcoming' | 'all'>
        style={{ marginBottom: 16 }}
        value={upcoming ? 'upcoming' : 'all'}
        onChange={(v) => {
          setUpcoming(v === 'upcoming');
          setPage(1);
        }}
        options={[
          { value: 'upcoming', label: t('queue.appointments.upcoming') },
          { value: 'all', label: t('queue.appointments.all') },
        ]}
      />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Spin spinning={list.isPending || (list.isFetching && list.isPlaceholderData)}>
          {list.data && list.data.items.length === 0 ? (
            <Card>
              <Empty description={upcoming ? t('queue.appointments.noneUpcoming') : t('queue.appointments.none')}>
                <LinkButton to="/my/appointments/new" type="primary">
                  {t('queue.appointments.book')}
                </LinkButton>
              </Empty>
            </Card>
          ) : list.data ? (
            <>
              <Row gutter={[16, 16]}>
                {list.data.items.map((a) => (
                  <Col key={a.id} xs={24} md={12}>
                    <AppointmentCard a={a} />
                  </Col>
                ))}
              </Row>
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
                <Typography.Text type="secondary">{t('common.total', { count: list.data.total })}</Typography.Text>
                {list.data.total > PAGE_SIZE && <Pagination current={page} pageSize={PAGE_SIZE} total={list.data.total} showSizeChanger={false} onChange={setPage} />}
              </Flex>
            </>
          ) : (
            <div style={{ minHeight: 200 }} />
          )}
        </Spin>
      )}
    </div>
  );
}
