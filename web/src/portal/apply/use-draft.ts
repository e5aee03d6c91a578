import { useCallback, useEffect, useRef, useState } from 'react';
import { useFileCase, useSaveDraft, type DeliveryChoiceBody, type MaterialInput } from '../../api/cases.js';

// The application is kept on the server as a draft case while the applicant fills it in: created
// on the first change (once the place is chosen), then saved a moment after each change, one save at
// a time, each with the version the last one answered.

export interface DraftPayload {
  formData: Record<string, unknown>;
  materials: MaterialInput[];
  /** Left out while incomplete: the saved choice stays. */
  deliveryChoice?: Omit<DeliveryChoiceBody, 'version'> | undefined;
}

export interface DraftRef {
  id: string;
  version: number;
  savedAt: string;
}

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** How long after the last change a draft is saved. */
export const AUTOSAVE_MS = 1200;

/** An idempotency key; `crypto.randomUUID` exists only on secure origins, random bytes everywhere. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export function useDraft(options: { itemCode: string; org: string | undefined; initial: DraftRef | null; onCreated: (id: string) => void }) {
  const { itemCode, org, onCreated } = options;
  // mutateAsync keeps its identity across renders; the mutation objects do not.
  const createDraft = useFileCase().mutateAsync;
  const updateDraft = useSaveDraft().mutateAsync;
  const [draft, setDraft] = useState<DraftRef | null>(options.initial);
  const [status, setStatus] = useState<SaveStatus>(options.initial ? 'saved' : 'idle');
  const [error, setError] = useState<unknown>(null);
  const latest = useRef<DraftRef | null>(options.initial);
  const pending = useRef<DraftPayload | null>(null);
  const running = useRef<Promise<unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // A retried creation must carry the same key and body, or the server files a second draft.
  const creation = useRef<{ key: string; body: string } | null>(null);

  const saveOnce = useCallback(
    async (payload: DraftPayload): Promise<DraftRef> => {
      const current = latest.current;
      if (current) {
        const saved = await updateDraft({ id: current.id, version: current.version, formData: payload.formData, materials: payload.materials, ...(payload.deliveryChoice ? { deliveryChoice: payload.deliveryChoice } : {}) });
        return { id: saved.id, version: saved.version, savedAt: saved.updatedAt };
      }
      if (!org) throw new Error('no place chosen');
      const body = { itemCode, org, draft: true, formData: payload.formData, materials: payload.materials, ...(payload.deliveryChoice ? { deliveryChoice: payload.deliveryChoice } : {}) };
      const json = JSON.stringify(body);
      if (creation.current?.body !== json) creation.current = { key: newKey(), body: json };
      const view = await createDraft({ key: creation.current.key, ...body });
      onCreated(view.case.id);
      return { id: view.case.id, version: view.case.version, savedAt: view.case.updatedAt };
    },
    [createDraft, updateDraft, itemCode, org, onCreated],
  );

  /** Sends what is pending, after any save still on its way; answers the draft as last saved. */
  const run = useCallback(async (): Promise<DraftRef | null> => {
    while (running.current) await running.current.catch(() => undefined);
    const payload = pending.current;
    if (!payload) return latest.current;
    if (!latest.current && !org) return null;
    pending.current = null;
    setStatus('saving');
    const attempt = saveOnce(payload);
    running.current = attempt;
    try {
      const saved = await attempt;
      latest.current = saved;
      setDraft(saved);
      setError(null);
      setStatus(pending.current ? 'pending' : 'saved');
      return saved;
    } catch (err) {
      // Kept for the next try, unless something newer came meanwhile.
      pending.current ??= payload;
      setError(err);
      setStatus('error');
      throw err;
    } finally {
      running.current = null;
    }
  }, [saveOnce, org]);

  /** Saves this shortly, unless another change comes first. */
  const schedule = useCallback(
    (payload: DraftPayload) => {
      pending.current = payload;
      setStatus('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void run().catch(() => undefined), AUTOSAVE_MS);
    },
    [run],
  );

  /** Saves now (before submitting, or when the page is left). */
  const flush = useCallback(
    (payload?: DraftPayload) => {
      if (payload) pending.current = payload;
      clearTimeout(timer.current);
      return run();
    },
    [run],
  );

  // Leaving the page saves what is pending; closing the tab first asks while a save is due.
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (pending.current || running.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      clearTimeout(timer.current);
      if (pending.current) void runRef.current().catch(() => undefined);
    };
  }, []);

  return { draft, status, error, schedule, flush, retry: () => void run().catch(() => undefined) };
}
