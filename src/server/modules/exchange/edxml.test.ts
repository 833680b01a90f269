import { describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { issueCertificate } from '../signatures/demo-ca.js';
import { buildEdxml, buildStatusEdxml } from './edxml.build.js';
import { EdxmlInvalidError, parseEdxml, type ParsedPackage } from './edxml.parse.js';
import { signEnvelope, verifyEnvelopeSignature } from './edxml.signature.js';
import { EDXML_STATUS_CODES, type EdxmlDocument, type EdxmlProblem } from './edxml.types.js';

const options = { today: '2026-12-01', maxBytes: 50 * 1024 * 1024 };

function sampleDocument(overrides: Partial<EdxmlDocument> = {}): EdxmlDocument {
  return {
    from: { organId: '000.00.11.H17', organizationInCharge: 'UBND tỉnh Điện Biên', organName: 'Sở Thông tin và Truyền thông', organAdd: 'Phường Mường Thanh, TP Điện Biên Phủ', email: 'stttt@dienbien.gov.vn', telephone: '0215 3825 000' },
    to: [
      { organId: '000.00.12.H17', organName: 'Sở Nội vụ' },
      { organId: '000.00.13.H17', organName: 'Sở Tài chính' },
    ],
    documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP',
    code: { number: '123', notation: 'STTTT-VP' },
    promulgation: { place: 'Điện Biên', date: '2026-11-30' },
    documentType: { type: 1, typeDetail: 0, typeName: 'Công văn' },
    subject: 'V/v triển khai chuyển đổi số & "văn phòng điện tử" <năm 2027>',
    content: 'V/v triển khai chuyển đổi số năm 2027',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Nguyễn Văn Hòa' },
    dueDate: '2026-12-15',
    otherInfo: { priority: 2, promulgationAmount: 3, pageAmount: 2, appendixes: ['Phụ lục I: Danh mục nhiệm vụ'] },
    steeringType: 1,
    toPlaces: ['Như trên', 'Lưu: VT, VP'],
    responseFor: [],
    trace: [{ organId: '000.00.11.H17', timestamp: new Date('2026-11-30T03:04:05Z') }],
    business: { docType: 'new', reason: 'Văn bản điện tử mới', documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP', paper: false, staff: { department: 'Văn phòng', staff: 'Lò Thị Mai' }, replacements: [] },
    attachments: [
      { contentId: 'cid:1', name: '123-STTTT-VP.signed.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000) + '\n%%EOF\n') },
      { contentId: 'cid:2', name: 'Phụ lục.docx', description: 'Phụ lục I', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]) },
    ],
    ...overrides,
  };
}

function refused(xml: string | Buffer): EdxmlProblem[] {
  try {
    parseEdxml(Buffer.isBuffer(xml) ? xml : Buffer.from(xml), options);
  } catch (error) {
    if (error instanceof EdxmlInvalidError) return error.problems;
    throw error;
  }
  throw new Error('the package was accepted');
}

function asDocument(parsed: ParsedPackage) {
  if (parsed.kind !== 'document') throw new Error(`expected a document package, got ${parsed.kind}`);
  return parsed.document;
}

describe('edXML packages (QCVN 102:2016)', () => {
  it('a document exported and imported again keeps its metadata and byte-identical files', () => {
    const doc = sampleDocument();
    const xml = buildEdxml(doc);
    expect(xml).toContain('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">');
    expect(xml).toContain('<edXML:CodeNotation>STTTT-VP</edXML:CodeNotation>');
    expect(xml).toContain('<edXML:PromulgationDate>2026/11/30</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:Timestamp>2026/11/30 10:04:05</edXML:Timestamp>');
    const back = asDocument(parseEdxml(Buffer.from(xml), options));
    expect(back).toEqual({ ...doc, from: { ...doc.from, fax: undefined, website: undefined }, to: doc.to.map((t) => ({ ...t, organizationInCharge: undefined, organAdd: undefined, email: undefined, telephone: undefined, fax: undefined, website: undefined })), attachments: doc.attachments.map((a) => ({ ...a, description: a.description ?? a.name })), business: { ...doc.business, staff: { ...doc.business.staff, email: undefined, mobile: undefined } } });
    expect(back.attachments[1]!.content.equals(doc.attachments[1]!.content)).toBe(true);
  });

  it('text that XML cannot carry (NUL, a lone surrogate) is dropped when writing, and decomposed Vietnamese is read back composed', () => {
    const xml = buildEdxml(sampleDocument({ subject: 'Ho\u0000a ti\uD800ến', content: 'Quye\u0302\u0301t đi\u0323nh' }));
    const back = asDocument(parseEdxml(Buffer.from(xml), options));
    expect(back.subject).toBe('Hoa tiến');
    expect(back.content).toBe('Quyết định');
  });

  it('every status code travels in a status package and is read back', () => {
    for (const statusCode of EDXML_STATUS_CODES) {
      const status = {
        from: { organId: '000.00.12.H17', organName: 'Sở Nội vụ' },
        responseFor: { organId: '000.00.11.H17', code: '123/STTTT-VP', promulgationDate: '2026-11-30', documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP' },
        statusCode, description: statusCode === '02' ? 'Gửi nhầm cơ quan' : undefined,
        timestamp: new Date('2026-12-01T01:00:00Z'), staff: { department: 'Văn phòng', staff: 'Quàng Văn Nam' },
      };
      const parsed = parseEdxml(Buffer.from(buildStatusEdxml(status)), options);
      expect(parsed).toEqual({ kind: 'status', status: { ...status, staff: { ...status.staff, email: undefined, mobile: undefined } } });
    }
  });

  it('a package missing its subject and with a too long number names each element and what is wrong', () => {
    const xml = buildEdxml(sampleDocument({ subject: '', code: { number: '123456789012', notation: 'STTTT-VP' } }));
    expect(refused(xml)).toEqual(expect.arrayContaining([
      { element: 'MessageHeader.Subject', kind: 'missing' },
      { element: 'MessageHeader.Code.CodeNumber', kind: 'too_long', limit: 11 },
    ]));
  });

  it('a bad base64 attachment, a manifest entry without its file and a duplicate addressee are refused', () => {
    const xml = buildEdxml(sampleDocument({ to: [{ organId: '000.00.12.H17', organName: 'Sở Nội vụ' }, { organId: '000.00.12.H17', organName: 'Sở Nội vụ' }] }))
      .replace(/(<ContentId>cid:2<\/ContentId>[\s\S]*?<edXML:ContentTransferEncoded[^>]*>)[^<]*/, '$1AAA*')
      .replace('<ContentId>cid:1</ContentId>', '<ContentId>cid:9</ContentId>');
    expect(refused(xml)).toEqual(expect.arrayContaining([
      { element: 'MessageHeader.To[2].OrganId', kind: 'duplicate', limit: '000.00.12.H17' },
      { element: 'AttachmentEncoded.Attachment (cid:2).ContentTransferEncoded', kind: 'malformed', limit: 'base64' },
      { element: 'edXMLManifest.Reference[1] (cid:1)', kind: 'missing', limit: 'AttachmentEncoded' },
    ]));
  });

  it('a promulgation date in the future, an impossible date and an unknown priority are refused', () => {
    const xml = buildEdxml(sampleDocument({ promulgation: { place: 'Điện Biên', date: '2026-12-02' }, dueDate: '2026-02-30', otherInfo: { priority: 7, appendixes: [] } }));
    expect(refused(xml)).toEqual(expect.arrayContaining([
      { element: 'MessageHeader.PromulgationInfo.PromulgationDate', kind: 'invalid', limit: '≤ 2026/12/01' },
      { element: 'MessageHeader.DueDate', kind: 'malformed', limit: 'yyyy/MM/dd' },
      { element: 'MessageHeader.OtherInfo.Priority', kind: 'invalid', limit: '0–4' },
    ]));
  });

  it('XML that is not well-formed is refused with its line and column; DTDs, bad UTF-8 and oversized packages too', () => {
    const [broken] = refused('<edXML>\n  <edXML:edXMLEnvelope>\n</edXML>');
    expect(broken).toMatchObject({ kind: 'malformed', element: expect.stringMatching(/^line \d+, column \d+$/) });
    expect(refused('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><edXML>&a;</edXML>')).toEqual([{ element: 'DOCTYPE', kind: 'invalid' }]);
    expect(refused(Buffer.from([0x3c, 0x65, 0xff, 0xfe, 0x3e]))).toEqual([{ element: 'edXML', kind: 'malformed', limit: 'UTF-8' }]);
    expect(() => parseEdxml(Buffer.alloc(101), { ...options, maxBytes: 100 })).toThrow(EdxmlInvalidError);
    expect(refused('<other/>')).toEqual([{ element: 'edXML', kind: 'missing' }]);
  });

  it('character references are decoded (&#7853; is ậ) but one to NUL never reaches a record', () => {
    const xml = buildEdxml(sampleDocument()).replace('Văn bản điện tử mới', 'V&#7853;n b&#x1EA3;n m&#7899;i&#0;');
    expect(asDocument(parseEdxml(Buffer.from(xml), options)).business.reason).toBe('Vận bản mới');
  });

  it('a recall and a replacement carry their business type, reason and the replaced documents', () => {
    const recall = asDocument(parseEdxml(Buffer.from(buildEdxml(sampleDocument({ business: { docType: 'recall', reason: 'Sai nội dung', documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP', paper: false, replacements: [] } }))), options));
    expect(recall.business).toMatchObject({ docType: 'recall', reason: 'Sai nội dung' });
    const replacement = asDocument(parseEdxml(Buffer.from(buildEdxml(sampleDocument({ business: { docType: 'replacement', documentId: '000.00.11.H17,2026/11/30,124/STTTT-VP', paper: false, replacements: [{ documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP', organIds: ['000.00.12.H17', '000.00.13.H17'] }] } }))), options));
    expect(replacement.business.replacements).toEqual([{ documentId: '000.00.11.H17,2026/11/30,123/STTTT-VP', organIds: ['000.00.12.H17', '000.00.13.H17'] }]);
  });
});

describe('the XML signature of an envelope', () => {
  async function signerPem() {
    const issued = await issueCertificate({ subject: [{ shortName: 'CN', value: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }], notBefore: new Date('2026-01-01'), notAfter: new Date('2028-01-01'), ca: false });
    return { key: forge.pki.privateKeyToPem(issued.key), cert: forge.pki.certificateToPem(issued.cert) };
  }

  it('a signed package verifies, names its signer, still parses, and fails once one byte of a file changes', async () => {
    const { key, cert } = await signerPem();
    const signed = signEnvelope(buildEdxml(sampleDocument()), key, cert);
    const result = verifyEnvelopeSignature(signed);
    expect(result).toMatchObject({ present: true, valid: true, coversPackage: true });
    expect(result.signer?.subject).toContain('Sở Thông tin và Truyền thông');
    expect(asDocument(parseEdxml(Buffer.from(signed), options)).attachments).toHaveLength(2);

    const base64 = sampleDocument().attachments[0]!.content.toString('base64');
    const tampered = signed.replace(base64, Buffer.from(sampleDocument().attachments[0]!.content.toString().replace('x', 'y')).toString('base64'));
    expect(tampered).not.toBe(signed);
    expect(verifyEnvelopeSignature(tampered)).toMatchObject({ present: true, valid: false });
  });

  it('an unsigned package reports no signature, and a signature outside the XMLDSig namespace is not taken as valid', () => {
    expect(verifyEnvelopeSignature(buildEdxml(sampleDocument()))).toEqual({ present: false, valid: false, coversPackage: false });
    const fake = buildEdxml(sampleDocument()).replace('</edXML:edXMLHeader>', '<Signature><SignedInfo/><SignatureValue>AAAA</SignatureValue></Signature></edXML:edXMLHeader>');
    expect(verifyEnvelopeSignature(fake)).toMatchObject({ present: true, valid: false });
  });
});
