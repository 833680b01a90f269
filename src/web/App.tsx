import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, RouterProvider, Routes, createBrowserRouter, useLocation } from 'react-router';
import type { Role } from '../shared/enums';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { hasRole, keys, useMe } from './api/queries';
import { PageLoading } from './components/PageLoading';
import { clearUserCaches } from './offline-caches';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { LoginPage, markSessionExpired } from './modules/auth/pages/LoginPage';
import { InboxPage } from './modules/inbox/pages/InboxPage';
import { appTheme } from './theme';
import { ReceivedItemPage } from './modules/exchange/ReceivedItemPage';
import { ReceivedQueuePage } from './modules/exchange/ReceivedQueuePage';
import { SentTrackingPage } from './modules/exchange/SentTrackingPage';

// The sign-in page and the inbox (where every visit starts) are in the first download; every other
// page is fetched when first opened, so a first visit on a slow provincial line carries neither the
// PDF viewer nor the administration screens.
const ApprovalChainsPage = lazy(() => import('./modules/admin/pages/ApprovalChainsPage').then((m) => ({ default: m.ApprovalChainsPage })));
const AgencyPage = lazy(() => import('./modules/admin/pages/AgencyPage').then((m) => ({ default: m.AgencyPage })));
const DirectoryPage = lazy(() => import('./modules/admin/pages/DirectoryPage').then((m) => ({ default: m.DirectoryPage })));
const RoleChangesPage = lazy(() => import('./modules/admin/pages/RoleChangesPage').then((m) => ({ default: m.RoleChangesPage })));
const UnitsPage = lazy(() => import('./modules/admin/pages/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const PersonalCalendarPage = lazy(() => import('./modules/personal-calendar/PersonalCalendarPage').then((m) => ({ default: m.PersonalCalendarPage })));
const WorkSchedulePage = lazy(() => import('./modules/work-schedule/WorkSchedulePage').then((m) => ({ default: m.WorkSchedulePage })));
const WorkScheduleByIdPage = lazy(() => import('./modules/work-schedule/WorkSchedulePage').then((m) => ({ default: m.WorkScheduleByIdPage })));
const TrustedRootsPage = lazy(() => import('./modules/admin/pages/TrustedRootsPage').then((m) => ({ default: m.TrustedRootsPage })));
const SigningKeysPage = lazy(() => import('./modules/admin/pages/SigningKeysPage').then((m) => ({ default: m.SigningKeysPage })));
const SigningPage = lazy(() => import('./modules/signatures/pages/SigningPage').then((m) => ({ default: m.SigningPage })));
const JobsPage = lazy(() => import('./modules/admin/pages/JobsPage').then((m) => ({ default: m.JobsPage })));
const QuarantinePage = lazy(() => import('./modules/admin/pages/QuarantinePage').then((m) => ({ default: m.QuarantinePage })));
const CalendarPage = lazy(() => import('./modules/calendar/pages/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const NotificationsPage = lazy(() => import('./modules/notifications/pages/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const NotificationPreferencesPage = lazy(() => import('./modules/notifications/pages/NotificationPreferencesPage').then((m) => ({ default: m.NotificationPreferencesPage })));
const UsersPage = lazy(() => import('./modules/admin/pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const ChangePasswordPage = lazy(() => import('./modules/auth/pages/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })));
const DocumentPage = lazy(() => import('./modules/incoming/pages/DocumentPage').then((m) => ({ default: m.DocumentPage })));
const RegisterFormPage = lazy(() => import('./modules/incoming/pages/RegisterFormPage').then((m) => ({ default: m.RegisterFormPage })));
const RegisterListPage = lazy(() => import('./modules/incoming/pages/RegisterListPage').then((m) => ({ default: m.RegisterListPage })));
// Outgoing documents (văn bản đi).
const DraftFormPage = lazy(() => import('./modules/outgoing/pages/DraftFormPage').then((m) => ({ default: m.DraftFormPage })));
const OutgoingDocumentPage = lazy(() => import('./modules/outgoing/pages/OutgoingDocumentPage').then((m) => ({ default: m.OutgoingDocumentPage })));
const SearchPage = lazy(() => import('./modules/search/SearchPage').then((m) => ({ default: m.SearchPage })));
const CopiesRegisterPage = lazy(() => import('./modules/copies/CopiesRegisterPage').then((m) => ({ default: m.CopiesRegisterPage })));
const DelegationsPage = lazy(() => import('./modules/delegation/DelegationsPage').then((m) => ({ default: m.DelegationsPage })));
const DelegatedWorkPage = lazy(() => import('./modules/delegation/DelegatedWorkPage').then((m) => ({ default: m.DelegatedWorkPage })));
const SupervisionPage = lazy(() => import('./modules/supervision/SupervisionPage').then((m) => ({ default: m.SupervisionPage })));
// The leader's dashboard, the tracking register, the registers and reports, the statistics.
const DashboardPage = lazy(() => import('./modules/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const TrackingPage = lazy(() => import('./modules/reports/TrackingPage').then((m) => ({ default: m.TrackingPage })));
const ReportsPage = lazy(() => import('./modules/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const StatisticsPage = lazy(() => import('./modules/reports/StatisticsPage').then((m) => ({ default: m.StatisticsPage })));
// Case files and the file plan (hồ sơ, danh mục hồ sơ).
const FilePlanPage = lazy(() => import('./modules/records/FilePlanPage').then((m) => ({ default: m.FilePlanPage })));
const CaseFilesPage = lazy(() => import('./modules/records/CaseFilePage').then((m) => ({ default: m.CaseFilesPage })));
const CaseFilePage = lazy(() => import('./modules/records/CaseFilePage').then((m) => ({ default: m.CaseFilePage })));
// Tasks (giao việc).
const TasksPage = lazy(() => import('./modules/tasks/TasksPage').then((m) => ({ default: m.TasksPage })));
const TaskFormPage = lazy(() => import('./modules/tasks/TaskFormPage').then((m) => ({ default: m.TaskFormPage })));
const TaskPage = lazy(() => import('./modules/tasks/TaskPage').then((m) => ({ default: m.TaskPage })));
const ArchivePage = lazy(() => import('./modules/records/ArchivePage').then((m) => ({ default: m.ArchivePage })));
const RecordStatisticsPage = lazy(() => import('./modules/records/RecordStatisticsPage').then((m) => ({ default: m.RecordStatisticsPage })));
const OutgoingListPage = lazy(() => import('./modules/outgoing/pages/OutgoingListPage').then((m) => ({ default: m.OutgoingListPage })));
const MeetingsPage = lazy(() => import('./modules/meetings/MeetingsPage').then((m) => ({ default: m.MeetingsPage })));
const MeetingPage = lazy(() => import('./modules/meetings/MeetingPage').then((m) => ({ default: m.MeetingPage })));
const MeetingFormPage = lazy(() => import('./modules/meetings/MeetingFormPage').then((m) => ({ default: m.MeetingFormPage })));
// Messages and surveys (issue 12).
const MessagesPage = lazy(() => import('./modules/messages/MessagesPage').then((m) => ({ default: m.MessagesPage })));
const SurveysPage = lazy(() => import('./modules/surveys/SurveysPage').then((m) => ({ default: m.SurveysPage })));
const SurveyPage = lazy(() => import('./modules/surveys/SurveyPage').then((m) => ({ default: m.SurveyPage })));

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

const FullPageSpin = PageLoading;

/** Pages for signed-in officials; anyone else goes to the login page and comes back after. */
function RequireAuth({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A one-time password: the server serves nothing else until it is changed.
  if (me.data.mustChangePassword) return <Suspense fallback={<FullPageSpin />}><ChangePasswordPage me={me.data} /></Suspense>;
  return <>{children}</>;
}

/** The page for officials with any of `roles`; others see "not found", as the server would answer 403. */
function RequireRole({ role, children }: { role: Role | Role[]; children: React.ReactNode }) {
  const me = useMe();
  if (![role].flat().some((r) => hasRole(me.data, r))) return <NotFoundPage />;
  return <>{children}</>;
}

/** Who sees the tracking screens (the server's rule: reports.policies.ts). */
const TRACKERS: Role[] = ['leader', 'clerk', 'unit_head'];

/** Leaders start on their dashboard; everyone else on their to-do list. */
function HomePage() {
  const me = useMe();
  return <Navigate to={hasRole(me.data, 'leader') ? '/dashboard' : '/inbox/todo'} replace />;
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
        <Route index element={<HomePage />} />
        <Route path="inbox" element={<Navigate to="/inbox/todo" replace />} />
        <Route path="inbox/:box" element={<InboxPage />} />
        <Route path="incoming" element={<RegisterListPage />} />
        <Route path="incoming/new" element={<RequireRole role="clerk"><RegisterFormPage /></RequireRole>} />
        <Route path="incoming/:id" element={<DocumentPage />} />
        {/* Outgoing documents: the draft form, the boxes, one document. */}
        <Route path="outgoing/new" element={<DraftFormPage />} />
        <Route path="outgoing/box/:box" element={<OutgoingListPage />} />
        <Route path="outgoing/:id" element={<OutgoingDocumentPage />} />
        <Route path="outgoing/:id/edit" element={<DraftFormPage />} />
        <Route path="signing" element={<SigningPage />} />
        <Route path="records/plan" element={<FilePlanPage />} />
        <Route path="records/files" element={<CaseFilesPage />} />
        <Route path="records/files/:id" element={<CaseFilePage />} />
        <Route path="records/archive" element={<ArchivePage />} />
        <Route path="records/statistics" element={<RecordStatisticsPage />} />
        <Route path="delegations" element={<DelegationsPage />} />
        <Route path="delegations/work" element={<DelegatedWorkPage />} />
        <Route path="supervision" element={<RequireRole role="leader"><SupervisionPage /></RequireRole>} />
        <Route path="dashboard" element={<RequireRole role={TRACKERS}><DashboardPage /></RequireRole>} />
        <Route path="tracking" element={<RequireRole role={TRACKERS}><TrackingPage /></RequireRole>} />
        <Route path="reports" element={<RequireRole role={TRACKERS}><ReportsPage /></RequireRole>} />
        <Route path="statistics" element={<RequireRole role={TRACKERS}><StatisticsPage /></RequireRole>} />
        <Route path="search" element={<SearchPage />} />
        <Route path="admin/signing" element={<RequireRole role="admin"><SigningKeysPage /></RequireRole>} />
        <Route path="exchange/received" element={<RequireRole role="clerk"><ReceivedQueuePage /></RequireRole>} />
        <Route path="exchange/received/:id" element={<RequireRole role="clerk"><ReceivedItemPage /></RequireRole>} />
        <Route path="exchange/sent" element={<SentTrackingPage />} />
        <Route path="copies" element={<RequireRole role={['clerk', 'leader']}><CopiesRegisterPage /></RequireRole>} />
        <Route path="admin/units" element={<RequireRole role="admin"><UnitsPage /></RequireRole>} />
        <Route path="admin/users" element={<RequireRole role="admin"><UsersPage /></RequireRole>} />
        <Route path="admin/approval-chains" element={<RequireRole role="admin"><ApprovalChainsPage /></RequireRole>} />
        <Route path="admin/agency" element={<RequireRole role="admin"><AgencyPage /></RequireRole>} />
        <Route path="admin/directory" element={<RequireRole role="admin"><DirectoryPage /></RequireRole>} />
        <Route path="admin/trusted-roots" element={<RequireRole role="admin"><TrustedRootsPage /></RequireRole>} />
        <Route path="admin/jobs" element={<RequireRole role="admin"><JobsPage /></RequireRole>} />
        <Route path="admin/quarantine" element={<RequireRole role="admin"><QuarantinePage /></RequireRole>} />
        <Route path="admin/calendar" element={<RequireRole role="admin"><CalendarPage /></RequireRole>} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="notifications/preferences" element={<NotificationPreferencesPage />} />
        <Route path="admin/role-changes" element={<RequireRole role={['admin', 'leader']}><RoleChangesPage /></RequireRole>} />
        <Route path="my-calendar" element={<PersonalCalendarPage />} />
        <Route path="work-schedule" element={<WorkSchedulePage />} />
        <Route path="work-schedule/:id" element={<WorkScheduleByIdPage />} />
        <Route path="meetings" element={<MeetingsPage />} />
        <Route path="meetings/new" element={<RequireRole role={['leader', 'unit_head', 'clerk']}><MeetingFormPage /></RequireRole>} />
        <Route path="meetings/:id" element={<MeetingPage />} />
        <Route path="meetings/:id/edit" element={<MeetingFormPage />} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="messages/:conversationId" element={<MessagesPage />} />
        <Route path="surveys" element={<SurveysPage />} />
        <Route path="surveys/:id" element={<SurveyPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="tasks/new" element={<TaskFormPage />} />
        <Route path="tasks/:id" element={<TaskPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * A data router around the route tree: only a data router lets a form with typed work ask before
 * the app navigates away (useBlocker). The routes themselves stay a <Routes> tree under one splat.
 */
const router = createBrowserRouter([{ path: '*', element: <Suspense fallback={<FullPageSpin />}><AppRoutes /></Suspense> }]);

/** Officials who asked their system for less motion get none: dialogs and menus appear at once. */
function useReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setReduced(list.matches);
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, []);
  return reduced;
}

const themeFor = (reducedMotion: boolean) => (reducedMotion ? { ...appTheme, token: { ...appTheme.token, motion: false } } : appTheme);

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const reducedMotion = useReducedMotion();
  const { i18n } = useTranslation();

  useEffect(() => {
    // A request answered 401 (session ended): forget the user; the guard shows the login page.
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(keys.me)) markSessionExpired();
      queryClient.setQueryData(keys.me, null);
      // As at sign-out: no cache may keep anything of the official whose session ended.
      void clearUserCaches().catch(() => undefined);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={i18n.language.startsWith('en') ? enUS : viVN}
        theme={themeFor(reducedMotion)}
      >
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
