import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { windowCategories, type WindowCategory } from '../../../../common/enums.js';
import { useCreateWindow, useOrg, useOrgs, useUpdateWindow, type SiteDetail, type SiteWindow } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';

interface WindowFields {
  code: string;
  number: string;
  name: string;
  nameEn: string;
  category: WindowCategory;
  departmentId?: string | null;
  active: boolean;
}

/** The departments of the government that runs the site: a department window must name one of them. */
function useSiteDepartments(site: SiteDetail) {
  const siteOrg = useOrg(site.orgId);
  const governmentId = siteOrg.data ? (siteOrg.data.kind === 'department' ? siteOrg.data.parentId : siteOrg.data.id) : undefined;
  const departments = useOrgs({ within: governmentId ?? undefined, kind: 'department' }, { enabled: !!governmentId });
  const level = siteOrg.data?.level;
  return { ...departments, data: departments.data?.filter((d) => d.level === level && d.active), isPending: siteOrg.isPending || departments.isPending };
}

/** Adds a window to a site, or edits one (with the version it was read at). */
export function WindowModal({ site, window, onClose }: { site: SiteDetail; window?: SiteWindow; onClose: () => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const create = useCreateWindow();
  const update = useUpdateWindow();
  const onProblem = useProblemHandler();
  const departments = useSiteDepartments(site);
  const [form] = Form.useForm<WindowFields>();
  const category = Form.useWatch('category', form) ?? window?.category;
  const pending = create.isPending || update.isPending;

  const onFinish = (v: WindowFields) => {
    const departmentId = v.category === 'department' ? (v.departmentId ?? null) : null;
    const common = { number: v.number.trim(), name: v.name.trim(), nameEn: v.nameEn.trim(), category: v.category, departmentId };
    const done = {
      onSuccess: () => {
        void message.success(t(window ? 'common.saved' : 'windows.created'));
        onClose();
      },
      onError: (err: unknown) => onProblem(err, { form, codeFields: { duplicate: window ? 'number' : 'code' } }),
    };
    if (window) update.mutate({ id: window.id, version: window.version, ...common, active: v.active }, done);
    else create.mutate({ siteId: site.id, code: v.code.trim(), ...common }, done);
  };

  return (
    <Modal
      open
      title={window ? t('windows.editTitle', { number: window.number }) : t('windows.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={window ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={window ?? { category: 'general', active: true, code: `${site.code}-` }}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<WindowFields>) => {
          if (changed.category && changed.category !== 'department') form.setFieldValue('departmentId', null);
        }}
      >
        {!window && (
          <Form.Item name="code" label={t('windows.code')} rules={[{ required: true, message: t('orgs.codeRequired') }, { pattern: /^[0-9A-Za-z-]{2,60}$/, message: t('orgs.codeInvalid') }]}>
            <Input maxLength={60} className="mono" />
          </Form.Item>
        )}
        <Form.Item name="number" label={t('windows.number')} rules={[{ required: true, whitespace: true, message: t('windows.numberRequired') }, { max: 10 }]}>
          <Input maxLength={10} style={{ maxWidth: 160 }} />
        </Form.Item>
        <Form.Item name="name" label={t('windows.name')} rules={[{ required: true, whitespace: true, message: t('windows.nameRequired') }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('windows.nameEn')} rules={[{ required: true, whitespace: true, message: t('windows.nameEnRequired') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('windows.category')} rules={[{ required: true }]}>
          <Select options={windowCategories.map((c) => ({ value: c, label: t(`enums.windowCategory.${c}`) }))} />
        </Form.Item>
        {category === 'department' && (
          <Form.Item name="departmentId" label={t('windows.department')} rules={[{ required: true, message: t('windows.departmentRequired') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isPending}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))}
              notFoundContent={departments.isError ? t('common.loadFailed') : undefined}
            />
          </Form.Item>
        )}
        {window && (
          <Form.Item name="active" label={t('windows.open')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
