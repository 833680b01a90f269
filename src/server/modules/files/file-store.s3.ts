import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type ByteRange, type CollectOptions, type CollectReport, FileMissingError, type FileStore, removeOldFiles, stageLocally,
} from './file-store.js';

/** Where the object store is (S3_* settings; scripts/ceph-s3.sh prints those of a local Ceph). */
export interface S3Settings {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** Path-style addresses (http://host/bucket/key): what Ceph and MinIO expect without wildcard DNS. */
  forcePathStyle: boolean;
  /** Objects under this prefix (several deployments in one bucket). */
  prefix: string;
  /**
   * Downloads answered by a redirect to a short-lived presigned GET of the object store
   * (S3_PRESIGNED_DOWNLOADS=true): `seconds` it is valid (S3_PRESIGNED_SECONDS, default 60), signed for
   * `endpoint` (S3_PUBLIC_ENDPOINT: the store's address as browsers reach it; default S3_ENDPOINT).
   */
  presign?: { seconds: number; endpoint: string | undefined } | null;
}

export interface S3FileStore extends FileStore {
  readonly client: S3Client;
  readonly settings: S3Settings;
  /** Creates the bucket when it is not there (first start, tests). */
  ensureBucket(): Promise<void>;
  /** A short-lived address from which the browser fetches the content directly. */
  presignedUrl(hash: string, options: { fileName: string; mimeType: string; disposition: 'inline' | 'attachment'; seconds: number }): Promise<string>;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Content in an S3-compatible object store: `content/ab/cd/<hash>`, committed with `If-None-Match: *`
 * so stored bytes are never overwritten. Uploads are staged on this server's disk (`stagingRoot`),
 * as with the disk backend, and checked there before they are committed.
 *
 * The collector never loses content a request is about to name: an upload whose content is already
 * stored "touches" the object (a copy onto itself renews its time), the collector moves an old
 * unreferenced object to `trash/` before deleting it, and anything in the trash that a row names
 * when it is looked at again (at the next run, past the grace period) is put back; a read of such
 * content meanwhile restores it at once.
 */
export function createS3FileStore(settings: S3Settings, stagingRoot: string): S3FileStore {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // Checksums only where S3 requires them: the CRC32 headers newer SDKs add by default are refused by
    // many S3-compatible stores (Ceph 16 among them). Integrity is ours anyway: every key is a SHA-256.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    logger: quietLogger,
  });
  // A presigned address names its host in its signature: it is signed for the address browsers use.
  const publicClient = settings.presign?.endpoint && settings.presign.endpoint !== settings.endpoint
    ? new S3Client({ endpoint: settings.presign.endpoint, region: settings.region, forcePathStyle: settings.forcePathStyle, credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined, logger: quietLogger })
    : null;
  const Bucket = settings.bucket;
  const base = settings.prefix ? `${settings.prefix.replace(/\/+$/, '')}/` : '';
  const stagingDir = path.join(stagingRoot, 'tmp');
  const keyOf = (hash: string) => {
    if (!HASH.test(hash)) throw new Error('invalid file hash');
    return `${base}content/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
  };
  const trashKeyOf = (hash: string) => `${base}trash/${hash}`;
  const copySource = (key: string) => `${Bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

  /** Renews an object's time (LastModified) by copying it onto itself; false when it is not there. */
  async function touch(key: string): Promise<boolean> {
    try {
      await client.send(new CopyObjectCommand({ Bucket, Key: key, CopySource: copySource(key), MetadataDirective: 'REPLACE', Metadata: { 'committed-at': new Date().toISOString() } }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async function put(hash: string, file: string, size: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: keyOf(hash), Body: createReadStream(file), ContentLength: size, IfNoneMatch: '*', Metadata: { 'committed-at': new Date().toISOString() } }));
        return;
      } catch (error) {
        // Already stored (the same bytes: the key is their hash): renew it so the collector keeps it.
        if (!preconditionFailed(error)) throw error;
        if (await touch(keyOf(hash))) return;
        // The collector moved it away between the two calls: store it again.
      }
    }
    throw new Error(`could not commit ${hash} to the object store`);
  }

  const stage = (stream: Readable, maxBytes: number) => stageLocally(stagingDir, stream, maxBytes, async (tmp, hash, size) => {
    await put(hash, tmp, size);
    await fs.rm(tmp, { force: true });
  });

  /** Puts content the collector moved to the trash back in place; false when it is not there either. */
  async function restore(hash: string): Promise<boolean> {
    try {
      await client.send(new CopyObjectCommand({ Bucket, Key: keyOf(hash), CopySource: copySource(trashKeyOf(hash)), MetadataDirective: 'REPLACE', Metadata: { 'committed-at': new Date().toISOString() } }));
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
    await client.send(new DeleteObjectCommand({ Bucket, Key: trashKeyOf(hash) }));
    return true;
  }

  async function get(hash: string, range?: ByteRange): Promise<Readable> {
    const request = () => client.send(new GetObjectCommand({ Bucket, Key: keyOf(hash), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
    let answer;
    try {
      answer = await request();
    } catch (error) {
      if (!notFound(error)) throw error;
      if (!(await restore(hash))) throw new FileMissingError(hash);
      answer = await request();
    }
    // In Node the SDK's body is an http.IncomingMessage: a Readable streamed from the store.
    return answer.Body as Readable;
  }

  async function stat(hash: string) {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(hash) }));
      return { size: head.ContentLength ?? 0, committedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  /** Objects under a prefix, in pages of up to 1,000, with their times. */
  async function* listed(prefix: string): AsyncGenerator<{ key: string; modified: Date }[]> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
      yield (page.Contents ?? []).filter((o) => o.Key).map((o) => ({ key: o.Key!, modified: o.LastModified ?? new Date(0) }));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async function collect({ referenced, graceMs }: CollectOptions): Promise<CollectReport> {
    const cutoff = Date.now() - graceMs;
    const report: CollectReport = { removed: 0, staging: 0, kept: 0 };
    // Content moved aside at an earlier run: deleted for good unless a row names it now.
    for await (const page of listed(`${base}trash/`)) {
      const old = page.filter((o) => o.modified.getTime() <= cutoff).map((o) => o.key.slice(o.key.lastIndexOf('/') + 1)).filter((h) => HASH.test(h));
      const used = await referenced(old);
      for (const hash of old) {
        if (used.has(hash)) await restore(hash);
        else {
          await client.send(new DeleteObjectCommand({ Bucket, Key: trashKeyOf(hash) }));
          report.removed++;
        }
      }
    }
    for await (const page of listed(`${base}content/`)) {
      const old = page.filter((o) => o.modified.getTime() <= cutoff).map((o) => o.key.slice(o.key.lastIndexOf('/') + 1)).filter((h) => HASH.test(h));
      const used = await referenced(old);
      for (const hash of old) {
        if (used.has(hash)) { report.kept++; continue; }
        await client.send(new CopyObjectCommand({ Bucket, Key: trashKeyOf(hash), CopySource: copySource(keyOf(hash)), MetadataDirective: 'REPLACE', Metadata: { 'trashed-at': new Date().toISOString() } }))
          .then(() => client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(hash) })))
          .catch((error: unknown) => { if (!notFound(error)) throw error; });
      }
    }
    report.staging += await removeOldFiles([stagingDir], cutoff);
    return report;
  }

  async function* list(): AsyncGenerator<string[]> {
    for await (const page of listed(`${base}content/`)) {
      const hashes = page.map((o) => o.key.slice(o.key.lastIndexOf('/') + 1)).filter((h) => HASH.test(h));
      if (hashes.length) yield hashes;
    }
  }

  async function ensureBucket() {
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
    } catch (error) {
      if (!notFound(error)) throw error;
      await client.send(new CreateBucketCommand({ Bucket })).catch((created: unknown) => {
        // Another server created it at the same moment.
        if (!(created instanceof S3ServiceException && /BucketAlready/.test(created.name))) throw created;
      });
    }
  }

  async function presignedUrl(hash: string, options: { fileName: string; mimeType: string; disposition: 'inline' | 'attachment'; seconds: number }) {
    return getSignedUrl(publicClient ?? client, new GetObjectCommand({
      Bucket,
      Key: keyOf(hash),
      ResponseContentType: options.mimeType,
      ResponseContentDisposition: `${options.disposition}; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
      ResponseCacheControl: 'private, no-store',
    }), { expiresIn: options.seconds });
  }

  async function ready() {
    await client.send(new HeadBucketCommand({ Bucket }));
    await fs.mkdir(stagingDir, { recursive: true });
  }

  const presign = settings.presign;
  const presignedDownload = presign
    ? (hash: string, options: { fileName: string; mimeType: string; disposition: 'inline' | 'attachment' }) => presignedUrl(hash, { ...options, seconds: presign.seconds })
    : undefined;
  return { client, settings, stage, get, stat, collect, list, ensureBucket, presignedUrl, ready, ...(presignedDownload ? { presignedDownload } : {}) };
}

const ignore = () => undefined;
/** The SDK's warnings, but not the one it prints for every upload of content already stored (our 412, answered by a touch). */
const quietLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (...args: unknown[]) => { if (!/non-retryable streaming request/.test(String(args[0]))) console.warn(...args); },
  error: (...args: unknown[]) => console.error(...args),
};

function status(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}
const notFound = (error: unknown) => status(error) === 404;
const preconditionFailed = (error: unknown) => status(error) === 412;
