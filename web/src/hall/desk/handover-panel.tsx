import { CarOutlined, CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, GiftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Card, Checkbox, Col, Flex, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotice } from '../../api/catalog.js';
import { useSupplyPending, type CaseView } from '../../api/cases.js';
import type { DeskWindow } from '../../api/desk.js';
import { useReviewStep } from '../../api/review.js';
import { todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { CaseResult, CaseTrips } from '../../portal/cases/case-sections.js';
import { CaseSummary } from './case-summary.js';
import { printDocument } from './decision-panel.js';
import { readinessOf, visitRecordedToday } from './desk-facts.js';
import { ShortcutButton } from '../../shared/shortcuts.js';

const tripReasons = ['supply', 'collect', 'consult', 'other'] as const;
const tripReasonText: Record<(typeof tripReasons)[number], string> = {
  supply: '现场补交材料 / handed in materials at the window',
  collect: '来窗口领取结果 / came to collect the result',
  consult: '来窗口咨询办理进度 / asked about the case at the window',
  other: '来窗口办理相关事项 / came to the window about the case',
};

function Check({ ok, wait, children }: { ok: boolean; wait?: boolean; children: string }) {
  return (
    <li className={ok ? 'desk-check-ok' : wait ? 'desk-check-wait' : 'desk-check-no'}>
      {ok ? <CheckCircleFilled /> : wait ? <ClockCircleOutlined /> : <CloseCircleFilled />} {children}
    </li>
  );
}

/** Pending materials handed in at the window now (paper ticked), so the result can follow. */
function SupplyPending({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const supply = useSupplyPending();
  const onProblem = useProblemHandler();
  const owed = view.materials.filter((m) => m.status === 'pending');
  const [keys, setKeys] = useState<string[]>([]);
  const name = (key: string) => {
    const s = view.materialSpecs.find((m) => m.key === key);
    return s ? pick(s.name, s.nameEn) : key;
  };
  return (
    <div className="desk-subform">
      <Typography.Text strong>{t('desk.handover.supplyTitle')}</Typography.Text>
      <Checkbox.Group className="desk-checkbox-column" value={keys} onChange={(v) => setKeys(v as string[])} options={owed.map((m) => ({ value: m.materialKey, label: name(m.materialKey) }))} />
      <ShortcutButton
        shortcut="M"
        disabled={!keys.length}
        loading={supply.isPending}
        onClick={() => supply.mutate({ id: view.case.id, version: view.case.version, materials: keys.map((key) => ({ key, fileIds: [] })) }, { onSuccess: () => setKeys([]), onError: (err) => onProblem(err) })}
      >
        {t('desk.handover.supply')}
      </ShortcutButton>
    </div>
  );
}

/**
 * Handing the result over at the window: is it ready (decided, certificate issued, pending materials
 * in), hand it over (a trip, unless this visit is already recorded), record a visit, print the decision
 * and the certificate.
 */
export function HandoverPanel({ view, window: w }: { view: CaseView; window: DeskWindow }) {
  const { t } = useTranslation();
  const step = useReviewStep(view.case.id);
  const onProblem = useProblemHandler();
  const notice = useNotice(view.case.itemCode, undefined);
  const [reason, setReason] = useState<(typeof tripReasons)[number]>('supply');
  const r = readinessOf(view);
  const c = view.case;
  const today = todayInShanghai();
  const visited = visitRecordedToday(view, w.site.id, today, (at) => todayInShanghai(new Date(at)));
  const canTrip = view.allowedActions.includes('recordTrip');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <CaseSummary view={view} schema={notice.data?.item.itemCode === c.itemCode ? notice.data.item.formSchema : undefined} />
          <CaseResult view={view} />
        </Space>
      </Col>
      <Col xs={24} xl={10}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('desk.handover.readiness')} data-testid="desk-readiness">
            <ul className="desk-checks plain-list">
              <Check ok={r.decided} wait={!r.decided}>{r.decided ? t(`desk.handover.decided.${r.approved ? 'approve' : 'deny'}`) : t('desk.handover.notDecided')}</Check>
              {(!r.decided || r.approved) && <Check ok={r.certificateIssued} wait={!r.certificateIssued}>{r.certificateIssued ? t('desk.handover.certificate') : t('desk.handover.noCertificate')}</Check>}
              <Check ok={r.pendingOwed === 0}>{r.pendingOwed === 0 ? t('desk.handover.pendingIn') : t('desk.handover.pendingOwed', { count: r.pendingOwed })}</Check>
              {r.delivered && <Check ok>{t('desk.handover.delivered', { method: t(`enums.deliveryMethod.${c.delivery!.method}`) })}</Check>}
            </ul>
            {r.pendingOwed > 0 && view.allowedActions.includes('supplyPending') && <SupplyPending view={view} />}
            {!r.delivered && (
              <Alert type={r.canDeliver ? 'success' : 'info'} showIcon style={{ margin: '12px 0' }} title={r.canDeliver ? t('desk.handover.ready') : t('desk.handover.notReady')} description={r.canDeliver ? t(visited ? 'desk.handover.sameVisit' : 'desk.handover.newVisit') : undefined} />
            )}
            <Flex gap={8} wrap>
              {!r.delivered && (
                <ShortcutButton
                  shortcut="H"
                  type="primary"
                  icon={<GiftOutlined />}
                  disabled={!r.canDeliver}
                  loading={step.isPending && step.variables.step === 'deliver'}
                  onClick={() => step.mutate({ step: 'deliver', body: { version: c.version, method: 'window', windowId: w.id } }, { onError: (err) => onProblem(err) })}
                >
                  {t('desk.handover.deliver')}
                </ShortcutButton>
              )}
              {c.decision && (
                <ShortcutButton shortcut="O" icon={<PrinterOutlined />} onClick={() => printDocument(c.id, 'decision')}>
                  {t('desk.decision.print.decision')}
                </ShortcutButton>
              )}
              {c.certificateId && (
                <ShortcutButton shortcut="Z" icon={<PrinterOutlined />} onClick={() => printDocument(c.id, 'certificate')}>
                  {t('desk.decision.print.certificate')}
                </ShortcutButton>
              )}
            </Flex>
          </Card>
          {canTrip && (
            <Card title={t('desk.handover.tripTitle')} size="small">
              {visited ? (
                <Typography.Text type="secondary">{t('desk.handover.tripRecorded')}</Typography.Text>
              ) : (
                <Flex gap={8} wrap align="center">
                  <Select value={reason} onChange={setReason} style={{ minWidth: 220 }} aria-label={t('desk.handover.tripReason')} options={tripReasons.map((k) => ({ value: k, label: t(`desk.handover.reasons.${k}`) }))} />
                  <ShortcutButton
                    shortcut="T"
                    icon={<CarOutlined />}
                    loading={step.isPending && step.variables.step === 'trips'}
                    onClick={() => step.mutate({ step: 'trips', body: { version: c.version, reason: tripReasonText[reason], windowId: w.id } }, { onError: (err) => onProblem(err) })}
                  >
                    {t('desk.handover.recordTrip')}
                  </ShortcutButton>
                </Flex>
              )}
            </Card>
          )}
          <CaseTrips view={view} />
        </Space>
      </Col>
    </Row>
  );
}
