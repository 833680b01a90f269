// The answer of GET /api/outgoing-documents/:id/versions/compare, one definition for the server
// (which builds it) and the web client (which shows it).

export type DiffPartKind = 'same' | 'added' | 'removed';

/** A run of text: in both versions, only in the newer one (`added`) or only in the older (`removed`). */
export interface DiffPart { kind: DiffPartKind; text: string }

export interface ComparedVersion {
  version: number;
  fileName: string;
  mimeType: string;
  createdBy: { id: string; fullName: string; position: string | null } | null;
  createdAt: string;
  /** Its text was longer than the comparison reads: only the beginning is compared. */
  truncated: boolean;
}

export interface VersionComparison {
  from: ComparedVersion;
  to: ComparedVersion;
  /** In reading order; `removed` parts belong to the old text only, `added` to the new only. */
  parts: DiffPart[];
  /** Words (letters or digits, punctuation aside) added and removed. */
  stats: { added: number; removed: number };
  /**
   * The texts differ too much to line up word by word in reasonable time: the whole old text is
   * shown as removed and the whole new one as added.
   */
  tooDifferent: boolean;
}
