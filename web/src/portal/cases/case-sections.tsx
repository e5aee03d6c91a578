import { CarOutlined, CheckCircleFilled, ClockCircleOutlined, DownloadOutlined, FilePdfOutlined, FileTextOutlined, MinusCircleOutlined, SafetyCertificateOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Divider, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { caseDocumentUrl, type CaseView } from '../../api/cases.js';
import { bilingualText, TripFactsTags } from '../../shared/case-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { LinkButton } from '../../shared/link-button.js';
import { MaterialProvenance } from '../../shared/material-provenance.js';
import { availableDocuments, competentOrgName, lastEvent, materialRows } from './case-facts.js';

/** Why intake was refused, and where to apply instead. */
export function RefusalNotice({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const e = lastEvent(view, 'refuseIntake');
  const org = competentOrgName(e);
  return (
    <Alert
      type="error"
      showIcon
      className="case-alert"
      title={t('caseDetail.refused.title')}
      description={
        <>
          {e?.reason && <div>{bilingualText(e.reason, locale)}</div>}
          {org && <div>{t('caseDetail.refused.competent', { org })}</div>}
        </>
      }
    />
  );
}

/** Each material of the catalog's list: received, pending under a commitment, or not provided. */
export function CaseMaterials({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const rows = materialRows(view, pick);
  return (
    <Card
      title={
        <>
          <FileTextOutlined /> {t('caseDetail.materials.title')} <Typography.Text type="secondary">({rows.length})</Typography.Text>
        </>
      }
      data-testid="case-materials"
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.materials.none')} />
      ) : (
        <ul className="plain-list case-materials">
          {rows.map((r) => {
            const m = view.materials.find((x) => x.materialKey === r.key);
            return (
              <li key={r.key}>
                <Flex justify="space-between" align="flex-start" gap={12} wrap>
                  <div className="case-material-name">
                    <div>{r.name}</div>
                    {r.kind && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`enums.materialKind.${r.kind as 'required' | 'secondary'}`)}
                      </Typography.Text>
                    )}
                  </div>
                  <div className="case-material-state">
                    {m?.status === 'received' ? (
                      <>
                        <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
                          {t('caseDetail.materials.received')}
                        </Tag>
                        <div className="case-material-meta">
                          {m.receivedAt && t('caseDetail.materials.receivedAt', { time: formatDateTime(m.receivedAt, locale) })}
                          {m.fileIds.length > 0 && ` · ${t('caseDetail.materials.files', { count: m.fileIds.length })}`}
                        </div>
                      </>
                    ) : m?.status === 'pending' ? (
                      <>
                        <Tag color="warning" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                          {t('caseDetail.materials.pending')}
                        </Tag>
                        {view.case.pendingDueOn && <div className="case-material-meta">{t('caseDetail.materials.pendingDue', { date: formatDate(view.case.pendingDueOn, locale, false) })}</div>}
                      </>
                    ) : (
                      <Tag icon={<MinusCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                        {t('caseDetail.materials.missing')}
                      </Tag>
                    )}
                  </div>
                </Flex>
                {m?.status === 'received' && <MaterialProvenance material={m} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** Visits in person with their reasons, and the badges the case earned. */
export function CaseTrips({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Card
      title={
        <>
          <CarOutlined /> {t('caseDetail.trips.title')}
        </>
      }
      data-testid="case-trips"
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <TripFactsTags facts={view.tripFacts} />
        <Typography.Text>{view.tripFacts.trips === 0 ? t('caseDetail.trips.none') : t('caseDetail.trips.count', { count: view.tripFacts.trips })}</Typography.Text>
        {view.trips.length > 0 && (
          <ul className="plain-list">
            {view.trips.map((trip) => (
              <li key={trip.id}>
                <div>{bilingualText(trip.reason, locale)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(trip.at, locale)}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Space>
    </Card>
  );
}

/** The printable documents the case has reached, each a PDF link. */
export function CaseDocuments({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const kinds = availableDocuments(view);
  return (
    <Card
      title={
        <>
          <FilePdfOutlined /> {t('caseDetail.documents.title')}
        </>
      }
      data-testid="case-documents"
    >
      {kinds.length === 0 ? (
        <Typography.Text type="secondary">{t('caseDetail.documents.none')}</Typography.Text>
      ) : (
        <>
          <ul className="plain-list case-documents">
            {kinds.map((k) => (
              <li key={k}>
                <a href={caseDocumentUrl(view.case.id, k)} target="_blank" rel="noopener">
                  <FilePdfOutlined /> {t(`caseDetail.documents.${k}`)}
                </a>
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('caseDetail.documents.intro')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}

/** The decision with its seal, the e-certificate and the delivery. */
export function CaseResult({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const c = view.case;
  const d = c.decision;
  if (!d) return null;
  return (
    <Card
      title={
        <>
          <TrophyOutlined /> {t('caseDetail.decision.title')}
        </>
      }
      className={`case-result case-result-${d.outcome}`}
      data-testid="case-result"
    >
      <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('caseDetail.decision.outcome')}>
          <Tag color={d.outcome === 'approve' ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
            {t(`enums.outcome.${d.outcome}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.decision.reasons')}>
          <span style={{ whiteSpace: 'pre-line' }}>{d.reasons}</span>
        </Descriptions.Item>
        {d.remedy && <Descriptions.Item label={t('caseDetail.decision.remedy')}>{d.remedy}</Descriptions.Item>}
        <Descriptions.Item label={t('caseDetail.decision.org')}>{d.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.decision.decidedAt')}>{formatDateTime(d.decidedAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.decision.seal')}>
          <span className="mono hash">{d.keyId}</span>
        </Descriptions.Item>
      </Descriptions>
      {c.certificateId && (
        <div className="case-certificate" data-testid="case-certificate">
          <div className="case-certificate-head">
            <SafetyCertificateOutlined /> {t('caseDetail.certificate.title')}
          </div>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 10 }}>
            {t('caseDetail.certificate.text')}
          </Typography.Paragraph>
          <Space wrap size={8}>
            <LinkButton to={`/verify/${c.certificateId}`} type="primary" icon={<SafetyCertificateOutlined />}>
              {t('caseDetail.certificate.verify')}
            </LinkButton>
            <Button href={caseDocumentUrl(c.id, 'certificate')} target="_blank" rel="noopener" icon={<DownloadOutlined />}>
              {t('caseDetail.certificate.download')}
            </Button>
          </Space>
        </div>
      )}
      <Divider titlePlacement="start" plain>
        {t('caseDetail.delivery.title')}
      </Divider>
      {c.delivery ? (
        <Descriptions column={1} size="small" data-testid="case-delivery">
          <Descriptions.Item label={t('caseDetail.delivery.method')}>{t(`enums.deliveryMethod.${c.delivery.method}`)}</Descriptions.Item>
          {c.delivery.courier && <Descriptions.Item label={t('caseDetail.delivery.courier')}>{c.delivery.courier}</Descriptions.Item>}
          {c.delivery.trackingNumber && (
            <Descriptions.Item label={t('caseDetail.delivery.tracking')}>
              <Typography.Text copyable className="mono">
                {c.delivery.trackingNumber}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {c.delivery.address && <Descriptions.Item label={t('caseDetail.delivery.address')}>{c.delivery.address}</Descriptions.Item>}
          <Descriptions.Item label={t('caseDetail.delivery.deliveredAt')}>{formatDateTime(c.delivery.deliveredAt, locale)}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">{t('caseDetail.delivery.none')}</Typography.Text>
      )}
    </Card>
  );
}
