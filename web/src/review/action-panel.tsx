import { MinusCircleOutlined, PlusOutlined, SafetyCertificateOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deliveryMethods, suspendReasons, type CaseAction, type DeliveryMethod } from '../../../common/cases.js';
import { useMe } from '../api/auth.js';
import { isProblem } from '../api/client.js';
import type { CaseView } from '../api/cases.js';
import { useOrg } from '../api/orgs.js';
import { useReviewStep, type ReviewStep } from '../api/review.js';
import { ShortcutButton } from '../shared/shortcuts.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgPicker } from '../shared/org-picker.js';
import { useProblemHandler } from '../shared/problem.js';
import { OrgName } from './form-data.js';

/** The back office's actions, in the order a case meets them, with their Alt shortcuts. */
const actions = ['startReview', 'answerTask', 'forward', 'openTasks', 'suspend', 'resume', 'extend', 'decide', 'issue', 'deliver', 'recordTrip', 'archive'] as const;
type Action = (typeof actions)[number];
const shortcuts: Partial<Record<Action, string>> = { startReview: 'R', answerTask: 'A', forward: 'M', openTasks: 'T', suspend: 'S', resume: 'U', extend: 'X', decide: 'J', issue: 'I', deliver: 'L' };
/** What the case's next step usually is: shown as the primary button. */
const primary: Action[] = ['startReview', 'answerTask', 'decide', 'issue', 'deliver'];
/** Steps that cannot be taken back: asked again before they are sent. */
const irreversibleActions = ['forward', 'answerTask', 'extend', 'decide', 'issue', 'deliver', 'archive'] as const;
const irreversible: readonly Action[] = irreversibleActions;
const isIrreversible = (a: Action): a is (typeof irreversibleActions)[number] => irreversible.includes(a);
/** Steps taken with one click (the others open a form). */
const direct: Action[] = ['startReview', 'archive'];

const isAction = (a: CaseAction): a is Action => (actions as readonly string[]).includes(a);

interface Values {
  opinion?: string;
  orgIds?: (string | undefined)[];
  question?: string;
  days?: number;
  agrees?: boolean;
  reason?: string;
  expectedDays?: number;
  note?: string;
  outcome?: 'approve' | 'deny';
  reasons?: string;
  validYears?: number | null;
  method?: DeliveryMethod;
  address?: string;
}

/** The applicant's delivery choice (chosen when filing or later): the default of the delivery form. */
function deliveryChoiceOf(view: CaseView): { method: DeliveryMethod; address?: string } | undefined {
  const choice = view.case.deliveryChoice;
  if (!choice) return undefined;
  // For express, the recipient and phone travel with the address on the waybill.
  const address = [choice.recipient, choice.phone, choice.address].filter(Boolean).join(' ');
  return { method: choice.method, ...(address ? { address } : {}) };
}

/** The body of each step, from the form's values and the version read. */
function stepOf(action: Action, v: Values, view: CaseView, taskId: string | undefined): ReviewStep {
  const version = view.case.version;
  switch (action) {
    case 'startReview':
      return { step: 'start-review', body: { version } };
    case 'forward':
      return { step: 'forward', body: { version, opinion: v.opinion!.trim() } };
    case 'openTasks':
      return { step: 'tasks', body: { version, orgIds: [...new Set(v.orgIds!.filter((o): o is string => !!o))], question: v.question!.trim(), days: v.days! } };
    case 'answerTask':
      return { step: 'answer', taskId: taskId!, body: { version, agrees: v.agrees!, opinion: v.opinion!.trim() } };
    case 'suspend':
      return { step: 'suspend', body: { version, reason: v.reason as (typeof suspendReasons)[number], expectedDays: v.expectedDays!, note: v.note!.trim() } };
    case 'resume':
      return { step: 'resume', body: { version, ...(v.note?.trim() ? { note: v.note.trim() } : {}) } };
    case 'extend':
      return { step: 'extend', body: { version, reason: v.reason!.trim() } };
    case 'decide':
      return { step: 'decide', body: { version, outcome: v.outcome!, reasons: v.reasons!.trim() } };
    case 'issue':
      return { step: 'issue', body: { version, ...(v.validYears ? { validYears: v.validYears } : {}) } };
    case 'deliver':
      return { step: 'deliver', body: { version, method: v.method!, ...(v.method === 'express' ? { address: v.address!.trim() } : {}) } };
    case 'recordTrip':
      return { step: 'trips', body: { version, reason: v.reason!.trim() } };
    case 'archive':
      return { step: 'archive', body: { version } };
  }
}

/** A decision is signed with the deciding organisation's approval seal (Art. 38) and cannot be changed after. */
function SealNote({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const org = useOrg(orgId);
  return <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('review.actions.sealNote', { org: org.data ? pick(org.data.name, org.data.nameEn) : '…' })} data-testid="decide-seal-note" />;
}

/** The fields of each step's form. */
function ActionFields({ action, view, taskQuestion, within }: { action: Action; view: CaseView; taskQuestion?: string; within?: string }) {
  const { t } = useTranslation();
  const c = view.case;
  const required = [{ required: true, whitespace: true, message: t('review.actions.required') }];
  const method = Form.useWatch<DeliveryMethod | undefined>('method');
  const outcome = Form.useWatch<'approve' | 'deny' | undefined>('outcome');
  const choice = deliveryChoiceOf(view);
  switch (action) {
    case 'forward':
      return (
        <>
          <Form.Item label={t('review.actions.forwardTo')}>
            <Typography.Text strong>
              <OrgName id={c.decisionOrgId} />
            </Typography.Text>
          </Form.Item>
          <Form.Item name="opinion" label={t('review.actions.opinion')} rules={required} extra={t('review.actions.forwardHelp')}>
            <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('review.actions.opinionPlaceholder')} autoFocus />
          </Form.Item>
        </>
      );
    case 'openTasks':
      return (
        <>
          <Form.List name="orgIds">
            {(fields, { add, remove }) => (
              <Form.Item label={t('review.actions.taskOrgs')} required extra={t('review.actions.tasksHelp')}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" style={{ width: '100%' }}>
                      <Form.Item name={field.name} noStyle rules={[{ required: true, message: t('review.actions.taskOrgRequired') }]}>
                        <OrgPicker
                          within={within}
                          selectable={(o) => o.kind === 'department' && o.id !== c.handlerOrgId}
                          placeholder={t('review.actions.taskOrg')}
                          aria-label={t('review.actions.taskOrg')}
                          style={{ width: 360 }}
                        />
                      </Form.Item>
                      {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />}
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                    {t('review.actions.addTaskOrg')}
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name="question" label={t('review.actions.question')} rules={required}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('review.actions.questionPlaceholder')} />
          </Form.Item>
          <Form.Item name="days" label={t('review.actions.taskDays')} rules={[{ required: true, message: t('review.actions.required') }]}>
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
        </>
      );
    case 'answerTask':
      return (
        <>
          {taskQuestion && (
            <Form.Item label={t('review.actions.question')}>
              <Typography.Text>{taskQuestion}</Typography.Text>
            </Form.Item>
          )}
          <Form.Item name="agrees" label={t('review.actions.agreesLabel')} rules={[{ required: true, message: t('review.actions.required') }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: t('review.opinions.agrees') },
                { value: false, label: t('review.opinions.disagrees') },
              ]}
            />
          </Form.Item>
          <Form.Item name="opinion" label={t('review.actions.answer')} rules={required}>
            <Input.TextArea rows={4} maxLength={2000} showCount autoFocus />
          </Form.Item>
        </>
      );
    case 'suspend':
      return (
        <>
          <Form.Item name="reason" label={t('review.actions.suspendReason')} rules={[{ required: true, message: t('review.actions.required') }]} extra={t('review.actions.suspendHelp')}>
            <Select options={suspendReasons.map((r) => ({ value: r, label: t(`enums.suspendReason.${r}`) }))} placeholder={t('review.actions.suspendReason')} />
          </Form.Item>
          <Form.Item name="expectedDays" label={t('review.actions.expectedDays')} rules={[{ required: true, message: t('review.actions.required') }]}>
            <InputNumber min={1} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="note" label={t('review.actions.suspendNote')} rules={required}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </>
      );
    case 'resume':
      return (
        <Form.Item name="note" label={t('review.actions.resumeNote')}>
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus />
        </Form.Item>
      );
    case 'extend':
      return (
        <Form.Item name="reason" label={t('review.actions.extendReason')} rules={required} extra={t('review.actions.extendHelp')}>
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus />
        </Form.Item>
      );
    case 'decide':
      return (
        <>
          <Form.Item name="outcome" label={t('review.actions.outcome')} rules={[{ required: true, message: t('review.actions.required') }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'approve', label: t('enums.outcome.approve') },
                { value: 'deny', label: t('enums.outcome.deny') },
              ]}
            />
          </Form.Item>
          <Form.Item name="reasons" label={t('review.actions.reasons')} rules={required}>
            <Input.TextArea rows={5} maxLength={4000} showCount placeholder={outcome === 'deny' ? t('review.actions.reasonsDeny') : t('review.actions.reasonsApprove')} />
          </Form.Item>
          {outcome === 'deny' && <Alert type="warning" showIcon title={t('review.actions.denyNote')} style={{ marginBottom: 12 }} />}
          <SealNote orgId={c.decisionOrgId} />
        </>
      );
    case 'issue':
      return (
        <Form.Item name="validYears" label={t('review.actions.validYears')} extra={t('review.actions.issueHelp')}>
          <InputNumber min={1} max={30} precision={0} placeholder={t('review.actions.noExpiry')} />
        </Form.Item>
      );
    case 'deliver':
      return (
        <>
          <Form.Item name="method" label={t('review.actions.method')} rules={[{ required: true, message: t('review.actions.required') }]} extra={choice ? t('review.actions.applicantChose', { method: t(`enums.deliveryMethod.${choice.method}`) }) : t('review.actions.noChoice')}>
            <Radio.Group options={deliveryMethods.map((m) => ({ value: m, label: t(`enums.deliveryMethod.${m}`) }))} />
          </Form.Item>
          {method === 'express' && (
            <Form.Item name="address" label={t('review.actions.address')} rules={required}>
              <Input.TextArea rows={2} maxLength={300} placeholder={t('review.actions.addressPlaceholder')} />
            </Form.Item>
          )}
          {method === 'window' && <Alert type="warning" showIcon title={t('review.actions.windowTrip')} />}
        </>
      );
    case 'recordTrip':
      return (
        <Form.Item name="reason" label={t('review.actions.tripReason')} rules={required}>
          <Input maxLength={300} autoFocus />
        </Form.Item>
      );
    default:
      return null;
  }
}

/** What a form starts with: the applicant's delivery choice, one department row, five working days… */
function initialValues(action: Action, view: CaseView): Values {
  const choice = deliveryChoiceOf(view);
  switch (action) {
    case 'openTasks':
      return { orgIds: [undefined], days: 5 };
    case 'answerTask':
      return { agrees: true };
    case 'suspend':
      return { expectedDays: 5 };
    case 'decide':
      return { outcome: 'approve' };
    case 'issue':
      return { validYears: 5 };
    case 'deliver':
      return { method: choice?.method ?? 'electronic', address: choice?.address ?? '' };
    default:
      return {};
  }
}

/**
 * The actions the server allows this reviewer on this case now (`allowedActions`), each a button with
 * an Alt shortcut; irreversible ones are confirmed, and a stale version shows as "someone else changed
 * this case" with a reload.
 */
export function ActionPanel({ view, onReload }: { view: CaseView; onReload: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const onProblem = useProblemHandler();
  const me = useMe().data;
  const step = useReviewStep(view.case.id);
  const [open, setOpen] = useState<Action | null>(null);
  const [conflict, setConflict] = useState(false);
  const [form] = Form.useForm<Values>();
  const myDepartment = useOrg(me?.org?.id);
  const allowed = actions.filter((a) => view.allowedActions.filter(isAction).includes(a));
  const openTasks = view.tasks.filter((task) => task.status === 'open');
  const myTask = openTasks.find((task) => task.orgId === me?.org?.id) ?? openTasks[0];
  const label = (a: Action) => t(`review.actions.labels.${a}`);

  const send = async (action: Action, values: Values) => {
    try {
      await step.mutateAsync(stepOf(action, values, view, myTask?.id));
      void message.success(t('review.actions.done', { action: label(action) }));
      setOpen(null);
    } catch (err) {
      // Someone moved the case first: what this form was about may no longer hold.
      if (isProblem(err, 'version_conflict') || isProblem(err, 'case.invalid_transition')) {
        setConflict(true);
        setOpen(null);
      } else onProblem(err, { form });
    }
  };

  const confirmThen = (action: Action, values: Values) => {
    if (!isIrreversible(action)) return void send(action, values);
    modal.confirm({
      title: t('review.actions.confirmTitle', { action: label(action) }),
      content: (
        <>
          <p>{t(`review.actions.confirmText.${action}`)}</p>
          <Typography.Text type="secondary">{t('review.actions.irreversible')}</Typography.Text>
        </>
      ),
      okText: label(action),
      cancelText: t('common.cancel'),
      onOk: () => send(action, values),
    });
  };

  const start = (action: Action) => {
    if (direct.includes(action)) return confirmThen(action, {});
    form.resetFields();
    form.setFieldsValue(initialValues(action, view));
    setOpen(action);
  };

  return (
    <Card
      title={
        <>
          <ThunderboltOutlined /> {t('review.actions.title')}
        </>
      }
      className="review-actions"
      data-testid="review-actions"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('review.actions.conflictTitle')}
          description={
            <>
              <div>{t('review.actions.conflictText')}</div>
              <Button
                size="small"
                type="primary"
                style={{ marginTop: 8 }}
                onClick={() => {
                  setConflict(false);
                  onReload();
                }}
              >
                {t('review.actions.reload')}
              </Button>
            </>
          }
          data-testid="version-conflict"
        />
      )}
      {allowed.length === 0 ? (
        <Typography.Text type="secondary">{t('review.actions.none')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {allowed.map((a) => {
            const key = shortcuts[a];
            const props = { key: a, block: true, type: primary.includes(a) ? ('primary' as const) : ('default' as const), onClick: () => start(a), disabled: step.isPending || conflict, 'data-action': a };
            return key ? (
              <ShortcutButton shortcut={key} {...props}>
                {label(a)}
              </ShortcutButton>
            ) : (
              <Button {...props}>{label(a)}</Button>
            );
          })}
        </Space>
      )}
      <Modal
        open={open !== null}
        title={open ? label(open) : ''}
        okText={open && irreversible.includes(open) ? t('review.actions.next') : open ? label(open) : ''}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        confirmLoading={step.isPending}
        width={620}
        forceRender
      >
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => open && confirmThen(open, values)}
          onKeyDown={(e) => {
            // Ctrl+Enter sends the form from a text box, as in mail.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
          }}
        >
          {open && <ActionFields action={open} view={view} taskQuestion={myTask?.question} within={myDepartment.data?.parentId ?? undefined} />}
        </Form>
      </Modal>
      {allowed.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
          {t('review.actions.shortcutHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

