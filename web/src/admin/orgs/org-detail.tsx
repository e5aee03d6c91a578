import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSites, useUpdateOrg, type Org } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { orgInScope } from '../../shared/org-tree.js';
import { useProblemHandler } from '../../shared/problem.js';
import { ActiveTag, OrgKindTag, OrgLevelTag, SiteKindTag } from '../../shared/tags.js';
import { AddChildOrgModal, EditOrgModal } from './org-form-modals.js';

interface OrgDetailProps {
  org: Org;
  orgs: Org[];
  /** The administrator's subtree: edits are offered only inside it (the server enforces the same). */
  scopePath: string | undefined;
  onSelect: (id: string) => void;
}

export function OrgDetail({ org, orgs, scopePath, onSelect }: OrgDetailProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const update = useUpdateOrg();
  const [modal, setModal] = useState<'edit' | 'child' | null>(null);
  const sites = useSites({ org: org.id });
  const canManage = orgInScope(org, scopePath);
  const parent = org.parentId ? orgs.find((o) => o.id === org.parentId) : undefined;
  const children = orgs.filter((o) => o.parentId === org.id);

  const toggleActive = () =>
    update.mutate(
      { id: org.id, version: org.version, active: !org.active },
      { onSuccess: () => void message.success(t(org.active ? 'orgs.deactivated' : 'orgs.activated')), onError: (err) => onProblem(err) },
    );

  return (
    <Card>
      <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {pick(org.name, org.nameEn)}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 8 }}>
            <OrgLevelTag level={org.level} />
            <OrgKindTag kind={org.kind} />
            <ActiveTag active={org.active} />
          </Space>
        </div>
        {canManage && (
          <Space wrap>
            {org.kind !== 'department' && (
              <Button icon={<PlusOutlined />} onClick={() => setModal('child')}>
                {t('orgs.addChild')}
              </Button>
            )}
            <Button icon={<EditOutlined />} onClick={() => setModal('edit')}>
              {t('common.edit')}
            </Button>
            {org.path !== scopePath && (
              <Popconfirm
                title={t(org.active ? 'orgs.confirmDeactivate' : 'orgs.confirmActivate')}
                onConfirm={toggleActive}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
              >
                <Button danger={org.active} icon={org.active ? <StopOutlined /> : <CheckCircleOutlined />} loading={update.isPending}>
                  {t(org.active ? 'orgs.deactivate' : 'orgs.activate')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Flex>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('orgs.name')} span="filled">{org.name}</Descriptions.Item>
        <Descriptions.Item label={t('orgs.shortName')}>{org.shortName}</Descriptions.Item>
        <Descriptions.Item label={t('orgs.code')}>
          <span className="mono">{org.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('orgs.nameEn')} span="filled">{org.nameEn}</Descriptions.Item>
        <Descriptions.Item label={t('orgs.regionCode')}>
          <span className="mono">{org.regionCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('orgs.deptKey')}>{org.deptKey ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('orgs.parent')}>
          {parent ? (
            <Typography.Link onClick={() => onSelect(parent.id)}>{pick(parent.shortName, parent.nameEn)}</Typography.Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('orgs.childCount')}>{children.length}</Descriptions.Item>
        <Descriptions.Item label={t('common.version')}>{org.version}</Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('orgs.sites')}
      </Typography.Title>
      {sites.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : sites.isError ? (
        <Typography.Text type="secondary">{t('common.loadFailed')}</Typography.Text>
      ) : sites.data.length ? (
        <ul className="plain-list">
          {sites.data.map((s) => (
            <li key={s.id}>
              <Flex justify="space-between" gap={8} wrap>
                <Space size={6} wrap>
                  <SiteKindTag kind={s.kind} />
                  <Link to={`/sites/${s.id}`}>{pick(s.name, s.nameEn)}</Link>
                </Space>
                <Typography.Text type="secondary">{t('portal.halls.windowCount', { count: s.windowCount })}</Typography.Text>
              </Flex>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t('orgs.noSites')}</Typography.Text>
      )}
      {!canManage && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('orgs.outOfScope')}
        </Typography.Paragraph>
      )}
      {modal === 'edit' && <EditOrgModal org={org} onClose={() => setModal(null)} />}
      {modal === 'child' && (
        <AddChildOrgModal
          parent={org}
          onClose={(created) => {
            setModal(null);
            if (created) onSelect(created.id);
          }}
        />
      )}
    </Card>
  );
}
