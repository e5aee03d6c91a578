import { DownloadOutlined, FilePdfOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Row, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { certificatePdfUrl, signedCertificateUrl, useCertificate, type CertificateDetail } from '../../api/certificates.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { CertificateFields, CertificateStatusTag, MetadataTable, VerifyQr } from './certificate-parts.js';
import { SharePanel } from './share-panel.js';

/** The certificate's metadata for its holder or staff: the whole ID number, and where it came from. */
export function CertificateInfo({ d }: { d: CertificateDetail }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const c = d.certificate;
  return (
    <MetadataTable
      testId="certificate-info"
      m={{
        ...c, issuedAt: String(c.issuedAt), validFrom: String(c.validFrom), validUntil: c.validUntil && String(c.validUntil), statusChangedAt: c.statusChangedAt && String(c.statusChangedAt),
        holder: (
          <>
            {c.holder.name}
            <Typography.Text type="secondary">（{t(`certificates.holderKind.${c.holder.kind}`)}）</Typography.Text>
          </>
        ),
        holderId: c.holder.idNumber,
        issuer: pick(c.issuer.name, c.issuer.nameEn),
        title: undefined,
      }}
      extra={
        <Descriptions.Item label={t('certificates.detail.source')} span="filled">
          {t(`certificates.source.${c.source}`)}
          {c.caseId && (
            <>
              {' · '}
              <Link to={`/my/cases/${c.caseId}`}>{t('certificates.detail.viewCase')}</Link>
            </>
          )}
        </Descriptions.Item>
      }
    />
  );
}

/** One of the holder's certificates: its content, downloads, the verification QR code and share links. */
export default function CertificatePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const detail = useCertificate(id);
  const d = detail.data;

  return (
    <div className="portal-container portal-section certificate-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/my/certificates">{t('certificates.mine.title')}</Link> }, { title: d?.certificate.title ?? '…' }]}
      />
      {detail.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : detail.isError ? (
        <Card>
          <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
        </Card>
      ) : (
        <>
          <PageHeader
            title={d!.certificate.title}
            // The type's name only when the title says something else (a case's result is titled by its item).
            subtitle={d!.certificate.title !== d!.certificate.typeName ? pick(d!.certificate.typeName, d!.certificate.typeNameEn) : undefined}
            extra={<CertificateStatusTag status={d!.certificate.status} />}
          />
          {!d!.seal.valid ? (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('certificates.detail.sealBroken')} />
          ) : d!.certificate.status !== 'valid' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('certificates.detail.notValid', { status: t(`certificates.status.${d!.certificate.status}`) })} />
          ) : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={15}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Card title={t('certificates.detail.info')}>
                  <CertificateInfo d={d!} />
                </Card>
                <Card title={t('certificates.detail.fields')}>
                  <CertificateFields fields={d!.fields} />
                </Card>
              </Space>
            </Col>
            <Col xs={24} lg={9}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Card title={<><DownloadOutlined /> {t('certificates.detail.downloads')}</>}>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Button block type="primary" icon={<FilePdfOutlined />} href={certificatePdfUrl(d!.certificate.id)} download data-testid="download-pdf">
                      {t('certificates.detail.pdf')}
                    </Button>
                    <Typography.Text type="secondary">{t('certificates.detail.pdfHint')}</Typography.Text>
                    <Button block icon={<DownloadOutlined />} href={signedCertificateUrl(d!.certificate.id)} download={`${d!.certificate.number}.json`} data-testid="download-signed">
                      {t('certificates.detail.signed')}
                    </Button>
                    <Typography.Text type="secondary" className="certificate-hint">
                      {t('certificates.detail.signedHint')}
                    </Typography.Text>
                  </Space>
                </Card>
                <Card title={<><QrcodeOutlined /> {t('certificates.detail.qr')}</>}>
                  <VerifyQr id={d!.certificate.id} />
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                    {t('certificates.detail.qrHint')}
                  </Typography.Paragraph>
                </Card>
                <SharePanel certificateId={d!.certificate.id} shareable={d!.certificate.status === 'valid' && d!.seal.valid} />
              </Space>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
