import { ClockCircleOutlined, PauseCircleOutlined, ThunderboltOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseStatus, WarningLevel } from '../../../common/cases.js';

const statusColors: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  correction_requested: 'warning',
  accepted: 'blue',
  in_review: 'processing',
  suspended: 'gold',
  decided: 'success',
  delivered: 'success',
  archived: 'default',
  refused: 'error',
  withdrawn: 'default',
  revoked: 'error',
  terminated: 'error',
};

/** Statuses in which the clock runs (or is paused): the deadline and its warning matter. */
export const openCaseStatuses: readonly CaseStatus[] = ['accepted', 'in_review', 'suspended'];

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`enums.caseStatus.${status}`)}
    </Tag>
  );
}

const warningTags: Record<WarningLevel, { color: string; icon: ReactNode }> = {
  none: { color: 'success', icon: <ClockCircleOutlined /> },
  yellow: { color: 'warning', icon: <WarningOutlined /> },
  red: { color: 'error', icon: <WarningOutlined /> },
  paused: { color: 'default', icon: <PauseCircleOutlined /> },
};

/** The deadline warning: on time, yellow (≤ 1 working day or ≤ 20% left), red (late), or paused (suspended). */
export function WarningTag({ level }: { level: WarningLevel }) {
  const { t } = useTranslation();
  const { color, icon } = warningTags[level];
  return (
    <Tooltip title={t(`enums.warningHelp.${level}`)}>
      <Tag color={color} icon={icon} style={{ marginInlineEnd: 0 }}>
        {t(`enums.warning.${level}`)}
      </Tag>
    </Tooltip>
  );
}

/** The colour of a deadline's text for a warning level. */
export const warningTextColor = (level: WarningLevel): string | undefined => (level === 'red' ? '#cf1322' : level === 'yellow' ? '#d46b08' : undefined);

/** "最多跑一次" and "零跑动" as a case earned them (DOMAIN rule 8). */
export function TripFactsTags({ facts }: { facts: { trips: number; atMostOneTrip: boolean; zeroTrip: boolean } }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {facts.zeroTrip && (
        <Tooltip title={t('caseDetail.trips.zeroTripHelp')}>
          <Tag color="green" icon={<ThunderboltOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('caseDetail.trips.zeroTrip')}
          </Tag>
        </Tooltip>
      )}
      {facts.atMostOneTrip && (
        <Tooltip title={t('catalog.oneTripHelp')}>
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {t('catalog.oneTrip')}
          </Tag>
        </Tooltip>
      )}
      {!facts.atMostOneTrip && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('catalog.tripsNeeded', { count: facts.trips })}
        </Tag>
      )}
    </Space>
  );
}

/**
 * Server-written texts that carry both languages as "中文 / English" (trip and event reasons): the
 * reader's half. Anything else shows as written.
 */
export function bilingualText(text: string, locale: 'zh-CN' | 'en-US'): string {
  const parts = text.split(' / ');
  if (parts.length !== 2 || !/[\u4e00-\u9fff]/.test(parts[0]!) || /[\u4e00-\u9fff]/.test(parts[1]!)) return text;
  return locale === 'en-US' ? parts[1]! : parts[0]!;
}

/** A case action's label ("受理", "作出决定"…). */
export const caseActionLabel = (t: TFunction, action: CaseAction): string => t(`enums.caseAction.${action}`);
