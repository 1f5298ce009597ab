import { configDefaults, defineConfig } from 'vitest/config';

// `npm run test:sql` (the second CI run, against the PostgreSQL 15 server) repeats only what can
// differ from one PostgreSQL version to another. Browser tests, the CLI's embedded-database test,
// the import memory test and the pure numeric and parsing units run once, in `npm test`.
const onceOnly = [
  'web/e2e/**',
  'src/modules/feedback/widget.test.ts',
  'src/cli/serve.test.ts',
  'src/modules/customers/import/import-memory.test.ts',
  'src/modules/feedback/sentiment/**',
  'src/modules/insight/math/**',
  'src/modules/insight/models/**',
  'src/modules/outreach/uplift/math/**',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/e2e/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(process.env.TENURE_TEST_SCOPE === 'sql' ? onceOnly : [])],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
