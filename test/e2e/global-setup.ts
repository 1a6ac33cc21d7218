// Builds the production extension once for the browser tier, for Chromium and for Firefox. Same
// config as `npm run build` / `npm run build:firefox`, only other output folders, so the artifacts
// under test are the artifacts that ship.
import { resolve } from 'node:path'
import { build } from 'vite'
import { REPO_ROOT } from '../fixtures.ts'

export const E2E_DIST = resolve(REPO_ROOT, 'dist-e2e')
export const E2E_FIREFOX_DIST = resolve(REPO_ROOT, 'dist-e2e-firefox')

async function buildFor(browser: 'chrome' | 'firefox', outDir: string): Promise<void> {
  // vite.config.ts reads TARGET_BROWSER when it is loaded, and build() loads it afresh each time.
  const before = process.env.TARGET_BROWSER
  process.env.TARGET_BROWSER = browser
  try {
    await build({
      configFile: resolve(REPO_ROOT, 'vite.config.ts'),
      root: REPO_ROOT,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
  } finally {
    if (before === undefined) delete process.env.TARGET_BROWSER
    else process.env.TARGET_BROWSER = before
  }
}

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') return
  await buildFor('chrome', E2E_DIST)
  await buildFor('firefox', E2E_FIREFOX_DIST)
}
