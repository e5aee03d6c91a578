import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Flex, Form, Input, Segmented, Select, Skeleton, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticle, useArticles, useCategories, useCreateArticle, useUpdateArticle, type Article, type ArticleView } from '../../api/hotline.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { categoryLabel, CategorySelect } from '../category-select.js';
import '../hotline.css';

const PAGE_SIZE = 20;

interface Values {
  title: string;
  categoryCode?: string;
  keywords?: string[];
  body: string;
}

/** Writes a new article, or a new version of one (the old versions stay, listed under the form). */
function ArticleEditor({ article, onClose }: { article: ArticleView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const [form] = Form.useForm<Values>();
  const busy = create.isPending || update.isPending;
  const done = () => {
    void message.success(t('common.saved'));
    onClose();
  };
  const save = (v: Values) => {
    const fields = { title: v.title.trim(), body: v.body, categoryCode: v.categoryCode ?? null, keywords: v.keywords ?? [] };
    if (article) update.mutate({ id: article.id, version: article.version, ...fields }, { onSuccess: done, onError: (err) => onProblem(err, { form }) });
    else create.mutate(fields, { onSuccess: done, onError: (err) => onProblem(err, { form }) });
  };
  const setActive = (active: boolean) => article && update.mutate({ id: article.id, version: article.version, active }, { onSuccess: done, onError: (err) => onProblem(err) });
  return (
    <Form<Values> form={form} layout="vertical" disabled={busy} initialValues={article ? { title: article.title, categoryCode: article.categoryCode ?? undefined, keywords: article.keywords, body: article.body } : { keywords: [] }} onFinish={save}>
      <Form.Item name="title" label={t('hotline.articles.articleTitle')} rules={[{ required: true, whitespace: true, message: t('hotline.actions.required') }]}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item name="categoryCode" label={t('hotline.fields.category')} extra={t('hotline.articles.categoryHelp')}>
        <CategorySelect anyLevel aria-label={t('hotline.fields.category')} />
      </Form.Item>
      <Form.Item name="keywords" label={t('hotline.articles.keywords')} extra={t('hotline.articles.keywordsHelp')}>
        <Select mode="tags" tokenSeparators={[',', '，', ' ']} maxCount={30} open={false} aria-label={t('hotline.articles.keywords')} />
      </Form.Item>
      <Form.Item name="body" label={t('hotline.articles.body')} rules={[{ required: true, whitespace: true, message: t('hotline.actions.required') }]}>
        <Input.TextArea rows={12} maxLength={20000} showCount />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
        {article && (
          <Button danger={article.active} onClick={() => setActive(!article.active)}>
            {article.active ? t('hotline.articles.retire') : t('hotline.articles.restore')}
          </Button>
        )}
      </Space>
      {article && article.revisions.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('hotline.articles.revisions')}
          </Typography.Title>
          <Timeline
            items={article.revisions.map((r) => ({
              key: r.version,
              color: r.active ? 'blue' : 'gray',
              content: `v${r.version} · ${r.title} · ${formatDateTime(r.editedAt, locale)}${r.active ? '' : ` · ${t('common.inactive')}`}`,
            }))}
          />
        </>
      )}
    </Form>
  );
}

function EditArticle({ id, onClose }: { id: string; onClose: () => void }) {
  const article = useArticle(id);
  if (article.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (article.isError) return <LoadError error={article.error} onRetry={() => void article.refetch()} />;
  return <ArticleEditor key={article.data.version} article={article.data} onClose={onClose} />;
}

/** The knowledge base's articles (agents write them for what the catalog does not say): search, write, edit as versions, retire. */
export default function ArticlesPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const categories = useCategories();
  const { params, page, q, update } = useListParams({ state: 'active' });
  const active = params.get('state') !== 'retired';
  const category = params.get('category') ?? undefined;
  const articles = useArticles({ page, pageSize: PAGE_SIZE, active, ...(q ? { q } : {}), ...(category ? { category } : {}) });
  const [open, setOpen] = useState<string | null>();

  const columns: TableColumnsType<Article> = [
    {
      title: t('hotline.articles.articleTitle'),
      key: 'title',
      render: (_, a) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpen(a.id)}>
          {a.title}
        </Button>
      ),
    },
    { title: t('hotline.fields.category'), key: 'category', width: 220, responsive: ['md'], render: (_, a) => (a.categoryCode ? categoryLabel(categories.data, a.categoryCode, pick) : '—') },
    { title: t('hotline.articles.keywords'), key: 'keywords', responsive: ['lg'], render: (_, a) => a.keywords.slice(0, 6).map((k) => <Tag key={k}>{k}</Tag>) },
    { title: t('hotline.articles.updatedAt'), key: 'updated', width: 170, responsive: ['sm'], render: (_, a) => `${formatDateTime(a.updatedAt, locale)} · v${a.version}` },
  ];

  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.articles.title')} subtitle={t('hotline.articles.intro')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(null)}>{t('hotline.articles.new')}</Button>} />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <ListSearch q={q} onSearch={(v) => update({ q: v, page: undefined })} label={t('hotline.articles.search')} placeholder={t('hotline.articles.searchPlaceholder')} submitLabel={t('hotline.list.searchButton')} className="hotline-search" />
          <div style={{ minWidth: 220 }}>
            <CategorySelect anyLevel value={category} onChange={(v) => update({ category: v, page: undefined })} placeholder={t('hotline.rules.filterCategory')} aria-label={t('hotline.rules.filterCategory')} />
          </div>
          <Segmented
            value={active ? 'active' : 'retired'}
            onChange={(v) => update({ state: v, page: undefined })}
            options={[
              { value: 'active', label: t('common.active') },
              { value: 'retired', label: t('hotline.articles.retired') },
            ]}
          />
        </Flex>
        {articles.isError ? (
          <LoadError error={articles.error} onRetry={() => void articles.refetch()} />
        ) : (
          <>
            <Table<Article> rowKey="id" size="middle" loading={articles.isPending || articles.isPlaceholderData} columns={columns} dataSource={articles.data?.items ?? []} pagination={false} locale={{ emptyText: q || category ? t('hotline.list.noneFiltered') : t('hotline.articles.none') }} />
            {articles.data && <ListFooter total={articles.data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />}
          </>
        )}
      </Card>
      <Drawer open={open !== undefined} onClose={() => setOpen(undefined)} size={640} title={open ? t('hotline.articles.edit') : t('hotline.articles.new')} destroyOnHidden>
        {open ? <EditArticle id={open} onClose={() => setOpen(undefined)} /> : open === null ? <ArticleEditor article={null} onClose={() => setOpen(undefined)} /> : null}
      </Drawer>
    </div>
  );
}
