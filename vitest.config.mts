import { resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const __dirname = dirname(fileURLToPath(import.meta.url))
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Unit and component tests. Node is the default environment; component tests opt into jsdom
// with a `// @vitest-environment jsdom` line and get the stubs from tests/setup/dom.ts.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(__dirname, 'src/shared'),
      '@renderer': resolve(__dirname, 'src/renderer/src')
    }
  },
  test: {
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: '.tmp/vitest-unit.json' }]] : ['default'],
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts', 'tests/hub/**/*.test.ts'],
    setupFiles: ['tests/setup/common.ts'],
    // PostgreSQL and Redis on loopback for the hub suites, when the machine has them (scripts/test-env.mjs installs them).
    globalSetup: ['tests/setup/services.ts'],
    // Patience, not a speed check: a loaded 2-core CI machine runs a jsdom page or a hub fixture
    // several times slower than an idle laptop (speed is measured in npm run bench).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks'
  }
})
