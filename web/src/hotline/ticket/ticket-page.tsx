import { ArrowLeftOutlined } from '@ant-design/icons';
import { Breadcrumb, Col, Grid, Row, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { hasRole, useMe } from '../../api/auth.js';
import { useTicket } from '../../api/hotline.js';
import { LoadError } from '../../shared/query-state.js';
import { ShortcutButton } from '../../shared/shortcuts.js';
import '../hotline.css';
import { ActionPanel } from './action-panel.js';
import { TicketHead } from './ticket-head.js';
import { TicketAnswer, TicketCallbacks, TicketDescription, TicketHistory, TicketTasks } from './ticket-sections.js';

// React Router numbers its history entries: "back" within the app keeps the list's tab, search and page.
const canGoBack = () => ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;

/** One ticket as staff work it: who called about what and where, the handling rounds, callbacks and history, and the actions allowed now. */
export default function TicketPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().lg;
  const me = useMe().data;
  const ticket = useTicket(id);
  // Back to the list the reader works from: the board, the handling inbox, or the overview.
  const [back, backLabel] = hasRole(me, 'hotlineAgent')
    ? ['/hotline/dispatch', t('hotline.nav.dispatch')]
    : hasRole(me, 'reviewer', 'departmentHead')
      ? ['/hotline/inbox', t('hotline.nav.inbox')]
      : ['/hotline/tickets', t('hotline.nav.overview')];
  const view = ticket.data;
  const actions = view && <ActionPanel view={view} onReload={() => void ticket.refetch()} />;
  return (
    <div className="hotline-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to={back}>{backLabel}</Link> }, { title: view?.number ?? '…' }]} />
      <div style={{ marginBottom: 12 }}>
        <ShortcutButton shortcut="B" icon={<ArrowLeftOutlined />} onClick={() => void (canGoBack() ? navigate(-1) : navigate(back))}>
          {t('common.back')}
        </ShortcutButton>
      </div>
      {ticket.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : ticket.isError ? (
        <LoadError error={ticket.error} onRetry={() => void ticket.refetch()} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <TicketHead view={ticket.data} />
          {/* On a phone, what to do comes right after what the ticket is. */}
          {narrow && actions}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={16}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <TicketDescription view={ticket.data} />
                {ticket.data.answer && <TicketAnswer answer={ticket.data.answer} />}
                <TicketTasks view={ticket.data} />
                <TicketCallbacks view={ticket.data} />
                <TicketHistory view={ticket.data} />
              </Space>
            </Col>
            {!narrow && (
              <Col lg={8}>
                <div className="hotline-side">{actions}</div>
              </Col>
            )}
          </Row>
        </Space>
      )}
    </div>
  );
}
