// Approval chains in the real web client: the admin names the supervising leader of a unit, gives
// "Công văn" a chain of its own (unit head → supervising leader → director), previews it for a
// specialist of that unit before saving, saves it; a draft that specialist then submits follows it.
// Needs the built client (`npm run build` → dist/web). Pictures go to e2e/screenshots/chains-*.png.
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDocx } from '../src/server/test-support/zip-fixture.js';
import { type BrowserApp, DESKTOP, PHONE, pick, startBrowserApp, expectNoProblems } from './harness.js';

// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
let admin: Page;

beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'chains' });
  admin = await app.signIn('quantri', DESKTOP);
});
afterAll(async () => app?.close());

afterEach(() => expectNoProblems(app));

async function picture(page: Page, name: string, options: { dialog?: boolean } = {}) {
  await page.waitForTimeout(300); // a message fading in
  await app.screenshot(page, name, options);
}

/** Types into a searchable picker (without diacritics, as officials do) and picks the option starting with `option`. */
async function search(page: Page, label: string, typed: string, option: string) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(typed);
  await page.locator('.ant-select-dropdown:visible').first().locator(`.ant-select-item-option[title^="${option}"]`).first().click();
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}

const previewNames = (page: Page) => page.getByTestId('chain-preview-step').allInnerTexts();
const stepKinds = async (page: Page) => (await page.locator('[data-testid^="chain-step-kind-"]').allInnerTexts()).map((text) => text.trim());

describe('the admin configures approval chains', () => {
  it('the admin makes the second deputy director the supervising leader of the IT unit', async () => {
    await admin.getByTestId('menu-units').click();
    await admin.getByTestId('page-title').filter({ hasText: 'Danh sách phòng, ban' }).waitFor();
    const row = admin.locator('tr', { hasText: 'Phòng Công nghệ thông tin' });
    await expect(row.innerText()).resolves.toContain('Lò Thị Mai'); // the demo's supervisor
    await row.getByRole('button', { name: /Sửa/ }).click();
    const modal: Locator = admin.locator('.ant-modal:visible').last();
    await modal.waitFor();
    await pick(admin, modal, 'Lãnh đạo phụ trách', 'Trần Quốc Bảo');
    await picture(admin, 'unit-supervisor', { dialog: true });
    await modal.getByRole('button', { name: 'Lưu' }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => row.innerText()).toContain('Trần Quốc Bảo');
    await picture(admin, 'units');
  });

  it('the admin gives "Công văn" a chain of three steps and, before saving, sees for a specialist of the unit: its head, the supervising deputy, the director', async () => {
    await admin.getByTestId('menu-chains').click();
    await admin.getByTestId('page-title').filter({ hasText: 'Luồng trình duyệt văn bản đi' }).waitFor();
    await picture(admin, 'chains');

    await search(admin, 'Thêm luồng riêng cho loại văn bản', 'cong van', 'Công văn');
    await admin.getByTestId('chain-add').click();
    await expect.poll(() => admin.getByTestId('chain-editor-title').innerText()).toBe('Các bước: Công văn');
    // A new type's chain starts as a copy of the default: Lãnh đạo phòng → Người ký.
    await expect.poll(() => admin.getByTestId('chain-step').count()).toBe(2);
    await pick(admin, admin, 'Bước 2', 'Lãnh đạo phụ trách');
    await admin.getByTestId('chain-add-step').click(); // the first kind not used yet: Giám đốc
    // Reordering works from the keyboard: step 3 up, then back down.
    await admin.getByTestId('chain-step-up-2').focus();
    await admin.keyboard.press('Enter');
    await expect.poll(() => stepKinds(admin)).toEqual(['Lãnh đạo phòng', 'Giám đốc', 'Lãnh đạo phụ trách']);
    await admin.getByTestId('chain-step-down-1').focus();
    await admin.keyboard.press('Space');
    await expect.poll(() => stepKinds(admin)).toEqual(['Lãnh đạo phòng', 'Lãnh đạo phụ trách', 'Giám đốc']);

    await search(admin, 'Người soạn thảo', 'dang van long', 'Đặng Văn Long');
    await expect.poll(() => previewNames(admin)).toEqual([
      expect.stringContaining('Lê Minh Tuấn'),
      expect.stringContaining('Trần Quốc Bảo'),
      expect.stringContaining('Nguyễn Văn Hùng'),
    ]);
    await expect(admin.getByTestId('chain-preview-reviewers').innerText()).resolves.toContain('Lê Minh Tuấn → Trần Quốc Bảo → Nguyễn Văn Hùng');
    await picture(admin, 'chain-preview');
  });

  it('leaving with unsaved steps asks first; saving says so and lists the chain', async () => {
    await admin.getByTestId('menu-units').click();
    await admin.getByTestId('discard-cancel').click();
    await expect(admin.getByTestId('chain-editor-title').innerText()).resolves.toBe('Các bước: Công văn');

    await admin.getByTestId('chain-save').click();
    await admin.locator('.ant-message').getByText('Đã lưu luồng trình duyệt "Công văn".').waitFor();
    await expect(admin.getByTestId('chain-row-official_letter').innerText()).resolves.toContain('Lãnh đạo phòng → Lãnh đạo phụ trách → Giám đốc');
    await picture(admin, 'chain-saved');
    // Saved: leaving asks nothing.
    await admin.getByTestId('menu-units').click();
    await admin.getByTestId('page-title').filter({ hasText: 'Danh sách phòng, ban' }).waitFor();
  });

  it('a step nobody fills is shown as a warning in the preview, on a phone too', async () => {
    const bcvt = 'Phòng Bưu chính, Viễn thông và Báo chí';
    await app.database.db.updateTable('units').set({ supervisor_id: null }).where('name', '=', bcvt).execute();
    try {
      const phone = await app.signIn('quantri', PHONE);
      await phone.goto(`${app.baseUrl}/admin/approval-chains`);
      await phone.getByTestId('chain-edit-official_letter').click();
      await search(phone, 'Người soạn thảo', 'duyen', 'Lường Thị Duyên');
      const nobody = phone.locator('[data-testid="chain-preview-step"][data-outcome="nobody"]');
      await expect.poll(() => nobody.innerText()).toContain('Không có ai đảm nhận bước này');
      await expect(phone.getByTestId('chain-preview-reviewers').innerText()).resolves.toContain('Cầm Văn Thắng → Nguyễn Văn Hùng');
      await picture(phone, 'phone-chain-preview');
    } finally {
      await app.database.db.updateTable('units').set({ supervisor_id: (await app.database.db.selectFrom('users').select('id').where('username', '=', 'phogiamdoc').executeTakeFirstOrThrow()).id }).where('name', '=', bcvt).execute();
    }
  });

  it("a draft of the IT specialist, submitted, follows the chain the admin set for công văn", async () => {
    const specialist = await app.signIn('cv.cntt', DESKTOP);
    const created = await specialist.request.post(`${app.baseUrl}/api/outgoing-documents`, {
      multipart: {
        metadata: JSON.stringify({ documentType: 'official_letter', summary: 'V/v triển khai chữ ký số năm 2026', urgency: 'normal', recipients: [{ kind: 'external', name: 'UBND các huyện' }] }),
        files: { name: 'du-thao.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: makeDocx() },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await specialist.request.post(`${app.baseUrl}/api/outgoing-documents/${id}/submit`, { data: {} })).status()).toBe(200);
    const doc = (await (await specialist.request.get(`${app.baseUrl}/api/outgoing-documents/${id}`)).json()) as { steps: { kind: string; holder: { fullName: string } }[] };
    expect(doc.steps.map((s) => [s.kind, s.holder.fullName])).toEqual([
      ['unit_head', 'Lê Minh Tuấn'], ['supervisor', 'Trần Quốc Bảo'], ['director', 'Nguyễn Văn Hùng'],
    ]);
  });
});
