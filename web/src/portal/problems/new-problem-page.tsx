import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Input, Radio, Result, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { problemKinds, type ProblemKind } from '../../../../common/supervision.js';
import { useMe } from '../../api/auth.js';
import { useCatalogSearch } from '../../api/catalog.js';
import { useProblemReports, useReportProblem, type NewProblemReport, type ProblemReport } from '../../api/supervision.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { OrgPicker } from '../../shared/org-picker.js';
import { PageHeader } from '../../shared/page-header.js';
import { useProblemHandler } from '../../shared/problem.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { ProblemCard } from '../../supervision/problem-card.js';
import { useWorkingCalendar } from '../../supervision/working-days.js';

interface Values {
  kind: ProblemKind;
  org: string;
  itemCode?: string;
  caseNumber?: string;
  description: string;
  contactName?: string;
  contactPhone?: string;
}

/** An item to name (optional), searched in the public catalog. */
function ItemSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 300);
  const items = useCatalogSearch({ page: 1, pageSize: 20, ...(query ? { q: query } : {}) });
  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v || undefined)}
      loading={items.isFetching}
      options={(items.data?.items ?? []).map((i) => ({ value: i.code, label: pick(i.name, i.nameEn) }))}
      placeholder={t('supervision.report.itemPlaceholder')}
      notFoundContent={items.isFetching ? null : t('supervision.report.noItem')}
    />
  );
}

function Reported({ report, onAgain }: { report: ProblemReport; onAgain: () => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  return (
    <Card data-testid="problem-reported">
      <Result
        icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={t('supervision.report.done')}
        subTitle={t('supervision.report.doneText')}
        extra={<Button onClick={onAgain}>{t('supervision.report.again')}</Button>}
      >
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'number', label: t('supervision.report.number'), children: <span className="mono" data-testid="problem-number">{report.number}</span> },
            { key: 'org', label: t('supervision.problems.responsible'), children: pick(report.org.name, report.org.nameEn) },
            { key: 'due', label: t('supervision.problems.dueOn'), children: formatDate(report.dueOn, locale, false) },
          ]}
        />
      </Result>
    </Card>
  );
}

/** A signed-in applicant's own reports and their answers. */
function MyReports() {
  const { t } = useTranslation();
  const calendar = useWorkingCalendar();
  const reports = useProblemReports({ page: 1, pageSize: 10 });
  if (!reports.data?.items.length) return null;
  return (
    <section style={{ marginTop: 24 }}>
      <Typography.Title level={4}>{t('supervision.report.mine')}</Typography.Title>
      <Flex vertical gap={12}>
        {reports.data.items.map((r) => (
          <ProblemCard key={r.id} report={r} calendar={calendar} />
        ))}
      </Flex>
    </section>
  );
}

/**
 * Anyone reports a problem with how a service was run (R7.4): a blockage (堵点) or a difficulty (难点),
 * where it happened, optionally the item and case. The responsible organisation answers within the limit.
 * Links may prefill it: `?org=652301&item=…&case=…`.
 */
export default function NewProblemPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const report = useReportProblem();
  const onProblem = useProblemHandler();
  const [done, setDone] = useState<ProblemReport | null>(null);
  const submit = (v: Values) => {
    const body: NewProblemReport = {
      kind: v.kind,
      org: v.org,
      description: v.description.trim(),
      ...(v.itemCode ? { itemCode: v.itemCode } : {}),
      ...(v.caseNumber?.trim() ? { caseNumber: v.caseNumber.trim() } : {}),
      ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
      ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
    };
    report.mutate(body, { onSuccess: setDone, onError: (err) => onProblem(err, { form }) });
  };
  return (
    <div className="portal-container portal-section">
      <PageHeader title={t('supervision.report.title')} subtitle={t('supervision.report.intro')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={16}>
          {done ? (
            <Reported
              report={done}
              onAgain={() => {
                form.resetFields();
                setDone(null);
              }}
            />
          ) : (
            <Card>
              <Form<Values>
                form={form}
                layout="vertical"
                name="problem-report"
                requiredMark="optional"
                disabled={report.isPending}
                initialValues={{ kind: 'blockage', org: params.get('org') ?? undefined, itemCode: params.get('item') ?? undefined, caseNumber: params.get('case') ?? undefined, contactName: me?.kind !== 'staff' ? me?.displayName : undefined }}
                onFinish={submit}
              >
                <Form.Item name="kind" label={t('supervision.report.kind')} rules={[{ required: true }]}>
                  <Radio.Group>
                    {problemKinds.map((k) => (
                      <Radio key={k} value={k}>
                        <strong>{t(`supervision.problems.kind.${k}`)}</strong>
                        <Typography.Text type="secondary"> — {t(`supervision.report.kindHelp.${k}`)}</Typography.Text>
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
                <Form.Item name="org" label={t('supervision.report.org')} extra={t('supervision.report.orgHelp')} rules={[{ required: true, message: t('supervision.report.orgRequired') }]}>
                  <OrgPicker placeholder={t('supervision.report.orgPlaceholder')} style={{ width: '100%' }} />
                </Form.Item>
                <Row gutter={16}>
                  <Col xs={24} md={14}>
                    <Form.Item name="itemCode" label={t('supervision.report.item')}>
                      <ItemSelect />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item name="caseNumber" label={t('supervision.report.caseNumber')} rules={[{ pattern: /^\d{19}$/, message: t('supervision.report.caseNumberRule') }]}>
                      <Input inputMode="numeric" maxLength={19} placeholder={t('supervision.report.caseNumberPlaceholder')} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="description" label={t('supervision.report.description')} rules={[{ required: true, whitespace: true, min: 10, message: t('supervision.report.descriptionRule') }]}>
                  <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('supervision.report.descriptionPlaceholder')} />
                </Form.Item>
                <Row gutter={16}>
                  <Col xs={24} md={10}>
                    <Form.Item name="contactName" label={t('supervision.report.contactName')}>
                      <Input maxLength={50} autoComplete="name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name="contactPhone" label={t('supervision.report.contactPhone')} extra={t('supervision.report.contactHelp')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('supervision.report.phoneRule') }]}>
                      <Input inputMode="tel" maxLength={11} autoComplete="tel" />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" size="large" loading={report.isPending}>
                  {t('supervision.report.submit')}
                </Button>
              </Form>
            </Card>
          )}
          {me && me.kind !== 'staff' && <MyReports />}
        </Col>
        <Col xs={24} lg={8}>
          <Alert type="info" showIcon title={t('supervision.report.howTitle')} description={t('supervision.report.howText')} />
        </Col>
      </Row>
    </div>
  );
}
