import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DELIVERY_STATES, RECALL_STATES, type SentListItem } from '../../../shared/exchange';
import { api } from '../../api/client';
import { ErrorAlert, formatDate } from '../../components/labels';
import { exchangeKeys, LIVE_REFRESH } from './api';
import { DeliveryStateTag, RecallTag } from './ExchangeTags';

// "Theo dõi văn bản đã gửi": the documents this agency sent through the exchange that the official
// may see, newest first, with how many receivers stand at each state.

interface SentPage { items: SentListItem[]; total: number; totalCapped: boolean; page: number; pageSize: number }
const PAGE_SIZE = 20;

export function SentTrackingPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({ queryKey: exchangeKeys.sent(page), queryFn: () => api<SentPage>('/api/exchange/sent', { query: { page, pageSize: PAGE_SIZE } }), ...LIVE_REFRESH });
  const columns: ColumnsType<SentListItem> = [
    { key: 'reference', title: t('doc.reference'), width: 150, render: (_, d) => <Link to={`/outgoing/${d.id}`} data-testid="sent-link">{d.reference}</Link> },
    { key: 'issuedOn', title: t('doc.issuedOn'), width: 110, render: (_, d) => formatDate(d.issuedOn) },
    { key: 'summary', title: t('doc.summary'), render: (_, d) => d.summary },
    { key: 'receivers', title: t('exchange.col.receivers'), width: 90, align: 'right', render: (_, d) => d.receivers },
    {
      key: 'progress', title: t('exchange.col.progress'), width: 320,
      render: (_, d) => (
        <Space size={4} wrap>
          {DELIVERY_STATES.filter((s) => d.counts[s]).map((s) => <span key={s}><DeliveryStateTag state={s} /> × {d.counts[s]}</span>)}
          {RECALL_STATES.filter((s) => d.recall[s]).map((s) => <span key={s}><RecallTag recall={s} /> × {d.recall[s]}</span>)}
        </Space>
      ),
    },
  ];
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('exchange.sent.title')}</Typography.Title>} data-testid="exchange-sent">
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<SentListItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('exchange.sent.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        data-testid="exchange-sent-table"
      />
    </Card>
  );
}
