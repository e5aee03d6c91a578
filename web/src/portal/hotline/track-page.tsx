import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, List, Result, Skeleton, Space, Steps, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import type { TicketStatus } from '../../../../common/hotline.js';
import { useMe } from '../../api/auth.js';
import { ApiProblem } from '../../api/client.js';
import { TICKET_NUMBER, useFollowTicket, useMyTickets, type PublicTicket } from '../../api/hotline.js';
import '../../hotline/hotline.css';
import { TicketTypeTag } from '../../hotline/ticket-tags.js';
import { formatDate, formatDateTime } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { ListFooter } from '../../shared/list-parts.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';

/** Where a ticket stands, as the public reads it: received, being handled, answered, closed. */
const publicSteps = ['received', 'handling', 'replied', 'closed'] as const;
const stepOf: Record<TicketStatus, (typeof publicSteps)[number]> = { received: 'received', dispatched: 'handling', returned: 'handling', replied: 'replied', closed: 'closed', merged: 'handling' };

/** A ticket as its caller follows it: where it stands, who handles it by when, the answer, what happened when. */
export function PublicTicketView({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const step = publicSteps.indexOf(stepOf[ticket.status]);
  return (
    <Card data-testid="public-ticket">
      <div className="hotline-head-number">
        {t('hotline.ticket.number')} <span className="mono">{ticket.number}</span>
      </div>
      <Typography.Title level={3} style={{ margin: '2px 0 12px' }}>
        {pick(ticket.category.name, ticket.category.nameEn)} <TicketTypeTag type={ticket.type} />
      </Typography.Title>
      <Steps
        className="hotline-steps"
        size="small"
        current={step}
        status={ticket.status === 'closed' ? 'finish' : 'process'}
        responsive
        items={publicSteps.map((s) => ({ title: t(`hotline.public.steps.${s}`) }))}
        data-testid="public-steps"
      />
      {ticket.merged && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('hotline.public.merged')} />}
      {ticket.answer && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('hotline.public.answer')} description={<span className="hotline-text">{ticket.answer}</span>} data-testid="public-answer" />}
      {ticket.reply && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('hotline.public.reply', { org: pick(ticket.reply.orgName, ticket.reply.orgNameEn), time: formatDateTime(ticket.reply.at, locale) })}
          description={<span className="hotline-text">{ticket.reply.text}</span>}
          data-testid="public-reply"
        />
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'received', label: t('hotline.ticket.received'), children: formatDateTime(ticket.receivedAt, locale) },
          ...(ticket.handlingOrg ? [{ key: 'org', label: t('hotline.public.handlingOrg'), children: pick(ticket.handlingOrg.name, ticket.handlingOrg.nameEn) }] : []),
          ...(ticket.dueOn ? [{ key: 'due', label: t('hotline.public.dueOn'), children: formatDate(ticket.dueOn, locale) }] : []),
          ...(ticket.address ? [{ key: 'address', label: t('hotline.fields.address'), children: ticket.address }] : []),
          { key: 'description', label: t('hotline.fields.description'), children: <span className="hotline-text">{ticket.description}</span> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('hotline.public.progress')}
      </Typography.Title>
      <Timeline
        items={ticket.timeline.map((e, i) => ({
          key: `${e.at}-${i}`,
          color: i === ticket.timeline.length - 1 ? 'blue' : 'green',
          content: (
            <>
              <div>{t(`hotline.public.timeline.${e.action}`)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at, locale)}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}

/** The ticket asked for, or why it cannot be shown (a wrong number or code reads as no such ticket). */
function Followed({ number, code }: { number: string; code: string | undefined }) {
  const { t } = useTranslation();
  const ticket = useFollowTicket(number, code);
  if (ticket.isPending) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (ticket.error instanceof ApiProblem && (ticket.error.status === 404 || ticket.error.status === 400)) {
    return (
      <Card>
        <Result status="404" title={t('hotline.public.notFound')} subTitle={t('hotline.public.notFoundText')} />
      </Card>
    );
  }
  if (ticket.isError) return <Card><LoadError error={ticket.error} onRetry={() => void ticket.refetch()} /></Card>;
  return <PublicTicketView ticket={ticket.data} />;
}

/** A signed-in member of the public's own tickets (no code needed for them). */
function MyTickets({ onOpen }: { onOpen: (number: string) => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const [page, setPage] = useState(1);
  const mine = useMyTickets(page);
  if (mine.isError) return <LoadError error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data?.total) return mine.isPending ? <Skeleton active paragraph={{ rows: 3 }} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotline.public.noneMine')} />;
  return (
    <>
      <List
        dataSource={mine.data.items}
        renderItem={(x) => (
          <List.Item actions={[<Button key="open" type="link" onClick={() => onOpen(x.number)}>{t('hotline.public.view')}</Button>]}>
            <List.Item.Meta title={<><span className="mono">{x.number}</span> · {pick(x.category.name, x.category.nameEn)}</>} description={`${formatDateTime(x.receivedAt, locale)} · ${t(`hotline.public.steps.${stepOf[x.status]}`)}`} />
          </List.Item>
        )}
      />
      <ListFooter total={mine.data.total} page={page} pageSize={10} small onPage={setPage} />
    </>
  );
}

/** Anyone follows a ticket by its number and the follow-up code given at submission; signed in, one's own without the code. */
export default function TrackPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  // The code is kept out of the address bar (and so out of the history and logs).
  const [code, setCode] = useState<string | undefined>((location.state as { code?: string } | null)?.code);
  const number = params.get('number') ?? undefined;
  const asked = number && TICKET_NUMBER.test(number) ? number : undefined;
  const [form] = Form.useForm<{ number: string; code?: string }>();
  const own = !!me && me.kind !== 'staff';
  return (
    <div className="portal-container portal-section hotline-public">
      <PageHeader title={t('hotline.public.trackTitle')} subtitle={t('hotline.public.trackIntro')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ number: number ?? '', code }}
            onFinish={(v) => {
              setCode(v.code?.trim().toUpperCase() || undefined);
              setParams({ number: v.number.trim() }, { replace: true });
            }}
            data-testid="track-form"
          >
            <Form.Item name="number" label={t('hotline.ticket.number')} rules={[{ required: true, message: t('hotline.public.numberRequired') }, { pattern: TICKET_NUMBER, message: t('hotline.public.numberRule') }]}>
              <Input className="mono" placeholder="12345-20261128-00042" maxLength={20} autoComplete="off" />
            </Form.Item>
            <Form.Item name="code" label={t('hotline.public.code')} extra={own ? t('hotline.public.codeOptional') : undefined} rules={own ? [] : [{ required: true, message: t('hotline.public.codeRequired') }]}>
              <Input className="mono" maxLength={20} autoComplete="off" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('hotline.public.follow')}
            </Button>
          </Form>
        </Card>
        {asked && (code || own) && <Followed key={`${asked}-${code ?? ''}`} number={asked} code={code} />}
        {own && (
          <Card title={t('hotline.public.mine')}>
            <MyTickets
              onOpen={(n) => {
                setCode(undefined);
                form.setFieldsValue({ number: n, code: undefined });
                setParams({ number: n }, { replace: true });
              }}
            />
          </Card>
        )}
      </Space>
    </div>
  );
}
