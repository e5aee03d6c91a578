import { ArrowLeftOutlined, CalendarOutlined, SettingOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSite } from '../api/orgs.js';
import { useLocale } from '../shared/i18n/index.js';
import { PageHeader } from '../shared/page-header.js';
import { QueryState } from '../shared/query-state.js';
import { SiteDescriptions, WindowsTable } from '../shared/site-info.js';
import { LinkButton } from '../shared/link-button.js';

/** A hall or agency point as applicants see it: address, hours, and the windows that accept. */
export function HallPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const site = useSite(id);
  return (
    <div className="portal-container portal-section">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/#halls">{t('portal.halls.title')}</Link> }, { title: site.data ? pick(site.data.name, site.data.nameEn) : '…' }]}
      />
      <QueryState query={site}>
        {(s) => (
          <>
            <PageHeader
              title={pick(s.name, s.nameEn)}
              subtitle={s.orgName !== s.name ? pick(s.orgName, s.orgNameEn) : undefined}
              extra={
                <>
                  <LinkButton to={`/my/appointments/new?site=${s.id}`} type="primary" icon={<CalendarOutlined />}>{t('queue.book.title')}</LinkButton>
                  {s.canManage && (
                    <LinkButton to={`/sites/${s.id}`} icon={<SettingOutlined />}>{t('sites.manage')}</LinkButton>
                  )}
                  <LinkButton to="/#halls" icon={<ArrowLeftOutlined />}>{t('common.back')}</LinkButton>
                </>
              }
            />
            <SiteDescriptions site={s} />
            <Card
              title={
                <>
                  {t('windows.title')} <Typography.Text type="secondary">({s.windowCount})</Typography.Text>
                </>
              }
              style={{ marginTop: 16 }}
              styles={{ body: { padding: 0 } }}
            >
              <WindowsTable windows={s.windows} />
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
