import { PNG } from 'pngjs';
import type { Db, Executor } from '../../db/database.js';
import { DomainError, forbidden, notFound } from '../../http/errors.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// The signer's handwritten signature (blue) and the agency's seal (red): transparent PNGs that
// the visible signatures show (Decree 30, PL I). Checked here: PNG, at most 1 MB, a sensible size,
// and really transparent (an opaque white box would hide the text under the seal).

export const MAX_IMAGE_BYTES = 1024 * 1024;

const INK = {
  signature: { vi: 'xanh (mực xanh)', en: 'blue (blue ink)' },
  seal: { vi: 'đỏ (màu dấu)', en: 'red (seal red)' },
} as const;

/** Is the ink (the pixels that are not see-through) of the colour the kind of image needs? Black-blue ink passes; black or red does not for a signature. */
function inkColourFits(png: PNG, kind: 'signature' | 'seal'): boolean {
  let r = 0, g = 0, b = 0, n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3]! < 128) continue;
    r += png.data[i]!; g += png.data[i + 1]!; b += png.data[i + 2]!; n++;
  }
  if (n === 0) return false;
  r /= n; g /= n; b /= n;
  return kind === 'signature' ? b > r + 30 && b > g + 10 : r > g + 60 && r > b + 60;
}

export function checkImage(bytes: Buffer, kind: 'signature' | 'seal' = 'signature'): { width: number; height: number } {
  if (bytes.length > MAX_IMAGE_BYTES) throw new DomainError('SIGNATURE_IMAGE_TOO_LARGE', 400);
  const notPng = new DomainError('SIGNATURE_IMAGE_NOT_PNG', 400);
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw notPng;
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw notPng;
  }
  if (png.width < 50 || png.height < 50 || png.width > 3000 || png.height > 3000) throw new DomainError('SIGNATURE_IMAGE_DIMENSIONS', 400, { width: png.width, height: png.height });
  let transparent = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i]! < 250) transparent++;
  // At least a tenth of the pixels see-through: a signature or a seal is mostly background.
  if (transparent < (png.width * png.height) / 10) throw new DomainError('SIGNATURE_IMAGE_NOT_TRANSPARENT', 400);
  // Decree 30, Appendix I: the signer's image in blue, the seal in red.
  if (!inkColourFits(png, kind)) throw new DomainError('SIGNATURE_IMAGE_WRONG_COLOUR', 400, { colour: INK[kind].vi, colourEn: INK[kind].en });
  return { width: png.width, height: png.height };
}

/** An official uploads their own signature image (the admin anyone's); only the admin sets the seal. */
export async function saveImage(db: Db, user: CurrentUser, kind: 'signature' | 'seal', userId: string | undefined, bytes: Buffer, now: Date) {
  const admin = hasRole(user, 'admin');
  const ownerId = kind === 'seal' ? null : userId ?? user.id;
  if ((kind === 'seal' || ownerId !== user.id) && !admin) throw forbidden('ADMIN_ONLY');
  if (ownerId && !(await db.selectFrom('users').select('id').where('id', '=', ownerId).where('agency_id', '=', user.agencyId).executeTakeFirst())) throw notFound();
  const size = checkImage(bytes, kind);
  await db.insertInto('signature_images').values({ agency_id: user.agencyId, user_id: ownerId, kind, png: bytes, width: size.width, height: size.height, uploaded_by: user.id, created_at: now }).execute();
  return size;
}

/** Who may see an image: anyone of the agency its seal, an official their own signature image, the admin anyone's. */
export function imageOwnerToView(user: CurrentUser, kind: 'signature' | 'seal', userId: string | undefined): string | null {
  if (kind === 'seal') return null;
  const ownerId = userId ?? user.id;
  if (ownerId !== user.id && !hasRole(user, 'admin')) throw forbidden('ADMIN_ONLY');
  return ownerId;
}

/** The newest image of this kind (the user's signature, or the agency's seal), or null. */
export async function currentImage(db: Executor, agencyId: string, kind: 'signature' | 'seal', userId: string | null): Promise<Buffer | null> {
  let q = db.selectFrom('signature_images').select('png').where('agency_id', '=', agencyId).where('kind', '=', kind);
  q = userId ? q.where('user_id', '=', userId) : q;
  const row = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row ? Buffer.from(row.png) : null;
}
