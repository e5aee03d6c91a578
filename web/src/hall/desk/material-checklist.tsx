import { CloseOutlined, PaperClipOutlined, SafetyCertificateOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../api/catalog.js';
import { uploadFile, type GovernmentCopy } from '../../api/cases.js';
import { replacementLabel } from '../../shared/catalog-tags.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { isProvided, type MaterialCheck } from './desk-facts.js';

const ACCEPT = 'application/pdf,image/jpeg,image/png';

/** Scans (PDF, JPEG, PNG) of one material, uploaded as the clerk picks them. */
function ScanButton({ material, onUploaded }: { material: Material; onUploaded: (file: { id: string; name: string }) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number>();
  const onProblem = useProblemHandler();
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        multiple
        hidden
        data-testid={`desk-scan-${material.key}`}
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          for (const f of files) {
            try {
              setPercent(0);
              const info = await uploadFile(f, setPercent);
              onUploaded({ id: info.id, name: info.name });
            } catch (err) {
              onProblem(err);
            } finally {
              setPercent(undefined);
            }
          }
        }}
      />
      <Button size="small" icon={<ScanOutlined />} loading={percent !== undefined} onClick={() => input.current?.click()} aria-label={t('desk.materials.scanFor', { name: pick(material.name, material.nameEn) })}>
        {percent !== undefined ? `${percent}%` : t('desk.materials.scan')}
      </Button>
    </>
  );
}

/** What the government holds for a replaceable material, and the applicant's consent to use it instead of paper (R1.3). */
function HeldCopy({ copy, check, name, materialKey, onChange }: { copy: GovernmentCopy | undefined; check: MaterialCheck; name: string; materialKey: string; onChange: (replace: boolean) => void }) {
  const { t } = useTranslation();
  const cert = copy?.certificates[0];
  if (copy?.held === false) return <div className="desk-held desk-held-none">{t('reuse.desk.noneHeld')}</div>;
  return (
    <div className="desk-held">
      <Space size={[6, 2]} wrap>
        <Tag color="green" icon={<SafetyCertificateOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('reuse.desk.held')}
        </Tag>
        {cert ? <span className="mono" style={{ fontSize: 12 }}>{cert.number}</span> : copy?.held === null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reuse.desk.dataOnConsent')}</Typography.Text>}
      </Space>
      <Checkbox checked={!!check.replace} onChange={(e) => onChange(e.target.checked)} data-testid={`desk-consent-${materialKey}`} aria-label={`${t('reuse.desk.consent')}：${name}`}>
        {t('reuse.desk.consent')}
      </Checkbox>
    </div>
  );
}

/**
 * The one-time notice's materials as a checklist at the window: each required or secondary, original or
 * copy and how many, ticked when seen, with scans uploaded; the first tick box takes the focus.
 */
export function MaterialChecklist({ specs, checks, copies, onChange }: { specs: readonly Material[]; checks: Record<string, MaterialCheck>; copies?: readonly GovernmentCopy[] | undefined; onChange: (key: string, check: MaterialCheck) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const checkOf = (key: string): MaterialCheck => checks[key] ?? { checked: false, files: [] };
  const columns: TableColumnsType<Material> = [
    { title: '#', key: 'n', width: 44, render: (_, __, i) => i + 1 },
    {
      title: t('catalog.material.name'),
      key: 'name',
      render: (_, m) => (
        <>
          <div className="desk-material-name">{pick(m.name, m.nameEn)}</div>
          {m.replaceableBy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{replacementLabel(t, m.replaceableBy)}</Typography.Text>}
          {(m.notes || m.notesEn) && <div className="desk-material-note">{pick(m.notes ?? '', m.notesEn)}</div>}
          {m.replaceableBy && <HeldCopy copy={copies?.find((c) => c.materialKey === m.key)} check={checkOf(m.key)} name={pick(m.name, m.nameEn)} onChange={(replace) => onChange(m.key, { checked: false, files: [], replace })} materialKey={m.key} />}
        </>
      ),
    },
    {
      title: t('catalog.material.kind'),
      key: 'kind',
      width: 120,
      render: (_, m) => (
        <Tag color={m.kind === 'required' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
          {t(`enums.materialKind.${m.kind}`)}
        </Tag>
      ),
    },
    { title: t('catalog.material.formAndCopies'), key: 'form', width: 120, render: (_, m) => t('catalog.material.formCopies', { form: t(`enums.materialForm.${m.form}`), count: m.copies }) },
    {
      title: t('desk.materials.checked'),
      key: 'checked',
      width: 90,
      render: (_, m, i) => (
        <Checkbox
          autoFocus={i === 0}
          disabled={!!checkOf(m.key).replace}
          checked={checkOf(m.key).checked}
          aria-label={t('desk.materials.checkedFor', { name: pick(m.name, m.nameEn) })}
          onChange={(e) => onChange(m.key, { ...checkOf(m.key), checked: e.target.checked })}
        />
      ),
    },
    {
      title: t('desk.materials.scans'),
      key: 'scans',
      width: 220,
      render: (_, m) => {
        const c = checkOf(m.key);
        return (
          <Space orientation="vertical" size={4}>
            {!c.replace && <ScanButton material={m} onUploaded={(f) => onChange(m.key, { checked: true, files: [...checkOf(m.key).files, f] })} />}
            {c.files.map((f) => (
              <span key={f.id} className="desk-file">
                <PaperClipOutlined /> {f.name}
                <Button
                  type="text"
                  size="small"
                  icon={<CloseOutlined />}
                  aria-label={t('desk.materials.removeFile', { name: f.name })}
                  onClick={() => onChange(m.key, { ...checkOf(m.key), files: checkOf(m.key).files.filter((x) => x.id !== f.id) })}
                />
              </span>
            ))}
          </Space>
        );
      },
    },
  ];
  const missingRequired = specs.filter((m) => m.kind === 'required' && !isProvided(checks[m.key])).length;
  const missingSecondary = specs.filter((m) => m.kind === 'secondary' && !isProvided(checks[m.key])).length;
  return (
    <>
      <Table<Material>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={[...specs]}
        pagination={false}
        scroll={{ x: 720 }}
        rowClassName={(m) => (isProvided(checks[m.key]) ? 'desk-material-ok' : '')}
        locale={{ emptyText: t('catalog.material.none') }}
        data-testid="desk-checklist"
      />
      <Alert
        style={{ marginTop: 12 }}
        type={missingRequired ? 'warning' : missingSecondary ? 'info' : 'success'}
        showIcon
        title={missingRequired ? t('desk.materials.missing', { required: missingRequired, secondary: missingSecondary }) : missingSecondary ? t('desk.materials.missingSecondary', { count: missingSecondary }) : t('desk.materials.complete')}
        description={missingRequired ? t('desk.materials.missingRequiredHint') : missingSecondary ? t('desk.materials.missingSecondaryHint') : undefined}
      />
    </>
  );
}
