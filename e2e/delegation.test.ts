// Delegation in the browser: the director delegates directing incoming documents to a deputy on
// the "Ủy quyền" screen; the deputy finds the director's submitted document under "Việc được ủy
// quyền" and assigns it from there in the director's name; the director sees the action marked
// "thay mặt" in the history, "Ủy quyền xử lý" in his box and the step in Giám sát. Needs the built client (dist/web).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { samplePdfBytes } from '../src/server/test-support/test-app.js';
import { type BrowserApp, expectNoProblems, pick, startBrowserApp, typedDate } from './harness.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

describe('delegation in the browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'delegation' });
  });

  afterEach(() => expectNoProblems(app));

  afterAll(async () => {
    await app?.close();
  });

  it('the director delegates to a deputy, who assigns a submitted document in his name; the director sees it marked as delegated', async () => {
    const director = await app.signIn('giamdoc');
    const users = (await (await director.request.get(`${app.baseUrl}/api/org/users`)).json()).items as { id: string; username: string }[];
    const idOf = (username: string) => users.find((u) => u.username === username)!.id;
    const clerk = await app.signIn('vanthu');
    const metadata = { issuer: 'UBND tỉnh Điện Biên', number: '91', notation: 'UBND-VX', issuedOn: '2026-01-02', documentType: 'official_letter', summary: 'V/v triển khai chữ ký số trong cơ quan', urgency: 'urgent', submitTo: idOf('giamdoc') };
    const created = await clerk.request.post(`${app.baseUrl}/api/incoming-documents`, {
      headers: { Origin: app.baseUrl },
      multipart: { metadata: JSON.stringify(metadata), files: { name: 'van-ban.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await samplePdfBytes()) } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const docId = (await created.json()).id as string;

    // The director delegates directing incoming documents to his deputy, for today and tomorrow.
    await director.getByTestId('menu-delegations').click();
    await director.waitForURL(/\/delegations$/);
    const form = director.getByTestId('delegation-form');
    await pick(director, form, 'Người được ủy quyền', 'Lò Thị Mai');
    await form.getByLabel('Duyệt dự thảo văn bản đi').uncheck();
    await form.getByLabel('Ký thừa ủy quyền (TUQ.)').uncheck();
    const range = form.locator('.ant-picker-range input');
    await range.first().click();
    await range.first().fill(typedDate(0));
    await range.first().press('Enter');
    await range.nth(1).fill(typedDate(1));
    await range.nth(1).press('Enter');
    await director.locator('.ant-picker-dropdown:visible').first().waitFor({ state: 'hidden' });
    await app.screenshot(director, 'form');
    await form.getByTestId('delegation-submit').click();
    const given = director.getByTestId('delegations-given');
    await given.getByText('Lò Thị Mai').waitFor();
    expect(await given.getByTestId('delegation-state').first().innerText()).toBe('Đang hiệu lực');
    await app.screenshot(director, 'list');

    // The deputy's delegated work: the director's submitted document, assigned from there.
    const deputy = await app.signIn('phogiamdoc');
    await deputy.getByTestId('menu-delegated-work').click();
    const work = deputy.getByTestId('delegated-work-table');
    await work.getByText('V/v triển khai chữ ký số trong cơ quan').waitFor();
    await app.screenshot(deputy, 'work');
    await work.getByTestId('delegated-link').first().click();
    await deputy.waitForURL(new RegExp(`/incoming/${docId}$`));
    await deputy.getByTestId('action-assign').click();
    const panel = deputy.getByTestId('assign-panel');
    await panel.getByLabel('Ý kiến chỉ đạo').fill('Giao phòng CNTT chủ trì triển khai.');
    await pick(deputy, panel, 'Chủ trì xử lý', 'Phòng Công nghệ thông tin');
    await app.screenshot(deputy, 'assign-panel', { dialog: true });
    await panel.getByTestId('dialog-ok').click();
    await panel.waitFor({ state: 'detached' });
    await deputy.getByTestId('action-assign').waitFor({ state: 'detached' });

    // The director's box shows it as done by his delegate; the history says "thay mặt".
    await director.goto(`${app.baseUrl}/inbox/in_progress`);
    await director.getByTestId('by-delegate-tag').first().waitFor();
    await app.screenshot(director, 'inbox');
    await director.goto(`${app.baseUrl}/incoming/${docId}`);
    await director.getByRole('tab', { name: /Quá trình xử lý/ }).click();
    const marking = director.getByTestId('on-behalf-of').first();
    await marking.waitFor();
    expect(await marking.innerText()).toBe('thay mặt Nguyễn Văn Hùng');
    await app.screenshot(director, 'history');

    // Supervision: the director finds the step, done by the deputy in his name, in the agency's activity.
    await director.getByTestId('menu-supervision').click();
    await director.getByTestId('supervision-documents').getByText('V/v triển khai chữ ký số trong cơ quan').waitFor();
    await app.screenshot(director, 'supervision');
    await director.getByRole('tab', { name: 'Hoạt động' }).click();
    await director.getByTestId('supervision-activity').getByTestId('on-behalf-of').first().waitFor();
    await app.screenshot(director, 'supervision-activity');
  });
});
