import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES, DOCUMENT_STATUSES, DOCUMENT_TYPES, EVENT_ACTIONS, INBOX_BOXES, POSITIONS, ROLES, SECRECIES, URGENCIES,
} from '../../shared/enums';
import { ERROR_MESSAGES, FIELD_LABELS, FIELD_MESSAGES } from '../../shared/messages';
import en from './en.json';
import vi from './vi.json';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`.replace(/_(one|other)$/, '')] : keysOf(value, `${prefix}${key}.`));
}

const lookup = (tree: Tree, path: string) => path.split('.').reduce<string | Tree | undefined>((node, key) => (typeof node === 'object' ? node[key] : undefined), tree);

/** Every Vietnamese text the user can meet: the web client's catalogue and the server's messages. */
const VIETNAMESE_TEXTS: [string, string][] = [
  ...(function walk(tree: Tree, prefix: string): [string, string][] {
    return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : walk(value, `${prefix}${key}.`)));
  })(vi as Tree, 'vi.json: '),
  ...Object.entries({ ...ERROR_MESSAGES }).map(([code, text]) => [`messages.ts ERROR_MESSAGES.${code}`, text.vi] as [string, string]),
  ...Object.entries({ ...FIELD_MESSAGES }).map(([code, text]) => [`messages.ts FIELD_MESSAGES.${code}`, text.vi] as [string, string]),
  ...Object.entries(FIELD_LABELS).map(([field, text]) => [`messages.ts FIELD_LABELS.${field}`, text.vi] as [string, string]),
];

/**
 * Variants a later screen must not bring back, with the term to use instead (GLOSSARY.md, Decree 30/2020/NĐ-CP,
 * Vietnamese eOffice products). Matched case-insensitively over every text above.
 */
const FORBIDDEN_VARIANTS: { variant: RegExp; preferred: string }[] = [
  { variant: /tập tin/iu, preferred: 'say "tệp", as Vietnamese eOffice products do' },
  { variant: /\bfile\b(?!")/iu, preferred: 'say "tệp" (an English word in Vietnamese text)' },
  { variant: /e-?mail/iu, preferred: 'say "thư điện tử"' },
  { variant: /h[oòỏ][aàả] tốc hẹn giờ/iu, preferred: 'Decree 30 names only "Hỏa tốc", "Thượng khẩn", "Khẩn"; "hỏa tốc hẹn giờ" is edXML only' },
  { variant: /số ký hiệu|số\s*\/\s*ký hiệu/iu, preferred: 'write "số, ký hiệu" (Decree 30, Phụ lục IV)' },
  { variant: /tóm tắt/iu, preferred: 'the one-line subject is the "trích yếu"' },
  { variant: /hạn chót|deadline/iu, preferred: 'say "hạn xử lý"' },
  { variant: /cho ý kiến/iu, preferred: 'the leader gives "ý kiến chỉ đạo" ("Chỉ đạo, phân công xử lý"); a consulted unit "góp ý" — "cho ý kiến" mixes the two' },
  { variant: /chuyển tiếp/iu, preferred: 'an e-mail calque: say "chuyển xử lý" or "giao"' },
  { variant: /\b(giao|cấp|được [^,.]{0,30}) bởi\b/iu, preferred: 'a calque of the English passive "by": say "Người giao: …", "Tổ chức cấp", "do … cấp"' },
  { variant: /đã ban hành/iu, preferred: 'the clerk\'s last step is "phát hành": "Đã phát hành"' },
  { variant: /chuyển giao công việc/iu, preferred: 'handing over an official\'s work is "bàn giao"' },
  { variant: /trưởng đơn vị|lãnh đạo đơn vị/iu, preferred: 'the unit head\'s role is "Lãnh đạo phòng"' },
  { variant: /quản trị viên|quản trị(?! hệ thống)(?= *[\p{Ll}.,;)])/iu, preferred: 'the role is "Quản trị hệ thống" (the menu alone may say "Quản trị")' },
  // One tone-mark style, the traditional one of the whole catalogue: hòa, khóa, xóa, hủy, ủy, thỏa, khỏe.
  { variant: /(?<!q)(?:o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?![\p{L}])/iu, preferred: 'place the tone mark as the rest of the text does: "hòa", "khóa", "xóa", "hủy", "ủy", "thỏa"' },
];

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

  it('uses one Decree 30 / eOffice term per concept: no forbidden variant in any Vietnamese text of the client or the server', () => {
    const offending: string[] = [];
    for (const [where, text] of VIETNAMESE_TEXTS) {
      for (const { variant, preferred } of FORBIDDEN_VARIANTS) {
        if (variant.test(text)) offending.push(`${where}: "${text}" — ${preferred}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('writes every Vietnamese text in Unicode NFC (text pasted from Word or typed on a Mac arrives decomposed)', () => {
    expect(VIETNAMESE_TEXTS.filter(([, text]) => text !== text.normalize('NFC')).map(([where]) => where)).toEqual([]);
  });

  it('names menu items in sentence case, as Vietnamese does', () => {
    const menuItems = [
      ...Object.entries(vi.menu), ...Object.entries(vi.outgoing.menu),
      ['directory.menu', vi.directory.menu], ['signatures.menu', vi.signatures.menu],
    ] as [string, string][];
    const titleCased = menuItems.filter(([, label]) => label.split(/\s+/).slice(1).some((word) => /^\p{Lu}/u.test(word)));
    expect(titleCased).toEqual([]);
  });

  it('names each concept the same way wherever it appears', () => {
    // The registers are named as Decree 30 (Phụ lục IV) names them; menus may shorten to "Sổ văn bản đến/đi".
    expect(vi.register.title).toBe('Sổ đăng ký văn bản đến');
    expect(vi.outgoing.title.issued).toBe('Sổ đăng ký văn bản đi');
    // The clerk's last step is "phát hành", whether the status is shown on an incoming reply or an outgoing list.
    expect(vi.enums.documentStatus.issued).toBe(vi.outgoing.status.issued);
    expect(vi.outgoing.status.issued).toBe('Đã phát hành');
    // An action and the history line it leaves read the same.
    expect(vi.enums.eventAction.assigned).toBe(vi.actions.assign);
    expect(vi.enums.eventAction.step_forwarded).toBe(vi.outgoing.action.forward);
    expect(vi.enums.eventAction.reassigned).toBe('Bàn giao công việc');
    expect(vi.admin.successor).toBe('Người nhận bàn giao');
    // The unit head is "Lãnh đạo phòng" as a role and as a step of the approval chain.
    expect(vi.enums.role.unit_head).toBe('Lãnh đạo phòng');
    expect(vi.outgoing.stepKind.unit_head).toBe(vi.enums.role.unit_head);
    // Only the urgencies Decree 30 names (no "hỏa tốc hẹn giờ", which is edXML-only).
    expect(Object.values(vi.enums.urgency)).toEqual(['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc']);
    expect(Object.values(vi.enums.secrecy).slice(1)).toEqual(['Mật', 'Tối mật', 'Tuyệt mật']);
  });

  it('names the register\'s columns as Decree 30 does, and offers the skip link', () => {
    expect(vi.register.columns.summary).toBe('Tên loại và trích yếu nội dung');
    expect(vi.register.columns.acknowledged).toBe('Ký nhận');
    expect(vi.common.skipToContent).toBe('Chuyển đến nội dung chính');
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
