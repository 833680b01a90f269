import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { TASK_PRIORITIES, type TaskDetail, type TaskPriority } from '../../../shared/tasks';
import { post } from '../../api/client';
import { useMe, useToday, useUnits, useUsers } from '../../api/queries';
import { DATE_FORMAT, ErrorAlert } from '../../components/labels';
import { useSubmit } from '../../components/useSubmit';
import { assigneeRef, taskKeys } from './api';

// Giao việc: a new task, standalone or from a source given in the address: `?documentId=` (the
// "Giao việc" action of a document's page), `?parentId=` (a sub-task) or `?meetingId=`.

interface Values {
  title: string;
  description?: string;
  priority: TaskPriority;
  dueDate?: Dayjs | null;
  lead?: string;
  coordinators?: string[];
  checklist?: string[];
}

export function TaskFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const { busy, error, submit } = useSubmit(form);
  const me = useMe().data;
  const units = useUnits();
  const users = useUsers();
  const today = useToday();
  const documentId = params.get('documentId');
  const parentId = params.get('parentId');
  const meetingId = params.get('meetingId');
  const conclusionId = params.get('conclusionId');
  const source = documentId ? { kind: 'document', id: documentId } : parentId ? { kind: 'task', id: parentId } : meetingId ? { kind: 'meeting', id: meetingId } : null;
  const sourceLabel = params.get('sourceLabel');
  const options = [
    { label: t('tasks.form.units'), options: (units.data ?? []).filter((u) => u.active).map((u) => ({ value: `u:${u.id}`, label: u.name })) },
    { label: t('tasks.form.people'), options: (users.data ?? []).filter((u) => u.active && u.id !== me?.id).map((u) => ({ value: `p:${u.id}`, label: u.fullName })) },
  ];
  const onFinish = (values: Values) => submit(async () => {
    const fields = {
      title: values.title, description: values.description || null, priority: values.priority,
      dueDate: values.dueDate ? values.dueDate.format('YYYY-MM-DD') : null,
      lead: values.lead ? assigneeRef(values.lead) : {},
      coordinators: (values.coordinators ?? []).map(assigneeRef),
      checklist: (values.checklist ?? []).map((c) => c.trim()).filter(Boolean),
    };
    // A meeting's conclusion becomes the task through the meeting, which links the two.
    const created = meetingId && conclusionId
      ? { id: (await post<{ taskId: string }>(`/api/meetings/${meetingId}/conclusions/${conclusionId}/task`, fields)).taskId }
      : await post<TaskDetail>('/api/tasks', { ...fields, source });
    await queryClient.invalidateQueries({ queryKey: taskKeys.all });
    navigate(`/tasks/${created.id}`);
  }, { map: (field) => (field.startsWith('coordinators') ? 'coordinators' : field.startsWith('lead') ? 'lead' : field.startsWith('checklist') ? 'checklist' : field) });
  return (
    <Card size="small" data-testid="task-form-page">
      <Typography.Title level={1} style={{ marginTop: 0 }} data-testid="page-title">{source?.kind === 'task' ? t('tasks.form.subtaskTitle') : t('tasks.form.title')}</Typography.Title>
      {source && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="task-form-source"
          title={t(`tasks.form.from.${source.kind}`, { label: sourceLabel ?? '' })} />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ priority: 'normal', title: params.get('title') ?? undefined, description: params.get('description') ?? undefined }} style={{ maxWidth: 760 }}>
        <Form.Item name="title" label={t('tasks.title')} rules={[{ required: true, whitespace: true, message: t('tasks.form.titleRequired') }, { max: 500 }]}>
          <Input data-testid="task-title" maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('tasks.description')} rules={[{ max: 10000 }]}>
          <Input.TextArea rows={4} data-testid="task-description" />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="priority" label={t('tasks.priorityLabel')}>
            <Select style={{ width: 180 }} data-testid="task-priority-select" options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priority.${p}`) }))} />
          </Form.Item>
          <Form.Item name="dueDate" label={t('tasks.dueDate')}>
            <DatePicker format={DATE_FORMAT} disabledDate={(d) => d.isBefore(today, 'day')} data-testid="task-due-date" />
          </Form.Item>
        </Space>
        <Form.Item name="lead" label={t('tasks.lead')} rules={[{ required: true, message: t('tasks.form.leadRequired') }]}>
          <Select showSearch optionFilterProp="label" options={options} data-testid="task-lead" placeholder={t('tasks.form.pick')} />
        </Form.Item>
        <Form.Item name="coordinators" label={t('tasks.coordinators')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={options} data-testid="task-coordinators" placeholder={t('tasks.form.pick')} />
        </Form.Item>
        <Form.Item name="checklist" label={t('tasks.checklist')} extra={t('tasks.form.checklistHelp')}>
          <Select mode="tags" open={false} tokenSeparators={['\n']} data-testid="task-checklist" />
        </Form.Item>
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="task-submit">{t('tasks.form.submit')}</Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
