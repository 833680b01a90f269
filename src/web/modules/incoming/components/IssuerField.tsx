import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Form, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchKey } from '../../../../shared/text';
import { api, post } from '../../../api/client';
import { hasRole, useMe } from '../../../api/queries';
import type { DirectoryEntry, Page } from '../../../api/types';
import { useErrorText } from '../../../components/labels';
import { filterByLabel, nfc } from '../../../components/search';
import { useDebounced } from '../../../components/useDebounced';

// The issuer of a document ("Cơ quan ban hành"): picked from the agency directory as one types
// (without diacritics: "dien bien" finds "Điện Biên"), which links the document to the entry
// (`issuerId`), or typed freely for a sender not in it, which the clerk may then add.

interface IssuerOption { value: string; label: string; id: string }

export const directoryKeys = { all: ['directory'] as const };

export function IssuerField({ rules }: { rules: Rule[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const form = Form.useFormInstance();
  const me = useMe().data;
  const canAdd = hasRole(me, 'clerk') || hasRole(me, 'admin');
  const issuer = (Form.useWatch('issuer', form) as string | undefined) ?? '';
  const issuerId = Form.useWatch('issuerId', form) as string | null | undefined;
  // The name the linked entry was picked with: typing anything else unlinks it.
  const pickedName = useRef<string | null>(form.getFieldValue('issuerId') ? (form.getFieldValue('issuer') as string) : null);
  const [adding, setAdding] = useState(false);

  const typed = useDebounced(nfc(issuer).trim(), 250);
  const found = useQuery({
    queryKey: [...directoryKeys.all, 'pick', typed],
    queryFn: () => api<Page<DirectoryEntry>>('/api/directory', { query: { q: typed, pageSize: 10 } }),
    enabled: typed.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const entries = typed ? found.data?.items ?? [] : [];
  const options: IssuerOption[] = entries.map((e) => ({ value: e.name, label: e.name, id: e.id }));
  const exact = entries.some((e) => searchKey(e.name) === searchKey(issuer));

  useEffect(() => {
    if (form.getFieldValue('issuerId') && issuer !== pickedName.current) form.setFieldValue('issuerId', null);
  }, [issuer, form]);

  async function addToDirectory() {
    const name = nfc(issuer).trim();
    setAdding(true);
    try {
      const entry = await post<DirectoryEntry>('/api/directory', { name });
      pickedName.current = entry.name;
      form.setFieldsValue({ issuer: entry.name, issuerId: entry.id });
      void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      void message.success(t('directory.added', { name: entry.name }));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setAdding(false);
    }
  }

  let extra: React.ReactNode = null;
  if (issuerId) {
    extra = (
      <Typography.Text data-testid="issuer-linked">
        {/* A dark green: antd's success green on white is too faint for text. */}
        <CheckCircleOutlined style={{ color: '#237804' }} /> {t('directory.linked')}
      </Typography.Text>
    );
  } else if (issuer.trim() && typed && !found.isFetching && !exact) {
    extra = (
      <Space size={4} wrap data-testid="issuer-free">
        <Typography.Text type="secondary">{t('directory.notListed')}</Typography.Text>
        {canAdd && (
          <Button type="link" size="small" icon={<PlusOutlined />} loading={adding} onClick={() => void addToDirectory()} data-testid="issuer-add" style={{ paddingInline: 0 }}>
            {t('directory.addTo')}
          </Button>
        )}
      </Space>
    );
  }

  return (
    <>
      <Form.Item name="issuer" label={t('doc.issuer')} rules={rules} extra={extra}>
        <AutoComplete<string, IssuerOption>
          options={options}
          showSearch={{ filterOption: filterByLabel }}
          maxLength={200}
          placeholder={t('registerForm.issuerPlaceholder')}
          onSelect={(_, option) => {
            pickedName.current = option.value;
            form.setFieldValue('issuerId', option.id);
          }}
          data-testid="issuer-input"
        />
      </Form.Item>
      <Form.Item name="issuerId" hidden noStyle />
    </>
  );
}
