import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Grid, List, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { INBOX_BOXES, type InboxBox } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { keys } from '../../../api/queries';
import type { InboxItem, Page } from '../../../api/types';
import { DueDate, ErrorAlert, SecrecyTag, UrgencyTag, formatDate } from '../../../components/labels';
import { ListState } from '../../../components/ListStates';
import { usePageParams } from '../../../components/paging';
import { NotFoundPage } from '../../../layout/NotFoundPage';
import { InboxState, documentPath, inboxColumns } from '../../incoming/components/columns';

/**
 * Once the inbox is shown, the browser fetches in idle time what opening a document needs (the
 * document page's code, pdf.js and its worker: about 550 KB compressed), once per page load, so that
 * on a slow line a document opens without that wait. Not when the browser asks to save data.
 */
let documentCodeRequested = false;
function prefetchDocumentCode() {
  if (documentCodeRequested) return;
  documentCodeRequested = true;
  if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  // Two seconds first: what the inbox itself still asks for (counts, the menu) goes before.
  const whenIdle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 0));
  window.setTimeout(() => whenIdle(() => {
    void import('../../incoming/pages/DocumentPage').catch(() => undefined);
    void import('../../incoming/components/PdfViewer').then((viewer) => viewer.prefetchPdfViewer(), () => undefined);
  }), 2000);
}

export function InboxPage() {
  const { t } = useTranslation();
  const { box } = useParams();
  const navigate = useNavigate();
  const { page, pageSize, pagination } = usePageParams();
  const valid = INBOX_BOXES.includes(box as InboxBox);
  const mobile = !Grid.useBreakpoint().md;

  const query = useQuery({
    queryKey: [...keys.inbox, box, page, pageSize],
    queryFn: () => api<Page<InboxItem>>('/api/inbox', { query: { box, page, pageSize } }),
    enabled: valid,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  useEffect(() => {
    if (query.isSuccess) prefetchDocumentCode();
  }, [query.isSuccess]);

  useEffect(() => {
    if (valid) document.title = `${t(`menu.${box}`)} — VanPhong`;
  }, [box, valid, t]);

  if (!valid) return <NotFoundPage />;
  const emptyText = <ListState error={query.error} onRetry={() => void query.refetch()} empty={t('inbox.empty')} />;

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">
        {t(`inbox.title.${box}`)}
      </Typography.Title>
      <ErrorAlert error={query.data ? query.error : null} style={{ marginBottom: 12 }} />
      {mobile ? (
        <List<InboxItem>
          className="vp-inbox-list"
          data-testid="inbox-list"
          loading={query.isFetching && !query.data}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText: emptyText }}
          rowKey="id"
          renderItem={(item) => (
            <List.Item className={item.overdue ? 'vp-overdue-item' : ''} onClick={() => navigate(documentPath(item))}>
              <Space size={4} wrap style={{ marginBottom: 4 }}>
                <UrgencyTag urgency={item.urgency} />
                <SecrecyTag secrecy={item.secrecy} />
                <InboxState item={item} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('doc.arrivalNumber')} <strong>{item.arrivalNumber}</strong> · {formatDate(item.receivedOn)}
                </Typography.Text>
              </Space>
              <div>
                <Typography.Link data-testid="document-link">{item.summary}</Typography.Link>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[item.documentType ? t(`enums.documentType.${item.documentType}`) : null, item.reference].filter(Boolean).join(' ')} — {item.issuer}
              </Typography.Text>
              {item.myDueDate && (
                <div style={{ fontSize: 12 }}>
                  {t('doc.dueDate')}: <DueDate value={item.myDueDate} overdue={item.overdue} />
                  {item.overdue && <Typography.Text type="danger"> · {t('inbox.overdueTag')}</Typography.Text>}
                </div>
              )}
            </List.Item>
          )}
          pagination={{ ...pagination(query.data), size: 'small' }}
        />
      ) : (
        <Table<InboxItem>
          data-testid="inbox-table"
          className="vp-clickable-rows"
          rowKey="id"
          size="middle"
          columns={inboxColumns(t)}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching && !query.data}
          scroll={{ x: 920 }}
          locale={{ emptyText: emptyText }}
          rowClassName={(item) => (item.overdue ? 'vp-overdue-row' : '')}
          onRow={(item) => ({ onClick: () => navigate(documentPath(item)) })}
          pagination={{ ...pagination(query.data), showSizeChanger: true }}
        />
      )}
    </Card>
  );
}
