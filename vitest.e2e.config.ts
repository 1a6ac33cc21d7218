import { defineConfig } from 'vitest/config'

// Browser tier: the unchanged production build loaded into real headless Chromium, reaching the
// simulator (claude.ai, status.claude.com) over HTTPS through --host-resolver-rules.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60000,
    hookTimeout: 90000,
    fileParallelism: false,
  },
})
