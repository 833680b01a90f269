import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Switch, Typography, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  DOCUMENT_TYPES, DOCUMENT_TYPE_ABBREVIATIONS, SECRECIES, SIGNING_FORMS, URGENCIES, type DocumentType, type Secrecy, type SigningForm, type Urgency,
} from '../../../../shared/enums';
import { ApiError, api, patch, post } from '../../../api/client';
import { useMe, useToday, useUnits, useUsers } from '../../../api/queries';
import type { DocumentDetail } from '../../../api/types';
import { notBefore } from '../../../components/dateRules';
import { DATE_FORMAT, ErrorAlert } from '../../../components/labels';
import { looseSearch, nfc } from '../../../components/search';
import { hasTypedText, useUnsavedGuard } from '../../../components/unsaved';
import { type SubmitOptions, useSubmit, validValues } from '../../../components/useSubmit';
import { refreshOutgoing, useOutgoing } from '../api';
import { FileField, appendUploads } from '../components/FileField';
import type { ChainPreview, OutgoingDetail, RecipientInput } from '../types';

interface RecipientRow { target?: string; purpose: 'handle' | 'info'; dueDate?: Dayjs | null }

interface Values {
  documentType: DocumentType;
  summary: string;
  urgency: Urgency;
  secrecy: Secrecy;
  draftingUnitId?: string;
  signerId?: string;
  signingForm: SigningForm;
  recipients: RecipientRow[];
  /** Other agencies of this deployment (delivered by the exchange once issued). */
  agencies?: string[];
  external?: string;
  fromTemplate: boolean;
  files: UploadFile[];
  note?: string;
}

/** Typed work the page asks about before it is thrown away. */
const TYPED_FIELDS = ['summary', 'external', 'note', 'files'];
/** Server fields that are also this form's field names. */
const FORM_FIELDS = new Set(['documentType', 'summary', 'urgency', 'secrecy', 'draftingUnitId', 'signerId', 'signingForm', 'note', 'files']);

/** "unit:<id>" / "user:<id>" as a recipient of this agency. */
function recipientOf(row: RecipientRow): RecipientInput | null {
  if (!row.target) return null;
  const [kind, id] = row.target.split(':') as ['unit' | 'user', string];
  return {
    kind,
    ...(kind === 'unit' ? { unitId: id } : { userId: id }),
    purpose: row.purpose,
    dueDate: row.purpose === 'handle' && row.dueDate ? row.dueDate.format('YYYY-MM-DD') : undefined,
  };
}

/** The form's values for a saved draft: its details, its recipients split as the form shows them. */
function valuesOf(doc: OutgoingDetail): Partial<Values> {
  return {
    documentType: doc.documentType,
    summary: doc.summary,
    urgency: doc.urgency,
    secrecy: doc.secrecy,
    draftingUnitId: doc.draftingUnit?.id,
    signerId: doc.signer?.id,
    signingForm: doc.signingForm,
    recipients: doc.recipients
      .filter((r) => (r.kind === 'unit' || r.kind === 'user') && r.id)
      .map((r) => ({ target: `${r.kind}:${r.id}`, purpose: r.purpose, dueDate: r.dueDate ? dayjs(r.dueDate) : null })),
    agencies: doc.recipients.filter((r) => r.kind === 'agency' && r.id).map((r) => r.id!),
    external: doc.recipients.filter((r) => r.kind === 'external').map((r) => r.name ?? '').join('\n'),
  };
}

/** A new draft (/outgoing/new, or ?replyTo= an incoming document), or the corrections of a saved one (/outgoing/:id/edit). */
export function DraftFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const replyToId = params.get('replyTo') ?? undefined;
  // ?replaces= an issued document of the agency: this draft replaces it (the exchange carries the link).
  const replacesId = params.get('replaces') ?? undefined;
  const editId = useParams().id;
  const editing = useOutgoing(editId ?? '', Boolean(editId));
  const loaded = useRef(false);
  const me = useMe().data!;
  const units = useUnits();
  const users = useUsers();
  const today = useToday();
  const [form] = Form.useForm<Values>();
  const { busy, error, submit } = useSubmit(form);
  const saved = useRef(false);
  /** The summary a reply starts with: leaving with only that is no typed work to lose. */
  const prefilled = useRef<string | null>(null);
  useUnsavedGuard(() => {
    if (saved.current) return false;
    if (editId) return form.isFieldsTouched();
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const summary = typeof values.summary === 'string' ? values.summary : '';
    return hasTypedText(values, TYPED_FIELDS.filter((f) => f !== 'summary')) || (summary.trim() !== '' && summary !== prefilled.current);
  });

  const replyTo = useQuery({
    queryKey: ['document', replyToId ?? ''],
    queryFn: () => api<DocumentDetail>(`/api/incoming-documents/${replyToId}`),
    enabled: Boolean(replyToId),
  });

  const pageTitle = t(editId ? 'outgoing.form.editTitle' : replyToId ? 'outgoing.form.replyTitle' : 'outgoing.form.title');
  useEffect(() => {
    document.title = `${pageTitle} — VanPhong`;
  }, [pageTitle]);

  // A saved draft fills the form once, when it arrives.
  useEffect(() => {
    if (!editing.data || loaded.current) return;
    loaded.current = true;
    form.setFieldsValue(valuesOf(editing.data));
  }, [editing.data, form]);

  // A reply starts as "V/v trả lời …" of the incoming document, unless something was typed already.
  useEffect(() => {
    const incoming = replyTo.data;
    if (!incoming || form.getFieldValue('summary')) return;
    // Decree 30 trích yếu of a công văn: "V/v" once, then what it answers; the summary is in Vietnamese whatever the UI language.
    const subject = incoming.summary.replace(/^V\/v\s+/u, '');
    const values = { subject, reference: incoming.reference, issuer: incoming.issuer, lng: 'vi' };
    prefilled.current = t(incoming.reference ? 'outgoing.form.replySummaryRef' : 'outgoing.form.replySummary', values).slice(0, 500);
    form.setFieldValue('summary', prefilled.current);
  }, [replyTo.data, form, t]);

  const agencies = useQuery({
    queryKey: ['org', 'agencies'],
    queryFn: async () => (await api<{ items: { id: string; name: string; shortName: string }[] }>('/api/org/agencies')).items,
    staleTime: 300_000,
  });
  const activeUnits = useMemo(() => (units.data ?? []).filter((u) => u.active), [units.data]);
  const activeUsers = useMemo(() => (users.data ?? []).filter((u) => u.active), [users.data]);
  const signers = useMemo(() => activeUsers.filter((u) => u.roles.includes('leader') || u.roles.includes('unit_head')), [activeUsers]);
  const recipientOptions = useMemo(() => [
    { label: t('outgoing.field.unitsGroup'), options: activeUnits.map((u) => ({ value: `unit:${u.id}`, label: u.name })) },
    { label: t('outgoing.field.usersGroup'), options: activeUsers.filter((u) => u.id !== me.id).map((u) => ({ value: `user:${u.id}`, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` })) },
  ], [activeUnits, activeUsers, me.id, t]);
  const typeOptions = DOCUMENT_TYPES.map((v) => ({
    value: v,
    label: DOCUMENT_TYPE_ABBREVIATIONS[v] ? `${t(`enums.documentType.${v}`)} (${DOCUMENT_TYPE_ABBREVIATIONS[v]})` : t(`enums.documentType.${v}`),
  }));
  const fromTemplate = Form.useWatch('fromTemplate', form);
  const documentType = Form.useWatch('documentType', form);
  const signerId = Form.useWatch('signerId', form);
  const draftingUnitId = Form.useWatch('draftingUnitId', form);
  // Whom the draft will go to when submitted, so the drafter can pick another signer before it does.
  const chain = useQuery({
    queryKey: ['outgoing', 'chain-preview', me.id, documentType, signerId ?? null, draftingUnitId ?? null],
    queryFn: () => api<ChainPreview>('/api/approval-chains/preview', { query: { drafterId: me.id, documentType, signerId, unitId: draftingUnitId } }),
    enabled: Boolean(documentType),
    staleTime: 60_000,
  });
  const dueRule = notBefore(today, t('formRules.dueDateBeforeToday'));

  /** A server field error → the form field it belongs to. */
  const mapField: NonNullable<SubmitOptions['map']> = (field) => {
    const path = field.replace(/^metadata\./, '').split('.');
    // recipients.3.dueDate → the row's field; a row past the internal list is an outside address.
    if (path[0] === 'recipients' && path[1] !== undefined) {
      const index = Number(path[1]);
      const internal = (form.getFieldValue('recipients') as RecipientRow[] | undefined)?.length ?? 0;
      const agencies = (form.getFieldValue('agencies') as string[] | undefined)?.length ?? 0;
      if (index >= internal + agencies) return 'external';
      if (index >= internal) return 'agencies';
      return ['recipients', index, path[2] === 'dueDate' ? 'dueDate' : 'target'];
    }
    return FORM_FIELDS.has(path[0]!) ? path[0]! : null;
  };
  const scrollUp: NonNullable<SubmitOptions['alert']> = (e, left) => {
    window.scrollTo({ top: 0, behavior: 'smooth' });
    return e instanceof ApiError ? new ApiError(e.status, e.code, e.messages, left, e.details) : e;
  };

  async function save(andSubmit: boolean) {
    const values = await validValues(form);
    if (!values) return;
    const external = (nfc(values.external) ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
    const metadata = {
      documentType: values.documentType,
      summary: nfc(values.summary).trim(),
      urgency: values.urgency,
      secrecy: values.secrecy,
      draftingUnitId: values.draftingUnitId || undefined,
      signerId: values.signerId || undefined,
      signingForm: values.signingForm,
      replyToId,
      replacesId,
      recipients: [
        ...(values.recipients ?? []).map(recipientOf).filter((r): r is RecipientInput => r !== null),
        ...(values.agencies ?? []).map((agencyId): RecipientInput => ({ kind: 'agency', agencyId, purpose: 'info' })),
        ...external.map((name): RecipientInput => ({ kind: 'external', name, purpose: 'info' })),
      ],
      note: nfc(values.note)?.trim() || undefined,
      fromTemplate: values.fromTemplate || undefined,
    };
    if (editId) {
      const { documentType, summary, urgency, secrecy, draftingUnitId, signingForm, recipients } = metadata;
      await submit(async () => {
        await patch<OutgoingDetail>(`/api/outgoing-documents/${editId}`, { documentType, summary, urgency, secrecy, draftingUnitId, signerId: metadata.signerId ?? null, signingForm, recipients });
        if (andSubmit) await post(`/api/outgoing-documents/${editId}/submit`, {});
        saved.current = true;
        await refreshOutgoing(queryClient, editId, editing.data?.replyToId ?? undefined);
        void message.success(t('outgoing.form.edited'));
        navigate(`/outgoing/${editId}`);
      }, { map: mapField, alert: scrollUp });
      return;
    }
    const data = new FormData();
    data.append('metadata', JSON.stringify(metadata));
    if (!values.fromTemplate) appendUploads(data, values.files);
    await submit(async () => {
      const created = await api<OutgoingDetail>('/api/outgoing-documents', { method: 'POST', form: data });
      saved.current = true;
      if (andSubmit) await post(`/api/outgoing-documents/${created.id}/submit`, {});
      await refreshOutgoing(queryClient, created.id, replyToId);
      void message.success(t('outgoing.form.created'));
      navigate(`/outgoing/${created.id}`);
    }, { map: mapField, alert: scrollUp });
  }

  const required = (key: string, select = false) => ({
    required: true, ...(select ? {} : { whitespace: true }),
    message: t(select ? 'common.requiredSelect' : 'common.required', { field: t(key).toLowerCase() }),
  });
  const dateProps = { format: DATE_FORMAT, placeholder: t('common.datePlaceholder'), style: { width: '100%' } };

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">
        {pageTitle}
      </Typography.Title>
      {replyTo.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="reply-to"
          title={t('outgoing.form.replyLoaded', { number: replyTo.data.arrivalNumber ?? '—', summary: replyTo.data.summary })}
        />
      )}
      <ErrorAlert error={error ?? replyTo.error} title={error ? t('outgoing.form.errorsTitle') : undefined} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        name="outgoing-draft"
        layout="vertical"
        onFinish={() => void save(false)}
        initialValues={{
          documentType: 'official_letter', urgency: 'normal', secrecy: 'none', signingForm: 'none', fromTemplate: true, files: [],
          draftingUnitId: me.unitId ?? undefined, recipients: [],
        }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="documentType" label={t('outgoing.field.documentType')} rules={[required('outgoing.field.documentType', true)]}>
              <Select showSearch={looseSearch} options={typeOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="urgency" label={t('outgoing.field.urgency')}>
              <Select options={URGENCIES.map((v) => ({ value: v, label: t(`enums.urgency.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="secrecy" label={t('outgoing.field.secrecy')}>
              <Select options={SECRECIES.map((v) => ({ value: v, label: t(`enums.secrecy.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="summary"
              label={t('outgoing.field.summary')}
              extra={documentType === 'official_letter' ? t('outgoing.field.summaryHint') : undefined}
              rules={[required('outgoing.field.summary')]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="draftingUnitId" label={t('outgoing.field.draftingUnit')}>
              <Select showSearch={looseSearch} loading={units.isPending} options={activeUnits.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signerId" label={t('outgoing.field.signer')}>
              <Select
                allowClear
                showSearch={looseSearch}
                loading={users.isPending}
                options={signers.map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signingForm" label={t('outgoing.field.signingForm')}>
              <Select options={SIGNING_FORMS.map((v) => ({ value: v, label: t(`outgoing.signingForm.${v}`) }))} />
            </Form.Item>
          </Col>
          {chain.data && chain.data.steps.length > 0 && (
            <Col span={24} style={{ marginBottom: 16 }} data-testid="chain-preview">
              <Typography.Text type="secondary">{t('outgoing.form.chainPreview')}: </Typography.Text>
              {chain.data.steps.map((step, i) => (
                <span key={`${step.kind}-${step.holder.id}`}>
                  {i > 0 && ' → '}
                  <Typography.Text strong>{step.holder.fullName}</Typography.Text>
                  <Typography.Text type="secondary"> ({t(`outgoing.stepKind.${step.kind}`)})</Typography.Text>
                </span>
              ))}
            </Col>
          )}
        </Row>

        <Typography.Title level={5}>{t('outgoing.field.recipients')}</Typography.Title>
        <Form.List name="recipients">
          {(fields, { add, remove }) => (
            <div data-testid="recipients">
              {fields.map((field) => (
                <RecipientRowFields
                  key={field.key}
                  index={field.name}
                  options={recipientOptions}
                  dateProps={dateProps}
                  dueRule={dueRule}
                  onRemove={() => remove(field.name)}
                />
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ purpose: 'handle' })} data-testid="add-recipient" style={{ marginBottom: 16 }}>
                {t('outgoing.field.addRecipient')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="agencies" label={t('outgoing.field.agencyRecipients')} extra={t('outgoing.field.agencyRecipientsHint')}>
          <Select
            mode="multiple"
            showSearch={looseSearch}
            allowClear
            loading={agencies.isPending}
            options={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            placeholder={t('outgoing.field.agencyPlaceholder')}
            data-testid="agency-recipients"
          />
        </Form.Item>
        <Form.Item name="external" label={t('outgoing.field.externalRecipients')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('outgoing.field.externalPlaceholder')} />
        </Form.Item>

        {!editId && (
          <>
            <Form.Item name="fromTemplate" valuePropName="checked" label={t('outgoing.field.fromTemplate')} extra={fromTemplate ? t('outgoing.field.fromTemplateHint') : undefined}>
              <Switch data-testid="from-template" />
            </Form.Item>
            {!fromTemplate && (
              <FileField
                name="files"
                label={t('outgoing.field.files')}
                hint={t('outgoing.field.filesHint')}
                testId="draft-files"
                rules={[{ validator: (_, value: UploadFile[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('outgoing.form.filesRequired')))) }]}
              />
            )}
            <Form.Item name="note" label={t('outgoing.field.note')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
            </Form.Item>
          </>
        )}
        <Space wrap>
          <Button type="primary" size="large" htmlType="submit" loading={busy} data-testid="draft-save">{t('outgoing.form.save')}</Button>
          <Button size="large" loading={busy} onClick={() => void save(true)} data-testid="draft-save-submit">{t('outgoing.form.saveAndSubmit')}</Button>
          <Button size="large" onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

type Options = { label: string; options: { value: string; label: string }[] }[];

/** One recipient inside the agency: whom, to handle or for information, and by when. */
function RecipientRowFields({ index, options, dateProps, dueRule, onRemove }: {
  index: number;
  options: Options;
  dateProps: object;
  dueRule: ReturnType<typeof notBefore>;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const purpose = Form.useWatch(['recipients', index, 'purpose']) as 'handle' | 'info' | undefined;
  return (
    <Row gutter={8} align="top" data-testid="recipient-row">
      <Col xs={24} md={12}>
        <Form.Item
          name={[index, 'target']}
          label={t('outgoing.field.recipient')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('outgoing.field.recipient').toLowerCase() }) }]}
        >
          <Select showSearch={looseSearch} options={options} />
        </Form.Item>
      </Col>
      <Col xs={12} md={5}>
        <Form.Item name={[index, 'purpose']} label={t('outgoing.field.purpose')}>
          <Select options={(['handle', 'info'] as const).map((v) => ({ value: v, label: t(`outgoing.purpose.${v}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={10} md={5}>
        {purpose === 'handle' && (
          <Form.Item name={[index, 'dueDate']} label={t('outgoing.field.dueDate')} rules={[dueRule]}>
            <DatePicker {...dateProps} />
          </Form.Item>
        )}
      </Col>
      <Col xs={2} md={2}>
        <Form.Item label=" ">
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('outgoing.field.removeRecipient')} onClick={onRemove} />
        </Form.Item>
      </Col>
    </Row>
  );
}
