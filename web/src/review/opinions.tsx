import { AuditOutlined, CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/cases.js';
import { useDecisionCheck } from '../api/review.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgName } from './form-data.js';

/** The decision's seal: who signed, with which key, and a check against the organisation's public key on demand. */
export function DecisionSeal({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const d = view.case.decision;
  const [asked, setAsked] = useState(false);
  const check = useDecisionCheck(view.case.id, asked && !!d);
  if (!d) return null;
  return (
    <div className="review-seal" data-testid="review-seal">
      <Typography.Paragraph style={{ margin: '8px 0 4px' }}>
        <SafetyCertificateOutlined style={{ color: '#cf1322' }} /> {t('review.seal.signed', { org: d.orgName })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {t('review.seal.key')} <span className="mono hash">{d.keyId}</span>
      </Typography.Paragraph>
      {check.data ? (
        <Alert
          type={check.data.valid ? 'success' : 'error'}
          showIcon
          title={check.data.valid ? t('review.seal.valid') : t('review.seal.invalid', { problem: check.data.problem ?? '' })}
          data-testid="review-seal-result"
        />
      ) : (
        <Button size="small" icon={<SafetyCertificateOutlined />} loading={check.isFetching} onClick={() => (asked ? void check.refetch() : setAsked(true))}>
          {t('review.seal.verify')}
        </Button>
      )}
    </div>
  );
}

function Column({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Col xs={24} md={8}>
      <div className="review-opinion" data-testid={testId}>
        <div className="review-opinion-head">{title}</div>
        {children}
      </div>
    </Col>
  );
}

/**
 * The opinions on the case side by side: the intake department's preliminary review as forwarded
 * (受审分离), the parallel tasks' answers (并联审批), and the decision — so the deciding reviewer reads
 * what everyone before them concluded.
 */
export function OpinionBoard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const c = view.case;
  const forwards = view.events.filter((e) => e.action === 'forward');
  const split = c.intakeOrgId !== c.decisionOrgId;
  const d = c.decision;
  return (
    <Card
      title={
        <>
          <AuditOutlined /> {t('review.opinions.title')}
        </>
      }
      data-testid="review-opinions"
    >
      <Row gutter={[12, 12]}>
        <Column title={t('review.opinions.preliminary')} testId="opinion-preliminary">
          {forwards.length ? (
            forwards.map((e) => (
              <div className="review-opinion-entry" key={e.id}>
                <div className="review-opinion-meta">
                  <OrgName id={e.actorOrgId} /> · {formatDateTime(e.at, locale)}
                </div>
                <div className="review-opinion-text">{e.reason}</div>
              </div>
            ))
          ) : (
            <Typography.Text type="secondary">{split ? t('review.opinions.notForwarded') : t('review.opinions.noSplit')}</Typography.Text>
          )}
        </Column>
        <Column title={t('review.opinions.tasks')} testId="opinion-tasks">
          {view.tasks.length ? (
            view.tasks.map((task) => (
              <div className="review-opinion-entry" key={task.id}>
                <Space size={6} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text strong>
                    <OrgName id={task.orgId} />
                  </Typography.Text>
                  {task.status === 'done' ? (
                    <Tag color={task.agrees ? 'success' : 'error'} icon={task.agrees ? <CheckCircleFilled /> : <CloseCircleFilled />}>
                      {task.agrees ? t('review.opinions.agrees') : t('review.opinions.disagrees')}
                    </Tag>
                  ) : (
                    <Tag color="processing">{t('review.opinions.waiting')}</Tag>
                  )}
                </Space>
                <div className="review-opinion-meta">
                  {t('review.opinions.question')}
                  {task.question}
                </div>
                {task.status === 'done' ? (
                  <>
                    <div className="review-opinion-text">{task.opinion}</div>
                    {task.answeredAt && <div className="review-opinion-meta">{formatDateTime(task.answeredAt, locale)}</div>}
                  </>
                ) : (
                  <div className="review-opinion-meta">
                    {t('review.opinions.due', { date: formatDate(task.dueOn, locale, false) })}
                  </div>
                )}
              </div>
            ))
          ) : (
            <Typography.Text type="secondary">{t('review.opinions.noTasks')}</Typography.Text>
          )}
        </Column>
        <Column title={t('review.opinions.decision')} testId="opinion-decision">
          {d ? (
            <>
              <Tag color={d.outcome === 'approve' ? 'success' : 'error'}>{t(`enums.outcome.${d.outcome}`)}</Tag>
              <div className="review-opinion-meta" style={{ marginTop: 6 }}>
                {d.deciderName} · {d.orgName} · {formatDateTime(d.decidedAt, locale)}
              </div>
              <div className="review-opinion-text">{d.reasons}</div>
              <DecisionSeal view={view} />
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.opinions.undecided')} style={{ margin: '8px 0' }} />
          )}
        </Column>
      </Row>
    </Card>
  );
}
