import { useQueryClient } from '@tanstack/react-query';
import { CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Row, Select, Space, Typography, type FormInstance, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentRole } from '../../../../shared/enums';
import { ApiError, api, patch, post } from '../../../api/client';
import { keys, useMe, useToday, useUnits, useUsers } from '../../../api/queries';
import type { AssignBody, AssigneeInput, Assignment, DocumentDetail } from '../../../api/types';
import { notAfter, notBefore } from '../../../components/dateRules';
import { DATE_FORMAT, ErrorAlert, formatDate } from '../../../components/labels';
import type { FieldName } from '../../../components/formErrors';
import { looseSearch, nfc } from '../../../components/search';
import { clearDraft, draftKey, hasTypedText, readDraft, useConfirmDiscard, useUnsavedGuard, writeDraft } from '../../../components/unsaved';
import { unplacedOnly, useSubmit, validValues, type SubmitOptions } from '../../../components/useSubmit';
import { DOCUMENT_FIELDS, changedFields, fieldValues, type DocumentFieldValues } from '../details';
import { DocumentFields, FilesField, appendFiles, isFileError } from './DocumentFields';
import { useSuggestedDueDate } from '../../calendar/api';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  /** Called after the server accepted the action. */
  onDone: () => Promise<void> | void;
}

/** A modal form that posts to the server, shows its errors and closes on success. */
function useSubmitter(form: FormInstance, onDone: DialogProps['onDone'], onClose: DialogProps['onClose']) {
  const { busy, error, submit } = useSubmit(form);
  const run = (action: () => Promise<unknown>, options?: SubmitOptions) =>
    submit(async () => {
      await action();
      await onDone();
      onClose();
    }, options);
  return { busy, error, run };
}

/** `onClose`, after asking first when `typed()` says something typed would be thrown away (Cancel, Escape, ×). */
function useGuardedClose(onClose: () => void, typed: () => boolean) {
  const confirmDiscard = useConfirmDiscard();
  return () => {
    if (!typed()) {
      onClose();
      return;
    }
    void confirmDiscard().then((discard) => {
      if (discard) onClose();
    });
  };
}

const formValues = (form: FormInstance) => form.getFieldsValue(true) as Record<string, unknown>;

// ---------------------------------------------------------------- submit (clerk → leader)

export function SubmitDialog({ open, onClose, onDone, doc }: DialogProps & { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ leaderId: string; note?: string }>();
  const users = useUsers();
  const leaders = (users.data ?? []).filter((u) => u.roles.includes('leader'));
  const { busy, error, run } = useSubmitter(form, onDone, onClose);
  const initialLeader = doc.submittedTo?.id ?? (leaders.find((l) => l.position === 'director') ?? leaders[0])?.id;
  const close = useGuardedClose(onClose, () => hasTypedText(formValues(form), ['note']));

  return (
    <Modal
      open={open}
      title={t('actions.submit')}
      okText={t('actions.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      onOk={() => void validValues(form).then((values) =>
        values && run(() => post(`/api/incoming-documents/${doc.id}/submit`, { leaderId: values.leaderId, note: nfc(values.note)?.trim() || undefined })))}
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} name="submit" layout="vertical" initialValues={{ leaderId: initialLeader }} preserve={false}>
        <Form.Item name="leaderId" label={t('dialogs.leader')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('dialogs.leader').toLowerCase() }) }]}>
          <Select
            loading={users.isPending}
            showSearch={looseSearch}
            options={leaders.map((l) => ({ value: l.id, label: `${l.fullName} — ${t(`enums.position.${l.position}`)}` }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('dialogs.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- a text and a POST (note, complete, return, return_to_clerk)

export interface TextActionSpec {
  title: string;
  label: string;
  field: 'note' | 'reason' | 'result';
  url: string;
  okText: string;
  danger?: boolean;
  hint?: string;
  max: number;
  /** For "complete" on an incoming document: its issued replies, one of which may be named as the answer. */
  replies?: { id: string; label: string }[];
}

export function TextActionDialog({ open, onClose, onDone, spec }: DialogProps & { spec: TextActionSpec | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const { busy, error, run } = useSubmitter(form, onDone, onClose);
  const close = useGuardedClose(onClose, () => Boolean(spec && hasTypedText(formValues(form), [spec.field])));
  if (!spec) return null;
  return (
    <Modal
      open={open}
      title={spec.title}
      okText={spec.okText}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      okButtonProps={{ danger: spec.danger, 'data-testid': 'dialog-ok' }}
      onOk={() => void validValues(form).then((values) =>
        values && run(() => post(spec.url, { [spec.field]: nfc(values[spec.field]!).trim(), ...(values.replyDocumentId ? { replyDocumentId: values.replyDocumentId } : {}) })))}
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {spec.hint && <Alert type="info" showIcon title={spec.hint} style={{ marginBottom: 12 }} />}
      <Form form={form} name={`action_${spec.field}`} layout="vertical" preserve={false} initialValues={{ replyDocumentId: spec.replies?.at(-1)?.id }}>
        <Form.Item
          name={spec.field}
          label={spec.label}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: spec.label.toLowerCase() }) }]}
        >
          <Input.TextArea rows={4} maxLength={spec.max} showCount autoFocus />
        </Form.Item>
        {spec.replies && spec.replies.length > 0 && (
          <Form.Item name="replyDocumentId" label={t('dialogs.replyDocument')} extra={t('dialogs.replyDocumentHelp')}>
            <Select allowClear options={spec.replies.map((r) => ({ value: r.id, label: r.label }))} data-testid="reply-document" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- assign (leader) and forward (unit head)

interface AssignValues {
  direction: string;
  lead?: string;
  leadDue?: Dayjs | null;
  coordinate?: string[];
  /** A due date per coordinator, keyed by the picked value; empty means the lead's. */
  coordinateDue?: Record<string, Dayjs | null | undefined>;
  info?: string[];
}

/** 'unit:<id>' or 'user:<id>' → the API's assignee. */
function toAssignee(value: string, role: AssignmentRole, due: Dayjs | null | undefined): AssigneeInput {
  const [kind, id] = value.split(':') as ['unit' | 'user', string];
  return { role, ...(kind === 'unit' ? { unitId: id } : { userId: id }), ...(due ? { dueDate: due.format('YYYY-MM-DD') } : {}) };
}

/**
 * The direction and the assignment (a leader's first, or a holder passing work on), as a panel
 * beside the document rather than a dialog over it: the leader reads while writing.
 */
export function AssignPanel({
  onClose, onDone, doc, parent,
}: Omit<DialogProps, 'open'> & { doc: Pick<DocumentDetail, 'id' | 'dueDate'> & Partial<Pick<DocumentDetail, 'urgency' | 'documentType'>>; /** Set when forwarding an assignment the user holds. */ parent?: Assignment | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
  const me = useMe().data;
  const units = useUnits();
  const users = useUsers();
  const { busy, error, run } = useSubmitter(form, onDone, onClose);
  const forwarding = Boolean(parent);
  const parentDue = parent?.dueDate ? dayjs(parent.dueDate) : null;
  const today = useToday();
  const coordinators = Form.useWatch('coordinate', form) ?? [];
  const leadDue = Form.useWatch('leadDue', form);
  // The direction typed so far is kept in this browser until it is sent (a reload or a closed tab
  // loses nothing); per official, document and action.
  const draft = me ? draftKey(me.id, doc.id, parent ? `forward.${parent.id}` : 'assign') : null;
  const [restored] = useState(() => (draft ? readDraft(draft) : undefined));
  const sent = useRef(false);
  const typedDirection = () => !sent.current && hasTypedText(formValues(form), ['direction']);
  const discardDraft = () => {
    if (draft) clearDraft(draft);
  };
  useUnsavedGuard(typedDirection, discardDraft);
  const close = useGuardedClose(() => {
    discardDraft();
    onClose();
  }, typedDirection);

  const options = useMemo(() => {
    const activeUnits = (units.data ?? []).filter((u) => u.active);
    const activeUsers = (users.data ?? []).filter((u) => u.active && u.id !== me?.id);
    const userLabel = (u: (typeof activeUsers)[number]) => {
      const unit = activeUnits.find((x) => x.id === u.unitId);
      return `${u.fullName} — ${t(`enums.position.${u.position}`)}${unit ? `, ${unit.shortName ?? unit.name}` : ''}`;
    };
    const unitGroup = { label: t('dialogs.groupUnits'), title: 'units', options: activeUnits.map((u) => ({ value: `unit:${u.id}`, label: u.name })) };
    if (forwarding) {
      const mine = activeUsers.filter((u) => u.unitId && u.unitId === me?.unitId);
      const others = activeUsers.filter((u) => !(u.unitId && u.unitId === me?.unitId));
      return [
        { label: t('dialogs.groupMyUnit'), title: 'mine', options: mine.map((u) => ({ value: `user:${u.id}`, label: userLabel(u) })) },
        { ...unitGroup, options: unitGroup.options.filter((o) => o.value !== `unit:${me?.unitId}`) },
        { label: t('dialogs.groupOthers'), title: 'others', options: others.map((u) => ({ value: `user:${u.id}`, label: userLabel(u) })) },
      ];
    }
    return [unitGroup, { label: t('dialogs.groupUsers'), title: 'users', options: activeUsers.map((u) => ({ value: `user:${u.id}`, label: userLabel(u) })) }];
  }, [units.data, users.data, me, forwarding, t]);
  const labelOf = (value: string) => options.flatMap((g) => g.options).find((o) => o.value === value)?.label ?? value;

  // Suggest the due date already set (the one passed down, else the document's), unless it has passed.
  const suggested = parentDue ?? (doc.dueDate ? dayjs(doc.dueDate) : null);
  const defaultDue = suggested && !suggested.isBefore(today, 'day') ? suggested : null;
  // Without a due date already set, the agency's rules suggest one (working days from today by urgency and type).
  const byRules = useSuggestedDueDate(defaultDue || parentDue ? undefined : doc.urgency ?? undefined, doc.documentType ?? undefined).data;
  useEffect(() => {
    if (byRules && !form.isFieldTouched('leadDue') && !form.getFieldValue('leadDue')) form.setFieldValue('leadDue', dayjs(byRules.dueDate));
  }, [byRules, form]);
  const dueRules = [
    notBefore(today, t('formRules.dueDateBeforeToday')),
    notAfter(parentDue, t('formRules.dueDateAfterParent', { date: parentDue?.format(DATE_FORMAT) ?? '' })),
  ];

  async function submit() {
    const values = await validValues(form);
    if (!values) return;
    const assignments: AssigneeInput[] = [];
    /** For each entry of `assignments`, the form fields its errors belong to. */
    const fieldOf: { pick: FieldName; due: FieldName }[] = [];
    if (values.lead) {
      assignments.push(toAssignee(values.lead, 'lead', values.leadDue));
      fieldOf.push({ pick: 'lead', due: 'leadDue' });
    }
    for (const v of values.coordinate ?? []) {
      assignments.push(toAssignee(v, 'coordinate', values.coordinateDue?.[v]));
      fieldOf.push({ pick: 'coordinate', due: ['coordinateDue', v] });
    }
    for (const v of values.info ?? []) {
      assignments.push(toAssignee(v, 'info', null));
      fieldOf.push({ pick: 'info', due: 'info' });
    }
    if (!assignments.length) {
      form.setFields([{ name: 'lead', errors: [t('dialogs.noRecipients')] }]);
      return;
    }
    const body: AssignBody = { direction: nfc(values.direction).trim(), assignments };
    const url = parent ? `/api/assignments/${parent.id}/forward` : `/api/incoming-documents/${doc.id}/assign`;
    await run(async () => {
      await post(url, body);
      sent.current = true;
      if (draft) clearDraft(draft);
    }, {
      map: (field) => {
        if (field === 'direction') return 'direction';
        if (field === 'assignments') return 'lead';
        const match = /^assignments\.(\d+)(?:\.(\w+))?$/.exec(field);
        if (!match) return null;
        const target = fieldOf[Number(match[1])];
        if (!target) return null;
        return match[2] === 'dueDate' ? target.due : target.pick;
      },
    });
  }

  const noRepeat = (own: 'lead' | 'coordinate' | 'info') => ({
    validator: async () => {
      const values = form.getFieldsValue();
      const picked = [values.lead, ...(values.coordinate ?? []), ...(values.info ?? [])].filter(Boolean);
      const mine = own === 'lead' ? [values.lead] : (values[own] ?? []);
      if (mine.some((v) => v && picked.filter((p) => p === v).length > 1)) throw new Error(t('dialogs.duplicatePick'));
    },
  });

  const selectProps = { showSearch: looseSearch, options, loading: units.isPending || users.isPending, allowClear: true };
  const title = forwarding ? t('actions.forward') : t('actions.assign');

  return (
    <Card
      title={title}
      data-testid="assign-panel"
      className="vp-side-panel"
      extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.close')} onClick={close} />}
      onKeyDown={(event) => {
        // Escape in an open picker closes the picker; elsewhere in the panel it closes the panel.
        if (event.key !== 'Escape' || (event.target as HTMLElement).closest('.ant-select, .ant-picker')) return;
        event.preventDefault();
        close();
      }}
      actions={[
        <Space key="buttons" style={{ width: '100%', justifyContent: 'flex-end', paddingInline: 16 }}>
          <Button onClick={close} data-testid="panel-cancel">{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} data-testid="dialog-ok" onClick={() => void submit().catch(() => undefined)}>{title}</Button>
        </Space>,
      ]}
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {restored && <Alert type="info" showIcon title={t('unsaved.draftRestored')} style={{ marginBottom: 12 }} data-testid="draft-restored" />}
      {parent && (
        <div style={{ marginBottom: 12 }}>
          {parent.direction && (
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              <Typography.Text type="secondary">{t('document.direction')} ({parent.assignedBy.fullName}): </Typography.Text>
              <Typography.Text italic>“{parent.direction}”</Typography.Text>
            </Typography.Paragraph>
          )}
          {parentDue && <Typography.Text type="secondary">{t('dialogs.parentDue', { date: formatDate(parent.dueDate) })}</Typography.Text>}
        </div>
      )}
      <Form
        form={form}
        name={forwarding ? 'forward' : 'assign'}
        layout="vertical"
        preserve={false}
        initialValues={{ leadDue: defaultDue, direction: restored }}
        onValuesChange={(changed: Partial<AssignValues>) => {
          if (draft && 'direction' in changed) writeDraft(draft, changed.direction ?? '');
        }}
      >
        <Form.Item
          name="direction"
          label={t('dialogs.direction')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('dialogs.direction').toLowerCase() }) }]}
        >
          <Input.TextArea rows={4} maxLength={4000} placeholder={forwarding ? t('dialogs.forwardDirectionPlaceholder') : t('dialogs.directionPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="lead"
          label={forwarding ? t('dialogs.leadOptional') : t('dialogs.lead')}
          extra={forwarding ? undefined : t('dialogs.leadHelp')}
          rules={[
            ...(forwarding ? [] : [{ required: true, message: t('common.requiredSelect', { field: t('dialogs.lead').toLowerCase() }) }]),
            noRepeat('lead'),
          ]}
        >
          <Select {...selectProps} placeholder={t('dialogs.pick')} />
        </Form.Item>
        <Form.Item name="leadDue" label={t('dialogs.leadDue')} rules={dueRules}
          extra={byRules && <span data-testid="assign-suggested-due">{t('calendar.suggested', { date: dayjs(byRules.dueDate).format(DATE_FORMAT), days: byRules.workingDays })}</span>}>
          <DatePicker format={DATE_FORMAT} placeholder={t('common.datePlaceholder')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="coordinate" label={t('dialogs.coordinate')} rules={[noRepeat('coordinate')]}>
          <Select {...selectProps} mode="multiple" placeholder={t('dialogs.pick')} />
        </Form.Item>
        {coordinators.length > 0 && (
          <div className="vp-due-list" data-testid="coordinator-dues">
            <Typography.Text type="secondary">{t('dialogs.coordinateDues')}</Typography.Text>
            {coordinators.map((value) => (
              <Form.Item key={value} name={['coordinateDue', value]} label={labelOf(value)} style={{ marginBottom: 8 }} rules={dueRules}>
                <DatePicker
                  format={DATE_FORMAT}
                  placeholder={leadDue ? t('dialogs.sameAsLead', { date: leadDue.format(DATE_FORMAT) }) : t('common.datePlaceholder')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            ))}
          </div>
        )}
        <Form.Item name="info" label={t('dialogs.info')} rules={[noRepeat('info')]}>
          <Select {...selectProps} mode="multiple" placeholder={t('dialogs.pick')} />
        </Form.Item>
      </Form>
    </Card>
  );
}

// ---------------------------------------------------------------- corrections by the clerk before assignment

/** After a refusal because the document moved on (assigned meanwhile, say), the page shows its new state. */
function useRefreshOnConflict(documentId: string) {
  const queryClient = useQueryClient();
  return async <T,>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 403)) void queryClient.invalidateQueries({ queryKey: keys.document(documentId) });
      throw e;
    }
  };
}

const DETAIL_FIELDS = new Set<string>(DOCUMENT_FIELDS);

/** The registered details, prefilled; sends only what changed. */
export function EditDialog({ open, onClose, onDone, doc }: DialogProps & { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DocumentFieldValues>();
  const { busy, error, run } = useSubmitter(form, onDone, onClose);
  const refreshOnConflict = useRefreshOnConflict(doc.id);
  const today = useToday(); // the server's day in Vietnam, not the PC's clock
  const arrival = doc.receivedOn ? dayjs(doc.receivedOn) : today;
  // The details as the dialog opened with them: a refetch meanwhile must not turn untouched fields into changes.
  const [original, setOriginal] = useState(doc);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOriginal(doc);
  }
  const close = useGuardedClose(onClose, () => Object.keys(changedFields(original, form.getFieldsValue(true) as DocumentFieldValues)).length > 0);

  async function save() {
    let values: DocumentFieldValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = changedFields(original, values);
    if (!Object.keys(body).length) {
      void message.info(t('correct.noChanges'));
      onClose();
      return;
    }
    await run(() => refreshOnConflict(() => patch<DocumentDetail>(`/api/incoming-documents/${doc.id}`, body)), {
      map: (field) => {
        const top = field.split('.')[0]!;
        return DETAIL_FIELDS.has(top) ? top : null;
      },
      alert: unplacedOnly,
    });
  }

  return (
    <Modal
      open={open}
      title={doc.arrivalNumber ? t('correct.title', { number: doc.arrivalNumber }) : t('actions.edit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      width={{ xs: '100%', md: 760 }}
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      onOk={() => void save()}
      data-testid="edit-dialog"
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Alert type="info" showIcon title={t('correct.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} name="edit" layout="vertical" preserve={false} initialValues={fieldValues(original)}>
        <Row gutter={16}>
          <DocumentFields issuedOnMax={arrival} dueDateMin={arrival} />
        </Row>
      </Form>
    </Modal>
  );
}

/** More files for the document (scanned pages, annexes), with the registration form's checks. */
export function AddFilesDialog({ open, onClose, onDone, doc }: Omit<DialogProps, 'onDone'> & {
  doc: DocumentDetail;
  /** Called with the number of files the server took. */
  onDone: (count: number) => Promise<void> | void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ files: UploadFile[] }>();
  const refreshOnConflict = useRefreshOnConflict(doc.id);
  const { busy, error, submit } = useSubmit(form);
  const close = useGuardedClose(onClose, () => hasTypedText(formValues(form), ['files']));

  async function upload() {
    let files: UploadFile[];
    try {
      files = (await form.validateFields()).files;
    } catch {
      return;
    }
    const data = new FormData();
    appendFiles(data, files);
    await submit(async () => {
      try {
        await refreshOnConflict(() => api<DocumentDetail>(`/api/incoming-documents/${doc.id}/attachments`, { method: 'POST', form: data }));
      } catch (e) {
        if (isFileError(e)) form.setFields([{ name: 'files', errors: [e.text(i18n.language)] }]);
        throw e;
      }
      await onDone(files.length);
      onClose();
    }, {
      map: (field) => (field.split('.')[0] === 'files' ? 'files' : null),
      // A refused file is named under the files already; the alert is for anything else.
      alert: (e, left) => (isFileError(e) ? null : unplacedOnly(e, left)),
    });
  }

  return (
    <Modal
      open={open}
      title={t('correct.addFiles')}
      okText={t('correct.addFiles')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'dialog-ok' }}
      onOk={() => void upload()}
      data-testid="add-files-dialog"
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} name="add_files" layout="vertical" preserve={false} initialValues={{ files: [] }}>
        <FilesField label={t('correct.files')} />
      </Form>
    </Modal>
  );
}
