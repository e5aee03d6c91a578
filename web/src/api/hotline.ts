import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

// The 12345 hotline (热线): query hooks over the hotline module's routes, for the agents' intake and
// dispatch board, the handling organisations' inbox, the centre's configuration and the public's
// filing and follow-up. Every key sits under hotlineKeys.all, so a step refreshes everything shown.

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch' = 'post'> = paths[P] extends { [K in M]: { requestBody?: infer B } } ? Json<NonNullable<B>> : never;

export type TicketFilter = Query<'/api/v1/hotline/tickets'>;
export type TicketBox = TicketFilter['box'];
export type TicketPage = Ok<'/api/v1/hotline/tickets'>;
export type TicketListItem = TicketPage['items'][number];
export type TicketView = Ok<'/api/v1/hotline/tickets/{id}'>;
export type TicketTask = TicketView['tasks'][number];
export type TicketEvent = TicketView['events'][number];
export type TicketCallback = TicketView['callbacks'][number];
export type NewTicketBody = Body<'/api/v1/hotline/tickets'>;
export type AnswerBody = NonNullable<NewTicketBody['answer']>;
export type AnswerSource = AnswerBody['sources'][number];
export type KnowledgeHits = Ok<'/api/v1/hotline/knowledge'>;
export type Suggestion = Ok<'/api/v1/hotline/dispatch/suggest'>;
export type HotTopics = Ok<'/api/v1/hotline/hot-topics'>;
export type HotTopic = HotTopics['topics'][number];
export type Category = Ok<'/api/v1/hotline/categories'>[number];
export type HotlineSettings = Ok<'/api/v1/hotline/settings'>;
export type SettingsBody = Body<'/api/v1/hotline/settings', 'put'>;
export type LimitTable = HotlineSettings['limits'];
export type DispatchRule = Ok<'/api/v1/hotline/dispatch-rules'>[number];
export type NewRuleBody = Body<'/api/v1/hotline/dispatch-rules'>;
export type RuleChangeBody = Body<'/api/v1/hotline/dispatch-rules/{id}', 'patch'>;
export type ArticleFilter = Query<'/api/v1/hotline/articles'>;
export type Article = Ok<'/api/v1/hotline/articles'>['items'][number];
export type ArticleView = Ok<'/api/v1/hotline/articles/{id}'>;
export type NewArticleBody = Body<'/api/v1/hotline/articles'>;
export type ArticleChangeBody = Body<'/api/v1/hotline/articles/{id}', 'patch'>;
export type Open311Key = Ok<'/api/v1/hotline/open311-keys'>[number];
export type IssuedKey = Json<paths['/api/v1/hotline/open311-keys']['post']['responses'][201]>;
export type PublicTicketBody = Body<'/api/v1/hotline/public/tickets'>;
export type PublicFiling = Json<paths['/api/v1/hotline/public/tickets']['post']['responses'][201]>;
export type PublicTicket = Ok<'/api/v1/hotline/public/tickets/{number}'>;

export const hotlineKeys = {
  all: ['hotline'] as const,
  tickets: (filter: TicketFilter) => [...hotlineKeys.all, 'tickets', filter] as const,
  ticket: (id: string) => [...hotlineKeys.all, 'ticket', id] as const,
  knowledge: (q: string, category: string | undefined) => [...hotlineKeys.all, 'knowledge', q, category ?? ''] as const,
  suggest: (text: string, category: string | undefined, region: string | undefined) => [...hotlineKeys.all, 'suggest', text, category ?? '', region ?? ''] as const,
  hotTopics: () => [...hotlineKeys.all, 'hot-topics'] as const,
  categories: (publicOnly: boolean) => [...hotlineKeys.all, 'categories', publicOnly] as const,
  settings: () => [...hotlineKeys.all, 'settings'] as const,
  rules: () => [...hotlineKeys.all, 'rules'] as const,
  articles: (filter: ArticleFilter) => [...hotlineKeys.all, 'articles', filter] as const,
  article: (id: string) => [...hotlineKeys.all, 'article', id] as const,
  keys: () => [...hotlineKeys.all, 'open311-keys'] as const,
  followed: (number: string, code: string) => [...hotlineKeys.all, 'followed', number, code] as const,
  mine: (page: number) => [...hotlineKeys.all, 'mine', page] as const,
};

/** The hotline's number format (common/hotline.ts TICKET_NUMBER_PATTERN), for checking what a caller types. */
export const TICKET_NUMBER = /^12345-\d{8}-\d{5}$/;

// ---------------------------------------------------------------- tickets (staff)

/** One page of a box: `centre` (agents), `handling` (handling organisations, soonest deadline first), `all` (read-only). */
export function useTickets(filter: TicketFilter, options: { enabled?: boolean; live?: boolean } = {}) {
  return useQuery({
    queryKey: hotlineKeys.tickets(filter),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/tickets', { params: { query: filter } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    // Boards are work queues that others fill while they are open.
    refetchInterval: options.live ? 60_000 : false,
  });
}

/** A ticket with its tasks, history, callbacks and what the reader may do next. */
export function useTicket(id: string | undefined) {
  return useQuery({
    queryKey: hotlineKeys.ticket(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/tickets/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** Every ticket step answers the ticket as it is now: it replaces the cached one; lists refresh, also after a refusal. */
function useTicketMutation<V>(call: (vars: V) => Promise<TicketView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (view) => qc.setQueryData(hotlineKeys.ticket(view.id), view),
    onSettled: (view) => qc.invalidateQueries({ queryKey: hotlineKeys.all, predicate: (q) => q.queryKey[1] !== 'ticket' || q.queryKey[2] !== view?.id }),
  });
}

/** An agent records a call; with `answer`, a consultation answered on the call is closed at once. */
export const useFileTicket = () => useTicketMutation((body: NewTicketBody) => unwrap(api.POST('/api/v1/hotline/tickets', { body })));

/** A step on a ticket, with the body its route takes (always with the version read). */
export type TicketStep =
  | { step: 'answer'; body: Body<'/api/v1/hotline/tickets/{id}/answer'> }
  | { step: 'dispatch'; body: Body<'/api/v1/hotline/tickets/{id}/dispatch'> }
  | { step: 'return'; body: Body<'/api/v1/hotline/tickets/{id}/return'> }
  | { step: 'insist'; body: Body<'/api/v1/hotline/tickets/{id}/insist'> }
  | { step: 'extension'; body: Body<'/api/v1/hotline/tickets/{id}/extension'> }
  | { step: 'extension/decide'; body: Body<'/api/v1/hotline/tickets/{id}/extension/decide'> }
  | { step: 'callback'; body: Body<'/api/v1/hotline/tickets/{id}/callback'> }
  | { step: 'reopen'; body: Body<'/api/v1/hotline/tickets/{id}/reopen'> }
  | { step: 'close'; body: Body<'/api/v1/hotline/tickets/{id}/close'> }
  | { step: 'merge'; body: Body<'/api/v1/hotline/tickets/{id}/merge'> }
  | { step: 'reply'; taskId: string; body: Body<'/api/v1/hotline/tickets/{id}/tasks/{taskId}/reply'> };

function postStep(id: string, s: TicketStep): Promise<TicketView> {
  const path = { params: { path: { id } } };
  switch (s.step) {
    case 'answer':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/answer', { ...path, body: s.body }));
    case 'dispatch':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/dispatch', { ...path, body: s.body }));
    case 'return':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/return', { ...path, body: s.body }));
    case 'insist':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/insist', { ...path, body: s.body }));
    case 'extension':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/extension', { ...path, body: s.body }));
    case 'extension/decide':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/extension/decide', { ...path, body: s.body }));
    case 'callback':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/callback', { ...path, body: s.body }));
    case 'reopen':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/reopen', { ...path, body: s.body }));
    case 'close':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/close', { ...path, body: s.body }));
    case 'merge':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/merge', { ...path, body: s.body }));
    case 'reply':
      return unwrap(api.POST('/api/v1/hotline/tickets/{id}/tasks/{taskId}/reply', { params: { path: { id, taskId: s.taskId } }, body: s.body }));
  }
}

/** Takes one step on a ticket (the ticket's id in the variables, so a board can act on any row). */
export const useTicketStep = () => useTicketMutation(({ id, ...s }: TicketStep & { id: string }) => postStep(id, s as TicketStep));

// ---------------------------------------------------------------- answering and dispatching help

/** The knowledge base (agents' articles and the catalog's notices) for what the agent types. */
export function useKnowledge(q: string, category?: string) {
  return useQuery({
    queryKey: hotlineKeys.knowledge(q, category),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/knowledge', { params: { query: { q, limit: 8, ...(category ? { category } : {}) } } })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Categories and the responsible organisation the ticket's text suggests (agents). */
export function useDispatchSuggestion(text: string, category?: string, region?: string) {
  return useQuery({
    queryKey: hotlineKeys.suggest(text, category, region),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/dispatch/suggest', { params: { query: { text, ...(category ? { category } : {}), ...(region ? { region } : {}) } } })),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Hot topics (热点) among the tickets the reader watches. */
export function useHotTopics(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: hotlineKeys.hotTopics(),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/hot-topics')),
    enabled: options.enabled ?? true,
    refetchInterval: 5 * 60_000,
  });
}

// ---------------------------------------------------------------- configuration

/** The ticket categories (public: those the web form offers); they change rarely. */
export function useCategories(publicOnly = false) {
  return useQuery({
    queryKey: hotlineKeys.categories(publicOnly),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/categories', { params: { query: publicOnly ? { public: true } : {} } })),
    staleTime: 10 * 60_000,
  });
}

export function useHotlineSettings(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: hotlineKeys.settings(), queryFn: () => unwrap(api.GET('/api/v1/hotline/settings')), staleTime: 5 * 60_000, enabled: options.enabled ?? true });
}

export function useDispatchRules() {
  return useQuery({ queryKey: hotlineKeys.rules(), queryFn: () => unwrap(api.GET('/api/v1/hotline/dispatch-rules', { params: { query: {} } })) });
}

export function useArticles(filter: ArticleFilter) {
  return useQuery({
    queryKey: hotlineKeys.articles(filter),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/articles', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string | undefined) {
  return useQuery({
    queryKey: hotlineKeys.article(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/articles/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useOpen311Keys() {
  return useQuery({ queryKey: hotlineKeys.keys(), queryFn: () => unwrap(api.GET('/api/v1/hotline/open311-keys')) });
}

/** Configuration changes refresh the module, also on failure (a 409 means ours is stale). */
function useHotlineMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: hotlineKeys.all }) });
}

export const useUpdateSettings = () => useHotlineMutation((body: SettingsBody) => unwrap(api.PUT('/api/v1/hotline/settings', { body })));
export const useCreateRule = () => useHotlineMutation((body: NewRuleBody) => unwrap(api.POST('/api/v1/hotline/dispatch-rules', { body })));
export const useUpdateRule = () =>
  useHotlineMutation(({ id, ...body }: RuleChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/hotline/dispatch-rules/{id}', { params: { path: { id } }, body })));
export const useDeleteRule = () =>
  useHotlineMutation(({ id, version }: { id: string; version: number }) => unwrap(api.DELETE('/api/v1/hotline/dispatch-rules/{id}', { params: { path: { id }, query: { version } } })));
export const useCreateArticle = () => useHotlineMutation((body: NewArticleBody) => unwrap(api.POST('/api/v1/hotline/articles', { body })));
export const useUpdateArticle = () =>
  useHotlineMutation(({ id, ...body }: ArticleChangeBody & { id: string }) => unwrap(api.PATCH('/api/v1/hotline/articles/{id}', { params: { path: { id } }, body })));
export const useIssueKey = () => useHotlineMutation((body: Body<'/api/v1/hotline/open311-keys'>) => unwrap(api.POST('/api/v1/hotline/open311-keys', { body })));
export const useRevokeKey = () =>
  useHotlineMutation(({ id, version }: { id: string; version: number }) => unwrap(api.POST('/api/v1/hotline/open311-keys/{id}/revoke', { params: { path: { id } }, body: { version } })));

// ---------------------------------------------------------------- the public

/** Submits a ticket online (anyone); the answer holds the number and, once, the follow-up code. */
export function useFilePublicTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicTicketBody) => unwrap(api.POST('/api/v1/hotline/public/tickets', { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: [...hotlineKeys.all, 'mine'] }),
  });
}

/** A ticket as the public follows it: by number and follow-up code (or, signed in, one's own without the code). */
export function useFollowTicket(number: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: hotlineKeys.followed(number ?? '', code ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/public/tickets/{number}', { params: { path: { number: number! }, query: code ? { code } : {} } })),
    enabled: !!number,
    retry: false,
  });
}

/** The signed-in member of the public's own tickets, newest first. */
export function useMyTickets(page: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: hotlineKeys.mine(page),
    queryFn: () => unwrap(api.GET('/api/v1/hotline/public/mine', { params: { query: { page, pageSize: 10 } } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
