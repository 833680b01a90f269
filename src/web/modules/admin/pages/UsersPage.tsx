import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { POSITIONS, ROLES, type Position, type Role } from '../../../../shared/enums';
import { api, post } from '../../../api/client';
import { useMe, useUnits, useUsers } from '../../../api/queries';
import type { User } from '../../../api/types';
import { ErrorAlert, useErrorText } from '../../../components/labels';
import { useSubmit } from '../../../components/useSubmit';
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
    const values = await form.validateFields();
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
    const values = await form.validateFields();
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
  const [filter, setFilter] = useState('');

  useEffect(() => {
    document.title = `${t('admin.users')} — VanPhong`;
  }, [t]);

  const unitName = (id: string | null) => {
    const unit = units.data?.find((u) => u.id === id);
    return unit ? unit.name : '—';
  };

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (users.data ?? []).filter((u) => !needle || u.fullName.toLowerCase().includes(needle) || u.username.toLowerCase().includes(needle));
  }, [users.data, filter]);

  async function setActive(user: User, active: boolean) {
    try {
      await post(`/api/org/users/${user.id}/${active ? 'activate' : 'deactivate'}`);
      await invalidate();
      void message.success(t('admin.saved'));
    } catch (e) {
      void message.error(errorText(e));
    }
  }

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={4} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('admin.users')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })} data-testid="user-create">{t('admin.newUser')}</Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('admin.filterName')} onChange={(e) => setFilter(e.target.value)} style={{ width: 280, maxWidth: '100%' }} />
        <Space>
          <Switch checked={showInactive} onChange={setShowInactive} size="small" />
          <span>{t('admin.showInactive')}</span>
        </Space>
      </Space>
      <ErrorAlert error={users.error} style={{ marginBottom: 12 }} />
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
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
          { title: t('admin.position'), dataIndex: 'position', width: 160, render: (v: Position) => t(`enums.position.${v}`) },
          { title: t('admin.unit'), dataIndex: 'unitId', width: 220, render: (v: string | null) => unitName(v) },
          {
            title: t('admin.roles'),
            dataIndex: 'roles',
            width: 220,
            render: (roles: Role[]) => <Space size={4} wrap>{roles.map((r) => <Tag key={r} color={r === 'admin' ? 'purple' : r === 'leader' ? 'red' : r === 'clerk' ? 'gold' : 'blue'}>{t(`enums.role.${r}`)}</Tag>)}</Space>,
          },
          {
            title: t('doc.status'),
            dataIndex: 'active',
            width: 120,
            render: (v: boolean) => <Tag color={v ? 'success' : 'default'}>{v ? t('common.active') : t('common.inactive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, u) => (
              <Space size={4}>
                <Tooltip title={t('common.edit')}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ user: u })} />
                </Tooltip>
                <Tooltip title={t('admin.resetPassword')}>
                  <Button size="small" icon={<KeyOutlined />} aria-label={t('admin.resetPassword')} onClick={() => setResetting(u)} />
                </Tooltip>
                {u.active ? (
                  <Popconfirm
                    title={t('admin.deactivateConfirm', { name: u.fullName })}
                    okText={t('admin.deactivate')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => setActive(u, false)}
                    disabled={u.id === me?.id}
                  >
                    <Button size="small" danger icon={<LockOutlined />} disabled={u.id === me?.id}>{t('admin.deactivate')}</Button>
                  </Popconfirm>
                ) : (
                  <Popconfirm title={t('admin.activateConfirm', { name: u.fullName })} okText={t('admin.activate')} cancelText={t('common.cancel')} onConfirm={() => setActive(u, true)}>
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
    </Card>
  );
}
