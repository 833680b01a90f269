import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeetingResponse } from '../../../shared/meetings';

const COLORS: Record<MeetingResponse, string> = { pending: 'default', attend: 'green', absent: 'red', substitute: 'blue' };

export function ResponseTag({ response }: { response: MeetingResponse }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[response]} data-testid="meeting-response">{t(`meetings.response.${response}`)}</Tag>;
}
