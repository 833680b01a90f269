import { CheckOutlined, CloseOutlined, FilePdfOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ExchangeFile, ReceivedItemDetail, RejectReason } from '../../../shared/exchange';
import { REJECT_REASONS } from '../../../shared/exchange';
import type { Urgency } from '../../../shared/enums';
import type { PdfVerificationReport } from '../../../shared/signatures';
import { api, ApiError } from '../../api/client';
import { useUsers } from '../../api/queries';
import { DATE_FORMAT, ErrorAlert, formatDate, formatDateTime, formatSize, UrgencyTag } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { useSubmit } from '../../components/useSubmit';
import { SignatureReport } from '../signatures/SignatureReport';
import { exchangeKeys, LIVE_REFRESH, refreshExchange } from './api';
import { DeliveryStateTag, RecallTag } from './ExchangeTags';

// One electronic document from another agency, for the receiving clerk: the sender's metadata
// (registered as sent, never retyped), its signed files and their signature check, and the
// clerk's answer — accept (register it), reject with a reason, or answer the sender's recall.

const fileUrl = (id: string, fileId: string) => `/api/exchange/received/${id}/files/${fileId}`;

function FileSignatures({ itemId, file }: { itemId: string; file: ExchangeFile }) {
  const query = useQuery({
    queryKey: [...exchangeKeys.item(itemId), 'verification', file.id],
    queryFn: () => api<PdfVerificationReport>(`${fileUrl(itemId, file.id)}/verification`),
    staleTime: 60_000,
  });
  if (query.isError) return <ErrorAlert error={query.error} />;
  return query.data ? <SignatureReport report={query.data} /> : <Typography.Text type="secondary">…</Typography.Text>;
}

function Files({ item }: { item: ReceivedItemDetail }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={item.files}
      data-testid="exchange-files"
      renderItem={(f) => (
        <List.Item>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <FilePdfOutlined aria-hidden />
              <a href={fileUrl(item.id, f.id)} target="_blank" rel="noreferrer">{f.fileName}</a>
              <Typography.Text type="secondary">{formatSize(f.size)}</Typography.Text>
              {f.id === 'main' && <Tag>{t('exchange.item.mainFile')}</Tag>}
            </Space>
            {f.mimeType === 'application/pdf' && (
              <Collapse size="small" defaultActiveKey={f.id === 'main' ? ['sig'] : []} items={[{ key: 'sig', label: t('exchange.item.signatures'), children: <FileSignatures itemId={item.id} file={f} /> }]} />
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}

interface AcceptValues { dueDate?: Dayjs; pageCount?: number; submitTo?: string }

function AcceptForm({ item }: { item: ReceivedItemDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AcceptValues>();
  const { busy, error, submit } = useSubmit(form);
  const { modal } = App.useApp();
  const users = useUsers();
  const leaders = useMemo(() => (users.data ?? []).filter((u) => u.roles.includes('leader') && u.active !== false), [users.data]);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  async function send(confirmDuplicate = false) {
    const values = await form.validateFields();
    await submit(async () => {
      try {
        const body = { dueDate: values.dueDate?.format('YYYY-MM-DD'), pageCount: values.pageCount ?? undefined, submitTo: values.submitTo || undefined, confirmDuplicate: confirmDuplicate || undefined };
        const done = await api<{ incomingDocumentId: string; arrivalNumber: number }>(`/api/exchange/received/${item.id}/accept`, { method: 'POST', body });
        await refreshExchange(queryClient);
        navigate(`/incoming/${done.incomingDocumentId}`);
      } catch (e) {
        // The same warning as registering by hand: the clerk may check and register anyway.
        if (e instanceof ApiError && e.code === 'DUPLICATE_DOCUMENT') {
          modal.confirm({ title: t('exchange.item.duplicateTitle'), content: t('exchange.item.duplicateText'), okText: t('exchange.item.acceptAnyway'), onOk: () => send(true) });
          return;
        }
        throw e;
      }
    });
  }

  return (
    <Card size="small" title={t('exchange.item.acceptTitle')} data-testid="exchange-accept" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('exchange.item.acceptHint')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" requiredMark={false}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="submitTo" label={t('exchange.item.submitTo')}>
              <Select allowClear data-testid="accept-submit-to" options={leaders.map((l) => ({ value: l.id, label: l.fullName }))} placeholder={t('exchange.item.submitLater')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="dueDate" label={t('doc.dueDate')}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="pageCount" label={t('doc.pageCount')}>
              <InputNumber min={1} max={9999} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void send()} data-testid="exchange-accept-button">{t('exchange.item.accept')}</Button>
      </Form>
    </Card>
  );
}

function RejectDialog({ item, open, onClose }: { item: ReceivedItemDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: RejectReason; note?: string }>();
  const { busy, error, submit } = useSubmit(form);
  const queryClient = useQueryClient();
  const reason = Form.useWatch('reason', form);
  return (
    <Modal open={open} title={t('exchange.item.rejectTitle')} okText={t('exchange.item.reject')} okButtonProps={{ danger: true, loading: busy, 'data-testid': 'exchange-reject-confirm' }} onCancel={onClose} destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields();
        await submit(async () => {
          await api(`/api/exchange/received/${item.id}/reject`, { method: 'POST', body: { reason: values.reason, note: values.note?.trim() || undefined } });
          await refreshExchange(queryClient);
          onClose();
        });
      }}>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ reason: 'misaddressed' }}>
        <Form.Item name="reason" label={t('exchange.item.rejectReason')}>
          <Radio.Group options={REJECT_REASONS.map((r) => ({ value: r, label: t(`exchange.rejectReason.${r}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('exchange.item.note')} rules={reason === 'other' ? [{ required: true, whitespace: true, message: t('exchange.item.noteRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="exchange-reject-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RecallAnswerDialog({ item, open, onClose }: { item: ReceivedItemDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ agree: boolean; note?: string }>();
  const { busy, error, submit } = useSubmit(form);
  const queryClient = useQueryClient();
  const agree = Form.useWatch('agree', form);
  return (
    <Modal open={open} title={t('exchange.item.recallTitle')} okText={t('exchange.item.sendAnswer')} okButtonProps={{ loading: busy, 'data-testid': 'recall-answer-confirm' }} onCancel={onClose} destroyOnHidden
      onOk={async () => {
        const values = await form.validateFields();
        await submit(async () => {
          await api(`/api/exchange/received/${item.id}/recall-answer`, { method: 'POST', body: { agree: values.agree, note: values.note?.trim() || undefined } });
          await refreshExchange(queryClient);
          await queryClient.invalidateQueries();
          onClose();
        });
      }}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('exchange.item.recallReason', { reason: item.recallReason ?? '' })} />
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ agree: true }}>
        <Form.Item name="agree" label={t('exchange.item.recallAnswer')}>
          <Radio.Group options={[{ value: true, label: t('exchange.item.recallAgree') }, { value: false, label: t('exchange.item.recallRefuse') }]} data-testid="recall-answer-choice" />
        </Form.Item>
        <Form.Item name="note" label={t('exchange.item.note')} rules={agree === false ? [{ required: true, whitespace: true, message: t('exchange.item.noteRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ReceivedItemPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [dialog, setDialog] = useState<'reject' | 'recall' | null>(null);
  const query = useQuery({ queryKey: exchangeKeys.item(id), queryFn: () => api<ReceivedItemDetail>(`/api/exchange/received/${id}`), ...LIVE_REFRESH });
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const item = query.data;
  return (
    <div data-testid="exchange-item">
      <Card
        style={{ marginBottom: 12 }}
        title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('exchange.item.title', { reference: item.reference })}</Typography.Title>}
        extra={<Space><DeliveryStateTag state={item.state} /><RecallTag recall={item.recall} /></Space>}
      >
        {item.recall === 'requested' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('exchange.item.recallReason', { reason: item.recallReason ?? '' })} data-testid="recall-banner" />}
        {item.recall === 'agreed' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('exchange.item.recalled')} />}
        {item.state === 'rejected' && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('exchange.item.rejected', { reason: t(`exchange.rejectReason.${item.rejectReason}`), note: item.rejectNote ?? '' })} />}
        {item.incomingDocumentId && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }}
            title={<Link to={`/incoming/${item.incomingDocumentId}`} data-testid="exchange-registered-link">{t('exchange.item.registered', { number: item.arrivalNumber })}</Link>} />
        )}
        {item.replaces && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="replaces-banner"
            title={t('exchange.item.replaces', { reference: item.replaces.reference, summary: item.replaces.summary })}
            description={item.replaces.incomingDocumentId ? <Link to={`/incoming/${item.replaces.incomingDocumentId}`}>{t('exchange.item.openReplaced')}</Link> : null} />
        )}
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { key: 'sender', label: t('exchange.col.sender'), children: item.senderAgency },
          { key: 'reference', label: t('doc.reference'), children: <strong>{item.reference}</strong> },
          { key: 'issuedOn', label: t('doc.issuedOn'), children: formatDate(item.issuedOn) },
          { key: 'type', label: t('doc.documentType'), children: t(`enums.documentType.${item.documentType}`) },
          { key: 'summary', label: t('doc.summary'), children: item.summary, span: 2 },
          { key: 'signer', label: t('doc.signer'), children: item.signer ?? '—' },
          { key: 'urgency', label: t('doc.urgency'), children: <UrgencyTag urgency={item.urgency as Urgency} /> },
          { key: 'sentAt', label: t('exchange.col.sentAt'), children: formatDateTime(item.sentAt) },
        ]} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('exchange.item.files')}><Files item={item} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          {item.actions.includes('accept') && <AcceptForm item={item} />}
          {(item.actions.includes('reject') || item.actions.includes('answer_recall')) && (
            <Card size="small">
              <Space wrap>
                {item.actions.includes('reject') && <Button danger icon={<CloseOutlined />} onClick={() => setDialog('reject')} data-testid="exchange-reject">{t('exchange.item.reject')}</Button>}
                {item.actions.includes('answer_recall') && <Button type="primary" icon={<RollbackOutlined />} onClick={() => setDialog('recall')} data-testid="exchange-answer-recall">{t('exchange.item.answerRecall')}</Button>}
              </Space>
            </Card>
          )}
        </Col>
      </Row>
      <RejectDialog item={item} open={dialog === 'reject'} onClose={() => setDialog(null)} />
      <RecallAnswerDialog item={item} open={dialog === 'recall'} onClose={() => setDialog(null)} />
    </div>
  );
}
