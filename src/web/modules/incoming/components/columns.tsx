import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { DocumentListItem, InboxItem, RegisterItem } from '../../../api/types';
import { DueDate, ReturnedTag, SecrecyTag, StatusTag, UrgencyTag, formatDate, formatDateTime } from '../../../components/labels';

/** Where a listed document opens: its incoming page, or the page of an outgoing document of this agency delivered inside it. */
export const documentPath = (item: Pick<DocumentListItem, 'id' | 'direction'>) => (item.direction === 'outgoing' ? `/outgoing/${item.id}` : `/incoming/${item.id}`);

function SummaryLink({ item }: { item: DocumentListItem }) {
  return (
    <Link to={documentPath(item)} onClick={(e) => e.stopPropagation()} data-testid="document-link">
      {item.summary}
    </Link>
  );
}

/** A column of the incoming register, by a key the column chooser remembers. */
export type RegisterColumnKey =
  | 'arrivalNumber' | 'receivedOn' | 'issuer' | 'reference' | 'issuedOn' | 'summary'
  | 'recipient' | 'acknowledged' | 'note' | 'replyReference' | 'dueDate' | 'status';

/** The register's columns in the order of Decree 30's appendix IV, then due date and status. */
export const REGISTER_COLUMNS: readonly RegisterColumnKey[] = [
  'arrivalNumber', 'receivedOn', 'issuer', 'reference', 'issuedOn', 'summary', 'recipient', 'acknowledged', 'note', 'replyReference', 'dueDate', 'status',
];
/** Always shown: without them a row cannot be told apart or acted on. */
export const FIXED_REGISTER_COLUMNS: readonly RegisterColumnKey[] = ['arrivalNumber', 'summary', 'dueDate', 'status'];
/** What fits 1366 px beside the side menu; the chooser adds the rest (the table then scrolls sideways). */
export const DEFAULT_REGISTER_COLUMNS: readonly RegisterColumnKey[] = ['arrivalNumber', 'receivedOn', 'issuer', 'reference', 'summary', 'recipient', 'dueDate', 'status'];

/** The summary column's least width: it takes what the other columns leave. */
const SUMMARY_MIN_WIDTH = 240;

export function registerColumnTitle(t: TFunction, key: RegisterColumnKey): string {
  return t(`register.columns.${key}`);
}

/**
 * The columns of the incoming register (Decree 30, appendix IV) that `visible` names, and the width the
 * table scrolls at. Due date and status stay at the right edge when the table scrolls: they are what a
 * clerk scans the register for.
 */
export function registerColumns(t: TFunction, today: string, visible: readonly RegisterColumnKey[], mobile = false): { columns: ColumnsType<RegisterItem>; scrollX: number } {
  // On a phone, columns held at the edges would cover the rest of the screen.
  const right = mobile ? undefined : 'right' as const;
  const left = mobile ? undefined : 'left' as const;
  const all: Record<RegisterColumnKey, ColumnsType<RegisterItem>[number]> = {
    arrivalNumber: { key: 'arrivalNumber', dataIndex: 'arrivalNumber', width: 64, align: 'right', fixed: left, render: (v: number | null) => <strong>{v ?? '—'}</strong> },
    receivedOn: { key: 'receivedOn', dataIndex: 'receivedOn', width: 100, render: formatDate },
    issuer: { key: 'issuer', dataIndex: 'issuer', width: 150 },
    reference: { key: 'reference', dataIndex: 'reference', width: 120, render: (v: string) => v || '—' },
    issuedOn: { key: 'issuedOn', dataIndex: 'issuedOn', width: 100, render: formatDate },
    summary: {
      key: 'summary',
      dataIndex: 'summary',
      render: (_: string, item) => (
        <Space size={4} wrap>
          {item.documentType && <span>{t(`enums.documentType.${item.documentType}`)}:</span>}
          <SummaryLink item={item} />
          <UrgencyTag urgency={item.urgency} hideNormal />
          <SecrecyTag secrecy={item.secrecy} />
        </Space>
      ),
    },
    recipient: {
      key: 'recipient',
      dataIndex: 'recipient',
      width: 150,
      render: (v: string | null, item) => (
        <div>
          <div>{v ?? '—'}</div>
          {item.lead && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('register.leadBy', { name: item.lead })}</Typography.Text>}
        </div>
      ),
    },
    acknowledged: {
      key: 'acknowledged',
      dataIndex: 'acknowledgedAt',
      width: 130,
      render: (v: string | null, item) => (v ? formatDateTime(v) : item.recipient ? <Typography.Text type="secondary">{t('register.notAcknowledged')}</Typography.Text> : '—'),
    },
    replyReference: { key: 'replyReference', dataIndex: 'replyReference', width: 130, render: (v: string | null) => v ?? '' },
    note: { key: 'note', dataIndex: 'note', width: 160, render: (v: string | null) => (v ? t('register.returnedNote', { reason: v }) : '') },
    dueDate: {
      key: 'dueDate',
      dataIndex: 'dueDate',
      width: 100,
      fixed: right,
      render: (v: string | null, item) => <DueDate value={v} overdue={Boolean(v && item.status !== 'completed' && v < today)} />,
    },
    status: { key: 'status', dataIndex: 'status', width: 120, fixed: right, render: (v: DocumentListItem['status']) => <StatusTag status={v} /> },
  };
  const keys = REGISTER_COLUMNS.filter((key) => visible.includes(key) || FIXED_REGISTER_COLUMNS.includes(key));
  const columns = keys.map((key) => ({ ...all[key], title: registerColumnTitle(t, key) }));
  const scrollX = columns.reduce((sum, column) => sum + (typeof column.width === 'number' ? column.width : SUMMARY_MIN_WIDTH), 0);
  return { columns, scrollX };
}

/** The columns of an inbox: what matters to the person handling it first. */
export function inboxColumns(t: TFunction): ColumnsType<InboxItem> {
  return [
    { title: t('doc.urgency'), dataIndex: 'urgency', width: 110, render: (v: InboxItem['urgency']) => <UrgencyTag urgency={v} /> },
    { title: t('doc.arrivalNumber'), dataIndex: 'arrivalNumber', width: 80, align: 'right', render: (v: number | null) => <strong>{v ?? '—'}</strong> },
    { title: t('doc.receivedOn'), dataIndex: 'receivedOn', width: 105, render: formatDate },
    {
      title: t('doc.summary'),
      dataIndex: 'summary',
      width: 380,
      render: (_: string, item) => (
        <div>
          <Space size={4} wrap>
            <SummaryLink item={item} />
            <SecrecyTag secrecy={item.secrecy} />
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[item.documentType ? t(`enums.documentType.${item.documentType}`) : null, item.reference].filter(Boolean).join(' ')}
              {' — '}
              {item.issuer}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('doc.dueDate'),
      dataIndex: 'myDueDate',
      width: 120,
      render: (v: string | null, item) => (
        <Space orientation="vertical" size={0}>
          <DueDate value={v} overdue={item.overdue} />
          {item.overdue && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('inbox.overdueTag')}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('doc.status'), dataIndex: 'status', width: 130, render: (_: InboxItem['status'], item) => <InboxState item={item} /> },
  ];
}

/** What the item means to me: came back, waits for my confirmation, or the document's own status. */
export function InboxState({ item }: { item: InboxItem }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {item.direction === 'outgoing' && <Tag color="geekblue" style={{ marginInlineEnd: 0 }} data-testid="internal-tag">{t('inbox.internalTag')}</Tag>}
      {item.returned ? <ReturnedTag /> : <StatusTag status={item.status} />}
      {item.toConfirm && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="to-confirm-tag">{t('inbox.toConfirmTag')}</Tag>}
      {item.byDelegate && <Tag color="magenta" style={{ marginInlineEnd: 0 }} data-testid="by-delegate-tag">{t('delegation.byDelegateTag')}</Tag>}
    </Space>
  );
}
