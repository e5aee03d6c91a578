import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Radio, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { windowCategories, type WindowCategory } from '../../../../common/enums.js';
import { useMe } from '../../api/auth.js';
import { useSites } from '../../api/orgs.js';
import { useQueueSettings, useUpdateQueueSettings, type QueueSettings } from '../../api/queue.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';

interface SettingsForm {
  useHours: boolean;
  periods: { from: string; to: string }[];
  capacities: Partial<Record<WindowCategory, number | null>>;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function SettingsEditor({ siteId, settings }: { siteId: string; settings: QueueSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const save = useUpdateQueueSettings();
  const [form] = Form.useForm<SettingsForm>();
  const useHours = Form.useWatch('useHours', form);
  // Department windows share one capacity: the category's.
  const rows = windowCategories
    .map((category) => ({ category, windows: settings.queues.filter((q) => q.category === category).reduce((n, q) => n + q.windows, 0), capacity: settings.queues.find((q) => q.category === category)?.capacity }))
    .filter((r) => r.windows > 0);
  useEffect(() => {
    form.setFieldsValue({ useHours: settings.periods === null, periods: settings.periods ?? settings.effectivePeriods, capacities: settings.capacities });
  }, [form, settings]);

  return (
    <Form<SettingsForm>
      form={form}
      layout="vertical"
      disabled={save.isPending}
      onFinish={(v) =>
        save.mutate(
          {
            siteId,
            version: settings.version,
            periods: v.useHours ? null : v.periods,
            capacities: Object.fromEntries(Object.entries(v.capacities ?? {}).filter(([, n]) => typeof n === 'number')) as Record<WindowCategory, number>,
          },
          { onSuccess: () => void message.success(t('common.saved')), onError: (err) => onProblem(err, { form }) },
        )
      }
    >
      <Card title={t('queue.settings.hoursTitle')} style={{ marginBottom: 16 }}>
        <Form.Item name="useHours">
          <Radio.Group
            options={[
              { value: true, label: t('queue.settings.useHours') },
              { value: false, label: t('queue.settings.ownPeriods') },
            ]}
          />
        </Form.Item>
        {useHours ? (
          <Typography.Paragraph type="secondary">
            {t('queue.settings.readHours', { periods: settings.effectivePeriods.map((p) => `${p.from}–${p.to}`).join(t('catalog.listSeparator')) })}
          </Typography.Paragraph>
        ) : (
          <Form.List name="periods">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'from']} label={t('queue.settings.from')} rules={[{ required: true, pattern: HHMM, message: t('queue.settings.timeFormat') }]}>
                      <Input placeholder="10:00" maxLength={5} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'to']} label={t('queue.settings.to')} rules={[{ required: true, pattern: HHMM, message: t('queue.settings.timeFormat') }]}>
                      <Input placeholder="14:00" maxLength={5} style={{ width: 110 }} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                {fields.length < 6 && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ from: '', to: '' })}>
                    {t('queue.settings.addPeriod')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        )}
      </Card>
      <Card title={t('queue.settings.capacityTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('queue.settings.capacityHint')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey="category"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: t('queue.settings.noWindows') }}
          columns={[
            { title: t('queue.settings.category'), dataIndex: 'category', render: (c: WindowCategory) => t(`enums.windowCategory.${c}`) },
            { title: t('queue.settings.windows'), dataIndex: 'windows', width: 100, align: 'right' },
            {
              title: t('queue.settings.perSlot'),
              key: 'capacity',
              width: 200,
              render: (_, r) => (
                <Form.Item name={['capacities', r.category]} noStyle>
                  <InputNumber min={0} max={500} precision={0} placeholder={t('queue.settings.default', { count: r.windows * 2 })} aria-label={t(`enums.windowCategory.${r.category}`)} style={{ width: 160 }} />
                </Form.Item>
              ),
            },
          ]}
        />
      </Card>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** Booking settings of the sites an administrator keeps: opening periods for appointments and appointments per slot. */
export default function QueueSettingsPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data!;
  const sites = useSites(me.org ? { within: me.org.id } : {});
  const [siteId, setSiteId] = useState<string | undefined>();
  const chosen = siteId ?? sites.data?.[0]?.id;
  const settings = useQueueSettings(chosen);
  return (
    <>
      <PageHeader
        title={t('queue.settings.title')}
        subtitle={t('queue.settings.intro')}
        extra={
          <Select<string>
            showSearch
            optionFilterProp="label"
            value={chosen}
            onChange={setSiteId}
            loading={sites.isPending}
            aria-label={t('queue.settings.site')}
            placeholder={t('queue.settings.site')}
            style={{ minWidth: 280 }}
            options={(sites.data ?? []).map((s) => ({ value: s.id, label: pick(s.name, s.nameEn) }))}
          />
        }
      />
      {sites.isError ? (
        <LoadError error={sites.error} onRetry={() => void sites.refetch()} />
      ) : sites.data && !sites.data.length ? (
        <Card>
          <Empty description={t('queue.settings.noSites')} />
        </Card>
      ) : settings.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsEditor key={chosen} siteId={chosen!} settings={settings.data} />
      )}
    </>
  );
}
