import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Typography } from 'antd';
import { type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './labels';

/**
 * What a list shows when it has no rows: either nothing matched ("Không có văn bản"), or the list could
 * not be loaded — said plainly, with a retry. A failed request must not look like an empty register.
 * Meant for a Table's `locale.emptyText` or a List's `locale.emptyText`.
 */
export function ListState({ error, onRetry, empty }: { error: unknown; onRetry: () => void; empty: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (error) {
    return (
      <div role="alert" className="vp-list-state" data-testid="list-error">
        <Space orientation="vertical" size={8} align="center">
          <Typography.Text strong>{t('common.loadFailed')}</Typography.Text>
          <Typography.Text type="secondary">{errorText(error)}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={onRetry} data-testid="list-retry">{t('common.retry')}</Button>
        </Space>
      </div>
    );
  }
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      className="vp-list-state"
      data-testid="list-empty"
      description={<Typography.Text type="secondary">{empty}</Typography.Text>}
    />
  );
}

/**
 * A table wider than the screen scrolls sideways in an element Ant Design creates; one that holds no
 * link or button could not be scrolled from the keyboard (WCAG 2.1.1). This makes those scroll areas
 * focusable and names them.
 */
export function useKeyboardScroll(container: RefObject<HTMLElement | null>, label: string) {
  useEffect(() => {
    for (const region of container.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body') ?? []) {
      if (region.scrollWidth <= region.clientWidth || region.querySelector('a[href], button, input')) continue;
      region.tabIndex = 0;
      region.setAttribute('role', 'region');
      region.setAttribute('aria-label', label);
    }
  });
}
