import { RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Space, Table, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ReceiverState, SentDocumentExchange } from '../../../shared/exchange';
import { api } from '../../api/client';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { useSubmit } from '../../components/useSubmit';
import { exchangeKeys, LIVE_REFRESH, refreshExchange } from './api';
import { DeliveryStateTag, RecallTag } from './ExchangeTags';

// On an issued outgoing document's page: every other agency it was sent to and where each stands
// (edXML 01–06), its answers to a recall (13/15/16), the documents it replaces or is replaced by;
// the recall itself and "issue a replacement" for the clerk or a leader.

function RecallDialog({ documentId, open, onClose }: { documentId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, submit } = useSubmit(form);
  const queryClient = useQueryClient();
  return (
    <Modal open={open} title={t('exchange.sent.recallTitle')} okText={t('exchange.sent.recall')} okButtonProps={{ danger: true, loading: busy, 'data-testid': 'recall-confirm' }} onCancel={onClose} destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields();
        await submit(async () => {
          await api(`/api/exchange/sent/${documentId}/recall`, { method: 'POST', body: { reason: values.reason.trim() } });
          await refreshExchange(queryClient);
          onClose();
        });
      }}>
      <Typography.Paragraph type="secondary">{t('exchange.sent.recallHint')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('exchange.sent.recallReason')} rules={[{ required: true, whitespace: true, message: t('exchange.item.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="recall-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Detail({ r }: { r: ReceiverState }) {
  const { t } = useTranslation();
  const lines = [
    r.arrivalNumber ? t('exchange.sent.arrivalNumber', { number: r.arrivalNumber }) : null,
    r.rejectReason ? t('exchange.sent.rejectedBecause', { reason: t(`exchange.rejectReason.${r.rejectReason}`), note: r.rejectNote ?? '' }) : null,
    r.recall ? t(`exchange.sent.recallLine.${r.recall}`, { reason: r.recallReason ?? '', note: r.recallNote ?? '' }) : null,
  ].filter(Boolean);
  return <Space direction="vertical" size={0}>{lines.map((l) => <Typography.Text key={l}>{l}</Typography.Text>)}</Space>;
}

export function ReceiversCard({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [recalling, setRecalling] = useState(false);
  const query = useQuery({ queryKey: exchangeKeys.sentDocument(documentId), queryFn: () => api<SentDocumentExchange>(`/api/exchange/sent/${documentId}`), ...LIVE_REFRESH });
  const data = query.data;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (!data || (!data.receivers.length && !data.replaces && !data.replacedBy.length)) return null;
  const columns: ColumnsType<ReceiverState> = [
    { key: 'agency', title: t('exchange.col.receiver'), render: (_, r) => r.agency },
    { key: 'state', title: t('exchange.col.state'), width: 170, render: (_, r) => <Space size={4} wrap><DeliveryStateTag state={r.state} code={r.code} /><RecallTag recall={r.recall} /></Space> },
    { key: 'detail', title: t('exchange.col.detail'), render: (_, r) => <Detail r={r} /> },
  ];
  return (
    <Card size="small" title={t('exchange.sent.receiversTitle')} style={{ marginBottom: 12 }} data-testid="exchange-receivers">
      {data.canRecall && (
        // The right column is narrow: the actions sit above the table rather than in the title bar.
        <Space wrap style={{ marginBottom: 8 }}>
          <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setRecalling(true)} data-testid="action-recall">{t('exchange.sent.recall')}</Button>
          <Button size="small" icon={<SwapOutlined />} onClick={() => navigate(`/outgoing/new?replaces=${documentId}`)} data-testid="action-replace">{t('exchange.sent.replace')}</Button>
        </Space>
      )}
      {data.replaces && <Typography.Paragraph>{t('exchange.sent.replaces')} <Link to={`/outgoing/${data.replaces.id}`} data-testid="replaces-link">{data.replaces.reference}</Link> — {data.replaces.summary}</Typography.Paragraph>}
      {data.replacedBy.map((r) => <Typography.Paragraph key={r.id}>{t('exchange.sent.replacedBy')} <Link to={`/outgoing/${r.id}`}>{r.reference}</Link> — {r.summary}</Typography.Paragraph>)}
      {data.receivers.length > 0 && (
        <Table<ReceiverState>
          rowKey={(r) => r.deliveryId ?? r.agencyId}
          size="small"
          pagination={false}
          columns={columns}
          dataSource={data.receivers}
          data-testid="exchange-receivers-table"
          expandable={{
            rowExpandable: (r) => r.history.length > 0,
            expandedRowRender: (r) => (
              <Timeline items={r.history.map((h) => ({ children: `${formatDateTime(h.at)} · ${h.code} ${t(`exchange.code.${h.code}`)} · ${h.agency}${h.actor ? ` (${h.actor})` : ''}${h.description ? ` — ${h.description}` : ''}` }))} />
            ),
          }}
        />
      )}
      <RecallDialog documentId={documentId} open={recalling} onClose={() => setRecalling(false)} />
    </Card>
  );
}
