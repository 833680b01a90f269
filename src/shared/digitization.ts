import type { DocumentType, Secrecy, Urgency } from './enums.js';

// Digitization (số hóa): a stored file's text and its state, and the pre-filled registration
// fields read from a document's text; shared by server and web.

export type ScanWarning = 'low_dpi' | 'not_colour';

/** DOMAIN.md 1.7: resolution (lowest image, dots per inch) and colour of a scan; null when not known or not a scan. */
export interface ScanQuality {
  dpi: number | null;
  colour: boolean | null;
  warnings: ScanWarning[];
}

/**
 * What the clerk sees of a file's text: waiting (for a reader), reading, done, failed (with the
 * reason), unsupported (a type whose text is not read).
 */
export type FileTextState = 'waiting' | 'reading' | 'done' | 'failed' | 'unsupported';

export interface FileTextView {
  state: FileTextState;
  /** The reader's reason when failed. */
  error: string | null;
  pageCount: number | null;
  sha256: string;
  method: 'pdf_text' | 'docx' | 'xlsx' | 'ocr' | null;
  ocrEngine: 'tesseract' | 'tesseract.js' | null;
  /** A searchable PDF/A copy made by OCR exists (GET …/searchable). */
  hasSearchableCopy: boolean;
  quality: ScanQuality;
  /** The text (as corrected, when it was); null until read. */
  text: string | null;
  truncated: boolean;
  corrected: { at: string; by: string | null } | null;
  /** Whether this user may correct the text. */
  canCorrect: boolean;
}

export const PREFILL_FIELDS = ['issuer', 'number', 'notation', 'issuedOn', 'place', 'documentType', 'summary', 'signer', 'urgency', 'secrecy'] as const;
export type PrefillField = (typeof PREFILL_FIELDS)[number];

/** Fields read from a document's text; a field not found is absent. */
export interface PrefillValues {
  issuer?: string;
  /** The directory entry the issuer matched, when one did. */
  issuerId?: string;
  number?: string;
  notation?: string;
  issuedOn?: string; // YYYY-MM-DD
  place?: string;
  documentType?: DocumentType;
  summary?: string;
  signer?: string;
  urgency?: Urgency;
  secrecy?: Secrecy;
}

/** The answer to the registration form about a dropped file. */
export interface PrefillAnswer {
  fileHash: string;
  /** 'done': `values` are final; 'waiting'/'reading': OCR still running, ask again; 'failed'/'unsupported': nothing to pre-fill. */
  state: FileTextState;
  pageCount: number | null;
  quality: ScanQuality;
  values: PrefillValues;
}
