import { AuditOutlined, CheckCircleFilled, FilePdfOutlined } from '@ant-design/icons';
import { Empty, Grid, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { materialFileUrl, type Material, type MaterialProofItem } from '../../api/catalog.js';
import { replacementLabel } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ProofWays } from '../proofs/proof-parts.js';

function KindTag({ kind }: { kind: Material['kind'] }) {
  const { t } = useTranslation();
  return kind === 'required' ? (
    <Tag color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
      {t('enums.materialKind.required')}
    </Tag>
  ) : (
    <Tooltip title={t('catalog.material.secondaryHelp')}>
      <Tag color="orange" style={{ marginInlineEnd: 0 }}>
        {t('enums.materialKind.secondary')}
      </Tag>
    </Tooltip>
  );
}

function FormCopies({ m }: { m: Material }) {
  const { t } = useTranslation();
  const form = t(`enums.materialForm.${m.form}`);
  return <>{m.copies > 0 ? t('catalog.material.formCopies', { form, count: m.copies }) : form}</>;
}

function Waivable({ m }: { m: Material }) {
  const { t } = useTranslation();
  if (!m.replaceableBy) return null;
  return (
    <div className="material-waivable">
      <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 6 }}>
        {t('catalog.material.waivable')}
      </Tag>
      <Typography.Text type="secondary">{replacementLabel(t, m.replaceableBy)}</Typography.Text>
    </div>
  );
}

/** A material that is a proof item (证明事项): how it can be satisfied without the paper (R1.3). */
export function ProofItemNote({ proofItem: p }: { proofItem: MaterialProofItem['proofItem'] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <div className="material-proof" data-testid="proof-item-note">
      <Tag color={p.status === 'retired' ? 'default' : 'geekblue'} icon={<AuditOutlined />} style={{ marginInlineEnd: 0 }}>
        <Link to={`/proofs?q=${encodeURIComponent(p.code)}${p.status === 'retired' ? '&status=retired' : ''}`}>
          {t('reuse.notice.proofItem')} {p.code}
        </Link>
      </Tag>
      {p.status === 'retired' ? (
        <Typography.Text type="secondary">{t('reuse.notice.retired')}</Typography.Text>
      ) : (
        <>
          <Typography.Text type="secondary">{t('reuse.notice.satisfiedBy')}</Typography.Text>
          <ProofWays satisfiedBy={p.satisfiedBy} />
        </>
      )}
      {pick(p.notes, p.notesEn) && <div className="material-proof-notes">{pick(p.notes, p.notesEn)}</div>}
    </div>
  );
}

function TemplateLinks({ code, m, vertical = false }: { code: string; m: Material; vertical?: boolean }) {
  const { t } = useTranslation();
  if (!m.template) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[12, 4]} wrap orientation={vertical ? 'vertical' : 'horizontal'}>
      <a href={materialFileUrl(code, m.key, 'template')} target="_blank" rel="noopener">
        <FilePdfOutlined /> {t('catalog.material.template')}
      </a>
      <a href={materialFileUrl(code, m.key, 'example')} target="_blank" rel="noopener">
        <FilePdfOutlined /> {t('catalog.material.example')}
      </a>
    </Space>
  );
}

/** The materials of a notice: each required or secondary, its form and copies, templates, and whether it can be skipped. */
export function NoticeMaterials({ code, materials, proofItems = [] }: { code: string; materials: Material[]; proofItems?: MaterialProofItem[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const proofItemOf = (key: string) => proofItems.find((p) => p.materialKey === key)?.proofItem;
  if (!materials.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.material.none')} />;
  const nameCell = (m: Material) => (
    <div>
      <Typography.Text strong>{pick(m.name, m.nameEn)}</Typography.Text>
      {(m.notes || m.notesEn) && (
        <div>
          <Typography.Text type="secondary">{pick(m.notes ?? '', m.notesEn)}</Typography.Text>
        </div>
      )}
      <Waivable m={m} />
      {proofItemOf(m.key) && <ProofItemNote proofItem={proofItemOf(m.key)!} />}
      {narrow && (
        <div className="material-narrow-facts">
          <Space size={[8, 6]} wrap>
            <KindTag kind={m.kind} />
            <Typography.Text>
              <FormCopies m={m} />
            </Typography.Text>
          </Space>
          {m.template && (
            <div style={{ marginTop: 6 }}>
              <TemplateLinks code={code} m={m} />
            </div>
          )}
        </div>
      )}
    </div>
  );
  const columns: TableColumnsType<Material> = narrow
    ? [
        { title: '#', key: 'n', width: 36, render: (_, __, i) => i + 1 },
        { title: t('catalog.material.name'), key: 'name', render: (_, m) => nameCell(m) },
      ]
    : [
        { title: '#', key: 'n', width: 44, render: (_, __, i) => i + 1 },
        { title: t('catalog.material.name'), key: 'name', render: (_, m) => nameCell(m) },
        { title: t('catalog.material.kind'), key: 'kind', width: 118, render: (_, m) => <KindTag kind={m.kind} /> },
        { title: t('catalog.material.formAndCopies'), key: 'form', width: 112, render: (_, m) => <FormCopies m={m} /> },
        { title: t('catalog.material.templates'), key: 'template', width: 128, render: (_, m) => <TemplateLinks code={code} m={m} vertical /> },
      ];
  return <Table<Material> rowKey="key" size="middle" columns={columns} dataSource={materials} pagination={false} className="materials-table" />;
}
