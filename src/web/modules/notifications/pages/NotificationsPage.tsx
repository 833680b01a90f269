import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationPage } from '../../../../shared/notifications';
import { api } from '../../../api/client';
import { ListState } from '../../../components/ListStates';
import { markRead, noticeLink, notificationKeys } from '../api';
import { noticeText } from '../components/NoticeText';

/** All my notices, newest first, with links to their documents. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const pages = useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    queryFn: ({ pageParam }) => api<NotificationPage>('/api/notifications', { query: { before: pageParam, unreadOnly: unreadOnly ? 'true' : undefined } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = pages.data?.pages[0]?.unread ?? 0;

  return (
    <Card
      title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('notifications.pageTitle')}</Typography.Title>}
      extra={(
        <Space wrap>
          <Checkbox checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} data-testid="notifications-unread-only">{t('notifications.unreadOnly')}</Checkbox>
          <Button disabled={!unread} onClick={() => void markRead(client, 'all')}>{t('notifications.markAllRead')}</Button>
          <Link to="/notifications/preferences">{t('notifications.preferencesMenu')}</Link>
        </Space>
      )}
    >
      <List
        dataSource={items}
        loading={pages.isLoading}
        data-testid="notifications-list"
        locale={{ emptyText: <ListState error={pages.error} onRetry={() => void pages.refetch()} empty={t('notifications.empty')} /> }}
        renderItem={(notice) => {
          const link = noticeLink(notice);
          const text = noticeText(t, notice);
          return (
            <List.Item
              className={notice.readAt ? undefined : 'vp-notice-unread'}
              actions={notice.readAt ? [] : [<Button key="read" size="small" type="link" onClick={() => void markRead(client, [notice.id])}>{t('notifications.markRead')}</Button>]}
            >
              <List.Item.Meta
                title={link ? <Link to={link} onClick={() => { if (!notice.readAt) void markRead(client, [notice.id]); }}>{text}</Link> : text}
                description={<Space size={4}>{!notice.readAt && <Tag color="blue">{t('notifications.unread')}</Tag>}<span>{dayjs(notice.createdAt).format('DD/MM/YYYY HH:mm')}</span></Space>}
              />
            </List.Item>
          );
        }}
      />
      {pages.hasNextPage && <div style={{ textAlign: 'center', marginTop: 12 }}><Button loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>{t('notifications.loadMore')}</Button></div>}
    </Card>
  );
}
