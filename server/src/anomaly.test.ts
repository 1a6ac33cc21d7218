import { describe, expect, it } from 'vitest'
import { seededRandom as rng } from '../../test/seeded-random.ts'
import {
  assess,
  baselineFor,
  lnFactorial,
  median,
  planBaseline,
  poissonLog10Tail,
  type RangeSums,
  threshold,
} from './anomaly.ts'
import { DAY, HOUR, MINUTE, WEEK } from './clock.ts'
import { DEFAULT_ANOMALY } from './config.ts'

const P = DEFAULT_ANOMALY

/** Knuth's Poisson sampler (fine for the small λ used here). */
function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda)
  let k = 0
  let p = random()
  while (p > limit) {
    k++
    p *= random()
  }
  return k
}

/** Independent reference: the tail by direct summation in linear space, for moderate k and λ. */
function naiveTail(k: number, lambda: number): number {
  let pmf = Math.exp(-lambda)
  let below = 0
  for (let i = 0; i < k; i++) {
    below += pmf
    pmf *= lambda / (i + 1)
  }
  let above = 0
  for (let i = k; i < k + 400; i++) {
    above += pmf
    pmf *= lambda / (i + 1)
  }
  return k <= lambda ? 1 - below : above
}

/** Smallest k with P(X ≥ k) ≤ p, using the module under test. */
function smallestK(lambda: number, p: number): number {
  let k = 0
  while (poissonLog10Tail(k, lambda) > Math.log10(p)) k++
  return k
}

describe('poissonLog10Tail', () => {
  it('reproduces the threshold table of the design notes (peers.md §5.2)', () => {
    // λ per 15 min → k at p ≤ 1e-3 and at p ≤ 1e-4, as published in peers.md.
    const table: Array<[number, number, number]> = [
      [0.25, 4, 5],
      [0.5, 5, 6],
      [1, 6, 7],
      [2, 9, 10],
      [5, 14, 16],
      [10, 22, 25],
      [20, 36, 40],
    ]
    for (const [lambda, k3, k4] of table) {
      expect(smallestK(lambda, 1e-3), `λ=${lambda} p≤1e-3`).toBe(k3)
      expect(smallestK(lambda, 1e-4), `λ=${lambda} p≤1e-4`).toBe(k4)
    }
    // "P(X ≥ 7)" column: 8e-5 at λ = 1, 5e-3 at λ = 2.
    expect(10 ** poissonLog10Tail(7, 1)).toBeCloseTo(8.3e-5, 6)
    expect(10 ** poissonLog10Tail(7, 2)).toBeCloseTo(4.5e-3, 3)
  })

  it('agrees with direct summation across a grid', () => {
    for (const lambda of [0.1, 0.5, 1, 2.5, 7, 30]) {
      for (const k of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55]) {
        const expected = naiveTail(k, lambda)
        const got = 10 ** poissonLog10Tail(k, lambda)
        expect(Math.abs(got - expected) / Math.max(expected, 1e-300), `k=${k} λ=${lambda}`).toBeLessThan(1e-9)
      }
    }
  })

  it('stays finite for huge outages and is monotone in k', () => {
    const huge = poissonLog10Tail(100_000, 0.5)
    expect(Number.isFinite(huge)).toBe(true)
    expect(huge).toBeLessThan(-300_000) // far below what a double can represent as p itself
    let previous = 0
    for (let k = 0; k < 200; k++) {
      const v = poissonLog10Tail(k, 3)
      expect(v).toBeLessThanOrEqual(previous)
      previous = v
    }
  })

  it('rejects non-integer counts', () => {
    expect(() => poissonLog10Tail(2.5, 1)).toThrow(RangeError)
  })
})

describe('lnFactorial', () => {
  it('joins the exact table and the Stirling series smoothly', () => {
    let exact = 0
    for (let n = 1; n <= 3000; n++) {
      exact += Math.log(n)
      if (n % 250 === 0 || n === 1023 || n === 1024 || n === 1025) {
        expect(Math.abs(lnFactorial(n) - exact) / exact, `n=${n}`).toBeLessThan(1e-12)
      }
    }
  })
})

describe('baseline', () => {
  const now = Date.UTC(2026, 2, 31, 14, 20) // a Tuesday, 14:20 UTC

  it('uses the same UTC hour in each retained, observed past week', () => {
    const plan = planBaseline(now, now - 60 * DAY, 30 * DAY)
    const hour = Date.UTC(2026, 2, 31, 14)
    expect(plan.weeks).toEqual(
      [1, 2, 3, 4].map((w) => ({ from: hour - w * WEEK, to: hour - w * WEEK + HOUR })),
    )
    expect(plan.fallback).toBeNull()
    // Weeks before the database started collecting are not zeros, they are unknown.
    expect(planBaseline(now, hour - 2 * WEEK - MINUTE, 30 * DAY).weeks).toHaveLength(2)
    expect(planBaseline(now, hour - 2 * WEEK + MINUTE, 30 * DAY).weeks).toHaveLength(1)
  })

  it('falls back to the history so far during the first week, whole blocks only', () => {
    const started = Date.UTC(2026, 2, 30, 9, 7) // yesterday 09:07
    const plan = planBaseline(now, started, 30 * DAY)
    expect(plan.weeks).toEqual([])
    expect(plan.fallback).toEqual({ from: Date.UTC(2026, 2, 30, 9, 15), to: Date.UTC(2026, 2, 31, 14) })
    // Less than an hour of history: floor only.
    expect(planBaseline(now, Date.UTC(2026, 2, 31, 13, 30), 30 * DAY).fallback).toBeNull()

    const span = (Date.UTC(2026, 2, 31, 14) - Date.UTC(2026, 2, 30, 9, 15)) / (15 * MINUTE) // 115 blocks
    const b = baselineFor(plan, [], { reporters15: 230, reporters60: 56 }, P)
    expect(b.raw15).toBeCloseTo(230 / span)
    expect(b.expected60).toBeCloseTo(56 / 28) // 28 whole hours from 10:00 to 14:00 the next day
  })

  it('takes the median across weeks, so one past outage does not raise the bar for a month', () => {
    const plan = planBaseline(now, 0, 30 * DAY)
    const week = (per15: number, per60: number): RangeSums => ({ reporters15: per15 * 4, reporters60: per60 })
    const b = baselineFor(plan, [week(2, 6), week(2, 7), week(40, 120), week(2, 6)], undefined, P)
    expect(b.raw15).toBe(2)
    expect(b.lambda15).toBe(2)
    expect(b.expected60).toBe(6.5) // median of 6, 7, 120, 6
    // A cell nobody reported in those weeks gets the floor.
    const silent = baselineFor(plan, [], undefined, P)
    expect(silent).toEqual({ raw15: 0, lambda15: P.lambdaFloor, expected60: 0 })
  })

  it('median handles odd, even and empty inputs', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBe(0)
  })
})

describe('assess on synthetic series', () => {
  it('quiet cell: counts drawn from the baseline itself almost never alarm', () => {
    const random = rng(42)
    let alarms = 0
    const trials = 20_000
    for (let i = 0; i < trials; i++) if (assess(poisson(2, random), 2, P).anomalous) alarms++
    // Expected about trials × P(X ≥ 10 | 2) ≈ 0.9; a broken test or a broken tail would give hundreds.
    expect(alarms).toBeLessThanOrEqual(5)
  })

  it('quiet cell with an estimated baseline (4 weeks of noisy history) stays quiet', () => {
    const random = rng(7)
    const plan = planBaseline(Date.UTC(2026, 2, 31, 14, 20), 0, 30 * DAY)
    let alarms = 0
    const trials = 5000
    for (let i = 0; i < trials; i++) {
      const weekly = plan.weeks.map(() => {
        let blocks = 0
        for (let b = 0; b < 4; b++) blocks += poisson(2, random)
        return { reporters15: blocks, reporters60: blocks }
      })
      const base = baselineFor(plan, weekly, undefined, P)
      if (assess(poisson(2, random), base.lambda15, P).anomalous) alarms++
    }
    expect(alarms / trials).toBeLessThan(0.005)
  })

  it('a real spike is anomalous, with a score that grows with its size', () => {
    const small = assess(12, 2, P)
    const big = assess(60, 2, P)
    expect(small.anomalous).toBe(true)
    expect(big.anomalous).toBe(true)
    expect(big.score).toBeGreaterThan(small.score)
    expect(small.score).toBeGreaterThan(4) // −log10(1e-4)
    expect(big.ratio).toBe(30)
  })

  it('one noisy reporter is one reporter, however many reports it sends', () => {
    // The test only ever sees distinct reporters: 500 reports from one token is k = 1.
    expect(assess(1, 0.5, P)).toMatchObject({ anomalous: false })
  })

  it('a sympathy spike in a related cell stays below the line', () => {
    // server_error/sonnet/pro is really down (40 distinct reporters against λ = 1); a few of the same
    // users also pick "overloaded" or "slow" for sonnet/pro.
    expect(assess(40, 1, P).anomalous).toBe(true)
    // 4 extra reporters in a usually silent cell: under the distinct-reporter minimum.
    expect(assess(4, 0.5, P).anomalous).toBe(false)
    // 5 extra reporters in a cell with λ = 1.5: enough people, but p ≈ 0.019, not significant.
    const related = assess(5, 1.5, P)
    expect(related.anomalous).toBe(false)
    expect(related.score).toBeLessThan(4)
  })

  it('the floor and the minimum each stop a different false alarm', () => {
    // Without the floor, 3 reporters in a cell whose history says λ = 0.05 would be p ≈ 2e-5.
    expect(poissonLog10Tail(3, 0.05)).toBeLessThan(-4)
    expect(assess(3, Math.max(0.05, P.lambdaFloor), P).anomalous).toBe(false)
    // Without the minimum (floor lowered), 4 reporters would pass the tail test.
    const noFloor = { ...P, lambdaFloor: 0.05 }
    expect(poissonLog10Tail(4, 0.05)).toBeLessThan(-4)
    expect(assess(4, 0.05, noFloor).anomalous).toBe(false)
    expect(assess(5, 0.05, noFloor).anomalous).toBe(true)
  })

  it('threshold() gives the smallest anomalous count', () => {
    expect(threshold(0.5, P)).toBe(6)
    expect(threshold(2, P)).toBe(10)
    expect(threshold(5, P)).toBe(16)
    expect(threshold(0, P)).toBe(6) // floored to 0.5
  })
})
