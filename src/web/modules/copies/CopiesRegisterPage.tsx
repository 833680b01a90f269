import { useQuery } from '@tanstack/react-query';
import { Card, InputNumber, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useToday } from '../../api/queries';
import { ErrorAlert, formatDate } from '../../components/labels';
import { type DocumentCopy, CopyFormTag, copyKeys } from './Copies';

// Sổ sao văn bản: the copies register of a year, in number order (one sequence for the three forms).

interface RegisterRow extends DocumentCopy {
  madeOn: string;
  document: { id: string; direction: 'incoming' | 'outgoing' | 'internal'; issuer: string; reference: string | null; issuedOn: string | null; summary: string; arrivalNumber: number | null };
}

interface RegisterPage { year: number; items: RegisterRow[]; total: number; page: number; pageSize: number }

const PAGE_SIZE = 50;

export function CopiesRegisterPage() {
  const { t } = useTranslation();
  const today = useToday();
  const [year, setYear] = useState(() => today.year());
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: copyKeys.register(year, page),
    queryFn: () => api<RegisterPage>('/api/copies/register', { query: { year, page, pageSize: PAGE_SIZE } }),
  });

  const columns: ColumnsType<RegisterRow> = [
    { key: 'number', title: t('copies.register.number'), width: 110, render: (_, c) => <strong>{c.reference}</strong> },
    { key: 'date', title: t('copies.register.date'), width: 110, render: (_, c) => formatDate(c.madeOn) },
    { key: 'form', title: t('copies.register.form'), width: 120, render: (_, c) => <CopyFormTag form={c.form} /> },
    {
      key: 'source', title: t('copies.register.source'),
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Link to={`/${c.document.direction === 'incoming' ? 'incoming' : 'outgoing'}/${c.document.id}`}>
            {[c.document.reference ? t('copies.register.reference', { reference: c.document.reference }) : null, c.document.issuedOn ? formatDate(c.document.issuedOn) : null, c.document.issuer].filter(Boolean).join(' · ')}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>{c.document.summary}</Typography.Text>
        </Space>
      ),
    },
    { key: 'pages', title: t('copies.register.pages'), width: 120, render: (_, c) => c.pages ?? t('copies.register.whole', { count: c.pageCount }) },
    { key: 'madeBy', title: t('copies.register.madeBy'), width: 170, render: (_, c) => c.madeBy.fullName },
  ];

  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('copies.register.title', { year })}</Typography.Title>}
      extra={(
        <Space>
          <label htmlFor="copies-year">{t('copies.register.year')}</label>
          <InputNumber id="copies-year" min={2000} max={2100} value={year} onChange={(v) => { if (v) { setYear(v); setPage(1); } }} data-testid="copies-year" />
        </Space>
      )}
      data-testid="copies-register"
    >
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<RegisterRow>
        data-testid="copies-register-table"
        rowKey="id"
        size="middle"
        bordered
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('copies.register.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
    </Card>
  );
}
