import { CheckCircleFilled, CloseCircleFilled, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Empty, QRCode, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sealKeysUrl, verifyPageUrl, type CertificateStatus, type CertificateVerification } from '../../api/certificates.js';
import { formatDateTime, formatDayOf } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import './certificates.css';

// Pieces every certificate page shares: the portal's own, the public verification and share pages,
// and the administration's library.

const statusColors: Record<CertificateStatus, string> = { valid: 'success', suspended: 'warning', revoked: 'error', expired: 'default' };

export function CertificateStatusTag({ status }: { status: CertificateStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="certificate-status">
      {t(`certificates.status.${status}`)}
    </Tag>
  );
}

/** "2021年4月12日 至 长期" */
export function useValidityText() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (from: string, until: string | null) => t('certificates.validRange', { from: formatDayOf(from, locale), until: until ? formatDayOf(until, locale) : t('certificates.longTerm') });
}

export interface FieldValue {
  key: string;
  name: string;
  nameEn: string;
  value: string;
}

/** The type's fields of a certificate, with their names in the reader's language. */
export function CertificateFields({ fields, title }: { fields: FieldValue[]; title?: string }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  if (!fields.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificates.detail.noFields')} />;
  return (
    <Descriptions title={title} column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }} data-testid="certificate-fields">
      {fields.map((f) => (
        <Descriptions.Item key={f.key} label={pick(f.name, f.nameEn)}>
          {f.value === 'true' ? t('certificates.yes') : f.value === 'false' ? t('certificates.no') : f.value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** The verification QR code (what the PDF prints), with a link to the page it opens. */
export function VerifyQr({ id, size = 160 }: { id: string; size?: number }) {
  const { t } = useTranslation();
  const url = verifyPageUrl(id);
  return (
    <div className="certificate-qr" data-testid="verify-qr">
      <QRCode value={url} size={size} bordered={false} />
      <a href={url} target="_blank" rel="noopener" data-testid="verify-link">
        {t('certificates.detail.openVerify')}
      </a>
    </div>
  );
}

/** The answer first, in large type: genuine and in force, or not, and why. */
export function Verdict({ v, checkedAt, onRecheck, checking }: { v: CertificateVerification; checkedAt: number; onRecheck: () => void; checking: boolean }) {
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
        <div className="verify-verdict-reason">
          {v.valid ? t('verify.validText') : v.problem ? t(`verify.problems.${v.problem}`) : t('verify.invalid')}
          {!v.valid && v.certificate.statusReason && (v.problem === 'revoked' || v.problem === 'suspended') && <>（{v.certificate.statusReason}）</>}
        </div>
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

/** A certificate's metadata (GB/T 36903) as every page shows it; `holder` and `extra` add what a page knows more. */
export interface CertificateMetadata {
  title?: string;
  typeName: string;
  typeNameEn: string;
  status: CertificateStatus;
  number: string;
  issuedAt: string;
  identifier: string | null;
  holder: ReactNode;
  holderId: string;
  issuer: string;
  validFrom: string;
  validUntil: string | null;
  statusReason: string | null;
  statusChangedAt: string | null;
}

export function MetadataTable({ m, extra, testId }: { m: CertificateMetadata; extra?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const validity = useValidityText();
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }} data-testid={testId}>
      {m.title && (
        <Descriptions.Item label={t('verify.name')} span="filled">
          <Typography.Text strong>{m.title}</Typography.Text>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('certificates.verify.type')}>{pick(m.typeName, m.typeNameEn)}</Descriptions.Item>
      <Descriptions.Item label={t('verify.status')}>
        <CertificateStatusTag status={m.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('verify.number')}>
        <Typography.Text copyable className="mono hash">
          {m.number}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('verify.issuedOn')}>{formatDayOf(m.issuedAt, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('certificates.verify.identifier')} span="filled">
        {m.identifier ? (
          <Typography.Text copyable className="mono hash" data-testid="certificate-identifier">
            {m.identifier}
          </Typography.Text>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('verify.holder')}>{m.holder}</Descriptions.Item>
      <Descriptions.Item label={t('verify.holderId')}>
        <span className="mono">{m.holderId}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('verify.issuer')} span="filled">
        {m.issuer || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('verify.validity')} span="filled">
        {validity(m.validFrom, m.validUntil)}
      </Descriptions.Item>
      {extra}
      {m.statusReason && m.status !== 'valid' && (
        <Descriptions.Item label={t('certificates.verify.statusReason')} span="filled">
          {m.statusReason}
          {m.statusChangedAt && <Typography.Text type="secondary">（{t('certificates.detail.statusChangedAt', { time: formatDateTime(m.statusChangedAt, locale) })}）</Typography.Text>}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** What the verification says about the certificate: its metadata and its type's fields. */
export function VerificationDetails({ v }: { v: CertificateVerification }) {
  const { t } = useTranslation();
  const c = v.certificate;
  return (
    <Card title={<><SafetyCertificateOutlined /> {t('verify.details')}</>} className="verify-card">
      <MetadataTable m={{ ...c, status: v.status, holder: c.holderName, holderId: c.holderId, issuedAt: String(c.issuedAt), validFrom: String(c.validFrom), validUntil: c.validUntil && String(c.validUntil), statusChangedAt: c.statusChangedAt && String(c.statusChangedAt) }} />
      {v.fields.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <CertificateFields fields={v.fields} title={t('certificates.verify.fields')} />
        </div>
      )}
    </Card>
  );
}

/** The signed content and where the keys are, for checking offline. */
export function TechnicalDetails({ v }: { v: CertificateVerification }) {
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
              <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
                <Descriptions.Item label={t('verify.keyId')}>
                  <span className="mono hash">{v.keyId}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('verify.signature')}>
                  <Typography.Text copyable className="mono hash verify-signature">
                    {v.signature}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
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
