import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/auth.js';
import { Brand, LanguageSwitch, UserMenu } from './header-parts.js';
import { selectedNavKey, staffMenuItems } from './nav.js';
import { RequireAuth } from './require-auth.js';

function StaffShell() {
  const me = useMe().data!;
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const selected = selectedNavKey(location.pathname);

  const menu = (
    <Menu
      mode="inline"
      aria-label={t('nav.main')}
      selectedKeys={selected ? [selected] : []}
      items={staffMenuItems(me, t)}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        {narrow && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.open')} onClick={() => setDrawerOpen(true)} />}
        <Brand to="/workbench" compact={narrow} />
        <span className="app-header-org">{!narrow && me.org ? <OrgName /> : null}</span>
        <div className="app-header-actions">
          <LanguageSwitch />
          <UserMenu me={me} compact={narrow} />
        </div>
      </Layout.Header>
      <Layout>
        {narrow ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} title={t('nav.main')} styles={{ body: { padding: 8 } }}>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={220} theme="light" className="app-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function OrgName() {
  const me = useMe().data;
  const { i18n } = useTranslation();
  if (!me?.org) return null;
  return <>{i18n.language === 'en-US' ? me.org.nameEn : me.org.name}</>;
}

/** The back-office frame: header, role-dependent menu, page. Staff only. */
export function StaffLayout() {
  return (
    <RequireAuth staff>
      <StaffShell />
    </RequireAuth>
  );
}
