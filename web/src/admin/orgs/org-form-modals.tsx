import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind, OrgLevel } from '../../../../common/enums.js';
import { useCreateOrg, useUpdateOrg, type NewOrgBody, type Org } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';

const childLevel: Record<OrgLevel, OrgLevel | null> = { prefecture: 'county', county: 'township', township: 'village', village: null };

/** The level a new organisation of `kind` takes under `parent`; null when it cannot hang there (R1.1, checked again by the server). */
function levelUnder(parent: Org, kind: OrgKind): OrgLevel | null {
  if (parent.kind === 'department') return null;
  if (kind === 'department') return parent.level;
  if (kind === 'park') return parent.level === 'prefecture' ? 'county' : null;
  return childLevel[parent.level];
}

interface NameFields {
  name: string;
  shortName: string;
  nameEn: string;
}

function NameItems() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true, message: t('orgs.nameRequired') }, { max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="shortName" label={t('orgs.shortName')} rules={[{ required: true, whitespace: true, message: t('orgs.shortNameRequired') }, { max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('orgs.nameEn')} rules={[{ required: true, whitespace: true, message: t('orgs.nameEnRequired') }, { max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
    </>
  );
}

export function EditOrgModal({ org, onClose }: { org: Org; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateOrg();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<NameFields>();
  const onFinish = (v: NameFields) =>
    update.mutate(
      { id: org.id, version: org.version, name: v.name.trim(), shortName: v.shortName.trim(), nameEn: v.nameEn.trim() },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (err) => onProblem(err, { form }),
      },
    );
  return (
    <Modal open title={t('orgs.editTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={update.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: org.name, shortName: org.shortName, nameEn: org.nameEn }} onFinish={onFinish}>
        <NameItems />
      </Form>
    </Modal>
  );
}

type ChildFields = NameFields & Pick<NewOrgBody, 'code' | 'kind' | 'regionCode' | 'deptKey'>;

export function AddChildOrgModal({ parent, onClose }: { parent: Org; onClose: (created?: Org) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const create = useCreateOrg();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<ChildFields>();
  const kinds = (['government', 'park', 'department'] as const).filter((k) => levelUnder(parent, k));
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const level = kind ? levelUnder(parent, kind) : null;

  const onFinish = (v: ChildFields) => {
    if (!level) return;
    const body: NewOrgBody = {
      parentId: parent.id,
      code: v.code.trim(),
      kind: v.kind,
      level,
      name: v.name.trim(),
      shortName: v.shortName.trim(),
      nameEn: v.nameEn.trim(),
      ...(v.regionCode ? { regionCode: v.regionCode.trim() } : {}),
      ...(v.kind === 'department' && v.deptKey ? { deptKey: v.deptKey.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: (created) => {
        void message.success(t('orgs.created'));
        onClose(created);
      },
      onError: (err) => onProblem(err, { form, codeFields: { duplicate: 'code', 'org.invalid_parent': 'kind' } }),
    });
  };

  return (
    <Modal
      open
      title={t('orgs.addChildTitle', { parent: pick(parent.shortName, parent.nameEn) })}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: kinds[0], regionCode: parent.regionCode }} onFinish={onFinish}>
        <Form.Item name="kind" label={t('orgs.kind')} extra={level ? t('orgs.levelWillBe', { level: t(`enums.orgLevel.${level}`) }) : undefined} rules={[{ required: true }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`enums.orgKind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('orgs.code')}
          extra={t('orgs.codeHelp')}
          rules={[
            { required: true, message: t('orgs.codeRequired') },
            { pattern: /^[0-9A-Za-z-]{2,40}$/, message: t('orgs.codeInvalid') },
          ]}
        >
          <Input maxLength={40} className="mono" />
        </Form.Item>
        <NameItems />
        <Form.Item name="regionCode" label={t('orgs.regionCode')} rules={[{ pattern: /^[1-8][0-9]{5}$/, message: t('orgs.regionCodeInvalid') }]}>
          <Input maxLength={6} inputMode="numeric" className="mono" />
        </Form.Item>
        {kind === 'department' && (
          <Form.Item name="deptKey" label={t('orgs.deptKey')} extra={t('orgs.deptKeyHelp')} rules={[{ pattern: /^[a-z-]{1,40}$/, message: t('orgs.deptKeyInvalid') }]}>
            <Input maxLength={40} className="mono" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
