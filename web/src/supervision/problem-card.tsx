import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../api/client.js';
import { useAnswerProblem, type ProblemReport } from '../api/supervision.js';
import { formatDate, formatDateTime, todayInShanghai } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { useProblemHandler } from '../shared/problem.js';
import { DaysLeft } from '../review/deadline.js';
import { workingDaysBetween, type useWorkingCalendar } from './working-days.js';

type Cal = ReturnType<typeof useWorkingCalendar>;

/** 堵点 / 难点 */
export function ProblemKindTag({ kind }: { kind: ProblemReport['kind'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'blockage' ? 'volcano' : 'purple'} style={{ marginInlineEnd: 0 }}>
      {t(`supervision.problems.kind.${kind}`)}
    </Tag>
  );
}

/** Open or answered, and whether the answer limit was (or is being) missed. */
export function ProblemStatusTags({ report }: { report: ProblemReport }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={report.status === 'answered' ? 'success' : 'processing'} style={{ marginInlineEnd: 0 }} data-status={report.status}>
        {t(`supervision.problems.status.${report.status}`)}
      </Tag>
      {report.overdue && (
        <Tag color="error" style={{ marginInlineEnd: 0 }}>
          {t('supervision.problems.overdue')}
        </Tag>
      )}
    </Space>
  );
}

function AnswerForm({ report }: { report: ProblemReport }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const answer = useAnswerProblem();
  const [form] = Form.useForm<{ answer: string }>();
  const [conflict, setConflict] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      disabled={answer.isPending}
      name={`answer-${report.id}`}
      onFinish={(v) =>
        answer.mutate(
          { id: report.id, answer: v.answer.trim(), version: report.version },
          {
            onSuccess: () => void message.success(t('supervision.problems.answered')),
            onError: (err) => (isProblem(err, 'version_conflict') || isProblem(err, 'supervision.already_answered') ? setConflict(true) : onProblem(err, { form })),
          },
        )
      }
    >
      {conflict && <Alert type="warning" showIcon title={t('supervision.problems.conflict')} style={{ marginBottom: 12 }} />}
      <Form.Item name="answer" label={t('supervision.problems.answerLabel')} rules={[{ required: true, whitespace: true, min: 5, message: t('supervision.problems.answerRule') }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('supervision.problems.answerPlaceholder')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={answer.isPending}>
        {t('supervision.problems.answer')}
      </Button>
    </Form>
  );
}

/**
 * One reform problem report: what was reported and where, who answers and by when (in working
 * days), and the answer — or, for the responsible organisation, the form to answer it.
 */
export function ProblemCard({ report, calendar }: { report: ProblemReport; calendar: Cal }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const received = todayInShanghai(new Date(report.receivedAt));
  const limit = workingDaysBetween(calendar, received, report.dueOn);
  const left = report.status === 'open' ? workingDaysBetween(calendar, todayInShanghai(), report.dueOn) : undefined;
  return (
    <Card
      size="small"
      className="sup-problem"
      data-testid="problem-card"
      data-number={report.number}
      title={
        <Space size={8} wrap>
          <span className="mono">{report.number}</span>
          <ProblemKindTag kind={report.kind} />
        </Space>
      }
      extra={<ProblemStatusTags report={report} />}
    >
      <Typography.Paragraph className="sup-problem-text">{report.description}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'org', label: t('supervision.problems.responsible'), children: pick(report.org.name, report.org.nameEn) },
          ...(report.namedOrg.id !== report.org.id ? [{ key: 'named', label: t('supervision.problems.namedOrg'), children: pick(report.namedOrg.name, report.namedOrg.nameEn) }] : []),
          ...(report.itemName ? [{ key: 'item', label: t('supervision.problems.item'), children: report.itemName }] : []),
          ...(report.caseNumber ? [{ key: 'case', label: t('supervision.problems.caseNumber'), children: <span className="mono">{report.caseNumber}</span> }] : []),
          { key: 'received', label: t('supervision.problems.receivedAt'), children: formatDateTime(report.receivedAt, locale) },
          {
            key: 'due',
            label: t('supervision.problems.dueOn'),
            children: (
              <Space size={6} wrap data-testid="problem-due">
                <span>{formatDate(report.dueOn, locale, false)}</span>
                {limit !== undefined && <Typography.Text type="secondary">{t('supervision.problems.limit', { count: limit })}</Typography.Text>}
                {left !== undefined && <DaysLeft days={left} />}
              </Space>
            ),
          },
          ...(report.contactName || report.contactPhone ? [{ key: 'contact', label: t('supervision.problems.contact'), children: [report.contactName, report.contactPhone].filter(Boolean).join(' · ') }] : []),
        ]}
      />
      {report.status === 'answered' ? (
        <div className="sup-problem-answer" data-testid="problem-answer">
          <Flex justify="space-between" wrap gap={8}>
            <strong>{t('supervision.problems.answerTitle')}</strong>
            {report.answeredAt && <Typography.Text type="secondary">{formatDateTime(report.answeredAt, locale)}</Typography.Text>}
          </Flex>
          <div className="sup-problem-text">{report.answer}</div>
        </div>
      ) : report.canAnswer ? (
        <AnswerForm report={report} />
      ) : null}
    </Card>
  );
}
