import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Col, Form, Input, Modal, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldTypes, sharingTypes, subjectKinds, updateFrequencies } from '../../../../common/sharing.js';
import { usePublishResource, useUpdateResource, type NewResourceBody, type ResourceDetail } from '../../api/sharing.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { useProblemHandler } from '../../shared/problem.js';

type Values = Omit<NewResourceBody, 'ownerOrg'> & { ownerOrg?: string };

/**
 * Publishes a data resource, or edits one (`resource`): names, owner, subjects, sharing type,
 * update frequency, description and its fields (each with a type that decides its masking).
 */
export function ResourceFormModal({ resource, onClose }: { resource?: ResourceDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const publish = usePublishResource();
  const update = useUpdateResource();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const editing = !!resource;

  const onFinish = (v: Values) => {
    const fields = v.fields.map((f) => ({ ...f, key: f.key.trim(), name: f.name.trim(), nameEn: f.nameEn.trim(), sensitive: !!f.sensitive }));
    const common = { name: v.name.trim(), nameEn: v.nameEn.trim(), subjectKinds: v.subjectKinds, fields, updateFrequency: v.updateFrequency, sharingType: v.sharingType, description: v.description.trim(), descriptionEn: v.descriptionEn.trim() };
    const done = (code: string) => {
      void message.success(t(editing ? 'common.saved' : 'sharing.resources.published'));
      onClose();
      if (!editing) void navigate(`/sharing/resources/${code}`);
    };
    const onError = (err: unknown) => onProblem(err, { form, codeFields: { duplicate: 'code', not_found: 'ownerOrg' } });
    if (resource) update.mutate({ code: resource.code, version: resource.version, ...common }, { onSuccess: (r) => done(r.code), onError });
    else publish.mutate({ code: v.code.trim(), ...common, ...(v.ownerOrg ? { ownerOrg: v.ownerOrg } : {}) }, { onSuccess: (r) => done(r.code), onError });
  };

  const initial: Partial<Values> = resource
    ? { code: resource.code, name: resource.name, nameEn: resource.nameEn, subjectKinds: resource.subjectKinds, fields: resource.fields, updateFrequency: resource.updateFrequency, sharingType: resource.sharingType, description: resource.description, descriptionEn: resource.descriptionEn }
    : { subjectKinds: ['person'], sharingType: 'conditional', updateFrequency: 'daily', fields: [{ key: 'name', name: '姓名', nameEn: 'Name', type: 'name', sensitive: false }] };

  return (
    <Modal
      open
      width={860}
      title={editing ? t('sharing.resources.edit') : t('sharing.resources.publish')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common.save') : t('sharing.resources.publishOk')}
      cancelText={t('common.cancel')}
      confirmLoading={publish.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={initial}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('sharing.resource.code')} extra={t('sharing.resources.codeHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]*$/, message: t('sharing.resources.codeRule') }]}>
              <Input maxLength={60} disabled={editing} className="mono" />
            </Form.Item>
          </Col>
          {!editing && (
            <Col xs={24} sm={12}>
              <Form.Item name="ownerOrg" label={t('sharing.resource.owner')} extra={t('sharing.resources.ownerHelp')}>
                <OrgPicker allowClear selectable={(o) => o.kind === 'department'} aria-label={t('sharing.resource.owner')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('sharing.resource.nameZh')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameEn" label={t('sharing.resource.nameEn')} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="sharingType" label={t('sharing.resource.sharingType')} rules={[{ required: true }]}>
              <Select options={sharingTypes.map((s) => ({ value: s, label: t(`sharing.sharingType.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="updateFrequency" label={t('sharing.resource.frequency')} rules={[{ required: true }]}>
              <Select options={updateFrequencies.map((s) => ({ value: s, label: t(`sharing.frequency.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="subjectKinds" label={t('sharing.resource.subjects')} rules={[{ required: true, type: 'array', min: 1, message: t('sharing.resources.subjectsRequired') }]}>
              <Checkbox.Group options={subjectKinds.map((k) => ({ value: k, label: t(`sharing.subjectKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="description" label={t('sharing.resource.descriptionZh')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="descriptionEn" label={t('sharing.resource.descriptionEn')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('sharing.resource.fields')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('sharing.resources.fieldsHelp')}</Typography.Paragraph>
        <Form.List name="fields" rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error(t('sharing.resources.fieldsRequired')); } }]}>
          {(items, { add, remove }, { errors }) => (
            <>
              {items.map((item, i) => (
                <Row key={item.key} gutter={8} align="top">
                  <Col xs={12} md={5}>
                    <Form.Item name={[item.name, 'key']} aria-label={t('sharing.field.key')} rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9]*$/, message: t('sharing.resources.fieldKeyRule') }]}>
                      <Input placeholder={t('sharing.field.key')} aria-label={`${t('sharing.field.key')} ${i + 1}`} className="mono" maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[item.name, 'name']} rules={[{ required: true, whitespace: true, max: 60 }]}>
                      <Input placeholder={t('sharing.field.nameZh')} aria-label={`${t('sharing.field.nameZh')} ${i + 1}`} maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[item.name, 'nameEn']} rules={[{ required: true, whitespace: true, max: 120 }]}>
                      <Input placeholder={t('sharing.field.nameEn')} aria-label={`${t('sharing.field.nameEn')} ${i + 1}`} maxLength={120} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[item.name, 'type']} rules={[{ required: true }]} initialValue="text">
                      <Select aria-label={`${t('sharing.field.type')} ${i + 1}`} options={fieldTypes.map((f) => ({ value: f, label: t(`sharing.fieldType.${f}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={3}>
                    <Form.Item name={[item.name, 'sensitive']} valuePropName="checked" initialValue={false}>
                      <Switch checkedChildren={t('sharing.field.sensitive')} unCheckedChildren={t('sharing.field.plain')} aria-label={`${t('sharing.field.sensitive')} ${i + 1}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={2}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.remove')} ${i + 1}`} onClick={() => remove(item.name)} disabled={items.length <= 1} />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'text', sensitive: false })} disabled={items.length >= 60}>
                {t('sharing.resources.addField')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
