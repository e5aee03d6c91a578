import { BookOutlined, PhoneOutlined, SendOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Card, Col, Form, Input, Radio, Row, Skeleton, Space, Tag, Typography, type GetRef, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketTypes, ticketUrgencies, type TicketType, type TicketUrgency } from '../../../../common/hotline.js';
import { useDispatchSuggestion, useFileTicket, useHotlineSettings, useTicketStep, type NewTicketBody, type TicketView } from '../../api/hotline.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { ShortcutButton, useShortcut } from '../../shared/shortcuts.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { AttachmentUpload, attachmentIds, stillUploading, type Attachment } from '../attachments.js';
import { CategorySelect } from '../category-select.js';
import { SuggestedCategories, SuggestedOrgs } from '../dispatch-fields.js';
import { KnowledgePanel, sourceKey, toggleCited, type CitedSource } from '../knowledge-panel.js';
import { CallerFields, callerBody, LocationFields, locationBody, type CallerValues, type LocationValues } from '../ticket-fields.js';
import '../hotline.css';
import { FiledResult } from './filed-result.js';
import { IntakeHints } from './intake-hints.js';

interface IntakeValues extends CallerValues, LocationValues {
  type: TicketType;
  urgency: TicketUrgency;
  categoryCode?: string;
  description?: string;
  files?: Attachment[];
  answer?: string;
}

type Finish = 'answer' | 'dispatch' | 'file';

/** Words that say nothing about what a call is about. */
const STOP_WORDS = new Set(
  '请问 您好 你好 什么 什么时候 时候 开始 家里 需要 哪里 咨询 办理 要求 一家 以后 我们 你们 他们 这个 那个 怎么 怎么办 为什么 可以 已经 没有 现在 今天 昨天 反映 来电 市民 问题 情况 希望 能否 是否 还是 就是 因为 所以 但是 如果 这样 一下 知道 不知道 多少'.split(' '),
);

/**
 * Words to look up while the description is typed: its three longest meaningful words (the knowledge
 * search wants a few words, not a paragraph). Chinese is cut into words by the browser (Intl.Segmenter).
 */
export function autoQuery(description: string): string {
  const text = description.slice(0, 500);
  const words =
    typeof Intl.Segmenter === 'function'
      ? [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].filter((w) => w.isWordLike).map((w) => w.segment)
      : text.split(/[\s，。？！；、,.?!;]+/u);
  const meaningful = [...new Set(words.map((w) => w.trim()).filter((w) => Array.from(w).length >= 2 && !STOP_WORDS.has(w)))];
  return meaningful
    .map((w, i) => ({ w, i }))
    .sort((a, b) => Array.from(b.w).length - Array.from(a.w).length || a.i - b.i)
    .slice(0, 3)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.w)
    .join(' ');
}

/** The shortcut legend over the form: the screen is worked from the keyboard. */
function KeyLegend() {
  const { t } = useTranslation();
  const keys: [string, string][] = [
    ['Alt+P', t('hotline.intake.keys.caller')],
    ['Alt+1–6', t('hotline.intake.keys.type')],
    ['Alt+W', t('hotline.intake.keys.description')],
    ['Alt+K', t('hotline.intake.keys.knowledge')],
    ['Alt+Y', t('hotline.intake.keys.category')],
    ['Alt+A', t('hotline.intake.keys.answer')],
    ['Alt+G', t('hotline.intake.keys.dispatch')],
    ['Alt+S', t('hotline.intake.keys.file')],
    ['Alt+N', t('hotline.intake.keys.next')],
  ];
  return (
    <div className="hotline-legend" aria-label={t('hotline.intake.keys.title')}>
      {keys.map(([k, what]) => (
        <span key={k}>
          <kbd>{k}</kbd> {what}
        </span>
      ))}
    </div>
  );
}

/** One call, from the caller's number to the ticket's number read back to them. */
function IntakeCall({ centreRegion, onNext }: { centreRegion: string | undefined; onNext: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<IntakeValues>();
  const phone = useRef<InputRef>(null);
  const describe = useRef<GetRef<typeof Input.TextArea>>(null);
  const kbInput = useRef<InputRef>(null);
  const description = Form.useWatch('description', form) ?? '';
  const categoryCode = Form.useWatch('categoryCode', form);
  const regionCode = Form.useWatch('regionCode', form);
  const townshipCode = Form.useWatch('townshipCode', form);
  const address = Form.useWatch('address', form);
  const text = useDebounced(description.trim(), 400);
  const suggestion = useDispatchSuggestion(text.slice(0, 4000), categoryCode, regionCode);
  const [kbText, setKbText] = useState('');
  const auto = useDebounced(autoQuery(description), 400);
  const kbQuery = kbText.trim() || auto;
  const [cited, setCited] = useState<CitedSource[]>([]);
  const [chosenLead, setChosenLead] = useState<string>();
  const lead = chosenLead ?? suggestion.data?.orgs[0]?.orgId;
  const fileTicket = useFileTicket();
  const step = useTicketStep();
  const [filed, setFiled] = useState<{ view: TicketView; dispatchError?: unknown }>();
  const busy = fileTicket.isPending || step.isPending;

  ticketTypes.forEach((type, i) => useShortcut(String(i + 1), () => form.setFieldValue('type', type), !filed));
  useShortcut('P', () => phone.current?.focus(), !filed);
  useShortcut('W', () => describe.current?.focus(), !filed);
  useShortcut('K', () => kbInput.current?.focus(), !filed);
  useShortcut('Y', () => suggestion.data?.categories[0] && form.setFieldValue('categoryCode', suggestion.data.categories[0].code), !filed);

  const finish = async (how: Finish) => {
    let v: IntakeValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    if (stillUploading(v.files)) return void message.warning(t('hotline.attachments.wait'));
    const answer = v.answer?.trim();
    if (how === 'answer' && !answer) {
      form.setFields([{ name: 'answer', errors: [t('hotline.intake.answerRequired')] }]);
      return;
    }
    if (how === 'dispatch' && !lead) return void message.warning(t('hotline.intake.leadRequired'));
    const body: NewTicketBody = {
      type: v.type,
      urgency: v.urgency,
      categoryCode: v.categoryCode!,
      description: v.description!.trim(),
      caller: callerBody(v),
      ...locationBody(v),
      ...(attachmentIds(v.files).length ? { fileIds: attachmentIds(v.files) } : {}),
      ...(how === 'answer' ? { answer: { text: answer!, sources: cited.map((c) => c.source) } } : {}),
    };
    let view: TicketView;
    try {
      view = await fileTicket.mutateAsync(body);
    } catch (err) {
      return onProblem(err, { form, fields: { caller: 'phone', fileIds: 'files' } });
    }
    if (how !== 'dispatch') return setFiled({ view });
    try {
      setFiled({ view: await step.mutateAsync({ id: view.id, step: 'dispatch', body: { version: view.version, leadOrg: lead! } }) });
    } catch (err) {
      setFiled({ view, dispatchError: err });
    }
  };

  if (filed) return <FiledResult view={filed.view} dispatchError={filed.dispatchError} onNext={onNext} />;

  return (
    <Form<IntakeValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      disabled={busy}
      initialValues={{ type: 'consultation', urgency: 'normal', regionCode: centreRegion, files: [] }}
      onValuesChange={(changed: Partial<IntakeValues>) => {
        // Another text or place may mean another organisation: the suggestion leads again.
        if ('description' in changed || 'categoryCode' in changed || 'regionCode' in changed) setChosenLead(undefined);
      }}
      data-testid="intake-form"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={<><PhoneOutlined /> {t('hotline.intake.caller')}</>} size="small">
              <CallerFields phoneRef={phone} phoneAutoFocus />
            </Card>
            <Card title={t('hotline.intake.request')} size="small">
              <Form.Item name="type" label={t('hotline.fields.type')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" buttonStyle="solid" options={ticketTypes.map((x) => ({ value: x, label: t(`hotline.type.${x}`) }))} className="hotline-type-group" />
              </Form.Item>
              <Form.Item name="urgency" label={t('hotline.fields.urgency')}>
                <Radio.Group options={ticketUrgencies.map((x) => ({ value: x, label: t(`hotline.urgency.${x}`) }))} />
              </Form.Item>
              <Form.Item name="description" label={t('hotline.fields.description')} rules={[{ required: true, whitespace: true, message: t('hotline.fields.descriptionRequired') }]}>
                <Input.TextArea ref={describe} rows={4} maxLength={4000} showCount placeholder={t('hotline.intake.descriptionPlaceholder')} />
              </Form.Item>
              <Form.Item name="categoryCode" label={t('hotline.fields.category')} rules={[{ required: true, message: t('hotline.fields.categoryRequired') }]} extra={!categoryCode && <SuggestedCategories suggestion={suggestion.data} onPick={(code) => form.setFieldValue('categoryCode', code)} />}>
                <CategorySelect aria-label={t('hotline.fields.category')} />
              </Form.Item>
              <LocationFields />
              <Form.Item name="files" label={t('hotline.attachments.label')}>
                <AttachmentUpload />
              </Form.Item>
            </Card>
            <IntakeHints categoryCode={categoryCode} regionCode={regionCode} townshipCode={townshipCode} address={address} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }} className="hotline-side">
            <Card title={<><BookOutlined /> {t('hotline.intake.knowledge')}</>} size="small" data-testid="intake-knowledge">
              <Input.Search ref={kbInput} value={kbText} onChange={(e) => setKbText(e.target.value)} allowClear maxLength={100} placeholder={auto ? t('hotline.intake.kbAuto', { words: auto }) : t('hotline.intake.kbPlaceholder')} aria-label={t('hotline.intake.knowledge')} style={{ marginBottom: 12 }} />
              <div className="hotline-kb-scroll">
                <KnowledgePanel
                  q={kbQuery}
                  category={categoryCode}
                  cited={cited}
                  onToggle={(c) => setCited((all) => toggleCited(all, c))}
                />
              </div>
              <Form.Item name="answer" label={t('hotline.intake.answer')} style={{ marginTop: 12 }} extra={t('hotline.intake.answerHelp')}>
                <Input.TextArea rows={3} maxLength={4000} placeholder={t('hotline.intake.answerPlaceholder')} />
              </Form.Item>
              {cited.length > 0 && (
                <Space size={[6, 6]} wrap style={{ marginBottom: 12 }} data-testid="cited-sources">
                  <Typography.Text type="secondary">{t('hotline.intake.cited')}</Typography.Text>
                  {cited.map((c) => (
                    <Tag key={sourceKey(c.source)} closable onClose={() => setCited((all) => all.filter((x) => sourceKey(x.source) !== sourceKey(c.source)))}>
                      {c.title}
                    </Tag>
                  ))}
                </Space>
              )}
              <ShortcutButton shortcut="A" type="primary" block onClick={() => void finish('answer')} loading={busy} data-testid="intake-answer">
                {t('hotline.intake.answerAndClose')}
              </ShortcutButton>
            </Card>
            <Card title={<><SendOutlined /> {t('hotline.intake.dispatch')}</>} size="small" data-testid="intake-dispatch">
              <SuggestedOrgs suggestion={suggestion.data} chosen={lead} onPick={setChosenLead} />
              <div className="hotline-other-org">
                <Typography.Text type="secondary">{t('hotline.intake.otherOrg')}</Typography.Text>
                <OrgPicker within={centreRegion} value={chosenLead} onChange={setChosenLead} allowClear placeholder={t('hotline.dispatch.leadPlaceholder')} aria-label={t('hotline.intake.otherOrg')} style={{ width: '100%' }} />
              </div>
              <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
                <ShortcutButton shortcut="G" type="primary" block icon={<SendOutlined />} onClick={() => void finish('dispatch')} loading={busy} disabled={!lead} data-testid="intake-file-dispatch">
                  {t('hotline.intake.fileAndDispatch')}
                </ShortcutButton>
                <ShortcutButton shortcut="S" block icon={<SaveOutlined />} onClick={() => void finish('file')} loading={busy} data-testid="intake-file">
                  {t('hotline.intake.fileOnly')}
                </ShortcutButton>
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}

/**
 * The agent's intake screen (来电登记), worked from the keyboard: the caller, the kind of request, the
 * category, where, what they say; the knowledge base searched as they speak, a consultation answered
 * on the call and closed with the answer recorded; otherwise the dispatch suggestion taken with one key.
 */
export default function IntakePage() {
  const { t } = useTranslation();
  const settings = useHotlineSettings();
  // Every call starts on a fresh form.
  const [call, setCall] = useState(0);
  const next = () => setCall((n) => n + 1);
  return (
    <div className="hotline-page">
      <PageHeader
        title={t('hotline.intake.title')}
        subtitle={t('hotline.intake.intro')}
        extra={
          <ShortcutButton shortcut="N" icon={<PhoneOutlined />} onClick={next}>
            {t('hotline.intake.newCall')}
          </ShortcutButton>
        }
      />
      <KeyLegend />
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data.centre ? (
        <Card>
          <Typography.Text type="secondary">{t('hotline.noCentre')}</Typography.Text>
        </Card>
      ) : (
        <IntakeCall key={call} centreRegion={settings.data.centre.regionCode} onNext={next} />
      )}
    </div>
  );
}
