import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface Counts { passed: number; failed: number; skipped: number }

/**
 * Ends the run with one plain line, "tests: N passed, N failed, N skipped", that CI can read.
 * A failure is a failed test, but also anything that failed outside a test: a file that could not
 * be imported, a beforeAll or afterAll that threw (its tests then count as skipped), an error
 * nobody caught. Otherwise a broken file would close the run with "0 failed".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []) {
    const counts = countResults(testModules, unhandledErrors);
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}

export function countResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): Counts {
  const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const module of testModules) {
    const before = counts.failed;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') counts.failed++;
      else counts.skipped++;
    }
    // Import and top-level hook errors sit on the module, a describe's hook errors on its suite.
    counts.failed += module.errors().length;
    for (const suite of module.children.allSuites()) counts.failed += suite.errors().length;
    if (module.state() === 'failed' && counts.failed === before) counts.failed++;
  }
  return counts;
}
