import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '../../../../common/enums.js';
import { useMe } from '../../api/auth.js';
import { useUpdateStaff, useUsers, type StaffRole, type UserItem } from '../../api/accounts.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { RoleTag } from '../../shared/tags.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { CreateStaffModal, EditStaffModal, ResetPasswordModal } from './account-modals.js';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'password'; user: UserItem } | null;

function StatusTags({ user }: { user: UserItem }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {user.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
      {user.locked && (
        <Tag color="warning" icon={<LockOutlined />}>
          {t('accounts.locked')}
        </Tag>
      )}
    </Space>
  );
}

/** Staff accounts of the administrator's subtree, one server page at a time. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const me = useMe().data!;
  const onProblem = useProblemHandler();
  const update = useUpdateStaff();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [role, setRole] = useState<StaffRole>();
  const [org, setOrg] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const users = useUsers({ page, pageSize, ...(q ? { q } : {}), ...(role ? { role } : {}), ...(org ? { org } : {}) });

  const unlock = (user: UserItem) =>
    update.mutate({ id: user.id, version: user.version, unlock: true }, { onSuccess: () => void message.success(t('accounts.unlocked')), onError: (err) => onProblem(err) });

  const columns: TableColumnsType<UserItem> = [
    {
      title: t('accounts.displayName'),
      key: 'name',
      render: (_, u) => (
        <div>
          <div>{u.displayName}</div>
          <Typography.Text type="secondary" className="mono">
            {u.username}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('accounts.org'), key: 'org', responsive: ['md'], render: (_, u) => (u.orgName ? pick(u.orgName, u.orgNameEn) : '—') },
    {
      title: t('accounts.roles'),
      dataIndex: 'roles',
      render: (roles: UserItem['roles']) => (
        <Space size={[4, 4]} wrap>
          {roles.map((r) => (
            <RoleTag key={r} role={r} />
          ))}
        </Space>
      ),
    },
    { title: t('accounts.phone'), dataIndex: 'phone', responsive: ['lg'], render: (p: string | null) => <span className="mono">{p ?? '—'}</span> },
    { title: t('accounts.status'), key: 'status', render: (_, u) => <StatusTags user={u} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${u.username}`} onClick={() => setDialog({ kind: 'edit', user: u })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<KeyOutlined />} aria-label={`${t('accounts.resetPassword')} ${u.username}`} onClick={() => setDialog({ kind: 'password', user: u })}>
            {t('accounts.resetPassword')}
          </Button>
          {u.locked && (
            <Popconfirm title={t('accounts.confirmUnlock', { name: u.displayName })} onConfirm={() => unlock(u)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button type="link" size="small" icon={<UnlockOutlined />} aria-label={`${t('accounts.unlock')} ${u.username}`}>
                {t('accounts.unlock')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.accounts')}
        subtitle={t('accounts.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            {t('accounts.create')}
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <Input.Search
            allowClear
            placeholder={t('accounts.search')}
            aria-label={t('accounts.search')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ maxWidth: 260 }}
          />
          <Select
            allowClear
            placeholder={t('accounts.allRoles')}
            aria-label={t('accounts.roles')}
            value={role}
            onChange={(v) => {
              setRole(v);
              setPage(1);
            }}
            options={staffRoles.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))}
            style={{ minWidth: 180 }}
          />
          <OrgPicker
            allowClear
            aria-label={t('accounts.org')}
            placeholder={t('accounts.allOrgs')}
            value={org}
            onChange={(v) => {
              setOrg(v);
              setPage(1);
            }}
            style={{ minWidth: 240 }}
          />
        </Flex>
        {users.isError ? (
          <LoadError error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<UserItem>
            rowKey="id"
            columns={columns}
            dataSource={users.data?.items}
            loading={users.isFetching}
            scroll={{ x: 960 }}
            pagination={{
              current: page,
              pageSize,
              total: users.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t('common.total', { count: n }),
              onChange: (p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              },
            }}
          />
        )}
      </Card>
      {dialog?.kind === 'create' && <CreateStaffModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <EditStaffModal user={dialog.user} self={dialog.user.id === me.id} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
    </>
  );
}
