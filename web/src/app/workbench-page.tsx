import { ApartmentOutlined, BankOutlined, CalendarOutlined, NodeIndexOutlined, ProfileOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useMe } from '../api/auth.js';
import { useLocale } from '../shared/i18n/index.js';
import { PageHeader } from '../shared/page-header.js';
import { OrgKindTag, OrgLevelTag, RoleTag } from '../shared/tags.js';

function Shortcut({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <Link to={to} className="shortcut">
      <Card hoverable size="small" style={{ height: '100%' }}>
        <Space align="start" size={12}>
          <span className="shortcut-icon">{icon}</span>
          <span>
            <Typography.Text strong>{title}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{text}</Typography.Text>
          </span>
        </Space>
      </Card>
    </Link>
  );
}

/** The home of every staff account: who they are, where they work, and the pages their roles open. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data!;
  const admin = hasRole(me, 'admin');
  const catalogManager = hasRole(me, 'catalogManager');
  return (
    <>
      <PageHeader title={t('workbench.greeting', { name: me.displayName })} subtitle={t('workbench.intro')} />
      <Card title={t('workbench.whoAmI')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('accounts.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('auth.username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={t('accounts.org')} span="filled">
            {me.org ? (
              <Space wrap size={4}>
                <span>{pick(me.org.name, me.org.nameEn)}</span>
                <OrgLevelTag level={me.org.level} />
                <OrgKindTag kind={me.org.kind} />
                <Typography.Text type="secondary">{me.org.code}</Typography.Text>
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('accounts.roles')} span="filled">
            <Space wrap size={4}>
              {me.roles.map((r) => (
                <RoleTag key={r} role={r} />
              ))}
            </Space>
          </Descriptions.Item>
          {me.phone && <Descriptions.Item label={t('accounts.phone')}>{me.phone}</Descriptions.Item>}
          {me.email && <Descriptions.Item label={t('accounts.email')}>{me.email}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('workbench.shortcuts')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={8}>
          <Shortcut to="/sites" icon={<BankOutlined />} title={t('nav.sites')} text={t('workbench.sitesText')} />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Shortcut to="/calendar" icon={<CalendarOutlined />} title={t('nav.calendar')} text={t('workbench.calendarText')} />
        </Col>
        {catalogManager && (
          <Col xs={24} md={12} xl={8}>
            <Shortcut to="/admin/catalog" icon={<ProfileOutlined />} title={t('nav.catalog')} text={t('workbench.catalogText')} />
          </Col>
        )}
        {(catalogManager || admin) && (
          <Col xs={24} md={12} xl={8}>
            <Shortcut to="/admin/catalog/implementations" icon={<NodeIndexOutlined />} title={t('nav.implementations')} text={t('workbench.implementationsText')} />
          </Col>
        )}
        {admin && (
          <>
            <Col xs={24} md={12} xl={8}>
              <Shortcut to="/admin/orgs" icon={<ApartmentOutlined />} title={t('nav.orgs')} text={t('workbench.orgsText')} />
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Shortcut to="/admin/accounts" icon={<TeamOutlined />} title={t('nav.accounts')} text={t('workbench.accountsText')} />
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Shortcut to="/admin/audit" icon={<SafetyCertificateOutlined />} title={t('nav.audit')} text={t('workbench.auditText')} />
            </Col>
          </>
        )}
      </Row>
    </>
  );
}
