import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../http/errors.js';

/**
 * Content-addressed file storage. Its one rule: a request never deletes stored content.
 *
 * A request streams an upload into a staging file of its own (`stage`), checks it, and only when it
 * is about to write the rows that name the content does it `commit` it into the store. A request
 * that fails removes its staging files (`discard`) and nothing else; content it committed but no
 * row ended up naming is left for the collector, which removes only content that no row names and
 * that nobody has committed for a grace period. Two requests uploading the same bytes therefore
 * cannot take each other's file away, whatever the order in which they fail or succeed.
 *
 * A second backend (an S3-compatible object store, file-store.s3.ts) implements the same interface.
 */
export interface FileStore {
  /**
   * Streams an upload to a private staging file, hashing it; stops at maxBytes. `origin`: who sent it
   * (an upload of a signed-in official), for the antivirus's records; the stores themselves ignore it.
   */
  stage(stream: Readable, maxBytes: number, origin?: UploadOrigin): Promise<StagedFile | { truncated: true; size: number }>;
  /** The stored content (or the bytes `range` names) as a stream; FileMissingError when it is not (any more) in the store. */
  get(hash: string, range?: ByteRange): Promise<Readable>;
  /** Size and last commit time of stored content, or null. */
  stat(hash: string): Promise<{ size: number; committedAt: Date } | null>;
  /** Removes unreferenced content older than the grace period, and staging files a crash left behind. */
  collect(options: CollectOptions): Promise<CollectReport>;
  /** Every stored hash, in batches (moving a deployment's files between backends). */
  list(): AsyncGenerator<string[]>;
  /** Resolves when the store can be written (readiness check); rejects with the reason otherwise. */
  ready(): Promise<void>;
  /**
   * Only where configured (S3_PRESIGNED_DOWNLOADS): a short-lived address from which the browser
   * fetches the content straight from the object store, named and typed as given.
   */
  presignedDownload?(hash: string, options: { fileName: string; mimeType: string; disposition: 'inline' | 'attachment' }): Promise<string>;
}

/** Who uploaded a staged file, and under which name. */
export interface UploadOrigin {
  agencyId: string;
  userId: string;
  fileName: string;
}

/** Bytes start..end of a file, both included (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StagedFile {
  truncated: false;
  hash: string;
  size: number;
  /** The staging file on local disk, to inspect the content before committing it. */
  path: string;
  /** Puts the content into the store; afterwards the content is safe from the collector for the grace period. */
  commit(): Promise<void>;
  /** Removes the staging file (nothing once committed). */
  discard(): Promise<void>;
}

export interface CollectOptions {
  /** Which of these hashes some row still names. */
  referenced(hashes: string[]): Promise<Set<string>>;
  /** Content and staging files younger than this are left alone (a request may be about to name them). */
  graceMs: number;
}

export interface CollectReport {
  removed: number;
  staging: number;
  kept: number;
}

/** Stored content that should be there and is not (disk damage, manual deletion). */
export class FileMissingError extends Error {
  constructor(readonly hash: string) {
    super(`stored file ${hash} is missing`);
  }
}

class TooLarge extends Error {}

const HASH = /^[0-9a-f]{64}$/;
const BATCH = 500;

/** Content on local disk: files/ab/cd/abcd…, staging in files/tmp, the collector's holding area in files/trash. */
export function createDiskFileStore(root: string): FileStore {
  const stagingDir = path.join(root, 'tmp');
  const trashDir = path.join(root, 'trash');
  const pathOf = (hash: string) => {
    if (!HASH.test(hash)) throw new Error('invalid file hash');
    return path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
  };

  // Always a fresh file, even when the content is already stored: rename replaces it atomically,
  // and its new modification time tells the collector it was just committed.
  const stage = (stream: Readable, maxBytes: number) => stageLocally(stagingDir, stream, maxBytes, async (tmp, hash) => {
    const target = pathOf(hash);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(tmp, target);
  });

  async function get(hash: string, range?: ByteRange): Promise<Readable> {
    const handle = await fs.open(pathOf(hash), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new FileMissingError(hash);
      throw error;
    });
    return handle.createReadStream(range ?? {}); // opened first, so a missing file is an error here and not mid-response
  }

  async function stat(hash: string) {
    const found = await fs.stat(pathOf(hash)).catch(() => null);
    return found ? { size: found.size, committedAt: found.mtime } : null;
  }

  /** Stored content files older than the grace period, in batches. */
  async function* oldContent(cutoff: number): AsyncGenerator<string[]> {
    let batch: string[] = [];
    for (const first of await subdirs(root)) {
      if (!/^[0-9a-f]{2}$/.test(first)) continue;
      for (const second of await subdirs(path.join(root, first))) {
        for (const name of await fs.readdir(path.join(root, first, second)).catch(() => [] as string[])) {
          if (!HASH.test(name)) continue;
          const info = await fs.stat(path.join(root, first, second, name)).catch(() => null);
          if (!info || info.mtimeMs > cutoff) continue;
          batch.push(name);
          if (batch.length >= BATCH) { yield batch; batch = []; }
        }
      }
    }
    if (batch.length) yield batch;
  }

  /**
   * Moves the content aside before deciding, so a commit racing with the collector is never lost:
   * a commit renames a new file into place, so if the file moved aside is fresh, someone committed
   * it after we looked, and it goes back; if it is still old, nobody did, and the rows were checked.
   */
  async function removeIfStillOld(hash: string, cutoff: number): Promise<boolean> {
    await fs.mkdir(trashDir, { recursive: true });
    const held = path.join(trashDir, `${hash}.${randomUUID()}`);
    try {
      await fs.rename(pathOf(hash), held);
    } catch {
      return false; // gone already, or replaced concurrently
    }
    const info = await fs.stat(held);
    if (info.mtimeMs > cutoff) {
      await fs.link(held, pathOf(hash)).catch(() => undefined); // a newer commit may already be back in place
      await fs.rm(held, { force: true });
      return false;
    }
    await fs.rm(held, { force: true });
    return true;
  }

  async function collect({ referenced, graceMs }: CollectOptions): Promise<CollectReport> {
    const cutoff = Date.now() - graceMs;
    const report: CollectReport = { removed: 0, staging: 0, kept: 0 };
    for await (const batch of oldContent(cutoff)) {
      const used = await referenced(batch);
      for (const hash of batch) {
        if (used.has(hash)) report.kept++;
        else if (await removeIfStillOld(hash, cutoff)) report.removed++;
      }
    }
    report.staging += await removeOldFiles([stagingDir, trashDir], cutoff);
    return report;
  }

  async function ready() {
    await fs.mkdir(stagingDir, { recursive: true });
    await fs.access(stagingDir, fs.constants.W_OK);
  }

  return { stage, get, stat, collect, list: oldContentAll, ready };

  /** Every stored hash, in batches (for moving the store). */
  async function* oldContentAll(): AsyncGenerator<string[]> {
    yield* oldContent(Number.POSITIVE_INFINITY);
  }
}

/**
 * Streams an upload into a staging file of its own under `stagingDir`, hashing and counting it, and
 * syncs it to disk: both backends check the content there before `commit` (the backend's own way of
 * putting a staged file into the store) makes it stored content.
 */
export async function stageLocally(stagingDir: string, stream: Readable, maxBytes: number, commit: (tmp: string, hash: string, size: number) => Promise<void>): Promise<StagedFile | { truncated: true; size: number }> {
  await fs.mkdir(stagingDir, { recursive: true });
  const tmp = path.join(stagingDir, randomUUID());
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
    // The bytes are on disk before any row can name them.
    const handle = await fs.open(tmp, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch (error) {
    await fs.rm(tmp, { force: true });
    if (error instanceof TooLarge) {
      stream.resume(); // drain the rest of the upload so the request can finish
      return { truncated: true, size };
    }
    throw error;
  }
  const hash = digest.digest('hex');
  let committed = false;
  return {
    truncated: false,
    hash,
    size,
    path: tmp,
    async commit() {
      if (committed) return;
      await commit(tmp, hash, size);
      committed = true;
    },
    async discard() {
      if (!committed) await fs.rm(tmp, { force: true });
    },
  };
}

/** Removes files older than `cutoff` (ms since the epoch) in these folders; returns how many. */
export async function removeOldFiles(dirs: string[], cutoff: number): Promise<number> {
  let removed = 0;
  for (const dir of dirs) {
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const full = path.join(dir, name);
      const info = await fs.stat(full).catch(() => null);
      if (info && info.mtimeMs <= cutoff) {
        await fs.rm(full, { force: true });
        removed++;
      }
    }
  }
  return removed;
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** A whole (bounded) stream in memory: for the PDF work that needs the bytes at once (signing, conversion). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A stream from openStoredFile carries how to reopen its content at a byte range, so sendFile can
 * answer an HTTP Range request (the PDF viewer's) from the store without reading the bytes before it.
 */
export const REOPEN_RANGE = Symbol('reopenRange');
/** And, where the store hands out presigned addresses, how to get one for this content (send-file.ts). */
export const PRESIGN = Symbol('presign');
export type RangedStream = Readable & {
  [REOPEN_RANGE]?: (range: ByteRange) => Promise<Readable>;
  [PRESIGN]?: (options: { fileName: string; mimeType: string; disposition: 'inline' | 'attachment' }) => Promise<string>;
};

/** The stored content of a named file, or FILE_MISSING (in the documented error shape) when the store lost it. */
export async function openStoredFile(store: FileStore, hash: string, fileName: string): Promise<RangedStream> {
  const open = async (range?: ByteRange) => {
    try {
      return await store.get(hash, range);
    } catch (error) {
      if (error instanceof FileMissingError) throw new DomainError('FILE_MISSING', 500, { name: fileName });
      throw error;
    }
  };
  const presign = store.presignedDownload?.bind(store);
  return Object.assign(await open(), { [REOPEN_RANGE]: (range: ByteRange) => open(range) }, presign ? { [PRESIGN]: (options: Parameters<typeof presign>[1]) => presign(hash, options) } : {});
}
