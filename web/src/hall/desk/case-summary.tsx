import { PaperClipOutlined } from '@ant-design/icons';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormSchema } from '../../api/catalog.js';
import type { CaseView } from '../../api/cases.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { MaterialProvenance } from '../../shared/material-provenance.js';
import { fieldOrder } from '../../portal/apply/form-fields.js';

/** A form value as read out: enum labels, yes/no, numbers and text as they are. */
function formValue(schema: FormSchema | undefined, key: string, value: unknown, pick: (zh: string, en: string | null | undefined) => string, yesNo: (b: boolean) => string): string {
  const p = schema?.properties[key];
  if (typeof value === 'boolean') return yesNo(value);
  const label = p?.['x-enum-labels']?.find((l) => l.value === value);
  if (label) return pick(label.label, label.labelEn);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** Who applied for what, how, with which form data and files: what a clerk checks before deciding or handing over. */
export function CaseSummary({ view, schema }: { view: CaseView; schema: FormSchema | undefined }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const c = view.case;
  // The form's own order first, then anything the schema no longer names.
  const formKeys = schema ? [...fieldOrder(schema).map(([k]) => k).filter((k) => k in c.formData), ...Object.keys(c.formData).filter((k) => !(k in schema.properties))] : Object.keys(c.formData);
  const received = view.materials.filter((m) => m.status === 'received');
  const specName = (key: string) => {
    const s = view.materialSpecs.find((m) => m.key === key);
    return s ? pick(s.name, s.nameEn) : key;
  };
  return (
    <Card size="small" className="desk-case-summary" data-testid="desk-case-summary">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {pick(c.itemName, c.itemNameEn)}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('cases.caseNumber')}>
          <span className="mono">{c.caseNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.status')}>
          <Space size={4} wrap>
            <CaseStatusTag status={c.status} />
            <Tag style={{ marginInlineEnd: 0 }}>{t(`enums.filingChannel.${c.channel}`)}</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.summary.applicant')}>
          <Space size={6} wrap>
            <span>{c.applicant.name}</span>
            <span className="mono">{c.applicant.idNumber}</span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.applicant.phone')}>{c.applicant.phone ?? '—'}</Descriptions.Item>
        {c.receivedAt && <Descriptions.Item label={t('desk.inbox.received')}>{formatDateTime(c.receivedAt, locale)}</Descriptions.Item>}
        {view.clock.intakeDueOn && !c.acceptedAt && <Descriptions.Item label={t('desk.inbox.intakeDue')}>{formatDate(view.clock.intakeDueOn, locale)}</Descriptions.Item>}
        {formKeys.map((key) => (
          <Descriptions.Item key={key} label={schema?.properties[key] ? pick(schema.properties[key].title, schema.properties[key]['x-title-en']) : key}>
            {formValue(schema, key, c.formData[key], pick, (b) => (b ? t('desk.summary.yes') : t('desk.summary.no')))}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {received.length > 0 && (
        <div className="desk-case-files" data-testid="desk-case-materials">
          <Typography.Text strong>{t('reuse.desk.materials')}</Typography.Text>
          <ul className="plain-list">
            {received.map((m) => (
              <li key={m.id} data-material={m.materialKey}>
                <div>{specName(m.materialKey)}</div>
                {m.fileIds.map((id, i) => (
                  <a key={id} href={`/api/v1/files/${id}`} target="_blank" rel="noopener" style={{ marginInlineEnd: 12 }}>
                    <PaperClipOutlined /> {t('review.files.preview')}
                    {m.fileIds.length > 1 ? ` ${i + 1}` : ''}
                  </a>
                ))}
                <MaterialProvenance material={m} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
