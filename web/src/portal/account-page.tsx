import { EyeInvisibleOutlined, EyeOutlined, FileTextOutlined, MessageOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskCreditCode, maskPhone, maskResidentId } from '../../../common/id-codes.js';
import { useChangePassword, useMe, type PasswordBody } from '../api/auth.js';
import { useLocale } from '../shared/i18n/index.js';
import { PageHeader } from '../shared/page-header.js';
import { passwordRules } from '../shared/password-rules.js';
import { useProblemHandler } from '../shared/problem.js';
import { OrgLevelTag, RoleTag } from '../shared/tags.js';
import { LinkButton } from '../shared/link-button.js';

/** A personal number shown masked until its owner asks to see it (someone may be looking over the shoulder). */
function Revealable({ value, mask }: { value: string | null; mask: (v: string) => string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4}>
      <span className="mono">{shown ? value : mask(value)}</span>
      <Button
        type="link"
        size="small"
        icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
        onClick={() => setShown(!shown)}
        aria-label={shown ? t('account.hide') : t('account.show')}
        aria-pressed={shown}
      />
    </Space>
  );
}

function ChangePassword({ username }: { username: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useChangePassword();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<PasswordBody & { confirm: string }>();
  return (
    <Card title={t('account.changePassword')}>
      <Form
        form={form}
        layout="vertical"
        disabled={change.isPending}
        onFinish={({ currentPassword, newPassword }) =>
          change.mutate(
            { currentPassword, newPassword },
            {
              onSuccess: () => {
                form.resetFields();
                void message.success(t('account.passwordChanged'));
              },
              onError: (err) => onProblem(err, { form, codeFields: { 'auth.invalid_credentials': 'currentPassword', 'auth.weak_password': 'newPassword' } }),
            },
          )
        }
      >
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('password.rule')} rules={passwordRules(t, () => username)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

/** The signed-in account as the server knows it (GET /auth/me), and a password change. */
export default function AccountPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data!;
  return (
    <div className="portal-container portal-section">
      <PageHeader
        title={t('account.title')}
        subtitle={t('account.intro')}
        extra={
          me.kind === 'staff' ? (
            <LinkButton to="/workbench" type="primary">{t('nav.workbench')}</LinkButton>
          ) : (
            <>
              <LinkButton to="/my/cases" type="primary" icon={<FileTextOutlined />}>{t('nav.myCases')}</LinkButton>
              <LinkButton to="/my/messages" icon={<MessageOutlined />}>{t('nav.myMessages')}</LinkButton>
              <LinkButton to="/#halls">{t('portal.hero.findHall')}</LinkButton>
            </>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('account.profile')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t(me.kind === 'company' ? 'register.companyName' : 'accounts.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('auth.username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('account.kind')}>{t(`enums.accountKind.${me.kind}`)}</Descriptions.Item>
              {me.kind === 'person' && (
                <Descriptions.Item label={t('register.residentId')}>
                  <Revealable value={me.residentId} mask={maskResidentId} />
                </Descriptions.Item>
              )}
              {me.kind === 'company' && (
                <Descriptions.Item label={t('register.creditCode')}>
                  <Revealable value={me.creditCode} mask={maskCreditCode} />
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('accounts.phone')}>
                <Revealable value={me.phone} mask={maskPhone} />
              </Descriptions.Item>
              <Descriptions.Item label={t('accounts.email')}>{me.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('accounts.roles')}>
                <Space size={4} wrap>
                  {me.roles.map((r) => (
                    <RoleTag key={r} role={r} />
                  ))}
                </Space>
              </Descriptions.Item>
              {me.org && (
                <Descriptions.Item label={t('accounts.org')}>
                  <Space size={4} wrap>
                    {pick(me.org.name, me.org.nameEn)} <OrgLevelTag level={me.org.level} />
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <ChangePassword username={me.username} />
        </Col>
      </Row>
    </div>
  );
}
