import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", after vitest's own
 * report, so CI and people read the same figures whatever the reporter. A file or a hook that
 * failed counts as a failure, not as the skipped tests it left behind.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load, or a hook (beforeAll...) that threw: its tests never ran, and
      // vitest reports them as skipped; each such error is a failure here.
      let broken = module.errors().length;
      for (const suite of module.children.allSuites()) broken += suite.errors().length;
      if (module.state() === 'failed' && broken === 0 && ![...module.children.allTests()].some((t) => t.result().state === 'failed')) broken = 1;
      failed += broken;
    }
    failed += unhandledErrors.length;
    console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
