import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Grid, Select, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVersionDiff, type ItemVersion, type VersionDiff } from '../../api/catalog.js';
import { LoadError } from '../../shared/query-state.js';
import { fieldLabel, fieldLines, FieldValue } from './field-values.js';

type Change = VersionDiff['changes'][number];

interface VersionDiffCardProps {
  versions: ItemVersion[];
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
}

/** Two versions of an item side by side: only the fields that changed, entries removed and added marked. */
export function VersionDiffCard({ versions, from, to, onChange }: VersionDiffCardProps) {
  const { t } = useTranslation();
  const diff = useVersionDiff(from, to);
  const narrow = !Grid.useBreakpoint().md;
  const options = versions.map((v) => ({ value: v.id, label: `${t('catalog.versionN', { number: v.number })} · ${t(`enums.itemStatus.${v.status}`)}` }));
  const numberOf = (id: string | undefined) => versions.find((v) => v.id === id)?.number;
  const columns: TableColumnsType<Change> = [
    { title: t('catalog.admin.field'), key: 'field', width: 140, render: (_, c) => <Typography.Text strong>{fieldLabel(t, c.field)}</Typography.Text> },
    {
      title: t('catalog.admin.diffFrom', { number: numberOf(from) }),
      key: 'before',
      render: (_, c) => <FieldValue lines={fieldLines(c.field, c.before, t)} other={fieldLines(c.field, c.after, t)} mark="removed" />,
      onCell: () => ({ className: 'diff-cell-before' }),
    },
    {
      title: t('catalog.admin.diffTo', { number: numberOf(to) }),
      key: 'after',
      render: (_, c) => <FieldValue lines={fieldLines(c.field, c.after, t)} other={fieldLines(c.field, c.before, t)} mark="added" />,
      onCell: () => ({ className: 'diff-cell-after' }),
    },
  ];
  let body;
  if (!from || !to || from === to) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.admin.pickTwo')} />;
  else if (diff.isError) body = <LoadError error={diff.error} onRetry={() => void diff.refetch()} />;
  else if (diff.isPending) body = <Spin style={{ display: 'block', padding: 32 }} />;
  else if (!diff.data.changes.length) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.admin.noChanges')} />;
  else if (narrow)
    // On a phone the two sides stack: old above new, per field.
    body = (
      <div className="diff-stacked">
        {diff.data.changes.map((c) => (
          <div key={c.field} className="diff-stacked-field">
            <Typography.Text strong>{fieldLabel(t, c.field)}</Typography.Text>
            <div className="diff-stacked-side diff-cell-before">
              <Typography.Text type="secondary">{t('catalog.admin.diffFrom', { number: numberOf(from) })}</Typography.Text>
              <FieldValue lines={fieldLines(c.field, c.before, t)} other={fieldLines(c.field, c.after, t)} mark="removed" />
            </div>
            <div className="diff-stacked-side diff-cell-after">
              <Typography.Text type="secondary">{t('catalog.admin.diffTo', { number: numberOf(to) })}</Typography.Text>
              <FieldValue lines={fieldLines(c.field, c.after, t)} other={fieldLines(c.field, c.before, t)} mark="added" />
            </div>
          </div>
        ))}
      </div>
    );
  else
    body = (
      <Table<Change>
        rowKey="field"
        size="small"
        columns={columns}
        dataSource={diff.data.changes}
        pagination={false}
        scroll={{ x: 720 }}
        loading={diff.isFetching && diff.isPlaceholderData}
        className="diff-table"
      />
    );
  return (
    <Card title={t('catalog.admin.diff')} id="diff">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Select aria-label={t('catalog.admin.diffFromLabel')} value={from} onChange={(v: string) => onChange(v, to)} options={options} style={{ minWidth: 180 }} placeholder={t('catalog.admin.diffFromLabel')} />
        <Button type="text" icon={<SwapOutlined />} aria-label={t('catalog.admin.swap')} onClick={() => onChange(to, from)} />
        <Select aria-label={t('catalog.admin.diffToLabel')} value={to} onChange={(v: string) => onChange(from, v)} options={options} style={{ minWidth: 180 }} placeholder={t('catalog.admin.diffToLabel')} />
        {diff.data && from !== to && (
          <Typography.Text type="secondary">{t('catalog.admin.changedFields', { count: diff.data.changes.length })}</Typography.Text>
        )}
      </Flex>
      {body}
    </Card>
  );
}
