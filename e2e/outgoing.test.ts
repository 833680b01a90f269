// Outgoing documents (văn bản đi) in the real web client, Decree 30 from drafting to issuing: a
// specialist drafts from the template with a unit to handle it and submits; the unit head returns it
// with a comment; the specialist sees why, uploads a new version and resubmits; the unit head asks
// another unit for comments, its head answers, the unit head agrees, the director approves, the
// clerk numbers and issues it with the number shown beforehand, and the receiving unit's head opens it.
// Needs the built client (`npm run build` → dist/web). Pictures go to e2e/screenshots/outgoing-*.png.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { makeDocx } from '../src/server/test-support/zip-fixture.js';
import { type BrowserApp, DESKTOP, PHONE, pick, shotsDir, startBrowserApp, typeDate, typedDate, expectNoProblems } from './harness.js';

// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
const pages = new Map<string, Page>();

beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'outgoing' });
});
afterAll(async () => app?.close());

afterEach(() => expectNoProblems(app));

/** A picture of the screen, audited by axe-core like every other (e2e/harness.ts). */
async function picture(page: Page, name: string, options: { dialog?: boolean } = {}) {
  await page.waitForTimeout(300); // a message fading in
  await app.screenshot(page, name, options);
}

/** One signed-in page per official, kept for the whole flow. */
async function as(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    page = await app.signIn(username, DESKTOP);
    pages.set(username, page);
  }
  return page;
}

/** Runs a document action through its dialog and waits until the dialog has closed. */
async function act(page: Page, action: string, fill?: (modal: ReturnType<Page['locator']>) => Promise<void>, shotName?: string) {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal:visible').last();
  await modal.waitFor();
  if (fill) await fill(modal);
  if (shotName) await picture(page, shotName, { dialog: true });
  await modal.getByTestId('dialog-ok').click();
  await modal.waitFor({ state: 'hidden' });
}

async function openDocument(page: Page, id: string) {
  await page.goto(`${app.baseUrl}/outgoing/${id}`);
  await page.getByTestId('outgoing-page').waitFor();
}

const status = (page: Page) => page.getByTestId('outgoing-page').getByTestId('outgoing-status').first().getAttribute('data-status');

describe('an outgoing document from draft to issue, in the browser', () => {
  let id = '';
  const summary = 'V/v triển khai chữ ký số trong các cơ quan nhà nước năm 2027';

  it('the specialist drafts from the Decree 30 template with a unit to handle it, and submits', async () => {
    const page = await as('cv.cntt');
    await page.getByTestId('menu-outgoing-new').click();
    await page.waitForURL(/\/outgoing\/new$/);
    await page.getByLabel('Trích yếu', { exact: true }).fill(summary);
    await pick(page, page, 'Người ký', 'Nguyễn Văn Hùng');
    await page.getByTestId('add-recipient').click();
    await pick(page, page, 'Đơn vị, cán bộ nhận', 'Phòng Kế hoạch - Tài chính');
    await typeDate(page, page, 'Hạn xử lý', typedDate(10));
    await page.getByLabel('Nơi nhận ngoài cơ quan').fill('UBND tỉnh Điện Biên');
    expect(await page.getByTestId('from-template').getAttribute('aria-checked')).toBe('true');
    // The default chain: the head of the drafting unit, then the chosen signer.
    await expect.poll(() => page.getByTestId('chain-preview').textContent()).toMatch(/Lê Minh Tuấn.*→.*Nguyễn Văn Hùng/);
    await picture(page, 'draft-form');

    await page.getByTestId('draft-save').click();
    await page.waitForURL(/\/outgoing\/[0-9a-f-]{36}$/);
    id = page.url().split('/').pop()!;
    await page.getByTestId('outgoing-page').waitFor();
    expect(await status(page)).toBe('draft');
    await expect.poll(() => page.getByTestId('pdf-pending').or(page.getByTestId('pdf-viewer')).count()).toBeGreaterThan(0);
    await picture(page, 'draft-created');

    await act(page, 'submit');
    await expect.poll(() => status(page)).toBe('in_review');
    await expect.poll(() => page.getByTestId('chain-step').first().getAttribute('data-status')).toBe('current');
  });

  it('the unit head finds it waiting for review and returns it with a comment', async () => {
    const page = await as('tp.cntt');
    await expect.poll(() => page.getByTestId('menu-outgoing-review-count').textContent()).toContain('1');
    await page.getByTestId('menu-outgoing-review').click();
    await page.getByTestId('outgoing-table').getByText(summary).waitFor();
    await picture(page, 'review-list');
    await page.getByTestId('outgoing-table').getByText(summary).click();
    await page.getByTestId('outgoing-page').waitFor();
    await act(page, 'return', (modal) => modal.getByLabel('Lý do trả lại, nội dung cần sửa').fill('Bổ sung lộ trình triển khai theo từng quý.'), 'return-dialog');
    await expect.poll(() => status(page)).toBe('returned');
  });

  it('the specialist sees why, uploads a new version and submits again', async () => {
    const page = await as('cv.cntt');
    await openDocument(page, id);
    await expect.poll(() => page.getByTestId('returned-banner').textContent()).toContain('Bổ sung lộ trình triển khai theo từng quý.');
    expect(await page.getByTestId('returned-banner').textContent()).toContain('Lê Minh Tuấn');
    await picture(page, 'returned');

    // The details can be corrected while the draft is back with its drafter: the form opens filled in.
    await page.getByTestId('action-edit').click();
    await page.waitForURL(new RegExp(`/outgoing/${id}/edit$`));
    await expect.poll(() => page.getByLabel('Trích yếu', { exact: true }).inputValue()).toBe(summary);
    await pick(page, page, 'Độ khẩn', 'Khẩn');
    await picture(page, 'edit-form');
    await page.getByTestId('draft-save').click();
    await page.waitForURL(new RegExp(`/outgoing/${id}$`));
    await page.getByTestId('outgoing-page').waitFor();
    await page.getByRole('tab', { name: /Lịch sử/ }).click();
    await page.getByTestId('history').getByText('Sửa thông tin dự thảo').waitFor();

    const docx = path.join(app.tmp, 'du-thao-v2.docx');
    await fsp.writeFile(docx, makeDocx(Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Lộ trình triển khai theo quý</w:t></w:r></w:p></w:body></w:document>')));
    await act(page, 'add_version', async (modal) => {
      await modal.locator('input[type=file]').setInputFiles(docx);
      await modal.getByLabel('Nội dung đã sửa').fill('Đã bổ sung lộ trình theo quý.');
    }, 'version-dialog');
    await expect.poll(() => page.getByTestId('version').count()).toBe(2);

    // The job queue converts the new version in the background (as main.ts's server does).
    await expect.poll(async () => (await app.database.db.selectFrom('document_versions').select('pdf_status').where('version', '=', 2).execute()).every((v) => !['pending', 'converting'].includes(v.pdf_status)), { timeout: 60_000 }).toBe(true);
    await page.reload();
    await page.getByTestId('outgoing-page').waitFor();
    await expect.poll(async () => (await page.getByTestId('pdf-viewer').count()) + (await page.getByTestId('pdf-failed').count()) + (await page.getByTestId('pdf-unavailable').count()), { timeout: 60_000 }).toBeGreaterThan(0);
    await picture(page, 'new-version');
    // Version 1, the template the system made, reads as a PDF once converted.
    await page.getByTestId('version').last().getByRole('button', { name: 'Xem' }).click();
    await expect.poll(() => page.getByTestId('pdf-viewer').or(page.getByTestId('pdf-failed')).or(page.getByTestId('pdf-unavailable')).count()).toBeGreaterThan(0);
    if (await page.getByTestId('pdf-viewer').count()) await expect.poll(async () => Number(await page.getByTestId('pdf-viewer').getAttribute('data-rendered-pages')), { timeout: 60_000 }).toBeGreaterThan(0);
    await picture(page, 'template-pdf');

    await act(page, 'submit', (modal) => modal.getByLabel('Lời trình (không bắt buộc)').fill('Kính trình anh xem lại.'));
    await expect.poll(() => status(page)).toBe('in_review');
  });

  it('the unit head asks Phòng Bưu chính… for comments, its head answers', async () => {
    const head = await as('tp.cntt');
    await openDocument(head, id);
    await act(head, 'consult', async (modal) => {
      await pick(head, modal, 'Xin ý kiến đơn vị, cán bộ', 'Phòng Bưu chính');
      await modal.getByLabel('Nội dung xin ý kiến').fill('Đề nghị góp ý phần hạ tầng chữ ký số.');
      await typeDate(head, modal, 'Hạn góp ý', typedDate(3));
    }, 'consult-dialog');
    await head.getByTestId('tab-consultations').click();
    await head.getByTestId('consultation').waitFor();

    const other = await as('tp.bcvt');
    await expect.poll(async () => {
      await other.reload();
      await other.getByTestId('page-title').waitFor();
      return other.getByTestId('menu-outgoing-consult-count').count();
    }).toBe(1);
    await other.getByTestId('menu-outgoing-consult').click();
    await other.getByTestId('outgoing-table').getByText(summary).click();
    await other.getByTestId('answer-form').waitFor();
    await other.getByLabel('Đồng ý, có góp ý').check();
    await other.getByLabel('Nội dung góp ý').fill('Thống nhất; đề nghị dùng chứng thư số chuyên dùng.');
    await picture(other, 'answer-form');
    await other.getByTestId('answer-submit').click();
    await other.getByTestId('answer-form').waitFor({ state: 'hidden' });
    await expect.poll(() => other.getByTestId('consultation-answer').textContent()).toContain('Đồng ý, có góp ý');
  });

  it('the unit head agrees, the director approves', async () => {
    const head = await as('tp.cntt');
    await openDocument(head, id);
    await head.getByTestId('tab-consultations').click();
    await expect.poll(() => head.getByTestId('consultation-answer').textContent()).toContain('chứng thư số chuyên dùng');
    await picture(head, 'consultation-answered');
    await act(head, 'approve', (modal) => modal.getByLabel('Ý kiến').fill('Đồng ý, kính trình Giám đốc.'));
    await expect.poll(() => head.getByTestId('chain-step').last().getAttribute('data-status')).toBe('current');

    const director = await as('giamdoc');
    await openDocument(director, id);
    expect(await director.getByTestId('action-approve').textContent()).toContain('Duyệt');
    await picture(director, 'director');
    await act(director, 'approve');
    await expect.poll(() => status(director)).toBe('approved');
  });

  it('the clerk issues it with the number shown beforehand, and the receiving unit finds it', async () => {
    const clerk = await as('vanthu');
    await clerk.reload();
    await clerk.getByTestId('page-title').waitFor();
    await expect.poll(() => clerk.getByTestId('menu-outgoing-to_issue-count').textContent()).toContain('1');
    await clerk.getByTestId('menu-outgoing-to_issue').click();
    await clerk.getByTestId('outgoing-table').getByText(summary).click();
    await clerk.getByTestId('outgoing-page').waitFor();
    let previewed = '';
    await act(clerk, 'issue', async (modal) => {
      previewed = (await modal.getByTestId('next-number').textContent()) ?? '';
      expect(previewed).toMatch(/^\d+\/STTTT-CNTT$/);
    }, 'issue-dialog');
    await expect.poll(() => status(clerk)).toBe('issued');
    expect(await clerk.getByTestId('issued-notice').textContent()).toContain(previewed);
    await picture(clerk, 'issued');
    await clerk.getByTestId('menu-outgoing-issued').click();
    await clerk.getByTestId('outgoing-table').getByText(previewed).waitFor();
    await picture(clerk, 'register');

    const receiver = await as('tp.khtc');
    await openDocument(receiver, id);
    expect(await status(receiver)).toBe('issued');
    await receiver.getByRole('tab', { name: /Nơi nhận/ }).click();
    await expect.poll(() => receiver.getByTestId('recipient').first().textContent()).toContain('Phòng Kế hoạch - Tài chính');
    expect(await receiver.getByTestId('delivered').count()).toBeGreaterThan(0);
    await picture(receiver, 'received');
  });

  it('the receiving unit head finds it in the to-do list, passes it to a specialist, who completes it; the drafter sees it done', async () => {
    const receiver = await as('tp.khtc');
    await receiver.goto(`${app.baseUrl}/inbox/todo`);
    const row = receiver.getByTestId('inbox-table').locator('tr', { hasText: summary });
    await row.waitFor();
    expect(await row.getByTestId('internal-tag').count()).toBe(1);
    await picture(receiver, 'inbox-internal');
    await row.getByTestId('document-link').click();
    await receiver.waitForURL(new RegExp(`/outgoing/${id}$`));
    await receiver.getByTestId('my-work').waitFor();
    await receiver.getByTestId('action-forward').click();
    const panel = receiver.getByTestId('assign-panel');
    await panel.getByLabel('Ý kiến chỉ đạo').fill('Đồng chí Hoa tổng hợp số liệu, báo cáo trước hạn.');
    await pick(receiver, panel, 'Người chủ trì (không bắt buộc)', 'Vũ Thị Hoa');
    await picture(receiver, 'forward-panel');
    await panel.getByTestId('dialog-ok').click();
    await panel.waitFor({ state: 'detached' });

    const specialist = await as('cv.khtc');
    await specialist.goto(`${app.baseUrl}/inbox/todo`);
    await specialist.getByTestId('inbox-table').locator('tr', { hasText: summary }).getByTestId('document-link').click();
    await specialist.getByTestId('my-work').waitFor();
    await act(specialist, 'complete', async (modal) => {
      await modal.getByLabel('Kết quả xử lý').fill('Đã tổng hợp số liệu quý IV, báo cáo lãnh đạo phòng.');
    }, 'complete-dialog');
    await specialist.getByTestId('my-work').waitFor({ state: 'detached' });

    // The unit head confirms the result when the agency asks for it; the drafter then sees it done.
    await receiver.reload();
    await receiver.getByTestId('outgoing-page').waitFor();
    if (await receiver.getByTestId('action-confirm').count()) {
      await receiver.getByTestId('action-confirm').click();
      await receiver.locator('.ant-modal:visible').getByTestId('dialog-ok').click();
      await receiver.getByTestId('action-confirm').waitFor({ state: 'detached' });
    }
    const drafter = await as('cv.cntt');
    await openDocument(drafter, id);
    await drafter.getByRole('tab', { name: /Nơi nhận/ }).click();
    await expect.poll(() => drafter.getByTestId('recipient-work').first().getAttribute('data-status')).toBe('completed');
    await picture(drafter, 'recipient-completed');
  });
});

describe('a reply to an incoming document', () => {
  it('whoever handles an incoming document drafts the reply from it, and the reply is listed there', async () => {
    const clerk = await as('vanthu');
    const users = (await (await clerk.request.get(`${app.baseUrl}/api/org/users`)).json() as { items: { id: string; username: string }[] }).items;
    const userId = (username: string) => users.find((u) => u.username === username)!.id;
    const pdf = await renderSamplePdf({ issuer: 'UBND tỉnh Điện Biên', reference: '88/UBND-KT', issuedOn: '2026-01-05', summary: 'V/v báo cáo tình hình chuyển đổi số', signer: 'Lò Văn A' });
    const registered = await clerk.request.post(`${app.baseUrl}/api/incoming-documents`, {
      multipart: {
        metadata: JSON.stringify({ issuer: 'UBND tỉnh Điện Biên', number: '88', notation: 'UBND-KT', issuedOn: '2026-01-05', documentType: 'official_letter', summary: 'V/v báo cáo tình hình chuyển đổi số', submitTo: userId('giamdoc') }),
        files: { name: 'cv-88.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) },
      },
    });
    expect(registered.status()).toBe(201);
    const incomingId = (await registered.json() as { id: string }).id;
    const director = await as('giamdoc');
    const assigned = await director.request.post(`${app.baseUrl}/api/incoming-documents/${incomingId}/assign`, {
      data: { direction: 'Phòng CNTT chuẩn bị báo cáo.', assignments: [{ role: 'lead', userId: userId('cv.cntt') }] },
    });
    expect(assigned.status()).toBe(200);

    const page = await as('cv.cntt');
    await page.goto(`${app.baseUrl}/incoming/${incomingId}`);
    await page.getByTestId('replies').waitFor();
    await page.getByTestId('action-draft-reply').click();
    await page.waitForURL(/\/outgoing\/new\?replyTo=/);
    await page.getByTestId('reply-to').waitFor();
    await expect.poll(() => page.getByLabel('Trích yếu', { exact: true }).inputValue()).toContain('V/v trả lời báo cáo tình hình chuyển đổi số');
    await picture(page, 'reply-form');
    await page.getByTestId('draft-save').click();
    await page.waitForURL(/\/outgoing\/[0-9a-f-]{36}$/);
    await page.getByTestId('reply-to-link').click();
    await page.waitForURL(new RegExp(`/incoming/${incomingId}$`));
    await expect.poll(() => page.getByTestId('reply').count()).toBe(1);
    expect(await page.getByTestId('reply').textContent()).toContain('Dự thảo');
    await picture(page, 'incoming-with-reply');

    // On a phone: the drafts as cards, the document with its actions above the file.
    const phone = await app.signIn('cv.cntt', PHONE);
    await phone.goto(`${app.baseUrl}/outgoing/box/mine`);
    await phone.getByTestId('outgoing-list').getByText('V/v trả lời báo cáo tình hình chuyển đổi số').waitFor();
    await picture(phone, 'phone-list');
    await phone.getByTestId('outgoing-list').getByText('V/v trả lời báo cáo tình hình chuyển đổi số').click();
    await phone.getByTestId('outgoing-actions').waitFor();
    await picture(phone, 'phone-document');

    // Once the reply is approved and issued, completing the work names it: its number shows with the work.
    const replyId = (await page.getByTestId('reply').locator('a').first().getAttribute('href'))!.split('/').pop()!;
    const usernames = new Map(users.map((u) => [u.id, u.username]));
    await page.request.post(`${app.baseUrl}/api/outgoing-documents/${replyId}/submit`, { data: {} });
    for (let step = 0; step < 10; step++) {
      const reply = await (await page.request.get(`${app.baseUrl}/api/outgoing-documents/${replyId}`)).json() as { status: string; steps: { status: string; holder: { id: string } }[] };
      if (reply.status === 'approved') break;
      const holder = await as(usernames.get(reply.steps.find((s) => s.status === 'current')!.holder.id)!);
      expect((await holder.request.post(`${app.baseUrl}/api/outgoing-documents/${replyId}/approve`, { data: {} })).status()).toBe(200);
    }
    const issued = await clerk.request.post(`${app.baseUrl}/api/outgoing-documents/${replyId}/issue`, { data: { copies: 1 } });
    expect(issued.status()).toBe(200);
    const reference = (await issued.json() as { reference: string }).reference;
    await page.reload();
    await page.getByTestId('my-work').waitFor();
    await act(page, 'complete', async (modal) => {
      await modal.getByLabel('Kết quả xử lý').fill('Đã trả lời bằng văn bản.');
      await expect.poll(() => modal.getByTestId('reply-document').textContent()).toContain(reference);
    }, 'complete-with-reply');
    await page.getByRole('tab', { name: /Phân công xử lý/ }).click();
    await expect.poll(() => page.getByTestId('assignment-reply').first().textContent()).toContain(reference);
    await picture(page, 'incoming-reply-recorded');

  });
});
