import { App, Breadcrumb } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCreateItem } from '../../api/catalog.js';
import { PageHeader } from '../../shared/page-header.js';
import { blankContent } from './editor-model.js';
import { VersionEditor } from './version-editor.js';

/** A new item: its code, department and first draft, reviewed like every version before it is published. */
export default function NewItemPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateItem();
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/admin/catalog">{t('nav.catalog')}</Link> }, { title: t('catalog.admin.newItem') }]} />
      <VersionEditor
        mode="create"
        initial={blankContent}
        changeNote=""
        saving={create.isPending}
        onCancel={() => void navigate('/admin/catalog')}
        onSubmit={async ({ content, changeNote, code, deptKey }) => {
          const v = await create.mutateAsync({ code: code!, deptKey: deptKey!, content, ...(changeNote ? { changeNote } : {}) });
          void message.success(t('catalog.editor.created'));
          void navigate(`/admin/catalog/items/${encodeURIComponent(v.itemCode)}`);
        }}
        header={<PageHeader title={t('catalog.admin.newItem')} subtitle={t('catalog.admin.newItemIntro')} />}
      />
    </>
  );
}
