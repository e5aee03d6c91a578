import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type NotificationFilter = paths['/api/v1/notifications']['get']['parameters']['query'];
export type NotificationPage = Json<paths['/api/v1/notifications']['get']['responses'][200]>;
export type Notification = NotificationPage['items'][number];

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (filter: NotificationFilter) => [...notificationKeys.all, 'list', filter] as const,
};

/** The SMS and e-mail messages sent to the signed-in user, newest first. */
export function useNotifications(filter: NotificationFilter) {
  return useQuery({
    queryKey: notificationKeys.list(filter),
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}
