import { App, Form, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/accounts.js';
import { useAssignWindowStaff, useOrg, type SiteDetail, type SiteWindow } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { useProblemHandler } from '../../shared/problem.js';
import { useDebounced } from '../../shared/use-debounced.js';

interface Option {
  value: string;
  label: string;
}

/** Puts staff on duty at a window (R1.5): pick people of the site's government, found by organisation and name. */
export function StaffModal({ site, window, onClose }: { site: SiteDetail; window: SiteWindow; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const assign = useAssignWindowStaff();
  const onProblem = useProblemHandler();
  const siteOrg = useOrg(site.orgId);
  const governmentId = siteOrg.data ? (siteOrg.data.kind === 'department' ? (siteOrg.data.parentId ?? undefined) : siteOrg.data.id) : undefined;
  const [org, setOrg] = useState<string | undefined>(site.orgId);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const users = useUsers({ page: 1, pageSize: 20, ...(org ? { org } : {}), ...(q ? { q } : {}) });
  const [selected, setSelected] = useState<Option[]>((window.staff ?? []).map((s) => ({ value: s.id, label: `${s.displayName} (${s.username})` })));

  const options: Option[] = [
    ...selected,
    ...(users.data?.items ?? [])
      .filter((u) => u.active && !selected.some((s) => s.value === u.id))
      .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})${u.orgName ? ` · ${pick(u.orgName, u.orgNameEn)}` : ''}` })),
  ];

  const save = () =>
    assign.mutate(
      { id: window.id, userIds: selected.map((s) => s.value) },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (err) => onProblem(err),
      },
    );

  return (
    <Modal
      open
      title={t('windows.staffTitle', { number: window.number, name: pick(window.name, window.nameEn) })}
      onCancel={onClose}
      onOk={save}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('windows.staffHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('windows.staffOrg')}>
          {governmentId ? (
            <OrgPicker within={governmentId} value={org} onChange={setOrg} allowClear style={{ width: '100%' }} placeholder={t('windows.anyOrg')} />
          ) : (
            <Select loading disabled style={{ width: '100%' }} />
          )}
        </Form.Item>
        <Form.Item label={t('windows.staff')}>
          <Select<string[]>
            mode="multiple"
            aria-label={t('windows.staff')}
            value={selected.map((s) => s.value)}
            onChange={(ids) => setSelected(ids.map((id) => options.find((o) => o.value === id)!).filter(Boolean))}
            options={options}
            showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
            loading={users.isFetching}
            placeholder={t('windows.searchStaff')}
            notFoundContent={users.isError ? t('common.loadFailed') : t('windows.noCandidates')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        {users.data && users.data.total > users.data.items.length && (
          <Space>
            <Typography.Text type="secondary">{t('windows.moreCandidates', { shown: users.data.items.length, total: users.data.total })}</Typography.Text>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
