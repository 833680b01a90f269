// Case files in the browser: the office drafts the file plan (through the API), the director
// approves it on the plan screen, a specialist (cv.cntt) opens the file the plan gives the IT
// unit, adds an incoming document to it from the document's page ("Thêm vào hồ sơ"), and closes
// it; the office deposits it into the agency archive and exports its package. Then a file outside the plan:
// the specialist opens it, the office adds it to the plan; the statistics of case files. Needs the built client (dist/web).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { samplePdfBytes } from '../src/server/test-support/test-app.js';
import { apiCall, type BrowserApp, expectNoProblems, PHONE, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

describe('case files in the browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'records' });
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('a specialist opens a file from the approved plan, adds an incoming document from its page and closes the file', async () => {
    const clerk = await app.signIn('vanthu');
    const users = (await apiCall(app, clerk, 'GET', '/api/org/users')).items as { id: string; username: string; unitId: string }[];
    const person = (username: string) => users.find((u) => u.username === username)!;
    const year = Number((await apiCall(app, clerk, 'GET', '/api/time')).today.slice(0, 4));

    // The office drafts the plan of the year: one chapter, two planned files.
    await apiCall(app, clerk, 'POST', '/api/records/plans', { year });
    const chapter = (await apiCall(app, clerk, 'POST', `/api/records/plans/${year}/headings`, { title: 'Công nghệ thông tin, chuyển đổi số' })).headings[0];
    await apiCall(app, clerk, 'POST', `/api/records/plans/${year}/entries`, { headingId: chapter.id, title: 'Hồ sơ triển khai chuyển đổi số của Sở', retention: '20', accessRegime: 'public', keeperUnitId: person('cv.cntt').unitId, notation: 'CNTT' });
    await apiCall(app, clerk, 'POST', `/api/records/plans/${year}/entries`, { headingId: chapter.id, title: 'Hồ sơ an toàn thông tin mạng', retention: '10', accessRegime: 'conditional', keeperUnitId: person('cv.cntt').unitId });

    // An incoming document the IT unit handles, given to the specialist for information.
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: '215', notation: 'UBND-KGVX', issuedOn: '2026-11-20', documentType: 'official_letter', summary: 'V/v triển khai Đề án chuyển đổi số năm 2027', urgency: 'normal', pageCount: 2, submitTo: person('giamdoc').id };
    const created = await clerk.request.post(`${app.baseUrl}/api/incoming-documents`, {
      headers: { Origin: app.baseUrl },
      multipart: { metadata: JSON.stringify(metadata), files: { name: 'van-ban.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdfBytes()) } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const docId = (await created.json()).id as string;
    const director = await app.signIn('giamdoc');
    await apiCall(app, director, 'POST', `/api/incoming-documents/${docId}/assign`, {
      direction: 'Giao phòng CNTT chủ trì.', assignments: [{ role: 'lead', unitId: person('cv.cntt').unitId }, { role: 'info', userId: person('cv.cntt').id }],
    });

    // The director approves the plan on its screen.
    await director.getByTestId('menu-file-plan').click();
    await director.waitForURL(/\/records\/plan$/);
    await director.getByTestId('plan-heading').first().waitFor();
    await app.screenshot(director, 'plan-draft');
    await director.getByTestId('plan-approve').click();
    await director.getByTestId('plan-status').getByText('Đã duyệt').waitFor();
    await app.screenshot(director, 'plan-approved');

    // The specialist opens the file the plan gives the IT unit.
    const specialist = await app.signIn('cv.cntt');
    await specialist.getByTestId('menu-file-plan').click();
    await specialist.waitForURL(/\/records\/plan$/);
    await specialist.getByTestId('open-file-01.CNTT').click();
    await specialist.waitForURL(/\/records\/files\/[0-9a-f-]+$/);
    const fileUrl = specialist.url();
    await specialist.getByTestId('case-file-status').getByText('Đang lập').waitFor();
    expect(await specialist.getByTestId('page-title').innerText()).toBe('Hồ sơ triển khai chuyển đổi số của Sở');
    expect(await specialist.getByTestId('case-file-doc-total').innerText()).toBe('0');

    // From the document's page: "Thêm vào hồ sơ".
    await specialist.goto(`${app.baseUrl}/incoming/${docId}`);
    await specialist.getByTestId('action-add-to-case-file').click();
    const dialog = specialist.getByTestId('dialog-add-to-case-file');
    await dialog.getByLabel('Hồ sơ đang lập của tôi').click();
    await specialist.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await app.screenshot(specialist, 'add-dialog', { dialog: true });
    await dialog.getByTestId('dialog-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const link = specialist.getByTestId('document-case-file');
    await link.waitFor();
    expect(await link.innerText()).toMatch(new RegExp(`\\.${year}\\.01\\.CNTT$`));
    await app.screenshot(specialist, 'document-in-file');

    // The file lists it with its ordinal and archive code; closing freezes the file.
    await link.click();
    await specialist.waitForURL(fileUrl);
    const rows = specialist.getByTestId('case-file-documents').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('V/v triển khai Đề án chuyển đổi số năm 2027');
    expect(await rows.first().innerText()).toMatch(new RegExp(`\\.${year}\\.01\\.CNTT\\.0000001`));
    expect(await specialist.getByTestId('case-file-doc-total').innerText()).toBe('1');
    await specialist.getByTestId('case-file-close').click();
    await specialist.getByTestId('close-confirm').click();
    await specialist.getByTestId('case-file-status').getByText('Đã kết thúc').waitFor();
    expect(await specialist.getByTestId('case-file-close').count()).toBe(0);
    await app.screenshot(specialist, 'closed');

    // The office receives the closed file into the agency archive, with its deposit record, and exports its package.
    await clerk.getByTestId('menu-archive').click();
    await clerk.waitForURL(/\/records\/archive$/);
    const closedRow = clerk.getByTestId('archive-files').locator('tbody tr.ant-table-row').filter({ hasText: 'Hồ sơ triển khai chuyển đổi số của Sở' });
    await closedRow.locator('.ant-checkbox-input').check();
    await clerk.getByTestId('archive-deposit').click();
    await app.screenshot(clerk, 'archive-deposit', { dialog: true });
    await clerk.getByTestId('archive-deposit-ok').click();
    const record = clerk.getByTestId('archive-record-pdf').first();
    await record.waitFor();
    await app.screenshot(clerk, 'archive-deposited');
    const pdf = await clerk.request.get(`${app.baseUrl}${await record.getAttribute('href')}`);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await clerk.goto(fileUrl);
    await clerk.getByTestId('case-file-status').getByText('Đã nộp lưu').waitFor();
    const zip = await clerk.request.get(`${app.baseUrl}${await clerk.getByTestId('case-file-export').getAttribute('href')}`);
    expect([zip.status(), zip.headers()['content-type']]).toEqual([200, 'application/zip']);
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
    await app.screenshot(clerk, 'deposited-file');

    // Work the plan does not list: the specialist opens a file outside it ("Ngoài danh mục"); the office adds it under a heading.
    await specialist.getByTestId('menu-case-files').click();
    await specialist.getByTestId('open-unplanned').click();
    await specialist.getByTestId('unplanned-title').fill('Hồ sơ xử lý sự cố mất kết nối mạng');
    await app.screenshot(specialist, 'unplanned-open', { dialog: true });
    await specialist.getByTestId('unplanned-ok').click();
    await specialist.getByTestId('case-file-unplanned').waitFor();
    await app.screenshot(specialist, 'unplanned-file');
    const phone = await app.signIn('cv.cntt', PHONE);
    await phone.goto(`${app.baseUrl}/records/files`);
    await phone.getByTestId('unplanned-badge').waitFor();
    await app.screenshot(phone, 'unplanned-phone');
    await clerk.getByTestId('menu-file-plan').click();
    const unplanned = clerk.getByTestId('unplanned-files');
    await unplanned.getByRole('button', { name: 'Đưa vào danh mục' }).click();
    await clerk.getByRole('dialog').getByLabel('Đề mục').click();
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await app.screenshot(clerk, 'unplanned-place', { dialog: true });
    await clerk.getByTestId('plan-unplanned-ok').click();
    await unplanned.waitFor({ state: 'detached' });
    await clerk.getByRole('row').filter({ hasText: 'Hồ sơ xử lý sự cố mất kết nối mạng' }).getByText('03').waitFor();
    await app.screenshot(clerk, 'unplanned-placed');

    // The statistics of the agency's case files, on a PC and on a phone.
    await clerk.getByTestId('menu-record-statistics').click();
    await expect.poll(() => clerk.getByTestId('stats-total-files').textContent()).toBe('2');
    expect(await clerk.getByTestId('stats-total-deposited').textContent()).toBe('1');
    await app.screenshot(clerk, 'statistics');
    const clerkPhone = await app.signIn('vanthu', PHONE);
    await clerkPhone.goto(`${app.baseUrl}/records/statistics`);
    await clerkPhone.getByTestId('stats-total-files').waitFor();
    await app.screenshot(clerkPhone, 'statistics-phone');
  });
});
