/**
 * Lịch cá nhân (/my-calendar): the official's own events and what other modules put on their
 * calendar (documents' due dates, the weekly work schedule, later meetings and tasks), by month, week
 * and day; events are added by selecting days or hours, changed by clicking (or dragging a single
 * event), deleted from their form.
 *
 * WHY FULLCALENDAR. antd 6's Calendar is a month/year grid only: no week or day view with hours, no
 * selection of a time span, no dragging. FullCalendar 6 (@fullcalendar/react with the daygrid,
 * timegrid and interaction plugins; MIT, maintained, Vietnamese locale included) has all three views
 * and injects its own CSS; it is themed to sit beside antd (the same primary colour, antd buttons and
 * modals around it). It is loaded only with this page (a lazy route).
 *
 * VIETNAM TIME whatever the PC's zone: the calendar runs in 'UTC' and is fed Vietnam wall-clock
 * times (the instant + 7 h; Vietnam has no daylight saving), so 08:00 is 08:00 in Hanoi on any PC; what
 * the official selects is read back as Vietnam wall-clock and sent with its +07:00 offset.
 */
import type { DateSelectArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import viLocale from '@fullcalendar/core/locales/vi';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CalendarItem, CalendarItemSource } from '../../../shared/calendar-items';
import type { PersonalEvent, PersonalEventInput, RepeatFrequency } from '../../../shared/personal-calendar';
import { REPEAT_FREQUENCIES } from '../../../shared/personal-calendar';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { calendarKeys, deleteEvent, getEvent, renewFeed, saveEvent, useCalendarItems, useFeedInfo } from './api';

const VN_OFFSET = 7 * 3_600_000;
/** An instant as Vietnam wall-clock 'YYYY-MM-DDTHH:mm:ss' (what the calendar, in 'UTC', shows as is). */
const vnWall = (iso: string) => new Date(Date.parse(iso) + VN_OFFSET).toISOString().slice(0, 19);
/** Back: a wall-clock read from the calendar or a picker, as an instant with Vietnam's offset. */
const vnInstant = (wall: string) => `${wall.slice(0, 16)}:00+07:00`;

export const SOURCE_COLORS: Record<CalendarItemSource, string> = {
  event: '#1677ff', document_due: '#cf1322', meeting: '#722ed1', task_due: '#d46b08', work_schedule: '#389e0d',
};

interface FormValues {
  title: string;
  allDay: boolean;
  span: [Dayjs, Dayjs];
  place?: string;
  note?: string;
  reminderMinutes?: number | null;
  repeat?: RepeatFrequency | 'none';
  until?: Dayjs;
}

const eventIdOf = (item: CalendarItem) => (item.source === 'event' ? item.key.split(':')[1]! : null);

function toInput(v: FormValues): PersonalEventInput {
  const common = {
    title: v.title, place: v.place || null, note: v.note || null, reminderMinutes: v.reminderMinutes ?? null,
    repeat: v.repeat && v.repeat !== 'none' && v.until ? { freq: v.repeat, until: v.until.format('YYYY-MM-DD') } : null,
  };
  return v.allDay
    ? { ...common, allDay: true, startDate: v.span[0].format('YYYY-MM-DD'), endDate: v.span[1].format('YYYY-MM-DD') }
    : { ...common, allDay: false, start: vnInstant(v.span[0].format('YYYY-MM-DDTHH:mm')), end: vnInstant(v.span[1].format('YYYY-MM-DDTHH:mm')) };
}

function fromEvent(e: PersonalEvent): FormValues {
  const end = e.allDay ? dayjs(vnWall(e.end)).subtract(1, 'day') : dayjs(vnWall(e.end));
  return {
    title: e.title, allDay: e.allDay, span: [dayjs(vnWall(e.start)), end], place: e.place ?? undefined, note: e.note ?? undefined,
    reminderMinutes: e.reminderMinutes, repeat: e.repeat?.freq ?? 'none', until: e.repeat ? dayjs(e.repeat.until) : undefined,
  };
}

export function PersonalCalendarPage() {
  const mobile = !Grid.useBreakpoint().md;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const items = useCalendarItems(range);
  const [editing, setEditing] = useState<{ id: string | null; values: Partial<FormValues> } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarKeys.all });
  const open = (id: string | null, values: Partial<FormValues>) => {
    setEditing({ id, values });
    form.resetFields();
    form.setFieldsValue({ allDay: false, repeat: 'none', reminderMinutes: 15, ...values });
  };

  const events: EventInput[] = (items.data ?? []).map((item) => ({
    id: item.key, title: item.title, allDay: item.allDay,
    start: item.allDay ? vnWall(item.start).slice(0, 10) : vnWall(item.start),
    end: item.end ? (item.allDay ? vnWall(item.end).slice(0, 10) : vnWall(item.end)) : undefined,
    color: SOURCE_COLORS[item.source], extendedProps: { item },
    editable: item.source === 'event',
  }));

  const onSelect = (arg: DateSelectArg) => {
    const start = dayjs(arg.startStr.slice(0, 16));
    const end = arg.allDay ? dayjs(arg.endStr.slice(0, 10)).subtract(1, 'day') : dayjs(arg.endStr.slice(0, 16));
    open(null, { allDay: arg.allDay, span: [arg.allDay ? start.hour(8) : start, arg.allDay ? end.hour(17) : end] });
  };
  const onClick = async (arg: EventClickArg) => {
    const item = arg.event.extendedProps.item as CalendarItem;
    const id = eventIdOf(item);
    if (id) {
      try {
        open(id, fromEvent(await getEvent(id)));
      } catch (error) {
        void message.error(error instanceof Error ? error.message : String(error));
      }
    } else if (item.link) {
      void navigate(item.link);
    }
  };
  /** A single event dragged or resized: the new times are saved; a series is changed from its form only. */
  const onMove = async (arg: EventDropArg | EventResizeDoneArg) => {
    const id = eventIdOf(arg.event.extendedProps.item as CalendarItem)!;
    try {
      const current = await getEvent(id);
      if (current.repeat) throw new Error(t('personalCalendar.seriesDrag'));
      const values = fromEvent(current);
      const start = arg.event.startStr;
      const end = arg.event.endStr || start;
      await saveEvent(id, toInput({
        ...values, allDay: arg.event.allDay,
        span: arg.event.allDay ? [dayjs(start.slice(0, 10)), dayjs(end.slice(0, 10)).subtract(arg.event.endStr ? 1 : 0, 'day')] : [dayjs(start.slice(0, 16)), dayjs(end.slice(0, 16))],
      }));
      void message.success(t('personalCalendar.saved'));
    } catch (error) {
      arg.revert();
      void message.error(error instanceof Error ? error.message : String(error));
    }
    void refresh();
  };

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await saveEvent(editing!.id, toInput(values));
      void message.success(t('personalCalendar.saved'));
      setEditing(null);
      void refresh();
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    await deleteEvent(editing!.id!);
    void message.success(t('personalCalendar.deleted'));
    setEditing(null);
    void refresh();
  };

  const allDay = Form.useWatch('allDay', form);
  const repeat = Form.useWatch('repeat', form);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="personal-calendar">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{t('personalCalendar.title')}</Typography.Title>
        <Space wrap>
          {(['event', 'document_due', 'work_schedule', 'meeting', 'task_due'] as const).map((s) => <Tag key={s} color={SOURCE_COLORS[s]} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t(`personalCalendar.source.${s}`)}</Tag>)}
          <Button type="primary" data-testid="calendar-add" onClick={() => { const now = dayjs().add(1, 'hour').startOf('hour'); open(null, { span: [now, now.add(1, 'hour')] }); }}>{t('personalCalendar.add')}</Button>
        </Space>
      </Space>
      {items.error ? <ErrorAlert error={items.error} /> : null}
      <Card styles={{ body: { padding: 12 } }}>
        <FullCalendar
          plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin]}
          initialView="dayGridMonth"
          locale={viLocale}
          timeZone="UTC"
          now={() => new Date(Date.now() + VN_OFFSET).toISOString().slice(0, 19)}
          // On a phone the views move under the calendar, and a day's number opens that day (the month
          // only has room for each event's time there).
          headerToolbar={mobile ? { left: 'prev,next', center: 'title', right: 'today' } : { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay' }}
          footerToolbar={mobile ? { center: 'dayGridMonth,timeGridWeek,timeGridDay' } : undefined}
          navLinks
          // Text arrows instead of icon fonts: FullCalendar's icons are role="img" without a name (axe).
          buttonIcons={false}
          buttonText={{ prev: '‹', next: '›' }}
          buttonHints={{ prev: t('personalCalendar.previous'), next: t('personalCalendar.next') }}
          // A day cell is named by its number's link only, which axe reads as a name that hides the
          // cell's visible events (label-content-name-mismatch): the cell keeps its own text as name.
          dayCellDidMount={(arg) => { arg.el.removeAttribute('aria-labelledby'); }}
          height="auto"
          firstDay={1}
          nowIndicator
          selectable
          selectMirror
          dayMaxEvents={4}
          slotMinTime="06:00:00"
          slotMaxTime="22:00:00"
          eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          events={events}
          datesSet={(arg) => {
            const from = arg.startStr.slice(0, 10);
            const to = dayjs(arg.endStr.slice(0, 10)).subtract(1, 'day').format('YYYY-MM-DD');
            if (from !== range?.from || to !== range?.to) setRange({ from, to });
          }}
          select={onSelect}
          eventClick={(arg) => void onClick(arg)}
          eventDrop={(arg) => void onMove(arg)}
          eventResize={(arg) => void onMove(arg)}
        />
      </Card>
      <FeedCard />
      <Modal
        open={Boolean(editing)} title={editing?.id ? t('personalCalendar.edit') : t('personalCalendar.add')} onCancel={() => setEditing(null)} destroyOnHidden
        footer={[
          editing?.id ? <Popconfirm key="delete" title={t('personalCalendar.deleteConfirm')} onConfirm={() => void remove()}><Button danger data-testid="event-delete">{t('personalCalendar.delete')}</Button></Popconfirm> : null,
          <Button key="cancel" onClick={() => setEditing(null)}>{t('personalCalendar.cancel')}</Button>,
          <Button key="save" type="primary" loading={saving} onClick={() => void submit()} data-testid="event-save">{t('personalCalendar.save')}</Button>,
        ]}
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item name="title" label={t('personalCalendar.field.title')} rules={[{ required: true, whitespace: true, max: 300 }]}><Input data-testid="event-title" /></Form.Item>
          <Form.Item name="allDay" valuePropName="checked"><Checkbox>{t('personalCalendar.field.allDay')}</Checkbox></Form.Item>
          <Form.Item name="span" label={t('personalCalendar.field.time')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={allDay ? false : { format: 'HH:mm', minuteStep: 5 }} format={allDay ? 'DD/MM/YYYY' : 'DD/MM/YYYY HH:mm'} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="place" label={t('personalCalendar.field.place')} rules={[{ max: 300 }]}><Input /></Form.Item>
          <Form.Item name="note" label={t('personalCalendar.field.note')} rules={[{ max: 4000 }]}><Input.TextArea rows={2} /></Form.Item>
          <Space wrap>
            <Form.Item name="reminderMinutes" label={t('personalCalendar.field.reminder')}><InputNumber min={0} max={40320} suffix={t('personalCalendar.minutes')} style={{ width: 170 }} /></Form.Item>
            <Form.Item name="repeat" label={t('personalCalendar.field.repeat')}>
              <Select style={{ width: 150 }} options={[{ value: 'none', label: t('personalCalendar.repeat.none') }, ...REPEAT_FREQUENCIES.map((f) => ({ value: f, label: t(`personalCalendar.repeat.${f}`) }))]} />
            </Form.Item>
            {repeat && repeat !== 'none' ? (
              <Form.Item name="until" label={t('personalCalendar.field.until')} rules={[{ required: true }]}><DatePicker format="DD/MM/YYYY" /></Form.Item>
            ) : null}
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}

/** The iCalendar export and the private subscription address (shown once when made; renewing ends the old one). */
function FeedCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const feed = useFeedInfo();
  const queryClient = useQueryClient();
  const [made, setMade] = useState<string | null>(null);
  const renew = async () => {
    const info = await renewFeed();
    setMade(`${window.location.origin}${info.path}`);
    void queryClient.invalidateQueries({ queryKey: calendarKeys.feed });
    void message.success(t('personalCalendar.feed.made'));
  };
  return (
    <Card size="small" title={t('personalCalendar.feed.title')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('personalCalendar.feed.help')}</Typography.Text>
        <Space wrap>
          <Button href="/api/personal-calendar/export.ics" data-testid="calendar-export">{t('personalCalendar.feed.export')}</Button>
          {feed.data?.exists
            ? <Popconfirm title={t('personalCalendar.feed.renewConfirm')} onConfirm={() => void renew()}><Button>{t('personalCalendar.feed.renew')}</Button></Popconfirm>
            : <Button onClick={() => void renew()} data-testid="calendar-feed-make">{t('personalCalendar.feed.make')}</Button>}
          {feed.data?.exists && feed.data.createdAt ? <Typography.Text type="secondary">{t('personalCalendar.feed.since', { date: formatDateTime(feed.data.createdAt) })}</Typography.Text> : null}
        </Space>
        {made ? <Typography.Paragraph copyable={{ text: made }} code data-testid="calendar-feed-url" style={{ marginBottom: 0 }}>{made}</Typography.Paragraph> : null}
      </Space>
    </Card>
  );
}
