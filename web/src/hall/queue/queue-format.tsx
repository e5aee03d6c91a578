import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WindowCategory } from '../../../../common/enums.js';
import type { TicketStatus } from '../../../../common/queue.js';
import type { Locale } from '../../api/client.js';
import { TIME_ZONE } from '../../shared/format.js';

/** What names a queue: its department for a department window's, else its window category. */
export interface QueueNamed {
  category: WindowCategory;
  departmentName: string | null;
  departmentNameEn: string | null;
}

/** A queue's name in one language. */
export function queueName(q: QueueNamed, t: TFunction, locale: Locale): string {
  if (q.departmentName) return locale === 'en-US' ? (q.departmentNameEn ?? q.departmentName) : q.departmentName;
  return t(`enums.windowCategory.${q.category}`);
}

/**
 * Texts in both languages at once, for what hangs in a hall (the board): Chinese and English side by side.
 */
export function useBilingual() {
  const { i18n } = useTranslation();
  const first: Locale = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return useMemo(() => ({ first, zh: i18n.getFixedT('zh-CN'), en: i18n.getFixedT('en-US') }), [i18n, first]);
}

/** A waiting time as people say it: "<1 分钟", "12 分钟", "1 小时 5 分钟". */
export function formatWait(seconds: number, t: TFunction): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return t('queue.wait.underMinute');
  if (minutes < 60) return t('queue.wait.minutes', { count: minutes });
  return t('queue.wait.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
/** The time of day in Asia/Shanghai, e.g. 10:05 (with seconds: 10:05:09). */
export function formatClock(date: Date, seconds = false): string {
  const key = seconds ? 's' : 'm';
  let f = clockFormats.get(key);
  if (!f) clockFormats.set(key, (f = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false })));
  return f.format(date);
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A day short enough for a row of buttons: 12月1日 周二 / Tue 1 Dec. */
export function formatDay(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let f = dayFormats.get(locale);
  // A plain date is a day, not an instant: formatted in UTC so no zone shifts it.
  if (!f) dayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: locale === 'zh-CN' ? 'long' : 'short', day: 'numeric', weekday: 'short' })));
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}

/** The current time, ticking every `everyMs`. */
export function useNow(everyMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

const statusColors: Record<TicketStatus, string> = { waiting: 'default', called: 'processing', serving: 'blue', done: 'success', noShow: 'warning' };

export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }}>{t(`queue.status.${status}`)}</Tag>;
}
