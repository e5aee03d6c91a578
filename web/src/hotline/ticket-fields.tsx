import { Checkbox, Col, Form, Input, Row, type FormRule, type InputRef } from 'antd';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewTicketBody } from '../api/hotline.js';
import { isCountyCode, RegionSelect, TownshipSelect } from './region-select.js';

// The fields a ticket shares wherever it is filed (the agent's intake, the public's form): the caller
// with their consent, and where it happened. Both sit inside the page's own antd Form.

/** A mobile or landline number in China, as the server checks it. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export interface CallerValues {
  anonymous?: boolean;
  name?: string;
  phone?: string;
  email?: string;
  consentCallback?: boolean;
  consentShare?: boolean;
}

export interface LocationValues {
  regionCode?: string;
  townshipCode?: string;
  address?: string;
}

/** The caller as the body takes it: an anonymous caller leaves nothing, and cannot be called back. */
export function callerBody(v: CallerValues): NewTicketBody['caller'] {
  if (v.anonymous) return { anonymous: true };
  const text = (s: string | undefined) => s?.trim() || undefined;
  const [name, phone, email] = [text(v.name), text(v.phone), text(v.email)];
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}), consentCallback: !!v.consentCallback, consentShare: !!v.consentShare };
}

/** Where, as the body takes it: a township only within a county. */
export function locationBody(v: LocationValues): Pick<NewTicketBody, 'regionCode' | 'townshipCode' | 'address'> {
  return { regionCode: v.regionCode!, ...(v.townshipCode && isCountyCode(v.regionCode) ? { townshipCode: v.townshipCode } : {}), ...(v.address?.trim() ? { address: v.address.trim() } : {}) };
}

/** Who called: name and number, or anonymous; whether they want to hear back and may be named to the handling organisation. */
export function CallerFields({ phoneRef, withEmail = false, phoneAutoFocus = false, phoneLabel }: { phoneRef?: Ref<InputRef>; withEmail?: boolean; phoneAutoFocus?: boolean; phoneLabel?: string }) {
  const { t } = useTranslation();
  const anonymous = Form.useWatch<boolean | undefined>('anonymous');
  const callback = Form.useWatch<boolean | undefined>('consentCallback');
  const phoneRules: FormRule[] = [
    { pattern: PHONE, message: t('hotline.caller.phoneInvalid') },
    // A callback needs a number to call.
    ({ getFieldValue }) => ({ validator: async (_, v: string | undefined) => { if (getFieldValue('consentCallback') && !getFieldValue('anonymous') && !v?.trim()) throw new Error(t('hotline.caller.phoneForCallback')); } }),
  ];
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={phoneLabel ?? t('hotline.caller.phone')} rules={phoneRules} dependencies={['consentCallback', 'anonymous']} validateTrigger="onBlur">
            <Input ref={phoneRef} disabled={anonymous} inputMode="tel" maxLength={13} autoComplete="off" autoFocus={phoneAutoFocus} className="mono" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('hotline.caller.name')}>
            <Input disabled={anonymous} maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        {withEmail && (
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('hotline.caller.email')} rules={[{ type: 'email', message: t('hotline.caller.emailInvalid') }]}>
              <Input disabled={anonymous} maxLength={200} inputMode="email" autoComplete="email" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <div className="hotline-consents">
        <Form.Item name="anonymous" valuePropName="checked" noStyle>
          <Checkbox>{t('hotline.caller.anonymousChoice')}</Checkbox>
        </Form.Item>
        <Form.Item name="consentCallback" valuePropName="checked" noStyle>
          <Checkbox disabled={anonymous}>{t('hotline.caller.callbackChoice')}</Checkbox>
        </Form.Item>
        <Form.Item name="consentShare" valuePropName="checked" noStyle>
          <Checkbox disabled={anonymous}>{t('hotline.caller.shareChoice')}</Checkbox>
        </Form.Item>
      </div>
      {anonymous && callback && <div className="hotline-field-note">{t('hotline.caller.anonymousNoCallback')}</div>}
    </>
  );
}

/** Where it happened: the county (or the prefecture when unknown), the township or street, the address. */
export function LocationFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const regionCode = Form.useWatch<string | undefined>('regionCode');
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12} md={8}>
        <Form.Item name="regionCode" label={t('hotline.fields.region')} rules={[{ required: true, message: t('hotline.fields.regionRequired') }]}>
          <RegionSelect aria-label={t('hotline.fields.region')} onChange={() => form.setFieldValue('townshipCode', undefined)} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={8}>
        <Form.Item name="townshipCode" label={t('hotline.fields.township')}>
          <TownshipSelect regionCode={regionCode} aria-label={t('hotline.fields.township')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="address" label={t('hotline.fields.address')}>
          <Input maxLength={300} placeholder={t('hotline.fields.addressPlaceholder')} />
        </Form.Item>
      </Col>
    </Row>
  );
}
