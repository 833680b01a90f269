import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { FolderAddOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { post } from '../../api/client';
import { ErrorAlert } from '../../components/labels';
import { recordKeys, useCaseFiles, useFilesOfDocument } from './api';

// "Thêm vào hồ sơ" on a document's page: link the document into one of my open case files, and
// the files (that I may read) it is already in.

export function AddToCaseFile({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [fileId, setFileId] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mine = useCaseFiles('mine', 'open', open);
  const holding = useFilesOfDocument(documentId);
  const inFiles = holding.data?.items ?? [];
  const add = async () => {
    if (!fileId) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/api/case-files/${fileId}/documents`, { documentId });
      await queryClient.invalidateQueries({ queryKey: recordKeys.all });
      void message.success(t('records.add.done'));
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Space wrap size={4}>
        <Button icon={<FolderAddOutlined />} onClick={() => setOpen(true)} data-testid="action-add-to-case-file">{t('records.add.button')}</Button>
        {inFiles.map((f) => <Link key={f.id} to={`/records/files/${f.id}`} data-testid="document-case-file">{f.code}</Link>)}
      </Space>
      <Modal open={open} title={t('records.add.title')} onCancel={() => setOpen(false)} onOk={() => void add()} okText={t('records.add.ok')}
        okButtonProps={{ disabled: !fileId, loading: busy, 'data-testid': 'dialog-ok' }} data-testid="dialog-add-to-case-file">
        <Form layout="vertical">
          <Form.Item label={t('records.add.file')}>
            <Select value={fileId} onChange={setFileId} loading={mine.isPending} aria-label={t('records.add.file')} data-testid="add-to-case-file-select"
              options={(mine.data?.items ?? []).filter((f) => !inFiles.some((h) => h.id === f.id)).map((f) => ({ value: f.id, label: `${f.code} — ${f.title}` }))}
              notFoundContent={<Typography.Text type="secondary">{t('records.add.noFile')}</Typography.Text>} />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </>
  );
}
