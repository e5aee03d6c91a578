import { BarChartOutlined, RightOutlined, RocketOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Card, Col, Row, Skeleton, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { companyEvents, lifeEvents, type CompanyEvent, type LifeEvent } from '../../../../common/catalog.js';
import { useCatalogFacets, type CatalogFacets } from '../../api/catalog.js';
import { deptLabel } from '../../shared/catalog-tags.js';
import { LoadError } from '../../shared/query-state.js';
import { companyEventIcons, deptIcon, lifeEventIcons } from './catalog-icons.js';

function Tile({ to, icon, label, count }: { to: string; icon: ReactNode; label: string; count: number }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="browse-tile">
      <span className="browse-tile-icon" aria-hidden>
        {icon}
      </span>
      <span className="browse-tile-text">
        <span className="browse-tile-label">{label}</span>
        <span className="browse-tile-count">{t('portal.browse.itemCount', { count })}</span>
      </span>
    </Link>
  );
}

function Tiles({ children }: { children: ReactNode }) {
  return <div className="browse-tiles">{children}</div>;
}

function countOf(list: CatalogFacets['lifeEvents'], key: string): number {
  return list.find((f) => f.key === key)?.count ?? 0;
}

/** Entry points into the catalog: by department, life event and company event, with their counts. */
export function CatalogBrowse() {
  const { t } = useTranslation();
  const facets = useCatalogFacets();
  let body: ReactNode;
  if (facets.isPending) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (facets.isError) body = <LoadError error={facets.error} onRetry={() => void facets.refetch()} />;
  else {
    const f = facets.data;
    const life = lifeEvents.filter((k) => countOf(f.lifeEvents, k) > 0);
    const company = companyEvents.filter((k) => countOf(f.companyEvents, k) > 0);
    body = (
      <Tabs
        className="browse-tabs"
        items={[
          {
            key: 'life',
            label: t('portal.browse.byLife'),
            children: (
              <Tiles>
                {life.map((k: LifeEvent) => (
                  <Tile key={k} to={`/services?lifeEvent=${k}`} icon={lifeEventIcons[k]} label={t(`enums.lifeEvent.${k}`)} count={countOf(f.lifeEvents, k)} />
                ))}
              </Tiles>
            ),
          },
          {
            key: 'company',
            label: t('portal.browse.byCompany'),
            children: (
              <Tiles>
                {company.map((k: CompanyEvent) => (
                  <Tile key={k} to={`/services?companyEvent=${k}`} icon={companyEventIcons[k]} label={t(`enums.companyEvent.${k}`)} count={countOf(f.companyEvents, k)} />
                ))}
              </Tiles>
            ),
          },
          {
            key: 'dept',
            label: t('portal.browse.byDept'),
            children: (
              <Tiles>
                {f.departments.map((d) => (
                  <Tile key={d.key} to={`/services?dept=${d.key}`} icon={deptIcon(d.key)} label={deptLabel(t, d.key)} count={d.count} />
                ))}
              </Tiles>
            ),
          },
        ]}
      />
    );
  }
  return (
    <section className="portal-container portal-section browse-section" aria-labelledby="browse-title">
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={17}>
          <Typography.Title level={2} id="browse-title" className="section-title">
            {t('portal.browse.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {facets.data ? t('portal.browse.intro', { count: facets.data.total }) : t('portal.browse.introPlain')}
          </Typography.Paragraph>
          <Card className="browse-card">{body}</Card>
        </Col>
        <Col xs={24} lg={7}>
          <div className="browse-side">
            <Link to="/one-trip" className="feature-link feature-link-primary">
              <RocketOutlined className="feature-link-icon" aria-hidden />
              <span>
                <span className="feature-link-title">{t('portal.browse.oneTripTitle')}</span>
                <span className="feature-link-text">{t('portal.browse.oneTripText')}</span>
              </span>
              <RightOutlined className="feature-link-arrow" aria-hidden />
            </Link>
            <Link to="/catalog/stats" className="feature-link">
              <BarChartOutlined className="feature-link-icon" aria-hidden />
              <span>
                <span className="feature-link-title">{t('portal.browse.statsTitle')}</span>
                <span className="feature-link-text">{t('portal.browse.statsText')}</span>
              </span>
              <RightOutlined className="feature-link-arrow" aria-hidden />
            </Link>
            <Link to="/services" className="feature-link">
              <UnorderedListOutlined className="feature-link-icon" aria-hidden />
              <span>
                <span className="feature-link-title">{t('portal.browse.allTitle')}</span>
                <span className="feature-link-text">{t('portal.browse.allText')}</span>
              </span>
              <RightOutlined className="feature-link-arrow" aria-hidden />
            </Link>
          </div>
        </Col>
      </Row>
    </section>
  );
}
