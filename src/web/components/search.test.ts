import { describe, expect, it } from 'vitest';
import { filterByLabel, matchesAny, nfc } from './search';

describe('pickers and filters match the way people type Vietnamese', () => {
  it('without diacritics, in any case, word by word', () => {
    expect(filterByLabel('huong', { label: 'Đỗ Thị Hương — Chánh Văn phòng' })).toBe(true);
    expect(filterByLabel('nguyen van', { label: 'Nguyễn Văn Hùng — Giám đốc' })).toBe(true);
    expect(filterByLabel('van nguyen', { label: 'Nguyễn Văn Hùng — Giám đốc' })).toBe(true);
    expect(filterByLabel('d', { label: 'Đỗ Thị Hương' })).toBe(true);
    expect(filterByLabel('nguyen van', { label: 'Nguyễn Thị Thu' })).toBe(false);
  });

  it('decomposed text pasted in matches the composed label, and is composed before it is sent', () => {
    const pasted = 'Nguye\u0302\u0303n';
    expect(filterByLabel(pasted, { label: 'Nguyễn Văn Hùng' })).toBe(true);
    expect(matchesAny(pasted, 'Nguyễn Thị Thu')).toBe(true);
    expect(nfc(pasted)).toBe('Nguyễn');
  });

  it('an empty search shows everything; a label that is not text never matches a search', () => {
    expect(filterByLabel('  ', { label: 'x' })).toBe(true);
    expect(matchesAny('', null)).toBe(true);
    expect(filterByLabel('a', { label: undefined })).toBe(false);
  });
});
