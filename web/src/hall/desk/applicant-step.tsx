import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Radio, Space, Typography, type FormRule } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidMobile } from '../../../../common/id-codes.js';
import { useCases } from '../../api/cases.js';
import { CaseStatusTag } from '../../shared/case-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { isValidIdNumber, normaliseIdNumber, type ApplicantKind } from './desk-facts.js';

export interface ApplicantInfo {
  kind: ApplicantKind;
  idNumber: string;
  name: string;
  phone?: string;
}

/** The applicant's cases this desk already knows (found by the whole ID number): they may have come about one of them. */
function KnownCases({ idNumber }: { idNumber: string }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const cases = useCases({ box: 'desk', applicant: idNumber, page: 1, pageSize: 5 });
  if (!cases.data || cases.data.total === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<HistoryOutlined />}
      data-testid="desk-known-cases"
      title={t('desk.applicant.known', { count: cases.data.total })}
      description={
        <ul className="plain-list desk-known-cases">
          {cases.data.items.map((c) => (
            <li key={c.id}>
              <Space wrap size={[8, 4]}>
                <span className="mono">{c.caseNumber}</span>
                <span>{pick(c.itemName, c.itemNameEn)}</span>
                <CaseStatusTag status={c.status} />
              </Space>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Step 2: who applies — resident ID or credit code (check character verified), name, phone. */
export function ApplicantStep({ kinds, value, onDone, footer }: { kinds: readonly ApplicantKind[]; value: ApplicantInfo | undefined; onDone: (a: ApplicantInfo) => void; footer: ReactNode }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ApplicantInfo>();
  const kind = Form.useWatch('kind', form) ?? value?.kind ?? kinds[0] ?? 'person';
  const rawId = Form.useWatch('idNumber', form) ?? '';
  const idNumber = normaliseIdNumber(kind, rawId);
  const company = kind === 'company';

  const idRule: FormRule = ({ getFieldValue }) => ({
    validator: async (_, raw: string | undefined) => {
      const k: ApplicantKind = getFieldValue('kind') === 'company' ? 'company' : 'person';
      const v = normaliseIdNumber(k, raw ?? '');
      if (!v) throw new Error(t(k === 'company' ? 'register.creditCodeRequired' : 'register.residentIdRequired'));
      if (v.length !== 18) throw new Error(t('register.idLength'));
      if (!isValidIdNumber(k, v)) throw new Error(t(k === 'company' ? 'register.creditCodeInvalid' : 'register.residentIdInvalid'));
    },
  });

  return (
    <Form<ApplicantInfo>
      form={form}
      layout="vertical"
      className="desk-form"
      initialValues={value ?? { kind: kinds[0] ?? 'person' }}
      onValuesChange={(changed) => {
        if ('kind' in changed && form.getFieldValue('idNumber')) void form.validateFields(['idNumber']);
      }}
      onFinish={(v) => onDone({ kind: v.kind, idNumber: normaliseIdNumber(v.kind, v.idNumber), name: v.name.trim(), ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}) })}
    >
      {kinds.length > 1 && (
        <Form.Item name="kind" label={t('register.kind')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={kinds.map((k) => ({ value: k, label: t(`enums.applicantKind.${k}`) }))} />
        </Form.Item>
      )}
      {kinds.length <= 1 && (
        <Form.Item name="kind" hidden>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="idNumber" label={t(company ? 'register.creditCode' : 'register.residentId')} extra={t(company ? 'register.creditCodeHelp' : 'register.residentIdHelp')} rules={[idRule]} validateTrigger="onBlur" required>
        <Input autoFocus maxLength={18} autoComplete="off" inputMode={company ? 'text' : 'numeric'} style={{ textTransform: 'uppercase', maxWidth: 320 }} />
      </Form.Item>
      {idNumber.length === 18 && isValidIdNumber(kind, idNumber) && <KnownCases idNumber={idNumber} />}
      <Form.Item name="name" label={t(company ? 'register.companyName' : 'register.personName')} rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }, { max: 100 }]} style={{ marginTop: 16 }}>
        <Input maxLength={100} autoComplete="off" style={{ maxWidth: 420 }} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('desk.applicant.phone')}
        extra={t('desk.applicant.phoneHelp')}
        validateTrigger="onBlur"
        rules={[{ validator: async (_, v: string | undefined) => { if (v?.trim() && !isValidMobile(v.trim())) throw new Error(t('register.phoneInvalid')); } }]}
      >
        <Input maxLength={11} inputMode="tel" autoComplete="off" style={{ maxWidth: 240 }} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('desk.applicant.account')}
      </Typography.Paragraph>
      {footer}
    </Form>
  );
}
