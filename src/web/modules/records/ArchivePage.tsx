import { FilePdfOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ArchiveFile, ArchiveList, ArchiveView, DepositRecord } from '../../../shared/records';
import { api, post } from '../../api/client';
import { ErrorAlert, formatDate, formatDateTime } from '../../components/labels';
import { recordKeys } from './api';

// Lưu trữ cơ quan: the office receives closed case files with a deposit record (PDF); the head of
// the agency sees the files whose retention has ended and decides on each from its page.

const depositPdfUrl = (id: string) => `/api/records/deposits/${id}/pdf`;

export function ArchivePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [view, setView] = useState<ArchiveView>('closed');
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ depositedOn: dayjs.Dayjs; note?: string }>();
  const list = useQuery({ queryKey: [...recordKeys.all, 'archive', view], queryFn: () => api<ArchiveList>('/api/records/archive', { query: { view } }) });
  const canDeposit = list.data?.actions.includes('deposit') ?? false;

  const deposit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const record = await post<DepositRecord>('/api/records/deposits', { caseFileIds: selected, depositedOn: values.depositedOn.format('YYYY-MM-DD'), note: values.note || null });
      setOpen(false);
      setSelected([]);
      await queryClient.invalidateQueries({ queryKey: recordKeys.all });
      void message.success(t('archive.deposited', { number: record.recordNumber }));
      // The files just received, with the link to their deposit record.
      setView('deposited');
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="archive-page">
      <Typography.Title level={1} data-testid="page-title">{t('archive.pageTitle')}</Typography.Title>
      <Tabs activeKey={view} onChange={(k) => { setView(k as ArchiveView); setSelected([]); }}
        items={(['closed', 'deposited', 'expired', 'destroyed'] as const).map((v) => ({ key: v, label: <span data-testid={`archive-tab-${v}`}>{t(`archive.view.${v}`)}</span> }))} />
      <ErrorAlert error={list.error} />
      {view === 'closed' && canDeposit && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<InboxOutlined />} disabled={!selected.length} data-testid="archive-deposit"
            onClick={() => { form.setFieldsValue({ depositedOn: dayjs(), note: '' }); setOpen(true); }}>
            {t('archive.deposit')}{selected.length ? ` (${selected.length})` : ''}
          </Button>
          {!selected.length && <Typography.Text type="secondary">{t('archive.select')}</Typography.Text>}
        </Space>
      )}
      <Table<ArchiveFile>
        rowKey="id" size="small" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false} data-testid="archive-files"
        locale={{ emptyText: t('archive.empty') }}
        rowSelection={view === 'closed' && canDeposit ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ 'aria-label': r.code } as never) } : undefined}
        columns={[
          { title: t('records.file.code'), dataIndex: 'code', width: 170 },
          { title: t('records.plan.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/records/files/${r.id}`}>{v}</Link> },
          { title: t('records.file.keeper'), key: 'keeper', width: 190, render: (_, r) => [r.keeper, r.keeperUnit].filter(Boolean).join(' — ') },
          { title: t('records.file.docTotal'), dataIndex: 'docTotal', width: 90 },
          { title: t('records.plan.retention'), dataIndex: 'retention', width: 110, render: (v: string) => t(`records.retention.${v}`) },
          ...(view === 'closed'
            ? [{ title: t('archive.closedAt'), key: 'closedAt', width: 150, render: (_: unknown, r: ArchiveFile) => formatDateTime(r.closedAt) }]
            : [
              {
                title: t('archive.record'), key: 'record', width: 170,
                render: (_: unknown, r: ArchiveFile) => r.deposit && (
                  <a href={depositPdfUrl(r.deposit.depositId)} target="_blank" rel="noreferrer" data-testid="archive-record-pdf">
                    <FilePdfOutlined /> {t('archive.depositLine', { number: r.deposit.recordNumber, date: formatDate(r.deposit.depositedOn) })}
                  </a>
                ),
              },
              { title: t('archive.retainUntil'), key: 'until', width: 120, render: (_: unknown, r: ArchiveFile) => (r.deposit?.retainUntil ? formatDate(r.deposit.retainUntil) : t('archive.permanent')) },
            ]),
          { title: t('records.file.state'), dataIndex: 'status', width: 120, render: (v: string) => <Tag color={v === 'deposited' ? 'green' : v === 'destroyed' ? 'red' : 'default'}>{t(`records.status.${v}`)}</Tag> },
        ]}
      />
      <Modal open={open} title={t('archive.depositTitle')} onCancel={() => setOpen(false)} onOk={deposit} confirmLoading={busy} okButtonProps={{ 'data-testid': 'archive-deposit-ok' }} destroyOnHidden>
        <Typography.Paragraph>{t('archive.depositHint', { count: selected.length })}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="depositedOn" label={t('archive.depositedOn')} rules={[{ required: true }]}>
            <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={t('archive.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
