import { Alert, Col, Form, Grid, Modal, Row, Select, Skeleton, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, formatDateTime } from '../../../components/labels';
import { useVersionComparison } from '../api';
import type { ComparedVersion, DiffPart, OutgoingDetail } from '../types';

// So sánh hai phiên bản: the old text with what was removed struck through, the new one with what
// was added underlined, side by side (stacked on a phone). Colour is never the only mark: <del> and
// <ins> carry the meaning for screen readers, strikethrough and underline for everyone.

/** The previous and the latest version: what a reviewer wants to see after a revision. */
function defaultPair(doc: OutgoingDetail): [number, number] {
  const numbers = doc.versions.map((v) => v.version);
  return [numbers.at(-2) ?? 1, numbers.at(-1) ?? 1];
}

export function CompareDialog({ open, doc, onClose }: { open: boolean; doc: OutgoingDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const mobile = !Grid.useBreakpoint().md;
  const [[from, to], setPair] = useState<[number, number]>(() => defaultPair(doc));
  const query = useVersionComparison(doc.id, from, to, open);
  const options = [...doc.versions].reverse().map((v) => ({ value: v.version, label: t('outgoing.page.version', { version: v.version }) }));
  const result = query.data;

  return (
    <Modal
      open={open}
      title={t('outgoing.compare.title')}
      onCancel={onClose}
      footer={null}
      width={mobile ? '100%' : 1200}
      style={mobile ? { top: 0, maxWidth: '100vw', paddingBottom: 0 } : { top: 24 }}
      destroyOnHidden
      data-testid="compare-dialog"
    >
      <Form layout="inline" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label={t('outgoing.compare.from')} htmlFor="compare-from">
          <Select id="compare-from" data-testid="compare-from" style={{ width: 150 }} options={options} value={from} onChange={(v: number) => setPair([v, to])} />
        </Form.Item>
        <Form.Item label={t('outgoing.compare.to')} htmlFor="compare-to">
          <Select id="compare-to" data-testid="compare-to" style={{ width: 150 }} options={options} value={to} onChange={(v: number) => setPair([from, v])} />
        </Form.Item>
      </Form>
      {from === to && <Alert type="info" showIcon title={t('outgoing.compare.sameVersion')} />}
      {from !== to && query.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      <ErrorAlert error={query.error} />
      {from !== to && result && (
        <>
          <Typography.Paragraph strong data-testid="compare-summary" aria-live="polite" style={{ marginBottom: 4 }}>
            {t('outgoing.compare.summary', { added: result.stats.added, removed: result.stats.removed })}
          </Typography.Paragraph>
          <Legend />
          {(result.from.truncated || result.to.truncated) && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('outgoing.compare.truncated')} />}
          {result.tooDifferent && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('outgoing.compare.tooDifferent')} />}
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}><TextColumn side={result.from} parts={result.parts} show="removed" testId="compare-old" /></Col>
            <Col xs={24} md={12}><TextColumn side={result.to} parts={result.parts} show="added" testId="compare-new" /></Col>
          </Row>
        </>
      )}
    </Modal>
  );
}

function useMarkStyles() {
  const { token } = theme.useToken();
  // The theme's red and green tints under the ordinary text colour (well above 4.5:1, src/web/theme.ts);
  // the palest tints (…Bg) were hard to tell from white.
  const removed: React.CSSProperties = { background: token.colorErrorBorder, color: token.colorText, textDecoration: 'line-through', borderRadius: 2 };
  const added: React.CSSProperties = { background: token.colorSuccessBorder, color: token.colorText, textDecoration: 'underline', textDecorationThickness: 2, borderRadius: 2, textUnderlineOffset: 3 };
  return { removed, added };
}

/** A mark covers the words, not the spaces around them (a struck-through space reads as a stray line). */
function Marked({ text, kind, style }: { text: string; kind: 'removed' | 'added'; style: React.CSSProperties }) {
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/u.exec(text) ?? [];
  if (!core) return <>{text}</>;
  return <>{lead}{kind === 'removed' ? <del style={style}>{core}</del> : <ins style={style}>{core}</ins>}{trail}</>;
}

function Legend() {
  const { t } = useTranslation();
  const styles = useMarkStyles();
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
      {t('outgoing.compare.legendRemoved')} <del style={styles.removed}>{t('outgoing.compare.sampleRemoved')}</del>
      {' · '}
      {t('outgoing.compare.legendAdded')} <ins style={styles.added}>{t('outgoing.compare.sampleAdded')}</ins>
    </Typography.Paragraph>
  );
}

/** One version's text: the common parts and its own changes (removed ones in the old, added in the new). */
function TextColumn({ side, parts, show, testId }: { side: ComparedVersion; parts: DiffPart[]; show: 'removed' | 'added'; testId: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const styles = useMarkStyles();
  const heading = t('outgoing.page.version', { version: side.version });
  return (
    <section aria-label={heading} data-testid={testId}>
      <Typography.Title level={2} style={{ fontSize: 15, margin: '0 0 2px' }}>{heading}</Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[side.fileName, side.createdBy?.fullName, formatDateTime(side.createdAt)].filter(Boolean).join(' · ')}
      </Typography.Text>
      {/* Focusable so the keyboard can scroll it (a scrolling region must be reachable). */}
      <div
        tabIndex={0}
        role="region"
        aria-label={t('outgoing.compare.textOf', { version: side.version })}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.7, maxHeight: '60vh', overflow: 'auto', marginTop: 6, padding: '8px 12px', border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius, background: token.colorBgContainer }}
      >
        {parts.map((part, i) => {
          if (part.kind === 'same') return <span key={i}>{part.text}</span>;
          if (part.kind !== show) return null;
          return <Marked key={i} text={part.text} kind={part.kind} style={styles[part.kind]} />;
        })}
      </div>
    </section>
  );
}
