import { BellOutlined, CloseCircleOutlined, EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Grid, Input, List, Modal, Popconfirm, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useRun } from '../../components/useRun';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { MeetingDetail, MeetingFile, MeetingFileKind, MeetingParticipant } from '../../../shared/meetings';
import { api, post } from '../../api/client';
import { useMe, useUsers } from '../../api/queries';
import { ErrorAlert, formatDateTime, formatSize } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { looseSearch } from '../../components/search';
import { meetingKeys, meetingWhen, useMeeting } from './api';
import { ResponseTag } from './labels';

// A meeting's page: when and where, the agenda and papers, the answers at a glance (counts and the
// list), my own answer, the organizer's actions, and after the meeting its minutes and conclusions.

export function MeetingPage() {
  const { id = '' } = useParams();
  const query = useMeeting(id);
  if (query.isPending) return <PageLoading />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  return <MeetingView m={query.data} />;
}

type Dialog = null | 'absent' | 'substitute' | 'cancel';

function MeetingView({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const users = useUsers().data ?? [];
  const { busy, run } = useRun(meetingKeys.all);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogForm] = Form.useForm<{ reason?: string; substituteId?: string }>();
  const [conclusion, setConclusion] = useState('');
  const mine = m.participants.find((p) => p.user.id === me?.id);
  const can = (action: MeetingDetail['actions'][number]) => m.actions.includes(action);

  const answer = (body: object) => run(() => post(`/api/meetings/${m.id}/answer`, body), t('meetings.answered'));
  const upload = (kind: MeetingFileKind, file: File) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('files', file);
    void run(() => api(`/api/meetings/${m.id}/files`, { method: 'POST', form }), t('meetings.files.added'));
    return false;
  };
  const confirmDialog = async () => {
    const values = await dialogForm.validateFields();
    const ok = dialog === 'cancel'
      ? await run(() => post(`/api/meetings/${m.id}/cancel`, { reason: values.reason }), t('meetings.cancelledDone'))
      : await answer(dialog === 'absent' ? { answer: 'absent', reason: values.reason } : { answer: 'substitute', substituteId: values.substituteId });
    if (ok) {
      setDialog(null);
      dialogForm.resetFields();
    }
  };

  // On a phone the reason or substitute goes under the answer (the third column is hidden).
  const narrow = !Grid.useBreakpoint().sm;
  const detail = (p: MeetingParticipant) => p.response === 'absent' ? p.reason : p.response === 'substitute' ? t('meetings.sends', { name: p.substitute?.fullName }) : p.remindedAt && p.response === 'pending' ? <Typography.Text type="secondary">{t('meetings.remindedAt', { at: formatDateTime(p.remindedAt) })}</Typography.Text> : null;
  const columns: ColumnsType<MeetingParticipant> = [
    {
      key: 'name', title: t('meetings.participant'),
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <strong>{p.user.fullName}</strong>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[p.user.unitName, p.user.id === m.chair.id ? t('meetings.chair') : null, p.viaUnit ? (p.viaUnit.name === p.user.unitName ? t('meetings.viaOwnUnit') : t('meetings.viaUnit', { unit: p.viaUnit.name })) : null, p.substituteFor ? t('meetings.substituteFor', { name: p.substituteFor.fullName }) : null].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'response', title: t('meetings.answer'), width: narrow ? 130 : 140,
      render: (_, p) => narrow ? <Space direction="vertical" size={0}><ResponseTag response={p.response} /><span style={{ fontSize: 12 }}>{detail(p)}</span></Space> : <ResponseTag response={p.response} />,
    },
    ...(narrow ? [] : [{ key: 'detail', title: t('meetings.answerDetail'), render: (_: unknown, p: MeetingParticipant) => detail(p) }]),
  ];
  const fileList = (kind: MeetingFileKind) => m.files.filter((f) => f.kind === kind);
  const fileItem = (f: MeetingFile) => (
    <List.Item key={f.id}>
      <Space wrap>
        <PaperClipOutlined />
        <a href={`/api/meetings/${m.id}/files/${f.id}`} target="_blank" rel="noreferrer" data-testid="meeting-file">{f.fileName}</a>
        <Typography.Text type="secondary">{formatSize(f.size)} · {f.uploadedBy}</Typography.Text>
      </Space>
    </List.Item>
  );
  const c = m.counts;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="meeting-page">
      <Card
        title={
          <Space direction="vertical" size={0} style={{ whiteSpace: 'normal' }}>
            <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }} data-testid="meeting-title">{m.title}</Typography.Title>
            <Typography.Text type="secondary">{meetingWhen(m.startsAt, m.endsAt, true)}</Typography.Text>
          </Space>
        }
        extra={m.status === 'cancelled' ? <Tag color="red">{t('meetings.cancelled')}</Tag> : null}
      >
        {m.status === 'cancelled' && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('meetings.cancelledBecause', { reason: m.cancelReason })} />}
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('meetings.place')}>{[m.room?.name, m.place].filter(Boolean).join(', ')}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.chair')}>{m.chair.fullName}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.organizer')}>{m.organizer.fullName}</Descriptions.Item>
          {m.units.length > 0 && <Descriptions.Item label={t('meetings.units')}>{m.units.map((u) => u.name).join(', ')}</Descriptions.Item>}
        </Descriptions>
        {m.agenda.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 12 }}>{t('meetings.agenda')}</Typography.Title>
            <ol style={{ paddingInlineStart: 20, margin: 0 }}>{m.agenda.map((item, i) => <li key={i}>{item}</li>)}</ol>
          </>
        )}
        {(can('edit') || can('remind') || can('cancel')) && (
          <Space wrap style={{ marginTop: 16 }}>
            {can('edit') && <Button icon={<EditOutlined />} onClick={() => navigate(`/meetings/${m.id}/edit`)} data-testid="meeting-edit">{t('meetings.edit')}</Button>}
            {can('remind') && (
              <Button icon={<BellOutlined />} disabled={busy || c.pending === 0} data-testid="meeting-remind"
                onClick={() => void run(() => post(`/api/meetings/${m.id}/remind`), t('meetings.remindedDone'))}>
                {t('meetings.remind', { n: c.pending })}
              </Button>
            )}
            {can('cancel') && <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('cancel')} data-testid="meeting-cancel">{t('meetings.cancel')}</Button>}
          </Space>
        )}
      </Card>

      {mine && m.status === 'scheduled' && (
        <Card title={t('meetings.myAnswer')} size="small" data-testid="my-answer">
          <Space wrap>
            <span>{t('meetings.currently')}</span>
            <ResponseTag response={mine.response} />
            {mine.response === 'absent' && mine.reason && <Typography.Text type="secondary">{mine.reason}</Typography.Text>}
            {mine.response === 'substitute' && <Typography.Text type="secondary">{t('meetings.sends', { name: mine.substitute?.fullName })}</Typography.Text>}
          </Space>
          {can('answer') && (
            <Space wrap style={{ marginTop: 12, display: 'flex' }}>
              <Button type="primary" disabled={busy || mine.response === 'attend'} onClick={() => void answer({ answer: 'attend' })} data-testid="answer-attend">{t('meetings.answerAttend')}</Button>
              <Button disabled={busy} onClick={() => setDialog('absent')} data-testid="answer-absent">{t('meetings.answerAbsent')}</Button>
              {!mine.substituteFor && <Button disabled={busy} onClick={() => setDialog('substitute')} data-testid="answer-substitute">{t('meetings.answerSubstitute')}</Button>}
            </Space>
          )}
        </Card>
      )}

      <Card title={t('meetings.answers')} size="small" data-testid="meeting-answers">
        <Space wrap style={{ marginBottom: 12 }} data-testid="meeting-counts">
          <Tag>{t('meetings.counts.invited', { n: c.invited })}</Tag>
          <Tag color="green">{t('meetings.counts.attend', { n: c.attend })}</Tag>
          <Tag color="blue">{t('meetings.counts.substitute', { n: c.substitute })}</Tag>
          <Tag color="red">{t('meetings.counts.absent', { n: c.absent })}</Tag>
          <Tag color="gold">{t('meetings.counts.pending', { n: c.pending })}</Tag>
        </Space>
        <Table<MeetingParticipant> rowKey={(p) => p.user.id} size="small" pagination={false} columns={columns} dataSource={m.participants} />
      </Card>

      <Card title={t('meetings.files.title')} size="small" data-testid="meeting-documents"
        extra={can('edit') && <Upload beforeUpload={(file) => upload('document', file)} showUploadList={false}><Button size="small" icon={<UploadOutlined />} disabled={busy}>{t('meetings.files.add')}</Button></Upload>}>
        {m.documents.length === 0 && fileList('document').length === 0 ? <Typography.Text type="secondary">{t('meetings.files.none')}</Typography.Text> : (
          <List size="small">
            {m.documents.map((d) => (
              <List.Item key={d.id}>
                {d.visible && d.path
                  ? <Link to={d.path} data-testid="linked-document">{[d.reference, d.summary].filter(Boolean).join(' — ')}</Link>
                  : <Typography.Text type="secondary" data-testid="restricted-document">{t('meetings.restrictedDocument')}</Typography.Text>}
              </List.Item>
            ))}
            {fileList('document').map(fileItem)}
          </List>
        )}
      </Card>

      {(can('minutes') || fileList('minutes').length > 0 || m.conclusions.length > 0) && (
        <Card title={t('meetings.minutes.title')} size="small" data-testid="meeting-minutes"
          extra={can('minutes') && <Upload beforeUpload={(file) => upload('minutes', file)} showUploadList={false}><Button size="small" icon={<UploadOutlined />} disabled={busy}>{t('meetings.minutes.add')}</Button></Upload>}>
          {fileList('minutes').length > 0 && <List size="small">{fileList('minutes').map(fileItem)}</List>}
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 8 }}>{t('meetings.minutes.conclusions')}</Typography.Title>
          {m.conclusions.length === 0 && <Typography.Text type="secondary">{t('meetings.minutes.noConclusions')}</Typography.Text>}
          <ol style={{ paddingInlineStart: 20 }}>
            {m.conclusions.map((cn) => (
              <li key={cn.id} style={{ marginBottom: 4 }}>
                {cn.text}{' '}
                {cn.taskId ? <Link to={`/tasks/${cn.taskId}`}><Tag color="purple">{t('meetings.minutes.isTask')}</Tag></Link> : can('minutes') && (
                  <Button size="small" type="link" data-testid="conclusion-to-task"
                    onClick={() => navigate(`/tasks/new?${new URLSearchParams({ meetingId: m.id, conclusionId: cn.id, title: cn.text.slice(0, 500), description: cn.text, sourceLabel: m.title })}`)}>
                    {t('meetings.minutes.toTask')}
                  </Button>
                )}
                {!cn.taskId && can('minutes') && (
                  <Popconfirm title={t('meetings.minutes.removeConfirm')} onConfirm={() => void run(() => api(`/api/meetings/${m.id}/conclusions/${cn.id}`, { method: 'DELETE' }), t('meetings.minutes.removed'))}>
                    <Button size="small" type="link" danger>{t('meetings.minutes.remove')}</Button>
                  </Popconfirm>
                )}
              </li>
            ))}
          </ol>
          {can('minutes') && (
            <Space.Compact style={{ width: '100%', maxWidth: 700 }}>
              <Input value={conclusion} maxLength={4000} onChange={(e) => setConclusion(e.target.value)} placeholder={t('meetings.minutes.conclusionPlaceholder')} data-testid="conclusion-input" />
              <Button type="primary" disabled={busy || !conclusion.trim()} data-testid="conclusion-add"
                onClick={() => void run(() => post(`/api/meetings/${m.id}/conclusions`, { text: conclusion }), t('meetings.minutes.added')).then((ok) => ok && setConclusion(''))}>
                {t('meetings.minutes.addConclusion')}
              </Button>
            </Space.Compact>
          )}
        </Card>
      )}

      <Card title={t('meetings.history.title')} size="small">
        <Timeline items={m.history.map((e) => ({ key: e.id, children: <><strong>{e.actor ?? ''}</strong> {t(`meetings.history.${e.action}`, { defaultValue: e.action, ...historyParams(e.payload) })}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(e.at)}</Typography.Text></> }))} />
      </Card>

      <Modal
        open={dialog !== null}
        title={dialog === 'cancel' ? t('meetings.cancelTitle') : dialog === 'absent' ? t('meetings.answerAbsent') : t('meetings.answerSubstitute')}
        okText={t('meetings.ok')}
        okButtonProps={{ loading: busy, danger: dialog === 'cancel' }}
        onOk={() => void confirmDialog()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={dialogForm} layout="vertical" name="meeting-dialog">
          {dialog === 'substitute' ? (
            <Form.Item name="substituteId" label={t('meetings.substitute')} rules={[{ required: true, message: t('meetings.substituteRequired') }]}>
              <Select showSearch={looseSearch} data-testid="substitute-select"
                options={users.filter((u) => u.active && !m.participants.some((p) => p.user.id === u.id)).map((u) => ({ value: u.id, label: u.fullName }))} />
            </Form.Item>
          ) : (
            <Form.Item name="reason" label={dialog === 'cancel' ? t('meetings.cancelReason') : t('meetings.absentReason')} rules={[{ required: true, whitespace: true, message: t('meetings.reasonRequired') }]}>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} data-testid="dialog-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

function historyParams(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    // `count` would make i18next look for plural forms: the texts say {{n}}.
    const name = key === 'count' ? 'n' : key;
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}
