import { ArrowLeftOutlined, CalendarOutlined, CheckCircleFilled, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isProblem } from '../../api/client.js';
import { useCheckIn, useKiosk, useTakeTicket, type KioskTicket, type QueueSummary } from '../../api/queue.js';
import { LanguageSwitch } from '../../app/header-parts.js';
import { formatDate } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { problemText } from '../../shared/problem.js';
import { LoadError } from '../../shared/query-state.js';
import { CODE_KEYS, DIGITS, Keypad } from './keypad.js';
import { formatClock, formatWait, queueName, useNow } from './queue-format.js';
import './queue.css';

type Step = { kind: 'home' } | { kind: 'confirm'; queue: QueueSummary } | { kind: 'checkIn' } | { kind: 'ticket'; ticket: KioskTicket };

/** Seconds a finished ticket stays on screen, and an unfinished step waits untouched, before the kiosk starts over. */
const TICKET_SECONDS = 45;
const IDLE_SECONDS = 60;

/** Counts down while `active`; any touch or key starts it again. Calls `onDone` at zero. */
function useCountdown(active: boolean, seconds: number, onDone: () => void, resetKey: unknown): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (!active) return;
    setLeft(seconds);
    const restart = () => setLeft(seconds);
    const tick = window.setInterval(() => setLeft((s) => s - 1), 1_000);
    window.addEventListener('pointerdown', restart);
    window.addEventListener('keydown', restart);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener('pointerdown', restart);
      window.removeEventListener('keydown', restart);
    };
  }, [active, seconds, resetKey]);
  useEffect(() => {
    if (active && left <= 0) onDone();
  }, [active, left, onDone]);
  return left;
}

const isMobile = (v: string) => /^1[3-9]\d{9}$/.test(v);

function KioskHeader({ name, nameEn }: { name?: string; nameEn?: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const now = useNow(1_000);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  return (
    <header className="kiosk-header">
      <div className="kiosk-site">
        <img src="/favicon.svg" width={40} height={40} alt="" />
        <div>
          <div className="kiosk-site-name">{locale === 'en-US' ? nameEn || name : name}</div>
          <div className="kiosk-site-sub">{locale === 'en-US' ? name : nameEn}{name ? ' · ' : ''}{t('queue.kiosk.title')}</div>
        </div>
      </div>
      <div className="kiosk-header-right">
        <div className="kiosk-clock">
          <div className="kiosk-clock-time">{formatClock(now)}</div>
          <div className="kiosk-clock-date">{formatDate(today, locale)}</div>
        </div>
        <LanguageSwitch />
      </div>
    </header>
  );
}

function QueueButton({ queue, onChoose }: { queue: QueueSummary; onChoose: () => void }) {
  const { t, i18n } = useTranslation();
  const { locale } = useLocale();
  const other = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <button type="button" className="kiosk-queue" onClick={onChoose} data-testid={`kiosk-queue-${queue.prefix}`}>
      <span className={`kiosk-queue-letter kiosk-letter-${queue.prefix}`}>{queue.prefix}</span>
      <span className="kiosk-queue-text">
        <span className="kiosk-queue-name">{queueName(queue, t, locale)}</span>
        <span className="kiosk-queue-name-other">{queueName(queue, i18n.getFixedT(other), other)}</span>
        <span className="kiosk-queue-facts">
          <span>{t('queue.kiosk.waiting', { count: queue.waiting })}</span>
          <span>{queue.waiting ? t('queue.kiosk.estimate', { wait: formatWait(queue.estimatedWaitMinutes * 60, t) }) : t('queue.kiosk.noWait')}</span>
        </span>
      </span>
    </button>
  );
}

function Home({ queues, onChoose, onCheckIn }: { queues: QueueSummary[]; onChoose: (q: QueueSummary) => void; onCheckIn: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="kiosk-title">{t('queue.kiosk.choose')}</h1>
      {queues.length === 0 ? (
        <Result status="info" title={t('queue.kiosk.noQueues')} />
      ) : (
        <div className="kiosk-queues">
          {queues.map((q) => (
            <QueueButton key={`${q.category}:${q.departmentId ?? ''}`} queue={q} onChoose={() => onChoose(q)} />
          ))}
        </div>
      )}
      <button type="button" className="kiosk-check-in" onClick={onCheckIn} data-testid="kiosk-check-in">
        <CalendarOutlined className="kiosk-check-in-icon" />
        <span>
          <span className="kiosk-check-in-title">{t('queue.kiosk.checkIn')}</span>
          <span className="kiosk-check-in-hint">{t('queue.kiosk.checkInHint')}</span>
        </span>
      </button>
    </>
  );
}

function Confirm({ siteId, queue, onBack, onTicket }: { siteId: string; queue: QueueSummary; onBack: () => void; onTicket: (t: KioskTicket) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const take = useTakeTicket(siteId);
  const [phone, setPhone] = useState('');
  const [touched, setTouched] = useState(false);
  const invalid = phone !== '' && !isMobile(phone);
  const submit = () => {
    setTouched(true);
    if (invalid) return;
    take.mutate({ category: queue.category, ...(queue.departmentId ? { departmentId: queue.departmentId } : {}), ...(phone ? { phone } : {}) }, { onSuccess: onTicket });
  };
  return (
    <div className="kiosk-panel">
      <div className="kiosk-chosen">
        <span className={`kiosk-queue-letter kiosk-letter-${queue.prefix}`}>{queue.prefix}</span>
        <span>
          <span className="kiosk-queue-name">{queueName(queue, t, locale)}</span>
          <span className="kiosk-queue-facts">{t('queue.kiosk.waiting', { count: queue.waiting })}</span>
        </span>
      </div>
      <label className="kiosk-field-label" htmlFor="kiosk-phone">{t('queue.kiosk.phoneTitle')}</label>
      <div className="kiosk-field-hint">{t('queue.kiosk.phoneHint')}</div>
      <input
        id="kiosk-phone"
        className={`kiosk-input ${touched && invalid ? 'kiosk-input-error' : ''}`}
        inputMode="numeric"
        autoComplete="off"
        maxLength={11}
        placeholder={t('queue.kiosk.phonePlaceholder')}
        value={phone}
        onChange={(e) => setPhone(e.target.value.replace(/\D/g, '').slice(0, 11))}
        aria-invalid={touched && invalid}
      />
      {touched && invalid && <div className="kiosk-field-error" role="alert">{t('queue.kiosk.phoneInvalid')}</div>}
      <Keypad keys={DIGITS} label={t('queue.kiosk.phonePlaceholder')} onKey={(k) => setPhone((p) => (p + k).slice(0, 11))} onDelete={() => setPhone((p) => p.slice(0, -1))} onClear={() => setPhone('')} />
      {take.isError && <Alert className="kiosk-alert" type="error" showIcon title={problemText(take.error, locale)} />}
      <div className="kiosk-actions">
        <Button size="large" className="kiosk-button" icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('queue.kiosk.back')}
        </Button>
        <Button size="large" type="primary" className="kiosk-button kiosk-button-main" loading={take.isPending} onClick={submit} data-testid="kiosk-take">
          {t('queue.kiosk.take')}
        </Button>
      </div>
    </div>
  );
}

function CheckIn({ siteId, onBack, onTicket }: { siteId: string; onBack: () => void; onTicket: (t: KioskTicket) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const checkIn = useCheckIn(siteId);
  const [code, setCode] = useState('');
  const clean = (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8);
  // A wrong code is the common case: say so in words, not as an error of the machine.
  const wrongCode = isProblem(checkIn.error, 'queue.code_unknown');
  return (
    <div className="kiosk-panel">
      <h2 className="kiosk-panel-title">{t('queue.kiosk.codeTitle')}</h2>
      <div className="kiosk-field-hint">{t('queue.kiosk.checkInHint')}</div>
      <input
        className="kiosk-input kiosk-input-code"
        autoComplete="off"
        autoCapitalize="characters"
        maxLength={8}
        aria-label={t('queue.kiosk.codeTitle')}
        placeholder={t('queue.kiosk.codePlaceholder')}
        value={code}
        onChange={(e) => setCode(clean(e.target.value))}
      />
      <Keypad keys={CODE_KEYS} label={t('queue.kiosk.codeTitle')} onKey={(k) => setCode((c) => clean(c + k))} onDelete={() => setCode((c) => c.slice(0, -1))} onClear={() => setCode('')} />
      {checkIn.isError && <Alert className="kiosk-alert" type={wrongCode ? 'warning' : 'error'} showIcon title={problemText(checkIn.error, locale)} />}
      <div className="kiosk-actions">
        <Button size="large" className="kiosk-button" icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('queue.kiosk.back')}
        </Button>
        <Button size="large" type="primary" className="kiosk-button kiosk-button-main" disabled={code.length < 8} loading={checkIn.isPending} onClick={() => checkIn.mutate(code, { onSuccess: onTicket })}>
          {t('queue.kiosk.checkInSubmit')}
        </Button>
      </div>
    </div>
  );
}

/** The ticket as shown and as printed on the kiosk's slip printer (only the slip prints). */
function TicketSlip({ ticket, secondsLeft, onDone }: { ticket: KioskTicket; secondsLeft: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const windows = ticket.windows.map((w) => w.number).join(t('catalog.listSeparator'));
  return (
    <div className="kiosk-panel kiosk-ticket">
      <div className="kiosk-slip" data-testid="kiosk-ticket">
        <div className="kiosk-slip-site">{pick(ticket.site.name, ticket.site.nameEn)}</div>
        <div className="kiosk-slip-label">
          <CheckCircleFilled className="kiosk-slip-ok" /> {t('queue.kiosk.yourNumber')}
        </div>
        <div className="kiosk-slip-number" data-testid="kiosk-number">{ticket.number}</div>
        <div className="kiosk-slip-queue">{queueName(ticket, t, locale)}</div>
        <div className="kiosk-slip-ahead">{ticket.ahead ? t('queue.kiosk.ahead', { count: ticket.ahead }) : t('queue.kiosk.next')}</div>
        {ticket.ahead > 0 && <div className="kiosk-slip-line">{t('queue.kiosk.estimate', { wait: formatWait(ticket.estimatedWaitMinutes * 60, t) })}</div>}
        {ticket.slot && <div className="kiosk-slip-line">{t('queue.kiosk.appointmentNote', { slot: ticket.slot })}</div>}
        {windows && <div className="kiosk-slip-line">{t('queue.kiosk.watch', { windows })}</div>}
        {ticket.smsOnCall && <div className="kiosk-slip-line">{t('queue.kiosk.smsOn')}</div>}
        <div className="kiosk-slip-time">{t('queue.kiosk.takenAt', { time: formatClock(new Date(ticket.takenAt)) })}</div>
        <div className="kiosk-slip-note">{t('queue.kiosk.slipNote')}</div>
      </div>
      <div className="kiosk-actions">
        <Button size="large" className="kiosk-button" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('queue.kiosk.print')}
        </Button>
        <Button size="large" type="primary" className="kiosk-button kiosk-button-main" onClick={onDone}>
          {t('queue.kiosk.done')}
        </Button>
      </div>
      <div className="kiosk-countdown">{t('queue.kiosk.autoReturn', { seconds: Math.max(0, secondsLeft) })}</div>
    </div>
  );
}

/**
 * The kiosk of a hall (自助取号机), a public page for a touch screen: choose the business, optionally
 * leave a phone number for an SMS, take a number and print it; or check an appointment in with its code.
 */
export default function KioskPage() {
  const { siteId } = useParams();
  const { t } = useTranslation();
  const kiosk = useKiosk(siteId);
  const [step, setStep] = useState<Step>({ kind: 'home' });
  const home = () => setStep({ kind: 'home' });
  const onTicket = (ticket: KioskTicket) => setStep({ kind: 'ticket', ticket });
  const secondsLeft = useCountdown(step.kind !== 'home', step.kind === 'ticket' ? TICKET_SECONDS : IDLE_SECONDS, home, step);

  let body;
  if (kiosk.isPending) body = <Spin size="large" className="kiosk-spin" />;
  else if (kiosk.isError && !kiosk.data) body = <LoadError error={kiosk.error} onRetry={() => void kiosk.refetch()} />;
  else if (step.kind === 'confirm') body = <Confirm siteId={siteId!} queue={step.queue} onBack={home} onTicket={onTicket} />;
  else if (step.kind === 'checkIn') body = <CheckIn siteId={siteId!} onBack={home} onTicket={onTicket} />;
  else if (step.kind === 'ticket') body = <TicketSlip ticket={step.ticket} secondsLeft={secondsLeft} onDone={home} />;
  else body = <Home queues={kiosk.data!.queues} onChoose={(queue) => setStep({ kind: 'confirm', queue })} onCheckIn={() => setStep({ kind: 'checkIn' })} />;

  return (
    <div className="kiosk">
      <KioskHeader name={kiosk.data?.site.name} nameEn={kiosk.data?.site.nameEn} />
      <main className="kiosk-main">{body}</main>
      <footer className="kiosk-footer">{t('queue.kiosk.footer')}</footer>
    </div>
  );
}
