// Builds the production extension once for the browser tier. Same config as `npm run build`, only
// another output folder, so the artifact under test is the artifact that ships.
import { resolve } from 'node:path'
import { build } from 'vite'
import { REPO_ROOT } from '../fixtures.ts'

export const E2E_DIST = resolve(REPO_ROOT, 'dist-e2e')

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') return
  await build({
    configFile: resolve(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    logLevel: 'warn',
    build: { outDir: E2E_DIST, emptyOutDir: true },
  })
}
