import {
  ArrowLeftOutlined, CheckOutlined, EditOutlined, FormOutlined, PaperClipOutlined, RollbackOutlined, SendOutlined, ShareAltOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Grid, Result, Row, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { AssignmentAction, DocumentAction } from '../../../../shared/enums';
import { ApiError, api, post } from '../../../api/client';
import { keys, refreshAfterAction, useToday } from '../../../api/queries';
import type { Assignment, DocumentDetail } from '../../../api/types';
import {
  AssignmentRoleTag, AssignmentStatusTag, DueDate, ErrorAlert, ReturnedTag, SecrecyTag, StatusTag, UrgencyTag, formatDate, formatDateTime, useErrorText,
} from '../../../components/labels';
import { AccessibleTabs } from '../../../components/AccessibleTabs';
import { AddFilesDialog, AssignPanel, EditDialog, SubmitDialog, TextActionDialog, type TextActionSpec } from '../components/ActionDialogs';
import { Attachments } from '../components/Attachments';
import { preloadPdfViewer } from '../components/PdfViewer';
import { AccessLog, AssignmentTree, EventTimeline } from '../components/History';
import { RepliesCard } from '../../outgoing/components/Replies';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'files' }
  | { kind: 'submit' }
  | { kind: 'assign' }
  | { kind: 'forward'; assignment: Assignment }
  | { kind: 'text'; spec: TextActionSpec };

const ACTION_ICONS: Record<DocumentAction | AssignmentAction, React.ReactNode> = {
  edit: <FormOutlined />,
  submit: <SendOutlined />,
  assign: <TeamOutlined />,
  return_to_clerk: <RollbackOutlined />,
  forward: <ShareAltOutlined />,
  note: <EditOutlined />,
  complete: <CheckOutlined />,
  return: <RollbackOutlined />,
  confirm: <CheckOutlined />,
  reject_result: <RollbackOutlined />,
};

/** On the lead's page: what the coordinators reported (their opinions), as Decree 30 has the lead take them in. */
function CoordinatorOpinions({ assignment, all }: { assignment: Assignment; all: Assignment[] }) {
  const { t } = useTranslation();
  if (assignment.role !== 'lead') return null;
  const siblings = all.filter((a) => a.role === 'coordinate' && a.parentId === assignment.parentId && a.result);
  if (!siblings.length) return null;
  return (
    <div className="vp-opinions" data-testid="coordinator-opinions">
      <Typography.Text type="secondary">{t('document.coordinatorOpinions')}</Typography.Text>
      <ul>
        {siblings.map((c) => <li key={c.id}><Typography.Text strong>{c.assignee.name}:</Typography.Text> {c.result}</li>)}
      </ul>
    </div>
  );
}

export function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  // The viewer's code downloads while the document's data is on its way, not after it.
  useEffect(() => { preloadPdfViewer(); }, []);
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const today = useToday();
  const mobile = !Grid.useBreakpoint().lg;

  const query = useQuery({
    queryKey: keys.document(id),
    queryFn: () => api<DocumentDetail>(`/api/incoming-documents/${id}`),
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

  const textSpec = (action: 'return_to_clerk' | 'note' | 'complete' | 'return' | 'reject_result', assignment?: Assignment): TextActionSpec => {
    switch (action) {
      case 'return_to_clerk':
        return { title: t('actions.return_to_clerk'), label: t('dialogs.reason'), field: 'reason', url: `/api/incoming-documents/${doc.id}/return`, okText: t('actions.return_to_clerk'), danger: true, max: 2000 };
      case 'note':
        return { title: t('actions.note'), label: t('dialogs.progress'), field: 'note', url: `/api/assignments/${assignment!.id}/notes`, okText: t('common.save'), max: 4000 };
      case 'complete':
        return {
          title: t('actions.complete'), label: t('dialogs.result'), field: 'result', url: `/api/assignments/${assignment!.id}/complete`, okText: t('actions.complete'), max: 4000,
          hint: assignment?.role === 'lead' ? t('dialogs.completeHint') : undefined,
        };
      case 'return':
        return { title: t('actions.return'), label: t('dialogs.reason'), field: 'reason', url: `/api/assignments/${assignment!.id}/return`, okText: t('actions.return'), danger: true, max: 2000 };
      case 'reject_result':
        return { title: t('actions.reject_result'), label: t('dialogs.reason'), field: 'reason', url: `/api/assignments/${assignment!.id}/reject-result`, okText: t('actions.reject_result'), danger: true, max: 2000 };
    }
  };

  const currentAction = (): DocumentAction | AssignmentAction => {
    if (!dialog) return 'submit';
    if (dialog.kind === 'text') {
      const url = dialog.spec.url;
      if (url.endsWith('/notes')) return 'note';
      if (url.endsWith('/complete')) return 'complete';
      if (url.endsWith('/reject-result')) return 'reject_result';
      if (url.startsWith('/api/assignments')) return 'return';
      return 'return_to_clerk';
    }
    return dialog.kind === 'files' ? 'edit' : dialog.kind;
  };

  function confirmResult(assignment: Assignment) {
    modal.confirm({
      title: t('actions.confirm'),
      content: t('dialogs.confirmResult'),
      okText: t('actions.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'dialog-ok' },
      onOk: async () => {
        try {
          await post(`/api/assignments/${assignment.id}/confirm`);
          await done('confirm');
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  }

  function runDocumentAction(action: DocumentAction) {
    if (action === 'edit') setDialog({ kind: 'edit' });
    if (action === 'submit') setDialog({ kind: 'submit' });
    if (action === 'assign') setDialog({ kind: 'assign' });
    if (action === 'return_to_clerk') setDialog({ kind: 'text', spec: textSpec('return_to_clerk') });
  }

  function runAssignmentAction(action: AssignmentAction, assignment: Assignment) {
    if (action === 'forward') setDialog({ kind: 'forward', assignment });
    else if (action === 'confirm') confirmResult(assignment);
    else setDialog({ kind: 'text', spec: textSpec(action, assignment) });
  }

  const myWork = doc.assignments.filter((a) => a.actions.length > 0);
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

  const myWorkCard = myWork.length > 0 && (
    <Card title={t('document.myWork')} size="small" style={{ marginBottom: 12 }} data-testid="my-work" className="vp-my-work">
      <Space orientation="vertical" style={{ width: '100%' }} size={16}>
        {myWork.map((a) => (
          <div key={a.id} data-testid="my-assignment" data-assignment-id={a.id}>
            <Space wrap size={6}>
              <AssignmentRoleTag role={a.role} />
              <Typography.Text strong>{a.assignee.name}</Typography.Text>
              <AssignmentStatusTag status={a.status} role={a.role} sentBack={Boolean(a.sentBack)} />
              {a.dueDate && <span>{t('doc.dueDate')}: <DueDate value={a.dueDate} overdue={a.overdue} /></span>}
            </Space>
            <div><Typography.Text type="secondary">{t('document.assignedBy', { name: a.assignedBy.fullName })}</Typography.Text></div>
            {a.sentBack && (a.status === 'pending' || a.status === 'in_progress') && (
              <Alert
                type="warning"
                showIcon
                data-testid="sent-back-banner"
                style={{ margin: '8px 0' }}
                title={t('document.sentBack', { name: a.sentBack.by.fullName, time: formatDateTime(a.sentBack.at), reason: a.sentBack.reason ?? '—' })}
              />
            )}
            {a.status === 'awaiting_confirmation' && a.result && (
              <Alert type="info" showIcon style={{ margin: '8px 0' }} data-testid="result-to-confirm" title={t('document.resultToConfirm', { name: a.assignee.name, result: a.result })} />
            )}
            <CoordinatorOpinions assignment={a} all={doc.assignments} />
            {a.direction && (
              <Typography.Paragraph style={{ margin: '6px 0' }}>
                <Typography.Text type="secondary">{t('document.direction')}: </Typography.Text>
                <Typography.Text italic>“{a.direction}”</Typography.Text>
              </Typography.Paragraph>
            )}
            <Space wrap style={{ marginTop: 4 }}>
              {a.actions.map((action) => (
                <Button
                  key={action}
                  type={action === 'complete' || action === 'forward' || action === 'confirm' ? 'primary' : 'default'}
                  danger={action === 'return' || action === 'reject_result'}
                  icon={ACTION_ICONS[action]}
                  data-testid={`action-${action}`}
                  onClick={() => runAssignmentAction(action, a)}
                >
                  {t(`actions.${action}`)}
                </Button>
              ))}
            </Space>
          </div>
        ))}
      </Space>
    </Card>
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
        onDone={() => done(currentAction())}
      />
    </div>
  );
}
