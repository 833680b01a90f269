import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { keys, useUnits, useUsers } from '../../../api/queries';
import type { CompletionConfirmation } from '../../../../shared/enums';
import type { Unit } from '../../../api/types';
import { ListState } from '../../../components/ListStates';
import { ErrorAlert } from '../../../components/labels';
import { looseSearch } from '../../../components/search';
import { useSubmit, validValues } from '../../../components/useSubmit';

interface UnitValues { name: string; shortName?: string | null; parentId?: string | null; supervisorId?: string | null; sortOrder?: number | null; active: boolean; completionConfirmation: CompletionConfirmation | 'agency' }

function UnitModal({ unit, open, onClose, units }: { unit: Unit | null; open: boolean; onClose: () => void; units: Unit[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UnitValues>();
  const { busy, error, setError, submit } = useSubmit(form);
  const users = useUsers();
  // Only an active leader of the agency may be in charge of a unit (the server refuses anyone else).
  const leaders = (users.data ?? []).filter((u) => u.active && u.roles.includes('leader'));

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(unit
      ? { name: unit.name, shortName: unit.shortName, parentId: unit.parentId, supervisorId: unit.supervisorId, sortOrder: unit.sortOrder, active: unit.active, completionConfirmation: unit.completionConfirmation ?? 'agency' }
      : { name: '', shortName: '', parentId: null, supervisorId: null, sortOrder: units.length, active: true, completionConfirmation: 'agency' });
  }, [open, unit, units.length, form, setError]);

  async function save() {
    const values = await validValues(form);
    if (!values) return;
    const body = {
      name: values.name.trim(),
      shortName: values.shortName?.trim() || null,
      parentId: values.parentId || null,
      supervisorId: values.supervisorId || null,
      sortOrder: values.sortOrder ?? 0,
      ...(unit ? { active: values.active } : {}),
      completionConfirmation: values.completionConfirmation === 'agency' ? null : values.completionConfirmation,
    };
    await submit(async () => {
      if (unit) await api(`/api/org/units/${unit.id}`, { method: 'PATCH', body });
      else await api('/api/org/units', { method: 'POST', body });
      await queryClient.invalidateQueries({ queryKey: keys.units });
      void message.success(t('admin.saved'));
      onClose();
    });
  }

  return (
    <Modal
      open={open}
      title={unit ? t('admin.editUnit') : t('admin.newUnit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void save().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={onClose}
      forceRender
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="unit">
        <Form.Item name="name" label={t('admin.unitName')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('admin.unitName').toLowerCase() }) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="shortName" label={t('admin.shortName')} style={{ flex: 1, marginInlineEnd: 12 }}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('admin.sortOrder')} style={{ width: 120 }}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="parentId" label={t('admin.parent')}>
          <Select
            allowClear
            placeholder={t('admin.noParent')}
            options={units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="supervisorId" label={t('admin.supervisor')} extra={t('admin.supervisorHelp')}>
          <Select
            allowClear
            showSearch={looseSearch}
            loading={users.isPending}
            placeholder={t('admin.noSupervisor')}
            data-testid="unit-supervisor"
            options={leaders.map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }))}
          />
        </Form.Item>
        <Form.Item name="completionConfirmation" label={t('admin.completionConfirmation')} extra={t('admin.completionConfirmationHelp')}>
          <Select
            options={[
              { value: 'agency', label: t('admin.completionConfirmationAgency') },
              { value: 'required', label: t('admin.completionConfirmationRequired') },
              { value: 'automatic', label: t('admin.completionConfirmationAutomatic') },
            ]}
          />
        </Form.Item>
        {unit && (
          <Form.Item name="active" label={t('admin.activeField')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function UnitsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);
  const list = units.data ?? [];
  const nameOf = (id: string | null) => list.find((u) => u.id === id)?.name ?? '—';

  useEffect(() => {
    document.title = `${t('admin.units')} — VanPhong`;
  }, [t]);

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('admin.units')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })} data-testid="unit-create">{t('admin.newUnit')}</Button>
      </Space>
      <ErrorAlert error={units.data ? units.error : null} style={{ marginBottom: 12 }} />
      <Table<Unit>
        rowKey="id"
        size="middle"
        loading={units.isPending}
        dataSource={list}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <ListState error={units.error} onRetry={() => void units.refetch()} empty={t('admin.noUnits')} /> }}
        columns={[
          { title: t('admin.sortOrder'), dataIndex: 'sortOrder', width: 80, align: 'right' },
          { title: t('admin.unitName'), dataIndex: 'name' },
          { title: t('admin.shortName'), dataIndex: 'shortName', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('admin.parent'), dataIndex: 'parentId', width: 180, render: (v: string | null) => nameOf(v) },
          { title: t('admin.supervisor'), dataIndex: 'supervisorName', width: 180, render: (v: string | null) => v ?? '—' },
          {
            title: t('doc.status'),
            dataIndex: 'active',
            width: 130,
            render: (v: boolean) => <Tag color={v ? 'success' : 'default'}>{v ? t('common.active') : t('common.inactive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, u) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ unit: u })}>{t('common.edit')}</Button>,
          },
        ]}
      />
      <UnitModal open={editing !== null} unit={editing?.unit ?? null} units={list} onClose={() => setEditing(null)} />
    </Card>
  );
}
