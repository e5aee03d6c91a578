import { DatePicker, Flex, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { IsoDate } from '../../../common/working-days.js';
import { todayInShanghai } from '../shared/format.js';
import { currentParams } from './query-params.js';

// The period a supervision page looks at: a month, a quarter, a year or any span (the server sums
// at most 800 days). Kept in the address, so a view can be bookmarked and sent on.

export const periodUnits = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodUnit = (typeof periodUnits)[number];

export interface Period {
  unit: PeriodUnit;
  from: IsoDate;
  to: IsoDate;
}

/** The server's limit on a period's length. */
const MAX_DAYS = 800;
const iso = (d: Dayjs): IsoDate => d.format('YYYY-MM-DD');
const isIso = (v: string | null): v is IsoDate => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v).isValid();

/** A period's last day, not after today: the days to come have nothing to count yet. */
const capped = (to: Dayjs, today: IsoDate): IsoDate => (iso(to) > today ? today : iso(to));

/** The month, quarter or year containing `day`, up to today at most. */
export function periodAround(unit: Exclude<PeriodUnit, 'custom'>, day: IsoDate, today: IsoDate = todayInShanghai()): Period {
  const d = dayjs(day);
  const start = unit === 'month' ? d.startOf('month') : unit === 'year' ? d.startOf('year') : d.month(Math.floor(d.month() / 3) * 3).startOf('month');
  const end = unit === 'month' ? d.endOf('month') : unit === 'year' ? d.endOf('year') : start.add(2, 'month').endOf('month');
  return { unit, from: iso(start), to: capped(end, today) };
}

/** Reads the period from the address (`unit`, `from`, `to`); this month so far when none is given. */
export function usePeriod(): [Period, (p: Period) => void] {
  const [params, setParams] = useSearchParams();
  const today = todayInShanghai();
  const unitParam = params.get('unit');
  const unit: PeriodUnit = (periodUnits as readonly string[]).includes(unitParam ?? '') ? (unitParam as PeriodUnit) : 'month';
  const from = params.get('from');
  const to = params.get('to');
  let period: Period;
  if (unit === 'custom' && isIso(from) && isIso(to) && from <= to && dayjs(to).diff(from, 'day') < MAX_DAYS) period = { unit, from, to };
  else period = periodAround(unit === 'custom' ? 'month' : unit, isIso(from) ? from : today, today);
  const set = (p: Period) =>
    setParams(
      () => {
        const next = currentParams();
        next.set('unit', p.unit);
        next.set('from', p.from);
        next.set('to', p.to);
        return next;
      },
      { replace: true },
    );
  return [period, set];
}

/** The months a trend shows: those of the period when it spans several, else the twelve up to its month. */
export function trendMonths(period: Period): string[] {
  const end = dayjs(period.to).startOf('month');
  let start = dayjs(period.from).startOf('month');
  if (!start.isBefore(end)) start = end.subtract(11, 'month');
  const months: string[] = [];
  for (let m = start; !m.isAfter(end); m = m.add(1, 'month')) months.push(m.format('YYYY-MM'));
  return months;
}

/** The days of a month to count: all of it, or up to today for the month under way. */
export function monthPeriod(month: string, today: IsoDate = todayInShanghai()): { from: IsoDate; to: IsoDate } {
  const d = dayjs(`${month}-01`);
  return { from: iso(d), to: capped(d.endOf('month'), today) };
}

/** Month, quarter, year or a span of days; nothing after today. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const today = todayInShanghai();
  const future = (d: Dayjs) => iso(d) > today;
  return (
    <Flex gap={8} wrap align="center" data-testid="period-picker">
      <Segmented<PeriodUnit>
        aria-label={t('supervision.period.unit')}
        value={value.unit}
        options={periodUnits.map((u) => ({ value: u, label: t(`supervision.period.units.${u}`) }))}
        onChange={(unit) => onChange(unit === 'custom' ? { ...value, unit } : periodAround(unit, value.to, today))}
      />
      {value.unit === 'custom' ? (
        <DatePicker.RangePicker
          aria-label={t('supervision.period.range')}
          value={[dayjs(value.from), dayjs(value.to)]}
          allowClear={false}
          disabledDate={(d, info) => future(d) || (!!info.from && Math.abs(d.diff(info.from, 'day')) >= MAX_DAYS)}
          onChange={(range) => {
            if (range?.[0] && range[1]) onChange({ unit: 'custom', from: iso(range[0]), to: iso(range[1]) });
          }}
        />
      ) : (
        <DatePicker
          aria-label={t('supervision.period.pick')}
          picker={value.unit}
          value={dayjs(value.from)}
          allowClear={false}
          disabledDate={future}
          onChange={(d) => {
            if (d) onChange(periodAround(value.unit as Exclude<PeriodUnit, 'custom'>, iso(d), today));
          }}
        />
      )}
    </Flex>
  );
}
