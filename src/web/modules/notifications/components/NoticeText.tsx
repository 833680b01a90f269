import type { TFunction } from 'i18next';
import type { NotificationView } from '../../../../shared/notifications';

/** A notice's sentence in the reader's language, from its kind and params (never stored as text). */
export function noticeText(t: TFunction, notice: Pick<NotificationView, 'kind' | 'params'>): string {
  const params = { ...notice.params };
  if (typeof params.urgency === 'string') params.urgency = t(`enums.urgency.${params.urgency}`);
  return t(`notifications.kind.${notice.kind}`, { ...params, interpolation: { escapeValue: false } }).replace(/\s*\.\s*$/, '');
}
