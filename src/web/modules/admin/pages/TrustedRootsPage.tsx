import { DeleteOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustedRootView } from '../../../../shared/signatures';
import { api, post } from '../../../api/client';
import { useServerNow } from '../../../api/queries';
import { ErrorAlert, formatDate, useErrorText } from '../../../components/labels';
import { signatureKeys } from '../../signatures/SignatureReport';

// The administrator's list of root certificates the agency trusts when it verifies signatures:
// import one (a .cer/.crt/.pem file, or pasted PEM), see its subject, issuer, validity and
// fingerprint to compare with the CA's published one, and remove it.

/** The fingerprint in pairs, as CAs publish it, so the admin can compare it by eye. */
const pairs = (hex: string) => hex.toUpperCase().match(/.{2}/g)?.join(':') ?? hex;

export function TrustedRootsPage() {
  const { t } = useTranslation();
  const now = useServerNow(); // the PC's clock may be wrong
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ pem: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('signatures.roots.title')} — VanPhong`;
  }, [t]);

  const roots = useQuery({ queryKey: signatureKeys.roots, queryFn: () => api<{ items: TrustedRootView[] }>('/api/signatures/trusted-roots') });

  async function importWith(send: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await send();
      form.resetFields();
      // Every verification shown so far may change with the list.
      await queryClient.invalidateQueries({ queryKey: signatureKeys.all });
      void message.success(t('signatures.roots.imported'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function importFile(file: File) {
    const data = new FormData();
    data.append('file', file, file.name);
    void importWith(() => api('/api/signatures/trusted-roots', { method: 'POST', form: data }));
  }

  function remove(root: TrustedRootView) {
    modal.confirm({
      title: t('signatures.roots.remove'),
      content: t('signatures.roots.removeConfirm'),
      okText: t('signatures.roots.remove'),
      okButtonProps: { danger: true, 'data-testid': 'remove-root-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api(`/api/signatures/trusted-roots/${root.id}`, { method: 'DELETE' });
          await queryClient.invalidateQueries({ queryKey: signatureKeys.all });
          void message.success(t('signatures.roots.removed'));
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  }

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('signatures.roots.title')}</Typography.Title>
      <Typography.Paragraph>{t('signatures.roots.intro')}</Typography.Paragraph>
      <ErrorAlert error={error ?? roots.error} style={{ marginBottom: 12 }} />
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
        <Upload
          accept=".cer,.crt,.pem,.der,application/pkix-cert,application/x-x509-ca-cert"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            importFile(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="root-file">{t('signatures.roots.chooseFile')}</Button>
        </Upload>
        <Form form={form} layout="vertical" name="trusted_root" onFinish={(values) => void importWith(() => post('/api/signatures/trusted-roots', { pem: values.pem }))}>
          <Form.Item name="pem" label={t('signatures.roots.pasteLabel')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: 'PEM' }) }]}>
            <Input.TextArea rows={4} placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Button htmlType="submit" loading={busy} icon={<SafetyCertificateOutlined />} data-testid="root-pem-submit">{t('signatures.roots.importPem')}</Button>
        </Form>
      </Space>
      <Table<TrustedRootView>
        rowKey="id"
        size="middle"
        loading={roots.isFetching}
        dataSource={roots.data?.items ?? []}
        data-testid="roots-table"
        locale={{ emptyText: t('signatures.roots.empty') }}
        scroll={{ x: 900 }}
        pagination={false}
        columns={[
          { title: t('signatures.roots.subject'), dataIndex: 'subject', render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{v}</span> },
          { title: t('signatures.roots.issuer'), dataIndex: 'issuer', render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{v}</span> },
          {
            title: t('signatures.roots.validity'),
            width: 200,
            render: (_: unknown, root) => (
              <>
                {formatDate(root.notBefore)} – {formatDate(root.notAfter)}
                {new Date(root.notAfter) < now && <> <Tag color="error">{t('signatures.roots.expired')}</Tag></>}
              </>
            ),
          },
          { title: t('signatures.roots.fingerprint'), dataIndex: 'fingerprintSha256', width: 260, render: (v: string) => <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>{pairs(v)}</Typography.Text> },
          {
            title: t('signatures.roots.actions'),
            width: 100,
            render: (_: unknown, root) => (
              <Button danger size="small" icon={<DeleteOutlined />} onClick={() => remove(root)} aria-label={`${t('signatures.roots.remove')}: ${root.subject}`}>
                {t('signatures.roots.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
