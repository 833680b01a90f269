import { useQueryClient } from '@tanstack/react-query';
import { DownloadOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ACCESS_REGIMES, type CaseFileDocument, type CaseFileView, RETENTIONS } from '../../../shared/records';
import { api, post } from '../../api/client';
import { ErrorAlert, formatDate, formatDateTime } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { useSubmit } from '../../components/useSubmit';
import { useToday } from '../../api/queries';
import { recordKeys, useCaseFile, useCaseFiles } from './api';

// Hồ sơ: a case file's metadata and its documents in order. A document the reader may not open
// shows only its place (ordinal, archive code): being in a file opens nothing.

const documentLink = (d: NonNullable<CaseFileDocument['document']>) => `/${d.direction === 'incoming' ? 'incoming' : 'outgoing'}/${d.id}`;

export function CaseFilePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const file = useCaseFile(id);
  const [busy, setBusy] = useState(false);
  const [deciding, setDeciding] = useState(false);
  if (file.isPending) return <PageLoading />;
  if (!file.data) return <ErrorAlert error={file.error} />;
  const f = file.data;
  const m = f.metadata;
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: recordKeys.all });
      void message.success(done);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const columns: ColumnsType<CaseFileDocument> = [
    { title: t('records.file.ordinal'), dataIndex: 'ordinal', width: 70 },
    { title: t('records.file.archiveCode'), dataIndex: 'archiveCode', width: 230 },
    {
      title: t('records.file.document'), key: 'doc',
      render: (_, d) => d.document
        ? <Link to={documentLink(d.document)}>{[d.document.reference, d.document.summary].filter(Boolean).join(' — ')}</Link>
        : <Typography.Text type="secondary" data-testid="restricted-document">{t('records.file.restricted')}</Typography.Text>,
    },
    { title: t('records.file.issuer'), key: 'issuer', width: 200, render: (_, d) => d.document?.issuer },
    { title: t('records.file.date'), key: 'date', width: 110, render: (_, d) => formatDate(d.document?.date) },
    { title: t('records.file.pages'), key: 'pages', width: 80, render: (_, d) => d.document?.pageCount ?? '' },
    ...(f.actions.includes('remove') ? [{
      title: '', key: 'remove', width: 90,
      render: (_: unknown, d: CaseFileDocument) => d.document && (
        <Popconfirm title={t('records.file.removeConfirm')} onConfirm={() => run(() => api(`/api/case-files/${f.id}/documents/${d.document!.id}`, { method: 'DELETE' }), t('records.file.removed'))}>
          <Button size="small" danger>{t('records.file.remove')}</Button>
        </Popconfirm>
      ),
    }] : []),
  ];
  return (
    <div data-testid="case-file-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap align="center">
          <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{m.title}</Typography.Title>
          <Tag color={f.status === 'open' ? 'blue' : f.status === 'deposited' ? 'green' : f.status === 'destroyed' ? 'red' : 'default'} data-testid="case-file-status">{t(`records.status.${f.status}`)}</Tag>
          {!f.planEntryId && <Tag color="orange" data-testid="case-file-unplanned">{t('records.unplanned.badge')}</Tag>}
          {f.actions.includes('close') && (
            <Popconfirm title={t('records.file.closeConfirm')} okButtonProps={{ 'data-testid': 'close-confirm' }} onConfirm={() => run(() => post(`/api/case-files/${f.id}/close`), t('records.file.closed'))}>
              <Button loading={busy} data-testid="case-file-close">{t('records.file.close')}</Button>
            </Popconfirm>
          )}
          {f.actions.includes('export') && (
            <Button icon={<DownloadOutlined />} href={`/api/case-files/${f.id}/export`} data-testid="case-file-export">{t('archive.export')}</Button>
          )}
          {f.actions.includes('decide') && (
            <Button danger onClick={() => setDeciding(true)} data-testid="case-file-decide">{t('archive.decide')}</Button>
          )}
        </Space>
        {f.deposit && (
          <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="case-file-deposit">
            {t('archive.depositInfo')}:{' '}
            <a href={`/api/records/deposits/${f.deposit.depositId}/pdf`} target="_blank" rel="noreferrer"><FilePdfOutlined /> {t('archive.depositLine', { number: f.deposit.recordNumber, date: formatDate(f.deposit.depositedOn) })}</a>
            {' · '}{t('archive.retainUntil')}: {f.deposit.retainUntil ? formatDate(f.deposit.retainUntil) : t('archive.permanent')}
          </Typography.Paragraph>
        )}
        {f.destroyedAt && <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('archive.destroyedAt', { date: formatDateTime(f.destroyedAt) })} />}
        {f.retentionDecisions.length > 0 && (
          <Timeline style={{ marginTop: 12 }} items={f.retentionDecisions.map((d) => ({
            children: `${formatDateTime(d.decidedAt)} — ${d.decidedBy}: ${d.decision === 'extend' ? t('archive.decisionLine.extend', { years: d.extendYears, until: formatDate(d.retainUntilAfter) }) : t('archive.decisionLine.destroy', { number: d.decisionNumber })}${d.note ? ` (${d.note})` : ''}`,
          }))} />
        )}
        {deciding && <DecideModal fileId={f.id} onClose={() => setDeciding(false)} />}
        {f.closedAt && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{t('records.file.closedBy', { name: f.closedBy, at: formatDateTime(f.closedAt) })}</Typography.Paragraph>}
      </Card>
      <Card size="small" title={t('records.file.metadata')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-file-metadata" items={[
          { key: 'code', label: t('records.file.code'), children: m.code },
          { key: 'keeper', label: t('records.file.keeper'), children: [f.keeper.fullName, f.keeperUnit?.name].filter(Boolean).join(' — ') },
          { key: 'retention', label: t('records.plan.retention'), children: t(`records.retention.${m.retention}`) },
          { key: 'access', label: t('records.plan.accessRegime'), children: t(`records.access.${m.accessRegime}`) },
          { key: 'language', label: t('records.file.language'), children: m.language },
          { key: 'dates', label: t('records.file.dates'), children: m.startDate ? `${formatDate(m.startDate)} – ${formatDate(m.endDate)}` : '—' },
          { key: 'docs', label: t('records.file.docTotal'), children: <span data-testid="case-file-doc-total">{m.docTotal}</span> },
          { key: 'pages', label: t('records.file.pageTotal'), children: m.pageTotal },
          { key: 'reliability', label: t('records.file.reliability'), children: m.reliability ? t(`records.reliability.${m.reliability}`) : '—' },
          { key: 'keywords', label: t('records.file.keywords'), children: m.keywords ?? '—' },
        ]} />
      </Card>
      <Card size="small" title={t('records.file.documents', { count: f.documents.length })}>
        <Table<CaseFileDocument> rowKey="ordinal" size="small" pagination={false} columns={columns} dataSource={f.documents} data-testid="case-file-documents" />
      </Card>
    </div>
  );
}

function DecideModal({ fileId, onClose }: { fileId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ decision: 'extend' | 'destroy'; years?: number; decisionNumber?: string; note?: string }>();
  const decision = Form.useWatch('decision', form);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await post(`/api/case-files/${fileId}/retention`, v.decision === 'extend'
        ? { decision: 'extend', years: v.years, decisionNumber: v.decisionNumber || null, note: v.note || null }
        : { decision: 'destroy', decisionNumber: v.decisionNumber, note: v.note || null });
      await queryClient.invalidateQueries({ queryKey: recordKeys.all });
      void message.success(t('archive.decided'));
      onClose();
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('archive.decideTitle')} onCancel={onClose} onOk={submit} confirmLoading={busy} okButtonProps={{ danger: decision === 'destroy', 'data-testid': 'decide-ok' }}>
      <Form form={form} layout="vertical" initialValues={{ decision: 'extend', years: 5 }}>
        <Form.Item name="decision">
          <Radio.Group options={[{ value: 'extend', label: t('archive.extend') }, { value: 'destroy', label: t('archive.destroy') }]} />
        </Form.Item>
        {decision !== 'destroy' && <Form.Item name="years" label={t('archive.years')} rules={[{ required: true }]}><InputNumber min={1} max={70} /></Form.Item>}
        {decision === 'destroy' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('archive.destroyWarning')} />}
        <Form.Item name="decisionNumber" label={t('archive.decisionNumber')} rules={decision === 'destroy' ? [{ required: true, message: t('archive.decisionRequired') }] : []}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="note" label={t('archive.note')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function CaseFilesPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<CaseFileView>('mine');
  const [opening, setOpening] = useState(false);
  const files = useCaseFiles(view);
  return (
    <div data-testid="case-files-page">
      <Space wrap align="center" style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{t('records.files.pageTitle')}</Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="open-unplanned">{t('records.unplanned.open')}</Button>
      </Space>
      {opening && <UnplannedFileModal onClose={() => setOpening(false)} />}
      <Tabs activeKey={view} onChange={(k) => setView(k as CaseFileView)} items={(['mine', 'shared', 'unit'] as const).map((v) => ({ key: v, label: t(`records.files.view.${v}`) }))} />
      <ErrorAlert error={files.error} />
      <Table rowKey="id" size="small" loading={files.isPending} dataSource={files.data?.items ?? []} pagination={false} scroll={{ x: 760 }} data-testid="case-files" columns={[
        { title: t('records.file.code'), dataIndex: 'code', width: 220 },
        {
          title: t('records.plan.title'), dataIndex: 'title',
          render: (v: string, r) => <><Link to={`/records/files/${r.id}`}>{v}</Link>{!r.planned && <> <Tag color="orange" data-testid="unplanned-badge">{t('records.unplanned.badge')}</Tag></>}</>,
        },
        { title: t('records.file.keeper'), key: 'keeper', width: 180, render: (_, r) => r.keeper.fullName },
        { title: t('records.file.docTotal'), dataIndex: 'docTotal', width: 100 },
        { title: t('records.file.state'), dataIndex: 'status', width: 120, render: (v: string) => <Tag>{t(`records.status.${v}`)}</Tag> },
      ]} />
    </div>
  );
}

interface UnplannedValues { title: string; year: number; retention: string; accessRegime: string; keywords?: string }

/** "Mở hồ sơ ngoài danh mục": a case file the plan does not list; the official keeps it until the office adds it to the plan. */
function UnplannedFileModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = useToday();
  const [form] = Form.useForm<UnplannedValues>();
  const submit = useSubmit(form);
  return (
    <Modal open title={t('records.unplanned.openTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={submit.busy}
      okText={t('records.unplanned.openOk')} okButtonProps={{ 'data-testid': 'unplanned-ok' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('records.unplanned.openHint')}</Typography.Paragraph>
      <Form form={form} name="open-unplanned" layout="vertical" initialValues={{ year: today.year(), retention: '10', accessRegime: 'public' }} onFinish={(v) => submit.submit(async () => {
        const file = await post<{ id: string }>('/api/case-files/unplanned', { ...v, keywords: v.keywords || null });
        await queryClient.invalidateQueries({ queryKey: recordKeys.all });
        onClose();
        navigate(`/records/files/${file.id}`);
      })}>
        <Form.Item name="title" label={t('records.plan.title')} rules={[{ required: true, whitespace: true, message: t('records.unplanned.titleRequired') }]}>
          <Input maxLength={500} data-testid="unplanned-title" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="year" label={t('records.plan.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="retention" label={t('records.plan.retention')}><Select style={{ width: 160 }} options={RETENTIONS.map((r) => ({ value: r, label: t(`records.retention.${r}`) }))} /></Form.Item>
          <Form.Item name="accessRegime" label={t('records.plan.accessRegime')}><Select style={{ width: 150 }} options={ACCESS_REGIMES.map((r) => ({ value: r, label: t(`records.access.${r}`) }))} /></Form.Item>
        </Space>
        <Form.Item name="keywords" label={t('records.file.keywords')}><Input maxLength={500} /></Form.Item>
      </Form>
      <ErrorAlert error={submit.error} />
    </Modal>
  );
}
