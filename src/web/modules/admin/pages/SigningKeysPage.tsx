import { Card, Col, Form, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUsers } from '../../../api/queries';
import { looseSearch } from '../../../components/search';
import { CertificateList, CertificateUpload, ImageBlock } from '../../signatures/keys';

// Quản trị → Chữ ký số cơ quan: the agency's certificate (the clerk's agency signature at issuance)
// and its seal image, and any official's certificate and signature image uploaded on their behalf
// (officials who cannot do it themselves). The server allows all of it to the admin only.

const AGENCY = { kind: 'agency' } as const;

export function SigningKeysPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const [params, setParams] = useSearchParams();
  const userId = params.get('user') ?? undefined;
  const official = users.data?.find((u) => u.id === userId);

  useEffect(() => {
    document.title = `${t('signing.admin.title')} — VanPhong`;
  }, [t]);

  const owner = userId ? ({ kind: 'user', userId } as const) : null;
  return (
    <div data-testid="admin-signing-page">
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('signing.admin.title')}</Typography.Title>
      <Typography.Paragraph>{t('signing.admin.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={<h2 className="vp-card-title">{t('signing.admin.agencyCertificates')}</h2>} data-testid="agency-certificates">
            <CertificateList owner={AGENCY} />
            <Typography.Title level={3} className="vp-subsection-title">{t('signing.admin.addAgency')}</Typography.Title>
            <CertificateUpload owner={AGENCY} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="vp-card-title">{t('signing.admin.seal')}</h2>}>
            <ImageBlock kind="seal" owner={AGENCY} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={<h2 className="vp-card-title">{t('signing.admin.officials')}</h2>} data-testid="official-keys">
            <Typography.Paragraph>{t('signing.admin.officialsIntro')}</Typography.Paragraph>
            <Form layout="vertical" name="official_picker" style={{ maxWidth: 480 }}>
              <Form.Item label={t('signing.admin.official')} htmlFor="signing-official">
                <Select
                  id="signing-official"
                  showSearch={looseSearch}
                  allowClear
                  loading={users.isPending}
                  value={userId}
                  placeholder={t('signing.admin.pickOfficial')}
                  data-testid="official-picker"
                  onChange={(value?: string) => setParams(value ? { user: value } : {}, { replace: true })}
                  options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }))}
                />
              </Form.Item>
            </Form>
            {owner && (
              <Row gutter={[16, 16]} key={owner.userId}>
                <Col xs={24} xl={14}>
                  <Typography.Title level={3} className="vp-subsection-title">{t('signing.admin.certificatesOf', { name: official?.fullName ?? '' })}</Typography.Title>
                  <CertificateList owner={owner} />
                  <Typography.Title level={3} className="vp-subsection-title">{t('signing.admin.addFor', { name: official?.fullName ?? '' })}</Typography.Title>
                  <CertificateUpload owner={owner} />
                </Col>
                <Col xs={24} xl={10}>
                  <Typography.Title level={3} className="vp-subsection-title">{t('signing.admin.imageOf', { name: official?.fullName ?? '' })}</Typography.Title>
                  <ImageBlock kind="signature" owner={owner} ownerName={official?.fullName} />
                </Col>
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
