import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, RouterProvider, Routes, createBrowserRouter, useLocation } from 'react-router';
import type { Role } from '../shared/enums';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { hasRole, keys, useMe } from './api/queries';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { AgencyPage } from './modules/admin/pages/AgencyPage';
import { DirectoryPage } from './modules/admin/pages/DirectoryPage';
import { RoleChangesPage } from './modules/admin/pages/RoleChangesPage';
import { UnitsPage } from './modules/admin/pages/UnitsPage';
import { UsersPage } from './modules/admin/pages/UsersPage';
import { ChangePasswordPage } from './modules/auth/pages/ChangePasswordPage';
import { LoginPage, markSessionExpired } from './modules/auth/pages/LoginPage';
import { InboxPage } from './modules/inbox/pages/InboxPage';
import { DocumentPage } from './modules/incoming/pages/DocumentPage';
import { RegisterFormPage } from './modules/incoming/pages/RegisterFormPage';
import { RegisterListPage } from './modules/incoming/pages/RegisterListPage';
// Outgoing documents (văn bản đi).
import { DraftFormPage } from './modules/outgoing/pages/DraftFormPage';
import { OutgoingDocumentPage } from './modules/outgoing/pages/OutgoingDocumentPage';
import { OutgoingListPage } from './modules/outgoing/pages/OutgoingListPage';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
        staleTime: 10_000,
      },
    },
  });
}

function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Pages for signed-in officials; anyone else goes to the login page and comes back after. */
function RequireAuth({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A one-time password: the server serves nothing else until it is changed.
  if (me.data.mustChangePassword) return <ChangePasswordPage me={me.data} />;
  return <>{children}</>;
}

/** The page for officials with any of `roles`; others see "not found", as the server would answer 403. */
function RequireRole({ role, children }: { role: Role | Role[]; children: React.ReactNode }) {
  const me = useMe();
  if (![role].flat().some((r) => hasRole(me.data, r))) return <NotFoundPage />;
  return <>{children}</>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={(
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        )}
      >
        <Route index element={<Navigate to="/inbox/todo" replace />} />
        <Route path="inbox" element={<Navigate to="/inbox/todo" replace />} />
        <Route path="inbox/:box" element={<InboxPage />} />
        <Route path="incoming" element={<RegisterListPage />} />
        <Route path="incoming/new" element={<RequireRole role="clerk"><RegisterFormPage /></RequireRole>} />
        <Route path="incoming/:id" element={<DocumentPage />} />
        {/* Outgoing documents: the draft form, the boxes, one document. */}
        <Route path="outgoing/new" element={<DraftFormPage />} />
        <Route path="outgoing/box/:box" element={<OutgoingListPage />} />
        <Route path="outgoing/:id" element={<OutgoingDocumentPage />} />
        <Route path="admin/units" element={<RequireRole role="admin"><UnitsPage /></RequireRole>} />
        <Route path="admin/users" element={<RequireRole role="admin"><UsersPage /></RequireRole>} />
        <Route path="admin/agency" element={<RequireRole role="admin"><AgencyPage /></RequireRole>} />
        <Route path="admin/directory" element={<RequireRole role="admin"><DirectoryPage /></RequireRole>} />
        <Route path="admin/role-changes" element={<RequireRole role={['admin', 'leader']}><RoleChangesPage /></RequireRole>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * A data router around the route tree: only a data router lets a form with typed work ask before
 * the app navigates away (useBlocker). The routes themselves stay a <Routes> tree under one splat.
 */
const router = createBrowserRouter([{ path: '*', element: <AppRoutes /> }]);

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const { i18n } = useTranslation();

  useEffect(() => {
    // A request answered 401 (session ended): forget the user; the guard shows the login page.
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(keys.me)) markSessionExpired();
      queryClient.setQueryData(keys.me, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={i18n.language.startsWith('en') ? enUS : viVN}
        theme={{
          token: {
            colorPrimary: '#1d4f91',
            borderRadius: 6,
            fontFamily: "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', sans-serif",
          },
        }}
      >
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
