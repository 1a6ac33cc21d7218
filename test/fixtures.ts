// Where the shared, read-only real data lives: beside the checkout (../shared/fixtures), as on
// developer machines and CI. SHARED_FIXTURES_DIR overrides it.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// Not `new URL(…, import.meta.url)`: under happy-dom, Vite rewrites that form to an http: URL.
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const SHARED_FIXTURES = process.env.SHARED_FIXTURES_DIR ?? resolve(REPO_ROOT, '../shared/fixtures')

export function readSharedFixture(relativePath: string): unknown {
  const path = resolve(SHARED_FIXTURES, relativePath)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    // The simulator, the demo and the tests replay real payloads kept outside the repository.
    throw new Error(
      `Shared fixture not found: ${path}. The real status-page payloads and incidents live in ` +
        '`shared/fixtures/` beside this checkout (../shared/fixtures); put them there or set ' +
        'SHARED_FIXTURES_DIR to their folder.',
    )
  }
  return JSON.parse(text)
}
