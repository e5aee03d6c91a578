import { useSearchParams } from 'react-router';

/**
 * The address's query as it is now. Changes start from it rather than from the params a component
 * last rendered with: right after a navigation, a handler may still hold those of the render before
 * (seen with the dashboard's period picker dropping the drill-down trail).
 */
export const currentParams = (): URLSearchParams => new URLSearchParams(window.location.search);

/**
 * The page's filters kept in the address, so a view can be bookmarked and sent on: read them from
 * `params`, change several at once with `set` (an empty value removes one; changing any filter
 * goes back to the first page).
 */
export function useQueryParams() {
  const [params, setParams] = useSearchParams();
  const set = (change: Record<string, string | undefined>) =>
    setParams(() => {
      const next = currentParams();
      for (const [k, v] of Object.entries(change)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!('page' in change)) next.delete('page');
      return next;
    });
  const page = Math.max(1, Number(params.get('page')) || 1);
  return { params, set, page, setPage: (p: number) => set({ page: p > 1 ? String(p) : undefined }) };
}
