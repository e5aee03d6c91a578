import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

// The front-desk queue (排队叫号): the kiosk, the hall board, appointments, the clerk's panel,
// booking settings and waiting-time statistics.

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Body<T> = T extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Kiosk = Json<paths['/api/v1/queue/sites/{id}/kiosk']['get']['responses'][200]>;
export type QueueSummary = Kiosk['queues'][number];
export type KioskTicket = Json<paths['/api/v1/queue/sites/{id}/tickets']['post']['responses'][201]>;
export type TakeTicketBody = Body<paths['/api/v1/queue/sites/{id}/tickets']['post']>;
export type Board = Json<paths['/api/v1/queue/sites/{id}/board']['get']['responses'][200]>;
export type BoardCall = Board['calls'][number];
export type AvailabilityQuery = paths['/api/v1/queue/sites/{id}/availability']['get']['parameters']['query'];
export type Availability = Json<paths['/api/v1/queue/sites/{id}/availability']['get']['responses'][200]>;
export type Slot = Availability['slots'][number];
export type BookBody = Body<paths['/api/v1/queue/appointments']['post']>;
export type AppointmentFilter = paths['/api/v1/queue/appointments']['get']['parameters']['query'];
export type Appointment = Json<paths['/api/v1/queue/appointments']['post']['responses'][201]>;
export type WindowPanel = Json<paths['/api/v1/queue/windows/{id}/panel']['get']['responses'][200]>;
export type Ticket = NonNullable<WindowPanel['current']>;
export type QueueSettings = Json<paths['/api/v1/queue/sites/{id}/settings']['get']['responses'][200]>;
export type QueueSettingsBody = Body<paths['/api/v1/queue/sites/{id}/settings']['put']>;
export type QueueStatsQuery = NonNullable<paths['/api/v1/queue/stats']['get']['parameters']['query']>;
export type QueueStats = Json<paths['/api/v1/queue/stats']['get']['responses'][200]>;
export type TicketStep = 'recall' | 'no-show' | 'start' | 'finish';

export const queueKeys = {
  all: ['queue'] as const,
  kiosk: (siteId: string) => [...queueKeys.all, 'kiosk', siteId] as const,
  board: (siteId: string) => [...queueKeys.all, 'board', siteId] as const,
  availability: (siteId: string, query: AvailabilityQuery) => [...queueKeys.all, 'availability', siteId, query] as const,
  appointments: (filter: AppointmentFilter) => [...queueKeys.all, 'appointments', filter] as const,
  panel: (windowId: string) => [...queueKeys.all, 'panel', windowId] as const,
  settings: (siteId: string) => [...queueKeys.all, 'settings', siteId] as const,
  stats: (query: QueueStatsQuery) => [...queueKeys.all, 'stats', query] as const,
};

const site = (id: string) => ({ params: { path: { id } } });

// ---------------------------------------------------------------- the kiosk and the board (public)

/** A site's queues with who waits: refreshed while the kiosk stands idle. */
export function useKiosk(siteId: string | undefined) {
  return useQuery({
    queryKey: queueKeys.kiosk(siteId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/queue/sites/{id}/kiosk', site(siteId!))),
    enabled: !!siteId,
    refetchInterval: 15_000,
  });
}

export function useTakeTicket(siteId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TakeTicketBody) => unwrap(api.POST('/api/v1/queue/sites/{id}/tickets', { ...site(siteId), body })),
    onSettled: () => qc.invalidateQueries({ queryKey: queueKeys.kiosk(siteId) }),
  });
}

export function useCheckIn(siteId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/queue/sites/{id}/check-in', { ...site(siteId), body: { code } })),
    onSettled: () => qc.invalidateQueries({ queryKey: queueKeys.kiosk(siteId) }),
  });
}

/** The hall board: polled every few seconds, keeping the last answer on screen while a poll fails. */
export function useBoard(siteId: string | undefined) {
  return useQuery({
    queryKey: queueKeys.board(siteId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/queue/sites/{id}/board', site(siteId!))),
    enabled: !!siteId,
    refetchInterval: 3_000,
    refetchIntervalInBackground: true,
    retry: false,
  });
}

// ---------------------------------------------------------------- appointments

export function useAvailability(siteId: string | undefined, query: AvailabilityQuery | undefined) {
  return useQuery({
    queryKey: queueKeys.availability(siteId ?? '', query ?? { category: 'general' }),
    queryFn: () => unwrap(api.GET('/api/v1/queue/sites/{id}/availability', { params: { path: { id: siteId! }, query: query! } })),
    enabled: !!siteId && !!query,
    placeholderData: keepPreviousData,
  });
}

/** The signed-in applicant's appointments, a page at a time. */
export function useMyAppointments(filter: AppointmentFilter) {
  return useQuery({
    queryKey: queueKeys.appointments(filter),
    queryFn: () => unwrap(api.GET('/api/v1/queue/appointments', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

/** Every queue mutation refreshes the module's data, also on failure (a 409 means ours is stale). */
function useQueueMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: queueKeys.all }) });
}

export const useBookAppointment = () => useQueueMutation((body: BookBody) => unwrap(api.POST('/api/v1/queue/appointments', { body })));

export const useCancelAppointment = () =>
  useQueueMutation(({ id, version }: { id: string; version: number }) => unwrap(api.POST('/api/v1/queue/appointments/{id}/cancel', { params: { path: { id } }, body: { version } })));

// ---------------------------------------------------------------- the clerk's window

/** A window's queue panel, polled so new numbers and the waiting counts show up by themselves. */
export function useWindowPanel(windowId: string | undefined) {
  return useQuery({
    queryKey: queueKeys.panel(windowId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/queue/windows/{id}/panel', { params: { path: { id: windowId! } } })),
    enabled: !!windowId,
    refetchInterval: 5_000,
  });
}

export const useCallNext = () => useQueueMutation((windowId: string) => unwrap(api.POST('/api/v1/queue/windows/{id}/call-next', { params: { path: { id: windowId } } })));

export const useTicketStep = () =>
  useQueueMutation(({ id, step, version, caseNumber }: { id: string; step: TicketStep; version: number; caseNumber?: string }) => {
    const params = { params: { path: { id } } };
    if (step === 'finish') return unwrap(api.POST('/api/v1/queue/tickets/{id}/finish', { ...params, body: { version, ...(caseNumber ? { caseNumber } : {}) } }));
    if (step === 'recall') return unwrap(api.POST('/api/v1/queue/tickets/{id}/recall', { ...params, body: { version } }));
    if (step === 'no-show') return unwrap(api.POST('/api/v1/queue/tickets/{id}/no-show', { ...params, body: { version } }));
    return unwrap(api.POST('/api/v1/queue/tickets/{id}/start', { ...params, body: { version } }));
  });

// ---------------------------------------------------------------- settings and statistics

export function useQueueSettings(siteId: string | undefined) {
  return useQuery({
    queryKey: queueKeys.settings(siteId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/queue/sites/{id}/settings', site(siteId!))),
    enabled: !!siteId,
  });
}

export const useUpdateQueueSettings = () =>
  useQueueMutation(({ siteId, ...body }: QueueSettingsBody & { siteId: string }) => unwrap(api.PUT('/api/v1/queue/sites/{id}/settings', { ...site(siteId), body })));

/** Waiting-time statistics of a site (or the reader's subtree) over days. */
export function useQueueStats(query: QueueStatsQuery, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queueKeys.stats(query),
    queryFn: () => unwrap(api.GET('/api/v1/queue/stats', { params: { query } })),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
    placeholderData: keepPreviousData,
  });
}
