import { CheckOutlined, CloseCircleOutlined, FileExclamationOutlined, MinusCircleOutlined, PlusOutlined, PrinterOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.js';
import { useAddWorkdays } from '../../api/calendar.js';
import { caseDocumentUrl, useAcceptCase, useRefuseIntake, useRequestCorrection, type CaseDocumentKind, type CaseView, type MaterialSpec } from '../../api/cases.js';
import { useCommitmentBreaches } from '../../api/desk.js';
import { useOrg } from '../../api/orgs.js';
import { CaseStatusTag, TripFactsTags } from '../../shared/case-tags.js';
import { formatDate, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { useProblemHandler } from '../../shared/problem.js';
import { awaitingIntake, commitmentText, receivedKeys } from './desk-facts.js';
import { ShortcutButton } from '../../shared/shortcuts.js';

type Choice = 'pending' | 'correction' | 'refuse';

/** Opens a case's printable notice in a new tab (the browser's viewer prints it). */
export function printDocument(caseId: string, kind: CaseDocumentKind): void {
  window.open(caseDocumentUrl(caseId, kind), '_blank', 'noopener');
}

const copiesZh = (m: MaterialSpec) => `${{ original: '原件', copy: '复印件', electronic: '电子文件' }[m.form]}${m.copies > 0 ? `${m.copies}份` : ''}`;

/** Acceptance with pending materials: what is owed, by when, what happens on breach, and the commitment signed. */
function PendingForm({ view, owed, nowReceived, onDone }: { view: CaseView; owed: MaterialSpec[]; nowReceived: string[]; onDone: (v: CaseView) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const accept = useAcceptCase();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ keys: string[]; dueOn: Dayjs; onBreach: 'revoke' | 'terminate'; commitment: string }>();
  const today = todayInShanghai();
  // Five working days by default: time to fetch a paper from home or an office, not to forget it.
  const due = useAddWorkdays(today, 5);
  const [edited, setEdited] = useState(false);
  const keys = Form.useWatch('keys', form);
  const dueOn = Form.useWatch('dueOn', form);
  const onBreach = Form.useWatch('onBreach', form);
  useEffect(() => {
    if (due.data && !form.getFieldValue('dueOn')) form.setFieldValue('dueOn', dayjs(due.data.date));
  }, [due.data, form]);
  useEffect(() => {
    if (edited || !dueOn || !keys) return;
    form.setFieldValue('commitment', commitmentText(view.case.applicant.name, owed.filter((m) => keys.includes(m.key)), dueOn.format('YYYY-MM-DD'), onBreach ?? 'revoke'));
  }, [edited, keys, dueOn, onBreach, owed, view.case.applicant.name, form]);

  return (
    <Form
      form={form}
      layout="vertical"
      className="desk-subform"
      initialValues={{ keys: owed.map((m) => m.key), onBreach: 'revoke' }}
      disabled={accept.isPending}
      onFinish={(v) =>
        accept.mutate(
          { id: view.case.id, version: view.case.version, pending: { materialKeys: v.keys, dueOn: v.dueOn.format('YYYY-MM-DD'), commitment: v.commitment.trim(), onBreach: v.onBreach }, ...(nowReceived.length ? { received: nowReceived.map((key) => ({ key, fileIds: [] })) } : {}) },
          { onSuccess: onDone, onError: (err) => onProblem(err, { form, fields: { pending: 'commitment' } }) },
        )
      }
    >
      <Form.Item name="keys" label={t('desk.decision.owed')} rules={[{ required: true, type: 'array', min: 1, message: t('desk.decision.owedRequired') }]}>
        <Checkbox.Group options={owed.map((m, i) => ({ value: m.key, label: `${pick(m.name, m.nameEn)}（${t(`enums.materialForm.${m.form}`)}）`, autoFocus: i === 0 }))} className="desk-checkbox-column" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="dueOn" label={t('desk.decision.dueOn')} rules={[{ required: true, message: t('desk.decision.dueOnRequired') }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') <= today} />
        </Form.Item>
        <Form.Item name="onBreach" label={t('desk.decision.onBreach')}>
          <Radio.Group options={[{ value: 'revoke', label: t('desk.decision.breach.revoke') }, { value: 'terminate', label: t('desk.decision.breach.terminate') }]} />
        </Form.Item>
      </Flex>
      <Form.Item name="commitment" label={t('desk.decision.commitment')} extra={t('desk.decision.commitmentHelp')} rules={[{ required: true, whitespace: true, message: t('desk.decision.commitmentRequired') }, { max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} onChange={() => setEdited(true)} />
      </Form.Item>
      <ShortcutButton shortcut="P" type="primary" htmlType="submit" loading={accept.isPending} icon={<SafetyOutlined />}>
        {t('desk.decision.confirmPending')}
      </ShortcutButton>
    </Form>
  );
}

interface CorrectionItemValue {
  materialKey?: string;
  note: string;
}

/** The one-time notice: everything missing, each with what to do, and anything else to correct. */
function CorrectionForm({ view, missing, onDone }: { view: CaseView; missing: MaterialSpec[]; onDone: (v: CaseView) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const correct = useRequestCorrection();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ items: CorrectionItemValue[] }>();
  const initial: CorrectionItemValue[] = missing.length ? missing.map((m) => ({ materialKey: m.key, note: `请提交${m.name}（${copiesZh(m)}）` })) : [{ note: '' }];
  const options = view.materialSpecs.map((m) => ({ value: m.key, label: pick(m.name, m.nameEn) }));
  return (
    <Form
      form={form}
      layout="vertical"
      className="desk-subform"
      initialValues={{ items: initial }}
      disabled={correct.isPending}
      onFinish={(v) =>
        correct.mutate(
          { id: view.case.id, version: view.case.version, items: v.items.map((i) => ({ ...(i.materialKey ? { materialKey: i.materialKey } : {}), note: i.note.trim() })) },
          { onSuccess: onDone, onError: (err) => onProblem(err) },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('desk.decision.correctionIntro')}</Typography.Paragraph>
      <Form.List name="items" rules={[{ validator: async (_, items: unknown[]) => { if (!items?.length) throw new Error(t('desk.decision.correctionEmpty')); } }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} align="flex-start" wrap className="desk-correction-row">
                <Form.Item name={[f.name, 'materialKey']} style={{ width: 240, marginBottom: 8 }}>
                  <Select allowClear placeholder={t('desk.decision.general')} options={options} aria-label={t('desk.decision.correctionMaterial', { n: i + 1 })} autoFocus={i === 0} />
                </Form.Item>
                <Form.Item name={[f.name, 'note']} style={{ flex: 1, minWidth: 220, marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('desk.decision.noteRequired') }, { max: 500 }]}>
                  <Input maxLength={500} placeholder={t('desk.decision.notePlaceholder')} aria-label={t('desk.decision.correctionNote', { n: i + 1 })} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('desk.decision.removeItem', { n: i + 1 })} disabled={fields.length === 1} />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ note: '' })} style={{ marginBottom: 16 }}>
              {t('desk.decision.addItem')}
            </Button>
          </>
        )}
      </Form.List>
      <div>
        <ShortcutButton shortcut="C" type="primary" htmlType="submit" loading={correct.isPending} icon={<FileExclamationOutlined />}>
          {t('desk.decision.confirmCorrection')}
        </ShortcutButton>
      </div>
    </Form>
  );
}

/** Refusal of intake: the reason and, when another organisation is competent, which one (Art. 32(a)(b)). */
function RefusalForm({ view, onDone }: { view: CaseView; onDone: (v: CaseView) => void }) {
  const { t } = useTranslation();
  const refuse = useRefuseIntake();
  const onProblem = useProblemHandler();
  const me = useMe().data;
  // The competent organisation may be anywhere in the prefecture: the picker shows the whole tree.
  const myOrg = useOrg(me?.org?.id);
  const root = myOrg.data?.path.split('/').filter(Boolean)[0];
  const [form] = Form.useForm<{ reason: string; competentOrg?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      className="desk-subform"
      disabled={refuse.isPending}
      onFinish={(v) =>
        refuse.mutate({ id: view.case.id, version: view.case.version, reason: v.reason.trim(), ...(v.competentOrg ? { competentOrg: v.competentOrg } : {}) }, { onSuccess: onDone, onError: (err) => onProblem(err, { form }) })
      }
    >
      <Form.Item name="reason" label={t('desk.decision.reason')} rules={[{ required: true, whitespace: true, message: t('desk.decision.reasonRequired') }, { max: 1000 }]}>
        <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} placeholder={t('desk.decision.reasonPlaceholder')} />
      </Form.Item>
      <Form.Item name="competentOrg" label={t('desk.decision.competentOrg')} extra={t('desk.decision.competentOrgHelp')}>
        {root ? <OrgPicker within={root} allowClear style={{ width: '100%', maxWidth: 420 }} aria-label={t('desk.decision.competentOrg')} /> : <Select loading disabled style={{ maxWidth: 420 }} />}
      </Form.Item>
      <ShortcutButton shortcut="R" danger type="primary" htmlType="submit" loading={refuse.isPending} icon={<CloseCircleOutlined />}>
        {t('desk.decision.confirmRefuse')}
      </ShortcutButton>
    </Form>
  );
}

/** "到现场 1 次" with the badges the case has earned so far. */
export function TripCount({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  return (
    <Space size={6} wrap data-testid="desk-trip-count">
      <span>{view.tripFacts.trips === 0 ? t('caseDetail.trips.none') : t('caseDetail.trips.count', { count: view.tripFacts.trips })}</span>
      <TripFactsTags facts={view.tripFacts} />
    </Space>
  );
}

const documentAfter: Partial<Record<CaseView['case']['status'], CaseDocumentKind>> = { accepted: 'acceptance', correction_requested: 'correction', refused: 'refusal' };

/** What the intake decided, with its notice to print (Alt+O). */
function DecisionOutcome({ view, after }: { view: CaseView; after?: ReactNode }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const c = view.case;
  const kind = documentAfter[c.status] ?? (c.acceptedAt ? 'acceptance' : undefined);
  return (
    <Result
      className="desk-outcome"
      status={c.status === 'refused' ? 'warning' : c.status === 'correction_requested' ? 'info' : 'success'}
      title={
        <span data-testid="desk-outcome">
          {t(`desk.decision.outcome.${c.status === 'correction_requested' ? 'correction' : c.status === 'refused' ? 'refused' : c.pendingDueOn ? 'pending' : 'accepted'}`)}
        </span>
      }
      subTitle={
        <Space orientation="vertical" size={4}>
          <span>
            {t('cases.caseNumber')} <span className="mono">{c.caseNumber}</span> · <CaseStatusTag status={c.status} />
          </span>
          {c.pendingDueOn && <span>{t('desk.decision.pendingDue', { date: formatDate(c.pendingDueOn, locale) })}</span>}
          {view.clock.promisedDueOn && c.status === 'accepted' && <span>{t('desk.decision.promisedDue', { date: formatDate(view.clock.promisedDueOn, locale) })}</span>}
          <TripCount view={view} />
        </Space>
      }
      extra={
        <Space wrap>
          {kind && (
            <ShortcutButton shortcut="O" type="primary" icon={<PrinterOutlined />} onClick={() => printDocument(c.id, kind)} autoFocus>
              {t(`desk.decision.print.${kind}`)}
            </ShortcutButton>
          )}
          {after}
        </Space>
      }
    />
  );
}

/**
 * The intake decision on a case, in one place (Art. 32): accept, accept with pending materials (only when
 * the item allows it and the applicant has no broken commitment), the one-time correction notice, or
 * refusal — then its notice to print. `nowReceived` offers paper materials handed over at the window now.
 */
export function DecisionPanel({ view, pendingAllowed, onDecided, after }: { view: CaseView; pendingAllowed: boolean | undefined; onDecided?: (v: CaseView) => void; after?: ReactNode }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { modal } = App.useApp();
  const accept = useAcceptCase();
  const onProblem = useProblemHandler();
  const breaches = useCommitmentBreaches(view.case.applicantId);
  const [choice, setChoice] = useState<Choice | undefined>();
  const [nowReceived, setNowReceived] = useState<string[]>([]);
  const [decided, setDecided] = useState<CaseView | undefined>();
  const done = (v: CaseView) => {
    setDecided(v);
    setChoice(undefined);
    onDecided?.(v);
  };

  if (decided || !awaitingIntake(view)) return <DecisionOutcome view={decided ?? view} after={after} />;

  const received = receivedKeys(view);
  const have = (key: string) => received.has(key) || nowReceived.includes(key);
  const notReceived = view.materialSpecs.filter((m) => !received.has(m.key));
  const missing = view.materialSpecs.filter((m) => !have(m.key));
  const missingRequired = missing.filter((m) => m.kind === 'required');
  const owed = missing.filter((m) => m.kind === 'secondary');
  const barred = (breaches.data?.length ?? 0) > 0;
  const can = (a: CaseView['allowedActions'][number]) => view.allowedActions.includes(a);
  const pendingBlocked = !pendingAllowed ? 'notAllowed' : barred ? 'barred' : missingRequired.length ? 'requiredMissing' : owed.length === 0 ? 'nothingOwed' : undefined;
  const receivedNow = nowReceived.length ? { received: nowReceived.map((key) => ({ key, fileIds: [] })) } : {};

  const confirmAccept = () =>
    modal.confirm({
      title: t('desk.decision.confirmAcceptTitle'),
      content: owed.length ? t('desk.decision.confirmAcceptOwed', { count: owed.length }) : t('desk.decision.confirmAcceptText'),
      okText: t('desk.decision.accept'),
      cancelText: t('common.cancel'),
      autoFocusButton: 'ok',
      onOk: () => accept.mutateAsync({ id: view.case.id, version: view.case.version, ...receivedNow }).then(done, (err: unknown) => onProblem(err)),
    });

  return (
    <Card title={t('desk.decision.title')} className="desk-decision" data-testid="desk-decision">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('cases.caseNumber')}>
          <span className="mono">{view.case.caseNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.status')}>
          <CaseStatusTag status={view.case.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.trips.title')}>
          <TripCount view={view} />
        </Descriptions.Item>
      </Descriptions>
      {notReceived.length > 0 && (
        <div className="desk-now-received">
          <Typography.Text strong>{t('desk.decision.notReceived')}</Typography.Text>
          <Checkbox.Group
            className="desk-checkbox-column"
            value={nowReceived}
            onChange={(v) => setNowReceived(v as string[])}
            options={notReceived.map((m) => ({ value: m.key, label: `${pick(m.name, m.nameEn)} · ${t(`enums.materialKind.${m.kind}`)}` }))}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('desk.decision.nowReceivedHelp')}
          </Typography.Text>
        </div>
      )}
      <Flex gap={8} wrap className="desk-decision-buttons">
        <ShortcutButton shortcut="A" type="primary" icon={<CheckOutlined />} disabled={!can('accept') || missingRequired.length > 0} loading={accept.isPending} onClick={confirmAccept}>
          {t('desk.decision.accept')}
        </ShortcutButton>
        <ShortcutButton shortcut="P" icon={<SafetyOutlined />} disabled={!can('accept') || !!pendingBlocked} type={choice === 'pending' ? 'primary' : 'default'} ghost={choice === 'pending'} onClick={() => setChoice('pending')} aria-expanded={choice === 'pending'}>
          {t('desk.decision.acceptPending')}
        </ShortcutButton>
        <ShortcutButton shortcut="C" icon={<FileExclamationOutlined />} disabled={!can('requestCorrection')} type={choice === 'correction' ? 'primary' : 'default'} ghost={choice === 'correction'} onClick={() => setChoice('correction')} aria-expanded={choice === 'correction'}>
          {t('desk.decision.correction')}
        </ShortcutButton>
        <ShortcutButton shortcut="R" icon={<CloseCircleOutlined />} danger disabled={!can('refuseIntake')} onClick={() => setChoice('refuse')} aria-expanded={choice === 'refuse'}>
          {t('desk.decision.refuse')}
        </ShortcutButton>
      </Flex>
      <ul className="desk-decision-notes">
        {missingRequired.length > 0 && <li>{t('desk.decision.requiredMissing', { names: missingRequired.map((m) => pick(m.name, m.nameEn)).join('、') })}</li>}
        {pendingBlocked && pendingBlocked !== 'requiredMissing' && <li>{t(`desk.decision.pendingBlocked.${pendingBlocked}`)}</li>}
        {!can('requestCorrection') && can('accept') && <li>{t('desk.decision.correctionSent')}</li>}
      </ul>
      {barred && <Alert type="error" showIcon title={t('desk.decision.barred')} style={{ marginBottom: 12 }} />}
      {choice === 'pending' && !pendingBlocked && <PendingForm view={view} owed={owed} nowReceived={nowReceived} onDone={done} />}
      {choice === 'correction' && <CorrectionForm view={view} missing={missing} onDone={done} />}
      {choice === 'refuse' && <RefusalForm view={view} onDone={done} />}
    </Card>
  );
}
