import { ClockCircleOutlined, DownloadOutlined, EditOutlined, FilePdfOutlined, LikeOutlined, SafetyCertificateOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Collapse, Form, Skeleton, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormSchema } from '../../../../common/catalog.js';
import { useItemVersion } from '../../api/catalog.js';
import { caseDocumentUrl, useEvaluations, useSubmitCase, useSupplyPending, type CaseView } from '../../api/cases.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { useProblemHandler } from '../../shared/problem.js';
import { formDataOf, SchemaFields } from '../apply/form-fields.js';
import { doneIds, MaterialUpload, uploading, type MaterialFiles } from '../apply/material-uploads.js';
import '../apply/apply.css';
import { correctionItems, lastEvent, rateableStatuses, specOf } from './case-facts.js';

// What the applicant is expected to do now, first on the case page and in plain words: answer a
// correction request, hand in pending materials, choose delivery, rate, or simply wait (and until when).

type Tone = 'action' | 'urgent' | 'done';

function NextCard({ tone, eyebrow, title, children, actions }: { tone: Tone; eyebrow: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Card className={`case-next case-next-${tone}`} data-testid="case-next">
      <div className="case-next-eyebrow">{eyebrow}</div>
      <Typography.Title level={2} className="case-next-title">
        {title}
      </Typography.Title>
      {children}
      {actions && (
        <Space wrap size={8} className="case-next-actions">
          {actions}
        </Space>
      )}
    </Card>
  );
}

/** Materials to hand in again (or for the first time), each with its own upload; answers the files per key. */
function useMaterialDrafts() {
  const [files, setFiles] = useState<MaterialFiles>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change = (key: string) => (update: MaterialFiles[string] | ((prev: MaterialFiles[string]) => MaterialFiles[string])) => {
    setFiles((prev) => ({ ...prev, [key]: typeof update === 'function' ? update(prev[key] ?? []) : update }));
    setErrors((prev) => ({ ...prev, [key]: '' }));
  };
  return { files, errors, setErrors, change };
}

/**
 * Answering the one-time notice (补正): every material it names is uploaded again right here, the form
 * can be corrected, and the case is resubmitted; the clock has not started meanwhile.
 */
function CorrectionStep({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const c = view.case;
  const items = correctionItems(lastEvent(view, 'requestCorrection'));
  const keys = [...new Set(items.flatMap((i) => (i.materialKey && specOf(view, i.materialKey) ? [i.materialKey] : [])))];
  const general = items.filter((i) => !i.materialKey || !specOf(view, i.materialKey));
  const drafts = useMaterialDrafts();
  const version = useItemVersion(c.itemVersionId);
  const [form] = Form.useForm<Record<string, unknown>>();
  const [editing, setEditing] = useState(general.length > 0);
  const resubmit = useSubmitCase();

  const onResubmit = async () => {
    const missing = Object.fromEntries(keys.filter((k) => !doneIds(drafts.files[k]).length).map((k) => [k, t('caseNext.correction.uploadAgain', { name: pick(specOf(view, k)!.name, specOf(view, k)!.nameEn) })]));
    drafts.setErrors(missing);
    let formData: Record<string, unknown> | undefined;
    if (editing && version.data) {
      try {
        formData = formDataOf(await form.validateFields(), version.data.formSchema as FormSchema);
      } catch {
        void message.error(t('apply.fixErrors'));
        return;
      }
    }
    if (Object.keys(missing).length) {
      document.getElementById(`material-${Object.keys(missing)[0]}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      void message.error(t('apply.fixErrors'));
      return;
    }
    if (uploading(drafts.files)) return void message.warning(t('apply.materials.waitUpload'));
    const materials = Object.entries(drafts.files).flatMap(([key, files]) => (doneIds(files).length ? [{ key, fileIds: doneIds(files) }] : []));
    resubmit.mutate(
      { id: c.id, version: c.version, materials, ...(formData ? { formData } : {}) },
      {
        onSuccess: () => void message.success(t('caseNext.correction.resubmitted')),
        onError: (err) => onProblem(err),
      },
    );
  };

  return (
    <NextCard tone="urgent" eyebrow={t('caseNext.yourTurn')} title={t('caseNext.correction.title')}>
      <Typography.Paragraph style={{ marginBottom: 6 }}>{t('caseNext.correction.intro')}</Typography.Paragraph>
      <ol className="case-next-list" data-testid="case-correction">
        {items.map((i, n) => {
          const spec = i.materialKey ? specOf(view, i.materialKey) : undefined;
          return (
            <li key={n}>
              <Typography.Text strong>{spec ? pick(spec.name, spec.nameEn) : t('caseDetail.correction.general')}</Typography.Text>：{i.note}
            </li>
          );
        })}
      </ol>
      <a href={caseDocumentUrl(c.id, 'correction')} target="_blank" rel="noopener">
        <FilePdfOutlined /> {t('caseDetail.correction.notice')}
      </a>
      <div className="case-correct-form">
        {keys.length > 0 && (
          <div className="apply-materials">
            {keys.map((k, n) => (
              <MaterialUpload
                key={k}
                itemCode={c.itemCode}
                spec={specOf(view, k)!}
                index={n + 1}
                files={drafts.files[k] ?? []}
                onChange={drafts.change(k)}
                error={drafts.errors[k] || undefined}
                note={items.filter((i) => i.materialKey === k).map((i) => i.note).join('；')}
              />
            ))}
          </div>
        )}
        <Collapse
          style={{ marginTop: 12 }}
          activeKey={editing ? ['form'] : []}
          onChange={(k) => setEditing((Array.isArray(k) ? k : [k]).includes('form'))}
          items={[
            {
              key: 'form',
              label: (
                <>
                  <EditOutlined /> {t('caseNext.correction.editForm')}
                </>
              ),
              children: version.isPending ? (
                <Skeleton active />
              ) : version.data ? (
                <Form form={form} layout="vertical" initialValues={c.formData} requiredMark>
                  <SchemaFields schema={version.data.formSchema as FormSchema} />
                </Form>
              ) : null,
            },
          ]}
        />
      </div>
      <Space wrap size={8} className="case-next-actions">
        <Button type="primary" size="large" icon={<SendOutlined />} loading={resubmit.isPending} onClick={() => void onResubmit()} data-testid="case-resubmit">
          {t('caseNext.correction.resubmit')}
        </Button>
      </Space>
    </NextCard>
  );
}

/** Acceptance with pending materials (容缺受理): what is still owed, by when, handed in right here. */
function PendingStep({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const c = view.case;
  const owed = view.materials.filter((m) => m.status === 'pending');
  const drafts = useMaterialDrafts();
  const supply = useSupplyPending();
  const ready = owed.filter((m) => doneIds(drafts.files[m.materialKey]).length);
  return (
    <NextCard
      tone="urgent"
      eyebrow={t('caseNext.yourTurn')}
      title={c.pendingDueOn ? t('caseNext.pending.titleDue', { date: formatDate(c.pendingDueOn, locale, false) }) : t('caseNext.pending.title')}
      actions={
        <Button
          type="primary"
          size="large"
          icon={<UploadOutlined />}
          disabled={!ready.length || uploading(drafts.files)}
          loading={supply.isPending}
          onClick={() =>
            supply.mutate(
              { id: c.id, version: c.version, materials: ready.map((m) => ({ key: m.materialKey, fileIds: doneIds(drafts.files[m.materialKey]) })) },
              { onSuccess: () => void message.success(t('caseNext.pending.done')), onError: (err) => onProblem(err) },
            )
          }
        >
          {t('caseNext.pending.submit', { count: ready.length })}
        </Button>
      }
    >
      <Typography.Paragraph>{t('caseNext.pending.intro')}</Typography.Paragraph>
      {c.commitment && <Typography.Paragraph type="secondary">{t('caseNext.pending.commitment', { text: c.commitment.text })}</Typography.Paragraph>}
      <div className="apply-materials">
        {owed.map((m, n) => {
          const spec = specOf(view, m.materialKey);
          return spec ? <MaterialUpload key={m.materialKey} itemCode={c.itemCode} spec={spec} index={n + 1} files={drafts.files[m.materialKey] ?? []} onChange={drafts.change(m.materialKey)} /> : null;
        })}
      </div>
    </NextCard>
  );
}

/** The one thing the applicant should look at first on the case page. */
export function CaseNextStep({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const c = view.case;
  const can = (a: CaseView['allowedActions'][number]) => view.allowedActions.includes(a);
  const rateable = rateableStatuses.includes(c.status);
  const ratings = useEvaluations({ caseId: c.id, page: 1, pageSize: 1 }, { enabled: rateable });
  const date = (d: string) => formatDate(d, locale, false);

  if (c.status === 'draft')
    return (
      <NextCard
        tone="action"
        eyebrow={t('caseNext.yourTurn')}
        title={t('caseNext.draft.title')}
        actions={
          <LinkButton type="primary" size="large" icon={<EditOutlined />} to={`/apply/${encodeURIComponent(c.itemCode)}?draft=${c.id}`}>
            {t('caseNext.draft.continue')}
          </LinkButton>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('caseNext.draft.text', { time: formatDateTime(c.updatedAt, locale) })}</Typography.Paragraph>
      </NextCard>
    );
  if (c.status === 'correction_requested' && can('resubmit')) return <CorrectionStep view={view} />;
  if (can('supplyPending') && view.materials.some((m) => m.status === 'pending')) return <PendingStep view={view} />;
  if (can('chooseDelivery') && !c.deliveryChoice && c.status === 'decided')
    return (
      <NextCard
        tone="urgent"
        eyebrow={t('caseNext.yourTurn')}
        title={t('caseNext.delivery.title')}
        actions={
          <Button type="primary" size="large" onClick={() => document.getElementById('case-delivery-choice')?.scrollIntoView({ behavior: 'smooth', block: 'center' })}>
            {t('caseNext.delivery.choose')}
          </Button>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('caseNext.delivery.text')}</Typography.Paragraph>
      </NextCard>
    );
  if (rateable && ratings.data && ratings.data.items.length === 0)
    return (
      <NextCard
        tone="done"
        eyebrow={t('caseNext.finished')}
        title={c.outcome === 'deny' ? t('caseNext.rate.titleDenied') : t('caseNext.rate.title')}
        actions={
          <>
            {c.certificateId && (
              <Button type="primary" size="large" icon={<DownloadOutlined />} href={caseDocumentUrl(c.id, 'certificate')} target="_blank" rel="noopener">
                {t('caseDetail.certificate.download')}
              </Button>
            )}
            <Button size="large" icon={<LikeOutlined />} onClick={() => document.getElementById('case-rating')?.scrollIntoView({ behavior: 'smooth', block: 'center' })}>
              {t('caseNext.rate.go')}
            </Button>
          </>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('caseNext.rate.text')}</Typography.Paragraph>
      </NextCard>
    );
  if (c.certificateId && (c.status === 'decided' || c.status === 'delivered' || c.status === 'archived'))
    return (
      <NextCard
        tone="done"
        eyebrow={t('caseNext.finished')}
        title={t('caseNext.certificate.title')}
        actions={
          <>
            <Button type="primary" size="large" icon={<DownloadOutlined />} href={caseDocumentUrl(c.id, 'certificate')} target="_blank" rel="noopener">
              {t('caseDetail.certificate.download')}
            </Button>
            <LinkButton size="large" icon={<SafetyCertificateOutlined />} to={`/verify/${c.certificateId}`}>
              {t('caseDetail.certificate.verify')}
            </LinkButton>
          </>
        }
      />
    );
  // Nothing to do but wait: say for what, and until when.
  let waiting: { title: string; text: string } | undefined;
  if (c.status === 'submitted') waiting = { title: t('caseNext.wait.intake'), text: view.clock.intakeDueOn ? t('caseNext.wait.intakeBy', { date: date(view.clock.intakeDueOn) }) : '' };
  else if (c.status === 'accepted' || c.status === 'in_review') waiting = { title: t('caseNext.wait.review'), text: view.clock.promisedDueOn ? t('caseNext.wait.reviewBy', { date: date(view.clock.promisedDueOn) }) : '' };
  else if (c.status === 'suspended') waiting = { title: t('caseNext.wait.paused'), text: t('caseNext.wait.pausedText') };
  else if (c.status === 'decided') waiting = { title: c.outcome === 'approve' ? t('caseNext.wait.issue') : t('caseNext.wait.delivery'), text: view.clock.certificateDueOn && !c.certificateId ? t('caseNext.wait.issueBy', { date: date(view.clock.certificateDueOn) }) : '' };
  if (!waiting) return null;
  return (
    <NextCard tone="action" eyebrow={t('caseNext.nothingToDo')} title={waiting.title}>
      {waiting.text && (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <ClockCircleOutlined /> <span className="case-next-due">{waiting.text}</span>
        </Typography.Paragraph>
      )}
    </NextCard>
  );
}
