import { BellOutlined, CheckOutlined, EditOutlined, RollbackOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentAction } from '../../../shared/enums';
import { post } from '../../api/client';
import type { Assignment } from '../../api/types';
import { AssignmentRoleTag, AssignmentStatusTag, DueDate, formatDateTime, useErrorText } from '../../components/labels';
import { TextActionDialog, type TextActionSpec } from '../incoming/components/ActionDialogs';

// "Việc của tôi": the work the official holds on a document, whatever the document (an incoming
// one, or an outgoing one of the agency delivered to their unit), with its actions.

export const ASSIGNMENT_ICONS: Record<AssignmentAction, React.ReactNode> = {
  forward: <ShareAltOutlined />,
  note: <EditOutlined />,
  complete: <CheckOutlined />,
  return: <RollbackOutlined />,
  confirm: <CheckOutlined />,
  reject_result: <RollbackOutlined />,
  remind: <BellOutlined />,
};

/** On the lead's card: what the coordinators reported (their opinions), as Decree 30 has the lead take them in. */
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

type TextAction = 'note' | 'complete' | 'return' | 'reject_result';

interface MyWorkProps {
  assignments: Assignment[];
  /** Issued replies the holder may name when completing (incoming documents only). */
  replies?: { id: string; label: string }[];
  /** Passing work on opens the panel beside the document, which the page owns. */
  onForward: (assignment: Assignment) => void;
  /** After the server accepted an action: the page refreshes what it shows. */
  onDone: (action: AssignmentAction) => Promise<void> | void;
  /** An outgoing document of the agency delivered to the official's unit (not directed by a leader). */
  delivered?: boolean;
}

export function MyWork({ assignments, replies, onForward, onDone, delivered = false }: MyWorkProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const [open, setOpen] = useState<{ action: TextAction; spec: TextActionSpec } | null>(null);
  const mine = assignments.filter((a) => a.actions.length > 0);
  if (!mine.length) return null;

  const specOf = (action: TextAction, a: Assignment): TextActionSpec => {
    switch (action) {
      case 'note':
        return { title: t('actions.note'), label: t('dialogs.progress'), field: 'note', url: `/api/assignments/${a.id}/notes`, okText: t('common.save'), max: 4000 };
      case 'complete':
        return {
          title: t('actions.complete'), label: t('dialogs.result'), field: 'result', url: `/api/assignments/${a.id}/complete`, okText: t('actions.complete'), max: 4000,
          // A delivered document's own recipient answers to nobody's confirmation; work passed on does.
          hint: a.role === 'lead' && (!delivered || a.parentId) ? t('dialogs.completeHint') : undefined,
          replies: a.role === 'lead' ? replies : undefined,
        };
      case 'return':
        return { title: t('actions.return'), label: t('dialogs.reason'), field: 'reason', url: `/api/assignments/${a.id}/return`, okText: t('actions.return'), danger: true, max: 2000 };
      case 'reject_result':
        return { title: t('actions.reject_result'), label: t('dialogs.reason'), field: 'reason', url: `/api/assignments/${a.id}/reject-result`, okText: t('actions.reject_result'), danger: true, max: 2000 };
    }
  };

  function confirmResult(a: Assignment) {
    modal.confirm({
      title: t('actions.confirm'),
      content: t('dialogs.confirmResult'),
      okText: t('actions.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'dialog-ok' },
      onOk: async () => {
        try {
          await post(`/api/assignments/${a.id}/confirm`);
          await onDone('confirm');
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  }

  function run(action: AssignmentAction, a: Assignment) {
    if (action === 'forward') onForward(a);
    else if (action === 'confirm') confirmResult(a);
    else if (action === 'remind') return; // offered on the assignment tree (RemindButton), not on one's own work
    else setOpen({ action, spec: specOf(action, a) });
  }

  return (
    <Card title={t('document.myWork')} size="small" style={{ marginBottom: 12 }} data-testid="my-work" className="vp-my-work">
      <Space orientation="vertical" style={{ width: '100%' }} size={16}>
        {mine.map((a) => (
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
            <CoordinatorOpinions assignment={a} all={assignments} />
            {a.direction && (
              <Typography.Paragraph style={{ margin: '6px 0' }}>
                <Typography.Text type="secondary">{t('document.direction')}: </Typography.Text>
                <Typography.Text italic>“{a.direction}”</Typography.Text>
              </Typography.Paragraph>
            )}
            <Space wrap style={{ marginTop: 4 }}>
              {a.actions.filter((action) => action !== 'remind').map((action) => (
                <Button
                  key={action}
                  type={action === 'complete' || action === 'forward' || action === 'confirm' ? 'primary' : 'default'}
                  danger={action === 'return' || action === 'reject_result'}
                  icon={ASSIGNMENT_ICONS[action]}
                  data-testid={`action-${action}`}
                  onClick={() => run(action, a)}
                >
                  {t(`actions.${action}`)}
                </Button>
              ))}
            </Space>
          </div>
        ))}
      </Space>
      <TextActionDialog open={open !== null} spec={open?.spec ?? null} onClose={() => setOpen(null)} onDone={() => onDone(open?.action ?? 'note')} />
    </Card>
  );
}
