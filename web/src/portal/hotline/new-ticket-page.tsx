import { CheckCircleFilled, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, Radio, Result, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ticketTypes, type TicketType } from '../../../../common/hotline.js';
import { useMe } from '../../api/auth.js';
import { useCategories, useFilePublicTicket, type PublicFiling, type PublicTicketBody } from '../../api/hotline.js';
import { AttachmentUpload, attachmentIds, stillUploading, type Attachment } from '../../hotline/attachments.js';
import { CategorySelect } from '../../hotline/category-select.js';
import '../../hotline/hotline.css';
import { CallerFields, callerBody, LocationFields, locationBody, type CallerValues, type LocationValues } from '../../hotline/ticket-fields.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';

interface Values extends CallerValues, LocationValues {
  type: TicketType;
  categoryCode?: string;
  description?: string;
  files?: Attachment[];
}

/** The number and the follow-up code, shown once: with both, anyone can follow the ticket. */
function Submitted({ filing, onAgain }: { filing: PublicFiling; onAgain: () => void }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().sm;
  const { locale } = useLocale();
  const navigate = useNavigate();
  return (
    <Card data-testid="public-submitted">
      <Result
        className="hotline-result"
        icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={t('hotline.public.submitted')}
        subTitle={t('hotline.public.submittedText')}
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => void navigate(`/hotline/track?number=${encodeURIComponent(filing.number)}`, { state: { code: filing.followUpCode } })}>
              {t('hotline.public.followNow')}
            </Button>
            <Button onClick={onAgain}>{t('hotline.public.again')}</Button>
          </Space>
        }
      >
        <Alert type="warning" showIcon title={t('hotline.public.keepCode')} style={{ marginBottom: 16 }} />
        <Descriptions
          column={1}
          bordered
          size="small"
          layout={narrow ? 'vertical' : 'horizontal'}
          items={[
            { key: 'number', label: t('hotline.ticket.number'), children: <Typography.Text copyable className="mono hotline-big-number" data-testid="public-number">{filing.number}</Typography.Text> },
            { key: 'code', label: t('hotline.public.code'), children: <Typography.Text copyable className="mono hotline-code" data-testid="public-code">{filing.followUpCode}</Typography.Text> },
            { key: 'at', label: t('hotline.ticket.received'), children: formatDateTime(filing.receivedAt, locale) },
          ]}
        />
      </Result>
    </Card>
  );
}

/**
 * Anyone submits a request to the 12345 hotline online (no sign-in needed): what kind, what about,
 * where, what happened, and who they are — or anonymously, unless they want to hear back. The answer
 * is the ticket's number and a follow-up code.
 */
export default function NewTicketPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const me = useMe().data;
  const onProblem = useProblemHandler();
  const submit = useFilePublicTicket();
  const categories = useCategories(true);
  const narrow = !Grid.useBreakpoint().sm;
  const [form] = Form.useForm<Values>();
  const [filing, setFiling] = useState<PublicFiling | null>(null);
  const categoryCode = Form.useWatch('categoryCode', form);
  const category = categories.data?.find((c) => c.code === categoryCode);
  // Files are uploaded to one's own account first: attachments need a signed-in member of the public.
  const canAttach = !!me && me.kind !== 'staff';

  const send = (v: Values) => {
    if (stillUploading(v.files)) return void message.warning(t('hotline.attachments.wait'));
    const body: PublicTicketBody = {
      // A phone-sized screen is the mobile channel (统计 counts web and mobile apart).
      channel: window.matchMedia('(max-width: 767px)').matches ? 'mobile' : 'web',
      type: v.type,
      categoryCode: v.categoryCode!,
      description: v.description!.trim(),
      caller: callerBody(v),
      ...locationBody(v),
      ...(attachmentIds(v.files).length ? { fileIds: attachmentIds(v.files) } : {}),
    };
    submit.mutate(body, { onSuccess: setFiling, onError: (err) => onProblem(err, { form, fields: { caller: 'phone', fileIds: 'files' } }) });
  };

  return (
    <div className="portal-container portal-section">
      <PageHeader title={t('hotline.public.title')} subtitle={t('hotline.public.intro')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={16}>
          {filing ? (
            <Submitted
              filing={filing}
              onAgain={() => {
                form.resetFields();
                setFiling(null);
              }}
            />
          ) : (
            <Card>
              <Form<Values>
                form={form}
                layout="vertical"
                requiredMark="optional"
                disabled={submit.isPending}
                initialValues={{ type: 'complaint', name: me && me.kind !== 'staff' ? me.displayName : undefined, phone: me && me.kind !== 'staff' ? (me.phone ?? undefined) : undefined, files: [] }}
                onFinish={send}
                data-testid="public-form"
              >
                <Form.Item name="type" label={t('hotline.fields.type')} rules={[{ required: true }]}>
                  <Radio.Group optionType="button" options={ticketTypes.map((x) => ({ value: x, label: t(`hotline.type.${x}`) }))} className="hotline-type-group" />
                </Form.Item>
                <Form.Item name="categoryCode" label={t('hotline.fields.category')} rules={[{ required: true, message: t('hotline.fields.categoryRequired') }]} extra={category && pick(category.notice, category.noticeEn)}>
                  <CategorySelect publicOnly aria-label={t('hotline.fields.category')} />
                </Form.Item>
                <Form.Item name="description" label={t('hotline.fields.description')} rules={[{ required: true, whitespace: true, min: 10, message: t('hotline.public.descriptionRule') }]}>
                  <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('hotline.public.descriptionPlaceholder')} />
                </Form.Item>
                <LocationFields />
                {canAttach && (
                  <Form.Item name="files" label={t('hotline.attachments.label')} extra={t('hotline.attachments.help')}>
                    <AttachmentUpload />
                  </Form.Item>
                )}
                <Typography.Title level={5}>{t('hotline.public.you')}</Typography.Title>
                <CallerFields withEmail phoneLabel={t('hotline.public.phone')} />
                <Button type="primary" htmlType="submit" size="large" loading={submit.isPending} style={{ marginTop: 20 }} block={narrow}>
                  {t('hotline.public.submit')}
                </Button>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert type="error" showIcon title={t('hotline.public.emergency')} />
            <Alert type="info" showIcon icon={<PhoneOutlined />} title={t('hotline.public.howTitle')} description={t('hotline.public.howText')} />
          </Space>
        </Col>
      </Row>
    </div>
  );
}
