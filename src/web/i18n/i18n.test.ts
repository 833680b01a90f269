import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES, DOCUMENT_STATUSES, DOCUMENT_TYPES, EVENT_ACTIONS, INBOX_BOXES, POSITIONS, ROLES, SECRECIES, URGENCIES,
} from '../../shared/enums';
import en from './en.json';
import vi from './vi.json';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`.replace(/_(one|other)$/, '')] : keysOf(value, `${prefix}${key}.`));
}

const lookup = (tree: Tree, path: string) => path.split('.').reduce<string | Tree | undefined>((node, key) => (typeof node === 'object' ? node[key] : undefined), tree);

describe('the web client speaks Vietnamese and English', () => {
  it('has the same keys in both languages', () => {
    expect([...new Set(keysOf(en as Tree))].sort()).toEqual([...new Set(keysOf(vi as Tree))].sort());
  });

  it('names every value of the shared enums in both languages', () => {
    const groups: [string, readonly string[]][] = [
      ['enums.documentType', DOCUMENT_TYPES], ['enums.urgency', URGENCIES], ['enums.secrecy', SECRECIES],
      ['enums.documentStatus', DOCUMENT_STATUSES], ['enums.assignmentRole', ASSIGNMENT_ROLES],
      ['enums.assignmentStatus', ASSIGNMENT_STATUSES], ['enums.role', ROLES], ['enums.position', POSITIONS],
      ['enums.eventAction', EVENT_ACTIONS], ['menu', INBOX_BOXES], ['inbox.title', INBOX_BOXES],
    ];
    for (const [group, values] of groups) {
      for (const value of values) {
        for (const [lang, tree] of [['vi', vi], ['en', en]] as const) {
          const text = lookup(tree as Tree, `${group}.${value}`);
          expect(typeof text === 'string' && text.length > 0, `${lang}: ${group}.${value}`).toBe(true);
        }
      }
    }
  });

  it('says "tệp", never "tập tin", as Vietnamese eOffice products do', () => {
    const texts = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : texts(value)));
    const offending = texts(vi as Tree).filter((text) => /tập tin/i.test(text));
    expect(offending).toEqual([]);
  });

  it('names the register\'s columns as Decree 30 does, and offers the skip link', () => {
    expect(vi.register.columns.summary).toBe('Tên loại và trích yếu nội dung');
    expect(vi.register.columns.acknowledged).toBe('Ký nhận');
    expect(vi.common.skipToContent).toBe('Bỏ qua đến nội dung chính');
    expect(vi.common.loadFailed).toBe('Không tải được danh sách.');
  });

  it('uses the Decree 30 names for the 29 document types', () => {
    expect(DOCUMENT_TYPES).toHaveLength(29);
    expect(vi.enums.documentType.official_letter).toBe('Công văn');
    expect(vi.enums.documentType.decision).toBe('Quyết định');
    expect(vi.enums.documentType.proposal_scheme).toBe('Đề án');
    expect(vi.enums.documentType.scheme).toBe('Phương án');
    expect(vi.enums.urgency.flash).toBe('Hỏa tốc');
  });
});
