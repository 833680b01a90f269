import { useQuery } from '@tanstack/react-query';
import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Spin, Typography, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../../api/client';
import { useMe, useToday, useUnits, useUsers } from '../../../api/queries';
import { notBefore } from '../../../components/dateRules';
import { DATE_FORMAT, ErrorAlert, formatDateTime } from '../../../components/labels';
import { looseSearch, nfc } from '../../../components/search';
import { hasTypedText, useConfirmDiscard } from '../../../components/unsaved';
import { unplacedOnly, useSubmit, validValues } from '../../../components/useSubmit';
import type { PreparedSigning } from '../../../../shared/signatures';
import type { NextNumber, OutgoingDetail, SigningCertificate } from '../types';
import { FileField, appendUploads } from './FileField';

interface DialogProps {
  open: boolean;
  doc: OutgoingDetail;
  onClose: () => void;
  /** After the server accepted: refresh and tell the official. */
  onDone: () => Promise<void> | void;
}

/** Closing asks first when something typed would be lost (Cancel, Escape, ×). */
function useGuardedClose(form: ReturnType<typeof Form.useForm>[0], fields: string[], onClose: () => void) {
  const confirmDiscard = useConfirmDiscard();
  return () => {
    if (!hasTypedText(form.getFieldsValue(true) as Record<string, unknown>, fields)) return onClose();
    void confirmDiscard().then((discard) => discard && onClose());
  };
}

/** The modal shell of every action: runs `send` with the checked values, shows errors, closes on success. */
function ActionModal<T extends object>({ open, title, okText, danger, form, typed, onClose, onDone, send, children, testId }: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  form: ReturnType<typeof Form.useForm<T>>[0];
  typed: string[];
  onClose: () => void;
  onDone: () => Promise<void> | void;
  send: (values: T) => Promise<unknown>;
  children: React.ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const { busy, error, submit } = useSubmit(form);
  const close = useGuardedClose(form as ReturnType<typeof Form.useForm>[0], typed, onClose);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      data-testid={testId}
      okButtonProps={{ danger, 'data-testid': 'dialog-ok' }}
      onOk={() => void validValues(form).then((values) => values && submit(async () => {
        await send(values);
        await onDone();
        onClose();
      }, { alert: unplacedOnly }))}
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" preserve={false}>{children}</Form>
    </Modal>
  );
}

/** Trình, Đồng ý/Duyệt, Trả lại: a comment, required only to return. */
export function CommentDialog({ open, doc, onClose, onDone, action }: DialogProps & { action: 'submit' | 'approve' | 'return' }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment?: string }>();
  const last = action === 'approve' && doc.steps.filter((s) => s.status === 'waiting').length === 0;
  const label = action === 'return' ? t('outgoing.dialog.returnReason') : action === 'submit' ? t('outgoing.dialog.submitComment') : t('outgoing.dialog.comment');
  const title = t(`outgoing.action.${last ? 'approveLast' : action}`);
  return (
    <ActionModal
      open={open} title={title} okText={title} danger={action === 'return'} form={form} typed={['comment']} onClose={onClose} onDone={onDone} testId={`dialog-${action}`}
      send={(values) => post(`/api/outgoing-documents/${doc.id}/${action}`, { comment: nfc(values.comment)?.trim() || undefined })}
    >
      <Form.Item
        name="comment"
        label={label}
        rules={action === 'return' ? [{ required: true, whitespace: true, message: t('common.required', { field: label.toLowerCase() }) }] : []}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
    </ActionModal>
  );
}

/** Chuyển lãnh đạo khác: the review passes to a leader outside the chain. */
export function ForwardDialog({ open, doc, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ userId: string; comment?: string }>();
  const me = useMe().data;
  const users = useUsers();
  const leaders = (users.data ?? []).filter((u) => u.active && u.id !== me?.id && (u.roles.includes('leader') || u.roles.includes('unit_head')));
  return (
    <ActionModal
      open={open} title={t('outgoing.action.forward')} okText={t('outgoing.action.forward')} form={form} typed={['comment']} onClose={onClose} onDone={onDone} testId="dialog-forward"
      send={(values) => post(`/api/outgoing-documents/${doc.id}/forward`, { userId: values.userId, comment: nfc(values.comment)?.trim() || undefined })}
    >
      <Form.Item name="userId" label={t('outgoing.dialog.forwardTo')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('outgoing.dialog.forwardTo').toLowerCase() }) }]}>
        <Select showSearch={looseSearch} loading={users.isPending} options={leaders.map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }))} />
      </Form.Item>
      <Form.Item name="comment" label={t('outgoing.dialog.comment')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
      </Form.Item>
    </ActionModal>
  );
}

/** Tải phiên bản mới: the first file is the new main document, a note says what changed. */
export function VersionDialog({ open, doc, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ files: UploadFile[]; note?: string }>();
  return (
    <ActionModal
      open={open} title={t('outgoing.action.add_version')} okText={t('outgoing.action.add_version')} form={form} typed={['files', 'note']} onClose={onClose} onDone={onDone} testId="dialog-version"
      send={(values) => {
        const data = new FormData();
        appendUploads(data, values.files);
        const note = nfc(values.note)?.trim();
        if (note) data.append('note', note);
        return api(`/api/outgoing-documents/${doc.id}/versions`, { method: 'POST', form: data });
      }}
    >
      <FileField
        name="files"
        label={t('outgoing.dialog.versionFile')}
        testId="version-files"
        rules={[{ validator: (_, value: UploadFile[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('outgoing.dialog.fileRequired')))) }]}
      />
      <Form.Item name="note" label={t('outgoing.dialog.versionNote')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

/** Cấp số, phát hành: shows the number it would take now before the clerk confirms. */
export function IssueDialog({ open, doc, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ issuedOn?: Dayjs | null; copies: number; agencyPassphrase?: string }>();
  const today = useToday();
  // A digitally signed document gets the agency's signature at issuance: its key is opened with the agency's passphrase.
  const signed = doc.status === 'signed';
  const next = useQuery({
    queryKey: ['outgoing', 'next-number', doc.id],
    queryFn: () => api<NextNumber>(`/api/outgoing-documents/${doc.id}/next-number`),
    enabled: open,
    staleTime: 0,
  });
  return (
    <ActionModal
      open={open} title={t('outgoing.action.issue')} okText={t('outgoing.action.issue')} form={form} typed={[]} onClose={onClose} onDone={onDone} testId="dialog-issue"
      send={(values) => post(`/api/outgoing-documents/${doc.id}/issue`, { issuedOn: values.issuedOn ? values.issuedOn.format('YYYY-MM-DD') : undefined, copies: values.copies, ...(signed ? { agencyPassphrase: values.agencyPassphrase } : {}) })}
    >
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginBottom: 12 }}
        items={[{ key: 'n', label: t('outgoing.dialog.issueNumber'), children: next.data ? <strong data-testid="next-number">{next.data.reference}</strong> : <Spin size="small" /> }]}
      />
      <ErrorAlert error={next.error} style={{ marginBottom: 12 }} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('outgoing.dialog.issueHint')} />
      <Form.Item name="issuedOn" label={t('outgoing.dialog.issuedOn')} initialValue={today}>
        <DatePicker format={DATE_FORMAT} placeholder={t('common.datePlaceholder')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="copies" label={t('outgoing.dialog.copies')} initialValue={Math.max(1, doc.recipients.length + 1)} rules={[{ required: true, message: t('common.required', { field: t('outgoing.dialog.copies').toLowerCase() }) }]}>
        <InputNumber min={1} max={1000} style={{ width: 160 }} />
      </Form.Item>
      {signed && (
        <Form.Item name="agencyPassphrase" label={t('outgoing.dialog.agencyPassphrase')} extra={t('outgoing.dialog.agencyPassphraseHint')} rules={[{ required: true, message: t('common.required', { field: t('outgoing.dialog.agencyPassphrase').toLowerCase() }) }]}>
          <Input.Password autoComplete="off" data-testid="agency-passphrase" />
        </Form.Item>
      )}
    </ActionModal>
  );
}

/** A .p7s as the API takes it: PEM or base64 text as it is, binary DER as base64. */
async function cmsText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  if (/^[\sA-Za-z0-9+/=]+$/.test(text) || text.includes('-----BEGIN')) return text;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A form field with nothing to show: only its rule's message. */
const Nothing = () => null;

const hexOf = (base64: string) => Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

/**
 * Ký số: the named signer signs with one of their certificates the server keeps (passphrase typed
 * now, never stored), or with a key held outside: a USB token's desktop tool or a remote-signing
 * service signs the digest handed out here and the CMS file (.p7s) it returns is uploaded.
 */
export function SignDialog({ open, doc, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ certificateId: string; passphrase: string; cms?: UploadFile[] }>();
  const [way, setWay] = useState<'server' | 'external'>('server');
  const [session, setSession] = useState<PreparedSigning | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<unknown>(null);
  const certificates = useQuery({ queryKey: ['signing', 'certificates'], queryFn: () => api<{ items: SigningCertificate[] }>('/api/signing/certificates'), enabled: open });
  const usable = (certificates.data?.items ?? []).filter((c) => c.valid);
  // The list arrives after the form is drawn, so an initial value would come too late: choose the first usable one then.
  const firstUsable = usable[0]?.id;
  useEffect(() => {
    if (open && way === 'server' && firstUsable && !form.getFieldValue('certificateId')) form.setFieldValue('certificateId', firstUsable);
  }, [open, way, firstUsable, form]);
  const close = () => {
    setWay('server');
    setSession(null);
    setPrepareError(null);
    onClose();
  };
  const prepare = async () => {
    setPreparing(true);
    setPrepareError(null);
    try {
      setSession(await post<PreparedSigning>(`/api/outgoing-documents/${doc.id}/external-signing`, {}));
      form.setFieldValue('cms', []);
    } catch (error) {
      setPrepareError(error);
    } finally {
      setPreparing(false);
    }
  };
  const fileLabel = t('outgoing.dialog.externalFile');
  return (
    <ActionModal
      open={open} title={t('outgoing.action.sign')} okText={t('outgoing.action.sign')} form={form} typed={[]} onClose={close} onDone={onDone} testId="dialog-sign"
      send={async (values) => {
        if (way === 'server') return post(`/api/outgoing-documents/${doc.id}/sign`, { certificateId: values.certificateId, passphrase: values.passphrase });
        const file = values.cms?.[0]?.originFileObj;
        return post(`/api/external-signing/${session!.sessionId}/complete`, { cms: await cmsText(file!) });
      }}
    >
      <Form.Item label={t('outgoing.dialog.signWay')}>
        <Radio.Group
          value={way}
          onChange={(e) => setWay(e.target.value as 'server' | 'external')}
          data-testid="sign-way"
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={[{ value: 'server', label: t('outgoing.dialog.signWayServer') }, { value: 'external', label: t('outgoing.dialog.signWayExternal') }]}
        />
      </Form.Item>
      {way === 'server' ? (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('outgoing.dialog.signHint')} />
          <ErrorAlert error={certificates.error} style={{ marginBottom: 12 }} />
          <Form.Item name="certificateId" label={t('outgoing.dialog.certificate')} initialValue={usable[0]?.id} rules={[{ required: true, message: t('common.required', { field: t('outgoing.dialog.certificate').toLowerCase() }) }]}>
            <Select
              loading={certificates.isLoading}
              data-testid="sign-certificate"
              options={usable.map((c) => ({ value: c.id, label: `${c.commonName} — ${c.issuer.replace(/^CN=([^,]*).*$/, '$1')} (${t('outgoing.dialog.validUntil', { date: c.notAfter.slice(0, 10) })})` }))}
              notFoundContent={t('outgoing.dialog.noCertificate')}
            />
          </Form.Item>
          <Form.Item name="passphrase" label={t('outgoing.dialog.passphrase')} rules={[{ required: true, message: t('common.required', { field: t('outgoing.dialog.passphrase').toLowerCase() }) }]}>
            <Input.Password autoComplete="off" data-testid="sign-passphrase" />
          </Form.Item>
        </>
      ) : (
        <div data-testid="external-signing">
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('outgoing.dialog.externalHint')} />
          <ErrorAlert error={prepareError} style={{ marginBottom: 12 }} />
          <Button onClick={() => void prepare()} loading={preparing} data-testid="external-prepare" style={{ marginBottom: 12 }}>
            {session ? t('outgoing.dialog.externalPrepareAgain') : t('outgoing.dialog.externalPrepare')}
          </Button>
          {session && (
            <>
              <Descriptions
                size="small"
                bordered
                column={1}
                style={{ marginBottom: 12 }}
                data-testid="external-session"
                items={[
                  { key: 'session', label: t('outgoing.dialog.externalSession'), children: <Typography.Text copyable code data-testid="external-session-id">{session.sessionId}</Typography.Text> },
                  { key: 'digest', label: t('outgoing.dialog.externalDigest'), children: <Typography.Text copyable code style={{ wordBreak: 'break-all' }} data-testid="external-digest">{session.contentDigest}</Typography.Text> },
                  { key: 'hex', label: t('outgoing.dialog.externalDigestHex'), children: <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>{hexOf(session.contentDigest)}</Typography.Text> },
                  { key: 'expires', label: t('outgoing.dialog.externalExpires'), children: formatDateTime(session.expiresAt) },
                ]}
              />
              <Form.Item
                name="cms"
                label={fileLabel}
                extra={t('outgoing.dialog.externalFileHint', { max: Math.floor(session.maxCmsBytes / 1000) })}
                valuePropName="fileList"
                getValueFromEvent={(e: { fileList: UploadFile[] }) => (e?.fileList ?? []).slice(-1)}
                rules={[{ validator: (_, value: UploadFile[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('outgoing.dialog.externalFileRequired')))) }]}
              >
                <Upload accept=".p7s,.p7m,.p7b,.der,.pem,.cms,.txt" maxCount={1} beforeUpload={() => false} data-testid="external-cms">
                  <Button icon={<PaperClipOutlined />}>{fileLabel}</Button>
                </Upload>
              </Form.Item>
            </>
          )}
          {!session && (
            <Form.Item name="cms" rules={[{ validator: () => Promise.reject(new Error(t('outgoing.dialog.externalPrepareFirst'))) }]} style={{ marginBottom: 0 }}>
              <Nothing />
            </Form.Item>
          )}
        </div>
      )}
    </ActionModal>
  );
}

/** Xin ý kiến: units or officials of the agency, what is asked, by when, and whether approval waits. */
export function ConsultDialog({ open, doc, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ question: string; dueDate: Dayjs; blocking: boolean; recipients: string[] }>();
  const me = useMe().data;
  const units = useUnits();
  const users = useUsers();
  const today = useToday();
  const options = [
    { label: t('outgoing.field.unitsGroup'), options: (units.data ?? []).filter((u) => u.active).map((u) => ({ value: `unit:${u.id}`, label: u.name })) },
    { label: t('outgoing.field.usersGroup'), options: (users.data ?? []).filter((u) => u.active && u.id !== me?.id).map((u) => ({ value: `user:${u.id}`, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` })) },
  ];
  const dueLabel = t('outgoing.dialog.consultDue');
  return (
    <ActionModal
      open={open} title={t('outgoing.action.consult')} okText={t('outgoing.action.consult')} form={form} typed={['question']} onClose={onClose} onDone={onDone} testId="dialog-consult"
      send={(values) => post(`/api/outgoing-documents/${doc.id}/consultations`, {
        question: nfc(values.question).trim(),
        dueDate: values.dueDate.format('YYYY-MM-DD'),
        blocking: values.blocking,
        recipients: values.recipients.map((value) => {
          const [kind, id] = value.split(':');
          return kind === 'unit' ? { unitId: id } : { userId: id };
        }),
      })}
    >
      <Form.Item name="recipients" label={t('outgoing.dialog.consultRecipients')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('outgoing.dialog.consultRecipients').toLowerCase() }) }]}>
        <Select mode="multiple" showSearch={looseSearch} options={options} />
      </Form.Item>
      <Form.Item name="question" label={t('outgoing.dialog.question')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('outgoing.dialog.question').toLowerCase() }) }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={dueLabel}
        rules={[{ required: true, message: t('common.requiredSelect', { field: dueLabel.toLowerCase() }) }, notBefore(today, t('formRules.dueDateBeforeToday'))]}
      >
        <DatePicker format={DATE_FORMAT} placeholder={t('common.datePlaceholder')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="blocking" valuePropName="checked" initialValue={false}>
        <Checkbox>{t('outgoing.dialog.consultBlocking')}</Checkbox>
      </Form.Item>
    </ActionModal>
  );
}
