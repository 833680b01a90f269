import { EditOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DocumentDetail } from '../../../api/types';
import { formatDate } from '../../../components/labels';
import type { OutgoingReply } from '../types';
import { OutgoingStatusTag } from './labels';

// What the incoming document page shows of the outgoing documents answering it. The incoming
// detail carries `replies` since the outgoing module; the shared DocumentDetail type does not name it.

type WithReplies = DocumentDetail & { replies?: OutgoingReply[] };

/** Whether this official holds open work on the document (to handle, not only for information). */
export function holdsOpenWork(doc: DocumentDetail): boolean {
  return doc.assignments.some((a) => a.mine && a.role !== 'info' && (a.status === 'pending' || a.status === 'in_progress'));
}

/** "Soạn văn bản trả lời": a draft pre-linked to this incoming document. */
export function ReplyButton({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!holdsOpenWork(doc)) return null;
  return (
    <Button icon={<EditOutlined />} data-testid="action-draft-reply" onClick={() => navigate(`/outgoing/new?replyTo=${doc.id}`)}>
      {t('outgoing.reply.button')}
    </Button>
  );
}

/** "Văn bản trả lời": the replies this official may see, with their state. */
export function RepliesCard({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const replies = (doc as WithReplies).replies ?? [];
  if (!replies.length && !holdsOpenWork(doc)) return null;
  return (
    <Card size="small" title={t('outgoing.reply.title')} style={{ marginBottom: 12 }} data-testid="replies" extra={<ReplyButton doc={doc} />}>
      {replies.length ? (
        <List
          size="small"
          dataSource={replies}
          rowKey="id"
          renderItem={(r) => (
            <List.Item data-testid="reply">
              <Space orientation="vertical" size={2}>
                <Link to={`/outgoing/${r.id}`}>{r.summary}</Link>
                <Space size={6} wrap>
                  <OutgoingStatusTag status={r.status} />
                  {r.reference && <Typography.Text strong>{r.reference}</Typography.Text>}
                  {r.issuedOn && <Typography.Text type="secondary">{formatDate(r.issuedOn)}</Typography.Text>}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : <Typography.Text type="secondary">{t('outgoing.reply.empty')}</Typography.Text>}
    </Card>
  );
}
