import { DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, List, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SAVED_SEARCH_NAME_MAX, type SavedSearch, type SearchFilters } from '../../../shared/search';
import { api, patch, post } from '../../api/client';
import { ErrorAlert, useErrorText } from '../../components/labels';

// Tra cứu đã lưu: the official's own searches under a name. Opening one puts its words and filters
// in the address, so the page runs it as any other search.

const savedKey = ['saved-searches'] as const;

/** The name dialog, for a new saved search or a new name. */
function NameDialog({ open, title, initial, onCancel, onSubmit }: { open: boolean; title: string; initial: string; onCancel: () => void; onSubmit: (name: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal open={open} title={title} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden
      okButtonProps={{ 'data-testid': 'saved-search-ok' }}
      onCancel={onCancel} afterOpenChange={(visible) => { if (visible) { form.setFieldsValue({ name: initial }); setError(null); } }}
      onOk={() => form.validateFields().then(async ({ name }) => {
        setBusy(true);
        setError(null);
        try { await onSubmit(name.trim()); } catch (e) { setError(e); } finally { setBusy(false); }
      })}>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('search.saved.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('search.saved.name') }) }]}>
          <Input maxLength={SAVED_SEARCH_NAME_MAX} autoFocus data-testid="saved-search-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SavedSearches({ current, canSave, open }: { current: SearchFilters; canSave: boolean; open: (filters: SearchFilters) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: savedKey, queryFn: () => api<SavedSearch[]>('/api/saved-searches') });
  const [dialog, setDialog] = useState<{ mode: 'save' } | { mode: 'rename'; item: SavedSearch } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: savedKey });

  async function submit(name: string) {
    if (dialog?.mode === 'rename') await patch(`/api/saved-searches/${dialog.item.id}`, { name });
    else await post('/api/saved-searches', { name, filters: current });
    await refresh();
    setDialog(null);
    void message.success(t('search.saved.done'));
  }

  function remove(item: SavedSearch) {
    modal.confirm({
      title: t('search.saved.deleteConfirm', { name: item.name }),
      okText: t('search.saved.delete'), okButtonProps: { danger: true, 'data-testid': 'saved-search-delete-ok' }, cancelText: t('common.cancel'),
      onOk: async () => {
        try { await api(`/api/saved-searches/${item.id}`, { method: 'DELETE' }); await refresh(); } catch (e) { void message.error(errorText(e)); }
      },
    });
  }

  return (
    <section aria-labelledby="saved-searches-title" data-testid="saved-searches">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="saved-searches-title" style={{ fontSize: 14, margin: 0 }}>{t('search.saved.title')}</Typography.Title>
        <Button size="small" icon={<SaveOutlined />} disabled={!canSave} onClick={() => setDialog({ mode: 'save' })} data-testid="saved-search-save">{t('search.saved.save')}</Button>
      </Space>
      <ErrorAlert error={saved.error} />
      <List size="small" dataSource={saved.data ?? []} loading={saved.isLoading} locale={{ emptyText: <Typography.Text type="secondary">{t('search.saved.empty')}</Typography.Text> }}
        renderItem={(item) => (
          <List.Item data-testid="saved-search" style={{ paddingInline: 0 }}
            actions={[
              <Button key="rename" type="text" size="small" icon={<EditOutlined />} aria-label={`${t('search.saved.rename')}: ${item.name}`} title={t('search.saved.rename')}
                onClick={() => setDialog({ mode: 'rename', item })} data-testid="saved-search-rename" />,
              <Button key="delete" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('search.saved.delete')}: ${item.name}`} title={t('search.saved.delete')}
                onClick={() => remove(item)} data-testid="saved-search-delete" />,
            ]}>
            <Button type="link" size="small" style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left', height: 'auto' }} onClick={() => open(item.filters)} data-testid="saved-search-open">
              {item.name}
            </Button>
          </List.Item>
        )} />
      <NameDialog open={dialog !== null} title={dialog?.mode === 'rename' ? t('search.saved.rename') : t('search.saved.save')}
        initial={dialog?.mode === 'rename' ? dialog.item.name : current.q.trim()} onCancel={() => setDialog(null)} onSubmit={submit} />
    </section>
  );
}
