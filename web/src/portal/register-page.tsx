import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import type { FormRule as Rule } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isValidCreditCode, isValidMobile, isValidResidentId, normaliseCreditCode, normaliseResidentId } from '../../../common/id-codes.js';
import { useRegister, type RegisterBody } from '../api/auth.js';
import { passwordRules } from '../shared/password-rules.js';
import { useProblemHandler } from '../shared/problem.js';

interface RegisterForm extends RegisterBody {
  confirm: string;
}

const normaliseId = (kind: RegisterBody['kind'], value: string) => (kind === 'company' ? normaliseCreditCode(value) : normaliseResidentId(value));

/** Registration of an applicant: a person with a resident ID or a company with its credit code. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const register = useRegister();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<RegisterForm>();
  const kind = Form.useWatch('kind', form) ?? 'person';
  const company = kind === 'company';

  // The kind is read from the form, not from this render: switching kind re-checks the number at once.
  const idRule: Rule = ({ getFieldValue }) => ({
    validator: async (_, raw: string | undefined) => {
      const isCompany = getFieldValue('kind') === 'company';
      const value = normaliseId(isCompany ? 'company' : 'person', raw ?? '');
      if (!value) throw new Error(t(isCompany ? 'register.creditCodeRequired' : 'register.residentIdRequired'));
      if (value.length !== 18) throw new Error(t('register.idLength'));
      const valid = isCompany ? isValidCreditCode(value) : isValidResidentId(value);
      if (!valid) throw new Error(t(isCompany ? 'register.creditCodeInvalid' : 'register.residentIdInvalid'));
    },
  });

  const onFinish = ({ confirm: _, ...values }: RegisterForm) => {
    const body: RegisterBody = {
      kind: values.kind,
      idNumber: normaliseId(values.kind, values.idNumber),
      displayName: values.displayName.trim(),
      phone: values.phone.trim(),
      password: values.password,
      ...(values.username?.trim() ? { username: values.username.trim() } : {}),
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
    };
    register.mutate(body, {
      onSuccess: () => void navigate('/account', { replace: true }),
      onError: (err) =>
        onProblem(err, {
          form,
          fields: { residentId: 'idNumber', creditCode: 'idNumber' },
          codeFields: { 'account.taken': values.username ? 'username' : 'idNumber', 'auth.weak_password': 'password', 'account.invalid_phone': 'phone' },
        }),
    });
  };

  return (
    <div className="auth-page">
      <Card className="auth-card auth-card-wide">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('register.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
        <Form<RegisterForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'person' }}
          onFinish={onFinish}
          disabled={register.isPending}
          scrollToFirstError={{ block: 'center' }}
          onValuesChange={(changed) => {
            // The ID field's meaning changes with the kind: check it again.
            if ('kind' in changed && form.getFieldValue('idNumber')) void form.validateFields(['idNumber']);
          }}
        >
          <Form.Item name="kind" label={t('register.kind')}>
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio.Button value="person">{t('enums.accountKind.person')}</Radio.Button>
              <Radio.Button value="company">{t('enums.accountKind.company')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t(company ? 'register.creditCode' : 'register.residentId')}
            extra={t(company ? 'register.creditCodeHelp' : 'register.residentIdHelp')}
            rules={[idRule]}
            validateTrigger="onBlur"
            required
          >
            <Input maxLength={18} autoComplete="off" inputMode={company ? 'text' : 'numeric'} style={{ textTransform: 'uppercase' }} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t(company ? 'register.companyName' : 'register.personName')}
            rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }, { max: 100 }]}
          >
            <Input autoComplete={company ? 'organization' : 'name'} maxLength={100} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('accounts.phone')}
            validateTrigger="onBlur"
            rules={[
              { required: true, message: t('register.phoneRequired') },
              { validator: async (_, v: string | undefined) => { if (v && !isValidMobile(v.trim())) throw new Error(t('register.phoneInvalid')); } },
            ]}
          >
            <Input autoComplete="tel" inputMode="tel" maxLength={11} />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('register.usernameOptional')}
            extra={t('register.usernameHelp')}
            rules={[{ pattern: /^[A-Za-z0-9._-]{3,40}$/, message: t('register.usernameInvalid') }]}
          >
            <Input autoComplete="username" maxLength={40} />
          </Form.Item>
          <Form.Item name="email" label={t('register.emailOptional')} rules={[{ type: 'email', message: t('register.emailInvalid') }]}>
            <Input autoComplete="email" inputMode="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} extra={t('password.rule')} rules={passwordRules(t, () => form.getFieldValue('username') || form.getFieldValue('idNumber'))} hasFeedback>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['password']}
            hasFeedback
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  if (v && v !== getFieldValue('password')) throw new Error(t('password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Alert type="info" showIcon title={t('register.privacy')} style={{ marginBottom: 16 }} />
          <Button type="primary" htmlType="submit" block size="large" loading={register.isPending}>
            {t('register.submit')}
          </Button>
        </Form>
        <div className="auth-card-footer">
          {t('register.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
        </div>
      </Card>
    </div>
  );
}
