import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/cli/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Protocol and CLI suites spawn the built bundles; keep them from competing for the 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
