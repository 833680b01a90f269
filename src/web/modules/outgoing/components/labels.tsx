import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutgoingStatus } from '../../../../shared/enums';
import type { StepStatus } from '../types';

const STATUS_COLORS: Record<OutgoingStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  approved: 'cyan',
  signed: 'blue',
  issued: 'success',
};

export function OutgoingStatusTag({ status }: { status: OutgoingStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="outgoing-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`outgoing.status.${status}`)}
    </Tag>
  );
}

const STEP_COLORS: Record<StepStatus, string> = {
  waiting: 'default', current: 'processing', approved: 'success', returned: 'warning', forwarded: 'purple', cancelled: 'default',
};

export function StepStatusTag({ status }: { status: StepStatus }) {
  const { t } = useTranslation();
  return <Tag color={STEP_COLORS[status]} style={{ marginInlineEnd: 0 }}>{t(`outgoing.stepStatus.${status}`)}</Tag>;
}

/** How long a step has waited, in the largest whole unit. */
export function useWaitingText() {
  const { t } = useTranslation();
  return (minutes: number) => {
    if (minutes < 60) return t('outgoing.page.minutes', { count: minutes });
    if (minutes < 48 * 60) return t('outgoing.page.hours', { count: Math.floor(minutes / 60) });
    return t('outgoing.page.days', { count: Math.floor(minutes / 1440) });
  };
}
