import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Progress, Radio, Rate, Row, Space, Table, Tag, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
// The ES module build (as the dashboard's charts): the CommonJS one reaches the bundle as an object.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { QuestionResult, SurveyDetail } from '../../../shared/surveys';
import { api } from '../../api/client';
import { ErrorAlert, formatDateTime, useErrorText } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';
import { surveyKeys, useSurvey, useSurveyResults } from './api';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

// One survey: its questions to answer (once, before it closes) and, for its creator and the
// leaders, the results per question as charts, the response rate by unit and an XLSX export.

export function SurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const survey = useSurvey(id);
  const showResults = Boolean(survey.data?.actions.includes('results'));
  const results = useSurveyResults(id, showResults);
  if (survey.isPending) return <PageLoading />;
  if (!survey.data) return <ErrorAlert error={survey.error} />;
  const s = survey.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="survey-page">
      <Card className="vp-wrap-title" title={s.title} extra={showResults && <Button icon={<DownloadOutlined />} href={`/api/surveys/${s.id}/results.xlsx`} data-testid="survey-xlsx">{t('surveys.export')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'closes', label: t('surveys.closesAt'), children: <>{formatDateTime(s.closesAt)} <Tag color={s.open ? 'green' : 'default'}>{s.open ? t('surveys.open') : t('surveys.closed')}</Tag></> },
          { key: 'kind', label: t('surveys.mode'), children: s.anonymous ? t('surveys.anonymous') : t('surveys.named') },
          { key: 'rate', label: t('surveys.responses'), children: `${s.responses}/${s.recipients}` },
        ]} />
        {s.description && <Typography.Paragraph style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>{s.description}</Typography.Paragraph>}
        {s.anonymous && <Alert type="info" showIcon title={t('surveys.anonymousNote')} />}
        {s.answered && <Alert type="success" showIcon title={t('surveys.thanks')} style={{ marginTop: 8 }} data-testid="survey-answered" />}
      </Card>
      {s.actions.includes('answer') && <AnswerForm survey={s} />}
      {showResults && results.error && <ErrorAlert error={results.error} />}
      {showResults && results.data && (
        <>
          <Card title={t('surveys.byUnit')} size="small" data-testid="survey-by-unit">
            <Table size="small" rowKey={(u) => u.unitId ?? '-'} pagination={false} dataSource={results.data.byUnit} columns={[
              { title: t('surveys.unit'), dataIndex: 'unitName' },
              { title: t('surveys.responses'), key: 'n', width: 110, render: (_, u) => `${u.answered}/${u.asked}` },
              { title: t('surveys.rate'), key: 'rate', width: '40%', render: (_, u) => <Progress percent={u.asked ? Math.round((u.answered * 100) / u.asked) : 0} size="small" aria-label={t('surveys.rate')} /> },
            ]} />
          </Card>
          <Row gutter={[12, 12]}>
            {results.data.questions.map((q, i) => (
              <Col key={q.questionId} xs={24} xl={12}><QuestionChart q={q} index={i + 1} /></Col>
            ))}
          </Row>
        </>
      )}
    </Space>
  );
}

function QuestionChart({ q, index }: { q: QuestionResult; index: number }) {
  const { t } = useTranslation();
  const option = {
    tooltip: { trigger: 'axis' }, grid: { left: q.kind === 'scale' ? 32 : 150, right: 32, top: 24, bottom: 24 },
    ...(q.kind === 'scale'
      ? { xAxis: { type: 'category', data: q.counts.map((c) => c.label) }, yAxis: { type: 'value', minInterval: 1 } }
      : { yAxis: { type: 'category', data: q.counts.map((c) => c.label), inverse: true, axisLabel: { width: 140, overflow: 'truncate' } }, xAxis: { type: 'value', minInterval: 1 } }),
    series: [{ type: 'bar', data: q.counts.map((c) => c.count), color: '#1d4f91', label: { show: true, position: q.kind === 'scale' ? 'top' : 'right' } }],
  };
  return (
    <Card size="small" title={`${index}. ${q.text}`} data-testid="survey-question-result"
      extra={<Typography.Text type="secondary">{t('surveys.answeredBy', { count: q.answered })}{q.average !== null ? ` · ${t('surveys.average')} ${q.average}` : ''}</Typography.Text>}>
      {q.kind === 'text'
        ? (q.texts.length ? <ul className="vp-survey-texts">{q.texts.map((text, i) => <li key={i}>{text}</li>)}</ul> : <Typography.Text type="secondary">{t('surveys.noAnswers')}</Typography.Text>)
        : <ReactEChartsCore echarts={echarts} option={option} opts={{ renderer: 'svg' }} style={{ height: Math.max(180, q.counts.length * 36 + 40) }} />}
    </Card>
  );
}

function AnswerForm({ survey }: { survey: SurveyDetail }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    const answers = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length)));
    setBusy(true);
    try {
      await api(`/api/surveys/${survey.id}/responses`, { method: 'POST', body: { answers } });
      void message.success(t('surveys.thanks'));
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('surveys.answerTitle')} data-testid="survey-answer">
      <Form form={form} layout="vertical">
        {survey.questions.map((q, i) => (
          <Form.Item key={q.id} name={q.id} label={`${i + 1}. ${q.text}`} rules={q.required ? [{ required: true, message: t('surveys.requiredMessage') }] : []}>
            {q.kind === 'single' ? <Radio.Group options={q.options.map((o, j) => ({ value: j, label: o }))} />
              : q.kind === 'multiple' ? <Checkbox.Group options={q.options.map((o, j) => ({ value: j, label: o }))} />
                : q.kind === 'scale' ? <Rate count={5} />
                  : <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />}
          </Form.Item>
        ))}
        <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="survey-submit">{t('surveys.submit')}</Button>
      </Form>
    </Card>
  );
}
