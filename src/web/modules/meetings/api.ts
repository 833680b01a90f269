import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { MeetingDetail, MeetingRoom, MeetingSummary, MeetingView } from '../../../shared/meetings';
import { api } from '../../api/client';

// The meetings module's API calls (shapes from src/shared/meetings.ts) and Vietnam-time helpers:
// meetings happen in Vietnam time whatever the PC's zone.

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (view: MeetingView) => ['meetings', 'list', view] as const,
  one: (id: string) => ['meetings', 'one', id] as const,
  rooms: ['meetings', 'rooms'] as const,
};

export const useMeetings = (view: MeetingView) =>
  useQuery({ queryKey: meetingKeys.list(view), queryFn: () => api<{ items: MeetingSummary[] }>('/api/meetings', { query: { view } }) });

export const useMeeting = (id: string, enabled = true) => useQuery({ queryKey: meetingKeys.one(id), queryFn: () => api<MeetingDetail>(`/api/meetings/${id}`), enabled: enabled && Boolean(id) });

export const useRooms = () => useQuery({ queryKey: meetingKeys.rooms, queryFn: () => api<{ items: MeetingRoom[]; canManage: boolean }>('/api/meeting-rooms') });

const vn = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', ...options });
const timeFormat = vn({ hour: '2-digit', minute: '2-digit' });
const dayFormat = vn({ weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });
const shortDay = vn({ day: '2-digit', month: '2-digit', year: 'numeric' });
const wallClock = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** "08:00 – 10:00, 10/12/2026" in Vietnam time. */
export function meetingWhen(startsAt: string, endsAt: string, long = false): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = (long ? dayFormat : shortDay).format(start);
  const sameDay = shortDay.format(start) === shortDay.format(end);
  return sameDay ? `${timeFormat.format(start)} – ${timeFormat.format(end)}, ${day}` : `${timeFormat.format(start)} ${shortDay.format(start)} – ${timeFormat.format(end)} ${shortDay.format(end)}`;
}

/** What the picker shows for an instant: its Vietnam wall clock. */
export const toPicker = (iso: string): Dayjs => dayjs(wallClock.format(new Date(iso)).replace(' ', 'T'));

/** The picked wall clock read as Vietnam time. */
export const fromPicker = (value: Dayjs): string => `${value.format('YYYY-MM-DDTHH:mm')}:00+07:00`;
