import { describe, expect, it } from 'vitest';
import { highlight } from './search.text.js';

describe('the snippet under a search result', () => {
  it('shows where the searched words stand together, not the first lone hit of the national motto', () => {
    const text = `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ${'Nội dung khác của văn bản. '.repeat(20)}Sở đề nghị các đơn vị trả lời công văn này trước ngày 15.`;
    const snippet = highlight(text, ['cong', 'van'], 120)!;
    expect(snippet.text).toContain('trả lời công văn này');
    const marked = snippet.highlights.map(([a, b]) => snippet.text.slice(a, b));
    expect(marked).toEqual(expect.arrayContaining(['công', 'văn']));
    expect(snippet.text).not.toContain('CỘNG HÒA');
  });
});
