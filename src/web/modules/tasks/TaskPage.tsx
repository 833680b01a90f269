import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, List, Modal, Popconfirm, Progress, Select, Slider, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { CheckOutlined, NotificationOutlined, PaperClipOutlined, PlusOutlined, RollbackOutlined, ShareAltOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShareToConversation } from '../messages/ShareToConversation';
import { Link, useNavigate, useParams } from 'react-router';
import type { TaskDetail, TaskEvent, TaskSummary } from '../../../shared/tasks';
import { api, patch, post } from '../../api/client';
import { useUsers } from '../../api/queries';
import { DueDate, ErrorAlert, formatDateTime, formatSize, useErrorText } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { taskKeys, useTask } from './api';
import { PriorityTag, TaskStatusTag } from './labels';

// A task's page: what it is, who does it, its checklist, files, sub-tasks and history, and the
// buttons of the actions the server says the reader may take.

type Dialog = null | 'progress' | 'complete' | 'accept' | 'return' | 'remind' | 'pass_on';

export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const task = useTask(id);
  const users = useUsers();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [comment, setComment] = useState('');
  const [newItem, setNewItem] = useState('');
  if (task.isPending) return <PageLoading />;
  if (!task.data) return <ErrorAlert error={task.error} />;
  const k = task.data;
  const can = (a: TaskDetail['actions'][number]) => k.actions.includes(a);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setDialogError(null);
    try {
      const result = await work();
      if (result && typeof result === 'object' && 'id' in result) queryClient.setQueryData(taskKeys.task(id), result);
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      if (done) void message.success(done);
      setDialog(null);
      return true;
    } catch (error) {
      setDialogError(error);
      if (!dialog) void message.error(errorText(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const open = (d: Dialog) => { form.resetFields(); setDialogError(null); setDialog(d); };
  const heldUnitRows = k.assignees.filter((a) => a.status === 'active' && a.unit && !a.user);
  const submitDialog = async () => {
    const v = form.getFieldsValue() as { progress?: number; note?: string; reason?: string; assigneeId?: string; userId?: string };
    const base = `/api/tasks/${id}`;
    if (dialog === 'progress') await run(() => post(`${base}/progress`, { progress: v.progress ?? k.progress, note: v.note || null, version: k.version }), t('tasks.done.progress'));
    else if (dialog === 'complete') await run(() => post(`${base}/complete`, { note: v.note || null }), t('tasks.done.complete'));
    else if (dialog === 'accept') await run(() => post(`${base}/accept`, { note: v.note || null }), t('tasks.done.accept'));
    else if (dialog === 'return') await run(() => post(`${base}/return`, { reason: v.reason ?? '' }), t('tasks.done.return'));
    else if (dialog === 'remind') await run(() => post(`${base}/remind`, { note: v.note ?? '' }), t('tasks.done.remind'));
    else if (dialog === 'pass_on') await run(() => post(`${base}/pass-on`, { assigneeId: v.assigneeId ?? heldUnitRows[0]?.id, userId: v.userId }), t('tasks.done.passOn'));
  };
  const passOnUnit = heldUnitRows[0]?.unit?.id;

  const lead = k.assignees.filter((a) => a.role === 'lead');
  const coordinators = k.assignees.filter((a) => a.role === 'coordinate');
  const who = (rows: typeof k.assignees) => rows.length ? (
    <Space wrap size={4}>
      {rows.map((a) => <Tag key={a.id} color={a.status === 'passed_on' ? 'default' : 'blue'}>{a.user?.fullName ?? a.unit?.name}{a.status === 'passed_on' ? ` (${t('tasks.passedOn')})` : ''}</Tag>)}
    </Space>
  ) : '—';
  const source = k.source && (
    k.source.kind === 'document'
      ? (k.source.visible
        ? <Link to={`/${k.source.direction === 'incoming' ? 'incoming' : 'outgoing'}/${k.source.id}`} data-testid="task-source-document">{[k.source.reference, k.source.summary].filter(Boolean).join(' — ')}</Link>
        : <Typography.Text type="secondary" data-testid="task-source-restricted">{t('tasks.sourceRestricted')}</Typography.Text>)
      : k.source.kind === 'task'
        ? (k.source.title ? <Link to={`/tasks/${k.source.id}`}>{k.source.title}</Link> : <Typography.Text type="secondary">{t('tasks.parentRestricted')}</Typography.Text>)
        : <Link to={`/meetings/${k.source.id}`}>{t('tasks.fromMeeting')}</Link>
  );

  return (
    <div data-testid="task-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }} data-testid="page-title">{k.title}</Typography.Title>
            <TaskStatusTag status={k.status} />
            <PriorityTag priority={k.priority} />
            {k.overdue && <Tag color="red" data-testid="task-overdue">{t('tasks.overdue')}</Tag>}
          </Space>
          <Progress percent={k.progress} status={k.overdue ? 'exception' : k.status === 'accepted' ? 'success' : 'active'} aria-label={t('tasks.progress')} data-testid="task-progress" />
          <Space wrap>
            {can('progress') && <Button type="primary" onClick={() => { open('progress'); form.setFieldsValue({ progress: k.progress }); }} data-testid="action-progress">{t('tasks.action.progress')}</Button>}
            {can('complete') && <Button icon={<CheckOutlined />} onClick={() => open('complete')} data-testid="action-complete">{t('tasks.action.complete')}</Button>}
            {can('accept') && <Button type="primary" icon={<CheckOutlined />} onClick={() => open('accept')} data-testid="action-accept">{t('tasks.action.accept')}</Button>}
            {can('return') && <Button danger icon={<RollbackOutlined />} onClick={() => open('return')} data-testid="action-return">{t('tasks.action.return')}</Button>}
            {can('pass_on') && <Button icon={<ShareAltOutlined />} onClick={() => open('pass_on')} data-testid="action-pass-on">{t('tasks.action.passOn')}</Button>}
            {can('subtask') && <Button icon={<PlusOutlined />} onClick={() => navigate(`/tasks/new?parentId=${k.id}&sourceLabel=${encodeURIComponent(k.title)}`)} data-testid="action-subtask">{t('tasks.action.subtask')}</Button>}
            {can('remind') && <Button icon={<NotificationOutlined />} onClick={() => open('remind')} data-testid="action-remind">{t('tasks.action.remind')}</Button>}
            <ShareToConversation kind="task" id={k.id} />
          </Space>
        </Space>
      </Card>

      <Card size="small" title={t('tasks.details')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="task-details" items={[
          { key: 'assigner', label: t('tasks.assigner'), children: k.assigner.fullName },
          { key: 'due', label: t('tasks.dueDate'), children: <DueDate value={k.dueDate} overdue={k.overdue} /> },
          { key: 'lead', label: t('tasks.lead'), children: who(lead) },
          { key: 'coordinators', label: t('tasks.coordinators'), children: who(coordinators) },
          { key: 'created', label: t('tasks.createdAt'), children: formatDateTime(k.createdAt) },
          ...(source ? [{ key: 'source', label: t('tasks.source'), children: source }] : []),
          ...(k.returnReason && k.status === 'in_progress' ? [{ key: 'returned', label: t('tasks.returnReason'), children: <Typography.Text type="danger">{k.returnReason}</Typography.Text> }] : []),
          ...(k.description ? [{ key: 'description', label: t('tasks.description'), span: 2, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{k.description}</Typography.Paragraph> }] : []),
        ]} />
      </Card>

      <Card size="small" title={t('tasks.checklist')} style={{ marginBottom: 12 }} data-testid="task-checklist-card">
        <List size="small" dataSource={k.checklist} locale={{ emptyText: t('tasks.noChecklist') }} renderItem={(c) => (
          <List.Item>
            <Checkbox checked={c.done} disabled={!can('checklist') || busy} onChange={(e) => void run(() => patch(`/api/tasks/${id}/checklist/${c.id}`, { done: e.target.checked }))} data-testid="checklist-item">
              <span style={c.done ? { textDecoration: 'line-through' } : undefined}>{c.text}</span>
            </Checkbox>
            {c.done && c.doneBy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.doneBy}</Typography.Text>}
          </List.Item>
        )} />
        {can('checklist') && (
          <Space.Compact style={{ width: '100%', maxWidth: 520, marginTop: 8 }}>
            <Input value={newItem} onChange={(e) => setNewItem(e.target.value)} placeholder={t('tasks.addChecklist')} maxLength={500} data-testid="checklist-new" aria-label={t('tasks.addChecklist')} />
            <Button disabled={!newItem.trim()} onClick={() => void run(() => post(`/api/tasks/${id}/checklist`, { text: newItem })).then((done) => done && setNewItem(''))} data-testid="checklist-add">{t('tasks.add')}</Button>
          </Space.Compact>
        )}
      </Card>

      <Card size="small" title={t('tasks.files')} style={{ marginBottom: 12 }}
        extra={can('files') && (
          <Upload multiple showUploadList={false} customRequest={({ file }) => {
            const form = new FormData();
            form.append('files', file as Blob);
            void run(() => api(`/api/tasks/${id}/files`, { method: 'POST', form }), t('tasks.done.files'));
          }}>
            <Button size="small" icon={<UploadOutlined />} data-testid="task-upload">{t('tasks.upload')}</Button>
          </Upload>
        )}>
        <List size="small" dataSource={k.files} locale={{ emptyText: t('tasks.noFiles') }} renderItem={(f) => (
          <List.Item>
            <a href={`/api/tasks/${id}/files/${f.id}`} download={f.fileName} data-testid="task-file"><PaperClipOutlined /> {f.fileName}</a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatSize(f.size)} · {f.createdBy}</Typography.Text>
          </List.Item>
        )} />
      </Card>

      {(k.subtasks.length > 0 || can('subtask')) && (
        <Card size="small" title={t('tasks.subtasks')} style={{ marginBottom: 12 }}>
          <Table<TaskSummary> rowKey="id" size="small" pagination={false} dataSource={k.subtasks} locale={{ emptyText: t('tasks.noSubtasks') }} columns={[
            { title: t('tasks.title'), key: 'title', render: (_, s) => <Link to={`/tasks/${s.id}`}>{s.title}</Link> },
            { title: t('tasks.lead'), dataIndex: 'lead', width: 170, responsive: ['md'] },
            { title: t('tasks.dueDate'), key: 'due', width: 110, render: (_, s) => <DueDate value={s.dueDate} overdue={s.overdue} /> },
            { title: t('tasks.progress'), key: 'p', width: 90, render: (_, s) => `${s.progress}%` },
          ]} />
        </Card>
      )}

      <Card size="small" title={t('tasks.history')} data-testid="task-history">
        {can('comment') && (
          <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
            <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 1, maxRows: 5 }} maxLength={5000} placeholder={t('tasks.commentPlaceholder')} aria-label={t('tasks.commentPlaceholder')} data-testid="task-comment" />
            <Button type="primary" disabled={!comment.trim()} loading={busy} onClick={() => void run(() => post(`/api/tasks/${id}/comments`, { text: comment })).then((done) => done && setComment(''))} data-testid="task-comment-send">{t('tasks.send')}</Button>
          </Space.Compact>
        )}
        <Timeline items={[...k.history].reverse().map((e) => ({ key: e.id, color: e.action === 'returned' ? 'red' : e.action === 'accepted' ? 'green' : e.action === 'comment' ? 'gray' : 'blue', children: <HistoryLine event={e} /> }))} />
      </Card>

      <Modal open={dialog !== null} title={dialog ? t(`tasks.dialog.${dialog}`) : ''} onCancel={() => setDialog(null)} onOk={() => void submitDialog()} okButtonProps={{ loading: busy, 'data-testid': 'dialog-ok' }} destroyOnHidden>
        <Form form={form} layout="vertical">
          {dialog === 'progress' && (
            <Form.Item name="progress" label={t('tasks.progress')}>
              <Slider min={0} max={100} step={5} marks={{ 0: '0%', 50: '50%', 100: '100%' }} data-testid="progress-slider" />
            </Form.Item>
          )}
          {dialog === 'pass_on' && (
            <>
              {heldUnitRows.length > 1 && (
                <Form.Item name="assigneeId" label={t('tasks.passOnFrom')} initialValue={heldUnitRows[0]?.id}>
                  <Select options={heldUnitRows.map((r) => ({ value: r.id, label: r.unit?.name }))} />
                </Form.Item>
              )}
              <Form.Item name="userId" label={t('tasks.passOnTo')}>
                <Select showSearch optionFilterProp="label" data-testid="pass-on-user"
                  options={(users.data ?? []).filter((u) => u.active && u.unitId === passOnUnit).map((u) => ({ value: u.id, label: u.fullName }))} />
              </Form.Item>
            </>
          )}
          {dialog === 'return'
            ? <Form.Item name="reason" label={t('tasks.returnReason')}><Input.TextArea rows={3} maxLength={2000} data-testid="dialog-reason" /></Form.Item>
            : dialog && dialog !== 'pass_on' && <Form.Item name="note" label={t(dialog === 'remind' ? 'tasks.remindNote' : 'tasks.note')}><Input.TextArea rows={3} maxLength={2000} data-testid="dialog-note" /></Form.Item>}
        </Form>
        <ErrorAlert error={dialogError} />
      </Modal>
    </div>
  );
}

function HistoryLine({ event }: { event: TaskEvent }) {
  const { t } = useTranslation();
  const p = event.payload as Record<string, string | number | null | undefined>;
  const detail = event.action === 'comment' ? p.text
    : event.action === 'progress' ? `${p.from}% → ${p.to}%${p.note ? ` — ${p.note}` : ''}`
      : event.action === 'returned' ? p.reason
        : event.action === 'passed_on' ? `${p.unit} → ${p.to}`
          : ['checklist_added', 'checklist_checked', 'checklist_unchecked', 'subtask_added'].includes(event.action) ? (p.text ?? p.title)
            : event.action === 'files_added' ? (event.payload.files as string[] | undefined)?.join(', ')
              : p.note;
  return (
    <div data-testid="task-history-line">
      <Typography.Text strong>{event.actor ?? t('tasks.system')}</Typography.Text>{' '}
      <Typography.Text>{t(`tasks.event.${event.action}`, { defaultValue: event.action })}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {formatDateTime(event.createdAt)}</Typography.Text>
      {detail ? <div style={{ whiteSpace: 'pre-wrap' }}>{String(detail)}</div> : null}
    </div>
  );
}
