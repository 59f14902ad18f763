import { defineConfig } from 'vitest/config'

// End-to-end: the built renderer in Debian's headless Chromium, driven by playwright-core,
// against the browser harness (tests/harness). `npm run test:e2e` builds first.
export default defineConfig({
  test: {
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: '.tmp/vitest-e2e.json' }]] : ['default'],
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks'
  }
})
