// The report of a PDF's digital signatures, as the server sends it and the web client shows it
// (src/server/modules/signatures/pdf-verify.ts makes it).

export type SignatureStatus = 'valid' | 'valid_but_modified_after' | 'broken' | 'untrusted' | 'expired_at_signing' | 'unsupported';

/** Why a signature got its status; the web client turns each into a sentence. */
export type SignatureProblem =
  | 'byte_range_invalid' | 'byte_range_outside_file' | 'empty_signature' | 'cms_unreadable' | 'unsupported_sub_filter'
  | 'unsupported_algorithm' | 'signer_certificate_missing' | 'digest_mismatch' | 'signature_mismatch'
  | 'modified_after' | 'expired_at_signing' | 'not_yet_valid_at_signing' | 'unknown_issuer' | 'chain_invalid'
  /** A certification signature (DocMDP) whose later revisions made changes its permission does not allow. */
  | 'changes_not_permitted';

export interface CertificateSummary {
  subject: string;
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

export interface SignatureReport {
  /** 1 for the first signature in the file. */
  index: number;
  status: SignatureStatus;
  problems: SignatureProblem[];
  subFilter: string | null;
  /** /Name, /Reason and /Location of the signature dictionary: written by the signer, not proven. */
  name: string | null;
  reason: string | null;
  location: string | null;
  signer: CertificateSummary | null;
  issuer: { subject: string; commonName: string | null; organization: string | null } | null;
  signingTime: string | null;
  /** The signed attribute is covered by the signature; /M is only what the signing tool wrote. */
  signingTimeSource: 'signed_attribute' | 'dictionary' | null;
  /** The signer's certificate at the signing time (or now, when no time is known). */
  certificateValidAtSigning: boolean | null;
  digestAlgorithm: string | null;
  signatureAlgorithm: 'RSA' | 'RSA-PSS' | 'ECDSA' | 'Ed25519' | null;
  digestMatches: boolean | null;
  signatureVerifies: boolean | null;
  coverage: {
    byteRange: number[];
    coversWholeFile: boolean;
    /** Bytes of the file after the signed range (later incremental updates, or anything appended). */
    bytesAfter: number;
    /** The revision (1 = the original file) this signature closes. */
    revision: number | null;
    revisionsAfter: number;
  };
  chain: {
    trusted: boolean;
    /** Subject of the imported root the chain reaches. */
    trustedRoot: string | null;
    certificates: { subject: string; issuer: string }[];
  };
  /** OCSP / CRL are not consulted: honest "not checked", never "good". */
  revocation: 'not_checked';
  /** Why revocation was not checked, and where the certificate says its OCSP responder is (if it says). */
  revocationDetail: { reason: 'not_supported'; ocspUrls: string[] };
  /** Where the signature's widget is: page (1-based; null when on no page) and rectangle in PDF points; null when no widget names it. */
  appearance: SignatureAppearance | null;
  /** For a certification signature (DocMDP): its permission and whether later revisions kept to it; null otherwise. */
  certification: CertificationReport | null;
}

export interface SignatureAppearance {
  page: number | null;
  /** [x1, y1, x2, y2] from the bottom left of the page, in points. */
  rect: [number, number, number, number] | null;
  /** False for a zero-size widget (an invisible signature). */
  visible: boolean;
}

/** What a revision after a certification signature changed (merged per kind and page). */
export type CertificationChangeCode =
  | 'field_added' | 'field_filled' | 'form_changed' | 'annotations_changed' | 'annotation_added'
  | 'page_content_changed' | 'page_changed' | 'page_added' | 'page_removed' | 'catalog_changed' | 'object_changed' | 'revision_added';

export interface CertificationChange {
  code: CertificationChangeCode;
  page: number | null;
  /** Whether the certification's permission allows this change. */
  allowed: boolean;
}

export interface CertificationReport {
  /** DocMDP /P: 1 no changes, 2 form filling and signing, 3 also annotations. */
  permission: 1 | 2 | 3;
  /** Whether the catalog's /Perms /DocMDP names this signature, as a certification must (PDF 32000-1 12.8.4). */
  inCatalog: boolean;
  /** Whether every later change is one the permission allows; null when the file could not be parsed to tell. */
  respected: boolean | null;
  changes: CertificationChange[];
}

export interface PdfVerificationReport {
  /** `no_signatures`: a readable file without signatures; `unsupported`: not a PDF we can read. */
  status: 'signed' | 'no_signatures' | 'unsupported';
  reason: 'not_pdf' | 'too_large' | 'too_many_signatures' | null;
  fileSize: number;
  revisions: number;
  signatures: SignatureReport[];
  verifiedAt: string;
}

/** A root certificate the agency trusts, as the admin sees it. */
export interface TrustedRootView {
  id: string;
  subject: string;
  issuer: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  createdAt: string;
}

/**
 * What POST /api/outgoing-documents/:id/external-signing answers: what a USB token's tool or a
 * remote-signing service needs to make the signer's signature outside the server.
 */
export interface PreparedSigning {
  sessionId: string;
  documentId: string;
  version: number;
  expiresAt: string;
  signingTime: string;
  digestAlgorithm: 'SHA-256';
  /** Base64 SHA-256 of the byte ranges: the messageDigest of a returned CMS. */
  contentDigest: string;
  /** Base64 DER of the CMS signed attributes to sign (with the certificate given), else null. */
  signedAttributes: string | null;
  /** Base64 SHA-256 of those signed attributes: what a "sign hash" token or service signs. */
  signedAttributesDigest: string | null;
  /** How the raw signature is made: RSASSA-PKCS1-v1_5 or ECDSA, with SHA-256 (null without a certificate). */
  keyType: 'rsa' | 'ec' | null;
  byteRange: number[];
  /** The largest CMS the prepared PDF has room for. */
  maxCmsBytes: number;
}
