import { SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, buildUrl } from '../../api/client';
import { ErrorAlert, formatDate, formatDateTime, useErrorText } from '../../components/labels';

// The pieces of the "Chữ ký số" screens, for an official's own keys and for the administrator's
// (the agency's, or an official's on their behalf): certificates as the server lists them, a
// PKCS#12 upload whose passphrase only checks the file, and a signature or seal image with a
// preview on a checkerboard (so a white background, which the server refuses, would show).

export interface SigningCertificateView {
  id: string;
  userId: string | null;
  purpose: 'personal' | 'agency';
  subject: string;
  commonName: string;
  organization: string | null;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  rootSubject: string | null;
  addedAt: string;
  state: 'valid' | 'expired' | 'not_yet_valid';
  valid: boolean;
  demo: boolean;
}

/** Whose keys a block shows: the official's own (no owner), another official's (admin), or the agency's. */
export type KeyOwner = { kind: 'me' } | { kind: 'user'; userId: string } | { kind: 'agency' };

export const signingKeys = {
  all: ['signing'] as const,
  certificates: (owner: KeyOwner) => ['signing', 'certificates', owner.kind === 'user' ? owner.userId : owner.kind] as const,
  image: (kind: 'signature' | 'seal', owner: KeyOwner) => ['signing', 'image', kind, owner.kind === 'user' ? owner.userId : owner.kind] as const,
};

const certificateQuery = (owner: KeyOwner) => (owner.kind === 'agency' ? { purpose: 'agency' } : owner.kind === 'user' ? { userId: owner.userId } : {});

/** The fingerprint in pairs, as CAs publish it. */
const pairs = (hex: string) => hex.toUpperCase().match(/.{2}/g)?.join(':') ?? hex;
/** The CN of a "CN=…, O=…" name, for a short label. */
const commonNameOf = (name: string) => /(?:^|, )CN=(.*?)(?:, [A-Za-z][A-Za-z0-9.]*=|$)/.exec(name)?.[1] ?? name;

export function CertificateStateTag({ certificate }: { certificate: SigningCertificateView }) {
  const { t } = useTranslation();
  const colour = certificate.state === 'valid' ? 'success' : certificate.state === 'expired' ? 'error' : 'warning';
  return <Tag color={colour} data-testid="certificate-state">{t(`signing.state.${certificate.state}`)}</Tag>;
}

function CertificateCard({ certificate }: { certificate: SigningCertificateView }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="certificate"
      title={(
        <Space wrap size={4}>
          <SafetyCertificateOutlined aria-hidden />
          <span data-testid="certificate-name">{certificate.commonName}</span>
          <CertificateStateTag certificate={certificate} />
          {certificate.demo && <Tag color="orange" data-testid="certificate-demo">{t('signing.demo')}</Tag>}
        </Space>
      )}
    >
      {certificate.demo && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('signing.demoHint')} />}
      <Descriptions
        size="small"
        column={1}
        bordered
        styles={{ label: { width: 170 } }}
        items={[
          { key: 'cn', label: t('signing.field.commonName'), children: certificate.commonName },
          { key: 'o', label: t('signing.field.organization'), children: certificate.organization ?? '—' },
          { key: 'issuer', label: t('signing.field.issuer'), children: <span style={{ wordBreak: 'break-word' }}>{commonNameOf(certificate.issuer)}</span> },
          ...(certificate.rootSubject ? [{ key: 'root', label: t('signing.field.root'), children: <span style={{ wordBreak: 'break-word' }}>{commonNameOf(certificate.rootSubject)}</span> }] : []),
          { key: 'validity', label: t('signing.field.validity'), children: <span data-testid="certificate-validity">{formatDate(certificate.notBefore)} – {formatDate(certificate.notAfter)}</span> },
          { key: 'serial', label: t('signing.field.serial'), children: <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>{certificate.serial}</Typography.Text> },
          { key: 'fp', label: t('signing.field.fingerprint'), children: <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="certificate-fingerprint">{pairs(certificate.fingerprint)}</Typography.Text> },
          { key: 'added', label: t('signing.field.addedAt'), children: formatDateTime(certificate.addedAt) },
        ]}
      />
    </Card>
  );
}

/** The certificates of one owner, newest first, each with everything the admin or official compares with the CA's record. */
export function CertificateList({ owner }: { owner: KeyOwner }) {
  const { t } = useTranslation();
  const certificates = useQuery({
    queryKey: signingKeys.certificates(owner),
    queryFn: () => api<{ items: SigningCertificateView[] }>('/api/signing/certificates', { query: certificateQuery(owner) }),
  });
  if (certificates.error) return <ErrorAlert error={certificates.error} />;
  if (certificates.isPending) return <Card size="small" loading />;
  if (!certificates.data.items.length) return <Empty data-testid="no-certificate" description={t(owner.kind === 'agency' ? 'signing.noAgencyCertificate' : 'signing.noCertificate')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="certificates">
      {certificates.data.items.map((c) => <CertificateCard key={c.id} certificate={c} />)}
    </Space>
  );
}

/** Which form field a refusal belongs under. */
const FILE_ERRORS = new Set(['NOT_PKCS12', 'FILE_TOO_LARGE', 'FILE_REQUIRED', 'NOT_MULTIPART']);

/** Adds a .p12/.pfx: the passphrase opens it once to check it and read its certificate, and is not kept. */
export function CertificateUpload({ owner }: { owner: KeyOwner }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ file: UploadFile[]; passphrase: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formName = `certificate_${owner.kind === 'user' ? 'official' : owner.kind}`;

  async function send(values: { file: UploadFile[]; passphrase: string }) {
    const file = values.file[0]?.originFileObj;
    if (!file) return;
    const data = new FormData();
    data.append('passphrase', values.passphrase);
    if (owner.kind === 'agency') data.append('purpose', 'agency');
    if (owner.kind === 'user') data.append('userId', owner.userId);
    data.append('files', file, file.name);
    setBusy(true);
    setError(null);
    try {
      await api('/api/signing/certificates', { method: 'POST', form: data });
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: signingKeys.all });
      void message.success(t('signing.certificateAdded'));
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'WRONG_PASSPHRASE' || FILE_ERRORS.has(e.code))) {
        // The refusal goes next to the field it is about.
        form.setFields([{ name: e.code === 'WRONG_PASSPHRASE' ? 'passphrase' : 'file', errors: [e.text(i18n.language)] }]);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" name={formName} onFinish={(values) => void send(values)} data-testid="certificate-upload" requiredMark={false}>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form.Item
        name="file"
        label={t('signing.p12File')}
        valuePropName="fileList"
        getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-1)}
        extra={t('signing.p12Hint')}
        rules={[{ required: true, message: t('signing.p12Required') }]}
      >
        <Upload accept=".p12,.pfx,application/x-pkcs12" maxCount={1} beforeUpload={() => false}>
          <Button icon={<UploadOutlined />} data-testid="p12-choose">{t('signing.chooseP12')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="passphrase" label={t('signing.passphrase')} extra={t('signing.passphraseHint')} rules={[{ required: true, message: t('common.required', { field: t('signing.passphrase').toLowerCase() }) }]}>
        <Input.Password autoComplete="off" data-testid="p12-passphrase" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} icon={<SafetyCertificateOutlined />} data-testid="p12-submit">{t('signing.addCertificate')}</Button>
    </Form>
  );
}

/** The image as a data URL, or null when there is none yet (the server answers 404). */
async function loadImage(kind: 'signature' | 'seal', owner: KeyOwner): Promise<string | null> {
  const response = await fetch(buildUrl('/api/signing/images', { kind, userId: owner.kind === 'user' ? owner.userId : undefined }), { credentials: 'same-origin' });
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, { vi: `Máy chủ trả lỗi ${response.status}.`, en: `The server answered ${response.status}.` });
  const blob = await response.blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The signer's signature image or the agency's seal: the current one on a checkerboard, and an upload with its rules. */
export function ImageBlock({ kind, owner, ownerName }: { kind: 'signature' | 'seal'; owner: KeyOwner; ownerName?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const image = useQuery({ queryKey: signingKeys.image(kind, owner), queryFn: () => loadImage(kind, owner), staleTime: 0 });
  const inputId = `image-${kind}-${owner.kind === 'user' ? owner.userId : owner.kind}`;
  const hintId = `${inputId}-rules`;
  const errorId = `${inputId}-error`;

  async function upload(file: File) {
    const data = new FormData();
    data.append('kind', kind);
    if (owner.kind === 'user') data.append('userId', owner.userId);
    data.append('files', file, file.name);
    setBusy(true);
    setRefusal(null);
    try {
      await api('/api/signing/images', { method: 'POST', form: data });
      await queryClient.invalidateQueries({ queryKey: signingKeys.image(kind, owner) });
      void message.success(t(kind === 'seal' ? 'signing.sealSaved' : 'signing.imageSaved'));
    } catch (e) {
      setRefusal(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const alt = kind === 'seal' ? t('signing.sealAlt') : t('signing.imageAlt', { name: ownerName ?? '' });
  return (
    <div data-testid={`image-${kind}`}>
      <div className="vp-checkerboard" data-testid={`image-${kind}-preview`}>
        {image.data ? <img src={image.data} alt={alt} data-testid={`image-${kind}-img`} /> : (
          <Typography.Text type="secondary" data-testid={`image-${kind}-none`}>{image.isPending ? t('common.loading') : t(kind === 'seal' ? 'signing.noSeal' : 'signing.noImage')}</Typography.Text>
        )}
      </div>
      <ErrorAlert error={image.error} style={{ marginTop: 8 }} />
      <Typography.Paragraph id={hintId} type="secondary" style={{ marginTop: 8, marginBottom: 8 }}>
        {t(kind === 'seal' ? 'signing.sealRules' : 'signing.imageRules')}
      </Typography.Paragraph>
      <Upload
        accept="image/png,.png"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void upload(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid={`image-${kind}-upload`} aria-describedby={refusal ? `${hintId} ${errorId}` : hintId}>
          {t(kind === 'seal' ? 'signing.uploadSeal' : 'signing.uploadImage')}
        </Button>
      </Upload>
      {refusal && (
        <div id={errorId} role="alert" className="vp-field-error" data-testid={`image-${kind}-error`}>{refusal}</div>
      )}
    </div>
  );
}
