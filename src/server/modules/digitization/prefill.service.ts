import type { PrefillAnswer } from '../../../shared/digitization.js';
import type { Db } from '../../db/database.js';
import { forbidden, notFound, ValidationError } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { readAll, type FileStore } from '../files/file-store.js';
import { requestTextExtraction } from '../files/file-texts.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { canRegister } from '../incoming/incoming.policies.js';
import { fileTextRow, stateOf } from './digitization.repository.js';
import { prefillFromText } from './prefill.js';
import { scanQuality } from './scan-quality.js';

// The registration form's pre-fill: the clerk drops a file, it is stored and read in the background
// (the same text extraction and OCR as every attachment: registering the same file later reads
// nothing again), and the form asks for the fields until the text is there. The scan's quality
// (DOMAIN.md 1.7) is answered at once, from the file itself.

interface Deps { db: Db; files: FileStore }

/** Takes the one file the form sent; answers its quality and whatever is already known of its text. */
export async function startPrefill(deps: Deps, ctx: ActionContext, upload: Pick<ReceivedUpload, 'files' | 'commit'>): Promise<PrefillAnswer> {
  if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
  const file = upload.files[0];
  if (!file || upload.files.length > 1) throw ValidationError.single('files', 'gửi đúng một tệp', 'send exactly one file', 'required');
  await upload.commit();
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto('prefill_uploads').values({ file_hash: file.hash, user_id: ctx.user.id, agency_id: ctx.user.agencyId, mime_type: file.mimeType })
      .onConflict((oc) => oc.columns(['file_hash', 'user_id']).doNothing()).execute();
    await requestTextExtraction(tx, [{ hash: file.hash, mimeType: file.mimeType }]);
  });
  const quality = await scanQuality(await readAll(await deps.files.get(file.hash)), file.mimeType);
  return { ...(await answer(deps, ctx, file.hash)), quality };
}

/** The form asks again while the file is read; only the clerk who dropped it may. */
export async function prefillOf(deps: Deps, ctx: ActionContext, hash: string): Promise<PrefillAnswer> {
  const mine = await deps.db.selectFrom('prefill_uploads').select('file_hash').where('file_hash', '=', hash).where('user_id', '=', ctx.user.id).executeTakeFirst();
  if (!mine) throw notFound();
  return answer(deps, ctx, hash);
}

async function answer(deps: Deps, _ctx: ActionContext, hash: string): Promise<PrefillAnswer> {
  const row = await fileTextRow(deps.db, hash);
  const state = stateOf(row?.status);
  const quality = { dpi: row?.scan_dpi ?? null, colour: row?.scan_colour ?? null, warnings: [] };
  if (state !== 'done' || !row?.text) return { fileHash: hash, state, pageCount: row?.page_count ?? null, quality, values: {} };
  // The province's directory of issuing agencies (shared by all agencies), active entries only.
  const directory = await deps.db.selectFrom('directory_entries').select(['id', 'name', 'short_name as shortName']).where('active', '=', true).execute();
  return { fileHash: hash, state, pageCount: row.page_count, quality, values: prefillFromText(row.text, directory) };
}
