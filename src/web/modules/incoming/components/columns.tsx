import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { DocumentListItem, InboxItem } from '../../../api/types';
import { DueDate, ReturnedTag, SecrecyTag, StatusTag, UrgencyTag, formatDate } from '../../../components/labels';

function SummaryLink({ item }: { item: DocumentListItem }) {
  return (
    <Link to={`/incoming/${item.id}`} onClick={(e) => e.stopPropagation()} data-testid="document-link">
      {item.summary}
    </Link>
  );
}

/** The columns of the incoming register (Decree 30, appendix IV). */
export function registerColumns(t: TFunction, today: string): ColumnsType<DocumentListItem> {
  return [
    { title: t('doc.arrivalNumber'), dataIndex: 'arrivalNumber', width: 72, align: 'right', fixed: 'left', render: (v: number | null) => <strong>{v ?? '—'}</strong> },
    { title: t('doc.receivedOn'), dataIndex: 'receivedOn', width: 100, render: formatDate },
    { title: t('doc.issuer'), dataIndex: 'issuer', width: 170 },
    { title: t('doc.reference'), dataIndex: 'reference', width: 130, render: (v: string) => v || '—' },
    { title: t('doc.issuedOn'), dataIndex: 'issuedOn', width: 100, render: formatDate },
    { title: t('doc.typeShort'), dataIndex: 'documentType', width: 100, render: (v: string | null) => (v ? t(`enums.documentType.${v}`) : '—') },
    {
      title: t('doc.summary'),
      dataIndex: 'summary',
      render: (_: string, item) => (
        <Space size={4} wrap>
          <SummaryLink item={item} />
          <SecrecyTag secrecy={item.secrecy} />
        </Space>
      ),
    },
    { title: t('doc.urgency'), dataIndex: 'urgency', width: 105, render: (v: DocumentListItem['urgency']) => <UrgencyTag urgency={v} /> },
    {
      title: t('doc.dueDate'),
      dataIndex: 'dueDate',
      width: 100,
      render: (v: string | null, item) => <DueDate value={v} overdue={Boolean(v && item.status !== 'completed' && v < today)} />,
    },
    { title: t('doc.status'), dataIndex: 'status', width: 120, render: (v: DocumentListItem['status']) => <StatusTag status={v} /> },
  ];
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
      {item.returned ? <ReturnedTag /> : <StatusTag status={item.status} />}
      {item.toConfirm && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="to-confirm-tag">{t('inbox.toConfirmTag')}</Tag>}
    </Space>
  );
}
