import { defineConfig } from 'vitest/config';

/**
 * Three kinds of test, one command (`npm test`):
 * - unit: pure functions of src/core, next to the code (src/**\/*.test.ts);
 * - integration: the real server over real HTTP on PGlite and PostgreSQL (test/**\/*.int.test.ts);
 * - e2e: the built web app in Debian's Chromium through playwright-core (test/e2e/**\/*.e2e.test.ts).
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
