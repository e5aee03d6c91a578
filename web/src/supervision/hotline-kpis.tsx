import { CustomerServiceOutlined } from '@ant-design/icons';
import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KpiKey } from '../../../common/supervision.js';
import type { KpiWithDefinition } from '../api/supervision.js';
import { KpiCard } from './kpi-card.js';

// The 12345 hotline's measures (issue 9), shown by electronic supervision beside the cases'.

/** Whether a supervision KPI is one of the 12345 hotline's (volume, answered on the spot, on time, callback, satisfaction). */
export const isHotlineKpi = (k: Pick<KpiWithDefinition, 'key'>): boolean => k.key.startsWith('hotline.');

/** The hotline's KPIs on the supervision dashboard, under their own heading after the cases'. */
export function HotlineKpis({ kpis, chosen, onSelect }: { kpis: KpiWithDefinition[]; chosen: KpiKey; onSelect: (key: KpiKey) => void }) {
  const { t } = useTranslation();
  if (!kpis.length) return null;
  return (
    <section style={{ marginTop: 16 }} data-testid="hotline-kpi-cards">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <CustomerServiceOutlined /> {t('hotline.kpi.group')}
      </Typography.Title>
      <Row gutter={[12, 12]} className="sup-kpis">
        {kpis.map((k) => (
          <Col key={k.key} xs={12} sm={12} md={8} lg={6} xxl={4}>
            <KpiCard kpi={k} selected={k.key === chosen} onSelect={() => onSelect(k.key)} />
          </Col>
        ))}
      </Row>
    </section>
  );
}
