import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ticketTypes, ticketUrgencies, type TicketType } from '../../../../common/hotline.js';
import { useHotlineSettings, useUpdateSettings, type HotlineSettings, type SettingsBody } from '../../api/hotline.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import '../hotline.css';

type Values = Omit<SettingsBody, 'version'>;

const days = (label: string) => ({ min: 1, max: 60, precision: 0, 'aria-label': label, style: { width: 88 } });

/** The time limits in working days by type (rows) and urgency (columns), each a field of the form. */
function LimitTable() {
  const { t } = useTranslation();
  const rows = ticketTypes.map((type) => ({ type }));
  return (
    <Table<{ type: TicketType }>
      rowKey="type"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('hotline.fields.type'), key: 'type', render: (_, r) => t(`hotline.type.${r.type}`) },
        ...ticketUrgencies.map((u) => ({
          title: t(`hotline.urgency.${u}`),
          key: u,
          render: (_: unknown, r: { type: TicketType }) => (
            <Form.Item name={['limits', r.type, u]} noStyle rules={[{ required: true }]}>
              <InputNumber {...days(`${t(`hotline.type.${r.type}`)} · ${t(`hotline.urgency.${u}`)}`)} />
            </Form.Item>
          ),
        })),
      ]}
    />
  );
}

function SettingsForm({ settings }: { settings: HotlineSettings }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const update = useUpdateSettings();
  const [form] = Form.useForm<Values>();
  const initial: Values = { centreOrg: settings.centreOrgId ?? undefined, limits: settings.limits, callbackDays: settings.callbackDays, dispatchDays: settings.dispatchDays, hotTopic: settings.hotTopic };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => {
        // The server's rule, said here where the cells are: urgent no longer than normal, critical no longer than urgent.
        const wrong = ticketTypes.filter((x) => v.limits[x].urgent > v.limits[x].normal || v.limits[x].critical > v.limits[x].urgent);
        if (wrong.length) return void message.error(t('hotline.settings.limitOrder', { types: wrong.map((x) => t(`hotline.type.${x}`)).join('、') }));
        update.mutate({ ...v, version: settings.version }, { onSuccess: () => void message.success(t('common.saved')), onError: (err) => onProblem(err, { form }) });
      }}
    >
      <Card title={t('hotline.settings.centre')} style={{ marginBottom: 16 }}>
        <Form.Item name="centreOrg" label={t('hotline.settings.centreOrg')} extra={t('hotline.settings.centreHelp')} rules={[{ required: true }]}>
          <OrgPicker aria-label={t('hotline.settings.centreOrg')} style={{ width: '100%', maxWidth: 480 }} />
        </Form.Item>
      </Card>
      <Card title={t('hotline.settings.limits')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('hotline.settings.limitsHelp')}</Typography.Paragraph>
        <LimitTable />
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col xs={24} sm={12}>
            <Form.Item name="dispatchDays" label={t('hotline.settings.dispatchDays')} extra={t('hotline.settings.dispatchDaysHelp')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10} precision={0} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="callbackDays" label={t('hotline.settings.callbackDays')} extra={t('hotline.settings.callbackDaysHelp')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10} precision={0} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('hotline.settings.hotTopics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name={['hotTopic', 'minTickets']} label={t('hotline.settings.minTickets')} rules={[{ required: true }]}>
              <InputNumber min={2} max={100} precision={0} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={['hotTopic', 'days']} label={t('hotline.settings.topicDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={90} precision={0} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={['hotTopic', 'radiusMeters']} label={t('hotline.settings.radius')} rules={[{ required: true }]}>
              <InputNumber min={10} max={50000} precision={0} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Button type="primary" htmlType="submit" loading={update.isPending}>
        {t('common.save')}
      </Button>
      {settings.updatedAt && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
          {t('hotline.settings.updatedAt', { time: formatDateTime(settings.updatedAt, locale), version: settings.version })}
        </Typography.Text>
      )}
    </Form>
  );
}

/** The centre's settings (administrators of the centre): which organisation is the centre, the time limits, the callback limit, hot-topic detection. */
export default function HotlineSettingsPage() {
  const { t } = useTranslation();
  const settings = useHotlineSettings();
  return (
    <div className="hotline-page">
      <PageHeader title={t('hotline.settings.title')} subtitle={t('hotline.settings.intro')} />
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          {!settings.data.centre && <Alert type="info" showIcon title={t('hotline.noCentre')} style={{ marginBottom: 16 }} />}
          <SettingsForm settings={settings.data} />
        </>
      )}
    </div>
  );
}
