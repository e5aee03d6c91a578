import { CodeOutlined, FileTextOutlined, PrinterOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Grid, Row, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { jsonLdUrl, noticePdfUrl, useItemJsonLd, useItemVersions, useNotice, type ItemVersion, type Notice } from '../../api/catalog.js';
import { ChannelTags, daysText, deptLabel, ItemTypeTag, TripsTags } from '../../shared/catalog-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { QueryState } from '../../shared/query-state.js';
import { NoticeMaterials } from './notice-materials.js';
import { NoticePlace, useOrgParam } from './notice-place.js';

/** The item as schema.org JSON-LD in the page itself, for search engines and other portals. */
function JsonLdScript({ code, org }: { code: string; org: string | undefined }) {
  const jsonLd = useItemJsonLd(code, org);
  if (!jsonLd.data) return null;
  // "<" is escaped so that no text in the catalog can close the script element.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd.data).replace(/</g, '\\u003c') }} />;
}

function Fact({ label, value, extra }: { label: string; value: ReactNode; extra?: ReactNode }) {
  return (
    <div className="glance-fact">
      <div className="glance-label">{label}</div>
      <div className="glance-value">{value}</div>
      {extra && <div className="glance-extra">{extra}</div>}
    </div>
  );
}

/** What an applicant wants to know first: trips, time, how many papers, money. */
function Glance({ notice, promised }: { notice: Notice; promised: number }) {
  const { t } = useTranslation();
  const v = notice.item;
  const waivable = v.materials.filter((m) => m.replaceableBy).length;
  const totalFee = v.fees.reduce((sum, f) => sum + f.amountYuan, 0);
  return (
    <div className="glance" aria-label={t('catalog.notice.atGlance')}>
      <Fact
        label={t('catalog.trips')}
        value={t('catalog.tripsCount', { count: v.trips })}
        extra={<TripsTags trips={v.trips} batch={notice.oneTrip?.batch} />}
      />
      <Fact label={t('catalog.promised')} value={daysText(t, promised)} extra={t('catalog.statutoryShort', { days: daysText(t, v.statutoryLimit) })} />
      <Fact
        label={t('catalog.notice.materialsCount')}
        value={t('catalog.notice.materialsValue', { count: v.materials.length })}
        extra={waivable ? <Typography.Text type="success">{t('catalog.notice.waivableCount', { count: waivable })}</Typography.Text> : undefined}
      />
      <Fact label={t('catalog.fees')} value={totalFee === 0 ? t('catalog.free') : t('catalog.yuan', { amount: totalFee })} extra={v.fees.length > 1 ? t('catalog.notice.feeItems', { count: v.fees.length }) : undefined} />
    </div>
  );
}

function BasicInfo({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const v = notice.item;
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }}>
      <Descriptions.Item label={t('catalog.type')}>
        <ItemTypeTag type={v.type} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.dept')}>{deptLabel(t, v.deptKey)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.applicantKinds')}>{v.applicantKinds.map((k) => t(`enums.applicantKind.${k}`)).join(t('catalog.listSeparator'))}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.code')}>
        <span className="mono">{v.itemCode}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.statutory')}>{daysText(t, v.statutoryLimit)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.promised')}>{daysText(t, v.promisedLimit)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.channels')} span="filled">
        <ChannelTags channels={v.channels} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.trips')}>{v.trips === 0 ? t('catalog.tripsZero') : t('catalog.tripsCount', { count: v.trips })}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.oneTrip')}>
        {notice.oneTrip ? t('catalog.notice.oneTripSince', { batch: notice.oneTrip.batch, date: formatDate(notice.oneTrip.since, locale, false) }) : t('catalog.notice.notListed')}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.notice.pending')} span="filled">
        {v.pendingAllowed ? t('catalog.notice.pendingYes') : t('catalog.notice.pendingNo')}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.notice.levels')} span="filled">
        {t('catalog.notice.levelsValue', { intake: t(`enums.orgLevel.${v.intakeLevel}`), decision: t(`enums.orgLevel.${v.decisionLevel}`) })}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.fees')} span="filled">
        {v.fees.length ? (
          <ul className="plain-list">
            {v.fees.map((f, i) => (
              <li key={i}>
                <Typography.Text strong>{pick(f.name, f.nameEn)}</Typography.Text> {t('catalog.yuan', { amount: f.amountYuan })}
                {f.basis && (
                  <div>
                    <Typography.Text type="secondary">{t('catalog.notice.feeBasis', { basis: f.basis })}</Typography.Text>
                  </div>
                )}
              </li>
            ))}
          </ul>
        ) : (
          t('catalog.free')
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

function ProcessSteps({ v }: { v: ItemVersion }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Steps
      orientation={narrow || v.process.length > 5 ? 'vertical' : 'horizontal'}
      titlePlacement="vertical"
      size="small"
      current={-1}
      className="notice-steps"
      items={v.process.map((p) => ({
        title: pick(p.step, p.stepEn),
        content: `${t(`enums.orgLevel.${p.level}`)} · ${t(`enums.processAction.${p.action}`)}`,
        status: 'process',
      }))}
    />
  );
}

function LegalBasis({ v }: { v: ItemVersion }) {
  const { pick } = useLocale();
  return (
    <ol className="legal-list">
      {v.legalBasis.map((l, i) => (
        <li key={i}>
          <Typography.Text strong>
            {pick(l.law, l.lawEn)}
            {l.article ? ` ${l.article}` : ''}
          </Typography.Text>
          {l.text && <div className="legal-text">{l.text}</div>}
        </li>
      ))}
    </ol>
  );
}

/** Published and retired versions: a case keeps the version it was filed under. */
function VersionHistory({ code }: { code: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const versions = useItemVersions(code);
  const shown = (versions.data ?? []).filter((v) => v.status === 'published' || v.status === 'retired');
  if (!shown.length) return null;
  return (
    <Card title={<><FileTextOutlined /> {t('catalog.notice.history')}</>} id="history">
      <Typography.Paragraph type="secondary">{t('catalog.notice.historyIntro')}</Typography.Paragraph>
      <Timeline
        items={shown.map((v) => ({
          color: v.status === 'published' ? 'green' : 'gray',
          content: (
            <div data-testid={`version-${v.number}`}>
              <Space size={6} wrap>
                <Typography.Text strong>{t('catalog.versionN', { number: v.number })}</Typography.Text>
                <Tag color={v.status === 'published' ? 'success' : 'default'}>{t(`enums.itemStatus.${v.status}`)}</Tag>
                {v.publishedAt && <Typography.Text type="secondary">{t('catalog.notice.publishedAt', { time: formatDateTime(v.publishedAt, locale) })}</Typography.Text>}
                {v.retiredAt && <Typography.Text type="secondary">{t('catalog.notice.retiredAt', { time: formatDateTime(v.retiredAt, locale) })}</Typography.Text>}
              </Space>
              {v.changeNote && <div className="version-note">{v.changeNote}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** The one-time notice (一次性告知) of an item: everything an applicant needs, on one page, printable. */
export default function ItemPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [org, setOrg] = useOrgParam();
  const notice = useNotice(code, undefined);
  const local = useNotice(org ? code : undefined, org);
  const name = notice.data ? pick(notice.data.item.name, notice.data.item.nameEn) : undefined;

  useEffect(() => {
    if (!name) return;
    const previous = document.title;
    document.title = `${name} · ${t('catalog.notice.oneTimeNotice')}`;
    return () => {
      document.title = previous;
    };
  }, [name, t]);

  const implementation = org ? local.data?.implementation : undefined;

  return (
    <div className="portal-container portal-section notice-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/services">{t('catalog.search.title')}</Link> }, { title: name ?? '…' }]}
      />
      <QueryState query={notice}>
        {(n) => {
          const v = n.item;
          const promised = implementation?.promisedLimit ?? v.promisedLimit;
          return (
            <>
              <JsonLdScript code={code} org={implementation ? org : undefined} />
              <Card className="notice-head">
                <div className="notice-eyebrow">
                  <SafetyCertificateOutlined /> {t('catalog.notice.oneTimeNotice')}
                </div>
                <Typography.Title level={1} className="notice-title">
                  {pick(v.name, v.nameEn)}
                </Typography.Title>
                <Space size={[8, 6]} wrap className="notice-subtitle">
                  <span>{deptLabel(t, v.deptKey)}</span>
                  <ItemTypeTag type={v.type} />
                  <Typography.Text type="secondary">
                    {t('catalog.code')} <span className="mono">{v.itemCode}</span>
                  </Typography.Text>
                  <Typography.Text type="secondary">{t('catalog.versionN', { number: v.number })}</Typography.Text>
                </Space>
                <Glance notice={n} promised={promised} />
                <Space wrap size={8} className="notice-actions">
                  {v.channels.includes('online') && (
                    <LinkButton to={`/apply/${encodeURIComponent(code)}${org ? `?org=${encodeURIComponent(org)}` : ''}`} type="primary" size="large" icon={<SendOutlined />} data-testid="apply-online">
                      {t('apply.applyOnline')}
                    </LinkButton>
                  )}
                  <Button type={v.channels.includes('online') ? 'default' : 'primary'} size="large" icon={<PrinterOutlined />} href={noticePdfUrl(code, implementation ? org : undefined)} target="_blank" rel="noopener">
                    {t('catalog.notice.print')}
                  </Button>
                  <Button icon={<CodeOutlined />} href={jsonLdUrl(code, implementation ? org : undefined)} target="_blank" rel="noopener" type="text">
                    {t('catalog.notice.jsonLd')}
                  </Button>
                </Space>
              </Card>
              <Alert type="info" showIcon className="notice-promise" title={t('catalog.notice.promise')} />
              <Row gutter={[16, 16]}>
                <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
                  <div className="notice-side">
                    <NoticePlace code={code} implementers={n.implementers} org={org} onOrg={setOrg} catalogPromise={v.promisedLimit} />
                  </div>
                </Col>
                <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
                  <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                    <Card title={t('catalog.notice.conditions')}>
                      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>{pick(v.conditions, v.conditionsEn)}</Typography.Paragraph>
                    </Card>
                    <Card
                      title={
                        <>
                          {t('catalog.notice.materials')} <Typography.Text type="secondary">({v.materials.length})</Typography.Text>
                        </>
                      }
                      styles={{ body: { padding: 0 } }}
                      id="materials"
                    >
                      <NoticeMaterials code={code} materials={v.materials} proofItems={n.proofItems} />
                    </Card>
                    <Card title={t('catalog.notice.process')}>
                      <ProcessSteps v={v} />
                    </Card>
                    <Card title={t('catalog.notice.basics')}>
                      <BasicInfo notice={n} />
                    </Card>
                    <Card title={t('catalog.notice.legalBasis')}>
                      <LegalBasis v={v} />
                    </Card>
                    <VersionHistory code={code} />
                  </Space>
                </Col>
              </Row>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
