import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Grid, Input, Modal, Popconfirm, Row, Select, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POSITIONS, ROLES, type AssignmentRole, type Position, type Role } from '../../../../shared/enums';
import { api, post } from '../../../api/client';
import { useMe, useUnits, useUsers } from '../../../api/queries';
import type { User } from '../../../api/types';
import { ListState } from '../../../components/ListStates';
import { ErrorAlert, useErrorText } from '../../../components/labels';
import { matchesAny, looseSearch } from '../../../components/search';
import { useSubmit, validValues } from '../../../components/useSubmit';
import { passwordPattern } from '../../auth/components/ChangePasswordModal';

interface UserValues {
  username: string;
  password?: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  position: Position;
  roles: Role[];
  unitId?: string | null;
}

interface HeldWork {
  assignments: { id: string; documentId: string; arrivalNumber: number | null; summary: string; role: AssignmentRole; status: string; dueDate: string | null }[];
  submissions: { documentId: string; arrivalNumber: number | null; summary: string }[];
  confirmations: { id: string; documentId: string; arrivalNumber: number | null; summary: string }[];
}

/**
 * Deactivating an official: first what they hold (assignments, documents waiting for their
 * decision, results to confirm); if anything, a successor takes it all over in the same step.
 */
function DeactivateModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateUsers();
  const users = useUsers();
  const [form] = Form.useForm<{ successorId?: string }>();
  const { busy, error, setError, submit } = useSubmit(form);
  const work = useQuery({
    queryKey: ['user-work', user?.id],
    queryFn: () => api<HeldWork>(`/api/org/users/${user!.id}/work`),
    enabled: Boolean(user),
    gcTime: 0,
  });
  useEffect(() => { if (user) { setError(null); form.resetFields(); } }, [user, form, setError]);
  const held = work.data;
  const count = held ? held.assignments.length + held.submissions.length + held.confirmations.length : 0;
  const needsLeader = Boolean(held && held.submissions.length + held.confirmations.length > 0);
  const candidates = (users.data ?? []).filter((u) => u.active && u.id !== user?.id && (!needsLeader || u.roles.includes('leader')));

  async function confirm() {
    const values = count ? await validValues(form) : {};
    if (!values) return;
    await submit(async () => {
      await post(`/api/org/users/${user!.id}/deactivate`, count ? { successorId: values.successorId } : undefined);
      await invalidate();
      void message.success(t('admin.saved'));
      onClose();
    });
  }

  const item = (key: string, documentId: string, number: number | null, summary: string, note: string) => (
    <li key={key}><Link to={`/incoming/${documentId}`} target="_blank">{t('doc.arrivalNumber')} {number ?? '—'}: {summary}</Link> <Typography.Text type="secondary">({note})</Typography.Text></li>
  );

  return (
    <Modal
      open={Boolean(user)}
      title={user ? t('admin.deactivateTitle', { name: user.fullName }) : ''}
      okText={t('admin.deactivate')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: work.isPending || work.isError, 'data-testid': 'dialog-ok' }}
      confirmLoading={busy}
      onOk={() => void confirm().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      width={{ xs: '100%', md: 640 }}
    >
      <ErrorAlert error={error ?? work.error} style={{ marginBottom: 12 }} />
      {work.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {held && count === 0 && <Typography.Paragraph>{t('admin.deactivateConfirm', { name: user?.fullName })}</Typography.Paragraph>}
      {held && count > 0 && (
        <div data-testid="held-work">
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('admin.holdsWork', { name: user?.fullName, count })} />
          <ul className="vp-held-work">
            {held.submissions.map((d) => item(`s${d.documentId}`, d.documentId, d.arrivalNumber, d.summary, t('admin.heldSubmission')))}
            {held.confirmations.map((a) => item(`c${a.id}`, a.documentId, a.arrivalNumber, a.summary, t('admin.heldConfirmation')))}
            {held.assignments.map((a) => item(`a${a.id}`, a.documentId, a.arrivalNumber, a.summary, t(`enums.assignmentRole.${a.role}`)))}
          </ul>
          <Form form={form} layout="vertical" name="deactivate">
            <Form.Item
              name="successorId"
              label={t('admin.successor')}
              extra={needsLeader ? t('admin.successorLeader') : undefined}
              rules={[{ required: true, message: t('common.requiredSelect', { field: t('admin.successor').toLowerCase() }) }]}
            >
              <Select
                showSearch={looseSearch}
                placeholder={t('admin.successor')}
                options={candidates.map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }))}
              />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['users'] });
}

function UserModal({ user, open, onClose }: { user: User | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useUnits();
  const invalidate = useInvalidateUsers();
  const [form] = Form.useForm<UserValues>();
  const { busy, error, setError, submit } = useSubmit(form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(user
      ? { username: user.username, fullName: user.fullName, email: user.email, phone: user.phone, position: user.position, roles: user.roles, unitId: user.unitId }
      : { position: 'specialist', roles: ['specialist'] });
  }, [open, user, form, setError]);

  async function save() {
    const values = await validValues(form);
    if (!values) return;
    const common = {
      fullName: values.fullName.trim(),
      email: values.email?.trim() || null,
      phone: values.phone?.trim() || null,
      position: values.position,
      roles: values.roles,
      unitId: values.unitId || null,
    };
    await submit(async () => {
      if (user) await api(`/api/org/users/${user.id}`, { method: 'PATCH', body: common });
      else await api('/api/org/users', { method: 'POST', body: { ...common, username: values.username.trim(), password: values.password } });
      await invalidate();
      void message.success(t('admin.saved'));
      onClose();
    });
  }

  const required = (key: string) => ({ required: true, message: t('common.required', { field: t(key).toLowerCase() }) });

  return (
    <Modal
      open={open}
      title={user ? t('admin.editUser') : t('admin.newUser')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void save().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={onClose}
      width={{ xs: '100%', md: 640 }}
      forceRender
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="user">
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="username" label={t('admin.username')} rules={[required('admin.username'), { pattern: /^[a-zA-Z0-9._-]{3,50}$/, message: 'a-z 0-9 . _ -' }]}>
              <Input disabled={Boolean(user)} autoComplete="off" />
            </Form.Item>
          </Col>
          {!user && (
            <Col xs={24} md={12}>
              <Form.Item name="password" label={t('admin.password')} extra={t('auth.passwordRule')} rules={[{ required: true, pattern: passwordPattern, message: t('auth.passwordWeak') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="fullName" label={t('admin.fullName')} rules={[{ ...required('admin.fullName'), whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="position" label={t('admin.position')} rules={[required('admin.position')]}>
              <Select options={POSITIONS.map((p) => ({ value: p, label: t(`enums.position.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="unitId" label={t('admin.unit')}>
              <Select allowClear options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="email" label={t('admin.email')} rules={[{ type: 'email', message: t('admin.email') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('admin.phone')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('common.requiredSelect', { field: t('admin.roles').toLowerCase() }) }]}>
              <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const { busy, error, submit } = useSubmit(form);

  async function save() {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    await submit(async () => {
      await post(`/api/org/users/${user.id}/reset-password`, { newPassword: values.newPassword });
      void message.success(t('admin.passwordReset'));
      onClose();
    });
  }

  return (
    <Modal
      open={user !== null}
      title={user ? t('admin.resetPasswordFor', { name: user.fullName }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void save().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="reset_password" preserve={false}>
        <Form.Item name="newPassword" label={t('auth.newPassword')} extra={t('auth.passwordRule')} rules={[{ required: true, pattern: passwordPattern, message: t('auth.passwordWeak') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const me = useMe().data;
  const [showInactive, setShowInactive] = useState(true);
  const users = useUsers(showInactive);
  const units = useUnits();
  const invalidate = useInvalidateUsers();
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const [filter, setFilter] = useState('');
  const mobile = !Grid.useBreakpoint().md;

  useEffect(() => {
    document.title = `${t('admin.users')} — VanPhong`;
  }, [t]);

  const unitName = (id: string | null) => {
    const unit = units.data?.find((u) => u.id === id);
    return unit ? unit.name : '—';
  };

  const rows = useMemo(() => {
    return (users.data ?? []).filter((u) => matchesAny(filter, u.fullName, u.username));
  }, [users.data, filter]);

  async function activate(user: User) {
    try {
      await post(`/api/org/users/${user.id}/activate`);
      await invalidate();
      void message.success(t('admin.saved'));
    } catch (e) {
      void message.error(errorText(e));
    }
  }

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('admin.users')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })} data-testid="user-create">{t('admin.newUser')}</Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('admin.filterName')} onChange={(e) => setFilter(e.target.value)} style={{ width: 280, maxWidth: '100%' }} />
        <Space>
          <Switch checked={showInactive} onChange={setShowInactive} size="small" aria-labelledby="users-show-inactive" />
          <span id="users-show-inactive">{t('admin.showInactive')}</span>
        </Space>
      </Space>
      <ErrorAlert error={users.data ? users.error : null} style={{ marginBottom: 12 }} />
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        // Fits 1366 px beside the menu; the actions stay in view at the right when a narrower screen scrolls.
        scroll={{ x: 1010 }}
        locale={{ emptyText: <ListState error={users.error} onRetry={() => void users.refetch()} empty={t('admin.noUsers')} /> }}
        columns={[
          {
            title: t('admin.fullName'),
            dataIndex: 'fullName',
            width: 200,
            fixed: 'left',
            render: (v: string, u) => (
              <div>
                <Typography.Text strong={u.active} delete={!u.active}>{v}</Typography.Text>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.username}</Typography.Text></div>
              </div>
            ),
          },
          { title: t('admin.position'), dataIndex: 'position', width: 150, render: (v: Position) => t(`enums.position.${v}`) },
          { title: t('admin.unit'), dataIndex: 'unitId', width: 190, ellipsis: true, render: (v: string | null) => unitName(v) },
          {
            title: t('admin.roles'),
            dataIndex: 'roles',
            width: 190,
            render: (roles: Role[]) => <Space size={4} wrap>{roles.map((r) => <Tag key={r} color={r === 'admin' ? 'purple' : r === 'leader' ? 'red' : r === 'clerk' ? 'gold' : 'blue'}>{t(`enums.role.${r}`)}</Tag>)}</Space>,
          },
          {
            title: t('doc.status'),
            dataIndex: 'active',
            width: 110,
            render: (v: boolean) => <Tag color={v ? 'success' : 'default'}>{v ? t('common.active') : t('common.inactive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            // Held at the right edge on a PC; on a phone two held columns would leave no room to scroll.
            fixed: mobile ? undefined : 'right',
            render: (_: unknown, u) => (
              <Space size={4}>
                <Tooltip title={t('common.edit')}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ user: u })} />
                </Tooltip>
                <Tooltip title={t('admin.resetPassword')}>
                  <Button size="small" icon={<KeyOutlined />} aria-label={t('admin.resetPassword')} onClick={() => setResetting(u)} />
                </Tooltip>
                {u.active ? (
                  <Button size="small" danger icon={<LockOutlined />} disabled={u.id === me?.id} data-testid="user-deactivate" onClick={() => setDeactivating(u)}>
                    {t('admin.deactivate')}
                  </Button>
                ) : (
                  <Popconfirm title={t('admin.activateConfirm', { name: u.fullName })} okText={t('admin.activate')} cancelText={t('common.cancel')} onConfirm={() => activate(u)}>
                    <Button size="small" icon={<UnlockOutlined />}>{t('admin.activate')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserModal open={editing !== null} user={editing?.user ?? null} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <DeactivateModal user={deactivating} onClose={() => setDeactivating(null)} />
    </Card>
  );
}
