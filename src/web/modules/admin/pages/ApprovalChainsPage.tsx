import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPROVAL_STEP_KINDS, DOCUMENT_TYPES, type ApprovalStepKind, type DocumentType } from '../../../../shared/enums';
import { api } from '../../../api/client';
import { useUnits, useUsers } from '../../../api/queries';
import { ErrorAlert } from '../../../components/labels';
import { ListState } from '../../../components/ListStates';
import { looseSearch } from '../../../components/search';
import { useConfirmDiscard, useUnsavedGuard } from '../../../components/unsaved';
import type { ApprovalChains, ChainPreview } from '../../outgoing/types';

// The admin's screen for approval chains: the default chain and each type's own, an editor of the
// steps of one of them, and a preview of whom the steps being edited name for a chosen drafter.

/** A chain is the agency's default or a document type's own. */
type ChainKey = DocumentType | 'default';

const chainsKey = ['approval-chains'] as const;
const sameSteps = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((kind, i) => kind === b[i]);

export function ApprovalChainsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const confirmDiscard = useConfirmDiscard();
  const chains = useQuery({ queryKey: chainsKey, queryFn: () => api<ApprovalChains>('/api/approval-chains') });
  const [selected, setSelected] = useState<ChainKey>('default');
  const [steps, setSteps] = useState<ApprovalStepKind[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const savedOf = (key: ChainKey, data = chains.data): ApprovalStepKind[] => {
    if (!data) return [];
    if (key === 'default') return data.items.find((c) => c.documentType === null)?.steps ?? data.builtInSteps;
    return data.items.find((c) => c.documentType === key)?.steps ?? [];
  };
  const saved = savedOf(selected);
  const dirty = chains.data !== undefined && !sameSteps(steps, saved);
  useUnsavedGuard(() => dirty);

  const chainName = (key: ChainKey) => (key === 'default' ? t('chains.default') : t(`enums.documentType.${key}`));

  useEffect(() => {
    document.title = `${t('chains.title')} — VanPhong`;
  }, [t]);

  // The editor starts from what is saved, when the page loads and after each save.
  useEffect(() => {
    if (chains.data) setSteps(savedOf(selected, chains.data));
    // Only a new answer from the server resets the editor, not a change of selection (open() does that).
  }, [chains.data]);

  /** Opens another chain in the editor; `start` gives a new type's chain its first steps. */
  async function open(key: ChainKey, start?: ApprovalStepKind[]) {
    if (key === selected && !start) return;
    if (dirty && !(await confirmDiscard())) return;
    setError(null);
    setSelected(key);
    setSteps(start ?? savedOf(key));
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<ApprovalChains>('/api/approval-chains', { method: 'PUT', body: { documentType: selected === 'default' ? null : selected, steps } });
      queryClient.setQueryData(chainsKey, answer);
      void message.success(t(steps.length || selected === 'default' ? 'chains.saved' : 'chains.savedUsesDefault', { name: chainName(selected) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const signerMisplaced = steps.includes('signer') && steps.at(-1) !== 'signer';
  // What a submission would follow: a type left without steps follows the default, an empty default the built-in chain.
  const effective = steps.length ? steps : selected === 'default' ? chains.data?.builtInSteps ?? [] : chains.data?.defaultSteps ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('chains.title')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>{t('chains.intro')}</Typography.Paragraph>
        <ErrorAlert error={chains.data ? chains.error : null} style={{ marginBottom: 12 }} />
        {chains.data && <ChainList data={chains.data} selected={selected} editing={steps} dirty={dirty} chainName={chainName} onOpen={(key, start) => void open(key, start)} />}
        {chains.isPending && <Skeleton active />}
        {chains.isError && !chains.data && <ListState error={chains.error} onRetry={() => void chains.refetch()} empty="" />}
      </Card>
      {chains.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={13}>
            <Card title={<span data-testid="chain-editor-title">{t('chains.editorTitle', { name: chainName(selected) })}</span>} extra={dirty && <Tag color="warning">{t('chains.unsaved')}</Tag>}>
              <ErrorAlert error={error} style={{ marginBottom: 12 }} />
              <StepsEditor steps={steps} onChange={setSteps} />
              {!steps.length && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  message={selected === 'default'
                    ? t('chains.noStepsDefault', { steps: chains.data.builtInSteps.map((k) => t(`outgoing.stepKind.${k}`)).join(' → ') })
                    : t('chains.noStepsType')}
                />
              )}
              {signerMisplaced && <Alert type="error" showIcon style={{ marginTop: 12 }} message={t('chains.signerLast')} data-testid="chain-signer-last" />}
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 12 }}>{t('chains.signerNote')}</Typography.Paragraph>
              <Space wrap>
                <Button type="primary" onClick={() => void save()} loading={busy} disabled={!dirty || signerMisplaced} data-testid="chain-save">{t('chains.save')}</Button>
                {dirty && <Button onClick={() => setSteps(saved)} data-testid="chain-undo">{t('chains.undo')}</Button>}
                {selected !== 'default' && steps.length > 0 && (
                  <Button onClick={() => setSteps([])} data-testid="chain-use-default">{t('chains.useDefault')}</Button>
                )}
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={11}>
            <PreviewPanel steps={effective} />
          </Col>
        </Row>
      )}
    </Space>
  );
}

/** The steps of a chain as a short sentence: "Lãnh đạo phòng → Người ký". */
function StepsText({ steps }: { steps: ApprovalStepKind[] }) {
  const { t } = useTranslation();
  return <span>{steps.map((kind) => t(`outgoing.stepKind.${kind}`)).join(' → ')}</span>;
}

/** The default chain and the types with their own, each opened in the editor; and adding one for another type. */
function ChainList({ data, selected, editing, dirty, chainName, onOpen }: {
  data: ApprovalChains;
  selected: ChainKey;
  /** The steps in the editor, shown on the selected chain's line. */
  editing: ApprovalStepKind[];
  dirty: boolean;
  chainName: (key: ChainKey) => string;
  onOpen: (key: ChainKey, start?: ApprovalStepKind[]) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<DocumentType | undefined>();
  const own = new Set(data.items.flatMap((c) => (c.documentType ? [c.documentType] : [])));
  const rows: { key: ChainKey; steps: ApprovalStepKind[]; builtIn: boolean }[] = [
    { key: 'default', steps: data.defaultSteps, builtIn: !data.items.some((c) => c.documentType === null) },
    ...DOCUMENT_TYPES.filter((type) => own.has(type)).map((type) => ({ key: type, steps: data.items.find((c) => c.documentType === type)?.steps ?? [], builtIn: false })),
  ];
  // A type just added and not saved yet is listed too, so the list shows what the editor holds.
  if (selected !== 'default' && !own.has(selected)) rows.push({ key: selected, steps: [], builtIn: false });
  const others = DOCUMENT_TYPES.filter((type) => !own.has(type) && type !== selected);

  // A list rather than a table: a line per chain wraps on a phone instead of scrolling sideways.
  return (
    <>
      <ul className="vp-chain-list" data-testid="chain-list" aria-label={t('chains.colChain')}>
        {rows.map((row) => {
          const current = row.key === selected;
          const steps = current ? editing : row.steps;
          return (
            <li key={row.key} className={current ? 'vp-chain-list-current' : undefined} data-testid={`chain-row-${row.key}`} aria-current={current || undefined}>
              <div className="vp-chain-list-text">
                <Typography.Text strong>{chainName(row.key)}</Typography.Text>
                {row.key === 'default' && <Typography.Text type="secondary">{` (${t('chains.defaultHelp')})`}</Typography.Text>}
                <div>
                  {steps.length ? <StepsText steps={steps} /> : <Typography.Text type="secondary">{t('chains.followsDefault')}</Typography.Text>}
                  {row.builtIn && !(current && dirty) && <Tag style={{ marginInlineStart: 8 }}>{t('chains.builtIn')}</Tag>}
                  {current && dirty && <Tag color="warning" style={{ marginInlineStart: 8 }}>{t('chains.unsaved')}</Tag>}
                </div>
              </div>
              {current
                ? <Tag color="processing">{t('chains.editing')}</Tag>
                : (
                  <Button size="small" icon={<EditOutlined />} onClick={() => onOpen(row.key)} data-testid={`chain-edit-${row.key}`} aria-label={`${t('common.edit')}: ${chainName(row.key)}`}>
                    {t('common.edit')}
                  </Button>
                )}
            </li>
          );
        })}
      </ul>
      <Space wrap style={{ marginTop: 16 }}>
        <Select<DocumentType>
          id="chain-add-type"
          aria-label={t('chains.addForType')}
          placeholder={t('chains.addForType')}
          showSearch={looseSearch}
          value={adding}
          onChange={setAdding}
          style={{ width: 300, maxWidth: '100%' }}
          options={others.map((type) => ({ value: type, label: t(`enums.documentType.${type}`) }))}
          data-testid="chain-add-type"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!adding}
          onClick={() => {
            if (!adding) return;
            onOpen(adding, [...data.defaultSteps]);
            setAdding(undefined);
          }}
          data-testid="chain-add"
        >
          {t('chains.add')}
        </Button>
      </Space>
    </>
  );
}

/** The ordered steps: each chosen from the kinds not used yet, moved with buttons (keyboard too), removed, added. */
function StepsEditor({ steps, onChange }: { steps: ApprovalStepKind[]; onChange: (steps: ApprovalStepKind[]) => void }) {
  const { t } = useTranslation();
  const unused = APPROVAL_STEP_KINDS.filter((kind) => !steps.includes(kind));
  const move = (from: number, to: number) => {
    const next = [...steps];
    const [kind] = next.splice(from, 1);
    next.splice(to, 0, kind!);
    onChange(next);
  };

  return (
    <>
      <ol className="vp-chain-steps" data-testid="chain-steps">
        {steps.map((kind, i) => (
          <li key={kind} data-testid="chain-step">
            <div className="vp-chain-step-row">
              <Typography.Text strong className="vp-chain-step-number" aria-hidden>{i + 1}</Typography.Text>
              <Select<ApprovalStepKind>
                id={`chain-step-${i}`}
                aria-label={t('chains.step', { n: i + 1 })}
                value={kind}
                className="vp-chain-step-select"
                onChange={(value) => onChange(steps.map((k, j) => (j === i ? value : k)))}
                options={APPROVAL_STEP_KINDS.map((k) => ({ value: k, label: t(`outgoing.stepKind.${k}`), disabled: k !== kind && steps.includes(k) }))}
                data-testid={`chain-step-kind-${i}`}
              />
              <Space size={4}>
                <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('chains.moveUp', { n: i + 1 })} title={t('chains.moveUp', { n: i + 1 })} data-testid={`chain-step-up-${i}`} />
                <Button icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} onClick={() => move(i, i + 1)} aria-label={t('chains.moveDown', { n: i + 1 })} title={t('chains.moveDown', { n: i + 1 })} data-testid={`chain-step-down-${i}`} />
                <Button icon={<DeleteOutlined />} danger onClick={() => onChange(steps.filter((_, j) => j !== i))} aria-label={t('chains.remove', { n: i + 1 })} title={t('chains.remove', { n: i + 1 })} data-testid={`chain-step-remove-${i}`} />
              </Space>
            </div>
            <Typography.Text type="secondary" className="vp-chain-step-help">{t(`chains.kindHelp.${kind}`)}</Typography.Text>
          </li>
        ))}
      </ol>
      <Button icon={<PlusOutlined />} disabled={!unused.length} onClick={() => onChange([...steps, unused[0]!])} data-testid="chain-add-step">{t('chains.addStep')}</Button>
    </>
  );
}

/** Whom the steps name for a drafter the admin picks, step by step, with a warning for a step nobody fills. */
function PreviewPanel({ steps }: { steps: ApprovalStepKind[] }) {
  const { t } = useTranslation();
  const users = useUsers();
  const units = useUnits();
  const [drafterId, setDrafterId] = useState<string | undefined>();
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const options = useMemo(() => (users.data ?? []).filter((u) => u.active).map((u) => ({
    value: u.id,
    label: `${u.fullName} — ${t(`enums.position.${u.position}`)}, ${u.unitId ? unitName.get(u.unitId) ?? '' : t('chains.noUnit')}`,
  })), [users.data, unitName, t]);
  const preview = useQuery({
    queryKey: ['approval-chains', 'preview', drafterId, steps.join(',')],
    queryFn: () => api<ChainPreview>('/api/approval-chains/preview', { query: { drafterId, steps: steps.join(',') } }),
    enabled: Boolean(drafterId) && steps.length > 0,
    placeholderData: (previous) => previous,
  });

  return (
    <Card title={t('chains.previewTitle')} data-testid="chain-preview">
      <Typography.Paragraph type="secondary">{t('chains.previewHint')}</Typography.Paragraph>
      <label htmlFor="chain-preview-drafter" className="vp-chain-label">{t('chains.drafter')}</label>
      <Select
        id="chain-preview-drafter"
        showSearch={looseSearch}
        allowClear
        value={drafterId}
        onChange={setDrafterId}
        loading={users.isPending}
        placeholder={t('chains.drafterPlaceholder')}
        options={options}
        style={{ width: '100%' }}
        data-testid="chain-preview-drafter"
      />
      <ErrorAlert error={preview.error} style={{ marginTop: 12 }} />
      {drafterId && preview.data && (
        <>
          <ol className="vp-chain-preview" data-testid="chain-preview-steps">
            {preview.data.configured.map((step, i) => (
              <li key={`${step.kind}-${i}`} data-testid="chain-preview-step" data-outcome={step.outcome}>
                <Typography.Text strong>{t(`outgoing.stepKind.${step.kind}`)}</Typography.Text>
                <RightOutlined aria-hidden style={{ margin: '0 6px', fontSize: 11 }} />
                {step.holder && step.outcome !== 'nobody' ? (
                  <span>
                    <Typography.Text delete={step.outcome !== 'reviews'}>{step.holder.fullName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {' — '}{step.holder.position ? t(`enums.position.${step.holder.position}`) : ''}{step.holder.unitName ? `, ${step.holder.unitName}` : ''}
                    </Typography.Text>
                  </span>
                ) : <Typography.Text type="warning" strong>{t('chains.nobody')}</Typography.Text>}
                {step.outcome !== 'reviews' && (
                  <Alert type={step.outcome === 'nobody' ? 'warning' : 'info'} showIcon style={{ marginTop: 6 }} message={t(`chains.outcome.${step.outcome}`)} />
                )}
              </li>
            ))}
          </ol>
          {preview.data.steps.length
            ? <Alert type="success" showIcon message={t('chains.reviewers', { names: preview.data.steps.map((s) => s.holder.fullName).join(' → ') })} data-testid="chain-preview-reviewers" />
            : <Alert type="error" showIcon message={t('chains.noReviewers')} data-testid="chain-preview-none" />}
        </>
      )}
    </Card>
  );
}
