import { ArrowLeftOutlined, EditOutlined, ExportOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useSite, type SiteDetail, type SiteWindow } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { QueryState } from '../../shared/query-state.js';
import { SiteDescriptions, WindowsTable } from '../../shared/site-info.js';
import { EditSiteModal } from './site-form-modals.js';
import { StaffModal } from './staff-modal.js';
import { WindowModal } from './window-modal.js';
import { LinkButton } from '../../shared/link-button.js';

type Dialog = { kind: 'site' } | { kind: 'window'; window?: SiteWindow } | { kind: 'staff'; window: SiteWindow } | null;

function SiteWindows({ site, onDialog }: { site: SiteDetail; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SiteWindow> = [];
  if (site.windows.some((w) => w.staff)) {
    columns.push({
      title: t('windows.staff'),
      key: 'staff',
      render: (_, w) =>
        w.staff?.length ? (
          <Space size={[4, 4]} wrap>
            {w.staff.map((s) => (
              <Tag key={s.id}>{s.displayName}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('windows.noStaff')}</Typography.Text>
        ),
    });
  }
  // Edits are offered only where the server says this account may manage the site.
  if (site.canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, w) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onDialog({ kind: 'window', window: w })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<TeamOutlined />} onClick={() => onDialog({ kind: 'staff', window: w })}>
            {t('windows.assignStaff')}
          </Button>
        </Space>
      ),
    });
  }
  return (
    <Card
      title={
        <>
          {t('windows.title')} <Typography.Text type="secondary">({site.windowCount})</Typography.Text>
        </>
      }
      extra={
        site.canManage && (
          <Button icon={<PlusOutlined />} onClick={() => onDialog({ kind: 'window' })}>
            {t('windows.add')}
          </Button>
        )
      }
      style={{ marginTop: 16 }}
      styles={{ body: { padding: 0 } }}
    >
      <WindowsTable windows={site.windows} extraColumns={columns} showInactive={site.canManage} />
    </Card>
  );
}

/** A site for staff: its details and windows; edit buttons only when the server grants `canManage`. */
export default function SiteDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const site = useSite(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  return (
    <QueryState query={site}>
      {(s) => (
        <>
          <PageHeader
            title={pick(s.name, s.nameEn)}
            subtitle={s.orgName !== s.name ? pick(s.orgName, s.orgNameEn) : undefined}
            extra={
              <>
                {s.canManage && (
                  <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'site' })}>
                    {t('sites.edit')}
                  </Button>
                )}
                <LinkButton to={`/halls/${s.id}`} icon={<ExportOutlined />}>{t('sites.publicPage')}</LinkButton>
                <LinkButton to="/sites" icon={<ArrowLeftOutlined />}>{t('common.back')}</LinkButton>
              </>
            }
          />
          {!s.canManage && <Alert type="info" showIcon title={t('sites.readOnly')} style={{ marginBottom: 16 }} />}
          <SiteDescriptions site={s} />
          <SiteWindows site={s} onDialog={setDialog} />
          {dialog?.kind === 'site' && <EditSiteModal site={s} onClose={() => setDialog(null)} />}
          {dialog?.kind === 'window' && <WindowModal site={s} window={dialog.window} onClose={() => setDialog(null)} />}
          {dialog?.kind === 'staff' && <StaffModal site={s} window={dialog.window} onClose={() => setDialog(null)} />}
        </>
      )}
    </QueryState>
  );
}
