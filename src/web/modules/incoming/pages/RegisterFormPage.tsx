import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, List, Modal, Row, Select, Space, Typography, Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DOCUMENT_TYPES, DOCUMENT_TYPE_ABBREVIATIONS, SECRECIES, URGENCIES, type DocumentType } from '../../../../shared/enums';
import { ApiError, api } from '../../../api/client';
import { refreshAfterAction, useUsers } from '../../../api/queries';
import type { DocumentListItem } from '../../../api/types';
import { DATE_FORMAT, ErrorAlert, formatDate } from '../../../components/labels';
import { useSubmit } from '../../../components/useSubmit';

const MAX_FILE_MB = 30;
const ALLOWED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'docx', 'xlsx'];
const ALLOWED_MIME = new Set([
  'application/pdf', 'image/jpeg', 'image/png', 'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
export const ACCEPT = ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',');

/** The field names the server uses in 400 errors, which are also this form's field names. */
const FORM_FIELDS = new Set(['issuer', 'number', 'notation', 'issuedOn', 'documentType', 'summary', 'signer', 'urgency', 'secrecy', 'pageCount', 'dueDate', 'files', 'submitTo']);

interface Values {
  issuer: string;
  number?: string;
  notation?: string;
  issuedOn: Dayjs;
  documentType: DocumentType;
  summary: string;
  signer?: string;
  urgency: string;
  secrecy: string;
  pageCount?: number | null;
  dueDate?: Dayjs | null;
  files: UploadFile[];
  submitNow: boolean;
  submitTo?: string;
}

interface Created { id: string; arrivalNumber: number }

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

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
  const today = dayjs();

  useEffect(() => {
    document.title = `${t('registerForm.title')} — VanPhong`;
  }, [t]);

  const leaders = useMemo(() => (users.data ?? []).filter((u) => u.roles.includes('leader')), [users.data]);

  const issuer = Form.useWatch('issuer', form);
  const number = Form.useWatch('number', form);
  const notation = Form.useWatch('notation', form);
  const submitNow = Form.useWatch('submitNow', form);
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

  function checkFile(file: File): string | null {
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!ALLOWED_EXTENSIONS.includes(extension) && !ALLOWED_MIME.has(file.type)) {
      return t('registerForm.fileTypeError', { name: file.name });
    }
    if (file.size > MAX_FILE_MB * 1024 * 1024) return t('registerForm.fileSizeError', { name: file.name, maxMb: MAX_FILE_MB });
    return null;
  }

  async function register(confirmDuplicate: boolean) {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const metadata = {
      issuer: values.issuer.trim(),
      number: values.number?.trim() || undefined,
      notation: values.notation?.trim() || undefined,
      issuedOn: values.issuedOn.format('YYYY-MM-DD'),
      documentType: values.documentType,
      summary: values.summary.trim(),
      signer: values.signer?.trim() || undefined,
      urgency: values.urgency,
      secrecy: values.secrecy,
      pageCount: values.pageCount ?? undefined,
      dueDate: values.dueDate ? values.dueDate.format('YYYY-MM-DD') : undefined,
      confirmDuplicate: confirmDuplicate || undefined,
      submitTo: values.submitNow ? values.submitTo : undefined,
    };
    const data = new FormData();
    data.append('metadata', JSON.stringify(metadata));
    for (const file of values.files) {
      if (file.originFileObj) data.append('files', file.originFileObj, file.name);
    }
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
        if (e instanceof ApiError && e.code.startsWith('FILE_')) {
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

  // A rule with only `required` (no `whitespace`) also accepts non-string values such as dates.
  const required = (key: string, select = false) => ({
    required: true,
    ...(select ? {} : { whitespace: true }),
    message: t(select ? 'common.requiredSelect' : 'common.required', { field: t(key).toLowerCase() }),
  });

  const typeOptions = DOCUMENT_TYPES.map((v) => ({
    value: v,
    label: DOCUMENT_TYPE_ABBREVIATIONS[v] ? `${t(`enums.documentType.${v}`)} (${DOCUMENT_TYPE_ABBREVIATIONS[v]})` : t(`enums.documentType.${v}`),
  }));

  return (
    <Card>
      <Typography.Title level={4} className="vp-page-title" data-testid="page-title">{t('registerForm.title')}</Typography.Title>
      <ErrorAlert error={error} title={t('registerForm.errorsTitle')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        name="register"
        layout="vertical"
        onFinish={() => void register(false)}
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
          <Col xs={24} md={12}>
            <Form.Item name="issuer" label={t('doc.issuer')} rules={[required('doc.issuer')]}>
              <Input maxLength={200} placeholder={t('registerForm.issuerPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="number" label={t('doc.number')}>
              <Input maxLength={11} placeholder={t('registerForm.numberPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="notation" label={t('doc.notation')}>
              <Input maxLength={30} placeholder={t('registerForm.notationPlaceholder')} />
            </Form.Item>
          </Col>
          {possibleDuplicates.length > 0 && (
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
          <Col xs={12} md={6}>
            <Form.Item name="issuedOn" label={t('doc.issuedOn')} rules={[required('doc.issuedOn', true)]}>
              <DatePicker format={DATE_FORMAT} placeholder={t('common.datePlaceholder')} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="documentType" label={t('doc.documentType')} rules={[required('doc.documentType', true)]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={typeOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="signer" label={t('doc.signer')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label={t('doc.summary')} rules={[required('doc.summary')]}>
              <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('registerForm.summaryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="urgency" label={t('doc.urgency')}>
              <Select options={URGENCIES.map((v) => ({ value: v, label: t(`enums.urgency.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="secrecy" label={t('doc.secrecy')}>
              <Select options={SECRECIES.map((v) => ({ value: v, label: t(`enums.secrecy.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="pageCount" label={t('doc.pageCount')}>
              <InputNumber min={1} max={9999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="dueDate" label={t('doc.dueDate')}>
              <DatePicker format={DATE_FORMAT} placeholder={t('common.datePlaceholder')} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="files"
              label={t('registerForm.files')}
              valuePropName="fileList"
              required
              getValueFromEvent={(e: { fileList: UploadFile[] }) => e?.fileList ?? []}
              rules={[{ validator: (_, value: UploadFile[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('registerForm.filesRequired')))) }]}
            >
              <Upload.Dragger
                multiple
                accept={ACCEPT}
                data-testid="file-input"
                beforeUpload={(file) => {
                  const problem = checkFile(file);
                  if (problem) {
                    void message.error(problem);
                    return Upload.LIST_IGNORE;
                  }
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                <p className="ant-upload-text">{t('registerForm.filesHint')}</p>
                <p className="ant-upload-hint">{t('registerForm.filesTypes', { maxMb: MAX_FILE_MB })}</p>
              </Upload.Dragger>
            </Form.Item>
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
                  showSearch={{ optionFilterProp: 'label' }}
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
