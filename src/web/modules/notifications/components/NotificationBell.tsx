import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, List, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { NotificationView } from '../../../../shared/notifications';
import { markRead, noticeLink, useLatestNotifications, useUnreadCount } from '../api';
import { noticeText } from './NoticeText';

/** The bell in the header: the unread count (pushed live) and the latest notices with their links. */
export function NotificationBell() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  const latest = useLatestNotifications(open);

  const openNotice = (notice: NotificationView) => {
    setOpen(false);
    if (!notice.readAt) void markRead(client, [notice.id]);
    const link = noticeLink(notice);
    if (link) navigate(link);
  };

  const panel = (
    <div className="vp-notice-panel" data-testid="notification-panel">
      <div className="vp-notice-panel-head">
        <Typography.Text strong>{t('notifications.bell')}</Typography.Text>
        <Button type="link" size="small" disabled={!unread} onClick={() => void markRead(client, 'all')} data-testid="notifications-read-all">{t('notifications.markAllRead')}</Button>
      </div>
      <List
        size="small"
        loading={latest.isLoading}
        dataSource={latest.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        renderItem={(notice) => (
          <List.Item className={notice.readAt ? 'vp-notice' : 'vp-notice vp-notice-unread'} data-testid="notification-item">
            <button type="button" className="vp-notice-link" onClick={() => openNotice(notice)}>
              <span>{noticeText(t, notice)}</span>
              <Typography.Text type="secondary" className="vp-notice-time">{dayjs(notice.createdAt).format('DD/MM/YYYY HH:mm')}</Typography.Text>
            </button>
          </List.Item>
        )}
      />
      <div className="vp-notice-panel-foot">
        <Button type="link" size="small" onClick={() => { setOpen(false); navigate('/notifications'); }} data-testid="notifications-view-all">{t('notifications.viewAll')}</Button>
      </div>
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} placement="bottomRight" popupRender={() => panel}>
      <Button
        type="text"
        className="vp-bell"
        aria-label={unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
        data-testid="notification-bell"
        icon={<Badge count={unread} overflowCount={99} size="small" data-testid="notification-count"><BellOutlined style={{ fontSize: 18, color: '#fff' }} /></Badge>}
      />
    </Dropdown>
  );
}
