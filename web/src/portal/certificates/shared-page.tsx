import { Card, Col, Result, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { useSharedCertificate } from '../../api/certificates.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { TechnicalDetails, Verdict, VerificationDetails, VerifyQr } from './certificate-parts.js';

/**
 * A certificate its holder shares through a link (public, no sign-in). The token is the URL's fragment,
 * which the browser never sends to a server, so it stays out of every access log.
 */
export default function SharedCertificatePage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const token = useLocation().hash.slice(1) || undefined;
  const shared = useSharedCertificate(token);
  const gone = shared.error instanceof ApiProblem && (shared.error.status === 404 || shared.error.status === 400);
  return (
    <div className="portal-container portal-section verify-page">
      <PageHeader title={t('certificates.shared.title')} subtitle={t('certificates.shared.intro')} />
      {!token ? (
        <Card>
          <Result status="warning" title={t('certificates.shared.noToken')} subTitle={t('certificates.shared.noTokenText')} />
        </Card>
      ) : shared.isPending ? (
        <Card>
          <Skeleton active avatar paragraph={{ rows: 4 }} />
        </Card>
      ) : gone ? (
        <Card>
          <Result status="404" title={t('certificates.shared.unavailable')} subTitle={t('certificates.shared.unavailableText')} data-testid="share-unavailable" />
        </Card>
      ) : shared.isError ? (
        <Card>
          <LoadError error={shared.error} onRetry={() => void shared.refetch()} />
        </Card>
      ) : (
        <>
          <Verdict v={shared.data} checkedAt={shared.dataUpdatedAt} onRecheck={() => void shared.refetch()} checking={shared.isFetching} />
          <Typography.Paragraph type="secondary" data-testid="share-until">
            {t('certificates.shared.until', { time: formatDateTime(shared.data.share.expiresAt, locale) })}
          </Typography.Paragraph>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={17}>
              <VerificationDetails v={shared.data} />
            </Col>
            <Col xs={24} md={7}>
              <Card className="verify-card">
                <VerifyQr id={shared.data.certificate.id} size={140} />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('certificates.shared.verifyAgain')}
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
          <TechnicalDetails v={shared.data} />
        </>
      )}
    </div>
  );
}
