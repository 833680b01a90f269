import path from 'node:path';
import { createDiskFileStore, type FileStore } from './file-store.js';
import { createS3FileStore, type S3Settings } from './file-store.s3.js';

/** Which backend keeps the files: the data directory's disk (one machine) or an S3-compatible object store (several servers). */
export type FileStoreConfig =
  | { backend: 'disk'; root: string }
  | { backend: 's3'; s3: S3Settings; stagingRoot: string };

/**
 * FILES_BACKEND=disk (default: DATA_DIR/files) or s3 with S3_ENDPOINT, S3_REGION, S3_BUCKET,
 * S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE and S3_PREFIX (and S3_PRESIGNED_DOWNLOADS,
 * S3_PRESIGNED_SECONDS, S3_PUBLIC_ENDPOINT for downloads straight from the store). With s3, uploads are
 * still staged on this server's disk (DATA_DIR/files/tmp) while they are checked.
 */
export function fileStoreConfigFrom(env: NodeJS.ProcessEnv, dataDir: string): FileStoreConfig {
  const root = path.join(dataDir, 'files');
  const backend = (env.FILES_BACKEND ?? 'disk').trim().toLowerCase();
  if (backend === 'disk') return { backend: 'disk', root };
  if (backend !== 's3') throw new Error(`FILES_BACKEND must be "disk" or "s3", not "${env.FILES_BACKEND}".`);
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new Error('FILES_BACKEND=s3 needs S3_BUCKET (and S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY for a store other than AWS).');
  return {
    backend: 's3',
    stagingRoot: root,
    s3: {
      endpoint: env.S3_ENDPOINT?.trim() || undefined,
      region: env.S3_REGION?.trim() || 'us-east-1',
      bucket,
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
      prefix: env.S3_PREFIX?.trim() ?? '',
      presign: env.S3_PRESIGNED_DOWNLOADS === 'true'
        ? { seconds: Math.max(5, Number.parseInt(env.S3_PRESIGNED_SECONDS ?? '', 10) || 60), endpoint: env.S3_PUBLIC_ENDPOINT?.trim() || undefined }
        : null,
    },
  };
}

/** The configured store, its bucket created when missing. */
export async function openFileStore(config: FileStoreConfig): Promise<FileStore> {
  if (config.backend === 'disk') return createDiskFileStore(config.root);
  const store = createS3FileStore(config.s3, config.stagingRoot);
  await store.ensureBucket();
  return store;
}
