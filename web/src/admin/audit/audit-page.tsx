import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Result, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuditVerification, type AuditVerification } from '../../api/audit.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';

type AuditProblem = AuditVerification['problems'][number];

function Outcome({ result, checkedAt }: { result: AuditVerification; checkedAt: number }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <>
      <Result
        status={result.ok ? 'success' : 'error'}
        title={t(result.ok ? 'audit.intact' : 'audit.broken')}
        subTitle={t('audit.checkedAt', { time: formatDateTime(new Date(checkedAt), locale) })}
        style={{ paddingBlock: 16 }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Statistic title={t('audit.entries')} value={formatNumber(result.entries, locale)} />
        </Col>
        <Col xs={24} md={8}>
          <Statistic title={t('audit.problemCount')} value={result.problems.length} styles={{ content: { color: result.problems.length ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
      <Descriptions column={1} size="small" bordered style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('audit.headHash')}>
          <Typography.Text copyable className="mono hash">
            {result.headHash || '—'}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {result.problems.length > 0 && (
        <Table<AuditProblem>
          style={{ marginTop: 16 }}
          rowKey={(p) => `${p.seq}-${p.kind}`}
          size="small"
          dataSource={result.problems}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', width: 120 },
            { title: t('audit.kind'), dataIndex: 'kind', render: (k: AuditProblem['kind']) => <Tag color="error">{t(`audit.kinds.${k}`)}</Tag> },
          ]}
        />
      )}
    </>
  );
}

/** Checks the hash-chained audit log on demand: every entry is recomputed on the server. */
export default function AuditPage() {
  const { t } = useTranslation();
  const verification = useAuditVerification();
  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        subtitle={t('audit.intro')}
        extra={
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verification.isFetching} onClick={() => void verification.refetch()}>
            {t('audit.verify')}
          </Button>
        }
      />
      <Card>
        {verification.isError ? (
          <LoadError error={verification.error} onRetry={() => void verification.refetch()} />
        ) : verification.data ? (
          <Outcome result={verification.data} checkedAt={verification.dataUpdatedAt} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={verification.isFetching ? t('audit.running') : t('audit.notYet')} />
        )}
      </Card>
    </>
  );
}
