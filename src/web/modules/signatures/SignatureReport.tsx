import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, QuestionCircleOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, List, Space, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PdfVerificationReport, SignatureReport as Signature, SignatureStatus } from '../../../shared/signatures';
import { api } from '../../api/client';
import { ErrorAlert, formatSize } from '../../components/labels';

// What a PDF's digital signatures say, in words a clerk acts on: each signature's signer, agency,
// time (Vietnam time), issuer, and a status tag with text (never colour alone) and one plain
// sentence. Revocation is not checked, and the page says so rather than implying it was.

const STATUS_LOOK: Record<SignatureStatus, { color: string; icon: ReactNode }> = {
  valid: { color: 'success', icon: <CheckCircleOutlined /> },
  valid_but_modified_after: { color: 'warning', icon: <ExclamationCircleOutlined /> },
  broken: { color: 'error', icon: <CloseCircleOutlined /> },
  untrusted: { color: 'orange', icon: <WarningOutlined /> },
  expired_at_signing: { color: 'error', icon: <CloseCircleOutlined /> },
  unsupported: { color: 'default', icon: <QuestionCircleOutlined /> },
};

const vietnamParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** dd/mm/yyyy hh:mm:ss (or only the date) in Vietnam, whatever the computer's own time zone. */
function inVietnam(iso: string | null, dateOnly = false): string {
  if (!iso) return '—';
  const part = Object.fromEntries(vietnamParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const date = `${part.day}/${part.month}/${part.year}`;
  return dateOnly ? date : `${date} ${part.hour}:${part.minute}:${part.second}`;
}

export const signatureKeys = {
  all: ['signatures'] as const,
  attachment: (id: string) => ['signatures', 'attachment', id] as const,
  upload: (file: File) => ['signatures', 'upload', file.name, file.size, file.lastModified] as const,
  roots: ['signatures', 'trusted-roots'] as const,
};

export function SignatureStatusTag({ status }: { status: SignatureStatus }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status];
  return <Tag color={look.color} icon={look.icon} data-testid="signature-status">{t(`signatures.status.${status}`)}</Tag>;
}

function Sentence({ signature }: { signature: Signature }) {
  const { t } = useTranslation();
  const { coverage } = signature;
  const text = signature.status === 'valid_but_modified_after'
    ? t('signatures.sentence.valid_but_modified_after', { size: formatSize(coverage.bytesAfter), count: coverage.revisionsAfter })
    : t(`signatures.sentence.${signature.status}`);
  const problems = signature.problems.filter((p) => p !== 'modified_after' && p !== 'unknown_issuer');
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="signature-sentence">{text}</Typography.Paragraph>
      {problems.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {problems.map((p) => t(`signatures.problem.${p}`)).join(' ')}
        </Typography.Paragraph>
      )}
    </>
  );
}

function coverageText(signature: Signature, t: (key: string, options?: Record<string, unknown>) => string): string {
  const { coverage } = signature;
  if (coverage.coversWholeFile) return t('signatures.coverage.whole');
  if (!coverage.byteRange.length || signature.problems.includes('byte_range_invalid')) return '—';
  return t('signatures.coverage.part', { revision: coverage.revision ?? '?', count: coverage.revisionsAfter, size: formatSize(coverage.bytesAfter) });
}

function appearanceText(signature: Signature, t: (key: string, options?: Record<string, unknown>) => string): string {
  const { appearance } = signature;
  if (!appearance) return t('signatures.appearance.unknown');
  if (!appearance.visible) return t('signatures.appearance.invisible');
  return appearance.page === null ? t('signatures.appearance.noPage') : t('signatures.appearance.page', { page: appearance.page });
}

function revocationText(signature: Signature, t: (key: string, options?: Record<string, unknown>) => string): string {
  const { ocspUrls } = signature.revocationDetail;
  const where = ocspUrls.length ? t('signatures.revocationReason.ocsp', { urls: ocspUrls.join(', ') }) : t('signatures.revocationReason.noOcsp');
  return `${t('signatures.revocationNotChecked')}: ${t(`signatures.revocationReason.${signature.revocationDetail.reason}`)}; ${where}.`;
}

/** A certification signature (DocMDP): what it allows, and whether the later revisions kept to it. */
function Certification({ certification }: { certification: NonNullable<Signature['certification']> }) {
  const { t } = useTranslation();
  const refused = certification.changes.filter((c) => !c.allowed);
  const describe = (c: (typeof certification.changes)[number]) => `${t(`signatures.certification.change.${c.code}`)}${c.page ? ` (${t('signatures.certification.onPage', { page: c.page })})` : ''}`;
  return (
    <span data-testid="signature-certification">
      {t(`signatures.certification.permission.${certification.permission}`)}.{' '}
      {certification.respected === null
        ? t('signatures.certification.unknown')
        : certification.respected
          ? (certification.changes.length ? t('signatures.certification.respected') : t('signatures.certification.none'))
          : <Typography.Text type="danger">{t('signatures.certification.notRespected')} {refused.map(describe).join('; ')}.</Typography.Text>}
    </span>
  );
}

function OneSignature({ signature }: { signature: Signature }) {
  const { t } = useTranslation();
  const signer = signature.signer;
  const items = [
    { key: 'signer', label: t('signatures.field.signer'), children: signer?.commonName ?? signature.name ?? '—' },
    { key: 'organization', label: t('signatures.field.organization'), children: signer?.organization ?? '—' },
    {
      key: 'time',
      label: t('signatures.field.signedAt'),
      children: signature.signingTime
        ? `${inVietnam(signature.signingTime)} (${t('signatures.vietnamTime')})${signature.signingTimeSource === 'dictionary' ? ` — ${t('signatures.timeNotProven')}` : ''}`
        : '—',
    },
    { key: 'issuer', label: t('signatures.field.issuer'), children: signature.issuer?.commonName ?? signature.issuer?.subject ?? '—' },
    {
      key: 'validity',
      label: t('signatures.field.validity'),
      children: signer
        ? `${inVietnam(signer.notBefore, true)} – ${inVietnam(signer.notAfter, true)}${signature.certificateValidAtSigning === null ? '' : ` (${t(signature.certificateValidAtSigning ? 'signatures.validAtSigning' : 'signatures.notValidAtSigning')})`}`
        : '—',
    },
    { key: 'coverage', label: t('signatures.field.coverage'), children: coverageText(signature, t) },
    { key: 'appearance', label: t('signatures.field.appearance'), children: <span data-testid="signature-appearance">{appearanceText(signature, t)}</span> },
    ...(signature.certification ? [{ key: 'certification', label: t('signatures.field.certification'), children: <Certification certification={signature.certification} /> }] : []),
    { key: 'revocation', label: t('signatures.field.revocation'), children: <span data-testid="signature-revocation">{revocationText(signature, t)}</span> },
  ];
  return (
    <div data-testid="signature-item" style={{ width: '100%' }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('signatures.number', { index: signature.index })}</Typography.Text>
        <SignatureStatusTag status={signature.status} />
      </Space>
      <Sentence signature={signature} />
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </div>
  );
}

/** The report of one PDF: each signature, or why there is none to show. */
export function SignatureReport({ report }: { report: PdfVerificationReport }) {
  const { t } = useTranslation();
  if (report.status === 'unsupported') {
    return <Alert type="info" showIcon title={t(`signatures.fileUnsupported.${report.reason ?? 'not_pdf'}`)} data-testid="signature-report" />;
  }
  if (report.status === 'no_signatures') {
    return <Alert type="info" showIcon title={t('signatures.none')} data-testid="signature-report" />;
  }
  return (
    <div data-testid="signature-report">
      <List
        size="small"
        bordered
        dataSource={report.signatures}
        renderItem={(signature) => <List.Item><OneSignature signature={signature} /></List.Item>}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 4, fontSize: 13 }}>{t('signatures.revocationHelp')}</Typography.Paragraph>
    </div>
  );
}

function Checking() {
  const { t } = useTranslation();
  return <Space><Spin size="small" /><Typography.Text type="secondary">{t('signatures.checking')}</Typography.Text></Space>;
}

/** The signatures of a stored attachment (same access as opening it). */
export function AttachmentSignatures({ attachmentId }: { attachmentId: string }) {
  const query = useQuery({
    queryKey: signatureKeys.attachment(attachmentId),
    queryFn: () => api<PdfVerificationReport>(`/api/signatures/verify/attachments/${attachmentId}`),
    staleTime: 60_000,
  });
  if (query.isPending) return <Checking />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <SignatureReport report={query.data} />;
}

/** The signatures of an outgoing document's signed PDF (the signer's; after issuance the agency's too), checked on the server. */
export function SignedPdfSignatures({ documentId, count }: { documentId: string; count: number }) {
  const query = useQuery({
    queryKey: [...signatureKeys.all, 'signed-outgoing', documentId, count],
    queryFn: () => api<PdfVerificationReport>(`/api/signatures/verify/outgoing/${documentId}/signed`),
    staleTime: 60_000,
  });
  if (query.isPending) return <Checking />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <SignatureReport report={query.data} />;
}

/** The signatures of a PDF the clerk picked and has not registered yet: checked on the server, kept nowhere. */
export function UploadSignatures({ file }: { file: File }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: signatureKeys.upload(file),
    queryFn: () => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<PdfVerificationReport>('/api/signatures/verify', { method: 'POST', form });
    },
    staleTime: Infinity,
    retry: false,
  });
  return (
    <div style={{ margin: '4px 0 12px 22px' }} data-testid="upload-signatures">
      {/* Right under its file in the list, so the name is not repeated. */}
      <Typography.Text strong><SafetyCertificateOutlined /> {t('signatures.ofThisFile')}</Typography.Text>
      <div style={{ marginTop: 6 }}>
        {query.isPending ? <Checking /> : query.isError ? <ErrorAlert error={query.error} /> : <SignatureReport report={query.data} />}
      </div>
    </div>
  );
}
