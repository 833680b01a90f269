import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Grid, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { QuarantinedFile, QuarantineOverview, QuarantineState, RescanQueued } from '../../../../shared/quarantine';
import { api, post } from '../../../api/client';
import { ErrorAlert, formatDateTime } from '../../../components/labels';
import { ListState, useKeyboardScroll } from '../../../components/ListStates';

// Quản trị → Tệp bị cách ly: the agency's files the antivirus holds back — quarantined by a later scan
// (infected: nobody can download them) and accepted "not scanned" while the scanner was down, still
// waiting for their scan — and a button to have the waiting ones scanned now.

const STATE_COLORS: Record<QuarantineState, string> = { infected: 'red', unscanned: 'orange' };
const quarantineKey = ['admin', 'quarantine'] as const;

export function QuarantinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rescanning, setRescanning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A rescan runs in the background: the page follows it.
  const list = useQuery({ queryKey: quarantineKey, queryFn: () => api<QuarantineOverview>('/api/admin/quarantine'), refetchInterval: 15_000 });
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('quarantine.title') }));

  useEffect(() => {
    document.title = `${t('quarantine.title')} — VanPhong`;
  }, [t]);

  // A phone shows one column, each file's facts one under another (no sideways scrolling).
  const narrow = !Grid.useBreakpoint().md;
  const items = list.data?.items ?? [];
  const waiting = items.filter((i) => i.state === 'unscanned').length;
  const infected = items.length - waiting;

  async function rescan() {
    setRescanning(true);
    setError(null);
    try {
      const queued = await post<RescanQueued>('/api/admin/quarantine/rescan');
      void message.success(t('quarantine.rescanQueued', { count: queued.waiting }));
      await queryClient.invalidateQueries({ queryKey: quarantineKey });
    } catch (e) {
      setError(e);
    } finally {
      setRescanning(false);
    }
  }

  const fileCell = (f: QuarantinedFile) => (
    <div>
      <div data-testid="quarantine-file-name">{f.fileName ?? t('quarantine.noName')}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: f.hash }}>{f.hash.slice(0, 12)}…</Typography.Text>
    </div>
  );
  const stateTag = (state: QuarantineState) => <Tag color={STATE_COLORS[state]}>{t(`quarantine.states.${state}`)}</Tag>;
  const signatureCell = (f: QuarantinedFile) => (f.signature
    ? <Typography.Text type="danger" data-testid="quarantine-signature">{f.signature}</Typography.Text>
    : f.attempts > 0 ? t('quarantine.attempts', { count: f.attempts }) : '—');
  const documentCell = (f: QuarantinedFile) => (f.document
    ? <Link to={`/${f.document.direction === 'incoming' ? 'incoming' : 'outgoing'}/${f.document.id}`} data-testid="quarantine-document">
      {[f.document.reference, f.document.summary].filter(Boolean).join(' — ') || t('quarantine.openDocument')}
    </Link>
    : t('quarantine.noDocument'));
  const uploadedCell = (f: QuarantinedFile) => (
    <div>
      <div>{f.uploadedBy?.fullName ?? '—'}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(f.uploadedAt)}</Typography.Text>
    </div>
  );
  const columns: ColumnsType<QuarantinedFile> = [
    { title: t('quarantine.file'), key: 'file', width: 220, render: (_, f) => fileCell(f) },
    { title: t('quarantine.state'), dataIndex: 'state', width: 150, render: (state: QuarantineState) => stateTag(state) },
    { title: t('quarantine.signature'), key: 'signature', width: 200, render: (_, f) => signatureCell(f) },
    { title: t('quarantine.document'), key: 'document', render: (_, f) => documentCell(f) },
    { title: t('quarantine.uploaded'), key: 'uploaded', width: 190, render: (_, f) => uploadedCell(f) },
    { title: t('quarantine.scannedAt'), dataIndex: 'scannedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
  ];
  const narrowColumns: ColumnsType<QuarantinedFile> = [{
    title: t('quarantine.file'),
    key: 'file',
    render: (_, f) => (
      <Space direction="vertical" size={4}>
        <Space size={8} wrap align="start">{fileCell(f)}{stateTag(f.state)}</Space>
        {f.signature && <div>{t('quarantine.signature')}: {signatureCell(f)}</div>}
        <div>{documentCell(f)}</div>
        {uploadedCell(f)}
      </Space>
    ),
  }];

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('quarantine.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('quarantine.intro')}</Typography.Paragraph>
      <ErrorAlert error={error ?? (list.data ? list.error : null)} style={{ marginBottom: 12 }} />
      {list.data && !list.data.scannerConfigured && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('quarantine.noScanner')} data-testid="quarantine-no-scanner" />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color="red" data-testid="quarantine-infected-count">{t('quarantine.infectedCount', { count: infected })}</Tag>
        <Tag color="orange" data-testid="quarantine-waiting-count">{t('quarantine.waitingCount', { count: waiting })}</Tag>
        <Button
          icon={<ReloadOutlined />}
          loading={rescanning}
          disabled={!list.data?.scannerConfigured || waiting === 0}
          onClick={() => void rescan()}
          data-testid="quarantine-rescan"
        >
          {t('quarantine.rescan')}
        </Button>
      </Space>
      <div ref={tableRef}>
        <Table<QuarantinedFile>
          rowKey="hash"
          size="middle"
          data-testid="quarantine-list"
          loading={list.isPending}
          dataSource={items}
          locale={{ emptyText: <ListState error={list.error} onRetry={() => void list.refetch()} empty={t('quarantine.empty')} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={narrow ? undefined : { x: 980 }}
          columns={narrow ? narrowColumns : columns}
        />
      </div>
    </Card>
  );
}
