import { Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem } from '../api/client.js';
import { useCertificateVerification } from '../api/certificates.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';
import { TechnicalDetails, Verdict, VerificationDetails } from './certificates/certificate-parts.js';

/** Public verification of an e-certificate: the QR code printed on every certificate leads here. No sign-in. */
export default function VerifyPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const verification = useCertificateVerification(id);
  // A malformed id (400) is as unknown as a missing one (404): either way there is no such certificate.
  const unknown = verification.error instanceof ApiProblem && (verification.error.status === 404 || verification.error.status === 400);
  return (
    <div className="portal-container portal-section verify-page">
      <PageHeader title={t('verify.title')} subtitle={t('verify.intro')} />
      {verification.isPending ? (
        <Card>
          <Skeleton active avatar paragraph={{ rows: 4 }} />
        </Card>
      ) : unknown ? (
        <Card>
          <Result status="404" title={t('verify.notFound')} subTitle={t('verify.notFoundText')} />
        </Card>
      ) : verification.isError ? (
        <Card>
          <LoadError error={verification.error} onRetry={() => void verification.refetch()} />
        </Card>
      ) : (
        <>
          <Verdict v={verification.data} checkedAt={verification.dataUpdatedAt} onRecheck={() => void verification.refetch()} checking={verification.isFetching} />
          <VerificationDetails v={verification.data} />
          <TechnicalDetails v={verification.data} />
        </>
      )}
    </div>
  );
}
