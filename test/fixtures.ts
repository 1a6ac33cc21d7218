// Where the shared, read-only real data lives: beside the checkout (../shared/fixtures), as on
// developer machines and CI. SHARED_FIXTURES_DIR overrides it.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const SHARED_FIXTURES = process.env.SHARED_FIXTURES_DIR ?? resolve(REPO_ROOT, '../shared/fixtures')

export function readSharedFixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(resolve(SHARED_FIXTURES, relativePath), 'utf8'))
}
