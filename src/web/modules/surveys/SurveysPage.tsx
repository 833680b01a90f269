import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SURVEY_QUESTION_KINDS, type SurveyDetail, type SurveyQuestionKind, type SurveySummary } from '../../../shared/surveys';
import { api } from '../../api/client';
import { useUnits, useUsers } from '../../api/queries';
import { ErrorAlert, formatDateTime, useErrorText } from '../../components/labels';
import { useKeyboardScroll } from '../../components/ListStates';
import { surveyKeys, useSurveys } from './api';

// Khảo sát: the surveys sent to me or made by me (leaders: all of the agency); the office creates them.

export function SurveysPage() {
  const { t } = useTranslation();
  const surveys = useSurveys();
  const [creating, setCreating] = useState(false);
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('surveys.title') }));
  if (surveys.error) return <ErrorAlert error={surveys.error} />;
  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">{t('surveys.title')}</Typography.Title>}
      extra={surveys.data?.canCreate && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="survey-new">{t('surveys.new')}</Button>}
      data-testid="surveys-page"
    >
      <div ref={tableRef}>
      <Table<SurveySummary>
        rowKey="id"
        size="small"
        loading={surveys.isPending}
        dataSource={surveys.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: t('surveys.name'), key: 'title', render: (_, s) => <Link to={`/surveys/${s.id}`}>{s.title}</Link> },
          { title: t('surveys.closesAt'), key: 'closes', width: 150, render: (_, s) => formatDateTime(s.closesAt) },
          { title: t('surveys.state'), key: 'state', width: 190, render: (_, s) => (
            <Space size={4} wrap>
              <Tag color={s.open ? 'green' : 'default'}>{s.open ? t('surveys.open') : t('surveys.closed')}</Tag>
              {s.anonymous && <Tag>{t('surveys.anonymous')}</Tag>}
              {s.asked && <Tag color={s.answered ? 'blue' : 'orange'}>{s.answered ? t('surveys.answered') : t('surveys.toAnswer')}</Tag>}
            </Space>
          ) },
          { title: t('surveys.responses'), key: 'responses', width: 110, render: (_, s) => `${s.responses}/${s.recipients}` },
        ]}
      />
      </div>
      <CreateSurvey open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

interface QuestionForm { kind: SurveyQuestionKind; text: string; required?: boolean; options?: string[] }
interface SurveyForm { title: string; description?: string; anonymous: boolean; closesAt: Dayjs; unitIds?: string[]; userIds?: string[]; questions: QuestionForm[] }

function CreateSurvey({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const units = useUnits();
  const users = useUsers();
  const [form] = Form.useForm<SurveyForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const created = await api<SurveyDetail>('/api/surveys', {
        method: 'POST',
        body: {
          title: v.title, description: v.description ?? '', anonymous: v.anonymous, closesAt: v.closesAt.toISOString(),
          unitIds: v.unitIds ?? [], userIds: v.userIds ?? [],
          questions: v.questions.map((q) => ({ kind: q.kind, text: q.text, required: Boolean(q.required), options: q.kind === 'single' || q.kind === 'multiple' ? q.options ?? [] : [] })),
        },
      });
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      onClose();
      navigate(`/surveys/${created.id}`);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('surveys.new')} onCancel={onClose} onOk={() => void submit()} okText={t('surveys.send')} confirmLoading={busy} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ anonymous: true, questions: [{ kind: 'scale', text: '', required: true }] }}>
        <Form.Item name="title" label={t('surveys.name')} rules={[{ required: true, max: 300 }]}><Input data-testid="survey-title" /></Form.Item>
        <Form.Item name="description" label={t('surveys.description')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
        <Space wrap>
          <Form.Item name="closesAt" label={t('surveys.closesAt')} rules={[{ required: true }]}><DatePicker showTime format="DD/MM/YYYY HH:mm" /></Form.Item>
          <Form.Item name="anonymous" label={t('surveys.anonymous')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Form.Item name="unitIds" label={t('surveys.units')}>
          <Select mode="multiple" optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="userIds" label={t('surveys.people')}>
          <Select mode="multiple" optionFilterProp="label" options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.fullName }))} />
        </Form.Item>
        <Typography.Title level={5}>{t('surveys.questions')}</Typography.Title>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={`${t('surveys.question')} ${index + 1}`}
                  extra={fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('surveys.removeQuestion')} />}>
                  <Space wrap style={{ width: '100%' }}>
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} style={{ minWidth: 180 }}>
                      <Select options={SURVEY_QUESTION_KINDS.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'required']} valuePropName="checked"><Checkbox>{t('surveys.required')}</Checkbox></Form.Item>
                  </Space>
                  <Form.Item name={[field.name, 'text']} rules={[{ required: true, max: 500 }]}><Input placeholder={t('surveys.questionText')} /></Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => ['single', 'multiple'].includes(form.getFieldValue(['questions', field.name, 'kind'])) && (
                      <Form.Item name={[field.name, 'options']} rules={[{ required: true, type: 'array', min: 2 }]}>
                        <Select mode="tags" placeholder={t('surveys.options')} open={false} />
                      </Form.Item>
                    )}
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'single', text: '', required: false, options: [] })}>{t('surveys.addQuestion')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
