import type { HighlightedText } from '../../../shared/search';

/** Text with the matched words in <mark>: built from offsets, never from HTML, so nothing in a document's text runs. */
export function Highlighted({ value }: { value: HighlightedText }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  value.highlights.forEach(([start, end], i) => {
    if (start > at) parts.push(value.text.slice(at, start));
    parts.push(<mark key={i} className="vp-hit">{value.text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < value.text.length) parts.push(value.text.slice(at));
  return <>{parts}</>;
}
