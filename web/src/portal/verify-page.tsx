import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem } from '../api/client.js';
import { sealKeysUrl, useCertificateVerification, type CertificateVerification } from '../api/certificates.js';
import { formatDateTime, formatDayOf } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';

const statusColors: Record<CertificateVerification['status'], string> = { valid: 'success', suspended: 'warning', revoked: 'error', expired: 'default' };

/** The answer first, in large type: genuine and in force, or not, and why. */
function Verdict({ v, checkedAt, onRecheck, checking }: { v: CertificateVerification; checkedAt: number; onRecheck: () => void; checking: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <div className={`verify-verdict ${v.valid ? 'verify-valid' : 'verify-invalid'}`} role="status" data-testid="verify-verdict">
      <div className="verify-verdict-icon" aria-hidden>
        {v.valid ? <CheckCircleFilled /> : <CloseCircleFilled />}
      </div>
      <div className="verify-verdict-text">
        <Typography.Title level={2} className="verify-verdict-title">
          {v.valid ? t('verify.valid') : t('verify.invalid')}
        </Typography.Title>
        <div className="verify-verdict-reason">{v.valid ? t('verify.validText') : v.problem ? t(`verify.problems.${v.problem}`) : t('verify.invalid')}</div>
        <div className="verify-verdict-meta">
          <span>{t('verify.checkedAt', { time: formatDateTime(new Date(checkedAt), locale) })}</span>
          <Button size="small" type="link" icon={<ReloadOutlined />} onClick={onRecheck} loading={checking}>
            {t('verify.recheck')}
          </Button>
        </div>
      </div>
    </div>
  );
}

function Details({ v }: { v: CertificateVerification }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const c = v.certificate;
  return (
    <Card title={<><SafetyCertificateOutlined /> {t('verify.details')}</>} className="verify-card">
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }}>
        <Descriptions.Item label={t('verify.name')} span="filled">
          <Typography.Text strong>{c.title}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.number')}>
          <Typography.Text copyable className="mono hash">
            {c.number}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.status')}>
          <Tag color={statusColors[v.status]} style={{ marginInlineEnd: 0 }}>
            {t(`verify.statuses.${v.status}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.holder')}>{c.holderName}</Descriptions.Item>
        <Descriptions.Item label={t('verify.holderId')}>
          <span className="mono">{c.holderId}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.issuer')} span="filled">
          {c.issuer || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.issuedOn')}>{formatDayOf(c.issuedAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('verify.validity')}>{c.validUntil ? t('verify.validUntil', { date: formatDayOf(c.validUntil, locale) }) : t('verify.noExpiry')}</Descriptions.Item>
        <Descriptions.Item label={t('verify.keyId')} span="filled">
          <span className="mono hash">{v.keyId}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signature')} span="filled">
          <Typography.Text copyable className="mono hash verify-signature">
            {v.signature}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Technical({ v }: { v: CertificateVerification }) {
  const { t } = useTranslation();
  return (
    <Collapse
      className="verify-technical"
      items={[
        {
          key: 'technical',
          label: t('verify.technical'),
          children: (
            <>
              <Typography.Paragraph>
                {t('verify.offline')}{' '}
                <a href={sealKeysUrl} target="_blank" rel="noopener" className="mono">
                  {sealKeysUrl}
                </a>
              </Typography.Paragraph>
              <div className="verify-json-label">{t('verify.payload')}</div>
              <pre className="json-block" data-testid="verify-payload">
                {JSON.stringify(v.payload, null, 2)}
              </pre>
            </>
          ),
        },
      ]}
    />
  );
}

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
          <Details v={verification.data} />
          <Technical v={verification.data} />
        </>
      )}
    </div>
  );
}
