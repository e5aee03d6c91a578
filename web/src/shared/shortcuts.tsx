import { Button, type ButtonProps } from 'antd';
import { useEffect, useLayoutEffect, useRef } from 'react';

// Alt+<letter or digit> shortcuts for the clerk's main buttons. The physical key (KeyboardEvent.code)
// is matched, so they work whatever the keyboard layout or input method. Letters the browser keeps for
// itself (Alt+D, E, F) are not used.

interface Handler {
  run: () => void;
  /** Whether the owner can take the key now (a button in a hidden tab cannot). */
  available: () => boolean;
}

const handlers = new Map<string, Handler[]>();

function keyOf(e: KeyboardEvent): string | undefined {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return undefined;
  if (e.code.startsWith('Key')) return e.code.slice(3);
  if (e.code.startsWith('Digit')) return e.code.slice(5);
  return undefined;
}

function onKeyDown(e: KeyboardEvent): void {
  const key = keyOf(e);
  // The most recently mounted owner of a key that can take it wins (a panel opened over the page).
  const handler = key ? handlers.get(key)?.findLast((h) => h.available()) : undefined;
  if (!handler) return;
  e.preventDefault();
  handler.run();
}

/** Runs `run` on Alt+`key` while the component is mounted, `enabled` and (if given) `available()`. */
export function useShortcut(key: string, run: () => void, enabled = true, available: () => boolean = () => true): void {
  const latest = useRef({ run, available });
  useLayoutEffect(() => {
    latest.current = { run, available };
  });
  useEffect(() => {
    if (!enabled) return;
    const handler: Handler = { run: () => latest.current.run(), available: () => latest.current.available() };
    if (handlers.size === 0) document.addEventListener('keydown', onKeyDown);
    handlers.set(key, [...(handlers.get(key) ?? []), handler]);
    return () => {
      const rest = (handlers.get(key) ?? []).filter((h) => h !== handler);
      if (rest.length) handlers.set(key, rest);
      else handlers.delete(key);
      if (handlers.size === 0) document.removeEventListener('keydown', onKeyDown);
    };
  }, [key, enabled]);
}

/** Puts the focus on the first field of a part of the page (marked `data-desk-focus`, else its first input). */
export function focusFirstField(container: Element | null): void {
  container?.querySelector<HTMLElement>('[data-desk-focus], input:not([type=hidden]):not([type=file]):not([disabled]), textarea:not([disabled])')?.focus();
}

/** "Alt+A" as shown on a button and announced by screen readers. */
export const shortcutLabel = (key: string): string => `Alt+${key}`;

export function Kbd({ shortcut }: { shortcut: string }) {
  return (
    <kbd className="desk-kbd" aria-hidden>
      {shortcutLabel(shortcut)}
    </kbd>
  );
}

/** A button with its Alt shortcut shown on it; the shortcut clicks it (so a submit button submits its form). */
export function ShortcutButton({ shortcut, children, ...props }: ButtonProps & { shortcut: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  // Only a button on screen answers: tabs stay mounted, and a hidden tab's buttons must not.
  useShortcut(shortcut, () => ref.current?.click(), !props.disabled && !props.loading, () => !!ref.current?.offsetParent);
  return (
    <Button ref={ref} aria-keyshortcuts={shortcutLabel(shortcut)} {...props}>
      {children}
      <Kbd shortcut={shortcut} />
    </Button>
  );
}
