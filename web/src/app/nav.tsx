import { FieldTimeOutlined, OrderedListOutlined } from '@ant-design/icons';
import { BranchesOutlined, CustomerServiceOutlined, PhoneOutlined, ReadOutlined, SendOutlined, SettingOutlined } from '@ant-design/icons';
import { ApiOutlined, CloudUploadOutlined, ContainerOutlined, DatabaseOutlined, FileProtectOutlined, FileSearchOutlined, KeyOutlined, SafetyOutlined, ShareAltOutlined } from '@ant-design/icons';
import { AlertOutlined, DashboardOutlined, FileTextOutlined, IdcardOutlined, MessageOutlined } from '@ant-design/icons';
import { ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, DesktopOutlined, DislikeOutlined, ImportOutlined, NodeIndexOutlined, ProfileOutlined, RocketOutlined, SafetyCertificateOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Role } from '../../../common/enums.js';
import type { Me } from '../api/auth.js';

interface NavEntry {
  path: string;
  labelKey:
    | 'nav.workbench' | 'nav.sites' | 'nav.calendar' | 'nav.orgs' | 'nav.accounts' | 'nav.audit'
    | 'nav.catalog' | 'nav.catalogImport' | 'nav.oneTripAdmin' | 'nav.implementations'
    | 'review.nav.inbox' | 'review.nav.ratings'
    | 'nav.desk'
    | 'queue.nav.panel' | 'queue.nav.settings'
    | 'supervision.nav.dashboard' | 'supervision.nav.warnings' | 'supervision.nav.staff' | 'supervision.nav.reports' | 'supervision.nav.problems'
    | 'reuse.admin.nav'
    | 'certificates.nav.library' | 'certificates.nav.types' | 'certificates.nav.import' | 'certificates.nav.seals'
    | 'sharing.nav.resources' | 'sharing.nav.applications' | 'sharing.nav.credentials' | 'sharing.nav.log'
    | 'hotline.nav.intake' | 'hotline.nav.dispatch' | 'hotline.nav.inbox' | 'hotline.nav.overview' | 'hotline.nav.articles' | 'hotline.nav.rules' | 'hotline.nav.settings' | 'hotline.nav.keys';
  icon: ReactNode;
  /** Staff holding any of these roles see the entry; absent: every staff account. */
  roles?: Role[];
  group: 'work' | 'catalog' | 'admin';
}

const entries: NavEntry[] = [
  { path: '/workbench', labelKey: 'nav.workbench', icon: <DesktopOutlined />, group: 'work' },
  { path: '/hall/desk', labelKey: 'nav.desk', icon: <SolutionOutlined />, roles: ['windowClerk'], group: 'work' },
  { path: '/hall/queue', labelKey: 'queue.nav.panel', icon: <OrderedListOutlined />, roles: ['windowClerk'], group: 'work' },
  { path: '/review', labelKey: 'review.nav.inbox', icon: <AuditOutlined />, roles: ['reviewer', 'departmentHead'], group: 'work' },
  { path: '/review/ratings', labelKey: 'review.nav.ratings', icon: <DislikeOutlined />, roles: ['reviewer', 'departmentHead', 'supervisor'], group: 'work' },
  { path: '/supervision', labelKey: 'supervision.nav.dashboard', icon: <DashboardOutlined />, roles: ['supervisor', 'admin', 'departmentHead'], group: 'work' },
  { path: '/supervision/warnings', labelKey: 'supervision.nav.warnings', icon: <AlertOutlined />, roles: ['supervisor', 'admin', 'departmentHead'], group: 'work' },
  { path: '/supervision/staff', labelKey: 'supervision.nav.staff', icon: <IdcardOutlined />, roles: ['supervisor', 'admin', 'departmentHead'], group: 'work' },
  { path: '/supervision/reports', labelKey: 'supervision.nav.reports', icon: <FileTextOutlined />, roles: ['supervisor', 'admin', 'departmentHead'], group: 'work' },
  { path: '/supervision/problems', labelKey: 'supervision.nav.problems', icon: <MessageOutlined />, roles: ['supervisor', 'admin', 'departmentHead', 'reviewer'], group: 'work' },
  { path: '/sharing', labelKey: 'sharing.nav.resources', icon: <DatabaseOutlined />, group: 'work' },
  { path: '/sharing/applications', labelKey: 'sharing.nav.applications', icon: <ShareAltOutlined />, roles: ['departmentHead', 'admin', 'supervisor'], group: 'work' },
  { path: '/sharing/log', labelKey: 'sharing.nav.log', icon: <FileSearchOutlined />, roles: ['departmentHead', 'admin', 'supervisor'], group: 'work' },
  { path: '/sharing/credentials', labelKey: 'sharing.nav.credentials', icon: <ApiOutlined />, roles: ['departmentHead', 'admin'], group: 'admin' },
  { path: '/sites', labelKey: 'nav.sites', icon: <BankOutlined />, group: 'work' },
  { path: '/calendar', labelKey: 'nav.calendar', icon: <CalendarOutlined />, group: 'work' },
  { path: '/admin/catalog', labelKey: 'nav.catalog', icon: <ProfileOutlined />, roles: ['catalogManager'], group: 'catalog' },
  { path: '/admin/catalog/implementations', labelKey: 'nav.implementations', icon: <NodeIndexOutlined />, roles: ['catalogManager', 'admin'], group: 'catalog' },
  { path: '/admin/catalog/one-trip', labelKey: 'nav.oneTripAdmin', icon: <RocketOutlined />, roles: ['catalogManager'], group: 'catalog' },
  { path: '/admin/catalog/import', labelKey: 'nav.catalogImport', icon: <ImportOutlined />, roles: ['catalogManager'], group: 'catalog' },
  { path: '/admin/catalog/proof-items', labelKey: 'reuse.admin.nav', icon: <FileProtectOutlined />, roles: ['catalogManager'], group: 'catalog' },
  { path: '/admin/certificates/types', labelKey: 'certificates.nav.types', icon: <ContainerOutlined />, roles: ['catalogManager', 'admin'], group: 'catalog' },
  { path: '/admin/certificates', labelKey: 'certificates.nav.library', icon: <SafetyOutlined />, roles: ['admin', 'departmentHead', 'reviewer', 'supervisor'], group: 'work' },
  { path: '/admin/certificates/import', labelKey: 'certificates.nav.import', icon: <CloudUploadOutlined />, roles: ['admin', 'departmentHead'], group: 'admin' },
  { path: '/admin/certificates/seals', labelKey: 'certificates.nav.seals', icon: <KeyOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/orgs', labelKey: 'nav.orgs', icon: <ApartmentOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/accounts', labelKey: 'nav.accounts', icon: <TeamOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/admin/audit', labelKey: 'nav.audit', icon: <SafetyCertificateOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/hall/queue/settings', labelKey: 'queue.nav.settings', icon: <FieldTimeOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/hotline/intake', labelKey: 'hotline.nav.intake', icon: <PhoneOutlined />, roles: ['hotlineAgent'], group: 'work' },
  { path: '/hotline/dispatch', labelKey: 'hotline.nav.dispatch', icon: <SendOutlined />, roles: ['hotlineAgent'], group: 'work' },
  { path: '/hotline/inbox', labelKey: 'hotline.nav.inbox', icon: <CustomerServiceOutlined />, roles: ['reviewer', 'departmentHead'], group: 'work' },
  { path: '/hotline/tickets', labelKey: 'hotline.nav.overview', icon: <CustomerServiceOutlined />, roles: ['supervisor', 'admin'], group: 'work' },
  { path: '/hotline/articles', labelKey: 'hotline.nav.articles', icon: <ReadOutlined />, roles: ['hotlineAgent'], group: 'work' },
  { path: '/hotline/rules', labelKey: 'hotline.nav.rules', icon: <BranchesOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/hotline/settings', labelKey: 'hotline.nav.settings', icon: <SettingOutlined />, roles: ['admin'], group: 'admin' },
  { path: '/hotline/keys', labelKey: 'hotline.nav.keys', icon: <ApiOutlined />, roles: ['admin'], group: 'admin' },
];

const visible = (me: Me, e: NavEntry) => !e.roles || e.roles.some((r) => me.roles.includes(r));

/** The staff navigation: what the account's roles open, grouped; the server still checks every call. */
export function staffMenuItems(me: Me, t: TFunction): NonNullable<MenuProps['items']> {
  const item = (e: NavEntry) => ({ key: e.path, icon: e.icon, label: t(e.labelKey) });
  const work = entries.filter((e) => e.group === 'work' && visible(me, e)).map(item);
  const catalog = entries.filter((e) => e.group === 'catalog' && visible(me, e)).map(item);
  const admin = entries.filter((e) => e.group === 'admin' && visible(me, e)).map(item);
  return [
    { type: 'group', key: 'g-work', label: t('nav.groupWork'), children: work },
    ...(catalog.length ? [{ type: 'group' as const, key: 'g-catalog', label: t('nav.groupCatalog'), children: catalog }] : []),
    ...(admin.length ? [{ type: 'group' as const, key: 'g-admin', label: t('nav.groupAdmin'), children: admin }] : []),
  ];
}

/** The menu key for a location: the longest entry path it starts with. */
export function selectedNavKey(pathname: string): string | undefined {
  return entries
    .map((e) => e.path)
    .filter((p) => pathname === p || pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
}
