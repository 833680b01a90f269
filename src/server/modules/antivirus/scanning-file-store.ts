import { DomainError } from '../../http/errors.js';
import type { Db } from '../../db/database.js';
import type { FileStore } from '../files/file-store.js';
import { type Scanner, ScannerUnavailableError } from './antivirus.scanner.js';
import { isQuarantined, recordUnscanned } from './antivirus.service.js';

export type ScanOutcome = 'clean' | 'infected' | 'unavailable';

export interface ScanningOptions {
  /** Where scan states are kept (file_scans): needed for `accept` and for refusing quarantined content. */
  db?: Db;
  /** When the scanner does not answer within its wait: refuse the upload (503) or accept it unscanned. */
  whenDown?: 'refuse' | 'accept';
}

/**
 * The file store of the routes when a scanner is configured: every staged upload is scanned before
 * anything can commit it, and an infected one is discarded at once — nothing of it is stored. The
 * errors carry an empty name; the upload code that knows the file's name fills it in.
 *
 * With `whenDown: 'accept'`, an upload the scanner could not look at is accepted and its content
 * recorded as not scanned when it is committed; a job scans it when the scanner returns
 * (antivirus.service.ts). Content found infected later is quarantined: reading it through this store
 * (every download of every route) is refused with FILE_QUARANTINED.
 */
export function scanningFileStore(inner: FileStore, scanner: Scanner, onScan: (outcome: ScanOutcome) => void = () => undefined, options: ScanningOptions = {}): FileStore {
  const { db } = options;
  return {
    ...inner,
    async stage(stream, maxBytes, origin) {
      const staged = await inner.stage(stream, maxBytes, origin);
      if (staged.truncated) return staged;
      let result;
      try {
        result = await scanner.scanFile(staged.path);
      } catch (error) {
        if (error instanceof ScannerUnavailableError) {
          onScan('unavailable');
          if (options.whenDown === 'accept' && db) {
            // Accepted unscanned: marked so when it is committed (the rows that name it follow).
            return { ...staged, commit: async () => { await staged.commit(); await recordUnscanned(db, staged.hash, origin); } };
          }
          await staged.discard();
          throw new DomainError('SCANNER_UNAVAILABLE', 503, { name: '' }, { reason: error.message });
        }
        await staged.discard();
        throw error;
      }
      if (!result.clean) {
        await staged.discard();
        onScan('infected');
        throw new DomainError('FILE_INFECTED', 422, { name: '', signature: result.signature }, { signature: result.signature });
      }
      onScan('clean');
      return staged;
    },
    async get(hash, range) {
      const quarantined = db ? await isQuarantined(db, hash) : null;
      if (quarantined) throw new DomainError('FILE_QUARANTINED', 403, { signature: quarantined.signature ?? '' });
      return inner.get(hash, range);
    },
  };
}
