import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { uploadFile, type UploadedFile } from '../api/cases.js';
import { fileUrl } from '../api/review.js';
import type { TicketView } from '../api/hotline.js';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../portal/apply/material-uploads.js';

// Photos and documents with a ticket or a reply: uploaded first (POST /files, progress shown), then
// named by their content ids. The server takes 10 at most per ticket or reply.

export const MAX_ATTACHMENTS = 10;
export type Attachment = UploadFile<UploadedFile>;

/** The content ids of the finished uploads. */
export const attachmentIds = (list: Attachment[] | undefined): string[] => (list ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));

/** Whether an upload is still going (the form waits for it). */
export const stillUploading = (list: Attachment[] | undefined): boolean => (list ?? []).some((f) => f.status === 'uploading');

/** Why the server would refuse a file (its type, its size, one too many), or nothing: checked before uploading. */
function refusal(file: File, already: number): 'badType' | 'tooBig' | 'tooMany' | undefined {
  if (!UPLOAD_TYPES.includes(file.type)) return 'badType';
  if (file.size > MAX_UPLOAD_BYTES) return 'tooBig';
  return already >= MAX_ATTACHMENTS ? 'tooMany' : undefined;
}

/** An upload list as a form control: `value` is antd's file list. */
export function AttachmentUpload({ value = [], onChange, id }: { value?: Attachment[]; onChange?: (list: Attachment[]) => void; id?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Upload<UploadedFile>
      id={id}
      accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
      multiple
      fileList={value}
      beforeUpload={(file, batch) => {
        // Files chosen together arrive one by one: those before this one in the batch count too.
        const why = refusal(file, value.length + batch.indexOf(file));
        if (!why) return true;
        void message.error(t(`hotline.attachments.${why}`, { name: file.name, count: MAX_ATTACHMENTS }));
        return Upload.LIST_IGNORE;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => void uploadFile(file as File, (percent) => onProgress?.({ percent })).then(onSuccess, onError)}
      onChange={({ fileList }) => onChange?.(fileList.map((f) => (f.status === 'done' && f.response ? { ...f, url: fileUrl(f.response.id) } : f)))}
    >
      <Button icon={<UploadOutlined />}>{t('hotline.attachments.add')}</Button>
    </Upload>
  );
}

/** Files filed with a ticket or a reply, each a link that opens it. */
export function FileLinks({ files }: { files: TicketView['attachments'] }) {
  if (!files.length) return null;
  return (
    <Space size={[12, 4]} wrap className="hotline-files">
      {files.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noopener">
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
    </Space>
  );
}
