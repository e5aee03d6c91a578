import { StarFilled } from '@ant-design/icons';
import { Card, Col, Flex, Progress, Row, Segmented, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useStaff, type StaffFilter, type StaffMember } from '../api/supervision.js';
import { formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgPicker } from '../shared/org-picker.js';
import { PageHeader } from '../shared/page-header.js';
import { QueryState } from '../shared/query-state.js';
import { DutyTag } from './duty-status.js';
import { formatKpi } from './kpi-format.js';
import { UpdatedAt } from './live.js';
import { PeriodPicker, usePeriod } from './period.js';
import { useQueryParams } from './query-params.js';
import './supervision.css';

const PAGE_SIZE = 20;
const staffRoles = ['windowClerk', 'reviewer', 'departmentHead'] as const;
type StaffRole = (typeof staffRoles)[number];

/** 7小时12分 / 7 h 12 min */
function hoursMinutes(seconds: number, t: TFunction): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? t('supervision.units.minutes', { m }) : t('supervision.units.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
}

/** The five rating levels as a small bar, with the average. */
function Ratings({ ratings }: { ratings: StaffMember['ratings'] }) {
  const { t } = useTranslation();
  if (!ratings.count) return <Typography.Text type="secondary">—</Typography.Text>;
  const good = ratings.levels[3]! + ratings.levels[4]!;
  return (
    <Tooltip title={t('supervision.staff.ratingLevels', { l1: ratings.levels[0], l2: ratings.levels[1], l3: ratings.levels[2], l4: ratings.levels[3], l5: ratings.levels[4] })}>
      <div style={{ minWidth: 120 }}>
        <Flex gap={6} align="center">
          <StarFilled style={{ color: '#faad14' }} />
          <span>{ratings.average?.toFixed(2)}</span>
          <Typography.Text type="secondary">({ratings.count})</Typography.Text>
          {ratings.bad > 0 && <Typography.Text type="danger">{t('supervision.staff.bad', { count: ratings.bad })}</Typography.Text>}
        </Flex>
        <Progress percent={Math.round((good / ratings.count) * 100)} size="small" showInfo={false} strokeColor="#52c41a" railColor="#ffccc7" aria-label={t('supervision.staff.goodShare')} />
      </div>
    </Tooltip>
  );
}

/**
 * Front-line staff of the supervisor's subtree (R1.5): who is at which window now, and over the
 * period their time on duty, workload, handling time and ratings.
 */
export default function StaffPage() {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const [period, setPeriod] = usePeriod();
  const { params, set, page, setPage } = useQueryParams();
  const org = params.get('org') ?? undefined;
  const roleParam = params.get('role');
  const role = (staffRoles as readonly string[]).includes(roleParam ?? '') ? (roleParam as StaffRole) : undefined;
  const filter: StaffFilter = { ...(org ? { org } : {}), ...(role ? { role } : {}), from: period.from, to: period.to, page, pageSize: PAGE_SIZE };
  const staff = useStaff(filter);

  const columns: ColumnsType<StaffMember> = [
    {
      title: t('supervision.staff.person'),
      key: 'person',
      fixed: 'left',
      width: 180,
      render: (_, p) => (
        <>
          <div>{p.displayName}</div>
          <div className="sup-muted">
            {pick(p.org.name, p.org.nameEn)} · {p.roles.filter((r) => (staffRoles as readonly string[]).includes(r)).map((r) => t(`enums.role.${r}`)).join('、')}
          </div>
        </>
      ),
    },
    {
      title: t('supervision.staff.dutyNow'),
      key: 'duty',
      width: 170,
      render: (_, p) =>
        p.duty ? (
          <Tooltip title={t('supervision.duty.since', { time: formatDateTime(p.duty.statusSince, locale) })}>
            <span data-testid="staff-duty">
              <DutyTag status={p.duty.status} windowNumber={p.duty.windowNumber} ticket={p.duty.servingTicket} />
            </span>
          </Tooltip>
        ) : p.roles.includes('windowClerk') ? (
          <DutyTag status="signedOut" />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('supervision.staff.onDutyTime'),
      key: 'dutyTime',
      width: 140,
      render: (_, p) =>
        p.dutySeconds ? (
          <>
            <div>{hoursMinutes(p.dutySeconds, t)}</div>
            {p.awaySeconds > 0 && <div className="sup-muted">{t('supervision.staff.away', { time: hoursMinutes(p.awaySeconds, t) })}</div>}
          </>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('supervision.staff.received'), key: 'received', align: 'right', width: 90, sorter: (a, b) => a.workload.received - b.workload.received, render: (_, p) => p.workload.received },
    { title: t('supervision.staff.accepted'), key: 'accepted', align: 'right', width: 90, render: (_, p) => p.workload.accepted },
    {
      title: t('supervision.staff.decided'),
      key: 'decided',
      align: 'right',
      width: 120,
      sorter: (a, b) => a.workload.decided - b.workload.decided,
      render: (_, p) =>
        p.workload.decided ? (
          <Tooltip title={t('supervision.staff.onTimeHelp', { onTime: p.workload.decidedOnTime, decided: p.workload.decided })}>
            <span className={p.workload.decidedOnTime < p.workload.decided ? 'sup-missed' : undefined}>
              {p.workload.decided} · {formatKpi(p.workload.decidedOnTime / p.workload.decided, 'ratio', locale, t)}
            </span>
          </Tooltip>
        ) : (
          0
        ),
    },
    { title: t('supervision.staff.handling'), key: 'handling', align: 'right', width: 130, render: (_, p) => formatKpi(p.workload.averageHandlingDays, 'workingDays', locale, t) },
    { title: t('supervision.staff.ratings'), key: 'ratings', width: 170, render: (_, p) => <Ratings ratings={p.ratings} /> },
  ];

  return (
    <div className="sup-page">
      <PageHeader title={t('supervision.staff.title')} subtitle={t('supervision.staff.intro')} extra={<UpdatedAt at={staff.dataUpdatedAt} fetching={staff.isFetching} />} />
      <Card size="small" className="sup-filters">
        <Flex wrap gap={12} align="center">
          <OrgPicker value={org} onChange={(v) => set({ org: v })} allowClear placeholder={t('supervision.filters.org')} aria-label={t('supervision.filters.org')} style={{ width: 260 }} />
          <Segmented<string>
            aria-label={t('supervision.staff.role')}
            value={role ?? 'all'}
            onChange={(v) => set({ role: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: t('common.all') }, ...staffRoles.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))]}
          />
          <PeriodPicker value={period} onChange={setPeriod} />
        </Flex>
      </Card>
      <QueryState query={staff}>
        {(data) => {
          const onPage = data.items.filter((p) => p.duty);
          return (
            <>
              <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={t('supervision.staff.total')} value={data.total} />
                  </Card>
                </Col>
                {(['onDuty', 'serving', 'away'] as const).map((s) => (
                  <Col xs={12} md={6} key={s}>
                    <Card size="small">
                      <Statistic title={t('supervision.staff.countOnPage', { status: t(`supervision.duty.status.${s}`) })} value={onPage.filter((p) => p.duty!.status === s).length} />
                    </Card>
                  </Col>
                ))}
              </Row>
              <Card>
                <Table<StaffMember>
                  rowKey="id"
                  size="middle"
                  columns={columns}
                  dataSource={data.items}
                  scroll={{ x: 'max-content' }}
                  loading={staff.isFetching && staff.isPlaceholderData}
                  locale={{ emptyText: t('supervision.staff.none') }}
                  pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }), onChange: setPage }}
                  data-testid="staff-table"
                />
              </Card>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
