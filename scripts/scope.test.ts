import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseIncidentsText } from '../src/shared/core/statuspage/normalise.ts'
import { REPO_ROOT, SHARED_FIXTURES } from '../test/fixtures.ts'
import { formatReport, LabelsSchema, type ScopeLine, scopeAll, scoreAgainstLabels } from './scope.ts'

const INCIDENTS = resolve(SHARED_FIXTURES, 'statuspage/anthropic-incidents-2023-2025.json')
const LABELS = resolve(SHARED_FIXTURES, 'statuspage/anthropic-incidents-2023-2025.labels.json')
const TSX = resolve(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs')
const KEYS = ['allModels', 'components', 'id', 'kind', 'models', 'tiers']

const tmp = mkdtempSync(join(tmpdir(), 'scope-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, resolve(REPO_ROOT, 'scripts/scope.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n').filter((l) => l.length > 0)
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>)
}

function expectLineShape(o: Record<string, unknown>) {
  expect(Object.keys(o).sort()).toEqual(KEYS)
  expect(typeof o.id).toBe('string')
  expect(Array.isArray(o.components)).toBe(true)
  expect(typeof o.allModels).toBe('boolean')
  expect(Array.isArray(o.tiers)).toBe(true)
  expect(typeof o.kind).toBe('string')
  for (const m of o.models as Record<string, unknown>[]) {
    expect(Object.keys(m).sort()).toEqual(['family', 'version'])
    expect(m.family).toMatch(/^[a-z]+$/)
    expect(m.version === null || typeof m.version === 'string').toBe(true)
  }
}

const realText = readFileSync(INCIDENTS, 'utf8')
const realJson = JSON.parse(realText) as { incidents: { id: string }[] }

describe('npm run scope (child process)', () => {
  it('prints one JSON object per incident with exactly the documented keys (small copy)', () => {
    const small = join(tmp, 'small.json')
    const picked = realJson.incidents.filter((i) =>
      ['905blt29pg7q', 'pstkfl3t9jfd', 'ldbx9tw6f7d9', 's27y0sgpmp75'].includes(i.id),
    )
    writeFileSync(small, JSON.stringify({ incidents: picked }))
    const r = cli(small)
    expect(r.code, r.stderr).toBe(0)
    const lines = jsonLines(r.stdout)
    expect(lines.map((l) => l.id)).toEqual(picked.map((i) => i.id))
    for (const l of lines) expectLineShape(l)
    expect(lines.find((l) => l.id === 's27y0sgpmp75')?.tiers).toEqual(['pro', 'team'])
  })

  it('scores the real fixture: a line per incident on stdout, the accuracy table on stderr', () => {
    const r = cli(INCIDENTS, '--labels', LABELS)
    expect(r.code, r.stderr).toBe(0)
    const lines = jsonLines(r.stdout)
    expect(lines).toHaveLength(realJson.incidents.length)
    for (const l of lines) expectLineShape(l)
    expect(r.stderr).toMatch(/^\| field \| correct \| total \| accuracy \|$/m)
    for (const f of ['models', 'allModels', 'tiers', 'kind'])
      expect(r.stderr).toMatch(new RegExp(`^\\| ${f} \\| \\d+ \\| ${lines.length} \\|`, 'm'))
  })

  it('fails clearly with exit code 1 on a missing, non-JSON or wrongly shaped file', () => {
    const missing = cli(join(tmp, 'nope.json'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot read incidents file .*nope\.json \(ENOENT\)/)

    const html = join(tmp, 'page.html')
    writeFileSync(html, '<!doctype html><title>502</title>')
    const notJson = cli(html)
    expect(notJson.code).toBe(1)
    expect(notJson.stderr).toMatch(/is not a Statuspage incidents\.json: HTML instead of JSON/)

    const shape = join(tmp, 'shape.json')
    writeFileSync(shape, JSON.stringify({ components: [] }))
    const wrong = cli(shape)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/is not a Statuspage incidents\.json: incidents:/)
    expect(wrong.stdout).toBe('')

    const badLabels = join(tmp, 'labels.json')
    writeFileSync(badLabels, JSON.stringify({ x: { models: 'opus' } }))
    const labels = cli(INCIDENTS, '--labels', badLabels)
    expect(labels.code).toBe(1)
    expect(labels.stderr).toMatch(/is not a labels file/)
  })

  it('prints usage with exit code 2 when called without a file', () => {
    const r = cli()
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/usage: npm run scope -- <incidents\.json>/)
  })
})

describe('scoreAgainstLabels', () => {
  it('meets the accuracy targets on the real 2023–2025 set', () => {
    const parsed = parseIncidentsText(realText)
    if (!parsed.ok) throw new Error(parsed.reason)
    const labels = LabelsSchema.parse(JSON.parse(readFileSync(LABELS, 'utf8')))
    const report = scoreAgainstLabels(scopeAll(parsed.value), labels)
    const acc = Object.fromEntries(report.fields.map((f) => [f.field, f.accuracy]))
    expect(report.fields[0]!.total).toBe(150)
    expect(report.unlabelled).toEqual([])
    expect(acc.models).toBeGreaterThanOrEqual(0.95)
    expect(acc.kind).toBeGreaterThanOrEqual(0.9)
    expect(acc.tiers).toBeGreaterThanOrEqual(0.98)
    expect(acc.allModels).toBeGreaterThanOrEqual(0.9)
  })

  it('compares sets ignoring order, lists misses with expected and got, skips unlabelled', () => {
    const line = (id: string, over: Partial<ScopeLine> = {}): ScopeLine => ({
      id,
      components: [],
      models: [],
      allModels: false,
      tiers: [],
      kind: 'errors',
      ...over,
    })
    const lines = [
      line('a', {
        models: [
          { family: 'opus', version: '4' },
          { family: 'sonnet', version: null },
        ],
        tiers: ['team', 'pro'],
      }),
      line('b', { models: [{ family: 'opus', version: '4.1' }], kind: 'latency' }),
      line('c'),
    ]
    const labels = LabelsSchema.parse({
      a: {
        models: [
          { family: 'sonnet', version: null },
          { family: 'opus', version: '4' },
        ],
        all_models: false,
        tiers: ['pro', 'team'],
        kind: 'errors',
      },
      b: {
        name: 'B title',
        models: [{ family: 'opus', version: '4' }],
        all_models: true,
        tiers: [],
        kind: 'errors',
      },
    })
    const report = scoreAgainstLabels(lines, labels)
    expect(report.fields).toEqual([
      { field: 'models', correct: 1, total: 2, accuracy: 0.5 },
      { field: 'allModels', correct: 1, total: 2, accuracy: 0.5 },
      { field: 'tiers', correct: 2, total: 2, accuracy: 1 },
      { field: 'kind', correct: 1, total: 2, accuracy: 0.5 },
    ])
    expect(report.wrong).toEqual([
      { id: 'b', field: 'models', expected: 'opus 4', got: 'opus 4.1', title: 'B title' },
      { id: 'b', field: 'allModels', expected: 'true', got: 'false', title: 'B title' },
      { id: 'b', field: 'kind', expected: 'errors', got: 'latency', title: 'B title' },
    ])
    expect(report.unlabelled).toEqual(['c'])
    const md = formatReport(report)
    expect(md).toContain('| models | 1 | 2 | 50.0 % |')
    expect(md).toContain('| b | kind | errors | latency | B title |')
    expect(md).toContain('Not labelled (not scored): c')
  })
})
