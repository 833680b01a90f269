import { parse } from 'csv-parse/sync';
import type { Db, Executor } from '../../db/database.js';
import { uniqueOr } from '../../db/unique.js';
import { forbidden, notFound, ValidationError } from '../../http/errors.js';
import { searchKey } from '../../../shared/text.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { createDirectoryRepository, presentEntry } from './directory.repository.js';
import { entryBody, ORGAN_ID, type DirectoryQuery, type EntryBody, type EntryPatchBody } from './directory.schemas.js';

// The deployment's agency directory. Every official reads it (to pick an issuer); the clerk, who
// meets new senders, may add one; the administrator keeps it (edits, retires entries, imports CSV).

const unique = <T>(write: () => Promise<T>) => uniqueOr('DIRECTORY_ENTRY_EXISTS', write);

export async function search(db: Db, query: DirectoryQuery) {
  const { items, total } = await createDirectoryRepository(db).search(query);
  return { items: items.map(presentEntry), total, page: query.page, pageSize: query.pageSize };
}

export async function create(db: Db, ctx: ActionContext, input: EntryBody) {
  if (!hasRole(ctx.user, 'admin') && !hasRole(ctx.user, 'clerk')) throw forbidden('DIRECTORY_KEEPERS_ONLY');
  return unique(() => db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('directory_entries')
      .values({ name: input.name, short_name: input.shortName ?? null, organ_id: input.organId ?? null, search_key: searchKey(input.name), created_by: ctx.user.id, updated_at: new Date() })
      .returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'directory_entry_created', payload: { entryId: row.id, name: row.name } });
    return presentEntry(row);
  }));
}

export async function update(db: Db, ctx: ActionContext, id: string, input: EntryPatchBody) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
  return unique(() => db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('directory_entries').set({
      ...(input.name !== undefined && { name: input.name, search_key: searchKey(input.name) }),
      ...(input.shortName !== undefined && { short_name: input.shortName }),
      ...(input.organId !== undefined && { organ_id: input.organId }),
      ...(input.active !== undefined && { active: input.active }),
      updated_at: new Date(),
    }).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw notFound();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'directory_entry_updated', payload: { entryId: id, changes: input } });
    return presentEntry(row);
  }));
}

const HEADER = /^(t[êe]n|name|c[ơo] quan)/i;

/**
 * Imports a CSV (name, short name, code; comma or semicolon, as Excel saves it in Vietnam): a
 * line matching an entry by code, else by name, updates it; others are added. All or nothing:
 * any bad line is reported with its number and nothing is written.
 */
export async function importCsv(db: Db, ctx: ActionContext, csv: string) {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse gives each record with the line it started on (its typings do not follow the option).
    records = parse(csv, { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    throw ValidationError.single('csv', `tệp CSV không đọc được (${(error as Error).message.slice(0, 120)})`, `the CSV cannot be read (${(error as Error).message.slice(0, 120)})`, 'malformed');
  }
  if (records[0] && HEADER.test(records[0].record[0] ?? '')) records.shift();
  const rows: EntryBody[] = [];
  const fields: ValidationError['fields'] = [];
  records.forEach(({ record, info }) => {
    const [name = '', shortName = '', organId = ''] = record;
    const parsed = entryBody.safeParse({ name, shortName, organId: organId.toUpperCase() });
    const line = info.lines;
    if (!parsed.success) {
      const reason = !name ? { vi: 'thiếu tên cơ quan', en: 'the name is missing' } : organId && !ORGAN_ID.test(organId.toUpperCase()) ? { vi: `mã định danh "${organId}" không hợp lệ`, en: `the code "${organId}" is not valid` } : { vi: 'dữ liệu không hợp lệ', en: 'invalid data' };
      fields.push({ field: `csv.${line}`, code: 'invalid_line', message: { vi: `Dòng ${line}: ${reason.vi}`, en: `Line ${line}: ${reason.en}` } });
    } else rows.push(parsed.data);
  });
  if (!rows.length && !fields.length) throw ValidationError.single('csv', 'tệp không có dòng dữ liệu nào', 'the file has no data lines', 'empty');
  if (fields.length) throw new ValidationError(fields.slice(0, 50));
  return unique(() => db.transaction().execute(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const existing = await findMatch(tx, row);
      if (existing) {
        await tx.updateTable('directory_entries').set({ name: row.name, search_key: searchKey(row.name), short_name: row.shortName ?? existing.short_name, organ_id: row.organId ?? existing.organ_id, active: true, updated_at: new Date() })
          .where('id', '=', existing.id).execute();
        updated++;
      } else {
        await tx.insertInto('directory_entries').values({ name: row.name, short_name: row.shortName ?? null, organ_id: row.organId ?? null, search_key: searchKey(row.name), created_by: ctx.user.id, updated_at: new Date() }).execute();
        created++;
      }
    }
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'directory_imported', payload: { created, updated } });
    return { created, updated };
  }));
}

async function findMatch(tx: Executor, row: EntryBody) {
  const found = await createDirectoryRepository(tx).byNameOrCode(row.name, row.organId ?? null);
  return found.find((e) => row.organId && e.organ_id === row.organId) ?? found[0];
}

/** The directory entry an issuer was picked from: it must exist and be in use. */
export async function requireActiveEntry(db: Executor, id: string, field: string) {
  const entry = await createDirectoryRepository(db).find(id);
  if (!entry || !entry.active) throw ValidationError.single(field, 'không có trong danh bạ cơ quan hoặc đã ngừng sử dụng', 'is not in the agency directory or is no longer in use');
  return entry;
}
