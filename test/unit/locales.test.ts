// Architecture test: every user-facing string goes through _locales, so every message key the code
// names must exist in en/messages.json, and every key there must be used (no dead strings).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OBSERVATION_KINDS } from '../../src/shared/core/observe/vocab.ts'
import { INCIDENT_KINDS } from '../../src/shared/core/scope/types.ts'
import { IMPACTS, INCIDENT_STATUSES } from '../../src/shared/core/statuspage/vocab.ts'
import { REPO_ROOT } from '../fixtures.ts'

const messages = JSON.parse(
  readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string }>

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

const sources = [...files(join(REPO_ROOT, 'src')), join(REPO_ROOT, 'manifest.config.ts')].map((f) =>
  readFileSync(f, 'utf8'),
)
// Comments are not code: an example key in a doc comment must not count as used.
const text = sources
  .join('\n')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/^\s*\/\/.*$/gm, '')

/** Literal keys: msg('k'), msgAt('k'), tr('k'), tk('k'), { key: 'k' }, __MSG_k__ and quoted keys in ternaries. */
function literalKeys(): Set<string> {
  const keys = new Set<string>()
  const patterns = [
    /\b(?:msg|msgAt|tr|tk)\(\s*'([A-Za-z][\w]*)'/g,
    /\{\s*key:\s*'([A-Za-z][\w]*)'/g,
    /__MSG_(\w+)__/g,
    /\?\s*'([a-z][A-Za-z]+)'\s*:\s*(?:[a-z][\w]*\s*\?\s*)?'([a-z][A-Za-z]+)'/g,
  ]
  for (const re of patterns)
    for (const m of text.matchAll(re))
      for (const k of m.slice(1))
        if (k && k in messages) keys.add(k)
        else if (k && re !== patterns[3]) keys.add(k)
  return keys
}

/** Keys built from an enum: `impact_${x}` etc. */
const families: Record<string, readonly string[]> = {
  impact_: [...IMPACTS, 'unknown'],
  incidentStatus_: [...INCIDENT_STATUSES, 'unknown'],
  kind_: OBSERVATION_KINDS,
  incidentKind_: INCIDENT_KINDS,
  health_: ['ok', 'stale', 'unreachable', 'invalid'],
}

describe('_locales/en/messages.json', () => {
  it('has every key the code names', () => {
    const missing = [...literalKeys()].filter((k) => !(k in messages))
    expect(missing).toEqual([])
  })

  it('has every key of the enum-built families', () => {
    for (const [prefix, values] of Object.entries(families)) {
      expect(text.includes(`\`${prefix}\${`), `${prefix} is used`).toBe(true)
      for (const v of values) expect(messages[`${prefix}${v}`], `${prefix}${v}`).toBeDefined()
    }
  })

  it('has no unused key', () => {
    const used = literalKeys()
    const unused = Object.keys(messages).filter(
      (k) => !used.has(k) && !Object.keys(families).some((p) => k.startsWith(p)) && !text.includes(`'${k}'`),
    )
    expect(unused).toEqual([])
  })

  it('every message with $n placeholders is well formed', () => {
    for (const [k, v] of Object.entries(messages)) expect(v.message, k).not.toMatch(/\$\d\d|\$0/)
  })
})
