import { ApartmentOutlined, UserOutlined } from '@ant-design/icons';
import { Empty, Space, Table, Tag, Timeline, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import { RemindButton } from '../../notifications/components/RemindButton';
import { Link } from 'react-router';
import type { AssignmentRole } from '../../../../shared/enums';
import type { AssigneeSummary, Assignment, DocumentEvent, DocumentView } from '../../../api/types';
import { AssignmentRoleTag, AssignmentStatusTag, DueDate, formatDate, formatDateTime } from '../../../components/labels';
import { DOCUMENT_FIELDS } from '../details';

const EVENT_COLORS: Record<string, string> = {
  registered: 'blue',
  submitted: 'blue',
  assigned: 'blue',
  forwarded: 'blue',
  progress_noted: 'gray',
  reply_linked: 'green',
  acknowledged: 'gray',
  completed: 'green',
  completion_proposed: 'blue',
  completion_confirmed: 'green',
  completion_rejected: 'red',
  document_completed: 'green',
  returned: 'red',
  returned_to_clerk: 'red',
  edited: 'orange',
  files_added: 'orange',
};

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

function Assignees({ list }: { list: AssigneeSummary[] }) {
  const { t } = useTranslation();
  const order: AssignmentRole[] = ['lead', 'coordinate', 'info'];
  const sorted = [...list].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {sorted.map((a, i) => (
        <li key={a.assignmentId ?? i}>
          <Space size={4} wrap>
            <AssignmentRoleTag role={a.role} />
            {a.kind === 'unit' ? <ApartmentOutlined /> : <UserOutlined />}
            <span>{a.name}</span>
            {a.dueDate && <Typography.Text type="secondary">({t('timeline.due', { date: formatDate(a.dueDate) })})</Typography.Text>}
          </Space>
        </li>
      ))}
    </ul>
  );
}

/** A corrected field's value as the document page shows it: dates dd/mm/yyyy, labels for enums, "—" for none. */
function useChangeValue() {
  const { t } = useTranslation();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    const text = str(value);
    let shown = text;
    if (field === 'issuedOn' || field === 'dueDate') shown = formatDate(text);
    else if (field === 'documentType' || field === 'urgency' || field === 'secrecy') shown = t(`enums.${field}.${text}`, { defaultValue: text });
    return t('timeline.quoted', { value: shown });
  };
}

/** "Trích yếu: «old» → «new»", one line a field, in the order of the form. */
function Changes({ changes }: { changes: Record<string, { from?: unknown; to?: unknown }> }) {
  const { t } = useTranslation();
  const value = useChangeValue();
  const order = (field: string) => {
    const index = (DOCUMENT_FIELDS as readonly string[]).indexOf(field);
    return index < 0 ? DOCUMENT_FIELDS.length : index;
  };
  const fields = Object.keys(changes).sort((a, b) => order(a) - order(b));
  return (
    <ul className="vp-changes" data-testid="changes">
      {fields.map((field) => (
        <li key={field} className="vp-timeline-text" data-field={field}>
          {t('timeline.change', {
            field: t(`doc.${field}`, { defaultValue: field }),
            from: value(field, changes[field]?.from),
            to: value(field, changes[field]?.to),
          })}
        </li>
      ))}
    </ul>
  );
}

function EventDetails({ event }: { event: DocumentEvent }) {
  const { t } = useTranslation();
  const p = event.payload ?? {};
  const line = (text: string) => <div className="vp-timeline-text">{text}</div>;
  switch (event.action) {
    case 'registered': {
      const files = Array.isArray(p.files) ? (p.files as unknown[]).map(str) : [];
      return (
        <>
          {line(t('timeline.registered', { number: str(p.arrivalNumber), date: formatDate(str(p.receivedOn)) }))}
          {files.length > 0 && line(t('timeline.files', { files: files.join(', ') }))}
          {p.duplicateConfirmed === true && <Typography.Text type="warning">{t('timeline.duplicateConfirmed')}</Typography.Text>}
        </>
      );
    }
    case 'submitted':
      return (
        <>
          {line(t('timeline.submittedTo', { name: str(p.leaderName) }))}
          {p.note ? line(t('timeline.note', { note: str(p.note) })) : null}
        </>
      );
    case 'assigned':
    case 'forwarded':
      return (
        <>
          {p.direction ? (
            <div className="vp-timeline-text">
              <Typography.Text type="secondary">{t('document.direction')}: </Typography.Text>
              <Typography.Text italic>“{str(p.direction)}”</Typography.Text>
            </div>
          ) : null}
          <Assignees list={Array.isArray(p.assignees) ? (p.assignees as AssigneeSummary[]) : []} />
        </>
      );
    case 'progress_noted':
      return line(t('timeline.progress', { note: str(p.note) }));
    case 'reply_linked':
      return line(t('timeline.replyLinked', { reference: str(p.reference) }));
    case 'completion_proposed':
    case 'completion_confirmed':
    case 'completed':
      return (
        <>
          {line(t('timeline.result', { result: str(p.result) }))}
          {p.cascadedFrom ? <Typography.Text type="secondary">{t('document.cascaded')}</Typography.Text> : null}
        </>
      );
    case 'document_completed':
      return line(t('document.completedNotice'));
    case 'returned':
    case 'returned_to_clerk':
    case 'completion_rejected':
      return line(t('timeline.reason', { reason: str(p.reason) }));
    case 'edited':
      return p.changes && typeof p.changes === 'object' ? <Changes changes={p.changes as Record<string, { from?: unknown; to?: unknown }>} /> : null;
    case 'files_added': {
      const files = Array.isArray(p.files) ? (p.files as unknown[]).map(str) : [];
      return files.length ? line(t('timeline.files', { files: files.join(', ') })) : null;
    }
    default:
      return null;
  }
}

/** The piece of work an event belongs to ("Chủ trì — Phòng CNTT"), for notes, results and returns. */
function WorkOf({ event, assignments }: { event: DocumentEvent; assignments: Assignment[] }) {
  const { t } = useTranslation();
  if (!event.assignmentId || !['progress_noted', 'completed', 'returned', 'acknowledged', 'forwarded', 'completion_proposed', 'completion_confirmed', 'completion_rejected'].includes(event.action)) return null;
  const a = assignments.find((x) => x.id === event.assignmentId);
  if (!a) return null;
  return (
    <div style={{ fontSize: 12 }}>
      <Typography.Text type="secondary">{t('document.workOf')}: </Typography.Text>
      <Space size={4}>
        <AssignmentRoleTag role={a.role} />
        <span>{a.assignee.name}</span>
      </Space>
    </div>
  );
}

function Actor({ event }: { event: DocumentEvent }) {
  const { t } = useTranslation();
  const who = event.actor
    ? `${event.actor.fullName}${event.actor.position ? ` (${t(`enums.position.${event.actor.position}`)})` : ''}`
    : t('document.system');
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      <span data-testid="timeline-actor">{who}</span>
      {event.onBehalfOf ? <> <Tag color="purple" data-testid="on-behalf-of">{t('document.onBehalfOf', { name: event.onBehalfOf })}</Tag></> : ''}
      {' · '}
      {formatDateTime(event.createdAt)}
    </Typography.Text>
  );
}

/** The workflow history, oldest first. File views go to the access log instead. */
export function EventTimeline({ events, assignments }: { events: DocumentEvent[]; assignments: Assignment[] }) {
  const { t } = useTranslation();
  const workflow = events.filter((e) => e.action !== 'file_viewed'); // views recorded before the access log had its own table
  if (!workflow.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="timeline"
      items={workflow.map((event) => ({
        key: event.id,
        color: EVENT_COLORS[event.action] ?? 'gray',
        content: (
          <div data-testid="timeline-item" data-action={event.action}>
            <Typography.Text strong>{t(`enums.eventAction.${event.action}`, { defaultValue: event.action })}</Typography.Text>
            <div><Actor event={event} /></div>
            <WorkOf event={event} assignments={assignments} />
            <EventDetails event={event} />
          </div>
        ),
      }))}
    />
  );
}

export function AccessLog({ views }: { views: DocumentView[] }) {
  const { t } = useTranslation();
  return (
    <Table<DocumentView>
      size="small"
      rowKey="id"
      data-testid="access-log"
      dataSource={views}
      pagination={views.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: t('document.noAccess') }}
      scroll={{ x: 480 }}
      columns={[
        { title: t('document.accessLog'), dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
        {
          title: '',
          key: 'who',
          render: (_: unknown, v) => `${v.user.fullName}${v.user.position ? ` (${t(`enums.position.${v.user.position}`)})` : ''}`,
        },
        { title: t('document.files'), key: 'file', render: (_: unknown, v) => v.fileName ?? '—' },
      ]}
    />
  );
}

function AssignmentTitle({ a }: { a: Assignment }) {
  const { t } = useTranslation();
  return (
    <div data-testid="assignment-node" data-role={a.role} data-status={a.status} style={{ padding: '2px 0' }}>
      <Space size={6} wrap>
        <AssignmentRoleTag role={a.role} />
        {a.assignee.kind === 'unit' ? <ApartmentOutlined /> : <UserOutlined />}
        <Typography.Text strong>{a.assignee.name}</Typography.Text>
        {a.assignee.position && <Typography.Text type="secondary">({t(`enums.position.${a.assignee.position}`)})</Typography.Text>}
        <AssignmentStatusTag status={a.status} role={a.role} sentBack={Boolean(a.sentBack)} />
        {a.actions.includes('remind') && <RemindButton assignmentId={a.id} holder={a.assignee.name} />}
      </Space>
      <div style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('document.assignedBy', { name: a.assignedBy.fullName })}</Typography.Text>
        {a.dueDate && (
          <>
            {' · '}
            <Typography.Text type="secondary">{t('doc.dueDate')}: </Typography.Text>
            <DueDate value={a.dueDate} overdue={a.overdue} />
          </>
        )}
      </div>
      {a.result && <div className="vp-timeline-text" style={{ fontSize: 12 }}><Typography.Text type="success">{t('document.result')}: </Typography.Text>{a.result}</div>}
      {a.reply && (
        <div style={{ fontSize: 12 }} data-testid="assignment-reply">
          <Typography.Text type="secondary">{t('document.replyIssued')}: </Typography.Text>
          <Link to={`/outgoing/${a.reply.id}`} style={{ textDecoration: 'underline' }}>{a.reply.reference}</Link>
        </div>
      )}
      {a.confirmedBy && <div style={{ fontSize: 12 }}><Typography.Text type="secondary">{t('timeline.confirmedBy', { name: a.confirmedBy.fullName })}</Typography.Text></div>}
      {a.status === 'closed' && <div style={{ fontSize: 12 }}><Typography.Text type="secondary">{t('document.closedNotice')}</Typography.Text></div>}
      {a.sentBack && (a.status === 'pending' || a.status === 'in_progress') && (
        <div className="vp-timeline-text" style={{ fontSize: 12 }}><Typography.Text type="warning">{t('document.sentBack', { name: a.sentBack.by.fullName, time: formatDateTime(a.sentBack.at), reason: a.sentBack.reason ?? '—' })}</Typography.Text></div>
      )}
      {a.returnReason && <div className="vp-timeline-text" style={{ fontSize: 12 }}><Typography.Text type="warning">{t('document.returnedBecause')}: </Typography.Text>{a.returnReason}</div>}
    </div>
  );
}

/** Who passed the document to whom: each assignment under the one it was forwarded from. */
export function AssignmentTree({ assignments }: { assignments: Assignment[] }) {
  const { t } = useTranslation();
  if (!assignments.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('document.noAssignments')} />;
  const order: AssignmentRole[] = ['lead', 'coordinate', 'info'];
  const children = new Map<string | null, Assignment[]>();
  for (const a of assignments) {
    const parent = a.parentId && assignments.some((x) => x.id === a.parentId) ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? [])
      .sort((x, y) => order.indexOf(x.role) - order.indexOf(y.role))
      .map((a) => ({ key: a.id, title: <AssignmentTitle a={a} />, children: build(a.id) }));
  const treeData = build(null);
  return (
    <Tree
      className="vp-tree"
      data-testid="assignment-tree"
      treeData={treeData}
      expandedKeys={assignments.map((a) => a.id)}
      selectable={false}
      showLine
      blockNode
    />
  );
}
