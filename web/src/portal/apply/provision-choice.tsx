import { CheckCircleFilled, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Checkbox, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Material, MaterialProofItem } from '../../api/catalog.js';
import type { CaseMaterial, GovernmentCopy } from '../../api/cases.js';
import { certificateLabel, dataResourceLabel } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { MaterialProvenance } from '../../shared/material-provenance.js';

// Instead of an upload (R1.3): the government's own copy, used with the applicant's consent, or a
// written commitment (告知承诺) where the material's proof item allows one.

/** How a material is provided when it is not a file. */
export type Provision = { replace: true } | { commitment: string };

/** Whether a commitment may stand in for a material: its proof item is kept and allows one. */
export const commitmentAllowed = (p: MaterialProofItem['proofItem'] | undefined): boolean => !!p && p.status === 'retained' && p.satisfiedBy.commitment;

/** The provisions a draft was saved with (the government's copy, or a commitment), by material. */
export function provisionsOf(materials: readonly CaseMaterial[]): Record<string, Provision> {
  const out: Record<string, Provision> = {};
  for (const m of materials) {
    if (m.source === 'certificate' || m.source === 'sharedData') out[m.materialKey] = { replace: true };
    else if (m.source === 'commitment') out[m.materialKey] = { commitment: m.consent?.text ?? '' };
  }
  return out;
}

interface Props {
  spec: Material;
  /** What the government holds for it (known for e-certificates; shared data only once consented). */
  copy: GovernmentCopy | undefined;
  proofItem: MaterialProofItem['proofItem'] | undefined;
  provision: Provision | undefined;
  onChange: (p: Provision | undefined) => void;
  /** The material as the draft holds it now (once filled: which certificate or record). */
  filled: CaseMaterial | undefined;
  disabled?: boolean;
}

/** The box under a material: "the government already holds this" with a consent tick box, and/or a commitment. */
export function ProvisionChoice({ spec, copy, proofItem, provision, onChange, filled, disabled = false }: Props) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const name = pick(spec.name, spec.nameEn);
  const by = spec.replaceableBy;
  const cert = copy?.certificates[0];
  const offered = by && copy?.held !== false;
  const replaced = !!provision && 'replace' in provision;
  const committed = !!provision && 'commitment' in provision;
  const done = filled && (filled.source === 'certificate' || filled.source === 'sharedData' || filled.source === 'commitment');
  return (
    <div className="apply-provision" data-testid={`provision-${spec.key}`}>
      {by && copy?.held === false && <Typography.Text type="secondary">{t('reuse.apply.notHeld', { type: 'certificateType' in by ? certificateLabel(t, by.certificateType) : dataResourceLabel(t, by.dataResource) })}</Typography.Text>}
      {offered && (
        <div className={`apply-held${replaced ? ' apply-held-chosen' : ''}`}>
          <div className="apply-held-title">
            <SafetyCertificateOutlined /> {t('reuse.apply.heldTitle')}
          </div>
          <Typography.Paragraph style={{ margin: '4px 0 8px' }}>
            {'certificateType' in by && cert
              ? t('reuse.apply.heldCertificate', { type: certificateLabel(t, by.certificateType), title: cert.title, number: cert.number, issuer: pick(cert.issuerOrgName, cert.issuerOrgNameEn) })
              : 'dataResource' in by
                ? (<>{t('reuse.apply.heldData', { name: dataResourceLabel(t, by.dataResource) })} <Typography.Text type="secondary">{t('reuse.apply.dataOnConsent')}</Typography.Text></>)
                : null}
          </Typography.Paragraph>
          <Checkbox checked={replaced} disabled={disabled} onChange={(e) => onChange(e.target.checked ? { replace: true } : undefined)} data-testid={`consent-${spec.key}`}>
            {t('reuse.apply.consent')}
          </Checkbox>
        </div>
      )}
      {commitmentAllowed(proofItem) && !replaced && (
        <div className={`apply-held apply-commit${committed ? ' apply-held-chosen' : ''}`}>
          <div className="apply-held-title">
            <EditOutlined /> {t('reuse.apply.commitTitle')}
          </div>
          <Checkbox checked={committed} disabled={disabled} onChange={(e) => onChange(e.target.checked ? { commitment: t('reuse.apply.commitDefault', { name }) } : undefined)} data-testid={`commit-${spec.key}`} style={{ marginTop: 4 }}>
            {t('reuse.apply.commit')}
          </Checkbox>
          {committed && (
            <Input.TextArea
              aria-label={t('reuse.apply.commitLabel')}
              value={provision.commitment}
              disabled={disabled}
              maxLength={2000}
              autoSize={{ minRows: 2, maxRows: 5 }}
              status={provision.commitment.trim() ? undefined : 'error'}
              placeholder={t('reuse.apply.commitRequired')}
              onChange={(e) => onChange({ commitment: e.target.value })}
              style={{ marginTop: 8 }}
            />
          )}
        </div>
      )}
      {provision && done && (
        <div className="apply-filled" data-testid={`filled-${spec.key}`}>
          <CheckCircleFilled className="apply-file-ok" /> {t(filled.source === 'commitment' ? 'reuse.apply.committed' : 'reuse.apply.filled')}
          <MaterialProvenance material={filled} />
        </div>
      )}
    </div>
  );
}
