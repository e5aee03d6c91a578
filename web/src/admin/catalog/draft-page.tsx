import { App, Breadcrumb, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useItemVersions, useUpdateDraft } from '../../api/catalog.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { PageHeader } from '../../shared/page-header.js';
import { QueryState } from '../../shared/query-state.js';
import { VersionStatusTag } from '../../shared/catalog-tags.js';
import { contentOfVersion } from './editor-model.js';
import { VersionEditor } from './version-editor.js';

/** Editing the open draft of an item (published versions never change). */
export default function DraftPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const versions = useItemVersions(code);
  const update = useUpdateDraft();
  const back = `/admin/catalog/items/${encodeURIComponent(code)}`;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/admin/catalog">{t('nav.catalog')}</Link> }, { title: <Link to={back}>{code}</Link> }, { title: t('catalog.admin.editDraft') }]}
      />
      <QueryState query={versions}>
        {(list) => {
          const draft = list.find((v) => v.status === 'draft');
          if (!draft)
            return (
              <Result status="info" title={t('catalog.admin.noDraft')} extra={<LinkButton to={back} type="primary">{t('common.back')}</LinkButton>} />
            );
          return (
            <VersionEditor
              key={`${draft.id}-${draft.version}`}
              mode="edit"
              initial={contentOfVersion(draft)}
              changeNote={draft.changeNote}
              saving={update.isPending}
              onCancel={() => void navigate(back)}
              onSubmit={async ({ content, changeNote }) => {
                await update.mutateAsync({ id: draft.id, version: draft.version, changeNote, ...content });
                void message.success(t('catalog.editor.saved'));
                void navigate(back);
              }}
              header={
                <PageHeader
                  title={t('catalog.admin.editTitle', { name: pick(draft.name, draft.nameEn) })}
                  subtitle={
                    <>
                      {t('catalog.versionN', { number: draft.number })} <VersionStatusTag status={draft.status} />
                    </>
                  }
                />
              }
            />
          );
        }}
      </QueryState>
    </>
  );
}
