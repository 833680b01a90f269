import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Input, List, Pagination, Row, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FACET_FIELDS, type FacetField, SEARCH_EXPORT_LIMIT, type SearchFilters, type SearchHit, type SearchResult } from '../../../shared/search';
import { api } from '../../api/client';
import { ErrorAlert, formatDate, SecrecyTag, UrgencyTag } from '../../components/labels';
import type { Secrecy, Urgency } from '../../../shared/enums';
import { Highlighted } from './Highlighted';
import { SavedSearches } from './SavedSearches';

// Tra cứu: every document the official may open, by any word of its details or its files, with
// or without diacritics. The whole search lives in the address, so it can be bookmarked and shared.

const PAGE_SIZE = 20;
const FILTER_KEYS = ['direction', 'documentType', 'urgency', 'secrecy', 'status', 'issuer', 'from', 'to'] as const;

/** How a facet value reads on screen. */
function useValueLabel() {
  const { t } = useTranslation();
  return (field: FacetField, value: string) => {
    switch (field) {
      case 'direction': return t(`search.direction.${value}`);
      case 'documentType': return t(`enums.documentType.${value}`, { defaultValue: value });
      case 'urgency': return t(`enums.urgency.${value}`, { defaultValue: value });
      case 'secrecy': return t(`enums.secrecy.${value}`, { defaultValue: value });
      case 'status': return t(`enums.documentStatus.${value}`, { defaultValue: t(`outgoing.status.${value}`, { defaultValue: value }) });
      default: return value;
    }
  };
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const label = useValueLabel();
  return (
    <List.Item data-testid="search-hit" data-id={hit.id}>
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={6}>
          <Tag color={hit.direction === 'incoming' ? 'blue' : 'purple'}>{label('direction', hit.direction)}</Tag>
          <Link to={`/${hit.direction}/${hit.id}`} data-testid="search-hit-link">
            <strong>{[hit.reference, label('documentType', hit.documentType)].filter(Boolean).join(' · ')}</strong>
          </Link>
          <Typography.Text type="secondary">{formatDate(hit.date)} · {hit.issuer}</Typography.Text>
          <UrgencyTag urgency={hit.urgency as Urgency} hideNormal />
          {hit.secrecy !== 'none' && <SecrecyTag secrecy={hit.secrecy as Secrecy} />}
          <Tag>{label('status', hit.status)}</Tag>
          {hit.exact && <Tag color="green" data-testid="search-exact">{t('search.exact')}</Tag>}
        </Space>
        <div data-testid="search-summary"><Highlighted value={hit.summary} /></div>
        {hit.snippet && (
          <Typography.Text type="secondary" className="vp-snippet" data-testid="search-snippet">
            <Highlighted value={hit.snippet} />
          </Typography.Text>
        )}
      </Space>
    </List.Item>
  );
}

function Facets({ result, params, toggle }: { result: SearchResult; params: URLSearchParams; toggle: (field: FacetField, value: string) => void }) {
  const { t } = useTranslation();
  const label = useValueLabel();
  const facets = result.facets;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="search-facets">
      {FACET_FIELDS.filter((f) => facets[f].length).map((field) => (
        <div key={field}>
          <Typography.Title level={2} style={{ fontSize: 14, margin: '0 0 4px' }}>{t(`search.facet.${field}`)}</Typography.Title>
          {result.facetsSampled.includes(field) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`facet-${field}-sampled`}>{t('search.facetSampled', { count: result.facetSample })}</Typography.Text>
          )}
          {facets[field].map((v) => {
            const active = params.get(field) === v.value;
            return (
              <Button key={v.value} type={active ? 'primary' : 'text'} size="small" block style={{ justifyContent: 'space-between', display: 'flex' }}
                aria-pressed={active} onClick={() => toggle(field, v.value)} data-testid={`facet-${field}-${v.value}`}>
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{label(field, v.value)}</span>
                <span>{v.count}</span>
              </Button>
            );
          })}
        </div>
      ))}
    </Space>
  );
}

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const sort = params.get('sort') === 'date' ? 'date' : 'relevance';
  const query: Record<string, string | number> = { q, sort, page, pageSize: PAGE_SIZE };
  for (const key of FILTER_KEYS) { const v = params.get(key); if (v) query[key] = v; }
  const filtered = FILTER_KEYS.some((k) => params.get(k));
  const result = useQuery({
    queryKey: ['search', query],
    queryFn: () => api<SearchResult>('/api/search', { query }),
    enabled: Boolean(q.trim()) || filtered,
    placeholderData: (previous) => previous,
  });
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) { if (value) next.set(key, value); else next.delete(key); }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const toggle = (field: FacetField, value: string) => update({ [field]: params.get(field) === value ? null : value });
  const data = result.data;
  // The search as saved and exported: the words, the filters and the sort, not the page.
  const current = { q, sort, ...Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))) } as SearchFilters;
  const exportQuery = new URLSearchParams(Object.entries(current).filter(([, v]) => v) as [string, string][]).toString();
  const openSaved = (filters: SearchFilters) => setParams(new URLSearchParams(Object.entries(filters).filter(([k, v]) => v && (k !== 'sort' || v !== 'relevance')) as [string, string][]));
  const searched = Boolean(q.trim()) || filtered;

  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('search.title')}</Typography.Title>}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap style={{ width: '100%' }}>
          <Input.Search key={q} defaultValue={q} placeholder={t('search.placeholder')} aria-label={t('search.label')} enterButton={t('search.submit')}
            style={{ width: 460, maxWidth: '100%' }} data-testid="search-input" onSearch={(value) => update({ q: value.trim() || null })} />
          <Segmented aria-label={t('search.sort.label')} value={sort} data-testid="search-sort"
            options={[{ value: 'relevance', label: t('search.sort.relevance') }, { value: 'date', label: t('search.sort.date') }]}
            onChange={(value) => update({ sort: value === 'date' ? 'date' : null })} />
          <DatePicker.RangePicker aria-label={t('search.dates')} format="DD/MM/YYYY" placeholder={[t('search.from'), t('search.to')]}
            value={params.get('from') && params.get('to') ? [dayjs(params.get('from')), dayjs(params.get('to'))] : null}
            onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })} />
          {filtered && <Button onClick={() => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}>{t('search.clearFilters')}</Button>}
        </Space>
        <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>
        {result.error && <ErrorAlert error={result.error} />}
        {!data && <div style={{ maxWidth: 360 }}><SavedSearches current={current} canSave={searched} open={openSaved} /></div>}
        {data && (
          <Row gutter={24}>
            <Col xs={24} md={6}>
              <Space direction="vertical" size={20} style={{ width: '100%' }}>
                <SavedSearches current={current} canSave={searched} open={openSaved} />
                <Facets result={data} params={params} toggle={toggle} />
              </Space>
            </Col>
            <Col xs={24} md={18}>
              <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
                <Typography.Text data-testid="search-total">
                  {data.totalEstimate !== null ? t('search.totalEstimate', { count: data.totalEstimate, cap: data.total })
                    : data.totalCapped ? t('search.totalCapped', { count: data.total }) : t('search.total', { count: data.total })}
                </Typography.Text>
                <Space wrap>
                  <Button icon={<FileExcelOutlined />} href={`/api/search/export/xlsx?${exportQuery}`} download disabled={!data.total} data-testid="search-export-xlsx">{t('search.export.xlsx')}</Button>
                  <Button icon={<FileTextOutlined />} href={`/api/search/export/csv?${exportQuery}`} download disabled={!data.total} data-testid="search-export-csv">{t('search.export.csv')}</Button>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('search.export.limit', { count: SEARCH_EXPORT_LIMIT, limit: SEARCH_EXPORT_LIMIT })}</Typography.Text>
                </Space>
              </Space>
              <List dataSource={data.items} loading={result.isFetching} locale={{ emptyText: <Empty description={t('search.empty')} /> }}
                renderItem={(hit) => <Hit hit={hit} />} />
              {data.total > PAGE_SIZE && (
                <Pagination current={page} pageSize={PAGE_SIZE} total={Math.min(data.total, 500 * PAGE_SIZE)} showSizeChanger={false}
                  onChange={(p) => update({ page: String(p) })} style={{ marginTop: 16 }} />
              )}
            </Col>
          </Row>
        )}
      </Space>
    </Card>
  );
}
