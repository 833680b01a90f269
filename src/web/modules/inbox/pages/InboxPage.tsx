import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { INBOX_BOXES, type InboxBox } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { keys } from '../../../api/queries';
import type { InboxItem, Page } from '../../../api/types';
import { ErrorAlert } from '../../../components/labels';
import { NotFoundPage } from '../../../layout/NotFoundPage';
import { inboxColumns } from '../../incoming/components/columns';

export function InboxPage() {
  const { t } = useTranslation();
  const { box } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const valid = INBOX_BOXES.includes(box as InboxBox);

  const query = useQuery({
    queryKey: [...keys.inbox, box, page, pageSize],
    queryFn: () => api<Page<InboxItem>>('/api/inbox', { query: { box, page, pageSize } }),
    enabled: valid,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  useEffect(() => {
    if (valid) document.title = `${t(`menu.${box}`)} — VanPhong`;
  }, [box, valid, t]);

  if (!valid) return <NotFoundPage />;

  return (
    <Card>
      <Typography.Title level={4} className="vp-page-title" data-testid="page-title">
        {t(`inbox.title.${box}`)}
      </Typography.Title>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<InboxItem>
        data-testid="inbox-table"
        className="vp-clickable-rows"
        rowKey="id"
        size="middle"
        columns={inboxColumns(t)}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 920 }}
        locale={{ emptyText: t('inbox.empty') }}
        rowClassName={(item) => (item.overdue ? 'vp-overdue-row' : '')}
        onRow={(item) => ({ onClick: () => navigate(`/incoming/${item.id}`) })}
        pagination={{
          current: page,
          pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (p, s) => setParams({ page: String(s !== pageSize ? 1 : p), pageSize: String(s) }),
        }}
      />
    </Card>
  );
}
