import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'

// Unit tier: pure core, background logic with an in-memory browser, UI in happy-dom, the crowd
// server in process and against real SQLite / PostgreSQL, the benchmarks' statistics. The browser
// tier is vitest.e2e.config.ts.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'test/unit/**/*.test.{ts,tsx}',
      'server/**/*.test.ts',
      'sim/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
  },
})
