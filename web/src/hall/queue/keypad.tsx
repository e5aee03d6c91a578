import { useTranslation } from 'react-i18next';

export const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
/** The characters of booking codes (no I, O, 0, 1: nobody mistakes one for another). */
export const CODE_KEYS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'];

/**
 * An on-screen keypad for a touch kiosk, which has no keyboard: big keys, a delete and a clear key.
 * Typing on a real keyboard into the field it serves works as well.
 */
export function Keypad({ keys, onKey, onDelete, onClear, label }: { keys: string[]; onKey: (k: string) => void; onDelete: () => void; onClear: () => void; label: string }) {
  const { t } = useTranslation();
  return (
    <div className={`kiosk-keypad ${keys.length > 12 ? 'kiosk-keypad-wide' : ''}`} role="group" aria-label={label}>
      {keys.map((k) => (
        <button key={k} type="button" className="kiosk-key" onClick={() => onKey(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="kiosk-key kiosk-key-action" onClick={onDelete}>
        {t('queue.kiosk.delete')}
      </button>
      <button type="button" className="kiosk-key kiosk-key-action" onClick={onClear}>
        {t('queue.kiosk.clear')}
      </button>
    </div>
  );
}
