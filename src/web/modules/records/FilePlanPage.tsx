import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ACCESS_REGIMES, type PlanEntry, type PlanHeading, RETENTIONS, type RecordPlan } from '../../../shared/records';
import { api, ApiError, post } from '../../api/client';
import { FileExcelOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useToday, useUnits } from '../../api/queries';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { useSubmit } from '../../components/useSubmit';
import { recordKeys, usePlan } from './api';

// Danh mục hồ sơ: the agency's file plan of a year as a tree of headings with their planned files.
// The office drafts it, the head approves it, officials open their files from it.

function EntriesTable({ entries, year }: { entries: PlanEntry[]; year: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const open = async (entry: PlanEntry) => {
    setBusy(entry.id);
    try {
      const file = await post<{ id: string }>('/api/case-files', { planEntryId: entry.id });
      await queryClient.invalidateQueries({ queryKey: recordKeys.all });
      void message.success(t('records.opened'));
      navigate(`/records/files/${file.id}`);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };
  const columns: ColumnsType<PlanEntry> = [
    { title: t('records.plan.fileNotation'), dataIndex: 'fileNotation', width: 110 },
    { title: t('records.plan.title'), dataIndex: 'title' },
    { title: t('records.plan.retention'), dataIndex: 'retention', width: 140, render: (v: string) => t(`records.retention.${v}`) },
    { title: t('records.plan.accessRegime'), dataIndex: 'accessRegime', width: 130, render: (v: string) => t(`records.access.${v}`) },
    { title: t('records.plan.keeper'), key: 'keeper', width: 200, render: (_, e) => [e.keeperUnit?.name, e.keeperUser?.fullName].filter(Boolean).join(' — ') },
    {
      title: t('records.plan.caseFile'), key: 'file', width: 170,
      render: (_, e) => e.caseFile
        ? <Link to={`/records/files/${e.caseFile.id}`} data-testid={`plan-file-${e.id}`}>{t(`records.status.${e.caseFile.status}`)}</Link>
        : e.canOpen
          ? <Button size="small" type="primary" loading={busy === e.id} onClick={() => void open(e)} data-testid={`open-file-${e.fileNotation}`}>{t('records.open')}</Button>
          : e.opened ? <Tag>{t('records.plan.openedByOther')}</Tag> : null,
    },
  ];
  return <Table<PlanEntry> rowKey="id" size="small" pagination={false} columns={columns} dataSource={entries} aria-label={t('records.plan.title')} data-testid={`plan-entries-${year}`} />;
}

function HeadingBlock({ heading, plan }: { heading: PlanHeading; plan: RecordPlan }) {
  const subs = plan.headings.filter((h) => h.parentId === heading.id);
  const own = plan.entries.filter((e) => e.headingId === heading.id);
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={`${heading.code}. ${heading.title}`} data-testid="plan-heading">
      {own.length > 0 && <EntriesTable entries={own} year={plan.year} />}
      {subs.map((sub) => (
        <div key={sub.id} style={{ marginTop: 12 }}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>{`${sub.code}. ${sub.title}`}</Typography.Title>
          <EntriesTable entries={plan.entries.filter((e) => e.headingId === sub.id)} year={plan.year} />
        </div>
      ))}
    </Card>
  );
}

interface EntryValues { headingId: string; notation?: string; title: string; retention: string; accessRegime: string; keeperUnitId: string }

function PlanEditor({ plan }: { plan: RecordPlan }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [headingForm] = Form.useForm<{ parentId?: string; title: string }>();
  const [entryForm] = Form.useForm<EntryValues>();
  const heading = useSubmit(headingForm);
  const entry = useSubmit(entryForm);
  const units = useUnits();
  const refresh = () => queryClient.invalidateQueries({ queryKey: recordKeys.plan(plan.year) });
  const tops = plan.headings.filter((h) => !h.parentId);
  const headingOptions = tops.flatMap((top) => [
    { value: top.id, label: `${top.code}. ${top.title}` },
    ...plan.headings.filter((h) => h.parentId === top.id).map((h) => ({ value: h.id, label: `${top.code}.${h.code}. ${h.title}` })),
  ]);
  return (
    <Card size="small" title={t('records.plan.edit')} style={{ marginBottom: 12 }}>
      <Form form={headingForm} layout="inline" onFinish={(v) => heading.submit(async () => { await post(`/api/records/plans/${plan.year}/headings`, { parentId: v.parentId || null, title: v.title }); headingForm.resetFields(); await refresh(); })}>
        <Form.Item name="parentId" label={t('records.plan.parent')}>
          <Select allowClear style={{ width: 220 }} options={tops.map((h) => ({ value: h.id, label: `${h.code}. ${h.title}` }))} placeholder={t('records.plan.topLevel')} data-testid="heading-parent" />
        </Form.Item>
        <Form.Item name="title" label={t('records.plan.headingTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} style={{ width: 280 }} data-testid="heading-title" />
        </Form.Item>
        <Button htmlType="submit" loading={heading.busy} data-testid="heading-add">{t('records.plan.addHeading')}</Button>
      </Form>
      <ErrorAlert error={heading.error} style={{ marginTop: 8 }} />
      {headingOptions.length > 0 && (
        <Form form={entryForm} layout="vertical" style={{ marginTop: 16 }} initialValues={{ retention: '10', accessRegime: 'public' }}
          onFinish={(v) => entry.submit(async () => { await post(`/api/records/plans/${plan.year}/entries`, { ...v, notation: v.notation || null }); entryForm.resetFields(['title', 'notation']); await refresh(); })}>
          <Space wrap align="start">
            <Form.Item name="headingId" label={t('records.plan.heading')} rules={[{ required: true }]}><Select style={{ width: 260 }} options={headingOptions} data-testid="entry-heading" /></Form.Item>
            <Form.Item name="notation" label={t('records.plan.notation')}><Input maxLength={20} style={{ width: 100 }} /></Form.Item>
            <Form.Item name="title" label={t('records.plan.title')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} style={{ width: 320 }} data-testid="entry-title" /></Form.Item>
            <Form.Item name="retention" label={t('records.plan.retention')}><Select style={{ width: 150 }} options={RETENTIONS.map((r) => ({ value: r, label: t(`records.retention.${r}`) }))} /></Form.Item>
            <Form.Item name="accessRegime" label={t('records.plan.accessRegime')}><Select style={{ width: 140 }} options={ACCESS_REGIMES.map((r) => ({ value: r, label: t(`records.access.${r}`) }))} /></Form.Item>
            <Form.Item name="keeperUnitId" label={t('records.plan.keeperUnit')} rules={[{ required: true }]}>
              <Select style={{ width: 240 }} options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} data-testid="entry-keeper" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={entry.busy} data-testid="entry-add">{t('records.plan.addEntry')}</Button>
          <ErrorAlert error={entry.error} style={{ marginTop: 8 }} />
        </Form>
      )}
    </Card>
  );
}

export function FilePlanPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const today = useToday();
  const [year, setYear] = useState<number>(today.year());
  const plan = usePlan(year);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: recordKeys.plan(year) });
      void message.success(done);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const data = plan.data;
  return (
    <div data-testid="file-plan-page">
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{t('records.plan.pageTitle', { year })}</Typography.Title>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={t('records.plan.year')} data-testid="plan-year" />
        {data && <Tag color={data.status === 'approved' ? 'green' : 'gold'} data-testid="plan-status">{t(`records.planStatus.${data.status}`)}</Tag>}
        {data?.status === 'approved' && <Typography.Text type="secondary">{t('records.plan.approvedBy', { name: data.approvedBy, at: formatDateTime(data.approvedAt), version: data.version })}</Typography.Text>}
        {data?.actions.includes('approve') && (
          <Button type="primary" loading={busy} data-testid="plan-approve" onClick={() => void run(() => post(`/api/records/plans/${year}/approve`), t('records.plan.approved'))}>{t('records.plan.approve')}</Button>
        )}
        {data && (
          <>
            <Button icon={<PrinterOutlined />} href={`/api/records/plans/${year}/export?format=pdf`} target="_blank" data-testid="plan-print">{t('archive.planPrint')}</Button>
            <Button icon={<FileExcelOutlined />} href={`/api/records/plans/${year}/export?format=xlsx`} data-testid="plan-xlsx">{t('archive.planXlsx')}</Button>
          </>
        )}
        {data?.status === 'draft' && data.actions.includes('edit') && (
          <label>
            <input type="file" accept=".xlsx" hidden data-testid="plan-import-input" onChange={(e) => {
              const input = e.currentTarget;
              const chosen = input.files?.[0];
              input.value = '';
              if (!chosen) return;
              void run(async () => {
                const bytes = new Uint8Array(await chosen.arrayBuffer());
                let binary = '';
                for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                try {
                  await post(`/api/records/plans/${year}/import`, { xlsx: btoa(binary) });
                } catch (error) {
                  if (error instanceof ApiError && error.fields.length) throw new Error(error.fields.map((f) => (i18n.language.startsWith('en') ? f.message.en : f.message.vi)).join('\n'));
                  throw error;
                }
              }, t('archive.planImported'));
            }} />
            <Button icon={<UploadOutlined />} loading={busy} onClick={(e) => (e.currentTarget.previousElementSibling as HTMLInputElement | null)?.click()} data-testid="plan-import">{t('archive.planImport')}</Button>
          </label>
        )}
      </Space>
      <ErrorAlert error={plan.error} />
      {data === null && (
        <Empty description={t('records.plan.none', { year })}>
          <Button type="primary" loading={busy} data-testid="plan-create" onClick={() => void run(() => api(`/api/records/plans`, { method: 'POST', body: { year } }), t('records.plan.created'))}>{t('records.plan.create')}</Button>
        </Empty>
      )}
      {data && (
        <>
          {data.actions.includes('edit') && <PlanEditor plan={data} />}
          {data.headings.filter((h) => !h.parentId).map((h) => <HeadingBlock key={h.id} heading={h} plan={data} />)}
          {data.revisions.length > 0 && (
            <Collapse size="small" items={[{
              key: 'revisions', label: t('records.plan.revisions', { count: data.revisions.length }),
              children: (
                <ul data-testid="plan-revisions">
                  {data.revisions.map((r) => <li key={r.version}>{`v${r.version} · ${formatDateTime(r.changedAt)} · ${r.changedBy} · ${t(`records.revision.${r.action}`, { defaultValue: r.action })}`}</li>)}
                </ul>
              ),
            }]} />
          )}
        </>
      )}
    </div>
  );
}
