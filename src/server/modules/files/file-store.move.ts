import type { FileStore } from './file-store.js';

export interface MoveProgress {
  /** Files looked at so far, of `total`. */
  done: number;
  total: number;
  copied: number;
  /** Already in the target with the same size (a resumed move). */
  skipped: number;
  bytes: number;
  /** Content whose bytes did not hash to its name (damaged in the source): left where it is, named here. */
  damaged: string[];
  missing: string[];
}

/**
 * Copies every stored file of `source` into `target` (disk → object store or back), verifying each
 * one's SHA-256 on the way: the target stages the bytes, hashes them, and commits only when the hash
 * is the file's name. Resumable: content the target already holds with the same size is skipped.
 * The source is never modified; switching FILES_BACKEND is the operator's step once it is done.
 */
export async function moveFiles(source: FileStore, target: FileStore, onProgress: (progress: MoveProgress) => void = () => undefined): Promise<MoveProgress> {
  const hashes: string[] = [];
  for await (const batch of source.list()) hashes.push(...batch);
  const progress: MoveProgress = { done: 0, total: hashes.length, copied: 0, skipped: 0, bytes: 0, damaged: [], missing: [] };
  onProgress(progress);
  for (const hash of hashes) {
    const [have, there] = await Promise.all([source.stat(hash), target.stat(hash)]);
    if (!have) progress.missing.push(hash);
    else if (there && there.size === have.size) progress.skipped++;
    else {
      const staged = await target.stage(await source.get(hash), have.size);
      if (staged.truncated || staged.hash !== hash) {
        if (!staged.truncated) await staged.discard();
        progress.damaged.push(hash);
      } else {
        await staged.commit();
        progress.copied++;
        progress.bytes += staged.size;
      }
    }
    progress.done++;
    onProgress(progress);
  }
  return progress;
}
