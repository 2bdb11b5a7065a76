import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
    testTimeout: 20000,
    // Stored facts' spans (CompactSpan) compare equal to plain spans with the same numbers.
    setupFiles: ['test/helpers/spanEquality.ts'],
    // Every reused node check is checked again against a fresh one (runRules' verifyReuse): a stale reuse fails the test.
    env: { KEDRO_LENS_VERIFY_REUSE: '1' },
    // The JSON report lets .ci/run print one closing "N passed, N failed" line across all suites.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    hookTimeout: 30000,
    // Protocol and CLI suites spawn the built bundles; keep them from competing for the 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
