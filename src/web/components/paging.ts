import type { PaginationProps } from 'antd';
import { type AnchorHTMLAttributes, type MouseEvent, cloneElement, isValidElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/**
 * A list's page and page size, kept in the address (`?page=&pageSize=`) so that back and reload
 * return to the same page. `pagination(total)` is the pager for a Table or List: it shows the
 * total and, on a change, writes the page back (the first page when the page size changed),
 * leaving the other search parameters as they are. A total the server stopped counting at its cap
 * (`totalCapped`) reads "more than …".
 */
export function usePageParams() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;

  const pagination = (list: { total: number; totalCapped?: boolean } | undefined): PaginationProps => ({
    current: page,
    pageSize,
    total: list?.total ?? 0,
    showTotal: (count) => t(list?.totalCapped ? 'common.totalCapped' : 'common.total', { count }),
    // Real addresses on the page links, so a page can be opened in a new tab and the links are links
    // to assistive technology; the click itself stays with the pager (no reload).
    itemRender: (target, type, original) => {
      if (type !== 'page' && type !== 'jump-prev' && type !== 'jump-next') return original;
      const next = new URLSearchParams(params);
      next.set('page', String(target));
      next.set('pageSize', String(pageSize));
      if (!isValidElement<AnchorHTMLAttributes<HTMLAnchorElement>>(original)) return original;
      return cloneElement(original, { href: `?${next.toString()}`, onClick: (event: MouseEvent) => event.preventDefault() });
    },
    onChange: (p, s) => {
      const next = new URLSearchParams(params);
      next.set('page', String(s !== pageSize ? 1 : p));
      next.set('pageSize', String(s));
      setParams(next);
    },
  });

  return { params, setParams, page, pageSize, pagination };
}
