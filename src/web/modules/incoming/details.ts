import dayjs, { type Dayjs } from 'dayjs';
import type { DocumentType, Secrecy, Urgency } from '../../../shared/enums';
import type { DocumentDetail, DocumentEdit } from '../../api/types';

/** The registered details' field names, which are also the API's (and its 400 errors'), in the order of the form. */
export const DOCUMENT_FIELDS = [
  'issuer', 'number', 'notation', 'issuedOn', 'documentType', 'signer', 'summary', 'urgency', 'secrecy', 'pageCount', 'dueDate',
] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

/** The details as the form holds them. */
export interface DocumentFieldValues {
  issuer: string;
  /** The directory entry the issuer was picked from (a hidden field the issuer picker sets). */
  issuerId?: string | null;
  number?: string;
  notation?: string;
  issuedOn: Dayjs;
  documentType: DocumentType;
  summary: string;
  signer?: string;
  urgency: string;
  secrecy: string;
  pageCount?: number | null;
  dueDate?: Dayjs | null;
}

/** A document's details as the correction form starts with them. */
export function fieldValues(doc: DocumentDetail): Partial<DocumentFieldValues> {
  return {
    issuer: doc.issuer,
    issuerId: doc.issuerId ?? null,
    number: doc.number ?? '',
    notation: doc.notation ?? '',
    issuedOn: doc.issuedOn ? dayjs(doc.issuedOn) : undefined,
    documentType: doc.documentType ?? undefined,
    summary: doc.summary,
    signer: doc.signer ?? '',
    urgency: doc.urgency ?? 'normal',
    secrecy: doc.secrecy ?? 'none',
    pageCount: doc.pageCount,
    dueDate: doc.dueDate ? dayjs(doc.dueDate) : null,
  };
}

/** The body of a correction: the fields whose (trimmed) value differs from the document's, and only those. */
export function changedFields(doc: DocumentDetail, values: DocumentFieldValues): DocumentEdit {
  const text = (value: string | undefined) => value?.trim() ?? '';
  const date = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
  const next: Required<Omit<DocumentEdit, 'issuerId'>> = {
    issuer: text(values.issuer),
    number: text(values.number),
    notation: text(values.notation),
    issuedOn: date(values.issuedOn) ?? '',
    documentType: values.documentType,
    summary: text(values.summary),
    signer: text(values.signer),
    urgency: values.urgency as Urgency,
    secrecy: values.secrecy as Secrecy,
    pageCount: values.pageCount ?? null,
    dueDate: date(values.dueDate),
  };
  const before: Required<Omit<DocumentEdit, 'issuerId'>> = {
    issuer: doc.issuer,
    number: doc.number ?? '',
    notation: doc.notation ?? '',
    issuedOn: doc.issuedOn ?? '',
    documentType: doc.documentType as DocumentType,
    summary: doc.summary,
    signer: doc.signer ?? '',
    urgency: (doc.urgency ?? 'normal') as Urgency,
    secrecy: (doc.secrecy ?? 'none') as Secrecy,
    pageCount: doc.pageCount,
    dueDate: doc.dueDate,
  };
  const body: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) {
    if (next[field] !== before[field]) body[field] = next[field];
  }
  // The issuer's directory link follows the issuer: picked anew, or typed freely (null).
  if ('issuer' in body || (values.issuerId ?? null) !== (doc.issuerId ?? null)) {
    body.issuer = next.issuer;
    body.issuerId = values.issuerId ?? null;
  }
  return body as DocumentEdit;
}
