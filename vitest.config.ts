import { defineConfig } from 'vitest/config';

// One run covers the API tests (src/**) and the browser tests (e2e/**). DATABASE_URL switches the
// API tests from embedded PGlite to a real PostgreSQL server (each test file gets its own database).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['src/server/test-support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Each worker imports the app once for all its files instead of once per file: the imports took
    // 1,237 s of a loaded CI run's 3,454 s. Every file builds its own app and database, so nothing
    // is shared but modules; a file that changes process.env restores it (presigned-downloads).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './src/server/test-support/summary-reporter.ts'],
    // expect.poll gives up after 1 s by default: a browser step (a reload, a list refetch) on a loaded
    // 2-core CI machine takes longer, and the outgoing flow failed that way only in full runs.
    expect: { poll: { timeout: 30_000, interval: 250 } },
  },
});
