import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text files worth compressing; below 1 KB the headers outweigh the gain. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|map|txt)$/;
const MIN_COMPRESS_BYTES = 1024;

/** Public files the service worker keeps besides the page's own assets. */
const SHELL_FILES = ['/index.html', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];

/**
 * After the build: writes dist/web/sw.js with this build's id and the files of the shell (those
 * index.html loads), then stores a brotli (.br, best quality) and a gzip (.gz) copy beside every
 * text file, which the server sends as they are (@fastify/static preCompressed): compressed once
 * here at the highest level instead of on every request.
 */
function serviceWorkerAndCompression(outDir: string, publicDir: string): Plugin {
  return {
    name: 'service-worker-and-compression',
    apply: 'build',
    async closeBundle() {
      const html = await fs.readFile(path.join(outDir, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
      const shell = [...SHELL_FILES, ...new Set(assets)];
      const buildId = createHash('sha256').update(html).digest('hex').slice(0, 16);
      const template = await fs.readFile(path.join(publicDir, 'sw.js'), 'utf8');
      await fs.writeFile(path.join(outDir, 'sw.js'), template.replace("'__BUILD_ID__'", JSON.stringify(buildId)).replace('__SHELL__', JSON.stringify(shell)));
      const files = (await fs.readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
        .map((entry) => path.join(entry.parentPath, entry.name));
      await Promise.all(files.map(async (file) => {
        const content = await fs.readFile(file);
        if (content.length < MIN_COMPRESS_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
          gzip(content, { level: 9 }),
        ]);
        await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
      }));
    },
  };
}

// The web client lives in src/web; `npm run build` writes it to dist/web, which the Fastify
// server serves on the same port as the API. `npm run dev:web` proxies /api to a server on :3000.
export default defineConfig({
  root: path.join(here, 'src/web'),
  plugins: [react(), serviceWorkerAndCompression(path.join(here, 'dist/web'), path.join(here, 'src/web/public'))],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate files stay cached across releases.
        // entriesAware names a chunk after every page that shares it: too long for a file name.
        chunkFileNames: (chunk) => (chunk.name.startsWith('antd~') ? 'assets/antd-[hash].js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/ },
            // entriesAware: the components only lazily loaded pages use (date pickers, uploads, trees…)
            // go to chunks of their own, so the first visit does not download all of Ant Design.
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs)[\\/]/, entriesAware: true, entriesAwareMergeThreshold: 60_000 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
