import { DomainError } from '../../http/errors.js';
import type { FileStore } from '../files/file-store.js';
import { type Scanner, ScannerUnavailableError } from './antivirus.scanner.js';

export type ScanOutcome = 'clean' | 'infected' | 'unavailable';

/**
 * The file store of the routes when a scanner is configured: every staged upload is scanned before
 * anything can commit it, and an infected one is discarded at once — nothing of it is stored. The
 * errors carry an empty name; the upload code that knows the file's name fills it in.
 */
export function scanningFileStore(inner: FileStore, scanner: Scanner, onScan: (outcome: ScanOutcome) => void = () => undefined): FileStore {
  return {
    ...inner,
    async stage(stream, maxBytes) {
      const staged = await inner.stage(stream, maxBytes);
      if (staged.truncated) return staged;
      let result;
      try {
        result = await scanner.scanFile(staged.path);
      } catch (error) {
        await staged.discard();
        if (error instanceof ScannerUnavailableError) {
          onScan('unavailable');
          throw new DomainError('SCANNER_UNAVAILABLE', 503, { name: '' }, { reason: error.message });
        }
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
  };
}
