// The content of an edXML package (QCVN 102:2016, ../shared/DOMAIN.md 3.1–3.4) as VanPhong reads and
// writes it. Element names follow the standard (including its spelling "Bussiness"); dates are
// ISO 'YYYY-MM-DD' here and 'yyyy/MM/dd' on the wire.

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export interface EdxmlOrganization {
  organId: string;
  organizationInCharge?: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface EdxmlStaff {
  department?: string;
  staff?: string;
  email?: string;
  mobile?: string;
}

/** BussinessDocType: 0 new, 1 recall (thu hồi), 2 update (cập nhật), 3 replacement (thay thế). */
export const BUSINESS_DOC_TYPES = { new: 0, recall: 1, update: 2, replacement: 3 } as const;
export type BusinessDocType = keyof typeof BUSINESS_DOC_TYPES;

export interface EdxmlResponseFor {
  organId: string;
  code: string;
  promulgationDate?: string;
  documentId: string;
}

export interface EdxmlAttachment {
  contentId: string;
  name: string;
  description?: string;
  contentType: string;
  content: Buffer;
}

export interface EdxmlDocument {
  from: EdxmlOrganization;
  to: EdxmlOrganization[];
  documentId: string;
  code: { number: string; notation: string };
  promulgation: { place?: string; date: string };
  documentType: { type: number; typeDetail?: number; typeName: string };
  subject: string;
  content?: string;
  signer: { competence?: string; position?: string; fullName?: string };
  dueDate?: string;
  otherInfo: {
    /** 0 thường · 1 khẩn · 2 thượng khẩn · 3 hỏa tốc · 4 hỏa tốc hẹn giờ. */
    priority: number;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    appendixes: string[];
  };
  /** 1 not a direction · 2 direction · 3 report on a direction. */
  steeringType: number;
  toPlaces: string[];
  responseFor: EdxmlResponseFor[];
  trace: { organId: string; timestamp: Date }[];
  business: {
    docType: BusinessDocType;
    reason?: string;
    /** The document the operation is about (for new documents, the document itself). */
    documentId: string;
    paper: boolean;
    staff?: EdxmlStaff;
    /** For a replacement: the replaced documents and the agencies that received them. */
    replacements: { documentId: string; organIds: string[] }[];
  };
  attachments: EdxmlAttachment[];
}

/** Status codes of a status package (DOMAIN.md 3.4). */
export const EDXML_STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type EdxmlStatusCode = (typeof EDXML_STATUS_CODES)[number];

export interface EdxmlStatus {
  from: EdxmlOrganization;
  responseFor: EdxmlResponseFor;
  statusCode: EdxmlStatusCode;
  description?: string;
  timestamp: Date;
  staff?: EdxmlStaff;
}

/** What is wrong in a package, per element: N missing, R out of range / too long, M malformed (the reference validators' classes). */
export interface EdxmlProblem {
  element: string;
  kind: 'missing' | 'too_long' | 'invalid' | 'duplicate' | 'malformed';
  /** The limit or the expected form, when there is one. */
  limit?: number | string;
}
