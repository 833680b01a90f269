import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import archiver, { type Archiver } from 'archiver';
import type { AccessRegime, Retention } from '../../../shared/records.js';
import { conflict, DomainError } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { documentVisibleTo } from '../documents/documents.visibility.js';
import { appendEvent } from '../events/events.repository.js';
import type { FileStore } from '../files/file-store.js';
import { openStoredFile } from '../files/file-store.js';
import { heading } from '../reports/reports.exports.js';
import { typeName } from '../reports/reports.forms.js';
import { depositOf } from './records.archive.repository.js';
import { tableOfContentsPdf, type TocRow } from './records.archive.pdf.js';
import { linksOf } from './records.repository.js';
import { runsArchive } from './records.policies.js';
import { archiveCode, computeMetadata, readableFile, type RecordsDeps } from './records.service.js';
import { canChangeFile } from './records.policies.js';

// The package of a case file for the archive (gói hồ sơ), as one ZIP streamed to the client:
//
//   METS.xml                        the file's and its documents' metadata, every file with its SHA-256
//   schema/goi-ho-so-1.0.xsd        the schema METS.xml validates against (shipped in the repository)
//   representations/ho-so.pdf       a table of contents (mục lục văn bản) and every PDF of the
//                                   documents merged, in chronological order
//   documents/0000001/<name>        each document's files in their original form, by ordinal;
//                                   a signed PDF byte for byte as signed
//
// Structure: METS sections (metsHdr, dmdSec, amdSec, fileSec, structMap) with PREMIS-style objects
// (fixity, size, format) and events, in our own namespace (urn:vanphong:goi-ho-so:1) whose schema
// ships with the package. Why: Circular 05/2025/TT-BNV describes an information package with
// METS/PREMIS metadata (OAIS / E-ARK CSIP per third-party notes: DOMAIN.md 5), but its official
// profile and XSDs are not verified here and cannot be fetched offline; a profile of our own that
// keeps METS's sections and attribute names (CHECKSUM, CHECKSUMTYPE, MIMETYPE, FLocat, fptr) and
// the TT 05 field names maps onto the official schemas element by element when they are published.
//
// Memory: the originals are streamed from the file store into the ZIP one after another (one open at
// a time); only the merged PDF is built in memory (pdf-lib needs the whole document to write it).

export const PACKAGE_PROFILE = 'urn:vanphong:goi-ho-so:1.0';
export const XSD_NAME = 'goi-ho-so-1.0.xsd';

/** The shipped schema: next to this module in the source tree, or under src/ when running the bundled server. */
export async function packageSchema(): Promise<Buffer> {
  const candidates = [
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema', XSD_NAME),
    path.join(process.cwd(), 'src/server/modules/records/schema', XSD_NAME),
  ];
  for (const candidate of candidates) {
    try { return await fs.readFile(candidate); } catch { /* the next place */ }
  }
  throw new Error(`${XSD_NAME} not found`);
}

const RETENTION_CODES: Record<Retention, string> = { permanent: '01', '70': '02', '50': '03', '30': '04', '20': '05', '10': '06', '5': '07', until_replaced: '08' };
const ACCESS_CODES: Record<AccessRegime, string> = { public: '01', conditional: '02', secret: '03' };
const RELIABILITY_CODES: Record<string, string> = { born_digital: '01', digitized: '02', mixed: '03' };
const RELIABILITY_WORDS: Record<string, string> = { born_digital: 'Gốc điện tử', digitized: 'Số hóa', mixed: 'Hỗn hợp' };
const ACCESS_WORDS: Record<AccessRegime, string> = { public: 'Công khai', conditional: 'Có điều kiện', secret: 'Mật' };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  // XML 1.0 cannot carry most control characters.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
const el = (name: string, value: string | number | null | undefined, attrs = '') => (value === null || value === undefined || value === '' ? '' : `<${name}${attrs}>${esc(String(value))}</${name}>`);

/** A file name safe inside a ZIP on every system. */
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150) || 'tep';

interface PackageFile { id: string; href: string; use: 'original' | 'access'; mime: string; size: number; sha256: string; name: string; signed: boolean; documentOrdinal: number | null }

export interface ExportedPackage { fileName: string; stream: Archiver }

/**
 * Builds the package of a readable case file that is no longer open (closed, deposited) for the
 * office or the file's keeper. Every document must be one the exporter may open: a package is
 * complete or not made (a file never widens a document's permissions).
 */
export async function exportCaseFile(deps: RecordsDeps & { files: FileStore }, ctx: ActionContext, id: string): Promise<ExportedPackage> {
  const file = await readableFile(deps.db, ctx.user, id);
  if (file.status === 'destroyed') throw conflict('CASE_FILE_DESTROYED');
  if (file.status === 'open') throw new DomainError('CASE_FILE_NOT_CLOSED', 409, { codes: file.code });
  if (!runsArchive(ctx.user) && !canChangeFile(ctx.user, file)) throw new DomainError('ARCHIVE_OFFICE_ONLY', 403);
  const links = await linksOf(deps.db, id);
  const ids = links.map((l) => l.id);
  const visible = new Set(ids.length ? (await deps.db.selectFrom('documents').select('id').where('id', 'in', ids).where(documentVisibleTo(ctx.user)).execute()).map((r) => r.id) : []);
  if (visible.size < ids.length) throw new DomainError('EXPORT_DOCUMENTS_HIDDEN', 409, { count: ids.length - visible.size });
  const documents = ids.length ? await deps.db.selectFrom('documents').select(['id', 'secrecy', 'document_type']).where('id', 'in', ids).execute() : [];
  const secrecyOf = new Map(documents.map((d) => [d.id, d.secrecy]));
  const attachments = ids.length ? await deps.db.selectFrom('attachments as a').leftJoin('attachment_signatures as s', 's.attachment_id', 'a.id')
    .select(['a.id', 'a.document_id', 'a.file_hash', 'a.file_name', 'a.mime_type', 'a.size_bytes', 'a.created_at', 's.file_hash as signed_hash', 's.size_bytes as signed_size'])
    .where('a.document_id', 'in', ids).where('a.removed_at', 'is', null).orderBy('a.created_at').orderBy('a.id').execute() : [];
  const [agency, deposit, keeper, unit] = await Promise.all([
    heading(deps, ctx.user.agencyId),
    depositOf(deps.db, file),
    deps.db.selectFrom('users').select('full_name').where('id', '=', file.keeper_id).executeTakeFirstOrThrow(),
    file.keeper_unit_id ? deps.db.selectFrom('units').select('name').where('id', '=', file.keeper_unit_id).executeTakeFirst() : undefined,
  ]);
  const metadata = computeMetadata(file, links);

  // Chronological order (the date of the document, then the order it was filed in).
  const dateOf = (l: (typeof links)[number]) => l.issued_on ?? l.received_on ?? '9999-12-31';
  const ordered = [...links].sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.ordinal - b.ordinal);

  // The originals: what each document's files are, under documents/<ordinal>/.
  const originals: PackageFile[] = [];
  for (const l of links) {
    const used = new Set<string>();
    for (const a of attachments.filter((x) => x.document_id === l.id)) {
      const signed = a.signed_hash !== null && a.signed_size !== null;
      let name = safeName(signed && !/\.pdf$/i.test(a.file_name) ? `${a.file_name}.pdf` : a.file_name);
      while (used.has(name.toLowerCase())) name = `_${name}`;
      used.add(name.toLowerCase());
      originals.push({
        id: `F-${String(l.ordinal).padStart(7, '0')}-${originals.length + 1}`, href: `documents/${String(l.ordinal).padStart(7, '0')}/${name}`, use: 'original',
        mime: signed ? 'application/pdf' : a.mime_type, size: signed ? a.signed_size! : a.size_bytes, sha256: signed ? a.signed_hash! : a.file_hash, name: a.file_name, signed, documentOrdinal: l.ordinal,
      });
    }
  }

  const xsd = await packageSchema();
  const now = deps.clock.now();
  await appendEvent(deps.db, { ...ctx, at: now }, { agencyId: ctx.user.agencyId, action: 'case_file_exported', payload: { caseFileId: id, code: file.code, documents: links.length, files: originals.length + 1 } });

  // The bound PDF and the XML (which holds the bound PDF's checksum) come last in the ZIP: the
  // originals stream while the PDF is built, so the first bytes leave at once.
  const buildBound = async () => {
    // The bound PDF: every PDF of the documents, in chronological order, behind the table of contents.
    const merged = await PDFDocument.create();
    const tocRows: TocRow[] = [];
    for (const l of ordered) {
      const mine = originals.filter((o) => o.documentOrdinal === l.ordinal);
      let startPage: number | null = null;
      const others: string[] = [];
      for (const o of mine) {
        if (o.mime !== 'application/pdf') { others.push(o.name); continue; }
        try {
          const bytes = await readAll(await openStoredFile(deps.files, o.sha256, o.name));
          const source = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
          const pages = await merged.copyPages(source, source.getPageIndices());
          if (startPage === null) startPage = merged.getPageCount() + 1;
          for (const page of pages) merged.addPage(page);
        } catch (error) {
          if (error instanceof DomainError) throw error;
          others.push(o.name);
        }
      }
      tocRows.push({
        archiveCode: archiveCode(file.code, l.ordinal), reference: reference(l.number, l.notation) || '', date: l.issued_on ?? l.received_on, summary: l.summary, issuer: l.issuer,
        pages: l.page_count, startPage, files: others.length ? `(Tệp gốc kèm trong gói, không gộp vào bản PDF: ${others.join(', ')})` : '',
      });
    }
    const tocInfo = { code: file.code, title: file.title, retention: file.retention as Retention, accessRegime: file.access_regime as AccessRegime };
    // The contents' own length shifts the page numbers it prints: render, count, render again if it changed.
    let toc = await tableOfContentsPdf(agency, tocInfo, tocRows, 1);
    const tocPages = (await PDFDocument.load(toc)).getPageCount();
    if (tocPages !== 1) toc = await tableOfContentsPdf(agency, tocInfo, tocRows, tocPages);
    const bound = await PDFDocument.create();
    bound.setTitle(`Hồ sơ ${file.code}: ${file.title}`);
    bound.setCreator('VanPhong');
    const tocDoc = await PDFDocument.load(toc);
    for (const page of await bound.copyPages(tocDoc, tocDoc.getPageIndices())) bound.addPage(page);
    for (const page of await bound.copyPages(merged, merged.getPageIndices())) bound.addPage(page);
    const boundBytes = Buffer.from(await bound.save());
    const boundFile: PackageFile = {
      id: 'F-HOSO-PDF', href: 'representations/ho-so.pdf', use: 'access', mime: 'application/pdf', size: boundBytes.length,
      sha256: createHash('sha256').update(boundBytes).digest('hex'), name: 'ho-so.pdf', signed: false, documentOrdinal: null,
    };
    return { boundBytes, boundFile };
  };
  const built = buildBound();
  built.catch(() => { /* reported when the archive waits for it */ });
  const finish = async () => {
    const { boundBytes, boundFile } = await built;
    const xml = packageXml({
      created: now, agencyName: agency.name, exporter: ctx.user.fullName, file, metadata, keeper: keeper.full_name, unit: unit?.name ?? null, deposit,
      documents: links.map((l) => ({ link: l, secrecy: secrecyOf.get(l.id) ?? 'none', archiveCode: archiveCode(file.code, l.ordinal) })),
      orderedOrdinals: ordered.map((l) => l.ordinal), files: [boundFile, ...originals],
    });
    zip.append(boundBytes, { name: boundFile.href, date: now, store: true });
    zip.append(xsd, { name: `schema/${XSD_NAME}`, date: now });
    zip.append(Buffer.from(xml, 'utf8'), { name: 'METS.xml', date: now });
    await zip.finalize();
  };

  const zip = archiver('zip', { zlib: { level: 6 } });
  const fail = (error: unknown) => { zip.abort(); zip.destroy(error as Error); };
  // One original open at a time: the next is opened when the archive has taken the previous one.
  const queue = [...originals];
  const next = async () => {
    const o = queue.shift();
    if (!o) return finish().catch(fail);
    try {
      const stream = await openStoredFile(deps.files, o.sha256, o.name);
      zip.append(stream, { name: o.href, date: now, store: o.mime === 'application/pdf' || /^image\//.test(o.mime) });
    } catch (error) {
      fail(error);
    }
  };
  zip.on('entry', (entry) => { if (entry.name.startsWith('documents/')) void next(); });
  void next();
  return { fileName: `goi-ho-so-${safeName(file.code)}.zip`, stream: zip };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

interface XmlInput {
  created: Date;
  agencyName: string;
  exporter: string;
  file: Awaited<ReturnType<typeof readableFile>>;
  metadata: ReturnType<typeof computeMetadata>;
  keeper: string;
  unit: string | null;
  deposit: Awaited<ReturnType<typeof depositOf>>;
  documents: { link: Awaited<ReturnType<typeof linksOf>>[number]; secrecy: string; archiveCode: string }[];
  orderedOrdinals: number[];
  files: PackageFile[];
}

function packageXml(x: XmlInput): string {
  const m = x.metadata;
  const f = x.file;
  const access = f.access_regime as AccessRegime;
  const reliability = m.reliability;
  const dmdFile = `<dmdSec ID="DMD-HOSO"><hoSo>${el('maHoSo', m.code)}${el('tieuDe', m.title)}${el('thoiHanBaoQuan', m.retention === 'permanent' ? 'Vĩnh viễn' : m.retention === 'until_replaced' ? 'Đến khi thay thế' : `${m.retention} năm`, ` ma="${RETENTION_CODES[m.retention]}"`)}`
    + `${el('cheDoSuDung', ACCESS_WORDS[access], ` ma="${ACCESS_CODES[access]}"`)}${el('ngonNgu', m.language)}${el('thoiGianBatDau', m.startDate)}${el('thoiGianKetThuc', m.endDate)}`
    + `${el('tuKhoa', m.keywords)}${el('chuGiai', m.description)}${el('soLuongVanBan', m.docTotal)}${el('soLuongTrang', m.pageTotal)}`
    + `${reliability ? el('mucDoTinCay', RELIABILITY_WORDS[reliability], ` ma="${RELIABILITY_CODES[reliability]}"`) : ''}${el('nguoiLapHoSo', x.keeper)}${el('donViLapHoSo', x.unit)}`
    + `${el('ngayKetThuc', f.closed_at ? f.closed_at.toISOString().slice(0, 10) : null)}`
    + `${x.deposit ? `<nopLuu>${el('bienBan', x.deposit.recordNumber)}${el('ngayNopLuu', x.deposit.depositedOn)}${el('hetHanBaoQuan', x.deposit.retainUntil)}</nopLuu>` : ''}</hoSo></dmdSec>`;
  const dmdDocs = x.documents.map(({ link: l, secrecy, archiveCode: code }) => {
    const docAccess: AccessRegime = secrecy !== 'none' ? 'secret' : access;
    const rel = l.direction !== 'incoming' || l.sent_document_id || l.edxml_document_id ? 'born_digital' : 'digitized';
    return `<dmdSec ID="DMD-${String(l.ordinal).padStart(7, '0')}"><vanBan>${el('maDinhDanh', l.id)}${el('maLuuTru', code)}${el('soThuTu', l.ordinal)}${el('tenLoai', typeName(l.document_type))}`
      + `${el('so', l.number)}${el('kyHieu', l.notation)}${el('ngayThang', l.issued_on ?? l.received_on)}${el('coQuanBanHanh', l.issuer)}${el('trichYeu', l.summary)}${el('ngonNgu', m.language)}`
      + `${el('soTrang', l.page_count)}${el('cheDoSuDung', ACCESS_WORDS[docAccess], ` ma="${ACCESS_CODES[docAccess]}"`)}${el('mucDoTinCay', RELIABILITY_WORDS[rel], ` ma="${RELIABILITY_CODES[rel]}"`)}${el('chieu', l.direction)}</vanBan></dmdSec>`;
  }).join('\n');
  const objects = x.files.map((p) => `<object ID="ADM-${p.id}"><fixity algorithm="SHA-256">${p.sha256}</fixity>${el('size', p.size)}${el('format', p.mime)}${el('originalName', p.name)}${el('digitalSignature', String(p.signed))}</object>`).join('\n');
  const events = [
    f.closed_at ? `<event><type>ket_thuc_ho_so</type><dateTime>${f.closed_at.toISOString()}</dateTime>${el('agent', x.keeper)}</event>` : '',
    x.deposit ? `<event><type>nop_luu</type><dateTime>${x.deposit.depositedOn}T00:00:00+07:00</dateTime>${el('agent', x.agencyName)}${el('detail', `Biên bản ${x.deposit.recordNumber}`)}</event>` : '',
    `<event><type>xuat_goi</type><dateTime>${x.created.toISOString()}</dateTime>${el('agent', x.exporter)}${el('detail', `${x.files.length} tệp, SHA-256`)}</event>`,
  ].join('');
  const fileEl = (p: PackageFile) => `<file ID="${p.id}" MIMETYPE="${esc(p.mime)}" SIZE="${p.size}" CHECKSUM="${p.sha256}" CHECKSUMTYPE="SHA-256" ADMID="ADM-${p.id}"><FLocat href="${esc(p.href)}"/></file>`;
  const originals = x.files.filter((p) => p.use === 'original');
  const access_ = x.files.filter((p) => p.use === 'access');
  const byOrdinal = new Map(x.documents.map((d) => [d.link.ordinal, d]));
  const struct = `<div TYPE="hoSo" LABEL="${esc(m.title)}" DMDID="DMD-HOSO">${access_.map((p) => `<fptr FILEID="${p.id}"/>`).join('')}`
    + x.orderedOrdinals.map((ordinal, i) => {
      const d = byOrdinal.get(ordinal)!;
      return `<div TYPE="vanBan" ORDER="${i + 1}" LABEL="${esc(d.archiveCode)}" DMDID="DMD-${String(ordinal).padStart(7, '0')}">${originals.filter((p) => p.documentOrdinal === ordinal).map((p) => `<fptr FILEID="${p.id}"/>`).join('')}</div>`;
    }).join('') + '</div>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<goiHoSo xmlns="urn:vanphong:goi-ho-so:1" PROFILE="${PACKAGE_PROFILE}" OBJID="${esc(m.code)}">
<metsHdr createDate="${x.created.toISOString()}"><agent role="CREATOR" type="ORGANIZATION">${esc(x.agencyName)}</agent><agent role="CREATOR" type="INDIVIDUAL">${esc(x.exporter)}</agent><agent role="CREATOR" type="SOFTWARE">VanPhong</agent></metsHdr>
${dmdFile}
${dmdDocs}
<amdSec>
${objects}
${events}
</amdSec>
<fileSec><fileGrp USE="access">${access_.map(fileEl).join('')}</fileGrp><fileGrp USE="original">
${originals.map(fileEl).join('\n')}
</fileGrp></fileSec>
<structMap>${struct}</structMap>
</goiHoSo>
`;
}
