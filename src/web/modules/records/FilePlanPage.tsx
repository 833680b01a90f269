import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ACCESS_REGIMES, type PlanEntry, type PlanHeading, type PlannedFileResult, planLines, RETENTIONS, type RecordPlan, type UnplannedFile } from '../../../shared/records';
import { api, ApiError, post } from '../../api/client';
import { FileExcelOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useToday, useUnits } from '../../api/queries';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { useKeyboardScroll } from '../../components/ListStates';
import { useSubmit } from '../../components/useSubmit';
import { recordKeys, usePlan, useUnplannedFiles } from './api';

// Danh mục hồ sơ: the agency's file plan of a year as a tree of headings with their planned files.
// The office drafts it, the head approves it, officials open their files from it.

type PlanRow =
  | { kind: 'heading' | 'subheading'; key: string; heading: PlanHeading; label: string }
  | { kind: 'entry'; key: string; entry: PlanEntry };

const PAGE_SIZE = 50;

/**
 * One table for the whole plan in its printed order, headings as rows of their own, a page of 50 lines
 * at a time: the lines come from the headings and their counts (planLines), and the server sends only
 * the files of the page, so a plan of thousands of files is neither carried nor drawn whole.
 */
function PlanTable({ plan, page, pageSize, onPage }: { plan: RecordPlan; page: number; pageSize: number; onPage: (page: number, size: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const lines = useMemo(() => planLines(plan.headings), [plan.headings]);
  const rows = useMemo(() => {
    const window = plan.lines ?? { offset: 0, limit: lines.length, total: lines.length };
    return lines.slice(window.offset, window.offset + window.limit).flatMap((line): PlanRow[] => {
      if (line.kind !== 'entry') return [{ kind: line.kind, key: line.heading.id, heading: line.heading, label: `${line.heading.code}. ${line.heading.title}` }];
      const entry = plan.entries[line.index - plan.entryOffset];
      return entry ? [{ kind: 'entry', key: entry.id, entry }] : [];
    });
  }, [lines, plan]);
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('records.plan.pageTitle', { year: plan.year }) }));
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
  // A heading row spans the columns; its cells in the others are not drawn.
  const entryOnly = (row: PlanRow) => ({ colSpan: row.kind === 'entry' ? 1 : 0 });
  const columns: ColumnsType<PlanRow> = [
    {
      title: t('records.plan.fileNotation'), key: 'notation', width: 110,
      onCell: (row) => ({ colSpan: row.kind === 'entry' ? 1 : 6 }),
      render: (_, row) => (row.kind === 'entry' ? row.entry.fileNotation : (
        <Typography.Text strong italic={row.kind === 'subheading'} style={row.kind === 'subheading' ? { paddingLeft: 16 } : undefined}>{row.label}</Typography.Text>
      )),
    },
    { title: t('records.plan.title'), key: 'title', onCell: entryOnly, render: (_, row) => row.kind === 'entry' && row.entry.title },
    { title: t('records.plan.retention'), key: 'retention', width: 130, onCell: entryOnly, render: (_, row) => row.kind === 'entry' && t(`records.retention.${row.entry.retention}`) },
    { title: t('records.plan.accessRegime'), key: 'access', width: 120, onCell: entryOnly, render: (_, row) => row.kind === 'entry' && t(`records.access.${row.entry.accessRegime}`) },
    { title: t('records.plan.keeper'), key: 'keeper', width: 200, onCell: entryOnly, render: (_, row) => row.kind === 'entry' && [row.entry.keeperUnit?.name, row.entry.keeperUser?.fullName].filter(Boolean).join(' — ') },
    {
      title: t('records.plan.caseFile'), key: 'file', width: 150, onCell: entryOnly,
      render: (_, row) => {
        if (row.kind !== 'entry') return null;
        const e = row.entry;
        return e.caseFile
          ? <Link to={`/records/files/${e.caseFile.id}`} data-testid={`plan-file-${e.id}`}>{t(`records.status.${e.caseFile.status}`)}</Link>
          : e.canOpen
            ? <Button size="small" type="primary" loading={busy === e.id} onClick={() => void open(e)} data-testid={`open-file-${e.fileNotation}`}>{t('records.open')}</Button>
            : e.opened ? <Tag>{t('records.plan.openedByOther')}</Tag> : null;
      },
    },
  ];
  return (
    <div ref={tableRef}>
      <Table<PlanRow>
        rowKey="key" size="small" columns={columns} dataSource={rows} scroll={{ x: 860 }} aria-label={t('records.plan.pageTitle', { year: plan.year })}
        data-testid={`plan-entries-${plan.year}`}
        onRow={(row) => (row.kind === 'entry' ? {} : { 'data-testid': row.kind === 'heading' ? 'plan-heading' : 'plan-subheading', className: 'vp-plan-heading-row' } as never)}
        pagination={lines.length > PAGE_SIZE ? {
          current: page, pageSize, total: lines.length, showSizeChanger: true, pageSizeOptions: [50, 100, 200], onChange: onPage,
          showTotal: () => t('records.plan.total', { count: plan.entryTotal }),
        } : false}
      />
    </div>
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
  const headingOptions = headingChoices(plan);
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

/** The headings of a plan as choices: a chapter, then its sub-headings ("I.1. …"). */
function headingChoices(plan: RecordPlan) {
  return plan.headings.filter((h) => !h.parentId).flatMap((top) => [
    { value: top.id, label: `${top.code}. ${top.title}` },
    ...plan.headings.filter((h) => h.parentId === top.id).map((h) => ({ value: h.id, label: `${top.code}.${h.code}. ${h.title}` })),
  ]);
}

/**
 * The office's list of the agency's case files opened outside the plan of this year, each with
 * "Đưa vào danh mục": under a heading it gets its number and notation (after approval, as a new version).
 */
function UnplannedPanel({ plan }: { plan: RecordPlan }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const files = useUnplannedFiles(plan.year, true);
  const [placing, setPlacing] = useState<UnplannedFile | null>(null);
  const [form] = Form.useForm<{ headingId: string; notation?: string }>();
  const submit = useSubmit(form);
  const items = files.data?.items ?? [];
  if (!files.isPending && !items.length && !files.error) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="unplanned-files"
      title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('records.unplanned.listTitle', { count: items.length })}</Typography.Title>}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t(plan.status === 'approved' ? 'records.unplanned.hintApproved' : 'records.unplanned.hintDraft')}</Typography.Paragraph>
      <ErrorAlert error={files.error} />
      <Table<UnplannedFile> rowKey="id" size="small" loading={files.isPending} dataSource={items} pagination={false} scroll={{ x: 720 }}
        columns={[
          { title: t('records.file.code'), dataIndex: 'code', width: 200 },
          { title: t('records.plan.title'), dataIndex: 'title', render: (v: string) => <>{v} <Tag color="orange">{t('records.unplanned.badge')}</Tag></> },
          { title: t('records.file.keeper'), key: 'keeper', width: 220, render: (_, f) => [f.keeper.fullName, f.keeperUnit?.name].filter(Boolean).join(' — ') },
          { title: t('records.plan.retention'), dataIndex: 'retention', width: 110, render: (v: string) => t(`records.retention.${v}`) },
          { title: t('records.file.docTotal'), dataIndex: 'docTotal', width: 90 },
          {
            title: '', key: 'place', width: 150,
            render: (_, f) => <Button size="small" type="primary" data-testid={`plan-unplanned-${f.id}`} onClick={() => { form.resetFields(); setPlacing(f); }}>{t('records.unplanned.place')}</Button>,
          },
        ]} />
      <Modal open={Boolean(placing)} title={t('records.unplanned.placeTitle')} onCancel={() => setPlacing(null)} destroyOnHidden
        okText={t('records.unplanned.place')} confirmLoading={submit.busy} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'plan-unplanned-ok' }}>
        <Typography.Paragraph strong>{placing?.title}</Typography.Paragraph>
        <Form form={form} name="place-unplanned" layout="vertical" onFinish={(v) => submit.submit(async () => {
          const placed = await post<PlannedFileResult>(`/api/case-files/${placing!.id}/plan`, { headingId: v.headingId, notation: v.notation || null });
          setPlacing(null);
          await queryClient.invalidateQueries({ queryKey: recordKeys.all });
          void message.success(t('records.unplanned.placed', { notation: placed.fileNotation, code: placed.code }));
        })}>
          <Form.Item name="headingId" label={t('records.plan.heading')} rules={[{ required: true, message: t('records.unplanned.headingRequired') }]}>
            <Select options={headingChoices(plan)} data-testid="plan-unplanned-heading" />
          </Form.Item>
          <Form.Item name="notation" label={t('records.plan.notation')}><Input maxLength={20} style={{ width: 160 }} /></Form.Item>
        </Form>
        <ErrorAlert error={submit.error} />
      </Modal>
    </Card>
  );
}

export function FilePlanPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const today = useToday();
  const [year, setYear] = useState<number>(today.year());
  const [page, setPage] = useState({ page: 1, size: PAGE_SIZE });
  const plan = usePlan(year, { offset: (page.page - 1) * page.size, limit: page.size });
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
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => { if (v) { setYear(v); setPage({ page: 1, size: page.size }); } }} aria-label={t('records.plan.year')} data-testid="plan-year" />
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
        {data?.actions.includes('edit') && (
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
          {data.actions.includes('edit') && <UnplannedPanel plan={data} />}
          <PlanTable plan={data} page={page.page} pageSize={page.size} onPage={(p, size) => setPage({ page: size === page.size ? p : 1, size })} />
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
