import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchSuggestion } from '../../../shared/search';
import { api } from '../../api/client';
import { Highlighted } from './Highlighted';

/** Letters typed before suggestions are asked for (the server answers nothing under 2). */
const MIN_CHARS = 2;
/** Wait this long after the last key before asking: one request per pause, not per letter. */
const PAUSE_MS = 200;
const SEARCH_ALL = '__search';

function useDebounced(value: string) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** The one search box of the header: documents suggested while typing; Enter opens the search page. */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const input = useRef<InputRef>(null);
  const typed = useDebounced(text.trim());
  const suggestions = useQuery({
    queryKey: ['search', 'suggest', typed],
    queryFn: () => api<SearchSuggestion[]>('/api/search/suggest', { query: { q: typed } }),
    enabled: typed.length >= MIN_CHARS,
    staleTime: 30_000,
  });
  const found = (typed.length >= MIN_CHARS ? suggestions.data ?? [] : []).map((s) => ({
    value: `${s.direction}/${s.id}`,
    label: (
      <div className="vp-suggestion" data-testid="search-suggestion">
        {s.reference && <strong>{s.reference} · </strong>}
        <Highlighted value={s.summary} />
      </div>
    ),
  }));
  // The first entry, active by default so Enter takes it: the search page with every result.
  const options = text.trim()
    ? [{ value: SEARCH_ALL, label: <span data-testid="search-all">{t('search.all', { q: text.trim() })}</span> }, ...found]
    : [];
  const open = (value: string) => {
    const q = text.trim();
    setText('');
    input.current?.blur();
    navigate(value === SEARCH_ALL ? `/search?q=${encodeURIComponent(q)}` : `/${value}`);
  };
  return (
    <AutoComplete className="vp-header-search" options={options} value={text} onChange={setText} onSelect={open} popupMatchSelectWidth={480}>
      <Input ref={input} prefix={<SearchOutlined aria-hidden />} placeholder={t('search.placeholder')} aria-label={t('search.label')} data-testid="header-search" allowClear />
    </AutoComplete>
  );
}
