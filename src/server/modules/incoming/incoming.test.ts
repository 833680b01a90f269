import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDocumentChain } from '../events/events.repository.js';
import { collectUnreferencedFiles } from '../files/file-collector.js';
import { type Client, createTestApp, samplePdfBytes, storedFiles, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let pdf: Uint8Array;
let serial = 0;

const metadata = (overrides: Record<string, unknown> = {}) => ({
  issuer: 'UBND tỉnh Điện Biên',
  number: String(1000 + ++serial),
  notation: 'UBND-KT',
  issuedOn: '2026-01-02',
  documentType: 'official_letter',
  summary: `V/v triển khai nhiệm vụ chuyển đổi số số ${serial}`,
  signer: 'Lò Văn Tiến',
  urgency: 'normal',
  pageCount: 2,
  ...overrides,
});

async function register(clerk: Client, overrides: Record<string, unknown> = {}) {
  return clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata(overrides)) }, [{ name: 'van-ban.pdf', content: pdf, type: 'application/pdf' }]);
}

/** Registers, submits to the director and has the director assign; returns ids for the next steps. */
async function assignedToUnit(unit: 'cntt' | 'khtc', overrides: Record<string, unknown> = {}, extra: object[] = []) {
  const clerk = await t.as('vanthu');
  const created = await register(clerk, { submitTo: t.people.get('giamdoc')!.id, ...overrides });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  const director = await t.as('giamdoc');
  const unitId = t.people.get(unit === 'cntt' ? 'tp.cntt' : 'tp.khtc')!.unitId;
  const assigned = await director.post(`/api/incoming-documents/${id}/assign`, {
    direction: 'Giao phòng chủ trì tham mưu xử lý.',
    assignments: [{ role: 'lead', unitId, dueDate: '2026-01-20' }, ...extra],
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return { id, leadId: assigned.json().assignmentIds[0] as string };
}

beforeAll(async () => {
  t = await createTestApp();
  t.setNow(new Date('2026-01-05T03:00:00Z'));
  pdf = await samplePdfBytes();
});
afterAll(async () => t?.close());

describe('registering incoming documents', () => {
  it('a clerk registers a document with its file and gets the next arrival number', async () => {
    const clerk = await t.as('vanthu');
    const response = await register(clerk);
    expect(response.statusCode, response.body).toBe(201);
    const doc = response.json();
    expect(doc.arrivalNumber).toBeGreaterThanOrEqual(1);
    expect(doc.receivedOn).toBe('2026-01-05');
    expect(doc.status).toBe('registered');
    const detail = (await clerk.get(`/api/incoming-documents/${doc.id}`)).json();
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ fileName: 'van-ban.pdf', mimeType: 'application/pdf' });
    expect(detail.actions).toContain('submit');
    const file = await clerk.get(`/api/incoming-documents/${doc.id}/attachments/${detail.attachments[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(Buffer.from(pdf))).toBe(true);
  });

  it('50 registrations at once get consecutive arrival numbers with no gap and no repeat', async () => {
    const clerk = await t.as('vanthu');
    const before = await t.database.db.selectFrom('documents').select(sql<number>`coalesce(max(arrival_number), 0)::int`.as('max')).executeTakeFirstOrThrow();
    const responses = await Promise.all(Array.from({ length: 50 }, () => register(clerk)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const numbers = responses.map((r) => r.json().arrivalNumber as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => before.max + 1 + i));
  });

  it('arrival numbers restart at 1 on 1 January (Vietnam time)', async () => {
    const clerk = await t.as('vanthu');
    t.setNow(new Date('2026-12-31T16:30:00Z')); // 23:30 on 31 Dec in Hanoi... no: 23:30 UTC+7 is 16:30 UTC
    const lastOfYear = (await register(clerk, { issuedOn: '2026-12-30' })).json();
    expect(lastOfYear.receivedOn).toBe('2026-12-31');
    t.setNow(new Date('2026-12-31T17:05:00Z')); // 00:05 on 1 January 2027 in Vietnam
    const firstOfYear = (await register(clerk, { issuedOn: '2026-12-30' })).json();
    expect(firstOfYear.receivedOn).toBe('2027-01-01');
    expect(firstOfYear.arrivalNumber).toBe(1);
    const second = (await register(clerk, { issuedOn: '2026-12-30' })).json();
    expect(second.arrivalNumber).toBe(2);
    t.setNow(new Date('2026-01-05T03:00:00Z'));
  });

  it('warns about a document already registered with the same issuer and reference, and registers it once confirmed', async () => {
    const clerk = await t.as('vanthu');
    const first = await register(clerk, { number: '777', notation: 'QĐ-UBND' });
    expect(first.statusCode).toBe(201);
    const again = await register(clerk, { number: '777', notation: 'qđ-ubnd', issuer: ' ubnd tỉnh điện biên ' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DUPLICATE_DOCUMENT');
    expect(again.json().error.message.vi).toMatch(/đã được đăng ký/);
    expect(again.json().error.details.duplicates[0].id).toBe(first.json().id);
    const lookup = await clerk.get(`/api/incoming-documents/duplicates?issuer=${encodeURIComponent('UBND tỉnh Điện Biên')}&number=777&notation=${encodeURIComponent('QĐ-UBND')}`);
    expect(lookup.json().items).toHaveLength(1);
    const confirmed = await register(clerk, { number: '777', notation: 'QĐ-UBND', confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
  });

  it('the register lists whom the clerk passed a document to, when that person first opened it, and who leads it (Decree 30 columns)', async () => {
    const clerk = await t.as('vanthu');
    const summary = 'V/v cột ký nhận của sổ đăng ký văn bản đến';
    const created = await register(clerk, { summary, submitTo: t.people.get('giamdoc')!.id });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const row = async () => (await clerk.get(`/api/incoming-documents?q=${encodeURIComponent(summary)}`)).json().items[0];
    expect(await row()).toMatchObject({ id, recipient: 'Nguyễn Văn Hùng', acknowledgedAt: null, lead: null, note: null });

    const director = await t.as('giamdoc');
    expect((await director.get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
    const unitId = t.people.get('tp.cntt')!.unitId;
    expect((await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'Giao phòng chủ trì.', assignments: [{ role: 'lead', unitId }] })).statusCode).toBe(200);
    const after = await row();
    expect(after.acknowledgedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(after.lead).toBe('Phòng Công nghệ thông tin');
  });

  it('only a clerk registers', async () => {
    for (const username of ['giamdoc', 'tp.cntt', 'cv.cntt', 'quantri']) {
      const response = await register(await t.as(username));
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ONLY_CLERK_REGISTERS');
      expect(response.json().error.message.vi).toBe('Chỉ văn thư được đăng ký văn bản đến.');
    }
    expect((await register(t.anonymous())).statusCode).toBe(401);
  });
});

describe('bad input is refused with a clear message and nothing is written', () => {
  async function countRows() {
    const docs = await t.database.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const files = await storedFiles(t.fileRoot);
    return { docs: docs.n, files: files.length };
  }

  it('missing and malformed fields get per-field messages in Vietnamese and English', async () => {
    const clerk = await t.as('vanthu');
    const before = await countRows();
    const response = await clerk.upload('/api/incoming-documents', {
      metadata: JSON.stringify({ issuer: '', issuedOn: '2026-02-30', documentType: 'memo', summary: '   ', pageCount: 0 }),
    }, [{ name: 'a.pdf', content: Buffer.from('%PDF-1.4 tiny'), type: 'application/pdf' }]);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION');
    const byField = Object.fromEntries(error.fields.map((f: { field: string; message: { vi: string; en: string } }) => [f.field, f.message]));
    expect(byField.issuer.vi).toBe('Cơ quan ban hành: không được để trống');
    expect(byField.issuer.en).toBe('Issuer: is required');
    expect(byField.issuedOn.vi).toMatch(/Ngày văn bản: ngày không hợp lệ/);
    expect(byField.documentType.vi).toMatch(/Loại văn bản/);
    expect(byField.summary.en).toBe('Summary: is required');
    expect(byField.pageCount.vi).toMatch(/Số trang/);
    expect(await countRows()).toEqual(before);
  });

  it('"hỏa tốc hẹn giờ" is refused: Decree 30 names only khẩn, thượng khẩn and hỏa tốc', async () => {
    const clerk = await t.as('vanthu');
    const before = await countRows();
    const response = await register(clerk, { urgency: 'flash_timed' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['urgency']);
    expect(await countRows()).toEqual(before);
  });

  it('a due date before the arrival date and an issue date in the future are refused', async () => {
    const clerk = await t.as('vanthu');
    const response = await register(clerk, { dueDate: '2026-01-04', issuedOn: '2026-01-06' });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['dueDate', 'issuedOn']));
  });

  it('a registration without a file, with an unknown file type or an oversized file is refused', async () => {
    const clerk = await t.as('vanthu');
    const before = await countRows();
    const none = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, []);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].field).toBe('files');

    const exe = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [{ name: 'virus.pdf', content: Buffer.from('MZ\x90\x00 this is not a pdf at all'), type: 'application/pdf' }]);
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(exe.json().error.message.vi).toContain('virus.pdf');

    const big = Buffer.concat([Buffer.from(pdf), Buffer.alloc(3 * 1024 * 1024, 7)]);
    const oversized = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [{ name: 'lon.pdf', content: big, type: 'application/pdf' }]);
    expect(oversized.statusCode).toBe(400);
    expect(oversized.json().error.code).toBe('FILE_TOO_LARGE');
    expect(oversized.json().error.message.vi).toBe('Tệp "lon.pdf" vượt quá dung lượng cho phép 2 MB.');

    const tooMany = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, content: pdf, type: 'application/pdf' })));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('TOO_MANY_FILES');
    expect(await countRows()).toEqual(before);
  });

  it('malformed JSON is a 400, in the metadata field and in a JSON body', async () => {
    const clerk = await t.as('vanthu');
    const metadataBroken = await clerk.upload('/api/incoming-documents', { metadata: '{"issuer": "UBND' }, [{ name: 'a.pdf', content: pdf, type: 'application/pdf' }]);
    expect(metadataBroken.statusCode).toBe(400);
    expect(metadataBroken.json().error.fields[0]).toMatchObject({ field: 'metadata', code: 'invalid_json' });
    const body = await t.app.inject({ method: 'POST', url: '/api/incoming-documents/00000000-0000-4000-8000-000000000000/submit', headers: { cookie: clerk.cookie, 'content-type': 'application/json' }, payload: '{"leaderId": ' });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.code).toBe('INVALID_JSON');
    const notMultipart = await clerk.post('/api/incoming-documents', { issuer: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    expect(notMultipart.json().error.code).toBe('NOT_MULTIPART');
  });

  it('a database failure in the middle of a registration leaves no row and no used number; its file is left for the collector', async () => {
    const clerk = await t.as('vanthu');
    await sql.raw(`CREATE FUNCTION fail_attachment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.file_name = 'hong.pdf' THEN RAISE EXCEPTION 'disk controller on fire'; END IF; RETURN NEW; END $$`).execute(t.database.db);
    await sql`CREATE TRIGGER fail_attachment BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION fail_attachment()`.execute(t.database.db);
    try {
      const before = await countRows();
      const ok1 = (await register(clerk)).json();
      const unique = Buffer.concat([Buffer.from(pdf), Buffer.from(`\n% unique ${Date.now()}`)]);
      const failed = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [{ name: 'hong.pdf', content: unique, type: 'application/pdf' }]);
      expect(failed.statusCode).toBe(500);
      expect(failed.json().error.message.vi).toMatch(/Hệ thống gặp lỗi/);
      expect(failed.body).not.toContain('disk controller');
      const ok2 = (await register(clerk)).json();
      expect(ok2.arrivalNumber).toBe(ok1.arrivalNumber + 1);
      const after = await countRows();
      expect(after.docs).toBe(before.docs + 2);
      // The failed request committed its unique file and does not delete it (another request might
      // name the same bytes); the collector removes it once the grace period is over.
      expect(after.files).toBe(before.files + 1);
      const report = await collectUnreferencedFiles(t.database.db, t.files, -1_000);
      expect(report?.removed).toBeGreaterThanOrEqual(1);
      expect((await countRows()).files).toBe(before.files);
    } finally {
      await sql`DROP TRIGGER fail_attachment ON attachments`.execute(t.database.db);
    }
  });

  it('a storage failure on the second file removes the first one and writes no row', async () => {
    let puts = 0;
    const broken = await createTestApp({
      fileStore: (real) => ({
        ...real,
        stage: async (stream, max) => {
          if (++puts === 2) { stream.resume(); throw new Error('no space left on device'); }
          return real.stage(stream, max);
        },
      }),
    });
    try {
      const clerk = await broken.as('vanthu');
      const response = await clerk.upload('/api/incoming-documents', { metadata: JSON.stringify(metadata()) }, [
        { name: 'mot.pdf', content: pdf, type: 'application/pdf' },
        { name: 'hai.pdf', content: Buffer.concat([Buffer.from(pdf), Buffer.from('%2')]), type: 'application/pdf' },
      ]);
      expect(response.statusCode).toBe(500);
      expect(await storedFiles(broken.fileRoot)).toEqual([]);
      const docs = await broken.database.db.selectFrom('documents').select('id').execute();
      expect(docs).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

describe('corrections by the clerk before the document is assigned', () => {
  it('the clerk corrects details and adds files; the history keeps the old values', async () => {
    const clerk = await t.as('vanthu');
    const created = (await register(clerk, { summary: 'V/v trien khai', urgency: 'normal', submitTo: t.people.get('giamdoc')!.id })).json();
    const edited = await clerk.patch(`/api/incoming-documents/${created.id}`, { summary: 'V/v triển khai chuyển đổi số', urgency: 'flash', dueDate: '2026-01-12', signer: 'Lò Văn Tiến' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ summary: 'V/v triển khai chuyển đổi số', urgency: 'flash', dueDate: '2026-01-12', arrivalNumber: created.arrivalNumber });
    const event = edited.json().events.find((e: { action: string }) => e.action === 'edited');
    expect(event.payload.changes).toEqual({
      summary: { from: 'V/v trien khai', to: 'V/v triển khai chuyển đổi số' },
      urgency: { from: 'normal', to: 'flash' },
      dueDate: { from: null, to: '2026-01-12' },
    });
    const added = await clerk.upload(`/api/incoming-documents/${created.id}/attachments`, {}, [{ name: 'phu-luc.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0000000000049454e44ae426082', 'hex'), type: 'image/png' }]);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().attachments.map((a: { fileName: string; mimeType: string }) => [a.fileName, a.mimeType])).toEqual([['van-ban.pdf', 'application/pdf'], ['phu-luc.png', 'image/png']]);
    const cleared = await clerk.patch(`/api/incoming-documents/${created.id}`, { signer: null, pageCount: null });
    expect(cleared.json()).toMatchObject({ signer: null, pageCount: null });
    const tooMany = await clerk.upload(`/api/incoming-documents/${created.id}/attachments`, {}, Array.from({ length: 4 }, (_, i) => ({ name: `${i}.pdf`, content: Buffer.concat([Buffer.from(pdf), Buffer.from(`%${i}x`)]), type: 'application/pdf' })));
    expect(tooMany.statusCode).toBe(400); // 2 on the document + 4 more is over the limit of 5 a document
    expect(tooMany.json().error.code).toBe('TOO_MANY_FILES');
    expect(await verifyDocumentChain(t.database.db, created.id)).toBe(true);
  });

  it('corrections stop once a leader has assigned the document, and only the clerk makes them', async () => {
    const { id } = await assignedToUnit('cntt');
    const clerk = await t.as('vanthu');
    const late = await clerk.patch(`/api/incoming-documents/${id}`, { summary: 'Sửa muộn' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message.vi).toBe('Văn bản đã được phân công xử lý nên không thể sửa thông tin.');
    const filesBefore = (await storedFiles(t.fileRoot)).length;
    const lateFile = await clerk.upload(`/api/incoming-documents/${id}/attachments`, {}, [{ name: 'muon.pdf', content: Buffer.concat([Buffer.from(pdf), Buffer.from('%late')]), type: 'application/pdf' }]);
    expect(lateFile.statusCode).toBe(409);
    expect((await storedFiles(t.fileRoot)).length).toBe(filesBefore); // the refused file is not kept
    const fresh = (await register(clerk)).json().id;
    const director = await t.as('giamdoc');
    expect((await director.patch(`/api/incoming-documents/${fresh}`, { summary: 'x' })).statusCode).toBe(403);
    const bad = await clerk.patch(`/api/incoming-documents/${fresh}`, { dueDate: '2025-12-31', issuedOn: '2026-02-01', arrivalNumber: 5 });
    expect(bad.statusCode).toBe(400);
    const again = await clerk.patch(`/api/incoming-documents/${fresh}`, { dueDate: '2025-12-31', issuedOn: '2026-02-01' });
    expect(again.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['dueDate', 'issuedOn']);
  });
});

describe('the incoming workflow from the clerk to the specialist', () => {
  it('submit, direct and assign, pass on, record progress, complete — with the whole history', async () => {
    const clerk = await t.as('vanthu');
    const created = (await register(clerk, { urgency: 'urgent', dueDate: '2026-01-25' })).json();
    const director = await t.as('giamdoc');
    const directorId = t.people.get('giamdoc')!.id;

    const submitted = await clerk.post(`/api/incoming-documents/${created.id}/submit`, { leaderId: directorId, note: 'Kính trình Giám đốc.' });
    expect(submitted.statusCode).toBe(200);
    const todo = (await director.get('/api/inbox?box=todo')).json();
    expect(todo.items.map((i: { id: string }) => i.id)).toContain(created.id);

    const detail = (await director.get(`/api/incoming-documents/${created.id}`)).json();
    expect(detail.actions).toEqual(['assign', 'return_to_clerk']);

    const cnttUnit = t.people.get('tp.cntt')!.unitId;
    const khtcUnit = t.people.get('tp.khtc')!.unitId;
    const assigned = await director.post(`/api/incoming-documents/${created.id}/assign`, {
      direction: 'Giao Phòng CNTT chủ trì, Phòng KHTC phối hợp; báo cáo trước ngày 20/01.',
      assignments: [
        { role: 'lead', unitId: cnttUnit, dueDate: '2026-01-20' },
        { role: 'coordinate', unitId: khtcUnit, dueDate: '2026-01-18' },
        { role: 'info', userId: t.people.get('phogiamdoc')!.id },
      ],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const [leadId, coordinateId, infoId] = assigned.json().assignmentIds;

    const head = await t.as('tp.cntt');
    const headTodo = (await head.get('/api/inbox?box=todo')).json();
    expect(headTodo.items.find((i: { id: string }) => i.id === created.id)).toMatchObject({ urgency: 'urgent', myDueDate: '2026-01-20' });
    const forwarded = await head.post(`/api/assignments/${leadId}/forward`, {
      direction: 'Đồng chí Long nghiên cứu, dự thảo báo cáo.',
      assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id, dueDate: '2026-01-15' }, { role: 'coordinate', userId: t.people.get('cv.cntt2')!.id }],
    });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    const specialistLead = forwarded.json().assignmentIds[0];

    const specialist = await t.as('cv.cntt');
    expect((await specialist.post(`/api/assignments/${specialistLead}/notes`, { note: 'Đang tổng hợp số liệu.' })).statusCode).toBe(200);
    const inProgress = (await specialist.get('/api/inbox?box=in_progress')).json();
    expect(inProgress.items.map((i: { id: string }) => i.id)).toContain(created.id);

    const deputy = await t.as('phogiamdoc');
    expect((await deputy.get('/api/inbox/counts')).json().info).toBeGreaterThanOrEqual(1);
    const seen = (await deputy.get(`/api/incoming-documents/${created.id}`)).json();
    expect(seen.assignments.find((a: { id: string }) => a.id === infoId)).toMatchObject({ status: 'completed', actions: [] });

    // A coordinator's opinion goes to the lead at once, without waiting for anyone.
    const khtcHead = await t.as('tp.khtc');
    expect((await khtcHead.post(`/api/assignments/${coordinateId}/complete`, { result: 'Đã gửi số liệu kinh phí.' })).statusCode).toBe(200);

    // The specialist's result goes to the unit head, who confirms it; it then waits for the director.
    expect((await specialist.post(`/api/assignments/${specialistLead}/complete`, { result: 'Đã dự thảo báo cáo số 12/BC-STTTT.' })).statusCode).toBe(200);
    const headView = (await head.get(`/api/incoming-documents/${created.id}`)).json();
    expect(headView.status).toBe('in_progress');
    expect(headView.assignments.find((a: { id: string }) => a.id === specialistLead)).toMatchObject({ status: 'awaiting_confirmation', result: 'Đã dự thảo báo cáo số 12/BC-STTTT.', actions: ['confirm', 'reject_result'] });
    expect((await head.get('/api/inbox?box=todo')).json().items.find((i: { id: string }) => i.id === created.id)).toMatchObject({ toConfirm: true });
    expect((await specialist.post(`/api/assignments/${specialistLead}/confirm`)).statusCode).toBe(403);
    expect((await head.post(`/api/assignments/${specialistLead}/confirm`)).statusCode).toBe(200);

    const waiting = (await director.get(`/api/incoming-documents/${created.id}`)).json();
    expect(waiting.status).toBe('in_progress');
    expect(waiting.assignments.find((a: { id: string }) => a.id === leadId)).toMatchObject({ status: 'awaiting_confirmation', actions: ['confirm', 'reject_result'] });
    expect((await director.post(`/api/assignments/${leadId}/confirm`)).statusCode).toBe(200);

    const final = (await director.get(`/api/incoming-documents/${created.id}`)).json();
    expect(final.status).toBe('completed');
    const byId = (id: string) => final.assignments.find((a: { id: string }) => a.id === id);
    expect(byId(leadId)).toMatchObject({ status: 'completed', result: 'Đã dự thảo báo cáo số 12/BC-STTTT.', confirmedBy: { fullName: 'Nguyễn Văn Hùng' } });
    expect(byId(coordinateId)).toMatchObject({ status: 'completed', result: 'Đã gửi số liệu kinh phí.' });
    // cv.cntt2's coordination was still open: it leaves the to-do lists, closed with the document.
    const cntt2 = final.assignments.find((a: { assignee: { name: string } }) => a.assignee.name === 'Bùi Thị Ngọc');
    expect(cntt2.status).toBe('closed');
    expect((await (await t.as('cv.cntt2')).get('/api/inbox?box=todo')).json().items.map((i: { id: string }) => i.id)).not.toContain(created.id);
    expect(final.events.map((e: { action: string }) => e.action)).toEqual([
      'registered', 'submitted', 'assigned', 'forwarded', 'progress_noted', 'completed', 'completion_proposed', 'completion_confirmed', 'completion_proposed', 'completion_confirmed', 'document_completed',
    ]);
    const assignEvent = final.events.find((e: { action: string }) => e.action === 'assigned');
    expect(assignEvent.actor.fullName).toBe('Nguyễn Văn Hùng');
    expect(assignEvent.payload.direction).toMatch(/Phòng CNTT chủ trì/);
    expect(assignEvent.payload.assignees.map((a: { name: string }) => a.name)).toEqual(['Phòng Công nghệ thông tin', 'Phòng Kế hoạch - Tài chính', 'Lò Thị Mai']);
    const tree = final.assignments.filter((a: { parentId: string | null }) => a.parentId === leadId);
    expect(tree.map((a: { assignee: { name: string } }) => a.assignee.name)).toEqual(['Đặng Văn Long', 'Bùi Thị Ngọc']);
    expect(await verifyDocumentChain(t.database.db, created.id)).toBe(true);

    const done = (await specialist.get('/api/inbox?box=done')).json();
    expect(done.items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('a refused result comes back to its holder marked as returned, with who refused it and why', async () => {
    const { id, leadId } = await assignedToUnit('cntt');
    const head = await t.as('tp.cntt');
    const child = (await head.post(`/api/assignments/${leadId}/forward`, { direction: 'Xử lý.', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id }] })).json().assignmentIds[0];
    const specialist = await t.as('cv.cntt');
    await specialist.post(`/api/assignments/${child}/complete`, { result: 'Dự thảo lần 1.' });
    const refused = await head.post(`/api/assignments/${child}/reject-result`, { reason: 'Bổ sung số liệu quý IV.' });
    expect(refused.statusCode).toBe(200);
    const mine = (await specialist.get(`/api/incoming-documents/${id}`)).json().assignments.find((a: { id: string }) => a.id === child);
    expect(mine).toMatchObject({ status: 'in_progress', result: null, sentBack: { by: { fullName: 'Lê Minh Tuấn' }, reason: 'Bổ sung số liệu quý IV.' } });
    expect(mine.actions).toEqual(['note', 'complete', 'return']);
    const returnedBox = (await specialist.get('/api/inbox?box=returned')).json();
    expect(returnedBox.items.find((i: { id: string }) => i.id === id)).toMatchObject({ returned: true });
    expect((await specialist.get('/api/inbox/counts')).json().returned).toBeGreaterThanOrEqual(1);
    expect((await head.post(`/api/assignments/${child}/reject-result`, { reason: 'x' })).json().error.code).toBe('NOT_AWAITING_CONFIRMATION');
    // Completing again clears the mark.
    await specialist.post(`/api/assignments/${child}/complete`, { result: 'Dự thảo lần 2, đã bổ sung.' });
    expect((await specialist.get('/api/inbox?box=returned')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('a unit that wants it lets results go up without its head confirming them', async () => {
    const unitId = t.people.get('tp.khtc')!.unitId!;
    const admin = await t.as('quantri');
    const set = await admin.patch(`/api/org/units/${unitId}`, { completionConfirmation: 'automatic' });
    expect(set.json()).toMatchObject({ completionConfirmation: 'automatic' });
    try {
      const { id, leadId } = await assignedToUnit('khtc');
      const head = await t.as('tp.khtc');
      const child = (await head.post(`/api/assignments/${leadId}/forward`, { direction: 'Xử lý.', assignments: [{ role: 'lead', userId: t.people.get('cv.khtc')!.id }] })).json().assignmentIds[0];
      await (await t.as('cv.khtc')).post(`/api/assignments/${child}/complete`, { result: 'Đã thẩm định.' });
      const doc = (await (await t.as('giamdoc')).get(`/api/incoming-documents/${id}`)).json();
      expect(doc.assignments.find((a: { id: string }) => a.id === child).status).toBe('completed');
      // The agency still wants the director's confirmation of the unit's result.
      expect(doc.assignments.find((a: { id: string }) => a.id === leadId)).toMatchObject({ status: 'awaiting_confirmation', result: 'Đã thẩm định.' });
    } finally {
      expect((await admin.patch(`/api/org/units/${unitId}`, { completionConfirmation: null })).json().completionConfirmation).toBeNull();
    }
  });

  it('each assignee has a due date of its own, the lead\'s when none is given', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { submitTo: t.people.get('giamdoc')!.id })).json().id;
    const director = await t.as('giamdoc');
    const assigned = await director.post(`/api/incoming-documents/${id}/assign`, {
      direction: 'x',
      assignments: [
        { role: 'lead', unitId: t.people.get('tp.cntt')!.unitId, dueDate: '2026-01-20' },
        { role: 'coordinate', unitId: t.people.get('tp.khtc')!.unitId, dueDate: '2026-01-12' },
        { role: 'coordinate', unitId: t.people.get('tp.bcvt')!.unitId },
        { role: 'info', userId: t.people.get('phogiamdoc')!.id },
      ],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const doc = (await director.get(`/api/incoming-documents/${id}`)).json();
    expect(doc.assignments.map((a: { dueDate: string | null }) => a.dueDate)).toEqual(['2026-01-20', '2026-01-12', '2026-01-20', null]);
    const khtc = (await (await t.as('tp.khtc')).get('/api/inbox?box=todo')).json().items.find((i: { id: string }) => i.id === id);
    expect(khtc.myDueDate).toBe('2026-01-12');
  });

  it('a returned assignment goes back to whoever passed it on, and a returned lead goes back to the leader', async () => {
    const { id, leadId } = await assignedToUnit('cntt');
    const head = await t.as('tp.cntt');
    const child = (await head.post(`/api/assignments/${leadId}/forward`, { direction: 'Xử lý.', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id }] })).json().assignmentIds[0];
    const specialist = await t.as('cv.cntt');
    const returned = await specialist.post(`/api/assignments/${child}/return`, { reason: 'Không thuộc lĩnh vực được phân công.' });
    expect(returned.statusCode).toBe(200);
    const headTodo = (await head.get('/api/inbox?box=todo')).json();
    expect(headTodo.items.find((i: { id: string }) => i.id === id)).toMatchObject({ returned: true });
    expect((await head.get('/api/inbox?box=returned')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    const headView = (await head.get(`/api/incoming-documents/${id}`)).json();
    expect(headView.assignments.find((a: { id: string }) => a.id === leadId)).toMatchObject({
      status: 'pending', sentBack: { by: { fullName: 'Đặng Văn Long' }, reason: 'Không thuộc lĩnh vực được phân công.' },
    });
    expect((await specialist.post(`/api/assignments/${child}/complete`, { result: 'x' })).statusCode).toBe(409);

    const upward = await head.post(`/api/assignments/${leadId}/return`, { reason: 'Đề nghị giao Phòng KHTC.' });
    expect(upward.statusCode).toBe(200);
    const director = await t.as('giamdoc');
    const doc = (await director.get(`/api/incoming-documents/${id}`)).json();
    expect(doc.status).toBe('submitted');
    expect(doc.returned).toMatchObject({ by: { fullName: 'Lê Minh Tuấn' }, reason: 'Đề nghị giao Phòng KHTC.' });
    expect(doc.actions).toContain('assign');
    expect((await director.get('/api/inbox?box=returned')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    const history = doc.events.filter((e: { action: string }) => e.action === 'returned').map((e: { payload: { reason: string } }) => e.payload.reason);
    expect(history).toEqual(['Không thuộc lĩnh vực được phân công.', 'Đề nghị giao Phòng KHTC.']);
  });

  it('a leader returns a submitted document to the clerk, who can submit it again', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { submitTo: t.people.get('giamdoc')!.id })).json().id;
    const director = await t.as('giamdoc');
    expect((await director.post(`/api/incoming-documents/${id}/return`, { reason: 'Thiếu phụ lục.' })).statusCode).toBe(200);
    const doc = (await clerk.get(`/api/incoming-documents/${id}`)).json();
    expect(doc).toMatchObject({ status: 'returned', returnReason: 'Thiếu phụ lục.' });
    expect(doc.actions).toEqual(['edit', 'submit']);
    expect((await clerk.post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('phogiamdoc')!.id })).statusCode).toBe(200);
  });

  it('inboxes put hỏa tốc first, then the nearest due date, and show overdue work', async () => {
    const clerk = await t.as('vanthu');
    const leader = t.people.get('phogiamdoc2')!.id;
    const normal = (await register(clerk, { submitTo: leader, dueDate: '2026-01-06' })).json().id;
    const flash = (await register(clerk, { submitTo: leader, urgency: 'flash', dueDate: '2026-01-30' })).json().id;
    const urgent = (await register(clerk, { submitTo: leader, urgency: 'urgent', dueDate: '2026-01-10' })).json().id;
    const deputy = await t.as('phogiamdoc2');
    const todo = (await deputy.get('/api/inbox?box=todo')).json();
    expect(todo.items.map((i: { id: string }) => i.id)).toEqual([flash, urgent, normal]);
    t.setNow(new Date('2026-01-08T03:00:00Z'));
    try {
      const overdue = (await deputy.get('/api/inbox?box=overdue')).json();
      expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([normal]);
      expect(overdue.items[0].overdue).toBe(true);
      expect((await deputy.get('/api/inbox/counts')).json()).toMatchObject({ todo: 3, overdue: 1 });
    } finally {
      t.setNow(new Date('2026-01-05T03:00:00Z'));
    }
  });
});

describe('who may do what', () => {
  it('only a clerk submits or checks for duplicates; only a leader returns a submitted document; an information copy is not handled', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { number: '4242', submitTo: t.people.get('giamdoc')!.id })).json().id;
    const director = await t.as('giamdoc');
    const resubmit = await director.post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('phogiamdoc')!.id });
    expect(resubmit.statusCode).toBe(403);
    expect(resubmit.json().error.code).toBe('ONLY_CLERK_SUBMITS');
    const probe = await (await t.as('cv.cntt')).get(`/api/incoming-documents/duplicates?issuer=${encodeURIComponent('UBND tỉnh Điện Biên')}&number=4242&notation=UBND-KT`);
    expect(probe.statusCode).toBe(403);
    const clerkReturn = await clerk.post(`/api/incoming-documents/${id}/return`, { reason: 'x' });
    expect(clerkReturn.statusCode).toBe(403);
    expect((await director.post(`/api/incoming-documents/${id}/return`, { reason: '' })).statusCode).toBe(400);
    const assigned = await director.post(`/api/incoming-documents/${id}/assign`, {
      direction: 'x',
      assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId }, { role: 'info', userId: t.people.get('phogiamdoc')!.id }],
    });
    const infoId = assigned.json().assignmentIds[1];
    expect((await (await t.as('phogiamdoc')).post(`/api/assignments/${infoId}/complete`, { result: 'x' })).statusCode).toBe(403);
    expect((await (await t.as('phogiamdoc')).get('/api/inbox?box=someday')).statusCode).toBe(400);
  });

  it('only a leader makes the first assignment', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { submitTo: t.people.get('giamdoc')!.id })).json().id;
    const body = { direction: 'x', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId }] };
    const response = await (await t.as('vanthu')).post(`/api/incoming-documents/${id}/assign`, body);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message.vi).toBe('Chỉ lãnh đạo cơ quan được phân công xử lý lần đầu.');
    // A unit head not involved yet does not even learn that the document exists.
    expect((await (await t.as('chanhvanphong')).post(`/api/incoming-documents/${id}/assign`, body)).statusCode).toBe(404);
  });

  it('a first assignment needs exactly one lead, active members of the agency and sensible due dates', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { submitTo: t.people.get('giamdoc')!.id })).json().id;
    const director = await t.as('giamdoc');
    const noLead = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'info', userId: t.people.get('phogiamdoc')!.id }] });
    expect(noLead.statusCode).toBe(400);
    expect(noLead.json().error.fields[0].message.vi).toMatch(/đúng một/);
    const otherAgency = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('vanthu.snv')!.id }] });
    expect(otherAgency.statusCode).toBe(400);
    expect(otherAgency.json().error.fields[0].field).toBe('assignments.0.userId');
    const early = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId, dueDate: '2026-01-01' }] });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields[0].message.vi).toMatch(/trước ngày đến/);
    t.setNow(new Date('2026-01-09T03:00:00Z'));
    try {
      const past = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId, dueDate: '2026-01-07' }] });
      expect(past.statusCode).toBe(400);
      expect(past.json().error.fields[0].message.vi).toBe('Phân công 1: hạn xử lý không được trước ngày hôm nay (2026-01-09)');
    } finally {
      t.setNow(new Date('2026-01-05T03:00:00Z'));
    }
    const both = await director.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId, userId: t.people.get('cv.cntt')!.id }] });
    expect(both.statusCode).toBe(400);
  });

  it('only the holder of an assignment passes it on, records progress or completes it', async () => {
    const { leadId } = await assignedToUnit('cntt');
    const body = { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('cv.khtc')!.id }] };
    const otherHead = await t.as('tp.khtc');
    // tp.khtc can not see a document given only to Phòng CNTT: not even that it exists.
    expect((await otherHead.post(`/api/assignments/${leadId}/forward`, body)).statusCode).toBe(404);
    const director = await t.as('giamdoc');
    const notHolder = await director.post(`/api/assignments/${leadId}/complete`, { result: 'x' });
    expect(notHolder.statusCode).toBe(403);
    expect(notHolder.json().error.code).toBe('NOT_ASSIGNMENT_HOLDER');
    const deputyHead = await t.as('pp.cntt'); // a deputy head of the unit also holds the unit's assignment
    const child = await deputyHead.post(`/api/assignments/${leadId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id }] });
    expect(child.statusCode).toBe(200);
    const childId = child.json().assignmentIds[0];
    const colleague = await t.as('cv.cntt2');
    expect((await colleague.post(`/api/assignments/${childId}/notes`, { note: 'x' })).statusCode).toBe(404);
    const specialist = await t.as('cv.cntt');
    const passOn = await specialist.post(`/api/assignments/${childId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt2')!.id }] });
    expect(passOn.statusCode).toBe(403);
  });

  it('an official sees only documents assigned to them or their unit; lists are scoped too', async () => {
    const { id } = await assignedToUnit('khtc');
    const cnttSpecialist = await t.as('cv.cntt');
    expect((await cnttSpecialist.get(`/api/incoming-documents/${id}`)).statusCode).toBe(404);
    const listed = (await cnttSpecialist.get('/api/incoming-documents?pageSize=200')).json();
    expect(listed.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const khtcSpecialist = await t.as('cv.khtc');
    expect((await khtcSpecialist.get(`/api/incoming-documents/${id}`)).statusCode).toBe(404); // not yet passed to them
    expect((await (await t.as('tp.khtc')).get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
    expect((await (await t.as('phogiamdoc2')).get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
    expect((await (await t.as('vanthu')).get(`/api/incoming-documents/${id}`)).statusCode).toBe(200);
  });

  it("another agency's documents are never visible: 404 on the document, its files and its actions", async () => {
    const { id, leadId } = await assignedToUnit('cntt');
    const detail = (await (await t.as('giamdoc')).get(`/api/incoming-documents/${id}`)).json();
    for (const username of ['vanthu.snv', 'giamdoc.snv']) {
      const outsider = await t.as(username);
      expect((await outsider.get(`/api/incoming-documents/${id}`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/incoming-documents/${id}/attachments/${detail.attachments[0].id}`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/incoming-documents/${id}/submit`, { leaderId: t.people.get('giamdoc.snv')!.id })).statusCode).toBe(404);
      expect((await outsider.post(`/api/assignments/${leadId}/complete`, { result: 'x' })).statusCode).toBe(404);
      const list = (await outsider.get('/api/incoming-documents?pageSize=200')).json();
      expect(list.items.map((i: { id: string }) => i.id)).not.toContain(id);
      expect(list.total).toBe(0);
    }
  });

  it('files of a secret document open for the clerk, the leaders and the holders of its assignments, and forwarding cannot widen that', async () => {
    const { id, leadId } = await assignedToUnit('cntt', { secrecy: 'secret' });
    const director = await t.as('giamdoc');
    const attachmentId = (await director.get(`/api/incoming-documents/${id}`)).json().attachments[0].id;
    const url = `/api/incoming-documents/${id}/attachments/${attachmentId}`;
    expect((await director.get(url)).statusCode).toBe(200);
    expect((await (await t.as('vanthu')).get(url)).statusCode).toBe(200);

    // The head of the unit the director named handles it, files included.
    const head = await t.as('tp.cntt');
    const headView = (await head.get(`/api/incoming-documents/${id}`)).json();
    expect(headView.filesRestricted).toBe(false);
    expect((await head.get(url)).statusCode).toBe(200);

    // Passing it on: never to oneself, never outside the unit (another unit's specialist, the admin).
    const forward = (userId: string) => head.post(`/api/assignments/${leadId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId }] });
    const self = await forward(t.people.get('tp.cntt')!.id);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields[0]).toMatchObject({ field: 'assignments.0.userId', code: 'self' });
    for (const outsider of ['cv.khtc', 'quantri']) {
      const refused = await forward(t.people.get(outsider)!.id);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0].code).toBe('secret_outside_unit');
      expect((await (await t.as(outsider)).get(url)).statusCode).toBe(404);
    }
    const coordinate = await head.post(`/api/assignments/${leadId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id }, { role: 'coordinate', unitId: t.people.get('tp.khtc')!.unitId }] });
    expect(coordinate.statusCode).toBe(400);
    expect(coordinate.json().error.fields[0]).toMatchObject({ field: 'assignments.1.unitId', code: 'secret_outside_unit' });

    // Inside the unit it goes on, and the specialist named can open the files; a colleague cannot.
    expect((await forward(t.people.get('cv.cntt')!.id)).statusCode).toBe(200);
    expect((await (await t.as('cv.cntt')).get(url)).statusCode).toBe(200);
    expect((await (await t.as('cv.cntt2')).get(url)).statusCode).toBe(404);

    // A specialist of a coordinating unit named by the director does not open them without being named.
    const other = await assignedToUnit('cntt', { secrecy: 'secret' }, [{ role: 'coordinate', unitId: t.people.get('tp.khtc')!.unitId }]);
    const otherFile = (await director.get(`/api/incoming-documents/${other.id}`)).json().attachments[0].id;
    expect((await (await t.as('tp.khtc')).get(`/api/incoming-documents/${other.id}/attachments/${otherFile}`)).statusCode).toBe(200);
    const refused = await (await t.as('cv.khtc')).get(`/api/incoming-documents/${other.id}/attachments/${otherFile}`);
    expect(refused.statusCode).toBe(404);
  });

  it('an ordinary document may be passed to another unit, but never to oneself', async () => {
    const { leadId } = await assignedToUnit('cntt');
    const head = await t.as('tp.cntt');
    const self = await head.post(`/api/assignments/${leadId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('tp.cntt')!.id }] });
    expect(self.statusCode).toBe(400);
    const across = await head.post(`/api/assignments/${leadId}/forward`, { direction: 'x', assignments: [{ role: 'lead', userId: t.people.get('cv.cntt')!.id }, { role: 'coordinate', userId: t.people.get('cv.khtc')!.id }] });
    expect(across.statusCode, across.body).toBe(200);
  });

  it('only the leader a document was submitted to assigns it or returns it to the clerk', async () => {
    const clerk = await t.as('vanthu');
    const id = (await register(clerk, { submitTo: t.people.get('giamdoc')!.id })).json().id;
    const deputy = await t.as('phogiamdoc');
    expect((await deputy.get(`/api/incoming-documents/${id}`)).json().actions).toEqual([]);
    const assign = await deputy.post(`/api/incoming-documents/${id}/assign`, { direction: 'x', assignments: [{ role: 'lead', unitId: t.people.get('tp.cntt')!.unitId }] });
    expect(assign.statusCode).toBe(403);
    expect(assign.json().error.code).toBe('NOT_SUBMITTED_TO_YOU');
    expect(assign.json().error.message.vi).toMatch(/trình lãnh đạo khác/);
    expect((await deputy.post(`/api/incoming-documents/${id}/return`, { reason: 'Không đúng thẩm quyền' })).statusCode).toBe(403);
    const director = await t.as('giamdoc');
    expect((await director.get(`/api/incoming-documents/${id}`)).json().actions).toEqual(['assign', 'return_to_clerk']);
    expect((await director.post(`/api/incoming-documents/${id}/return`, { reason: 'Chuyển Phó Giám đốc phụ trách' })).statusCode).toBe(200);
  });

  it('the history is append-only: an event cannot be changed or deleted', async () => {
    const { id } = await assignedToUnit('cntt');
    await expect(sql`UPDATE events SET action = 'completed' WHERE document_id = ${id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM events WHERE document_id = ${id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect(await verifyDocumentChain(t.database.db, id)).toBe(true);
  });
});
