import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Skeleton, Typography } from 'antd';
import type { CompletionConfirmation } from '../../../../shared/enums';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../../api/client';
import { keys, useAgency } from '../../../api/queries';
import { ErrorAlert } from '../../../components/labels';
import { useSubmit } from '../../../components/useSubmit';

interface AgencyValues { name: string; shortName: string; organId?: string | null; completionConfirmation: CompletionConfirmation }

/** The agency's name, short name and OrganId: the first start names it from AGENCY_NAME, the admin corrects it here. */
export function AgencyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const agency = useAgency();
  const [form] = Form.useForm<AgencyValues>();
  const { busy, error, submit } = useSubmit(form);

  useEffect(() => {
    document.title = `${t('agency.title')} — VanPhong`;
  }, [t]);

  useEffect(() => {
    if (agency.data) form.setFieldsValue({ name: agency.data.name, shortName: agency.data.shortName ?? '', organId: agency.data.organId ?? '', completionConfirmation: agency.data.completionConfirmation });
  }, [agency.data, form]);

  async function onFinish(values: AgencyValues) {
    await submit(async () => {
      await patch('/api/org/agency', { name: values.name.trim(), shortName: values.shortName.trim(), organId: values.organId?.trim() || null, completionConfirmation: values.completionConfirmation });
      await queryClient.invalidateQueries({ queryKey: keys.agency });
      void message.success(t('admin.saved'));
    });
  }

  const required = (key: string) => ({ required: true, whitespace: true, message: t('common.required', { field: t(key).toLowerCase() }) });

  return (
    <Card style={{ maxWidth: 720 }}>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('agency.title')}</Typography.Title>
      <ErrorAlert error={error ?? agency.error} style={{ marginBottom: 12 }} />
      {agency.isPending ? <Skeleton active /> : (
        <Form<AgencyValues> form={form} layout="vertical" name="agency" onFinish={(values) => void onFinish(values)}>
          <Form.Item name="name" label={t('agency.name')} rules={[required('agency.name')]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="shortName" label={t('agency.shortName')} rules={[required('agency.shortName')]}>
            <Input maxLength={20} style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item name="organId" label={t('agency.organId')} extra={t('agency.organIdHelp')}>
            <Input maxLength={13} style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item name="completionConfirmation" label={t('agency.completionConfirmation')} extra={t('agency.completionConfirmationHelp')}>
            <Select
              options={[
                { value: 'required', label: t('agency.completionConfirmationRequired') },
                { value: 'automatic', label: t('agency.completionConfirmationAutomatic') },
              ]}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="agency-save">{t('common.save')}</Button>
        </Form>
      )}
    </Card>
  );
}
