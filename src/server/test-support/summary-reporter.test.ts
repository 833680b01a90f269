import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const config = fileURLToPath(new URL('./reporter-fixtures/vitest.config.ts', import.meta.url));
const vitest = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));

/** Runs the fixture files matching `pattern` in a child Vitest and returns its closing line. */
function closingLine(pattern: string): Promise<{ line: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [vitest, 'run', '--config', config], { env: { ...process.env, FIXTURE: pattern, DATABASE_URL: '' } }, (error, stdout) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      resolve({ line, exitCode: error ? Number(error.code ?? 1) : 0 });
    });
  });
}

describe('the closing line of a test run', () => {
  it('counts a file that cannot be imported, a beforeAll or afterAll that throws and an uncaught error as failures', async () => {
    // passing: 1 passed + 1 skipped; failing: 1 failed; import-fails: 1 failed; before-all-fails: 1 failed
    // (its test skipped); after-all-fails: 1 passed + 1 failed; unhandled: 1 passed + 1 failed.
    expect(await closingLine('*.fixture.ts')).toEqual({ line: 'tests: 3 passed, 5 failed, 2 skipped', exitCode: 1 });
  });

  it('says 0 failed only when nothing failed', async () => {
    expect(await closingLine('passing.fixture.ts')).toEqual({ line: 'tests: 1 passed, 0 failed, 1 skipped', exitCode: 0 });
  });
});
