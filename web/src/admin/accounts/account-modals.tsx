import { App, Checkbox, Col, Form, Input, Modal, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidMobile } from '../../../../common/id-codes.js';
import { staffRoles } from '../../../../common/enums.js';
import { useCreateStaff, useResetStaffPassword, useUpdateStaff, type NewStaffBody, type StaffRole, type UserItem } from '../../api/accounts.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { passwordRules } from '../../shared/password-rules.js';
import { useProblemHandler } from '../../shared/problem.js';

function RoleItems() {
  const { t } = useTranslation();
  return (
    <Form.Item name="roles" label={t('accounts.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('accounts.rolesRequired') }]}>
      <Checkbox.Group>
        <Row gutter={[8, 8]}>
          {staffRoles.map((r) => (
            <Col key={r} xs={24} sm={12}>
              <Checkbox value={r}>{t(`enums.role.${r}`)}</Checkbox>
            </Col>
          ))}
        </Row>
      </Checkbox.Group>
    </Form.Item>
  );
}

function ContactItems() {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item
          name="phone"
          label={t('accounts.phone')}
          rules={[{ validator: async (_, v: string | undefined) => { if (v && !isValidMobile(v.trim())) throw new Error(t('register.phoneInvalid')); } }]}
        >
          <Input maxLength={11} inputMode="tel" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="email" label={t('accounts.email')} rules={[{ type: 'email', message: t('register.emailInvalid') }]}>
          <Input maxLength={200} inputMode="email" />
        </Form.Item>
      </Col>
    </Row>
  );
}

const staffFields = { roles: 'roles', orgId: 'orgId', username: 'username', displayName: 'displayName', password: 'password', phone: 'phone', email: 'email' };

export function CreateStaffModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateStaff();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<NewStaffBody>();
  const onFinish = (v: NewStaffBody) => {
    const body: NewStaffBody = {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      password: v.password,
      orgId: v.orgId,
      roles: v.roles,
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      ...(v.email?.trim() ? { email: v.email.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: () => {
        void message.success(t('accounts.created'));
        onClose();
      },
      onError: (err) =>
        onProblem(err, { form, fields: staffFields, codeFields: { 'account.taken': 'username', 'auth.weak_password': 'password', 'account.role_not_allowed': 'roles', not_found: 'orgId' } }),
    });
  };
  return (
    <Modal open width={640} title={t('accounts.create')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ roles: ['windowClerk'] }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }, { pattern: /^[A-Za-z0-9._-]{3,40}$/, message: t('register.usernameInvalid') }]}>
              <Input maxLength={40} autoComplete="off" className="mono" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }, { max: 100 }]}>
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="orgId" label={t('accounts.org')} rules={[{ required: true, message: t('accounts.orgRequired') }]}>
          <OrgPicker style={{ width: '100%' }} />
        </Form.Item>
        <RoleItems />
        <Form.Item name="password" label={t('accounts.initialPassword')} extra={t('password.rule')} rules={passwordRules(t, () => form.getFieldValue('username'))}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <ContactItems />
      </Form>
    </Modal>
  );
}

interface EditFields {
  displayName: string;
  roles: StaffRole[];
  orgId: string;
  active: boolean;
  phone?: string | null;
  email?: string | null;
}

export function EditStaffModal({ user, self, onClose }: { user: UserItem; self: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateStaff();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<EditFields>();
  const onFinish = (v: EditFields) => {
    const phone = v.phone?.trim();
    const email = v.email?.trim();
    update.mutate(
      {
        id: user.id,
        version: user.version,
        displayName: v.displayName.trim(),
        roles: v.roles,
        orgId: v.orgId,
        active: v.active,
        // The list shows phones masked: send the phone only when it was retyped, and clear it only on purpose.
        ...(phone !== (user.phone ?? '') ? { phone: phone || null } : {}),
        // Lists carry no e-mail address: a blank field keeps the current one.
        ...(email ? { email } : {}),
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (err) => onProblem(err, { form, fields: staffFields, codeFields: { 'account.role_not_allowed': 'roles', forbidden: 'active' } }),
      },
    );
  };
  return (
    <Modal open width={640} title={t('accounts.editTitle', { name: user.displayName })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={update.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ displayName: user.displayName, roles: user.roles.filter((r) => r !== 'applicant'), orgId: user.orgId ?? undefined, active: user.active, phone: user.phone ?? '' }}
      >
        <Form.Item label={t('auth.username')}>
          <Input value={user.username} disabled className="mono" />
        </Form.Item>
        <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('register.nameRequired') }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="orgId" label={t('accounts.org')} rules={[{ required: true, message: t('accounts.orgRequired') }]} extra={t('accounts.sessionsEnd')}>
          <OrgPicker style={{ width: '100%' }} />
        </Form.Item>
        <RoleItems />
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('accounts.phone')}
              extra={t('accounts.phoneMaskedHelp')}
              rules={[{ validator: async (_, v: string | undefined) => { if (v && v !== user.phone && !isValidMobile(v.trim())) throw new Error(t('register.phoneInvalid')); } }]}
            >
              <Input maxLength={11} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('accounts.email')} extra={t('accounts.emailKeepHelp')} rules={[{ type: 'email', message: t('register.emailInvalid') }]}>
              <Input maxLength={200} inputMode="email" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" label={t('accounts.activeLabel')} valuePropName="checked" extra={self ? t('accounts.cannotDeactivateSelf') : undefined}>
          <Switch disabled={self} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: UserItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reset = useResetStaffPassword();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  return (
    <Modal open title={t('accounts.resetTitle', { name: user.displayName })} onCancel={onClose} onOk={() => form.submit()} okText={t('accounts.resetPassword')} cancelText={t('common.cancel')} confirmLoading={reset.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={({ password }) =>
          reset.mutate(
            { id: user.id, password },
            {
              onSuccess: () => {
                void message.success(t('accounts.passwordReset'));
                onClose();
              },
              onError: (err) => onProblem(err, { form, codeFields: { 'auth.weak_password': 'password' } }),
            },
          )
        }
      >
        <Form.Item name="password" label={t('account.newPassword')} extra={`${t('password.rule')} ${t('accounts.resetEffect')}`} rules={passwordRules(t, () => user.username)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['password']}
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
      </Form>
    </Modal>
  );
}
