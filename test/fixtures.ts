// Where the shared, read-only real data lives: beside the checkout (../shared/fixtures), as on
// developer machines and CI. SHARED_FIXTURES_DIR overrides it.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// Not `new URL(…, import.meta.url)`: under happy-dom, Vite rewrites that form to an http: URL.
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const SHARED_FIXTURES = process.env.SHARED_FIXTURES_DIR ?? resolve(REPO_ROOT, '../shared/fixtures')

export function readSharedFixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(resolve(SHARED_FIXTURES, relativePath), 'utf8'))
}
