import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    pool: 'forks',
    // Many tests run the CLI as real processes (node + tsx start in 2-10 s each); on a loaded shared
    // 2-core machine a test of several runs needs minutes, not seconds. A hang still fails.
    testTimeout: 120_000,
  },
});
