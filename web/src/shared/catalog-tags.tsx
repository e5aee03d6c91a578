import { BankOutlined, EnvironmentOutlined, GlobalOutlined, MobileOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ItemStatus, ItemType } from '../../../common/catalog.js';

/** Department kinds of the catalog (the `deptKey` of items and organisations), in display order. */
export const deptKeys = [
  'market', 'natural-resources', 'housing', 'hrss', 'civil-affairs', 'public-security', 'tax',
  'medical-insurance', 'development-reform', 'transport', 'health', 'education', 'ecology', 'government-services',
] as const;
export type DeptKey = (typeof deptKeys)[number];

const certificateTypes = [
  'residentIdCard', 'businessLicence', 'householdRegister', 'realEstateCertificate', 'socialSecurityCard', 'degreeCertificate',
  'marriageCertificate', 'driversLicence', 'foodBusinessLicence', 'birthCertificate',
] as const;
const dataResources = ['real-estate-status', 'household-registration', 'social-security-status', 'tax-status', 'marriage-status', 'criminal-record', 'company-registration'] as const;
/** The e-certificate types and shared data resources the catalog names, to offer when editing. */
export const knownCertificateTypes: readonly string[] = certificateTypes;
export const knownDataResources: readonly string[] = dataResources;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A department key's name; an unknown key shows as itself. */
export const deptLabel = (t: TFunction, key: string): string => (isOneOf(deptKeys, key) ? t(`enums.dept.${key}`) : key);
export const certificateLabel = (t: TFunction, key: string): string => (isOneOf(certificateTypes, key) ? t(`enums.certificateType.${key}`) : key);
export const dataResourceLabel = (t: TFunction, key: string): string => (isOneOf(dataResources, key) ? t(`enums.dataResource.${key}`) : key);

/** What replaces a material's paper: an e-certificate or a shared data resource. */
export function replacementLabel(t: TFunction, by: { certificateType: string } | { dataResource: string }): string {
  return 'certificateType' in by
    ? t('catalog.material.byCertificate', { name: certificateLabel(t, by.certificateType) })
    : t('catalog.material.byData', { name: dataResourceLabel(t, by.dataResource) });
}

/** Working days as read aloud: "即办" for zero, else "N 个工作日". */
export function daysText(t: TFunction, days: number): string {
  return days === 0 ? t('catalog.sameDay') : t('catalog.workdays', { count: days });
}

const channelIcons: Record<Channel, ReactNode> = {
  online: <GlobalOutlined />,
  mobile: <MobileOutlined />,
  window: <BankOutlined />,
  agencyPoint: <EnvironmentOutlined />,
};

export function ChannelTags({ channels }: { channels: readonly Channel[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {channels.map((c) => (
        <Tag key={c} icon={channelIcons[c]} variant="outlined" style={{ marginInlineEnd: 0 }}>
          {t(`enums.channel.${c}`)}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * How many trips an item needs, as applicants look for it: zero is "全程网办"; at most one is
 * "最多跑一次" (with its batch when the item is on the published list); more shows the count.
 */
export function TripsTags({ trips, batch }: { trips: number; batch: number | null | undefined }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {trips === 0 && (
        <Tag color="green" icon={<ThunderboltOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('catalog.zeroTrip')}
        </Tag>
      )}
      {trips <= 1 && (
        <Tooltip title={batch ? t('catalog.oneTripListed', { batch }) : t('catalog.oneTripHelp')}>
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {batch ? t('catalog.oneTripBatch', { batch }) : t('catalog.oneTrip')}
          </Tag>
        </Tooltip>
      )}
      {trips > 1 && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('catalog.tripsNeeded', { count: trips })}
        </Tag>
      )}
    </Space>
  );
}

const typeColors: Record<ItemType, string> = {
  licensing: 'geekblue',
  confirmation: 'cyan',
  payment: 'green',
  award: 'gold',
  ruling: 'purple',
  publicService: 'blue',
  other: 'default',
};

export function ItemTypeTag({ type }: { type: ItemType }) {
  const { t } = useTranslation();
  return (
    <Tag color={typeColors[type]} style={{ marginInlineEnd: 0 }}>
      {t(`enums.itemType.${type}`)}
    </Tag>
  );
}

const statusColors: Record<ItemStatus, string> = { draft: 'default', inReview: 'processing', published: 'success', retired: 'default' };

export function VersionStatusTag({ status }: { status: ItemStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} className={status === 'retired' ? 'tag-retired' : undefined}>
      {t(`enums.itemStatus.${status}`)}
    </Tag>
  );
}
