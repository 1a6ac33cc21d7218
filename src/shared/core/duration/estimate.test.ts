import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildHistoryFile, OUTPUT } from '../../../../scripts/build-history.ts'
import { readSharedFixture, SHARED_FIXTURES } from '../../../../test/fixtures.ts'
import { extractScope } from '../scope/extract.ts'
import type { Incident } from '../statuspage/model.ts'
import { parseIncidents } from '../statuspage/normalise.ts'
import { leaveOneOut } from './calibrate.ts'
import {
  BUNDLED_HISTORY,
  estimateDuration,
  mergeRecords,
  minutesBetween,
  minutesOpen,
  percentile,
  phraseEstimate,
  roundedDuration,
  type SimilarityKey,
  similarityKey,
} from './estimate.ts'
import { type HistoryRecord, parseHistoryRecords, serialiseHistory, toHistoryRecord } from './history.ts'

const API = 'k8w3r06qmzrp'
const AI = 'rwppv331jlwc'

let seq = 0
function rec(durationMin: number, over: Partial<HistoryRecord> = {}): HistoryRecord {
  const start = Date.parse('2025-01-01T00:00:00Z') + seq++ * 86_400_000
  return {
    id: `r${seq}`,
    startedAt: new Date(start).toISOString(),
    resolvedAt: new Date(start + durationMin * 60_000).toISOString(),
    durationMin,
    impact: 'minor',
    kind: 'errors',
    componentIds: [API],
    modelNamed: true,
    window: null,
    ...over,
  }
}
const range = (n: number, base: number, over: Partial<HistoryRecord> = {}) =>
  Array.from({ length: n }, (_, k) => rec(base + k, over))

const KEY: SimilarityKey = { kind: 'errors', impact: 'minor', componentIds: [API], modelNamed: true }

describe('estimateDuration: fallback ladder (synthetic histories)', () => {
  it('uses the exact group when it has 8 or more', () => {
    const history = [...range(8, 100), ...range(20, 1000, { impact: 'major' })]
    const e = estimateDuration(KEY, history)!
    expect(e.group).toBe('exact')
    expect(e.n).toBe(8)
    expect(e.medianMin).toBe(103) // nearest rank: 4th of 100…107
    expect(e.p10Min).toBe(100)
    expect(e.p90Min).toBe(107)
  })

  it('falls back to kind+impact when too few share components or the model-named flag', () => {
    const history = [
      ...range(7, 100),
      ...range(5, 200, { componentIds: [AI] }),
      ...range(5, 300, { modelNamed: false }),
      ...range(30, 1000, { impact: 'major' }),
    ]
    const e = estimateDuration(KEY, history)!
    expect(e.group).toBe('kind+impact')
    expect(e.n).toBe(17)
  })

  it('falls back to kind, then to all', () => {
    const kindOnly = [
      ...range(4, 100),
      ...range(6, 500, { impact: 'major' }),
      ...range(20, 9, { kind: 'login' }),
    ]
    expect(estimateDuration(KEY, kindOnly)).toMatchObject({ group: 'kind', n: 10 })
    const allOnly = [...range(3, 100), ...range(3, 9, { kind: 'login' })]
    expect(estimateDuration(KEY, allOnly)).toMatchObject({ group: 'all', n: 6 })
  })

  it('respects a custom minimum group size and returns null with no history', () => {
    expect(estimateDuration(KEY, range(3, 10), { minGroup: 3 })).toMatchObject({ group: 'exact', n: 3 })
    expect(estimateDuration(KEY, [])).toBeNull()
  })

  it('does not treat unknown (empty) components as overlapping', () => {
    const history = range(10, 50, { componentIds: [] })
    expect(estimateDuration(KEY, history)!.group).toBe('kind+impact')
    expect(estimateDuration({ ...KEY, componentIds: [] }, history)!.group).toBe('kind+impact')
  })

  it('counts share within limits', () => {
    const e = estimateDuration(
      KEY,
      [10, 30, 31, 60, 100, 200, 250, 500].map((d) => rec(d)),
    )!
    expect(e.shareWithin).toEqual({ 30: 2 / 8, 60: 4 / 8, 120: 5 / 8, 240: 6 / 8, 480: 7 / 8 })
  })

  it('conditions on time already elapsed', () => {
    const history = [...range(10, 10), ...range(10, 300)]
    const fresh = estimateDuration(KEY, history)!
    expect(fresh.medianMin).toBe(19)
    const late = estimateDuration(KEY, history, { elapsedMin: 120 })!
    expect(late).toMatchObject({ group: 'exact', n: 10, elapsedMin: 120, medianMin: 304 })
  })

  it('nearest-rank percentiles are real values', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10)).toBe(1)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
    expect(percentile([5], 50)).toBe(5)
    expect(percentile([], 50)).toBeNaN()
  })

  it('merges local records over bundled ones by id', () => {
    const bundled = [rec(10, { id: 'same' }), rec(20, { id: 'other' })]
    const merged = mergeRecords([rec(99, { id: 'same' })], bundled)
    expect(merged.map((r) => [r.id, r.durationMin])).toEqual([
      ['same', 99],
      ['other', 20],
    ])
  })
})

describe('history records from real incidents', () => {
  const parsed = parseIncidents(readSharedFixture('statuspage/anthropic-incidents-2023-2025.json'))
  if (!parsed.ok) throw new Error(parsed.reason)
  const real = (id: string): Incident => parsed.value.find((i) => i.id === id)!

  it('the bundled file is exactly what scripts/build-history.ts makes from the fixture', () => {
    const text = readFileSync(
      resolve(SHARED_FIXTURES, 'statuspage/anthropic-incidents-2023-2025.json'),
      'utf8',
    )
    expect(readFileSync(OUTPUT, 'utf8')).toBe(buildHistoryFile(text))
    expect(parseHistoryRecords(JSON.parse(readFileSync(OUTPUT, 'utf8')))).toHaveLength(BUNDLED_HISTORY.length)
  })

  it('serialises deterministically, expanding what does not fit on a line, and round-trips', () => {
    const many = rec(5, { componentIds: Array.from({ length: 8 }, (_, k) => `component${k}xx`) })
    const text = serialiseHistory([many, rec(6)])
    expect(text).toContain('"componentIds": [\n      "component0xx",\n')
    expect(text.split('\n').every((l) => l.length <= 110)).toBe(true)
    const { startedAt: _s, resolvedAt: _r, window: _w, ...slim } = many
    // Only what the estimate needs is written and read back: no dates or windows.
    expect(text).not.toContain('startedAt')
    expect(parseHistoryRecords(JSON.parse(text))).toEqual([slim, expect.objectContaining({ durationMin: 6 })])
    expect(parseHistoryRecords([{ ...many, durationMin: -1 }, 'junk', null])).toEqual([])
  })

  it('excludes retroactive and zero-length posts, and open incidents', () => {
    const retro = real('f3p8ct8rb146')
    expect(retro.retroactive).toBe(true)
    expect(toHistoryRecord(retro, extractScope(retro))).toBeNull()
    const zero = real('cpssy4797smx') // impact critical, created = resolved: written after the fact
    expect(zero.createdAt).toBe(zero.resolvedAt)
    expect(toHistoryRecord(zero, extractScope(zero))).toBeNull()
    const open = { ...real('89mlxfnc19xm'), resolvedAt: null }
    expect(
      toHistoryRecord({ ...open, updates: open.updates.slice(1) }, { ...extractScope(open), window: null }),
    ).toBeNull()
    const ids = new Set(BUNDLED_HISTORY.map((r) => r.id))
    for (const i of parsed.value) if (i.retroactive) expect(ids.has(i.id)).toBe(false)
  })

  it('prefers the stated window over announce → resolve', () => {
    const i = real('89mlxfnc19xm') // announced 06:30, resolved 11:20; body: 06:10 → 07:50 UTC
    const r = toHistoryRecord(i, extractScope(i))!
    expect(r.durationMin).toBe(100)
    expect(r.window).toEqual({ start: '2025-08-28T06:10:00.000Z', end: '2025-08-28T07:50:00.000Z' })
  })

  it('measures from the first update without a window', () => {
    const i = real('306rf7bb75mm') // 2023-10-11T18:09 → 2023-10-12T03:02
    expect(toHistoryRecord(i, extractScope(i))!.durationMin).toBe(8 * 60 + 53)
  })

  it('clamps a backdated resolution and drops it as zero-length', () => {
    const i = { ...real('306rf7bb75mm'), resolvedAt: '2023-10-01T00:00:00.000Z' }
    expect(toHistoryRecord(i, { ...extractScope(i), window: null })).toBeNull()
  })

  it('similarityKey uses the extracted scope', () => {
    const i = real('89mlxfnc19xm')
    expect(similarityKey(i, extractScope(i))).toEqual({
      kind: 'errors',
      impact: 'minor',
      componentIds: i.componentIds,
      modelNamed: true,
    })
  })
})

describe('leave-one-out calibration on the real history', () => {
  it('the 80 % range contains the real duration 70–90 % of the time', () => {
    const loo = leaveOneOut(BUNDLED_HISTORY)
    expect(loo.cases.length).toBe(BUNDLED_HISTORY.length)
    expect(BUNDLED_HISTORY.length).toBeGreaterThan(100)
    expect(loo.coverage).toBeGreaterThanOrEqual(0.7)
    expect(loo.coverage).toBeLessThanOrEqual(0.9)
  })

  it('counts coverage correctly on a tiny history', () => {
    // Each record estimated from the other three: ranges [20,30], [10,30], [10,30], [10,20].
    const loo = leaveOneOut([rec(10), rec(20), rec(30), rec(1000)], { minGroup: 1 })
    expect(loo.cases.map((c) => c.inside)).toEqual([false, true, true, false])
    expect(loo.coverage).toBe(0.5)
    expect(loo.byGroup.exact).toEqual({ n: 4, coverage: 0.5 })
    // |median − actual|: |30−10|, |30−20|, |20−30|, |20−1000| → 10, 10, 20, 980 → nearest-rank median 10
    expect(loo.medianAbsErrorMin).toBe(10)
  })
})

describe('elapsed time', () => {
  const now = Date.parse('2026-03-10T12:00:00Z')
  it('counts whole minutes, clamps the future to 0 and rejects absurd spans', () => {
    expect(minutesBetween(now - 45 * 60_000 - 30_000, now)).toBe(45)
    expect(minutesBetween(now + 3_600_000, now)).toBe(0)
    expect(minutesBetween(Date.parse('1970-01-01T00:00:00Z'), now)).toBeNull()
    expect(minutesBetween(Number.NaN, now)).toBeNull()
    expect(minutesBetween(null, now)).toBeNull()
  })

  it('minutesOpen starts at the first update', () => {
    const i = {
      id: 'x',
      name: 'n',
      status: 'investigating',
      impact: 'minor',
      createdAt: '2026-03-10T10:00:00.000Z',
      startedAt: '2026-03-10T09:00:00.000Z',
      updates: [
        {
          id: 'u',
          status: 'investigating',
          body: '',
          at: '2026-03-10T11:00:00.000Z',
          createdAt: null,
          transitions: [],
        },
      ],
    } as unknown as Incident
    expect(minutesOpen(i, now)).toBe(60)
    expect(minutesOpen({ ...i, updates: [] }, now)).toBe(180)
    expect(minutesOpen({ ...i, updates: [], startedAt: null, createdAt: 'garbage' }, now)).toBeNull()
  })
})

describe('phrasing (message keys, never text)', () => {
  it('rounds durations up so "within" stays true', () => {
    expect(roundedDuration(0)).toEqual({ key: 'estimateMinutes', subs: ['1'] })
    expect(roundedDuration(7)).toEqual({ key: 'estimateMinutes', subs: ['7'] })
    expect(roundedDuration(41)).toEqual({ key: 'estimateMinutes', subs: ['45'] })
    expect(roundedDuration(119)).toEqual({ key: 'estimateMinutes', subs: ['120'] })
    expect(roundedDuration(121)).toEqual({ key: 'estimateHours', subs: ['3'] })
    expect(roundedDuration(3 * 24 * 60 + 1)).toEqual({ key: 'estimateDays', subs: ['4'] })
  })

  it('half / 8 in 10, the same when they round alike, none when too few, open variants', () => {
    const e = estimateDuration(KEY, [...range(5, 40), ...range(5, 170)])!
    expect(phraseEstimate(e)).toEqual({
      key: 'estimateHalfMost',
      subs: [
        { key: 'estimateMinutes', subs: ['45'] },
        { key: 'estimateHours', subs: ['3'] },
      ],
    })
    expect(phraseEstimate({ ...e, medianMin: 171 }).key).toBe('estimateMostOnly')
    expect(phraseEstimate({ ...e, elapsedMin: 30 }).key).toBe('estimateOpenHalfMost')
    expect(phraseEstimate({ ...e, n: 2 })).toEqual({ key: 'estimateNone', subs: [] })
    expect(phraseEstimate(null)).toEqual({ key: 'estimateNone', subs: [] })
  })
})
