import { CloseOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { warningLevels, type EscalationStep, type ListedWarningLevel } from '../../../common/supervision.js';
import { useWarnings, type WarningItem } from '../api/supervision.js';
import { CaseStatusTag } from '../shared/case-tags.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgPicker } from '../shared/org-picker.js';
import { PageHeader } from '../shared/page-header.js';
import { QueryState } from '../shared/query-state.js';
import { DeadlineCell } from '../review/deadline.js';
// The deadline cell is the back office's, with its styles.
import '../review/review.css';
import { UpdatedAt } from './live.js';
import { useQueryParams } from './query-params.js';
import './supervision.css';

const PAGE_SIZE = 20;
const stepColors: Record<EscalationStep, string> = { yellow: 'gold', red: 'red', head: 'volcano', supervisor: 'magenta' };

/** How far a warning has gone: told the handler (yellow, red), then the head, then the supervisors above. */
export function EscalationTag({ step }: { step: EscalationStep | null }) {
  const { t } = useTranslation();
  if (!step) return <Typography.Text type="secondary">{t('supervision.escalation.none')}</Typography.Text>;
  return (
    <Tooltip title={t(`supervision.escalation.help.${step}`)}>
      <Tag color={stepColors[step]} style={{ marginInlineEnd: 0 }} data-step={step}>
        {t(`supervision.escalation.step.${step}`)}
      </Tag>
    </Tooltip>
  );
}

/**
 * The live warning list of the supervisor's subtree: cases red (late), yellow (near the deadline)
 * or paused, red first, by handling organisation, with how far each warning has been escalated.
 */
export default function WarningsPage() {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { params, set, page, setPage } = useQueryParams();
  const levelParam = params.get('level');
  const level = (warningLevels as readonly string[]).includes(levelParam ?? '') ? (levelParam as ListedWarningLevel) : undefined;
  const org = params.get('org') ?? undefined;
  const handlerOrg = params.get('handlerOrg') ?? undefined;
  const handler = params.get('handler') ?? undefined;
  const warnings = useWarnings({ ...(org ? { org } : {}), ...(level ? { level } : {}), ...(handlerOrg ? { handlerOrg } : {}), ...(handler ? { handler } : {}), page, pageSize: PAGE_SIZE });

  const columns: ColumnsType<WarningItem> = [
    {
      title: t('supervision.warnings.case'),
      key: 'case',
      render: (_, w) => (
        <>
          <Link to={`/review/cases/${w.caseId}`} className="mono" data-testid="warning-case">
            {w.caseNumber}
          </Link>
          <div className="sup-muted">{pick(w.itemName, w.itemNameEn)}</div>
        </>
      ),
    },
    { title: t('supervision.warnings.handler'), key: 'handlerOrg', render: (_, w) => pick(w.handlerOrg.name, w.handlerOrg.nameEn) },
    { title: t('supervision.warnings.person'), key: 'handler', render: (_, w) => w.handler?.name ?? <span className="sup-muted">—</span> },
    { title: t('supervision.warnings.status'), key: 'status', width: 110, render: (_, w) => <CaseStatusTag status={w.status} /> },
    { title: t('supervision.warnings.deadline'), key: 'due', render: (_, w) => <DeadlineCell dueOn={w.promisedDueOn} daysLeft={w.daysLeft} warning={w.level} /> },
    { title: t('supervision.warnings.escalation'), key: 'escalation', width: 150, render: (_, w) => <EscalationTag step={w.escalation} /> },
  ];

  const handlerName = handlerOrg && warnings.data?.byHandler.find((h) => h.orgId === handlerOrg || h.code === handlerOrg);
  const personName = handler && warnings.data?.byPerson.find((p) => p.userId === handler)?.name;

  return (
    <div className="sup-page">
      <PageHeader title={t('supervision.warnings.title')} subtitle={t('supervision.warnings.intro')} extra={<UpdatedAt at={warnings.dataUpdatedAt} fetching={warnings.isFetching} />} />
      <Card size="small" className="sup-filters">
        <Flex wrap gap={12} align="center">
          <Segmented<string>
            aria-label={t('supervision.warnings.level')}
            value={level ?? 'all'}
            onChange={(v) => set({ level: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: t('common.all') }, ...warningLevels.map((l) => ({ value: l, label: t(`enums.warning.${l}`) }))]}
          />
          <OrgPicker value={org} onChange={(v) => set({ org: v, handlerOrg: undefined, handler: undefined })} allowClear placeholder={t('supervision.filters.org')} aria-label={t('supervision.filters.org')} style={{ width: 260 }} />
          {handlerOrg && (
            <Tag closable closeIcon={<CloseOutlined />} onClose={() => set({ handlerOrg: undefined })} color="blue">
              {t('supervision.warnings.onlyHandler', { org: handlerName ? pick(handlerName.name, handlerName.nameEn) : handlerOrg })}
            </Tag>
          )}
          {handler && (
            <Tag closable closeIcon={<CloseOutlined />} onClose={() => set({ handler: undefined })} color="blue">
              {t('supervision.warnings.onlyHandler', { org: personName || handler })}
            </Tag>
          )}
        </Flex>
      </Card>
      <QueryState query={warnings}>
        {(data) => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
              {(['red', 'yellow', 'paused'] as const).map((l) => (
                <Col span={8} key={l}>
                  <Card size="small" hoverable onClick={() => set({ level: level === l ? undefined : l })} className={level === l ? 'sup-kpi-selected' : undefined} data-testid={`count-${l}`}>
                    <Statistic title={t(`enums.warning.${l}`)} value={data.counts[l]} styles={{ content: { color: l === 'red' ? '#cf1322' : l === 'yellow' ? '#d46b08' : undefined } }} />
                  </Card>
                </Col>
              ))}
            </Row>
            <CountsCard title={t('supervision.warnings.byHandler')} testId="by-handler" selected={handlerOrg} onSelect={(id) => set({ handlerOrg: id })}
              entries={data.byHandler.map((h) => ({ id: h.orgId, label: pick(h.name, h.nameEn), counts: h }))} />
            <CountsCard title={t('supervision.warnings.byPerson')} testId="by-person" selected={handler} onSelect={(id) => set({ handler: id })}
              entries={data.byPerson.map((p) => ({ id: p.userId, label: p.name, counts: p }))} />
            <Card>
              <Table<WarningItem>
                rowKey="caseId"
                size="middle"
                columns={columns}
                dataSource={data.items}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t(level ? 'supervision.warnings.noneAtLevel' : 'supervision.warnings.none') }}
                loading={warnings.isFetching && warnings.isPlaceholderData}
                pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }), onChange: setPage }}
                data-testid="warnings-table"
              />
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}

/** Buttons with each one's red, yellow and paused counts; a click narrows the list to it, a second click widens it again. */
function CountsCard({ title, testId, entries, selected, onSelect }: { title: string; testId: string; entries: { id: string; label: string; counts: Record<'red' | 'yellow' | 'paused', number> }[]; selected: string | undefined; onSelect: (id: string | undefined) => void }) {
  if (!entries.length) return null;
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      <Flex wrap gap={8}>
        {entries.map(({ id, label, counts }) => (
          <Button key={id} size="small" type={selected === id ? 'primary' : 'default'} ghost={selected === id} onClick={() => onSelect(selected === id ? undefined : id)}>
            {label}
            <Space size={2} style={{ marginInlineStart: 4 }}>
              {counts.red > 0 && <Tag color="error" style={{ marginInlineEnd: 0 }}>{counts.red}</Tag>}
              {counts.yellow > 0 && <Tag color="warning" style={{ marginInlineEnd: 0 }}>{counts.yellow}</Tag>}
              {counts.paused > 0 && <Tag style={{ marginInlineEnd: 0 }}>{counts.paused}</Tag>}
            </Space>
          </Button>
        ))}
      </Flex>
    </Card>
  );
}
