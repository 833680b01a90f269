import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { keys } from '../../../api/queries';
import { useErrorText } from '../../../components/labels';

/**
 * Đôn đốc: a leader, the assigner or the unit head reminds the holder of open work, with a note.
 * Shown only where the server offers the `remind` action; the tracking register reuses it.
 */
export function RemindButton({ assignmentId, holder, documentId }: { assignmentId: string; holder: string; documentId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    try {
      await api(`/api/assignments/${assignmentId}/reminders`, { method: 'POST', body: { note } });
      message.success(t('notifications.remindSent'));
      setOpen(false);
      setNote('');
      if (documentId) await client.invalidateQueries({ queryKey: keys.document(documentId) });
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="small" icon={<BellOutlined />} onClick={(e) => { e.stopPropagation(); setOpen(true); }} data-testid="remind-button">{t('notifications.remind')}</Button>
      <Modal open={open} title={t('notifications.remindTitle', { holder })} onCancel={() => setOpen(false)} onOk={() => void send()} confirmLoading={busy} okText={t('notifications.remind')} destroyOnHidden>
        <label htmlFor={`remind-note-${assignmentId}`}>{t('notifications.remindNote')}</label>
        <Input.TextArea id={`remind-note-${assignmentId}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} rows={3} data-testid="remind-note" />
      </Modal>
    </>
  );
}
