import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

export type CalendarYear = Json<paths['/api/v1/calendar/years/{year}']['get']['responses'][200]>;
export type CalendarDayView = CalendarYear['days'][number];
export type CalendarDayBody = Json<paths['/api/v1/calendar/days/{date}']['put']['requestBody']>;

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => [...calendarKeys.all, 'year', year] as const,
  addWorkdays: (from: string, days: number) => [...calendarKeys.all, 'add-workdays', from, days] as const,
};

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKeys.year(year),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/years/{year}', { params: { path: { year } } })),
    placeholderData: keepPreviousData,
  });
}

/** The date `days` working days after `from` (the day itself not counted). */
export function useAddWorkdays(from: string | undefined, days: number | undefined) {
  return useQuery({
    queryKey: calendarKeys.addWorkdays(from ?? '', days ?? 0),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/add-workdays', { params: { query: { from: from!, days: days! } } })),
    enabled: !!from && days !== undefined && days >= 0,
  });
}

function useCalendarMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: calendarKeys.all }) });
}

export const useSetCalendarDay = () =>
  useCalendarMutation(({ date, ...body }: CalendarDayBody & { date: string }) =>
    unwrap(api.PUT('/api/v1/calendar/days/{date}', { params: { path: { date } }, body })),
  );

export const useClearCalendarDay = () =>
  useCalendarMutation((date: string) => unwrap(api.DELETE('/api/v1/calendar/days/{date}', { params: { path: { date } } })));

/** Declares a year's arrangements complete (years are published in order). */
export const usePublishCalendarYear = () =>
  useCalendarMutation((year: number) => unwrap(api.PUT('/api/v1/calendar/years/{year}/published', { params: { path: { year } } })));
