import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin, useMe, type LoginBody } from '../api/auth.js';
import { useLocale } from '../shared/i18n/index.js';
import { problemText } from '../shared/problem.js';
import { roleHome, safeNext } from './role-home.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const login = useLogin();
  const [form] = Form.useForm<LoginBody>();

  if (me.data && !login.isSuccess) return <Navigate to={next ?? roleHome(me.data)} replace />;

  const onFinish = (values: LoginBody) => {
    login.mutate({ username: values.username.trim(), password: values.password }, {
      onSuccess: (account) => void navigate(next ?? roleHome(account), { replace: true }),
    });
  };

  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('auth.loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.loginIntro')}</Typography.Paragraph>
        {login.isError && <Alert type="error" showIcon title={problemText(login.error, locale)} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on" disabled={login.isPending}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('auth.login')}
          </Button>
        </Form>
        <div className="auth-card-footer">
          {t('auth.noAccount')} <Link to="/register">{t('auth.registerApplicant')}</Link>
        </div>
      </Card>
    </div>
  );
}
