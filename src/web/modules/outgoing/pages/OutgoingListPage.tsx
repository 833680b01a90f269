import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Grid, List, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { ErrorAlert, SecrecyTag, UrgencyTag, formatDate, formatDateTime } from '../../../components/labels';
import { usePageParams } from '../../../components/paging';
import { NotFoundPage } from '../../../layout/NotFoundPage';
import { outgoingKeys } from '../api';
import { OutgoingStatusTag } from '../components/labels';
import { OUTGOING_BOXES, type OutgoingBox, type OutgoingListItem } from '../types';

/** Columns that fit a 1366 px screen beside the menu; the register shows the number and date, the others how long it waited. */
function columns(t: TFunction, box: OutgoingBox): TableColumnsType<OutgoingListItem> {
  const issued = box === 'issued';
  return [
    ...(issued ? [{
      key: 'reference', title: t('outgoing.col.reference'), width: 130,
      render: (_: unknown, d: OutgoingListItem) => <Typography.Text strong className="vp-nowrap">{d.reference || '—'}</Typography.Text>,
    }, {
      key: 'issuedOn', title: t('outgoing.col.issuedOn'), width: 110, render: (_: unknown, d: OutgoingListItem) => <span className="vp-nowrap">{formatDate(d.issuedOn)}</span>,
    }] : []),
    { key: 'type', title: t('outgoing.col.type'), width: 120, render: (_, d) => t(`enums.documentType.${d.documentType}`) },
    {
      key: 'summary', title: t('outgoing.col.summary'),
      // Urgency and secrecy only when they say something, so ordinary rows stay one line.
      render: (_, d) => (
        <Space size={6} wrap>
          <UrgencyTag urgency={d.urgency} hideNormal />
          <SecrecyTag secrecy={d.secrecy} />
          <Typography.Link data-testid="outgoing-link">{d.summary}</Typography.Link>
        </Space>
      ),
    },
    ...(issued ? [] : [{
      key: 'waitingSince', title: t(box === 'mine' ? 'outgoing.col.updatedAt' : 'outgoing.col.waitingSince'), width: 140,
      render: (_: unknown, d: OutgoingListItem) => <span className="vp-nowrap">{formatDateTime(box === 'mine' ? d.updatedAt : d.waitingSince ?? d.updatedAt)}</span>,
    }]),
    { key: 'status', title: t('outgoing.col.status'), width: 140, render: (_, d) => <OutgoingStatusTag status={d.status} /> },
  ];
}

export function OutgoingListPage() {
  const { t } = useTranslation();
  const { box } = useParams();
  const navigate = useNavigate();
  const { page, pageSize, pagination } = usePageParams();
  const valid = OUTGOING_BOXES.includes(box as OutgoingBox);
  const mobile = !Grid.useBreakpoint().md;

  const query = useQuery({
    queryKey: [...outgoingKeys.list, box, page, pageSize],
    queryFn: () => api<Page<OutgoingListItem>>('/api/outgoing-documents', { query: { box, page, pageSize } }),
    enabled: valid,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  useEffect(() => {
    if (valid) document.title = `${t(`outgoing.title.${box}`)} — VanPhong`;
  }, [box, valid, t]);

  if (!valid) return <NotFoundPage />;
  const open = (item: OutgoingListItem) => navigate(`/outgoing/${item.id}`);

  return (
    <Card>
      <Typography.Title level={4} className="vp-page-title" data-testid="page-title">{t(`outgoing.title.${box}`)}</Typography.Title>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      {mobile ? (
        <List<OutgoingListItem>
          className="vp-inbox-list"
          data-testid="outgoing-list"
          loading={query.isFetching && !query.data}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText: t('outgoing.empty') }}
          rowKey="id"
          renderItem={(item) => (
            <List.Item onClick={() => open(item)}>
              <Space size={4} wrap style={{ marginBottom: 4 }}>
                <OutgoingStatusTag status={item.status} />
                <UrgencyTag urgency={item.urgency} hideNormal />
                <SecrecyTag secrecy={item.secrecy} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[t(`enums.documentType.${item.documentType}`), item.reference].filter(Boolean).join(' ')}
                  {item.issuedOn ? ` · ${formatDate(item.issuedOn)}` : ''}
                </Typography.Text>
              </Space>
              <div><Typography.Link data-testid="outgoing-link">{item.summary}</Typography.Link></div>
            </List.Item>
          )}
          pagination={{ ...pagination(query.data?.total), size: 'small' }}
        />
      ) : (
        <Table<OutgoingListItem>
          data-testid="outgoing-table"
          className="vp-clickable-rows"
          rowKey="id"
          size="middle"
          columns={columns(t, box as OutgoingBox)}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching && !query.data}
          locale={{ emptyText: t('outgoing.empty') }}
          onRow={(item) => ({ onClick: () => open(item) })}
          pagination={{ ...pagination(query.data?.total), showSizeChanger: true }}
        />
      )}
    </Card>
  );
}
