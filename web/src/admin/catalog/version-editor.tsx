import { Alert, Anchor, Button, Card, Col, Form, Grid, Input, Modal, Row, Select, Space } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import { ApiProblem, type FieldProblem } from '../../api/client.js';
import type { VersionContent } from '../../api/catalog.js';
import { deptKeys, deptLabel } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { problemText, useProblemHandler } from '../../shared/problem.js';
import { contentOf, editorValues, fieldPath, type EditorValues, type MaterialRow } from './editor-model.js';
import { FormFieldsSection } from './editor-form-fields.js';
import { MaterialsSection } from './editor-materials.js';
import { BasicsSection, ClassificationSection, FeesSection, LegalBasisSection, ProcessSection, Section } from './editor-sections.js';

export interface EditorSubmit {
  content: VersionContent;
  changeNote: string;
  code?: string;
  deptKey?: string;
}

interface VersionEditorProps {
  mode: 'create' | 'edit';
  initial: VersionContent;
  changeNote: string;
  saving: boolean;
  onSubmit: (values: EditorSubmit) => Promise<unknown>;
  onCancel: () => void;
  /** Shown above the form (the version being edited). */
  header?: ReactNode;
}

/** Asks before leaving with unsaved changes (the editor is long; a stray click should not lose work). */
function useLeaveGuard(dirty: boolean) {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    Modal.confirm({
      title: t('catalog.editor.leaveTitle'),
      content: t('catalog.editor.leaveText'),
      okText: t('catalog.editor.leave'),
      cancelText: t('catalog.editor.stay'),
      okButtonProps: { danger: true },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, t]);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}

/** Rules between fields that the form's own rules cannot see (lists): the same as the server's. */
function crossFieldErrors(v: EditorValues, t: (k: 'catalog.editor.pendingNeedsSecondary' | 'catalog.editor.secondaryNeedsPending') => string): { name: (string | number)[]; errors: string[] }[] {
  const secondary = (v.materials ?? []).some((m: MaterialRow) => m?.kind === 'secondary');
  if (v.pendingAllowed && !secondary) return [{ name: ['pendingAllowed'], errors: [t('catalog.editor.pendingNeedsSecondary')] }];
  if (!v.pendingAllowed && secondary) return [{ name: ['pendingAllowed'], errors: [t('catalog.editor.secondaryNeedsPending')] }];
  return [];
}

/** The structured editor of an item version: every field of the catalog, with the catalog's rules checked as you type. */
export function VersionEditor({ mode, initial, changeNote, saving, onSubmit, onCancel, header }: VersionEditorProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const onProblem = useProblemHandler();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<EditorValues>();
  const [dirty, setDirty] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ problem: ApiProblem; errors: FieldProblem[] } | null>(null);
  useLeaveGuard(dirty && !saving);

  const finish = async () => {
    const values = form.getFieldsValue(true) as EditorValues;
    const cross = crossFieldErrors(values, t);
    if (cross.length) {
      form.setFields(cross as Parameters<typeof form.setFields>[0]);
      form.scrollToField(cross[0]!.name, { block: 'center' });
      return;
    }
    setServerErrors(null);
    try {
      setDirty(false);
      await onSubmit({ content: contentOf(values), changeNote: (values.changeNote ?? '').trim(), code: values.code?.trim(), deptKey: values.deptKey });
    } catch (err) {
      setDirty(true);
      if (err instanceof ApiProblem && err.errors.length) {
        const placed = err.errors.map((e) => ({ name: fieldPath(e.field), errors: [problemText(err, locale, e.message)] })).filter((x) => x.name) as { name: (string | number)[]; errors: string[] }[];
        form.setFields(placed as Parameters<typeof form.setFields>[0]);
        setServerErrors({ problem: err, errors: err.errors });
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else onProblem(err, { form, codeFields: { duplicate: 'code', 'catalog.promise_exceeds_law': 'promisedLimit' } });
    }
  };

  const sections = [
    { key: 'basics', href: '#basics', title: t('catalog.editor.sections.basics') },
    { key: 'classification', href: '#classification', title: t('catalog.editor.sections.classification') },
    { key: 'legal', href: '#legal', title: t('catalog.editor.sections.legalBasis') },
    { key: 'process', href: '#process', title: t('catalog.editor.sections.process') },
    { key: 'materials', href: '#materials', title: t('catalog.editor.sections.materials') },
    { key: 'fees', href: '#fees', title: t('catalog.editor.sections.fees') },
    { key: 'form', href: '#form', title: t('catalog.editor.sections.form') },
  ];

  return (
    <Form<EditorValues>
      form={form}
      layout="vertical"
      initialValues={{ ...editorValues(initial), changeNote }}
      onValuesChange={() => setDirty(true)}
      onFinish={() => void finish()}
      onFinishFailed={({ errorFields }) => {
        if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
      }}
      scrollToFirstError={false}
      disabled={saving}
      className="version-editor"
    >
      {header}
      {serverErrors && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setServerErrors(null) }}
          style={{ marginBottom: 16 }}
          title={t('catalog.editor.serverErrors')}
          description={
            <ul className="error-list">
              {serverErrors.errors.map((e, i) => (
                <li key={i}>
                  <span className="mono">{e.field.replace(/^\/body\//, '')}</span>: {e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={24}>
        <Col xs={24} xl={19}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Section id="change" title={mode === 'create' ? t('catalog.editor.sections.identity') : t('catalog.editor.sections.change')}>
              <Row gutter={16}>
                {mode === 'create' && (
                  <>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name="code"
                        label={t('catalog.code')}
                        extra={t('catalog.editor.codeHelp')}
                        rules={[
                          { required: true, message: t('catalog.editor.required') },
                          { pattern: /^[0-9A-Za-z][0-9A-Za-z-]{2,39}$/, message: t('catalog.editor.codeInvalid') },
                        ]}
                      >
                        <Input className="mono" maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name="deptKey" label={t('catalog.dept')} rules={[{ required: true, message: t('catalog.editor.required') }]}>
                        <Select showSearch={{ optionFilterProp: 'label' }} options={deptKeys.map((k) => ({ value: k, label: deptLabel(t, k) }))} />
                      </Form.Item>
                    </Col>
                  </>
                )}
                <Col xs={24} md={mode === 'create' ? 8 : 24}>
                  <Form.Item
                    name="changeNote"
                    label={t('catalog.admin.changeNote')}
                    extra={t('catalog.admin.changeNoteHelp')}
                    rules={mode === 'edit' ? [{ required: true, whitespace: true, message: t('catalog.admin.changeNoteRequired') }, { max: 500 }] : [{ max: 500 }]}
                  >
                    <Input maxLength={500} />
                  </Form.Item>
                </Col>
              </Row>
            </Section>
            <BasicsSection form={form} />
            <ClassificationSection form={form} />
            <LegalBasisSection />
            <ProcessSection />
            <MaterialsSection form={form} />
            <FeesSection />
            <FormFieldsSection form={form} />
          </Space>
        </Col>
        {screens.xl && (
          <Col xl={5}>
            <Anchor offsetTop={76} targetOffset={76} items={sections} className="editor-anchor" />
          </Col>
        )}
      </Row>
      <Card className="editor-actions" size="small">
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving}>
            {mode === 'create' ? t('catalog.editor.create') : t('catalog.editor.save')}
          </Button>
          <Button onClick={onCancel} disabled={false}>
            {t('common.cancel')}
          </Button>
          {dirty && <span className="editor-dirty">{t('catalog.editor.unsaved')}</span>}
        </Space>
      </Card>
    </Form>
  );
}
