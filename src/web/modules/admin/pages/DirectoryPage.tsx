import { EditOutlined, ImportOutlined, PlusOutlined, StopOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, patch, post } from '../../../api/client';
import type { DirectoryEntry, Page } from '../../../api/types';
import { ErrorAlert, useErrorText } from '../../../components/labels';
import { nfc } from '../../../components/search';
import { useDebounced } from '../../../components/useDebounced';
import { useSubmit, validValues } from '../../../components/useSubmit';
import { directoryKeys } from '../../incoming/components/IssuerField';

// The administrator keeps the agency directory the clerks pick issuers from: finds an entry by any
// words without diacritics (the server matches them), adds, edits, retires one, imports a CSV.

const ORGAN_ID = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/;
const PAGE_SIZE = 20;

interface EntryValues { name: string; shortName?: string; organId?: string }

function EntryModal({ entry, onClose }: { entry: DirectoryEntry | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EntryValues>();
  const { busy, error, setError, submit } = useSubmit(form);
  const open = entry !== undefined;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ name: entry?.name ?? '', shortName: entry?.shortName ?? '', organId: entry?.organId ?? '' });
  }, [open, entry, form, setError]);

  async function save() {
    const values = await validValues(form);
    if (!values) return;
    const body = { name: nfc(values.name).trim(), shortName: nfc(values.shortName)?.trim() || null, organId: values.organId?.trim().toUpperCase() || null };
    await submit(async () => {
      if (entry) await patch(`/api/directory/${entry.id}`, body);
      else await post('/api/directory', body);
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      void message.success(t('directory.saved'));
      onClose();
    });
  }

  return (
    <Modal
      open={open}
      title={entry ? t('directory.edit') : t('directory.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      forceRender
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="directory_entry">
        <Form.Item name="name" label={t('directory.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('directory.name').toLowerCase() }) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="shortName" label={t('directory.shortName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="organId"
          label={t('directory.organId')}
          extra={t('directory.organIdHelp')}
          rules={[{
            validator: async (_: unknown, value: string | undefined) => {
              if (value?.trim() && !ORGAN_ID.test(value.trim().toUpperCase())) throw new Error(t('directory.organIdHelp'));
            },
          }]}
        >
          <Input maxLength={13} placeholder="000.00.00.H17" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ImportResult { created: number; updated: number }

function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ csv: string }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [lineErrors, setLineErrors] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setResult(null);
    setLineErrors([]);
    setError(null);
  }, [open, form]);

  async function run() {
    const values = await validValues(form);
    if (!values) return;
    setBusy(true);
    setResult(null);
    setLineErrors([]);
    setError(null);
    try {
      setResult(await post<ImportResult>('/api/directory/import', { csv: nfc(values.csv) }));
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    } catch (e) {
      // A bad file comes back as one field error per line ("csv.<line>"): list them all.
      const lines = e instanceof ApiError ? e.fields.filter((f) => f.field.startsWith('csv')) : [];
      if (lines.length) setLineErrors(lines.map((f) => (i18n.language.startsWith('en') ? f.message.en : f.message.vi)));
      else setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('directory.importTitle')}
      okText={t('directory.importRun')}
      cancelText={t('common.close')}
      confirmLoading={busy}
      onOk={() => void run()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'import-run' }}
      width={{ xs: '100%', md: 640 }}
      forceRender
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="import-result"
          title={t('directory.importDone')}
          description={(
            <ul>
              <li>{t('directory.importCreated', { count: result.created })}</li>
              <li>{t('directory.importUpdated', { count: result.updated })}</li>
            </ul>
          )}
        />
      )}
      {lineErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="import-errors"
          title={t('directory.importFailed')}
          description={<ul>{lineErrors.map((line) => <li key={line}>{line}</li>)}</ul>}
        />
      )}
      <Typography.Paragraph type="secondary">{t('directory.importHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="directory_import">
        <Upload
          accept=".csv,.txt,text/csv,text/plain"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            // Read here, in the browser: the API takes the text, not the file.
            void file.text().then((text) => form.setFieldsValue({ csv: text }));
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">{t('directory.importFile')}</Button>
        </Upload>
        <Form.Item
          name="csv"
          label={t('directory.importText')}
          style={{ marginTop: 12 }}
          rules={[{ required: true, whitespace: true, message: t('directory.importEmpty') }]}
        >
          <Input.TextArea rows={6} placeholder={'Tên cơ quan;Tên viết tắt;Mã định danh\nUBND tỉnh Điện Biên;UBND;000.00.00.H17'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DirectoryPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<DirectoryEntry | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const q = useDebounced(nfc(search).trim(), 300);

  useEffect(() => {
    document.title = `${t('directory.title')} — VanPhong`;
  }, [t]);
  useEffect(() => setPage(1), [q, showRetired]);

  const list = useQuery({
    queryKey: [...directoryKeys.all, 'admin', q, showRetired, page],
    queryFn: () => api<Page<DirectoryEntry>>('/api/directory', { query: { q: q || undefined, page, pageSize: PAGE_SIZE, includeInactive: showRetired ? 'true' : undefined } }),
    placeholderData: keepPreviousData,
  });

  function setActive(entry: DirectoryEntry, active: boolean) {
    const change = async () => {
      try {
        await patch(`/api/directory/${entry.id}`, { active });
        await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
        void message.success(t('directory.saved'));
      } catch (e) {
        void message.error(errorText(e));
      }
    };
    if (active) {
      void change();
      return;
    }
    modal.confirm({
      title: t('directory.retire'),
      content: t('directory.retireConfirm', { name: entry.name }),
      okText: t('directory.retire'),
      okButtonProps: { danger: true, 'data-testid': 'retire-ok' },
      cancelText: t('common.cancel'),
      onOk: change,
    });
  }

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={4} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('directory.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="directory-import">{t('directory.import')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="directory-add">{t('directory.add')}</Button>
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('directory.search')}
          aria-label={t('directory.search')}
          style={{ width: 360, maxWidth: '100%' }}
          data-testid="directory-search"
        />
        <Checkbox checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)}>{t('directory.showRetired')}</Checkbox>
      </Space>
      <ErrorAlert error={list.error} style={{ marginBottom: 12 }} />
      <Table<DirectoryEntry>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="directory-table"
        locale={{ emptyText: t('directory.empty') }}
        scroll={{ x: 720 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('directory.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          { title: t('directory.name'), dataIndex: 'name' },
          { title: t('directory.shortName'), dataIndex: 'shortName', width: 150, render: (v: string | null) => v ?? '—' },
          { title: t('directory.organId'), dataIndex: 'organId', width: 170, render: (v: string | null) => v ?? '—' },
          {
            title: t('directory.status'),
            dataIndex: 'active',
            width: 150,
            render: (v: boolean) => <Tag color={v ? 'success' : 'default'}>{v ? t('directory.inUse') : t('directory.retired')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 270,
            render: (_: unknown, entry) => (
              <Space size={4} wrap>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(entry)}>{t('common.edit')}</Button>
                {entry.active
                  ? <Button size="small" danger icon={<StopOutlined />} onClick={() => setActive(entry, false)}>{t('directory.retire')}</Button>
                  : <Button size="small" icon={<UndoOutlined />} onClick={() => setActive(entry, true)}>{t('directory.restore')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <EntryModal entry={editing} onClose={() => setEditing(undefined)} />
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
