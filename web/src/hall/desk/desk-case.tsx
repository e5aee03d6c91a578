import { Space, Spin } from 'antd';
import { useNotice } from '../../api/catalog.js';
import { useCase } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';
import { LoadError } from '../../shared/query-state.js';
import { CaseSummary } from './case-summary.js';
import { DecisionPanel } from './decision-panel.js';
import { awaitingIntake } from './desk-facts.js';
import { HandoverPanel } from './handover-panel.js';

/**
 * One case at the desk, as it is now: while it awaits intake (filed online, or back with corrections),
 * what was filed and the intake decision; afterwards, its progress and the handing over of the result.
 */
export function DeskCase({ id, window: w }: { id: string; window: DeskWindow }) {
  const view = useCase(id);
  const notice = useNotice(view.data?.case.itemCode, undefined);
  if (view.isError) return <LoadError error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Spin style={{ display: 'block', padding: 40 }} />;
  const item = notice.data?.item.itemCode === view.data.case.itemCode ? notice.data.item : undefined;
  if (!awaitingIntake(view.data)) return <HandoverPanel view={view.data} window={w} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CaseSummary view={view.data} schema={item?.formSchema} />
      <DecisionPanel key={view.data.case.id} view={view.data} pendingAllowed={item?.pendingAllowed} />
    </Space>
  );
}
