import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Grid, Input, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { MeetingRoom, MeetingSummary, MeetingView } from '../../../shared/meetings';
import { patch, post } from '../../api/client';
import { hasRole, useMe } from '../../api/queries';
import { AccessibleTabs } from '../../components/AccessibleTabs';
import { ErrorAlert } from '../../components/labels';
import { meetingKeys, meetingWhen, useMeetings, useRooms } from './api';
import { ResponseTag } from './labels';

// Cuộc họp: my meetings to come and past, those I convened; the leaders see the agency's; the office
// and the administrator keep the list of meeting rooms.

export function MeetingsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const rooms = useRooms();
  const canConvene = hasRole(me, 'leader') || hasRole(me, 'unit_head') || hasRole(me, 'clerk');
  const tab = params.get('view') ?? 'upcoming';
  const views: MeetingView[] = ['upcoming', 'past', ...(canConvene ? ['organized' as const] : []), ...(hasRole(me, 'leader') ? ['agency' as const] : [])];
  const items = [
    ...views.map((view) => ({ key: view, label: t(`meetings.views.${view}`), children: <MeetingTable view={view} /> })),
    ...(rooms.data?.canManage ? [{ key: 'rooms', label: t('meetings.rooms.title'), children: <RoomsTable rooms={rooms.data.items} /> }] : []),
  ];
  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('meetings.title')}</Typography.Title>}
      extra={canConvene && <Button type="primary" icon={<PlusOutlined />} data-testid="meeting-new" onClick={() => navigate('/meetings/new')}>{t('meetings.convene')}</Button>}
      data-testid="meetings-page"
    >
      <AccessibleTabs activeKey={tab} onChange={(key) => setParams({ view: key }, { replace: true })} items={items} />
    </Card>
  );
}

function MeetingTable({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const query = useMeetings(view);
  // On a phone the time goes under the title: one column to read, no sideways scrolling.
  const narrow = !Grid.useBreakpoint().md;
  const columns: ColumnsType<MeetingSummary> = [
    ...(narrow ? [] : [{ key: 'when', title: t('meetings.when'), width: 200, render: (_: unknown, m: MeetingSummary) => meetingWhen(m.startsAt, m.endsAt) }]),
    {
      key: 'title', title: t('meetings.meeting'),
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          {narrow && <Typography.Text strong>{meetingWhen(m.startsAt, m.endsAt)}</Typography.Text>}
          <Space size={4} wrap>
            <Link to={`/meetings/${m.id}`} data-testid="meeting-link">{m.title}</Link>
            {m.status === 'cancelled' && <Tag color="red">{t('meetings.cancelled')}</Tag>}
          </Space>
          <Typography.Text type="secondary">{[m.room?.name, m.place].filter(Boolean).join(', ')} · {t('meetings.chairShort', { name: m.chair.fullName })}</Typography.Text>
        </Space>
      ),
    },
    { key: 'mine', title: t('meetings.myAnswer'), width: narrow ? 110 : 150, render: (_, m) => (m.myResponse ? <ResponseTag response={m.myResponse} /> : '—') },
    {
      key: 'answers', title: t('meetings.answers'), width: 200, responsive: ['md'],
      render: (_, m) => t('meetings.countsShort', { attend: m.counts.attend + m.counts.substitute, absent: m.counts.absent, pending: m.counts.pending, invited: m.counts.invited }),
    },
  ];
  return (
    <>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<MeetingSummary>
        data-testid={`meetings-${view}`}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        locale={{ emptyText: t('meetings.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={narrow ? undefined : { x: 640 }}
      />
    </>
  );
}

function RoomsTable({ rooms }: { rooms: MeetingRoom[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; capacity?: number }>();
  const [error, setError] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: meetingKeys.rooms });
  const add = async (values: { name: string; capacity?: number }) => {
    setError(null);
    try {
      await post('/api/meeting-rooms', { name: values.name, capacity: values.capacity ?? null });
      form.resetFields();
      await refresh();
      void message.success(t('meetings.rooms.added'));
    } catch (e) {
      setError(e);
    }
  };
  const toggle = async (room: MeetingRoom, active: boolean) => {
    try {
      await patch(`/api/meeting-rooms/${room.id}`, { active });
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 16, rowGap: 8 }} name="room">
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('meetings.rooms.nameRequired') }]}>
          <Input placeholder={t('meetings.rooms.name')} maxLength={200} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="capacity"><InputNumber min={1} max={10000} placeholder={t('meetings.rooms.capacity')} style={{ width: 140 }} /></Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />}>{t('meetings.rooms.add')}</Button>
      </Form>
      <Table<MeetingRoom>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rooms}
        columns={[
          { title: t('meetings.rooms.name'), dataIndex: 'name' },
          { title: t('meetings.rooms.capacity'), dataIndex: 'capacity', width: 120, render: (v: number | null) => v ?? '—' },
          { title: t('meetings.rooms.active'), key: 'active', width: 120, render: (_, r) => <Switch checked={r.active} onChange={(v) => void toggle(r, v)} aria-label={t('meetings.rooms.active')} /> },
        ]}
      />
    </>
  );
}

