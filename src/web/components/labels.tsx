import { Alert, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AssignmentRole, AssignmentStatus, DocumentStatus, Secrecy, Urgency } from '../../shared/enums';
import { ApiError } from '../api/client';

export const DATE_FORMAT = 'DD/MM/YYYY';

/** 'YYYY-MM-DD' (or an ISO instant) as dd/mm/yyyy, the way Vietnamese offices write dates. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format(DATE_FORMAT) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format('DD/MM/YYYY HH:mm') : value;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const URGENCY_COLORS: Record<Urgency, string | undefined> = {
  normal: undefined,
  urgent: 'gold',
  very_urgent: 'volcano',
  flash: 'red',
};

export function UrgencyTag({ urgency, hideNormal = false }: { urgency: Urgency | null | undefined; hideNormal?: boolean }) {
  const { t } = useTranslation();
  if (!urgency || (hideNormal && urgency === 'normal')) return null;
  return (
    <Tag color={URGENCY_COLORS[urgency]} data-testid="urgency-tag" style={{ marginInlineEnd: 0 }}>
      {t(`enums.urgency.${urgency}`)}
    </Tag>
  );
}

export function SecrecyTag({ secrecy }: { secrecy: Secrecy | null | undefined }) {
  const { t } = useTranslation();
  if (!secrecy || secrecy === 'none') return null;
  return (
    <Tag color="magenta" style={{ marginInlineEnd: 0 }}>
      {t(`enums.secrecy.${secrecy}`)}
    </Tag>
  );
}

const STATUS_COLORS: Record<DocumentStatus | 'issued', string> = {
  issued: 'green',
  registered: 'default',
  submitted: 'blue',
  in_progress: 'processing',
  completed: 'success',
  returned: 'warning',
  recalled: 'default',
};

export function StatusTag({ status }: { status: DocumentStatus | 'issued' | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="document-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`enums.documentStatus.${status}`)}
    </Tag>
  );
}

const ROLE_COLORS: Record<AssignmentRole, string> = { lead: 'red', coordinate: 'blue', info: 'default' };

export function AssignmentRoleTag({ role }: { role: AssignmentRole }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLORS[role]} style={{ marginInlineEnd: 0 }}>
      {t(`enums.assignmentRole.${role}`)}
    </Tag>
  );
}

const ASSIGNMENT_STATUS_COLORS: Record<AssignmentStatus, string> = {
  pending: 'default',
  in_progress: 'processing',
  awaiting_confirmation: 'purple',
  completed: 'success',
  returned: 'warning',
  closed: 'default',
};

/**
 * An assignment's state as its holder meets it: a for-information copy is only "seen" or not; work
 * that came back is "Bị trả lại" whatever its status.
 */
export function AssignmentStatusTag({ status, role, sentBack }: { status: AssignmentStatus; role?: AssignmentRole; sentBack?: boolean }) {
  const { t } = useTranslation();
  if (role === 'info') {
    const seen = status === 'completed';
    return <Tag color={seen ? 'success' : 'default'} style={{ marginInlineEnd: 0 }} data-status={seen ? 'seen' : 'unseen'}>{t(`enums.infoStatus.${seen ? 'seen' : 'unseen'}`)}</Tag>;
  }
  if (sentBack && (status === 'pending' || status === 'in_progress')) return <ReturnedTag />;
  return (
    <Tag color={ASSIGNMENT_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`enums.assignmentStatus.${status}`)}
    </Tag>
  );
}

/** "Bị trả lại": the work came back to whoever sees it. */
export function ReturnedTag() {
  const { t } = useTranslation();
  return <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid="returned-tag">{t('inbox.returnedTag')}</Tag>;
}

/** A due date, red when overdue. */
export function DueDate({ value, overdue }: { value: string | null | undefined; overdue?: boolean }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue} data-overdue={overdue ? 'true' : undefined}>
      {formatDate(value)}
    </Typography.Text>
  );
}

/** The text of an error in the current language. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) return error.text(i18n.language);
    return t('errors.generic');
  };
}

/** An API error in the current language, with the field errors no form field shows; `title` heads it. */
export function ErrorAlert({ error, style, title }: { error: unknown; style?: React.CSSProperties; title?: string }) {
  const { i18n, t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError ? error.text(i18n.language) : t('errors.generic');
  const fields = error instanceof ApiError ? error.fields : [];
  const list = fields.length ? (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {fields.map((f) => <li key={f.field + f.code}>{i18n.language.startsWith('en') ? f.message.en : f.message.vi}</li>)}
    </ul>
  ) : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      style={style}
      title={title ?? text}
      description={title ? <>{text}{list}</> : list ?? undefined}
    />
  );
}
