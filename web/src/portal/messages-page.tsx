import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Empty, Flex, Grid, Pagination, Space, Spin, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useNotifications, type Notification } from '../api/notifications.js';
import { formatDateTime } from '../shared/format.js';
import { useLocale } from '../shared/i18n/index.js';
import { LinkButton } from '../shared/link-button.js';
import { PageHeader } from '../shared/page-header.js';
import { LoadError } from '../shared/query-state.js';

const PAGE_SIZE = 20;

const caseTemplates = ['submitted', 'correction_requested', 'accepted', 'refused', 'decided', 'certificate_issued', 'delivered', 'pending_due'] as const;
type CaseTemplate = (typeof caseTemplates)[number];
const isCaseTemplate = (v: string): v is CaseTemplate => (caseTemplates as readonly string[]).includes(v);

/** What a message is about, from its template key (`case.accepted` → 申请已受理); the text itself is as sent. */
function templateLabel(t: TFunction, template: string): string {
  const [group, name = ''] = template.split('.', 2);
  if (group === 'case' && isCaseTemplate(name)) return t(`messages.templates.case.${name}`);
  if (template === 'evaluation.followup') return t('messages.templates.evaluation.followup');
  return t('messages.other');
}

const statusColors: Record<Notification['status'], string> = { pending: 'processing', sent: 'success', failed: 'error' };

function Message({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  // Every case message names its case number: link to it in the applicant's list.
  const caseNumber = /办件编号(\d{10,})/.exec(n.body)?.[1];
  return (
    <li className="message" data-testid="message" data-template={n.template}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Space size={[8, 4]} wrap>
          <Tag icon={n.channel === 'sms' ? <MessageOutlined /> : <MailOutlined />} color={n.channel === 'sms' ? 'blue' : 'purple'} style={{ marginInlineEnd: 0 }}>
            {t(`enums.notificationChannel.${n.channel}`)}
          </Tag>
          <Typography.Text strong>{templateLabel(t, n.template)}</Typography.Text>
        </Space>
        <time className="message-time" dateTime={n.createdAt}>
          {formatDateTime(n.createdAt, locale)}
        </time>
      </Flex>
      <p className="message-body" lang="zh-CN">
        {n.body}
      </p>
      <Flex justify="space-between" align="center" gap={8} wrap className="message-foot">
        <Space size={[10, 4]} wrap>
          <span>{t('messages.sentTo', { recipient: n.recipient })}</span>
          <Tag color={statusColors[n.status]} style={{ marginInlineEnd: 0 }}>
            {t(`enums.notificationStatus.${n.status}`)}
          </Tag>
          {n.sentAt && <span>{t('messages.sentAt', { time: formatDateTime(n.sentAt, locale) })}</span>}
        </Space>
        {caseNumber && <Link to={`/my/cases?q=${caseNumber}`}>{t('messages.viewCase')}</Link>}
      </Flex>
    </li>
  );
}

/** The notification outbox as the signed-in user's inbox: every SMS and e-mail sent to them. */
export default function MessagesPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const messages = useNotifications({ page, pageSize: PAGE_SIZE });
  return (
    <div className="portal-container portal-section">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('messages.title') }]} />
      <PageHeader title={t('messages.title')} subtitle={t('messages.intro')} extra={<LinkButton to="/my/cases">{t('nav.myCases')}</LinkButton>} />
      <Card>
        {messages.isError ? (
          <LoadError error={messages.error} onRetry={() => void messages.refetch()} />
        ) : (
          <Spin spinning={messages.isPending || (messages.isFetching && messages.isPlaceholderData)}>
            {messages.data && messages.data.items.length === 0 ? (
              <Empty
                style={{ padding: '40px 0' }}
                description={
                  <>
                    <div>{t('messages.none')}</div>
                    <Typography.Text type="secondary">{t('messages.noneHint')}</Typography.Text>
                  </>
                }
              />
            ) : messages.data ? (
              <>
                <ul className="messages">
                  {messages.data.items.map((n) => (
                    <Message key={n.id} n={n} />
                  ))}
                </ul>
                <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
                  <Typography.Text type="secondary">{t('common.total', { count: messages.data.total })}</Typography.Text>
                  {messages.data.total > PAGE_SIZE && (
                    <Pagination
                      current={page}
                      pageSize={PAGE_SIZE}
                      total={messages.data.total}
                      showSizeChanger={false}
                      size={narrow ? 'small' : undefined}
                      onChange={(p) => {
                        setParams(p === 1 ? {} : { page: String(p) });
                        window.scrollTo({ top: 0 });
                      }}
                    />
                  )}
                </Flex>
              </>
            ) : (
              <div style={{ minHeight: 200 }} />
            )}
          </Spin>
        )}
      </Card>
    </div>
  );
}
