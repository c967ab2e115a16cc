import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'zhanggui-data/**', 'packages/server/src/db/migrations/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Benchmarks are plain Node scripts.
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', Blob: 'readonly', URL: 'readonly' },
    },
  },
  {
    // algorithms is pure: plain data in, plain data out. No I/O, no clock, no ambient randomness,
    // and nothing from the rest of the project.
    files: ['packages/algorithms/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@zhanggui/*', '../../*', 'node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os', 'crypto', 'pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'fastify'],
            message: 'packages/algorithms must stay pure: no I/O, no database, no other project package.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Take a seeded RNG as a parameter.' },
        { object: 'Date', property: 'now', message: 'Take the time as a parameter.' },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take the time as a parameter.' }],
    },
  },
  {
    // Tests of the pure code may read the shared benchmark data from disk; the code under test may not.
    files: ['packages/algorithms/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@zhanggui/server', '@zhanggui/web', 'pg', 'drizzle-orm', 'drizzle-orm/*'], message: 'contracts holds schemas only.' }] }],
    },
  },
);
