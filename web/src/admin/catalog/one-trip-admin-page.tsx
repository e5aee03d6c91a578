import { DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import {
  useCatalogSearch, useCreateOneTripBatch, useOneTripList, usePublishOneTripBatch, useSetOneTripItems,
  type NewBatchBody, type OneTripBatch, type OneTripEntry,
} from '../../api/catalog.js';
import { deptLabel, TripsTags } from '../../shared/catalog-tags.js';
import { formatDate, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { QueryState } from '../../shared/query-state.js';
import { useDebounced } from '../../shared/use-debounced.js';

function NewBatchModal({ next, onClose }: { next: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateOneTripBatch();
  const [form] = Form.useForm<NewBatchBody>();
  return (
    <Modal open title={t('catalog.oneTripAdmin.newBatch')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ title: t('catalog.oneTripAdmin.defaultTitle', { n: next, lng: 'zh-CN' }), titleEn: t('catalog.oneTripAdmin.defaultTitle', { n: next, lng: 'en-US' }) }}
        onFinish={(v) =>
          create.mutate(
            { title: v.title.trim(), titleEn: v.titleEn.trim() },
            {
              onSuccess: (b) => {
                void message.success(t('catalog.oneTripAdmin.created', { n: b.number }));
                onClose();
              },
              onError: (err) => onProblem(err, { form }),
            },
          )
        }
      >
        <Form.Item name="title" label={t('catalog.oneTripAdmin.batchTitle')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="titleEn" label={t('catalog.oneTripAdmin.batchTitleEn')} rules={[{ required: true, whitespace: true, message: t('catalog.editor.required') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The batch in preparation: its items (chosen from the published catalog), saved, then published on a date. */
function OpenBatch({ batch, listed }: { batch: OneTripBatch; listed: Map<string, number> }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const save = useSetOneTripItems();
  const publish = usePublishOneTripBatch();
  const [entries, setEntries] = useState<OneTripEntry[]>(batch.items);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [date, setDate] = useState<Dayjs>(dayjs(todayInShanghai()));
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  useEffect(() => setEntries(batch.items), [batch.items]);
  const candidates = useCatalogSearch({ page: 1, pageSize: 30, oneTrip: false, ...(q ? { q } : {}) });
  const chosen = new Set(entries.map((e) => e.code));
  const dirty = JSON.stringify(entries.map((e) => e.code).sort()) !== JSON.stringify(batch.items.map((e) => e.code).sort());

  const options = useMemo(
    () =>
      (candidates.data?.items ?? []).map((i) => {
        const other = listed.get(i.code);
        const reason = i.trips > 1 ? t('catalog.oneTripAdmin.notEligible', { count: i.trips }) : other && other !== batch.number ? t('catalog.oneTripAdmin.alreadyListed', { batch: other }) : undefined;
        return {
          value: i.code,
          disabled: !!reason || chosen.has(i.code),
          label: (
            <Flex justify="space-between" gap={8}>
              <span>
                {pick(i.name, i.nameEn)} <Typography.Text type="secondary" className="mono">{i.code}</Typography.Text>
              </span>
              <Typography.Text type="secondary">{reason ?? (chosen.has(i.code) ? t('catalog.oneTripAdmin.inBatch') : t('catalog.tripsCount', { count: i.trips }))}</Typography.Text>
            </Flex>
          ),
          item: i,
        };
      }),
    [candidates.data, listed, batch.number, chosen, pick, t],
  );

  const add = (code: string) => {
    const found = options.find((o) => o.value === code)?.item;
    if (found) setEntries((list) => [...list, { code: found.code, name: found.name, nameEn: found.nameEn, deptKey: found.deptKey, trips: found.trips }]);
    setSearch('');
  };

  const onSave = () =>
    save.mutate(
      { number: batch.number, codes: entries.map((e) => e.code) },
      {
        onSuccess: (r) => {
          setServerErrors([]);
          void message.success(t('catalog.oneTripAdmin.saved', { count: r.items }));
        },
        onError: (err) => (err instanceof ApiProblem && err.errors.length ? setServerErrors(err.errors.map((e) => e.message)) : onProblem(err)),
      },
    );

  const columns: TableColumnsType<OneTripEntry> = [
    {
      title: t('catalog.itemName'),
      key: 'name',
      render: (_, e) => (
        <div>
          <Link to={`/admin/catalog/items/${encodeURIComponent(e.code)}`}>{pick(e.name, e.nameEn)}</Link>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {e.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('catalog.dept'), key: 'dept', width: 160, responsive: ['md'], render: (_, e) => deptLabel(t, e.deptKey) },
    { title: t('catalog.trips'), key: 'trips', width: 180, render: (_, e) => <TripsTags trips={e.trips} batch={null} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, e) => (
        <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => setEntries((list) => list.filter((x) => x.code !== e.code))} aria-label={`${t('catalog.oneTripAdmin.remove')} ${e.code}`}>
          {t('catalog.oneTripAdmin.remove')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={
        <Space wrap>
          <span>{pick(batch.title, batch.titleEn)}</span>
          <Tag color="warning">{t('catalog.oneTripPage.unpublished')}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">{t('catalog.itemsCount', { count: entries.length })}</Typography.Text>}
    >
      <Select
        showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
        value={null}
        placeholder={t('catalog.oneTripAdmin.searchCandidates')}
        aria-label={t('catalog.oneTripAdmin.searchCandidates')}
        options={options}
        onChange={(code: string | null) => code && add(code)}
        loading={candidates.isFetching}
        notFoundContent={candidates.isFetching ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.oneTripAdmin.noCandidates')} />}
        style={{ width: '100%', marginBottom: 12 }}
        suffixIcon={<PlusOutlined />}
      />
      {serverErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('catalog.oneTripAdmin.rejectedItems')}
          description={
            <ul className="error-list">
              {serverErrors.map((e, i) => (
                <li key={i} className="mono">
                  {e}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table<OneTripEntry>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={entries}
        pagination={entries.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.oneTripAdmin.emptyBatch')} /> }}
      />
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 16 }}>
        <Space wrap>
          <Button icon={<SaveOutlined />} onClick={onSave} loading={save.isPending} type={dirty ? 'primary' : 'default'}>
            {t('catalog.oneTripAdmin.saveItems')}
          </Button>
          {dirty && <span className="editor-dirty">{t('catalog.editor.unsaved')}</span>}
        </Space>
        <Space wrap>
          <span>{t('catalog.oneTripAdmin.publishOn')}</span>
          <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} aria-label={t('catalog.oneTripAdmin.publishOn')} />
          <Popconfirm
            title={t('catalog.oneTripAdmin.publishConfirm', { count: batch.items.length, date: formatDate(date.format('YYYY-MM-DD'), locale, false) })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            disabled={dirty || batch.items.length === 0}
            onConfirm={() =>
              publish.mutate(
                { number: batch.number, publishedOn: date.format('YYYY-MM-DD') },
                { onSuccess: () => void message.success(t('catalog.oneTripAdmin.published', { n: batch.number })), onError: (err) => onProblem(err) },
              )
            }
          >
            <Button type="primary" icon={<SendOutlined />} disabled={dirty || batch.items.length === 0} loading={publish.isPending}>
              {t('catalog.oneTripAdmin.publish')}
            </Button>
          </Popconfirm>
        </Space>
      </Flex>
      {(dirty || batch.items.length === 0) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'right' }}>
          {dirty ? t('catalog.oneTripAdmin.saveFirst') : t('catalog.oneTripAdmin.addFirst')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** The "at most one trip" list, managed: published batches, and the next one prepared and published. */
export default function OneTripAdminPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const list = useOneTripList();
  const [creating, setCreating] = useState(false);
  const batches = list.data ?? [];
  const open = batches.find((b) => !b.publishedOn);
  const listed = useMemo(() => new Map(batches.flatMap((b) => b.items.map((i) => [i.code, b.number] as const))), [batches]);
  const next = (batches.at(-1)?.number ?? 0) + 1;
  const published = batches.filter((b) => b.publishedOn);
  return (
    <>
      <PageHeader
        title={t('nav.oneTripAdmin')}
        subtitle={t('catalog.oneTripAdmin.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} disabled={!list.data || !!open} onClick={() => setCreating(true)} title={open ? t('catalog.oneTripAdmin.batchOpen', { n: open.number }) : undefined}>
            {t('catalog.oneTripAdmin.newBatch')}
          </Button>
        }
      />
      <QueryState query={list}>
        {() => (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {open ? <OpenBatch batch={open} listed={listed} /> : <Alert type="info" showIcon title={t('catalog.oneTripAdmin.noOpen')} />}
            <Card title={t('catalog.oneTripAdmin.publishedBatches')} styles={{ body: { padding: published.length ? 0 : undefined } }}>
              {published.length ? (
                <Collapse
                  bordered={false}
                  items={[...published].reverse().map((b) => ({
                    key: b.number,
                    label: (
                      <Flex justify="space-between" wrap gap={8}>
                        <Typography.Text strong>{pick(b.title, b.titleEn)}</Typography.Text>
                        <Space size={8}>
                          <Tag color="blue">{t('catalog.oneTripPage.publishedOn', { date: formatDate(b.publishedOn!, locale, false) })}</Tag>
                          <Typography.Text type="secondary">{t('catalog.itemsCount', { count: b.items.length })}</Typography.Text>
                        </Space>
                      </Flex>
                    ),
                    children: (
                      <ul className="plain-list">
                        {b.items.map((i) => (
                          <li key={i.code}>
                            <Link to={`/admin/catalog/items/${encodeURIComponent(i.code)}`}>{pick(i.name, i.nameEn)}</Link>{' '}
                            <Typography.Text type="secondary" className="mono">
                              {i.code}
                            </Typography.Text>
                          </li>
                        ))}
                      </ul>
                    ),
                  }))}
                />
              ) : (
                <Empty description={t('catalog.oneTripPage.none')} />
              )}
            </Card>
          </Space>
        )}
      </QueryState>
      {creating && <NewBatchModal next={next} onClose={() => setCreating(false)} />}
    </>
  );
}
