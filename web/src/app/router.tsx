import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { HallPage } from '../portal/hall-page.js';
import { HomePage } from '../portal/home-page.js';
import { LoginPage } from './login-page.js';
import { PortalLayout } from './portal-layout.js';
import { FullPageSpin, RequireAuth } from './require-auth.js';
import { NotFoundPage, RouteError } from './route-error.js';
import { StaffLayout } from './staff-layout.js';

// Back-office pages load on demand: an applicant's visit never downloads them.
const lazyPage = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      {
        element: <PortalLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'halls/:id', element: <HallPage /> },
          { path: 'services', ...lazyPage(() => import('../portal/catalog/services-page.js')) },
          { path: 'items/:code', ...lazyPage(() => import('../portal/catalog/item-page.js')) },
          { path: 'one-trip', ...lazyPage(() => import('../portal/catalog/one-trip-page.js')) },
          { path: 'catalog/stats', ...lazyPage(() => import('../portal/catalog/catalog-stats-page.js')) },
          { path: 'login', element: <LoginPage /> },
          { path: 'register', ...lazyPage(() => import('../portal/register-page.js')) },
          // Public: the QR code printed on every certificate leads here.
          { path: 'verify/:id', ...lazyPage(() => import('../portal/verify-page.js')) },
          {
            element: <RequireAuth />,
            children: [
              { path: 'account', ...lazyPage(() => import('../portal/account-page.js')) },
              { path: 'my/cases', ...lazyPage(() => import('../portal/cases/my-cases-page.js')) },
              { path: 'my/cases/:id', ...lazyPage(() => import('../portal/cases/case-page.js')) },
              { path: 'my/messages', ...lazyPage(() => import('../portal/messages-page.js')) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      {
        element: <StaffLayout />,
        children: [
          { path: 'workbench', ...lazyPage(() => import('./workbench-page.js')) },
          { path: 'sites', ...lazyPage(() => import('../admin/sites/sites-page.js')) },
          { path: 'sites/:id', ...lazyPage(() => import('../admin/sites/site-detail-page.js')) },
          { path: 'calendar', ...lazyPage(() => import('../admin/calendar/calendar-page.js')) },
          {
            path: 'admin',
            children: [
              {
                element: <RequireAuth roles={['admin']} />,
                children: [
                  { path: 'orgs', ...lazyPage(() => import('../admin/orgs/orgs-page.js')) },
                  { path: 'accounts', ...lazyPage(() => import('../admin/accounts/accounts-page.js')) },
                  { path: 'audit', ...lazyPage(() => import('../admin/audit/audit-page.js')) },
                ],
              },
              {
                element: <RequireAuth roles={['catalogManager']} />,
                children: [
                  { path: 'catalog', ...lazyPage(() => import('../admin/catalog/catalog-page.js')) },
                  { path: 'catalog/new', ...lazyPage(() => import('../admin/catalog/new-item-page.js')) },
                  { path: 'catalog/items/:code', ...lazyPage(() => import('../admin/catalog/item-admin-page.js')) },
                  { path: 'catalog/items/:code/draft', ...lazyPage(() => import('../admin/catalog/draft-page.js')) },
                  { path: 'catalog/import', ...lazyPage(() => import('../admin/catalog/import-page.js')) },
                  { path: 'catalog/one-trip', ...lazyPage(() => import('../admin/catalog/one-trip-admin-page.js')) },
                ],
              },
              {
                element: <RequireAuth roles={['catalogManager', 'admin']} />,
                children: [{ path: 'catalog/implementations', ...lazyPage(() => import('../admin/catalog/implementations-page.js')) }],
              },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
