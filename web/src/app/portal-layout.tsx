import { DesktopOutlined } from '@ant-design/icons';
import { Grid, Layout, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useMe } from '../api/auth.js';
import { Brand, LanguageSwitch, UserMenu } from './header-parts.js';
import { LinkButton } from '../shared/link-button.js';

function PortalActions() {
  const { t } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  if (me.isPending) return null;
  if (!me.data) {
    return (
      <Space size={8}>
        <LinkButton to="/login" type={narrow ? 'primary' : 'default'} size={narrow ? 'small' : 'middle'}>{t('auth.login')}</LinkButton>
        {!narrow && (
          <LinkButton to="/register" type="primary">{t('auth.register')}</LinkButton>
        )}
      </Space>
    );
  }
  return (
    <Space size={8}>
      {me.data.kind === 'staff' && !narrow && (
        <LinkButton to="/workbench" icon={<DesktopOutlined />}>{t('nav.workbench')}</LinkButton>
      )}
      <UserMenu me={me.data} compact={narrow} />
    </Space>
  );
}

/** The public frame for applicants: header with sign-in, page, footer. */
export function PortalLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Layout className="portal-shell">
      <Layout.Header className="app-header portal-header">
        <div className="portal-container portal-header-inner">
          <Brand compact={!screens.sm} />
          {screens.lg && (
            <nav className="portal-nav" aria-label={t('nav.portal')}>
              <NavLink to="/services">{t('catalog.search.title')}</NavLink>
              <NavLink to="/one-trip">{t('portal.browse.oneTripTitle')}</NavLink>
              <NavLink to="/proofs">{t('reuse.proofs.title')}</NavLink>
              <NavLink to="/catalog/stats">{t('catalog.stats.title')}</NavLink>
            </nav>
          )}
          <div className="app-header-actions">
            <LanguageSwitch />
            <PortalActions />
          </div>
        </div>
      </Layout.Header>
      <Layout.Content>
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="portal-footer">
        <div className="portal-container">
          <div>{t('portal.footer.owner')}</div>
          <div className="portal-footer-small">{t('portal.footer.note')}</div>
          <div className="portal-footer-links">
            <NavLink to="/hotline/new">{t('hotline.nav.publicNew')}</NavLink>
            <NavLink to="/hotline/track">{t('hotline.nav.publicTrack')}</NavLink>
            <NavLink to="/problems/new">{t('supervision.report.title')}</NavLink>
          </div>
        </div>
      </Layout.Footer>
    </Layout>
  );
}
