import { Card, Flex, Input, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidCreditCode, isValidResidentId } from '../../../../common/id-codes.js';
import { queryResults, type QueryResult } from '../../../../common/sharing.js';
import { isIsoDate } from '../../../../common/working-days.js';
import { useQueryLog, useResources, type QueryLogEntry, type QueryLogFilter } from '../../api/sharing.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter, ListSearch, useListParams } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { FieldTags, QueryResultTag } from './sharing-tags.js';

const PAGE_SIZE = 20;
const isResult = (v: string | null): v is QueryResult => !!v && (queryResults as readonly string[]).includes(v);
const isSubject = (v: string | null): v is string => !!v && (isValidResidentId(v) || isValidCreditCode(v));

/** Who asked: the organisation, and through which credentials or which member of staff, or for a case. */
function Who({ e }: { e: QueryLogEntry }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <div>
      <div>{pick(e.consumer.name, e.consumer.nameEn)}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {e.credential ? t('sharing.log.byCredential', { name: e.credential.name }) : e.actor ? t('sharing.log.byStaff', { name: e.actor.displayName }) : e.caseId ? t('sharing.log.byCase') : '—'}
      </Typography.Text>
    </div>
  );
}

/** The query log: every query of the reader's departments' resources (owner) or made by them (consumer), filtered on the server. */
export default function QueryLogPage() {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const { params, page, update } = useListParams({ side: 'owner' });
  const side = params.get('side') === 'consumer' ? 'consumer' : 'owner';
  const filter: QueryLogFilter = { side, page, pageSize: PAGE_SIZE };
  const resource = params.get('resource');
  const subject = params.get('subject')?.toUpperCase() ?? null;
  const result = params.get('result');
  const from = params.get('from');
  const to = params.get('to');
  if (resource) filter.resource = resource;
  if (isSubject(subject)) filter.subject = subject;
  if (isResult(result)) filter.result = result;
  if (from && isIsoDate(from)) filter.from = from;
  if (to && isIsoDate(to)) filter.to = to;
  const log = useQueryLog(filter);
  const resources = useResources({ page: 1, pageSize: 100 });

  const columns: TableColumnsType<QueryLogEntry> = [
    { title: t('sharing.log.at'), key: 'at', render: (_, e) => formatDateTime(e.at, locale), width: 150 },
    { title: t('sharing.log.resource'), key: 'resource', width: 130, render: (_, e) => pick(e.resource.name, e.resource.nameEn) },
    { title: side === 'owner' ? t('sharing.log.consumer') : t('sharing.log.who'), key: 'who', width: 200, render: (_, e) => <Who e={e} /> },
    { title: t('sharing.log.subject'), key: 'subject', width: 180, responsive: ['md'], render: (_, e) => <span className="mono">{e.subjectId}</span> },
    { title: t('sharing.query.purpose'), dataIndex: 'purpose', width: 200, responsive: ['lg'], render: (p: string) => <span className="cell-clip" title={p}>{p}</span> },
    { title: t('sharing.log.fields'), key: 'fields', responsive: ['xl'], render: (_, e) => <FieldTags fields={e.fields} masked={e.maskedFields} /> },
    {
      title: t('sharing.log.result'),
      key: 'result',
      width: 110,
      render: (_, e) => (
        <Space orientation="vertical" size={2}>
          <QueryResultTag result={e.result} />
          {e.denialReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`sharing.denial.${e.denialReason}`)}</Typography.Text>}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('sharing.nav.log')} subtitle={t('sharing.log.intro')} />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented
            value={side}
            onChange={(v) => update({ side: v, page: undefined })}
            options={[
              { value: 'owner', label: t('sharing.log.ownerSide') },
              { value: 'consumer', label: t('sharing.log.consumerSide') },
            ]}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('sharing.log.resource')}
            placeholder={t('sharing.log.allResources')}
            value={resource ?? undefined}
            onChange={(v) => update({ resource: v, page: undefined })}
            options={resources.data?.items.map((r) => ({ value: r.code, label: pick(r.name, r.nameEn) }))}
            style={{ minWidth: 200 }}
          />
          <Select<QueryResult | ''>
            aria-label={t('sharing.log.result')}
            value={filter.result ?? ''}
            onChange={(v) => update({ result: v || undefined, page: undefined })}
            options={[{ value: '', label: t('sharing.log.allResults') }, ...queryResults.map((r) => ({ value: r, label: t(`sharing.queryResult.${r}`) }))]}
            style={{ minWidth: 130 }}
          />
          <Space.Compact>
            <Input type="date" aria-label={t('sharing.log.from')} value={filter.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined, page: undefined })} style={{ width: 150 }} />
            <Input type="date" aria-label={t('sharing.log.to')} value={filter.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined, page: undefined })} style={{ width: 150 }} />
          </Space.Compact>
          <div style={{ minWidth: 260, flex: '1 1 260px', maxWidth: 380 }}>
            <ListSearch q={filter.subject} onSearch={(v) => update({ subject: v, page: undefined })} label={t('sharing.log.subject')} placeholder={t('sharing.records.searchPlaceholder')} submitLabel={t('portal.search.submit')} />
          </div>
        </Flex>
        {subject && !filter.subject && <Tag color="warning" style={{ marginBottom: 12 }}>{t('sharing.records.subjectInvalid')}</Tag>}
        {log.isError ? (
          <LoadError error={log.error} onRetry={() => void log.refetch()} />
        ) : (
          <>
            <Table<QueryLogEntry> rowKey="id" size="middle" columns={columns} dataSource={log.data?.items} loading={log.isFetching} pagination={false} scroll={{ x: 1150 }} locale={{ emptyText: t('sharing.log.none') }} />
            {log.data && <ListFooter total={log.data.total} page={page} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />}
          </>
        )}
      </Card>
    </>
  );
}
