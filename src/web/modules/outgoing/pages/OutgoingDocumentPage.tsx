import {
  ArrowLeftOutlined, CheckOutlined, EditOutlined, SafetyCertificateOutlined, CommentOutlined, DeleteOutlined, DiffOutlined, FormOutlined, DownloadOutlined, NumberOutlined, RollbackOutlined, SendOutlined, ShareAltOutlined, UploadOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Grid, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { AccessibleTabs } from '../../../components/AccessibleTabs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { OutgoingAction } from '../../../../shared/enums';
import { ApiError, api } from '../../../api/client';
import { useMe } from '../../../api/queries';
import { SecrecyTag, UrgencyTag, formatDate, formatDateTime, useErrorText } from '../../../components/labels';
import { CopiesCard } from '../../copies/Copies';
import { AddToCaseFile } from '../../records/AddToCaseFile';
import { ShareToConversation } from '../../messages/ShareToConversation';
import { TaskFromDocument } from '../../tasks/TaskFromDocument';
import { PdfViewer } from '../../incoming/components/PdfViewer';
import { SignedPdfSignatures } from '../../signatures/SignatureReport';
import { refreshOutgoing, useOutgoing, versionPdfUrl, versionUrl } from '../api';
import { CompareDialog } from '../components/CompareVersions';
import { CommentDialog, ConsultDialog, ForwardDialog, IssueDialog, SignDialog, VersionDialog } from '../components/Dialogs';
import { OutgoingStatusTag } from '../components/labels';
import { ChainTimeline, Consultations, OutgoingHistory, PdfStatusAlert, RecipientList, VersionList } from '../components/Panels';
import type { OutgoingDetail } from '../types';
import type { Assignment } from '../../../api/types';
import { refreshAfterAction } from '../../../api/queries';
import { MyWork } from '../../assignments/MyWork';
import { AssignPanel } from '../../incoming/components/ActionDialogs';
import { AssignmentTree } from '../../incoming/components/History';
import { ReceiversCard } from '../../exchange/ReceiversCard';

type DialogKind = OutgoingAction | 'consult';

const ICONS: Record<DialogKind, React.ReactNode> = {
  submit: <SendOutlined />, approve: <CheckOutlined />, return: <RollbackOutlined />, forward: <ShareAltOutlined />,
  add_version: <UploadOutlined />, edit: <FormOutlined />, sign: <EditOutlined />, issue: <NumberOutlined />, consult: <CommentOutlined />,
};
/** The main step forward first; returning last, in red. */
const ORDER: OutgoingAction[] = ['submit', 'approve', 'sign', 'issue', 'add_version', 'edit', 'forward', 'return'];

/** The drafter or a reviewer may ask for comments while the draft is not issued (the server checks). */
function mayConsult(doc: OutgoingDetail, userId: string | undefined): boolean {
  if (!userId || doc.status === 'issued') return false;
  return doc.drafter?.id === userId || doc.steps.some((s) => s.holder?.id === userId);
}

export function OutgoingDocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const me = useMe().data;
  const mobile = !Grid.useBreakpoint().lg;
  const query = useOutgoing(id);
  const doc = query.data;
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  /** The work being passed on, in the panel beside the document. */
  const [forwarding, setForwarding] = useState<Assignment | null>(null);
  const [comparing, setComparing] = useState(false);
  const [verifyShown, setVerifyShown] = useState(false);

  useEffect(() => {
    if (doc) document.title = `${doc.summary} — VanPhong`;
  }, [doc]);

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

  const latest = doc.versions.at(-1);
  const shown = doc.versions.find((v) => v.version === viewing) ?? latest;
  const lastStep = doc.steps.filter((s) => s.status === 'waiting').length === 0;
  const actionLabel = (a: DialogKind) => t(`outgoing.action.${a === 'approve' && lastStep ? 'approveLast' : a}`);
  const actions = ORDER.filter((a) => doc.actions.includes(a));
  const consult = mayConsult(doc, me?.id);

  const done = async (action: DialogKind) => {
    await refreshOutgoing(queryClient, doc.id, doc.replyToId);
    setViewing(null);
    void message.success(t('outgoing.action.done', { action: actionLabel(action) }));
  };
  // Work on the issued document inside the agency: the inbox and its counts change too.
  const workDone = async (action: string) => {
    await Promise.all([refreshOutgoing(queryClient, doc.id, doc.replyToId), refreshAfterAction(queryClient)]);
    void message.success(t('actions.done', { action: t(`actions.${action}`) }));
  };
  const dialogProps = (kind: DialogKind) => ({ open: dialog === kind, doc, onClose: () => setDialog(null), onDone: () => done(kind) });

  const typeName = t(`enums.documentType.${doc.documentType}`);
  const title = doc.status === 'issued' && doc.reference ? t('outgoing.page.issuedTitle', { type: typeName, reference: doc.reference }) : t('outgoing.page.title', { type: typeName });

  function removeAttachment(attachmentId: string, name: string) {
    modal.confirm({
      title: t('outgoing.page.removeAttachment', { name }),
      okText: t('outgoing.page.remove'),
      okButtonProps: { danger: true, 'data-testid': 'dialog-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api(`/api/outgoing-documents/${doc!.id}/attachments/${attachmentId}`, { method: 'DELETE' });
          await refreshOutgoing(queryClient, doc!.id, doc!.replyToId);
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  }

  const reader = (
    <Card
      size="small"
      className="vp-reader"
      title={shown ? `${t('outgoing.page.version', { version: shown.version })}${shown === latest ? ` (${t('outgoing.page.latest')})` : ''}` : t('outgoing.page.document')}
      extra={shown && (
        <Button size="small" icon={<DownloadOutlined />} href={versionUrl(doc.id, shown.version)} data-testid="download-version">
          {t('outgoing.page.download', { name: shown.fileName })}
        </Button>
      )}
    >
      {doc.signatures?.length ? (
        <>
          <Alert
            type="success" showIcon icon={<SafetyCertificateOutlined />} style={{ marginBottom: 8 }} data-testid="signatures"
            title={doc.signatures.map((s) => t(`outgoing.page.signature.${s.kind}`, { by: s.certificate, at: formatDateTime(s.signedAt) })).join(' · ')}
            action={(
              <Button size="small" onClick={() => setVerifyShown((v) => !v)} aria-expanded={verifyShown} data-testid="verify-signed">
                {t(verifyShown ? 'signing.hideVerify' : 'signing.verify')}
              </Button>
            )}
          />
          {verifyShown && <div style={{ marginBottom: 8 }}><SignedPdfSignatures documentId={doc.id} count={doc.signatures.length} /></div>}
          <PdfViewer key={`${doc.id}-signed-${doc.signatures.length}`} url={`/api/outgoing-documents/${doc.id}/signed-pdf`} height={mobile ? '70vh' : 'calc(100vh - 340px)'} />
        </>
      ) : shown && (shown.pdf.status === 'done' || shown.pdf.status === 'none')
        ? <PdfViewer key={`${doc.id}-${shown.version}`} url={versionPdfUrl(doc.id, shown.version)} height={mobile ? '70vh' : 'calc(100vh - 300px)'} />
        : shown && <PdfStatusAlert status={shown.pdf.status} error={shown.pdf.error} />}
      {doc.attachments.length > 0 && (
        <ul style={{ margin: '12px 0 0', paddingInlineStart: 18 }} data-testid="outgoing-attachments">
          {doc.attachments.map((a) => (
            <li key={a.id} data-testid="outgoing-attachment">
              <a href={`/api/outgoing-documents/${doc.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">{a.fileName}</a>
              {a.agencySignature && (
                <>
                  {' '}<Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="attachment-agency-signed">{t('outgoing.page.attachment.agencySigned')}</Tag>
                  {' '}<a href={`/api/outgoing-documents/${doc.id}/attachments/${a.id}?original=true`} target="_blank" rel="noreferrer">({t('outgoing.page.attachment.originalFile')})</a>
                </>
              )}
              {(a.agencySignature || /\.pdf$/i.test(a.fileName)) && <>{' '}<a href={`/api/documents/${doc.id}/files/${a.id}/print`} target="_blank" rel="noreferrer" data-testid="attachment-print">({t('archive.print')})</a></>}
              {a.unsignedReason && <>{' '}<Tag color="warning" data-testid="attachment-unsigned">{t(`outgoing.page.attachment.unsigned.${a.unsignedReason}`)}</Tag></>}
              {doc.actions.includes('edit') && (
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('outgoing.page.removeAttachment', { name: a.fileName })}
                  data-testid="remove-attachment"
                  onClick={() => removeAttachment(a.id, a.fileName)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );

  const details = [
    { key: 'type', label: t('outgoing.field.documentType'), children: typeName },
    ...(doc.reference ? [{ key: 'reference', label: t('outgoing.col.reference'), children: <strong data-testid="outgoing-reference">{doc.reference}</strong> }] : []),
    ...(doc.issuedOn ? [{ key: 'issuedOn', label: t('outgoing.col.issuedOn'), children: formatDate(doc.issuedOn) }] : []),
    { key: 'summary', label: t('outgoing.field.summary'), children: doc.summary },
    { key: 'drafter', label: t('outgoing.page.drafter'), children: doc.drafter?.fullName ?? '—' },
    { key: 'unit', label: t('outgoing.page.draftingUnit'), children: doc.draftingUnit?.name ?? '—' },
    { key: 'signer', label: t('outgoing.page.signer'), children: doc.signer?.fullName ?? '—' },
    { key: 'signingForm', label: t('outgoing.page.signingForm'), children: t(`outgoing.signingForm.${doc.signingForm}`) },
    { key: 'urgency', label: t('outgoing.field.urgency'), children: t(`enums.urgency.${doc.urgency}`) },
    { key: 'secrecy', label: t('outgoing.field.secrecy'), children: t(`enums.secrecy.${doc.secrecy}`) },
    ...(doc.replyToId ? [{ key: 'replyTo', label: t('outgoing.page.replyTo'), children: <Link to={`/incoming/${doc.replyToId}`} data-testid="reply-to-link">{t('outgoing.page.openReplyTo')}</Link> }] : []),
  ];

  const header = (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap size={8} align="center">
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => (location.key === 'default' ? navigate('/outgoing/mine') : navigate(-1))} />
        <Typography.Title level={1} className="vp-doc-title" data-testid="page-title">{title}</Typography.Title>
        <OutgoingStatusTag status={doc.status} />
        <UrgencyTag urgency={doc.urgency} hideNormal />
        <SecrecyTag secrecy={doc.secrecy} />
        {doc.status === 'issued' && <AddToCaseFile documentId={doc.id} />}
        <TaskFromDocument documentId={doc.id} label={doc.summary} />
        <ShareToConversation kind="document" id={doc.id} />
      </Space>
      <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="outgoing-summary">{doc.summary}</Typography.Paragraph>
      {doc.returned && (
        <Alert
          type="warning"
          showIcon
          data-testid="returned-banner"
          style={{ marginTop: 8 }}
          title={t('outgoing.page.returnedBanner', { name: doc.returned.by?.fullName ?? '—', time: formatDateTime(doc.returned.at), comment: doc.returned.comment ?? '—' })}
        />
      )}
      {(doc.status === 'approved' || doc.status === 'signed') && (
        <Alert type="success" showIcon style={{ marginTop: 8 }} data-testid="approved-notice" title={t('outgoing.page.approvedNotice', { name: doc.approvedBy?.fullName ?? '—', time: formatDateTime(doc.approvedAt) })} />
      )}
      {doc.status === 'issued' && (
        <Alert type="success" showIcon style={{ marginTop: 8 }} data-testid="issued-notice" title={t('outgoing.page.issuedNotice', { reference: doc.reference, date: formatDate(doc.issuedOn), copies: doc.copies ?? 1 })} />
      )}
    </Card>
  );

  if (forwarding) {
    return (
      <div data-testid="outgoing-page">
        {header}
        <Row gutter={[12, 12]}>
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 14, order: 1 }} xxl={15}>{reader}</Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }} xxl={9}>
            <AssignPanel doc={{ id: doc.id, dueDate: null }} parent={forwarding} onClose={() => setForwarding(null)} onDone={() => workDone('forward')} />
          </Col>
        </Row>
      </div>
    );
  }

  const side = (
    <>
      <MyWork assignments={doc.assignments} delivered onForward={setForwarding} onDone={workDone} />
      {(actions.length > 0 || consult) && (
        <Card size="small" title={t('outgoing.page.actionsTitle')} style={{ marginBottom: 12 }} data-testid="outgoing-actions">
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={a === 'return' || a === 'forward' || a === 'add_version' || a === 'edit' ? 'default' : 'primary'} danger={a === 'return'} icon={ICONS[a]} data-testid={`action-${a}`} onClick={() => (a === 'edit' ? navigate(`/outgoing/${doc.id}/edit`) : setDialog(a))}>
                {actionLabel(a)}
              </Button>
            ))}
            {consult && <Button icon={ICONS.consult} data-testid="action-consult" onClick={() => setDialog('consult')}>{actionLabel('consult')}</Button>}
          </Space>
        </Card>
      )}
      {doc.status === 'issued' && <ReceiversCard documentId={doc.id} />}
      {doc.status === 'issued' && (
        // Sao văn bản: the clerk copies the issued signed PDF or a PDF attachment; whoever sees the document sees its copies.
        <CopiesCard
          documentId={doc.id}
          sources={[
            ...(doc.signatures?.length ? [{ key: 'signed_pdf', label: t('copies.sources.signedPdf'), source: { kind: 'signed_pdf' as const } }] : []),
            ...doc.attachments.filter((a) => a.mimeType === 'application/pdf').map((a) => ({ key: a.id, label: a.fileName, source: { kind: 'attachment' as const, attachmentId: a.id } })),
          ]}
        />
      )}
      <Card size="small" title={t('outgoing.page.chain')} style={{ marginBottom: 12 }}>
        <ChainTimeline steps={doc.steps} />
      </Card>
      <Card size="small">
        {/* Small tabs: five of them fit the right column of a 1366 px screen without an overflow menu. */}
        <AccessibleTabs
          size="small"
          tabBarGutter={16}
          defaultActiveKey={doc.answersWaitingForMe.length ? 'consultations' : 'versions'}
          items={[
            {
              key: 'versions', label: `${t('outgoing.page.versions')} (${doc.versions.length})`,
              children: (
                <>
                  {doc.versions.length >= 2 && (
                    <Button size="small" icon={<DiffOutlined />} data-testid="compare-versions" style={{ marginBottom: 8 }} onClick={() => setComparing(true)}>
                      {t('outgoing.compare.open')}
                    </Button>
                  )}
                  <VersionList doc={doc} viewing={shown?.version ?? 0} onView={setViewing} />
                </>
              ),
            },
            {
              key: 'consultations', label: <span data-testid="tab-consultations">{`${t('outgoing.page.consultations')} (${doc.consultations.length})`}</span>,
              children: <Consultations doc={doc} onAnswered={() => done('consult')} />,
            },
            { key: 'recipients', label: `${t('outgoing.page.recipients')} (${doc.recipients.length})`, children: <RecipientList doc={doc} /> },
            ...(doc.assignments.length ? [{ key: 'work', label: t('outgoing.page.work'), children: <AssignmentTree assignments={doc.assignments} /> }] : []),
            { key: 'history', label: t('outgoing.page.history'), children: <OutgoingHistory events={doc.events} /> },
          ]}
        />
      </Card>
    </>
  );

  return (
    <div data-testid="outgoing-page">
      {header}
      <Row gutter={[12, 12]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 14, order: 1 }} xxl={15}>
          {reader}
          {/* The registered details under the document: the right column keeps to the work. */}
          <Card size="small" title={t('outgoing.page.details')} style={{ marginTop: 12 }}>
            <Descriptions bordered size="small" column={1} items={details} data-testid="outgoing-details" styles={{ label: { width: 130 } }} />
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }} xxl={9}>{side}</Col>
      </Row>
      <CommentDialog {...dialogProps('submit')} action="submit" />
      <CommentDialog {...dialogProps('approve')} action="approve" />
      <CommentDialog {...dialogProps('return')} action="return" />
      <ForwardDialog {...dialogProps('forward')} />
      <VersionDialog {...dialogProps('add_version')} />
      <IssueDialog {...dialogProps('issue')} />
      <SignDialog {...dialogProps('sign')} />
      <ConsultDialog {...dialogProps('consult')} />
      {doc.versions.length >= 2 && <CompareDialog key={doc.versions.length} open={comparing} doc={doc} onClose={() => setComparing(false)} />}
    </div>
  );
}
