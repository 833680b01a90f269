import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileTextState, FileTextView, ScanQuality } from '../../../shared/digitization';
import { api, patch } from '../../api/client';
import { keys } from '../../api/queries';
import type { Attachment } from '../../api/types';
import { ErrorAlert } from '../../components/labels';

type View = FileTextView & { correctedByName: string | null };

const STATE_COLOURS: Record<FileTextState, string> = { waiting: 'default', reading: 'processing', done: 'success', failed: 'error', unsupported: 'default' };

/** DOMAIN.md 1.7: the warnings of a scan below 200 dpi or not in colour. */
export function ScanQualityWarnings({ quality, testId }: { quality: ScanQuality; testId?: string }) {
  const { t } = useTranslation();
  if (!quality.warnings.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={testId ?? 'scan-quality-warning'}
      title={t('digitization.qualityTitle')}
      description={quality.warnings.map((w) => t(`digitization.warning.${w}`, { dpi: quality.dpi ?? '?' })).join(' ')}
      style={{ marginBottom: 8 }}
    />
  );
}

/** One file's digitization: state, pages, SHA-256, scan quality, the text read, and the clerk's correction. */
function FileText({ documentId, attachment }: { documentId: string; attachment: Attachment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const url = `/api/incoming-documents/${documentId}/attachments/${attachment.id}`;
  const key = ['file-text', documentId, attachment.id];
  const query = useQuery({
    queryKey: key,
    queryFn: () => api<View>(`${url}/text`),
    // While the file is read in the background the page asks again (OCR: a few seconds a page).
    refetchInterval: (q) => (q.state.data && ['waiting', 'reading'].includes(q.state.data.state) ? 2000 : false),
  });
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const view = query.data;
  if (!view) return query.error ? <ErrorAlert error={query.error} /> : null;

  async function save() {
    setSaving(true);
    setError(null);
    try {
      queryClient.setQueryData(key, await patch<View>(`${url}/text`, { text: draft ?? '' }));
      setDraft(null);
      await queryClient.invalidateQueries({ queryKey: keys.document(documentId) });
      void message.success(t('digitization.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={attachment.fileName} data-testid="file-text" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('digitization.state')}>
          <Tag color={STATE_COLOURS[view.state]} data-testid="file-text-state">{t(`digitization.states.${view.state}`)}</Tag>
          {view.state === 'failed' && view.error && <Typography.Text type="danger">{view.error}</Typography.Text>}
          {view.ocrEngine && <Typography.Text type="secondary"> {t('digitization.byOcr', { engine: view.ocrEngine })}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('digitization.pages')}>{view.pageCount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="SHA-256"><Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{view.sha256}</Typography.Text></Descriptions.Item>
        {view.quality.dpi !== null && <Descriptions.Item label={t('digitization.resolution')}>{t('digitization.dpi', { dpi: view.quality.dpi })} · {t(view.quality.colour ? 'digitization.colour' : 'digitization.grey')}</Descriptions.Item>}
      </Descriptions>
      <ScanQualityWarnings quality={view.quality} />
      {view.hasSearchableCopy && <Typography.Link href={`${url}/searchable`} target="_blank">{t('digitization.searchableCopy')}</Typography.Link>}
      {view.text !== null && (
        <div style={{ marginTop: 8 }}>
          <Space style={{ marginBottom: 4 }}>
            <Typography.Text strong>{t('digitization.text')}</Typography.Text>
            {view.corrected && <Tag color="blue" data-testid="text-corrected">{t('digitization.correctedBy', { name: view.correctedByName ?? '' })}</Tag>}
          </Space>
          <ErrorAlert error={error} />
          {draft === null ? (
            <>
              <pre className="vp-file-text" data-testid="file-text-content" tabIndex={0} aria-label={t('digitization.text')} style={{ whiteSpace: 'pre-wrap', maxHeight: 320, overflow: 'auto', background: '#fafafa', padding: 8, border: '1px solid #f0f0f0' }}>{view.text}</pre>
              {view.canCorrect && <Button onClick={() => setDraft(view.text ?? '')} data-testid="correct-text">{t('digitization.correct')}</Button>}
            </>
          ) : (
            <>
              <Input.TextArea value={draft} onChange={(e) => setDraft(e.target.value)} autoSize={{ minRows: 6, maxRows: 20 }} aria-label={t('digitization.text')} data-testid="text-editor" />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-text">{t('digitization.save')}</Button>
                <Button onClick={() => setDraft(null)}>{t('common.cancel')}</Button>
              </Space>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

/** The digitization of a document's files (those this user may open). */
export function FileTexts({ documentId, attachments }: { documentId: string; attachments: Attachment[] }) {
  const openable = attachments.filter((a) => a.canOpen);
  const { t } = useTranslation();
  if (!openable.length) return null;
  return (
    <Card size="small" title={t('digitization.title')} data-testid="digitization-card" style={{ marginBottom: 12 }}>
      {openable.map((a) => <FileText key={a.id} documentId={documentId} attachment={a} />)}
    </Card>
  );
}
