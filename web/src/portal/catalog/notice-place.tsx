import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useNotice, type Implementer, type NoticeImplementation, type NoticeSite } from '../../api/catalog.js';
import { isProblem } from '../../api/client.js';
import { daysText } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { problemText } from '../../shared/problem.js';
import { SiteKindTag } from '../../shared/tags.js';

function SiteBlock({ site, fallbackPhone }: { site: NoticeSite; fallbackPhone: string }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const phone = site.phone || fallbackPhone;
  return (
    <div className="notice-site">
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        <Link to={`/halls/${site.id}`} className="notice-site-name">
          {pick(site.name, site.nameEn)}
        </Link>
        <SiteKindTag kind={site.kind} />
      </Space>
      <div className="notice-line">
        <EnvironmentOutlined aria-hidden />
        <span>{pick(site.address, site.addressEn)}</span>
      </div>
      <div className="notice-line">
        <ClockCircleOutlined aria-hidden />
        <Typography.Text type="secondary">{pick(site.hours, site.hoursEn)}</Typography.Text>
      </div>
      {phone && (
        <div className="notice-line">
          <PhoneOutlined aria-hidden />
          <a href={`tel:${phone}`}>{phone}</a>
        </div>
      )}
      <div className="notice-windows">
        <Typography.Text type="secondary">{t('catalog.notice.windows')}</Typography.Text>{' '}
        {site.windows.length ? (
          site.windows.map((w) => (
            <Tag key={w.number} color="blue" variant="outlined" className="notice-window">
              <span className="mono">{w.number}</span> {pick(w.name, w.nameEn)}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">{t('catalog.notice.anyWindow')}</Typography.Text>
        )}
      </div>
    </div>
  );
}

function ImplementationDetails({ impl, catalogPromise }: { impl: NoticeImplementation; catalogPromise: number }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <div className="notice-impl">
      <div className="notice-impl-promise">
        <Typography.Text type="secondary">{t('catalog.notice.promisedHere')}</Typography.Text>
        <div>
          <Typography.Text strong style={{ fontSize: 20 }}>
            {daysText(t, impl.promisedLimit)}
          </Typography.Text>
          {impl.promisedLimit < catalogPromise && (
            <Tag color="green" style={{ marginInlineStart: 8 }}>
              {t('catalog.notice.fasterHere')}
            </Tag>
          )}
        </div>
      </div>
      {impl.phone && !(impl.sites.length && impl.sites.every((s) => s.phone === impl.phone)) && (
        <div className="notice-line">
          <PhoneOutlined aria-hidden />
          <span>
            {t('catalog.notice.phoneLabel')}<a href={`tel:${impl.phone}`}>{impl.phone}</a>
          </span>
        </div>
      )}
      {(impl.hours || impl.hoursEn) && !(impl.sites.length && impl.sites.every((s) => s.hours === impl.hours)) && (
        <div className="notice-line">
          <ClockCircleOutlined aria-hidden />
          <span>{pick(impl.hours, impl.hoursEn)}</span>
        </div>
      )}
      {impl.feeNote && <Alert type="info" showIcon title={impl.feeNote} style={{ margin: '8px 0' }} />}
      <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>
        {t('catalog.notice.sites')}
      </Typography.Title>
      {impl.sites.length ? (
        <div className="notice-sites">
          {impl.sites.map((s) => (
            <SiteBlock key={s.id} site={s} fallbackPhone={impl.phone} />
          ))}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('catalog.notice.noSites')}</Typography.Text>
      )}
    </div>
  );
}

/** The chosen place in the address (`?org=`), so it can be linked and survives a reload; and a setter that keeps the rest. */
export function useOrgParam(): [string | undefined, (org: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const set = (value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('org', value);
        else next.delete('org');
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  return [params.get('org') ?? undefined, set];
}

interface NoticePlaceProps {
  code: string;
  implementers: Implementer[];
  org: string | undefined;
  onOrg: (org: string | undefined) => void;
  catalogPromise: number;
  /** The place can no longer change (an application there is under way). */
  locked?: boolean;
}

/** Where to apply: the implementing organisations, and at the chosen one its promise, sites, hours and windows. */
export function NoticePlace({ code, implementers, org, onOrg, catalogPromise, locked = false }: NoticePlaceProps) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const local = useNotice(org ? code : undefined, org);
  const options = useMemo(
    () => implementers.map((o) => ({ value: o.code, label: pick(o.name, o.nameEn), search: `${o.name} ${o.nameEn} ${o.code}`.toLowerCase() })),
    [implementers, pick],
  );
  let body;
  if (!implementers.length) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.notice.noImplementers')} />;
  else if (!org) body = <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>{t('catalog.notice.placeHint')}</Typography.Paragraph>;
  else if (local.isPending) body = <Skeleton active paragraph={{ rows: 4 }} style={{ marginTop: 16 }} />;
  else if (local.isError)
    body = (
      <Alert
        style={{ marginTop: 12 }}
        type="warning"
        showIcon
        title={isProblem(local.error, 'not_found') ? t('catalog.notice.notImplementedHere') : problemText(local.error, locale)}
      />
    );
  else if (local.data.implementation) body = <ImplementationDetails impl={local.data.implementation} catalogPromise={catalogPromise} />;
  return (
    <Card title={<><EnvironmentOutlined /> {t('catalog.notice.place')}</>} className="notice-place" id="place">
      {implementers.length > 0 && (
        <Select
          showSearch={{ filterOption: (input, option) => !!option?.search.includes(input.toLowerCase()) }}
          allowClear={!locked}
          disabled={locked}
          size="large"
          style={{ width: '100%' }}
          placeholder={t('catalog.notice.placePlaceholder')}
          aria-label={t('catalog.notice.place')}
          value={org && implementers.some((o) => o.code === org) ? org : undefined}
          onChange={(v?: string) => onOrg(v)}
          options={options}
          popupMatchSelectWidth={false}
        />
      )}
      {body}
    </Card>
  );
}
