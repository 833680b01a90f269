import { ArrowLeftOutlined, FileOutlined, LinkOutlined, PaperClipOutlined, PlusOutlined, SendOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Badge, Button, Empty, Form, Grid, Input, List, Modal, Popconfirm, Radio, Select, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { MESSAGE_MAX_LENGTH, type ConversationDetail, type ConversationSummary, type MessageView } from '../../../shared/chat';
import { api } from '../../api/client';
import { useMe, useUsers } from '../../api/queries';
import { ErrorAlert, formatDateTime, formatSize, useErrorText } from '../../components/labels';
import { useDebounced } from '../../components/useDebounced';
import { useRun } from '../../components/useRun';
import { markRead, messageKeys, sendFiles, sendText, useConversation, useConversations, useMessages, useMessageSearch } from './api';

// Tin nhắn: my conversations on the left, the open one on the right (on a phone, one at a time).
// New messages arrive through the notifications stream (its `message` event refetches).

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function MessagesPage() {
  const { t } = useTranslation();
  const { conversationId = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  return (
    <div className="vp-chat" data-testid="messages-page">
      {/* The page's one heading, for screen readers and the outline: the layout of a chat has no room for it. */}
      <h1 className="vp-visually-hidden">{t('chat.menu')}</h1>
      {(!mobile || !conversationId) && <ConversationList selected={conversationId} />}
      {conversationId ? <ConversationPanel key={conversationId} id={conversationId} mobile={mobile} /> : !mobile && (
        <div className="vp-chat-panel vp-chat-empty"><Empty description={<ChooseHint />} /></div>
      )}
    </div>
  );
}

function ChooseHint() {
  const { t } = useTranslation();
  return <>{t('chat.choose')}</>;
}

function ConversationList({ selected }: { selected: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const conversations = useConversations();
  const [q, setQ] = useState('');
  const query = useDebounced(q, 300);
  const search = useMessageSearch(query);
  const [creating, setCreating] = useState(false);
  return (
    <div className="vp-chat-list">
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('chat.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="chat-search" aria-label={t('chat.searchPlaceholder')} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="chat-new" aria-label={t('chat.new')} />
      </Space.Compact>
      {query.trim() ? (
        <List
          size="small"
          loading={search.isFetching}
          dataSource={search.data?.items ?? []}
          locale={{ emptyText: t('chat.noHits') }}
          data-testid="chat-search-results"
          renderItem={(hit) => (
            <List.Item className="vp-chat-item" onClick={() => { setQ(''); navigate(`/messages/${hit.conversationId}`); }}>
              <List.Item.Meta title={`${hit.conversationTitle} · ${hit.sender.fullName}`} description={<><div>{hit.text}</div><Typography.Text type="secondary">{formatDateTime(hit.createdAt)}</Typography.Text></>} />
            </List.Item>
          )}
        />
      ) : (
        <List
          size="small"
          loading={conversations.isPending}
          dataSource={conversations.data?.items ?? []}
          locale={{ emptyText: t('chat.none') }}
          data-testid="conversation-list"
          renderItem={(c) => <ConversationItem c={c} active={c.id === selected} onOpen={() => navigate(`/messages/${c.id}`)} />}
        />
      )}
      <NewConversation open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function ConversationItem({ c, active, onOpen }: { c: ConversationSummary; active: boolean; onOpen: () => void }) {
  return (
    <List.Item className={`vp-chat-item${active ? ' vp-chat-item-active' : ''}`} onClick={onOpen} data-testid={`conversation-${c.id}`}>
      <List.Item.Meta
        avatar={<Avatar icon={c.kind === 'group' ? <TeamOutlined /> : <UserOutlined />} style={{ background: c.kind === 'group' ? '#1d4f91' : '#52a35f' }} />}
        title={<span className="vp-chat-item-title"><span className={c.unread ? 'vp-chat-unread' : undefined}>{c.title}</span><Badge count={c.unread} size="small" /></span>}
        description={c.lastMessage ? <Typography.Text type="secondary" ellipsis>{c.kind === 'group' ? `${c.lastMessage.sender}: ` : ''}{c.lastMessage.text}</Typography.Text> : null}
      />
    </List.Item>
  );
}

function NewConversation({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data!;
  const users = useUsers();
  const [form] = Form.useForm<{ kind: 'direct' | 'group'; userId?: string; name?: string; memberIds?: string[] }>();
  const kind = Form.useWatch('kind', form) ?? 'direct';
  const options = (users.data ?? []).filter((u) => u.active && u.id !== me.id).map((u) => ({ value: u.id, label: u.fullName }));
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const body = values.kind === 'direct' ? { kind: 'direct', userId: values.userId } : { kind: 'group', name: values.name, memberIds: values.memberIds ?? [] };
      const created = await api<ConversationDetail>('/api/conversations', { method: 'POST', body });
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
      form.resetFields();
      onClose();
      navigate(`/messages/${created.id}`);
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  return (
    <Modal open={open} title={t('chat.new')} onCancel={onClose} onOk={() => void submit()} okText={t('chat.start')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'direct' }}>
        <Form.Item name="kind">
          <Radio.Group optionType="button" options={[{ value: 'direct', label: t('chat.direct') }, { value: 'group', label: t('chat.group') }]} />
        </Form.Item>
        {kind === 'direct' ? (
          <Form.Item name="userId" label={t('chat.colleague')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={options} data-testid="chat-colleague" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="name" label={t('chat.groupName')} rules={[{ required: true, max: 120 }]}><Input data-testid="chat-group-name" /></Form.Item>
            <Form.Item name="memberIds" label={t('chat.members')}><Select mode="multiple" showSearch optionFilterProp="label" options={options} data-testid="chat-members" /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function ConversationPanel({ id, mobile }: { id: string; mobile: boolean }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const queryClient = useQueryClient();
  const conversation = useConversation(id);
  const page = useMessages(id);
  const bottom = useRef<HTMLDivElement>(null);
  const [managing, setManaging] = useState(false);
  const items = useMemo(() => page.data?.items ?? [], [page.data]);
  const last = items[items.length - 1];
  const myRead = conversation.data?.members.find((m) => m.id === me.id)?.lastReadSeq ?? 0;

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [items.length]);
  // Seen what is on screen: the senders see "đã xem", my badge goes down.
  useEffect(() => {
    if (!last || last.seq <= myRead || document.visibilityState === 'hidden') return;
    void markRead(id, last.seq).then(({ unread }) => {
      queryClient.setQueryData(messageKeys.unread, unread);
      void queryClient.invalidateQueries({ queryKey: messageKeys.list });
      void queryClient.invalidateQueries({ queryKey: messageKeys.conversation(id) });
    }).catch(() => undefined);
  }, [id, last, myRead, queryClient]);

  if (conversation.error || page.error) return <div className="vp-chat-panel"><ErrorAlert error={conversation.error ?? page.error} /></div>;
  const c = conversation.data;
  // "Đã xem" under my last message that someone has seen.
  const lastSeenMine = [...items].reverse().find((m) => m.sender.id === me.id && m.seenBy.length);
  return (
    <div className="vp-chat-panel" data-testid="conversation-panel">
      <div className="vp-chat-header">
        {mobile && <Link to="/messages" aria-label={t('chat.back')}><ArrowLeftOutlined /></Link>}
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="conversation-title">{c?.title}</Typography.Title>
        {c?.kind === 'group' && <Button size="small" icon={<TeamOutlined />} onClick={() => setManaging(true)} data-testid="conversation-members">{t('chat.memberCount', { count: c.memberCount })}</Button>}
      </div>
      <div className="vp-chat-messages" data-testid="message-list">
        {items.map((m, i) => {
          const mine = m.sender.id === me.id;
          const showName = !mine && c?.kind === 'group' && items[i - 1]?.sender.id !== m.sender.id;
          return (
            <div key={m.id} className={`vp-msg${mine ? ' vp-msg-mine' : ''}`} data-testid="message">
              {showName && <div className="vp-msg-sender">{m.sender.fullName}</div>}
              <div className="vp-msg-bubble">
                {m.text && <div className="vp-msg-text">{m.text}</div>}
                {m.files.map((f) => (
                  <a key={f.id} className="vp-msg-file" href={`/api/conversations/${id}/files/${f.id}`} download={f.fileName} data-testid="message-file">
                    <FileOutlined /> {f.fileName} <span className="vp-msg-size">({formatSize(f.size)})</span>
                  </a>
                ))}
                {m.link && <MessageLinkView link={m.link} />}
                <div className="vp-msg-time">{formatDateTime(m.createdAt).slice(-5)}</div>
              </div>
              {mine && m === lastSeenMine && <div className="vp-msg-seen" data-testid="message-seen">{t('chat.seen')}{c?.kind === 'group' ? `: ${m.seenBy.join(', ')}` : ''}</div>}
            </div>
          );
        })}
        <div ref={bottom} />
      </div>
      <Composer id={id} />
      {c && <MembersModal c={c} open={managing} onClose={() => setManaging(false)} />}
    </div>
  );
}

function MessageLinkView({ link }: { link: NonNullable<MessageView['link']> }) {
  const { t } = useTranslation();
  if (link.kind === 'task') return <Link className="vp-msg-link" to={`/tasks/${link.id}`}><LinkOutlined /> {t('chat.taskLink')}</Link>;
  if (!link.visible) return <div className="vp-msg-link vp-msg-link-closed" data-testid="message-link-closed"><LinkOutlined /> {t('chat.closedDocument')}</div>;
  return (
    <Link className="vp-msg-link" to={`/${link.direction === 'incoming' ? 'incoming' : 'outgoing'}/${link.id}`} data-testid="message-link">
      <LinkOutlined /> {[link.reference, link.title].filter(Boolean).join(' — ')}
    </Link>
  );
}

function Composer({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [sharing, setSharing] = useState(false);
  const [address, setAddress] = useState('');
  // The whole conversation's queries (its page, the list's last message and unread counts) refetch.
  const { busy, run } = useRun(messageKeys.all);
  const send = async () => {
    if (!text.trim()) return;
    if (await run(() => sendText(id, { text }))) setText('');
  };
  const share = async () => {
    const found = UUID.exec(address)?.[0];
    if (!found) {
      void message.error(t('chat.shareInvalid'));
      return;
    }
    const kind = /\/tasks\//.test(address) ? 'task' as const : 'document' as const;
    if (await run(() => sendText(id, { text: text.trim(), link: { kind, id: found } }))) {
      setText('');
      setAddress('');
      setSharing(false);
    }
  };
  return (
    <div className="vp-chat-composer">
      <Upload
        multiple
        showUploadList={false}
        beforeUpload={(file, list) => {
          // One request for the files chosen together.
          if (file === list[0]) void run(() => sendFiles(id, list as unknown as File[], text.trim())).then((sent) => { if (sent) setText(''); });
          return false;
        }}
      >
        <Button icon={<PaperClipOutlined />} aria-label={t('chat.attach')} disabled={busy} data-testid="chat-attach" />
      </Upload>
      <Button icon={<LinkOutlined />} aria-label={t('chat.share')} onClick={() => setSharing(true)} disabled={busy} data-testid="chat-share" />
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 5 }}
        maxLength={MESSAGE_MAX_LENGTH}
        placeholder={t('chat.placeholder')}
        aria-label={t('chat.placeholder')}
        data-testid="chat-input"
        onPressEnter={(e) => {
          if (e.shiftKey || e.nativeEvent.isComposing) return;
          e.preventDefault();
          void send();
        }}
      />
      <Button type="primary" icon={<SendOutlined />} onClick={() => void send()} loading={busy} aria-label={t('chat.send')} data-testid="chat-send" />
      <Modal open={sharing} title={t('chat.share')} onCancel={() => setSharing(false)} onOk={() => void share()} okText={t('chat.send')}>
        <Typography.Paragraph type="secondary">{t('chat.shareHelp')}</Typography.Paragraph>
        <Input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="…/incoming/…" data-testid="chat-share-address" />
      </Modal>
    </div>
  );
}

function MembersModal({ c, open, onClose }: { c: ConversationDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const users = useUsers();
  const [adding, setAdding] = useState<string[]>([]);
  const manage = c.actions.includes('manage');
  const memberIds = new Set(c.members.map((m) => m.id));
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: messageKeys.all });
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  return (
    <Modal open={open} title={c.title} onCancel={onClose} footer={c.actions.includes('leave') ? (
      <Popconfirm title={t('chat.leaveConfirm')} onConfirm={() => run(async () => { await api(`/api/conversations/${c.id}/leave`, { method: 'POST' }); onClose(); navigate('/messages'); })}>
        <Button danger data-testid="conversation-leave">{t('chat.leave')}</Button>
      </Popconfirm>
    ) : null}>
      <List
        size="small"
        dataSource={c.members}
        renderItem={(m) => (
          <List.Item actions={manage && m.id !== c.createdBy ? [
            <Button key="remove" size="small" danger onClick={() => void run(() => api(`/api/conversations/${c.id}/members/${m.id}`, { method: 'DELETE' }))}>{t('chat.remove')}</Button>,
          ] : []}>
            {m.fullName} {m.unitName && <Typography.Text type="secondary">· {m.unitName}</Typography.Text>} {m.id === c.createdBy && <Tag>{t('chat.creator')}</Tag>}
          </List.Item>
        )}
      />
      {manage && (
        <Space.Compact style={{ width: '100%' }}>
          <Select mode="multiple" style={{ width: '100%' }} value={adding} onChange={setAdding} showSearch optionFilterProp="label"
            options={(users.data ?? []).filter((u) => u.active && !memberIds.has(u.id)).map((u) => ({ value: u.id, label: u.fullName }))} placeholder={t('chat.addMembers')} />
          <Button type="primary" disabled={!adding.length} onClick={() => void run(async () => { await api(`/api/conversations/${c.id}/members`, { method: 'POST', body: { userIds: adding } }); setAdding([]); })}>{t('chat.add')}</Button>
        </Space.Compact>
      )}
    </Modal>
  );
}
