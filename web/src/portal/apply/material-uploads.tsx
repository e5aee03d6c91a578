import { CheckCircleFilled, DeleteOutlined, FileImageOutlined, FilePdfOutlined, HistoryOutlined, LoadingOutlined, PaperClipOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, List, Modal, Progress, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { materialFileUrl, type Material } from '../../api/catalog.js';
import { uploadFile, type ReusableFileSet, type UploadedFile } from '../../api/cases.js';
import { fileUrl } from '../../api/review.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { TrustLevelTag } from '../../shared/material-provenance.js';
import { problemText } from '../../shared/problem.js';

// Each material of the one-time notice with its own upload (progress shown), its template and
// example, and what the applicant handed in before to reuse instead of uploading again.

/** What the server takes (platform/files.ts): PDF, JPEG or PNG, 10 MiB at most, 20 files per material. */
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 20;

/** A file of a material; one reused from an earlier case carries that case and the level reuse gives it. */
export type MaterialFile = UploadFile<UploadedFile> & { fromCase?: string; reuse?: ReusableFileSet['reuse'] };
export type MaterialFiles = Record<string, MaterialFile[]>;

/** The content ids of a material's finished uploads. */
export const doneIds = (files: MaterialFile[] | undefined): string[] => (files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));

/** Whether any upload is still going (the form waits for it before saving or submitting). */
export const uploading = (all: MaterialFiles): boolean => Object.values(all).some((files) => files.some((f) => f.status === 'uploading'));

/** A stored file as a finished entry of the list (a draft's files, or files reused from a case). */
export function storedFile(info: UploadedFile, fromCase?: string, reuse?: ReusableFileSet['reuse']): MaterialFile {
  return { uid: `${info.id}-${fromCase ?? 'own'}`, name: info.name, size: info.size, type: info.mediaType, status: 'done', response: info, url: fileUrl(info.id), ...(fromCase ? { fromCase } : {}), ...(reuse ? { reuse } : {}) };
}

const sizeText = (bytes: number | undefined, locale: 'zh-CN' | 'en-US') => (bytes === undefined ? '' : bytes >= 1024 * 1024 ? `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, locale)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`);

function FileRow({ file, onRemove, disabled }: { file: MaterialFile; onRemove: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const icon = file.status === 'uploading' ? <LoadingOutlined /> : file.status === 'error' ? <WarningOutlined /> : file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf') ? <FilePdfOutlined /> : <FileImageOutlined />;
  return (
    <li className={`apply-file apply-file-${file.status ?? 'done'}`} data-testid="material-file">
      <span className="apply-file-icon" aria-hidden>
        {icon}
      </span>
      <div className="apply-file-main">
        {file.status === 'done' && file.url ? (
          <a href={file.url} target="_blank" rel="noopener" className="apply-file-name">
            {file.name}
          </a>
        ) : (
          <span className="apply-file-name">{file.name}</span>
        )}
        <div className="apply-file-meta">
          {file.status === 'uploading' && <Progress percent={file.percent ?? 0} size="small" aria-label={t('apply.materials.progress', { name: file.name })} />}
          {file.status === 'error' && <Typography.Text type="danger">{problemText(file.error, locale)}</Typography.Text>}
          {file.status === 'done' && (
            <>
              <CheckCircleFilled className="apply-file-ok" /> {sizeText(file.size, locale)}
              {file.fromCase && <Tag className="apply-file-reused">{t('apply.materials.reusedFrom', { caseNumber: file.fromCase })}</Tag>}
              {file.reuse && <TrustLevelTag level={file.reuse.level} reuse />}
            </>
          )}
        </div>
      </div>
      {!disabled && <Button type="text" className="apply-file-remove" icon={<DeleteOutlined />} aria-label={t('apply.materials.remove', { name: file.name })} onClick={onRemove} />}
    </li>
  );
}

/** Earlier accepted materials to pick instead of uploading. */
function ReusePicker({ spec, candidates, onPick }: { spec: Material; candidates: ReusableFileSet[]; onPick: (set: ReusableFileSet) => void }) {
  const { t } = useTranslation();
  const { pick, locale } = useLocale();
  const [open, setOpen] = useState(false);
  if (!candidates.length) return null;
  return (
    <>
      <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)} className="apply-reuse">
        {t('apply.materials.reuse', { count: candidates.length })}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={t('apply.materials.reuseTitle', { name: pick(spec.name, spec.nameEn) })} width={560} centered>
        <Typography.Paragraph type="secondary">{t('apply.materials.reuseIntro')}</Typography.Paragraph>
        <List
          dataSource={candidates}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Button
                  key="use"
                  type="primary"
                  onClick={() => {
                    onPick(c);
                    setOpen(false);
                  }}
                >
                  {t('apply.materials.use')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <PaperClipOutlined />
                    {c.files.map((f) => (
                      <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noopener">
                        {f.name}
                      </a>
                    ))}
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={4}>
                    {t('apply.materials.reuseFrom', { item: pick(c.itemName, c.itemNameEn), caseNumber: c.caseNumber, time: c.receivedAt ? formatDateTime(c.receivedAt, locale) : '—' })}
                    <TrustLevelTag level={c.reuse.level} reuse />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Modal>
    </>
  );
}

interface MaterialUploadProps {
  itemCode: string;
  spec: Material;
  index: number;
  files: MaterialFile[];
  onChange: (files: MaterialFile[] | ((previous: MaterialFile[]) => MaterialFile[])) => void;
  candidates?: ReusableFileSet[];
  error?: string | undefined;
  disabled?: boolean;
  /** Shown under the name (e.g. why it must be handed in again). */
  note?: string | undefined;
  /** Instead of files: the government's copy or a commitment (see ProvisionChoice), shown under the name. */
  provision?: ReactNode;
  /** Provided without files: the upload is not offered. */
  provided?: boolean;
}

/** One material: what it is, its templates, its files, upload and reuse. */
export function MaterialUpload({ itemCode, spec, index, files, onChange, candidates = [], error, disabled = false, note, provision, provided = false }: MaterialUploadProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const { message } = App.useApp();
  const name = pick(spec.name, spec.nameEn);
  const form = t(`enums.materialForm.${spec.form}`);
  return (
    <div className={`apply-material${error ? ' apply-material-error' : ''}`} data-testid={`material-${spec.key}`} id={`material-${spec.key}`}>
      <div className="apply-material-head">
        <span className="apply-material-index">{index}</span>
        <div className="apply-material-title">
          <Typography.Text strong>{name}</Typography.Text>{' '}
          {spec.kind === 'required' ? (
            <Tag color="red" variant="outlined">
              {t('enums.materialKind.required')}
            </Tag>
          ) : (
            <Tag color="orange">{t('enums.materialKind.secondary')}</Tag>
          )}
          <div className="apply-material-facts">
            {spec.copies > 0 ? t('catalog.material.formCopies', { form, count: spec.copies }) : form}
            {spec.template && (
              <>
                {' · '}
                <a href={materialFileUrl(itemCode, spec.key, 'template')} target="_blank" rel="noopener">
                  {t('catalog.material.template')}
                </a>
                {' · '}
                <a href={materialFileUrl(itemCode, spec.key, 'example')} target="_blank" rel="noopener">
                  {t('catalog.material.example')}
                </a>
              </>
            )}
          </div>
          {(spec.notes || spec.notesEn) && <Typography.Text type="secondary">{pick(spec.notes ?? '', spec.notesEn)}</Typography.Text>}
          {note && <div className="apply-material-note">{note}</div>}
          {provision}
        </div>
      </div>
      {!provided && files.length > 0 && (
        <ul className="apply-files">
          {files.map((f) => (
            <FileRow key={f.uid} file={f} disabled={disabled} onRemove={() => onChange((prev) => prev.filter((x) => x.uid !== f.uid))} />
          ))}
        </ul>
      )}
      {!disabled && !provided && (
        <Space wrap size={8} className="apply-material-actions">
          <Upload<UploadedFile>
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            multiple
            showUploadList={false}
            fileList={files}
            beforeUpload={(file) => {
              if (!UPLOAD_TYPES.includes(file.type)) {
                void message.error(t('apply.materials.badType', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              if (file.size > MAX_UPLOAD_BYTES) {
                void message.error(t('apply.materials.tooBig', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              if (files.length >= MAX_FILES) {
                void message.error(t('apply.materials.tooMany', { count: MAX_FILES }));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onProgress, onSuccess, onError }) => {
              uploadFile(file as File, (percent) => onProgress?.({ percent })).then(
                (info) => onSuccess?.(info),
                (err: unknown) => onError?.(err as Error),
              );
            }}
            onChange={({ file }) => {
              // Keep the list in our hands: antd reports each file's progress and end here.
              const entry: MaterialFile = file.status === 'done' && file.response ? { ...file, url: fileUrl(file.response.id) } : file;
              onChange((prev) => (prev.some((f) => f.uid === file.uid) ? prev.map((f) => (f.uid === file.uid ? entry : f)) : [...prev, entry]));
            }}
          >
            <Button icon={<UploadOutlined />} type={doneIds(files).length ? 'default' : 'primary'} ghost={!doneIds(files).length} aria-label={t('apply.materials.uploadFor', { name })}>
              {t('apply.materials.upload')}
            </Button>
          </Upload>
          <ReusePicker
            spec={spec}
            candidates={candidates}
            onPick={(set) => onChange((prev) => [...prev.filter((f) => f.status !== 'error' && !set.files.some((s) => s.id === f.response?.id)), ...set.files.map((f) => storedFile(f, set.caseNumber, set.reuse))])}
          />
        </Space>
      )}
      {error && (
        <div className="apply-material-message" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
