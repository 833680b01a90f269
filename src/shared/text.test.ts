import { describe, expect, it } from 'vitest';
import { looselyMatches, searchKey } from './text.js';

describe('matching Vietnamese text as people type it', () => {
  it('ignores diacritics, đ and case, in composed and decomposed text', () => {
    expect(searchKey('Nguyễn Văn Hương')).toBe('nguyen van huong');
    expect(searchKey('ĐIỆN BIÊN')).toBe('dien bien');
    expect(searchKey('Hu\u031bo\u031b\u0300ng')).toBe('huong'); // typed on a Mac: decomposed
  });

  it('finds a name by any of its words, in any order', () => {
    expect(looselyMatches('huong', 'Lê Thị Hương')).toBe(true);
    expect(looselyMatches('nguyen van', 'Nguyễn Văn Hùng — Giám đốc')).toBe(true);
    expect(looselyMatches('dien bien ubnd', 'UBND tỉnh Điện Biên')).toBe(true);
    expect(looselyMatches('ha noi', 'UBND tỉnh Điện Biên')).toBe(false);
  });
});
