import { FormOutlined } from '@ant-design/icons';
import { Card, Descriptions, Skeleton, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useItemVersion, type FormProperty } from '../api/catalog.js';
import type { CaseRecord } from '../api/cases.js';
import { useOrg } from '../api/orgs.js';
import { formatDate } from '../shared/format.js';
import { useLocale, type Locale } from '../shared/i18n/index.js';

/** An organisation's name in the reader's language (each one is fetched once and cached). */
export function OrgName({ id }: { id: string | null | undefined }) {
  const { pick } = useLocale();
  const org = useOrg(id ?? undefined);
  if (!id) return null;
  return <>{org.data ? pick(org.data.name, org.data.nameEn) : '…'}</>;
}

/** One answer as a person reads it: the option's label, yes/no, a date, or the text as written. */
function readable(value: unknown, p: FormProperty | undefined, t: TFunction, locale: Locale, pick: (zh: string, en: string | null | undefined) => string): string {
  if (value === null || value === undefined || value === '') return t('review.form.empty');
  if (typeof value === 'boolean') return value ? t('review.form.yes') : t('review.form.no');
  const option = p?.['x-enum-labels']?.find((o) => o.value === value);
  if (option) return pick(option.label, option.labelEn);
  if (p?.format === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale, false);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The application form as filed, each answer under its question: labels and option names come from the
 * JSON Schema of the item version the case was filed under; fields the schema does not name show by key.
 */
export function CaseFormData({ c }: { c: CaseRecord }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const version = useItemVersion(c.itemVersionId);
  const properties = version.data?.formSchema.properties ?? {};
  const known = Object.keys(properties).filter((k) => k in c.formData);
  const unknown = Object.keys(c.formData).filter((k) => !(k in properties));
  return (
    <Card
      title={
        <>
          <FormOutlined /> {t('review.form.title')}
        </>
      }
      data-testid="review-form-data"
    >
      {version.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : known.length + unknown.length === 0 ? (
        <Typography.Text type="secondary">{t('review.form.none')}</Typography.Text>
      ) : (
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 160 } }}>
          {[...known, ...unknown].map((key) => {
            const p = properties[key];
            return (
              <Descriptions.Item key={key} label={p ? pick(p.title, p['x-title-en']) : <span className="mono">{key}</span>}>
                <span style={{ whiteSpace: 'pre-line' }}>{readable(c.formData[key], p, t, locale, pick)}</span>
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      )}
      {version.isError && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('review.form.schemaUnavailable')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
