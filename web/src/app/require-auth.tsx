import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../common/enums.js';
import { hasRole, useMe } from '../api/auth.js';
import { LoadError } from '../shared/query-state.js';
import { roleHome } from './role-home.js';
import { LinkButton } from '../shared/link-button.js';

export function FullPageSpin() {
  return (
    <div className="page-spin">
      <Spin size="large" />
    </div>
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <Result
      status="403"
      title={t('auth.forbiddenTitle')}
      subTitle={t('auth.forbiddenText')}
      extra={
        <LinkButton to={me ? roleHome(me) : '/'} type="primary">{t('common.backHome')}</LinkButton>
      }
    />
  );
}

interface RequireAuthProps {
  /** Only staff accounts (applicants are sent to their own pages). */
  staff?: boolean;
  /** At least one of these roles. */
  roles?: Role[];
  children?: ReactNode;
}

/** Sends visitors to sign in (and back afterwards); shows 403 to accounts without the role. The server checks again. */
export function RequireAuth({ staff, roles, children }: RequireAuthProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) return <LoadError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (staff && me.data.kind !== 'staff') return <Forbidden />;
  if (roles && !hasRole(me.data, ...roles)) return <Forbidden />;
  return <>{children ?? <Outlet />}</>;
}
