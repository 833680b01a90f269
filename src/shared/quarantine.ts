// The administrator's view of files the antivirus holds back (GET /api/admin/quarantine), shared by server and web.

/**
 * `infected`: a later scan found malware in content accepted unscanned; every download is refused.
 * `unscanned`: accepted while the scanner was down (CLAMAV_UNAVAILABLE=accept), waiting for its scan.
 */
export type QuarantineState = 'infected' | 'unscanned';

export interface QuarantinedFile {
  /** The content's SHA-256 (its name in the store). */
  hash: string;
  state: QuarantineState;
  fileName: string | null;
  /** The malware's name as the scanner reported it (infected only). */
  signature: string | null;
  /** A document of this agency that has the file (the first one), when any still does. */
  document: { id: string; direction: 'incoming' | 'outgoing' | 'internal'; summary: string | null; reference: string | null } | null;
  uploadedBy: { id: string; fullName: string } | null;
  uploadedAt: string;
  /** When the scan that found the malware ran (infected only). */
  scannedAt: string | null;
  /** Scans tried while the scanner was still down. */
  attempts: number;
}

export interface QuarantineOverview {
  /** Infected first, then waiting, newest first within each. */
  items: QuarantinedFile[];
  /** Whether this deployment has a scanner configured (a rescan needs one). */
  scannerConfigured: boolean;
}

export interface RescanQueued {
  /** This agency's files waiting for their scan, which the job (run now) will scan. */
  waiting: number;
}
