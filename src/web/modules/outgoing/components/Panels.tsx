import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Form, Input, List, Radio, Space, Tag, Timeline, Typography, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { AssignmentStatusTag, ErrorAlert, formatDate, formatDateTime, formatSize } from '../../../components/labels';
import { nfc } from '../../../components/search';
import { useSubmit, validValues } from '../../../components/useSubmit';
import { versionUrl } from '../api';
import type { Consultation, ConsultationAnswer, Opinion, OutgoingDetail, OutgoingEvent, OutgoingStep } from '../types';
import { FileField, appendUploads } from './FileField';
import { StepStatusTag, useWaitingText } from './labels';

const STEP_DOT: Record<OutgoingStep['status'], string> = {
  waiting: 'gray', current: 'blue', approved: 'green', returned: 'orange', forwarded: 'purple', cancelled: 'gray',
};

/** The review chain, one round of submission after another: done, current (with how long it waited), to come. */
export function ChainTimeline({ steps }: { steps: OutgoingStep[] }) {
  const { t } = useTranslation();
  const waiting = useWaitingText();
  if (!steps.length) return <Typography.Text type="secondary">{t('outgoing.page.noSteps')}</Typography.Text>;
  const rounds = [...new Set(steps.map((s) => s.round))].sort((a, b) => a - b);
  return (
    <div data-testid="chain">
      {rounds.map((round) => (
        <div key={round} data-round={round}>
          {rounds.length > 1 && <Typography.Text type="secondary" strong>{t('outgoing.page.round', { round })}</Typography.Text>}
          <Timeline
            style={{ marginTop: 8 }}
            items={steps.filter((s) => s.round === round).sort((a, b) => a.position - b.position).map((s) => ({
              key: s.id,
              color: STEP_DOT[s.status],
              content: (
                <div data-testid="chain-step" data-status={s.status}>
                  <Space size={6} wrap>
                    <Typography.Text strong>{s.holder?.fullName ?? '—'}</Typography.Text>
                    <Typography.Text type="secondary">{s.forwarded ? t('outgoing.page.forwarded') : t(`outgoing.stepKind.${s.kind}`)}</Typography.Text>
                    <StepStatusTag status={s.status} />
                    {s.waitingMinutes !== null && <Typography.Text type="warning">{t('outgoing.page.waiting', { time: waiting(s.waitingMinutes) })}</Typography.Text>}
                  </Space>
                  {s.actedAt && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(s.actedAt)}{s.version ? ` · ${t('outgoing.page.version', { version: s.version })}` : ''}</Typography.Text></div>}
                  {s.comment && <div><Typography.Text italic>“{s.comment}”</Typography.Text></div>}
                </div>
              ),
            }))}
          />
        </div>
      ))}
    </div>
  );
}

/** Every version of the main file, newest first, with the review comments made on it. */
export function VersionList({ doc, viewing, onView }: { doc: OutgoingDetail; viewing: number; onView: (version: number) => void }) {
  const { t } = useTranslation();
  const versions = [...doc.versions].reverse();
  if (!versions.length) return <Empty description={t('outgoing.page.noVersions')} />;
  return (
    <List
      data-testid="versions"
      dataSource={versions}
      rowKey="version"
      renderItem={(v) => (
        <List.Item
          data-testid="version"
          actions={[
            <Button key="view" size="small" type={v.version === viewing ? 'primary' : 'default'} icon={<EyeOutlined />} aria-label={t('common.view')} onClick={() => onView(v.version)} />,
            <Button key="file" size="small" icon={<DownloadOutlined />} href={versionUrl(doc.id, v.version)} aria-label={t('outgoing.page.download', { name: v.fileName })} />,
          ]}
        >
          <List.Item.Meta
            title={(
              <Space size={6} wrap>
                <span>{t('outgoing.page.version', { version: v.version })}</span>
                {v.version === doc.versions.length && <Tag color="blue">{t('outgoing.page.latest')}</Tag>}
                {doc.approvedVersion === v.version && <Tag color="green">{t('outgoing.page.approvedVersion')}</Tag>}
              </Space>
            )}
            description={(
              <>
                <div>{v.fileName} · {formatSize(v.size)} · {v.createdBy?.fullName ?? '—'} · {formatDateTime(v.createdAt)}</div>
                {v.note && <div><Typography.Text italic>{v.note}</Typography.Text></div>}
                {v.comments.length > 0 && (
                  <ul className="vp-version-comments" style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                    {v.comments.map((c, i) => (
                      <li key={i}><Typography.Text strong>{c.by?.fullName ?? '—'}</Typography.Text> ({t(`outgoing.stepStatus.${c.decision}`)}): {c.comment}</li>
                    ))}
                  </ul>
                )}
              </>
            )}
          />
        </List.Item>
      )}
    />
  );
}

const OPINION_COLORS: Record<Opinion, string> = { agree: 'success', agree_with_comments: 'blue', disagree: 'error' };

function AnswerLine({ documentId, answer }: { documentId: string; answer: ConsultationAnswer }) {
  const { t } = useTranslation();
  return (
    <div data-testid="consultation-answer" style={{ marginTop: 6 }}>
      <Space size={6} wrap>
        <Typography.Text strong>{answer.name ?? '—'}</Typography.Text>
        {answer.opinion ? <Tag color={OPINION_COLORS[answer.opinion]}>{t(`outgoing.opinion.${answer.opinion}`)}</Tag> : <Tag>{t('outgoing.page.notAnswered')}</Tag>}
        {answer.late && <Tag color="error" data-testid="late-tag">{t('outgoing.page.late')}</Tag>}
        {answer.answeredAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{answer.answeredBy} · {formatDateTime(answer.answeredAt)}</Typography.Text>}
      </Space>
      {answer.comment && <div><Typography.Text italic>“{answer.comment}”</Typography.Text></div>}
      {answer.files.map((f) => (
        <div key={f.id}><a href={`/api/outgoing-documents/${documentId}/consultation-files/${f.id}`} target="_blank" rel="noreferrer">{f.fileName}</a> ({formatSize(f.size)})</div>
      ))}
    </div>
  );
}

/** The consultations asked on the draft, each with its answers; an answer form for those waiting on me. */
export function Consultations({ doc, onAnswered }: { doc: OutgoingDetail; onAnswered: () => Promise<void> }) {
  const { t } = useTranslation();
  if (!doc.consultations.length) return <Empty description={t('outgoing.page.noConsultations')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16} data-testid="consultations">
      {doc.consultations.map((c: Consultation) => (
        <div key={c.id} data-testid="consultation">
          <Space size={6} wrap>
            <Typography.Text type="secondary">{t('outgoing.page.askedBy', { name: c.askedBy, date: formatDate(c.dueDate) })}</Typography.Text>
            <Tag>{t('outgoing.page.version', { version: c.version })}</Tag>
            {c.blocking && <Tag color="orange">{t('outgoing.page.blocking')}</Tag>}
          </Space>
          <Typography.Paragraph style={{ margin: '4px 0' }}>{c.question}</Typography.Paragraph>
          {c.answers.map((a) => (
            <div key={a.id}>
              <AnswerLine documentId={doc.id} answer={a} />
              {doc.answersWaitingForMe.includes(a.id) && <AnswerForm answerId={a.id} onDone={onAnswered} />}
            </div>
          ))}
        </div>
      ))}
    </Space>
  );
}

function AnswerForm({ answerId, onDone }: { answerId: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ opinion: Opinion; comment?: string; files: UploadFile[] }>();
  const { busy, error, submit } = useSubmit(form);
  const send = async () => {
    const values = await validValues(form);
    if (!values) return;
    const data = new FormData();
    data.append('metadata', JSON.stringify({ opinion: values.opinion, comment: nfc(values.comment)?.trim() || undefined }));
    appendUploads(data, values.files);
    await submit(async () => {
      await api(`/api/consultation-answers/${answerId}`, { method: 'POST', form: data });
      await onDone();
    });
  };
  return (
    <div className="vp-answer-form" data-testid="answer-form" style={{ marginTop: 8, padding: 12, border: '1px solid #d6e4ff', borderRadius: 6, background: '#f5f9ff' }}>
      <Typography.Text strong>{t('outgoing.page.answerTitle')}</Typography.Text>
      <ErrorAlert error={error} style={{ margin: '8px 0' }} />
      <Form form={form} layout="vertical" initialValues={{ opinion: 'agree', files: [] }} style={{ marginTop: 8 }}>
        <Form.Item name="opinion" label={t('outgoing.dialog.opinion')}>
          <Radio.Group options={(['agree', 'agree_with_comments', 'disagree'] as const).map((v) => ({ value: v, label: t(`outgoing.opinion.${v}`) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t('outgoing.dialog.answerComment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
        </Form.Item>
        <FileField name="files" label={t('outgoing.dialog.answerFiles')} testId="answer-files" compact />
        <Button type="primary" loading={busy} onClick={() => void send()} data-testid="answer-submit">{t('outgoing.action.answer')}</Button>
      </Form>
    </div>
  );
}

function RecipientWork({ work, purpose }: { work: NonNullable<OutgoingDetail['recipients'][number]['work']>; purpose: 'handle' | 'info' }) {
  const { t } = useTranslation();
  return (
    <span data-testid="recipient-work" data-status={work.status}>
      <AssignmentStatusTag status={work.status} role={purpose === 'info' ? 'info' : 'lead'} sentBack={false} />
      {work.status === 'returned' && work.returnReason && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{work.returnReason}</Typography.Text></div>}
      {work.status === 'completed' && work.result && <div style={{ maxWidth: 220 }}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{work.result}</Typography.Text></div>}
    </span>
  );
}

export function RecipientList({ doc }: { doc: OutgoingDetail }) {
  const { t } = useTranslation();
  if (!doc.recipients.length) return <Empty description={t('outgoing.page.noRecipients')} />;
  return (
    <List
      size="small"
      data-testid="recipients-list"
      dataSource={doc.recipients}
      renderItem={(r, i) => (
        <List.Item key={i} data-testid="recipient">
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{r.name ?? '—'}</Typography.Text>
            <Space size={6} wrap>
              {r.kind !== 'external' && <Tag>{t(`outgoing.purpose.${r.purpose}`)}</Tag>}
              {r.dueDate && <span>{t('outgoing.field.dueDate')}: {formatDate(r.dueDate)}</span>}
            </Space>
          </Space>
          {r.kind === 'unit' || r.kind === 'user'
            ? (
              <Space orientation="vertical" size={2} align="end">
                {r.deliveredAt ? <Tag color="success" data-testid="delivered">{t('outgoing.page.delivered', { time: formatDateTime(r.deliveredAt) })}</Tag> : <Tag>{t('outgoing.page.notDelivered')}</Tag>}
                {/* What became of it at the recipient. */}
                {r.work && <RecipientWork work={r.work} purpose={r.purpose} />}
              </Space>
            )
            : null}
        </List.Item>
      )}
    />
  );
}

export function OutgoingHistory({ events }: { events: OutgoingEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      data-testid="history"
      items={[...events].reverse().map((e) => {
        const comment = typeof e.payload?.comment === 'string' ? e.payload.comment : typeof e.payload?.note === 'string' ? e.payload.note : null;
        return {
          key: e.id,
          content: (
            <div>
              <Typography.Text strong>{i18n.exists(`enums.eventAction.${e.action}`) ? t(`enums.eventAction.${e.action}`) : e.action}</Typography.Text>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.actor?.fullName ?? '—'}{e.onBehalfOf ? <> <Tag color="purple" data-testid="on-behalf-of">{t('document.onBehalfOf', { name: e.onBehalfOf.fullName })}</Tag></> : ''} · {formatDateTime(e.at)}</Typography.Text></div>
              {comment && <div><Typography.Text italic>“{comment}”</Typography.Text></div>}
            </div>
          ),
        };
      })}
    />
  );
}

export function PdfStatusAlert({ status, error }: { status: OutgoingDetail['versions'][number]['pdf']['status']; error: string | null }) {
  const { t } = useTranslation();
  if (status === 'pending' || status === 'converting') return <Alert type="info" showIcon data-testid="pdf-pending" title={t('outgoing.page.pdfPending')} />;
  if (status === 'failed') return <Alert type="error" showIcon data-testid="pdf-failed" title={t('outgoing.page.pdfFailed', { reason: error ?? '—' })} />;
  if (status === 'unavailable') return <Alert type="warning" showIcon data-testid="pdf-unavailable" title={t('outgoing.page.pdfUnavailable', { reason: error ?? '—' })} />;
  return null;
}
