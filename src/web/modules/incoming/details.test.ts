import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../../api/types';
import { changedFields, fieldValues, type DocumentFieldValues } from './details';

const doc = {
  issuer: 'UBND tỉnh Điện Biên', number: '1250', notation: 'UBND-KGVX', issuedOn: '2026-11-20', documentType: 'official_letter',
  summary: 'V/v triển khai', signer: null, urgency: 'urgent', secrecy: 'none', pageCount: 2, dueDate: null,
} as unknown as DocumentDetail;

const values = (changes: Partial<DocumentFieldValues> = {}) => ({ ...fieldValues(doc), ...changes }) as DocumentFieldValues;

describe('a correction sends only what changed', () => {
  it('sends nothing when the clerk changed nothing, or only spaces around a text', () => {
    expect(changedFields(doc, values())).toEqual({});
    expect(changedFields(doc, values({ summary: '  V/v triển khai ', signer: '   ' }))).toEqual({});
  });

  it('sends the changed fields, in the API formats', () => {
    expect(changedFields(doc, values({ summary: 'V/v triển khai chuyển đổi số', urgency: 'flash', dueDate: dayjs('2026-12-05'), issuedOn: dayjs('2026-11-19') })))
      .toEqual({ summary: 'V/v triển khai chuyển đổi số', urgency: 'flash', dueDate: '2026-12-05', issuedOn: '2026-11-19' });
  });

  it('clears a text with an empty string and a page count or due date with null', () => {
    const withDue = { ...doc, dueDate: '2026-12-01' } as DocumentDetail;
    expect(changedFields(withDue, { ...values(), notation: '', pageCount: null, dueDate: null })).toEqual({ notation: '', pageCount: null, dueDate: null });
  });
});
