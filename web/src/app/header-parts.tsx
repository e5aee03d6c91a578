import { CalendarOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { DesktopOutlined, DownOutlined, EyeOutlined, FileTextOutlined, LogoutOutlined, MessageOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Segmented, Space, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLogout, type Me } from '../api/auth.js';
import { setLocale, useLocale, type Locale } from '../shared/i18n/index.js';

export function Brand({ to = '/', compact = false }: { to?: string; compact?: boolean }) {
  const { locale } = useLocale();
  const { t } = useTranslation();
  const [main, sub] = locale === 'zh-CN' ? ['一次办', 'OneTrip'] : ['OneTrip', '一次办'];
  return (
    <Link to={to} className="brand" aria-label={t('app.homeLink')}>
      <img src="/favicon.svg" width={32} height={32} alt="" />
      <span className="brand-text">
        <span className="brand-main">
          {main}
          <span className="brand-sub">{sub}</span>
        </span>
        {!compact && <span className="brand-tagline">{t('app.tagline')}</span>}
      </span>
    </Link>
  );
}

export function LanguageSwitch() {
  const { locale } = useLocale();
  const { t } = useTranslation();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('app.language')}
      value={locale}
      onChange={(value) => setLocale(value)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en-US' },
      ]}
    />
  );
}

export function UserMenu({ me, compact = false }: { me: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    ...(me.kind === 'staff'
      ? [{ key: 'workbench', icon: <DesktopOutlined />, label: t('nav.workbench') }]
      : [
          { key: 'cases', icon: <FileTextOutlined />, label: t('nav.myCases') },
          { key: 'certificates', icon: <SafetyCertificateOutlined />, label: t('certificates.nav.mine') },
          { key: 'appointments', icon: <CalendarOutlined />, label: t('queue.nav.myAppointments') },
          { key: 'messages', icon: <MessageOutlined />, label: t('nav.myMessages') },
          { key: 'dataAccess', icon: <EyeOutlined />, label: t('sharing.nav.myDataAccess') },
          { key: 'account', icon: <UserOutlined />, label: t('nav.myAccount') },
        ]),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'workbench') void navigate('/workbench');
    if (key === 'account') void navigate('/account');
    if (key === 'cases') void navigate('/my/cases');
    if (key === 'certificates') void navigate('/my/certificates');
    if (key === 'appointments') void navigate('/my/appointments');
    if (key === 'messages') void navigate('/my/messages');
    if (key === 'dataAccess') void navigate('/my/data-access');
    if (key === 'logout') {
      // A full page load after signing out leaves nothing of the account in memory (shared counter PCs).
      void logout.mutateAsync().finally(() => window.location.assign('/'));
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" className="user-button" aria-label={t('app.userMenu')}>
        <Space size={6}>
          <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
          {!compact && (
            <Typography.Text ellipsis style={{ maxWidth: 200 }}>
              {me.displayName}
            </Typography.Text>
          )}
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}
