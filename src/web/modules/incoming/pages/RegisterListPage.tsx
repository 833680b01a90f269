import { FileAddOutlined, FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Col, DatePicker, Form, Grid, Input, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, URGENCIES } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { hasRole, keys, useMe, useToday } from '../../../api/queries';
import type { DocumentListItem, Page } from '../../../api/types';
import { DATE_FORMAT, ErrorAlert } from '../../../components/labels';
import { usePageParams } from '../../../components/paging';
import { registerColumns } from '../components/columns';

const FILTERS = ['from', 'to', 'issuer', 'documentType', 'status', 'urgency', 'q'] as const;

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  issuer?: string;
  documentType?: string;
  status?: string;
  urgency?: string;
  q?: string;
}

export function RegisterListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const today = useToday();
  const { params, setParams, page, pageSize, pagination } = usePageParams();
  const [form] = Form.useForm<FilterValues>();
  const mobile = !Grid.useBreakpoint().md;
  const [moreFilters, setMoreFilters] = useState(false);
  const filters = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])), [params]);

  useEffect(() => {
    document.title = `${t('menu.register')} — VanPhong`;
    form.setFieldsValue({
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
      issuer: filters.issuer,
      documentType: filters.documentType,
      status: filters.status,
      urgency: filters.urgency,
      q: filters.q,
    });
  }, [filters, form, t]);

  const query = useQuery({
    queryKey: [...keys.register, filters, page, pageSize],
    queryFn: () => api<Page<DocumentListItem>>('/api/incoming-documents', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  function apply(values: FilterValues) {
    const next: Record<string, string> = {};
    const [from, to] = values.range ?? [];
    if (from) next.from = from.format('YYYY-MM-DD');
    if (to) next.to = to.format('YYYY-MM-DD');
    for (const key of ['issuer', 'documentType', 'status', 'urgency', 'q'] as const) {
      const value = values[key]?.trim();
      if (value) next[key] = value;
    }
    next.pageSize = String(pageSize);
    setParams(next);
  }

  const typeOptions = DOCUMENT_TYPES.map((v) => ({ value: v, label: t(`enums.documentType.${v}`) }));

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">
          {t('register.title')}
        </Typography.Title>
        {hasRole(me, 'clerk') && (
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('/incoming/new')}>
            {t('menu.registerNew')}
          </Button>
        )}
      </Space>
      <Form form={form} name="register_filter" className="vp-filter-bar" onFinish={apply} layout="vertical">
        <Row gutter={[8, 0]}>
          <Col hidden={mobile && !moreFilters} xs={24} md={12} xl={6}>
            <Form.Item name="range" label={t('register.dateRange')}>
              <DatePicker.RangePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder={[t('register.from'), t('register.to')]} allowEmpty={[true, true]} />
            </Form.Item>
          </Col>
          <Col hidden={mobile && !moreFilters} xs={24} md={12} xl={6}>
            <Form.Item name="issuer" label={t('doc.issuer')}>
              <Input allowClear placeholder={t('register.issuerPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="q" label={t('common.search')}>
              <Input allowClear placeholder={t('register.qPlaceholder')} />
            </Form.Item>
          </Col>
          <Col hidden={mobile && !moreFilters} xs={24} md={12} xl={6}>
            <Form.Item name="documentType" label={t('doc.documentType')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} options={typeOptions} />
            </Form.Item>
          </Col>
          <Col hidden={mobile && !moreFilters} xs={12} md={8} xl={6}>
            <Form.Item name="status" label={t('doc.status')}>
              <Select allowClear placeholder={t('common.all')} options={DOCUMENT_STATUSES.map((v) => ({ value: v, label: t(`enums.documentStatus.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col hidden={mobile && !moreFilters} xs={12} md={8} xl={6}>
            <Form.Item name="urgency" label={t('doc.urgency')}>
              <Select allowClear placeholder={t('common.all')} options={URGENCIES.map((v) => ({ value: v, label: t(`enums.urgency.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8} xl={12} style={{ display: 'flex', alignItems: 'flex-end', paddingBottom: 8 }}>
            <Space wrap>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">{t('common.search')}</Button>
              {mobile && (
                <Badge dot={Object.entries(filters).some(([k, v]) => k !== 'q' && v)}>
                  <Button icon={<FilterOutlined />} onClick={() => setMoreFilters((v) => !v)}>{t('register.moreFilters')}</Button>
                </Badge>
              )}
              <Button
                onClick={() => {
                  form.resetFields();
                  setParams({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Col>
        </Row>
      </Form>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<DocumentListItem>
        data-testid="register-table"
        className="vp-clickable-rows"
        rowKey="id"
        size="middle"
        bordered
        columns={registerColumns(t, today.format('YYYY-MM-DD'))}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 1300 }}
        locale={{ emptyText: t('register.empty') }}
        onRow={(item) => ({ onClick: () => navigate(`/incoming/${item.id}`) })}
        pagination={{ ...pagination(query.data?.total), showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
      />
    </Card>
  );
}
