import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Empty, Form, Result, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCatalogSearch } from '../../api/catalog.js';
import { useSite, useSites } from '../../api/orgs.js';
import { useAvailability, useBookAppointment, useKiosk, type Appointment, type QueueSummary } from '../../api/queue.js';
import { formatDay, queueName } from '../../hall/queue/queue-format.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { problemText } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { useDebounced } from '../../shared/use-debounced.js';
import '../../hall/queue/queue.css';

const queueKey = (q: Pick<QueueSummary, 'category' | 'departmentId'>) => `${q.category}:${q.departmentId ?? ''}`;

/** Halls and agency points, searched on the server as the applicant types. */
function SitePicker({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const sites = useSites(query ? { q: query } : {});
  const chosen = useSite(value);
  const options = (sites.data ?? []).map((s) => ({ value: s.id, label: pick(s.name, s.nameEn) }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id)) options.unshift({ value: chosen.data.id, label: pick(chosen.data.name, chosen.data.nameEn) });
  return (
    <Select<string>
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={sites.isFetching}
      options={options}
      placeholder={t('queue.book.sitePlaceholder')}
      aria-label={t('queue.book.site')}
      notFoundContent={sites.isFetching ? null : t('queue.book.noSite')}
      style={{ width: '100%' }}
    />
  );
}

/** A service item to name (optional): the site's items that its windows of the chosen category take in. */
function ItemPicker({ siteId, queue, value, onChange }: { siteId: string; queue: QueueSummary; value: string | undefined; onChange: (code: string | undefined) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const items = useCatalogSearch({ site: siteId, windowCategory: queue.category, page: 1, pageSize: 20, ...(query ? { q: query } : {}) }, { enabled: queue.category !== 'department' });
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={(v) => onChange(v || undefined)}
      loading={items.isFetching}
      options={(items.data?.items ?? []).map((i) => ({ value: i.code, label: pick(i.name, i.nameEn) }))}
      placeholder={t('queue.book.itemPlaceholder')}
      aria-label={t('queue.book.item')}
      notFoundContent={items.isFetching ? null : t('queue.book.noItem')}
      style={{ width: '100%' }}
    />
  );
}

function Booked({ appointment, onAgain }: { appointment: Appointment; onAgain: () => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  return (
    <Card>
      <Result
        icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={t('queue.book.done')}
        subTitle={t('queue.book.doneText', { site: pick(appointment.siteName, appointment.siteNameEn), date: formatDate(appointment.day, locale), slot: appointment.slot })}
        extra={[
          <LinkButton key="mine" to="/my/appointments" type="primary">
            {t('queue.appointments.title')}
          </LinkButton>,
          <Button key="again" onClick={onAgain}>
            {t('queue.book.again')}
          </Button>,
        ]}
      >
        <div className="appointment-booked">
          <div className="appointment-card-label">{t('queue.appointments.code')}</div>
          <div className="appointment-code mono" data-testid="booking-code">{appointment.code}</div>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('queue.appointments.howTo')}</Typography.Paragraph>
        </div>
      </Result>
    </Card>
  );
}

/**
 * Booking an appointment at a hall (预约取号): the site, the business (and, if known, the service
 * item), a working day and a 30-minute slot with places left. The booking code comes by SMS too.
 */
export default function BookAppointmentPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const siteId = params.get('site') ?? undefined;
  const kiosk = useKiosk(siteId);
  const [chosenQueue, setQueue] = useState<string>();
  const queue = kiosk.data?.queues.find((q) => queueKey(q) === chosenQueue) ?? kiosk.data?.queues[0];
  const [itemCode, setItemCode] = useState<string>();
  const [date, setDate] = useState<string>();
  const [slot, setSlot] = useState<string>();
  const availability = useAvailability(siteId, queue ? { category: queue.category, ...(queue.departmentId ? { departmentId: queue.departmentId } : {}), ...(date ? { date } : {}) } : undefined);
  const book = useBookAppointment();
  const shownDate = date ?? availability.data?.date;

  const chooseSite = (id: string) => {
    setParams({ site: id }, { replace: true });
    setQueue(undefined);
    setItemCode(undefined);
    setDate(undefined);
    setSlot(undefined);
  };

  if (book.data) return (
    <div className="portal-container portal-section">
      <Booked appointment={book.data} onAgain={() => { book.reset(); setSlot(undefined); }} />
    </div>
  );

  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/my/appointments">{t('queue.appointments.title')}</Link> }, { title: t('queue.book.title') }]} />
      <PageHeader title={t('queue.book.title')} subtitle={t('queue.book.intro')} />
      <Card>
        <Form layout="vertical" requiredMark={false} onFinish={() => queue && shownDate && slot && siteId && book.mutate({ siteId, category: queue.category, ...(queue.departmentId ? { departmentId: queue.departmentId } : {}), ...(itemCode ? { itemCode } : {}), date: shownDate, slot })}>
          <Form.Item label={t('queue.book.site')} required>
            <SitePicker value={siteId} onChange={chooseSite} />
          </Form.Item>
          {!siteId ? null : kiosk.isPending ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : kiosk.isError ? (
            <LoadError error={kiosk.error} onRetry={() => void kiosk.refetch()} />
          ) : !queue ? (
            <Empty description={t('queue.book.noQueue')} />
          ) : (
            <>
              <Form.Item label={t('queue.book.queue')} required>
                <div className="appointment-queues" role="radiogroup" aria-label={t('queue.book.queue')}>
                  {kiosk.data.queues.map((q) => (
                    <button
                      key={queueKey(q)}
                      type="button"
                      role="radio"
                      aria-checked={queueKey(q) === queueKey(queue)}
                      className={`appointment-choice ${queueKey(q) === queueKey(queue) ? 'appointment-choice-on' : ''}`}
                      onClick={() => {
                        setQueue(queueKey(q));
                        setItemCode(undefined);
                        setSlot(undefined);
                      }}
                    >
                      <span className={`kiosk-queue-letter kiosk-letter-${q.prefix} queue-letter-small`}>{q.prefix}</span> {queueName(q, t, locale)}
                    </button>
                  ))}
                </div>
              </Form.Item>
              {queue.category !== 'department' && (
                <Form.Item label={t('queue.book.item')} extra={t('queue.book.itemHint')}>
                  <ItemPicker siteId={siteId} queue={queue} value={itemCode} onChange={setItemCode} />
                </Form.Item>
              )}
              {availability.isError ? (
                <LoadError error={availability.error} onRetry={() => void availability.refetch()} />
              ) : !availability.data ? (
                <Skeleton active paragraph={{ rows: 3 }} />
              ) : (
                <>
                  <Form.Item label={t('queue.book.date')} required>
                    <div className="appointment-days" role="radiogroup" aria-label={t('queue.book.date')}>
                      {availability.data.days.map((d) => (
                        <button
                          key={d}
                          type="button"
                          role="radio"
                          aria-checked={d === shownDate}
                          className={`appointment-choice ${d === shownDate ? 'appointment-choice-on' : ''}`}
                          onClick={() => {
                            setDate(d);
                            setSlot(undefined);
                          }}
                        >
                          {formatDay(d, locale)}
                        </button>
                      ))}
                    </div>
                  </Form.Item>
                  <Form.Item label={t('queue.book.slot')} required>
                    {availability.data.slots.some((s) => s.available) ? (
                      <div className="appointment-slots" role="radiogroup" aria-label={t('queue.book.slot')}>
                        {availability.data.slots.map((s) => (
                          <button
                            key={s.slot}
                            type="button"
                            role="radio"
                            aria-checked={s.slot === slot}
                            disabled={!s.available}
                            className={`appointment-choice appointment-slot ${s.slot === slot ? 'appointment-choice-on' : ''}`}
                            onClick={() => setSlot(s.slot)}
                          >
                            <span className="appointment-slot-time">{s.slot}</span>
                            <span className="appointment-slot-left">{s.available ? t('queue.book.left', { count: s.capacity - s.booked }) : s.booked >= s.capacity ? t('queue.book.full') : t('queue.book.past')}</span>
                          </button>
                        ))}
                      </div>
                    ) : (
                      <Alert type="info" showIcon title={t('queue.book.noSlots')} />
                    )}
                  </Form.Item>
                </>
              )}
              {book.isError && <Alert type="error" showIcon title={problemText(book.error, locale)} style={{ marginBottom: 16 }} />}
              <Space>
                <Button type="primary" htmlType="submit" size="large" disabled={!slot} loading={book.isPending}>
                  {t('queue.book.submit')}
                </Button>
                <LinkButton to="/my/appointments" size="large">{t('common.cancel')}</LinkButton>
              </Space>
            </>
          )}
        </Form>
      </Card>
    </div>
  );
}
