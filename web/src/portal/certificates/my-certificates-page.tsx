import { FileSearchOutlined, RightOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Empty, Flex, Grid, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { certificateStatuses, useMyCertificates, type CertificateStatus, type CertificateSummary } from '../../api/certificates.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { ListFooter, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { CertificateStatusTag, useValidityText } from './certificate-parts.js';

const PAGE_SIZE = 12;
const isStatus = (v: string | null): v is CertificateStatus => !!v && (certificateStatuses as readonly string[]).includes(v);

/** One certificate as a card, like the paper one in a wallet; the whole card opens it. */
function CertificateCard({ c }: { c: CertificateSummary }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const validity = useValidityText();
  return (
    <li>
      <Link to={`/my/certificates/${c.id}`} className={`certificate-card certificate-card-${c.status}`} aria-label={t('certificates.mine.open', { name: c.title })} data-testid="certificate-card">
        <Flex justify="space-between" align="flex-start" gap={8}>
          <span className="certificate-card-type">
            <SafetyCertificateOutlined /> {pick(c.typeName, c.typeNameEn)}
          </span>
          <CertificateStatusTag status={c.status} />
        </Flex>
        <div className="certificate-card-title">{c.title}</div>
        <dl className="certificate-card-facts">
          <dt>{t('certificates.mine.number')}</dt>
          <dd className="mono">{c.number}</dd>
          <dt>{t('certificates.mine.issuer')}</dt>
          <dd>{pick(c.issuer.name, c.issuer.nameEn)}</dd>
          <dt>{t('certificates.mine.validity')}</dt>
          <dd>{validity(c.validFrom, c.validUntil)}</dd>
        </dl>
        <RightOutlined className="certificate-card-arrow" aria-hidden />
      </Link>
    </li>
  );
}

/** 我的证照: the signed-in applicant's certificates, newest first, a page at a time. */
export default function MyCertificatesPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const { params, page, update } = useListParams();
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const list = useMyCertificates({ page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) });

  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('certificates.mine.title') }]} />
      <PageHeader title={t('certificates.mine.title')} subtitle={t('certificates.mine.intro')} extra={<LinkButton to="/my/cases">{t('nav.myCases')}</LinkButton>} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select<CertificateStatus | ''>
            aria-label={t('certificates.library.columns.status')}
            style={{ minWidth: 160 }}
            value={status ?? ''}
            onChange={(v) => update({ status: v || undefined, page: undefined })}
            options={[{ value: '', label: t('certificates.mine.allStatuses') }, ...certificateStatuses.map((s) => ({ value: s, label: t(`certificates.status.${s}`) }))]}
          />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Spin spinning={list.isPending || (list.isFetching && list.isPlaceholderData)}>
            {list.data && list.data.items.length === 0 ? (
              <Empty
                style={{ padding: '40px 0' }}
                description={
                  status ? (
                    t('certificates.mine.noneFiltered')
                  ) : (
                    <>
                      <div>{t('certificates.mine.none')}</div>
                      <Typography.Text type="secondary">{t('certificates.mine.noneHint')}</Typography.Text>
                    </>
                  )
                }
              >
                {status ? (
                  <Button onClick={() => update({ status: undefined, page: undefined })}>{t('cases.clearFilter')}</Button>
                ) : (
                  <LinkButton to="/services" type="primary" icon={<FileSearchOutlined />}>
                    {t('cases.findService')}
                  </LinkButton>
                )}
              </Empty>
            ) : list.data ? (
              <>
                <ul className="certificate-cards" data-testid="my-certificates">
                  {list.data.items.map((c) => (
                    <CertificateCard key={c.id} c={c} />
                  ))}
                </ul>
                <ListFooter total={list.data.total} page={page} pageSize={PAGE_SIZE} small={narrow} onPage={(p) => update({ page: p })} />
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
    </div>
  );
}
