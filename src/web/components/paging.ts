import type { PaginationProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/**
 * A list's page and page size, kept in the address (`?page=&pageSize=`) so that back and reload
 * return to the same page. `pagination(total)` is the pager for a Table or List: it shows the
 * total and, on a change, writes the page back (the first page when the page size changed),
 * leaving the other search parameters as they are.
 */
export function usePageParams() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;

  const pagination = (total: number | undefined): PaginationProps => ({
    current: page,
    pageSize,
    total: total ?? 0,
    showTotal: (count) => t('common.total', { count }),
    onChange: (p, s) => {
      const next = new URLSearchParams(params);
      next.set('page', String(s !== pageSize ? 1 : p));
      next.set('pageSize', String(s));
      setParams(next);
    },
  });

  return { params, setParams, page, pageSize, pagination };
}
