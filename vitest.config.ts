import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // global.gc, so memory tests (vendor.credit.test.ts) measure live memory, not garbage.
    execArgv: ['--expose-gc'],
  },
});
