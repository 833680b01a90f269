import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, List, Modal, Row, Select, Space, Typography, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../../api/client';
import { refreshAfterAction, useUsers, useToday } from '../../../api/queries';
import type { DocumentListItem } from '../../../api/types';
import { DATE_FORMAT, ErrorAlert, formatDate } from '../../../components/labels';
import { looseSearch, nfc } from '../../../components/search';
import { hasTypedText, useUnsavedGuard } from '../../../components/unsaved';
import { useDebounced } from '../../../components/useDebounced';
import { useSubmit, validValues } from '../../../components/useSubmit';
import { DocumentFields, FilesField, appendFiles, isFileError, useRequiredRule } from '../components/DocumentFields';
import { DOCUMENT_FIELDS, type DocumentFieldValues } from '../details';
import { UploadSignatures } from '../../signatures/SignatureReport';
import { useSuggestedDueDate } from '../../calendar/api';
import type { Urgency } from '../../../../shared/enums';
import { usePrefill } from '../../digitization/usePrefill';

const isPdfFile = (file: File) => file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');

/** The field names the server uses in 400 errors, which are also this form's field names. */
const FORM_FIELDS = new Set<string>([...DOCUMENT_FIELDS, 'files', 'submitTo']);

interface Values extends DocumentFieldValues {
  files: UploadFile[];
  submitNow: boolean;
  submitTo?: string;
}

interface Created { id: string; arrivalNumber: number }

/** The fields whose typed content the page asks about before it is thrown away. */
const TYPED_FIELDS = ['issuer', 'number', 'notation', 'summary', 'signer', 'files'];

function DuplicateList({ items }: { items: DocumentListItem[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      data-testid="duplicate-list"
      renderItem={(d) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <Link to={`/incoming/${d.id}`} target="_blank">
              <strong>{d.arrivalNumber ?? '—'}</strong> · {formatDate(d.receivedOn)} · {d.reference}
            </Link>
            <Typography.Text type="secondary">{d.issuer} — {d.summary}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

export function RegisterFormPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const users = useUsers();
  const { busy, error, submit } = useSubmit(form);
  const [duplicates, setDuplicates] = useState<DocumentListItem[] | null>(null);
  const today = useToday();
  /** Set once registered: the page then leaves for the new document without asking. */
  const registered = useRef(false);
  useUnsavedGuard(() => !registered.current && hasTypedText(form.getFieldsValue(true) as Record<string, unknown>, TYPED_FIELDS));

  useEffect(() => {
    document.title = `${t('registerForm.title')} — VanPhong`;
  }, [t]);

  const leaders = useMemo(() => (users.data ?? []).filter((u) => u.roles.includes('leader')), [users.data]);

  const issuer = Form.useWatch('issuer', form);
  const number = Form.useWatch('number', form);
  const notation = Form.useWatch('notation', form);
  const submitNow = Form.useWatch('submitNow', form);
  // The due date the agency's rules give this urgency and type, in working days from today:
  // filled in while the clerk has not chosen one, shown under the field always.
  const urgency = Form.useWatch('urgency', form);
  const documentType = Form.useWatch('documentType', form);
  const suggested = useSuggestedDueDate(urgency as Urgency | undefined, documentType).data;
  // Replaced only while it still holds the last suggestion (or nothing): a date the clerk chose stays.
  const autoDue = useRef<string | null>(null);
  useEffect(() => {
    if (!suggested) return;
    const current = (form.getFieldValue('dueDate') as dayjs.Dayjs | undefined)?.format('YYYY-MM-DD') ?? null;
    if (current !== null && current !== autoDue.current) return;
    autoDue.current = suggested.dueDate;
    form.setFieldsValue({ dueDate: dayjs(suggested.dueDate) });
  }, [suggested, form]);
  const files = Form.useWatch('files', form);
  // Bóc tách: the first file dropped fills in what the clerk has not typed (DOMAIN.md 1.8).
  const prefill = usePrefill(form, files);
  const reference = useDebounced({ issuer: issuer?.trim() ?? '', number: number?.trim() ?? '', notation: notation?.trim() ?? '' }, 400);
  const duplicateQuery = useQuery({
    queryKey: ['duplicates', reference],
    queryFn: () => api<{ items: DocumentListItem[] }>('/api/incoming-documents/duplicates', { query: reference }),
    enabled: Boolean(reference.issuer && (reference.number || reference.notation)),
    staleTime: 5_000,
  });
  const possibleDuplicates = reference.issuer && (reference.number || reference.notation) ? duplicateQuery.data?.items ?? [] : [];

  useEffect(() => {
    if (!form.getFieldValue('submitTo') && leaders.length) {
      form.setFieldValue('submitTo', (leaders.find((l) => l.position === 'director') ?? leaders[0])!.id);
    }
  }, [leaders, form]);

  async function register(confirmDuplicate: boolean) {
    const values = await validValues(form);
    if (!values) return;
    const metadata = {
      issuer: nfc(values.issuer).trim(),
      issuerId: values.issuerId || undefined,
      number: nfc(values.number)?.trim() || undefined,
      notation: nfc(values.notation)?.trim() || undefined,
      issuedOn: values.issuedOn.format('YYYY-MM-DD'),
      documentType: values.documentType,
      summary: nfc(values.summary).trim(),
      signer: nfc(values.signer)?.trim() || undefined,
      urgency: values.urgency,
      secrecy: values.secrecy,
      pageCount: values.pageCount ?? undefined,
      dueDate: values.dueDate ? values.dueDate.format('YYYY-MM-DD') : undefined,
      confirmDuplicate: confirmDuplicate || undefined,
      submitTo: values.submitNow ? values.submitTo : undefined,
    };
    const data = new FormData();
    data.append('metadata', JSON.stringify(metadata));
    appendFiles(data, values.files);
    await submit(async () => {
      let created: Created;
      try {
        created = await api<Created>('/api/incoming-documents', { method: 'POST', form: data });
      } catch (e) {
        setDuplicates(null);
        if (e instanceof ApiError && e.code === 'DUPLICATE_DOCUMENT') {
          const found = (e.details as { duplicates?: DocumentListItem[] } | undefined)?.duplicates ?? [];
          setDuplicates(found);
          return;
        }
        if (isFileError(e)) {
          form.setFields([{ name: 'files', errors: [e.text(i18n.language)] }]);
        }
        throw e;
      }
      setDuplicates(null);
      void message.success({
        content: t(metadata.submitTo ? 'registerForm.successSubmitted' : 'registerForm.success', { number: created.arrivalNumber }),
        duration: 6,
      });
      await refreshAfterAction(queryClient);
      registered.current = true;
      navigate(`/incoming/${created.id}`);
    }, {
      map: (field) => {
        const top = field.split('.')[0]!;
        return FORM_FIELDS.has(top) ? top : null;
      },
      alert: (e, left) => {
        window.scrollTo({ top: 0, behavior: 'smooth' });
        // The top alert repeats only what no field shows.
        return e instanceof ApiError ? new ApiError(e.status, e.code, e.messages, left, e.details) : e;
      },
    });
  }

  const required = useRequiredRule();

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('registerForm.title')}</Typography.Title>
      <ErrorAlert error={error} title={t('registerForm.errorsTitle')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        name="register"
        layout="vertical"
        onFinish={() => void register(false)}
        onValuesChange={prefill.onValuesChange}
        initialValues={{ urgency: 'normal', secrecy: 'none', files: [], submitNow: true, documentType: 'official_letter' }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('registerForm.arrival')}>
              <Typography.Text data-testid="arrival-date">{t('registerForm.arrivalValue', { date: today.format(DATE_FORMAT) })}</Typography.Text>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('doc.arrivalNumber')}>
              <Typography.Text type="secondary">{t('registerForm.arrivalNumberValue')}</Typography.Text>
            </Form.Item>
          </Col>
          <DocumentFields
            issuedOnMax={today}
            dueDateMin={today}
            dueDateExtra={suggested && <span data-testid="suggested-due-date">{t('calendar.suggested', { date: dayjs(suggested.dueDate).format(DATE_FORMAT), days: suggested.workingDays })}</span>}
            afterReference={possibleDuplicates.length > 0 && (
              <Col span={24}>
                <Alert
                  type="warning"
                  showIcon
                  data-testid="duplicate-warning"
                  style={{ marginBottom: 16 }}
                  title={t('registerForm.duplicateWarning')}
                  description={<DuplicateList items={possibleDuplicates} />}
                />
              </Col>
            )}
          />
          <Col span={24}>
            {/* DOMAIN.md 1.5: the clerk checks authenticity and integrity before registering, so each PDF shows its signatures under it. */}
            {prefill.banner}
            <FilesField label={t('registerForm.files')} belowFile={(file) => (file.originFileObj && isPdfFile(file.originFileObj) ? <UploadSignatures file={file.originFileObj} /> : null)} />
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="submitNow" valuePropName="checked" label=" ">
              <Checkbox data-testid="submit-now">{t('registerForm.submitNow')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            {submitNow && (
              <Form.Item name="submitTo" label={t('registerForm.leader')} rules={[required('registerForm.leader', true)]}>
                <Select
                  loading={users.isPending}
                  showSearch={looseSearch}
                  options={leaders.map((l) => ({ value: l.id, label: `${l.fullName} — ${t(`enums.position.${l.position}`)}` }))}
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="register-submit">
            {t('registerForm.submit')}
          </Button>
          <Button size="large" onClick={() => navigate('/incoming')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      <Modal
        open={duplicates !== null}
        title={t('registerForm.duplicateTitle')}
        onCancel={() => setDuplicates(null)}
        okText={t('registerForm.registerAnyway')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'register-anyway' }}
        onOk={() => void register(true)}
        data-testid="duplicate-modal"
      >
        <Typography.Paragraph>{t('registerForm.duplicateText')}</Typography.Paragraph>
        <DuplicateList items={duplicates ?? []} />
      </Modal>
    </Card>
  );
}
