import { DownloadOutlined, EyeOutlined, PrinterOutlined, FileExcelOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../api/types';
import { formatSize } from '../../../components/labels';
import { AttachmentSignatures } from '../../signatures/SignatureReport';
import { PdfViewer } from './PdfViewer';

const viewable = (a: Attachment) => a.canOpen && (a.mimeType === 'application/pdf' || (a.mimeType.startsWith('image/') && a.mimeType !== 'image/tiff'));

function FileIcon({ mime }: { mime: string }) {
  if (mime === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322', fontSize: 20 }} />;
  if (mime.startsWith('image/')) return <FileImageOutlined style={{ color: '#1d4f91', fontSize: 20 }} />;
  if (mime.includes('word')) return <FileWordOutlined style={{ color: '#2b579a', fontSize: 20 }} />;
  if (mime.includes('sheet')) return <FileExcelOutlined style={{ color: '#217346', fontSize: 20 }} />;
  return <FileOutlined style={{ fontSize: 20 }} />;
}

/** The files of a document: a list, and the chosen one shown inline (PDF pages, images). */
export function Attachments({ documentId, attachments, restricted, onViewed, viewerHeight }: {
  documentId: string;
  attachments: Attachment[];
  restricted: boolean;
  /** Height of the PDF's scroll area. */
  viewerHeight?: string;
  /** Opening a file writes an access-log entry: the page refreshes to show it. */
  onViewed?: () => void;
}) {
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<string | null>(() => attachments.find(viewable)?.id ?? null);
  const selected = attachments.find((a) => a.id === selectedId && viewable(a));
  // The PDF whose digital signatures are shown under the list (one at a time, on request: it reads the whole file).
  const [signaturesOf, setSignaturesOf] = useState<string | null>(null);
  const signed = attachments.find((a) => a.id === signaturesOf && a.canOpen && a.mimeType === 'application/pdf');
  const url = (a: Attachment) => `/api/incoming-documents/${documentId}/attachments/${a.id}`;

  return (
    <div>
      {restricted && (
        <Alert type="warning" showIcon icon={<LockOutlined />} style={{ marginBottom: 12 }} title={t('document.filesRestricted')} data-testid="files-restricted" />
      )}
      {attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('document.noFiles')} />
      ) : (
        <List
          size="small"
          dataSource={attachments}
          data-testid="attachment-list"
          renderItem={(a) => (
            <List.Item
              style={a.id === selected?.id ? { background: '#e6f0fb' } : undefined}
              actions={a.canOpen ? [
                ...(viewable(a) ? [
                  <Button key="view" size="small" type="link" icon={<EyeOutlined />} onClick={() => setSelectedId(a.id)}>{t('common.view')}</Button>,
                ] : []),
                ...(a.mimeType === 'application/pdf' ? [
                  <Button
                    key="signatures"
                    size="small"
                    type="link"
                    icon={<SafetyCertificateOutlined />}
                    aria-expanded={signaturesOf === a.id}
                    aria-label={`${t('signatures.button')}: ${a.fileName}`}
                    data-testid="attachment-signatures"
                    onClick={() => setSignaturesOf(signaturesOf === a.id ? null : a.id)}
                  >
                    {t('signatures.button')}
                  </Button>,
                ] : []),
                ...(a.mimeType === 'application/pdf' ? [
                  <a key="print" href={`/api/documents/${documentId}/files/${a.id}/print`} target="_blank" rel="noreferrer" data-testid="attachment-print" aria-label={`${t('archive.print')}: ${a.fileName}`}>
                    <PrinterOutlined /> {t('archive.print')}
                  </a>,
                ] : []),
                <a key="download" href={url(a)} download={a.fileName} aria-label={`${t('common.download')} ${a.fileName}`}>
                  <DownloadOutlined /> {t('common.download')}
                </a>,
              ] : []}
            >
              <Space>
                <FileIcon mime={a.mimeType} />
                <span style={{ wordBreak: 'break-all' }}>
                  <Typography.Text>{a.fileName}</Typography.Text>{' '}
                  <Typography.Text type="secondary">({formatSize(a.sizeBytes)})</Typography.Text>
                </span>
              </Space>
            </List.Item>
          )}
        />
      )}
      {signed && (
        <div style={{ marginTop: 12 }} data-testid="attachment-signature-panel">
          <Typography.Text strong>{t('signatures.ofFile', { name: signed.fileName })}</Typography.Text>
          <div style={{ marginTop: 6 }}><AttachmentSignatures attachmentId={signed.id} /></div>
        </div>
      )}
      {selected && (
        <div style={{ marginTop: 12 }}>
          {selected.mimeType === 'application/pdf' ? (
            <PdfViewer url={url(selected)} onLoaded={onViewed} height={viewerHeight} />
          ) : (
            <div className="vp-pdf-scroll">
              <img className="vp-image-preview" src={url(selected)} alt={selected.fileName} data-testid="image-preview" onLoad={onViewed} />
            </div>
          )}
        </div>
      )}
      {!selected && attachments.some((a) => a.canOpen) && !attachments.some(viewable) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('document.noPreview')}</Typography.Paragraph>
      )}
    </div>
  );
}
