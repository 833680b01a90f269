import { XMLBuilder } from 'fast-xml-parser';
import { AGENCY_TIME_ZONE } from '../../time.js';
import { BUSINESS_DOC_TYPES, EDXML_NAMESPACE, type EdxmlDocument, type EdxmlOrganization, type EdxmlResponseFor, type EdxmlStaff, type EdxmlStatus } from './edxml.types.js';

// Writes edXML packages in the shape of the national axis SDK's samples (edoc_new.edxml): the
// default namespace on <edXML>, the edXML: prefix on the envelope, attachments base64-encoded after
// the envelope. Optional elements with no value are left out rather than written empty.

type Node = Record<string, unknown>;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });

/** Characters XML 1.0 cannot carry (NUL and other controls, lone surrogates) are dropped, not escaped. */
function xmlText(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Prefixes every key with `edXML:` and drops empty values, keeping the standard's element order. */
function ed(fields: [string, unknown][]): Node {
  const node: Node = {};
  for (const [name, value] of fields) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    node[`edXML:${name}`] = typeof value === 'string' ? xmlText(value) : value;
  }
  return node;
}

export const wireDate = (isoDate: string) => isoDate.replaceAll('-', '/');

const timestampFormat = new Intl.DateTimeFormat('en-CA', { timeZone: AGENCY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** 'yyyy/MM/dd HH:mm:ss' in Vietnam time, as the samples write TraceHeader/Timestamp. */
export function wireTimestamp(instant: Date): string {
  const part = Object.fromEntries(timestampFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}/${part.month}/${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

function organization(o: EdxmlOrganization): Node {
  return ed([
    ['OrganId', o.organId], ['OrganizationInCharge', o.organizationInCharge], ['OrganName', o.organName], ['OrganAdd', o.organAdd],
    ['Email', o.email], ['Telephone', o.telephone], ['Fax', o.fax], ['Website', o.website],
  ]);
}

const staff = (s: EdxmlStaff | undefined) => (s ? ed([['Department', s.department], ['Staff', s.staff], ['Email', s.email], ['Mobile', s.mobile]]) : undefined);

function responseFor(r: EdxmlResponseFor): Node {
  return ed([['OrganId', r.organId], ['Code', r.code], ['PromulgationDate', r.promulgationDate && wireDate(r.promulgationDate)], ['DocumentId', r.documentId]]);
}

function messageHeader(doc: EdxmlDocument): Node {
  return ed([
    ['From', organization(doc.from)],
    ['To', doc.to.map(organization)],
    ['DocumentId', doc.documentId],
    ['Code', ed([['CodeNumber', doc.code.number], ['CodeNotation', doc.code.notation]])],
    ['PromulgationInfo', ed([['Place', doc.promulgation.place], ['PromulgationDate', wireDate(doc.promulgation.date)]])],
    ['DocumentType', ed([['Type', String(doc.documentType.type)], ['TypeDetail', doc.documentType.typeDetail === undefined ? undefined : String(doc.documentType.typeDetail)], ['TypeName', doc.documentType.typeName]])],
    ['Subject', doc.subject],
    ['Content', doc.content],
    ['SignerInfo', ed([['Competence', doc.signer.competence], ['Position', doc.signer.position], ['FullName', doc.signer.fullName]])],
    ['DueDate', doc.dueDate && wireDate(doc.dueDate)],
    ['OtherInfo', ed([
      ['Priority', String(doc.otherInfo.priority)],
      ['SphereOfPromulgation', doc.otherInfo.sphereOfPromulgation],
      ['TyperNotation', doc.otherInfo.typerNotation],
      ['PromulgationAmount', doc.otherInfo.promulgationAmount === undefined ? undefined : String(doc.otherInfo.promulgationAmount)],
      ['PageAmount', doc.otherInfo.pageAmount === undefined ? undefined : String(doc.otherInfo.pageAmount)],
      ['Direction', 'false'],
      ['Appendixes', doc.otherInfo.appendixes.length ? ed([['Appendix', doc.otherInfo.appendixes.map(xmlText)]]) : undefined],
    ])],
    ['SteeringType', String(doc.steeringType)],
    ['ToPlaces', doc.toPlaces.length ? ed([['Place', doc.toPlaces.map(xmlText)]]) : undefined],
    ['ResponseFor', doc.responseFor.map(responseFor)],
  ]);
}

function business(doc: EdxmlDocument): Node {
  const b = doc.business;
  return ed([
    ['DocumentId', b.documentId],
    ['BussinessDocType', String(BUSINESS_DOC_TYPES[b.docType])],
    ['BussinessDocReason', b.reason],
    ['Paper', b.paper ? '1' : '0'],
    ['StaffInfo', staff(b.staff)],
    ['ReplacementInfoList', b.replacements.length ? ed([['ReplacementInfo', b.replacements.map((r) => ed([['DocumentId', r.documentId], ['OrganIdList', ed([['OrganId', r.organIds]])]]))]]) : undefined],
  ]);
}

function envelope(header: Node, body: Node | undefined): Node {
  return {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    edXML: {
      '@_xmlns': EDXML_NAMESPACE,
      'edXML:edXMLEnvelope': { '@_xmlns:edXML': EDXML_NAMESPACE, 'edXML:edXMLHeader': header, ...(body && { 'edXML:edXMLBody': body }) },
    },
  };
}

/** The edXML package of a document with its attachments, base64-encoded (a 10 MB file becomes about 13.4 MB of text). */
export function buildEdxml(doc: EdxmlDocument): string {
  const header = ed([
    ['MessageHeader', messageHeader(doc)],
    ['TraceHeaderList', ed([['TraceHeader', doc.trace.map((t) => ed([['OrganId', t.organId], ['Timestamp', wireTimestamp(t.timestamp)]]))], ['Bussiness', business(doc)]])],
  ]);
  const manifest = {
    'edXML:edXMLManifest': {
      '@_version': '1.0',
      'edXML:Reference': doc.attachments.map((a) => ed([['ContentId', a.contentId], ['ContentType', a.contentType], ['Description', a.description ?? a.name], ['AttachmentName', a.name]])),
    },
  };
  const tree = envelope(header, manifest);
  const root = tree.edXML as Node;
  root.AttachmentEncoded = {
    Attachment: doc.attachments.map((a) => ({
      ContentId: a.contentId,
      AttachmentName: xmlText(a.name),
      Description: xmlText(a.description ?? a.name),
      ContentType: a.contentType,
      'edXML:ContentTransferEncoded': { '@_xmlns:edXML': EDXML_NAMESPACE, '#text': a.content.toString('base64') },
    })),
  };
  return builder.build(tree) as string;
}

/** A status package (DOMAIN.md 3.4): a receiver tells the sender what became of its document. */
export function buildStatusEdxml(status: EdxmlStatus): string {
  const header = ed([
    ['MessageHeader', ed([
      ['From', organization(status.from)],
      ['ResponseFor', responseFor(status.responseFor)],
      ['StaffInfo', staff(status.staff)],
      ['StatusCode', status.statusCode],
      ['Description', status.description],
      ['Timestamp', wireTimestamp(status.timestamp)],
    ])],
  ]);
  return builder.build(envelope(header, undefined)) as string;
}
