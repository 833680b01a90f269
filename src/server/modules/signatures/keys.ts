import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Private keys (PKCS#12 files) are stored encrypted with AES-256-GCM under a key derived from a
 * server secret: `SIGNING_KEY_SECRET`, or a random secret made once into the data directory.
 * A stolen database alone therefore holds no usable key file; each file is also protected by its
 * own passphrase, which is asked at each signature and never stored.
 */
export interface KeyVault {
  seal(plain: Uint8Array): Buffer;
  open(sealed: Uint8Array): Buffer;
}

const SECRET_FILE = 'signing-key-secret';
const VERSION = 1;

/** The secret from the environment, else the data directory's own (created on first use, readable by the owner only). */
export async function loadSigningSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env.SIGNING_KEY_SECRET?.trim();
  if (fromEnv) return createHash('sha256').update(fromEnv).digest();
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    await fs.writeFile(file, secret.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
    throw error;
  }
}

export function createKeyVault(secret: Buffer): KeyVault {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'vanphong signing keys v1', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const data = Buffer.from(sealed);
      if (data[0] !== VERSION) throw new Error('unknown key file format');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(1, 13));
      decipher.setAuthTag(data.subarray(13, 29));
      return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]);
    },
  };
}

const vaults = new Map<string, Promise<KeyVault>>();
/** One vault per data directory for the process (the secret is read once). */
export function vaultFor(dataDir: string): Promise<KeyVault> {
  let vault = vaults.get(dataDir);
  if (!vault) {
    vault = loadSigningSecret(dataDir).then(createKeyVault);
    vaults.set(dataDir, vault);
  }
  return vault;
}
