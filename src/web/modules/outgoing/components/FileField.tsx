import { InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Form, Upload, type FormItemProps, type UploadFile } from 'antd';
import { MAX_FILE_MB } from '../../incoming/components/DocumentFields';

/** DOCX and PDF for the main file; annexes may also be spreadsheets or scans. */
export const DRAFT_ACCEPT = '.docx,.pdf,.xlsx,.jpg,.jpeg,.png';

/**
 * A files field kept in the form as antd's UploadFile list; nothing is sent until the form is
 * (beforeUpload returns false). The server checks type and size again and says which file is wrong.
 */
export function FileField({ name, label, hint, rules, multiple = true, testId, compact = false }: {
  name: string;
  /** A button instead of the drop zone, for optional files inside a small form. */
  compact?: boolean;
  label: string;
  hint?: string;
  rules?: FormItemProps['rules'];
  multiple?: boolean;
  testId: string;
}) {
  return (
    <Form.Item
      name={name}
      label={compact ? undefined : label}
      extra={hint}
      valuePropName="fileList"
      getValueFromEvent={(e: { fileList: UploadFile[] }) => (multiple ? e?.fileList ?? [] : (e?.fileList ?? []).slice(-1))}
      rules={rules}
    >
      {compact ? (
        <Upload multiple={multiple} accept={DRAFT_ACCEPT} beforeUpload={() => false} data-testid={testId}>
          <Button icon={<PaperClipOutlined />}>{label}</Button>
        </Upload>
      ) : (
        <Upload.Dragger multiple={multiple} accept={DRAFT_ACCEPT} beforeUpload={() => false} data-testid={testId}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-hint">{`${DRAFT_ACCEPT.replaceAll(',', ' ')} · ≤ ${MAX_FILE_MB} MB`}</p>
        </Upload.Dragger>
      )}
    </Form.Item>
  );
}

export function appendUploads(data: FormData, files: UploadFile[] | undefined): void {
  for (const file of files ?? []) if (file.originFileObj) data.append('files', file.originFileObj, file.name);
}
