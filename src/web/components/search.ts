import type { ReactNode } from 'react';
import { looselyMatches, searchKey } from '../../shared/text';

// One way to match what is typed into a picker or a filter box against a name: without diacritics,
// in any case, word by word ("nguyen van" finds "Nguyễn Văn Hùng", "d" finds "Đ"). Decomposed text
// pasted from a PDF or a Mac (e + U+0302 + U+0303) gives the same key as the composed one, since
// searchKey decomposes before removing the marks.

/** Plain text of an option label (labels are strings here; anything else never matches). */
function labelText(label: ReactNode): string {
  return typeof label === 'string' || typeof label === 'number' ? String(label) : '';
}

/** For antd Select/AutoComplete `showSearch.filterOption`: the option's label, loosely. */
export function filterByLabel(input: string, option?: { label?: ReactNode; value?: unknown }): boolean {
  if (!searchKey(input)) return true;
  return looselyMatches(input, labelText(option?.label));
}

/** `showSearch` for every searchable antd Select. */
export const looseSearch = { filterOption: filterByLabel } as const;

/** For client-side list filters: whether any of the texts matches what was typed. */
export function matchesAny(typed: string, ...texts: (string | null | undefined)[]): boolean {
  if (!searchKey(typed)) return true;
  return texts.some((text) => text && looselyMatches(typed, text));
}

/** What a person typed or pasted, composed (NFC), as the server stores it. */
export function nfc(text: string): string;
export function nfc(text: string | undefined): string | undefined;
export function nfc(text: string | undefined): string | undefined {
  return text?.normalize('NFC');
}
