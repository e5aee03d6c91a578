import { DeleteOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Segmented, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { proofIssuerKinds } from '../../../../common/catalog.js';
import { useCreateProofItem, useProofItems, useRetireProofItem, useUpdateProofItem, type NewProofItemBody, type ProofItem } from '../../api/catalog.js';
import { certificateLabel, dataResourceLabel, knownCertificateTypes, knownDataResources } from '../../shared/catalog-tags.js';
import { formatDate, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { QueryState } from '../../shared/query-state.js';
import { issuerLabel, ProofWays } from '../../portal/proofs/proof-parts.js';

const PAGE_SIZE = 20;
type Values = Omit<NewProofItemBody, 'satisfiedBy'> & { dataResource: string | null; certificateType: string | null; commitment: boolean };

const valuesOf = (p: ProofItem | undefined): Partial<Values> =>
  p
    ? { code: p.code, name: p.name, nameEn: p.nameEn, issuerKind: p.issuerKind, legalBasis: p.legalBasis, notes: p.notes, notesEn: p.notesEn, ...p.satisfiedBy }
    : { legalBasis: [{ law: '', lawEn: '', article: '' }], dataResource: null, certificateType: null, commitment: false, notes: '', notesEn: '' };

/** Creates or edits a proof item: names, issuer, legal basis, and how it can be satisfied without the paper. */
function ProofItemForm({ editing, open, onClose }: { editing: ProofItem | undefined; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const create = useCreateProofItem();
  const update = useUpdateProofItem();
  const none = { value: null, label: t('reuse.admin.none') };
  const submit = async (v: Values) => {
    const { code, dataResource, certificateType, commitment, ...content } = v;
    const body = { ...content, legalBasis: content.legalBasis.map((b) => ({ law: b.law, lawEn: b.lawEn, article: b.article ?? '' })), satisfiedBy: { dataResource: dataResource ?? null, certificateType: certificateType ?? null, commitment: !!commitment } };
    try {
      if (editing) await update.mutateAsync({ code: editing.code, version: editing.version, ...body });
      else await create.mutateAsync({ code, ...body });
      void message.success(t(editing ? 'reuse.admin.saved' : 'reuse.admin.created'));
      onClose();
    } catch (err) {
      onProblem(err, { form });
    }
  };
  return (
    <Modal
      open={open}
      title={editing ? `${t('reuse.admin.edit')} · ${editing.code}` : t('reuse.admin.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={720}
    >
      <Form<Values> form={form} layout="vertical" initialValues={valuesOf(editing)} onFinish={(v) => void submit(v)} preserve={false} requiredMark>
        <Form.Item name="code" label={t('reuse.proofs.code')} extra={t('reuse.admin.codeHint')} rules={[{ required: true }, { pattern: /^[0-9A-Za-z][0-9A-Za-z-]*$/ }, { min: 2, max: 40 }]}>
          <Input disabled={!!editing} className="mono" maxLength={40} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('reuse.proofs.name')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('reuse.admin.nameEn')} rules={[{ required: true, whitespace: true }, { max: 300 }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="issuerKind" label={t('reuse.proofs.issuer')} rules={[{ required: true }]}>
          <Select options={proofIssuerKinds.map((k) => ({ value: k, label: issuerLabel(t, k) }))} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.List name="legalBasis">
          {(fields, { add, remove }) => (
            <Form.Item label={t('reuse.proofs.basis')} required>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap style={{ width: '100%' }}>
                    <Form.Item name={[f.name, 'law']} rules={[{ required: true, whitespace: true }]} noStyle>
                      <Input placeholder={t('reuse.admin.law')} aria-label={t('reuse.admin.law')} style={{ width: 240 }} maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'lawEn']} rules={[{ required: true, whitespace: true }]} noStyle>
                      <Input placeholder={t('reuse.admin.lawEn')} aria-label={t('reuse.admin.lawEn')} style={{ width: 220 }} maxLength={300} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'article']} noStyle>
                      <Input placeholder={t('reuse.admin.article')} aria-label={t('reuse.admin.article')} style={{ width: 120 }} maxLength={100} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 10 && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ law: '', lawEn: '', article: '' })}>
                    {t('reuse.admin.addBasis')}
                  </Button>
                )}
              </Space>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="dataResource" label={t('reuse.admin.dataResource')}>
          <Select options={[none, ...knownDataResources.map((k) => ({ value: k, label: dataResourceLabel(t, k) }))]} />
        </Form.Item>
        <Form.Item name="certificateType" label={t('reuse.admin.certificateType')}>
          <Select options={[none, ...knownCertificateTypes.map((k) => ({ value: k, label: certificateLabel(t, k) }))]} />
        </Form.Item>
        <Form.Item name="commitment" label={t('reuse.admin.commitment')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="notes" label={t('reuse.proofs.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Form.Item name="notesEn" label={t('reuse.admin.notesEn')} rules={[{ max: 1500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Cancels a proof item: from then on no catalog draft may ask for it. */
function RetireForm({ item, onClose }: { item: ProofItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const retire = useRetireProofItem();
  const [form] = Form.useForm<{ retiredOn: Dayjs; notes: string; notesEn: string }>();
  return (
    <Modal
      open
      title={t('reuse.admin.retireTitle', { name: pick(item.name, item.nameEn) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reuse.admin.retireConfirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={retire.isPending}
    >
      <Typography.Paragraph type="secondary">{t('reuse.admin.retireText')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ retiredOn: dayjs(todayInShanghai()), notes: item.notes, notesEn: item.notesEn }}
        onFinish={(v) =>
          retire.mutateAsync({ code: item.code, version: item.version, retiredOn: v.retiredOn.format('YYYY-MM-DD'), notes: v.notes ?? '', notesEn: v.notesEn ?? '' }).then(
            () => {
              void message.success(t('reuse.admin.retiredDone'));
              onClose();
            },
            (err: unknown) => onProblem(err, { form }),
          )
        }
      >
        <Form.Item name="retiredOn" label={t('reuse.admin.retiredOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="notes" label={t('reuse.admin.retireNotes')} rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Form.Item name="notesEn" label={t('reuse.admin.retireNotesEn')} rules={[{ max: 1500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 证明事项管理: the catalog managers keep the list of proof items — create, edit, cancel (audited). */
export default function ProofItemsAdminPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { params, page, q, update } = useListParams({ status: 'all' });
  const status = (['retained', 'retired'] as const).find((s) => s === params.get('status')) ?? 'all';
  const list = useProofItems({ status, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) });
  const [editing, setEditing] = useState<ProofItem | 'new'>();
  const [retiring, setRetiring] = useState<ProofItem>();
  const columns: TableColumnsType<ProofItem> = [
    {
      title: t('reuse.proofs.name'),
      key: 'name',
      render: (_, p) => (
        <div>
          <div>{pick(p.name, p.nameEn)}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {p.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('reuse.proofs.issuer'), key: 'issuer', width: 150, responsive: ['lg'], render: (_, p) => issuerLabel(t, p.issuerKind) },
    {
      title: t('reuse.admin.status'),
      key: 'status',
      width: 150,
      render: (_, p) => (p.status === 'retired' ? <Tag>{t('reuse.proofs.retiredOn', { date: p.retiredOn ? formatDate(p.retiredOn, locale, false) : '—' })}</Tag> : <Tag color="blue">{t('reuse.proofs.retained')}</Tag>),
    },
    { title: t('reuse.proofs.howTo'), key: 'how', width: 260, responsive: ['md'], render: (_, p) => <ProofWays satisfiedBy={p.satisfiedBy} /> },
    { title: t('reuse.proofs.usedBy'), key: 'used', width: 100, responsive: ['lg'], render: (_, p) => t('reuse.proofs.usedByCount', { count: p.publishedItems }) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, p) => (
        <Space size={4} wrap>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
            {t('reuse.admin.edit')}
          </Button>
          {p.status === 'retained' && (
            <Button size="small" danger icon={<StopOutlined />} onClick={() => setRetiring(p)} data-testid={`retire-${p.code}`}>
              {t('reuse.admin.retire')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('reuse.admin.title')}
        subtitle={t('reuse.admin.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('reuse.admin.create')}
          </Button>
        }
      />
      <Card>
        <div className="proofs-toolbar" style={{ marginTop: 0 }}>
          <Segmented
            value={status}
            onChange={(v) => update({ status: v, page: 1 })}
            options={[
              { value: 'all', label: t('reuse.admin.all') },
              { value: 'retained', label: t('reuse.proofs.retained') },
              { value: 'retired', label: t('reuse.proofs.retired') },
            ]}
          />
          <ListSearch q={q} onSearch={(text) => update({ q: text, page: 1 })} label={t('reuse.proofs.search')} placeholder={t('reuse.proofs.search')} submitLabel={t('portal.search.submit')} />
        </div>
        <QueryState query={list}>
          {(data) => (
            <>
              <Table<ProofItem> rowKey="code" size="middle" columns={columns} dataSource={data.items} pagination={false} loading={list.isFetching && list.isPlaceholderData} locale={{ emptyText: t('reuse.proofs.empty') }} scroll={{ x: 560 }} data-testid="proof-items-admin" />
              <ListFooter total={data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />
            </>
          )}
        </QueryState>
      </Card>
      <ProofItemForm open={!!editing} editing={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      {retiring && <RetireForm item={retiring} onClose={() => setRetiring(undefined)} />}
    </>
  );
}
