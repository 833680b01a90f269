import { AddToCaseFile } from '../../records/AddToCaseFile';
import { ShareToConversation } from '../../messages/ShareToConversation';
import { TaskFromDocument } from '../../tasks/TaskFromDocument';
import { ArrowLeftOutlined, FormOutlined, PaperClipOutlined, RollbackOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Grid, Result, Row, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { AssignmentAction, DocumentAction } from '../../../../shared/enums';
import { ApiError, api } from '../../../api/client';
import { keys, refreshAfterAction, useMe, useToday } from '../../../api/queries';
import type { Assignment, DocumentDetail } from '../../../api/types';
import {
  DueDate, ErrorAlert, ReturnedTag, SecrecyTag, StatusTag, UrgencyTag, formatDate, formatDateTime, useErrorText,
} from '../../../components/labels';
import { AccessibleTabs } from '../../../components/AccessibleTabs';
import { AddFilesDialog, AssignPanel, EditDialog, SubmitDialog, TextActionDialog, type TextActionSpec } from '../components/ActionDialogs';
import { Attachments } from '../components/Attachments';
import { preloadPdfViewer } from '../components/PdfViewer';
import { AccessLog, AssignmentTree, EventTimeline } from '../components/History';
import { RepliesCard } from '../../outgoing/components/Replies';
import { CopiesCard } from '../../copies/Copies';
import { FileTexts } from '../../digitization/FileTexts';
import type { OutgoingReply } from '../../outgoing/types';
import { MyWork } from '../../assignments/MyWork';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'files' }
  | { kind: 'submit' }
  | { kind: 'assign' }
  | { kind: 'forward'; assignment: Assignment }
  | { kind: 'text'; spec: TextActionSpec };

const ACTION_ICONS: Record<DocumentAction, React.ReactNode> = {
  edit: <FormOutlined />,
  submit: <SendOutlined />,
  assign: <TeamOutlined />,
  return_to_clerk: <RollbackOutlined />,
};

export function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const me = useMe().data;
  // The viewer's code downloads while the document's data is on its way, not after it.
  useEffect(() => { preloadPdfViewer(); }, []);
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const today = useToday();
  const mobile = !Grid.useBreakpoint().lg;

  const query = useQuery({
    queryKey: keys.document(id),
    queryFn: () => api<DocumentDetail & { replies?: OutgoingReply[] }>(`/api/incoming-documents/${id}`),
  });
  const doc = query.data;

  useEffect(() => {
    if (doc) document.title = `${t('document.title', { number: doc.arrivalNumber ?? '' })} — VanPhong`;
  }, [doc, t]);

  if (query.isPending) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (!doc) {
    const error = query.error;
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Card>
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? errorText(error) : t('errors.loadFailed')}
          subTitle={notFound ? undefined : errorText(error)}
          extra={<Button onClick={() => navigate('/inbox/todo')}>{t('common.goHome')}</Button>}
        />
      </Card>
    );
  }

  const done = async (action: DocumentAction | AssignmentAction) => {
    await refreshAfterAction(queryClient, doc.id);
    void message.success(t('actions.done', { action: t(`actions.${action}`) }));
  };

  const returnToClerk: TextActionSpec = {
    title: t('actions.return_to_clerk'), label: t('dialogs.reason'), field: 'reason', url: `/api/incoming-documents/${doc.id}/return`, okText: t('actions.return_to_clerk'), danger: true, max: 2000,
  };

  function runDocumentAction(action: DocumentAction) {
    if (action === 'edit') setDialog({ kind: 'edit' });
    if (action === 'submit') setDialog({ kind: 'submit' });
    if (action === 'assign') setDialog({ kind: 'assign' });
    if (action === 'return_to_clerk') setDialog({ kind: 'text', spec: returnToClerk });
  }

  const docOverdue = Boolean(doc.dueDate && doc.status !== 'completed' && dayjs(doc.dueDate).isBefore(today, 'day'));
  const title = doc.arrivalNumber ? t('document.title', { number: doc.arrivalNumber }) : t('document.titleNoNumber');

  const metadata = [
    { key: 'arrivalNumber', label: t('doc.arrivalNumber'), children: <strong data-testid="arrival-number">{doc.arrivalNumber ?? '—'}</strong> },
    { key: 'receivedOn', label: t('doc.receivedOn'), children: <span className="vp-nowrap">{formatDate(doc.receivedOn)}</span> },
    { key: 'issuer', label: t('doc.issuer'), children: doc.issuer },
    { key: 'reference', label: t('doc.reference'), children: doc.reference || '—' },
    { key: 'issuedOn', label: t('doc.issuedOn'), children: <span className="vp-nowrap">{formatDate(doc.issuedOn)}</span> },
    { key: 'documentType', label: t('doc.documentType'), children: doc.documentType ? t(`enums.documentType.${doc.documentType}`) : '—' },
    { key: 'summary', label: t('doc.summary'), children: <span data-testid="document-summary">{doc.summary}</span>, span: 'filled' as const },
    { key: 'signer', label: t('doc.signer'), children: doc.signer ?? '—' },
    { key: 'urgency', label: t('doc.urgency'), children: <UrgencyTag urgency={doc.urgency} /> },
    { key: 'secrecy', label: t('doc.secrecy'), children: doc.secrecy && doc.secrecy !== 'none' ? <SecrecyTag secrecy={doc.secrecy} /> : '—' }, // an ordinary document has no secrecy level to show
    { key: 'pageCount', label: t('doc.pageCount'), children: doc.pageCount ?? '—' },
    { key: 'dueDate', label: t('doc.dueDate'), children: <span className="vp-nowrap"><DueDate value={doc.dueDate} overdue={docOverdue} /></span> },
    { key: 'status', label: t('doc.status'), children: <StatusTag status={doc.status} /> },
    { key: 'submittedTo', label: t('doc.submittedTo'), children: doc.submittedTo ? `${doc.submittedTo.fullName} (${formatDateTime(doc.submittedAt)})` : '—' },
    { key: 'createdBy', label: t('doc.createdBy'), children: doc.createdBy?.fullName ?? '—' },
    ...(doc.completedAt ? [{ key: 'completedAt', label: t('doc.completedAt'), children: formatDateTime(doc.completedAt) }] : []),
  ];

  const accessCount = doc.views.length;

  const panelOpen = dialog?.kind === 'assign' || dialog?.kind === 'forward';

  // Issued replies, one of which the holder may name when completing the work.
  const issuedReplies = (doc.replies ?? []).filter((r) => r.status === 'issued').map((r) => ({ id: r.id, label: `${r.reference ?? ''} — ${r.summary}` }));
  const myWorkCard = (
    <MyWork
      assignments={doc.assignments}
      replies={issuedReplies}
      onForward={(assignment) => setDialog({ kind: 'forward', assignment })}
      onDone={done}
    />
  );

  const details = (
    <AccessibleTabs
      className="vp-detail-tabs"
      items={[
        {
          key: 'metadata',
          label: t('document.metadata'),
          children: (
            <Descriptions bordered size="small" column={1} items={metadata} data-testid="metadata" styles={{ label: { width: 130 } }} />
          ),
        },
        { key: 'assignments', label: t('document.assignments'), children: <AssignmentTree assignments={doc.assignments} /> },
        { key: 'timeline', label: t('document.timeline'), children: <EventTimeline events={doc.events} assignments={doc.assignments} /> },
        { key: 'access', label: `${t('document.accessLog')} (${accessCount})`, children: <AccessLog views={doc.views} /> },
      ]}
    />
  );

  return (
    <div data-testid="document-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="vp-doc-header">
          <div style={{ minWidth: 0, flex: '1 1 420px' }}>
            <Space wrap size={8} align="center">
              <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => (location.key === 'default' ? navigate('/inbox/todo') : navigate(-1))} />
              <Typography.Title level={1} className="vp-doc-title" data-testid="page-title">{title}</Typography.Title>
              {doc.returned && (doc.status === 'returned' || doc.status === 'submitted') ? <ReturnedTag /> : <StatusTag status={doc.status} />}
              <UrgencyTag urgency={doc.urgency} hideNormal />
              <SecrecyTag secrecy={doc.secrecy} />
              {doc.dueDate && doc.status !== 'completed' && <span className="vp-nowrap">{t('doc.dueDate')}: <DueDate value={doc.dueDate} overdue={docOverdue} /></span>}
            </Space>
            <Typography.Paragraph style={{ margin: '4px 0 0' }} ellipsis={{ rows: 2, tooltip: doc.summary }}>
              <Typography.Text strong>
                {doc.documentType && doc.reference
                  ? t('document.typeAndReference', { type: t(`enums.documentType.${doc.documentType}`), reference: doc.reference })
                  : doc.documentType ? t(`enums.documentType.${doc.documentType}`) : doc.reference}
              </Typography.Text>
              {' — '}
              {doc.issuer}
              {' · '}
              <span data-testid="document-summary-line">{doc.summary}</span>
            </Typography.Paragraph>
          </div>
          <Space wrap size={4}>
            <AddToCaseFile documentId={doc.id} />
            <TaskFromDocument documentId={doc.id} label={[doc.reference, doc.summary].filter(Boolean).join(' — ')} />
            <ShareToConversation kind="document" id={doc.id} />
          </Space>
          {doc.actions.length > 0 && (
            <Space wrap data-testid="document-actions">
              {doc.actions.map((action) => (
                <Button
                  key={action}
                  type={action === 'return_to_clerk' || action === 'edit' ? 'default' : 'primary'}
                  danger={action === 'return_to_clerk'}
                  icon={ACTION_ICONS[action]}
                  data-testid={`action-${action}`}
                  onClick={() => runDocumentAction(action)}
                >
                  {t(`actions.${action}`)}
                </Button>
              ))}
            </Space>
          )}
        </div>
        {doc.returned && (doc.status === 'returned' || doc.status === 'submitted') && (
          <Alert
            type="warning"
            showIcon
            data-testid="returned-banner"
            style={{ marginTop: 8 }}
            title={t('document.sentBack', { name: doc.returned.by?.fullName ?? '—', time: formatDateTime(doc.returned.at), reason: doc.returned.reason ?? '—' })}
          />
        )}
        {doc.status === 'completed' && <Alert type="success" showIcon style={{ marginTop: 8 }} title={t('document.completedNotice')} data-testid="completed-notice" />}
        {doc.receivedThrough && (
          <Alert type={doc.status === 'recalled' ? 'warning' : 'info'} showIcon style={{ marginTop: 8 }} data-testid="received-through"
            title={<>{t(doc.status === 'recalled' ? 'exchange.incoming.recalled' : 'exchange.incoming.received', { sender: doc.receivedThrough.senderAgency, reason: doc.receivedThrough.recallReason ?? '' })}{' '}
              {me?.roles.includes('clerk') && <Link to={`/exchange/received/${doc.receivedThrough.deliveryId}`}>{t('exchange.incoming.open')}</Link>}</>} />
        )}
      </Card>

      {/* Read and act side by side: the document on the left, the work and the direction form on the right. */}
      <Row gutter={[12, 12]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 14, order: 1 }} xxl={15}>
          <Card
            size="small"
            className="vp-reader"
            title={t('document.files')}
            extra={doc.actions.includes('edit') && (
              <Button size="small" icon={<PaperClipOutlined />} data-testid="action-add-files" onClick={() => setDialog({ kind: 'files' })}>
                {t('correct.addFiles')}
              </Button>
            )}
          >
            <Attachments
              key={doc.id}
              documentId={doc.id}
              attachments={doc.attachments}
              restricted={doc.filesRestricted}
              viewerHeight={mobile ? '70vh' : 'calc(100vh - 300px)'}
              onViewed={() => void queryClient.invalidateQueries({ queryKey: keys.document(doc.id) })}
            />
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }} xxl={9}>
          {panelOpen ? (
            <AssignPanel
              doc={doc}
              parent={dialog?.kind === 'forward' ? dialog.assignment : null}
              onClose={() => setDialog(null)}
              onDone={() => done(dialog?.kind === 'forward' ? 'forward' : 'assign')}
            />
          ) : (
            <>
              {myWorkCard}
              {/* Outgoing documents answering this one, and "Soạn văn bản trả lời" for whoever handles it. */}
              <RepliesCard doc={doc} />
              {/* Sao văn bản: the clerk copies a PDF file; everyone who may see the document sees its copies. */}
              <CopiesCard
                documentId={doc.id}
                sources={doc.attachments.filter((a) => a.canOpen && a.mimeType === 'application/pdf').map((a) => ({ key: a.id, label: a.fileName, source: { kind: 'attachment' as const, attachmentId: a.id } }))}
              />
              {/* Số hóa: each file's state, pages, SHA-256 and the text read, which the clerk may correct. */}
              <FileTexts documentId={doc.id} attachments={doc.attachments} />
              <Card size="small">{details}</Card>
            </>
          )}
        </Col>
      </Row>

      <ErrorAlert error={query.error} style={{ marginTop: 12 }} />

      <EditDialog
        open={dialog?.kind === 'edit'}
        doc={doc}
        onClose={() => setDialog(null)}
        onDone={async () => {
          await refreshAfterAction(queryClient, doc.id);
          void message.success(t('correct.saved'));
        }}
      />
      <AddFilesDialog
        open={dialog?.kind === 'files'}
        doc={doc}
        onClose={() => setDialog(null)}
        onDone={async (count) => {
          await refreshAfterAction(queryClient, doc.id);
          void message.success(t('correct.filesAdded', { count }));
        }}
      />
      <SubmitDialog open={dialog?.kind === 'submit'} doc={doc} onClose={() => setDialog(null)} onDone={() => done('submit')} />
      <TextActionDialog
        open={dialog?.kind === 'text'}
        spec={dialog?.kind === 'text' ? dialog.spec : null}
        onClose={() => setDialog(null)}
        onDone={() => done('return_to_clerk')}
      />
    </div>
  );
}
