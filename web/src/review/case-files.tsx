import { ClockCircleOutlined, DownloadOutlined, EyeOutlined, FileImageOutlined, FilePdfOutlined, FileTextOutlined, LeftOutlined, MinusCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Empty, Flex, Grid, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/cases.js';
import { fileUrl, useCaseFiles, type CaseFile } from '../api/review.js';
import { formatDateTime } from '../shared/format.js';
import { materialRows } from '../portal/cases/case-facts.js';
import { MaterialProvenance } from '../shared/material-provenance.js';
import { useLocale } from '../shared/i18n/index.js';

interface Shown {
  file: CaseFile;
  material: string;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** A PDF in the browser's own viewer, an image as it is: read beside the case without leaving it. */
function Preview({ shown }: { shown: Shown }) {
  const { t } = useTranslation();
  const url = fileUrl(shown.file.id);
  return shown.file.mediaType === 'application/pdf' ? (
    <iframe className="review-preview-frame" src={url} title={shown.file.name} data-testid="review-preview-pdf" />
  ) : (
    <img className="review-preview-image" src={url} alt={t('review.files.imageAlt', { material: shown.material, name: shown.file.name })} data-testid="review-preview-image" />
  );
}

/**
 * Every material of the item's list with the files filed for it (name, type, size); each file opens
 * in a side panel beside the case, with previous/next through all of them.
 */
export function CaseFiles({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const files = useCaseFiles(view.case.id);
  const [open, setOpen] = useState<number | null>(null);
  const byId = new Map((files.data ?? []).map((f) => [f.id, f]));
  const rows = materialRows(view, pick);
  // Every file in list order, for previous/next in the panel.
  const all: Shown[] = rows.flatMap((r) => (view.materials.find((m) => m.materialKey === r.key)?.fileIds ?? []).flatMap((id) => (byId.has(id) ? [{ file: byId.get(id)!, material: r.name }] : [])));
  const shown = open === null ? undefined : all[open];

  return (
    <Card
      title={
        <>
          <FileTextOutlined /> {t('review.files.title')} <Typography.Text type="secondary">({rows.length})</Typography.Text>
        </>
      }
      data-testid="review-materials"
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.files.noneNeeded')} />
      ) : (
        <ul className="plain-list">
          {rows.map((r) => {
            const m = view.materials.find((x) => x.materialKey === r.key);
            return (
              <li key={r.key} data-material={r.key}>
                <Flex justify="space-between" align="flex-start" gap={12} wrap>
                  <div>
                    <div>{r.name}</div>
                    {r.kind && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`enums.materialKind.${r.kind as 'required' | 'secondary'}`)}
                        {m?.receivedAt && ` · ${t('caseDetail.materials.receivedAt', { time: formatDateTime(m.receivedAt, locale) })}`}
                      </Typography.Text>
                    )}
                  </div>
                  {m?.status === 'pending' ? (
                    <Tag color="warning" icon={<ClockCircleOutlined />}>
                      {t('caseDetail.materials.pending')}
                    </Tag>
                  ) : !m ? (
                    <Tag icon={<MinusCircleOutlined />}>{t('caseDetail.materials.missing')}</Tag>
                  ) : m.fileIds.length === 0 && (m.source === 'paper' || !m.source) ? (
                    <Tag>{t('review.files.paper')}</Tag>
                  ) : null}
                </Flex>
                {m?.status === 'received' && <MaterialProvenance material={m} />}
                {m && m.fileIds.length > 0 && (
                  <div style={{ marginTop: 4 }}>
                    {files.isPending ? (
                      <Skeleton.Input active size="small" />
                    ) : (
                      m.fileIds.map((id) => {
                        const f = byId.get(id);
                        const index = all.findIndex((s) => s.file.id === id);
                        return (
                          <div className="review-file" key={id}>
                            {f?.mediaType === 'application/pdf' ? <FilePdfOutlined style={{ color: '#cf1322' }} /> : <FileImageOutlined style={{ color: '#1677ff' }} />}
                            <span className="review-file-name" title={f?.name}>
                              {f?.name ?? t('review.files.unknown')}
                            </span>
                            {f && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sizeText(f.size)}</Typography.Text>}
                            <Button size="small" icon={<EyeOutlined />} disabled={index < 0} onClick={() => setOpen(index)}>
                              {t('review.files.preview')}
                            </Button>
                            <Button size="small" type="text" icon={<DownloadOutlined />} href={fileUrl(id)} target="_blank" rel="noopener" aria-label={t('review.files.download')} />
                          </div>
                        );
                      })
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Drawer
        open={!!shown}
        onClose={() => setOpen(null)}
        size={narrow ? '100%' : '52%'}
        mask={false}
        title={shown ? `${shown.material} · ${shown.file.name}` : ''}
        extra={
          shown && (
            <Space>
              <Typography.Text type="secondary">{t('review.files.position', { current: open! + 1, total: all.length })}</Typography.Text>
              <Button icon={<LeftOutlined />} disabled={open === 0} onClick={() => setOpen((o) => (o ?? 1) - 1)} aria-label={t('review.files.previous')} />
              <Button icon={<RightOutlined />} disabled={open === all.length - 1} onClick={() => setOpen((o) => (o ?? 0) + 1)} aria-label={t('review.files.next')} />
              <Button href={fileUrl(shown.file.id)} target="_blank" rel="noopener" icon={<DownloadOutlined />}>
                {t('review.files.openNew')}
              </Button>
            </Space>
          )
        }
        destroyOnHidden
        data-testid="review-preview"
      >
        {shown && <Preview shown={shown} />}
      </Drawer>
    </Card>
  );
}
