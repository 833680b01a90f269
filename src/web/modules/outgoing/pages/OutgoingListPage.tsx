import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Grid, List, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { ListState, useKeyboardScroll } from '../../../components/ListStates';
import { SecrecyTag, UrgencyTag, formatDate, formatDateTime } from '../../../components/labels';
import { usePageParams } from '../../../components/paging';
import { NotFoundPage } from '../../../layout/NotFoundPage';
import { outgoingKeys } from '../api';
import { OutgoingStatusTag } from '../components/labels';
import { OUTGOING_BOXES, type OutgoingBox, type OutgoingListItem, type OutgoingRegisterRow } from '../types';

/** A real link, so the document opens from the keyboard and in a new tab; the row's click does the same. */
function SummaryLink({ item }: { item: OutgoingListItem }) {
  return <Link to={`/outgoing/${item.id}`} onClick={(e) => e.stopPropagation()} data-testid="outgoing-link">{item.summary}</Link>;
}

/** The register (sổ văn bản đi) with the columns of Decree 30 (PL IV); what does not fit scrolls sideways. */
function registerColumns(t: TFunction): TableColumnsType<OutgoingRegisterRow> {
  return [
    { key: 'reference', title: t('outgoing.col.reference'), width: 130, fixed: 'left', render: (_, d) => <Typography.Text strong className="vp-nowrap">{d.reference || '—'}</Typography.Text> },
    { key: 'issuedOn', title: t('outgoing.col.issuedOn'), width: 110, render: (_, d) => <span className="vp-nowrap">{formatDate(d.issuedOn)}</span> },
    {
      key: 'summary', title: t('outgoing.col.typeAndSummary'), width: 320,
      render: (_, d) => (
        <Space size={6} wrap>
          <Typography.Text type="secondary">{t(`enums.documentType.${d.documentType}`)}</Typography.Text>
          <UrgencyTag urgency={d.urgency} hideNormal />
          <SecrecyTag secrecy={d.secrecy} />
          <SummaryLink item={d} />
        </Space>
      ),
    },
    { key: 'signer', title: t('outgoing.col.signer'), width: 150, render: (_, d) => d.signer ?? '—' },
    { key: 'recipients', title: t('outgoing.col.recipients'), width: 220, render: (_, d) => d.recipients.join('; ') || '—' },
    { key: 'fileCopyUnit', title: t('outgoing.col.fileCopyUnit'), width: 170, render: (_, d) => d.fileCopyUnit ?? '—' },
    { key: 'copies', title: t('outgoing.col.copies'), width: 90, align: 'right', render: (_, d) => d.copies ?? '—' },
    { key: 'sentAt', title: t('outgoing.col.sentAt'), width: 110, render: (_, d) => <span className="vp-nowrap">{formatDate(d.sentAt)}</span> },
  ];
}

/** The work lists' columns, which fit a 1366 px screen beside the menu: what it is, how long it has waited, where it stands. */
function columns(t: TFunction, box: OutgoingBox): TableColumnsType<OutgoingListItem> {
  // What was received is an issued document: its number and date say what it is.
  const received = box === 'received';
  return [
    ...(received ? [
      { key: 'reference', title: t('outgoing.col.reference'), width: 130, render: (_: unknown, d: OutgoingListItem) => <Typography.Text strong className="vp-nowrap">{d.reference || '—'}</Typography.Text> },
      { key: 'issuedOn', title: t('outgoing.col.issuedOn'), width: 110, render: (_: unknown, d: OutgoingListItem) => <span className="vp-nowrap">{formatDate(d.issuedOn)}</span> },
    ] : []),
    { key: 'type', title: t('outgoing.col.type'), width: 120, render: (_, d) => t(`enums.documentType.${d.documentType}`) },
    {
      key: 'summary', title: t('outgoing.col.summary'),
      // Urgency and secrecy only when they say something, so ordinary rows stay one line.
      render: (_, d) => (
        <Space size={6} wrap>
          <UrgencyTag urgency={d.urgency} hideNormal />
          <SecrecyTag secrecy={d.secrecy} />
          <SummaryLink item={d} />
        </Space>
      ),
    },
    ...(received ? [] : [{
      key: 'waitingSince', title: t(box === 'mine' ? 'outgoing.col.updatedAt' : 'outgoing.col.waitingSince'), width: 140,
      render: (_: unknown, d: OutgoingListItem) => <span className="vp-nowrap">{formatDateTime(box === 'mine' ? d.updatedAt : d.waitingSince ?? d.updatedAt)}</span>,
    }]),
    ...(received ? [] : [{
      key: 'people', title: t(box === 'mine' ? 'outgoing.col.waitingFor' : 'outgoing.col.drafter'), width: 170,
      render: (_: unknown, d: OutgoingListItem) => (box === 'mine' ? d.waitingFor : d.drafterName) ?? '—',
    }]),
    {
      key: 'status', title: t('outgoing.col.status'), width: 140,
      render: (_, d) => <OutgoingStatusTag status={d.status} />,
    },
  ];
}

export function OutgoingListPage() {
  const { t } = useTranslation();
  const { box } = useParams();
  const navigate = useNavigate();
  const { page, pageSize, pagination } = usePageParams();
  const valid = OUTGOING_BOXES.includes(box as OutgoingBox);
  const mobile = !Grid.useBreakpoint().md;

  const register = box === 'issued';
  // The register is wider than the screen: its scroll area must be reachable from the keyboard.
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('outgoing.title.issued') }));
  const query = useQuery({
    queryKey: [...outgoingKeys.list, box, page, pageSize],
    // The register is the book of Decree 30 with its own columns; the other boxes are work lists.
    queryFn: () => (register
      ? api<Page<OutgoingRegisterRow>>('/api/outgoing-register', { query: { page, pageSize } })
      : api<Page<OutgoingListItem>>('/api/outgoing-documents', { query: { box, page, pageSize } })),
    enabled: valid,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  useEffect(() => {
    if (valid) document.title = `${t(`outgoing.title.${box}`)} — VanPhong`;
  }, [box, valid, t]);

  if (!valid) return <NotFoundPage />;
  const open = (item: OutgoingListItem) => navigate(`/outgoing/${item.id}`);
  const emptyText = <ListState error={query.error} onRetry={() => void query.refetch()} empty={t('outgoing.empty')} />;

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t(`outgoing.title.${box}`)}</Typography.Title>
      {mobile ? (
        <List<OutgoingListItem>
          className="vp-inbox-list"
          data-testid="outgoing-list"
          loading={query.isFetching && !query.data}
          dataSource={query.data?.items ?? []}
          locale={{ emptyText }}
          rowKey="id"
          renderItem={(item) => (
            <List.Item onClick={() => open(item)}>
              <Space size={4} wrap style={{ marginBottom: 4 }}>
                <OutgoingStatusTag status={item.status} />
                {item.waitingFor && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('outgoing.col.waitingFor')}: {item.waitingFor}</Typography.Text>}
                <UrgencyTag urgency={item.urgency} hideNormal />
                <SecrecyTag secrecy={item.secrecy} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[t(`enums.documentType.${item.documentType}`), item.reference].filter(Boolean).join(' ')}
                  {item.issuedOn ? ` · ${formatDate(item.issuedOn)}` : ''}
                </Typography.Text>
              </Space>
              <div><SummaryLink item={item} /></div>
            </List.Item>
          )}
          pagination={{ ...pagination(query.data), size: 'small' }}
        />
      ) : (
        register ? (
          <div ref={tableRef}>
          <Table<OutgoingRegisterRow>
            data-testid="outgoing-table"
            className="vp-clickable-rows"
            rowKey="id"
            size="middle"
            columns={registerColumns(t)}
            dataSource={(query.data?.items ?? []) as OutgoingRegisterRow[]}
            loading={query.isFetching && !query.data}
            scroll={{ x: 1300 }}
            locale={{ emptyText }}
            onRow={(item) => ({ onClick: () => open(item) })}
            pagination={{ ...pagination(query.data), showSizeChanger: true }}
          />
          </div>
        ) : (
          <Table<OutgoingListItem>
            data-testid="outgoing-table"
            className="vp-clickable-rows"
            rowKey="id"
            size="middle"
            columns={columns(t, box as OutgoingBox)}
            dataSource={query.data?.items ?? []}
            loading={query.isFetching && !query.data}
            locale={{ emptyText }}
            onRow={(item) => ({ onClick: () => open(item) })}
            pagination={{ ...pagination(query.data), showSizeChanger: true }}
          />
        )
      )}
    </Card>
  );
}
