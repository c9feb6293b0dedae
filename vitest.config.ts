import { defineConfig } from 'vitest/config';

// Real processes and sockets: generous timeouts, and at most two files at once (2 cores).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    setupFiles: ['test/setup/no-ci-rendering.ts'],
    // Fails the run if any worker (or its child) of a test outlives its supervisor.
    globalSetup: ['test/setup/leftover-guard.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
