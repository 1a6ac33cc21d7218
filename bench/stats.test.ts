import { describe, expect, it } from 'vitest'
import { percentile, type Round, ratioInterval } from './stats.ts'

const rounds = (...rates: number[]): Round[] => rates.map((r) => ({ requests: r * 2, seconds: 2 }))

describe('percentile', () => {
  it('takes the nearest rank, so it is always one of the values', () => {
    const values = [40, 10, 30, 20]
    expect(percentile(values, 50)).toBe(20)
    expect(percentile(values, 75)).toBe(30)
    expect(percentile(values, 100)).toBe(40)
    expect(percentile(values, 0)).toBe(10)
    expect(percentile([7], 95)).toBe(7)
    expect(values).toEqual([40, 10, 30, 20])
  })

  it('is NaN for no values, never a number that was not measured', () => {
    expect(percentile([], 50)).toBeNaN()
  })
})

describe('ratioInterval', () => {
  it('estimates with total requests over total seconds, not with the mean of per-round ratios', () => {
    // Round ratios 0.25 and 0.75 (mean 0.5); totals: 4,000 in 4 s against 8,000 in 3 s.
    const over = [
      { requests: 1000, seconds: 2 },
      { requests: 3000, seconds: 2 },
    ]
    const under = [
      { requests: 4000, seconds: 2 },
      { requests: 4000, seconds: 1 },
    ]
    expect(ratioInterval(over, under).estimate).toBeCloseTo(1000 / (8000 / 3), 12)
  })

  it('collapses to the estimate when every round agrees', () => {
    const r = ratioInterval(rounds(500, 500, 500, 500), rounds(1000, 1000, 1000, 1000))
    expect(r).toEqual({ estimate: 0.5, low: 0.5, high: 0.5 })
  })

  it('brackets the estimate, and widens when the rounds disagree more', () => {
    const under = rounds(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000)
    const calm = ratioInterval(rounds(540, 560, 550, 545, 555, 550, 548, 552, 551, 549), under)
    const noisy = ratioInterval(rounds(400, 700, 450, 650, 380, 720, 500, 600, 420, 680), under)
    for (const r of [calm, noisy]) {
      expect(r.low).toBeLessThan(r.estimate)
      expect(r.high).toBeGreaterThan(r.estimate)
    }
    expect(noisy.high - noisy.low).toBeGreaterThan(5 * (calm.high - calm.low))
    // Both series average 550 a round: the spread moves the interval, not the estimate.
    expect(calm.estimate).toBeCloseTo(0.55, 12)
    expect(noisy.estimate).toBeCloseTo(0.55, 12)
  })

  it('resamples rounds in pairs, so load that hit both sides of a pair cancels out', () => {
    // Each pair ran at a different machine speed, but within every pair `over` did exactly 60 %.
    const speeds = [1000, 400, 900, 300, 800]
    const under = rounds(...speeds)
    const over = rounds(...speeds.map((s) => s * 0.6))
    const r = ratioInterval(over, under)
    expect(r.low).toBeCloseTo(0.6, 12)
    expect(r.high).toBeCloseTo(0.6, 12)
  })

  it('gives the same interval for the same rounds and seed', () => {
    const over = rounds(450, 610, 490, 580, 520)
    const under = rounds(1000, 980, 1010, 1020, 990)
    expect(ratioInterval(over, under, { seed: 7 })).toEqual(ratioInterval(over, under, { seed: 7 }))
  })

  it('refuses rounds it cannot pair or measure', () => {
    expect(() => ratioInterval([], [])).toThrow(/same number of rounds/)
    expect(() => ratioInterval(rounds(1, 2), rounds(1))).toThrow(/got 2 and 1/)
    expect(() => ratioInterval([{ requests: 5, seconds: 0 }], rounds(1))).toThrow(/seconds > 0/)
  })
})
