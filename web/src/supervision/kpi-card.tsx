import { CheckCircleFilled, CloseCircleFilled, InfoCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Popover, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiWithDefinition } from '../api/supervision.js';
import { useLocale } from '../shared/i18n/index.js';
import { formatKpi } from './kpi-format.js';

/** Whether a KPI meets its target: met, missed, or nothing to measure yet (a KPI without a target shows no tag). */
export function TargetTag({ meets }: { meets: boolean | null }) {
  const { t } = useTranslation();
  if (meets === null) return <Tag style={{ marginInlineEnd: 0 }}>{t('supervision.kpi.noData')}</Tag>;
  return meets ? (
    <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }} data-meets="yes">
      {t('supervision.kpi.met')}
    </Tag>
  ) : (
    <Tag color="error" icon={<CloseCircleFilled />} style={{ marginInlineEnd: 0 }} data-meets="no">
      {t('supervision.kpi.missed')}
    </Tag>
  );
}

/** The plan's target a KPI belongs to (T1 … T8); the operating measures have none. */
export const targetLabel = (key: string): string | null => (key.startsWith('T') ? key.split('.')[0]! : null);

/** The written definition of a KPI as the server sends it: numerator, denominator, period rule, target. */
export function KpiDefinitionText({ definition }: { definition: KpiDefinition }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Descriptions
      size="small"
      column={1}
      className="sup-definition"
      items={[
        { key: 'n', label: t('supervision.kpi.numerator'), children: definition.numerator[locale] },
        { key: 'd', label: t('supervision.kpi.denominator'), children: definition.denominator[locale] },
        { key: 'p', label: t('supervision.kpi.periodRule'), children: definition.period[locale] },
        { key: 't', label: t('supervision.kpi.target'), children: definition.target?.[locale] ?? t('supervision.kpi.noTarget') },
      ]}
    />
  );
}

/** An info button that shows a KPI's definition on hover, focus or click. */
export function DefinitionButton({ definition, dark }: { definition: KpiDefinition; dark?: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Popover title={definition.name[locale]} content={<KpiDefinitionText definition={definition} />} trigger={['hover', 'click']} styles={{ root: { maxWidth: 420 } }}>
      <Button
        type="text"
        size="small"
        icon={<InfoCircleOutlined />}
        aria-label={t('supervision.kpi.definitionOf', { name: definition.name[locale] })}
        onClick={(e) => e.stopPropagation()}
        className={dark ? 'sup-screen-info' : undefined}
      />
    </Popover>
  );
}

/** The target written next to the value: "目标 ≥ 70.0%", "目标 ≤ 5 个工作日". */
export function targetText(kpi: Pick<KpiWithDefinition, 'target' | 'unit' | 'definition'>, locale: 'zh-CN' | 'en-US', t: TFunction): string | null {
  if (kpi.target === null) return null;
  return t('supervision.kpi.targetValue', { op: kpi.definition.better === 'higher' ? '≥' : '≤', value: formatKpi(kpi.target, kpi.unit, locale, t) });
}

/** The figures beside a value: numerator/denominator, or for T5/T6 and waiting the 90th percentile. */
function detailText(kpi: KpiWithDefinition, locale: 'zh-CN' | 'en-US', t: TFunction): string | null {
  if (kpi.key === 'T5' || kpi.key === 'T6') return kpi.denominator ? t('supervision.kpi.p90', { value: formatKpi(kpi.details.p90 ?? null, kpi.unit, locale, t), count: kpi.denominator }) : null;
  if (kpi.key === 'waiting') return kpi.details.p90Seconds != null ? t('supervision.kpi.p90Wait', { value: formatKpi(kpi.details.p90Seconds, 'seconds', locale, t), count: kpi.denominator ?? 0 }) : null;
  // The hotline's tickets: how many were answered on the call, dispatched, closed.
  if (kpi.key === 'hotline.volume') return t('hotline.kpi.volumeDetail', { onSpot: kpi.details.answeredOnSpot ?? 0, dispatched: kpi.details.dispatched ?? 0, closed: kpi.details.closed ?? 0 });
  if (kpi.key === 'volume') return t('supervision.kpi.volumeDetail', { accepted: kpi.details.accepted ?? 0, decided: kpi.details.decided ?? 0, completed: kpi.details.completed ?? 0 });
  if (kpi.key === 'T4.items') return kpi.details.atMostOneTripByProcess != null ? t('supervision.kpi.byProcess', { count: kpi.details.atMostOneTripByProcess }) : null;
  // R1.3: materials the e-certificate library or shared data replaced, beside the deliveries.
  if (kpi.key === 'T7' && kpi.numerator !== null && kpi.denominator !== null) return `${kpi.numerator.toLocaleString(locale)} / ${kpi.denominator.toLocaleString(locale)} · ${t('reuse.t7Detail', { materials: kpi.details.materialsReplaced ?? 0, cases: kpi.details.casesWithReplacement ?? 0 })}`;
  if (kpi.numerator !== null && kpi.denominator !== null) return `${kpi.numerator.toLocaleString(locale)} / ${kpi.denominator.toLocaleString(locale)}`;
  return null;
}

/**
 * One KPI: name with its definition, value, target and whether it is met. A click chooses it for
 * the charts (a mouse shortcut: the charts' KPI picker does the same from the keyboard).
 */
export function KpiCard({ kpi, selected, onSelect }: { kpi: KpiWithDefinition; selected?: boolean; onSelect?: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const target = targetText(kpi, locale, t);
  const detail = detailText(kpi, locale, t);
  const plan = targetLabel(kpi.key);
  return (
    <Card
      size="small"
      className={`sup-kpi${selected ? ' sup-kpi-selected' : ''}${kpi.meetsTarget === false ? ' sup-kpi-missed' : ''}`}
      data-testid={`kpi-${kpi.key}`}
      data-selected={selected ? 'yes' : undefined}
      hoverable={!!onSelect}
      onClick={onSelect}
    >
      <div className="sup-kpi-head">
        {plan && <span className="sup-kpi-key">{plan}</span>}
        <span className="sup-kpi-name" title={kpi.definition.name[locale]}>
          {kpi.definition.name[locale]}
        </span>
        <DefinitionButton definition={kpi.definition} />
      </div>
      <div className="sup-kpi-value" data-testid="kpi-value">
        {formatKpi(kpi.value, kpi.unit, locale, t)}
      </div>
      <div className="sup-kpi-foot">
        {target ? <Typography.Text type="secondary">{target}</Typography.Text> : <span />}
        {kpi.target !== null && <TargetTag meets={kpi.meetsTarget} />}
      </div>
      {detail && <div className="sup-kpi-detail">{detail}</div>}
    </Card>
  );
}
