import { ArrowLeftOutlined, ArrowRightOutlined, FilePdfOutlined, InboxOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Form, Grid, Row, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticePdfUrl, useNotice } from '../../api/catalog.js';
import { useCase, useFileCase, useGovernmentCopies, type CaseView } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';
import { daysText } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { ApplicantStep, type ApplicantInfo } from './applicant-step.js';
import { DecisionPanel } from './decision-panel.js';
import { isProvided, materialInputOf, type MaterialCheck } from './desk-facts.js';
import { DeskForm } from './desk-form.js';
import { MaterialChecklist } from './material-checklist.js';
import { ServiceStep, type DeskItem } from './service-step.js';
import { ShortcutButton } from '../../shared/shortcuts.js';
import { isAgencyPoint } from './window-context.js';

const stepKeys = ['service', 'applicant', 'materials', 'form', 'decision'] as const;

/** Back (Alt+B) and the step's own forward button (Alt+N unless said otherwise). */
function StepFooter({ onBack, next, nextShortcut = 'N', onNext, loading }: { onBack?: () => void; next: string; nextShortcut?: string; onNext?: () => void; loading?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} className="desk-step-footer">
      {onBack && (
        <ShortcutButton shortcut="B" icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('desk.steps.back')}
        </ShortcutButton>
      )}
      <ShortcutButton shortcut={nextShortcut} type="primary" htmlType={onNext ? 'button' : 'submit'} onClick={onNext} loading={loading} icon={<ArrowRightOutlined />}>
        {next}
      </ShortcutButton>
    </Flex>
  );
}

/** What has been taken down so far, beside the steps. */
function Summary({ window: w, item, notice, applicant, checks, filed }: { window: DeskWindow; item?: DeskItem; notice?: ReturnType<typeof useNotice>['data']; applicant?: ApplicantInfo; checks: Record<string, MaterialCheck>; filed?: CaseView }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const specs = notice?.item.materials ?? [];
  return (
    <Card size="small" title={t('desk.summary.title')} className="desk-summary" data-testid="desk-summary">
      <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('desk.summary.channel')}>
          <Tag color={isAgencyPoint(w) ? 'purple' : 'blue'} style={{ marginInlineEnd: 0 }}>
            {t(`enums.filingChannel.${isAgencyPoint(w) ? 'agencyPoint' : 'window'}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.summary.item')}>{item ? pick(item.name, item.nameEn) : '—'}</Descriptions.Item>
        {item && <Descriptions.Item label={t('desk.summary.handledBy')}>{pick(item.implementer.name, item.implementer.nameEn)}</Descriptions.Item>}
        {item && <Descriptions.Item label={t('desk.summary.promised')}>{daysText(t, item.promisedLimit)}</Descriptions.Item>}
        {notice && (
          <Descriptions.Item label={t('desk.summary.pendingAllowed')}>
            {notice.item.pendingAllowed ? <Tag color="orange">{t('desk.summary.yes')}</Tag> : t('desk.summary.no')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('desk.summary.applicant')}>
          {applicant ? (
            <Space size={6} wrap>
              <span>{applicant.name}</span>
              <span className="mono">{applicant.idNumber}</span>
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {specs.length > 0 && (
          <Descriptions.Item label={t('desk.summary.materials')}>
            {t('desk.summary.materialsCount', { provided: specs.filter((m) => isProvided(checks[m.key])).length, total: specs.length })}
          </Descriptions.Item>
        )}
        {filed && (
          <Descriptions.Item label={t('cases.caseNumber')}>
            <span className="mono">{filed.case.caseNumber}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {item && (
        <a href={noticePdfUrl(item.code, item.implementer.code)} target="_blank" rel="noopener">
          <FilePdfOutlined /> {t('desk.summary.printNotice')}
        </a>
      )}
    </Card>
  );
}

/**
 * A new application at the window: the service among what this window takes in, the applicant, the
 * materials ticked against the one-time notice, the form — filed as the applicant's visit (a trip) — and
 * the intake decision with its notice, without leaving the page. At an agency point it is an agency filing.
 */
export function NewApplication({ window: w, onFiled, onNext }: { window: DeskWindow; onFiled: (caseNumber: string) => void; onNext: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const [step, setStep] = useState(0);
  const [item, setItem] = useState<DeskItem>();
  const notice = useNotice(item?.code, item?.implementer.code);
  const [applicant, setApplicant] = useState<ApplicantInfo>();
  const [checks, setChecks] = useState<Record<string, MaterialCheck>>({});
  // What the government holds for the applicant in front of the clerk (R1.3), once they are known.
  const copies = useGovernmentCopies(applicant ? item?.code : undefined, applicant?.idNumber);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  // One application, one key: a retry after a lost answer returns the case already filed.
  const [key] = useState(() => crypto.randomUUID());
  const [filedView, setFiledView] = useState<CaseView>();
  const live = useCase(filedView?.case.id);
  const filed = live.data ?? filedView;
  const file = useFileCase();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  const version = notice.data?.item;
  const ready = !!version && version.itemCode === item?.code;

  const submit = (data: Record<string, unknown>) => {
    if (!item || !applicant || !version) return;
    setFormData(data);
    const materials = version.materials.filter((m) => isProvided(checks[m.key])).map((m) => materialInputOf(m.key, checks[m.key]!));
    file.mutate(
      { key, itemCode: item.code, org: item.implementer.code, formData: data, materials, windowId: w.id, applicant: { kind: applicant.kind, name: applicant.name, idNumber: applicant.idNumber, ...(applicant.phone ? { phone: applicant.phone } : {}) } },
      {
        onSuccess: (view) => {
          setFiledView(view);
          onFiled(view.case.caseNumber);
          setStep(4);
        },
        onError: (err) => onProblem(err, { form }),
      },
    );
  };

  const body = () => {
    if (step === 0) return <ServiceStep window={w} picked={item} onPick={(i) => { if (i.code !== item?.code) { setChecks({}); setFormData({}); } setItem(i); setStep(1); }} />;
    if (notice.isError) return <LoadError error={notice.error} onRetry={() => void notice.refetch()} />;
    if (!ready) return <Skeleton active paragraph={{ rows: 5 }} />;
    if (step === 1) {
      return <ApplicantStep kinds={version.applicantKinds} value={applicant} onDone={(a) => { setApplicant(a); setStep(2); }} footer={<StepFooter onBack={() => setStep(0)} next={t('desk.steps.toMaterials')} />} />;
    }
    if (step === 2) {
      return (
        <>
          <MaterialChecklist specs={version.materials} checks={checks} copies={copies.data} onChange={(k, c) => setChecks((prev) => ({ ...prev, [k]: c }))} />
          <StepFooter onBack={() => setStep(1)} next={t('desk.steps.toForm')} onNext={() => setStep(3)} />
        </>
      );
    }
    if (step === 3) {
      return (
        <DeskForm
          schema={version.formSchema}
          form={form}
          initial={formData}
          disabled={file.isPending}
          onFinish={submit}
          footer={
            <>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(isAgencyPoint(w) ? 'desk.steps.fileAgencyHint' : 'desk.steps.fileHint')} />
              <StepFooter onBack={() => { setFormData(form.getFieldsValue() as Record<string, unknown>); setStep(2); }} next={t('desk.steps.file')} nextShortcut="S" loading={file.isPending} />
            </>
          }
        />
      );
    }
    if (!filed) return null;
    return (
      <DecisionPanel
        view={filed}
        pendingAllowed={version.pendingAllowed}
        after={
          <ShortcutButton shortcut="N" icon={<UserOutlined />} onClick={onNext}>
            {t('desk.steps.nextApplicant')}
          </ShortcutButton>
        }
      />
    );
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={18}>
        <Card className="desk-wizard">
          {narrow ? (
            <Typography.Text type="secondary" className="desk-steps-text">
              {t('desk.steps.progress', { n: step + 1, total: stepKeys.length, title: t(`desk.steps.${stepKeys[step] ?? 'decision'}`) })}
            </Typography.Text>
          ) : (
            <Steps
              size="small"
              current={step}
              className="desk-steps"
              aria-label={t('desk.steps.label')}
              onChange={filed ? undefined : (s) => s < step && setStep(s)}
              items={stepKeys.map((k, i) => ({ title: t(`desk.steps.${k}`), disabled: !!filed || i > step }))}
            />
          )}
          <Typography.Title level={5} className="desk-step-title">
            {t(`desk.steps.${stepKeys[step] ?? 'decision'}Title`)}
            {item && step > 0 && <Typography.Text type="secondary"> · {pick(item.name, item.nameEn)}</Typography.Text>}
          </Typography.Title>
          {body()}
        </Card>
      </Col>
      <Col xs={24} xl={6}>
        <Summary window={w} item={item} notice={ready ? notice.data : undefined} applicant={applicant} checks={checks} filed={filed} />
        {step < 4 && (
          <Typography.Paragraph type="secondary" className="desk-hint">
            <InboxOutlined /> {t('desk.steps.keyboardHint')}
          </Typography.Paragraph>
        )}
      </Col>
    </Row>
  );
}
