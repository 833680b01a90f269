import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/enums';
import { api } from '../../../api/client';
import type { Page, PersonRef, RoleChange } from '../../../api/types';
import { ErrorAlert, formatDateTime } from '../../../components/labels';
import { ListState, useKeyboardScroll } from '../../../components/ListStates';
import { usePageParams } from '../../../components/paging';

function Person({ person, fallback }: { person: PersonRef | null; fallback: string }) {
  if (!person) return <Typography.Text type="secondary">{fallback}</Typography.Text>;
  return (
    <div>
      <div>{person.fullName}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{person.username}</Typography.Text>
    </div>
  );
}

/** Roles as tags; `compare` marks what this change added (green) or removed (red, struck through). */
function RoleTags({ roles, compare, mark }: { roles: Role[]; compare: Role[] | null; mark: 'added' | 'removed' }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {roles.map((role) => {
        const changed = compare !== null && !compare.includes(role);
        const color = !changed ? undefined : mark === 'added' ? 'green' : 'red';
        return (
          <Tag key={role} color={color} style={changed && mark === 'removed' ? { textDecoration: 'line-through' } : undefined} data-testid={changed ? `role-${mark}` : undefined}>
            {changed && mark === 'added' ? '+ ' : ''}{t(`enums.role.${role}`)}
          </Tag>
        );
      })}
    </Space>
  );
}

/** Nhật ký phân quyền: who gave whom which roles, for the agency's leaders and administrators. */
export function RoleChangesPage() {
  const { t } = useTranslation();
  const { page, pageSize, pagination } = usePageParams();
  const changes = useQuery({
    queryKey: ['role-changes', page, pageSize],
    queryFn: () => api<Page<RoleChange>>('/api/org/role-changes', { query: { page, pageSize } }),
  });

  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('roleLog.title') }));

  useEffect(() => {
    document.title = `${t('roleLog.title')} — VanPhong`;
  }, [t]);

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('roleLog.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('roleLog.intro')}</Typography.Paragraph>
      <ErrorAlert error={changes.data ? changes.error : null} style={{ marginBottom: 12 }} />
      <div ref={tableRef}>
      <Table<RoleChange>
        rowKey="id"
        size="middle"
        loading={changes.isPending}
        dataSource={changes.data?.items ?? []}
        locale={{ emptyText: <ListState error={changes.error} onRetry={() => void changes.refetch()} empty={t('roleLog.empty')} /> }}
        pagination={{ ...pagination(changes.data), showTotal: (count) => t('roleLog.total', { count }) }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('roleLog.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('roleLog.actor'), dataIndex: 'actor', width: 200, render: (v: PersonRef | null) => <Person person={v} fallback={t('roleLog.system')} /> },
          { title: t('roleLog.user'), dataIndex: 'user', width: 200, render: (v: PersonRef | null) => <Person person={v} fallback="—" /> },
          {
            title: t('roleLog.from'),
            dataIndex: 'from',
            width: 240,
            render: (from: Role[] | null, row) => (from === null
              ? <Typography.Text type="secondary">{t('roleLog.newAccount')}</Typography.Text>
              : <RoleTags roles={from} compare={row.to} mark="removed" />),
          },
          { title: t('roleLog.to'), dataIndex: 'to', width: 240, render: (to: Role[], row) => <RoleTags roles={to} compare={row.from} mark="added" /> },
        ]}
      />
      </div>
    </Card>
  );
}
