import { BankOutlined, CarOutlined, CloudDownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { deliveryMethods, type DeliveryMethod } from '../../../../common/cases.js';
import { useChooseDelivery, type CaseView, type DeliveryChoice, type DeliveryChoiceBody } from '../../api/cases.js';
import { useProblemHandler } from '../../shared/problem.js';

// How the applicant wants the result (DOMAIN rule 7): at the window, by express, or electronically.
// The same fields when applying and later on the case page, until the result is delivered.

export interface DeliveryValues {
  method?: DeliveryMethod;
  recipient?: string;
  phone?: string;
  address?: string;
}

const icons: Record<DeliveryMethod, ReactNode> = { electronic: <CloudDownloadOutlined />, express: <CarOutlined />, window: <BankOutlined /> };
/** Electronic first: it saves the applicant a trip and the post. */
const order: DeliveryMethod[] = ['electronic', 'express', 'window'];

/** The phone numbers the server takes for an express recipient. */
const PHONE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

/** The choice as the API takes it; undefined while it is incomplete (an express address half typed). */
export function deliveryBody(v: DeliveryValues | undefined): Omit<DeliveryChoiceBody, 'version'> | undefined {
  if (!v?.method || !deliveryMethods.includes(v.method)) return undefined;
  if (v.method !== 'express') return { method: v.method };
  const recipient = v.recipient?.trim();
  const phone = v.phone?.trim();
  const address = v.address?.trim();
  if (!recipient || !phone || !PHONE.test(phone) || !address) return undefined;
  return { method: 'express', recipient, phone, address };
}

/** A saved choice as the fields' values. */
export const deliveryValues = (c: DeliveryChoice | null | undefined): DeliveryValues | undefined =>
  c ? { method: c.method, ...(c.recipient ? { recipient: c.recipient } : {}), ...(c.phone ? { phone: c.phone } : {}), ...(c.address ? { address: c.address } : {}) } : undefined;

/** The three methods as large choices, and the express address when express is chosen. Field names sit under `name`. */
export function DeliveryChoiceFields({ name, required = true }: { name: string; required?: boolean }) {
  const { t } = useTranslation();
  const method = Form.useWatch([name, 'method']) as DeliveryMethod | undefined;
  return (
    <>
      <Form.Item name={[name, 'method']} rules={[{ required, message: t('delivery.methodRequired') }]} className="delivery-methods-item">
        <Radio.Group className="delivery-methods" aria-label={t('delivery.title')}>
          {order.map((m) => (
            <Radio key={m} value={m} className="delivery-method" data-testid={`delivery-${m}`}>
              <span className="delivery-method-icon" aria-hidden>
                {icons[m]}
              </span>
              <span className="delivery-method-text">
                <span className="delivery-method-title">{t(`enums.deliveryMethod.${m}`)}</span>
                <Typography.Text type="secondary" className="delivery-method-help">
                  {t(`delivery.help.${m}`)}
                </Typography.Text>
              </span>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {method === 'express' && (
        <div className="delivery-express">
          <Form.Item name={[name, 'recipient']} label={t('delivery.recipient')} rules={[{ required: true, whitespace: true, message: t('delivery.recipientRequired') }, { max: 100 }]}>
            <Input size="large" autoComplete="name" maxLength={100} />
          </Form.Item>
          <Form.Item name={[name, 'phone']} label={t('delivery.phone')} rules={[{ required: true, message: t('delivery.phoneRequired') }, { pattern: PHONE, message: t('apply.issues.phone') }]} validateDebounce={400}>
            <Input size="large" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name={[name, 'address']} label={t('delivery.address')} rules={[{ required: true, whitespace: true, message: t('delivery.addressRequired') }, { max: 300 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} autoComplete="street-address" maxLength={300} />
          </Form.Item>
        </div>
      )}
    </>
  );
}

/** A chosen method in words, with the express address. */
export function DeliveryChoiceText({ choice }: { choice: DeliveryChoice }) {
  const { t } = useTranslation();
  return (
    <div className="delivery-chosen" data-testid="delivery-chosen">
      <span className="delivery-method-icon" aria-hidden>
        {icons[choice.method]}
      </span>
      <div>
        <Typography.Text strong>{t(`enums.deliveryMethod.${choice.method}`)}</Typography.Text>
        {choice.method === 'express' && (
          <div className="delivery-chosen-address">
            {choice.recipient} {choice.phone}
            <div>{choice.address}</div>
          </div>
        )}
        {choice.method !== 'express' && <div className="delivery-chosen-address">{t(`delivery.help.${choice.method}`)}</div>}
      </div>
    </div>
  );
}

/** The case page's delivery card: the choice as it stands, changed here until the result is delivered. */
export function CaseDeliveryChoice({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const c = view.case;
  const choose = useChooseDelivery();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ delivery: DeliveryValues }>();
  const canChoose = view.allowedActions.includes('chooseDelivery');
  if (c.delivery || (!canChoose && !c.deliveryChoice)) return null;
  const open = canChoose && (editing || !c.deliveryChoice);
  return (
    <Card
      id="case-delivery-choice"
      data-testid="case-delivery-choice"
      title={
        <>
          <CarOutlined /> {t('delivery.title')}
        </>
      }
      extra={canChoose && c.deliveryChoice && !editing ? <Button type="link" onClick={() => setEditing(true)}>{t('delivery.change')}</Button> : undefined}
    >
      {open ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ delivery: deliveryValues(c.deliveryChoice) ?? {} }}
          disabled={choose.isPending}
          onFinish={(values) => {
            const body = deliveryBody(values.delivery);
            if (!body) return;
            choose.mutate(
              { id: c.id, version: c.version, ...body },
              {
                onSuccess: () => {
                  setEditing(false);
                  void message.success(t('delivery.saved'));
                },
                onError: (err) => onProblem(err),
              },
            );
          }}
        >
          <Typography.Paragraph type="secondary">{t('delivery.intro')}</Typography.Paragraph>
          <DeliveryChoiceFields name="delivery" />
          <Space wrap>
            <Button type="primary" htmlType="submit" size="large" loading={choose.isPending} data-testid="delivery-save">
              {t('delivery.save')}
            </Button>
            {editing && <Button size="large" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>}
          </Space>
        </Form>
      ) : (
        <DeliveryChoiceText choice={c.deliveryChoice!} />
      )}
    </Card>
  );
}
