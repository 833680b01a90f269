import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  hash: string;
  size: number;
  /** True when this content was already on disk before this write. */
  existed: boolean;
}

export interface FileStore {
  /** Streams content to disk under its SHA-256; stops at maxBytes and reports truncation. */
  put(stream: Readable, maxBytes: number): Promise<StoredFile & { truncated: boolean }>;
  open(hash: string): Readable;
  exists(hash: string): Promise<boolean>;
  remove(hash: string): Promise<void>;
  pathOf(hash: string): string;
  /** Deletes half-written uploads left by a crash (older than the given age). */
  sweepStaging(olderThanMs: number): Promise<number>;
}

class TooLarge extends Error {}

/** Content-addressed files on local disk: files/ab/cd/abcd…; written before the row that names them. */
export function createDiskFileStore(root: string): FileStore {
  const tmpDir = path.join(root, 'tmp');
  const pathOf = (hash: string) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('invalid file hash');
    return path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
  };

  async function exists(hash: string) {
    try {
      await fs.access(pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  return {
    pathOf,
    exists,
    async put(stream, maxBytes) {
      await fs.mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, randomUUID());
      const digest = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new TooLarge());
          digest.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(stream, meter, createWriteStream(tmp, { flags: 'wx' }));
      } catch (error) {
        await fs.rm(tmp, { force: true });
        if (error instanceof TooLarge) {
          stream.resume(); // drain the rest of the upload so the request can finish
          return { hash: '', size, existed: false, truncated: true };
        }
        throw error;
      }
      const hash = digest.digest('hex');
      const target = pathOf(hash);
      const existed = await exists(hash);
      if (existed) {
        await fs.rm(tmp, { force: true });
      } else {
        await fs.mkdir(path.dirname(target), { recursive: true });
        const handle = await fs.open(tmp, 'r');
        await handle.sync(); // the bytes are on disk before any row can name them
        await handle.close();
        await fs.rename(tmp, target);
      }
      return { hash, size, existed, truncated: false };
    },
    open: (hash) => createReadStream(pathOf(hash)),
    async remove(hash) {
      await fs.rm(pathOf(hash), { force: true });
    },
    async sweepStaging(olderThanMs) {
      let removed = 0;
      for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
        const full = path.join(tmpDir, name);
        const stat = await fs.stat(full).catch(() => null);
        if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
          await fs.rm(full, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
