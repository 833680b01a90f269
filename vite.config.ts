import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The web client lives in src/web; `npm run build` writes it to dist/web, which the Fastify
// server serves on the same port as the API. `npm run dev:web` proxies /api to a server on :3000.
export default defineConfig({
  root: path.join(here, 'src/web'),
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
