import { CopyOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PdfVerificationReport } from '../../../shared/signatures';
import { api, post } from '../../api/client';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { unplacedOnly, useSubmit, validValues } from '../../components/useSubmit';
import { SignatureReport } from '../signatures/SignatureReport';

// Electronic copies of a document (sao y, sao lục, trích sao): the list on the document's page,
// with each copy's file and signatures, and for the clerk the "Sao văn bản" dialog.

export type CopyForm = 'sao_y' | 'sao_luc' | 'trich_sao';

export interface DocumentCopy {
  id: string;
  documentId: string;
  number: string;
  notation: string;
  reference: string;
  form: CopyForm;
  pages: string | null;
  pageCount: number;
  source: { kind: 'signed_pdf' | 'attachment'; attachmentId: string | null; fileName: string | null };
  madeBy: { id: string; fullName: string };
  madeAt: string;
  sizeBytes: number;
  fileUrl: string;
}

/** A PDF of the document that can be copied: its signed PDF, or a PDF attachment. */
export interface CopySource { key: string; label: string; source: { kind: 'signed_pdf' } | { kind: 'attachment'; attachmentId: string } }

export const copyKeys = { ofDocument: (id: string) => ['copies', 'document', id] as const, register: (year: number, page: number) => ['copies', 'register', year, page] as const };

const FORM_COLORS: Record<CopyForm, string> = { sao_y: 'blue', sao_luc: 'purple', trich_sao: 'cyan' };

export function CopyFormTag({ form }: { form: CopyForm }) {
  const { t } = useTranslation();
  return <Tag color={FORM_COLORS[form]}>{t(`copies.form.${form}`)}</Tag>;
}

function CopySignatures({ copyId }: { copyId: string }) {
  const query = useQuery({ queryKey: ['copies', 'verification', copyId], queryFn: () => api<PdfVerificationReport>(`/api/copies/${copyId}/verification`), staleTime: 60_000 });
  if (query.isPending) return null;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <SignatureReport report={query.data} />;
}

/** Sao văn bản: the file, the form, the pages of a trích sao, and the agency certificate's passphrase (never stored). */
function CopyDialog({ open, documentId, sources, onClose, onDone }: { open: boolean; documentId: string; sources: CopySource[]; onClose: () => void; onDone: (copy: DocumentCopy) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ sourceKey: string; form: CopyForm; pages?: string; agencyPassphrase: string }>();
  const { busy, error, submit } = useSubmit(form);
  const chosen = Form.useWatch('form', form);
  const required = (label: string) => [{ required: true, message: t('common.required', { field: label.toLowerCase() }) }];
  return (
    <Modal
      open={open}
      title={t('copies.dialog.title')}
      okText={t('copies.dialog.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      data-testid="dialog-copy"
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      onOk={() => void validValues(form).then((values) => values && submit(async () => {
        const source = sources.find((s) => s.key === values.sourceKey)!.source;
        const copy = await post<DocumentCopy>(`/api/documents/${documentId}/copies`, {
          source, form: values.form, ...(values.form === 'trich_sao' ? { pages: values.pages } : {}), agencyPassphrase: values.agencyPassphrase,
        });
        onDone(copy);
        onClose();
      }, { alert: unplacedOnly }))}
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('copies.dialog.hint')} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="sourceKey" label={t('copies.dialog.source')} initialValue={sources[0]?.key} rules={required(t('copies.dialog.source'))}>
          <Select options={sources.map((s) => ({ value: s.key, label: s.label }))} data-testid="copy-source" />
        </Form.Item>
        <Form.Item name="form" label={t('copies.dialog.form')} initialValue="sao_y" rules={required(t('copies.dialog.form'))}>
          <Radio.Group data-testid="copy-form" options={(['sao_y', 'sao_luc', 'trich_sao'] as const).map((f) => ({ value: f, label: t(`copies.form.${f}`) }))} />
        </Form.Item>
        {chosen === 'trich_sao' && (
          <Form.Item name="pages" label={t('copies.dialog.pages')} extra={t('copies.dialog.pagesHint')} rules={required(t('copies.dialog.pages'))}>
            <Input placeholder="1-2,5" maxLength={200} data-testid="copy-pages" />
          </Form.Item>
        )}
        <Form.Item name="agencyPassphrase" label={t('copies.dialog.passphrase')} extra={t('copies.dialog.passphraseHint')} rules={required(t('copies.dialog.passphrase'))}>
          <Input.Password autoComplete="off" data-testid="copy-passphrase" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The copies made of a document, and for the clerk the action that makes one. */
export function CopiesCard({ documentId, sources }: { documentId: string; sources: CopySource[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [signaturesOf, setSignaturesOf] = useState<DocumentCopy | null>(null);
  const query = useQuery({ queryKey: copyKeys.ofDocument(documentId), queryFn: () => api<{ items: DocumentCopy[]; canMakeCopies: boolean }>(`/api/documents/${documentId}/copies`) });
  const items = query.data?.items ?? [];
  const canCopy = Boolean(query.data?.canMakeCopies) && sources.length > 0;
  if (!query.isPending && !items.length && !canCopy) return null;
  return (
    <Card
      size="small"
      title={`${t('copies.title')} (${items.length})`}
      style={{ marginBottom: 12 }}
      data-testid="copies-card"
      extra={canCopy && <Button size="small" icon={<CopyOutlined />} data-testid="action-copy" onClick={() => setDialogOpen(true)}>{t('copies.action')}</Button>}
    >
      <ErrorAlert error={query.error} />
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('copies.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          data-testid="copies-list"
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong data-testid="copy-reference">{t('copies.number', { reference: c.reference })}</Typography.Text>
                  <CopyFormTag form={c.form} />
                  {c.pages && <Typography.Text type="secondary">{t('copies.pagesShort', { pages: c.pages })}</Typography.Text>}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('copies.madeBy', { name: c.madeBy.fullName, at: formatDateTime(c.madeAt) })} · {c.source.fileName ?? t('copies.signedPdf')}
                </Typography.Text>
                <Space wrap size={0}>
                  <Button size="small" type="link" style={{ paddingInlineStart: 0 }} icon={<DownloadOutlined />} href={c.fileUrl} target="_blank" rel="noopener" aria-label={`${t('copies.open')} ${c.reference}`}>{t('copies.open')}</Button>
                  <Button size="small" type="link" icon={<SafetyCertificateOutlined />} aria-label={`${t('copies.signatures')} ${c.reference}`} onClick={() => setSignaturesOf(c)}>{t('copies.signatures')}</Button>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal open={Boolean(signaturesOf)} title={signaturesOf ? t('copies.signaturesOf', { reference: signaturesOf.reference }) : ''} footer={null} width={760} onCancel={() => setSignaturesOf(null)} destroyOnHidden data-testid="dialog-copy-signatures">
        {signaturesOf && <CopySignatures copyId={signaturesOf.id} />}
      </Modal>
      <CopyDialog
        open={dialogOpen}
        documentId={documentId}
        sources={sources}
        onClose={() => setDialogOpen(false)}
        onDone={(copy) => {
          void queryClient.invalidateQueries({ queryKey: ['copies'] });
          void queryClient.invalidateQueries({ queryKey: ['document', documentId] });
          void queryClient.invalidateQueries({ queryKey: ['outgoing'] });
          void message.success(t('copies.made', { reference: copy.reference }));
        }}
      />
    </Card>
  );
}
