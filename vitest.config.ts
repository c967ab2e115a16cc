import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@zhanggui/algorithms': src('algorithms'),
      '@zhanggui/contracts': src('contracts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/web/e2e/**/*.e2e.test.ts'],
    // Database tests create PGlite instances (seconds each) and, with DATABASE_URL, databases on
    // a server; two workers match the two cores these machines have.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
