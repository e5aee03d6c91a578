import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client.js';
import { useLocale } from './i18n/index.js';
import { problemText } from './problem.js';

/** A failed load, with its reason and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const notFound = error instanceof ApiProblem && error.status === 404;
  return (
    <Result
      status={notFound ? '404' : 'warning'}
      title={notFound ? t('common.notFound') : t('common.loadFailed')}
      subTitle={problemText(error, locale)}
      extra={onRetry && !notFound ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** Whether the loaded data counts as empty (shows `empty` instead of children). */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, error and empty states of one query, so every page shows them the same way. */
export function QueryState<T>({ query, isEmpty, empty, loading, children }: QueryStateProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) return <>{loading ?? <Skeleton active paragraph={{ rows: 6 }} />}</>;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty description={t('common.empty')} />}</>;
  return <>{children(query.data)}</>;
}
