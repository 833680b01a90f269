import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarYearView, DueDateRule, DueDateSettings } from '../../../../shared/calendar';
import { DOCUMENT_TYPES, URGENCIES, type Urgency } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { useErrorText } from '../../../components/labels';

const yearKey = (year: number) => ['calendar', 'year', year] as const;
const rulesKey = ['calendar', 'rules'] as const;

/** The administrator's working-day calendar: the year's holidays and the agency's own days, and the due-date rules. */
export function CalendarPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <YearCard />
      <RulesCard />
      <Typography.Text type="secondary">{t('calendar.help')}</Typography.Text>
    </Space>
  );
}

function YearCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [year, setYear] = useState(dayjs().year());
  const query = useQuery({ queryKey: yearKey(year), queryFn: () => api<CalendarYearView>('/api/calendar', { query: { year } }) });
  const [form] = Form.useForm<{ day: Dayjs; working: boolean; note: string }>();

  async function change(action: () => Promise<unknown>) {
    try {
      await action();
      message.success(t('calendar.saved'));
      await client.invalidateQueries({ queryKey: ['calendar'] });
    } catch (error) {
      message.error(errorText(error));
    }
  }

  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('calendar.title')}</Typography.Title>}
      extra={(
        <Space>
          <label htmlFor="calendar-year">{t('calendar.year')}</label>
          <Select id="calendar-year" value={year} onChange={setYear} style={{ width: 100 }} data-testid="calendar-year"
            options={[-1, 0, 1, 2].map((n) => ({ value: dayjs().year() + n, label: String(dayjs().year() + n) }))} />
        </Space>
      )}
    >
      <Typography.Paragraph data-testid="calendar-working-days">{query.data ? t('calendar.workingDays', { count: query.data.workingDays }) : ''}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ working: true, note: '' }} style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => change(() => api('/api/calendar/days', { method: 'PUT', body: { day: values.day.format('YYYY-MM-DD'), working: values.working, note: values.note ?? '' } }))}>
        <Form.Item name="day" label={t('calendar.day')} rules={[{ required: true, message: t('calendar.day') }]}>
          <DatePicker format="DD/MM/YYYY" data-testid="calendar-day" />
        </Form.Item>
        <Form.Item name="working">
          <Radio.Group options={[{ value: true, label: t('calendar.makeWorking') }, { value: false, label: t('calendar.makeOff') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('calendar.note')}><Input maxLength={200} style={{ width: 220 }} /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="calendar-add">{t('calendar.addDay')}</Button>
      </Form>
      <Table
        rowKey="day"
        size="small"
        loading={query.isLoading}
        pagination={false}
        dataSource={query.data?.days ?? []}
        data-testid="calendar-days"
        columns={[
          { title: t('calendar.day'), dataIndex: 'day', render: (day: string) => dayjs(day).format('DD/MM/YYYY') },
          { title: t('calendar.weekday'), dataIndex: 'day', key: 'weekday', render: (day: string) => dayjs(day).format('dddd') },
          { title: t('calendar.kind'), dataIndex: 'working', render: (working: boolean) => (working ? <Tag color="green">{t('calendar.working')}</Tag> : <Tag color="red">{t('calendar.dayOff')}</Tag>) },
          { title: t('calendar.holidayColumn'), dataIndex: 'holiday', render: (holiday: string | null) => (holiday ? t(`calendar.holiday.${holiday}`) : '') },
          {
            title: t('calendar.agencyEntry'), dataIndex: 'agencyEntry',
            render: (entry: CalendarYearView['days'][number]['agencyEntry'], row) => (entry ? (
              <Space>
                <span>{entry.note || (entry.working ? t('calendar.makeWorking') : t('calendar.makeOff'))}</span>
                <Popconfirm title={t('calendar.removeConfirm', { day: dayjs(row.day).format('DD/MM/YYYY') })} onConfirm={() => change(() => api(`/api/calendar/days/${row.day}`, { method: 'DELETE' }))}>
                  <Button size="small" type="link" danger>{t('calendar.remove')}</Button>
                </Popconfirm>
              </Space>
            ) : <Typography.Text type="secondary">{t('calendar.national')}</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}

function RulesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const client = useQueryClient();
  const query = useQuery({ queryKey: rulesKey, queryFn: () => api<DueDateSettings>('/api/calendar/due-date-rules') });
  const [rules, setRules] = useState<DueDateRule[]>([]);
  const [lead, setLead] = useState(1);
  useEffect(() => {
    if (!query.data) return;
    setRules(query.data.rules);
    setLead(query.data.reminderLeadDays);
  }, [query.data]);
  const update = (index: number, change: Partial<DueDateRule>) => setRules((all) => all.map((r, i) => (i === index ? { ...r, ...change } : r)));

  async function save() {
    try {
      const saved = await api<DueDateSettings>('/api/calendar/due-date-rules', { method: 'PUT', body: { rules, reminderLeadDays: lead } });
      client.setQueryData(rulesKey, saved);
      message.success(t('calendar.saved'));
    } catch (error) {
      message.error(errorText(error));
    }
  }

  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('calendar.rulesTitle')}</Typography.Title>} loading={query.isLoading}>
      <Typography.Paragraph>{t('calendar.rulesHelp')}</Typography.Paragraph>
      <Table
        rowKey={(r) => `${r.urgency}/${r.documentType ?? ''}`}
        size="small"
        pagination={false}
        dataSource={rules}
        data-testid="due-date-rules"
        columns={[
          { title: t('calendar.urgency'), dataIndex: 'urgency', render: (u: Urgency, _r, i) => <Select aria-label={t('calendar.urgency')} value={u} style={{ width: 150 }} onChange={(v) => update(i, { urgency: v })} options={URGENCIES.map((v) => ({ value: v, label: t(`enums.urgency.${v}`) }))} /> },
          {
            title: t('calendar.documentType'), dataIndex: 'documentType',
            render: (d: string | null, _r, i) => <Select aria-label={t('calendar.documentType')} value={d ?? ''} style={{ width: 220 }} onChange={(v) => update(i, { documentType: v || null })} options={[{ value: '', label: t('calendar.allTypes') }, ...DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`enums.documentType.${v}`) }))]} />,
          },
          { title: t('calendar.days'), dataIndex: 'workingDays', render: (n: number, _r, i) => <InputNumber aria-label={t('calendar.days')} min={0} max={366} value={n} onChange={(v) => update(i, { workingDays: v ?? 0 })} /> },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Button onClick={() => setRules((all) => [...all, { urgency: 'normal', documentType: 'decision', workingDays: 10 }])}>{t('calendar.addRule')}</Button>
        <label htmlFor="lead-days">{t('calendar.leadDays')}</label>
        <InputNumber id="lead-days" min={0} max={30} value={lead} onChange={(v) => setLead(v ?? 0)} />
        <Button type="primary" onClick={() => void save()} data-testid="save-rules">{t('calendar.saveRules')}</Button>
      </Space>
    </Card>
  );
}
