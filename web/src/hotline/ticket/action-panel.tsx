import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketAction } from '../../../../common/hotline.js';
import { useMe } from '../../api/auth.js';
import { isProblem } from '../../api/client.js';
import { useDispatchSuggestion, useTickets, useTicketStep, type TicketStep, type TicketView } from '../../api/hotline.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { ShortcutButton } from '../../shared/shortcuts.js';
import { AttachmentUpload, attachmentIds, stillUploading, type Attachment } from '../attachments.js';
import { DispatchFields, dispatchBody, SuggestedOrgs, type DispatchValues } from '../dispatch-fields.js';
import { KnowledgePanel, toggleCited, type CitedSource } from '../knowledge-panel.js';
import { CallerText } from './ticket-head.js';

// What the reader may do with the ticket now (the server's allowedActions), each with its Alt shortcut
// and a short form: the centre answers, dispatches, insists, decides extensions, calls back, reopens,
// closes and merges; a handling organisation replies, returns once and asks for more time.

/** In the order a ticket meets them. */
const order: TicketAction[] = ['answer', 'dispatch', 'insist', 'reply', 'returnDispatch', 'requestExtension', 'decideExtension', 'callback', 'reopen', 'close', 'merge'];
const keys: Partial<Record<TicketAction, string>> = { answer: 'A', dispatch: 'G', insist: 'I', reply: 'R', returnDispatch: 'T', requestExtension: 'X', decideExtension: 'V', callback: 'C', reopen: 'O', close: 'L', merge: 'M' };
/** The step the ticket usually waits for, shown as the primary button. */
const primary: TicketAction[] = ['dispatch', 'reply', 'callback', 'decideExtension'];

interface Values extends DispatchValues {
  text?: string;
  reason?: string;
  days?: number;
  approve?: boolean;
  reached?: boolean;
  satisfied?: boolean;
  into?: string;
  taskId?: string;
  files?: Attachment[];
}

/** The body of each step from the form's values and the version read. */
function stepOf(action: TicketAction, v: Values, version: number, cited: CitedSource[]): TicketStep | null {
  const text = (s: string | undefined) => s!.trim();
  switch (action) {
    case 'answer':
      return { step: 'answer', body: { version, text: text(v.text), sources: cited.map((c) => c.source) } };
    case 'dispatch':
      return { step: 'dispatch', body: { version, ...dispatchBody(v) } };
    case 'insist':
      return { step: 'insist', body: { version, note: text(v.text) } };
    case 'reply':
      return { step: 'reply', taskId: v.taskId!, body: { version, text: text(v.text), ...(attachmentIds(v.files).length ? { fileIds: attachmentIds(v.files) } : {}) } };
    case 'returnDispatch':
      return { step: 'return', body: { version, reason: text(v.reason) } };
    case 'requestExtension':
      return { step: 'extension', body: { version, days: v.days!, reason: text(v.reason) } };
    case 'decideExtension':
      return { step: 'extension/decide', body: { version, approve: v.approve!, ...(v.text?.trim() ? { note: v.text.trim() } : {}) } };
    case 'callback':
      return { step: 'callback', body: { version, reached: v.reached!, ...(v.reached ? { satisfied: v.satisfied! } : {}), note: text(v.text) } };
    case 'reopen':
      return { step: 'reopen', body: { version, reason: text(v.reason) } };
    case 'close':
      return { step: 'close', body: { version, note: text(v.text) } };
    case 'merge':
      return { step: 'merge', body: { version, into: text(v.into) } };
    default:
      return null;
  }
}

/** Open tickets of the same category at the centre: what a duplicate is likely merged into. */
function MergeTarget({ view }: { view: TicketView }) {
  const { t } = useTranslation();
  const candidates = useTickets({ box: 'all', category: view.categoryCode, page: 1, pageSize: 20 });
  const options = (candidates.data?.items ?? [])
    .filter((c) => c.id !== view.id && c.status !== 'closed' && c.status !== 'merged')
    .map((c) => ({ value: c.number, label: `${c.number} · ${c.description.slice(0, 40)}` }));
  return (
    <Form.Item name="into" label={t('hotline.actions.mergeInto')} extra={t('hotline.actions.mergeHelp')} rules={[{ required: true, whitespace: true, message: t('hotline.actions.required') }]}>
      <AutoComplete options={options} placeholder="12345-20261128-00042" autoFocus filterOption={(input, o) => !!o?.label.includes(input)} />
    </Form.Item>
  );
}

/** The dispatch form with the suggestion for the ticket's text; a re-dispatch leaves out who returned it. */
function DispatchStep({ view, form }: { view: TicketView; form: FormInstance<Values> }) {
  const { t } = useTranslation();
  const suggestion = useDispatchSuggestion(view.description.slice(0, 4000), view.categoryCode, view.regionCode);
  const lead = Form.useWatch('leadOrg', form);
  const returned = view.tasks.filter((x) => x.status === 'returned');
  const top = suggestion.data?.orgs.find((o) => !view.returnedBy.includes(o.orgId))?.orgId;
  // The best suggestion is the default: accepting it is one more key (Ctrl+Enter).
  useEffect(() => {
    if (top && !form.getFieldValue('leadOrg')) form.setFieldValue('leadOrg', top);
  }, [top, form]);
  return (
    <>
      {view.status === 'returned' && returned.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('hotline.actions.returnedBy', { org: returned[returned.length - 1]!.org.name })} description={returned[returned.length - 1]!.returnReason} />
      )}
      <Form.Item label={t('hotline.dispatch.suggested')}>
        <SuggestedOrgs suggestion={suggestion.data} chosen={lead} excluded={view.returnedBy} onPick={(orgId) => form.setFieldValue('leadOrg', orgId)} />
      </Form.Item>
      <DispatchFields />
    </>
  );
}

/** The fields of each step's form. */
function StepFields({ action, view, form, cited, onCite }: { action: TicketAction; view: TicketView; form: FormInstance<Values>; cited: CitedSource[]; onCite: (c: CitedSource) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data;
  const required = [{ required: true, whitespace: true, message: t('hotline.actions.required') }];
  const reached = Form.useWatch('reached', form);
  const note = (label: string, placeholder?: string) => (
    <Form.Item name="text" label={label} rules={required}>
      <Input.TextArea rows={4} maxLength={1000} showCount autoFocus placeholder={placeholder} />
    </Form.Item>
  );
  switch (action) {
    case 'answer':
      return (
        <>
          <Form.Item name="text" label={t('hotline.actions.answerText')} rules={required}>
            <Input.TextArea rows={4} maxLength={4000} showCount autoFocus />
          </Form.Item>
          <div className="hotline-kb-inline">
            <KnowledgePanel q={view.description.slice(0, 100)} category={view.categoryCode} cited={cited} onToggle={onCite} />
          </div>
        </>
      );
    case 'dispatch':
      return <DispatchStep view={view} form={form} />;
    case 'insist':
      return note(t('hotline.actions.insistNote'), t('hotline.actions.insistPlaceholder'));
    case 'reply': {
      // The organisation's own open task; staff of a government above several handlers choose.
      const mine = view.tasks.filter((x) => x.round === view.round && x.status === 'open');
      return (
        <>
          {mine.length > 1 && (
            <Form.Item name="taskId" label={t('hotline.actions.replyFor')} rules={[{ required: true }]}>
              <Select options={mine.map((x) => ({ value: x.id, label: `${pick(x.org.name, x.org.nameEn)} · ${t(`hotline.taskRole.${x.role}`)}` }))} />
            </Form.Item>
          )}
          {mine.length === 1 && (
            <Form.Item name="taskId" hidden>
              <Input />
            </Form.Item>
          )}
          <Form.Item name="text" label={t('hotline.actions.replyText')} rules={required} extra={t('hotline.actions.replyHelp')}>
            <Input.TextArea rows={6} maxLength={4000} showCount autoFocus />
          </Form.Item>
          <Form.Item name="files" label={t('hotline.attachments.label')} valuePropName="value">
            <AttachmentUpload />
          </Form.Item>
          {me?.org && !mine.some((x) => x.orgId === me.org!.id) && mine.length === 1 && <Typography.Text type="secondary">{t('hotline.actions.replyAbove', { org: pick(mine[0]!.org.name, mine[0]!.org.nameEn) })}</Typography.Text>}
        </>
      );
    }
    case 'returnDispatch':
      return (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('hotline.actions.returnOnce')} />
          <Form.Item name="reason" label={t('hotline.actions.returnReason')} rules={required}>
            <Input.TextArea rows={4} maxLength={1000} showCount autoFocus placeholder={t('hotline.actions.returnPlaceholder')} />
          </Form.Item>
        </>
      );
    case 'requestExtension':
      return (
        <>
          <Form.Item name="days" label={t('hotline.actions.extensionDays')} rules={[{ required: true, message: t('hotline.actions.required') }]}>
            <InputNumber min={1} max={30} precision={0} autoFocus suffix={t('hotline.actions.workingDays')} />
          </Form.Item>
          <Form.Item name="reason" label={t('hotline.actions.extensionReason')} rules={required} extra={t('hotline.actions.extensionOnce')}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </>
      );
    case 'decideExtension':
      return (
        <>
          {view.extension && (
            <Alert type="info" style={{ marginBottom: 12 }} title={t('hotline.actions.extensionAsked', { days: view.extension.days })} description={view.extension.reason} />
          )}
          <Form.Item name="approve" label={t('hotline.actions.decision')} rules={[{ required: true, message: t('hotline.actions.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('hotline.actions.approve') }, { value: false, label: t('hotline.actions.refuse') }]} />
          </Form.Item>
          <Form.Item name="text" label={t('hotline.actions.decisionNote')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
    case 'callback':
      return (
        <>
          <div className="hotline-callback-caller">
            <CallerText caller={view.caller} />
          </div>
          <Form.Item name="reached" label={t('hotline.actions.reached')} rules={[{ required: true, message: t('hotline.actions.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('hotline.callback.reached') }, { value: false, label: t('hotline.callback.notReached') }]} />
          </Form.Item>
          {reached === true && (
            <Form.Item name="satisfied" label={t('hotline.actions.satisfied')} rules={[{ required: true, message: t('hotline.actions.required') }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('hotline.callback.satisfied') }, { value: false, label: t('hotline.callback.notSatisfied') }]} />
            </Form.Item>
          )}
          <Form.Item name="text" label={t('hotline.actions.callbackNote')} rules={required}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('hotline.actions.callbackPlaceholder')} />
          </Form.Item>
        </>
      );
    case 'reopen':
      return (
        <Form.Item name="reason" label={t('hotline.actions.reopenReason')} rules={required} extra={t('hotline.actions.reopenOnce')}>
          <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
        </Form.Item>
      );
    case 'close':
      return note(t('hotline.actions.closeNote'), t('hotline.actions.closePlaceholder'));
    case 'merge':
      return <MergeTarget view={view} />;
    default:
      return null;
  }
}

/** The form's starting values: the handling organisation's own task, the top suggestion as the lead. */
function startValues(action: TicketAction, view: TicketView, myOrgId: string | undefined): Values {
  if (action === 'reply') {
    const open = view.tasks.filter((x) => x.round === view.round && x.status === 'open');
    return { taskId: (open.find((x) => x.orgId === myOrgId) ?? (open.length === 1 ? open[0] : undefined))?.id, files: [] };
  }
  if (action === 'requestExtension') return { days: 3 };
  return {};
}

/** The actions allowed now, as buttons with their shortcuts; each opens its form, sent with the version read. */
export function ActionPanel({ view, onReload }: { view: TicketView; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const me = useMe().data;
  const step = useTicketStep();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<TicketAction | null>(null);
  const [stale, setStale] = useState(false);
  const [cited, setCited] = useState<CitedSource[]>([]);
  const allowed = order.filter((a) => view.allowedActions.includes(a));
  // Dispatching a returned ticket is its re-dispatch (改派).
  const label = (a: TicketAction) => (a === 'dispatch' && view.status === 'returned' ? t('hotline.actions.labels.redispatch') : t(`hotline.actions.labels.${a}`));

  const begin = (a: TicketAction) => {
    form.resetFields();
    form.setFieldsValue(startValues(a, view, me?.org?.id));
    setCited([]);
    setOpen(a);
  };
  const send = async (values: Values) => {
    if (!open) return;
    if (stillUploading(values.files)) return void message.warning(t('hotline.attachments.wait'));
    const body = stepOf(open, values, view.version, cited);
    if (!body) return;
    try {
      await step.mutateAsync({ id: view.id, ...body });
      void message.success(t('hotline.actions.done', { action: label(open) }));
      setOpen(null);
    } catch (err) {
      // Someone else moved the ticket first: what the form was about may no longer hold.
      if (isProblem(err, 'version_conflict') || isProblem(err, 'hotline.invalid_transition')) {
        setOpen(null);
        setStale(true);
      } else onProblem(err, { form, fields: { reason: 'reason', note: 'text', fileIds: 'files' } });
    }
  };

  return (
    <Card title={<><ThunderboltOutlined /> {t('hotline.actions.title')}</>} data-testid="ticket-actions">
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('hotline.actions.staleTitle')}
          action={
            <Button
              size="small"
              icon={<ReloadOutlined />}
              onClick={() => {
                setStale(false);
                onReload();
              }}
            >
              {t('common.reload')}
            </Button>
          }
          data-testid="ticket-stale"
        />
      )}
      {allowed.length === 0 ? (
        <Typography.Text type="secondary">{t('hotline.actions.none')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {allowed.map((a) => (
            <ShortcutButton key={a} shortcut={keys[a]!} block type={primary.includes(a) ? 'primary' : 'default'} disabled={step.isPending || stale} onClick={() => begin(a)} data-action={a}>
              {label(a)}
            </ShortcutButton>
          ))}
        </Space>
      )}
      <Modal
        open={open !== null}
        title={open ? label(open) : ''}
        okText={open ? label(open) : ''}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        confirmLoading={step.isPending}
        width={open === 'answer' || open === 'dispatch' ? 720 : 560}
        forceRender
      >
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void send(v)}
          onKeyDown={(e) => {
            // Ctrl+Enter sends from a text box.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
          }}
        >
          {open && (
            <StepFields
              action={open}
              view={view}
              form={form}
              cited={cited}
              onCite={(c) => setCited((all) => toggleCited(all, c))}
            />
          )}
        </Form>
      </Modal>
      {allowed.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
          {t('hotline.actions.keysHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
