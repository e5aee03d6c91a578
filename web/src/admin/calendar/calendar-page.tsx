import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Alert, Button, Calendar, Card, Col, Flex, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../api/auth.js';
import { useCalendarYear, useClearCalendarDay, usePublishCalendarYear, type CalendarDayView } from '../../api/calendar.js';
import { formatDate, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { DayModal } from './day-modal.js';
import { WorkdayCalculator } from './workday-calculator.js';

export function DayTypeTag({ day }: { day: Pick<CalendarDayView, 'workday'> }) {
  const { t } = useTranslation();
  return day.workday ? <Tag color="orange">{t('calendar.adjustedWorkday')}</Tag> : <Tag color="red">{t('calendar.holiday')}</Tag>;
}

function MonthView({ year, days, onPick }: { year: number; days: Map<string, CalendarDayView>; onPick?: (date: string) => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const today = todayInShanghai();
  const [month, setMonth] = useState(() => (today.startsWith(`${year}-`) ? dayjs(today) : dayjs(`${year}-01-01`)));
  const shown = month.year() === year ? month : month.year(year);
  return (
    <Calendar
      fullscreen={false}
      value={shown}
      validRange={[dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]}
      onPanelChange={(d) => setMonth(d)}
      headerRender={({ value, onChange }) => {
        const label = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(value.year(), value.month(), 1)));
        return (
          <Flex justify="space-between" align="center" style={{ padding: '4px 4px 12px' }}>
            <Button type="text" icon={<LeftOutlined />} aria-label={t('calendar.prevMonth')} disabled={value.month() === 0} onClick={() => onChange(value.subtract(1, 'month'))} />
            <Typography.Text strong aria-live="polite">
              {label}
            </Typography.Text>
            <Button type="text" icon={<RightOutlined />} aria-label={t('calendar.nextMonth')} disabled={value.month() === 11} onClick={() => onChange(value.add(1, 'month'))} />
          </Flex>
        );
      }}
      onSelect={(d, info) => {
        setMonth(d);
        if (info.source === 'date') onPick?.(d.format('YYYY-MM-DD'));
      }}
      fullCellRender={(d: Dayjs, info) => {
        if (info.type !== 'date') return info.originNode;
        const iso = d.format('YYYY-MM-DD');
        const special = days.get(iso);
        const weekend = d.day() === 0 || d.day() === 6;
        if (d.month() !== shown.month()) return <div className="cal-cell cal-outside">{d.date()}</div>;
        const cls = ['cal-cell', special ? (special.workday ? 'cal-adjusted' : 'cal-holiday') : weekend ? 'cal-weekend' : '', iso === today ? 'cal-today' : ''].join(' ');
        const cell = (
          <div className={cls}>
            <span>{d.date()}</span>
            {special && <span className="cal-mark">{special.workday ? t('calendar.markWork') : t('calendar.markRest')}</span>}
          </div>
        );
        return special?.name ? <Tooltip title={pick(special.name, special.nameEn)}>{cell}</Tooltip> : cell;
      }}
    />
  );
}

/** The working-day calendar: holidays and adjusted working days by year; administrators maintain future days. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const { message } = App.useApp();
  const me = useMe().data!;
  const admin = hasRole(me, 'admin');
  const today = todayInShanghai();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const calendar = useCalendarYear(year);
  const clear = useClearCalendarDay();
  const publish = usePublishCalendarYear();
  const onProblem = useProblemHandler();
  const [editing, setEditing] = useState<{ date?: string; day?: CalendarDayView } | null>(null);
  const byDate = useMemo(() => new Map((calendar.data?.days ?? []).map((d) => [d.date, d])), [calendar.data]);
  const isFuture = (date: string) => date > today;

  const columns: TableColumnsType<CalendarDayView> = [
    { title: t('calendar.date'), dataIndex: 'date', render: (d: string) => formatDate(d, locale) },
    { title: t('calendar.type'), key: 'type', render: (_, d) => <DayTypeTag day={d} /> },
    { title: t('calendar.name'), key: 'name', render: (_, d) => (d.name ? pick(d.name, d.nameEn) : '—') },
  ];
  if (admin) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) =>
        isFuture(d.date) ? (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button type="link" size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${d.date}`} onClick={() => setEditing({ date: d.date, day: d })} />
            </Tooltip>
            <Popconfirm
              title={t('calendar.confirmRemove')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => clear.mutate(d.date, { onSuccess: () => void message.success(t('calendar.removed')), onError: (err) => onProblem(err) })}
            >
              <Tooltip title={t('common.remove')}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('common.remove')} ${d.date}`} />
              </Tooltip>
            </Popconfirm>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('calendar.past')}</Typography.Text>
        ),
    });
  }

  const years = Array.from({ length: 6 }, (_, i) => thisYear - 3 + i);
  return (
    <>
      <PageHeader
        title={t('nav.calendar')}
        subtitle={t('calendar.intro')}
        extra={
          <>
            <Select aria-label={t('calendar.year')} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('calendar.yearLabel', { year: y }) }))} style={{ width: 120 }} />
            {admin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('calendar.addDay')}
              </Button>
            )}
          </>
        }
      />
      {calendar.isError ? (
        <LoadError error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          {calendar.data && !calendar.data.published && (
            <Col span={24}>
              <Alert
                type="warning"
                showIcon
                title={t('calendar.unpublished', { year })}
                description={admin ? t('calendar.unpublishedAdmin') : undefined}
                action={
                  admin && (
                    <Popconfirm
                      title={t('calendar.confirmPublish', { year })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => publish.mutate(year, { onSuccess: () => void message.success(t('calendar.published', { year })), onError: (err) => onProblem(err) })}
                    >
                      <Button loading={publish.isPending}>{t('calendar.publish')}</Button>
                    </Popconfirm>
                  )
                }
              />
            </Col>
          )}
          <Col xs={24} xl={10}>
            <Card title={t('calendar.monthView')} extra={<Legend />} loading={calendar.isPending}>
              <MonthView key={year} year={year} days={byDate} onPick={admin ? (date) => isFuture(date) && setEditing({ date, day: byDate.get(date) }) : undefined} />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title={t('calendar.listTitle', { year })} styles={{ body: { padding: 0 } }}>
              <Table<CalendarDayView>
                rowKey="date"
                size="small"
                columns={columns}
                dataSource={calendar.data?.days}
                loading={calendar.isFetching}
                pagination={false}
                scroll={{ y: 420, x: 'max-content' }}
                locale={{ emptyText: t('calendar.none') }}
              />
            </Card>
          </Col>
          <Col span={24}>
            <WorkdayCalculator />
          </Col>
        </Row>
      )}
      {editing && <DayModal date={editing.date} day={editing.day} onClose={() => setEditing(null)} />}
    </>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span className="cal-legend cal-holiday">{t('calendar.markRest')}</span>
      <Typography.Text type="secondary">{t('calendar.holiday')}</Typography.Text>
      <span className="cal-legend cal-adjusted">{t('calendar.markWork')}</span>
      <Typography.Text type="secondary">{t('calendar.adjustedWorkday')}</Typography.Text>
    </Space>
  );
}
