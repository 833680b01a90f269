import { MessageOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { MESSAGE_MAX_LENGTH, type MessageLinkKind } from '../../../shared/chat';
import { useErrorText } from '../../components/labels';
import { messageKeys, sendText, useConversations } from './api';

/**
 * "Chia sẻ vào tin nhắn" on a document's or a task's page: the link goes into one of my
 * conversations with a line of text; each member opens it only if allowed to (the server checks,
 * and refuses a link the sender cannot open).
 */
export function ShareToConversation({ kind, id }: { kind: MessageLinkKind; id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<MessageOutlined />} onClick={() => setOpen(true)} data-testid="action-share-to-conversation">{t('chat.shareTo')}</Button>
      {open && <ShareDialog kind={kind} id={id} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({ kind, id, onClose }: { kind: MessageLinkKind; id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const conversations = useConversations();
  const [conversationId, setConversationId] = useState<string>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const items = conversations.data?.items ?? [];
  const share = async () => {
    if (!conversationId) return;
    setBusy(true);
    try {
      await sendText(conversationId, { text: text.trim(), link: { kind, id } });
      void queryClient.invalidateQueries({ queryKey: messageKeys.all });
      onClose();
      void message.success({
        content: <span>{t('chat.sharedTo')} <Typography.Link onClick={() => navigate(`/messages/${conversationId}`)} data-testid="shared-open-conversation">{t('chat.openConversation')}</Typography.Link></span>,
      });
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('chat.shareTo')} onCancel={onClose} onOk={() => void share()} okText={t('chat.send')}
      okButtonProps={{ disabled: !conversationId, loading: busy, 'data-testid': 'share-send' }}>
      <Typography.Paragraph type="secondary">{t('chat.shareToHelp')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('chat.conversation')} htmlFor="share-conversation">
          <Select id="share-conversation" showSearch optionFilterProp="label" loading={conversations.isLoading} value={conversationId} onChange={setConversationId}
            notFoundContent={t('chat.none')} data-testid="share-conversation"
            options={items.map((c) => ({ value: c.id, label: c.kind === 'group' ? `${c.title} (${t('chat.memberCount', { count: c.memberCount })})` : c.title }))} />
        </Form.Item>
        <Form.Item label={t('chat.shareNote')} htmlFor="share-text">
          <Input.TextArea id="share-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={MESSAGE_MAX_LENGTH} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="share-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
