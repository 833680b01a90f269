import { FileAddOutlined, FilterOutlined, SearchOutlined, TableOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Checkbox, Col, DatePicker, Form, Grid, Input, Popover, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, URGENCIES } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { hasRole, keys, useMe, useToday } from '../../../api/queries';
import type { Page, RegisterItem } from '../../../api/types';
import { DATE_FORMAT, ErrorAlert } from '../../../components/labels';
import { ListState } from '../../../components/ListStates';
import { looseSearch } from '../../../components/search';
import { usePageParams } from '../../../components/paging';
import {
  DEFAULT_REGISTER_COLUMNS, FIXED_REGISTER_COLUMNS, REGISTER_COLUMNS, type RegisterColumnKey, registerColumnTitle, registerColumns,
} from '../components/columns';

const FILTERS = ['from', 'to', 'issuer', 'documentType', 'status', 'urgency', 'q', 'submittedTo'] as const;

const COLUMNS_KEY = 'vanphong.registerColumns';

/** The register's columns this browser last chose, or the default set. */
function loadColumns(): RegisterColumnKey[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
    if (Array.isArray(saved)) return REGISTER_COLUMNS.filter((key) => saved.includes(key));
  } catch {
    // A damaged value is forgotten: the default set applies.
  }
  return [...DEFAULT_REGISTER_COLUMNS];
}

/** The column chooser: the register offers every Decree 30 column, each official shows the ones they need. */
function ColumnChooser({ value, onChange }: { value: RegisterColumnKey[]; onChange: (next: RegisterColumnKey[]) => void }) {
  const { t } = useTranslation();
  const content = (
    <Checkbox.Group<RegisterColumnKey>
      className="vp-column-chooser"
      aria-label={t('register.chooseColumns')}
      value={REGISTER_COLUMNS.filter((key) => value.includes(key) || FIXED_REGISTER_COLUMNS.includes(key))}
      onChange={(next) => onChange(REGISTER_COLUMNS.filter((key) => next.includes(key)))}
      options={REGISTER_COLUMNS.map((key) => ({ value: key, label: registerColumnTitle(t, key), disabled: FIXED_REGISTER_COLUMNS.includes(key) }))}
    />
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('register.chooseColumns')} content={content}>
      <Button icon={<TableOutlined />} data-testid="column-chooser">{t('common.columns')}</Button>
    </Popover>
  );
}

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
  const [visibleColumns, setVisibleColumns] = useState(loadColumns);
  const { columns, scrollX } = registerColumns(t, today.format('YYYY-MM-DD'), visibleColumns, mobile);

  function chooseColumns(next: RegisterColumnKey[]) {
    setVisibleColumns(next);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
  }
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
    queryFn: () => api<Page<RegisterItem>>('/api/incoming-documents', { query: { ...filters, page, pageSize } }),
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
        <Space wrap>
          <ColumnChooser value={visibleColumns} onChange={chooseColumns} />
          {hasRole(me, 'clerk') && (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('/incoming/new')}>
              {t('menu.registerNew')}
            </Button>
          )}
        </Space>
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
              <Select allowClear showSearch={looseSearch} placeholder={t('common.all')} options={typeOptions} />
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
      <ErrorAlert error={query.data ? query.error : null} style={{ marginBottom: 12 }} />
      <Table<RegisterItem>
        data-testid="register-table"
        className="vp-clickable-rows"
        rowKey="id"
        size="middle"
        bordered
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: scrollX }}
        locale={{ emptyText: <ListState error={query.error} onRetry={() => void query.refetch()} empty={t('register.empty')} /> }}
        onRow={(item) => ({ onClick: () => navigate(`/incoming/${item.id}`) })}
        pagination={{ ...pagination(query.data), showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
      />
    </Card>
  );
}
