import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Files that pass, fail, or break in hooks and imports, run by summary-reporter.test.ts in a child
// Vitest to check the closing line; the main run does not include them (*.fixture.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: [process.env.FIXTURE ?? '*.fixture.ts'],
    reporters: [fileURLToPath(new URL('../summary-reporter.ts', import.meta.url))],
    pool: 'threads',
    maxWorkers: 1,
  },
});
