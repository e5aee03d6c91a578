import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind, OrgLevel, Role, SiteKind, WindowCategory } from '../../../common/enums.js';

const levelColors: Record<OrgLevel, string> = { prefecture: 'geekblue', county: 'blue', township: 'cyan', village: 'green' };
const kindColors: Record<OrgKind, string> = { government: 'default', park: 'purple', department: 'gold' };
const categoryColors: Record<WindowCategory, string> = {
  investment: 'volcano',
  realEstate: 'orange',
  companyRegistration: 'blue',
  socialServices: 'green',
  general: 'cyan',
  department: 'default',
};
const roleColors: Record<Role, string> = {
  applicant: 'default',
  windowClerk: 'blue',
  reviewer: 'cyan',
  departmentHead: 'geekblue',
  supervisor: 'purple',
  hotlineAgent: 'magenta',
  catalogManager: 'gold',
  admin: 'red',
};

export function OrgLevelTag({ level }: { level: OrgLevel }) {
  const { t } = useTranslation();
  return <Tag color={levelColors[level]}>{t(`enums.orgLevel.${level}`)}</Tag>;
}

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return <Tag color={kindColors[kind]}>{t(`enums.orgKind.${kind}`)}</Tag>;
}

export function SiteKindTag({ kind }: { kind: SiteKind }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'hall' ? 'blue' : 'green'}>{t(`enums.siteKind.${kind}`)}</Tag>;
}

export function WindowCategoryTag({ category }: { category: WindowCategory }) {
  const { t } = useTranslation();
  return <Tag color={categoryColors[category]}>{t(`enums.windowCategory.${category}`)}</Tag>;
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={roleColors[role]}>{t(`enums.role.${role}`)}</Tag>;
}

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}
