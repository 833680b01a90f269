// Matching Vietnamese text the way people type it: with or without diacritics, in any case.

/**
 * The form of a text used for loose matching: NFC-decomposed, marks removed, đ/Đ → d, lower case,
 * spaces collapsed. "Nguyễn Văn Hương" and "nguyen van huong" give the same key.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word typed appears in the label, diacritics and case aside ("nguyen van" finds "Nguyễn Văn Hùng"). */
export function looselyMatches(typed: string, label: string): boolean {
  const haystack = searchKey(label);
  return searchKey(typed).split(' ').every((word) => haystack.includes(word));
}
