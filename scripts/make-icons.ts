// Renders the app icons (src/web/public/icon*.svg) to the PNGs the web app manifest names, in
// headless Chromium. Run once when the SVGs change: `node --import tsx scripts/make-icons.ts`;
// the PNGs are committed, so neither the build nor a start needs a browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/chromium.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/web/public');
const browser = await launchChromium();
try {
  for (const [svg, sizes, prefix] of [['icon.svg', [192, 512, 180], 'icon'], ['icon-maskable.svg', [192, 512], 'icon-maskable']] as const) {
    const markup = fs.readFileSync(path.join(publicDir, svg), 'utf8');
    for (const size of sizes) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
      const name = size === 180 ? 'apple-touch-icon.png' : `${prefix}-${size}.png`;
      await page.screenshot({ path: path.join(publicDir, name), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      await page.close();
      console.log(name);
    }
  }
} finally {
  await browser.close();
}
