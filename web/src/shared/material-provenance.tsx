import { CloudServerOutlined, EditOutlined, HistoryOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Descriptions, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TrustLevel } from '../../../common/cases.js';
import type { CaseMaterial } from '../api/cases.js';
import { dataResourceLabel } from './catalog-tags.js';
import { formatDateTime } from './format.js';
import { useLocale } from './i18n/index.js';
import './material-provenance.css';

// How far a material on a case can be trusted (A–D) and what it was made from: the government's copy
// used with consent, a file reused from an earlier case, or the applicant's commitment (R1.3).

const LEVEL_COLOR: Record<TrustLevel, string> = { A: 'green', B: 'blue', C: 'orange', D: 'purple' };

/** A material's trust level with what it means (A: issued by government … D: a commitment). */
export function TrustLevelTag({ level, reuse = false }: { level: TrustLevel | null | undefined; reuse?: boolean }) {
  const { t } = useTranslation();
  if (!level) return null;
  const text = `${t(`reuse.trust.level.${level}`)} · ${t(`reuse.trust.short.${level}`)}`;
  return (
    <Tooltip title={t(`reuse.trust.help.${level}`)}>
      <Tag color={LEVEL_COLOR[level]} style={{ marginInlineEnd: 0 }} data-testid="trust-level" data-level={level}>
        {reuse ? t('reuse.apply.reuseLevel', { level: text }) : text}
      </Tag>
    </Tooltip>
  );
}

/** What a value of shared data reads as (a masked value stays as the platform sent it). */
const valueText = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? '✓' : '✗') : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Where a received material came from, in a line or two under its name: the e-certificate (with its
 * identifier and a link to verify it), the shared data record and its version, the earlier case its
 * files were reused from, the consent or commitment and when it was given.
 */
export function MaterialProvenance({ material: m }: { material: CaseMaterial }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const r = m.replacement;
  const consentAt = m.consent ? formatDateTime(m.consent.at, locale) : '';
  // Recorded by someone else than who gave it: a clerk at the window.
  const atWindow = !!m.consent && m.consent.recordedBy !== m.consent.givenBy;
  return (
    <div className="material-provenance" data-testid="material-provenance">
      <Space size={[6, 4]} wrap>
        <TrustLevelTag level={m.trustLevel} />
        {m.trustLevel === 'C' && (
          <Tag icon={<WarningOutlined />} color="warning" style={{ marginInlineEnd: 0 }}>
            {t('reuse.trust.originalToCheck')}
          </Tag>
        )}
      </Space>
      {r?.kind === 'certificate' && (
        <div className="material-provenance-line">
          <SafetyCertificateOutlined /> {t('reuse.copy.certificate', { title: r.title })}
          <div>
            <Typography.Text type="secondary">{t('reuse.copy.identifier')}：</Typography.Text>
            <Typography.Text className="mono" copyable={{ text: r.identifier }} data-testid="certificate-identifier">
              {r.identifier}
            </Typography.Text>{' '}
            <Link to={`/verify/${r.certificateId}`}>{t('reuse.copy.verify')}</Link>
          </div>
        </div>
      )}
      {r?.kind === 'sharedData' && (
        <div className="material-provenance-line">
          <CloudServerOutlined /> {t('reuse.copy.sharedData', { name: r.resourceName || dataResourceLabel(t, r.resourceCode), version: r.version })}{' '}
          {Object.keys(r.fields).length ? (
            <Popover
              title={t('reuse.copy.fields')}
              content={
                <Descriptions size="small" column={1} style={{ maxWidth: 320 }}>
                  {Object.entries(r.fields).map(([k, v]) => (
                    <Descriptions.Item key={k} label={k}>
                      {valueText(v)}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              }
            >
              <Typography.Link>{t('reuse.copy.fields')}</Typography.Link>
            </Popover>
          ) : (
            <Typography.Text type="secondary">{t('reuse.copy.withheld')}</Typography.Text>
          )}
        </div>
      )}
      {m.reusedFrom && (
        <div className="material-provenance-line">
          <HistoryOutlined /> {t('reuse.copy.reusedFrom', { caseNumber: m.reusedFrom.caseNumber })}
        </div>
      )}
      {m.consent?.kind === 'replace' && <Typography.Text type="secondary">{t(atWindow ? 'reuse.copy.consentAtWindow' : 'reuse.copy.consent', { time: consentAt })}</Typography.Text>}
      {m.consent?.kind === 'commitment' && (
        <div className="material-provenance-line">
          <EditOutlined /> {t('reuse.copy.commitment', { time: consentAt })}
          {m.consent.text && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{m.consent.text}</Typography.Paragraph>}
        </div>
      )}
    </div>
  );
}
