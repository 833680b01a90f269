import { sql } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import type { ExchangeFile, ReceivedThrough } from '../../../shared/exchange.js';
import type { CurrentUser } from '../auth/current-user.js';
import { outgoingVisibleTo } from '../outgoing/outgoing.repository.js';
import type { QueueQuery } from './exchange.schemas.js';

// The exchange's queries. A receiver's lists are scoped in SQL to the receiving agency; a sender's
// to the sent documents the official may see (the outgoing visibility rule, reused as is).

const PDF = 'application/pdf';

/** The sender's document as a delivery shows it, joined to the delivery `x`. */
const itemColumns = [
  'x.id', 'x.document_id', 'x.status', 'x.business', 'x.sent_at', 'x.recall_status', 'x.receiver_agency_id', 'x.sender_agency_id', 'x.imported_at', 'x.envelope_signature',
  'd.number', 'd.notation', 'd.issued_on', 'd.document_type', 'd.summary', 'd.urgency', 'd.issuer', 'sa.name as sender_name',
  sql<string | null>`(SELECT u.full_name FROM users u WHERE u.id = COALESCE(d.approved_by, d.signer_id))`.as('signer_name'),
] as const;

/** How an incoming document reached this agency through the exchange (for its page), if it did. */
export async function receivedThrough(db: Executor, incomingDocumentId: string): Promise<ReceivedThrough | null> {
  const row = await db.selectFrom('exchange_deliveries as x').innerJoin('agencies as sa', 'sa.id', 'x.sender_agency_id')
    .select(['x.id', 'sa.name', 'x.recall_status', 'x.recall_reason']).where('x.incoming_document_id', '=', incomingDocumentId).executeTakeFirst();
  return row ? { deliveryId: row.id, senderAgency: row.name, recall: row.recall_status, recallReason: row.recall_reason } : null;
}

export function createExchangeRepository(db: Executor) {
  const received = (user: CurrentUser) => db
    .selectFrom('exchange_deliveries as x')
    .innerJoin('documents as d', 'd.id', 'x.document_id')
    .innerJoin('agencies as sa', 'sa.id', 'x.sender_agency_id')
    .where('x.receiver_agency_id', '=', user.agencyId);

  return {
    /** The receiving agency's queue: waiting items (arrived, not taken back), or all, newest first. */
    async queue(user: CurrentUser, query: QueueQuery) {
      let base = received(user);
      if (query.box === 'waiting') base = base.where('x.status', '=', 'arrived').where((eb) => eb.or([eb('x.recall_status', 'is', null), eb('x.recall_status', '<>', 'agreed')]));
      const [items, total] = await Promise.all([
        base.select(itemColumns).orderBy('d.urgency_rank', 'desc').orderBy('x.sent_at', 'desc').orderBy('x.id')
          .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
        countUpTo(db, base),
      ]);
      return { items, ...total };
    },

    /** One delivery of the user's agency, with the sender's document; undefined for anyone else's. */
    received: (user: CurrentUser, id: string) =>
      received(user).select(itemColumns).select([
        'x.reject_reason', 'x.reject_note', 'x.recall_reason', 'x.recall_note', 'x.incoming_document_id', 'd.replaces_id',
        sql<number | null>`(SELECT i.arrival_number FROM documents i WHERE i.id = x.incoming_document_id)`.as('arrival_number'),
      ]).where('x.id', '=', id).executeTakeFirst(),

    /** The delivery row under lock, for the receiving agency only. */
    lockReceived: (user: CurrentUser, id: string) =>
      db.selectFrom('exchange_deliveries').selectAll().where('id', '=', id).where('receiver_agency_id', '=', user.agencyId).forUpdate().executeTakeFirst(),

    /** The deliveries of a sent document, with their receivers' names and arrival numbers. */
    deliveriesOf: (documentId: string) =>
      db.selectFrom('document_recipients as r')
        .innerJoin('agencies as ra', 'ra.id', 'r.agency_id')
        .leftJoin('exchange_deliveries as x', 'x.recipient_id', 'r.id')
        .leftJoin('documents as i', 'i.id', 'x.incoming_document_id')
        .select(['r.agency_id', 'ra.name as agency_name', 'x.id', 'x.status', 'x.sent_at', 'x.updated_at', 'x.reject_reason', 'x.reject_note',
          'x.recall_status', 'x.recall_reason', 'x.recall_note', 'i.arrival_number'])
        .where('r.document_id', '=', documentId).where('r.kind', '=', 'agency').orderBy('r.sort_order').execute(),

    /** The status packages of some deliveries, in order, with who sent each. */
    statusesOf: (deliveryIds: string[]) =>
      deliveryIds.length
        ? db.selectFrom('exchange_statuses as s').innerJoin('agencies as a', 'a.id', 's.from_agency_id').leftJoin('users as u', 'u.id', 's.actor_id')
          .select(['s.delivery_id', 's.code', 's.description', 's.created_at', 'a.name as agency_name', 'u.full_name as actor_name', 's.peer_id', 's.transmitted_at', 's.transmit_attempts', 's.transmit_error'])
          .where('s.delivery_id', 'in', deliveryIds).orderBy('s.id').execute()
        : Promise.resolve([]),

    /** "Theo dõi văn bản đã gửi": sent documents the user may see, newest first, with counts per state. */
    async sent(user: CurrentUser, page: number, pageSize: number) {
      const base = db.selectFrom('documents')
        .where(outgoingVisibleTo(user))
        .where('documents.status', '=', 'issued')
        .where(sql<boolean>`EXISTS (SELECT 1 FROM exchange_deliveries x WHERE x.document_id = documents.id)`);
      const [items, total] = await Promise.all([
        base.select(['documents.id', 'documents.number', 'documents.notation', 'documents.summary', 'documents.issued_on', 'documents.issued_at',
          sql<{ status: string; recall_status: string | null }[]>`(SELECT json_agg(json_build_object('status', x.status, 'recall_status', x.recall_status)) FROM exchange_deliveries x WHERE x.document_id = documents.id)`.as('states')])
          .orderBy('documents.issued_at', 'desc').orderBy('documents.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
        countUpTo(db, base),
      ]);
      return { items, ...total };
    },

    /**
     * The files a delivery carries: the sender's own stored content, never a copy — the PDF with
     * the agency's (else the signer's) signature, or the approved version; and each attachment, as
     * signed by the agency at issuance when it was.
     */
    async sentFiles(documentId: string): Promise<ExchangeFile[]> {
      const [signatures, version, attachments] = await Promise.all([
        db.selectFrom('document_signatures').select(['kind', 'file_hash', 'size_bytes']).where('document_id', '=', documentId).execute(),
        db.selectFrom('document_versions as v').innerJoin('documents as d', 'd.id', 'v.document_id')
          .select(['v.file_name', 'v.file_hash', 'v.mime_type', 'v.size_bytes', 'v.pdf_hash', 'v.pdf_status'])
          .where('v.document_id', '=', documentId).where(sql<boolean>`v.version = COALESCE(d.approved_version, (SELECT max(version) FROM document_versions w WHERE w.document_id = d.id))`)
          .executeTakeFirst(),
        db.selectFrom('attachments as a').leftJoin('attachment_signatures as s', 's.attachment_id', 'a.id')
          .select(['a.id', 'a.file_name', 'a.mime_type', 'a.file_hash', 'a.size_bytes', 's.file_hash as signed_hash', 's.size_bytes as signed_size'])
          .where('a.document_id', '=', documentId).where('a.removed_at', 'is', null).orderBy('a.created_at').execute(),
      ]);
      const files: ExchangeFile[] = [];
      const signed = signatures.find((s) => s.kind === 'agency') ?? signatures.find((s) => s.kind === 'signer');
      if (version) {
        const pdfName = version.file_name.replace(/\.[^.]+$/, '') + '.pdf';
        if (signed) files.push({ id: 'main', fileName: pdfName, mimeType: PDF, size: signed.size_bytes, sha256: signed.file_hash });
        else if (version.mime_type !== PDF && version.pdf_status === 'done' && version.pdf_hash) files.push({ id: 'main', fileName: pdfName, mimeType: PDF, size: -1, sha256: version.pdf_hash });
        else files.push({ id: 'main', fileName: version.file_name, mimeType: version.mime_type, size: version.size_bytes, sha256: version.file_hash });
      }
      for (const a of attachments) {
        files.push({ id: a.id, fileName: a.file_name, mimeType: a.signed_hash ? PDF : a.mime_type, size: a.signed_size ?? a.size_bytes, sha256: a.signed_hash ?? a.file_hash });
      }
      return files;
    },
  };
}
