import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import { Card, Descriptions, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/hotline.js';
import { LinkButton } from '../../shared/link-button.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { problemText } from '../../shared/problem.js';
import { ShortcutButton } from '../../shared/shortcuts.js';
import { ticketPath } from '../ticket-list.js';
import { TicketStatusTag } from '../ticket-tags.js';

/**
 * The call's outcome, to read out to the caller: the ticket's number, and whether it was answered on
 * the spot, dispatched (to whom, by when) or waits on the board. A dispatch that failed after the
 * filing says so: the ticket is on the board to dispatch from there.
 */
export function FiledResult({ view, dispatchError, onNext }: { view: TicketView; dispatchError?: unknown; onNext: () => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const title = view.status === 'closed' ? t('hotline.intake.answered') : view.status === 'dispatched' ? t('hotline.intake.dispatched') : t('hotline.intake.filed');
  return (
    <Card data-testid="intake-result">
      <Result
        className="hotline-result"
        icon={dispatchError ? <WarningFilled style={{ color: '#faad14' }} /> : <CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={title}
        subTitle={dispatchError ? `${t('hotline.intake.dispatchFailed')} ${problemText(dispatchError, locale)}` : t('hotline.intake.readOut')}
        extra={
          <Space wrap>
            <ShortcutButton shortcut="N" type="primary" onClick={onNext} autoFocus>
              {t('hotline.intake.next')}
            </ShortcutButton>
            <LinkButton to={ticketPath(view.id)}>{t('hotline.intake.open')}</LinkButton>
          </Space>
        }
      >
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'number', label: t('hotline.ticket.number'), children: <span className="mono hotline-big-number" data-testid="filed-number">{view.number}</span> },
            { key: 'status', label: t('hotline.list.status'), children: <TicketStatusTag status={view.status} /> },
            ...(view.leadOrg ? [{ key: 'lead', label: t('hotline.ticket.leadOrg'), children: pick(view.leadOrg.name, view.leadOrg.nameEn) }] : []),
            ...(view.dueOn && view.status === 'dispatched' ? [{ key: 'due', label: t('hotline.ticket.dueOn'), children: formatDate(view.dueOn, locale) }] : []),
          ]}
        />
      </Result>
    </Card>
  );
}
