import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BUSINESS_DOC_TYPES, EDXML_STATUS_CODES, type BusinessDocType, type EdxmlAttachment, type EdxmlDocument, type EdxmlOrganization, type EdxmlProblem, type EdxmlResponseFor, type EdxmlStaff, type EdxmlStatus, type EdxmlStatusCode } from './edxml.types.js';

// Reads an edXML package and checks it the way the reference validators do (Bkav's Checker: N
// missing, R range/length, M malformed; ../shared/DOMAIN.md 3.2), collecting every problem with the
// element it is in, so the clerk is told all that is wrong at once. Nothing is stored here.

/** A package that cannot be accepted, with each problem found. */
export class EdxmlInvalidError extends Error {
  constructor(readonly problems: EdxmlProblem[]) {
    super(`edXML package refused: ${problems.map((p) => `${p.element} ${p.kind}`).join('; ')}`);
  }
}

export type ParsedPackage = { kind: 'document'; document: EdxmlDocument } | { kind: 'status'; status: EdxmlStatus };

export interface ParseOptions {
  /** Vietnam's today, 'YYYY-MM-DD': a promulgation date after it is refused. */
  today: string;
  maxBytes: number;
}

/** Elements that may repeat, by their path without prefixes (fast-xml-parser's jpath). */
const REPEATED = new Set([
  'edXML.edXMLEnvelope.edXMLHeader.MessageHeader.To',
  'edXML.edXMLEnvelope.edXMLHeader.MessageHeader.ResponseFor',
  'edXML.edXMLEnvelope.edXMLHeader.MessageHeader.ToPlaces.Place',
  'edXML.edXMLEnvelope.edXMLHeader.MessageHeader.OtherInfo.Appendixes.Appendix',
  'edXML.edXMLEnvelope.edXMLHeader.TraceHeaderList.TraceHeader',
  'edXML.edXMLEnvelope.edXMLHeader.TraceHeaderList.Bussiness.ReplacementInfoList.ReplacementInfo',
  'edXML.edXMLEnvelope.edXMLHeader.TraceHeaderList.Bussiness.ReplacementInfoList.ReplacementInfo.OrganIdList.OrganId',
  'edXML.edXMLEnvelope.edXMLBody.edXMLManifest.Reference',
  'edXML.AttachmentEncoded.Attachment',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references (&#7853; for ậ) are common in packages made by other systems.
  htmlEntities: true,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

type Tree = Record<string, unknown>;

/** Lengths from the reference validator (DOMAIN.md 3.2). */
const MAX = {
  organId: 13, organName: 200, organizationInCharge: 200, organAdd: 250, email: 100, telephone: 20, fax: 20, website: 100,
  codeNumber: 11, codeNotation: 30, place: 50, typeName: 100, subject: 500, content: 500, competence: 100, position: 100,
  fullName: 50, toPlace: 150, sphere: 100, typerNotation: 10, appendix: 250, documentId: 100, reason: 500, attachmentName: 255,
  description: 500, staffField: 100, contentType: 100,
} as const;

// XML 1.0 cannot carry these even as character references; a parser that decodes &#0; would let them in.
const FORBIDDEN_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WIRE_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const WIRE_TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ORGAN_ID = /^[A-Za-z0-9.]+$/;

class Reader {
  readonly problems: EdxmlProblem[] = [];

  problem(element: string, kind: EdxmlProblem['kind'], limit?: number | string) {
    this.problems.push(limit === undefined ? { element, kind } : { element, kind, limit });
  }

  node(parent: Tree | undefined, name: string, path: string, required: boolean): Tree | undefined {
    const value = parent?.[name];
    if (value === undefined || value === '') {
      if (required) this.problem(path, 'missing');
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(path, 'malformed');
      return undefined;
    }
    return value as Tree;
  }

  list(parent: Tree | undefined, name: string, path: string): Tree[] {
    const value = parent?.[name];
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item, i) => {
      if (typeof item === 'object' && item !== null) return [item as Tree];
      if (item === '') return [];
      this.problem(`${path}[${i + 1}]`, 'malformed');
      return [];
    });
  }

  text(parent: Tree | undefined, name: string, path: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const raw = parent?.[name];
    return this.value(raw, path, options);
  }

  value(raw: unknown, path: string, { required = false, max }: { required?: boolean; max?: number } = {}): string | undefined {
    let value: unknown = raw;
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) value = (raw as Tree)['#text'] ?? ((Object.keys(raw).every((k) => k.startsWith('@_'))) ? '' : raw);
    if (value === undefined || value === '') {
      if (required) this.problem(path, 'missing');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(path, Array.isArray(value) ? 'duplicate' : 'malformed');
      return undefined;
    }
    const text = value.normalize('NFC');
    if (FORBIDDEN_CHARACTERS.test(text)) {
      this.problem(path, 'malformed', 'characters');
      return undefined;
    }
    if (max !== undefined && [...text].length > max) this.problem(path, 'too_long', max);
    return text;
  }

  date(parent: Tree | undefined, name: string, path: string, required: boolean): string | undefined {
    const text = this.text(parent, name, path, { required });
    if (text === undefined) return undefined;
    const m = WIRE_DATE.exec(text);
    const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
    if (!m || !isRealDate(iso)) {
      this.problem(path, 'malformed', 'yyyy/MM/dd');
      return undefined;
    }
    return iso;
  }

  integer(parent: Tree | undefined, name: string, path: string, { required = false, min, max }: { required?: boolean; min: number; max: number }): number | undefined {
    const text = this.text(parent, name, path, { required });
    if (text === undefined) return undefined;
    const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problem(path, 'invalid', `${min}–${max}`);
      return undefined;
    }
    return n;
  }
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function organization(r: Reader, node: Tree | undefined, path: string): EdxmlOrganization | undefined {
  if (!node) return undefined;
  const organId = r.text(node, 'OrganId', `${path}.OrganId`, { required: true, max: MAX.organId });
  if (organId && !ORGAN_ID.test(organId)) r.problem(`${path}.OrganId`, 'malformed', '000.00.00.H00');
  const org: EdxmlOrganization = {
    organId: organId ?? '',
    organizationInCharge: r.text(node, 'OrganizationInCharge', `${path}.OrganizationInCharge`, { max: MAX.organizationInCharge }),
    organName: r.text(node, 'OrganName', `${path}.OrganName`, { max: MAX.organName }) ?? '',
    organAdd: r.text(node, 'OrganAdd', `${path}.OrganAdd`, { max: MAX.organAdd }),
    email: r.text(node, 'Email', `${path}.Email`, { max: MAX.email }),
    telephone: r.text(node, 'Telephone', `${path}.Telephone`, { max: MAX.telephone }),
    fax: r.text(node, 'Fax', `${path}.Fax`, { max: MAX.fax }),
    website: r.text(node, 'Website', `${path}.Website`, { max: MAX.website }),
  };
  return org;
}

function staff(r: Reader, node: Tree | undefined, path: string): EdxmlStaff | undefined {
  if (!node) return undefined;
  return {
    department: r.text(node, 'Department', `${path}.Department`, { max: MAX.staffField }),
    staff: r.text(node, 'Staff', `${path}.Staff`, { max: MAX.staffField }),
    email: r.text(node, 'Email', `${path}.Email`, { max: MAX.email }),
    mobile: r.text(node, 'Mobile', `${path}.Mobile`, { max: MAX.telephone }),
  };
}

function documentIdOf(r: Reader, node: Tree | undefined, name: string, path: string, required: boolean): string | undefined {
  const id = r.text(node, name, path, { required, max: MAX.documentId });
  if (id === undefined) return undefined;
  // {OrganId},{yyyy/MM/dd},{số}/{ký hiệu}: the notation itself may hold commas, so only the first two are split.
  const [organ = '', date = '', ...rest] = id.split(',');
  const m = WIRE_DATE.exec(date);
  if (!ORGAN_ID.test(organ) || !m || !isRealDate(`${m[1]}-${m[2]}-${m[3]}`) || rest.join(',').trim() === '') {
    r.problem(path, 'malformed', '{OrganId},{yyyy/MM/dd},{số}/{ký hiệu}');
  }
  return id;
}

function responseFor(r: Reader, node: Tree, path: string): EdxmlResponseFor {
  return {
    organId: r.text(node, 'OrganId', `${path}.OrganId`, { required: true, max: MAX.organId }) ?? '',
    code: r.text(node, 'Code', `${path}.Code`, { max: MAX.codeNumber + MAX.codeNotation + 1 }) ?? '',
    promulgationDate: r.date(node, 'PromulgationDate', `${path}.PromulgationDate`, false),
    documentId: documentIdOf(r, node, 'DocumentId', `${path}.DocumentId`, true) ?? '',
  };
}

function attachments(r: Reader, manifest: Tree | undefined, encoded: Tree | undefined): EdxmlAttachment[] {
  const references = r.list(manifest, 'Reference', 'edXMLManifest.Reference');
  const parts = r.list(encoded, 'Attachment', 'AttachmentEncoded.Attachment');
  const byId = new Map<string, Tree>();
  parts.forEach((part, i) => {
    const id = r.text(part, 'ContentId', `AttachmentEncoded.Attachment[${i + 1}].ContentId`, { required: true, max: 100 });
    if (!id) return;
    if (byId.has(id)) r.problem(`AttachmentEncoded.Attachment[${i + 1}].ContentId`, 'duplicate', id);
    byId.set(id, part);
  });
  const seen = new Set<string>();
  const result: EdxmlAttachment[] = [];
  references.forEach((ref, i) => {
    const path = `edXMLManifest.Reference[${i + 1}]`;
    const contentId = r.text(ref, 'ContentId', `${path}.ContentId`, { required: true, max: 100 });
    const name = r.text(ref, 'AttachmentName', `${path}.AttachmentName`, { required: true, max: MAX.attachmentName });
    const contentType = r.text(ref, 'ContentType', `${path}.ContentType`, { required: true, max: MAX.contentType });
    const description = r.text(ref, 'Description', `${path}.Description`, { max: MAX.description });
    if (!contentId) return;
    if (seen.has(contentId)) return r.problem(`${path}.ContentId`, 'duplicate', contentId);
    seen.add(contentId);
    const part = byId.get(contentId);
    if (!part) return r.problem(`${path} (${contentId})`, 'missing', 'AttachmentEncoded');
    const content = decodeBase64(r, part, `AttachmentEncoded.Attachment (${contentId}).ContentTransferEncoded`);
    if (content && name && contentType) result.push({ contentId, name, description, contentType, content });
  });
  for (const id of byId.keys()) if (!seen.has(id)) r.problem(`AttachmentEncoded.Attachment (${id})`, 'invalid', 'edXMLManifest.Reference');
  return result;
}

function decodeBase64(r: Reader, part: Tree, path: string): Buffer | undefined {
  const raw = r.text(part, 'ContentTransferEncoded', path, { required: true });
  if (raw === undefined) return undefined;
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    r.problem(path, 'malformed', 'base64');
    return undefined;
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length === 0) r.problem(path, 'missing');
  return bytes;
}

function businessDocType(code: number | undefined): BusinessDocType {
  return (Object.entries(BUSINESS_DOC_TYPES).find(([, v]) => v === code)?.[0] ?? 'new') as BusinessDocType;
}

function readDocument(r: Reader, header: Tree, message: Tree, root: Tree, envelope: Tree, options: ParseOptions): EdxmlDocument {
  const m = 'MessageHeader';
  const from = organization(r, r.node(message, 'From', `${m}.From`, true), `${m}.From`);
  const to = r.list(message, 'To', `${m}.To`).map((node, i) => organization(r, node, `${m}.To[${i + 1}]`)!);
  if (to.length === 0) r.problem(`${m}.To`, 'missing');
  const toIds = new Set<string>();
  to.forEach((o, i) => {
    if (o.organId && toIds.has(o.organId)) r.problem(`${m}.To[${i + 1}].OrganId`, 'duplicate', o.organId);
    toIds.add(o.organId);
  });
  const code = r.node(message, 'Code', `${m}.Code`, true);
  const promulgation = r.node(message, 'PromulgationInfo', `${m}.PromulgationInfo`, true);
  const promulgationDate = r.date(promulgation, 'PromulgationDate', `${m}.PromulgationInfo.PromulgationDate`, Boolean(promulgation));
  if (promulgationDate && promulgationDate > options.today) r.problem(`${m}.PromulgationInfo.PromulgationDate`, 'invalid', `≤ ${options.today.replaceAll('-', '/')}`);
  const type = r.node(message, 'DocumentType', `${m}.DocumentType`, true);
  const signer = r.node(message, 'SignerInfo', `${m}.SignerInfo`, false);
  const other = r.node(message, 'OtherInfo', `${m}.OtherInfo`, false);
  const trace = r.node(header, 'TraceHeaderList', 'TraceHeaderList', true);
  const business = r.node(trace, 'Bussiness', 'TraceHeaderList.Bussiness', Boolean(trace));
  const businessPath = 'TraceHeaderList.Bussiness';
  const docType = r.integer(business, 'BussinessDocType', `${businessPath}.BussinessDocType`, { required: Boolean(business), min: 0, max: 3 });
  const replacementList = r.node(business, 'ReplacementInfoList', `${businessPath}.ReplacementInfoList`, false);
  const body = r.node(envelope, 'edXMLBody', 'edXMLBody', false);
  const manifest = r.node(body, 'edXMLManifest', 'edXMLManifest', false);

  return {
    from: from ?? { organId: '', organName: '' },
    to,
    documentId: documentIdOf(r, message, 'DocumentId', `${m}.DocumentId`, true) ?? '',
    code: {
      number: r.text(code, 'CodeNumber', `${m}.Code.CodeNumber`, { required: Boolean(code), max: MAX.codeNumber }) ?? '',
      notation: r.text(code, 'CodeNotation', `${m}.Code.CodeNotation`, { required: Boolean(code), max: MAX.codeNotation }) ?? '',
    },
    promulgation: { place: r.text(promulgation, 'Place', `${m}.PromulgationInfo.Place`, { max: MAX.place }), date: promulgationDate ?? '' },
    documentType: {
      type: r.integer(type, 'Type', `${m}.DocumentType.Type`, { required: Boolean(type), min: 1, max: 2 }) ?? 1,
      typeDetail: r.integer(type, 'TypeDetail', `${m}.DocumentType.TypeDetail`, { min: 0, max: 999 }),
      typeName: r.text(type, 'TypeName', `${m}.DocumentType.TypeName`, { required: Boolean(type), max: MAX.typeName }) ?? '',
    },
    subject: r.text(message, 'Subject', `${m}.Subject`, { required: true, max: MAX.subject }) ?? '',
    content: r.text(message, 'Content', `${m}.Content`, { max: MAX.content }),
    signer: {
      competence: r.text(signer, 'Competence', `${m}.SignerInfo.Competence`, { max: MAX.competence }),
      position: r.text(signer, 'Position', `${m}.SignerInfo.Position`, { max: MAX.position }),
      fullName: r.text(signer, 'FullName', `${m}.SignerInfo.FullName`, { max: MAX.fullName }),
    },
    dueDate: r.date(message, 'DueDate', `${m}.DueDate`, false),
    otherInfo: {
      priority: r.integer(other, 'Priority', `${m}.OtherInfo.Priority`, { min: 0, max: 4 }) ?? 0,
      sphereOfPromulgation: r.text(other, 'SphereOfPromulgation', `${m}.OtherInfo.SphereOfPromulgation`, { max: MAX.sphere }),
      typerNotation: r.text(other, 'TyperNotation', `${m}.OtherInfo.TyperNotation`, { max: MAX.typerNotation }),
      promulgationAmount: r.integer(other, 'PromulgationAmount', `${m}.OtherInfo.PromulgationAmount`, { min: 0, max: 100_000 }),
      pageAmount: r.integer(other, 'PageAmount', `${m}.OtherInfo.PageAmount`, { min: 0, max: 100_000 }),
      appendixes: listOfTexts(r, r.node(other, 'Appendixes', `${m}.OtherInfo.Appendixes`, false), 'Appendix', `${m}.OtherInfo.Appendixes.Appendix`, MAX.appendix),
    },
    steeringType: r.integer(message, 'SteeringType', `${m}.SteeringType`, { min: 1, max: 3 }) ?? 1,
    toPlaces: listOfTexts(r, r.node(message, 'ToPlaces', `${m}.ToPlaces`, false), 'Place', `${m}.ToPlaces.Place`, MAX.toPlace),
    responseFor: r.list(message, 'ResponseFor', `${m}.ResponseFor`).map((node, i) => responseFor(r, node, `${m}.ResponseFor[${i + 1}]`)),
    trace: r.list(trace, 'TraceHeader', 'TraceHeaderList.TraceHeader').flatMap((node, i) => {
      const path = `TraceHeaderList.TraceHeader[${i + 1}]`;
      const organId = r.text(node, 'OrganId', `${path}.OrganId`, { required: true, max: MAX.organId });
      const timestamp = timestampOf(r, node, `${path}.Timestamp`);
      return organId && timestamp ? [{ organId, timestamp }] : [];
    }),
    business: {
      docType: businessDocType(docType),
      reason: r.text(business, 'BussinessDocReason', `${businessPath}.BussinessDocReason`, { max: MAX.reason }),
      documentId: documentIdOf(r, business, 'DocumentId', `${businessPath}.DocumentId`, false) ?? '',
      paper: r.integer(business, 'Paper', `${businessPath}.Paper`, { min: 0, max: 1 }) === 1,
      staff: staff(r, r.node(business, 'StaffInfo', `${businessPath}.StaffInfo`, false), `${businessPath}.StaffInfo`),
      replacements: r.list(replacementList, 'ReplacementInfo', `${businessPath}.ReplacementInfoList.ReplacementInfo`).map((node, i) => {
        const path = `${businessPath}.ReplacementInfoList.ReplacementInfo[${i + 1}]`;
        return {
          documentId: documentIdOf(r, node, 'DocumentId', `${path}.DocumentId`, true) ?? '',
          organIds: listOfTexts(r, r.node(node, 'OrganIdList', `${path}.OrganIdList`, false), 'OrganId', `${path}.OrganIdList.OrganId`, MAX.organId),
        };
      }),
    },
    attachments: attachments(r, manifest, r.node(root, 'AttachmentEncoded', 'AttachmentEncoded', false)),
  };
}

function listOfTexts(r: Reader, parent: Tree | undefined, name: string, path: string, max: number): string[] {
  const raw = parent?.[name];
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  return items.flatMap((item, i) => {
    const text = r.value(item, `${path}[${i + 1}]`, { max });
    return text === undefined ? [] : [text];
  });
}

function timestampOf(r: Reader, node: Tree | undefined, path: string): Date | undefined {
  const text = r.text(node, path.split('.').pop()!, path, { required: true });
  if (text === undefined) return undefined;
  const m = WIRE_TIMESTAMP.exec(text);
  // Timestamps are Vietnam time (UTC+7, no daylight saving).
  const instant = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`) : undefined;
  if (!m || !instant || Number.isNaN(instant.getTime()) || !isRealDate(`${m[1]}-${m[2]}-${m[3]}`)) {
    r.problem(path, 'malformed', 'yyyy/MM/dd HH:mm:ss');
    return undefined;
  }
  return instant;
}

function readStatus(r: Reader, message: Tree): EdxmlStatus {
  const m = 'MessageHeader';
  const from = organization(r, r.node(message, 'From', `${m}.From`, true), `${m}.From`);
  const responses = r.list(message, 'ResponseFor', `${m}.ResponseFor`);
  if (responses.length !== 1) r.problem(`${m}.ResponseFor`, responses.length ? 'duplicate' : 'missing');
  const response = responses[0];
  const code = r.text(message, 'StatusCode', `${m}.StatusCode`, { required: true });
  if (code !== undefined && !(EDXML_STATUS_CODES as readonly string[]).includes(code)) r.problem(`${m}.StatusCode`, 'invalid', EDXML_STATUS_CODES.join(', '));
  return {
    from: from ?? { organId: '', organName: '' },
    responseFor: response ? responseFor(r, response, `${m}.ResponseFor`) : { organId: '', code: '', documentId: '' },
    statusCode: code as EdxmlStatusCode,
    description: r.text(message, 'Description', `${m}.Description`, { max: MAX.reason }),
    timestamp: timestampOf(r, message, `${m}.Timestamp`) ?? new Date(0),
    staff: staff(r, r.node(message, 'StaffInfo', `${m}.StaffInfo`, false), `${m}.StaffInfo`),
  };
}

/** Decodes, parses and checks a package; throws EdxmlInvalidError listing every problem. */
export function parseEdxml(bytes: Buffer, options: ParseOptions): ParsedPackage {
  if (bytes.length > options.maxBytes) throw new EdxmlInvalidError([{ element: 'edXML', kind: 'too_long', limit: options.maxBytes }]);
  const xml = decodeUtf8(bytes);
  const r = new Reader();
  // DTDs are never needed in edXML; refusing them closes entity expansion (billion laughs) and external entities.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml.slice(0, 4096))) throw new EdxmlInvalidError([{ element: 'DOCTYPE', kind: 'invalid' }]);
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    throw new EdxmlInvalidError([{ element: `line ${wellFormed.err.line}, column ${wellFormed.err.col}`, kind: 'malformed', limit: wellFormed.err.msg }]);
  }
  const tree = parser.parse(xml) as Tree;
  const root = r.node(tree, 'edXML', 'edXML', true);
  const envelope = r.node(root, 'edXMLEnvelope', 'edXMLEnvelope', Boolean(root));
  const header = r.node(envelope, 'edXMLHeader', 'edXMLHeader', Boolean(envelope));
  const message = r.node(header, 'MessageHeader', 'MessageHeader', Boolean(header));
  if (!root || !envelope || !header || !message) throw new EdxmlInvalidError(r.problems);
  const parsed: ParsedPackage = message.StatusCode !== undefined
    ? { kind: 'status', status: readStatus(r, message) }
    : { kind: 'document', document: readDocument(r, header, message, root, envelope, options) };
  if (r.problems.length) throw new EdxmlInvalidError(r.problems);
  return parsed;
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new EdxmlInvalidError([{ element: 'edXML', kind: 'malformed', limit: 'UTF-8' }]);
  }
}
