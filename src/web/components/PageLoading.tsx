import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Shown while the session is checked or a page's code downloads: a spinner with its text, in a
 * status region so that screen readers announce it once, politely.
 */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}
