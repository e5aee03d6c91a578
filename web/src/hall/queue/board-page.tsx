import { SoundOutlined, WifiOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useBoard, type Board, type BoardCall } from '../../api/queue.js';
import { formatDate } from '../../shared/format.js';
import { LoadError } from '../../shared/query-state.js';
import { formatClock, queueName, useBilingual, useNow } from './queue-format.js';
import './queue.css';

/** A call's identity: a recall is a new call. */
const callKey = (c: BoardCall) => `${c.number}|${c.calledAt}`;

/** Reads new calls aloud in Chinese once someone has switched the sound on (browsers need that touch first). */
function useAnnouncer(board: Board | undefined, enabled: boolean, zh: TFunction) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!board) return;
    const keys = board.calls.map(callKey);
    // The first answer is what was called before the board opened: remembered, not announced.
    if (seen.current && enabled && 'speechSynthesis' in window) {
      for (const c of [...board.calls].reverse()) {
        if (seen.current.has(callKey(c))) continue;
        // Digits one by one ("A 0 1 7"), as halls announce them.
        const u = new SpeechSynthesisUtterance(zh('queue.board.announce', { number: [...c.number].join(' '), window: c.windowNumber }));
        u.lang = 'zh-CN';
        window.speechSynthesis.speak(u);
      }
    }
    seen.current = new Set(keys);
  }, [board, enabled, zh]);
}

/**
 * The hall display board (叫号屏): the number called last, large, and the calls before it, each with
 * its window; how many wait per queue. Public, in both languages at once, polled every few seconds.
 */
export default function BoardPage() {
  const { siteId } = useParams();
  const board = useBoard(siteId);
  const { zh, en } = useBilingual();
  const now = useNow(1_000);
  const [sound, setSound] = useState(false);
  useAnnouncer(board.data, sound, zh);

  if (board.isPending) return <div className="board board-center"><Spin size="large" /></div>;
  if (!board.data) return <div className="board board-center board-error"><LoadError error={board.error} onRetry={() => void board.refetch()} /></div>;

  const { site, calls, queues, day } = board.data;
  const [latest, ...earlier] = calls;
  return (
    <div className="board" data-testid="board">
      <header className="board-header">
        <div>
          <div className="board-site">{site.name}</div>
          <div className="board-site-en">{site.nameEn}</div>
        </div>
        <div className="board-clock">
          <div className="board-clock-time">{formatClock(now, true)}</div>
          <div className="board-clock-date">{formatDate(day, 'zh-CN')} · {formatDate(day, 'en-US')}</div>
        </div>
      </header>
      {board.isError && (
        <div className="board-offline" role="status">
          <WifiOutlined /> {zh('queue.board.offline')} · {en('queue.board.offline')}
        </div>
      )}
      <main className="board-main">
        <section className="board-now" aria-live="polite">
          <div className="board-section-title">{zh('queue.board.nowCalling')} <span>{en('queue.board.nowCalling')}</span></div>
          {latest ? (
            <div className="board-latest" key={callKey(latest)} data-testid="board-latest">
              <div className="board-latest-number">{latest.number}</div>
              <div className="board-latest-arrow">→</div>
              <div className="board-latest-window">
                <div className="board-latest-window-number">{latest.windowNumber}</div>
                <div className="board-latest-window-label">{zh('queue.board.window')} {en('queue.board.window')}</div>
              </div>
              <div className="board-latest-text">
                <div>{zh('queue.board.please', { number: latest.number, window: latest.windowNumber })}</div>
                <div className="board-en">{en('queue.board.please', { number: latest.number, window: latest.windowNumber })}</div>
              </div>
            </div>
          ) : (
            <div className="board-empty">
              <div>{zh('queue.board.none')}</div>
              <div className="board-en">{en('queue.board.none')}</div>
            </div>
          )}
          {earlier.length > 0 && (
            <table className="board-calls">
              <thead>
                <tr>
                  <th>{zh('queue.board.number')} <span>{en('queue.board.number')}</span></th>
                  <th>{zh('queue.board.window')} <span>{en('queue.board.window')}</span></th>
                  <th>{zh('queue.board.state')} <span>{en('queue.board.state')}</span></th>
                </tr>
              </thead>
              <tbody>
                {earlier.map((c) => (
                  <tr key={callKey(c)}>
                    <td className="board-calls-number">{c.number}</td>
                    <td>{c.windowNumber}</td>
                    <td className={`board-state-${c.status}`}>{zh(`queue.board.${c.status === 'serving' ? 'serving' : 'go'}`)} <span>{en(`queue.board.${c.status === 'serving' ? 'serving' : 'go'}`)}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="board-waiting">
          <div className="board-section-title">{zh('queue.board.waiting')} <span>{en('queue.board.waiting')}</span></div>
          {queues.map((q) => (
            <div key={`${q.category}:${q.departmentId ?? ''}`} className="board-queue">
              <span className={`kiosk-queue-letter kiosk-letter-${q.prefix}`}>{q.prefix}</span>
              <span className="board-queue-name">
                {queueName(q, zh, 'zh-CN')}
                <span className="board-en">{queueName(q, en, 'en-US')}</span>
              </span>
              <span className="board-queue-count">
                {q.waiting}
                <span className="board-en">{zh('queue.board.people')} {en('queue.board.people')}</span>
              </span>
            </div>
          ))}
          <button type="button" className={`board-sound ${sound ? 'board-sound-on' : ''}`} onClick={() => setSound((s) => !s)} aria-pressed={sound}>
            <SoundOutlined /> {zh(sound ? 'queue.board.soundOn' : 'queue.board.soundOff')} · {en(sound ? 'queue.board.soundOn' : 'queue.board.soundOff')}
          </button>
        </aside>
      </main>
      <footer className="board-footer">{zh('queue.board.footer')} · {en('queue.board.footer')}</footer>
    </div>
  );
}
