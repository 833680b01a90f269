import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReceivedItem } from '../../../shared/exchange';
import type { Urgency } from '../../../shared/enums';
import { api } from '../../api/client';
import { ListState } from '../../components/ListStates';
import { ErrorAlert, formatDate, formatDateTime, UrgencyTag } from '../../components/labels';
import { exchangeKeys, LIVE_REFRESH } from './api';
import { DeliveryStateTag, RecallTag } from './ExchangeTags';
import { EnvelopeSignatureTag, ImportEdxmlButton } from './ImportEdxml';

// "Văn bản điện tử đến": what other agencies of the deployment sent to this one, waiting for the
// clerk to accept (register) or reject it; "all" keeps what was answered, for the record.

interface QueuePage { items: ReceivedItem[]; total: number; totalCapped: boolean; page: number; pageSize: number }
const PAGE_SIZE = 20;

export function ReceivedQueuePage() {
  const { t } = useTranslation();
  const [box, setBox] = useState<'waiting' | 'all'>('waiting');
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: exchangeKeys.received(box, page),
    queryFn: () => api<QueuePage>('/api/exchange/received', { query: { box, page, pageSize: PAGE_SIZE } }),
    ...LIVE_REFRESH,
  });
  const columns: ColumnsType<ReceivedItem> = [
    { key: 'sentAt', title: t('exchange.col.sentAt'), width: 150, render: (_, i) => formatDateTime(i.sentAt) },
    { key: 'sender', title: t('exchange.col.sender'), width: 220, render: (_, i) => i.senderAgency },
    {
      key: 'document', title: t('exchange.col.document'),
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <Link to={`/exchange/received/${i.id}`} data-testid="received-item-link">
            {[i.reference, i.issuedOn ? formatDate(i.issuedOn) : null].filter(Boolean).join(' · ')}
          </Link>
          <Typography.Text>{i.summary}</Typography.Text>
          <Space size={4} wrap>
            <UrgencyTag urgency={i.urgency as Urgency} hideNormal />
            {i.business === 'replacement' && <Tag color="purple">{t('exchange.replacement')}</Tag>}
            <RecallTag recall={i.recall} />
            {i.imported && <Tag data-testid="imported-tag">{t('exchange.import.tag')}</Tag>}
            <EnvelopeSignatureTag signature={i.envelopeSignature} />
          </Space>
        </Space>
      ),
    },
    { key: 'state', title: t('exchange.col.state'), width: 150, render: (_, i) => <DeliveryStateTag state={i.state} /> },
  ];
  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('exchange.received.title')}</Typography.Title>}
      extra={<Segmented aria-label={t('exchange.received.box')} value={box} onChange={(v) => { setBox(v as 'waiting' | 'all'); setPage(1); }} options={[{ value: 'waiting', label: t('exchange.received.waiting') }, { value: 'all', label: t('exchange.received.all') }]} />}
      data-testid="exchange-received"
    >
      <div style={{ marginBottom: 12 }}><ImportEdxmlButton /></div>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<ReceivedItem>
        data-testid="exchange-received-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 800 }}
        locale={{ emptyText: <ListState error={query.error} onRetry={() => void query.refetch()} empty={t('exchange.received.empty')} /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
    </Card>
  );
}
