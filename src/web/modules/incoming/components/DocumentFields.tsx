import { InboxOutlined } from '@ant-design/icons';
import { App, Col, DatePicker, Form, Input, InputNumber, Select, Upload, type UploadFile, type UploadProps } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, DOCUMENT_TYPE_ABBREVIATIONS, SECRECIES, URGENCIES } from '../../../../shared/enums';
import { ApiError } from '../../../api/client';
import { useToday } from '../../../api/queries';
import { notAfter, notBefore } from '../../../components/dateRules';
import { DATE_FORMAT } from '../../../components/labels';
import { looseSearch } from '../../../components/search';
import { IssuerField } from './IssuerField';

// The registered details of an incoming document and its files, as the registration form and the
// clerk's correction dialogs enter them.

export const MAX_FILE_MB = 30;
const ALLOWED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'docx', 'xlsx'];
const ALLOWED_MIME = new Set([
  'application/pdf', 'image/jpeg', 'image/png', 'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
export const ACCEPT = ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',');

/** A server error about the files themselves (type, size, count), shown under the files field. */
export const isFileError = (error: unknown): error is ApiError =>
  error instanceof ApiError && (error.code.startsWith('FILE_') || error.code === 'TOO_MANY_FILES');

/** A rule with only `required` (no `whitespace`) also accepts non-string values such as dates. */
export function useRequiredRule() {
  const { t } = useTranslation();
  return (key: string, select = false) => ({
    required: true,
    ...(select ? {} : { whitespace: true }),
    message: t(select ? 'common.requiredSelect' : 'common.required', { field: t(key).toLowerCase() }),
  });
}

/**
 * The Form.Items of the registered details, as `Col`s for a `Row`. `afterReference` goes right
 * after the issuer, number and notation (the registration form warns of duplicates there).
 */
export function DocumentFields({ issuedOnMax, dueDateMin, afterReference, dueDateExtra }: {
  /** The latest issue date allowed (the arrival date). */
  issuedOnMax: Dayjs;
  /** The earliest due date allowed. */
  dueDateMin: Dayjs;
  afterReference?: ReactNode;
  /** Under the due date: the date the agency's rules suggest (registration form). */
  dueDateExtra?: ReactNode;
}) {
  const { t } = useTranslation();
  const required = useRequiredRule();
  const today = useToday();
  const issuedOnRule = notAfter(issuedOnMax, issuedOnMax.isSame(today, 'day')
    ? t('formRules.issuedOnAfterToday')
    : t('formRules.issuedOnAfter', { date: issuedOnMax.format(DATE_FORMAT) }));
  const dueDateRule = notBefore(dueDateMin, dueDateMin.isSame(today, 'day')
    ? t('formRules.dueDateBeforeToday')
    : t('formRules.dueDateBefore', { date: dueDateMin.format(DATE_FORMAT) }));
  const typeOptions = DOCUMENT_TYPES.map((v) => ({
    value: v,
    label: DOCUMENT_TYPE_ABBREVIATIONS[v] ? `${t(`enums.documentType.${v}`)} (${DOCUMENT_TYPE_ABBREVIATIONS[v]})` : t(`enums.documentType.${v}`),
  }));
  const dateProps = { format: DATE_FORMAT, placeholder: t('common.datePlaceholder'), style: { width: '100%' } };

  return (
    <>
      <Col xs={24} md={12}>
        <IssuerField rules={[required('doc.issuer')]} />
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
      {afterReference}
      <Col xs={12} md={6}>
        <Form.Item name="issuedOn" label={t('doc.issuedOn')} rules={[required('doc.issuedOn', true), issuedOnRule]}>
          <DatePicker {...dateProps} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="documentType" label={t('doc.documentType')} rules={[required('doc.documentType', true)]}>
          <Select showSearch={looseSearch} options={typeOptions} />
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
        <Form.Item name="dueDate" label={t('doc.dueDate')} rules={[dueDateRule]} extra={dueDateExtra}>
          <DatePicker {...dateProps} />
        </Form.Item>
      </Col>
    </>
  );
}

/**
 * The `files` Form.Item: a drop zone that turns away, with a message, files of a type or size the
 * server would refuse. The chosen files are sent with the form, not uploaded on their own.
 */
/** `belowFile`: what to show under a chosen file in the list (the registration form shows a PDF's signatures there). */
export function FilesField({ label, belowFile }: { label: string; belowFile?: (file: UploadFile) => ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  function checkFile(file: File): string | null {
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!ALLOWED_EXTENSIONS.includes(extension) && !ALLOWED_MIME.has(file.type)) {
      return t('registerForm.fileTypeError', { name: file.name });
    }
    if (file.size > MAX_FILE_MB * 1024 * 1024) return t('registerForm.fileSizeError', { name: file.name, maxMb: MAX_FILE_MB });
    return null;
  }

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const problem = checkFile(file);
    if (problem) {
      void message.error(problem);
      return Upload.LIST_IGNORE;
    }
    return false;
  };

  /**
   * The upload area is a role="button"; buttons answer Space as well as Enter, but Ant Design's opens the
   * file chooser on Enter only. As a native button does, Space acts when released (Chromium opens no
   * chooser from the key-down); pressed, it only must not scroll the page.
   */
  function spaceOpensChooser(event: React.KeyboardEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    if (event.key !== ' ' || target.getAttribute('role') !== 'button' || !target.classList.contains('ant-upload')) return;
    event.preventDefault();
    if (event.type === 'keyup') target.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  return (
    <div onKeyDown={spaceOpensChooser} onKeyUp={spaceOpensChooser}>
      <Form.Item
        name="files"
        label={label}
        valuePropName="fileList"
        required
        getValueFromEvent={(e: { fileList: UploadFile[] }) => e?.fileList ?? []}
        rules={[{ validator: (_, value: UploadFile[] | undefined) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('registerForm.filesRequired')))) }]}
      >
        <Upload.Dragger
          multiple
          accept={ACCEPT}
          data-testid="file-input"
          beforeUpload={beforeUpload}
          itemRender={belowFile ? (node, file) => <div>{node}{belowFile(file)}</div> : undefined}
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t('registerForm.filesHint')}</p>
          <p className="ant-upload-hint">{t('registerForm.filesTypes', { maxMb: MAX_FILE_MB })}</p>
        </Upload.Dragger>
      </Form.Item>
    </div>
  );
}

/** The chosen files as the API's multipart `files` parts. */
export function appendFiles(data: FormData, files: UploadFile[]): void {
  for (const file of files) {
    if (file.originFileObj) data.append('files', file.originFileObj, file.name);
  }
}
