import {
  ApartmentOutlined, AuditOutlined, BankOutlined, BarChartOutlined, BellOutlined, BookOutlined, BugOutlined, CalendarOutlined, CheckCircleOutlined, ClockCircleOutlined, CloudDownloadOutlined, CloudUploadOutlined, ContactsOutlined, CopyOutlined, DashboardOutlined, DownOutlined, EditOutlined, EyeOutlined, FieldTimeOutlined, FileAddOutlined, InboxOutlined, KeyOutlined, LineChartOutlined, LogoutOutlined, MenuOutlined, MonitorOutlined, NodeIndexOutlined, PrinterOutlined, RollbackOutlined, SafetyCertificateOutlined, ScheduleOutlined, SettingOutlined, SwapOutlined, SyncOutlined, TeamOutlined, UserOutlined, UserSwitchOutlined, WarningOutlined,
  FolderOpenOutlined, FolderOutlined, OrderedListOutlined,
  MessageOutlined, FormOutlined,
  CarryOutOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Badge, Button, ConfigProvider, Drawer, Dropdown, Grid, Layout, Menu, Segmented, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { post } from '../api/client';
import { hasRole, useAgency, useCounts, useMe } from '../api/queries';
import { delegableScopes } from '../../shared/delegation';
import { PageLoading } from '../components/PageLoading';
import { clearUserCaches } from '../offline-caches';
import { type Language, setLanguage } from '../i18n';
import { clearAllDrafts, useLeaveApp } from '../components/unsaved';
import { ChangePasswordModal } from '../modules/auth/components/ChangePasswordModal';
import { headerSegmentedTheme } from '../theme';
import { outgoingMenu, outgoingSelectedKey } from '../modules/outgoing/menu';
import { useOutgoingCounts } from '../modules/outgoing/api';
import { NotificationBell } from '../modules/notifications/components/NotificationBell';
import { useNotificationStream } from '../modules/notifications/api';
import { HeaderSearch } from '../modules/search/HeaderSearch';
import { useUnreadMessages } from '../modules/messages/api';

const { Header, Sider, Content } = Layout;
const SIDER_KEY = 'vanphong.siderCollapsed';

function CountLabel({ text, count, danger, testId }: { text: string; count?: number; danger?: boolean; testId: string }) {
  return (
    <span className="vp-menu-badge" data-testid={testId}>
      <span>{text}</span>
      {count ? <Badge count={count} overflowCount={999} color={danger ? '#cf1322' : '#1d4f91'} data-testid={`${testId}-count`} /> : null}
    </span>
  );
}

/** The working-together screens: a page under one of them (a meeting, a task...) keeps its menu item lit. */
const COLLABORATION_KEYS = ['/messages', '/tasks', '/meetings', '/my-calendar', '/work-schedule', '/surveys'];

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { i18n, t } = useTranslation();
  const control = (
    <Segmented
      size="small"
      aria-label={t('common.language')}
      data-testid="language-switch"
      value={i18n.language.startsWith('en') ? 'en' : 'vi'}
      onChange={(value) => setLanguage(value as Language)}
      options={[{ label: 'VI', value: 'vi' }, { label: 'EN', value: 'en' }]}
    />
  );
  return dark ? <ConfigProvider theme={headerSegmentedTheme}>{control}</ConfigProvider> : control;
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const agency = useAgency();
  const counts = useCounts();
  const outgoingCounts = useOutgoingCounts();
  const unreadMessages = useUnreadMessages();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  // Menu counts and the bell are pushed by the server (no polling); refetched after a reconnection.
  useNotificationStream(queryClient);
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(SIDER_KEY) === '1');

  const c = counts.data;
  const items = useMemo<MenuProps['items']>(() => {
    const tracker = hasRole(me, 'leader') || hasRole(me, 'clerk') || hasRole(me, 'unit_head');
    const list: MenuProps['items'] = [
      ...(hasRole(me, 'leader') ? [{ key: '/dashboard', icon: <DashboardOutlined />, label: <span data-testid="menu-dashboard">{t('dashboard.menu')}</span> }] : []),
      {
        key: 'inbox',
        icon: <InboxOutlined />,
        label: t('menu.inbox'),
        children: [
          { key: '/inbox/todo', icon: <ClockCircleOutlined />, label: <CountLabel testId="menu-todo" text={t('menu.todo')} count={c?.todo} /> },
          { key: '/inbox/in_progress', icon: <SyncOutlined />, label: <CountLabel testId="menu-in_progress" text={t('menu.in_progress')} count={c?.in_progress} /> },
          { key: '/inbox/returned', icon: <RollbackOutlined />, label: <CountLabel testId="menu-returned" text={t('menu.returned')} count={c?.returned} danger /> },
          { key: '/inbox/overdue', icon: <WarningOutlined />, label: <CountLabel testId="menu-overdue" text={t('menu.overdue')} count={c?.overdue} danger /> },
          { key: '/inbox/info', icon: <EyeOutlined />, label: <CountLabel testId="menu-info" text={t('menu.info')} count={c?.info} /> },
          { key: '/inbox/done', icon: <CheckCircleOutlined />, label: <CountLabel testId="menu-done" text={t('menu.done')} /> },
        ],
      },
      { key: '/incoming', icon: <BookOutlined />, label: <span data-testid="menu-register">{t('menu.register')}</span> },
    ];
    if (hasRole(me, 'clerk')) {
      list.push({ key: '/incoming/new', icon: <FileAddOutlined />, label: <span data-testid="menu-register-new">{t('menu.registerNew')}</span> });
    }
    list.push(outgoingMenu(t, me, outgoingCounts.data, CountLabel));
    if (tracker) {
      list.push({
        key: 'tracking',
        icon: <LineChartOutlined />,
        label: t('tracking.menu'),
        children: [
          ...(hasRole(me, 'leader') ? [] : [{ key: '/dashboard', icon: <DashboardOutlined />, label: <span data-testid="menu-dashboard">{t('dashboard.menu')}</span> }]),
          { key: '/tracking', icon: <FieldTimeOutlined />, label: <span data-testid="menu-tracking">{t('tracking.menu')}</span> },
          { key: '/reports', icon: <PrinterOutlined />, label: <span data-testid="menu-reports">{t('reports.menu')}</span> },
          { key: '/statistics', icon: <BarChartOutlined />, label: <span data-testid="menu-statistics">{t('statistics.menu')}</span> },
        ],
      });
    }
    // The exchange between agencies: the clerk's electronic-incoming queue; what the agency sent.
    if (hasRole(me, 'clerk')) list.push({ key: '/exchange/received', icon: <CloudDownloadOutlined />, label: <span data-testid="menu-exchange-received">{t('exchange.menu.received')}</span> });
    if (hasRole(me, 'clerk') || hasRole(me, 'leader')) list.push({ key: '/exchange/sent', icon: <CloudUploadOutlined />, label: <span data-testid="menu-exchange-sent">{t('exchange.menu.sent')}</span> });
    if (hasRole(me, 'clerk') || hasRole(me, 'leader')) {
      list.push({ key: '/copies', icon: <CopyOutlined />, label: <span data-testid="menu-copies">{t('copies.menu')}</span> });
    }
    // Delegation: the work of those who delegated to me (while it lasts), and the delegations screen.
    if (me.actsFor?.length) {
      list.push({ key: '/delegations/work', icon: <UserSwitchOutlined />, label: <span data-testid="menu-delegated-work">{t('delegation.workMenu')}</span> });
    }
    // Case files: everyone keeps their own and opens them from the agency's file plan.
    list.push({
      key: 'records', icon: <FolderOpenOutlined />, label: t('records.menu'),
      children: [
        { key: '/records/files', icon: <FolderOutlined />, label: <span data-testid="menu-case-files">{t('records.files.menu')}</span> },
        { key: '/records/plan', icon: <OrderedListOutlined />, label: <span data-testid="menu-file-plan">{t('records.plan.menu')}</span> },
        // The agency archive: the office receives files; the head of the agency decides on expired ones.
        ...(hasRole(me, 'clerk') || (hasRole(me, 'leader') && me.position === 'director')
          ? [
            { key: '/records/archive', icon: <InboxOutlined />, label: <span data-testid="menu-archive">{t('archive.menu')}</span> },
            // The statistics of case files: the same two (the server's rule, records.policies.ts).
            { key: '/records/statistics', icon: <BarChartOutlined />, label: <span data-testid="menu-record-statistics">{t('records.stats.menu')}</span> },
          ] : []),
      ],
    });
    // Working together (issue 12), every official: messages (with the unread badge, kept live by the
    // stream), tasks, meetings, their own calendar, the agency's weekly work schedule (drafts for the
    // office and the leaders, the published one for all) and surveys.
    list.push({ key: '/messages', icon: <MessageOutlined />, label: <CountLabel testId="menu-messages" text={t('chat.menu')} count={unreadMessages.data} /> });
    list.push({ key: '/tasks', icon: <CarryOutOutlined />, label: <span data-testid="menu-tasks">{t('tasks.menu')}</span> });
    list.push({ key: '/meetings', icon: <TeamOutlined />, label: <span data-testid="menu-meetings">{t('meetings.menu')}</span> });
    list.push({ key: '/my-calendar', icon: <CalendarOutlined />, label: <span data-testid="menu-my-calendar">{t('personalCalendar.menu')}</span> });
    list.push({ key: '/work-schedule', icon: <ScheduleOutlined />, label: <span data-testid="menu-work-schedule">{t('workSchedule.menu')}</span> });
    list.push({ key: '/surveys', icon: <FormOutlined />, label: <span data-testid="menu-surveys">{t('surveys.menu')}</span> });
    // The delegations screen: for those who may delegate (delegableScopes, the server's rule), the
    // administrator (who lists the agency's) and whoever holds a delegation now; not for the others.
    if (delegableScopes(me.roles).length || hasRole(me, 'admin') || me.actsFor?.length) {
      list.push({ key: '/delegations', icon: <SwapOutlined />, label: <span data-testid="menu-delegations">{t('delegation.menu')}</span> });
    }
    if (hasRole(me, 'leader')) list.push({ key: '/supervision', icon: <MonitorOutlined />, label: <span data-testid="menu-supervision">{t('supervision.menu')}</span> });
    // Every official's own certificates and signature image.
    list.push({ key: '/signing', icon: <EditOutlined />, label: <span data-testid="menu-signing">{t('signing.menu')}</span> });
    if (hasRole(me, 'admin')) {
      list.push({
        key: 'admin',
        icon: <SettingOutlined />,
        label: t('menu.admin'),
        children: [
          { key: '/admin/units', icon: <ApartmentOutlined />, label: <span data-testid="menu-units">{t('menu.units')}</span> },
          { key: '/admin/users', icon: <TeamOutlined />, label: <span data-testid="menu-users">{t('menu.users')}</span> },
          { key: '/admin/approval-chains', icon: <NodeIndexOutlined />, label: <span data-testid="menu-chains">{t('menu.chains')}</span> },
          { key: '/admin/agency', icon: <BankOutlined />, label: <span data-testid="menu-agency">{t('menu.agency')}</span> },
          { key: '/admin/directory', icon: <ContactsOutlined />, label: <span data-testid="menu-directory">{t('directory.menu')}</span> },
          { key: '/admin/signing', icon: <KeyOutlined />, label: <span data-testid="menu-agency-signing">{t('signing.admin.menu')}</span> },
          { key: '/admin/trusted-roots', icon: <SafetyCertificateOutlined />, label: <span data-testid="menu-trusted-roots">{t('signatures.menu')}</span> },
          { key: '/admin/role-changes', icon: <AuditOutlined />, label: <span data-testid="menu-role-log">{t('menu.roleLog')}</span> },
          { key: '/admin/jobs', icon: <ScheduleOutlined />, label: <span data-testid="menu-jobs">{t('jobs.menu')}</span> },
          { key: '/admin/quarantine', icon: <BugOutlined />, label: <span data-testid="menu-quarantine">{t('quarantine.menu')}</span> },
          { key: '/admin/calendar', icon: <CalendarOutlined />, label: <span data-testid="menu-calendar">{t('calendar.menu')}</span> },
        ],
      });
    } else if (hasRole(me, 'leader')) {
      // The agency's head watches who grants which roles.
      list.push({ key: '/admin/role-changes', icon: <AuditOutlined />, label: <span data-testid="menu-role-log">{t('menu.roleLog')}</span> });
    }
    return list;
  }, [t, c, me, outgoingCounts.data, unreadMessages.data]);

  const path = location.pathname;
  const collaboration = COLLABORATION_KEYS.find((key) => path === key || path.startsWith(`${key}/`));
  const selected = collaboration ?? outgoingSelectedKey(path) ?? (path.startsWith('/exchange/received') ? '/exchange/received' : path.startsWith('/inbox/') ? path : path === '/incoming/new' ? path : path.startsWith('/incoming') ? '/incoming' : path);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={['inbox', 'outgoing', 'tracking', 'records', 'admin']}
      onClick={({ key }) => {
        navigate(key);
        setDrawerOpen(false);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const leaveApp = useLeaveApp();

  function signOut() {
    return leaveApp(async () => {
      try {
        await post('/api/auth/logout');
      } finally {
        // Nothing of this official stays in the browser of a shared office PC: unsent directions,
        // the data in memory and any cached answer.
        clearAllDrafts();
        queryClient.clear();
        await clearUserCaches().catch((error: unknown) => console.warn('caches not cleared', error));
        navigate('/login', { replace: true });
      }
    });
  }

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('auth.changePassword')}</span> },
      { key: 'notifications', icon: <BellOutlined />, label: <span data-testid="menu-notification-preferences">{t('notifications.preferencesMenu')}</span> },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-sign-out">{t('auth.signOut')}</span>, danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'notifications') navigate('/notifications/preferences');
      if (key === 'logout') void signOut();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* The first stop of the Tab key: past the header and the menu, straight to the page's content. */}
      <a
        href="#main"
        className="vp-skip-link"
        data-testid="skip-link"
        onClick={(event) => {
          // Focus, not the address: a "#main" in the address would stay behind on every later page.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('common.skipToContent')}
      </a>
      <Header className="vp-header">
        {mobile && (
          <Button type="text" icon={<MenuOutlined />} aria-label={t('common.menu')} data-testid="menu-toggle" onClick={() => setDrawerOpen(true)} />
        )}
        <div className="vp-brand">
          <span className="vp-brand-name">{mobile ? t('app.shortName') : t('app.name')}</span>
          <span className="vp-brand-agency" data-testid="agency-name">{agency.data?.name ?? ''}</span>
        </div>
        <div className="vp-header-spacer" />
        {!mobile && <HeaderSearch />}
        <LanguageSwitch dark />
        <NotificationBell />
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          {/* On a phone only the avatar shows, so the button needs a name; elsewhere its visible text is the name. */}
          <div className="vp-user" data-testid="user-menu" role="button" tabIndex={0} aria-haspopup="menu" aria-label={mobile ? me.fullName : undefined}>
            {!mobile && (
              <span className="vp-user-text">
                <span data-testid="user-name">{me.fullName}</span>
                <span className="vp-user-position">{t(`enums.position.${me.position}`)}</span>
              </span>
            )}
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#fff', color: '#9f1c1c' }} />
            {!mobile && <DownOutlined style={{ fontSize: 10 }} />}
          </div>
        </Dropdown>
      </Header>
      <Layout>
        {!mobile && (
          <Sider
            width={240}
            theme="light"
            collapsible
            collapsed={collapsed}
            onCollapse={(value) => {
              setCollapsed(value);
              localStorage.setItem(SIDER_KEY, value ? '1' : '0');
            }}
            className="vp-sider"
            style={{ borderInlineEnd: '1px solid #f0f0f0' }}
          >
            {menu}
          </Sider>
        )}
        {mobile && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            title={(
              <div>
                <div>{me.fullName}</div>
                <div style={{ fontSize: 12, fontWeight: 'normal', color: '#888' }}>{t(`enums.position.${me.position}`)}</div>
              </div>
            )}
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        )}
        <Content className="vp-content" id="main" tabIndex={-1}>
          {/* A page opened for the first time downloads its code: the menu and header stay meanwhile. */}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
