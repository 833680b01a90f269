import { LeftOutlined, PrinterOutlined, RightOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, DatePicker, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useRun } from '../../components/useRun';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams, useSearchParams } from 'react-router';
import type { WorkSchedule, WorkScheduleEntry, WorkScheduleEntryInput, WorkSession } from '../../../shared/work-schedule';
import { WORK_SESSIONS } from '../../../shared/work-schedule';
import { hasRole, useMe, useServerNow, useUnits, useUsers } from '../../api/queries';
import { ErrorAlert, formatDate, formatDateTime } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { createSchedule, removeEntry, saveEntry, scheduleAction, scheduleKeys, useSchedule, useWeekSchedules } from './api';

// Lịch công tác tuần: the agency's week, days as rows split by session, as it is printed. The office
// drafts it (add, change, remove entries), a leader approves it, then it is published to everyone.
// After publication each change is a new version: changed entries are highlighted with their
// version, cancelled ones struck out; the PDF prints it on one A4 landscape page.

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const mondayOf = (day: dayjs.Dayjs) => day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
/** The office, as the server decides it (work-schedule.policies.ts). */
export const isOffice = (me: { roles: string[]; position: string } | null | undefined) =>
  Boolean(me && (hasRole(me as Parameters<typeof hasRole>[0], 'clerk') || ['chief_of_office', 'deputy_chief_of_office'].includes(me.position)));
const STATUS_COLORS = { draft: 'default', approved: 'blue', published: 'green' } as const;

/** /work-schedule/:id (the link of a notice): the week of that schedule. */
export function WorkScheduleByIdPage() {
  const { id = '' } = useParams();
  const schedule = useSchedule(id);
  if (schedule.isPending) return <PageLoading />;
  if (!schedule.data) return <ErrorAlert error={schedule.error} />;
  return <Navigate to={`/work-schedule?week=${schedule.data.weekStart}`} replace />;
}

export function WorkSchedulePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = useServerNow();
  const [params, setParams] = useSearchParams();
  const week = mondayOf(dayjs(params.get('week') ?? dayjs(now).format('YYYY-MM-DD')));
  const list = useWeekSchedules(week);
  const scheduleId = list.data?.[0]?.id ?? null;
  const schedule = useSchedule(scheduleId);
  const [editing, setEditing] = useState<{ entry: WorkScheduleEntry | null } | null>(null);
  const { busy, run } = useRun(scheduleKeys.all);
  const units = useUnits();
  const users = useUsers();
  const [form] = Form.useForm<WorkScheduleEntryInput>();

  const goWeek = (day: string) => setParams({ week: day });

  const s: WorkSchedule | undefined = schedule.data;
  const canEdit = Boolean(s?.actions.includes('edit'));
  const days = Array.from({ length: 7 }, (_, i) => dayjs(week).add(i, 'day').format('YYYY-MM-DD'));

  const openEntry = (entry: WorkScheduleEntry | null) => {
    setEditing({ entry });
    form.resetFields();
    form.setFieldsValue(entry
      ? { day: entry.day, session: entry.session, time: entry.time, leaderIds: entry.leaders.map((l) => l.id), content: entry.content, place: entry.place, participants: entry.participants, participantUserIds: entry.participantUsers.map((u) => u.id), participantUnitIds: entry.participantUnits.map((u) => u.id), preparingUnitId: entry.preparingUnit?.id ?? null }
      : { day: days[0], session: 'morning', leaderIds: [], participantUserIds: [], participantUnitIds: [] });
  };
  const submitEntry = async () => {
    const values = await form.validateFields();
    const ok = await run(() => saveEntry(s!.id, editing!.entry?.id ?? null, { ...values, time: values.time || null }), t('workSchedule.saved'));
    if (ok) setEditing(null);
  };

  // Rows: the entries by day; a day's first row carries the day cell (rowSpan), a session's first row its session cell.
  const rows = (s?.entries ?? []).map((e, i, all) => {
    const sameDay = all.filter((x) => x.day === e.day);
    const firstOfDay = sameDay[0]!.id === e.id;
    const sameSession = sameDay.filter((x) => x.session === e.session);
    return { ...e, daySpan: firstOfDay ? sameDay.length : 0, sessionSpan: sameSession[0]!.id === e.id ? sameSession.length : 0, index: i };
  });
  type Row = (typeof rows)[number];
  const struck = (e: Row, text: React.ReactNode) => (e.cancelled ? <Typography.Text delete type="secondary">{text}</Typography.Text> : text);
  const columns: ColumnsType<Row> = [
    { title: t('workSchedule.col.day'), key: 'day', width: 110, onCell: (e) => ({ rowSpan: e.daySpan }), render: (_, e) => <><strong>{WEEKDAYS[dayjs(e.day).day()]}</strong><br />{formatDate(e.day)}</> },
    { title: t('workSchedule.col.session'), key: 'session', width: 70, onCell: (e) => ({ rowSpan: e.sessionSpan }), render: (_, e) => t(`workSchedule.session.${e.session}`) },
    { title: t('workSchedule.col.time'), key: 'time', width: 65, render: (_, e) => struck(e, e.time ?? '') },
    {
      title: t('workSchedule.col.content'), key: 'content',
      render: (_, e) => (
        <Space orientation="vertical" size={2}>
          {struck(e, e.content)}
          {e.changedInVersion ? <Tag color={e.cancelled ? 'red' : 'orange'} data-testid="entry-changed">{e.cancelled ? t('workSchedule.cancelledIn', { version: e.changedInVersion }) : t('workSchedule.changedIn', { version: e.changedInVersion })}</Tag> : null}
        </Space>
      ),
    },
    { title: t('workSchedule.col.leaders'), key: 'leaders', width: 150, render: (_, e) => struck(e, e.leaders.map((l) => l.name).join(', ')) },
    { title: t('workSchedule.col.place'), key: 'place', width: 140, render: (_, e) => struck(e, e.place ?? '') },
    { title: t('workSchedule.col.participants'), key: 'participants', width: 200, render: (_, e) => struck(e, [e.participants, ...e.participantUsers.map((u) => u.name), ...e.participantUnits.map((u) => u.name)].filter(Boolean).join('; ')) },
    { title: t('workSchedule.col.preparing'), key: 'preparing', width: 130, render: (_, e) => struck(e, e.preparingUnit?.name ?? '') },
    ...(canEdit ? [{
      title: '', key: 'actions', width: 120,
      render: (_: unknown, e: Row) => e.cancelled ? null : (
        <Space size={4}>
          <Button size="small" onClick={() => openEntry(e)}>{t('workSchedule.edit')}</Button>
          <Popconfirm title={s?.status === 'published' ? t('workSchedule.cancelConfirm') : t('workSchedule.removeConfirm')} onConfirm={() => void run(() => removeEntry(s!.id, e.id), t('workSchedule.saved'))}>
            <Button size="small" danger>{s?.status === 'published' ? t('workSchedule.cancel') : t('workSchedule.remove')}</Button>
          </Popconfirm>
        </Space>
      ),
    }] : []),
  ];

  const leaders = (users.data ?? []).filter((u) => u.active && u.roles.includes('leader'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="work-schedule">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{t('workSchedule.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<LeftOutlined />} onClick={() => goWeek(dayjs(week).subtract(7, 'day').format('YYYY-MM-DD'))} aria-label={t('workSchedule.previous')} />
          <DatePicker picker="week" value={dayjs(week)} format={(d) => `${formatDate(mondayOf(d))} - ${formatDate(dayjs(mondayOf(d)).add(6, 'day').format('YYYY-MM-DD'))}`} onChange={(d) => d && goWeek(mondayOf(d))} allowClear={false} style={{ width: 230 }} />
          <Button icon={<RightOutlined />} onClick={() => goWeek(dayjs(week).add(7, 'day').format('YYYY-MM-DD'))} aria-label={t('workSchedule.next')} />
          <Button onClick={() => goWeek(mondayOf(dayjs(now)))}>{t('workSchedule.thisWeek')}</Button>
        </Space>
      </Space>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.isPending || (scheduleId && schedule.isPending) ? <PageLoading /> : !s ? (
        <Card>
          <Empty description={t('workSchedule.none')}>
            <CreateButton week={week} onCreate={(w) => run(() => createSchedule(w), t('workSchedule.created'))} busy={busy} />
          </Empty>
        </Card>
      ) : (
        <Card
          title={<Space wrap><span>{t('workSchedule.week', { from: formatDate(s.weekStart), to: formatDate(s.weekEnd) })}</span><Tag color={STATUS_COLORS[s.status]} data-testid="schedule-status">{t(`workSchedule.status.${s.status}`)}</Tag>{s.version > 1 ? <Tag color="orange">{t('workSchedule.version', { version: s.version })}</Tag> : null}</Space>}
          extra={(
            <Space wrap>
              {canEdit ? <Button onClick={() => openEntry(null)} data-testid="entry-add">{t('workSchedule.add')}</Button> : null}
              {s.actions.includes('approve') ? <Button type="primary" loading={busy} onClick={() => void run(() => scheduleAction(s.id, 'approve'), t('workSchedule.approved'))} data-testid="schedule-approve">{t('workSchedule.approve')}</Button> : null}
              {s.actions.includes('publish') ? <Button type="primary" loading={busy} onClick={() => void run(() => scheduleAction(s.id, 'publish'), t('workSchedule.published'))} data-testid="schedule-publish">{t('workSchedule.publish')}</Button> : null}
              <Button icon={<PrinterOutlined />} href={`/api/work-schedules/${s.id}/pdf`} target="_blank" data-testid="schedule-pdf">{t('workSchedule.print')}</Button>
            </Space>
          )}
        >
          {s.status === 'published' && s.version > 1 ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('workSchedule.changedNote', { version: s.version })} /> : null}
          {s.approvedBy ? <Typography.Paragraph type="secondary">{t('workSchedule.approvedBy', { name: s.approvedBy, date: formatDateTime(s.approvedAt) })}</Typography.Paragraph> : null}
          <Table<Row> rowKey="id" size="small" bordered pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1000 }}
            rowClassName={(e) => (e.changedInVersion ? 'vp-schedule-changed' : '')} onRow={(e) => ({ style: e.changedInVersion && !e.cancelled ? { background: '#fff7e6' } : undefined })}
            locale={{ emptyText: t('workSchedule.noEntries') }} />
          {s.versions.length ? (
            <Collapse ghost style={{ marginTop: 12 }} items={[{
              key: 'versions', label: t('workSchedule.versions'),
              children: <ul style={{ margin: 0 }}>{s.versions.map((v) => <li key={v.version}>{t('workSchedule.versionLine', { version: v.version, summary: v.summary, name: v.changedBy, date: formatDateTime(v.changedAt) })}</li>)}</ul>,
            }]} />
          ) : null}
        </Card>
      )}
      <Modal open={Boolean(editing)} title={editing?.entry ? t('workSchedule.edit') : t('workSchedule.add')} onCancel={() => setEditing(null)} onOk={() => void submitEntry()} okButtonProps={{ loading: busy }} width={720} destroyOnHidden>
        {s?.status === 'published' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('workSchedule.publishedEditNote')} /> : null}
        <Form form={form} layout="vertical" requiredMark="optional">
          <Space wrap>
            <Form.Item name="day" label={t('workSchedule.col.day')} rules={[{ required: true }]}>
              <Select style={{ width: 190 }} options={days.map((d) => ({ value: d, label: `${WEEKDAYS[dayjs(d).day()]} ${formatDate(d)}` }))} />
            </Form.Item>
            <Form.Item name="session" label={t('workSchedule.col.session')} rules={[{ required: true }]}>
              <Select<WorkSession> style={{ width: 120 }} options={WORK_SESSIONS.map((x) => ({ value: x, label: t(`workSchedule.session.${x}`) }))} />
            </Form.Item>
            <Form.Item name="time" label={t('workSchedule.col.time')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('workSchedule.timeFormat') }]}>
              <Input placeholder="08:00" style={{ width: 100 }} />
            </Form.Item>
          </Space>
          <Form.Item name="content" label={t('workSchedule.col.content')} rules={[{ required: true, whitespace: true, max: 2000 }]}><Input.TextArea rows={2} data-testid="entry-content" /></Form.Item>
          <Form.Item name="leaderIds" label={t('workSchedule.col.leaders')}>
            <Select mode="multiple" options={leaders.map((u) => ({ value: u.id, label: u.fullName }))} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="place" label={t('workSchedule.col.place')} rules={[{ max: 300 }]}><Input /></Form.Item>
          <Form.Item name="participants" label={t('workSchedule.col.participants')} rules={[{ max: 1000 }]}><Input placeholder={t('workSchedule.participantsHint')} /></Form.Item>
          <Space wrap style={{ width: '100%' }}>
            <Form.Item name="participantUserIds" label={t('workSchedule.participantUsers')}>
              <Select mode="multiple" style={{ minWidth: 300 }} options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.fullName }))} optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="participantUnitIds" label={t('workSchedule.participantUnits')}>
              <Select mode="multiple" style={{ minWidth: 300 }} options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} optionFilterProp="label" />
            </Form.Item>
          </Space>
          <Form.Item name="preparingUnitId" label={t('workSchedule.col.preparing')}>
            <Select allowClear options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} optionFilterProp="label" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** The office starts the week's draft; others are told none is published yet. */
function CreateButton({ week, onCreate, busy }: { week: string; onCreate: (week: string) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!isOffice(me.data)) return null;
  return <Button type="primary" loading={busy} onClick={() => void onCreate(week)} data-testid="schedule-create">{t('workSchedule.create')}</Button>;
}
