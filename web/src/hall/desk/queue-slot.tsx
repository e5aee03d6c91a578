import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskWindow } from '../../api/desk.js';
import { QueuePanel } from '../queue/queue-panel.js';

/**
 * The window's queue (web/src/hall/queue) at the top of the desk; the case filed during this visit is
 * offered when the number is finished. The site's other queues stay folded away unless asked for, so the
 * desk's work stays in view.
 */
export function QueueSlot({ window: w, caseNumber }: { window: DeskWindow; caseNumber: string | undefined }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  return (
    <div data-testid="desk-queue-slot" className={all ? 'desk-queue-slot' : 'desk-queue-slot desk-queue-compact'}>
      <QueuePanel
        windowId={w.id}
        caseNumber={caseNumber}
        extra={
          <Button type="link" size="small" onClick={() => setAll((v) => !v)} aria-expanded={all}>
            {all ? t('desk.queueSlot.fold') : t('desk.queueSlot.all')}
          </Button>
        }
      />
    </div>
  );
}
