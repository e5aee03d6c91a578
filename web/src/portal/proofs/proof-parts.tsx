import { CloudServerOutlined, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { proofIssuerKinds, type ProofSatisfaction } from '../../../../common/catalog.js';
import { certificateLabel, dataResourceLabel } from '../../shared/catalog-tags.js';
import './proofs.css';

// Pieces of the proof items (证明事项, R1.3) that the public list, the notice and the admin page share.

/** Who used to issue a proof (公安机关, 社区 …); an unknown kind shows as itself. */
export const issuerLabel = (t: TFunction, kind: string): string => ((proofIssuerKinds as readonly string[]).includes(kind) ? t(`reuse.issuer.${kind as (typeof proofIssuerKinds)[number]}`) : kind);

/** How a proof can be satisfied without the paper: shared data, an e-certificate, the applicant's commitment. */
export function ProofWays({ satisfiedBy: s }: { satisfiedBy: ProofSatisfaction }) {
  const { t } = useTranslation();
  if (!s.dataResource && !s.certificateType && !s.commitment) return <Typography.Text type="secondary">{t('reuse.notice.none')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap className="proof-ways">
      {s.dataResource && (
        <Tag color="cyan" icon={<CloudServerOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('reuse.notice.byData', { name: dataResourceLabel(t, s.dataResource) })}
        </Tag>
      )}
      {s.certificateType && (
        <Tag color="green" icon={<SafetyCertificateOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('reuse.notice.byCertificate', { name: certificateLabel(t, s.certificateType) })}
        </Tag>
      )}
      {s.commitment && (
        <Tag color="purple" icon={<EditOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('reuse.notice.byCommitment')}
        </Tag>
      )}
    </Space>
  );
}
