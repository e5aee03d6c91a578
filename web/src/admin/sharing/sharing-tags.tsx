import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, QueryResult, SharingType } from '../../../../common/sharing.js';
import type { ResourceField } from '../../api/sharing.js';
import { useLocale } from '../../shared/i18n/index.js';
import './sharing.css';

// The tags the sharing pages share (the portal's access log too): sharing type, application status,
// a query's result, and a field list with the masked ones told apart.

const sharingColors: Record<SharingType, string> = { unconditional: 'green', conditional: 'gold', notShared: 'default' };
const statusColors: Record<ApplicationStatus, string> = { pending: 'processing', approved: 'success', refused: 'error', revoked: 'default' };
const resultColors: Record<QueryResult, string> = { returned: 'blue', masked: 'cyan', denied: 'red', notFound: 'default' };

export function SharingTypeTag({ type }: { type: SharingType }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`sharing.sharingTypeHelp.${type}`)}>
      <Tag color={sharingColors[type]}>{t(`sharing.sharingType.${type}`)}</Tag>
    </Tooltip>
  );
}

export function ApplicationStatusTag({ status, expired }: { status: ApplicationStatus; expired?: boolean }) {
  const { t } = useTranslation();
  if (expired) return <Tag color="warning">{t('sharing.applications.expired')}</Tag>;
  return <Tag color={statusColors[status]}>{t(`sharing.applicationStatus.${status}`)}</Tag>;
}

export function QueryResultTag({ result }: { result: QueryResult }) {
  const { t } = useTranslation();
  return <Tag color={resultColors[result]}>{t(`sharing.queryResult.${result}`)}</Tag>;
}

/** Field names in the reader's language; `masked` ones are greyed and marked. */
export function FieldTags({ fields, masked = [] }: { fields: Pick<ResourceField, 'key' | 'name' | 'nameEn'>[]; masked?: Pick<ResourceField, 'key' | 'name' | 'nameEn'>[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  if (!fields.length && !masked.length) return <>—</>;
  return (
    <span className="sharing-field-tags">
      {fields.map((f) => (
        <Tag key={f.key} color="blue">{pick(f.name, f.nameEn)}</Tag>
      ))}
      {masked.map((f) => (
        <Tag key={f.key}>{t('sharing.maskedField', { name: pick(f.name, f.nameEn) })}</Tag>
      ))}
    </span>
  );
}

/** Field definitions by key, to name fields known only by their keys. */
export const fieldsByKey = (fields: ResourceField[], keys: readonly string[]) => keys.map((k) => fields.find((f) => f.key === k) ?? { key: k, name: k, nameEn: k });
