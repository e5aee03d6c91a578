import { CopyOutlined, LinkOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Input, List, Modal, Popconfirm, QRCode, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shareLinkUrl, useCertificateShares, useCreateShare, useRevokeShare } from '../../api/certificates.js';
import { formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useProblemHandler } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';

const expiries = [1, 24, 168, 720] as const;

/** The link just made: shown once (the server keeps only its hash), to copy or to scan. */
function NewLink({ url, expiresAt, onClose }: { url: string; expiresAt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const copy = () =>
    void navigator.clipboard.writeText(url).then(
      () => void message.success(t('certificates.share.copied')),
      () => void message.info(url),
    );
  return (
    <Modal open title={t('certificates.share.created')} onCancel={onClose} footer={<Button type="primary" onClick={onClose}>{t('certificates.share.done')}</Button>}>
      <Typography.Paragraph type="secondary">{t('certificates.share.createdHint')}</Typography.Paragraph>
      <Space.Compact block>
        <Input readOnly value={url} aria-label={t('certificates.share.title')} data-testid="share-url" onFocus={(e) => e.target.select()} />
        <Button icon={<CopyOutlined />} onClick={copy}>
          {t('certificates.share.copy')}
        </Button>
      </Space.Compact>
      <Flex vertical align="center" gap={8} style={{ marginTop: 16 }}>
        <QRCode value={url} size={180} bordered={false} />
        <Typography.Text type="secondary">{t('certificates.share.expiresAt', { time: formatDateTime(expiresAt, locale) })}</Typography.Text>
      </Flex>
    </Modal>
  );
}

/** The holder's share links of a certificate: make one with an expiry, see them, revoke them. */
export function SharePanel({ certificateId, shareable }: { certificateId: string; shareable: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const shares = useCertificateShares(certificateId);
  const create = useCreateShare(certificateId);
  const revoke = useRevokeShare(certificateId);
  const [hours, setHours] = useState<number>(24);
  const [made, setMade] = useState<{ url: string; expiresAt: string } | null>(null);

  const make = () =>
    create.mutate(hours, {
      onSuccess: (share) => setMade({ url: shareLinkUrl(share.token), expiresAt: String(share.expiresAt) }),
      onError: (err) => onProblem(err),
    });

  return (
    <Card title={<><ShareAltOutlined /> {t('certificates.share.title')}</>} data-testid="share-panel">
      <Typography.Paragraph type="secondary">{t('certificates.share.intro')}</Typography.Paragraph>
      {shareable ? (
        <Flex gap={8} wrap>
          <Select<number>
            aria-label={t('certificates.share.expiry')}
            value={hours}
            onChange={setHours}
            style={{ minWidth: 120 }}
            options={expiries.map((h) => ({ value: h, label: t(`certificates.share.hours.h${h}`) }))}
          />
          <Button type="primary" icon={<LinkOutlined />} loading={create.isPending} onClick={make}>
            {t('certificates.share.create')}
          </Button>
        </Flex>
      ) : (
        <Alert type="info" showIcon title={t('certificates.share.onlyValid')} />
      )}
      <div style={{ marginTop: 16 }}>
        {shares.isError ? (
          <LoadError error={shares.error} onRetry={() => void shares.refetch()} />
        ) : (
          <List
            size="small"
            loading={shares.isPending}
            dataSource={shares.data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificates.share.none')} /> }}
            renderItem={(s) => (
              <List.Item
                data-testid="share-item"
                actions={
                  s.active
                    ? [
                        <Popconfirm
                          key="revoke"
                          title={t('certificates.share.confirmRevoke')}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => revoke.mutate(s.id, { onSuccess: () => void message.success(t('certificates.share.revokedOk')), onError: (err) => onProblem(err) })}
                        >
                          <Button type="link" size="small" danger>
                            {t('certificates.share.revoke')}
                          </Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <Space size={[8, 2]} wrap>
                  <Tag color={s.active ? 'success' : 'default'}>{s.active ? t('certificates.share.active') : t('certificates.share.ended')}</Tag>
                  <Typography.Text type="secondary">{t('certificates.share.madeAt', { time: formatDateTime(s.createdAt, locale) })}</Typography.Text>
                  <Typography.Text type="secondary">
                    {s.revokedAt ? t('certificates.share.revokedAt', { time: formatDateTime(s.revokedAt, locale) }) : t('certificates.share.expiresAt', { time: formatDateTime(s.expiresAt, locale) })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </div>
      {made && <NewLink url={made.url} expiresAt={made.expiresAt} onClose={() => setMade(null)} />}
    </Card>
  );
}
