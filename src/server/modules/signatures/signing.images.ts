import { PNG } from 'pngjs';
import type { Db, Executor } from '../../db/database.js';
import { DomainError, forbidden, notFound } from '../../http/errors.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// The signer's handwritten signature (blue) and the agency's seal (red): transparent PNGs that
// the visible signatures show (Decree 30, PL I). Checked here: PNG, at most 1 MB, a sensible size,
// and really transparent (an opaque white box would hide the text under the seal).

export const MAX_IMAGE_BYTES = 1024 * 1024;
const invalid = (reason: string) => new DomainError('SIGNATURE_IMAGE_INVALID', 400, { reason });

export function checkImage(bytes: Buffer): { width: number; height: number } {
  if (bytes.length > MAX_IMAGE_BYTES) throw invalid('> 1 MB');
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw invalid('PNG');
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw invalid('PNG');
  }
  if (png.width < 50 || png.height < 50 || png.width > 3000 || png.height > 3000) throw invalid('50–3000 px');
  let transparent = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i]! < 250) transparent++;
  // At least a tenth of the pixels see-through: a signature or a seal is mostly background.
  if (transparent < (png.width * png.height) / 10) throw invalid('alpha');
  return { width: png.width, height: png.height };
}

/** An official uploads their own signature image (the admin anyone's); only the admin sets the seal. */
export async function saveImage(db: Db, user: CurrentUser, kind: 'signature' | 'seal', userId: string | undefined, bytes: Buffer, now: Date) {
  const admin = hasRole(user, 'admin');
  const ownerId = kind === 'seal' ? null : userId ?? user.id;
  if ((kind === 'seal' || ownerId !== user.id) && !admin) throw forbidden('ADMIN_ONLY');
  if (ownerId && !(await db.selectFrom('users').select('id').where('id', '=', ownerId).where('agency_id', '=', user.agencyId).executeTakeFirst())) throw notFound();
  const size = checkImage(bytes);
  await db.insertInto('signature_images').values({ agency_id: user.agencyId, user_id: ownerId, kind, png: bytes, width: size.width, height: size.height, uploaded_by: user.id, created_at: now }).execute();
  return size;
}

/** The newest image of this kind (the user's signature, or the agency's seal), or null. */
export async function currentImage(db: Executor, agencyId: string, kind: 'signature' | 'seal', userId: string | null): Promise<Buffer | null> {
  let q = db.selectFrom('signature_images').select('png').where('agency_id', '=', agencyId).where('kind', '=', kind);
  q = userId ? q.where('user_id', '=', userId) : q;
  const row = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row ? Buffer.from(row.png) : null;
}
