import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories, useCreateRule, useDeleteRule, useDispatchRules, useHotlineSettings, useUpdateRule, type DispatchRule } from '../../api/hotline.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { categoryLabel, CategorySelect } from '../category-select.js';
import '../hotline.css';
import { RegionSelect, useRegionName } from '../region-select.js';

interface RuleValues {
  categoryCode?: string;
  regionCode?: string;
  org?: string;
  note?: string;
}

/** Adds a rule, or changes one's organisation and note (its category and region stay: they are what the rule is). */
function RuleModal({ rule, within, onClose }: { rule: DispatchRule | null; within: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateRule();
  const update = useUpdateRule();
  const [form] = Form.useForm<RuleValues>();
  const save = (v: RuleValues) => {
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    const onError = (err: unknown) => onProblem(err, { form, codeFields: { duplicate: 'categoryCode', 'hotline.bad_handling_org': 'org' } });
    const note = v.note?.trim() ?? '';
    if (rule) update.mutate({ id: rule.id, version: rule.version, org: v.org!, note }, { onSuccess: done, onError });
    else create.mutate({ categoryCode: v.categoryCode!, regionCode: v.regionCode ?? null, org: v.org!, note }, { onSuccess: done, onError });
  };
  return (
    <Modal open title={rule ? t('hotline.rules.edit') : t('hotline.rules.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending || update.isPending} destroyOnHidden>
      <Form<RuleValues> form={form} layout="vertical" initialValues={rule ? { org: rule.orgId, note: rule.note } : {}} onFinish={save}>
        {!rule && (
          <>
            <Form.Item name="categoryCode" label={t('hotline.fields.category')} extra={t('hotline.rules.categoryHelp')} rules={[{ required: true, message: t('hotline.fields.categoryRequired') }]}>
              <CategorySelect anyLevel aria-label={t('hotline.fields.category')} />
            </Form.Item>
            <Form.Item name="regionCode" label={t('hotline.fields.region')} extra={t('hotline.rules.regionHelp')}>
              <RegionSelect aria-label={t('hotline.fields.region')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="org" label={t('hotline.rules.org')} rules={[{ required: true, message: t('hotline.dispatch.leadRequired') }]}>
          <OrgPicker within={within} aria-label={t('hotline.rules.org')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('hotline.rules.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The dispatch rules (派单规则): category × county → the responsible organisation, kept by the centre's administrators. */
export default function RulesPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const rules = useDispatchRules();
  const categories = useCategories();
  const settings = useHotlineSettings();
  const regionName = useRegionName();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<DispatchRule | null | undefined>(undefined);
  const [category, setCategory] = useState<string>();
  const within = settings.data?.centre?.regionCode;
  // A group's filter shows its subcategories' rules too.
  const shown = (rules.data ?? []).filter((r) => !category || r.categoryCode === category || categories.data?.find((c) => c.code === r.categoryCode)?.parentCode === category);

  const columns: TableColumnsType<DispatchRule> = [
    { title: t('hotline.fields.category'), key: 'category', render: (_, r) => categoryLabel(categories.data, r.categoryCode, pick) },
    { title: t('hotline.fields.region'), key: 'region', width: 180, render: (_, r) => (r.regionCode ? regionName(r.regionCode) : <Typography.Text type="secondary">{t('hotline.rules.anywhere')}</Typography.Text>) },
    { title: t('hotline.rules.org'), key: 'org', render: (_, r) => (r.org ? pick(r.org.name, r.org.nameEn) : '—') },
    { title: t('hotline.rules.note'), dataIndex: 'note', key: 'note', responsive: ['lg'] },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, r) => (
        <Space size={4}>
          <Button type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(r)} />
          <Popconfirm
            title={t('hotline.rules.removeConfirm')}
            okText={t('common.remove')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutateAsync({ id: r.id, version: r.version }).then(() => void message.success(t('hotline.rules.removed')), (err: unknown) => onProblem(err))}
          >
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.rules.title')} subtitle={t('hotline.rules.intro')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('hotline.rules.add')}</Button>} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <div style={{ minWidth: 260 }}>
            <CategorySelect anyLevel value={category} onChange={setCategory} placeholder={t('hotline.rules.filterCategory')} aria-label={t('hotline.rules.filterCategory')} />
          </div>
        </Flex>
        {rules.isError ? (
          <LoadError error={rules.error} onRetry={() => void rules.refetch()} />
        ) : (
          <Table<DispatchRule> rowKey="id" size="middle" loading={rules.isPending} columns={columns} dataSource={shown} pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} locale={{ emptyText: t('hotline.rules.none') }} />
        )}
      </Card>
      {editing !== undefined && <RuleModal rule={editing} within={within} onClose={() => setEditing(undefined)} />}
    </div>
  );
}
