// The "Chữ ký số" screens' server side: what an official sees of their certificates (organisation,
// validity state, fingerprint, the demo mark), who may add a certificate or an image for whom, who
// may see whose signature image, and the image checks an upload is refused by, each in words.
import forge from 'node-forge';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { DEMO_KEY_PASSPHRASE, DEMO_ROOT_NAME, demoSealPng, demoSignaturePng, issueCertificate, toPkcs12 } from './demo-ca.js';

let t: TestApp;
const id = (username: string) => t.people.get(username)!.id;

/** A PNG of `width`×`height` whose pixels `paint` colours (null: fully transparent). */
function png(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number] | null): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const [r, g, b, a] = paint(x, y) ?? [0, 0, 0, 0];
    image.data.set([r, g, b, a], (y * width + x) * 4);
  }
  return PNG.sync.write(image);
}
/** A stroke across the middle in the given colour, the rest transparent. */
const stroke = (colour: [number, number, number]) => png(200, 80, (_x, y) => (y > 35 && y < 45 ? [...colour, 255] : null));

// UTF8String, as CAs write Vietnamese names (forge's default PrintableString cannot hold them).
const field = (shortName: string, value: string): forge.pki.CertificateField => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

/** A PKCS#12 from a private CA that is not the demo one (as a licensed CA's file would be). */
async function privateCaP12(commonName: string, passphrase: string): Promise<Buffer> {
  const now = Date.now();
  const root = await issueCertificate({ subject: [field('CN', 'Viettel-CA Thử nghiệm'), field('O', 'Viettel Group'), field('C', 'VN')], notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 10 * 365 * 86_400_000), ca: true });
  const leaf = await issueCertificate({ subject: [field('CN', commonName), field('O', 'Sở Thông tin và Truyền thông tỉnh Điện Biên'), field('C', 'VN')], notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 2 * 365 * 86_400_000), ca: false }, root);
  return toPkcs12(leaf, [root.cert], passphrase, commonName);
}

beforeAll(async () => {
  t = await createTestApp({ signing: true });
}, 60_000);
afterAll(async () => t?.close());

describe('an official sees their certificates', () => {
  it('the director sees his demo certificate: name, organisation, issuer, validity, SHA-256 fingerprint, marked as demo', async () => {
    const director = await t.as('giamdoc');
    const response = await director.get('/api/signing/certificates');
    expect(response.statusCode, response.body).toBe(200);
    const [certificate, ...others] = response.json().items;
    expect(others).toHaveLength(0);
    expect(certificate).toMatchObject({ commonName: 'Nguyễn Văn Hùng', purpose: 'personal', userId: id('giamdoc'), state: 'valid', valid: true, demo: true });
    expect(certificate.organization).toMatch(/Sở Thông tin và Truyền thông/);
    expect(certificate.issuer).toMatch(/CA DEMO/);
    expect(certificate.rootSubject).toContain(`CN=${DEMO_ROOT_NAME}`);
    expect(certificate.fingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(new Date(certificate.notBefore).getTime()).toBeLessThan(Date.now());
    expect(new Date(certificate.notAfter).getTime()).toBeGreaterThan(Date.now());
  });

  it('an official adds their own .p12 from another CA: it is listed with its root and not marked as demo; the passphrase is not kept', async () => {
    const specialist = await t.as('cv.khtc');
    const p12 = await privateCaP12('Vũ Thị Hoa', 'mat-khau-rieng');
    const added = await specialist.upload('/api/signing/certificates', { passphrase: 'mat-khau-rieng' }, [{ name: 'hoa.p12', content: p12 }]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ commonName: 'Vũ Thị Hoa', organization: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', demo: false, state: 'valid', rootSubject: 'CN=Viettel-CA Thử nghiệm, O=Viettel Group, C=VN' });
    const listed = (await specialist.get('/api/signing/certificates')).json().items;
    expect(listed.map((c: { commonName: string }) => c.commonName)).toEqual(['Vũ Thị Hoa']);
    const stored = await t.database.db.selectFrom('signing_certificates').selectAll().where('user_id', '=', id('cv.khtc')).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.encrypted_p12!).includes(Buffer.from('mat-khau-rieng'))).toBe(false);
  });

  it('a certificate not valid yet is listed with that state, so the screen can say so', async () => {
    const specialist = await t.as('cv.bcvt');
    const later = Date.now() + 30 * 86_400_000;
    const root = await issueCertificate({ subject: [field('CN', 'CA tương lai')], notBefore: new Date(later), notAfter: new Date(later + 365 * 86_400_000), ca: true });
    const leaf = await issueCertificate({ subject: [field('CN', 'Lường Thị Duyên')], notBefore: new Date(later), notAfter: new Date(later + 300 * 86_400_000), ca: false }, root);
    const added = await specialist.upload('/api/signing/certificates', { passphrase: 'x' }, [{ name: 'sau.p12', content: toPkcs12(leaf, [root.cert], 'x', 'sau') }]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ state: 'not_yet_valid', valid: false, organization: null });
  });
});

describe('only the administrator adds keys and images for others and for the agency', () => {
  it('a specialist may not add the agency certificate, nor list the agency\'s or another official\'s certificates (403)', async () => {
    const specialist = await t.as('cv.cntt');
    const p12 = await privateCaP12('Sở TTTT', 'p');
    const agency = await specialist.upload('/api/signing/certificates', { passphrase: 'p', purpose: 'agency' }, [{ name: 'coquan.p12', content: p12 }]);
    expect(agency.statusCode).toBe(403);
    expect(agency.json().error.code).toBe('ADMIN_ONLY');
    expect((await specialist.get('/api/signing/certificates?purpose=agency')).statusCode).toBe(403);
    expect((await specialist.get(`/api/signing/certificates?userId=${id('giamdoc')}`)).statusCode).toBe(403);
  });

  it('the administrator adds a certificate for an official, who then sees it as their own; and lists the agency\'s', async () => {
    const admin = await t.as('quantri');
    const added = await admin.upload('/api/signing/certificates', { passphrase: 'p2', userId: id('cv.cntt2') }, [{ name: 'ngoc.p12', content: await privateCaP12('Bùi Thị Ngọc', 'p2') }]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().userId).toBe(id('cv.cntt2'));
    expect((await (await t.as('cv.cntt2')).get('/api/signing/certificates')).json().items.map((c: { commonName: string }) => c.commonName)).toEqual(['Bùi Thị Ngọc']);
    expect((await admin.get(`/api/signing/certificates?userId=${id('cv.cntt2')}`)).json().items).toHaveLength(1);
    const agency = (await admin.get('/api/signing/certificates?purpose=agency')).json().items;
    expect(agency).toHaveLength(1);
    expect(agency[0]).toMatchObject({ purpose: 'agency', userId: null, demo: true, state: 'valid' });
  });

  it('the administrator cannot add a certificate or an image for an official of another agency', async () => {
    const admin = await t.as('quantri');
    const other = await admin.upload('/api/signing/certificates', { passphrase: 'p3', userId: id('giamdoc.snv') }, [{ name: 'snv.p12', content: await privateCaP12('Tòng Văn Chiến', 'p3') }]);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields[0].field).toBe('userId');
    expect((await admin.upload('/api/signing/images', { kind: 'signature', userId: id('giamdoc.snv') }, [{ name: 'ky.png', content: demoSignaturePng(3) }])).statusCode).toBe(404);
    expect((await admin.get(`/api/signing/images?kind=signature&userId=${id('giamdoc.snv')}`)).statusCode).toBe(404);
  });

  it('only the administrator sets the seal; every official sees it, but only their own signature image (the administrator anyone\'s)', async () => {
    const specialist = await t.as('cv.cntt');
    const refused = await specialist.upload('/api/signing/images', { kind: 'seal' }, [{ name: 'dau.png', content: demoSealPng() }]);
    expect(refused.statusCode).toBe(403);
    const admin = await t.as('quantri');
    expect((await admin.upload('/api/signing/images', { kind: 'seal' }, [{ name: 'dau.png', content: demoSealPng() }])).statusCode).toBe(201);
    const seal = await specialist.get('/api/signing/images?kind=seal');
    expect(seal.statusCode).toBe(200);
    expect(seal.headers['content-type']).toBe('image/png');
    expect(seal.rawPayload.equals(demoSealPng())).toBe(true);

    expect((await specialist.get(`/api/signing/images?kind=signature&userId=${id('giamdoc')}`)).statusCode).toBe(403);
    const director = await t.as('giamdoc');
    const own = await director.get('/api/signing/images?kind=signature');
    expect(own.statusCode).toBe(200);
    expect(PNG.sync.read(own.rawPayload).width).toBe(360);
    expect((await admin.get(`/api/signing/images?kind=signature&userId=${id('giamdoc')}`)).rawPayload.equals(own.rawPayload)).toBe(true);
    // An official with no image yet: nothing to show.
    expect((await specialist.get('/api/signing/images?kind=signature')).statusCode).toBe(404);
  });

  it('the administrator uploads a signature image on an official\'s behalf; the official sees it as theirs', async () => {
    const admin = await t.as('quantri');
    const image = stroke([30, 60, 200]);
    const uploaded = await admin.upload('/api/signing/images', { kind: 'signature', userId: id('tp.khtc') }, [{ name: 'nam.png', content: image }]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json()).toEqual({ width: 200, height: 80 });
    expect((await (await t.as('tp.khtc')).get('/api/signing/images?kind=signature')).rawPayload.equals(image)).toBe(true);
  });
});

describe('an image is refused with the reason in words', () => {
  const refusal = async (kind: 'signature' | 'seal', content: Buffer, username = 'quantri') => {
    const response = await (await t.as(username)).upload('/api/signing/images', { kind }, [{ name: 'anh.png', content }]);
    expect(response.statusCode, response.body).toBe(400);
    return response.json().error as { code: string; message: { vi: string; en: string } };
  };

  it('a JPEG is not a PNG', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    const error = await refusal('signature', jpeg, 'cv.cntt');
    expect(error.code).toBe('SIGNATURE_IMAGE_NOT_PNG');
    expect(error.message.vi).toContain('PNG');
  });

  it('a signature on a white background is refused: the background must be transparent', async () => {
    const opaque = png(200, 80, (_x, y) => (y > 35 && y < 45 ? [30, 60, 200, 255] : [255, 255, 255, 255]));
    const error = await refusal('signature', opaque, 'cv.cntt');
    expect(error.code).toBe('SIGNATURE_IMAGE_NOT_TRANSPARENT');
    expect(error.message.vi).toContain('trong suốt');
  });

  it('a signature in black or red ink is refused (blue is required); a seal must be red', async () => {
    expect((await refusal('signature', stroke([10, 10, 10]), 'cv.cntt')).message.vi).toBe('Nét trên ảnh phải có màu xanh (mực xanh) (Nghị định 30/2020/NĐ-CP, Phụ lục I).');
    expect((await refusal('signature', stroke([200, 20, 30]), 'cv.cntt')).code).toBe('SIGNATURE_IMAGE_WRONG_COLOUR');
    const blueSeal = await refusal('seal', stroke([30, 60, 200]));
    expect(blueSeal.code).toBe('SIGNATURE_IMAGE_WRONG_COLOUR');
    expect(blueSeal.message.en).toContain('red');
  });

  it('an image too small is refused with its size; one over 1 MB is refused before it is read', async () => {
    const tiny = await refusal('signature', png(40, 20, () => [30, 60, 200, 255]), 'cv.cntt');
    expect(tiny.code).toBe('SIGNATURE_IMAGE_DIMENSIONS');
    expect(tiny.message.vi).toContain('40 × 20');
    const big = Buffer.concat([stroke([30, 60, 200]), Buffer.alloc(1024 * 1024 + 10)]);
    const error = await refusal('signature', big, 'cv.cntt');
    expect(error.code).toBe('FILE_TOO_LARGE');
  });

  it('a wrong passphrase for an uploaded key file says so, and stores nothing', async () => {
    const before = await t.database.db.selectFrom('signing_certificates').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const response = await (await t.as('cv.cntt')).upload('/api/signing/certificates', { passphrase: 'sai' }, [{ name: 'k.p12', content: await privateCaP12('Đặng Văn Long', DEMO_KEY_PASSPHRASE) }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('WRONG_PASSPHRASE');
    const after = await t.database.db.selectFrom('signing_certificates').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
