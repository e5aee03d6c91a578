import { CheckCircleOutlined, CloudSyncOutlined, DeleteOutlined, EditOutlined, ExclamationCircleOutlined, FileSearchOutlined, LoadingOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Form, Grid, List, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FormSchema } from '../../../../common/catalog.js';
import { fieldIssues } from '../../../../common/form-schema.js';
import { useMe } from '../../api/auth.js';
import { useNotice, type Notice } from '../../api/catalog.js';
import { ApiProblem, isProblem } from '../../api/client.js';
import { useCase, useCases, useGovernmentCopies, useReusableMaterials, useSubmitCase, useWithdrawCase, type CaseView } from '../../api/cases.js';
import { useCaseFiles } from '../../api/review.js';
import { daysText, TripsTags } from '../../shared/catalog-tags.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { NoticePlace, useOrgParam } from '../catalog/notice-place.js';
import { deliveryBody, DeliveryChoiceFields, deliveryValues, type DeliveryValues } from '../cases/delivery-choice.js';
import { draftDataOf, formDataOf, issueText, SchemaFields } from './form-fields.js';
import { doneIds, MaterialUpload, storedFile, uploading, type MaterialFiles } from './material-uploads.js';
import { ProvisionChoice, provisionsOf, type Provision } from './provision-choice.js';
import { useDraft, type DraftPayload, type SaveStatus } from './use-draft.js';
import './apply.css';

type Values = Record<string, unknown> & { delivery?: DeliveryValues };

function SaveState({ status, savedAt, onRetry, placeChosen }: { status: SaveStatus; savedAt: string | undefined; onRetry: () => void; placeChosen: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  let body: ReactNode;
  if (!placeChosen) body = t('apply.save.needPlace');
  else if (status === 'saving' || status === 'pending') body = (<><LoadingOutlined /> {t('apply.save.saving')}</>);
  else if (status === 'error')
    body = (
      <Typography.Text type="danger">
        <ExclamationCircleOutlined /> {t('apply.save.failed')}{' '}
        <Button type="link" size="small" onClick={onRetry} style={{ padding: 0 }}>
          {t('common.retry')}
        </Button>
      </Typography.Text>
    );
  else if (savedAt) body = (<><CheckCircleOutlined className="apply-saved-icon" /> {t('apply.save.savedAt', { time: formatDateTime(savedAt, locale) })}</>);
  else body = (<><CloudSyncOutlined /> {t('apply.save.auto')}</>);
  return (
    <div className="apply-save-state" role="status" aria-live="polite" data-testid="save-state">
      {body}
    </div>
  );
}

function Section({ n, title, extra, children, id }: { n: number; title: string; extra?: ReactNode; children: ReactNode; id: string }) {
  return (
    <Card
      id={id}
      className="apply-section"
      title={
        <span className="apply-section-title">
          <span className="apply-section-n">{n}</span>
          {title}
        </span>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}

interface ApplyFormProps {
  notice: Notice;
  draft: CaseView | undefined;
  onDraftCreated: (id: string) => void;
}

/** The application itself: place, form, materials, delivery; kept as a draft as it is filled in, submitted at the end. */
function ApplyForm({ notice, draft, onDraftCreated }: ApplyFormProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const onProblem = useProblemHandler();
  const [asked, setOrg] = useOrgParam();
  const narrow = !Grid.useBreakpoint().lg;
  const v = notice.item;
  const code = v.itemCode;
  const schema = v.formSchema as FormSchema;
  const [form] = Form.useForm<Values>();

  // Where: the draft's organisation, else the one asked for in the address, else the only one.
  const draftOrg = draft ? notice.implementers.find((o) => o.id === draft.case.intakeOrgId)?.code : undefined;
  const org = draftOrg ?? (asked && notice.implementers.some((o) => o.code === asked) ? asked : notice.implementers.length === 1 ? notice.implementers[0]!.code : undefined);
  const reusable = useReusableMaterials(code);
  // What the government already holds for these materials (R1.3): used instead of uploads with consent.
  const copies = useGovernmentCopies(code);
  const proofItemOf = useMemo(() => new Map(notice.proofItems.map((p) => [p.materialKey, p.proofItem])), [notice.proofItems]);
  const draftFiles = useCaseFiles(draft?.case.id);
  const [materials, setMaterials] = useState<MaterialFiles>({});
  const [provisions, setProvisions] = useState<Record<string, Provision>>(() => provisionsOf(draft?.materials ?? []));
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  // A draft's files come back with their names once the file list is read.
  const [restored, setRestored] = useState(!draft);
  if (!restored && draft && draftFiles.data) {
    const info = new Map(draftFiles.data.map((f) => [f.id, f]));
    const reuseOf = (level: 'A' | 'B' | 'C' | 'D') => ({ level, originalToCheck: level === 'C' });
    setMaterials(Object.fromEntries(draft.materials.map((m) => [m.materialKey, m.fileIds.flatMap((id) => (info.get(id) ? [storedFile(info.get(id)!, m.reusedFrom?.caseNumber, m.reusedFrom && m.trustLevel ? reuseOf(m.trustLevel) : undefined)] : []))])));
    setRestored(true);
  }

  const initial = useMemo<Values>(() => ({ ...(draft?.case.formData ?? {}), delivery: deliveryValues(draft?.case.deliveryChoice) ?? {} }), [draft]);
  const saver = useDraft({ itemCode: code, org, initial: draft ? { id: draft.case.id, version: draft.case.version, savedAt: draft.case.updatedAt } : null, onCreated: onDraftCreated });
  const submit = useSubmitCase();
  const discard = useWithdrawCase();
  const [submitting, setSubmitting] = useState(false);

  // In the catalog's order: the government's copy or a commitment where chosen, else the files.
  const materialInput = (all: MaterialFiles, provided: Record<string, Provision>) =>
    v.materials.flatMap((m) => {
      const p = provided[m.key];
      if (p && 'replace' in p) return [{ key: m.key, fileIds: [], replace: true }];
      if (p && 'commitment' in p) return p.commitment.trim() ? [{ key: m.key, fileIds: [], commitment: p.commitment.trim() }] : [];
      const ids = doneIds(all[m.key]);
      return ids.length ? [{ key: m.key, fileIds: ids }] : [];
    });
  const payloadOf = (values: Values, all: MaterialFiles, provided: Record<string, Provision>): DraftPayload => ({ formData: draftDataOf(values, schema), materials: materialInput(all, provided), deliveryChoice: deliveryBody(values.delivery) });
  const latestMaterials = useRef(materials);
  latestMaterials.current = materials;
  const latestProvisions = useRef(provisions);
  latestProvisions.current = provisions;
  const changed = () => {
    if (!uploading(latestMaterials.current)) saver.schedule(payloadOf(form.getFieldsValue(true) as Values, latestMaterials.current, latestProvisions.current));
  };
  const changeProvision = (key: string) => (p: Provision | undefined) => {
    setProvisions((prev) => {
      const { [key]: _, ...rest } = prev;
      const next = p ? { ...rest, [key]: p } : rest;
      latestProvisions.current = next;
      return next;
    });
    setMaterialErrors((prev) => ({ ...prev, [key]: '' }));
    queueMicrotask(changed);
  };
  // Once saved, the draft says which certificate or record filled each material: read it again.
  const live = useCase(saver.draft?.id);
  const hasProvisions = Object.keys(provisions).length > 0;
  const refetchLive = live.refetch;
  useEffect(() => {
    if (hasProvisions && saver.status === 'saved') void refetchLive();
  }, [saver.draft?.version, saver.status, hasProvisions, refetchLive]);
  /** The government holds nothing usable for a material: its consent is taken back and it must be uploaded. */
  const onUnavailable = useCallback(
    (err: unknown) => {
      if (!isProblem(err, 'case.replacement_unavailable') || !(err instanceof ApiProblem)) return false;
      const sent = materialInput(latestMaterials.current, latestProvisions.current);
      const keys = err.errors.flatMap((e) => {
        const i = /^\/body\/materials\/(\d+)\/replace$/.exec(e.field)?.[1];
        return i !== undefined && sent[Number(i)] ? [sent[Number(i)]!.key] : [];
      });
      // A certificate revoked since the draft was filled names no index: every material filled from one is asked again.
      const gone = keys.length ? keys : Object.keys(latestProvisions.current).filter((k) => err.errors.some((e) => e.message.startsWith(`${k}:`)));
      for (const key of gone) changeProvision(key)(undefined);
      setMaterialErrors((prev) => ({ ...prev, ...Object.fromEntries(gone.map((k) => [k, t('reuse.apply.unavailable')])) }));
      if (gone[0]) document.getElementById(`material-${gone[0]}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return gone.length > 0;
    },
    // It reads the latest materials and provisions through refs.
    [t],
  );
  const saveError = saver.error;
  useEffect(() => {
    if (saveError) onUnavailable(saveError);
  }, [saveError, onUnavailable]);
  const changeMaterial = (key: string) => (update: MaterialFiles[string] | ((prev: MaterialFiles[string]) => MaterialFiles[string])) => {
    setMaterials((prev) => {
      const next = { ...prev, [key]: typeof update === 'function' ? update(prev[key] ?? []) : update };
      latestMaterials.current = next;
      return next;
    });
    setMaterialErrors((prev) => ({ ...prev, [key]: '' }));
    // Saved once the upload finished (a file on its way has no id yet).
    queueMicrotask(changed);
  };

  /** Every required material has a file, the government's copy or a commitment (DOMAIN: the one-time notice lists them all). */
  const providedOf = (key: string) => {
    const p = provisions[key];
    return p ? 'replace' in p || !!p.commitment.trim() : doneIds(materials[key]).length > 0;
  };
  const missingMaterials = () => Object.fromEntries(v.materials.filter((m) => m.kind === 'required' && !providedOf(m.key)).map((m) => [m.key, t('apply.materials.required', { name: pick(m.name, m.nameEn) })]));

  const onSubmit = async () => {
    const missing = missingMaterials();
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setMaterialErrors(missing);
      void message.error(t('apply.fixErrors'));
      const first = form.getFieldsError().find((f) => f.errors.length);
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    setMaterialErrors(missing);
    if (Object.keys(missing).length) {
      document.getElementById(`material-${Object.keys(missing)[0]}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      void message.error(t('apply.fixErrors'));
      return;
    }
    if (uploading(materials)) {
      void message.warning(t('apply.materials.waitUpload'));
      return;
    }
    setSubmitting(true);
    try {
      const saved = await saver.flush({ formData: formDataOf(values, schema), materials: materialInput(materials, provisions), deliveryChoice: deliveryBody(values.delivery) });
      if (!saved) throw new Error('no draft');
      const view = await submit.mutateAsync({ id: saved.id, version: saved.version });
      void message.success(t('apply.submitted', { caseNumber: view.case.caseNumber }));
      navigate(`/my/cases/${view.case.id}`, { replace: true });
    } catch (err) {
      if (onUnavailable(err)) void message.error(t('reuse.apply.unavailable'));
      else if (err instanceof ApiProblem) {
        // The server's field errors: form fields by their key, materials by the list.
        const formFields = err.errors.flatMap((e) => {
          const key = /^\/body\/formData\/([^/]+)/.exec(e.field)?.[1];
          const p = key ? schema.properties[key] : undefined;
          if (!key || !p) return [];
          const issue = fieldIssues(p, (values as Record<string, unknown>)[key], schema.required.includes(key))[0];
          return [{ name: key, errors: [issue ? issueText(t, issue, p, pick(p.title, p['x-title-en'])) : e.message] }];
        });
        if (formFields.length) {
          form.setFields(formFields);
          form.scrollToField(formFields[0]!.name, { block: 'center' });
        }
        if (err.errors.some((e) => e.field === '/body/materials')) setMaterialErrors(missingMaterials());
        if (!formFields.length) onProblem(err);
      } else onProblem(err);
    } finally {
      setSubmitting(false);
    }
  };

  const onDiscard = () =>
    modal.confirm({
      title: t('apply.discardTitle'),
      content: t('apply.discardText'),
      okText: t('apply.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        const current = await saver.flush().catch(() => saver.draft);
        if (!current) return;
        await discard.mutateAsync({ id: current.id, version: current.version }).then(
          () => {
            void message.success(t('apply.discarded'));
            navigate(`/items/${encodeURIComponent(code)}`, { replace: true });
          },
          (err: unknown) => onProblem(err),
        );
      },
    });

  const candidates = (key: string) => reusable.data?.find((r) => r.materialKey === key)?.candidates ?? [];
  const place = (
    <div className="apply-place">
      {saver.draft && <Alert type="info" showIcon className="apply-place-locked" title={t('apply.placeLocked')} />}
      <NoticePlace code={code} implementers={notice.implementers} org={org} onOrg={setOrg} catalogPromise={v.promisedLimit} locked={!!saver.draft} />
    </div>
  );
  const materialsReady = !draft || restored;

  return (
    <Form<Values> form={form} layout="vertical" initialValues={initial} onValuesChange={changed} requiredMark scrollToFirstError={{ block: 'center' }} className="apply-form" disabled={submitting}>
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <div className="apply-side">{place}</div>
        </Col>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {!org && <Alert type="warning" showIcon title={t('apply.choosePlace')} action={narrow ? undefined : <Button size="small" onClick={() => document.getElementById('place')?.scrollIntoView({ behavior: 'smooth' })}>{t('apply.toPlace')}</Button>} />}
            <Section n={1} id="apply-form" title={t('apply.formTitle')} extra={<Typography.Text type="secondary" className="apply-required-hint">{t('apply.requiredHint')}</Typography.Text>}>
              {Object.keys(schema.properties).length ? <SchemaFields schema={schema} /> : <Typography.Text type="secondary">{t('apply.noForm')}</Typography.Text>}
            </Section>
            <Section n={2} id="apply-materials" title={t('apply.materialsTitle', { count: v.materials.length })}>
              <Typography.Paragraph type="secondary">{t('apply.materialsIntro')}</Typography.Paragraph>
              {!materialsReady ? (
                <Skeleton active />
              ) : v.materials.length === 0 ? (
                <Typography.Text type="secondary">{t('catalog.material.none')}</Typography.Text>
              ) : (
                <div className="apply-materials">
                  {v.materials.map((m, i) => (
                    <MaterialUpload
                      key={m.key}
                      itemCode={code}
                      spec={m}
                      index={i + 1}
                      files={materials[m.key] ?? []}
                      onChange={changeMaterial(m.key)}
                      candidates={candidates(m.key)}
                      error={materialErrors[m.key] || undefined}
                      provided={!!provisions[m.key]}
                      provision={
                        <ProvisionChoice
                          spec={m}
                          copy={copies.data?.find((c) => c.materialKey === m.key)}
                          proofItem={proofItemOf.get(m.key)}
                          provision={provisions[m.key]}
                          onChange={changeProvision(m.key)}
                          filled={(live.data ?? draft)?.materials.find((x) => x.materialKey === m.key)}
                        />
                      }
                    />
                  ))}
                </div>
              )}
            </Section>
            <Section n={3} id="apply-delivery" title={t('delivery.title')}>
              <Typography.Paragraph type="secondary">{t('delivery.intro')}</Typography.Paragraph>
              <DeliveryChoiceFields name="delivery" />
            </Section>
            <Card className="apply-submit-card">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                {t('apply.submitIntro', { days: daysText(t, v.promisedLimit) })}
              </Typography.Paragraph>
              <div className="apply-actions">
                <SaveState status={saver.status} savedAt={saver.draft?.savedAt} onRetry={saver.retry} placeChosen={!!org} />
                <Space wrap size={8} className="apply-buttons">
                  {saver.draft && (
                    <Button icon={<DeleteOutlined />} onClick={onDiscard} danger type="text">
                      {t('apply.discard')}
                    </Button>
                  )}
                  <Button type="primary" size="large" icon={<SendOutlined />} onClick={() => void onSubmit()} loading={submitting} disabled={!org} data-testid="apply-submit">
                    {t('apply.submit')}
                  </Button>
                </Space>
              </div>
            </Card>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}

/** Drafts of this item kept from before: continue one, or start anew. */
function DraftChooser({ drafts, onStartNew }: { drafts: { id: string; caseNumber: string; version: number }[]; onStartNew: () => void }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  return (
    <Card className="apply-drafts" data-testid="apply-drafts">
      <Result
        icon={<EditOutlined />}
        title={t('apply.draftsTitle')}
        subTitle={t('apply.draftsText')}
        extra={
          <Space orientation="vertical" style={{ width: '100%', maxWidth: 480 }}>
            <List
              bordered
              dataSource={drafts}
              renderItem={(d) => (
                <List.Item
                  actions={[
                    <Button key="go" type="primary" onClick={() => setParams((prev) => { const next = new URLSearchParams(prev); next.set('draft', d.id); return next; }, { replace: true })}>
                      {t('apply.continue')}
                    </Button>,
                  ]}
                >
                  <span className="mono">{d.caseNumber}</span>
                </List.Item>
              )}
            />
            <Button onClick={onStartNew}>{t('apply.startNew')}</Button>
          </Space>
        }
      />
    </Card>
  );
}

/** 网上申报: apply for an item online, from its one-time notice. */
export default function ApplyPage() {
  const { itemCode = '' } = useParams();
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const applicant = !!me.data?.roles.includes('applicant');
  const notice = useNotice(itemCode, undefined);
  const draftId = params.get('draft') ?? undefined;
  // A draft this page just created is already in its hands: no reload, no remount.
  const [created, setCreated] = useState<string>();
  const draft = useCase(draftId && draftId !== created ? draftId : undefined);
  const [startNew, setStartNew] = useState(false);
  const drafts = useCases({ box: 'mine', status: 'draft', itemCode, page: 1, pageSize: 5 }, { enabled: applicant && !draftId && !startNew });
  // Drafts from before are offered once, on arrival: the draft this page then creates must not bring the offer back.
  if (!startNew && !draftId && drafts.data && drafts.data.items.length === 0) setStartNew(true);
  const onDraftCreated = useCallback(
    (id: string) => {
      setCreated(id);
      setParams((prev) => { const next = new URLSearchParams(prev); next.set('draft', id); return next; }, { replace: true, preventScrollReset: true });
    },
    [setParams],
  );
  const name = notice.data ? pick(notice.data.item.name, notice.data.item.nameEn) : undefined;

  let body: ReactNode;
  if (!applicant) body = <Result status="info" title={t('apply.applicantsOnly')} subTitle={t('apply.applicantsOnlyText')} extra={<LinkButton to={`/items/${encodeURIComponent(itemCode)}`}>{t('caseDetail.viewNotice')}</LinkButton>} />;
  else if (notice.isError) body = <LoadError error={notice.error} onRetry={() => void notice.refetch()} />;
  else if (draft.isError)
    body = isProblem(draft.error, 'not_found') || (draft.error instanceof ApiProblem && draft.error.status === 400) ? (
      <Result status="404" title={t('apply.draftGone')} extra={<Button type="primary" onClick={() => setParams({}, { replace: true })}>{t('apply.startNew')}</Button>} />
    ) : (
      <LoadError error={draft.error} onRetry={() => void draft.refetch()} />
    );
  else if (notice.isPending || draft.isLoading || (drafts.isLoading && !draftId)) body = <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  else if (draft.data && draft.data.case.status !== 'draft') return <Navigate to={`/my/cases/${draft.data.case.id}`} replace />;
  else if (draft.data && draft.data.case.itemCode !== itemCode) return <Navigate to={`/apply/${encodeURIComponent(draft.data.case.itemCode)}?draft=${draft.data.case.id}`} replace />;
  else if (!notice.data.item.channels.includes('online'))
    body = <Result status="info" title={t('apply.notOnline')} subTitle={t('apply.notOnlineText')} extra={<LinkButton type="primary" to={`/items/${encodeURIComponent(itemCode)}#place`}>{t('caseDetail.viewNotice')}</LinkButton>} />;
  else if (!draftId && !startNew && drafts.data?.items.length) body = <DraftChooser drafts={drafts.data.items} onStartNew={() => setStartNew(true)} />;
  else body = <ApplyForm notice={notice.data} draft={draft.data} onDraftCreated={onDraftCreated} />;

  const v = notice.data?.item;
  return (
    <div className="portal-container portal-section notice-page apply-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to="/services">{t('catalog.search.title')}</Link> },
          { title: <Link to={`/items/${encodeURIComponent(itemCode)}`}>{name ?? '…'}</Link> },
          { title: t('apply.title') },
        ]}
      />
      {v && (
        <Card className="notice-head apply-head">
          <div className="notice-eyebrow">
            <SendOutlined /> {t('apply.title')}
          </div>
          <Typography.Title level={1} className="notice-title">
            {name}
          </Typography.Title>
          <Space size={[10, 6]} wrap className="notice-subtitle">
            <span>{t('apply.promised', { days: daysText(t, v.promisedLimit) })}</span>
            <TripsTags trips={v.trips} batch={notice.data?.oneTrip?.batch} />
            <Link to={`/items/${encodeURIComponent(itemCode)}`}>
              <FileSearchOutlined /> {t('caseDetail.viewNotice')}
            </Link>
          </Space>
        </Card>
      )}
      {body}
    </div>
  );
}
