import { App, Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OrgLevel, SiteKind } from '../../../../common/enums.js';
import { useCreateSite, useUpdateSite, type NewSiteBody, type Org, type SiteDetail } from '../../api/orgs.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { useProblemHandler } from '../../shared/problem.js';

interface SiteFields {
  name: string;
  nameEn: string;
  address: string;
  addressEn?: string;
  hours: string;
  hoursEn?: string;
  phone?: string;
  signage: string;
  zones: string[];
  equipment: string[];
}

/** Halls at prefecture and county level, agency points below (DOMAIN.md, "Organisations and places"). */
const kindForLevel = (level: OrgLevel): SiteKind => (level === 'prefecture' || level === 'county' ? 'hall' : 'agencyPoint');

function SiteFieldItems() {
  const { t } = useTranslation();
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('sites.name')} rules={[...required(t('sites.nameRequired')), { max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nameEn" label={t('sites.nameEn')} rules={[...required(t('sites.nameEnRequired')), { max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="address" label={t('sites.address')} rules={[...required(t('sites.addressRequired')), { max: 200 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="addressEn" label={t('sites.addressEn')} rules={[{ max: 300 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={300} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="hours" label={t('sites.hours')} rules={[...required(t('sites.hoursRequired')), { max: 200 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="hoursEn" label={t('sites.hoursEn')} rules={[{ max: 300 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={300} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="phone" label={t('sites.phone')} rules={[{ max: 40 }, { pattern: /^[0-9+\-() ]*$/, message: t('sites.phoneInvalid') }]}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="signage" label={t('sites.signage')} rules={[...required(t('sites.signageRequired')), { max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="zones" label={t('sites.zones')} extra={t('sites.tagsHelp')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} aria-label={t('sites.zones')} />
      </Form.Item>
      <Form.Item name="equipment" label={t('sites.equipment')} extra={t('sites.tagsHelp')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} aria-label={t('sites.equipment')} />
      </Form.Item>
    </>
  );
}

const trimmed = (v: SiteFields) => ({
  name: v.name.trim(),
  nameEn: v.nameEn.trim(),
  address: v.address.trim(),
  addressEn: v.addressEn?.trim() ?? '',
  hours: v.hours.trim(),
  hoursEn: v.hoursEn?.trim() ?? '',
  phone: v.phone?.trim() ?? '',
  signage: v.signage.trim(),
  zones: v.zones.map((z) => z.trim()).filter(Boolean),
  equipment: v.equipment.map((e) => e.trim()).filter(Boolean),
});

export function EditSiteModal({ site, onClose }: { site: SiteDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateSite();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<SiteFields & { active: boolean }>();
  return (
    <Modal open width={760} title={t('sites.edit')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={update.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={site}
        onFinish={(v) =>
          update.mutate(
            { id: site.id, version: site.version, ...trimmed(v), active: v.active },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (err) => onProblem(err, { form }),
            },
          )
        }
      >
        <SiteFieldItems />
        <Form.Item name="active" label={t('sites.open')} valuePropName="checked" extra={t('sites.openHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CreateSiteModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateSite();
  const onProblem = useProblemHandler();
  const [org, setOrg] = useState<Org>();
  const [form] = Form.useForm<SiteFields & { code: string; orgId: string }>();
  const kind = org ? kindForLevel(org.level) : undefined;
  return (
    <Modal open width={760} title={t('sites.create')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ zones: [], equipment: [] }}
        onFinish={(v) => {
          if (!kind) return;
          const { addressEn, hoursEn, phone, ...rest } = trimmed(v);
          const body: NewSiteBody = { code: v.code.trim(), orgId: v.orgId, kind, ...rest, ...(addressEn ? { addressEn } : {}), ...(hoursEn ? { hoursEn } : {}), ...(phone ? { phone } : {}) };
          create.mutate(body, {
            onSuccess: (created) => {
              void message.success(t('sites.created'));
              onClose();
              void navigate(`/sites/${created.id}`);
            },
            onError: (err) => onProblem(err, { form, fields: { kind: 'orgId' }, codeFields: { duplicate: 'code' } }),
          });
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label={t('sites.org')} rules={[{ required: true, message: t('sites.orgRequired') }]} extra={kind ? t('sites.kindWillBe', { kind: t(`enums.siteKind.${kind}`) }) : t('sites.orgHelp')}>
              <OrgPicker onPicked={setOrg} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="code" label={t('sites.code')} rules={[{ required: true, message: t('orgs.codeRequired') }, { pattern: /^[0-9A-Za-z-]{2,60}$/, message: t('orgs.codeInvalid') }]}>
              <Input maxLength={60} className="mono" />
            </Form.Item>
          </Col>
        </Row>
        <SiteFieldItems />
      </Form>
    </Modal>
  );
}
