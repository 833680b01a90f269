// The report of a PDF's digital signatures, as the server sends it and the web client shows it
// (src/server/modules/signatures/pdf-verify.ts makes it).

export type SignatureStatus = 'valid' | 'valid_but_modified_after' | 'broken' | 'untrusted' | 'expired_at_signing' | 'unsupported';

/** Why a signature got its status; the web client turns each into a sentence. */
export type SignatureProblem =
  | 'byte_range_invalid' | 'byte_range_outside_file' | 'empty_signature' | 'cms_unreadable' | 'unsupported_sub_filter'
  | 'unsupported_algorithm' | 'signer_certificate_missing' | 'digest_mismatch' | 'signature_mismatch'
  | 'modified_after' | 'expired_at_signing' | 'not_yet_valid_at_signing' | 'unknown_issuer' | 'chain_invalid';

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
