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
          // Public: the list of proof items (证明事项) and how each is satisfied without the paper (R1.3).
          { path: 'proofs', ...lazyPage(() => import('../portal/proofs/proofs-page.js')) },
          { path: 'catalog/stats', ...lazyPage(() => import('../portal/catalog/catalog-stats-page.js')) },
          { path: 'login', element: <LoginPage /> },
          { path: 'register', ...lazyPage(() => import('../portal/register-page.js')) },
          // Public: the QR code printed on every certificate leads here.
          { path: 'verify/:id', ...lazyPage(() => import('../portal/verify-page.js')) },
          // Public: a certificate its holder shares by link (the token is in the URL's fragment).
          { path: 'certificates/shared', ...lazyPage(() => import('../portal/certificates/shared-page.js')) },
          // Public: anyone reports a blockage or difficulty with a service (R7.4).
          { path: 'problems/new', ...lazyPage(() => import('../portal/problems/new-problem-page.js')) },
          // Public: the 12345 hotline's online request and its follow-up by number and code.
          { path: 'hotline/new', ...lazyPage(() => import('../portal/hotline/new-ticket-page.js')) },
          { path: 'hotline/track', ...lazyPage(() => import('../portal/hotline/track-page.js')) },
          {
            element: <RequireAuth />,
            children: [
              { path: 'account', ...lazyPage(() => import('../portal/account-page.js')) },
              { path: 'my/cases', ...lazyPage(() => import('../portal/cases/my-cases-page.js')) },
              { path: 'my/cases/:id', ...lazyPage(() => import('../portal/cases/case-page.js')) },
              { path: 'my/messages', ...lazyPage(() => import('../portal/messages-page.js')) },
              // Who looked at my data (数据共享): every query of shared data about the applicant.
              { path: 'my/data-access', ...lazyPage(() => import('../portal/data-access/my-data-access-page.js')) },
              { path: 'my/certificates', ...lazyPage(() => import('../portal/certificates/my-certificates-page.js')) },
              { path: 'my/certificates/:id', ...lazyPage(() => import('../portal/certificates/certificate-page.js')) },
              { path: 'my/appointments', ...lazyPage(() => import('../portal/appointments/my-appointments-page.js')) },
              { element: <RequireAuth roles={['applicant']} />, children: [{ path: 'my/appointments/new', ...lazyPage(() => import('../portal/appointments/book-appointment-page.js')) }] },
              { path: 'apply/:itemCode', ...lazyPage(() => import('../portal/apply/apply-page.js')) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      // What hangs in a hall: the kiosk where numbers are taken and the board that calls them (public, full screen).
      { path: 'kiosk/:siteId', ...lazyPage(() => import('../hall/queue/kiosk-page.js')) },
      { path: 'halls/:siteId/board', ...lazyPage(() => import('../hall/queue/board-page.js')) },
      // The supervision wall display: full screen, no menus (supervisors, administrators, heads).
      { element: <RequireAuth roles={['supervisor', 'admin', 'departmentHead']} />, children: [{ path: 'supervision/screen', ...lazyPage(() => import('../supervision/screen-page.js')) }] },
      {
        element: <StaffLayout />,
        children: [
          { path: 'workbench', ...lazyPage(() => import('./workbench-page.js')) },
          { path: 'sites', ...lazyPage(() => import('../admin/sites/sites-page.js')) },
          { path: 'sites/:id', ...lazyPage(() => import('../admin/sites/site-detail-page.js')) },
          { path: 'calendar', ...lazyPage(() => import('../admin/calendar/calendar-page.js')) },
          {
            // The queue: clerks call numbers to their windows; administrators set how many may book.
            element: <RequireAuth roles={['windowClerk']} />,
            children: [{ path: 'hall/queue', ...lazyPage(() => import('../hall/queue/queue-page.js')) }],
          },
          {
            element: <RequireAuth roles={['admin']} />,
            children: [{ path: 'hall/queue/settings', ...lazyPage(() => import('../hall/queue/queue-settings-page.js')) }],
          },
          {
            // The front desk of hall and agency-point clerks.
            element: <RequireAuth roles={['windowClerk']} />,
            children: [{ path: 'hall/desk', ...lazyPage(() => import('../hall/desk/desk-page.js')) }],
          },
          {
            // The back office: reviewers and department heads work cases and ratings; supervisors read the follow-up.
            element: <RequireAuth roles={['reviewer', 'departmentHead']} />,
            children: [{ path: 'review', ...lazyPage(() => import('../review/inbox-page.js')) }],
          },
          {
            element: <RequireAuth roles={['reviewer', 'departmentHead', 'supervisor']} />,
            children: [
              { path: 'review/cases/:id', ...lazyPage(() => import('../review/case-page.js')) },
              { path: 'review/ratings', ...lazyPage(() => import('../review/ratings-page.js')) },
            ],
          },
          {
            // Electronic supervision: supervisors and administrators watch their subtree, heads their department.
            element: <RequireAuth roles={['supervisor', 'admin', 'departmentHead']} />,
            children: [
              { path: 'supervision', ...lazyPage(() => import('../supervision/dashboard-page.js')) },
              { path: 'supervision/warnings', ...lazyPage(() => import('../supervision/warnings-page.js')) },
              { path: 'supervision/staff', ...lazyPage(() => import('../supervision/staff-page.js')) },
              { path: 'supervision/reports', ...lazyPage(() => import('../supervision/reports-page.js')) },
            ],
          },
          {
            // Problem reports: the responsible organisation (heads, reviewers, administrators) answers; supervisors watch.
            element: <RequireAuth roles={['supervisor', 'admin', 'departmentHead', 'reviewer']} />,
            children: [{ path: 'supervision/problems', ...lazyPage(() => import('../supervision/problems-page.js')) }],
          },
          // Data sharing (数据共享): the catalog for all staff; applications and the log for heads, administrators and supervisors; credentials for heads and administrators.
          { path: 'sharing', ...lazyPage(() => import('../admin/sharing/resources-page.js')) },
          { path: 'sharing/resources/:code', ...lazyPage(() => import('../admin/sharing/resource-page.js')) },
          {
            element: <RequireAuth roles={['departmentHead', 'admin', 'supervisor']} />,
            children: [
              { path: 'sharing/applications', ...lazyPage(() => import('../admin/sharing/applications-page.js')) },
              { path: 'sharing/log', ...lazyPage(() => import('../admin/sharing/query-log-page.js')) },
            ],
          },
          { element: <RequireAuth roles={['departmentHead', 'admin']} />, children: [{ path: 'sharing/credentials', ...lazyPage(() => import('../admin/sharing/credentials-page.js')) }] },
          {
            // The 12345 hotline: agents take calls and run the dispatch board; handling organisations answer their tickets.
            element: <RequireAuth roles={['hotlineAgent']} />,
            children: [
              { path: 'hotline/intake', ...lazyPage(() => import('../hotline/intake/intake-page.js')) },
              { path: 'hotline/dispatch', ...lazyPage(() => import('../hotline/dispatch/dispatch-page.js')) },
              { path: 'hotline/articles', ...lazyPage(() => import('../hotline/admin/articles-page.js')) },
            ],
          },
          { element: <RequireAuth roles={['reviewer', 'departmentHead']} />, children: [{ path: 'hotline/inbox', ...lazyPage(() => import('../hotline/inbox/inbox-page.js')) }] },
          {
            element: <RequireAuth roles={['hotlineAgent', 'reviewer', 'departmentHead', 'supervisor', 'admin']} />,
            children: [{ path: 'hotline/tickets/:id', ...lazyPage(() => import('../hotline/ticket/ticket-page.js')) }],
          },
          { element: <RequireAuth roles={['supervisor', 'admin']} />, children: [{ path: 'hotline/tickets', ...lazyPage(() => import('../hotline/overview/overview-page.js')) }] },
          {
            element: <RequireAuth roles={['admin']} />,
            children: [
              { path: 'hotline/rules', ...lazyPage(() => import('../hotline/admin/rules-page.js')) },
              { path: 'hotline/settings', ...lazyPage(() => import('../hotline/admin/settings-page.js')) },
              { path: 'hotline/keys', ...lazyPage(() => import('../hotline/admin/keys-page.js')) },
            ],
          },
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
                  { path: 'catalog/proof-items', ...lazyPage(() => import('../admin/catalog/proof-items-page.js')) },
                ],
              },
              {
                element: <RequireAuth roles={['catalogManager', 'admin']} />,
                children: [{ path: 'catalog/implementations', ...lazyPage(() => import('../admin/catalog/implementations-page.js')) }],
              },
              // The certificate library: read by staff who answer for what their subtree issued; kept by heads and administrators.
              {
                element: <RequireAuth roles={['admin', 'departmentHead', 'reviewer', 'supervisor']} />,
                children: [{ path: 'certificates', ...lazyPage(() => import('../admin/certificates/library-page.js')) }],
              },
              { element: <RequireAuth roles={['admin', 'departmentHead']} />, children: [{ path: 'certificates/import', ...lazyPage(() => import('../admin/certificates/import-page.js')) }] },
              { element: <RequireAuth roles={['catalogManager', 'admin']} />, children: [{ path: 'certificates/types', ...lazyPage(() => import('../admin/certificates/types-page.js')) }] },
              { element: <RequireAuth roles={['admin']} />, children: [{ path: 'certificates/seals', ...lazyPage(() => import('../admin/certificates/seals-page.js')) }] },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
