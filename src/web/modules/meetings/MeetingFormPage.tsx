import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { MeetingDetail } from '../../../shared/meetings';
import type { SearchResult } from '../../../shared/search';
import { api, patch, post } from '../../api/client';
import { hasRole, useMe, useUnits, useUsers } from '../../api/queries';
import { ErrorAlert } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { looseSearch } from '../../components/search';
import { useDebounced } from '../../components/useDebounced';
import { useSubmit } from '../../components/useSubmit';
import { fromPicker, meetingKeys, toPicker, useMeeting, useRooms } from './api';

// Triệu tập cuộc họp: the convene form, also used to change a meeting. Times are Vietnam time.

interface Values {
  title: string;
  time: [Dayjs, Dayjs];
  roomId?: string | null;
  place?: string;
  chairId: string;
  userIds: string[];
  unitIds: string[];
  agenda?: string;
  documentIds: string[];
}

export function MeetingFormPage() {
  const { id } = useParams();
  const existing = useMeeting(id ?? '');
  if (id && existing.isPending) return <PageLoading />;
  if (id && !existing.data) return <ErrorAlert error={existing.error} />;
  return <MeetingForm meeting={id ? existing.data! : null} />;
}

function MeetingForm({ meeting }: { meeting: MeetingDetail | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const { busy, error, submit } = useSubmit(form);
  const users = useUsers().data ?? [];
  const units = useUnits().data ?? [];
  const rooms = useRooms().data?.items ?? [];
  const [docSearch, setDocSearch] = useState('');
  const q = useDebounced(docSearch, 300);
  const found = useQuery({ queryKey: ['meetings', 'doc-search', q], queryFn: () => api<SearchResult>('/api/search', { query: { q } }), enabled: q.trim().length >= 2 });
  const [docLabels, setDocLabels] = useState<Record<string, string>>(() =>
    Object.fromEntries((meeting?.documents ?? []).map((d) => [d.id, d.visible ? [d.reference, d.summary].filter(Boolean).join(' — ') : t('meetings.restrictedDocument')])));

  const active = users.filter((u) => u.active);
  const people = active.map((u) => ({ value: u.id, label: `${u.fullName} — ${units.find((x) => x.id === u.unitId)?.shortName ?? units.find((x) => x.id === u.unitId)?.name ?? ''}` }));
  const officeForLeader = hasRole(me, 'clerk') && !hasRole(me, 'leader') && !hasRole(me, 'unit_head');
  const chairs = officeForLeader ? active.filter((u) => u.roles.includes('leader')) : active;

  const initial = useMemo<Partial<Values>>(() => meeting ? {
    title: meeting.title, time: [toPicker(meeting.startsAt), toPicker(meeting.endsAt)], roomId: meeting.room?.id ?? null, place: meeting.place ?? undefined,
    chairId: meeting.chair.id,
    userIds: meeting.participants.filter((p) => !p.viaUnit && !p.substituteFor && p.user.id !== meeting.chair.id).map((p) => p.user.id),
    unitIds: meeting.units.map((u) => u.id), agenda: meeting.agenda.join('\n'), documentIds: meeting.documents.map((d) => d.id),
  } : { chairId: officeForLeader ? undefined : me?.id, userIds: [], unitIds: [], documentIds: [] }, [meeting, me, officeForLeader]);
  useEffect(() => form.setFieldsValue(initial), [form, initial]);

  const onFinish = (values: Values) => submit(async () => {
    const body = {
      title: values.title, startsAt: fromPicker(values.time[0]), endsAt: fromPicker(values.time[1]), roomId: values.roomId ?? null, place: values.place ?? null,
      chairId: values.chairId, userIds: values.userIds ?? [], unitIds: values.unitIds ?? [],
      agenda: (values.agenda ?? '').split('\n').map((s) => s.trim()).filter(Boolean), documentIds: values.documentIds ?? [],
    };
    const saved = meeting ? await patch<MeetingDetail>(`/api/meetings/${meeting.id}`, body) : await post<MeetingDetail>('/api/meetings', body);
    await queryClient.invalidateQueries({ queryKey: meetingKeys.all });
    void message.success(t(meeting ? 'meetings.form.saved' : 'meetings.form.convened'));
    navigate(`/meetings/${saved.id}`);
  }, { map: (field) => (field === 'startsAt' || field === 'endsAt' ? 'time' : field.startsWith('agenda') ? 'agenda' : field) });

  const docOptions = [
    ...Object.entries(docLabels).map(([value, label]) => ({ value, label })),
    ...(found.data?.items ?? []).filter((d) => !docLabels[d.id]).map((d) => ({ value: d.id, label: [d.reference, d.summary.text].filter(Boolean).join(' — ') })),
  ];

  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{meeting ? t('meetings.form.editTitle') : t('meetings.form.title')}</Typography.Title>} data-testid="meeting-form">
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} name="meeting" style={{ maxWidth: 900 }}>
        <Form.Item name="title" label={t('meetings.form.meetingTitle')} rules={[{ required: true, whitespace: true, message: t('meetings.form.titleRequired') }]}>
          <Input maxLength={500} placeholder={t('meetings.form.titlePlaceholder')} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item name="time" label={t('meetings.form.time')} rules={[{ required: true, message: t('meetings.form.timeRequired') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="DD/MM/YYYY HH:mm" style={{ width: '100%', maxWidth: 420 }} data-testid="meeting-time" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="roomId" label={t('meetings.form.room')}>
              <Select allowClear placeholder={t('meetings.form.roomPlaceholder')} data-testid="meeting-room"
                options={rooms.filter((r) => r.active || r.id === meeting?.room?.id).map((r) => ({ value: r.id, label: r.capacity ? `${r.name} (${t('meetings.rooms.seats', { n: r.capacity })})` : r.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="place" label={t('meetings.form.place')} extra={t('meetings.form.placeHelp')}>
              <Input maxLength={300} data-testid="meeting-place" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="chairId" label={t('meetings.form.chair')} rules={[{ required: true, message: t('meetings.form.chairRequired') }]} extra={officeForLeader ? t('meetings.form.chairLeader') : undefined}>
          <Select showSearch={looseSearch} options={people.filter((p) => chairs.some((c) => c.id === p.value))} data-testid="meeting-chair" style={{ maxWidth: 420 }} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('meetings.form.units')} extra={t('meetings.form.unitsHelp')}>
          <Select mode="multiple" showSearch={looseSearch} options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} data-testid="meeting-units" />
        </Form.Item>
        <Form.Item name="userIds" label={t('meetings.form.people')}>
          <Select mode="multiple" showSearch={looseSearch} options={people} data-testid="meeting-people" />
        </Form.Item>
        <Form.Item name="agenda" label={t('meetings.form.agenda')} extra={t('meetings.form.agendaHelp')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="meeting-agenda" />
        </Form.Item>
        <Form.Item name="documentIds" label={t('meetings.form.documents')} extra={t('meetings.form.documentsHelp')}>
          <Select mode="multiple" showSearch={{ filterOption: false, onSearch: setDocSearch }} options={docOptions} loading={found.isFetching} data-testid="meeting-documents"
            notFoundContent={q.trim().length >= 2 ? t('meetings.form.noDocuments') : t('meetings.form.typeToSearch')}
            onChange={(ids: string[]) => setDocLabels((prev) => Object.fromEntries(ids.map((d) => [d, prev[d] ?? docOptions.find((o) => o.value === d)?.label ?? d])))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="meeting-submit">{meeting ? t('meetings.form.save') : t('meetings.form.submit')}</Button>
          <Button onClick={() => navigate(meeting ? `/meetings/${meeting.id}` : '/meetings')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
