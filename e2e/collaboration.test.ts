// Working together (issue 12), in the real web client: a unit head on an office PC and a specialist on
// a phone chat and send a file, while the director convenes a meeting with both; the invitation reaches
// the specialist's open page without a reload, the specialist accepts it, and the meeting is on both
// officials' calendars. Every screenshot is audited by axe-core (e2e/harness.ts).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSamplePdf } from '../src/server/modules/demo/demo.pdf.js';
import { type BrowserApp, PHONE, apiCall, expectNoProblems, pick, startBrowserApp } from './harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let app: BrowserApp;
beforeAll(async () => {
  app = await startBrowserApp({ prefix: 'collab' });
});
afterEach(() => expectNoProblems(app));
afterAll(async () => app?.close());

const TITLE = 'Họp triển khai nền tảng số tỉnh Điện Biên';

/** 09:00–10:30 Vietnam time, the day after tomorrow (an ISO instant). */
function meetingTime(hour: number, minute = 0): string {
  const day = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
  return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+07:00`).toISOString();
}

describe('working together', () => {
  it('two officials chat and send a file while a meeting invitation arrives; the invitee accepts and the meeting is on both calendars', async () => {
    const head = await app.signIn('tp.cntt');
    const specialist = await app.signIn('cv.cntt', PHONE);
    const { items: users } = await apiCall(app, head, 'GET', '/api/org/users') as { items: { id: string; username: string; fullName: string }[] };
    const user = (username: string) => users.find((u) => u.username === username)!;

    // The unit head starts a conversation with the specialist and writes.
    await head.getByTestId('menu-messages').click();
    await head.getByTestId('chat-new').click();
    const dialog = head.locator('.ant-modal:visible');
    await pick(head, dialog, 'Đồng nghiệp', user('cv.cntt').fullName);
    await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
    await head.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await head.getByTestId('chat-input').fill('Em gửi anh bản dự thảo kế hoạch nhé.');
    await head.getByTestId('chat-send').click();
    await head.getByTestId('message').getByText('Em gửi anh bản dự thảo kế hoạch nhé.').waitFor();

    // The specialist's phone: the conversation and the message arrive without a reload.
    await specialist.goto(`${app.baseUrl}/messages`);
    // Nothing may reload the specialist's page from here on: a marker on the window would be lost.
    await specialist.evaluate(() => { (window as unknown as { marker: number }).marker = 7; });
    await specialist.getByTestId('conversation-list').getByText(user('tp.cntt').fullName).click();
    await specialist.getByTestId('message').getByText('Em gửi anh bản dự thảo kế hoạch nhé.').waitFor();

    // The specialist answers with a file, which appears on the head's open page.
    const pdf = path.join(app.tmp, 'du-thao-ke-hoach.pdf');
    await fsp.writeFile(pdf, await renderSamplePdf({ issuer: 'Sở Thông tin và Truyền thông', reference: '12/KH-STTTT', issuedOn: new Date().toISOString().slice(0, 10), summary: 'Kế hoạch triển khai nền tảng số', signer: 'Nguyễn Văn An' }));
    await specialist.getByTestId('chat-input').fill('Dạ, em gửi lại bản đã sửa.');
    await specialist.locator('.vp-chat-composer input[type=file]').setInputFiles(pdf);
    await specialist.getByTestId('message-file').getByText('du-thao-ke-hoach.pdf').waitFor();
    await head.getByTestId('message-file').getByText('du-thao-ke-hoach.pdf').waitFor();
    await head.getByTestId('message-seen').waitFor();
    await app.screenshot(head, 'chat-pc');

    // The director convenes a meeting with both (through the API: the form has its own test).
    const director = await app.signIn('giamdoc');
    const meeting = await apiCall(app, director, 'POST', '/api/meetings', {
      title: TITLE, startsAt: meetingTime(9), endsAt: meetingTime(10, 30), place: 'Phòng họp tầng 3', chairId: user('giamdoc').id,
      userIds: [user('tp.cntt').id, user('cv.cntt').id], agenda: ['Báo cáo tiến độ', 'Phân công nhiệm vụ'],
    }) as { id: string };

    // The invitation reaches the specialist's open chat without a reload; the bell opens the meeting.
    await specialist.getByTestId('notification-count').locator('.ant-badge-count').getByText('1').waitFor({ timeout: 30_000 });
    expect(await specialist.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await app.screenshot(specialist, 'chat-phone-invited');
    await specialist.getByTestId('notification-bell').click();
    await specialist.getByTestId('notification-item').first().getByText(TITLE, { exact: false }).waitFor();
    await specialist.getByTestId('notification-item').first().locator('button').click();
    await specialist.waitForURL(new RegExp(`/meetings/${meeting.id}$`));
    await specialist.getByTestId('answer-attend').click();
    await specialist.getByTestId('meeting-counts').getByText('Tham dự: 1').waitFor();
    await app.screenshot(specialist, 'meeting-phone-accepted');

    // The organizer sees the answer; both invitees have the meeting on their calendars.
    await director.goto(`${app.baseUrl}/meetings/${meeting.id}`);
    await director.getByTestId('meeting-answers').getByText(user('cv.cntt').fullName).waitFor();
    await app.screenshot(director, 'meeting-organizer');
    for (const page of [head, specialist]) {
      await page.goto(`${app.baseUrl}/my-calendar`);
      // FullCalendar keeps hidden copies of events it measures: the one shown is what counts.
      await page.getByTestId('personal-calendar').locator('.fc-event:visible', { hasText: TITLE }).first().waitFor();
    }
    await app.screenshot(head, 'calendar-pc');
    await app.screenshot(specialist, 'calendar-phone');

    // The head gives the specialist a task and shares it in their conversation from the task's page;
    // the link arrives in the specialist's chat and opens the task.
    const task = await apiCall(app, head, 'POST', '/api/tasks', { title: 'Rà soát kế hoạch nền tảng số', dueDate: meetingTime(17).slice(0, 10), lead: { userId: user('cv.cntt').id } }) as { id: string };
    await head.goto(`${app.baseUrl}/tasks/${task.id}`);
    await head.getByTestId('action-share-to-conversation').click();
    const share = head.locator('.ant-modal:visible');
    await pick(head, share, 'Cuộc trò chuyện', user('cv.cntt').fullName);
    await share.getByTestId('share-text').fill('Anh xem giúp em việc này.');
    await app.screenshot(head, 'share-task-pc');
    await share.getByTestId('share-send').click();
    await head.getByTestId('shared-open-conversation').click();
    await specialist.goto(`${app.baseUrl}/messages`);
    await specialist.getByTestId('conversation-list').getByText(user('tp.cntt').fullName).click();
    await specialist.getByText('Anh xem giúp em việc này.').waitFor();
    await specialist.locator('.vp-msg-link', { hasText: 'Công việc được chia sẻ' }).click();
    await specialist.waitForURL(new RegExp(`/tasks/${task.id}$`));
  });

  it('the other working-together screens pass axe on a PC and a phone: tasks, meetings, the work schedule, surveys', async () => {
    const leader = await app.signIn('giamdoc');
    const specialist = await app.signIn('cv.cntt', PHONE);
    for (const [page, size] of [[leader, 'pc'], [specialist, 'phone']] as const) {
      for (const route of ['/messages', '/tasks', '/tasks/new', '/meetings', ...(size === 'pc' ? ['/meetings/new'] : []), '/work-schedule', '/surveys']) {
        await page.goto(`${app.baseUrl}${route}`);
        await page.locator('#main h1').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton'));
        await app.screenshot(page, `${size}${route.replaceAll('/', '-')}`);
      }
    }
  });
});
