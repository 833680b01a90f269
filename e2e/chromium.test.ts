import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SYSTEM_CHROMIUM, findChromium, launchChromium } from './chromium.js';

const nowhere = path.join(os.tmpdir(), 'khong-co-chromium');
const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'screenshots');


// A browser step on a loaded 2-core machine can take most of a minute: give each one room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe('choosing the Chromium the browser tests drive', () => {
  it('CHROMIUM_PATH wins when set, and a wrong one is a clear error', async () => {
    expect(await findChromium({ env: { CHROMIUM_PATH: process.execPath } })).toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' });
    await expect(findChromium({ env: { CHROMIUM_PATH: nowhere } })).rejects.toThrow(/CHROMIUM_PATH=.*no such file/);
  });

  it.runIf(fs.existsSync(SYSTEM_CHROMIUM))('Debian\'s Chromium is used when installed', async () => {
    expect(await findChromium({ env: {} })).toEqual({ executablePath: SYSTEM_CHROMIUM, source: 'system' });
  });
});

describe('on a machine without a system Chromium (only Node)', () => {
  it('the Chromium from npm renders a Vietnamese page', async () => {
    const choice = await findChromium({ env: {}, systemPath: nowhere });
    expect(choice.source).toBe('npm');
    const browser = await launchChromium({ systemPath: nowhere });
    try {
      const page = await browser.newPage({ viewport: { width: 640, height: 200 } });
      await page.setContent('<body style="font: 28px serif"><p id="vi">Cộng hòa xã hội chủ nghĩa Việt Nam — Hương, Đức, ưởng</p><span id="a">ươ</span><span id="tofu">\u{10FFFD}\u{10FFFD}</span></body>');
      expect(await page.locator('#vi').innerText()).toContain('Cộng hòa xã hội chủ nghĩa Việt Nam');
      // A font without Vietnamese glyphs draws each as the same empty box: compare with a code point no font has.
      const widths = await page.evaluate(() => ['a', 'tofu'].map((id) => document.getElementById(id)!.getBoundingClientRect().width));
      expect(widths[0]).not.toBeCloseTo(widths[1]!, 1);
      await fsp.mkdir(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'npm-chromium-vietnamese.png') });
    } finally {
      await browser.close();
    }
  });
});
