import { ApartmentOutlined, BankOutlined, EnvironmentOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMe } from '../api/auth.js';
import { HallFinder } from './hall-finder.js';
import { LinkButton } from '../shared/link-button.js';
import { CatalogBrowse } from './catalog/catalog-browse.js';
import { ServiceSearchBox } from './catalog/service-search-box.js';

function Principle({ icon, title, text }: { icon: ReactNode; title: string; text: string }) {
  return (
    <Card className="principle" variant="borderless">
      <span className="principle-icon" aria-hidden>
        {icon}
      </span>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {text}
      </Typography.Paragraph>
    </Card>
  );
}

/** The public home: what "at most one trip" means here, and where to go. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedOut = !me.isPending && !me.data;
  const { hash } = useLocation();
  useEffect(() => {
    // Links from other pages to "/#halls" land on the finder, as a plain anchor would.
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
  return (
    <>
      <section className="hero">
        <div className="portal-container">
          <div className="hero-eyebrow">{t('portal.hero.eyebrow')}</div>
          <Typography.Title level={1} className="hero-title">
            {t('portal.hero.title')}
          </Typography.Title>
          <Typography.Paragraph className="hero-text">{t('portal.hero.text')}</Typography.Paragraph>
          <ServiceSearchBox />
          <Space wrap size={12}>
            <Button size="large" ghost icon={<EnvironmentOutlined />} href="#halls">
              {t('portal.hero.findHall')}
            </Button>
            {signedOut && (
              <LinkButton to="/register" size="large" ghost>{t('portal.hero.register')}</LinkButton>
            )}
          </Space>
        </div>
      </section>
      <div className="portal-container principles">
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <Principle icon={<BankOutlined />} title={t('portal.principles.oneWindowTitle')} text={t('portal.principles.oneWindowText')} />
          </Col>
          <Col xs={24} md={8}>
            <Principle icon={<FileDoneOutlined />} title={t('portal.principles.oneNoticeTitle')} text={t('portal.principles.oneNoticeText')} />
          </Col>
          <Col xs={24} md={8}>
            <Principle icon={<ApartmentOutlined />} title={t('portal.principles.nearbyTitle')} text={t('portal.principles.nearbyText')} />
          </Col>
        </Row>
      </div>
      <CatalogBrowse />
      <section id="halls" className="portal-container portal-section" aria-labelledby="halls-title">
        <Typography.Title level={2} id="halls-title" className="section-title">
          {t('portal.halls.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('portal.halls.intro')}</Typography.Paragraph>
        <HallFinder />
      </section>
    </>
  );
}
