import { ValidationError } from '../../http/errors.js';

// The pages of a trích sao (extract copy), as the clerk writes them: "2", "1-2,5", "3, 7-9".

const PART = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/;

/**
 * The pages `text` names, ascending and without repeats, checked against the file's page count.
 * Every refusal is a 400 on the field `pages` with a sentence the clerk can act on.
 */
export function parsePages(text: string, pageCount: number): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (!text.trim() || parts.some((p) => !p)) throw ValidationError.field('pages', 'PAGES_SYNTAX');
  const pages = new Set<number>();
  for (const part of parts) {
    const match = PART.exec(part);
    if (!match) throw ValidationError.field('pages', 'PAGES_SYNTAX');
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to < 1) throw ValidationError.field('pages', 'PAGES_ZERO');
    if (to < from) throw ValidationError.field('pages', 'PAGES_REVERSED');
    if (to > pageCount) throw ValidationError.field('pages', 'PAGES_BEYOND', { count: pageCount });
    for (let n = from; n <= to; n++) pages.add(n);
  }
  return [...pages].sort((a, b) => a - b);
}

/** The pages written back in their shortest form: [1, 2, 3, 5] → "1-3,5". */
export function formatPages(pages: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const start = pages[i]!;
    let end = start;
    while (pages[i + 1] === end + 1) end = pages[++i]!;
    runs.push(end === start ? String(start) : `${start}-${end}`);
  }
  return runs.join(',');
}
