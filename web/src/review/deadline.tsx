import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WarningLevel } from '../../../common/cases.js';
import { WarningTag, warningTextColor } from '../shared/case-tags.js';
import { formatDate } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';

/** The warning for a deadline the server counted in working days: red when late, yellow on its last working day. */
export const warningForDays = (daysLeft: number | null): WarningLevel => (daysLeft === null ? 'none' : daysLeft < 0 ? 'red' : daysLeft <= 1 ? 'yellow' : 'none');

/** "剩 3 个工作日" / "今日到期" / "超期 2 个工作日", coloured by the warning. */
export function DaysLeft({ days, level }: { days: number; level?: WarningLevel }) {
  const { t } = useTranslation();
  const text = days < 0 ? t('review.deadline.late', { count: -days }) : days === 0 ? t('review.deadline.today') : t('review.deadline.left', { count: days });
  return (
    <span className="review-deadline-text" style={{ color: warningTextColor(level ?? warningForDays(days)) }}>
      {text}
    </span>
  );
}

/**
 * An inbox row's deadline: the warning tag (yellow, red, paused), the date and the working days left
 * as the server counted them.
 */
export function DeadlineCell({ dueOn, daysLeft, warning }: { dueOn: string | null; daysLeft: number | null; warning: WarningLevel }) {
  const { locale } = useLocale();
  if (warning === 'paused') return <WarningTag level="paused" />;
  if (!dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div className="review-deadline">
      {warning !== 'none' && <WarningTag level={warning} />}
      <span style={{ color: warningTextColor(warning) }}>{formatDate(dueOn, locale, false)}</span>
      {daysLeft !== null && <DaysLeft days={daysLeft} level={warning} />}
    </div>
  );
}
