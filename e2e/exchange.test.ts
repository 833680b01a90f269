// The exchange between two agencies of one deployment, seen in the browser: the clerk of Sở TT&TT
// issues a signed document to Sở Nội vụ (drafting, approval, signing and issuance through the API:
// those screens have their own tests); Sở Nội vụ's clerk sees it in "Văn bản điện tử đến", checks
// its signatures and accepts it; its director assigns it; the sender's page shows "registered" then
// "assigned" without a reload; the sender recalls it and the receiver agrees. The queue is open before
// the document is issued and shows it without a reload: the screens follow the notifications stream,
// none of them polls. Needs dist/web.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { DEMO_PASSWORD } from '../src/server/modules/demo/demo.data.js';
import { DEMO_KEY_PASSPHRASE } from '../src/server/modules/signatures/demo-ca.js';
import { type BrowserApp, expectNoProblems, pick, startBrowserApp, apiCall } from './harness.js';

vi.setConfig({ testTimeout: 420_000, hookTimeout: 180_000 });

/** How long a pushed change may take to show: the exchange screens do not poll, so only the stream can bring it. */
const LIVE_MS = 15_000;

describe('exchange between two agencies', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ prefix: 'exchange', signing: true });
  });
  afterEach(() => expectNoProblems(app));
  afterAll(async () => {
    await app?.close();
  });

  const call = (page: Page, method: 'GET' | 'POST', url: string, data?: object) => apiCall(app, page, method, url, data);

  /** A context signed in through the API only, for officials whose screens this test does not look at. */
  async function apiAs(username: string): Promise<Page> {
    const page = await app.newPage(undefined, username);
    const response = await page.request.post(`${app.baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } });
    expect(response.status(), await response.text()).toBe(200);
    return page;
  }

  it('a signed document reaches Sở Nội vụ, is accepted and assigned, the sender follows it live, then recalls it', async () => {
    const drafter = await apiAs('cv.cntt');
    const director = await apiAs('giamdoc');
    const clerk = await app.signIn('vanthu');
    const people = new Map<string, Page>([['cv.cntt', drafter], ['giamdoc', director], ['vanthu', clerk]]);
    const users = await app.database.db.selectFrom('users').select(['id', 'username', 'agency_id']).execute();
    const usernameOf = new Map(users.map((u) => [u.id, u.username]));
    const snv = users.find((u) => u.username === 'vanthu.snv')!;
    const main = await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông tỉnh Điện Biên', reference: '          /STTTT-CNTT', issuedOn: '2026-12-01', summary: 'V/v phối hợp triển khai liên thông văn bản', signer: 'Nguyễn Văn Hùng' });
    const form = new FormData();
    form.append('metadata', JSON.stringify({ documentType: 'official_letter', summary: 'V/v phối hợp triển khai liên thông văn bản', signerId: users.find((u) => u.username === 'giamdoc')!.id, recipients: [{ kind: 'agency', agencyId: snv.agency_id }] }));
    form.append('files', new Blob([new Uint8Array(main)], { type: 'application/pdf' }), 'cong-van.pdf');
    const created = await drafter.request.post(`${app.baseUrl}/api/outgoing-documents`, { multipart: form });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;
    await call(drafter, 'POST', `/api/outgoing-documents/${id}/submit`, {});
    for (let step = 0; step < 10; step++) {
      const doc = await call(drafter, 'GET', `/api/outgoing-documents/${id}`);
      if (doc.status === 'approved') break;
      const holder = usernameOf.get(doc.steps.find((s: { status: string }) => s.status === 'current').holder.id)!;
      people.set(holder, people.get(holder) ?? await apiAs(holder));
      await call(people.get(holder)!, 'POST', `/api/outgoing-documents/${id}/approve`, {});
    }
    const certificates = await call(director, 'GET', '/api/signing/certificates');
    await call(director, 'POST', `/api/outgoing-documents/${id}/sign`, { certificateId: certificates.items[0].id, passphrase: DEMO_KEY_PASSPHRASE });

    // The receiving clerk's queue is open before the document is issued: it must arrive there
    // without a reload. The screens do not poll: only the pushed `exchange` event can bring it.
    const receiver = await app.signIn('vanthu.snv');
    await receiver.getByTestId('menu-exchange-received').click();
    await receiver.getByTestId('exchange-received-table').waitFor();
    expect(await receiver.getByTestId('received-item-link').count()).toBe(0);
    await call(clerk, 'POST', `/api/outgoing-documents/${id}/issue`, { copies: 1, agencyPassphrase: DEMO_KEY_PASSPHRASE });
    await receiver.getByTestId('received-item-link').first().waitFor({ timeout: LIVE_MS });
    expect(await receiver.getByTestId('exchange-received-table').innerText()).toContain('V/v phối hợp triển khai liên thông văn bản');
    await app.screenshot(receiver, 'received-queue');

    // The sender's page: Sở Nội vụ has it (01).
    await clerk.goto(`${app.baseUrl}/outgoing/${id}`);
    const receivers = clerk.getByTestId('exchange-receivers');
    await receivers.getByTestId('delivery-state').and(clerk.locator('[data-state="arrived"]')).waitFor();

    // The item with its signature check.
    await receiver.getByTestId('received-item-link').first().click();
    await receiver.getByTestId('exchange-item').waitFor();
    await receiver.getByTestId('signature-report').first().waitFor();
    expect(await receiver.getByTestId('exchange-files').innerText()).toContain('cong-van.pdf');
    await pick(receiver, receiver.getByTestId('exchange-accept'), 'Trình lãnh đạo', 'Tòng Văn Chiến');
    await app.screenshot(receiver, 'received-item');
    await receiver.getByTestId('exchange-accept-button').click();
    await receiver.waitForURL(/\/incoming\/[0-9a-f-]+$/);
    const incomingId = receiver.url().split('/').pop()!;

    // The sender's page, not reloaded: registered (03) with the receiver's arrival number.
    await receivers.locator('[data-state="registered"]').waitFor({ timeout: LIVE_MS });
    expect(await receivers.innerText()).toMatch(/Số đến tại nơi nhận: \d+/);
    await app.screenshot(clerk, 'sender-registered');

    // The receiver's director assigns it (the assignment screen has its own tests): the sender sees 04.
    const snvDirector = await apiAs('giamdoc.snv');
    await call(snvDirector, 'POST', `/api/incoming-documents/${incomingId}/assign`, { direction: 'Văn phòng chủ trì, tham mưu', assignments: [{ role: 'lead', userId: snv.id }] });
    await receivers.locator('[data-state="assigned"]').waitFor({ timeout: LIVE_MS });
    await app.screenshot(clerk, 'sender-assigned');

    // The sender recalls it; the receiver agrees; the sender sees the answer.
    await receivers.getByTestId('action-recall').click();
    await clerk.getByTestId('recall-reason').fill('Văn bản có sai sót về nội dung, sẽ ban hành văn bản thay thế');
    await app.screenshot(clerk, 'recall-dialog', { dialog: true });
    await clerk.getByTestId('recall-confirm').click();
    await receivers.getByTestId('recall-state').waitFor();

    await receiver.goto(`${app.baseUrl}/exchange/received`);
    // Once accepted it is no longer waiting: "Tất cả" shows it with the sender's recall.
    await receiver.getByTestId('exchange-received').getByText('Tất cả', { exact: true }).click();
    await receiver.getByTestId('received-item-link').first().click();
    await receiver.getByTestId('recall-banner').waitFor();
    await receiver.getByTestId('exchange-answer-recall').click();
    await receiver.getByTestId('recall-answer-confirm').click();
    await receiver.getByTestId('recall-banner').waitFor({ state: 'detached' });
    await receivers.locator('[data-recall="agreed"]').waitFor({ timeout: LIVE_MS });
    await app.screenshot(clerk, 'sender-recall-agreed');

    await receiver.goto(`${app.baseUrl}/incoming/${incomingId}`);
    await receiver.getByTestId('document-status').and(receiver.locator('[data-status="recalled"]')).first().waitFor();
    expect(await receiver.getByTestId('received-through').innerText()).toContain('thu hồi');
    await clerk.goto(`${app.baseUrl}/exchange/sent`);
    await clerk.getByTestId('sent-link').first().waitFor();
    await app.screenshot(clerk, 'sent-tracking');
  });
});
