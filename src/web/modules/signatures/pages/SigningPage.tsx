import { Card, Col, Row, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/queries';
import { CertificateList, CertificateUpload, ImageBlock } from '../keys';

// "Chữ ký số": every official's own certificates (the keys they sign with, held by the server and
// opened with their passphrase at each signature) and their handwritten signature image.

const ME = { kind: 'me' } as const;

export function SigningPage() {
  const { t } = useTranslation();
  const me = useMe().data;

  useEffect(() => {
    document.title = `${t('signing.title')} — VanPhong`;
  }, [t]);

  return (
    <div data-testid="signing-page">
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('signing.title')}</Typography.Title>
      <Typography.Paragraph>{t('signing.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={<h2 className="vp-card-title">{t('signing.myCertificates')}</h2>}>
            <CertificateList owner={ME} />
            <Typography.Title level={3} className="vp-subsection-title">{t('signing.addTitle')}</Typography.Title>
            <CertificateUpload owner={ME} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="vp-card-title">{t('signing.myImage')}</h2>}>
            <ImageBlock kind="signature" owner={ME} ownerName={me?.fullName} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
