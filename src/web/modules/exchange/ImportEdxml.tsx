import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Tag, Tooltip, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvelopeSignatureCheck } from '../../../shared/exchange';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/labels';
import { refreshExchange } from './api';

// The receiving clerk imports an .edxml package received outside the system (e-mail, the national
// axis): it enters the queue as if it had arrived; a status package updates the agency's own
// sent document. A refused package shows every problem by element, and nothing is stored.

interface ImportResult { kind: 'document' | 'status'; documentId: string; statusCode?: string; signature: EnvelopeSignatureCheck }

export function ImportEdxmlButton() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<ImportResult>('/api/exchange/edxml/import', { method: 'POST', raw: { body: file, type: 'application/xml' } }));
      await refreshExchange(queryClient);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="edxml-import">
      <Upload accept=".edxml,.xml,application/xml,text/xml" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
        <Button icon={<UploadOutlined />} loading={busy} data-testid="edxml-import-button">{t('exchange.import.button')}</Button>
      </Upload>
      <ErrorAlert error={error} title={error ? t('exchange.import.refused') : undefined} />
      {result && (
        <Alert
          type="success" showIcon data-testid="edxml-import-result" closable onClose={() => setResult(null)}
          title={result.kind === 'document' ? t('exchange.import.document', { id: result.documentId }) : t('exchange.import.status', { id: result.documentId, code: result.statusCode })}
          description={<EnvelopeSignatureTag signature={result.signature} />}
        />
      )}
    </Space>
  );
}

/** Whether an imported package was signed, by whom, and whether that signer is trusted here; never colour alone. */
export function EnvelopeSignatureTag({ signature }: { signature: EnvelopeSignatureCheck | null }) {
  const { t } = useTranslation();
  if (!signature) return null;
  const [color, key] = !signature.present ? ['default', 'unsigned'] : !signature.valid ? ['error', 'invalid'] : signature.trusted ? ['success', 'trusted'] : ['warning', 'untrusted'];
  const tag = <Tag color={color} data-testid="envelope-signature" data-signature={key}>{t(`exchange.envelope.${key}`)}</Tag>;
  const signer = signature.signer ? signature.signer.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? signature.signer.subject : null;
  return signer ? <Tooltip title={signature.signer?.subject}><span>{tag} {t('exchange.envelope.signer', { signer })}</span></Tooltip> : tag;
}
